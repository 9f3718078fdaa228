import { spawnSync } from "child_process";
import { ROOT } from "./support/build";

/**
 * The layer rules of eslint.config.mjs (no-restricted-imports, one block per folder) reject the imports
 * that cross a layer and accept the ones the import map allows. ESLint lints each probe import as if it
 * were a file of that folder; `npm run lint` applies the same rules to the real files.
 */

const rejected: [string, string][] = [
  ["src/engine/probe.ts", "../functions/valuation"],
  ["src/engine/probe.ts", "../workbook/types"],
  ["src/engine/probe.ts", "../model/fields"],
  ["src/engine/probe.ts", "hyperformula"],
  ["src/engine/probe.ts", "@fluentui/web-components"],
  ["src/functions/probe.ts", "../model/fields"],
  ["src/functions/probe.ts", "../workbook/types"],
  ["src/functions/probe.ts", "../taskpane/pane"],
  ["src/functions/probe.ts", "decimal.js"],
  ["src/functions/support/probe.ts", "../../model/calls"],
  ["src/model/probe.ts", "../taskpane/pane"],
  ["src/model/probe.ts", "../preview/xlsx"],
  ["src/model/probe.ts", "../workbook/office/officeWorkbook"],
  ["src/model/probe.ts", "../workbook/embedded/embeddedWorkbook"],
  ["src/model/probe.ts", "exceljs"],
  ["src/workbook/probe.ts", "../engine/revshare"],
  ["src/workbook/probe.ts", "../model/fields"],
  ["src/workbook/xlsx/probe.ts", "../office/officeWorkbook"],
  ["src/workbook/xlsx/probe.ts", "../../engine/dates"],
  ["src/workbook/xlsx/probe.ts", "jszip"],
  ["src/workbook/probe.ts", "./office/officeWorkbook"],
  ["src/workbook/probe.ts", "./embedded/formats"],
  ["src/workbook/office/probe.ts", "../embedded/formats"],
  ["src/workbook/office/probe.ts", "../../model/fields"],
  ["src/workbook/office/probe.ts", "exceljs"],
  ["src/workbook/embedded/probe.ts", "../office/officeWorkbook"],
  ["src/workbook/embedded/probe.ts", "../../functions"],
  ["src/workbook/embedded/probe.ts", "exceljs"],
  ["src/workbook/embedded/probe.ts", "jszip"],
  ["src/taskpane/view.ts", "../engine/dates"],
  ["src/taskpane/view.ts", "../functions"],
  ["src/taskpane/view.ts", "../workbook/office/officeWorkbook"],
  ["src/taskpane/view.ts", "../workbook/embedded/embeddedWorkbook"],
  ["src/taskpane/view.ts", "../preview/sheetView"],
  ["src/taskpane/view.ts", "hyperformula"],
  ["src/taskpane/view.ts", "jszip"],
  ["src/taskpane/view.ts", "chart.js"],
  ["src/taskpane/index.ts", "../workbook/embedded/embeddedWorkbook"],
  ["src/taskpane/index.ts", "../workbook/office/styles"],
  ["src/taskpane/index.ts", "../engine/dates"],
  ["src/preview/probe.ts", "../workbook/office/officeWorkbook"],
];

const accepted: [string, string][] = [
  ["src/engine/probe.ts", "./decimal"],
  ["src/engine/probe.ts", "decimal.js"],
  ["src/functions/probe.ts", "../engine/dates"],
  ["src/functions/probe.ts", "./support/args"],
  ["src/functions/support/probe.ts", "../../engine/errors"],
  ["src/model/probe.ts", "../functions/valuation"],
  ["src/model/probe.ts", "../engine/dates"],
  ["src/model/probe.ts", "../workbook/types"],
  ["src/model/probe.ts", "../workbook/a1"],
  ["src/model/probe.ts", "../workbook/sheetSpec"],
  ["src/model/probe.ts", "../workbook/styles"],
  ["src/workbook/probe.ts", "./a1"],
  ["src/workbook/probe.ts", "./buildRecord"],
  ["src/workbook/probe.ts", "./xlsx/zip"],
  ["src/workbook/xlsx/probe.ts", "../a1"],
  ["src/workbook/xlsx/probe.ts", "./zip"],
  ["src/workbook/probe.ts", "../engine/dates"],
  ["src/model/probe.ts", "../workbook/typed"],
  ["src/model/probe.ts", "../workbook/buildPlan"],
  ["src/workbook/office/probe.ts", "../types"],
  ["src/workbook/embedded/probe.ts", "../../engine/dates"],
  ["src/workbook/embedded/probe.ts", "hyperformula"],
  ["src/taskpane/view.ts", "../model/fields"],
  ["src/taskpane/view.ts", "../workbook/types"],
  ["src/taskpane/view.ts", "./controller"],
  ["src/taskpane/view.ts", "@fluentui/web-components"],
  ["src/taskpane/index.ts", "../workbook/office/officeWorkbook"],
  ["src/preview/probe.ts", "../workbook/embedded/embeddedWorkbook"],
  ["src/preview/probe.ts", "../functions"],
  ["src/preview/probe.ts", "../taskpane/pane"],
  ["src/preview/probe.ts", "exceljs"],
  ["src/preview/probe.ts", "jszip"],
  ["src/preview/probe.ts", "chart.js"],
];

/** ESLint's verdict on `import "<specifier>"` in each file, in one node process (its config is ESM). */
function layerErrors(cases: [string, string][]): string[][] {
  const script = `
    const { ESLint } = require("eslint");
    const cases = JSON.parse(process.argv[1]);
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const out = [];
      for (const [file, specifier] of cases) {
        const [result] = await eslint.lintText(\`import "\${specifier}";\\n\`, { filePath: file });
        out.push(result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message));
      }
      console.log(JSON.stringify(out));
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const run = spawnSync(process.execPath, ["-e", script, JSON.stringify(cases)], { cwd: ROOT, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

describe("the layer rules in eslint.config.mjs", () => {
  const all = [...rejected, ...accepted];
  const verdicts = new Map<string, string[]>();
  beforeAll(() => {
    layerErrors(all).forEach((messages, i) => verdicts.set(all[i].join(" imports "), messages));
  }, 60_000);

  it.each(rejected)("%s may not import %s", (file, specifier) => {
    expect(verdicts.get(`${file} imports ${specifier}`)!.length).toBeGreaterThan(0);
  });

  it.each(accepted)("%s may import %s", (file, specifier) => {
    expect(verdicts.get(`${file} imports ${specifier}`)).toEqual([]);
  });
});
