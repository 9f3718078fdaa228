// `npm run stop`: ends a desktop sideload (Windows, macOS) or the dev server started by `npm start`.
const { spawnSync } = require("child_process");

const npx = process.platform === "win32" ? "npx.cmd" : "npx";
if (process.platform === "win32" || process.platform === "darwin") {
  const result = spawnSync(npx, ["office-addin-debugging", "stop", "manifest.xml"], { stdio: "inherit" });
  process.exit(result.status ?? 1);
} else {
  const port = Number(process.env.npm_package_config_dev_server_port || 3000);
  const result = spawnSync(
    "sh",
    ["-c", `pids=$(lsof -t -iTCP:${port} -sTCP:LISTEN 2>/dev/null || fuser ${port}/tcp 2>/dev/null); [ -n "$pids" ] && kill $pids`],
    { stdio: "inherit" },
  );
  console.log(result.status === 0 ? `Stopped the server on port ${port}.` : `No server was listening on port ${port}.`);
}
