import type { Browser, Page } from "playwright-core";

export const CHROMIUM_ARGS: string[];
export function chromiumPath(): string;
export function hasChromium(): boolean;
export function startStaticServer(root: string): Promise<{ origin: string; close(): Promise<void> }>;
export function launchChromium(): Promise<Browser>;
export function buildIntoTemporaryFolder(root: string, prefix: string): string;
export function choose(page: Page, testId: string, value: string): Promise<void>;
export function unfold(page: Page, testId: string): Promise<void>;
export function setField(page: Page, testId: string, text: string): Promise<void>;
