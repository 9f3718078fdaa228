import fc from "fast-check";
import { EmbeddedWorkbook, rawFromInput, SerializedWorkbook } from "../../../src/workbook/embedded/embeddedWorkbook";
import { FORMAT_CODES } from "../../../src/workbook/styles";
import { CellValue, SCENARIO_SHEET, ShareRequest } from "../../../src/workbook/types";
import { formulasOf, readPackage } from "../../support/xlsxPackage";
import { buildRequest, TestSheet } from "../request";
import { modelSheet, scheduleRows, testSource } from "./support";

const source = testSource();
const newWorkbook = (data?: SerializedWorkbook) => new EmbeddedWorkbook(source, data);

/** The values of a block as the grid shows them (errors as their codes). */
function block(wb: EmbeddedWorkbook, sheet: string, range: string): unknown[][] {
  const [start, end] = range.split(":");
  const a = /([A-Z]+)(\d+)/.exec(start)!;
  const b = /([A-Z]+)(\d+)/.exec(end)!;
  const rows: unknown[][] = [];
  for (let r = Number(a[2]); r <= Number(b[2]); r++) {
    const row: unknown[] = [];
    for (let c = a[1].charCodeAt(0); c <= b[1].charCodeAt(0); c++) {
      const v = wb.cell(sheet, `${String.fromCharCode(c)}${r}`).value;
      row.push(v !== null && typeof v === "object" ? v.error : v);
    }
    rows.push(row);
  }
  return rows;
}

describe("building a model", () => {
  it("keeps what the user types while a build is being written: the edit lands when the build is over", async () => {
    const notes = (hint: string): TestSheet => ({
      key: "Deal Notes",
      name: "Deal Notes",
      cells: [
        { address: "A1", value: "Notes", role: "title" },
        { address: "A2", value: hint, role: "label" },
      ],
      names: [],
      charts: [],
    });
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet(), notes("hint")]));
    expect(wb.cell("Deal Notes", "A2").value).toBe("hint");
    // The second build has read the workbook and planned to write its new hint over the add-in's old one;
    // the user types a note there before that sheet is written.
    const report = await wb.buildModel(buildRequest([modelSheet(), notes("new hint")]), {
      onProgress: (progress) => {
        if (progress.step === 0) wb.setCellInput("Deal Notes", "A2", "my note");
      },
    });
    expect(report.cancelled).toBeUndefined();
    expect(wb.cell("Deal Notes", "A2").value).toBe("my note");
    // The next build sees it as the user's, keeps it and says so.
    const next = await wb.buildModel(buildRequest([modelSheet(), notes("new hint")]));
    expect(wb.cell("Deal Notes", "A2").value).toBe("my note");
    expect(next.kept.map((k) => `${k.sheet}!${k.address}`)).toContain("Deal Notes!A2");
  });

  it("writes values, formulas on named ranges, formats and charts", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    // The build record lives on the add-in's own sheet, as in Excel.
    expect(wb.sheetNames()).toEqual(["Sheet1", "Deal Model", SCENARIO_SHEET]);
    expect(wb.cell("Deal Model", "C6")).toMatchObject({
      value: 500e9,
      text: "$500,000,000,000.00",
      formula: "=DEAL.VALUATION(Deal_StakeValue,Deal_Stake)",
      format: "currency",
      role: "output",
    });
    expect(wb.cell("Deal Model", "C4").text).toBe("27.0%");
    expect(wb.namedRanges().map((n) => `${n.name}=${n.sheet}!${n.address}`)).toEqual([
      "Deal_StakeValue=Deal Model!C3",
      "Deal_Stake=Deal Model!C4",
      "Deal_Periods=Deal Model!C5",
      `DealModeller_BuildRecord=${SCENARIO_SHEET}!G1:G2`,
    ]);
    expect(wb.charts("Deal Model").map((c) => c.id)).toEqual(["Deal_ScheduleChart"]);
  });

  it("spills a schedule, formats its columns and resizes it when an input changes", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    expect(block(wb, "Deal Model", "A8:C11")).toEqual(scheduleRows(3, 500e6));
    expect(wb.spillRange("Deal Model", "A8")).toBe("A8:C11");
    expect(wb.cell("Deal Model", "B10")).toMatchObject({ text: "$500,000,000.00", format: "currency", spilledFrom: "A8" });
    expect(wb.cell("Deal Model", "B8").role).toBe("header");

    wb.setCellInput("Deal Model", "C5", "5");
    expect(wb.spillRange("Deal Model", "A8")).toBe("A8:C13");
    expect(block(wb, "Deal Model", "A8:C13")).toEqual(scheduleRows(5, 500e6));
    wb.setCellInput("Deal Model", "C4", "0.5");
    expect(wb.cell("Deal Model", "C13").value).toBe(5 * 270e6);
  });

  it("draws charts from the current values, following a spill that grew", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "C5", "4");
    const [chart] = wb.charts("Deal Model");
    expect(wb.chartData("Deal Model", chart)).toEqual({
      categories: ["1", "2", "3", "4"],
      series: [{ name: "Amount", values: [500e6, 500e6, 500e6, 500e6], format: "currency" }],
    });
  });

  it("is idempotent: building again changes nothing and duplicates no sheet, name or chart", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const once = JSON.stringify(wb.toJSON());
    await wb.buildModel(buildRequest([modelSheet()]));
    expect(JSON.stringify(wb.toJSON())).toBe(once);
    expect(wb.sheetNames()).toEqual(["Sheet1", "Deal Model", SCENARIO_SHEET]);
  });

  it("never touches cells outside the model, and clears what the previous build wrote and this one does not", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "E1", "my note");
    wb.setCellInput("Deal Model", "E2", "=C6*2");
    wb.setCellInput("Sheet1", "A1", "42");
    const smaller: TestSheet = { ...modelSheet(), cells: modelSheet().cells.filter((c) => c.address !== "A5" && c.address !== "A1") };
    await wb.buildModel(buildRequest([smaller]));
    expect(wb.cell("Deal Model", "A1").value).toBeNull();
    expect(wb.cell("Deal Model", "A5").value).toBeNull();
    expect(wb.cell("Deal Model", "A1").role).toBeUndefined();
    expect(wb.cell("Deal Model", "E1").value).toBe("my note");
    expect(wb.cell("Deal Model", "E2").value).toBe(1e12);
    expect(wb.cell("Sheet1", "A1").value).toBe(42);
  });

  it("removes names and charts the model no longer defines, and keeps a name another model sheet still defines", async () => {
    const wb = newWorkbook();
    const other: TestSheet = {
      name: "Other",
      cells: [{ address: "B2", value: 1 }],
      names: [{ name: "Deal_Shared", address: "B2" }],
      charts: [],
    };
    await wb.buildModel(buildRequest([modelSheet(), other]));
    await wb.buildModel(buildRequest([{ ...modelSheet(), names: modelSheet().names.slice(0, 2), charts: [] }]));
    expect(wb.namedRanges().map((n) => n.name)).toEqual(["Deal_StakeValue", "Deal_Stake", "Deal_Shared", "DealModeller_BuildRecord"]);
    expect(wb.charts("Deal Model")).toEqual([]);
    expect(await wb.readNames(["Deal_Periods", "Deal_Shared"])).toEqual({ Deal_Shared: 1 });
  });

  it("reads a name for a blank cell as blank, as Excel does (not as 0)", async () => {
    const wb = newWorkbook();
    const sheet: TestSheet = {
      name: "Blanks",
      cells: [
        { address: "A1", value: null, role: "input" },
        { address: "B1", formula: '=IF(Deal_Blank<>"","given","blank")' },
        { address: "C1", formula: "=ISBLANK(Deal_Blank)" },
        { address: "D1", formula: "=Deal_Blank+1" },
      ],
      names: [{ name: "Deal_Blank", address: "A1" }],
      charts: [],
    };
    await wb.buildModel(buildRequest([sheet]));
    expect(block(wb, "Blanks", "B1:D1")).toEqual([["blank", true, 1]]);
    expect(await wb.readNames(["Deal_Blank"])).toEqual({ Deal_Blank: null });
  });

  it("keeps money to the cent at hundreds of billions", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([{ name: "Cents", cells: [{ address: "A1", formula: "=5200000000/3" }], names: [], charts: [] }]));
    expect(wb.cell("Cents", "A1").value).toBeCloseTo(1733333333.33, 2);
  });

  it("styles a spill's first row as a header when the spec says so, and names series as the spec does", async () => {
    const wb = newWorkbook();
    const sheet = modelSheet();
    const cells = sheet.cells.map((c) => (c.spill ? { ...c, spill: { ...c.spill, headerRow: false } } : c));
    await wb.buildModel(buildRequest([{ ...sheet, cells, charts: [{ ...sheet.charts[0], seriesNames: ["Per period"] }] }]));
    expect(wb.cell("Deal Model", "B8").role).toBeUndefined();
    expect(wb.chartData("Deal Model", wb.charts("Deal Model")[0]).series[0].name).toBe("Per period");
  });

  it("moves a name that now points elsewhere", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const sheet = modelSheet();
    await wb.buildModel(
      buildRequest([{ ...sheet, names: sheet.names.map((n) => (n.name === "Deal_Stake" ? { ...n, address: "C5" } : n)) }]),
    );
    expect(await wb.readNames(["Deal_Stake"])).toEqual({ Deal_Stake: 3 });
    expect(wb.namedRanges().filter((n) => n.name === "Deal_Stake")).toEqual([{ name: "Deal_Stake", sheet: "Deal Model", address: "C5" }]);
  });

  it("refuses a bad spec before writing anything", async () => {
    const wb = newWorkbook();
    await expect(wb.buildModel(buildRequest([{ ...modelSheet(), names: [{ name: "C4", address: "C4" }] }]))).rejects.toThrow(
      /not a valid range name/,
    );
    await expect(wb.buildModel(buildRequest([{ ...modelSheet(), cells: [{ address: "nowhere", value: 1 }] }]))).rejects.toThrow(
      /not a cell address/,
    );
    await expect(wb.buildModel(buildRequest([{ ...modelSheet(), name: "a/b" }]))).rejects.toThrow(/not a valid sheet name/);
    await expect(wb.buildModel(buildRequest([{ ...modelSheet(), name: SCENARIO_SHEET }]))).rejects.toThrow(/add-in's own sheet/);
    await expect(wb.buildModel(buildRequest([{ ...modelSheet(), cells: [{ address: "A1", formula: "SUM(1)" }] }]))).rejects.toThrow(
      /starts with "="/,
    );
    expect(wb.sheetNames()).toEqual(["Sheet1"]);
  });
});

describe("named cells and binding", () => {
  it("reads named values; a name that does not exist is an absent key; an error reads as its code", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    expect(await wb.readNames(["Deal_Stake", "deal_stakevalue", "Deal_Nope"])).toEqual({ Deal_Stake: 0.27, deal_stakevalue: 135e9 });
    wb.setCellInput("Deal Model", "C4", "2");
    const sheet = modelSheet();
    await wb.buildModel(buildRequest([{ ...sheet, names: [...sheet.names, { name: "Deal_Valuation", address: "C6" }] }]));
    wb.setCellInput("Deal Model", "C4", "2");
    expect(await wb.readNames(["Deal_Valuation"])).toEqual({ Deal_Valuation: "#NUM!" });
  });

  it("keeps text as text", async () => {
    const wb = newWorkbook();
    const sheet = modelSheet();
    await wb.buildModel(buildRequest([{ ...sheet, cells: sheet.cells.map((c) => (c.address === "C4" ? { ...c, value: "0.5" } : c)) }]));
    expect(await wb.readNames(["Deal_Stake"])).toEqual({ Deal_Stake: "0.5" });
  });

  it("tells watchers about edits in the grid, and stops when unsubscribed", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const heard: [string, CellValue][] = [];
    const unsubscribe = await wb.watchNames(["Deal_Stake", "Deal_Periods"], (name, value) => heard.push([name, value]));

    wb.setCellInput("Deal Model", "C4", "25%");
    wb.setCellInput("Deal Model", "E5", "not a named cell");
    wb.setCellInput("Deal Model", "C4", "0.25");
    expect(heard).toEqual([["Deal_Stake", 0.25]]);
    wb.setCellInput("Deal Model", "C5", "6");
    expect(heard).toEqual([
      ["Deal_Stake", 0.25],
      ["Deal_Periods", 6],
    ]);

    await unsubscribe();
    wb.setCellInput("Deal Model", "C4", "0.1");
    expect(heard).toHaveLength(2);
  });

  it("reads named blocks whole, and tells a watcher of a block about a change anywhere in it", async () => {
    const wb = newWorkbook();
    const sheet = modelSheet();
    await wb.buildModel(buildRequest([{ ...sheet, names: [...sheet.names, { name: "Deal_Inputs", address: "C3:C5" }] }]));
    expect(await wb.readRanges(["Deal_Inputs", "Deal_Stake", "Deal_Nope"])).toEqual({
      Deal_Inputs: [[135e9], [0.27], [3]],
      Deal_Stake: [[0.27]],
    });
    const heard: [string, CellValue][] = [];
    await wb.watchNames(["Deal_Inputs"], (name, value) => heard.push([name, value]));
    wb.setCellInput("Deal Model", "C5", "4");
    expect(heard).toEqual([["Deal_Inputs", 135e9]]);
  });

  it("raises no change event for a build, a rebuild or the scenario table", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const heard: string[] = [];
    await wb.watchNames(["Deal_Stake", "Deal_Periods"], (name) => heard.push(name));
    await wb.buildModel(
      buildRequest([{ ...modelSheet(), cells: modelSheet().cells.map((c) => (c.address === "C4" ? { ...c, value: 0.3 } : c)) }]),
    );
    await wb.appendScenarioRow({ cells: { Name: "Base", Schema: 1, Inputs: "{}" } });
    expect(await wb.readNames(["Deal_Stake"])).toEqual({ Deal_Stake: 0.3 });
    expect(heard).toEqual([]);
  });

  it("keeps notifying other watchers when one handler throws", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const heard: string[] = [];
    await wb.watchNames(["Deal_Stake"], () => {
      throw new Error("handler bug");
    });
    await wb.watchNames(["Deal_Stake"], (name) => heard.push(name));
    wb.setCellInput("Deal Model", "C4", "0.2");
    expect(heard).toEqual(["Deal_Stake"]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe("reading what a user types", () => {
  it.each([
    ["20%", 0.2],
    ["$1,000", 1000],
    ["1,234,567.5", 1234567.5],
    ["(5)", -5],
    ["-3.5e2", -350],
    ["TRUE", true],
    ["false", false],
    ["2025-10-28", 45958],
    ["", null],
    ["=1+1", "=1+1"],
    ["'123", "'123"],
    ["12 apples", "'12 apples"],
    ["2025-02-30", "'2025-02-30"],
    ["1,23", "'1,23"],
  ])("%j", (typed, raw) => {
    expect(rawFromInput(typed)).toEqual(raw);
  });

  it("reads back every finite number as typed in the formula bar", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(rawFromInput(String(n))).toBe(n === 0 ? 0 : n);
      }),
    );
  });

  it("shows in the formula bar what reads back to the same contents", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    for (const [typed, shown] of [
      ["12%", "12%"],
      ["'0042", "'0042"],
      ["plain words", "plain words"],
    ]) {
      wb.setCellInput("Deal Model", "C4", typed);
      expect(wb.cellInput("Deal Model", "C4")).toBe(shown);
      expect(rawFromInput(wb.cellInput("Deal Model", "C4"))).toEqual(rawFromInput(typed));
    }
    expect(wb.cellInput("Deal Model", "C6")).toBe("=DEAL.VALUATION(Deal_StakeValue,Deal_Stake)");
  });
});

describe("the scenario table (its contract: test/workbook/scenarioTable.contract.test.ts)", () => {
  const cells = (name: string): Record<string, CellValue> => ({
    Name: name,
    Schema: 1,
    Saved: "2026-05-01T10:00:00.000Z",
    Inputs: '{"rate":0.2}',
    Id: `id-${name}`,
    Revision: 3,
    "Saved by": "0.5",
  });

  it("survives storage with the workbook: ids, revisions and the user's columns", async () => {
    const wb = newWorkbook();
    await wb.appendScenarioRow({ cells: cells("Base") });
    await wb.appendScenarioRow({ cells: cells("=not a formula") });
    wb.insertColumns(SCENARIO_SHEET, 2);
    wb.setCellInput(SCENARIO_SHEET, "C1", "Notes");
    wb.setCellInput(SCENARIO_SHEET, "C2", "'42");
    const again = newWorkbook(JSON.parse(JSON.stringify(wb.toJSON())));
    expect(await again.readScenarioTable()).toEqual(await wb.readScenarioTable());
    expect((await again.readScenarioTable())!.rows[0]).toEqual([
      "Base",
      1,
      "42",
      "2026-05-01T10:00:00.000Z",
      '{"rate":0.2}',
      "id-Base",
      3,
      "0.5",
    ]);
  });

  it("a user's column edits move the table and the names beside it, as Excel's do", async () => {
    const wb = newWorkbook();
    await wb.appendScenarioRow({ cells: cells("Base") });
    await wb.buildModel(buildRequest([modelSheet()]));
    const record = () => wb.namedRanges().find((n) => n.name === "DealModeller_BuildRecord")!.address;
    expect(record()).toBe("I1:I2");
    wb.insertColumns(SCENARIO_SHEET, 0, 2);
    expect(wb.tableRecords()[0].range).toBe("C1:I2");
    expect(record()).toBe("K1:K2");
    wb.deleteColumns(SCENARIO_SHEET, 0, 3);
    expect(wb.tableRecords()[0].range).toBe("A1:F2");
    expect((await wb.readScenarioTable())!.header).toEqual(["Schema", "Saved", "Inputs", "Id", "Revision", "Saved by"]);
    wb.moveTableColumn("DealScenarios", 5, 0);
    expect((await wb.readScenarioTable())!.header[0]).toBe("Saved by");
    expect((await wb.buildModel(buildRequest([modelSheet()]))).messages).toEqual([]);
  });
});

describe("sharing as values", () => {
  const request = (sheets = [modelSheet()]): ShareRequest => ({ sheets, stamp: { address: "A2", text: "Shared on 2026-05-01" } });

  it("makes a separate workbook of values, formats, names and charts, and leaves this workbook as it was", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "C5", "3");
    const before = wb.toJSON();
    const shared = await wb.shareAsValues(request());
    expect(shared).toMatchObject({ fileName: "deal-model (values).xlsx", sheets: ["Deal Model"], delivery: "returned" });
    expect(wb.toJSON()).toEqual(before);

    const { book, charts } = await readPackage(shared.file!);
    expect(book.worksheets.map((ws) => ws.name)).toEqual(["Deal Model"]);
    expect(formulasOf(book)).toEqual([]);
    const ws = book.getWorksheet("Deal Model")!;
    expect(ws.getCell("C6").value).toBe(500e9);
    expect(ws.getCell("C6").numFmt).toBe(FORMAT_CODES.currency);
    expect(ws.getCell("A2").value).toBe("Shared on 2026-05-01");
    const spilled = [8, 9, 10, 11].map((r) => [1, 2, 3].map((c) => ws.getCell(r, c).value));
    expect(spilled).toEqual(scheduleRows(3, 500e6));
    // The spill's header row has the header style, its anchor too; an input is a plain cell in the copy.
    for (const address of ["A8", "B8", "C8"]) expect(ws.getCell(address).fill).toMatchObject({ fgColor: { argb: "FFD9E1F2" } });
    expect(ws.getCell("A8").font.bold).toBe(true);
    expect((ws.getCell("C3").fill as { fgColor?: unknown } | undefined)?.fgColor).toBeUndefined();
    expect(ws.getCell("C3").font.color).toEqual({ argb: "FF000000" });
    expect(book.definedNames.model).toEqual(
      expect.arrayContaining([
        { name: "Deal_StakeValue", ranges: ["'Deal Model'!$C$3"] },
        { name: "Deal_Periods", ranges: ["'Deal Model'!$C$5"] },
      ]),
    );
    expect(charts).toEqual([
      {
        sheet: "Deal Model",
        path: expect.any(String),
        kind: "column",
        title: "Schedule",
        categories: "'Deal Model'!$A$9:$A$11",
        series: [{ name: "Amount", ref: "'Deal Model'!$B$9:$B$11", values: [500e6, 500e6, 500e6] }],
      },
    ]);
  });

  it("follows a spill that grew since the build: the chart covers every row", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "C5", "5");
    const { charts } = await readPackage((await wb.shareAsValues(request())).file!);
    expect(charts[0].series[0].ref).toBe("'Deal Model'!$B$9:$B$13");
  });

  it("keeps an error value as an error", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "C5", "0");
    const { book } = await readPackage((await wb.shareAsValues(request())).file!);
    expect(book.getWorksheet("Deal Model")!.getCell("A8").value).toEqual({ error: "#NUM!" });
  });

  it("refuses a sheet that does not exist", async () => {
    await expect(newWorkbook().shareAsValues(request([{ ...modelSheet(), name: "Nope" }]))).rejects.toThrow(/no sheet named Nope/);
  });
});

describe("storage", () => {
  it("round-trips through JSON: values, formulas, spills, names, formats, charts and the build record", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    wb.setCellInput("Deal Model", "E1", "user text");
    wb.setCellInput("Deal Model", "C5", "4");
    const stored = JSON.parse(JSON.stringify(wb.toJSON()));
    const again = newWorkbook(stored);
    expect(again.toJSON()).toEqual(wb.toJSON());
    expect(block(again, "Deal Model", "A8:C12")).toEqual(scheduleRows(4, 500e6));
    expect(again.cell("Deal Model", "B9").text).toBe("$500,000,000.00");

    // The build record survived: a rebuild after reload still clears what the model no longer writes.
    await again.buildModel(buildRequest([{ ...modelSheet(), cells: modelSheet().cells.filter((c) => c.address !== "A1") }]));
    expect(again.cell("Deal Model", "A1").value).toBeNull();
    expect(again.cell("Deal Model", "E1").value).toBe("user text");
  });

  it("refuses a stored workbook of another format or version with a reason", () => {
    const stored = newWorkbook().toJSON();
    expect(() => newWorkbook({ ...stored, version: 2 } as never)).toThrow(/another version/);
    expect(() => newWorkbook({ sheets: [] } as never)).toThrow(/not a Deal Modeller workbook/);
    expect(() => newWorkbook({ ...stored, sheets: [{ name: "S", cells: { nowhere: 1 } }] })).toThrow(/not a cell address/);
  });

  it("load replaces everything and tells watchers which names changed", async () => {
    const wb = newWorkbook();
    await wb.buildModel(buildRequest([modelSheet()]));
    const stored = wb.toJSON();
    wb.setCellInput("Deal Model", "C4", "0.1");
    const heard: [string, CellValue][] = [];
    await wb.watchNames(["Deal_Stake", "Deal_Periods"], (name, value) => heard.push([name, value]));
    const changes: number[] = [];
    wb.onDidChange(() => changes.push(1));
    wb.load(stored);
    expect(heard).toEqual([["Deal_Stake", 0.27]]);
    expect(changes).toHaveLength(1);
    expect(wb.cell("Deal Model", "C6").value).toBe(500e9);
  });
});
