// The picture of a shared chart as LibreOffice draws it (docs/shared-chart.png): builds the production
// bundle into a temporary folder, builds the default deal (preset 2025-10) in the preview, clicks
// "Share without the add-in", has LibreOffice (headless) turn the downloaded values workbook into a PDF,
// and photographs the revenue-share chart on that PDF's page with Chromium's PDF viewer.
//   node scripts/shared-chart.js
const { execFileSync } = require("child_process");
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
const output = path.join(root, "docs", "shared-chart.png");
const SHEET = "Deal RevShare";
// Where the chart sits on its page at this zoom (LibreOffice prints each sheet one page wide).
const VIEW = { zoom: 400, left: 600, top: 20, viewport: { width: 2000, height: 1400 }, clip: { x: 592, y: 296, width: 976, height: 596 } };

async function main() {
  if (!hasChromium()) throw new Error(`Chromium is missing at ${chromiumPath()}: install it with apt-get install chromium.`);
  const dist = buildIntoTemporaryFolder(root, "deal-modeller-shared-chart-");
  const work = path.join(dist, "shared");
  fs.mkdirSync(work);
  const server = await startStaticServer(dist);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await openWithDefaultDeal(page, server.origin, "2026-05-01");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=share-values]")]);
    const xlsx = path.join(work, "values.xlsx");
    await download.saveAs(xlsx);
    execFileSync(process.env.DEAL_SOFFICE || "soffice", [
      `-env:UserInstallation=file://${path.join(work, "profile")}`,
      "--headless",
      "--convert-to",
      "pdf",
      "--outdir",
      work,
      xlsx,
    ]);
    // The sheet's page: sheets print in order, one page each except the long draw-down.
    const pageNumber = ["Deal Terms", "Deal Stake", "Deal Valuation", "Deal RevShare"].indexOf(SHEET) + 1;
    const viewer = await context.newPage();
    await viewer.setViewportSize(VIEW.viewport);
    await viewer.goto(
      `file://${path.join(work, "values.pdf")}#page=${pageNumber}&zoom=${VIEW.zoom},${VIEW.left},${VIEW.top}&toolbar=0&navpanes=0`,
    );
    await viewer.waitForTimeout(3000);
    await viewer.screenshot({ path: output, clip: VIEW.clip });
    console.log(`wrote ${path.relative(root, output)}`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`shared-chart: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
