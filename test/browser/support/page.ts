import fs from "fs";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { cellAddress, parseCell } from "../../../src/workbook/a1";
import { PREVIEW_DIST, ROOT } from "../../support/build";
import { chromiumPath, hasChromium, launchChromium, startStaticServer, unfold } from "./browser";

export { choose, setField, unfold } from "./browser";

/**
 * What every browser suite shares: the preview page driven as a user would (open, build, type in a field or
 * a cell, read the grid), and the suite's frame (Chromium and a static server for the preview's build, one
 * fresh context per scenario, a screenshot of a failure in test-results/).
 */

export const TODAY_ISO = "2026-05-01";
export const RESULTS_DIR = path.join(ROOT, "test-results");
const SKIP_LINE = "browser suite skipped: install Chromium with apt-get install chromium";

/** Waits for an assertion to hold: the pane and the grid update asynchronously after an edit. */
export async function eventually(check: () => Promise<void>, within = 15_000): Promise<void> {
  const deadline = Date.now() + within;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function showSheet(page: Page, sheet: string): Promise<void> {
  await page.click(`[data-testid=sheet-tab][data-sheet="${sheet}"]`);
  await page.waitForSelector(`[data-testid=grid][data-sheet="${sheet}"]`);
}

export async function gridTexts(page: Page, sheet: string, anchor: string, rows: number, columns: number): Promise<string[][]> {
  await showSheet(page, sheet);
  const start = parseCell(anchor);
  const addresses = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => cellAddress({ row: start.row + r, col: start.col + c })),
  );
  return page.evaluate(
    (rowsOfAddresses) =>
      rowsOfAddresses.map((row) =>
        row.map((a) => document.querySelector(`[data-testid=grid] td[data-address="${a}"]`)?.textContent ?? "<missing>"),
      ),
    addresses,
  );
}

export async function cellText(page: Page, sheet: string, address: string): Promise<string> {
  return (await gridTexts(page, sheet, address, 1, 1))[0][0];
}

export async function openPreview(page: Page, origin: string, today = TODAY_ISO): Promise<void> {
  await page.goto(`${origin}/preview.html?today=${today}`);
  await page.waitForSelector("body[data-state=ready], body[data-state=failed]");
  expect(await page.getAttribute("body", "data-state")).toBe("ready");
}

/** Waits for a build the page has started (the status stops being busy and says it built). */
export async function buildModelDone(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector("[data-testid=status]");
    return status?.getAttribute("data-kind") !== "busy" && /built/i.test(status?.textContent ?? "");
  });
}

export async function buildModel(page: Page): Promise<void> {
  await page.click("[data-testid=build-model]");
  await buildModelDone(page);
}

/** Opens the folded inputs a field sits in, as a user clicks a section's "inputs" (the pane folds them after a build). */
export async function fieldText(page: Page, testId: string): Promise<string> {
  return page.locator(`[data-testid=${testId}] input`).inputValue();
}

/** Types a table's text into its text area and leaves it with Tab, as a user does: leaving it writes the table. */
export async function setTable(page: Page, testId: string, text: string): Promise<void> {
  await unfold(page, testId);
  const area = page.locator(`[data-testid=${testId}] textarea`);
  await area.fill(text);
  await area.press("Tab");
}

export async function tableText(page: Page, testId: string): Promise<string> {
  return page.locator(`[data-testid=${testId}] textarea`).inputValue();
}

/** The data-testid of the element that has the keyboard's focus (a Fluent control's host, not its inner input). */
export async function focusedTestId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute("data-testid") ?? null);
}

export async function typeInCell(page: Page, sheet: string, address: string, text: string): Promise<void> {
  await showSheet(page, sheet);
  await page.click(`[data-testid=grid] td[data-address="${address}"]`);
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

export type ScenarioBody = (page: Page, origin: string) => Promise<void>;
export interface ScenarioOptions {
  /** The page's viewport; the default is a desktop window (1440 x 900). */
  viewport?: { width: number; height: number };
}
export type Scenario = (title: string, body: ScenarioBody, options?: ScenarioOptions) => void;

/**
 * A browser suite: `define` declares its scenarios with the `scenario` it is given. Without Chromium a
 * developer's run says so in one line and passes; under CI it fails. `prefix` names the suite's failure
 * screenshots (test-results/<prefix>-<title>.png), so suites running side by side keep each other's.
 */
export function chromiumSuite(title: string, prefix: string, define: (scenario: Scenario) => void): void {
  const state: { browser?: Browser; origin: string; close?: () => Promise<void> } = { origin: "" };

  const scenario: Scenario = (name, body, options = {}) => {
    it(name, async () => {
      const context = await state.browser!.newContext({
        viewport: options.viewport ?? { width: 1440, height: 900 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      try {
        await body(page, state.origin);
        expect(errors).toEqual([]);
      } catch (e) {
        fs.mkdirSync(RESULTS_DIR, { recursive: true });
        const file = path.join(RESULTS_DIR, `${prefix}-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        if (e instanceof Error) e.message += `\n(screenshot: ${file}${errors.length ? `; page errors: ${errors.join(" | ")}` : ""})`;
        throw e;
      } finally {
        await context.close();
      }
    });
  };

  if (!hasChromium() && process.env.CI !== "true") {
    let announced = false;
    beforeAll(() => {
      process.stderr.write(`${SKIP_LINE}\n`);
      announced = true;
    });
    it("says that the browser suite was skipped and how to install Chromium", () => {
      expect(announced).toBe(true);
    });
    return;
  }

  beforeAll(async () => {
    // Screenshots of an earlier run's failures would mislead: only this run's stay.
    if (fs.existsSync(RESULTS_DIR)) {
      for (const file of fs.readdirSync(RESULTS_DIR))
        if (file.startsWith(`${prefix}-`) && file.endsWith(".png")) fs.rmSync(path.join(RESULTS_DIR, file));
    }
    if (!hasChromium()) throw new Error(`Chromium is missing at ${chromiumPath()}: CI must install it (.ci/install-system-packages).`);
    const server = await startStaticServer(PREVIEW_DIST);
    state.origin = server.origin;
    state.close = server.close;
    state.browser = await launchChromium();
  });

  afterAll(async () => {
    await state.browser?.close();
    await state.close?.();
  });

  describe(title, () => define(scenario));
}
