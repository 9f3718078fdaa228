import fc from "fast-check";
import { endOfMonth, serialFromIso } from "../../src/engine/dates";
import { cellDecimal } from "../../src/engine/cellNumbers";
import { Decimal } from "../../src/engine/decimal";
import { revenueSharePresentValue } from "../../src/engine/discount";
import { revenueShareSchedule } from "../../src/engine/revshare";
import { revShare as revShareTyped, revSharePv as revSharePvTyped } from "../../src/functions/revshare";
import { MAX_ROWS } from "../../src/functions/support/args";
import { toNumber } from "../../src/functions/support/results";
import { errorOf } from "../support/errors";

// Called as Excel calls them: raw values, null for an omitted argument.
const revShare = revShareTyped as (...args: unknown[]) => unknown[][];
const revSharePv = revSharePvTyped as (...args: unknown[]) => number;
const column = (...values: unknown[]) => values.map((v) => [v]);
const HEADERS = ["Period end", "Revenue", "Accrued", "Paid", "Cumulative paid", "Unpaid"];
const monthEnds = column(serialFromIso("2026-01-31"), serialFromIso("2026-02-28"), serialFromIso("2026-03-31"));

describe("DEAL.REVSHARE adapter", () => {
  it("spills numbers under a header row", () => {
    expect(revShare(column(100, 200), 0.5)).toEqual([HEADERS, [1, 100, 50, 50, 50, 0], [2, 200, 100, 100, 150, 0]]);
  });

  it("leaves the header off with headers FALSE, 0 or the word false", () => {
    for (const off of [false, 0, "false", [[false]]])
      expect(revShare(column(100), 0.5, null, null, null, null, null, off)).toEqual([[1, 100, 50, 50, 50, 0]]);
  });

  it("reads revenue and period_ends as a row as well as a column", () => {
    const across = revShare([[100, 200, 300]], 0.1, [monthEnds.map((r) => r[0])], null, null, null, null, false);
    expect(across).toEqual(revShare(column(100, 200, 300), 0.1, monthEnds, null, null, null, null, false));
    expect(across.map((row) => row[0])).toEqual(monthEnds.map((r) => r[0]));
  });

  it("counts an empty revenue cell as 0", () => {
    expect(revShare(column(100, null, "", 300), 0.5, null, null, null, null, null, false).map((row) => row[2])).toEqual([50, 0, 0, 150]);
  });

  it("treats omitted, empty and wholly blank optional arguments as not given", () => {
    const plain = revShare(column(100, 200), 0.5);
    expect(revShare(column(100, 200), 0.5, column(null, ""), "", "", "", "", "")).toEqual(plain);
    expect(revShare(column(100, 200), 0.5, undefined, undefined, undefined, undefined, undefined, undefined)).toEqual(plain);
  });

  it("drops a time of day from the dates", () => {
    const withTime = revShare(column(310, 280, 310), 0.5, column(46053.75, 46081.2, 46112.9), 46091.5);
    expect(withTime).toEqual(revShare(column(310, 280, 310), 0.5, monthEnds, 46091));
  });

  it("stretches and lags payments, growing rows past the forecast", () => {
    expect(revShare(column(300, 600), 0.1, null, null, null, 3, 1, false)).toEqual([
      [1, 300, 30, 0, 0, 30],
      [2, 600, 60, 10, 10, 80],
      [3, 0, 0, 30, 40, 50],
      [4, 0, 0, 30, 70, 20],
      [5, 0, 0, 20, 90, 0],
    ]);
  });

  it.each<[string, unknown[], string, RegExp]>([
    ["revenue missing", [null, 0.2], "#VALUE!", /revenue is missing/],
    ["text in a revenue cell", [column(1, "n/a", 3), 0.2], "#VALUE!", /revenue, row 2 of the range, must be a number; got the text "n\/a"/],
    [
      "a logical value in a revenue row",
      [[[1, 2, true]], 0.2],
      "#VALUE!",
      /revenue, column 3 of the range, must be a number; got the logical value TRUE/,
    ],
    [
      "revenue as a block",
      [
        [
          [1, 2],
          [3, 4],
        ],
        0.2,
      ],
      "#VALUE!",
      /revenue must be a single row or a single column/,
    ],
    ["negative revenue", [column(1, -2), 0.2], "#NUM!", /revenue of period 2 must not be negative/],
    ["rate missing", [column(1), null], "#VALUE!", /rate is missing/],
    ["rate as text", [column(1), "20%"], "#VALUE!", /rate must be a number; got the text "20%"/],
    ["rate above 1", [column(1), 20], "#NUM!", /rate must be a fraction from 0 to 1/],
    ["rate below 0", [column(1), -0.2], "#NUM!", /rate must be a fraction from 0 to 1/],
    [
      "text in period_ends",
      [column(1, 2), 0.2, column(46053, "Feb")],
      "#VALUE!",
      /period_ends, row 2 of the range, must be a date .*; got the text "Feb"/,
    ],
    ["a gap in period_ends", [column(1, 2, 3), 0.2, column(46053, null, 46112)], "#VALUE!", /period_ends, row 2 of the range, is missing/],
    [
      "period_ends shorter than revenue",
      [column(1, 2, 3), 0.2, monthEnds.slice(0, 2)],
      "#VALUE!",
      /period_ends has 2 dates but revenue has 3 periods/,
    ],
    ["period_ends not increasing", [column(1, 2, 3), 0.2, column(46053, 46112, 46081)], "#NUM!", /period_ends must be strictly increasing/],
    [
      "a date out of Excel's calendar",
      [column(1, 2), 0.2, column(46053, 3e6)],
      "#NUM!",
      /period_ends, row 2 of the range, must be a date between/,
    ],
    ["end_date without period_ends", [column(1), 0.2, null, 46053], "#VALUE!", /end_date needs period_ends/],
    ["end_date as text", [column(1, 2), 0.2, monthEnds.slice(0, 2), "2030"], "#VALUE!", /end_date must be a date/],
    ["a negative cap", [column(1), 0.2, null, null, -5], "#NUM!", /cap must not be negative/],
    ["payout_periods fractional", [column(1), 0.2, null, null, null, 1.5], "#NUM!", /payout_periods must be a whole number/],
    ["payout_periods negative", [column(1), 0.2, null, null, null, -3], "#NUM!", /payout_periods must be between 1 and/],
    ["payout_periods zero", [column(1), 0.2, null, null, null, 0], "#NUM!", /payout_periods must be between 1 and/],
    ["payout_periods as text", [column(1), 0.2, null, null, null, "three"], "#VALUE!", /payout_periods must be a number/],
    ["payout_lag negative", [column(1), 0.2, null, null, null, 1, -1], "#NUM!", /payout_lag must be between 0 and/],
    ["payout_lag fractional", [column(1), 0.2, null, null, null, 1, 0.5], "#NUM!", /payout_lag must be a whole number/],
    [
      "too many rows",
      [column(1, 2), 0.2, null, null, null, MAX_ROWS, 1],
      "#NUM!",
      new RegExp(`could run to ${MAX_ROWS + 2} rows.*the limit is ${MAX_ROWS}`),
    ],
    ["headers not a logical value", [column(1), 0.2, null, null, null, null, null, "maybe"], "#VALUE!", /headers must be TRUE or FALSE/],
  ])("%s is %s", (_, args, code, message) => {
    const e = errorOf(() => revShare(...args));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("DEAL.REVSHAREPV adapter", () => {
  it("values the Paid column as NPV does without dates", () => {
    const paid = revShare(column(100, 200), 0.5, null, null, null, 2, 1, false).map((row) => row[3] as number);
    const npv = paid.reduce((sum, p, k) => sum + p / 1.1 ** (k + 1), 0);
    expect(revSharePv(column(100, 200), 0.5, 0.1, null, null, null, 2, 1)).toBeCloseTo(npv, 10);
  });

  it("values the Paid column as XNPV does from the first day of the first period with dates", () => {
    const rows = revShare(column(310, 280, 310), 0.5, monthEnds, 46091, 200, 2, null, false);
    const start = serialFromIso("2026-01-01");
    const xnpv = rows.reduce((sum, row) => sum + (row[3] as number) / 1.08 ** (((row[0] as number) - start) / 365), 0);
    expect(revSharePv(column(310, 280, 310), 0.5, 0.08, monthEnds, 46091, 200, 2)).toBeCloseTo(xnpv, 10);
  });

  it.each<[string, unknown[], string, RegExp]>([
    ["discount_rate missing", [column(1), 0.2, null], "#VALUE!", /discount_rate is missing/],
    ["discount_rate -100%", [column(1), 0.2, -1], "#NUM!", /discount_rate must be greater than -1/],
    ["discount_rate as text", [column(1), 0.2, "8%"], "#VALUE!", /discount_rate must be a number/],
    ["a bad schedule argument", [column(1), 0.2, 0.1, null, null, null, 2.5], "#NUM!", /payout_periods must be a whole number/],
  ])("%s is %s", (_, args, code, message) => {
    const e = errorOf(() => revSharePv(...args));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("work bounds: at most 100,000 periods or rows", () => {
  const numbered = (count: number) => Array.from({ length: count }, () => [1]);

  it.each([
    ["REVSHARE", () => revShare(numbered(MAX_ROWS + 1), 0.2)],
    ["REVSHAREPV", () => revSharePv(numbered(MAX_ROWS + 1), 0.2, 0.08)],
    ["REVSHARE given a row", () => revShare([Array(MAX_ROWS + 1).fill(1)], 0.2)],
  ])("%s refuses 100,001 periods with #NUM! naming the limit", (_, call) => {
    expect(errorOf(call)).toMatchObject({ code: "#NUM!", message: expect.stringMatching(new RegExp(`the limit is ${MAX_ROWS}`)) });
  });

  it("refuses a payout_lag that would run the schedule past the limit, before building it", () => {
    for (const call of [
      () => revShare(column(1, 2), 0.2, null, null, null, 1, MAX_ROWS - 1),
      () => revSharePv(column(1, 2), 0.2, 0.08, null, null, null, 1, MAX_ROWS - 1),
    ]) {
      expect(errorOf(call)).toMatchObject({ code: "#NUM!", message: expect.stringMatching(`could run to ${MAX_ROWS + 1} rows`) });
    }
  });

  it("accepts a schedule of exactly 100,000 rows", () => {
    const rows = revShare(numbered(MAX_ROWS - 11), 0.5, null, null, null, 12, null, false);
    expect(rows.length).toBe(MAX_ROWS);
    expect(rows[MAX_ROWS - 1][4]).toBe((MAX_ROWS - 11) / 2); // everything accrued is paid by the last row
  });
});

describe("DEAL.REVSHARE and DEAL.REVSHAREPV: the cells are the Decimal engine's figures (each input read at 15 digits), whichever arithmetic ran", () => {
  const money = fc.oneof(
    fc.integer({ min: 0, max: 1e11 }).map((cents) => cents / 100),
    fc.double({ min: 0, max: 1e12, noNaN: true }),
    fc.constant(0),
  );
  const cases = fc.record({
    revenue: fc.oneof(
      fc.array(
        fc.integer({ min: 0, max: 1e11 }).map((cents) => cents / 100),
        { minLength: 2, maxLength: 30 },
      ),
      fc.array(money, { minLength: 2, maxLength: 30 }),
    ),
    rate: fc.oneof(
      fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
      fc.double({ min: 0, max: 1, noNaN: true }),
    ),
    dated: fc.boolean(),
    endOffset: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }),
    cap: fc.option(fc.integer({ min: 0, max: 1e10 }), { nil: null }),
    payoutPeriods: fc.integer({ min: 1, max: 24 }),
    payoutLag: fc.integer({ min: 0, max: 6 }),
  });

  it("spills toNumber of every amount revenueShareSchedule computes, and its present value", () => {
    fc.assert(
      fc.property(cases, ({ revenue, rate, dated, endOffset, cap, payoutPeriods, payoutLag }) => {
        const ends = dated ? revenue.map((_, i) => endOfMonth(serialFromIso("2026-01-31"), i)) : null;
        const endDate = ends && endOffset !== null ? ends[0] + endOffset : null;
        const expected = revenueShareSchedule({
          revenue: revenue.map(cellDecimal),
          rate: cellDecimal(rate),
          periodEnds: ends,
          endDate,
          cap: cap === null ? null : new Decimal(cap),
          payoutPeriods,
          payoutLag,
        });
        const rows = revShare(column(...revenue), rate, ends && column(...ends), endDate, cap, payoutPeriods, payoutLag, false);
        expect(rows).toEqual(
          expected.periodEnds.map((end, i) => [
            end,
            ...[expected.revenue, expected.accrued, expected.paid, expected.cumulativePaid, expected.unpaid].map((c) => toNumber(c[i])),
          ]),
        );
        const pv = revSharePv(column(...revenue), rate, 0.08, ends && column(...ends), endDate, cap, payoutPeriods, payoutLag);
        expect(pv).toBe(toNumber(revenueSharePresentValue(expected, new Decimal("0.08"))));
      }),
      { numRuns: 500 },
    );
  });
});

describe("the loose ends of DEAL.REVSHARE", () => {
  it("returns a header row of its own each time: changing one result changes no later one", () => {
    const first = revShare(column(100), 0.5);
    (first[0] as unknown[])[0] = "changed";
    first[0].push("more");
    expect(revShare(column(100), 0.5)[0]).toEqual(HEADERS);
  });

  it("counts periods in good grammar: one period is a period", () => {
    const ends = column(serialFromIso("9999-11-30"), serialFromIso("9999-12-31"));
    const e = errorOf(() => revShare(column(1, 1), 0.5, ends, null, null, 2));
    expect(e).toMatchObject({ code: "#NUM!", message: expect.stringMatching(/\(1 period after the last period end\)/) });
    expect(errorOf(() => revShare(column(1, 1, 1), 0.5, ends))).toMatchObject({
      message: expect.stringMatching(/period_ends has 2 dates but revenue has 3 periods/),
    });
    expect(errorOf(() => revShare(column(1, 1), 0.5, column(serialFromIso("2026-01-31"))))).toMatchObject({
      message: expect.stringMatching(/period_ends has 1 date but revenue has 2 periods/),
    });
  });
});
