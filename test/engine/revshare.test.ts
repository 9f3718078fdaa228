import fc from "fast-check";
import { endOfMonth, isoDate, serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import {
  CellRevenueShareTerms,
  RevenueShareSchedule,
  RevenueShareTerms,
  ScaledColumn,
  placesForTotal,
  referenceSchedule,
  revenueShareSchedule,
  scaledRevenueShareSchedule,
  unitsToDecimal,
} from "../../src/engine/revshare";

const d = (v: number | string) => new Decimal(v);
const decimals = (values: readonly (number | string)[]) => values.map(d);
const strings = (values: readonly Decimal[]) => values.map((v) => v.toString());
const iso = (...dates: string[]) => dates.map(serialFromIso);
const total = (values: readonly Decimal[]) => values.reduce((sum, v) => sum.plus(v), d(0));

function schedule(revenue: (number | string)[], rate: number | string, more: Partial<RevenueShareTerms> = {}): RevenueShareSchedule {
  return revenueShareSchedule({ revenue: decimals(revenue), rate: d(rate), ...more });
}

describe("revenueShareSchedule: accrual", () => {
  it("accrues rate x revenue and pays it in the same period by default", () => {
    const s = schedule([100, 200, 300], "0.2");
    expect(s.periodEnds).toEqual([1, 2, 3]);
    expect(strings(s.accrued)).toEqual(["20", "40", "60"]);
    expect(strings(s.paid)).toEqual(["20", "40", "60"]);
    expect(strings(s.cumulativePaid)).toEqual(["20", "60", "120"]);
    expect(strings(s.unpaid)).toEqual(["0", "0", "0"]);
    expect(s.totalAccrued.toString()).toBe("120");
    expect(s.dated).toBe(false);
    expect(s.firstPeriodStart).toBeNull();
  });

  it("is exact where binary floating point is not", () => {
    const s = schedule(["0.1", "0.2"], "0.3");
    expect(strings(s.accrued)).toEqual(["0.03", "0.06"]);
    expect(s.totalAccrued.toString()).toBe("0.09");
  });

  it("pro-rates the period that end_date cuts by days and accrues nothing after it", () => {
    // Month-end periods: Jan (31 days), Feb (28), Mar (31), Apr (30) 2026; accrual ends on 10 March.
    const s = schedule([310, 280, 310, 300], "0.5", {
      periodEnds: iso("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"),
      endDate: serialFromIso("2026-03-10"),
    });
    expect(strings(s.accrued)).toEqual(["155", "140", "50", "0"]); // 155 x 10/31 = 50
    expect(s.totalAccrued.toString()).toBe("345");
  });

  it("counts end_date itself as a day of accrual", () => {
    const ends = iso("2026-01-31", "2026-02-28");
    expect(schedule([310, 280], 1, { periodEnds: ends, endDate: serialFromIso("2026-02-28") }).totalAccrued.toString()).toBe("590");
    expect(strings(schedule([310, 280], 1, { periodEnds: ends, endDate: serialFromIso("2026-02-01") }).accrued)).toEqual(["310", "10"]);
    expect(strings(schedule([310, 280], 1, { periodEnds: ends, endDate: serialFromIso("2025-12-31") }).accrued)).toEqual(["0", "0"]);
  });

  it("gives the first period the length of the second: a month between month-ends", () => {
    // February is one month long, so January runs from 1 January: 15 of its 31 days accrue.
    const s = schedule([310, 280], 1, { periodEnds: iso("2026-01-31", "2026-02-28"), endDate: serialFromIso("2026-01-15") });
    expect(s.firstPeriodStart).toBe(serialFromIso("2026-01-01"));
    expect(strings(s.accrued)).toEqual(["150", "0"]);
  });

  it("gives the first period the length of the second: whole months between quarter-ends", () => {
    const s = schedule([90, 91], 1, { periodEnds: iso("2026-03-31", "2026-06-30"), endDate: serialFromIso("2026-01-31") });
    expect(isoDate(s.firstPeriodStart!)).toBe("2026-01-01");
    expect(strings(s.accrued)).toEqual(["31", "0"]); // Q1 2026 has 90 days
  });

  it("gives the first period the length of the second: days otherwise", () => {
    // Weekly periods: the first runs 1-7 January, so 3 of its 7 days accrue.
    const weekly = schedule([700, 700], 1, { periodEnds: iso("2026-01-07", "2026-01-14"), endDate: serialFromIso("2026-01-03") });
    expect(isoDate(weekly.firstPeriodStart!)).toBe("2026-01-01");
    expect(strings(weekly.accrued)).toEqual(["300", "0"]);
    // A month-end followed by a mid-month date: 15 days, so the first period is 17-31 January.
    const mixed = schedule([150, 150], 1, { periodEnds: iso("2026-01-31", "2026-02-15"), endDate: serialFromIso("2026-01-20") });
    expect(isoDate(mixed.firstPeriodStart!)).toBe("2026-01-17");
    expect(strings(mixed.accrued)).toEqual(["40", "0"]);
  });

  it("stops at the cap: the period that reaches it accrues the remainder", () => {
    const s = schedule([100, 100, 100, 100], "0.5", { cap: d(120) });
    expect(strings(s.accrued)).toEqual(["50", "50", "20", "0"]);
    expect(s.totalAccrued.toString()).toBe("120");
  });

  it("accrues exactly the cap when a period lands on it, and nothing for a zero cap", () => {
    expect(strings(schedule([100, 100, 100], "0.5", { cap: d(100) }).accrued)).toEqual(["50", "50", "0"]);
    expect(strings(schedule([100, 100], "0.5", { cap: d(0) }).accrued)).toEqual(["0", "0"]);
    expect(schedule([100, 100], "0.5", { cap: d(1e15) }).totalAccrued.toString()).toBe("100");
  });

  it("applies end_date before the cap", () => {
    const s = schedule([310, 280, 310], 1, {
      periodEnds: iso("2026-01-31", "2026-02-28", "2026-03-31"),
      endDate: serialFromIso("2026-02-14"),
      cap: d(400),
    });
    expect(strings(s.accrued)).toEqual(["310", "90", "0"]); // February would accrue 140; the cap leaves 90
  });
});

describe("revenueShareSchedule: payments", () => {
  it("pays each accrual in equal instalments starting payout_lag periods later", () => {
    // 30 is paid 10 in periods 2-4; 60 is paid 20 in periods 3-5.
    const s = schedule([300, 600], "0.1", { payoutPeriods: 3, payoutLag: 1 });
    expect(s.periodEnds).toEqual([1, 2, 3, 4, 5]);
    expect(strings(s.revenue)).toEqual(["300", "600", "0", "0", "0"]);
    expect(strings(s.accrued)).toEqual(["30", "60", "0", "0", "0"]);
    expect(strings(s.paid)).toEqual(["0", "10", "30", "30", "20"]);
    expect(strings(s.cumulativePaid)).toEqual(["0", "10", "40", "70", "90"]);
    expect(strings(s.unpaid)).toEqual(["30", "80", "50", "20", "0"]);
  });

  it("pays a lagged accrual in one piece", () => {
    const s = schedule([100, 200], 1, { payoutLag: 2 });
    expect(strings(s.paid)).toEqual(["0", "0", "100", "200"]);
    expect(strings(s.unpaid)).toEqual(["100", "300", "200", "0"]);
  });

  it("pays a capped schedule in instalments", () => {
    const s = schedule([100, 100, 100, 100], "0.5", { cap: d(120), payoutPeriods: 2 });
    expect(strings(s.paid)).toEqual(["25", "50", "35", "10"]);
    expect(s.periodEnds).toHaveLength(4);
  });

  it("pays thirds to the unit of the schedule: the cumulative payment rounds down, the last instalment settles", () => {
    // 100 accrued in one period: the unit is 15 significant digits of 100, 12 decimal places.
    const s = schedule([100], 1, { payoutPeriods: 3 });
    expect(s.places).toBe(12);
    expect(s.paid.map(String)).toEqual(["33.333333333333", "33.333333333333", "33.333333333334"]);
    expect(total(s.paid).toString()).toBe("100");
    expect(s.cumulativePaid[2].toString()).toBe("100");
  });

  it("pays in cents while the total has 13 digits before the point", () => {
    const s = schedule(["1e12"], 1, { payoutPeriods: 3 });
    expect(s.places).toBe(2);
    expect(s.paid.map(String)).toEqual(["333333333333.33", "333333333333.33", "333333333333.34"]);
    expect(total(s.paid).toString()).toBe("1000000000000");
  });

  it("takes its unit from the largest total, rate x the sum of revenue: 15 significant digits of it", () => {
    // 0.2 x (12,345,678,901.2345 + 1) has 10 digits before the point: 5 places.
    const s = schedule(["12345678901.2345", "1"], "0.2", { payoutPeriods: 3 });
    expect(s.places).toBe(5);
    expect(s.accrued.map(String)).toEqual(["2469135780.2469", "0.2", "0", "0"]);
    // Due by row 2: (2 x 2469135780.2469 + 0.2) / 3 = 1646090520.23126..., rounded down to the unit.
    expect(s.paid.map(String)).toEqual(["823045260.0823", "823045260.14896", "823045260.14897", "0.06667"]);
    expect(total(s.paid).toString()).toBe("2469135780.4469");
    // Past 10^13 the unit is coarser than a cent, as a cell showing 15 digits is.
    expect(schedule(["5e14"], "0.2").places).toBe(0);
    expect(schedule(["5e16"], "0.2").places).toBe(-2);
    expect(schedule(["0.005"], "0.2").places).toBe(17);
    // A rate x revenue finer than the unit rounds half up to it.
    expect(schedule(["123456789012345", "0.5"], "0.1").accrued.map(String)).toEqual(["12345678901234.5", "0.1"]);
    expect(placesForTotal(null)).toBe(2);
    expect(schedule([0, 0], "0.2").places).toBe(2);
  });

  it("stays exact at any magnitude", () => {
    for (const scale of ["1e-9", "1", "1e15", "1e40", "1e300"]) {
      const s = schedule([d(scale).times(7).toString(), d(scale).times(3).toString(), "0", d(scale).toString()], "0.37", {
        payoutPeriods: 7,
        payoutLag: 2,
        cap: d(scale).times("3.1"),
      });
      expect(total(s.accrued).toString()).toBe(d(scale).times("3.1").toString());
      expect(total(s.paid).eq(s.totalAccrued)).toBe(true);
      expect(s.unpaid[s.unpaid.length - 1].isZero()).toBe(true);
      // One unit is 10^-14 of the scale here (S = 0.37 x 11 x scale has one digit before the point).
      expect(s.paid[2].minus(d(scale).times("7").times("0.37").div(7)).abs().lte(d(scale).times("1e-14"))).toBe(true);
    }
  });

  it("continues month-end period ends a month at a time after the forecast", () => {
    const s = schedule([100, 100], 1, { periodEnds: iso("2026-01-31", "2026-02-28"), payoutPeriods: 4 });
    expect(s.periodEnds.map(isoDate)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"]);
  });

  it("continues quarter-ends a quarter at a time, and other dates by the last period's days", () => {
    const quarterly = schedule([1, 1], 1, { periodEnds: iso("2026-09-30", "2026-12-31"), payoutPeriods: 3 });
    expect(quarterly.periodEnds.map(isoDate)).toEqual(["2026-09-30", "2026-12-31", "2027-03-31", "2027-06-30"]);
    const mid = schedule([1, 1], 1, { periodEnds: iso("2026-01-15", "2026-02-15"), payoutLag: 2 });
    expect(mid.periodEnds.map(isoDate)).toEqual(["2026-01-15", "2026-02-15", "2026-03-18", "2026-04-18"]);
  });

  it("adds no rows when nothing accrues", () => {
    expect(schedule([0, 0], 1, { payoutPeriods: 5, payoutLag: 3 }).periodEnds).toEqual([1, 2]);
    expect(schedule([5, 5], 0, { payoutPeriods: 5 }).periodEnds).toEqual([1, 2]);
  });

  it("adds rows only as far as the last accrual needs", () => {
    // The cap is reached in period 1 of 4; its 3 instalments end in period 3.
    expect(schedule([100, 100, 100, 100], 1, { cap: d(50), payoutPeriods: 3 }).periodEnds).toHaveLength(4);
    expect(schedule([100, 100, 100, 100], 1, { cap: d(50), payoutPeriods: 3, payoutLag: 3 }).periodEnds).toHaveLength(6);
  });
});

describe("revenueShareSchedule: bad input", () => {
  const ends = iso("2026-01-31", "2026-02-28", "2026-03-31");
  it.each<[string, Partial<RevenueShareTerms>, string, RegExp]>([
    ["different lengths", { periodEnds: ends.slice(0, 2) }, "value", /period_ends has 2 dates but revenue has 3 periods/],
    ["a single dated period", { revenue: decimals([1]), periodEnds: ends.slice(0, 1) }, "value", /period_ends needs at least two dates/],
    [
      "dates not increasing",
      { periodEnds: [ends[0], ends[2], ends[1]] },
      "num",
      /period_ends must be strictly increasing: date 3 \(2026-02-28\)/,
    ],
    ["a repeated date", { periodEnds: [ends[0], ends[0], ends[2]] }, "num", /period_ends must be strictly increasing/],
    ["a rate above 1", { rate: d("1.2") }, "num", /rate must be a fraction from 0 to 1/],
    ["a negative rate", { rate: d("-0.1") }, "num", /rate must be a fraction from 0 to 1/],
    ["a negative cap", { cap: d(-1) }, "num", /cap must not be negative/],
    ["a fractional payout_periods", { payoutPeriods: 1.5 }, "num", /payout_periods must be a whole number of at least 1/],
    ["zero payout_periods", { payoutPeriods: 0 }, "num", /payout_periods must be a whole number of at least 1/],
    ["a negative payout_lag", { payoutLag: -1 }, "num", /payout_lag must be a whole number of at least 0/],
    ["a fractional payout_lag", { payoutLag: 0.5 }, "num", /payout_lag must be a whole number/],
    ["end_date without period_ends", { endDate: ends[0] }, "value", /end_date needs period_ends/],
    ["negative revenue", { revenue: decimals([1, -2, 3]) }, "num", /revenue of period 2 must not be negative/],
    ["no revenue", { revenue: [] }, "value", /revenue has no periods/],
  ])("refuses %s", (_, change, kind, message) => {
    const terms: RevenueShareTerms = { revenue: decimals([1, 2, 3]), rate: d("0.2"), ...change };
    expect(() => revenueShareSchedule(terms)).toThrow(expect.objectContaining({ kind, message: expect.stringMatching(message) }));
  });

  it("refuses a first period that would start before 1900 and payments that would run past 9999", () => {
    expect(() => schedule([1, 1], 1, { periodEnds: [10, 50] })).toThrow(/before 1900-01-01/);
    expect(() => schedule([1, 1], 1, { periodEnds: iso("9999-10-31", "9999-11-30"), payoutPeriods: 3 })).toThrow(/past 9999-12-31/);
  });
});

describe("revenueShareSchedule properties", () => {
  const cents = fc.integer({ min: 0, max: 10_000_000 }).map((cents) => d(cents).div(100));
  const money = fc.oneof(
    cents,
    fc.double({ min: 1e-6, max: 1e12, noNaN: true }).map((x) => d(x)),
    fc.constant(d(0)),
  );
  const rate = fc.integer({ min: 0, max: 10_000 }).map((bp) => d(bp).div(10_000));
  const monthEnds = (count: number, firstMonth: number) =>
    Array.from({ length: count }, (_, i) => endOfMonth(serialFromIso("2025-01-31"), firstMonth + i));
  const terms = fc
    .record({
      revenue: fc.array(money, { minLength: 2, maxLength: 40 }),
      rate,
      dated: fc.boolean(),
      firstMonth: fc.integer({ min: 1, max: 120 }),
      endOffset: fc.option(fc.integer({ min: -40, max: 1300 }), { nil: null }),
      cap: fc.option(cents, { nil: null }),
      payoutPeriods: fc.integer({ min: 1, max: 36 }),
      payoutLag: fc.integer({ min: 0, max: 12 }),
    })
    .map(({ revenue, dated, firstMonth, endOffset, ...rest }): RevenueShareTerms => {
      const periodEnds = dated ? monthEnds(revenue.length, firstMonth) : null;
      return { revenue, ...rest, periodEnds, endDate: periodEnds && endOffset !== null ? periodEnds[0] + endOffset : null };
    });

  it("pays exactly what accrues, and the columns agree with each other", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const s = revenueShareSchedule(t);
        expect(total(s.paid).eq(s.totalAccrued)).toBe(true);
        expect(total(s.accrued).eq(s.totalAccrued)).toBe(true);
        let accrued = d(0);
        let paid = d(0);
        s.paid.forEach((payment, row) => {
          accrued = accrued.plus(s.accrued[row]);
          paid = paid.plus(payment);
          expect(payment.isNegative()).toBe(false);
          expect(s.cumulativePaid[row].eq(paid)).toBe(true);
          expect(s.unpaid[row].eq(accrued.minus(paid))).toBe(true);
          expect(s.unpaid[row].isNegative()).toBe(false);
        });
        expect(s.unpaid[s.unpaid.length - 1].isZero()).toBe(true);
      }),
    );
  });

  it("never accrues more than the cap, and reaches it when the uncapped total would pass it", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const s = revenueShareSchedule(t);
        if (t.cap) {
          expect(s.totalAccrued.lte(t.cap)).toBe(true);
          const uncapped = revenueShareSchedule({ ...t, cap: null }).totalAccrued;
          expect(s.totalAccrued.eq(Decimal.min(uncapped, t.cap))).toBe(true);
        }
      }),
    );
  });

  it("accrues nothing after end_date and everything up to it", () => {
    fc.assert(
      fc.property(
        terms.filter((t) => t.endDate != null),
        (t) => {
          const s = revenueShareSchedule({ ...t, cap: null });
          t.revenue.forEach((revenue, i) => {
            const start = i === 0 ? s.firstPeriodStart! : t.periodEnds![i - 1] + 1;
            if (start > t.endDate!) expect(s.accrued[i].isZero()).toBe(true);
            // A full period accrues rate x revenue, rounded half up to the unit.
            const halfUnit = d(10).pow(-s.places).div(2);
            if (t.periodEnds![i] <= t.endDate!) expect(s.accrued[i].minus(revenue.times(t.rate)).abs().lte(halfUnit)).toBe(true);
          });
        },
      ),
    );
  });

  it("has n + payout_periods - 1 + payout_lag rows when the last period accrues something", () => {
    fc.assert(
      fc.property(
        terms.map((t) => ({ ...t, cap: null, endDate: null })),
        (t) => {
          const s = revenueShareSchedule(t);
          // A share below half a unit rounds to nothing: the rule is for a last period that accrues.
          if (s.accrued[t.revenue.length - 1].isZero()) return;
          const rows = t.revenue.length + t.payoutPeriods! - 1 + t.payoutLag!;
          expect(s.periodEnds).toHaveLength(rows);
          for (const column of [s.revenue, s.accrued, s.paid, s.cumulativePaid, s.unpaid]) expect(column).toHaveLength(rows);
          expect(s.paid[rows - 1].isZero()).toBe(false);
        },
      ),
    );
  });

  it("pays each accrual over payout_periods periods from payout_lag on: the payments are the accruals spread", () => {
    fc.assert(
      fc.property(
        terms.map((t) => ({ ...t, cap: null, endDate: null })),
        (t) => {
          const s = revenueShareSchedule(t);
          const n = t.payoutPeriods!;
          // Amounts are whole numbers of the unit, so a payment is within two units of its exact share.
          const tolerance = d(2).times(d(10).pow(-s.places));
          s.paid.forEach((payment, row) => {
            let expected = d(0);
            for (let i = row - t.payoutLag! - n + 1; i <= row - t.payoutLag!; i++)
              if (i >= 0 && i < t.revenue.length) expected = expected.plus(s.accrued[i].div(n));
            expect(payment.minus(expected).abs().lte(tolerance)).toBe(true);
          });
        },
      ),
    );
  });
});

describe("scaledRevenueShareSchedule: the same schedule in whole numbers of its unit", () => {
  // Columns as workbooks hold them: typed amounts (cents, whole units, binary fractions), formula-computed
  // ones with 16 or 17 significant digits (=prev*(1+g)), any doubles, mixed magnitudes (10^14 beside
  // 10^-7), and totals far past 2^53 cents.
  const column = (cell: fc.Arbitrary<number>) => fc.array(cell, { minLength: 2, maxLength: 60 });
  const formulaComputed = fc
    .record({
      first: fc.double({ min: 1, max: 1e13, noNaN: true }),
      growth: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
      length: fc.integer({ min: 2, max: 60 }),
    })
    .map(({ first, growth, length }) => {
      const values = [first];
      for (let i = 1; i < length; i++) values.push(values[i - 1] * (1 + growth));
      return values;
    });
  const cellRevenue = fc.oneof(
    column(fc.integer({ min: 0, max: 100_000_000_000 }).map((cents) => cents / 100)),
    column(fc.integer({ min: 0, max: 1e12 })),
    column(fc.integer({ min: 0, max: 1e6 }).map((x) => x / 1024)),
    column(fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(0, 9.99e14, 123456789012.3456, 5e-7))),
    column(fc.double({ min: 0, max: 1e13, noNaN: true })),
    formulaComputed,
    column(fc.constantFrom(1e14, 1e-7, 3.3e9, 0, 0.1 + 0.2, 2 ** 53 + 2)),
    column(fc.double({ min: 1e14, max: 1e20, noNaN: true })), // totals past 2^53 cents
    column(fc.double({ min: 1e-9, max: 1e-3, noNaN: true })),
  );
  const cellRate = fc.oneof(
    fc.integer({ min: 0, max: 100 }).map((percent) => percent / 100),
    fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 10_000),
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(0, 1, 0.2, 0.27, 1 / 3),
  );
  const cellCap = fc.option(
    fc.oneof(
      fc.integer({ min: 0, max: 10_000_000_000 }).map((cents) => cents / 100),
      fc.double({ min: 0, max: 1e14, noNaN: true }),
      fc.constantFrom(0, 1e30),
    ),
    { nil: null },
  );
  const cellTerms = fc
    .record({
      revenue: cellRevenue,
      rate: cellRate,
      dated: fc.boolean(),
      firstMonth: fc.integer({ min: 1, max: 120 }),
      endOffset: fc.option(fc.integer({ min: -40, max: 2000 }), { nil: null }),
      cap: cellCap,
      payoutPeriods: fc.integer({ min: 1, max: 40 }),
      payoutLag: fc.integer({ min: 0, max: 12 }),
    })
    .map(({ revenue, rate, cap, dated, firstMonth, endOffset, ...rest }): CellRevenueShareTerms => {
      const periodEnds = dated
        ? Array.from({ length: revenue.length }, (_, i) => endOfMonth(serialFromIso("2025-01-31"), firstMonth + i))
        : null;
      return {
        revenue,
        rate,
        cap,
        ...rest,
        periodEnds,
        endDate: periodEnds && endOffset !== null ? periodEnds[0] + endOffset : null,
      };
    });
  const reference = referenceSchedule;
  const values = (column: ScaledColumn) => Array.from(column.units, (units) => unitsToDecimal(units, column.places).toString());

  function expectSame(t: CellRevenueShareTerms): boolean {
    const scaled = scaledRevenueShareSchedule(t);
    const expected = reference(t);
    if (scaled === null) {
      // Declined: only where the unit's power of ten is beyond 10^+-22 (S below 10^-8 or from 10^37, give or
      // take the floating-point estimate's margin at the edge).
      expect(expected.places > 21 || expected.places < -21).toBe(true);
      return false;
    }
    expect(Array.from(scaled.periodEnds)).toEqual(expected.periodEnds);
    expect([scaled.dated, scaled.firstPeriodStart, scaled.places]).toEqual([expected.dated, expected.firstPeriodStart, expected.places]);
    expect(Array.from(scaled.revenue)).toEqual(expected.revenue.map((v) => v.toNumber()));
    for (const key of ["accrued", "paid", "cumulativePaid", "unpaid"] as const) {
      expect(values(scaled[key])).toEqual(strings(expected[key]));
    }
    expect(unitsToDecimal(scaled.totalUnits, scaled.places).toString()).toBe(expected.totalAccrued.toString());
    return true;
  }

  it("gives every column and the total to the last digit of revenueShareSchedule, on inputs of every kind", () => {
    // SCALED_RUNS=60000 npx jest test/engine/revshare.test.ts runs a longer search.
    const runs = Number(process.env.SCALED_RUNS ?? 3000);
    let taken = 0;
    fc.assert(
      fc.property(cellTerms, (t) => {
        if (expectSame(t)) taken++;
      }),
      { numRuns: runs },
    );
    // Most draws fit; fast-check's doubles reach 5e-324 often, which makes S too small for binary64 units.
    expect(taken).toBeGreaterThan(runs * 0.6);
  });

  it("sums exactly past 2^53 cents, and in formula-computed columns", () => {
    const growing = Array.from({ length: 1200 }, (_, i) => 13e9 * 1.013 ** i);
    const t: CellRevenueShareTerms = { revenue: growing, rate: 0.2, payoutPeriods: 60, payoutLag: 1 };
    expect(expectSame(t)).toBe(true);
    const s = scaledRevenueShareSchedule(t)!;
    // 0.2 x the sum is about 1.1e18: whole ten thousands, and the paid column adds up to the total exactly.
    expect(s.places).toBe(-4);
    expect(s.paid.units.reduce((a, b) => a + b, 0)).toBe(s.totalUnits);
  });

  it("matches on the edges: cuts, caps, halves and the largest units", () => {
    const ends = iso("2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30");
    const cases: CellRevenueShareTerms[] = [
      { revenue: [310, 280, 310, 300], rate: 0.5, periodEnds: ends, endDate: serialFromIso("2026-03-10") },
      { revenue: [310, 280, 310, 300], rate: 1, periodEnds: ends, endDate: serialFromIso("2026-03-10"), cap: 600, payoutPeriods: 3 },
      { revenue: [100, 100, 100, 100], rate: 0.5, cap: 120.009, payoutPeriods: 2, payoutLag: 3 },
      { revenue: [100], rate: 1, payoutPeriods: 3 },
      { revenue: [1e12], rate: 1, payoutPeriods: 3 },
      { revenue: [123456789012.3456], rate: 0.2, payoutPeriods: 3 },
      { revenue: [0, 0], rate: 1, payoutPeriods: 5, payoutLag: 3 },
      { revenue: [5, 5], rate: 0, payoutPeriods: 5 },
      { revenue: [999999999999999, 999999999999999], rate: 1, payoutPeriods: 7 },
      { revenue: [0.001, 0.002], rate: 0.3, payoutPeriods: 100000 },
      { revenue: [1e15, 1e-15, 5e-16], rate: 0.5, payoutPeriods: 7, payoutLag: 2 },
      { revenue: [999999999999999.5 / 10, 0.05], rate: 0.1 }, // S just below and above 10^13
      { revenue: [1000, 2000, 7000], rate: 0.1, payoutPeriods: 2 }, // S exactly 10^3
      { revenue: [1e36, 9e36], rate: 0.9 }, // S = 9e36: the last decade carried
    ];
    expect(cases.map(expectSame)).toEqual(cases.map(() => true));
  });

  it("declines only where the unit's power of ten is not exact in binary64, and leaves errors to revenueShareSchedule", () => {
    expect(scaledRevenueShareSchedule({ revenue: [1e37], rate: 1 })).toBeNull();
    expect(scaledRevenueShareSchedule({ revenue: [1e-9], rate: 0.5 })).toBeNull();
    expect(reference({ revenue: [1e-9], rate: 0.5 }).places).toBe(24);
    expect(scaledRevenueShareSchedule({ revenue: [100, -1], rate: 1 })).toBeNull();
    expect(scaledRevenueShareSchedule({ revenue: [], rate: 1 })).toBeNull();
    expect(() => reference({ revenue: [100, -1], rate: 1 })).toThrow(/must not be negative/);
  });

  it("reports bad terms as revenueShareSchedule does", () => {
    const bad: [Partial<CellRevenueShareTerms>, RegExp][] = [
      [{ rate: 1.5 }, /rate must be a fraction/],
      [{ endDate: 46000 }, /end_date needs period_ends/],
      [{ cap: -1 }, /cap must not be negative/],
      [{ payoutPeriods: 0 }, /payout_periods must be a whole number/],
      [{ periodEnds: [46000, 45990] }, /strictly increasing/],
    ];
    for (const [more, message] of bad) {
      const t: CellRevenueShareTerms = { revenue: [100, 200], rate: 0.2, ...more };
      expect(() => scaledRevenueShareSchedule(t)).toThrow(message);
      expect(() => reference(t)).toThrow(message);
    }
  });
});
