// `npm run screenshot`: the picture of the preview (docs/preview.png) with the default deal built, and the
// pane alone at Excel's width (350 px): first open, a built model, Compare (docs/pane-*.png).
// Builds the preview into a temporary folder (dist-preview/ is left alone), serves it on 127.0.0.1,
// and drives Debian's Chromium with playwright-core, as the browser suite does.
const fs = require("fs");
const path = require("path");
const {
  hasChromium,
  chromiumPath,
  launchChromium,
  startStaticServer,
  buildIntoTemporaryFolder,
  openWithDefaultDeal,
} = require("../test/browser/support/browser.js");

const root = path.resolve(__dirname, "..");
const output = path.join(root, "docs", "preview.png");
// A fixed "today", so the picture does not change with the calendar.
const TODAY = "2026-05-01";
const SHEET = process.env.SCREENSHOT_SHEET || "Deal RevShare";

const PANE_WIDTH = 350;

/** The pane as Excel docks it, 350 px wide and one window high: first open, built, and Compare of two scenarios. */
async function paneScreenshots(browser, origin) {
  const shoot = async (name, prepare) => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 760 } });
    const page = await context.newPage();
    await page.goto(`${origin}/preview.html?today=${TODAY}&pane=${PANE_WIDTH}`);
    await page.waitForSelector("body[data-state=ready]");
    await prepare(page);
    const file = path.join(root, "docs", `pane-${name}.png`);
    await page.locator("#pane").screenshot({ path: file });
    console.log(`wrote ${path.relative(root, file)}`);
    await context.close();
  };
  const build = async (page) => {
    await page.click("[data-testid=build-model]");
    await page.waitForFunction(() => /built/i.test(document.querySelector("[data-testid=status]")?.textContent ?? ""));
  };
  const save = async (page, name) => {
    await page.locator("[data-testid=scenario-name] input").fill(name);
    await page.click("[data-testid=scenario-save]");
    await page.waitForSelector(`[data-testid=scenario-item][data-name="${name}"]`);
  };
  await shoot("first-open", async () => undefined);
  await shoot("built", async (page) => {
    await build(page);
    await page.evaluate(() => document.querySelector("[data-testid=panel-stake]")?.scrollIntoView());
  });
  await shoot("compare", async (page) => {
    await save(page, "Base");
    await page.evaluate(() => document.querySelector("[data-testid=inputs-revshare]")?.setAttribute("open", ""));
    const rate = page.locator("[data-testid=field-revshare-rate] input");
    await rate.fill("25");
    await rate.press("Enter");
    await save(page, "Upside");
    await page.click("[data-testid=scenario-compare]");
    await page.waitForSelector("[data-testid=compare-table]");
    await page.evaluate(() => document.querySelector("[data-testid=compare-controls]")?.scrollIntoView());
  });
}

async function main() {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${chromiumPath()}: install it with apt-get install chromium.`);
  const dist = buildIntoTemporaryFolder(root, "deal-modeller-screenshot-");
  const server = await startStaticServer(dist);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 2000, height: 1000 } });
    await openWithDefaultDeal(page, server.origin, TODAY);
    await page.click(`[data-testid=sheet-tab][data-sheet="${SHEET}"]`);
    // The schedule's first value selected, so the formula bar shows the DEAL.* formula that spills it.
    const anchor = await page.evaluate(() => {
      const cells = [...document.querySelectorAll("[data-testid=grid] td.formula")];
      const spill = cells.find((td) => td.nextElementSibling?.classList.contains("spilled"));
      return spill?.getAttribute("data-address") ?? null;
    });
    if (anchor) await page.click(`[data-testid=grid] td[data-address="${anchor}"]`);
    // Scrolled to the schedule and the chart beside it; the pane shows the section's fields and results.
    await page.evaluate((sheetAnchor) => {
      const grid = document.querySelector("[data-testid=grid-scroll]");
      const cell = sheetAnchor && document.querySelector(`[data-testid=grid] td[data-address="${sheetAnchor}"]`);
      if (grid && cell) grid.scrollLeft = cell.offsetLeft - 44 - 8;
    }, anchor);
    await page.locator("[data-testid=results-revshare]").scrollIntoViewIfNeeded();
    await page.screenshot({ path: output });
    console.log(`wrote ${path.relative(root, output)}`);
    await page.close();
    await paneScreenshots(browser, server.origin);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`npm run screenshot: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
