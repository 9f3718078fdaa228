import fc from "fast-check";
import { addMonths, isoDate, serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import {
  allocateUnits,
  allocateUnitsInNumbers,
  cellSum,
  commitmentStatus,
  drawdownSchedule,
  DrawdownProfile,
  DrawdownSchedule,
  DrawdownTerms,
  periodCount,
  periodDates,
  periodWeights,
} from "../../src/engine/drawdown";

const d = (v: number | string) => new Decimal(v);
const LIMIT = 100000;

/** The periods of a schedule with their amounts as Decimals (whole units of 10^-decimals). */
function periodsOf(s: DrawdownSchedule) {
  const amount = (units: number | bigint) => new Decimal(`${units}e${-s.decimals}`);
  return Array.from(s.starts, (start, k) => ({
    start,
    end: s.ends[k],
    draw: amount(s.draws[k]),
    cumulative: amount(s.cumulative[k]),
    remaining: amount(s.remaining[k]),
  }));
}

function schedule(overrides: Partial<DrawdownTerms>) {
  return periodsOf(
    drawdownSchedule(
      {
        commitment: d(100),
        startDate: serialFromIso("2026-01-01"),
        termYears: d(1),
        periodsPerYear: 12,
        profile: "flat",
        decimals: 2,
        ...overrides,
      },
      LIMIT,
    ),
  );
}
const draws = (rows: ReturnType<typeof schedule>) => rows.map((r) => r.draw.toString());

describe("periodCount", () => {
  it("is term_years x periods_per_year", () => {
    expect(periodCount(d(5), 12, LIMIT)).toBe(60);
    expect(periodCount(d("2.5"), 2, LIMIT)).toBe(5);
    expect(periodCount(d("0.25"), 4, LIMIT)).toBe(1);
  });

  it.each([
    [d("2.5"), 1, /whole number of periods; 2.5 x 1 is 2.5/],
    [d("0.1"), 12, /0.1 x 12 is 1.2/],
    [d(0), 12, /term_years must be greater than 0/],
    [d(-1), 12, /term_years must be greater than 0/],
    [d(5), 3, /periods_per_year must be one of 1, 2, 4, 12; got 3/],
    [d(8334), 12, /100008 periods; the limit is 100000/],
    [d("0.58"), 12, /0.58 x 12 is 6.96/],
    [d("1e300"), 12, /the limit is 100000/],
  ])("refuses term_years %s with %p periods a year (#NUM!)", (years, perYear, message) => {
    expect(() => periodCount(years, perYear, LIMIT)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(message) }),
    );
  });

  it("accepts exactly the limit", () => {
    expect(periodCount(d(8333), 12, 99996)).toBe(99996);
  });

  it("accepts a term written as a fraction of a year, whole within the rounding of its 15 digits", () => {
    // =7/12 is 0.5833333333333334 in binary, 0.583333333333333 on the screen: x 12 is 6.999999999999996.
    expect(periodCount(d("0.583333333333333"), 12, LIMIT)).toBe(7);
    expect(periodCount(d("0.5833333333333334"), 12, LIMIT)).toBe(7);
    expect(periodCount(d("8333.33333333333"), 12, LIMIT)).toBe(100000);
    expect(periodCount(d("0.333333333333333"), 3 * 4, LIMIT)).toBe(4);
  });
});

describe("periodDates", () => {
  const datesOf = ({ starts, ends }: ReturnType<typeof periodDates>) =>
    Array.from(starts, (start, k) => [isoDate(start), isoDate(ends[k])]);

  it("steps from the start date as EDATE does, each period ending the day before the next starts", () => {
    const dates = datesOf(periodDates(serialFromIso("2025-01-31"), 4, 12));
    expect(dates).toEqual([
      ["2025-01-31", "2025-02-27"],
      ["2025-02-28", "2025-03-30"],
      ["2025-03-31", "2025-04-29"],
      ["2025-04-30", "2025-05-30"],
    ]);
  });

  it("lays yearly periods from 2025-11-01", () => {
    const dates = datesOf(periodDates(serialFromIso("2025-11-01"), 2, 1));
    expect(dates).toEqual([
      ["2025-11-01", "2026-10-31"],
      ["2026-11-01", "2027-10-31"],
    ]);
  });

  it("may end on 9999-12-31 but not after", () => {
    expect(datesOf(periodDates(serialFromIso("9999-01-01"), 1, 1))).toEqual([["9999-01-01", "9999-12-31"]]);
    expect(() => periodDates(serialFromIso("9999-01-02"), 1, 1)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/9999-12-31/) }),
    );
    expect(() => periodDates(serialFromIso("2000-01-01"), 100000, 1)).toThrow(expect.objectContaining({ kind: "num" }));
  });
});

describe("profile weights", () => {
  const weights = (profile: DrawdownProfile, n: number) => Array.from(periodWeights(profile, n, 1), Number);

  it("are 1s for flat, 1..n for ramp and n..1 for front", () => {
    expect(weights("flat", 3)).toEqual([1, 1, 1]);
    expect(weights("ramp", 4)).toEqual([1, 2, 3, 4]);
    expect(weights("front", 4)).toEqual([4, 3, 2, 1]);
  });

  it("follow the smoothstep 3t^2 - 2t^3 for scurve, worked by hand for five periods", () => {
    // F(0.2)=0.104, F(0.4)=0.352, F(0.6)=0.648, F(0.8)=0.896, F(1)=1: differences x 125.
    expect(weights("scurve", 5)).toEqual([13, 31, 37, 31, 13]);
    expect(weights("scurve", 1)).toEqual([1]);
  });

  it("make scurve symmetric, rising to the middle and summing to n^3", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (n) => {
        const w = Array.from(periodWeights("scurve", n, 1) as Float64Array);
        expect(w.reduce((a, b) => a + b, 0)).toBe(n ** 3);
        for (let k = 0; k < n; k++) {
          expect(w[k]).toBe(w[n - 1 - k]);
          expect(w[k] > 0).toBe(true);
          if (k < (n - 1) / 2) expect(w[k] <= w[k + 1]).toBe(true);
        }
      }),
    );
  });

  it("take user weights per period or per year", () => {
    expect(Array.from(periodWeights([1, 2, 3, 4], 4, 4), Number)).toEqual([1, 2, 3, 4]);
    expect(Array.from(periodWeights([0.5, 1.25], 4, 2), Number)).toEqual([50, 50, 125, 125]);
    // Weights read at 15 digits, on the grid of the finest: 1/3 is 0.333333333333333.
    expect(Array.from(periodWeights([1 / 3, 1], 2, 1), Number)).toEqual([333333333333333, 1e15]);
    // Beyond plain numbers' exact range: BigInt weights, in the same proportions.
    expect(periodWeights([1e-10, 1e10], 2, 1)).toEqual([1n, 10n ** 20n]);
  });

  it("refuse weights of the wrong count, negative weights and a zero sum", () => {
    expect(() => periodWeights([1, 2, 3], 4, 2)).toThrow(
      expect.objectContaining({ kind: "value", message: "profile has 3 weights; give 4 (one per period) or 2 (one per year)." }),
    );
    expect(() => periodWeights([1, 2], 5, 2)).toThrow(
      expect.objectContaining({ kind: "value", message: "profile has 2 weights; give 5 (one per period)." }),
    );
    expect(() => periodWeights([1, -1], 2, 1)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/weight 2 is -1/) }),
    );
    expect(() => periodWeights([0, 0], 2, 1)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/positive sum/) }),
    );
  });
});

describe("allocateUnits", () => {
  it("gives the leftover units to the largest remainders, earliest first on ties", () => {
    expect(allocateUnits(1000n, [1n, 1n, 1n])).toEqual([334n, 333n, 333n]);
    expect(allocateUnits(10n, [1n, 1n, 1n, 1n, 1n, 1n, 1n])).toEqual([2n, 2n, 2n, 1n, 1n, 1n, 1n]);
    // 10 x (1, 2, 4)/7 = 1.43, 2.86, 5.71: floors 1, 2, 5 and the one unit left goes to 2.86.
    expect(allocateUnits(10n, [1n, 2n, 4n])).toEqual([1n, 3n, 6n]);
  });

  it("gives what sorting the remainders (largest first, earliest on ties) and taking the first leftover gives", () => {
    const bySorting = (total: bigint, weights: bigint[]) => {
      const sum = weights.reduce((a, b) => a + b, 0n);
      const units = weights.map((w) => (total * w) / sum);
      const remainders = weights.map((w) => (total * w) % sum);
      let leftover = total - units.reduce((a, b) => a + b, 0n);
      const order = remainders
        .map((_, i) => i)
        .sort((a, b) => (remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1));
      for (const i of order) {
        if (leftover === 0n) break;
        units[i] += 1n;
        leftover -= 1n;
      }
      return units;
    };
    const weights = fc.oneof(
      fc.array(fc.bigInt({ min: 0n, max: 5n }), { minLength: 1, maxLength: 60 }),
      fc.array(fc.bigInt({ min: 0n, max: 10n ** 20n }), { minLength: 1, maxLength: 60 }),
      fc.integer({ min: 1, max: 200 }).map((n) => Array<bigint>(n).fill(1n)),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), weights, (total, w) => {
        fc.pre(w.some((x) => x > 0n));
        expect(allocateUnits(total, w)).toEqual(bySorting(total, w));
      }),
      { numRuns: 2000 },
    );
  });

  it("gives the same units in plain numbers, below 2^50 units and a weight sum below 2^52", () => {
    const weights = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 80 }),
      fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 80 }),
      fc.integer({ min: 1, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => 3 * n * (2 * i + 1) - 2 * (3 * (i + 1) * i + 1))),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 - 1 }), weights, (total, w) => {
        fc.pre(w.some((x) => x > 0));
        const inNumbers = allocateUnitsInNumbers(total, Float64Array.from(w));
        expect(Array.from(inNumbers, (u) => BigInt(u))).toEqual(
          allocateUnits(
            BigInt(total),
            w.map((x) => BigInt(x)),
          ),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("drawdownSchedule", () => {
  it("lays 250e9 flat over five years as five draws of 50e9", () => {
    const rows = schedule({ commitment: d(250e9), startDate: serialFromIso("2025-11-01"), termYears: d(5), periodsPerYear: 1 });
    expect(draws(rows)).toEqual(Array(5).fill("50000000000"));
    expect(rows.map((r) => r.cumulative.toString())).toEqual([
      "50000000000",
      "100000000000",
      "150000000000",
      "200000000000",
      "250000000000",
    ]);
    expect(rows[4].remaining.isZero()).toBe(true);
    expect(isoDate(rows[4].end)).toBe("2030-10-31");
  });

  it("splits 100 over twelve months as four draws of 8.34 then eight of 8.33", () => {
    expect(draws(schedule({}))).toEqual([...Array(4).fill("8.34"), ...Array(8).fill("8.33")]);
  });

  it("ramps 100 over three yearly periods as 16.67, 33.33, 50 (hand-worked)", () => {
    // Exact shares 16.666..., 33.333..., 50: floors in cents 1666, 3333, 5000; the spare cent goes to the
    // largest remainder, 10000 x 1 mod 6 = 4 against 2 and 0.
    expect(draws(schedule({ termYears: d(3), periodsPerYear: 1, profile: "ramp" }))).toEqual(["16.67", "33.33", "50"]);
  });

  it("front-loads 1000 over four quarters as 400, 300, 200, 100", () => {
    expect(draws(schedule({ commitment: d(1000), profile: "front", periodsPerYear: 4 }))).toEqual(["400", "300", "200", "100"]);
  });

  it("spreads yearly weights evenly over the year's quarters", () => {
    const rows = schedule({ commitment: d(160), termYears: d(2), periodsPerYear: 4, profile: [1, 3] });
    expect(draws(rows)).toEqual(["10", "10", "10", "10", "30", "30", "30", "30"]);
  });

  it("lays an S-curve of 125 over five years as 13, 31, 37, 31, 13", () => {
    expect(draws(schedule({ commitment: d(125), termYears: d(5), periodsPerYear: 1, profile: "scurve" }))).toEqual([
      "13",
      "31",
      "37",
      "31",
      "13",
    ]);
  });

  it("rounds to millions with decimals = -6", () => {
    const rows = schedule({ commitment: d(250e9), termYears: d(1), periodsPerYear: 12, decimals: -6 });
    expect(rows.every((r) => r.draw.mod(1e6).isZero())).toBe(true);
    expect(rows.reduce((s, r) => s.plus(r.draw), d(0)).toString()).toBe("250000000000");
    expect(draws(rows).slice(0, 5)).toEqual(["20834000000", "20834000000", "20834000000", "20834000000", "20833000000"]);
  });

  it("is exact beyond the working precision of 40 digits", () => {
    const commitment = d("123456789012345678901234567890123456789012345.67");
    const rows = schedule({ commitment, termYears: d(1), periodsPerYear: 12 });
    expect(rows[11].cumulative.eq(commitment)).toBe(true);
    expect(rows[11].remaining.isZero()).toBe(true);
  });

  it("refuses a commitment that the rounded draws cannot add up to, and a negative one", () => {
    expect(() => schedule({ commitment: d("100.005") })).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/more decimal places than decimals = 2/) }),
    );
    expect(() => schedule({ commitment: d(-1) })).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/not be negative/) }),
    );
  });

  it("lays a zero commitment as zero draws", () => {
    expect(draws(schedule({ commitment: d(0), periodsPerYear: 4 }))).toEqual(["0", "0", "0", "0"]);
  });
});

describe("drawdownSchedule properties", () => {
  const terms = fc
    .record({
      units: fc.bigInt({ min: 0n, max: 10n ** 18n }),
      decimals: fc.integer({ min: -3, max: 6 }),
      perYear: fc.constantFrom(1, 2, 4, 12),
      periods: fc.integer({ min: 1, max: 240 }),
      start: fc.integer({ min: serialFromIso("1950-01-01"), max: serialFromIso("2200-12-31") }),
      named: fc.constantFrom<DrawdownProfile>("flat", "ramp", "front", "scurve"),
      weights: fc.option(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 240, maxLength: 240 }), { nil: undefined }),
      weightScale: fc.integer({ min: -4, max: 4 }),
    })
    .map((t) => {
      const weights = t.weights?.slice(0, t.periods).map((w) => w * 10 ** t.weightScale);
      const profile = weights && weights.some((w) => w !== 0) ? weights : t.named;
      return {
        commitment: new Decimal(`${t.units}e${-t.decimals}`),
        startDate: t.start,
        termYears: d(t.periods).div(t.perYear),
        periodsPerYear: t.perYear,
        profile,
        decimals: t.decimals,
      } as DrawdownTerms;
    });

  it("draws add up exactly to the commitment, none is negative, Remaining ends at 0, and each draw is within one unit of its exact share", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const rows = periodsOf(drawdownSchedule(t, LIMIT));
        const unit = d(10).pow(-t.decimals);
        const weights = Array.from(periodWeights(t.profile, rows.length, t.periodsPerYear) as ArrayLike<number | bigint>, (w) =>
          d(w.toString()),
        );
        const weightSum = weights.reduce((a, b) => a.plus(b), d(0));
        let running = d(0);
        rows.forEach((r, k) => {
          expect(r.draw.isNegative() && !r.draw.isZero()).toBe(false);
          expect(r.draw.div(unit).isInteger()).toBe(true);
          expect(r.draw.minus(t.commitment.times(weights[k]).div(weightSum)).abs().lt(unit)).toBe(true);
          running = running.plus(r.draw);
          expect(r.cumulative.eq(running)).toBe(true);
          expect(r.remaining.eq(t.commitment.minus(running))).toBe(true);
        });
        expect(running.eq(t.commitment)).toBe(true);
        expect(rows[rows.length - 1].remaining.isZero()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("period dates tile the term with no gap or overlap", () => {
    fc.assert(
      fc.property(terms, (t) => {
        const rows = periodsOf(drawdownSchedule(t, LIMIT));
        expect(rows[0].start).toBe(t.startDate);
        rows.forEach((r, k) => {
          expect(r.end).toBeGreaterThanOrEqual(r.start);
          if (k > 0) expect(r.start).toBe(rows[k - 1].end + 1);
        });
        expect(rows[rows.length - 1].end).toBe(addMonths(t.startDate, t.termYears.times(12).toNumber()) - 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe("commitmentStatus", () => {
  const shown = (s: ReturnType<typeof commitmentStatus>) => ({
    consumed: s.consumed.toString(),
    remaining: s.remaining.toString(),
    periodsLeft: s.periodsLeft,
    required: s.requiredPerPeriod.toString(),
    projected: s.projectedAtTermEnd.toString(),
    shortfall: s.projectedShortfall.toString(),
  });
  const status = (commitment: number, actuals: number[], total: number) => shown(commitmentStatus(d(commitment), actuals, total));

  it("is on track when the average would finish the commitment", () => {
    expect(status(1200, [100, 80, 120], 12)).toEqual({
      consumed: "300",
      remaining: "900",
      periodsLeft: 9,
      required: "100",
      projected: "1200",
      shortfall: "0",
    });
  });

  it("projects the shortfall from the average so far", () => {
    // Average 50 over 12 periods projects 600 against 1200; the 1100 left over 10 periods needs 110 each.
    expect(status(1200, [40, 60], 12)).toEqual({
      consumed: "100",
      remaining: "1100",
      periodsLeft: 10,
      required: "110",
      projected: "600",
      shortfall: "600",
    });
  });

  it("needs the whole Remaining when no period is left, which is then the shortfall", () => {
    const s = status(1000, Array(4).fill(200), 4);
    expect(s).toEqual({ consumed: "800", remaining: "200", periodsLeft: 0, required: "200", projected: "800", shortfall: "200" });
  });

  it("has nothing remaining once consumption passes the commitment", () => {
    expect(status(100, [80, 70], 4)).toEqual({
      consumed: "150",
      remaining: "0",
      periodsLeft: 2,
      required: "0",
      projected: "300",
      shortfall: "0",
    });
  });

  it("projects 0 with no actuals yet", () => {
    expect(status(600, [], 6)).toEqual({
      consumed: "0",
      remaining: "600",
      periodsLeft: 6,
      required: "100",
      projected: "0",
      shortfall: "600",
    });
  });

  it("refuses more actuals than periods, a negative total consumed and a negative commitment (#NUM!)", () => {
    expect(() => status(100, [1, 2, 3], 2)).toThrow(
      expect.objectContaining({ kind: "num", message: "actuals has 3 periods, more than total_periods = 2." }),
    );
    expect(() => status(100, [10, -20], 2)).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/negative total consumed \(-10\)/) }),
    );
    expect(() => status(-100, [1], 2)).toThrow(expect.objectContaining({ kind: "num" }));
  });

  it("takes credits and true-ups: a negative actual lowers what was consumed", () => {
    expect(status(1000, [100, -30, 50], 10)).toMatchObject({ consumed: "120", remaining: "880", projected: "400" });
  });

  it("sums actuals exactly as the cells show them: 15 digits each, any magnitudes", () => {
    expect(cellSum([0.1, 0.2]).toString()).toBe("0.3");
    expect(cellSum([1e20, 1e-20, -1e20]).eq("1e-20")).toBe(true);
    expect(cellSum([13e9 * 1.013, 13e9 * 1.013 * 1.013]).toString()).toBe("26509197000");
    expect(cellSum([]).toString()).toBe("0");
  });
});

describe("commitmentStatus against a plan", () => {
  const withPlan = (commitment: number, actuals: number[], plan: number[]) => {
    const s = commitmentStatus(d(commitment), actuals, plan.length, plan);
    return {
      consumed: s.consumed.toString(),
      plannedToDate: s.plannedToDate?.toString(),
      aheadOfPlan: s.aheadOfPlan?.toString(),
      projected: s.projectedAtTermEnd.toString(),
      shortfall: s.projectedShortfall.toString(),
      required: s.requiredPerPeriod.toString(),
    };
  };

  it("projects along a ramp at the pace so far: on plan after year 1 of 1:2:3:4:5 is on track", () => {
    // 100 consumed of 100 planned: pace 1, so 100 + (200 + 300 + 400 + 500) = 1500.
    expect(withPlan(1500, [100], [100, 200, 300, 400, 500])).toEqual({
      consumed: "100",
      plannedToDate: "100",
      aheadOfPlan: "0",
      projected: "1500",
      shortfall: "0",
      required: "350",
    });
    // Straight-line, the same year projects 500 and a shortfall of 1,000.
    expect(commitmentStatus(d(1500), [100], 5).projectedShortfall.toString()).toBe("1000");
  });

  it("projects half the rest of the plan at half the pace", () => {
    // 150 consumed of 300 planned: 150 + (300 + 400 + 500) x 150 / 300 = 750.
    expect(withPlan(1500, [50, 100], [100, 200, 300, 400, 500])).toEqual({
      consumed: "150",
      plannedToDate: "300",
      aheadOfPlan: "-150",
      projected: "750",
      shortfall: "750",
      required: "450",
    });
  });

  it("takes the rest of the plan as it stands when nothing was planned yet", () => {
    expect(withPlan(1000, [10], [0, 0, 500, 500])).toMatchObject({
      plannedToDate: "0",
      aheadOfPlan: "10",
      projected: "1010",
      shortfall: "0",
    });
    expect(withPlan(1000, [], [250, 250, 250, 250])).toMatchObject({ plannedToDate: "0", projected: "1000" });
  });

  it("on the announced $250B in a ramp draw-down, consumed exactly as planned in year 1, has no projected shortfall", () => {
    const plan = drawdownSchedule(
      { commitment: d(250e9), startDate: serialFromIso("2025-11-01"), termYears: d(5), periodsPerYear: 1, profile: "ramp", decimals: 2 },
      LIMIT,
    );
    const planned = Array.from(plan.draws as Float64Array, (cents) => cents / 100);
    expect(planned[0]).toBe(16666666666.67);
    expect(commitmentStatus(d(250e9), [planned[0]], 5, planned).projectedShortfall.toString()).toBe("0");
    // Straight-line: 250e9 - 5 x 16,666,666,666.67 = 166,666,666,666.65.
    expect(commitmentStatus(d(250e9), [planned[0]], 5).projectedShortfall.toString()).toBe("166666666666.65");
  });

  it("refuses a plan of another length than total_periods, and negative planned amounts", () => {
    expect(() => commitmentStatus(d(100), [1], 3, [1, 2])).toThrow(
      expect.objectContaining({
        kind: "value",
        message: expect.stringMatching(/plan has 2 periods; give one planned amount for each of the total_periods = 3/),
      }),
    );
    expect(() => commitmentStatus(d(100), [1], 2, [1, -2])).toThrow(
      expect.objectContaining({ kind: "num", message: expect.stringMatching(/item 2 is -2/) }),
    );
  });
  it("keeps consumed + projected remainder consistent for any actuals", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 1e11 }),
        (actuals, extra, commitment) => {
          const total = actuals.length + extra;
          const s = commitmentStatus(d(commitment), actuals, total);
          const average = s.consumed.div(actuals.length);
          expect(
            s.projectedAtTermEnd
              .minus(s.consumed.plus(average.times(extra)))
              .abs()
              .lt(1e-20),
          ).toBe(true);
          expect(s.projectedShortfall.eq(Decimal.max(0, d(commitment).minus(s.projectedAtTermEnd)))).toBe(true);
          if (extra > 0) expect(s.requiredPerPeriod.times(extra).minus(s.remaining).abs().lt(1e-20)).toBe(true);
        },
      ),
    );
  });
});
