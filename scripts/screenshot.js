// `npm run screenshot`: the picture of the preview (docs/preview.png) with the default deal built.
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
