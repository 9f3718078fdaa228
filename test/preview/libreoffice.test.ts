import fs from "fs";
import os from "os";
import path from "path";
import { serialFromIso } from "../../src/engine/dates";
import { defaultInputs } from "../../src/model/fields";
import { MODEL_BOUNDS, modelSheets } from "../../src/model/sheets";
import { shareRequest } from "../../src/model/share";
import { exportXlsx } from "../../src/preview/xlsx";
import { cellAddress } from "../../src/workbook/a1";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { isErrorValue } from "../../src/workbook/embedded/formats";
import { SheetSpec } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";
import { OdsCell, OdsDocument, readFods } from "../support/fods";
import { hasLibreOffice, LibreOffice, SOFFICE } from "../support/libreoffice";
import { pdfTexts } from "../support/pdfText";
import { readPackage } from "../support/xlsxPackage";

/**
 * The files a recipient gets, opened by a real client: LibreOffice Calc, headless. The default deal is
 * built in the embedded workbook (the same DEAL.* functions as the add-in), then
 * - its shared values workbook is opened with a full recalculation: no error cell, no formula, every
 *   value the add-in's, every name on a values sheet, every chart present and drawn in a PDF;
 * - its ordinary export is opened without recalculation: every formula outside a spill shows the value
 *   the file caches. (LibreOffice rebuilds every array formula from its text when it loads a file and
 *   never reads the values cached in its cells; without the add-in a DEAL.* spill is #NAME? there,
 *   whatever the file holds. The package test in xlsx.test.ts checks that those cached values are there.)
 *
 * Without LibreOffice a developer's run says so in one line and passes; under CI it fails.
 */

const SKIP_LINE = "LibreOffice suite skipped: install it with apt-get install libreoffice-calc-nogui";
const ALL = ["stake", "valuation", "revshare", "drawdown", "rights"] as const;
const SHARED_ON = new Date(2026, 4, 1);

jest.setTimeout(240_000);

interface Files {
  workbook: EmbeddedWorkbook;
  specs: SheetSpec[];
  values: { xlsx: Uint8Array; ods: OdsDocument; pdf: Uint8Array };
  model: { ods: OdsDocument };
}

/** The add-in's result for a cell, as a spreadsheet shows it: a number, text, a boolean, an error code, or null. */
function addInValue(workbook: EmbeddedWorkbook, sheet: string, row: number, col: number): number | string | boolean | null {
  const value = workbook.cell(sheet, { row, col }).value;
  if (isErrorValue(value)) return value.error;
  return value === "" ? null : value;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  if (typeof actual === "number" && typeof expected === "number") return Math.abs(actual - expected) <= Math.abs(expected) * 1e-12;
  return actual === expected;
}

if (!hasLibreOffice() && process.env.CI !== "true") {
  let announced = false;
  beforeAll(() => {
    process.stderr.write(`${SKIP_LINE}\n`);
    announced = true;
  });
  it("says that the LibreOffice suite was skipped and how to install LibreOffice", () => {
    expect(announced).toBe(true);
  });
} else {
  const state: { files?: Files; office?: LibreOffice } = {};
  const files = () => state.files!;

  beforeAll(async () => {
    if (!hasLibreOffice()) throw new Error(`LibreOffice (${SOFFICE}) is missing: CI must install it (.ci/install-system-packages).`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deal-libreoffice-"));
    const office = new LibreOffice(path.join(dir, "profile"));
    state.office = office;
    const workbook = new EmbeddedWorkbook(dealSource());
    const specs = modelSheets(defaultInputs(serialFromIso("2026-05-01")), ALL);
    await workbook.buildModel({ sheets: specs, bounds: MODEL_BOUNDS });
    const shared = await workbook.shareAsValues(shareRequest(specs, SHARED_ON));
    const valuesFile = path.join(dir, "values.xlsx");
    const modelFile = path.join(dir, "model.xlsx");
    fs.writeFileSync(valuesFile, shared.file!);
    fs.writeFileSync(modelFile, await exportXlsx(workbook));
    const [modelOds] = office.convert([modelFile], "fods", path.join(dir, "never"), "never");
    const [valuesOds] = office.convert([valuesFile], "fods", path.join(dir, "always"), "always");
    const [valuesPdf] = office.convert([valuesFile], "pdf", path.join(dir, "always"), "always");
    state.files = {
      workbook,
      specs,
      values: { xlsx: shared.file!, ods: readFods(fs.readFileSync(valuesOds, "utf8")), pdf: new Uint8Array(fs.readFileSync(valuesPdf)) },
      model: { ods: readFods(fs.readFileSync(modelOds, "utf8")) },
    };
  });

  afterAll(() => {
    // What LibreOffice adds to the run, for the CI log.
    for (const run of state.office?.runs ?? []) process.stdout.write(`${run.seconds.toFixed(1)} s  ${run.command}\n`);
  });

  describe("the shared values workbook in LibreOffice, recalculated", () => {
    it("holds the model sheets only, with no formula and no error cell", () => {
      const { ods, specs } = { ods: files().values.ods, specs: files().specs };
      expect(ods.sheets.map((s) => s.name)).toEqual(specs.map((s) => s.name));
      const where = (test: (cell: OdsCell) => boolean) =>
        ods.sheets.flatMap((s) => [...s.cells].filter(([, c]) => test(c)).map(([a]) => `${s.name}!${a}`));
      expect(where((c) => /deal/i.test(c.formula ?? ""))).toEqual([]);
      // LibreOffice has no boolean cell: it reads an .xlsx TRUE as the formula =TRUE(). Nothing else is a formula.
      expect(where((c) => c.formula !== undefined && !/^of:=(TRUE|FALSE)\(\)$/.test(c.formula))).toEqual([]);
      expect(where((c) => c.error || /^(#|Err:)/.test(c.text))).toEqual([]);
      expect(where((c) => typeof c.value === "boolean").length).toBeGreaterThan(0);
    });

    it("shows every value the add-in computed, in every cell of every sheet", () => {
      const { workbook, specs } = files();
      const stamp = shareRequest(specs, SHARED_ON).stamp;
      const differences: string[] = [];
      const compared = new Set<string>();
      for (const spec of specs) {
        const sheet = files().values.ods.sheets.find((s) => s.name === spec.name)!;
        const { rows, columns } = workbook.dimensions(spec.name);
        for (let row = 0; row < rows; row++) {
          for (let col = 0; col < columns; col++) {
            const address = cellAddress({ row, col });
            const expected = address === stamp.address ? stamp.text : addInValue(workbook, spec.name, row, col);
            const actual = sheet.cells.get(address)?.value ?? null;
            compared.add(`${spec.name}!${address}`);
            if (!sameValue(actual, expected))
              differences.push(`${spec.name}!${address}: ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);
          }
        }
        // Nothing beyond the model's cells.
        for (const [address, cell] of sheet.cells) {
          if (cell.value !== null && !compared.has(`${spec.name}!${address}`))
            differences.push(`${spec.name}!${address} is outside the model`);
        }
      }
      expect(differences).toEqual([]);
      expect(compared.size).toBeGreaterThan(1000);
    });

    it("resolves every name of the model on its values sheet", () => {
      const { specs } = files();
      const expected = specs.flatMap((s) => s.names.map((n) => [n.name, s.name, n.address.replace(/\$/g, "")]));
      const found = files().values.ods.names.map((n) => {
        const m = /^\$?'?((?:[^']|'')+?)'?\.\$?([A-Z]+)\$?(\d+)(?::\.?\$?([A-Z]+)\$?(\d+))?$/.exec(n.range);
        return m ? [n.name, m[1].replace(/''/g, "'"), m[4] ? `${m[2]}${m[3]}:${m[4]}${m[5]}` : `${m[2]}${m[3]}`] : [n.name, n.range, "?"];
      });
      expect(found.sort()).toEqual(expected.sort());
      expect(expected.length).toBeGreaterThan(20);
    });

    it("has every chart: its parts in the package, a chart object over its values sheet, and drawn in the PDF", async () => {
      const charts = files().specs.flatMap((s) => s.charts.map((c) => ({ ...c, sheet: s.name })));
      expect(charts.map((c) => c.type).sort()).toEqual(["column", "line", "pie"]);
      const inPackage = (await readPackage(files().values.xlsx)).charts;
      expect(inPackage.map((c) => [c.sheet, c.kind, c.title])).toEqual(charts.map((c) => [c.sheet, c.type, c.title]));
      const objects = files().values.ods.charts;
      expect(objects.map((o) => o.name)).toEqual(charts.map((c) => c.id));
      objects.forEach((o, i) => expect(o.ranges).toContain(`'${charts[i].sheet}'.`));
      const drawn = pdfTexts(files().values.pdf);
      for (const chart of charts)
        expect(drawn.some((t) => t.includes(chart.title)) ? chart.title : `${chart.title} is not drawn`).toBe(chart.title);
    });
  });

  describe("the ordinary export in LibreOffice, not recalculated", () => {
    it("shows the value the file caches in every formula cell outside a spill", () => {
      const { workbook } = files();
      const wrong: string[] = [];
      let checked = 0;
      for (const sheet of files().model.ods.sheets) {
        if (!workbook.sheetNames().includes(sheet.name)) continue;
        for (const [address, cell] of sheet.cells) {
          if (!cell.formula || cell.inArray) continue;
          const m = /^([A-Z]+)(\d+)$/.exec(address)!;
          const expected = addInValue(workbook, sheet.name, Number(m[2]) - 1, m[1].charCodeAt(0) - 65);
          // LibreOffice reads an empty cached text as no value and calculates it: DEAL.TERM's "" stays out.
          if (expected === null) continue;
          checked++;
          if (!sameValue(cell.value, expected)) wrong.push(`${sheet.name}!${address}: ${cell.text}, not ${JSON.stringify(expected)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(checked).toBeGreaterThan(50);
    });

    it("carries the model's charts", () => {
      expect(files().model.ods.charts.map((c) => c.name)).toEqual(files().specs.flatMap((s) => s.charts.map((c) => c.id)));
    });
  });
}
