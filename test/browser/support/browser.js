// The browser suite's plumbing, shared with scripts/screenshot.js: a static server for the built
// folder on 127.0.0.1 and Debian's Chromium driven by playwright-core (no browser is ever downloaded).
const fs = require("fs");
const http = require("http");
const path = require("path");

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

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

/** Serves a folder read-only on 127.0.0.1 at a free port; resolves to its origin and a close(). */
function startStaticServer(root) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url || "/", "http://127.0.0.1").pathname);
    const file = path.resolve(base, `.${pathname === "/" ? "/preview.html" : pathname}`);
    if (request.method !== "GET" || (file !== base && !file.startsWith(base + path.sep))) {
      response.writeHead(403).end();
      return;
    }
    fs.readFile(file, (error, data) => {
      if (error) {
        response.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[path.extname(file)] || "application/octet-stream",
        "cache-control": "no-store",
      });
      response.end(data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Chromium with a fresh, throw-away profile each launch. */
async function launchChromium() {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A production build of the project in a new temporary folder (dist/ is left alone); returns the folder. */
function buildIntoTemporaryFolder(root, prefix) {
  const { spawnSync } = require("child_process");
  const os = require("os");
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const build = spawnSync(npx, ["webpack", "--mode", "production"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, DEAL_DIST: dist },
  });
  if (build.status !== 0) throw new Error("the production build failed (see above)");
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

module.exports = {
  CHROMIUM_ARGS,
  chromiumPath,
  hasChromium,
  startStaticServer,
  launchChromium,
  buildIntoTemporaryFolder,
  openWithDefaultDeal,
};
