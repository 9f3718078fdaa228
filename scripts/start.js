// `npm start`: where Excel desktop exists (Windows, macOS) sideload with office-addin-debugging as the
// yo office templates do; elsewhere serve the add-in on localhost and say how to sideload it into
// Excel on the web. Never exits 0 without either.
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const port = Number(process.env.npm_package_config_dev_server_port || 3000);
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(cmd, args, options = {}) {
  const child = spawn(cmd, args, { cwd: root, stdio: "inherit", ...options });
  child.on("exit", (code) => process.exit(code ?? 1));
  return child;
}

if (process.platform === "win32" || process.platform === "darwin") {
  run(npx, ["office-addin-debugging", "start", "manifest.xml"]);
} else {
  const build = spawnSync(npx, ["webpack", "--mode", "development"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("npm start: the development build failed (see above).");
    process.exit(build.status || 1);
  }
  const hasPreview = fs.existsSync(path.join(path.resolve(root, process.env.DEAL_DIST || "dist"), "preview.html"));
  const server = run(npx, ["webpack", "serve", "--mode", "development"]);
  const lines = [
    "",
    "Excel desktop is not available on this platform, so the add-in is served for Excel on the web:",
    `  add-in:   https://localhost:${port}/taskpane.html`,
    hasPreview ? `  preview:  https://localhost:${port}/preview.html  (the pane and an embedded workbook, no Excel needed)` : null,
    "To sideload it into Excel on the web:",
    "  1. Trust the development certificate in ~/.office-addin-dev-certs/ca.crt in your browser",
    "     (or open the add-in address once and accept the certificate).",
    "  2. Open a workbook at https://excel.cloud.microsoft, then Home > Add-ins > More Add-ins >",
    "     My Add-ins > Upload My Add-in, and choose manifest.xml from this folder.",
    "  3. Type =DEAL. in a cell, or open Deal Modeller from the Home tab.",
    "Stop the server with Ctrl+C (or `npm run stop`).",
    "",
  ].filter((l) => l !== null);
  setTimeout(() => {
    if (server.exitCode === null) console.log(lines.join("\n"));
  }, 4000);
}
