// `npm run preview`: serves the preview build (dist-preview/, made by the webpack run before this script)
// over http on 127.0.0.1, and prints its address once the page answers. The preview needs no Excel and no
// certificate. DEAL_HOST=0.0.0.0 serves every interface; DEAL_PREVIEW_PORT picks the port (default 3001).
const fs = require("fs");
const http = require("http");
const path = require("path");
const { startStaticServer } = require("./static-server.js");

const root = path.resolve(__dirname, "..");
const folder = path.resolve(root, process.env.DEAL_PREVIEW_DIST || "dist-preview");
const host = process.env.DEAL_HOST || "127.0.0.1";
const port = Number(process.env.DEAL_PREVIEW_PORT || 3001);

/** Resolves to the status of a GET of the page, once the server answers it. */
function answers(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
      .on("error", reject);
  });
}

async function main() {
  if (!fs.existsSync(path.join(folder, "preview.html"))) {
    throw new Error(`${path.relative(root, folder)}/preview.html is missing: \`npm run preview\` builds it first.`);
  }
  const server = await startStaticServer(folder, { host, port });
  const local = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${server.port}`;
  const status = await answers(`${local}/`);
  if (status !== 200) throw new Error(`the preview answered HTTP ${status}`);
  console.log(`\nThe preview (the pane and an embedded workbook, no Excel needed): ${server.origin}/`);
  console.log("Stop it with Ctrl+C.\n");
  const stop = () => server.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`npm run preview: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
