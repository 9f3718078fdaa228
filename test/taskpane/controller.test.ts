import { ymdToSerial } from "../../src/engine/dates";
import { PaneController } from "../../src/taskpane/controller";
import { display, displayDifference } from "../../src/taskpane/display";
import { computeRevshare, evaluation } from "../../src/model/results";
import { NAMES } from "../../src/model/sheets";
import { SCENARIO_SCHEMA } from "../../src/model/scenarios";
import { DEAL_MODELLER_VERSION } from "../../src/model/share";
import { ShareRequest } from "../../src/workbook/types";
import { FakeGateway } from "./fakeGateway";

/**
 * The pane's logic against an in-memory workbook: validation at the field, live results from the same
 * functions as the cells, presets, building, the binding both ways without loops, and scenarios.
 */

const TODAY = ymdToSerial(2026, 5, 1);

async function pane(gateway = new FakeGateway()) {
  const controller = await PaneController.create(gateway, { today: TODAY, now: () => new Date("2026-05-01T09:30:00Z") });
  return { controller, gateway, state: () => controller.state };
}

async function built(gateway = new FakeGateway()) {
  const p = await pane(gateway);
  await p.controller.build();
  return p;
}

describe("fields and live results", () => {
  it("starts from the default preset and today's date, with results for every section", async () => {
    const { state } = await pane();
    expect(state().inputs.preset).toBe("2025-10");
    expect(state().inputs.asOf).toBe(TODAY);
    expect(state().fields.revshareRate.text).toBe("20");
    expect(Object.keys(state().results).sort()).toEqual(["agi", "drawdown", "revshare", "rights", "stake", "valuation"]);
    expect(state().status.message).toMatch(/build the model/);
  });

  it("updates results as the user types, with the numbers the DEAL functions give", async () => {
    const { controller, state } = await pane();
    await controller.setText("revshareRate", "25%", false);
    const expected = computeRevshare(evaluation({ ...state().inputs, revshareRate: 0.25 }));
    expect(expected.ok).toBe(true);
    expect(state().results.revshare).toEqual(expected);
  });

  it("shows a field that does not parse at the field, and no result for its section rather than a stale or zero one", async () => {
    const { controller, state } = await pane();
    await controller.setText("revshareRate", "twenty", false);
    expect(state().fields.revshareRate.error).toMatch(/Enter a percentage/);
    expect(state().results.revshare).toBeUndefined();
    expect(state().sectionIssues.revshare).toMatch(/Fix Rate/);
    expect(state().results.valuation?.ok).toBe(true);
  });

  it("checks each field against its range, in the field's words, and keeps the last valid value", async () => {
    const { controller, state } = await pane();
    await controller.setText("revshareRate", "150");
    expect(state().fields.revshareRate).toEqual({ text: "150", error: "Rate must be from 0% to 100%; 150% is not." });
    expect(state().inputs.revshareRate).toBe(0.2);
    await controller.setText("valuationStake", "0");
    expect(state().fields.valuationStake.error).toBe("Stake must be more than 0% and at most 100%; 0% is not.");
    await controller.setText("valuationStake", "27");
    expect(state().fields.valuationStake.error).toBeUndefined();
  });

  it("puts a message no single field causes on the section", async () => {
    const { controller, state } = await pane();
    await controller.setText("stakeSource", "captable");
    await controller.setText("stakeHolder", "Nobody");
    expect(state().fields.stakeHolder.error ?? state().sectionIssues.stake).toMatch(/Nobody/);
  });
});

describe("presets", () => {
  it("fill the fields with the preset's figures", async () => {
    const { controller, state } = await pane();
    await controller.applyPreset("2026-04");
    expect(state().inputs.preset).toBe("2026-04");
    expect(state().fields.revshareFixedEnd.text).toBe("2030-12-31");
    expect(state().fields.revshareCap.text).toBe("38,000,000,000");
    await controller.applyPreset("2025-10");
    expect(state().fields.revshareFixedEnd.text).toBe("");
    expect(state().fields.revshareCap.text).toBe("");
  });

  it("rebuild a built model in one batch rather than writing cell by cell", async () => {
    const { controller, gateway } = await built();
    const builds = gateway.count("buildModel");
    await controller.applyPreset("2026-04");
    await controller.idle();
    expect(gateway.count("buildModel")).toBe(builds + 1);
    expect(gateway.value(NAMES.termsPreset)).toBe("2026-04");
    expect(gateway.value(NAMES.revshareCap)).toBe(38e9);
  });
});

describe("sections", () => {
  it("AGI timing brings the revenue share it values into the model, and goes with it", async () => {
    const { controller, state } = await pane();
    controller.setSection("revshare", false);
    expect(state().sections).not.toContain("agi");
    expect(state().results.agi).toBeUndefined();
    controller.setSection("agi", true);
    expect(state().sections).toEqual(expect.arrayContaining(["revshare", "agi"]));
    expect(state().results.agi?.ok).toBe(true);
  });
});

describe("building", () => {
  it("writes Deal Terms and the chosen sections, then watches their names", async () => {
    const { controller, gateway, state } = await pane();
    controller.setSection("drawdown", false);
    controller.setSection("rights", false);
    controller.setSection("agi", false);
    await controller.build();
    const specs = (gateway.calls.find((c) => c.method === "buildModel")!.args[0] as { sheets: { name: string }[] }).sheets;
    expect(specs.map((s) => s.name)).toEqual(["Deal Terms", "Deal Stake", "Deal Valuation", "Deal RevShare"]);
    expect(state().builtSheets).toEqual(["Deal Terms", "Deal Stake", "Deal Valuation", "Deal RevShare"]);
    const watched = gateway.calls.filter((c) => c.method === "watchNames").pop()!.args[0] as string[];
    expect(watched).toEqual(expect.arrayContaining([NAMES.revshareRate, NAMES.termsPreset, NAMES.valuationStake]));
    expect(watched).not.toContain(NAMES.drawdownCommitment);
    expect(gateway.watcherCount).toBe(1);
  });

  it("refuses while a field does not parse, naming it", async () => {
    const { controller, gateway, state } = await pane();
    await controller.setText("asOf", "tomorrow");
    await controller.build();
    expect(gateway.count("buildModel")).toBe(0);
    expect(state().status).toMatchObject({ kind: "error", message: expect.stringMatching(/Fix As of/) });
  });

  it("shares the built sheets as a workbook of values, stamped with the day and the version, and says where it went once", async () => {
    const { controller, gateway, state } = await built();
    await controller.share();
    const request = gateway.calls.find((c) => c.method === "shareAsValues")!.args[0] as ShareRequest;
    expect(request.sheets.map((s) => s.name)).toEqual(state().builtSheets);
    expect(request.sheets.find((s) => s.name === "Deal RevShare")!.charts.map((c) => c.id)).toEqual(["DealRevShare_Payments"]);
    expect(request.stamp).toEqual({
      address: "A2",
      text: expect.stringMatching(
        new RegExp(
          `^Shared on \\d{4}-\\d{2}-\\d{2} from Deal Modeller ${DEAL_MODELLER_VERSION.replace(/\./g, "\\.")}, values not formulas\\.$`,
        ),
      ),
    });
    expect(state().sharedSheets).toEqual(state().builtSheets);
    expect(state().status.message).toMatch(/new workbook .* "Book1 \(values\)\.xlsx"/);
    // The sheets are listed once, on the shared line, not again in the status.
    expect(state().status.message).not.toMatch(/Deal RevShare/);
  });

  it("reports a workbook failure in the status line instead of throwing", async () => {
    const { controller, gateway, state } = await pane();
    gateway.buildModel = async () => {
      throw new Error("The workbook is read-only.");
    };
    await expect(controller.build()).resolves.toBeUndefined();
    expect(state().status).toEqual({ kind: "error", message: "Could not build the model: The workbook is read-only." });
  });
});

describe("binding", () => {
  it("a committed edit writes its named cell once; typing alone writes nothing", async () => {
    const { controller, gateway } = await built();
    await controller.setText("revshareRate", "2", false);
    await controller.setText("revshareRate", "25", false);
    expect(gateway.writes()).toEqual([]);
    await controller.setText("revshareRate", "25", true);
    expect(gateway.writes()).toEqual([{ name: NAMES.revshareRate, value: 0.25 }]);
    await controller.setText("revshareRate", "25", true);
    expect(gateway.writes()).toHaveLength(1);
  });

  it("an edit that changes the sheet's shape writes that sheet's changed cells only", async () => {
    const { controller, gateway } = await built();
    const builds = gateway.count("buildModel");
    await controller.setText("revshareYears", "8");
    expect(gateway.count("buildModel")).toBe(builds + 1);
    expect(new Set(gateway.cellWrites.map((w) => w.sheet))).toEqual(new Set(["Deal RevShare"]));
    expect(gateway.writes()).toEqual([{ name: NAMES.revshareYears, value: 8 }]);
    expect(gateway.names.get(NAMES.revshareRevenue.toLowerCase())!.address).toBe("B22:B29");
  });

  it("a change in the grid updates the field and the results, and writes nothing back", async () => {
    const { controller, gateway, state } = await built();
    gateway.gridEditName(NAMES.revshareRate, 0.3);
    await controller.idle();
    expect(state().fields.revshareRate.text).toBe("30");
    expect(state().inputs.revshareRate).toBe(0.3);
    expect(state().results.revshare).toEqual(computeRevshare(evaluation(state().inputs)));
    expect(gateway.writes()).toEqual([]);
  });

  it("nothing loops even when the workbook echoes the pane's own writes", async () => {
    const gateway = new FakeGateway({ echoWrites: true });
    const { controller } = await built(gateway);
    await controller.setText("revshareRate", "22");
    await controller.idle();
    await controller.setText("valuationStake", "30");
    await controller.idle();
    expect(gateway.writes()).toEqual([
      { name: NAMES.revshareRate, value: 0.22 },
      { name: NAMES.valuationStake, value: 0.3 },
    ]);
  });

  it("a grid value the field cannot hold shows at the field, with what the sheet shows for it", async () => {
    const { controller, gateway, state } = await built();
    gateway.gridEditName(NAMES.revshareRate, "lots");
    await controller.idle();
    expect(state().fields.revshareRate).toEqual({
      text: "lots",
      error: 'Rate: its cell holds the text "lots", not a percentage. The sheet shows #VALUE!.',
    });
    expect(state().results.revshare?.ok).toBe(false);
    expect(state().sectionIssues.revshare).toBe("The sheet shows #VALUE!: Rate must be from 0% to 100%.");
    // The cell keeps what the user typed: nothing is written over it.
    expect(gateway.value(NAMES.revshareRate)).toBe("lots");
    gateway.gridEditName(NAMES.revshareRate, 0.2);
    await controller.idle();
    expect(state().fields.revshareRate).toEqual({ text: "20" });
  });

  it("a grid change that changes the sheet's shape rebuilds it (the forecast gets its rows)", async () => {
    const { controller, gateway } = await built();
    const builds = gateway.count("buildModel");
    gateway.gridEditName(NAMES.revshareYears, 3);
    await controller.idle();
    expect(gateway.count("buildModel")).toBe(builds + 1);
    expect(gateway.names.get(NAMES.revshareRevenue.toLowerCase())!.address).toBe("B22:B24");
    expect(gateway.writes()).toEqual([]);
  });

  it("a table edited in the grid comes back to the pane", async () => {
    const gateway = new FakeGateway();
    const { controller, state } = await pane(gateway);
    await controller.setText("stakeSource", "captable");
    await controller.build();
    const [first] = [...gateway.names.entries()].filter(([n]) => n === NAMES.stakeCapTable.toLowerCase()).map(([, t]) => t);
    expect(first.address).toBe("A17:D25");
    gateway.gridEdit("Deal Stake", "C17", 300);
    await controller.idle();
    expect(state().inputs.stakeCapTable[0]).toEqual(["Microsoft", "preferred", 300, 1]);
    expect(state().fields.stakeCapTable.text.split("\n")[0]).toBe("Microsoft | preferred | 300 | 1");
  });

  it("a pane opened on a workbook with a model takes the workbook's values, layout and sections", async () => {
    const gateway = new FakeGateway();
    const first = await pane(gateway);
    await first.controller.setText("stakeSource", "captable");
    first.controller.setSection("drawdown", false);
    await first.controller.build();
    gateway.gridEditName(NAMES.revshareRate, 0.15);
    gateway.gridEdit("Deal Stake", "C18", 999);
    await first.controller.dispose();

    const second = await pane(gateway);
    expect(second.state().inputs.revshareRate).toBe(0.15);
    expect(second.state().inputs.stakeSource).toBe("captable");
    expect(second.state().inputs.stakeCapTable[1]).toEqual(["OpenAI Foundation", "common", 999, 1]);
    expect(second.state().sections).toEqual(["stake", "valuation", "revshare", "rights", "agi"]);
    expect(second.state().builtSheets).toEqual(["Deal Terms", "Deal Stake", "Deal Valuation", "Deal RevShare", "Deal Rights", "Deal AGI"]);
    expect(second.state().status.message).toMatch(/Found the model/);
    gateway.gridEditName(NAMES.valuationStake, 0.3);
    await second.controller.idle();
    expect(second.state().inputs.valuationStake).toBe(0.3);
  });

  it("dispose stops listening", async () => {
    const { controller, gateway } = await built();
    await controller.dispose();
    expect(gateway.watcherCount).toBe(0);
  });
});

describe("scenarios", () => {
  const column = (gateway: FakeGateway, title: string) => gateway.scenarioTable!.header.indexOf(title);
  const cell = (gateway: FakeGateway, row: number, title: string) => gateway.scenarioRows[row][column(gateway, title)];

  it("save, list, apply, rename and delete, all in the workbook's table", async () => {
    const { controller, gateway, state } = await pane();
    await controller.saveScenario("Base");
    await controller.setText("revshareRate", "30");
    await controller.saveScenario("High rate");
    expect(state().scenarios.scenarios.map((s) => s.name)).toEqual(["Base", "High rate"]);
    expect(gateway.scenarioRows[0].slice(0, 3)).toEqual(["Base", SCENARIO_SCHEMA, "2026-05-01T09:30:00.000Z"]);
    expect(state().scenarioNotice).toEqual({
      about: state().scenarios.scenarios[1].key,
      kind: "info",
      message: "Saved “High rate” in the workbook.",
    });

    await controller.applyScenario("Base");
    expect(state().inputs.revshareRate).toBe(0.2);
    expect(state().fields.revshareRate.text).toBe("20");

    await controller.renameScenario("High rate", "Aggressive");
    await controller.deleteScenario("Base");
    expect(state().scenarios.scenarios.map((s) => s.name)).toEqual(["Aggressive"]);
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["Aggressive"]);
    expect(cell(gateway, 0, "Revision")).toBe(2);
  });

  it("applying a scenario to a built model rebuilds it with the scenario's inputs", async () => {
    const { controller, gateway } = await built();
    await controller.setText("revshareRate", "30");
    await controller.saveScenario("High");
    await controller.setText("revshareRate", "10");
    const builds = gateway.count("buildModel");
    await controller.applyScenario("High");
    expect(gateway.value(NAMES.revshareRate)).toBe(0.3);
    expect(gateway.count("buildModel")).toBeGreaterThan(builds);
  });

  it("lists rows it cannot read with the reason, never writes them, and will not save over a newer version's", async () => {
    const gateway = new FakeGateway();
    gateway.setScenarioRows([
      ["Later", 3, "2031-01-01", "{}"],
      ["Broken", 1, "", "{oops"],
    ]);
    const unreadable = gateway.scenarioRows.map((r) => [...r]);
    const { controller, state } = await pane(gateway);
    expect(state().scenarios.problems.map((p) => [p.row, p.name])).toEqual([
      [1, "Later"],
      [2, "Broken"],
    ]);
    await controller.saveScenario("Base");
    await controller.saveScenario("later");
    expect(state().scenarioPrompt).toEqual({
      about: "save",
      message:
        "Row 1, named “later”, was saved by a newer version of Deal Modeller and cannot be overwritten here. Keep both (yours as “later (2)”), or cancel?",
      choices: ["keep-both", "cancel"],
    });
    await controller.answerScenario("keep-both");
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["Later", "Broken", "Base", "later (2)"]);
    expect(gateway.scenarioRows.slice(0, 2)).toEqual(unreadable);
  });

  it("compares two scenarios: outputs and the inputs that differ", async () => {
    const { controller, state } = await pane();
    await controller.saveScenario("Announced");
    await controller.applyPreset("2026-04");
    await controller.saveScenario("Amended");
    await controller.compare("Announced", "Amended");
    const comparison = state().comparison!;
    expect(comparison.outputs.map((o) => o.key)).toContain("revshareTotal");
    expect(comparison.inputs.map((d) => d.key)).toEqual(expect.arrayContaining(["preset", "revshareFixedEnd", "revshareCap"]));
  });

  it("appends one row per save, so a co-author's scenario saved meanwhile is kept", async () => {
    const { controller, gateway } = await pane();
    await controller.saveScenario("Mine");
    gateway.scenarioTable!.rows.push(["Theirs", 1, "2026-05-01T10:00:00.000Z", gateway.scenarioRows[0][3], "id-theirs", 1, "Bob"]);
    await controller.saveScenario("Mine again");
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["Mine", "Theirs", "Mine again"]);
    expect(gateway.count("appendScenarioRow")).toBe(2);
  });

  it("asks before saving over a name: overwrite, keep both, or cancel", async () => {
    const { controller, gateway, state } = await pane();
    await controller.saveScenario("Base");
    await controller.setText("revshareRate", "30");
    await controller.saveScenario(" base ");
    expect(state().scenarioPrompt).toEqual({
      about: "save",
      message:
        "A scenario named “Base” exists (saved 2026-05-01 at 09:30 UTC). Overwrite it with the current inputs, keep both (yours as “base (2)”), or cancel?",
      choices: ["overwrite", "keep-both", "cancel"],
    });
    expect(gateway.scenarioRows).toHaveLength(1);
    await controller.answerScenario("cancel");
    expect(state().scenarioPrompt).toBeUndefined();
    expect(state().scenarioNotice).toMatchObject({ about: "save", message: "Nothing was changed." });
    await controller.saveScenario("Base");
    await controller.answerScenario("overwrite");
    expect(gateway.scenarioRows).toHaveLength(1);
    expect(state().scenarios.scenarios[0]).toMatchObject({ name: "Base", revision: 2, inputs: { revshareRate: 0.3 } });
    await controller.saveScenario("Base");
    await controller.answerScenario("keep-both");
    expect(state().scenarios.scenarios.map((s) => s.name)).toEqual(["Base", "Base (2)"]);
  });

  it("deletes at once and offers to undo: the row comes back as it was, the user's cells too", async () => {
    const { controller, gateway, state } = await pane();
    await controller.saveScenario("A");
    await controller.saveScenario("B");
    await controller.saveScenario("C");
    gateway.scenarioTable!.header.push("Notes");
    gateway.scenarioTable!.rows.forEach((row, i) => row.push(i === 1 ? "B's note" : null));
    await controller.refreshScenarios();
    const before = gateway.scenarioRows.map((r) => [...r]);
    await controller.deleteScenario("B");
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["A", "C"]);
    expect(state().scenarioNotice).toEqual({ about: "list", kind: "info", message: "Deleted “B”.", position: 1, undo: true });
    await controller.undoDelete();
    expect(gateway.scenarioRows).toEqual(before);
    expect(state().scenarioNotice).toMatchObject({ message: "Restored “B”." });
  });

  it("renames inline, on the row: its messages stay there", async () => {
    const { controller, state } = await pane();
    await controller.saveScenario("Base");
    await controller.saveScenario("Other");
    const base = state().scenarios.scenarios[0];
    controller.startRename(base);
    expect(state().renaming).toBe(base.key);
    await controller.renameScenario(base, "  ");
    expect(state().scenarioNotice).toEqual({ about: base.key, kind: "error", message: "Give the scenario a name." });
    await controller.renameScenario(base, "other");
    expect(state().scenarioNotice).toEqual({
      about: base.key,
      kind: "error",
      message: "A scenario named “Other” exists: choose another name.",
    });
    expect(state().renaming).toBe(base.key);
    await controller.renameScenario(base, "Base case");
    expect(state().renaming).toBeUndefined();
    expect(state().scenarios.scenarios.map((s) => [s.key, s.name])).toEqual([
      [base.key, "Base case"],
      [state().scenarios.scenarios[1].key, "Other"],
    ]);
    expect(state().scenarioNotice).toEqual({ about: base.key, kind: "info", message: "Renamed “Base” to “Base case”." });
  });

  it("says, in plain words, who changed a scenario and when, and asks: overwrite, keep both, or cancel", async () => {
    const gateway = new FakeGateway();
    const { controller, state } = await pane(gateway);
    await controller.saveScenario("Base");
    await controller.setText("revshareRate", "25");
    await controller.saveScenario("Base");
    // Bob's pane saved over Base meanwhile.
    const row = gateway.scenarioTable!.rows[0];
    row[column(gateway, "Inputs")] = JSON.stringify({ ...JSON.parse(String(row[column(gateway, "Inputs")])), revshareRate: 0.3 });
    row[column(gateway, "Revision")] = 2;
    row[column(gateway, "Saved by")] = "Bob";
    row[column(gateway, "Saved")] = "2026-05-01T10:04:00.000Z";
    await controller.answerScenario("overwrite");
    expect(state().scenarioPrompt).toEqual({
      about: "save",
      message:
        "Bob changed “Base” on 2026-05-01 at 10:04 UTC, after this pane read it: changed Rate 20% → 30%. " +
        "Overwrite it with yours, keep both (yours as “Base (2)”), or cancel?",
      choices: ["overwrite", "keep-both", "cancel"],
    });
    expect(cell(gateway, 0, "Revision")).toBe(2);
    await controller.answerScenario("overwrite");
    expect(state().scenarios.scenarios[0]).toMatchObject({ revision: 3, inputs: { revshareRate: 0.25 } });
  });

  it("asks before deleting or renaming a scenario someone changed; one deleted meanwhile is said", async () => {
    const gateway = new FakeGateway();
    const { controller, state } = await pane(gateway);
    await controller.saveScenario("A");
    await controller.saveScenario("B");
    const [a, b] = state().scenarios.scenarios;
    gateway.scenarioTable!.rows[0][column(gateway, "Name")] = "A by hand";
    await controller.deleteScenario(a);
    expect(state().scenarioPrompt).toEqual({
      about: a.key,
      message: "Someone changed “A” by hand in the table, after this pane read it: renamed it “A by hand”. Delete it anyway, or keep it?",
      choices: ["delete-anyway", "cancel"],
    });
    await controller.answerScenario("cancel");
    expect(gateway.scenarioRows).toHaveLength(2);
    gateway.scenarioTable!.rows.splice(1, 1);
    await controller.renameScenario(b, "B2");
    expect(state().scenarioPrompt).toBeUndefined();
    expect(state().scenarioNotice).toEqual({
      about: "list",
      kind: "error",
      message: "“B” is no longer in the table: someone deleted it after this pane read it.",
    });
  });

  it("says when a scenario it saved has gone from the table, and offers to save it again", async () => {
    const { controller, gateway, state } = await pane();
    await controller.saveScenario("Mine");
    gateway.scenarioTable!.rows.splice(0, 1);
    await controller.refreshScenarios();
    expect(state().scenarioPrompt).toMatchObject({ about: "list", choices: ["save-again", "cancel"] });
    expect(state().scenarioPrompt!.message).toMatch(/^“Mine”, which this pane saved, is no longer in the table/);
    await controller.answerScenario("save-again");
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["Mine"]);
  });

  it("says a save's problem beside the save controls, not in the model's status line; writes the author's name", async () => {
    const { controller, gateway, state } = await pane();
    const status = state().status;
    await controller.setText("revshareYears", "0");
    await controller.saveScenario("Base");
    expect(state().scenarioNotice).toMatchObject({
      about: "save",
      kind: "error",
      message: expect.stringMatching(/^Fix .* before saving a scenario/),
    });
    expect(state().status).toEqual(status);
    await controller.setText("revshareYears", "5");
    await controller.saveScenario("");
    expect(state().scenarioNotice).toEqual({ about: "save", kind: "error", message: "Give the scenario a name." });
    controller.setAuthor("  Alice  ");
    await controller.saveScenario("Base");
    expect(cell(gateway, 0, "Saved by")).toBe("Alice");
    expect(gateway.count("appendScenarioRow")).toBe(1);
  });
});

describe("the example of docs/task-pane.md", () => {
  it("announced with an AGI date against the reported amendment", async () => {
    const { controller, state } = await built();
    const revshare = () => {
      const outcome = state().results.revshare;
      if (!outcome?.ok) throw new Error("no revenue-share result");
      return outcome.value;
    };
    const total = () => display(revshare().totalPaid, "currency");
    expect(total()).toBe("$54,031,250,000");
    await controller.setText("agiDate", "2029-06-30");
    expect(display(revshare().end, "date")).toBe("2029-06-29");
    expect(total()).toBe("$27,616,095,890");
    await controller.saveScenario("Announced");
    await controller.applyPreset("2026-04");
    expect(total()).toBe("$38,000,000,000");
    await controller.saveScenario("Amended");
    await controller.compare("Announced", "Amended");
    const row = state().comparison!.outputs.find((o) => o.key === "revshareTotal")!;
    expect(displayDifference(row.difference, row.differenceFormat)).toBe("+$10,383,904,110");
    expect(
      state()
        .comparison!.inputs.map((d) => d.key)
        .sort(),
    ).toEqual(["preset", "revshareCap", "revshareFixedEnd"]);
  });
});
