// The browser suite's plumbing, shared with scripts/screenshot.js: the static server of scripts/ for the
// built folder on 127.0.0.1 and Debian's Chromium driven by playwright-core (no browser is ever downloaded).
const fs = require("fs");
const { startStaticServer } = require("../../../scripts/static-server.js");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

function chromiumPath() {
  return process.env.DEAL_CHROMIUM || "/usr/bin/chromium";
}

function hasChromium() {
  try {
    fs.accessSync(chromiumPath(), fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Chromium with a fresh, throw-away profile each launch. */
async function launchChromium() {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A production build of the preview in a new temporary folder (dist-preview/ is left alone); returns the folder. */
function buildIntoTemporaryFolder(root, prefix) {
  const { spawnSync } = require("child_process");
  const os = require("os");
  const path = require("path");
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const build = spawnSync(npx, ["webpack", "--mode", "production", "--config-name", "preview"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DEAL_PREVIEW_DIST: dist },
  });
  if (build.status !== 0) throw new Error("the preview's build failed (see above)");
  return dist;
}

/** The preview page opened on a fixed "today" with the default deal built (preset 2025-10). */
async function openWithDefaultDeal(page, origin, today) {
  await page.goto(`${origin}/preview.html?today=${today}`);
  await page.waitForSelector("body[data-state=ready]");
  await page.click("[data-testid=preset]");
  await page.click("[data-testid=option-preset-2025-10]");
  await page.click("[data-testid=build-model]");
  await page.waitForFunction(() => /built/i.test(document.querySelector("[data-testid=status]")?.textContent ?? ""));
}

/** Chooses `value` in the Fluent select `testId` as a user's choice does (its change event). */
async function choose(page, testId, value) {
  await page.evaluate(
    ({ testId, value }) => {
      const select = document.querySelector(`[data-testid=${testId}]`);
      select.value = value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    { testId, value },
  );
}

/** Opens the folded inputs that hold a field (after a build each section shows its results first). */
async function unfold(page, testId) {
  await page.evaluate((id) => {
    const fold = document.querySelector(`[data-testid=${id}]`)?.closest("details");
    if (fold && !fold.open) fold.querySelector("summary")?.click();
  }, testId);
}

/** Types `text` into the field `testId` and commits it with Enter, as a user does. */
async function setField(page, testId, text) {
  await unfold(page, testId);
  const input = page.locator(`[data-testid=${testId}] input`);
  await input.fill(text);
  await input.press("Enter");
}

module.exports = {
  choose,
  unfold,
  setField,
  CHROMIUM_ARGS,
  chromiumPath,
  hasChromium,
  startStaticServer,
  launchChromium,
  buildIntoTemporaryFolder,
  openWithDefaultDeal,
};
