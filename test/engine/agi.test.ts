import fc from "fast-check";
import { AgiScenario, checkScenarios, revenueShareByAgi, rightsInForceProbability } from "../../src/engine/agi";
import { cellDecimal } from "../../src/engine/cellNumbers";
import { endOfMonth, serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import { cellPresentValue } from "../../src/engine/discount";
import { getTermPreset } from "../../src/engine/presets";
import { CellRevenueShareTerms, cellRevenueShareSchedule, totalPaid } from "../../src/engine/revshare";
import { rightActive } from "../../src/engine/rights";

const d = (v: number | string) => new Decimal(v);
const iso = (...dates: string[]) => dates.map(serialFromIso);
const scenario = (agi: string | null, probability: string): AgiScenario => ({
  agiVerified: agi === null ? null : serialFromIso(agi),
  probability: d(probability),
});

// Year-ends 2026 to 2030, revenue in $ billions, 20% paid in the year it accrues.
const forecast: CellRevenueShareTerms = {
  revenue: [30, 50, 80, 120, 170],
  rate: 0.2,
  periodEnds: iso("2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"),
};
const scenarios = [scenario("2028-01-01", "0.25"), scenario("2029-07-01", "0.35"), scenario(null, "0.4")];
/** Discounted from the first day of the first period (2026-01-01) at actual/365, computed here with decimal.js powers. */
const discounted = (amount: number | string, date: string, rate = "1.08") =>
  d(amount).div(d(rate).pow(d(serialFromIso(date) - serialFromIso("2026-01-01")).div(365)));

describe("revenueShareByAgi: each scenario, worked by hand", () => {
  const result = revenueShareByAgi(forecast, 0.08, scenarios);

  it("ends accrual the day before verification, as DEAL.RIGHTS ends a right", () => {
    expect(result.scenarios.map((s) => s.accrualEnds)).toEqual([serialFromIso("2027-12-31"), serialFromIso("2029-06-30"), null]);
    expect(result.scenarios.map((s) => s.agiVerified)).toEqual([serialFromIso("2028-01-01"), serialFromIso("2029-07-01"), null]);
  });

  it("pays what accrues up to then: 6 + 10; 6 + 10 + 16 + 24 x 181/365; all five years", () => {
    // 2029-01-01 to 2029-06-30 is 181 days of 365: 24 x 181 / 365 = 11.9013698630137 (13 places: S = 90).
    expect(result.scenarios.map((s) => s.paidInTotal.toString())).toEqual(["16", "43.9013698630137", "90"]);
    expect(result.scenarios.map((s) => s.lastPayment)).toEqual(iso("2027-12-31", "2029-12-31", "2030-12-31"));
  });

  it("values each scenario's payments at 8% a year from 2026-01-01", () => {
    const expected = [
      discounted(6, "2026-12-31").plus(discounted(10, "2027-12-31")),
      discounted(6, "2026-12-31")
        .plus(discounted(10, "2027-12-31"))
        .plus(discounted(16, "2028-12-31"))
        .plus(discounted("11.9013698630137", "2029-12-31")),
      [6, 10, 16, 24, 34].map((p, i) => discounted(p, `${2026 + i}-12-31`)).reduce((a, b) => a.plus(b)),
    ];
    expect(result.scenarios.map((s) => s.presentValue)).toEqual(expected.map((v) => v.toNumber()));
  });

  it("weights the scenarios by probability: 0.25 x 16 + 0.35 x 43.9013698630137 + 0.4 x 90", () => {
    expect(result.expectedPaid.toString()).toBe("55.365479452054795");
    const pvs = result.scenarios.map((s) => cellDecimal(s.presentValue));
    expect(result.expectedPresentValue.eq(pvs[0].times("0.25").plus(pvs[1].times("0.35")).plus(pvs[2].times("0.4")))).toBe(true);
  });

  it("accrues one day more if the verification date itself were the end: $65.8M on a $120bn year", () => {
    const dayTooMany = totalPaid(
      cellRevenueShareSchedule({ ...forecast, revenue: [30, 50, 80, 120e9, 170], endDate: serialFromIso("2029-07-01") }),
    );
    const right = revenueShareByAgi({ ...forecast, revenue: [30, 50, 80, 120e9, 170] }, 0.08, [scenario("2029-07-01", "1")]).scenarios[0]
      .paidInTotal;
    expect(dayTooMany.minus(right).toNumber()).toBeCloseTo((120e9 * 0.2) / 365, 0);
    expect(Math.round(dayTooMany.minus(right).toNumber() / 1e5) / 10).toBe(65.8);
  });

  it("normalises by the probabilities' sum, which may miss 1 by up to 1e-9", () => {
    const almost = revenueShareByAgi(forecast, 0.08, [scenario("2028-01-01", "0.5"), scenario(null, "0.4999999995")]);
    expect(almost.expectedPaid.toDecimalPlaces(6).toString()).toBe(
      d(16).times("0.5").plus(d(90).times("0.4999999995")).div("0.9999999995").toDecimalPlaces(6).toString(),
    );
  });

  it("values to a valuation date when given", () => {
    const valued = revenueShareByAgi(forecast, 0.08, scenarios, serialFromIso("2028-01-01"));
    // Scenario 1 paid everything by 2027-12-31, before the valuation date: nothing left to value.
    expect(valued.scenarios[0].presentValue).toBe(0);
    expect(valued.scenarios[2].presentValue).toBe(
      [16, 24, 34]
        .map((p, i) => d(p).div(d("1.08").pow(d(serialFromIso(`${2028 + i}-12-31`) - serialFromIso("2028-01-01")).div(365))))
        .reduce((a, b) => a.plus(b))
        .toNumber(),
    );
  });
});

describe("checkScenarios", () => {
  it.each<[AgiScenario[], string, RegExp]>([
    [[], "value", /hold no scenario/],
    [[scenario("2030-01-01", "0.6"), scenario(null, "0.3")], "num", /must add up to 1 \(within 1e-9\); they add up to 0.9/],
    [[scenario("2030-01-01", "1.2"), scenario(null, "-0.2")], "num", /probabilities, item 1, must be a fraction from 0 to 1/],
    [[{ agiVerified: 1, probability: d(1) }], "num", /agi_dates, item 1, must be a date from 1900-01-02/],
  ])("refuses %j", (set, kind, message) => {
    expect(() => checkScenarios(set)).toThrow(expect.objectContaining({ kind, message: expect.stringMatching(message) }));
  });

  it("accepts a sum within 1e-9 of 1", () => {
    expect(() => checkScenarios([scenario(null, "0.3333333333"), scenario("2030-01-01", "0.6666666666")])).not.toThrow();
  });

  it("refuses a set whose schedules would be too much work, before computing any", () => {
    const many = Array.from({ length: 1000 }, (_, i) => scenario(null, i === 0 ? "1" : "0"));
    const long: CellRevenueShareTerms = {
      ...forecast,
      revenue: Array(5000).fill(1),
      periodEnds: Array.from({ length: 5000 }, (_, i) => endOfMonth(serialFromIso("2026-01-31"), i)),
    };
    expect(() => revenueShareByAgi(long, 0.08, many)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/the limit is 2000000/) }),
    );
    expect(() => revenueShareByAgi({ ...forecast, periodEnds: null }, 0.08, scenarios)).toThrow(/period_ends is missing/);
  });
});

describe("rightsInForceProbability", () => {
  it("adds up the probabilities of the scenarios in which each right is in force", () => {
    const on = (date: string) =>
      rightsInForceProbability(getTermPreset("2025-10"), serialFromIso(date), scenarios).map((r) => [r.right, r.probability.toString()]);
    // 2029-01-01: research, exclusivity and the revenue share ended on 2027-12-31 in the first scenario only.
    expect(on("2029-01-01")).toEqual([
      ["models", "1"],
      ["research", "0.75"],
      ["exclusivity", "0.75"],
      ["revshare", "0.75"],
    ]);
    // 2031-01-01: research IP ended by 2030-12-31 in every scenario; the AGI-bound rights run on if AGI is never verified.
    expect(on("2031-01-01")).toEqual([
      ["models", "1"],
      ["research", "0"],
      ["exclusivity", "0.4"],
      ["revshare", "0.4"],
    ]);
    // The amendment's revenue share runs through 2030 whatever happens to AGI.
    expect(rightsInForceProbability(getTermPreset("2026-04"), serialFromIso("2029-01-01"), scenarios)[3].probability.toString()).toBe("1");
  });

  it("is the weighted sum of rightActive over the scenarios, for any scenario set", () => {
    const set = fc
      .array(
        fc.record({ agi: fc.option(fc.integer({ min: 40000, max: 60000 }), { nil: null }), weight: fc.integer({ min: 0, max: 100 }) }),
        { minLength: 1, maxLength: 8 },
      )
      .filter((rows) => rows.some((r) => r.weight > 0));
    fc.assert(
      fc.property(set, fc.integer({ min: 40000, max: 60000 }), fc.constantFrom("2025-10", "2026-04"), (rows, asOf, presetId) => {
        const total = rows.reduce((a, r) => a + r.weight, 0);
        const set = rows.map((r) => ({ agiVerified: r.agi, probability: d(r.weight).div(total) }));
        fc.pre(
          set
            .reduce((a, s) => a.plus(s.probability), d(0))
            .minus(1)
            .abs()
            .lte("1e-9"),
        );
        const preset = getTermPreset(presetId);
        rightsInForceProbability(preset, asOf, set).forEach((r) => {
          const expected = rows.filter((row) => rightActive(preset, r.right, asOf, row.agi)).reduce((a, row) => a + row.weight, 0) / total;
          expect(r.probability.toNumber()).toBeCloseTo(expected, 12);
        });
      }),
    );
  });
});

describe("each scenario row is DEAL.REVSHARE and DEAL.REVSHAREPV with that accrual end", () => {
  it("for random forecasts, terms and scenario sets", () => {
    const terms = fc.record({
      revenue: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 1e11 }).map((c) => c / 100),
          fc.double({ min: 0, max: 1e12, noNaN: true }),
        ),
        { minLength: 2, maxLength: 36 },
      ),
      rate: fc.oneof(fc.constantFrom(0.2, 0.27), fc.double({ min: 0, max: 1, noNaN: true })),
      discount: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
      cap: fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }),
      payoutPeriods: fc.integer({ min: 1, max: 12 }),
      payoutLag: fc.integer({ min: 0, max: 6 }),
      quarterly: fc.boolean(),
      agiOffsets: fc.array(fc.option(fc.integer({ min: -100, max: 4000 }), { nil: null }), { minLength: 1, maxLength: 5 }),
      valuationOffset: fc.option(fc.integer({ min: -100, max: 2000 }), { nil: null }),
    });
    fc.assert(
      fc.property(terms, (t) => {
        const periodEnds = t.revenue.map((_, i) => endOfMonth(serialFromIso("2026-01-31"), i * (t.quarterly ? 3 : 1)));
        const cellTerms: CellRevenueShareTerms = {
          revenue: t.revenue,
          rate: t.rate,
          periodEnds,
          cap: t.cap,
          payoutPeriods: t.payoutPeriods,
          payoutLag: t.payoutLag,
        };
        const set = t.agiOffsets.map((offset, i) => ({
          agiVerified: offset === null ? null : periodEnds[0] + offset,
          probability: i === 0 ? d(1) : d(0),
        }));
        const valuationDate = t.valuationOffset === null ? null : periodEnds[0] + t.valuationOffset;
        const discount = t.discount;
        revenueShareByAgi(cellTerms, discount, set, valuationDate).scenarios.forEach((row, i) => {
          const endDate = set[i].agiVerified === null ? null : set[i].agiVerified! - 1;
          const withEnd = { ...cellTerms, endDate };
          const schedule = cellRevenueShareSchedule(withEnd);
          expect(row.paidInTotal.eq(totalPaid(schedule))).toBe(true);
          expect(row.presentValue).toBe(cellPresentValue(withEnd, schedule, discount, valuationDate));
        });
      }),
      { numRuns: 300 },
    );
  });
});
