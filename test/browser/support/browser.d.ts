import type { Browser } from "playwright-core";

export const CHROMIUM_ARGS: string[];
export function chromiumPath(): string;
export function hasChromium(): boolean;
export function startStaticServer(root: string): Promise<{ origin: string; close(): Promise<void> }>;
export function launchChromium(): Promise<Browser>;
export function buildIntoTemporaryFolder(root: string, prefix: string): string;
