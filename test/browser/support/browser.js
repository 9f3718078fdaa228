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

module.exports = { CHROMIUM_ARGS, chromiumPath, hasChromium, startStaticServer, launchChromium };
