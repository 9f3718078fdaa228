import { EmbeddedWorkbook, emptyWorkbook, SerializedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { RECORD_HEADER, RECORD_NAME } from "../../src/workbook/buildRecord";
import { absoluteReference, splitReference } from "../../src/workbook/a1";
import { BuildReport, CellValue, SCENARIO_SHEET, WorkbookGateway } from "../../src/workbook/types";
import { FakeExcel } from "./office/fakeExcel";
import { modelSheet, testSource } from "./embedded/support";
import { buildRequest, TestSheet } from "./request";

/**
 * One contract for both workbook implementations (the embedded one, and Office.js over the fake Excel):
 * what a build may write, clear and delete, and what it must leave alone. Each rule is run on both, so
 * the two cannot drift apart.
 */

interface Harness {
  gateway: WorkbookGateway;
  /** A user types into a cell, as in the grid. */
  type(sheet: string, address: string, text: string): Promise<void>;
  /** What a cell holds as entered: a formula, a value, or null when empty. */
  entry(sheet: string, address: string): CellValue;
  sheets(): string[];
  names(): string[];
  charts(sheet: string): string[];
  renameSheet(from: string, to: string): Promise<void>;
  /** Tells the workbook where a formula spills now (the Office fake computes nothing; the embedded one knows). */
  spillsTo(sheet: string, anchor: string, block: string): void;
  /** Defines a name of the user's. */
  addName(name: string, sheet: string, address: string): void;
}

interface Start {
  /** Sheets of the user's before the add-in: cell texts as typed. */
  sheets?: Record<string, Record<string, string>>;
}

type Maker = (start?: Start) => Harness;

const source = testSource();

const embedded: Maker = (start = {}) => {
  const data: SerializedWorkbook = emptyWorkbook();
  for (const [name, cells] of Object.entries(start.sheets ?? {})) {
    data.sheets.push({ name, cells: Object.fromEntries(Object.entries(cells).map(([a, t]) => [a, `'${t}`])) });
  }
  const wb = new EmbeddedWorkbook(source, data);
  return {
    gateway: wb,
    type: async (sheet, address, text) => wb.setCellInput(sheet, address, text),
    entry: (sheet, address) => {
      const input = wb.cellInput(sheet, address);
      const view = wb.cell(sheet, address);
      if (view.formula) return view.formula;
      return input === "" ? null : typeof view.value === "object" && view.value !== null ? view.value.error : view.value;
    },
    sheets: () => wb.sheetNames(),
    names: () => wb.namedRanges().map((n) => n.name),
    charts: (sheet) => wb.charts(sheet).map((c) => c.id),
    renameSheet: async (from, to) => wb.renameSheet(from, to),
    spillsTo: () => undefined,
    addName: (name, sheet, address) => {
      const json = wb.toJSON();
      json.names.push({ name, sheet, address });
      wb.load(json);
    },
  };
};

const office: Maker = (start = {}) => {
  const fake = new FakeExcel(["Sheet1", ...Object.keys(start.sheets ?? {})]);
  for (const [name, cells] of Object.entries(start.sheets ?? {})) {
    for (const [address, text] of Object.entries(cells))
      fake.sheet(name).cells.set(address, { value: text, numberFormat: "General", style: {} });
  }
  fake.install();
  return {
    gateway: new OfficeWorkbook(),
    type: async (sheet, address, text) => {
      fake.userEdit(sheet, address, text);
      await fake.settle();
    },
    entry: (sheet, address) => {
      const cell = fake.cell(sheet, address);
      if (!cell) return null;
      return cell.formula ?? (cell.value === "" ? null : cell.value);
    },
    sheets: () => fake.sheets.map((s) => s.name),
    names: () => fake.names.map((n) => n.name),
    charts: (sheet) => fake.sheet(sheet).charts.map((c) => c.name),
    renameSheet: async (from, to) => {
      // Excel renames the sheet and every name that points at it.
      fake.sheet(from).name = to;
      for (const name of fake.names) {
        const ref = splitReference(name.formula);
        if (ref.sheet === from) name.formula = `=${absoluteReference(to, ref.address)}`;
      }
    },
    spillsTo: (sheet, anchor, block) => fake.spills.set(`${sheet}!${anchor}`, block),
    addName: (name, sheet, address) => fake.names.push({ name, formula: `=${absoluteReference(sheet, address)}` }),
  };
};

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

/** The test sheet: inputs in C3:C5 (C5 the schedule's periods), labels in A, a schedule spilling from A8. */
function sheet(periods = 3, name = "Deal Model"): TestSheet {
  const { key: _key, ...spec } = modelSheet(name, periods);
  void _key;
  return { ...spec, key: "Deal Model" };
}

function recordText(h: Harness): string {
  const column: CellValue[] = [];
  for (let row = 1; ; row++) {
    const v = h.entry(SCENARIO_SHEET, `G${row}`);
    if (v === null) break;
    column.push(v);
  }
  return column.slice(1).join("");
}

async function rewriteRecord(h: Harness, change: (record: any) => void): Promise<void> {
  const record = JSON.parse(recordText(h));
  change(record);
  await h.type(SCENARIO_SHEET, "G1", `'${RECORD_HEADER}`);
  await h.type(SCENARIO_SHEET, "G2", `'${JSON.stringify(record)}`);
}

describe.each([
  ["the embedded workbook", embedded],
  ["the Office.js workbook", office],
] as const)("the build contract, on %s", (_label, make) => {
  const build = (h: Harness, specs: TestSheet[], options = {}): Promise<BuildReport> => h.gateway.buildModel(buildRequest(specs, options));

  it("builds again in place: the same sheet, names and charts, and nothing kept or said", async () => {
    const h = make();
    await build(h, [sheet()]);
    const report = await build(h, [sheet()]);
    expect(h.sheets()).toEqual(["Sheet1", "Deal Model", SCENARIO_SHEET]);
    expect(h.names().filter((n) => n.startsWith("Deal_"))).toEqual(["Deal_StakeValue", "Deal_Stake", "Deal_Periods"]);
    expect(h.charts("Deal Model")).toEqual(["Deal_ScheduleChart"]);
    expect(report).toMatchObject({ sheets: { "Deal Model": "Deal Model" }, kept: [], messages: [] });
  });

  it("keeps a note typed into a cell a shorter schedule freed (item 7: no clear of the whole old block)", async () => {
    const h = make();
    await build(h, [sheet(5)]);
    h.spillsTo("Deal Model", "A8", "A8:C13");
    // The schedule shrinks in the grid; the user writes a note where it was.
    await h.type("Deal Model", "C5", "3");
    h.spillsTo("Deal Model", "A8", "A8:C11");
    await h.type("Deal Model", "B13", "my note");
    await build(h, [sheet(3)]);
    expect(h.entry("Deal Model", "B13")).toBe("my note");
    expect(h.entry("Deal Model", "A8")).toBe("=DEAL.TESTSCHEDULE(Deal_Periods,C6/1000)");
  });

  it("never writes over a sheet of the user's that has the model's name: it builds beside it (item 7)", async () => {
    const cells = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`A${i + 1}`, `mine ${i + 1}`]));
    const h = make({ sheets: { "Deal Model": cells } });
    const report = await build(h, [sheet()]);
    expect(report.sheets).toEqual({ "Deal Model": "Deal Model (2)" });
    expect(report.messages.join(" ")).toMatch(/Deal Model.*left as it is.*Deal Model \(2\)/);
    for (const [address, text] of Object.entries(cells)) expect(h.entry("Deal Model", address)).toBe(text);
    expect(h.entry("Deal Model (2)", "A8")).toBe("=DEAL.TESTSCHEDULE(Deal_Periods,C6/1000)");
    // And again: the model's sheet is found, the user's still left alone.
    expect((await build(h, [sheet()])).sheets).toEqual({ "Deal Model": "Deal Model (2)" });
    expect(h.sheets().filter((s) => s.startsWith("Deal Model"))).toEqual(["Deal Model", "Deal Model (2)"]);
  });

  it("keeps a note typed over one of its cells, says so, and puts its own back only when asked (item 7)", async () => {
    const h = make();
    await build(h, [sheet()]);
    await h.type("Deal Model", "A5", "my own label");
    const report = await build(h, [sheet()]);
    expect(h.entry("Deal Model", "A5")).toBe("my own label");
    expect(report.kept).toEqual([{ sheet: "Deal Model", address: "A5", reason: "changed" }]);
    // Once kept, the cell is the user's: a build that no longer needs it leaves it without a word.
    const without = { ...sheet(), cells: sheet().cells.filter((c) => c.address !== "A5") };
    expect((await build(h, [without])).kept).toEqual([]);
    expect(h.entry("Deal Model", "A5")).toBe("my own label");
    await build(h, [sheet()], { restore: [{ sheet: "Deal Model", address: "A5" }] });
    expect(h.entry("Deal Model", "A5")).toBe("Periods");
  });

  it("clears a cell it wrote and no longer writes only while it holds what it wrote", async () => {
    const h = make();
    await build(h, [sheet()]);
    await h.type("Deal Model", "E1", "my note");
    const smaller = { ...sheet(), cells: sheet().cells.filter((c) => c.address !== "A1" && c.address !== "A6") };
    await h.type("Deal Model", "A6", "changed by me");
    const report = await build(h, [smaller]);
    expect(h.entry("Deal Model", "A1")).toBeNull();
    expect(h.entry("Deal Model", "A6")).toBe("changed by me");
    expect(report.kept).toEqual([{ sheet: "Deal Model", address: "A6", reason: "changed" }]);
    expect(h.entry("Deal Model", "E1")).toBe("my note");
  });

  it("ignores a record edited to list A1:XFD200, says so, and clears nothing of the user's (item 8)", async () => {
    const h = make();
    await build(h, [sheet()]);
    await h.type("Deal Model", "E1", "my note");
    await rewriteRecord(h, (r) => (r.sheets[0].formatted = ["A1:XFD200"]));
    const report = await build(h, [sheet()]);
    expect(report.messages.join(" ")).toMatch(/build record is partly ignored.*larger than the model's area/);
    expect(report.sheets).toEqual({ "Deal Model": "Deal Model" });
    expect(h.entry("Deal Model", "E1")).toBe("my note");
    expect(h.sheets()).toEqual(["Sheet1", "Deal Model", SCENARIO_SHEET]);
    // The next build has a sound record again.
    expect((await build(h, [sheet()])).messages).toEqual([]);
  });

  it("never deletes a name of the user's that a hand-edited record lists (item 8)", async () => {
    const h = make();
    await build(h, [sheet()]);
    h.addName("MyRate", "Deal Model", "E5");
    await rewriteRecord(h, (r) => r.sheets[0].names.push("MyRate"));
    const report = await build(h, [{ ...sheet(), names: [] }]);
    expect(report.messages.join(" ")).toMatch(/"MyRate", which is not one of the model's/);
    expect(h.names()).toContain("MyRate");
  });

  it("finds its record again after its sheet is renamed: no second sheet, no stale cells (item 8)", async () => {
    const h = make();
    await build(h, [sheet(5)]);
    await h.renameSheet(SCENARIO_SHEET, "Admin");
    await build(h, [{ ...sheet(5), cells: sheet(5).cells.filter((c) => c.address !== "A1") }]);
    expect(h.sheets()).toEqual(["Sheet1", "Deal Model", "Admin"]);
    expect(h.entry("Deal Model", "A1")).toBeNull();
    expect(h.entry("Admin", "G1")).toBe(RECORD_HEADER);
    expect(h.names()).toContain(RECORD_NAME);
  });

  it("keeps a model sheet the user renamed as the model's", async () => {
    const h = make();
    await build(h, [sheet()]);
    await h.renameSheet("Deal Model", "My model");
    expect(await h.gateway.locateModel(buildRequest([sheet()]).bounds)).toEqual({ sheets: { "Deal Model": "My model" }, messages: [] });
    const report = await build(h, [sheet()]);
    expect(report.sheets).toEqual({ "Deal Model": "My model" });
    expect(h.sheets()).toEqual(["Sheet1", "My model", SCENARIO_SHEET]);
  });

  it("writes text so Excel keeps it text: no formula, number or date out of a name (item 9)", async () => {
    const h = make();
    const texts = ['+HYPERLINK("http://evil.example","x")', "-2+3", "@SUM(1,2)", "=1+1", "2025-10", "1,000", "TRUE", "'quoted", "\tTab"];
    const spec: TestSheet = {
      key: "Texts",
      name: "Texts",
      cells: texts.map((value, i) => ({ address: `A${i + 1}`, value, role: "label" })),
      names: [],
      charts: [],
    };
    await build(h, [spec]);
    texts.forEach((text, i) => expect(h.entry("Texts", `A${i + 1}`)).toBe(text));
  });

  it("removes a section's sheet, names and chart; a sheet with the user's content stays, cleared of the model's", async () => {
    const h = make();
    const other: TestSheet = {
      key: "Other",
      name: "Other",
      cells: [{ address: "B2", value: 1 }],
      names: [{ name: "Deal_Other", address: "B2" }],
      charts: [],
    };
    await build(h, [sheet(), other]);
    let report = await build(h, [sheet()], { remove: ["Other"] });
    expect(report).toMatchObject({ removed: ["Other"], keptSheets: [] });
    expect(h.sheets()).not.toContain("Other");
    expect(h.names()).not.toContain("Deal_Other");

    await build(h, [sheet(), other]);
    await h.type("Other", "D4", "my note");
    report = await build(h, [sheet()], { remove: ["Other"] });
    expect(report).toMatchObject({
      removed: [],
      keptSheets: ["Other"],
      kept: [{ sheet: "Other", address: "D4", reason: "removed-section" }],
    });
    expect(h.entry("Other", "B2")).toBeNull();
    expect(h.entry("Other", "D4")).toBe("my note");
    expect(h.names()).not.toContain("Deal_Other");
  });
});
