import { CellFormulaValue, Workbook } from "exceljs";
import JSZip from "jszip";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { LEGACY_RECORD_HEADER, RECORD_HEADER, RECORD_NAME } from "../../src/workbook/buildRecord";
import { buildRequest } from "../workbook/request";
import { FORMAT_CODES, ROLE_STYLES } from "../../src/workbook/styles";
import {
  exportXlsx,
  formatKindOf,
  fromFileFormula,
  importXlsx,
  MAX_XLSX_BYTES,
  PREVIEW_DATA_SHEET,
  toFileFormula,
} from "../../src/preview/xlsx";
import { MAX_SHEET_ROWS } from "../../src/workbook/embedded/embeddedWorkbook";
import { SCENARIO_COLUMNS, SCENARIO_SHEET } from "../../src/workbook/types";
import { modelSheet, scheduleRows, testSource } from "../workbook/embedded/support";
import { readPackage } from "../support/xlsxPackage";

const source = testSource();

async function builtWorkbook(): Promise<EmbeddedWorkbook> {
  const wb = new EmbeddedWorkbook(source);
  await wb.buildModel(buildRequest([modelSheet()]));
  wb.setCellInput("Deal Model", "C5", "4");
  wb.setCellInput("Sheet1", "B2", "user note");
  for (const [name, saved, inputs] of [
    ["Base", "2026-05-01T10:00:00.000Z", '{"rate":0.2}'],
    ["0.5", "2026-05-02T10:00:00.000Z", "{}"],
  ]) {
    await wb.appendScenarioRow({
      cells: { Name: name, Schema: 1, Saved: saved, Inputs: inputs, Id: `id-${name}`, Revision: 2, "Saved by": "Alice" },
    });
  }
  return wb;
}

async function readBack(file: Uint8Array): Promise<Workbook> {
  const book = new Workbook();
  await book.xlsx.load(file as never);
  return book;
}

describe("export to .xlsx", () => {
  it("writes formulas with their computed values, and the spilled values as Excel stores a dynamic array", async () => {
    const book = await readBack(await exportXlsx(await builtWorkbook()));
    const ws = book.getWorksheet("Deal Model")!;
    expect(ws.getCell("C6").value).toEqual({ formula: "_xldudf_DEAL_VALUATION(Deal_StakeValue,Deal_Stake)", result: 500e9 });
    const anchor = ws.getCell("A8").value as CellFormulaValue & { shareType?: string; ref?: string };
    expect(anchor).toMatchObject({
      formula: "_xldudf_DEAL_TESTSCHEDULE(Deal_Periods,C6/1000)",
      result: "Period",
      shareType: "array",
      ref: "A8:C12",
    });
    const spilled: unknown[][] = [];
    for (let r = 8; r <= 12; r++) spilled.push([1, 2, 3].map((c) => (r === 8 && c === 1 ? "Period" : ws.getCell(r, c).value)));
    expect(spilled).toEqual(scheduleRows(4, 500e6));
    expect(ws.getCell("C3").value).toBe(135e9);
    expect(ws.getCell("A3").value).toBe("Stake value");
  });

  it("gives a spill's header row, its anchor included, the header style and no number format", async () => {
    const wb = new EmbeddedWorkbook(source);
    const sheet = modelSheet();
    const anchor = sheet.cells.find((c) => c.address === "A8")!;
    anchor.spill = { ...anchor.spill!, headerRow: true };
    await wb.buildModel(buildRequest([sheet]));
    const ws = (await readBack(await exportXlsx(wb))).getWorksheet("Deal Model")!;
    for (const address of ["A8", "B8", "C8"]) {
      expect(ws.getCell(address).fill).toMatchObject({ fgColor: { argb: `FF${ROLE_STYLES.header.fill!.slice(1)}` } });
      expect(ws.getCell(address).font.bold).toBe(true);
      expect(ws.getCell(address).numFmt ?? "General").toBe("General");
    }
    expect(ws.getCell("B9").numFmt).toBe(FORMAT_CODES.currency);
  });

  it("writes TRUE and FALSE as booleans in General, also where the column's format is text", async () => {
    const wb = new EmbeddedWorkbook(source);
    const sheet = modelSheet();
    sheet.cells.push({
      address: "E1",
      formula: "={1,5}<C5",
      role: "output",
      spill: { rows: 1, columns: 2, columnFormats: ["text", "text"] },
    });
    await wb.buildModel(buildRequest([sheet]));
    const ws = (await readBack(await exportXlsx(wb))).getWorksheet("Deal Model")!;
    expect([ws.getCell("E1").result ?? ws.getCell("E1").value, ws.getCell("F1").value]).toEqual([true, false]);
    expect(ws.getCell("F1").numFmt ?? "General").toBe("General");
    expect(ws.getCell("E1").numFmt ?? "General").toBe("General");
  });

  it("carries the model's charts as native charts over the formula sheet, with the computed values cached", async () => {
    const { charts } = await readPackage(await exportXlsx(await builtWorkbook()));
    expect(charts).toEqual([
      {
        sheet: "Deal Model",
        path: expect.stringMatching(/^xl\/charts\/chart\d+\.xml$/),
        kind: "column",
        title: "Schedule",
        categories: "'Deal Model'!$A$9:$A$12",
        series: [{ name: "Amount", ref: "'Deal Model'!$B$9:$B$12", values: [500e6, 500e6, 500e6, 500e6] }],
      },
    ]);
  });

  it("marks each spilled formula as a dynamic array (cell metadata XLDAPR)", async () => {
    const zip = await JSZip.loadAsync(await exportXlsx(await builtWorkbook()));
    const sheetXml = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
    expect(sheetXml).toMatch(/<c r="A8"[^>]* cm="1"><f t="array" ref="A8:C12">/);
    expect(sheetXml.match(/cm="1"/g)).toHaveLength(1);
    expect(await zip.file("xl/metadata.xml")!.async("string")).toMatch(/XLDAPR[\s\S]*fDynamic="1"/);
    expect(await zip.file("[Content_Types].xml")!.async("string")).toContain('PartName="/xl/metadata.xml"');
    expect(await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).toContain('Target="metadata.xml"');
  });

  it("writes the named ranges, the number formats and the scenario table", async () => {
    const book = await readBack(await exportXlsx(await builtWorkbook()));
    expect(book.definedNames.model).toEqual(
      expect.arrayContaining([
        { name: "Deal_Stake", ranges: ["'Deal Model'!$C$4"] },
        { name: "Deal_Periods", ranges: ["'Deal Model'!$C$5"] },
      ]),
    );
    const ws = book.getWorksheet("Deal Model")!;
    expect(ws.getCell("C4").numFmt).toBe(FORMAT_CODES.percent);
    expect(ws.getCell("B10").numFmt).toBe(FORMAT_CODES.currency);
    const scenarios = book.getWorksheet(SCENARIO_SHEET)!;
    const table = scenarios.getTable("DealScenarios") as unknown as { table: { tableRef: string; columns: { name: string }[] } };
    expect(table.table.tableRef).toBe("A1:G3");
    expect(table.table.columns.map((c) => c.name)).toEqual([...SCENARIO_COLUMNS]);
    expect(scenarios.getCell("A3").value).toBe("0.5");
    expect(book.getWorksheet(PREVIEW_DATA_SHEET)!.state).toBe("veryHidden");
  });
});

describe("the build record, kept where the Office.js workbook keeps it", () => {
  it("travels as cells of the add-in's sheet and the name that finds them, so a rebuild in Excel updates in place", async () => {
    const book = await readBack(await exportXlsx(await builtWorkbook()));
    const own = book.getWorksheet(SCENARIO_SHEET)!;
    // The scenario table (A:G) took column G after the first build: the record moved right of it, found by its name.
    expect(own.getCell("I1").value).toBe(RECORD_HEADER);
    expect(JSON.parse(String(own.getCell("I2").value)).sheets.map((s: { key: string }) => s.key)).toEqual(["Deal Model"]);
    expect(book.definedNames.model).toEqual(expect.arrayContaining([{ name: RECORD_NAME, ranges: [`'${SCENARIO_SHEET}'!$I$1:$I$2`] }]));
  });

  it("reads an earlier version's record (G:J) from a file Excel saved: the model is built in place, nothing of the user's is cleared", async () => {
    const book = new Workbook();
    const ws = book.addWorksheet("Deal Model");
    ws.getCell("A3").value = "Stake value";
    ws.getCell("A20").value = "written by an older build";
    ws.getCell("E1").value = "the user's own note";
    const own = book.addWorksheet(SCENARIO_SHEET);
    [LEGACY_RECORD_HEADER, ["Deal Model", "A3,A20", "Deal_Old", ""]].forEach((values, r) =>
      values.forEach((v, c) => (own.getCell(r + 1, 7 + c).value = v)),
    );
    const wb = new EmbeddedWorkbook(source);
    wb.load(await importXlsx(new Uint8Array(await book.xlsx.writeBuffer()), source.metadata));
    const report = await wb.buildModel(buildRequest([modelSheet()]));
    expect(report.sheets).toEqual({ "Deal Model": "Deal Model" });
    expect(wb.cell("Deal Model", "A1").value).toBe("Deal model");
    // A cell the old build wrote but that does not hold what this one writes cannot be told from the user's: kept.
    expect(wb.cell("Deal Model", "A20").value).toBe("written by an older build");
    expect(wb.cell("Deal Model", "E1").value).toBe("the user's own note");
    expect(wb.cell(SCENARIO_SHEET, "G1").value).toBe(RECORD_HEADER);
    expect(wb.cell(SCENARIO_SHEET, "H1").value).toBeNull();
  });
});

describe("import from .xlsx", () => {
  it("round-trips the preview's own export: cells, spills, names, formats, charts, scenarios and the build record", async () => {
    const original = await builtWorkbook();
    const copy = new EmbeddedWorkbook(source);
    copy.load(await importXlsx(await exportXlsx(original), source.metadata));
    expect(copy.toJSON()).toEqual(original.toJSON());
    expect(copy.cell("Deal Model", "C12").value).toBe(2e9);
    expect(await copy.readScenarioTable()).toEqual(await original.readScenarioTable());
    copy.setCellInput("Deal Model", "C5", "2");
    expect(copy.spillRange("Deal Model", "A8")).toBe("A8:C10");
  });

  it("keeps the scenario table's ids, revisions, the user's columns and each cell's type through a file", async () => {
    const original = await builtWorkbook();
    original.insertColumns(SCENARIO_SHEET, 1);
    original.setCellInput(SCENARIO_SHEET, "B1", "Notes");
    original.setCellInput(SCENARIO_SHEET, "B2", "call Bob");
    original.setCellInput(SCENARIO_SHEET, "B3", "42");
    original.setCellInput(SCENARIO_SHEET, "C3", "'1");
    const file = await exportXlsx(original);
    const book = await readBack(file);
    const table = book.getWorksheet(SCENARIO_SHEET)!.getTable("DealScenarios") as unknown as { table: { columns: { name: string }[] } };
    expect(table.table.columns.map((c) => c.name)).toEqual(["Name", "Notes", ...SCENARIO_COLUMNS.slice(1)]);
    const copy = new EmbeddedWorkbook(source);
    copy.load(await importXlsx(file, source.metadata));
    const rows = (await copy.readScenarioTable())!.rows;
    expect(rows).toEqual([
      ["Base", "call Bob", 1, "2026-05-01T10:00:00.000Z", '{"rate":0.2}', "id-Base", 2, "Alice"],
      ["0.5", 42, "1", "2026-05-02T10:00:00.000Z", "{}", "id-0.5", 2, "Alice"],
    ]);
    // And the pane's writes go on by id and revision in the file opened again.
    const result = await copy.updateScenarioRow({
      expected: { Name: "Base", Schema: 1, Id: "id-Base", Revision: 2 },
      changes: { Name: "Base case", Revision: 3 },
    });
    expect(result.ok).toBe(true);
    expect((await copy.readScenarioTable())!.rows[0]).toEqual([
      "Base case",
      "call Bob",
      1,
      "2026-05-01T10:00:00.000Z",
      '{"rate":0.2}',
      "id-Base",
      3,
      "Alice",
    ]);
  });

  it("reads a workbook Excel saved: add-in functions under _xldudf_, _xlfn prefixes, dates, shared formulas", async () => {
    const book = new Workbook();
    const ws = book.addWorksheet("Model");
    ws.getCell("A1").value = 135e9;
    ws.getCell("B1").value = 0.27;
    ws.getCell("B1").numFmt = "0%";
    ws.getCell("C1").value = { formula: "_xldudf_DEAL_VALUATION(A1,B1)", result: 500e9 } as never;
    ws.getCell("D1").value = new Date(Date.UTC(2025, 9, 28));
    ws.getCell("D1").numFmt = "d-mmm-yy";
    ws.getCell("E1").value = { formula: "_xlfn.SEQUENCE(2)", result: 1, shareType: "array", ref: "E1:E2" } as never;
    ws.getCell("E2").value = 2;
    ws.getCell("F1").value = { formula: "A1*2", result: 270e9 } as never;
    ws.getCell("F2").value = { sharedFormula: "F1", result: 0 } as never;
    ws.getCell("G1").value = { formula: '"_xlfn.not a prefix"&"x"', result: "_xlfn.not a prefixx" } as never;
    // As older exports of the preview wrote it, without the prefix.
    ws.getCell("H1").value = { formula: "DEAL.VALUATION(A1,B1)", result: 500e9 } as never;
    book.definedNames.add("Model!$B$1", "Deal_Stake");
    const wb = new EmbeddedWorkbook(source);
    wb.load(await importXlsx(new Uint8Array(await book.xlsx.writeBuffer()), source.metadata));

    expect(wb.cell("Model", "C1")).toMatchObject({ value: 500e9, formula: "=DEAL.VALUATION(A1,B1)" });
    expect(wb.cell("Model", "D1")).toMatchObject({ value: 45958, format: "date", text: "2025-10-28" });
    expect(wb.cell("Model", "B1").format).toBe("percent");
    expect(wb.cell("Model", "E2")).toMatchObject({ value: 2, spilledFrom: "E1" });
    expect(wb.cell("Model", "F2")).toMatchObject({ value: 0, formula: "=A2*2" });
    expect(wb.cell("Model", "G1").value).toBe("_xlfn.not a prefixx");
    expect(wb.cell("Model", "H1")).toMatchObject({ value: 500e9, formula: "=DEAL.VALUATION(A1,B1)" });
    expect(await wb.readNames(["Deal_Stake"])).toEqual({ Deal_Stake: 0.27 });
  });

  it.each([1, 59, 60, 61, 45958])("reads the date serial %p back as itself (exceljs has no 1900-02-29)", async (serial) => {
    const book = new Workbook();
    const ws = book.addWorksheet("Dates");
    ws.getCell("A1").value = serial;
    ws.getCell("A1").numFmt = "yyyy-mm-dd";
    const wb = new EmbeddedWorkbook(source);
    wb.load(await importXlsx(new Uint8Array(await book.xlsx.writeBuffer())));
    expect(wb.cell("Dates", "A1")).toMatchObject({ value: serial, format: "date" });
  });

  it("refuses a file that is not a workbook, with a reason", async () => {
    await expect(importXlsx(new TextEncoder().encode("not a zip"))).rejects.toThrow(/not an .xlsx workbook/);
  });

  it("refuses a file larger than it opens before reading it, and says the limit", async () => {
    await expect(importXlsx(new Uint8Array(MAX_XLSX_BYTES + 1))).rejects.toThrow(
      /This file is 5\.0 MB; the preview opens workbooks of up to 5\.0 MB/,
    );
  });

  it("refuses a sheet longer than the embedded workbook holds, naming the sheet and the limit", async () => {
    const book = new Workbook();
    book.addWorksheet("Long").getCell(MAX_SHEET_ROWS + 1, 1).value = 1;
    await expect(importXlsx(new Uint8Array(await book.xlsx.writeBuffer()))).rejects.toThrow(
      new RegExp(`The sheet Long uses ${MAX_SHEET_ROWS + 1} rows .* at most ${MAX_SHEET_ROWS} rows`),
    );
  });
});

describe("formula and format translation", () => {
  it.each([
    ["=SEQUENCE(3)*2", "_xlfn.SEQUENCE(3)*2"],
    ["=FILTER(A1:A3,B1:B3)", "_xlfn._xlws.FILTER(A1:A3,B1:B3)"],
    ['=DEAL.VALUATION(A1,B1)&"SEQUENCE("', '_xldudf_DEAL_VALUATION(A1,B1)&"SEQUENCE("'],
    ["=SUM(DEAL.REVSHARE(A1:A3,0.2))", "SUM(_xldudf_DEAL_REVSHARE(A1:A3,0.2))"],
    ["=SUM(A1:A3)", "SUM(A1:A3)"],
  ])("%s is stored as %s and read back", (formula, stored) => {
    expect(toFileFormula(formula)).toBe(stored);
    expect(fromFileFormula(stored, source.metadata)).toBe(formula);
  });

  it("repairs an add-in function that Excel linked to another add-in's file", () => {
    expect(fromFileFormula("[2]!_xldudf_DEAL_VALUATION(A1,B1)", source.metadata)).toBe("=DEAL.VALUATION(A1,B1)");
  });

  it("reads each format code it writes as the same kind, and common Excel codes as the nearest kind", () => {
    for (const [kind, code] of Object.entries(FORMAT_CODES)) expect(formatKindOf(code)).toBe(kind);
    expect(formatKindOf("0.00%")).toBe("percent");
    expect(formatKindOf("[$$-409]#,##0")).toBe("currency");
    expect(formatKindOf("mm/dd/yyyy")).toBe("date");
    expect(formatKindOf("0")).toBe("integer");
    expect(formatKindOf("General")).toBeUndefined();
  });
});
