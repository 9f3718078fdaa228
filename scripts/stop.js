// `npm run stop`: ends a desktop sideload (Windows, macOS), or the server `npm start` started on Linux,
// found by its pid file: no other program is touched, whatever port it listens on.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { pidFile, readPidFile, isRunning } = require("./dev-server-pid.js");

const root = path.resolve(__dirname, "..");

async function stopServer() {
  const file = pidFile(root);
  const record = readPidFile(file);
  if (!record || !isRunning(record.pid)) {
    fs.rmSync(file, { force: true });
    console.log("npm start is not running: nothing to stop.");
    return;
  }
  process.kill(record.pid, "SIGTERM");
  // It closes its server and removes the pid file; wait for it (a few seconds at most), then insist.
  for (let waited = 0; waited < 10_000 && isRunning(record.pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (isRunning(record.pid)) process.kill(record.pid, "SIGKILL");
  fs.rmSync(file, { force: true });
  console.log(`Stopped the server npm start started (pid ${record.pid}, ${record.url}).`);
}

if (process.platform === "win32" || process.platform === "darwin") {
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const result = spawnSync(npx, ["office-addin-debugging", "stop", "manifest.xml"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
} else {
  stopServer().catch((e) => {
    console.error(`npm run stop: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
