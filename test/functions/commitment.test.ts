import { serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import { commitmentStatus, drawdown as drawdownTyped } from "../../src/functions/commitment";
import { errorOf } from "../support/errors";
import { FormulaHost } from "../support/formulaHost";

// Called as Excel calls it: null for an omitted argument, a word or a range for the profile.
const drawdown = drawdownTyped as (...args: unknown[]) => unknown[][];
const column = (rows: unknown[][], index: number) => rows.map((row) => row[index]);
const exactSum = (values: unknown[]) => values.reduce<Decimal>((total, v) => total.plus(new Decimal(v as number)), new Decimal(0));

describe("DEAL.DRAWDOWN through real formulas", () => {
  it("lays 250e9 over five yearly periods from 2025-11-01 as five draws of 50e9", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.DRAWDOWN(250000000000, DATE(2025,11,1), 5, "flat", 1)']] });
    const block = host.block("A1", 7, 6);
    expect(block[0]).toEqual(["Period start", "Period end", "Draw", "Cumulative", "Remaining", null]);
    const rows = block.slice(1, 6).map((row) => row.slice(0, 5));
    expect(column(rows, 0)).toEqual(["2025-11-01", "2026-11-01", "2027-11-01", "2028-11-01", "2029-11-01"].map(serialFromIso));
    expect(column(rows, 1)).toEqual(["2026-10-31", "2027-10-31", "2028-10-31", "2029-10-31", "2030-10-31"].map(serialFromIso));
    expect(column(rows, 2)).toEqual(Array(5).fill(50e9));
    expect(column(rows, 3)).toEqual([50e9, 100e9, 150e9, 200e9, 250e9]);
    expect(column(rows, 4)).toEqual([200e9, 150e9, 100e9, 50e9, 0]);
    expect(block[6]).toEqual(Array(6).fill(null));
  });

  it("splits 100 over twelve months into draws of 8.34 and 8.33 that add up to exactly 100", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.DRAWDOWN(100, DATE(2026,1,1), 1, "flat", 12)']] });
    const draws = column(host.block("A2", 12, 5), 2);
    expect(draws).toEqual([...Array(4).fill(8.34), ...Array(8).fill(8.33)]);
    expect(exactSum(draws).toString()).toBe("100");
    expect(host.value("D13")).toBe(100);
    expect(host.value("E13")).toBe(0);
  });

  it("ramps 100 over three years as the hand-worked 16.67, 33.33, 50", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.DRAWDOWN(100, DATE(2026,1,1), 3, "RAMP", 1, 2, FALSE)']] });
    expect(column(host.block("A1", 3, 5), 2)).toEqual([16.67, 33.33, 50]);
  });

  it("takes a range of weights, one per year, spread over the year's quarters", () => {
    // Weights 1 and 3 for two years, quarterly: 1,1,1,1,3,3,3,3 of 16 parts of 1000 is 62.5 and 187.5.
    const host = new FormulaHost({ Sheet1: [[1, 3, "=DEAL.DRAWDOWN(1000, DATE(2026,1,1), 2, A1:B1, 4, 1, FALSE)"]] });
    expect(column(host.block("C1", 8, 5), 2)).toEqual([62.5, 62.5, 62.5, 62.5, 187.5, 187.5, 187.5, 187.5]);
  });

  it("takes a column of weights, one per period, and recomputes when a weight changes", () => {
    const host = new FormulaHost({ Sheet1: [[1, "=DEAL.DRAWDOWN(90, DATE(2026,1,1), 3, A1:A3, 1, 0, FALSE)"], [2], [null]] });
    expect(column(host.block("B1", 3, 5), 2)).toEqual([30, 60, 0]);
    host.set("A3", [[6]]);
    expect(column(host.block("B1", 3, 5), 2)).toEqual([10, 20, 60]);
  });

  it("lays an S-curve", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.DRAWDOWN(125, DATE(2026,1,1), 5, "scurve", 1, 0, FALSE)']] });
    expect(column(host.block("A1", 5, 5), 2)).toEqual([13, 31, 37, 31, 13]);
  });

  it("shows the errors with their messages", () => {
    const host = new FormulaHost({ Sheet1: [[-1, 2]] });
    const error = (f: string) => {
      host.set("D1", [[f]]);
      return host.error("D1");
    };
    expect(error('=DEAL.DRAWDOWN(100, DATE(2026,1,1), 1, "wavy")')).toEqual({
      value: "#VALUE!",
      message: 'profile must be one of flat, ramp, front, scurve, s-curve; got the text "wavy".',
    });
    expect(error("=DEAL.DRAWDOWN(100, DATE(2026,1,1), 1, , 3)").value).toBe("#NUM!");
    expect(error("=DEAL.DRAWDOWN(100, DATE(2026,1,1), 8334)")).toEqual({
      value: "#NUM!",
      message: expect.stringMatching(/the limit is 100000/),
    });
    expect(error("=DEAL.DRAWDOWN(100, DATE(2026,1,1), 1.5, , 1)").message).toMatch(/whole number of periods/);
    expect(error("=DEAL.DRAWDOWN(100, DATE(2026,1,1), 2, A1:B1, 1)")).toEqual({
      value: "#NUM!",
      message: expect.stringMatching(/weight 1 is -1/),
    });
    expect(error("=DEAL.DRAWDOWN(A1, DATE(2026,1,1), 1)")).toEqual({
      value: "#NUM!",
      message: expect.stringMatching(/commitment must not be negative/),
    });
    expect(error("=DEAL.DRAWDOWN(100.001, DATE(2026,1,1), 1)").message).toMatch(/more decimal places than decimals = 2/);
  });
});

describe("DEAL.DRAWDOWN adapter", () => {
  it("defaults to a flat monthly profile in cents with headers", () => {
    const rows = drawdown(1200, serialFromIso("2026-01-01"), 1, null, null, null, null);
    expect(rows.length).toBe(13);
    expect(column(rows.slice(1), 2)).toEqual(Array(12).fill(100));
  });

  it("reads a word given as a one-cell range and weights given as a row", () => {
    expect(column(drawdown(30, 46023, 1, [["Front"]], 2, 0, false), 2)).toEqual([20, 10]);
    expect(column(drawdown(30, 46023, 1, [[1, 2]], 2, 0, false), 2)).toEqual([10, 20]);
  });

  it.each([
    [true, "#VALUE!", /profile must be one of flat, ramp, front, scurve, s-curve, or a range of weights/],
    [[["a", 1]], "#VALUE!", /profile, item 1, must be a number/],
    [
      [
        [1, 2],
        [3, 4],
      ],
      "#VALUE!",
      /single row or a single column/,
    ],
    [[[1, 2, 3]], "#VALUE!", "profile has 3 weights; give 2 (one per period) or 1 (one per year)."],
  ])("refuses the profile %p", (profile, code, message) => {
    const e = errorOf(() => drawdown(100, 46023, 1, profile, 2, null, null));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("names the missing arguments and checks decimals", () => {
    expect(errorOf(() => drawdown(null, 46023, 1, null, null, null, null)).message).toMatch(/commitment is missing/);
    expect(errorOf(() => drawdown(1, null, 1, null, null, null, null)).message).toMatch(/start_date is missing/);
    expect(errorOf(() => drawdown(1, 46023, "", null, null, null, null)).message).toMatch(/term_years is missing/);
    expect(errorOf(() => drawdown(1, 46023, 1, null, null, 13, null))).toMatchObject({
      code: "#NUM!",
      message: expect.stringMatching(/between -12 and 12/),
    });
  });
});

describe("DEAL.COMMITMENTSTATUS", () => {
  it("reports consumed, remaining, the run-rate and the projected shortfall from a column with months not yet reported", () => {
    const host = new FormulaHost({
      Sheet1: [[10, "=DEAL.COMMITMENTSTATUS(120, A1:A12, 12)"], [20], [null], [30], ...Array(8).fill([null])],
    });
    expect(host.block("B1", 2, 6)).toEqual([
      ["Consumed", "Remaining", "Periods left", "Required per period", "Projected at term end", "Projected shortfall"],
      // Four months reported (the empty third counts 0): 60 consumed, average 15, projected 180.
      [60, 60, 8, 7.5, 180, 0],
    ]);
  });

  it("shows the shortfall when consumption runs behind", () => {
    const host = new FormulaHost({ Sheet1: [[5, 5, 5, "=DEAL.COMMITMENTSTATUS(120, A1:C1, 12, FALSE)"]] });
    const [row] = host.block("D1", 1, 6) as number[][];
    expect([row[0], row[1], row[2], row[4], row[5]]).toEqual([15, 105, 9, 60, 60]);
    expect(row[3]).toBeCloseTo(105 / 9, 8);
  });

  it("refuses more actuals than periods with #NUM!", () => {
    const host = new FormulaHost({ Sheet1: [[1], [2], [3], ["=DEAL.COMMITMENTSTATUS(10, A1:A3, 2)"]] });
    expect(host.error("A4")).toEqual({ value: "#NUM!", message: "actuals has 3 periods, more than total_periods = 2." });
  });

  it("tracks against a plan: the Draw column of DEAL.DRAWDOWN, projected along it at the pace so far", () => {
    // A 1:2:3:4:5 ramp of 1,500 over five years in C1 (its Draw column is E2:E6); year 1 consumed as planned.
    const host = new FormulaHost({
      Sheet1: [
        [100, null, '=DEAL.DRAWDOWN(1500, DATE(2026,1,1), 5, "ramp", 1)'],
        ...Array(5).fill([null]),
        ["=DEAL.COMMITMENTSTATUS(1500, A1:A5, 5, TRUE, E2:E6)"],
      ],
    });
    expect(host.block("E2", 5, 1).map((r) => r[0])).toEqual([100, 200, 300, 400, 500]);
    expect(host.block("A7", 2, 8)).toEqual([
      [
        "Consumed",
        "Remaining",
        "Periods left",
        "Required per period",
        "Projected at term end",
        "Projected shortfall",
        "Planned to date",
        "Ahead of plan",
      ],
      [100, 1400, 4, 350, 1500, 0, 100, 0],
    ]);
    // Without the plan the same year projects 500 and a shortfall of 1,000.
    host.set("A7", [["=DEAL.COMMITMENTSTATUS(1500, A1:A5, 5, FALSE)"]]);
    expect(host.block("A7", 1, 7)).toEqual([[100, 1400, 4, 350, 500, 1000, null]]);
  });

  it("takes credits (negative actuals) as long as the total is not negative", () => {
    expect(commitmentStatus(100, [[30, -10, 20]], 4, false)).toEqual([[40, 60, 1, 60, 160 / 3, 100 - 160 / 3]]);
  });

  it.each([
    [[[1, 2]], "#VALUE!", /plan has 2 periods; give one planned amount for each of the total_periods = 3/],
    [[[1, -2, 3]], "#NUM!", /plan amounts must not be negative; item 2 is -2/],
    [[[1, "x", 3]], "#VALUE!", /plan, column 2 of the range, must be a number/],
  ])("refuses the plan %p", (plan, code, message) => {
    const e = errorOf(() => commitmentStatus(100, [[10]], 3, null, plan));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("counts a plan left wholly empty as not given", () => {
    expect(commitmentStatus(100, [[10]], 3, false, [[null, "", null]])).toEqual(commitmentStatus(100, [[10]], 3, false));
  });

  it("needs the whole Remaining when no period is left", () => {
    expect(commitmentStatus(100, [[30, 30]], 2, false)).toEqual([[60, 40, 0, 40, 60, 40]]);
  });

  it.each([
    [[["x"]], 4, "#VALUE!", /actuals, item 1, must be a number/],
    [[[1, -2]], 4, "#NUM!", /negative total consumed \(-1\)/],
    [null, 4, "#VALUE!", /actuals is missing/],
    [[[1]], 0, "#NUM!", /total_periods must be between 1 and 100000/],
    [[[1]], 100001, "#NUM!", /100000/],
  ])("refuses actuals %p over %p periods", (actuals, total, code, message) => {
    // Excel hands a range as a matrix, and null when the argument is left out.
    const e = errorOf(() => commitmentStatus(100, actuals as unknown[][], total, null));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("work bounds: at most 100,000 periods", () => {
  const limit = 100000;

  it("DRAWDOWN refuses a term of more than 100,000 periods at once, however long", () => {
    for (const years of [8334, 1e12, 1e300]) {
      expect(errorOf(() => drawdown(100, serialFromIso("2026-01-01"), years, null, 12, null, null))).toMatchObject({
        code: "#NUM!",
        message: expect.stringMatching(`the limit is ${limit}`),
      });
    }
  });

  it("DRAWDOWN refuses 100,001 profile weights", () => {
    const weights = Array.from({ length: limit + 1 }, () => [1]);
    expect(errorOf(() => drawdown(100, serialFromIso("2026-01-01"), 1, weights, 12, null, null))).toMatchObject({
      code: "#NUM!",
      message: `profile has ${limit + 1} rows; the limit is ${limit}.`,
    });
  });

  it("COMMITMENTSTATUS refuses 100,001 actuals", () => {
    const actuals = Array.from({ length: limit + 1 }, () => [1]);
    expect(errorOf(() => commitmentStatus(100, actuals, limit, null))).toMatchObject({
      code: "#NUM!",
      message: `actuals has ${limit + 1} rows; the limit is ${limit}.`,
    });
  });
});

describe("the loose ends of DEAL.DRAWDOWN", () => {
  it("accepts a term written as a fraction of a year that is whole in periods within rounding: =7/12 monthly is 7 months", () => {
    const rows = drawdown(700, serialFromIso("2026-01-01"), 7 / 12, null, 12, null, false);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r[2])).toEqual(Array(7).fill(100));
    // Through real formulas, as the issue saw it.
    const host = new FormulaHost({ Sheet1: [["=DEAL.DRAWDOWN(700, DATE(2026,1,1), 7/12, , 12, 2, FALSE)"]] });
    expect(host.block("C1", 7, 1).map((r) => r[0])).toEqual(Array(7).fill(100));
    expect(errorOf(() => drawdown(700, serialFromIso("2026-01-01"), 0.58, null, 12, null, false))).toMatchObject({
      code: "#NUM!",
      message: expect.stringMatching(/0.58 x 12 is 6.96/),
    });
  });

  it("counts weights in good grammar: one weight is a weight", () => {
    expect(errorOf(() => drawdown(100, serialFromIso("2026-01-01"), 2, [[1]], 12, null, null))).toMatchObject({
      message: "profile has 1 weight; give 24 (one per period) or 2 (one per year).",
    });
  });
});
