import { parseBlock } from "../../src/workbook/a1";
import { decodeRecord, RECORD_HEADER } from "../../src/workbook/buildRecord";
import { SCENARIO_COLUMNS, SCENARIO_SHEET, ScenarioCells, ScenarioWriteResult } from "../../src/workbook/types";
import { cellsOf, recordClearOf } from "../../src/workbook/scenarioTable";
import { buildRequest, TestSheet } from "./request";
import { embeddedHarness, officeHarness, scenarioCells, TableHarness } from "./scenarioHarness";

/**
 * The scenario table's contract, run on both workbooks (Office.js over the fake Excel, and the embedded
 * one): columns found by their titles, one row written per write and nothing else, compare-then-write,
 * missing columns, the user's columns and cells kept, and the build record kept clear of the table.
 */

const row = scenarioCells;

const model: TestSheet = { name: "Deal Model", cells: [{ address: "A1", value: "Deal model", role: "title" }], names: [], charts: [] };

function ok(result: ScenarioWriteResult): Extract<ScenarioWriteResult, { ok: true }> {
  if (!result.ok) throw new Error(`refused: ${result.refusal.message}`);
  return result;
}

/** The table's cells of every row but `except`, cell for cell, as the workbook holds them. */
function stateOf(h: TableHarness, except?: number): unknown[][] {
  return h
    .body()
    .map((_, r) => h.header().map((__, c) => h.cellState(r + 1, c)))
    .filter((_, r) => r !== except);
}

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe.each([
  ["the Office.js workbook", () => officeHarness()],
  ["the embedded workbook", () => embeddedHarness()],
] as const)("the scenario table, on %s", (_label, make) => {
  it("reads nothing and creates nothing when there is no table", async () => {
    const h = make();
    expect(await h.gateway().readScenarioTable()).toBeUndefined();
    expect(h.exists()).toBe(false);
  });

  it("creates the table with the add-in's columns on a first append; text stays text, numbers numbers", async () => {
    const h = make();
    const cells = row("2026-04", { Saved: "=not a formula", Inputs: "TRUE", "Saved by": "0.5" });
    const result = ok(await h.gateway().appendScenarioRow({ cells }));
    expect(result.at).toBe(0);
    expect(h.header()).toEqual([...SCENARIO_COLUMNS]);
    expect(h.body()).toEqual([SCENARIO_COLUMNS.map((c) => cells[c])]);
    expect(await h.gateway().readScenarioTable()).toEqual({ header: [...SCENARIO_COLUMNS], rows: [SCENARIO_COLUMNS.map((c) => cells[c])] });
    expect(h.tableRange()).toBe("A1:G2");
  });

  it("appends by the columns' titles, wherever they are, and leaves the user's columns empty in the new row", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("Base") }));
    h.moveColumn(3, 0);
    h.insertColumn(2, "Notes");
    await h.type(1, 2, "my note");
    const before = stateOf(h);
    const result = ok(await h.gateway().appendScenarioRow({ cells: row("Second") }));
    expect(result.at).toBe(1);
    const header = h.header().map(String);
    expect(header).toEqual(["Inputs", "Name", "Notes", "Schema", "Saved", "Id", "Revision", "Saved by"]);
    expect(cellsOf(header, h.body()[1])).toEqual(row("Second"));
    expect(h.body()[1][2]).toBeNull();
    expect(stateOf(h, 1)).toEqual(before);
  });

  it("refuses an append under a name a row has (trimmed, any case), with that row, and writes nothing", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("Base") }));
    const before = h.body();
    const result = await h.gateway().appendScenarioRow({ cells: row("Other"), unlessNamed: "  BASE " });
    expect(result).toMatchObject({ ok: false, refusal: { reason: "exists", row: before[0] } });
    expect(h.body()).toEqual(before);
  });

  it("updates only the cells it changes, of the one row that still holds what the pane read", async () => {
    const h = make();
    for (const name of ["A", "B", "C"]) ok(await h.gateway().appendScenarioRow({ cells: row(name) }));
    h.insertColumn(7, "Notes");
    await h.type(2, 7, "B's note");
    const expected = cellsOf(h.header().map(String), h.body()[1]);
    const others = stateOf(h, 1);
    const notes = h.cellState(2, 7);
    const result = ok(await h.gateway().updateScenarioRow({ expected, changes: { Name: "B2", Revision: 2 } }));
    expect(result.at).toBe(1);
    expect(cellsOf(h.header().map(String), h.body()[1])).toEqual({ ...expected, Name: "B2", Revision: 2 });
    expect(h.cellState(2, 7)).toEqual(notes);
    expect(stateOf(h, 1)).toEqual(others);
  });

  it("refuses an update of a row that changed (with the row as it is now) or went, and writes nothing", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    ok(await h.gateway().appendScenarioRow({ cells: row("B") }));
    const expected = cellsOf(h.header().map(String), h.body()[1]);
    await h.type(2, 3, "{}");
    const before = h.body();
    const changed = await h.gateway().updateScenarioRow({ expected, changes: { Name: "B2" } });
    expect(changed).toMatchObject({ ok: false, refusal: { reason: "changed", row: before[1] } });
    expect(h.body()).toEqual(before);
    const gone = await h.gateway().deleteScenarioRow({ expected: { ...expected, Id: "id-nobody" } });
    expect(gone).toMatchObject({ ok: false, refusal: { reason: "gone" } });
    expect(h.body()).toEqual(before);
  });

  it("deletes the one row: the rows below move up, cells beside the table stay, and the row comes back whole", async () => {
    const h = make();
    for (const name of ["A", "B", "C"]) ok(await h.gateway().appendScenarioRow({ cells: row(name) }));
    h.insertColumn(1, "Notes");
    await h.type(2, 1, "B's note");
    const header = h.header().map(String);
    const removedRow = h.body()[1];
    const result = ok(await h.gateway().deleteScenarioRow({ expected: cellsOf(header, removedRow) }));
    expect(result.removed).toEqual({ header, row: removedRow });
    expect(h.body().map((r) => r[0])).toEqual(["A", "C"]);
    // Undo: the same cells, the user's column too, back in their place.
    const cells = Object.fromEntries(header.map((t, i) => [t, removedRow[i]]));
    ok(await h.gateway().appendScenarioRow({ cells, at: result.at }));
    expect(h.body().map((r) => r[0])).toEqual(["A", "B", "C"]);
    expect(h.body()[1]).toEqual(removedRow);
  });

  it("keeps one empty row when the last one is deleted, and the next append fills it", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    ok(await h.gateway().deleteScenarioRow({ expected: cellsOf(h.header().map(String), h.body()[0]) }));
    expect(h.body()).toEqual([SCENARIO_COLUMNS.map(() => null)]);
    expect(await h.gateway().readScenarioTable()).toEqual({ header: [...SCENARIO_COLUMNS], rows: [SCENARIO_COLUMNS.map(() => null)] });
    ok(await h.gateway().appendScenarioRow({ cells: row("B") }));
    expect(h.body()).toEqual([SCENARIO_COLUMNS.map((c) => row("B")[c])]);
  });

  it("writes nothing while a required column is missing, and says which", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    await h.type(0, 2, "When");
    const before = h.body();
    const result = await h.gateway().appendScenarioRow({ cells: row("B") });
    expect(result).toMatchObject({ ok: false, refusal: { reason: "columns", message: expect.stringMatching(/no column titled “Saved”/) } });
    const update = await h.gateway().updateScenarioRow({ expected: cellsOf(h.header().map(String), before[0]), changes: { Name: "A2" } });
    expect(update).toMatchObject({ ok: false, refusal: { reason: "columns" } });
    expect(h.body()).toEqual(before);
  });

  it("adds Id, Revision and Saved by at the end of a table written before them, over empty cells only", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    for (let i = 0; i < 3; i++) h.deleteColumn(4);
    expect(h.header()).toEqual(["Name", "Schema", "Saved", "Inputs"]);
    const old = stateOf(h);
    const legacy = cellsOf(h.header().map(String), h.body()[0]);
    ok(await h.gateway().updateScenarioRow({ expected: legacy, changes: { Name: "A2", Id: "id-A", Revision: 1 } }));
    expect(h.header()).toEqual(["Name", "Schema", "Saved", "Inputs", "Id", "Revision"]);
    expect(h.body()[0]).toEqual(["A2", 1, row("A").Saved, row("A").Inputs, "id-A", 1]);
    ok(await h.gateway().appendScenarioRow({ cells: row("B") }));
    expect(h.header()).toEqual([...SCENARIO_COLUMNS]);
    expect(stateOf(h).length).toBe(old.length + 1);
  });

  it("refuses to grow over the user's cells beside the table, and writes nothing", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    for (let i = 0; i < 3; i++) h.deleteColumn(4);
    await h.typeAt(SCENARIO_SHEET, "F2", "mine");
    const before = h.body();
    const result = await h.gateway().appendScenarioRow({ cells: row("B") });
    expect(result).toMatchObject({ ok: false, refusal: { reason: "blocked", message: expect.stringMatching(/F2 holds something/) } });
    expect(h.body()).toEqual(before);
    expect(h.valueAt(SCENARIO_SHEET, "F2")).toBe("mine");
  });

  it("puts the build record clear of the table, and a build finds it again", async () => {
    const h = make();
    await h.gateway().buildModel(buildRequest([model]));
    expect(h.record()).toEqual({ sheet: SCENARIO_SHEET, address: "G1:G2" });
    // The table needs A:G: its first write moves the record right, text for text.
    const text = [h.valueAt(SCENARIO_SHEET, "G1"), h.valueAt(SCENARIO_SHEET, "G2")];
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    expect(h.header()).toEqual([...SCENARIO_COLUMNS]);
    const moved = h.record()!;
    expect(moved.sheet).toBe(SCENARIO_SHEET);
    expect(recordClearOf(parseBlock(moved.address), parseBlock(h.tableRange()))).toBe(true);
    expect(moved.address).toBe("I1:I2");
    expect([h.valueAt(SCENARIO_SHEET, "I1"), h.valueAt(SCENARIO_SHEET, "I2")]).toEqual(text);
    const report = await h.gateway().buildModel(buildRequest([model]));
    expect(report.messages).toEqual([]);
    expect(h.record()!.address).toBe("I1:I2");
    expect(h.body()).toEqual([SCENARIO_COLUMNS.map((c) => row("A")[c])]);
  });

  it("moves the record on when the table grows up to it, past the user's own cells, leaving the table as it is", async () => {
    const h = make();
    ok(await h.gateway().appendScenarioRow({ cells: row("A") }));
    await h.gateway().buildModel(buildRequest([model]));
    expect(h.record()!.address).toBe("I1:I2");
    // The user types a title right of the table, and Excel grows the table to it: the record is beside it now.
    h.growTable(1);
    await h.type(0, 7, "Notes");
    await h.typeAt(SCENARIO_SHEET, "J1", "their own");
    const before = stateOf(h);
    const report = await h.gateway().buildModel(buildRequest([model]));
    expect(report.messages).toEqual([]);
    const at = h.record()!;
    expect(at.address).toBe("K1:K2");
    expect(recordClearOf(parseBlock(at.address), parseBlock(h.tableRange()))).toBe(true);
    expect(h.valueAt(SCENARIO_SHEET, "J1")).toBe("their own");
    expect(h.valueAt(SCENARIO_SHEET, "I1")).toBeNull();
    expect(stateOf(h)).toEqual(before);
    const column = [h.valueAt(SCENARIO_SHEET, "K1"), h.valueAt(SCENARIO_SHEET, "K2")];
    expect(column[0]).toBe(RECORD_HEADER);
    expect(decodeRecord(column, buildRequest([model]).bounds).problems).toEqual([]);
    // A table write now finds the record clear, and moves nothing.
    ok(await h.gateway().appendScenarioRow({ cells: row("B") }));
    expect(h.record()!.address).toBe("K1:K2");
  });

  it("never writes the record into the table, nor the table over the record", async () => {
    const h = make();
    await h.gateway().buildModel(buildRequest([model]));
    for (const name of ["A", "B", "C", "D", "E"]) ok(await h.gateway().appendScenarioRow({ cells: row(name) }));
    const table = stateOf(h);
    await h.gateway().buildModel(buildRequest([model, { ...model, key: "Other", name: "Other" }]));
    expect(stateOf(h)).toEqual(table);
    const expected: ScenarioCells = cellsOf(h.header().map(String), h.body()[2]);
    ok(await h.gateway().deleteScenarioRow({ expected }));
    const record = h.record()!;
    expect(h.valueAt(record.sheet, record.address.split(":")[0])).toBe(RECORD_HEADER);
    expect((await h.gateway().buildModel(buildRequest([model]))).messages).toEqual([]);
  });
});
