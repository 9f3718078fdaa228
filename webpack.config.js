const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const LicensePlugin = require("webpack-license-plugin");
const { renderNotices, isCopyleft } = require("./scripts/notices.js");

const DEV_URL = "https://localhost:3000";
// Where the production build is hosted; set DEAL_MODELLER_URL when you deploy elsewhere.
const PROD_URL = (process.env.DEAL_MODELLER_URL || "https://deal-modeller.example.com").replace(/\/+$/, "");

/** The add-in, the only folder to deploy; DEAL_DIST builds it elsewhere (so parallel work can build apart). */
const ADDIN_DIST = path.resolve(__dirname, process.env.DEAL_DIST || "dist");
/** The preview without Excel: a local tool, never deployed with the add-in. */
const PREVIEW_DIST = path.resolve(__dirname, process.env.DEAL_PREVIEW_DIST || "dist-preview");

const functionsDir = path.resolve(__dirname, "src/functions");
/** Every function family file: the metadata plugin reads their JSDoc and appends the associate calls. */
// Families in the order a reader meets them (functions.json and the function reference follow it); any
// family not listed here still goes in, after these.
const familyOrder = ["valuation.ts", "ownership.ts", "revshare.ts", "commitment.ts", "terms.ts"];
const rank = (f) => (familyOrder.includes(f) ? familyOrder.indexOf(f) : familyOrder.length);
const functionFiles = fs
  .readdirSync(functionsDir)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  .map((f) => path.join("src/functions", f));

/** The notices file each build folder carries: every npm package bundled into it, with its licence. */
const NOTICES = "THIRD-PARTY-NOTICES.txt";
const NOTICES_JSON = "third-party-licenses.json";
const OWN_PACKAGE = require("./package.json").name;
/** Where each build records the files webpack took from node_modules (outside the build folders). */
const MODULE_RECORDS = path.resolve(__dirname, "node_modules/.cache/deal-modeller");

function noticesPlugin({ allowCopyleft }) {
  return new LicensePlugin({
    outputFilename: NOTICES_JSON,
    additionalFiles: { [NOTICES]: renderNotices },
    // Our own source files resolve to this package.json; they are not third-party.
    excludedPackageTest: (name) => name === OWN_PACKAGE,
    // The add-in is MIT and deployed: a GPL-family package in it (HyperFormula) fails the build.
    unacceptableLicenseTest: (licence) => !allowCopyleft && isCopyleft(licence),
  });
}

/** One record per build folder, so a build elsewhere (DEAL_DIST, bench, screenshots) leaves this one's alone. */
function moduleRecordFile(outputPath) {
  const key = require("crypto").createHash("sha256").update(path.resolve(outputPath)).digest("hex").slice(0, 16);
  return path.join(MODULE_RECORDS, `modules-${key}.json`);
}

/**
 * Records, from webpack's own module graph, every file of node_modules that went into a build (inner modules
 * of concatenated ones included), so test/notices.test.ts can hold the notices to what was really bundled.
 */
class RecordBundledModules {
  apply(compiler) {
    compiler.hooks.afterEmit.tap("RecordBundledModules", (compilation) => {
      const files = new Set();
      const add = (module) => {
        for (const inner of module.modules ?? []) add(inner);
        if (module.resource && module.resource.includes(`${path.sep}node_modules${path.sep}`)) files.add(module.resource.split("?")[0]);
      };
      for (const chunk of compilation.chunks) for (const module of compilation.chunkGraph.getChunkModulesIterable(chunk)) add(module);
      fs.mkdirSync(MODULE_RECORDS, { recursive: true });
      const record = { outputPath: compiler.outputPath, files: [...files].sort() };
      fs.writeFileSync(moduleRecordFile(compiler.outputPath), JSON.stringify(record, null, 1));
    });
  }
}

async function devServerHttps() {
  const certDir = path.join(require("os").homedir(), ".office-addin-dev-certs");
  const [key, cert, ca] = ["localhost.key", "localhost.crt", "ca.crt"].map((f) => path.join(certDir, f));
  const devCerts = require("office-addin-dev-certs");
  if (process.platform === "win32" || process.platform === "darwin") {
    // Installs and trusts a development CA, as the yo office templates do.
    return devCerts.getHttpsServerOptions();
  }
  // Elsewhere the CA cannot be installed for the user (it needs sudo): generate it once and say where it is.
  if (![key, cert, ca].every((f) => fs.existsSync(f))) {
    await require("office-addin-dev-certs/lib/generate").generateCertificates(ca, cert, key);
  }
  return { key: fs.readFileSync(key), cert: fs.readFileSync(cert), ca: fs.readFileSync(ca) };
}

/** What both builds share: TypeScript, the DEAL.* metadata and associate calls, no eval anywhere. */
function baseConfig(name, dev, outputPath) {
  return {
    name,
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    output: {
      path: outputPath,
      filename: "[name].js",
      clean: true,
      // Every Office host's webview has globalThis; without this promise webpack's runtime falls back to
      // `new Function("return this")`, which the pages' Content-Security-Policy (no 'unsafe-eval') forbids.
      environment: { globalThis: true },
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { configFile: "tsconfig.build.json", onlyCompileBundledFiles: true } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      // The same promise for libraries' own globalThis fallbacks (FAST's `$global`): the minifier then drops
      // their `new Function("return this")` branch as dead code.
      new webpack.DefinePlugin({ "typeof globalThis": JSON.stringify("object") }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functionFiles }),
      ...(dev ? [] : [new RecordBundledModules()]),
    ],
  };
}

/** The add-in: custom functions, task pane, manifest, icons, support page, notices. Deploy this folder. */
async function addinConfig(env, dev) {
  const base = baseConfig("addin", dev, ADDIN_DIST);
  return {
    ...base,
    entry: {
      // outsideOffice first: in a plain browser it stands in for Excel's CustomFunctions, so the page can say where to open it.
      functions: ["./src/taskpane/outsideOffice.ts", "./src/functions/index.ts"],
      // The pane computes with the DEAL.* modules too: it takes them from functions.js (one copy, one set of
      // CustomFunctions.associate calls) rather than bundling its own.
      taskpane: { import: "./src/taskpane/index.ts", dependOn: "functions" },
    },
    plugins: [
      ...base.plugins,
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // One page, one runtime: the task pane page also runs the custom functions.
        chunks: ["taskpane", "functions"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/taskpane/support.html", to: "support.html" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (dev ? content : content.toString().split(DEV_URL).join(PROD_URL)),
          },
        ],
      }),
      noticesPlugin({ allowCopyleft: false }),
    ],
    // Used by `webpack serve` (npm run dev-server, which office-addin-debugging runs on Windows and macOS) and
    // by scripts/start.js on Linux. The server serves both builds from memory, so dist/ is left as it was.
    devServer: {
      // Files come from the compilers only: no folder is served, so `/` lists nothing.
      static: false,
      host: process.env.DEAL_HOST || "127.0.0.1",
      headers: { "Access-Control-Allow-Origin": "*" },
      server: !env.WEBPACK_SERVE || process.env.DEAL_MODELLER_HTTP ? "http" : { type: "https", options: await devServerHttps() },
      port: Number(process.env.DEAL_PORT || process.env.npm_package_config_dev_server_port || 3000),
      client: { overlay: false },
      setupMiddlewares: (middlewares) => [
        {
          name: "deal-modeller-index",
          path: "/",
          middleware: (request, response, next) => {
            if (request.path !== "/") return next();
            response
              .type("text/plain")
              .send("Deal Modeller development server: the add-in is /taskpane.html, the preview /preview.html.\n");
          },
        },
        ...middlewares,
      ],
    },
  };
}

/**
 * The preview page: the real task pane beside an embedded workbook (HyperFormula, exceljs, chart.js), in a
 * folder of its own so the add-in's folder never carries the embedded formula engine (GPL-3.0).
 * Never minified: it is a local tool, and minifying its 4 MB of libraries would take most of the build's time.
 */
function previewConfig(dev) {
  const base = baseConfig("preview", dev, PREVIEW_DIST);
  return {
    ...base,
    entry: { preview: "./src/preview/index.ts" },
    optimization: { minimize: false },
    plugins: [
      ...base.plugins,
      new HtmlWebpackPlugin({ filename: "preview.html", template: "./src/preview/preview.html", chunks: ["preview"] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icon-*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/preview/preview.css", to: "preview.css" },
        ],
      }),
      noticesPlugin({ allowCopyleft: true }),
    ],
  };
}

/** Two compilers in one run: `webpack --config-name addin` or `--config-name preview` builds one of them. */
module.exports = async (env = {}, argv = {}) => {
  const dev = argv.mode !== "production";
  return [await addinConfig(env, dev), previewConfig(dev)];
};
module.exports.ADDIN_DIST = ADDIN_DIST;
module.exports.PREVIEW_DIST = PREVIEW_DIST;
module.exports.NOTICES = NOTICES;
module.exports.NOTICES_JSON = NOTICES_JSON;
module.exports.moduleRecordFile = moduleRecordFile;
