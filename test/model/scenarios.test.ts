import fc from "fast-check";
import { ymdToSerial } from "../../src/engine/dates";
import { DealInputs, defaultInputs, presetValues } from "../../src/model/fields";
import { keyOutputs } from "../../src/model/results";
import {
  compareScenarios,
  deleteScenario,
  parseScenarioRows,
  renameScenario,
  saveScenario,
  SCENARIO_SCHEMA,
  scenarioRow,
} from "../../src/model/scenarios";
import { CellValue, ScenarioRows } from "../../src/workbook/types";

const TODAY = ymdToSerial(2026, 5, 1);
const SAVED = "2026-05-01T09:30:00.000Z";
const base = defaultInputs(TODAY);
const amended: DealInputs = { ...base, ...presetValues("2026-04") };

function row(name: string, inputs: DealInputs = base, schema: CellValue = SCENARIO_SCHEMA): CellValue[] {
  return [name, schema, SAVED, JSON.stringify(inputs)];
}

describe("scenario rows", () => {
  it("round-trip: a scenario written as a row reads back the same", () => {
    const rows = [scenarioRow({ name: "Base", schema: SCENARIO_SCHEMA, saved: SAVED, inputs: base })];
    expect(rows[0]).toEqual(["Base", 1, SAVED, JSON.stringify(base)]);
    expect(parseScenarioRows(rows)).toEqual({ scenarios: [{ row: 1, name: "Base", schema: 1, saved: SAVED, inputs: base }], problems: [] });
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
        const list = parseScenarioRows([scenarioRow({ name: "S", schema: 1, saved: SAVED, inputs: scenario })]);
        expect(list.problems).toEqual([]);
        expect(list.scenarios[0].inputs).toEqual(scenario);
      }),
    );
  });

  it("report a row written by a newer version, keep it, and never let a save overwrite it", () => {
    const rows: ScenarioRows = [row("Base"), ["Next year", 2, SAVED, '{"whatever":"v2 stores"}']];
    const list = parseScenarioRows(rows);
    expect(list.scenarios.map((s) => s.name)).toEqual(["Base"]);
    expect(list.problems).toEqual([{ row: 2, name: "Next year", newer: true, reason: expect.stringMatching(/newer version.*schema 2/) }]);
    expect(() => saveScenario(rows, "next year", base, SAVED)).toThrow(/newer version/);
    const saved = saveScenario(rows, "Other", base, SAVED);
    expect(saved[1]).toEqual(rows[1]);
    expect(deleteScenario(saved, "Base")).toEqual([rows[1], saved[2]]);
    expect(renameScenario(rows, "Base", "Base 2")[1]).toEqual(rows[1]);
  });

  it.each<[string, CellValue[], RegExp]>([
    ["no name", ["", 1, SAVED, JSON.stringify(base)], /no name/],
    ["a schema that is not a number", ["S", "one", SAVED, JSON.stringify(base)], /Schema is "one"/],
    ["a schema of 0", ["S", 0, SAVED, JSON.stringify(base)], /Schema is 0/],
    ["inputs that are not JSON", ["S", 1, SAVED, "{rate: 0.2"], /not valid JSON/],
    ["inputs that are a list", ["S", 1, SAVED, "[1,2]"], /not a JSON object/],
    ["empty inputs", ["S", 1, SAVED, null], /Inputs is empty/],
    ["a rate that is text", ["S", 1, SAVED, JSON.stringify({ ...base, revshareRate: "twenty" })], /revshareRate is "twenty", not a number/],
    ["a missing input", ["S", 1, SAVED, JSON.stringify({ ...base, asOf: undefined })], /asOf is missing/],
    [
      "an unknown preset",
      ["S", 1, SAVED, JSON.stringify({ ...base, preset: "2024-01" })],
      /preset is "2024-01", not one of 2025-10, 2026-04/,
    ],
    ["a date that is not a day", ["S", 1, SAVED, JSON.stringify({ ...base, asOf: 46000.5 })], /asOf is 46000.5, not a date/],
    [
      "a broken table",
      ["S", 1, SAVED, JSON.stringify({ ...base, stakeCapTable: [["A", "common", "many", 1]] })],
      /stakeCapTable row 1, Units, holds "many"/,
    ],
    ["an input no version has", ["S", 1, SAVED, JSON.stringify({ ...base, colour: "red" })], /colour is not an input of schema 1/],
  ])("report, never crash on, a row with %s", (_, bad, reason) => {
    const rows = [row("Base"), bad, row("After")];
    const list = parseScenarioRows(rows);
    expect(list.scenarios.map((s) => s.name)).toEqual(["Base", "After"]);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]).toMatchObject({ row: 2, newer: false });
    expect(list.problems[0].reason).toMatch(reason);
  });

  it("never crash on any table, and account for every non-empty row: listed or reported (property)", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(JSON.stringify(base)),
      fc.integer({ min: -2, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 8 }), (rows) => {
        const list = parseScenarioRows(rows);
        const nonEmpty = rows.filter((r) => !r.every((v) => v === null || v === "")).length;
        expect(list.scenarios.length + list.problems.length).toBe(nonEmpty);
      }),
    );
  });

  it("read a scenario saved before the AGI timing inputs existed, with their starting values", () => {
    const { agiScenarios: _a, agiValuationDate: _v, ...older } = base;
    void _a;
    void _v;
    const list = parseScenarioRows([["Before AGI timing", SCENARIO_SCHEMA, SAVED, JSON.stringify(older)]]);
    expect(list.problems).toEqual([]);
    expect(list.scenarios[0].inputs.agiScenarios).toEqual(base.agiScenarios);
    expect(list.scenarios[0].inputs.agiValuationDate).toBeNull();
  });

  it("report a second row with the same name, and use the first", () => {
    const list = parseScenarioRows([row("Base"), row(" base ", amended)]);
    expect(list.scenarios).toHaveLength(1);
    expect(list.scenarios[0].inputs).toEqual(base);
    expect(list.problems[0].reason).toMatch(/same name/);
  });
});

describe("saving, renaming, deleting", () => {
  it("save appends a new name and replaces an existing one in place", () => {
    let rows: ScenarioRows = [];
    rows = saveScenario(rows, "Base", base, SAVED);
    rows = saveScenario(rows, "Amended", amended, SAVED);
    rows = saveScenario(rows, " base ", amended, "2026-05-02T00:00:00.000Z");
    expect(rows.map((r) => r[0])).toEqual(["Base", "Amended"]);
    expect(parseScenarioRows(rows).scenarios[0].inputs).toEqual(amended);
  });

  it("keep rows they cannot read exactly as they are", () => {
    const nonsense: CellValue[] = ["Broken", 1, "yesterday", "{not json"];
    let rows: ScenarioRows = [nonsense];
    rows = saveScenario(rows, "Base", base, SAVED);
    rows = renameScenario(rows, "Base", "Base case");
    rows = saveScenario(rows, "Other", amended, SAVED);
    rows = deleteScenario(rows, "Other");
    expect(rows[0]).toEqual(nonsense);
    expect(rows.map((r) => r[0])).toEqual(["Broken", "Base case"]);
  });

  it("refuse an empty name, a name taken by another scenario, and a scenario that does not exist", () => {
    const rows = [row("Base"), row("Amended", amended)];
    expect(() => saveScenario(rows, "  ", base, SAVED)).toThrow(/Give the scenario a name/);
    expect(() => renameScenario(rows, "Base", "amended")).toThrow(/exists already/);
    expect(() => renameScenario(rows, "Nope", "X")).toThrow(/no scenario named "Nope"/);
    expect(() => deleteScenario(rows, "Nope")).toThrow(/no scenario named "Nope"/);
    expect(renameScenario(rows, "Base", "BASE")[0][0]).toBe("BASE");
  });

  it("refuse inputs too long for a cell", () => {
    const huge = { ...base, stakeCapTable: Array.from({ length: 2000 }, (_, i) => [`Holder number ${i}`, "common", i, 1]) };
    expect(() => saveScenario([], "Huge", huge, SAVED)).toThrow(/a cell holds 32000/);
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
    expect(total.problemB).toMatch(/rate/);
  });
});
