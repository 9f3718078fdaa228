import fc from "fast-check";
import { cellDecimal } from "../../src/engine/cellNumbers";
import { endOfMonth, serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import { revenueSharePresentValue, scaledPresentValue } from "../../src/engine/discount";
import {
  CellRevenueShareTerms,
  RevenueShareTerms,
  referenceSchedule,
  revenueShareSchedule,
  scaledRevenueShareSchedule,
} from "../../src/engine/revshare";

const d = (v: number | string) => new Decimal(v);
const iso = (...dates: string[]) => dates.map(serialFromIso);
const schedule = (revenue: (number | string)[], rate: number | string, more: Partial<RevenueShareTerms> = {}) =>
  revenueShareSchedule({ revenue: revenue.map(d), rate: d(rate), ...more });

describe("revenueSharePresentValue", () => {
  it("discounts payment k by k periods without dates, as NPV does", () => {
    const s = schedule([100, 200], 1, { payoutPeriods: 2 }); // pays 50, 150, 100
    const expected = d(50)
      .div(1.1)
      .plus(d(150).div(d(1.1).pow(2)))
      .plus(d(100).div(d(1.1).pow(3)));
    expect(revenueSharePresentValue(s, d("0.1")).minus(expected).abs().lt("1e-30")).toBe(true);
  });

  it("discounts each payment from its period end to the first day of the first period at actual/365, as XNPV does", () => {
    const s = schedule([310, 280, 310], 1, { periodEnds: iso("2026-01-31", "2026-02-28", "2026-03-31"), payoutLag: 1 });
    const start = serialFromIso("2026-01-01");
    const expected = [0, 310, 280, 310]
      .map((payment, k) => d(payment).div(d("1.08").pow(d(s.periodEnds[k] - start).div(365))))
      .reduce((sum, v) => sum.plus(v));
    expect(revenueSharePresentValue(s, d("0.08")).minus(expected).abs().lt("1e-30")).toBe(true);
  });

  it("values at valuation_date: earlier payments left out, one on it in full, later ones discounted to it", () => {
    // Pays 310 on 2026-02-28, 280 on 2026-03-31, 310 on 2026-04-30.
    const s = schedule([310, 280, 310], 1, { periodEnds: iso("2026-01-31", "2026-02-28", "2026-03-31"), payoutLag: 1 });
    const onMarch31 = revenueSharePresentValue(s, d("0.08"), serialFromIso("2026-03-31"));
    expect(
      onMarch31
        .minus(d(280).plus(d(310).div(d("1.08").pow(d(30).div(365)))))
        .abs()
        .lt("1e-30"),
    ).toBe(true);
    const onMarch1 = revenueSharePresentValue(s, d("0.08"), serialFromIso("2026-03-01"));
    const expected = d(280)
      .div(d("1.08").pow(d(30).div(365)))
      .plus(d(310).div(d("1.08").pow(d(60).div(365))));
    expect(onMarch1.minus(expected).abs().lt("1e-30")).toBe(true);
    // Before the first period: every payment, discounted further than to its start.
    const early = revenueSharePresentValue(s, d("0.08"), serialFromIso("2025-12-01"));
    expect(early.lt(revenueSharePresentValue(s, d("0.08")))).toBe(true);
    expect(revenueSharePresentValue(s, d("0.08"), serialFromIso("2026-05-01")).isZero()).toBe(true);
  });

  it("is the plain total at a zero rate and refuses a rate of -100% or less, and a valuation date without dates", () => {
    const s = schedule([100, 200], "0.5", { payoutPeriods: 3 });
    expect(revenueSharePresentValue(s, d(0)).toString()).toBe("150");
    expect(() => revenueSharePresentValue(s, d(-1))).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/discount_rate/) }),
    );
    expect(() => revenueSharePresentValue(s, d(0), 46000)).toThrow(
      expect.objectContaining({ kind: "value", message: expect.stringMatching(/valuation_date needs period_ends/) }),
    );
  });
});

describe("scaledPresentValue: double-double, rounded once", () => {
  const revenue = fc.oneof(
    fc.array(
      fc.integer({ min: 0, max: 1e11 }).map((cents) => cents / 100),
      { minLength: 2, maxLength: 80 },
    ),
    fc.array(fc.double({ min: 0, max: 1e13, noNaN: true }), { minLength: 2, maxLength: 80 }),
    fc
      .record({ first: fc.double({ min: 1, max: 1e12, noNaN: true }), length: fc.integer({ min: 2, max: 200 }) })
      .map(({ first, length }) => Array.from({ length }, (_, i) => first * 1.013 ** i)),
  );
  const terms = fc
    .record({
      revenue,
      rate: fc.oneof(fc.constantFrom(0.2, 0.27, 1), fc.double({ min: 0, max: 1, noNaN: true })),
      discount: fc.oneof(fc.constantFrom(0, 0.08, -0.5, 0.1 + 0.2, 5), fc.double({ min: -0.95, max: 2, noNaN: true })),
      dated: fc.boolean(),
      quarterly: fc.boolean(),
      valuationOffset: fc.option(fc.integer({ min: -400, max: 4000 }), { nil: null }),
      payoutPeriods: fc.integer({ min: 1, max: 36 }),
      payoutLag: fc.integer({ min: 0, max: 6 }),
    })
    .map(({ revenue, rate, discount, dated, quarterly, valuationOffset, ...rest }) => {
      const periodEnds = dated ? revenue.map((_, i) => endOfMonth(serialFromIso("2025-01-31"), i * (quarterly ? 3 : 1))) : null;
      const cellTerms: CellRevenueShareTerms = { revenue, rate, periodEnds, ...rest };
      return {
        cellTerms,
        discount,
        valuationDate: periodEnds && valuationOffset !== null ? periodEnds[0] + valuationOffset : null,
      };
    });

  it("gives the number decimal.js's present value rounds to, on every kind of schedule and rate", () => {
    let declined = 0;
    const runs = Number(process.env.PV_RUNS ?? 1500);
    fc.assert(
      fc.property(terms, ({ cellTerms, discount, valuationDate }) => {
        const scaled = scaledRevenueShareSchedule(cellTerms);
        if (!scaled) return;
        const reference = referenceSchedule(cellTerms);
        const expected = revenueSharePresentValue(reference, cellDecimal(discount), valuationDate).toNumber();
        const fast = scaledPresentValue(scaled, discount, valuationDate);
        if (fast === null) declined++;
        else expect(fast).toBe(expected);
      }),
      { numRuns: runs },
    );
    expect(declined).toBeLessThan(runs / 100);
  });

  it("values 1,200 monthly payments of a formula-computed forecast to the last digit", () => {
    const cellTerms: CellRevenueShareTerms = {
      revenue: Array.from({ length: 1200 }, (_, i) => 13e9 * 1.013 ** i),
      rate: 0.2,
      periodEnds: Array.from({ length: 1200 }, (_, i) => endOfMonth(serialFromIso("2025-01-31"), i)),
      payoutPeriods: 60,
      payoutLag: 1,
    };
    const reference = referenceSchedule(cellTerms);
    for (const rate of ["0.08", "0.3", "-0.2"]) {
      expect(scaledPresentValue(scaledRevenueShareSchedule(cellTerms)!, Number(rate))).toBe(
        revenueSharePresentValue(reference, d(rate)).toNumber(),
      );
    }
  });

  it("declines what binary64 cannot hold, for decimal.js to decide", () => {
    const s = scaledRevenueShareSchedule({
      revenue: [1e9, 1e9, 1e9],
      rate: 1,
      periodEnds: iso("2026-01-31", "2026-02-28", "9999-11-30"),
    })!;
    expect(scaledPresentValue(s, -0.99)).toBeNull(); // 0.01^(-8000) overflows
    expect(scaledPresentValue(scaledRevenueShareSchedule({ revenue: [1, 1], rate: 1 })!, 1e30)).toBeNull();
    expect(scaledPresentValue(scaledRevenueShareSchedule({ revenue: [0, 0], rate: 1 })!, 0.1)).toBe(0);
  });
});
