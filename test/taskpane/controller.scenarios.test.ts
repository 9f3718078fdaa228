import { ymdToSerial } from "../../src/engine/dates";
import { PaneController } from "../../src/taskpane/controller";
import { embeddedHarness, officeHarness, TableHarness } from "../workbook/scenarioHarness";

/**
 * Issue 13, items 1-6: scenarios under hand edits of the table and co-authors, driven through the pane's
 * controller on both workbooks (the Office.js one over the fake Excel, and the embedded one). Each test
 * failed on the code before the fix; item 7 (the pane's prompts) is in scenarioPrompts.test.ts.
 */

const TODAY = ymdToSerial(2026, 5, 1);

let clock = Date.parse("2026-05-01T09:30:00Z");
async function pane(table: TableHarness): Promise<PaneController> {
  return PaneController.create(table.gateway(), { today: TODAY, now: () => new Date((clock += 60_000)) });
}

const names = (controller: PaneController) => controller.state.scenarios.scenarios.map((s) => s.name);
const column = (table: TableHarness, title: string) => table.header().indexOf(title);

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

describe.each([
  ["the Office.js workbook", () => officeHarness()],
  ["the embedded workbook", () => embeddedHarness()],
] as const)("issue 13 on %s", (_label, make) => {
  it("item 1: a moved column corrupts nothing: columns are found by their header on every write", async () => {
    const table = make();
    const controller = await pane(table);
    await controller.saveScenario("Base");
    table.moveColumn(column(table, "Inputs"), 0);
    expect(table.header()[0]).toBe("Inputs");
    await controller.saveScenario("Second");
    expect(controller.state.scenarios.problems).toEqual([]);
    expect(names(controller)).toEqual(["Base", "Second"]);
    const again = await pane(table);
    expect(names(again)).toEqual(["Base", "Second"]);
    expect(again.state.scenarios.scenarios[1].inputs).toEqual(controller.state.inputs);
  });

  it("item 3: a column the user adds inside the table keeps its values through saves, renames and deletes", async () => {
    const table = make();
    const controller = await pane(table);
    await controller.saveScenario("Base");
    table.insertColumn(1, "Notes");
    await table.type(1, 1, "keep me");
    await controller.saveScenario("Second");
    await controller.renameScenario("Second", "Third");
    await controller.deleteScenario("Third");
    await controller.renameScenario("Base", "Base case");
    expect(table.header()).toContain("Notes");
    const notes = column(table, "Notes");
    const base = table.body().find((row) => row[column(table, "Name")] === "Base case")!;
    expect(base[notes]).toBe("keep me");
    expect(names(controller)).toEqual(["Base case"]);
  });

  it("item 4: with the Saved column deleted, rows still read by their headers and a save writes nothing it could not read back", async () => {
    const table = make();
    const controller = await pane(table);
    await controller.saveScenario("Base");
    table.deleteColumn(column(table, "Saved"));
    const before = table.body();
    await controller.refreshScenarios();
    expect(names(controller)).toEqual(["Base"]);
    await controller.saveScenario("Second");
    // Nothing was written, and the pane says which column is missing.
    expect(table.body()).toEqual(before);
    expect(JSON.stringify(controller.state)).toMatch(/no column titled “Saved”/);
    expect(names(await pane(table))).toEqual(["Base"]);
  });

  it("item 5: an unreadable row whose Schema is the text 1 is left exactly as it is, cell for cell, type for type", async () => {
    const table = make();
    const controller = await pane(table);
    await controller.saveScenario("Base");
    await controller.saveScenario("Text schema");
    await table.typeAsText(2, column(table, "Schema"), "1");
    await controller.refreshScenarios();
    expect(controller.state.scenarios.problems.map((p) => p.name)).toEqual(["Text schema"]);
    const rowOf = (name: string) => table.body().findIndex((row) => row[column(table, "Name")] === name) + 1;
    const unreadable = () => table.header().map((_, c) => table.cellState(rowOf("Text schema"), c));
    const before = unreadable();
    expect(table.body()[rowOf("Text schema") - 1][column(table, "Schema")]).toBe("1");
    await controller.saveScenario("Other");
    await controller.renameScenario("Other", "Another");
    await controller.deleteScenario("Base");
    expect(unreadable()).toEqual(before);
    expect(table.body()[rowOf("Text schema") - 1][column(table, "Schema")]).toBe("1");
  });

  it("item 6: two scenarios of one name are both listed; deleting the one the list shows brings back nothing hidden", async () => {
    const table = make();
    const controller = await pane(table);
    await controller.saveScenario("Base");
    await controller.setText("revshareRate", "30");
    await controller.saveScenario("Other");
    // The user renames Other to Base by hand: two rows of one name.
    await table.type(2, column(table, "Name"), "Base");
    await controller.refreshScenarios();
    const listed = controller.state.scenarios.scenarios;
    expect(listed.map((s) => [s.name, s.inputs.revshareRate])).toEqual([
      ["Base", 0.2],
      ["Base", 0.3],
    ]);
    await controller.deleteScenario("Base");
    expect(controller.state.scenarios.scenarios.map((s) => [s.name, s.inputs.revshareRate])).toEqual([["Base", 0.3]]);
    expect(table.body().filter((row) => row[column(table, "Name")] === "Base")).toHaveLength(1);
  });
});

describe("issue 13, item 2: co-authors on the Office.js workbook, batch by batch", () => {
  async function twoPanes() {
    const table = officeHarness();
    const alice = await pane(table);
    await alice.saveScenario("Base");
    const bob = await pane(table);
    return { table, fake: table.fake, alice, bob };
  }

  it("Alice reads, Bob reads, Alice writes, Bob writes: both scenarios are in the table", async () => {
    const { table, fake, alice, bob } = await twoPanes();
    fake.holdWrites(2);
    const aliceSaves = alice.saveScenario("Alice's case");
    await fake.held(1);
    const bobSaves = bob.saveScenario("Bob's case");
    const [aliceWrite, bobWrite] = await fake.held(2);
    aliceWrite.release();
    await aliceSaves;
    bobWrite.release();
    await bobSaves;
    expect(names(await pane(table))).toEqual(["Base", "Alice's case", "Bob's case"]);
  });
});
