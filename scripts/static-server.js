// A read-only static server for a build folder, on 127.0.0.1 unless told otherwise: `npm run preview`
// serves dist-preview/ with it, and the browser suite and scripts/screenshot.js serve their builds.
// `/` is the folder's page (preview.html); there is no directory listing, and nothing outside the folder.
const fs = require("fs");
const http = require("http");
const path = require("path");

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves a folder; resolves to its origin and a close(). Port 0 (the default) takes a free port.
 * @param {string} root
 * @param {{ host?: string, port?: number, index?: string }} [options]
 */
function startStaticServer(root, { host = "127.0.0.1", port = 0, index = "preview.html" } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((request, response) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(request.url || "/", "http://127.0.0.1").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const file = path.resolve(base, `.${pathname === "/" ? `/${index}` : pathname}`);
    if ((request.method !== "GET" && request.method !== "HEAD") || !file.startsWith(base + path.sep)) {
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
      response.end(request.method === "HEAD" ? undefined : data);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      const shown = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        origin: `http://${shown}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections(); // a browser's keep-alive connections would hold close() for seconds
          }),
      });
    });
  });
}

module.exports = { startStaticServer };
