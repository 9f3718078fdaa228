const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000";
// Where the production build is hosted; set DEAL_MODELLER_URL when you deploy elsewhere.
const PROD_URL = (process.env.DEAL_MODELLER_URL || "https://deal-modeller.example.com").replace(/\/+$/, "");

const functionsDir = path.resolve(__dirname, "src/functions");
/** Every function family file: the metadata plugin reads their JSDoc and appends the associate calls. */
// Families in the order a reader meets them (functions.json and the README reference follow it); any
// family not listed here still goes in, after these.
const familyOrder = ["valuation.ts", "ownership.ts", "revshare.ts", "commitment.ts", "terms.ts"];
const rank = (f) => (familyOrder.includes(f) ? familyOrder.indexOf(f) : familyOrder.length);
const functionFiles = fs
  .readdirSync(functionsDir)
  .filter((f) => f.endsWith(".ts") && f !== "index.ts")
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  .map((f) => path.join("src/functions", f));

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

module.exports = async (env, argv) => {
  const dev = argv.mode !== "production";
  const extraEntries = fs.existsSync(path.resolve(__dirname, "webpack.preview.js"))
    ? require("./webpack.preview.js")(dev)
    : { entry: {}, plugins: [] };
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      functions: "./src/functions/index.ts",
      // The pane computes with the DEAL.* modules too: it takes them from functions.js (one copy, one set of
      // CustomFunctions.associate calls) rather than bundling its own.
      taskpane: { import: "./src/taskpane/index.ts", dependOn: "functions" },
      ...extraEntries.entry,
    },
    output: {
      path: path.resolve(__dirname, process.env.DEAL_DIST || "dist"),
      filename: "[name].js",
      clean: true,
      // Every Office host's webview has globalThis; without this promise webpack's runtime falls back to
      // `new Function("return this")`, which the pane's Content-Security-Policy (no 'unsafe-eval') forbids.
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
        { test: /\.css$/, type: "asset/resource", generator: { filename: "[name][ext]" } },
      ],
    },
    performance: { hints: false },
    plugins: [
      // The same promise for libraries' own globalThis fallbacks (FAST's `$global`): the minifier then drops
      // their `new Function("return this")` branch as dead code.
      new webpack.DefinePlugin({ "typeof globalThis": JSON.stringify("object") }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: functionFiles }),
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
      ...extraEntries.plugins,
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, process.env.DEAL_DIST || "dist") },
      headers: { "Access-Control-Allow-Origin": "*" },
      server: !env.WEBPACK_SERVE || process.env.DEAL_MODELLER_HTTP ? "http" : { type: "https", options: await devServerHttps() },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      client: { overlay: false },
    },
  };
};
