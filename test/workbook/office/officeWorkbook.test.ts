import { ymdToSerial } from "../../../src/engine/dates";
import { defaultInputs } from "../../../src/model/fields";
import { modelSheets, NAMES } from "../../../src/model/sheets";
import { OfficeWorkbook } from "../../../src/workbook/office/officeWorkbook";
import { CHART_TYPES } from "../../../src/workbook/office/styles";
import { RECORD_HEADER, RECORD_NAME } from "../../../src/workbook/buildRecord";
import { FORMAT_CODES, ROLE_STYLES } from "../../../src/workbook/styles";
import { CellValue, SCENARIO_SHEET, SCENARIO_TABLE, ScenarioCells, ShareRequest, SheetSpec } from "../../../src/workbook/types";
import { cellsOf } from "../../../src/workbook/scenarioTable";
import { cellAddress } from "../../../src/workbook/a1";
import { formulasOf, readPackage } from "../../support/xlsxPackage";
import { buildRequest, keyed, TestSheet } from "../request";
import { FakeExcel } from "./fakeExcel";
import { scenarioCells } from "../scenarioHarness";

/**
 * The Office.js workbook against office-addin-mock objects (fakeExcel.ts): what it writes (ranges,
 * names, formulas, formats, charts), that building again changes nothing twice, that change events map
 * to names without echoing its own writes, and the scenario table's round trip.
 */

function model(periods = 3, extra: Partial<SheetSpec> = {}): TestSheet {
  return {
    name: "Deal RevShare",
    cells: [
      { address: "A1", value: "Revenue share", role: "title" },
      { address: "A4", value: "Rate", role: "label" },
      { address: "B4", value: 0.2, role: "input", format: "percent" },
      { address: "A5", value: "Terms", role: "label" },
      { address: "B5", value: "2025-10", role: "input", format: "text" },
      { address: "A6", value: "Ends", role: "label" },
      { address: "B6", value: ymdToSerial(2030, 12, 31), role: "input", format: "date" },
      ...Array.from({ length: periods }, (_, i) => ({
        address: `B${10 + i}`,
        value: 1000 * (i + 1),
        role: "input" as const,
        format: "currency" as const,
      })),
      {
        address: "D9",
        formula: `=DEAL.REVSHARE(Deal_RevShare_Revenue,Deal_RevShare_Rate)`,
        role: "output",
        spill: { rows: periods + 1, columns: 3, columnFormats: ["date", "currency", "currency"], headerRow: true },
      },
    ],
    names: [
      { name: "Deal_RevShare_Rate", address: "B4", comment: "Rate" },
      { name: "Deal_Terms_Preset", address: "B5" },
      { name: "Deal_RevShare_Revenue", address: `B10:B${9 + periods}` },
    ],
    charts: [
      {
        id: "DealRevShare_Payments",
        title: "Payments by period",
        type: "column",
        dataRange: `D9:F${9 + periods}`,
        seriesColumns: [1, 2],
        seriesNames: ["Accrued", "Paid"],
        anchor: "H4",
      },
    ],
    ...extra,
  };
}

let fake: FakeExcel;
let workbook: OfficeWorkbook;

beforeEach(() => {
  fake = new FakeExcel(["Sheet1"]);
  fake.install();
  workbook = new OfficeWorkbook();
});

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe("buildModel", () => {
  it("writes values, formulas, number formats and styles in one Excel.run", async () => {
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.runs).toBe(1);
    const rate = fake.cell("Deal RevShare", "B4")!;
    expect(rate.value).toBe(0.2);
    expect(rate.numberFormat).toBe(FORMAT_CODES.percent);
    expect(rate.style).toMatchObject({ color: ROLE_STYLES.input.color, fill: ROLE_STYLES.input.fill, bold: false });
    expect(fake.cell("Deal RevShare", "A1")!.style).toMatchObject({ bold: true, size: 14, fill: null });
    expect(fake.cell("Deal RevShare", "B6")).toMatchObject({ value: ymdToSerial(2030, 12, 31), numberFormat: FORMAT_CODES.date });
    expect(fake.cell("Deal RevShare", "D9")!.formula).toBe("=DEAL.REVSHARE(Deal_RevShare_Revenue,Deal_RevShare_Rate)");
  });

  it("keeps text that looks like a date as text: the text format goes in before the value", async () => {
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.cell("Deal RevShare", "B5")).toMatchObject({ value: "2025-10", numberFormat: "@" });
    // What Excel (and the fake) does to the same text in a General cell:
    fake.typeInto(fake.sheet("Sheet1"), "A1", "2025-10", false);
    expect(typeof fake.cell("Sheet1", "A1")!.value).toBe("number");
  });

  it("formats a spill's block by column, its header row as a header", async () => {
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.cell("Deal RevShare", "D9")!.numberFormat).toBe("General");
    expect(fake.cell("Deal RevShare", "F9")!.style).toMatchObject({ bold: true, fill: ROLE_STYLES.header.fill });
    expect(fake.cell("Deal RevShare", "D10")!.numberFormat).toBe(FORMAT_CODES.date);
    expect(fake.cell("Deal RevShare", "F12")!.numberFormat).toBe(FORMAT_CODES.currency);
    expect(fake.cell("Deal RevShare", "F13")).toBeUndefined();
  });

  it("defines workbook names on the model sheet's cells", async () => {
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.name("Deal_RevShare_Rate")).toMatchObject({ formula: "='Deal RevShare'!$B$4", comment: "Rate" });
    expect(fake.nameTarget("Deal_RevShare_Revenue")).toEqual({ sheet: "Deal RevShare", address: "B10:B12" });
  });

  it("adds a native chart per schedule: series by value column, categories from the first column, named and placed", async () => {
    await workbook.buildModel(buildRequest([model()]));
    const charts = fake.sheet("Deal RevShare").charts;
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({
      name: "DealRevShare_Payments",
      type: CHART_TYPES.column,
      title: "Payments by period",
      position: "H4",
    });
    expect(charts[0].series).toEqual([
      { name: "Accrued", values: "E10:E12", xValues: "D10:D12" },
      { name: "Paid", values: "F10:F12", xValues: "D10:D12" },
    ]);
  });

  it("records what it wrote on the add-in's sheet, under a name that finds it again", async () => {
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.nameTarget(RECORD_NAME)).toEqual({ sheet: SCENARIO_SHEET, address: "G1:G2" });
    const [header, json] = fake.blockValues(fake.sheet(SCENARIO_SHEET), { top: 0, left: 6, bottom: 1, right: 6 }).map((r) => r[0]);
    expect(header).toBe(RECORD_HEADER);
    const record = JSON.parse(String(json));
    expect(record.sheets).toEqual([
      expect.objectContaining({
        key: "Deal RevShare",
        name: "Deal RevShare",
        id: String(fake.sheet("Deal RevShare").id),
        created: true,
        formatted: ["D9:F12"],
        names: ["Deal_RevShare_Rate", "Deal_Terms_Preset", "Deal_RevShare_Revenue"],
        charts: ["DealRevShare_Payments"],
      }),
    ]);
    expect(Object.keys(record.sheets[0].cells).sort()).toEqual(["A1", "A4", "A5", "A6", "B10", "B11", "B12", "B4", "B5", "B6", "D9"]);
  });

  it("builds again in place: no duplicate sheet, name or chart, and the same cells", async () => {
    await workbook.buildModel(buildRequest([model()]));
    const snapshot = JSON.stringify([...fake.sheet("Deal RevShare").cells]);
    await workbook.buildModel(buildRequest([model()]));
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", "Deal RevShare", SCENARIO_SHEET]);
    expect(fake.names.filter((n) => n.name.startsWith("Deal_"))).toHaveLength(3);
    expect(fake.sheet("Deal RevShare").charts).toHaveLength(1);
    expect(JSON.stringify([...fake.sheet("Deal RevShare").cells])).toBe(snapshot);
    expect(fake.runs).toBe(2);
  });

  it("finds its chart again by name: a chart the user moved is updated, not duplicated; a chart of the user's is left alone", async () => {
    await workbook.buildModel(buildRequest([model()]));
    const chart = fake.sheet("Deal RevShare").charts[0];
    chart.position = "Z40";
    fake.sheet("Deal RevShare").charts.push({ name: "My chart", type: "Pie", title: "mine", series: [] });
    await workbook.buildModel(buildRequest([model(5)]));
    const charts = fake.sheet("Deal RevShare").charts;
    expect(charts.map((c) => c.name)).toEqual(["DealRevShare_Payments", "My chart"]);
    expect(charts[0].position).toBe("H4");
    expect(charts[0].series.map((s) => s.values)).toEqual(["E10:E14", "F10:F14"]);
  });

  it("clears only the cells the previous build wrote and this one does not; the user's cells stay", async () => {
    await workbook.buildModel(buildRequest([model(5)]));
    fake.userEdit("Deal RevShare", "B20", "my note");
    fake.userEdit("Deal RevShare", "C10", 42);
    await workbook.buildModel(buildRequest([model(3)]));
    const sheet = fake.sheet("Deal RevShare");
    expect(sheet.cells.get("B13")).toBeUndefined();
    expect(sheet.cells.get("B14")).toBeUndefined();
    // The freed cells of the shorter spill lose the add-in's formats; they were never its entries.
    expect(sheet.cells.get("F14")).toMatchObject({ value: "", numberFormat: "General", style: {} });
    expect(sheet.cells.get("B12")!.value).toBe(3000);
    expect(sheet.cells.get("B20")!.value).toBe("my note");
    expect(sheet.cells.get("C10")!.value).toBe(42);
  });

  it("leaves a cell the user changed while the build wrote the sheets before it, and says it kept it", async () => {
    const terms: TestSheet = {
      name: "Deal Terms",
      cells: [{ address: "B4", value: "2025-10", format: "text" }],
      names: [{ name: "Deal_Terms_Shared", address: "B4" }],
      charts: [],
    };
    await workbook.buildModel(buildRequest([terms, model(3)]));
    // The next build changes the rate (a write) and drops a period (a clear) on the second sheet.
    const shorter = model(2);
    shorter.cells = shorter.cells.map((c) => (c.address === "B4" ? { ...c, value: 0.25 } : c));
    const report = await workbook.buildModel(buildRequest([{ ...terms, cells: [{ ...terms.cells[0], value: "2026-04" }] }, shorter]), {
      onProgress: ({ step }) => {
        // In Excel the user types while the first sheet is written and the pane yields.
        if (step === 1) {
          fake.userEdit("Deal RevShare", "B4", 0.3);
          fake.userEdit("Deal RevShare", "B12", "mine");
        }
      },
    });
    expect(fake.cell("Deal Terms", "B4")!.value).toBe("2026-04");
    expect(fake.cell("Deal RevShare", "B4")!.value).toBe(0.3);
    expect(fake.cell("Deal RevShare", "B12")!.value).toBe("mine");
    expect(report.kept).toEqual(
      expect.arrayContaining([
        { sheet: "Deal RevShare", address: "B4", reason: "changed" },
        { sheet: "Deal RevShare", address: "B12", reason: "changed" },
      ]),
    );
    // The rest of the sheet is the new build's. The next build leaves the cell it did not clear as the
    // user's (an input's cell is the field's: the pane takes the typed value, and builds with it).
    expect(fake.cell("Deal RevShare", "B11")!.value).toBe(2000);
    const again = await workbook.buildModel(buildRequest([terms, shorter]));
    expect(fake.cell("Deal RevShare", "B12")!.value).toBe("mine");
    expect(again.kept).toEqual([]);
  });

  it("removes the names and charts an earlier build defined and this one does not", async () => {
    await workbook.buildModel(buildRequest([model()]));
    await workbook.buildModel(buildRequest([model(3, { names: [{ name: "Deal_RevShare_Rate", address: "B4" }], charts: [] })]));
    expect(fake.names.map((n) => n.name)).toEqual(["Deal_RevShare_Rate", RECORD_NAME]);
    expect(fake.sheet("Deal RevShare").charts).toHaveLength(0);
  });

  it("moves a name that now points elsewhere, and keeps a name another model sheet still defines", async () => {
    const other: TestSheet = {
      name: "Deal Terms",
      cells: [{ address: "B4", value: "2025-10", format: "text" }],
      names: [{ name: "Deal_Terms_Shared", address: "B4" }],
      charts: [],
    };
    await workbook.buildModel(buildRequest([other, model()]));
    await workbook.buildModel(buildRequest([model(3, { names: [{ name: "Deal_RevShare_Rate", address: "C4" }] })]));
    expect(fake.name("Deal_RevShare_Rate")!.formula).toBe("='Deal RevShare'!$C$4");
    expect(fake.name("Deal_Terms_Shared")).toBeDefined();
  });

  it("builds the product's model sheets (every section) in one Excel.run, and again without duplicates", async () => {
    const specs = modelSheets(defaultInputs(ymdToSerial(2026, 5, 1)), ["stake", "valuation", "revshare", "drawdown", "rights"]);
    await workbook.buildModel(buildRequest(specs));
    await workbook.buildModel(buildRequest(specs));
    expect(fake.runs).toBe(2);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", ...specs.map((s) => s.name), SCENARIO_SHEET]);
    const names = specs.flatMap((s) => s.names.map((n) => n.name));
    expect(fake.names.map((n) => n.name).sort()).toEqual([...names, RECORD_NAME].sort());
    expect(fake.sheets.flatMap((s) => s.charts.map((c) => c.name)).sort()).toEqual(specs.flatMap((s) => s.charts.map((c) => c.id)).sort());
    expect(fake.cell("Deal Terms", "B4")).toMatchObject({ value: "2025-10", numberFormat: "@" });
    expect(fake.activeSheet).toBe("Deal Terms");
  });

  it("refuses a spec that writes a cell twice or that targets the add-in's own sheet, before touching the workbook", async () => {
    const twice = model();
    twice.cells.push({ address: "B4", value: 1 });
    await expect(workbook.buildModel(buildRequest([twice]))).rejects.toThrow(/B4 is written twice/);
    await expect(workbook.buildModel(buildRequest([{ ...model(), name: SCENARIO_SHEET }]))).rejects.toThrow(/own sheet/);
    expect(fake.runs).toBe(0);
  });
});

describe("names: read, write, watch", () => {
  beforeEach(async () => {
    await workbook.buildModel(buildRequest([model()]));
  });

  it("reads single cells and blocks; a missing name is an absent key", async () => {
    expect(await workbook.readNames(["Deal_RevShare_Rate", "Deal_Terms_Preset", "Nope"])).toEqual({
      Deal_RevShare_Rate: 0.2,
      Deal_Terms_Preset: "2025-10",
    });
    expect(await workbook.readRanges(["Deal_RevShare_Revenue", "Nope"])).toEqual({ Deal_RevShare_Revenue: [[1000], [2000], [3000]] });
  });

  it("hears the user's and a co-author's changes of watched cells, and only those", async () => {
    const heard: [string, CellValue][] = [];
    const stop = await workbook.watchNames(["Deal_RevShare_Rate", "Deal_RevShare_Revenue"], (name, value) => heard.push([name, value]));
    fake.userEdit("Deal RevShare", "B4", 0.3);
    fake.userEdit("Deal RevShare", "B11", 2500, "Remote");
    fake.userEdit("Deal RevShare", "C4", 7);
    fake.userEdit("Sheet1", "B4", 9);
    await fake.settle();
    expect(heard).toEqual([
      ["Deal_RevShare_Rate", 0.3],
      ["Deal_RevShare_Revenue", 1000],
    ]);
    await stop();
    fake.userEdit("Deal RevShare", "B4", 0.4);
    await fake.settle();
    expect(heard).toHaveLength(2);
  });

  it("does not echo its own writes: a build of a changed input raises no event for the pane", async () => {
    const heard: [string, CellValue][] = [];
    await workbook.watchNames(["Deal_RevShare_Rate"], (name, value) => heard.push([name, value]));
    await workbook.buildModel(
      buildRequest([model(3, { cells: model().cells.map((c) => (c.address === "B4" ? { ...c, value: 0.25 } : c)) })]),
    );
    await fake.settle();
    expect(fake.cell("Deal RevShare", "B4")!.value).toBe(0.25);
    expect(heard).toEqual([]);
    fake.userEdit("Deal RevShare", "B4", 0.3);
    await fake.settle();
    expect(heard).toEqual([["Deal_RevShare_Rate", 0.3]]);
  });

  it("follows a name to where it points now (rows inserted above it)", async () => {
    const heard: [string, CellValue][] = [];
    await workbook.watchNames(["Deal_RevShare_Rate"], (name, value) => heard.push([name, value]));
    fake.name("Deal_RevShare_Rate")!.formula = "='Deal RevShare'!$B$7";
    fake.userEdit("Deal RevShare", "B4", 0.9);
    fake.userEdit("Deal RevShare", "B7", 0.35);
    await fake.settle();
    expect(heard).toEqual([["Deal_RevShare_Rate", 0.35]]);
  });
});

describe("shareAsValues", () => {
  const request = (sheets = [model()]): ShareRequest => ({ sheets: keyed(sheets), stamp: { address: "A2", text: "Shared on 2026-05-01" } });
  const schedule = [
    ["Period end", "Accrued", "Paid"],
    [ymdToSerial(2025, 12, 31), 200, 100],
    [ymdToSerial(2026, 12, 31), 400, 300],
    [ymdToSerial(2027, 12, 31), 600, 800],
  ];

  /** The model built, its schedule computed and spilled as Excel would have it. */
  async function built(): Promise<void> {
    await workbook.buildModel(buildRequest([model()]));
    schedule.forEach((row, r) => row.forEach((v, c) => fake.computed.set(`Deal RevShare!${cellAddress({ row: 8 + r, col: 3 + c })}`, v)));
    // The fake computes no spill: the spilled cells hold their values as Excel shows them.
    schedule.slice(1).forEach((row, r) =>
      row.forEach((v, c) => {
        const address = cellAddress({ row: 9 + r, col: 3 + c });
        fake.sheet("Deal RevShare").cells.get(address)!.value = v;
      }),
    );
    fake.spills.set("Deal RevShare!D9", "D9:F12");
  }

  it("opens a separate workbook of values with Excel.createWorkbook, and leaves the user's workbook as it was", async () => {
    await built();
    const sheetsBefore = fake.sheets.map((sheet) => [sheet.name, [...sheet.cells.keys()].length]);
    const shared = await workbook.shareAsValues(request());
    expect(shared).toEqual({ fileName: "Deal (values).xlsx", sheets: ["Deal RevShare"], delivery: "opened" });
    expect(fake.sheets.map((sheet) => [sheet.name, [...sheet.cells.keys()].length])).toEqual(sheetsBefore);
    expect(fake.createdWorkbooks).toHaveLength(1);

    const { book, charts } = await readPackage(new Uint8Array(Buffer.from(fake.createdWorkbooks[0], "base64")));
    expect(book.worksheets.map((ws) => ws.name)).toEqual(["Deal RevShare"]);
    expect(formulasOf(book)).toEqual([]);
    const ws = book.getWorksheet("Deal RevShare")!;
    expect(ws.getCell("A2").value).toBe("Shared on 2026-05-01");
    expect(ws.getCell("B4").value).toBe(0.2);
    expect(ws.getCell("B4").numFmt).toBe(FORMAT_CODES.percent);
    expect(ws.getCell("B5").value).toBe("2025-10");
    expect(ws.getCell("D9").value).toBe("Period end");
    expect(ws.getCell("D9").font.bold).toBe(true);
    expect(ws.getCell("F12").value).toBe(800);
    expect(book.definedNames.model).toEqual(expect.arrayContaining([{ name: "Deal_RevShare_Rate", ranges: ["'Deal RevShare'!$B$4"] }]));
    expect(charts).toEqual([
      expect.objectContaining({
        sheet: "Deal RevShare",
        kind: "column",
        title: "Payments by period",
        series: [
          { name: "Accrued", ref: "'Deal RevShare'!$E$10:$E$12", values: [200, 400, 600] },
          { name: "Paid", ref: "'Deal RevShare'!$F$10:$F$12", values: [100, 300, 800] },
        ],
      }),
    ]);
  });

  it("charts the schedule as it spilled, when it grew since the build", async () => {
    await built();
    fake.sheet("Deal RevShare").cells.set("E13", { value: 700, numberFormat: "General", style: {} });
    fake.spills.set("Deal RevShare!D9", "D9:F13");
    await workbook.shareAsValues(request());
    const { charts } = await readPackage(new Uint8Array(Buffer.from(fake.createdWorkbooks[0], "base64")));
    expect(charts[0].series[0]).toMatchObject({ ref: "'Deal RevShare'!$E$10:$E$13", values: [200, 400, 600, 700] });
  });

  it("keeps an error as an error value", async () => {
    await built();
    fake.computed.set("Deal RevShare!D9", "#VALUE!");
    await workbook.shareAsValues(request());
    const { book } = await readPackage(new Uint8Array(Buffer.from(fake.createdWorkbooks[0], "base64")));
    expect(book.getWorksheet("Deal RevShare")!.getCell("D9").value).toEqual({ error: "#VALUE!" });
  });

  it("waits for the calculation: a #BUSY! result is an error, not a copy of #BUSY!", async () => {
    await built();
    fake.computed.set("Deal RevShare!D9", "#BUSY!");
    await expect(workbook.shareAsValues(request())).rejects.toThrow(/still calculating/);
    expect(fake.createdWorkbooks).toEqual([]);
  });

  it("names a missing sheet", async () => {
    await expect(workbook.shareAsValues(request([{ ...model(), name: "Nope" }]))).rejects.toThrow(/no sheet named Nope/);
  });
});

describe("the scenario table, as Excel and its co-authors change it", () => {
  const cells = scenarioCells;
  const body = () => fake.tableValues(SCENARIO_TABLE).slice(1);
  const names = () => body().map((row) => row[0]);
  const expectedOf = (at: number): ScenarioCells => cellsOf(fake.tableValues(SCENARIO_TABLE)[0].map(String), body()[at] as CellValue[]);

  async function three(): Promise<void> {
    for (const name of ["A", "B", "C"]) expect((await workbook.appendScenarioRow({ cells: cells(name) })).ok).toBe(true);
  }

  it("inserts a row with Excel's table rows (text formatted as text, numbers as whole numbers), one batch for the write", async () => {
    await three();
    const syncs = fake.syncs;
    expect((await workbook.appendScenarioRow({ cells: cells("D", { Saved: "2026-04" }) })).ok).toBe(true);
    expect(names()).toEqual(["A", "B", "C", "D"]);
    expect(fake.cell(SCENARIO_SHEET, "C5")).toMatchObject({ value: "2026-04", numberFormat: "@" });
    expect(fake.cell(SCENARIO_SHEET, "B5")).toMatchObject({ value: 1, numberFormat: "0" });
    // Two syncs read the table and the record, one writes (with its guard and its read back), one ends the run.
    expect(fake.syncs - syncs).toBe(4);
  });

  it("two co-authors' appends at once are two rows, and a same name at the same moment is said", async () => {
    await three();
    const bob = new OfficeWorkbook();
    fake.holdWrites(2);
    const alice = workbook.appendScenarioRow({ cells: cells("Base", { Id: "id-alice" }), unlessNamed: "Base" });
    await fake.held(1);
    const bobs = bob.appendScenarioRow({ cells: cells("Base", { Id: "id-bob", "Saved by": "Bob" }), unlessNamed: "Base" });
    const [first, second] = await fake.held(2);
    first.release();
    expect(await alice).toMatchObject({ ok: true });
    second.release();
    expect(await bobs).toMatchObject({ ok: true, notice: expect.stringMatching(/“Base” exists/) });
    expect(names()).toEqual(["A", "B", "C", "Base", "Base"]);
  });

  it("two co-authors' first saves at once: one creates the table, the other's becomes an append to it", async () => {
    const bob = new OfficeWorkbook();
    await workbook.buildModel(buildRequest([model()]));
    fake.holdWrites(2);
    const alice = workbook.appendScenarioRow({ cells: cells("A") });
    await fake.held(1);
    const bobs = bob.appendScenarioRow({ cells: cells("B", { "Saved by": "Bob" }) });
    const [first, second] = await fake.held(2);
    first.release();
    expect(await alice).toMatchObject({ ok: true });
    second.release();
    expect(await bobs).toMatchObject({ ok: true, at: 1 });
    expect(names()).toEqual(["A", "B"]);
    expect(fake.tables).toHaveLength(1);
    expect(fake.nameTarget(RECORD_NAME)).toEqual({ sheet: SCENARIO_SHEET, address: "I1:I2" });
  });

  it("a co-author's delete between the read and the write: the write puts back what it met and writes the right row", async () => {
    await three();
    const expected = expectedOf(1);
    const c = body()[2];
    fake.beforeNextWrite(() => fake.deleteTableRow(SCENARIO_TABLE, 0, "Remote"));
    const result = await workbook.updateScenarioRow({ expected, changes: { Name: "B2", Revision: 2 } });
    expect(result).toMatchObject({ ok: true, at: 0 });
    expect(body()).toEqual([["B2", 1, "2026-05-01T10:00:00.000Z", '{"name":"B"}', "id-B", 2, "Alice"], c]);
  });

  it("a co-author's delete between the read and a delete: the right row goes, the other comes back whole", async () => {
    await three();
    const expected = expectedOf(1);
    const c = body()[2];
    fake.beforeNextWrite(() => fake.deleteTableRow(SCENARIO_TABLE, 0, "Remote"));
    const result = await workbook.deleteScenarioRow({ expected });
    expect(result).toMatchObject({ ok: true, at: 0, removed: { row: expect.arrayContaining(["B", "id-B"]) } });
    expect(body()).toEqual([c]);
  });

  it("a table that changes between every read and write: refused as busy, and nothing of the add-in's stays written", async () => {
    await three();
    const expected = expectedOf(2);
    let n = 0;
    const again = () =>
      fake.beforeNextWrite(() => {
        fake.insertTableColumn(SCENARIO_TABLE, 0, `Col${++n}`, "Remote");
        again();
      });
    again();
    const result = await workbook.updateScenarioRow({ expected, changes: { Name: "C2" } });
    fake.beforeNextWrite(() => undefined);
    expect(result).toMatchObject({ ok: false, refusal: { reason: "busy" } });
    expect(n).toBeGreaterThanOrEqual(3);
    expect(body().map((row) => row.slice(-7))).toEqual([
      ["A", 1, "2026-05-01T10:00:00.000Z", '{"name":"A"}', "id-A", 1, "Alice"],
      ["B", 1, "2026-05-01T10:00:00.000Z", '{"name":"B"}', "id-B", 1, "Alice"],
      ["C", 1, "2026-05-01T10:00:00.000Z", '{"name":"C"}', "id-C", 1, "Alice"],
    ]);
  });

  it("reads a text-formatted 1 as the text it is, and never writes a row it was not asked to", async () => {
    await three();
    fake.sheet(SCENARIO_SHEET).cells.set("B3", { value: "1", numberFormat: "@", style: {} });
    const before = fake.cell(SCENARIO_SHEET, "B3");
    expect((await workbook.readScenarioTable())!.rows[1][1]).toBe("1");
    await workbook.deleteScenarioRow({ expected: expectedOf(0) });
    await workbook.appendScenarioRow({ cells: cells("D") });
    expect(fake.cell(SCENARIO_SHEET, "B2")).toEqual(before);
  });
});

describe("with the product's names", () => {
  it("binds the Deal_ names of a built model", async () => {
    const specs = modelSheets(defaultInputs(ymdToSerial(2026, 5, 1)), ["revshare"]);
    await workbook.buildModel(buildRequest(specs));
    expect(await workbook.readNames([NAMES.revshareRate, NAMES.termsPreset])).toEqual({
      [NAMES.revshareRate]: 0.2,
      [NAMES.termsPreset]: "2025-10",
    });
  });
});

describe("events during a build", () => {
  it("a build raises no change events for the pane, and leaves events on", async () => {
    await workbook.buildModel(buildRequest([model()]));
    const heard: string[] = [];
    await workbook.watchNames(["Deal_RevShare_Rate"], (name) => heard.push(name));
    await workbook.buildModel(
      buildRequest([model(3, { cells: model().cells.map((c) => (c.address === "B4" ? { ...c, value: 0.3 } : c)) })]),
    );
    await fake.settle();
    expect(heard).toEqual([]);
    expect(fake.eventsEnabled).toBe(true);
    expect(fake.cell("Deal RevShare", "B4")!.value).toBe(0.3);
    fake.userEdit("Deal RevShare", "B4", 0.4);
    await fake.settle();
    expect(heard).toEqual(["Deal_RevShare_Rate"]);
  });

  it("a build that fails in Excel turns events back on", async () => {
    // The third sync of a first build is the one that writes: it fails after events were turned off.
    fake.failingSync = fake.syncs + 3;
    await expect(workbook.buildModel(buildRequest([model()]))).rejects.toThrow(/simulated/);
    expect(fake.eventsEnabled).toBe(true);
  });
});
