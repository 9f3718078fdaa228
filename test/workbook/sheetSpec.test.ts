import { ymdToSerial } from "../../src/engine/dates";
import { defaultInputs, SECTIONS } from "../../src/model/fields";
import { modelSheets } from "../../src/model/sheets";
import { checkSheetSpec, seriesColumnsOf } from "../../src/workbook/sheetSpec";
import { ChartSpec, SCENARIO_SHEET, SheetSpec } from "../../src/workbook/types";

/** The one check both workbook implementations run on a spec before they write anything. */

function spec(): SheetSpec {
  return {
    key: "model",
    name: "Deal Model",
    cells: [
      { address: "A1", value: "Year" },
      { address: "B1", value: "Revenue" },
      { address: "C1", value: "Share" },
      { address: "C4", value: 0.27, format: "percent", role: "input" },
      { address: "C6", formula: "=C4*2" },
    ],
    names: [{ name: "Deal_Stake", address: "C4" }],
    charts: [{ id: "DealChart", title: "Revenue", type: "line", dataRange: "A1:C4", anchor: "E2" }],
  };
}

const withChart = (chart: Partial<ChartSpec>): SheetSpec => ({ ...spec(), charts: [{ ...spec().charts[0], ...chart }] });
const withName = (name: string, address = "C4"): SheetSpec => ({ ...spec(), names: [{ name, address }] });

describe("checkSheetSpec", () => {
  it("accepts every sheet the pane builds", () => {
    const sheets = modelSheets(
      defaultInputs(ymdToSerial(2026, 5, 1)),
      SECTIONS.map((s) => s.id),
    );
    expect(sheets.length).toBeGreaterThan(1);
    for (const sheet of sheets) expect(() => checkSheetSpec(sheet)).not.toThrow();
  });

  it("refuses a sheet name Excel would refuse, and the add-in's own sheet in any case", () => {
    expect(() => checkSheetSpec(spec())).not.toThrow();
    for (const name of ["", "a/b", "a:b", "a?b", "a*b", "a[b]", "a\\b", "x".repeat(32)]) {
      expect(() => checkSheetSpec({ ...spec(), name })).toThrow(/not a valid sheet name/);
    }
    expect(() => checkSheetSpec({ ...spec(), name: "x".repeat(31) })).not.toThrow();
    expect(() => checkSheetSpec({ ...spec(), name: SCENARIO_SHEET.toUpperCase() })).toThrow(/add-in's own sheet/);
  });

  it("refuses a cell that is not one cell, a cell written twice (however it is spelt) and a formula without =", () => {
    expect(() => checkSheetSpec({ ...spec(), cells: [{ address: "nowhere", value: 1 }] })).toThrow(/not a cell address/);
    expect(() => checkSheetSpec({ ...spec(), cells: [{ address: "A1:B2", value: 1 }] })).toThrow(/not a cell address/);
    expect(() => checkSheetSpec({ ...spec(), cells: [...spec().cells, { address: "$c$4", value: 1 }] })).toThrow(
      /Deal Model!C4 is written twice/,
    );
    expect(() => checkSheetSpec({ ...spec(), cells: [{ address: "A1", formula: "SUM(1)" }] })).toThrow(/A1: a formula starts with "="/);
  });

  it("refuses a range name Excel would refuse or read as a cell or a boolean, and a name on no range", () => {
    for (const name of ["Deal_Stake", "_x", "\\x", "Deal.Stake", "ABCD1", "R1C"])
      expect(() => checkSheetSpec(withName(name))).not.toThrow();
    for (const name of ["C4", "xfd1048576", "TRUE", "false", "1Deal", "Deal Stake", "Deal-Stake", ""]) {
      expect(() => checkSheetSpec(withName(name))).toThrow(`"${name}" is not a valid range name.`);
    }
    expect(() => checkSheetSpec(withName("Deal_Stake", "C4:"))).toThrow(/not a cell address/);
  });

  it("refuses a chart whose block or anchor is not an address, or whose series columns leave its block", () => {
    expect(() => checkSheetSpec(withChart({ dataRange: "A1:C" }))).toThrow(/not a cell address/);
    expect(() => checkSheetSpec(withChart({ anchor: "E" }))).toThrow(/not a cell address/);
    expect(() => checkSheetSpec(withChart({ seriesColumns: [1, 2] }))).not.toThrow();
    for (const seriesColumns of [[], [0], [3], [1, 3]]) {
      expect(() => checkSheetSpec(withChart({ seriesColumns }))).toThrow("Chart DealChart: its series columns must lie inside A1:C4");
    }
    expect(() => checkSheetSpec(withChart({ dataRange: "A1:A4" }))).toThrow(/series columns must lie inside A1:A4/);
  });
});

describe("seriesColumnsOf", () => {
  it("is every column after the category column unless the chart names its own", () => {
    const chart = spec().charts[0];
    expect(seriesColumnsOf(chart, 4)).toEqual([1, 2, 3]);
    expect(seriesColumnsOf(chart, 1)).toEqual([]);
    expect(seriesColumnsOf({ ...chart, seriesColumns: [2] }, 4)).toEqual([2]);
  });
});
