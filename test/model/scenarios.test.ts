import fc from "fast-check";
import { ymdToSerial } from "../../src/engine/dates";
import { DealInputs, defaultInputs, presetValues } from "../../src/model/fields";
import { keyOutputs } from "../../src/model/results";
import {
  compareScenarios,
  describeChange,
  freeName,
  ListedScenario,
  newScenarioCells,
  overwriteCells,
  parseScenarioTable,
  renameCells,
  SCENARIO_SCHEMA,
  whenText,
} from "../../src/model/scenarios";
import { CellValue, SCENARIO_COLUMNS } from "../../src/workbook/types";

const TODAY = ymdToSerial(2026, 5, 1);
const SAVED = "2026-05-01T09:30:00.000Z";
const base = defaultInputs(TODAY);
const amended: DealInputs = { ...base, ...presetValues("2026-04") };
const HEADER = [...SCENARIO_COLUMNS];
const stamp = { saved: SAVED, savedBy: "Alice" };

/** A row of the add-in's columns, in the header's order. */
function row(name: string, inputs: DealInputs = base, extra: Record<string, CellValue> = {}, header: string[] = HEADER): CellValue[] {
  const cells: Record<string, CellValue> = { ...newScenarioCells(name, inputs, `id-${name}`, stamp), ...extra };
  return header.map((t) => cells[t] ?? null);
}

const listOf = (rows: CellValue[][], header: string[] = HEADER) => parseScenarioTable({ header, rows });

describe("reading the scenario table", () => {
  it("round-trip: a new scenario's cells read back as that scenario, with its id, revision and author", () => {
    const list = listOf([row("Base")]);
    expect(list.problems).toEqual([]);
    expect(list.tableProblem).toBeUndefined();
    expect(list.scenarios).toEqual([
      {
        row: 1,
        name: "Base",
        schema: SCENARIO_SCHEMA,
        saved: SAVED,
        inputs: base,
        id: "id-Base",
        revision: 1,
        savedBy: "Alice",
        key: "id-Base",
        sameName: false,
        cells: Object.fromEntries(HEADER.map((t, i) => [t, row("Base")[i]])),
      },
    ]);
  });

  it("round-trip any valid inputs (property)", () => {
    const inputs = fc.record({
      revshareRate: fc.double({ min: 0, max: 1, noNaN: true }),
      revshareCap: fc.option(fc.double({ min: 0, max: 1e12, noNaN: true }), { nil: null }),
      agiDate: fc.option(fc.integer({ min: 1, max: 2958465 }), { nil: null }),
      stakeHolder: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ""),
      stakeCapTable: fc.array(fc.tuple(fc.string(), fc.constantFrom("common", "preferred", "pool"), fc.nat(), fc.constant(1)), {
        maxLength: 5,
      }),
    });
    fc.assert(
      fc.property(inputs, (partial) => {
        const scenario = { ...base, ...partial } as DealInputs;
        const list = listOf([row("S", scenario)]);
        expect(list.problems).toEqual([]);
        expect(list.scenarios[0].inputs).toEqual(scenario);
      }),
    );
  });

  it("finds every column by its title (trimmed, any case), in any order, beside the user's", () => {
    const header = ["Notes", " inputs ", "NAME", "Saved by", "Schema", "Revision", "Id", "Saved"];
    const list = listOf(
      [
        row(
          "Base",
          amended,
          { Notes: "mine" },
          header.map((t) => HEADER.find((h) => h.toLowerCase() === t.trim().toLowerCase()) ?? t),
        ),
      ],
      header,
    );
    expect(list.scenarios.map((s) => [s.name, s.inputs, s.id, s.revision, s.savedBy])).toEqual([["Base", amended, "id-Base", 1, "Alice"]]);
  });

  it("reports a row written by a newer version and keeps it out of the list", () => {
    const list = listOf([row("Base"), row("Next year", base, { Schema: 2, Inputs: '{"whatever":"v2 stores"}' })]);
    expect(list.scenarios.map((s) => s.name)).toEqual(["Base"]);
    expect(list.problems).toEqual([{ row: 2, name: "Next year", newer: true, reason: expect.stringMatching(/newer version.*schema 2/) }]);
  });

  it.each<[string, Record<string, CellValue>, RegExp]>([
    ["no name", { Name: "" }, /no name/],
    ["a schema that is not a number", { Schema: "one" }, /Schema is "one"/],
    ["a schema that is the text 1", { Schema: "1" }, /Schema is "1", not a schema number/],
    ["a schema of 0", { Schema: 0 }, /Schema is 0/],
    ["inputs that are not JSON", { Inputs: "{rate: 0.2" }, /not valid JSON/],
    ["inputs that are a list", { Inputs: "[1,2]" }, /not a JSON object/],
    ["empty inputs", { Inputs: null }, /Inputs is empty/],
    ["a rate that is text", { Inputs: JSON.stringify({ ...base, revshareRate: "twenty" }) }, /revshareRate is "twenty", not a number/],
    ["a missing input", { Inputs: JSON.stringify({ ...base, asOf: undefined }) }, /asOf is missing/],
    ["an unknown preset", { Inputs: JSON.stringify({ ...base, preset: "2024-01" }) }, /preset is "2024-01", not one of 2025-10, 2026-04/],
    ["a date that is not a day", { Inputs: JSON.stringify({ ...base, asOf: 46000.5 }) }, /asOf is 46000.5, not a date/],
    [
      "a broken table",
      { Inputs: JSON.stringify({ ...base, stakeCapTable: [["A", "common", "many", 1]] }) },
      /stakeCapTable row 1, Units, holds "many"/,
    ],
    ["an input no version has", { Inputs: JSON.stringify({ ...base, colour: "red" }) }, /colour is not an input of schema 1/],
  ])("reports, never crashes on, a row with %s", (_, bad, reason) => {
    const list = listOf([row("Base"), row("S", base, bad), row("After")]);
    expect(list.scenarios.map((s) => s.name)).toEqual(["Base", "After"]);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]).toMatchObject({ row: 2, newer: false });
    expect(list.problems[0].reason).toMatch(reason);
  });

  it("never crashes on any table, and accounts for every non-empty row: listed or reported (property)", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(JSON.stringify(base)),
      fc.integer({ min: -2, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 7, maxLength: 7 }), { maxLength: 8 }), (rows) => {
        const list = listOf(rows);
        const nonEmpty = rows.filter((r) => !r.every((v) => v === null || v === "")).length;
        expect(list.scenarios.length + list.problems.length).toBe(nonEmpty);
      }),
    );
  });

  it("read a scenario saved before the AGI timing inputs existed, with their starting values", () => {
    const { agiScenarios: _a, agiValuationDate: _v, ...older } = base;
    void _a;
    void _v;
    const list = listOf([["Before AGI timing", SCENARIO_SCHEMA, SAVED, JSON.stringify(older)]], ["Name", "Schema", "Saved", "Inputs"]);
    expect(list.problems).toEqual([]);
    expect(list.scenarios[0].inputs.agiScenarios).toEqual(base.agiScenarios);
    expect(list.scenarios[0].inputs.agiValuationDate).toBeNull();
  });

  it("lists two rows of one name as two scenarios, each marked; a duplicated id keys them by row", () => {
    const list = listOf([row("Base"), row(" base ", amended, { Id: "id-other" }), row("X", base, { Id: "id-Base" })]);
    expect(list.scenarios.map((s) => [s.name, s.sameName, s.key])).toEqual([
      ["Base", true, "row-1"],
      ["base", true, "id-other"],
      ["X", false, "row-3"],
    ]);
    expect(list.problems).toEqual([]);
  });

  it("reads a table written before ids: no id, revision 0, keyed by row", () => {
    const legacy = ["Name", "Schema", "Saved", "Inputs"];
    const list = listOf([["Base", 1, SAVED, JSON.stringify(base)]], legacy);
    expect(list.scenarios.map((s) => [s.id, s.revision, s.savedBy, s.key])).toEqual([["", 0, "", "row-1"]]);
    expect(list.tableProblem).toBeUndefined();
  });

  it("says which required column is missing; rows still read when only Saved is", () => {
    const noSaved = HEADER.filter((t) => t !== "Saved");
    const list = listOf([row("Base", base, {}, noSaved)], noSaved);
    expect(list.tableProblem).toMatch(/no column titled “Saved”/);
    expect(list.scenarios.map((s) => [s.name, s.saved])).toEqual([["Base", ""]]);
    const noInputs = HEADER.filter((t) => t !== "Inputs");
    const none = listOf([row("Base", base, {}, noInputs)], noInputs);
    expect(none.tableProblem).toMatch(/no column titled “Inputs”/);
    expect(none.scenarios).toEqual([]);
    expect(none.problems).toEqual([]);
  });
});

describe("what a write sends", () => {
  const listed = (name: string, extra: Record<string, CellValue> = {}): ListedScenario => listOf([row(name, base, extra)]).scenarios[0];

  it("a save over a scenario: new inputs, schema, stamp and the next revision; its id and name stay", () => {
    const stamp2 = { saved: "2026-05-02T08:00:00.000Z", savedBy: "Bob" };
    expect(overwriteCells(listed("Base"), amended, "id-new", stamp2)).toEqual({
      Schema: 1,
      Inputs: JSON.stringify(amended),
      Saved: stamp2.saved,
      "Saved by": "Bob",
      Revision: 2,
      Id: "id-Base",
    });
    expect(overwriteCells(listed("Old", { Id: null, Revision: null }), amended, "id-new", stamp2)).toMatchObject({
      Id: "id-new",
      Revision: 1,
    });
  });

  it("a rename: the name, the stamp and the next revision; the inputs stay", () => {
    expect(renameCells(listed("Base"), "  Base case ", "id-new", { saved: SAVED, savedBy: "" })).toEqual({
      Name: "Base case",
      Saved: SAVED,
      "Saved by": null,
      Revision: 2,
      Id: "id-Base",
    });
  });

  it("refuses inputs too long for a cell", () => {
    const huge = { ...base, stakeCapTable: Array.from({ length: 2000 }, (_, i) => [`Holder number ${i}`, "common", i, 1]) };
    expect(() => newScenarioCells("Huge", huge, "id", stamp)).toThrow(/a cell holds 32000/);
  });

  it("keep both: the first free name of the form “Base (n)”", () => {
    const table = { header: HEADER, rows: [row("Base"), row("base (2)"), row("Other")] };
    expect(freeName(table, "Base")).toBe("Base (3)");
    expect(freeName(table, "Base (2)")).toBe("Base (3)");
    expect(freeName(table, "New")).toBe("New (2)");
    expect(freeName(undefined, "Base")).toBe("Base (2)");
  });
});

describe("what a co-author did, in plain words", () => {
  const mine = listOf([row("Base")]).scenarios[0];

  it("who changed what and when", () => {
    const now = row("Base", { ...base, revshareRate: 0.3 }, { Revision: 2, "Saved by": "Bob", Saved: "2026-05-01T10:04:00.000Z" });
    expect(describeChange(mine, HEADER, now)).toBe(
      "Bob changed “Base” on 2026-05-01 at 10:04 UTC, after this pane read it: changed Rate 20% → 30%.",
    );
  });

  it("a rename, and more inputs than it lists", () => {
    const now = row("Base v2", { ...amended, revshareRate: 0.3, asOf: TODAY + 1 }, { Revision: 2, "Saved by": null });
    expect(describeChange(mine, HEADER, now)).toBe(
      "A co-author (no name given) changed “Base” on 2026-05-01 at 09:30 UTC, after this pane read it: renamed it “Base v2”; " +
        "changed Deal terms 2025-10 → 2026-04, As of 2026-05-01 → 2026-05-02, Rate 20% → 30% and 2 more inputs.",
    );
  });

  it("a hand edit, a row made unreadable, a row gone", () => {
    expect(describeChange(mine, HEADER, row("Base", base, { Inputs: "{oops" }))).toBe(
      "Someone changed “Base” by hand in the table, after this pane read it: left it unreadable (Inputs is not valid JSON).",
    );
    expect(describeChange(mine, HEADER, undefined)).toBe("“Base” is no longer in the table: someone deleted it after this pane read it.");
  });

  it("times as the list shows them", () => {
    expect(whenText("2026-05-01T10:04:59.123Z")).toBe("2026-05-01 at 10:04 UTC");
    expect(whenText("yesterday")).toBe("yesterday");
  });
});

describe("comparing two scenarios", () => {
  it("compares the expected present value over the AGI scenarios, and says why there is none under fixed terms", () => {
    const outputs = keyOutputs(base);
    const agi = outputs.find((o) => o.key === "agiExpectedPv")!;
    expect(typeof agi.value).toBe("number");
    expect(keyOutputs(amended).find((o) => o.key === "agiExpectedPv")).toMatchObject({
      value: null,
      problem: expect.stringMatching(/fix the revenue share's end/),
    });
  });

  it("shows key outputs side by side with their difference, computed by the DEAL functions", () => {
    const a = { name: "2025-10", schema: 1, saved: SAVED, inputs: { ...base, agiDate: ymdToSerial(2028, 12, 31) } };
    const b = { name: "2026-04", schema: 1, saved: SAVED, inputs: { ...amended, agiDate: ymdToSerial(2028, 12, 31) } };
    const comparison = compareScenarios(a, b);
    const outA = keyOutputs(a.inputs);
    const outB = keyOutputs(b.inputs);
    const total = comparison.outputs.find((o) => o.key === "revshareTotal")!;
    expect(total.a).toBe(outA.find((o) => o.key === "revshareTotal")!.value);
    expect(total.b).toBe(outB.find((o) => o.key === "revshareTotal")!.value);
    expect(total.difference).toBe((total.b as number) - (total.a as number));
    // The amendment runs to 2030 but caps the total at $38B.
    expect(total.b).toBeLessThanOrEqual(38e9);
    expect(comparison.outputs.find((o) => o.key === "stake")!.difference).toBe(0);
    expect(comparison.inputs.map((d) => d.key)).toEqual(expect.arrayContaining(["preset", "revshareFixedEnd", "revshareCap"]));
    expect(comparison.inputs.find((d) => d.key === "revshareCap")).toMatchObject({ a: "", b: "38,000,000,000" });
  });

  it("says why an output is missing instead of showing a number", () => {
    const broken = { name: "Broken", schema: 1, saved: SAVED, inputs: { ...base, revshareRate: 1.5 } };
    const comparison = compareScenarios({ name: "Base", schema: 1, saved: SAVED, inputs: base }, broken);
    const total = comparison.outputs.find((o) => o.key === "revshareTotal")!;
    expect(total.b).toBeNull();
    expect(total.difference).toBeNull();
    expect(total.problemB).toBe("Rate must be from 0% to 100%.");
  });
});
