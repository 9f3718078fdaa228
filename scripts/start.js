// `npm start`: where Excel desktop exists (Windows, macOS) sideload with office-addin-debugging as the
// yo office templates do; elsewhere serve the add-in and the preview from one webpack-dev-server and say
// how to sideload it into Excel on the web. Never exits 0 without either.
//
// On Linux the server compiles once, in memory (dist/ and dist-preview/ are left as they were), listens on
// 127.0.0.1 (DEAL_HOST=0.0.0.0 to serve other machines too), prints its addresses once it answers, and
// writes its pid to .dev-server.pid (DEAL_PID_FILE elsewhere) for `npm run stop`.
const { spawn } = require("child_process");
const fs = require("fs");
const http = require("http");
const https = require("https");
const path = require("path");
const { pidFile, readPidFile, isRunning } = require("./dev-server-pid.js");

const root = path.resolve(__dirname, "..");
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function sideloadIntoExcelDesktop() {
  const child = spawn(npx, ["office-addin-debugging", "start", "manifest.xml"], { cwd: root, stdio: "inherit" });
  child.on("exit", (code) => process.exit(code ?? 1));
}

/** Resolves when the server answers a GET of the page (webpack-dev-middleware holds it until the first compile). */
function answers(url) {
  const get = url.startsWith("https:") ? https.get : http.get;
  return new Promise((resolve, reject) => {
    // The development certificate is not trusted on Linux; this request only asks our own server.
    get(url, { rejectUnauthorized: false }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).on("error", reject);
  });
}

function instructions({ scheme, host, port }) {
  const shown = host === "127.0.0.1" || host === "::1" ? "localhost" : host;
  const origin = `${scheme}://${shown}:${port}`;
  return [
    "",
    "Excel desktop is not available on this platform, so the add-in is served for Excel on the web:",
    `  add-in:   ${origin}/taskpane.html`,
    `  preview:  ${origin}/preview.html  (the pane and an embedded workbook, no Excel needed)`,
    host === "127.0.0.1" ? "  (on this machine only; DEAL_HOST=0.0.0.0 npm start serves other machines too)" : `  (listening on ${host})`,
    port === 3000 ? null : `  manifest.xml points at https://localhost:3000: sideload a copy that names port ${port}.`,
    "To sideload it into Excel on the web:",
    "  1. Trust the development certificate in ~/.office-addin-dev-certs/ca.crt in your browser",
    "     (or open the add-in address once and accept the certificate).",
    "  2. Open a workbook at https://excel.cloud.microsoft, then Home > Add-ins > More Add-ins >",
    "     My Add-ins > Upload My Add-in, and choose manifest.xml from this folder.",
    "  3. Type =DEAL. in a cell, or open Deal Modeller from the Home tab.",
    "Stop the server with Ctrl+C or `npm run stop`. It builds in memory: dist/ is left as it was.",
    "",
  ]
    .filter((line) => line !== null)
    .join("\n");
}

async function serveForExcelOnTheWeb() {
  const file = pidFile(root);
  const running = readPidFile(file);
  if (running && isRunning(running.pid)) {
    throw new Error(`it is already running (pid ${running.pid}, ${running.url}): \`npm run stop\` stops it.`);
  }
  const webpack = require("webpack");
  const WebpackDevServer = require("webpack-dev-server");
  const makeConfigs = require(path.resolve(root, process.env.DEAL_WEBPACK_CONFIG || "webpack.config.js"));
  const configs = [].concat(await makeConfigs({ WEBPACK_SERVE: true }, { mode: "development" }));
  const options = configs.find((c) => c.devServer)?.devServer;
  if (!options) throw new Error("the webpack configuration has no devServer options");

  const compiler = webpack(configs);
  let stats;
  compiler.hooks.done.tap("npm start", (result) => (stats = result));
  const server = new WebpackDevServer(options, compiler);
  await server.start();

  const { address: host, port } = server.server.address();
  const scheme = server.isTlsServer ? "https" : "http";
  const self = `${scheme}://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host}:${port}`;
  fs.writeFileSync(file, JSON.stringify({ pid: process.pid, url: self, started: new Date().toISOString() }) + "\n");
  const stop = async () => {
    fs.rmSync(file, { force: true });
    await server.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("exit", () => {
    if (readPidFile(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  });

  const status = await answers(`${self}/taskpane.html`);
  if (stats?.hasErrors()) console.error("npm start: the development build has errors (see above); the server is up anyway.");
  else if (status !== 200) console.error(`npm start: the add-in's page answered HTTP ${status}.`);
  console.log(instructions({ scheme, host, port }));
}

if (process.platform === "win32" || process.platform === "darwin") {
  sideloadIntoExcelDesktop();
} else {
  serveForExcelOnTheWeb().catch((e) => {
    console.error(`npm start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
