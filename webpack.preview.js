// The preview page: the real task pane beside an embedded workbook (HyperFormula, exceljs, chart.js).
// A separate entry with its own chunks, so the add-in's bundles (functions.js, taskpane.*) never carry
// the embedded formula engine; test/bundles.test.ts checks the built files.
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

/**
 * The preview is a local tool, never part of the add-in. Minifying its 4 MB of libraries would take
 * most of the production build's time (about 25 s of 30 on two cores) for nothing, so its script is
 * marked as minimized before the minimizer runs, which then leaves it alone.
 */
class LeavePreviewUnminified {
  apply(compiler) {
    const { Compilation } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("LeavePreviewUnminified", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "LeavePreviewUnminified", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE - 1 },
        (assets) => {
          for (const name of Object.keys(assets)) {
            if (/^preview.*\.js$/.test(name)) compilation.updateAsset(name, (source) => source, { minimized: true });
          }
        },
      );
    });
  }
}

module.exports = (dev) => ({
  entry: { preview: "./src/preview/index.ts" },
  plugins: [
    new HtmlWebpackPlugin({ filename: "preview.html", template: "./src/preview/preview.html", chunks: ["preview"] }),
    new CopyWebpackPlugin({ patterns: [{ from: "src/preview/preview.css", to: "preview.css" }] }),
    ...(dev ? [] : [new LeavePreviewUnminified()]),
  ],
});
