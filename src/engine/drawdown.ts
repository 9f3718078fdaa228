import { addMonths, daysInMonth, MAX_SERIAL, serialToYmd, ymdToSerial } from "./dates";
import { Decimal, ZERO } from "./decimal";
import { counted, numError, valueError, argumentOf } from "./errors";
import { divideProduct, division } from "./exact";
import { WideSum } from "./wideSum";
import { digits, readDigits } from "./cellNumbers";

/**
 * A commitment laid out over a term along a profile, and tracked against actual consumption.
 *
 * Allocation is exact: the commitment is counted in units of 10^-decimals (cents for 2), each period
 * gets the whole units of its exact share commitment x w_k / sum(w), and the units left over go one each
 * to the periods with the largest remainders, the earliest first on ties. The arithmetic runs on whole
 * numbers: plain numbers (./exact) while the commitment is below 2^50 units and the weights' sum below
 * 2^52 (any commitment a cell can hold in cents up to 11 trillion, every named profile up to 100,000
 * periods), BigInt beyond; draws, cumulative and remaining are exact either way.
 */

export type DrawdownProfile = "flat" | "ramp" | "front" | "scurve";

export const PERIODS_PER_YEAR: readonly number[] = Object.freeze([1, 2, 4, 12]);

export interface DrawdownTerms {
  commitment: Decimal;
  startDate: number;
  termYears: Decimal;
  periodsPerYear: number;
  /**
   * A named profile, or weights as cells hold them (each read at 15 digits): one per period, or one per
   * year (spread evenly over the year's periods).
   */
  profile: DrawdownProfile | ArrayLike<number>;
  decimals: number;
}

/**
 * A draw-down by column. Amounts are exact whole numbers of the unit 10^-decimals: plain numbers when
 * the commitment is below 2^50 units, else BigInts; the function boundary turns them into cell values.
 */
export interface DrawdownSchedule {
  starts: Float64Array;
  ends: Float64Array;
  draws: Float64Array | bigint[];
  cumulative: Float64Array | bigint[];
  remaining: Float64Array | bigint[];
  decimals: number;
}

/** Number of periods, term_years x periods_per_year, which must be a whole number between 1 and maxPeriods. */
export function periodCount(termYears: Decimal, periodsPerYear: number, maxPeriods: number): number {
  if (!PERIODS_PER_YEAR.includes(periodsPerYear)) {
    throw numError(`periods_per_year must be one of ${PERIODS_PER_YEAR.join(", ")}; got ${periodsPerYear}.`, "periods_per_year");
  }
  if (termYears.lte(0)) throw numError(`term_years must be greater than 0; got ${termYears.toString()}.`, "term_years");
  const periods = termYears.times(periodsPerYear);
  // A term typed as a fraction (=7/12 years, monthly) reads as 0.583333333333333: its 15 digits miss the
  // whole number of periods by less than the last of them, so a count that close to a whole one is it.
  const whole = periods.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  if (!periods.minus(whole).abs().lte(whole.times(WHOLE_WITHIN))) {
    throw numError(
      `term_years x periods_per_year must be a whole number of periods; ${termYears.toString()} x ${periodsPerYear} is ${periods.toString()}.`,
      "term_years",
    );
  }
  if (whole.gt(maxPeriods)) throw numError(`The term has ${whole.toString()} periods; the limit is ${maxPeriods}.`, "term_years");
  return whole.toNumber();
}

/** How near a whole number of periods term_years x periods_per_year must be (relative): 15 digits' rounding, and some. */
const WHOLE_WITHIN = new Decimal("1e-12");

/**
 * Period k (0-based) starts EDATE(start, k x 12/periods_per_year) and ends the day before the next one
 * starts, so the periods tile the term with no gap or overlap.
 */
export function periodDates(startDate: number, periods: number, periodsPerYear: number): { starts: Float64Array; ends: Float64Array } {
  const monthsPerPeriod = 12 / periodsPerYear;
  const { year, month, day } = serialToYmd(startDate);
  const firstMonth = year * 12 + (month - 1);
  // The month after 9999-12 is as far as the next start may go: the term then ends on 9999-12-31.
  const termEnd = firstMonth + periods * monthsPerPeriod > 10000 * 12 ? Infinity : addMonths(startDate, periods * monthsPerPeriod) - 1;
  if (termEnd > MAX_SERIAL) throw numError("The term runs past 9999-12-31, the last date Excel shows.");
  const starts = new Float64Array(periods);
  const ends = new Float64Array(periods);
  // EDATE from the start date each time (not from the previous start), so a 31st stays a 31st.
  const startOf = (k: number) => {
    const index = firstMonth + k * monthsPerPeriod;
    const y = Math.floor(index / 12);
    const m = index - y * 12 + 1;
    return ymdToSerial(y, m, Math.min(day, daysInMonth(y, m)));
  };
  let next = startOf(0);
  for (let k = 0; k < periods; k++) {
    starts[k] = next;
    next = k + 1 === periods && termEnd === Infinity ? MAX_SERIAL + 1 : startOf(k + 1);
    ends[k] = next - 1;
  }
  return { starts, ends };
}

/** Whole-number weights of a named profile (proportions are all that matter), below 2^50 up to 100,000 periods. */
function namedWeights(profile: DrawdownProfile, periods: number): Float64Array {
  const n = periods;
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i + 1;
    switch (profile) {
      case "flat":
        weights[i] = 1;
        break;
      case "ramp":
        weights[i] = k;
        break;
      case "front":
        weights[i] = n - k + 1;
        break;
      case "scurve":
        // Smoothstep F(t) = 3t^2 - 2t^3 cumulated to the end of each period: w_k = F(k/n) - F((k-1)/n),
        // scaled by n^3 to the whole number 3n(2k - 1) - 2(3k^2 - 3k + 1) (below 6n^2: exact).
        weights[i] = 3 * n * (2 * k - 1) - 2 * (3 * k * k - 3 * k + 1);
        break;
    }
  }
  return weights;
}

/** One weight per period as whole numbers with the profile's proportions: plain numbers when they fit, else BigInts. */
export function periodWeights(profile: DrawdownTerms["profile"], periods: number, periodsPerYear: number): Float64Array | bigint[] {
  if (typeof profile === "string") return namedWeights(profile, periods);
  const years = periods / periodsPerYear;
  const perYear = Number.isInteger(years) && profile.length === years && profile.length !== periods;
  if (profile.length !== periods && !perYear) {
    const alternative = Number.isInteger(years) ? ` or ${years} (one per year)` : "";
    throw valueError(`profile has ${counted(profile.length, "weight")}; give ${periods} (one per period)${alternative}.`, "profile");
  }
  const given = profile.length;
  // Each weight read at 15 digits without trailing zeros, then all on the grid of the finest of them.
  const coefficients = new Float64Array(given);
  const exponents = new Float64Array(given);
  let finest = Infinity;
  let positive = false;
  for (let i = 0; i < given; i++) {
    readDigits(profile[i]);
    let { coefficient, exponent } = digits;
    if (coefficient < 0) throw numError(`profile weights must not be negative; weight ${i + 1} is ${profile[i]}.`, "profile");
    if (coefficient === 0) continue;
    while (coefficient % 10 === 0) {
      coefficient /= 10;
      exponent++;
    }
    coefficients[i] = coefficient;
    exponents[i] = exponent;
    finest = Math.min(finest, exponent);
    positive = true;
  }
  if (!positive) throw numError("profile weights must have a positive sum; they are all 0.", "profile");
  const spread = (i: number) => (coefficients[i] === 0 ? 0 : exponents[i] - finest);
  const periodOf = (k: number) => (perYear ? Math.floor(k / periodsPerYear) : k);
  const numbers = new Float64Array(periods);
  let sum = 0;
  for (let k = 0; k < periods; k++) {
    const i = periodOf(k);
    const shift = spread(i);
    const weight = shift <= 22 ? coefficients[i] * 10 ** shift : Infinity;
    numbers[k] = weight;
    sum += weight;
  }
  if (sum < 2 ** 52) return numbers;
  return Array.from({ length: periods }, (_, k) => BigInt(coefficients[periodOf(k)]) * 10n ** BigInt(spread(periodOf(k))));
}

/**
 * value x 10^places as an exact integer, or null when that is not a whole number. Done on the digits,
 * because Decimal multiplication would round a long number to the working precision.
 */
function shiftedInteger(value: Decimal, places: number): bigint | null {
  const [whole, fraction = ""] = value.abs().toFixed().split(".");
  const sign = value.isNegative() ? -1n : 1n;
  if (places >= 0) {
    if (fraction.length > places) return null;
    return sign * BigInt(whole + fraction.padEnd(places, "0"));
  }
  const dropped = whole.slice(whole.length + places);
  if (fraction.length > 0 || /[1-9]/.test(dropped)) return null;
  return sign * BigInt(whole.slice(0, Math.max(0, whole.length + places)) || "0");
}

function unitsOf(amount: Decimal, decimals: number, name: string): bigint {
  const scaled = shiftedInteger(amount, decimals);
  if (scaled === null) {
    throw numError(
      `${name} ${amount.toString()} has more decimal places than decimals = ${decimals} allows, so rounded draws cannot add up to it; round it or raise decimals.`,
      argumentOf(name),
    );
  }
  return scaled;
}

/** The k-th largest (k from 1) of some values, by quickselect with three-way partitions (linear on average, also when most are equal). */
function kthLargest<T extends number | bigint>(values: readonly T[] | Float64Array, k: number): T {
  let items = Array.from(values as ArrayLike<T>);
  let rank = k;
  for (;;) {
    const pivot = items[items.length >> 1];
    const greater: T[] = [];
    const less: T[] = [];
    for (const value of items) {
      if (value > pivot) greater.push(value);
      else if (value < pivot) less.push(value);
    }
    const equal = items.length - greater.length - less.length;
    if (rank <= greater.length) {
      items = greater;
    } else if (rank <= greater.length + equal) {
      return pivot;
    } else {
      rank -= greater.length + equal;
      items = less;
    }
  }
}

/**
 * Splits `totalUnits` in proportion to the weights into whole units that add up exactly: the floor of
 * each exact share, then one more unit to each of the largest remainders, earliest first on ties. The
 * leftover units go to every remainder above the leftover-th largest and to the earliest of those equal
 * to it, which is that order without sorting it.
 */
export function allocateUnits(totalUnits: bigint, weights: readonly bigint[]): bigint[] {
  const weightSum = weights.reduce((a, b) => a + b, 0n);
  if (weightSum <= 0n) throw numError("profile weights must have a positive sum.", "profile");
  const shares = weights.map((w) => totalUnits * w);
  const units = shares.map((s) => s / weightSum);
  const remainders = shares.map((s) => s % weightSum);
  const leftover = Number(totalUnits - units.reduce((a, b) => a + b, 0n));
  if (leftover === 0) return units;
  const threshold = kthLargest(remainders, leftover);
  let atThreshold = leftover - remainders.filter((r) => r > threshold).length;
  remainders.forEach((r, i) => {
    if (r > threshold) units[i] += 1n;
    else if (r === threshold && atThreshold > 0) {
      units[i] += 1n;
      atThreshold--;
    }
  });
  return units;
}

/**
 * allocateUnits in plain numbers, for a total below 2^50 units and weights whose sum is below 2^52: each
 * floor and remainder is one exact division of a product (./exact).
 */
export function allocateUnitsInNumbers(totalUnits: number, weights: Float64Array): Float64Array {
  let weightSum = 0;
  for (let i = 0; i < weights.length; i++) weightSum += weights[i];
  const units = new Float64Array(weights.length);
  const remainders = new Float64Array(weights.length);
  let allocated = 0;
  for (let i = 0; i < weights.length; i++) {
    divideProduct(totalUnits, weights[i], weightSum);
    units[i] = division.quotient;
    remainders[i] = division.remainder;
    allocated += division.quotient;
  }
  const leftover = totalUnits - allocated;
  if (leftover === 0) return units;
  const threshold = kthLargest<number>(remainders, leftover);
  let atThreshold = leftover;
  for (let i = 0; i < remainders.length; i++) if (remainders[i] > threshold) atThreshold--;
  for (let i = 0; i < remainders.length; i++) {
    if (remainders[i] > threshold) units[i] += 1;
    else if (remainders[i] === threshold && atThreshold > 0) {
      units[i] += 1;
      atThreshold--;
    }
  }
  return units;
}

/** Below this many units a commitment is allocated in plain numbers. */
const NUMBER_UNITS = 2 ** 50;

export function drawdownSchedule(terms: DrawdownTerms, maxPeriods: number): DrawdownSchedule {
  const { commitment, decimals } = terms;
  if (commitment.isNegative() && !commitment.isZero())
    throw numError(`commitment must not be negative; got ${commitment.toString()}.`, "commitment");
  const periods = periodCount(terms.termYears, terms.periodsPerYear, maxPeriods);
  const { starts, ends } = periodDates(terms.startDate, periods, terms.periodsPerYear);
  const weights = periodWeights(terms.profile, periods, terms.periodsPerYear);
  const totalUnits = unitsOf(commitment, decimals, "commitment");
  if (totalUnits < BigInt(NUMBER_UNITS) && weights instanceof Float64Array) {
    const total = Number(totalUnits);
    const draws = allocateUnitsInNumbers(total, weights);
    const cumulative = new Float64Array(periods);
    const remaining = new Float64Array(periods);
    let running = 0;
    for (let k = 0; k < periods; k++) {
      running += draws[k];
      cumulative[k] = running;
      remaining[k] = total - running;
    }
    return { starts, ends, draws, cumulative, remaining, decimals };
  }
  const draws = allocateUnits(totalUnits, weights instanceof Float64Array ? Array.from(weights, (w) => BigInt(w)) : weights);
  const cumulative: bigint[] = new Array(periods);
  const remaining: bigint[] = new Array(periods);
  let running = 0n;
  for (let k = 0; k < periods; k++) {
    running += draws[k];
    cumulative[k] = running;
    remaining[k] = totalUnits - running;
  }
  return { starts, ends, draws, cumulative, remaining, decimals };
}

export interface CommitmentStatus {
  consumed: Decimal;
  remaining: Decimal;
  periodsLeft: number;
  requiredPerPeriod: Decimal;
  projectedAtTermEnd: Decimal;
  projectedShortfall: Decimal;
  /** With a plan: the plan's amounts of the periods reported so far, and consumed minus that. */
  plannedToDate: Decimal | null;
  aheadOfPlan: Decimal | null;
}

/** The exact sum of cell numbers, each read as the 15 digits it shows. */
export function cellSum(values: ArrayLike<number>, from = 0, to = values.length): Decimal {
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = from; i < to; i++) {
    if (values[i] === 0) continue;
    readDigits(values[i]);
    if (digits.exponent < lowest) lowest = digits.exponent;
    if (digits.exponent > highest) highest = digits.exponent;
  }
  if (lowest === Infinity) return ZERO;
  // Terms up to 10^5 of them: 5 more digits of room at the top than the largest has.
  const sum = WideSum.spanning(lowest, highest, 6) ?? new WideSum(lowest, Math.floor((highest - lowest + 6) / 15) + 3);
  for (let i = from; i < to; i++) {
    if (values[i] === 0) continue;
    readDigits(values[i]);
    sum.add(digits.coefficient, digits.exponent);
  }
  return sum.toDecimal();
}

/**
 * Status of a commitment after `actuals.length` periods of a `totalPeriods` term. Remaining is what is
 * still to be consumed (never below 0); Required per period spreads it over the periods left, and is the
 * whole Remaining when none is left. The projection continues the average of the actuals (0 with none),
 * or, with a plan of every period's amount, the plan at the pace so far: consumed + the rest of the plan
 * x consumed / planned to date (the rest of the plan as it stands when nothing was planned yet). Actuals
 * may be negative (credits, true-ups), but not their total. Every sum is exact (cellSum).
 */
export function commitmentStatus(
  commitment: Decimal,
  actuals: ArrayLike<number>,
  totalPeriods: number,
  plan: ArrayLike<number> | null = null,
): CommitmentStatus {
  if (commitment.isNegative() && !commitment.isZero())
    throw numError(`commitment must not be negative; got ${commitment.toString()}.`, "commitment");
  if (!Number.isInteger(totalPeriods) || totalPeriods < 1)
    throw numError(`total_periods must be a whole number of at least 1; got ${totalPeriods}.`, "total_periods");
  if (actuals.length > totalPeriods) {
    throw numError(`actuals has ${actuals.length} periods, more than total_periods = ${totalPeriods}.`, "actuals");
  }
  if (plan && plan.length !== totalPeriods) {
    throw valueError(
      `plan has ${counted(plan.length, "period")}; give one planned amount for each of the total_periods = ${totalPeriods}.`,
      "plan",
    );
  }
  if (plan) {
    for (let i = 0; i < plan.length; i++) {
      if (plan[i] < 0) throw numError(`plan amounts must not be negative; item ${i + 1} is ${plan[i]}.`, "plan");
    }
  }
  const reported = actuals.length;
  const consumed = cellSum(actuals);
  if (consumed.isNegative() && !consumed.isZero()) {
    throw numError(
      `The actuals add up to a negative total consumed (${consumed.toString()}): credits cannot exceed consumption.`,
      "actuals",
    );
  }
  const remaining = Decimal.max(ZERO, commitment.minus(consumed));
  const periodsLeft = totalPeriods - reported;
  const requiredPerPeriod = periodsLeft === 0 ? remaining : remaining.div(periodsLeft);
  let projectedAtTermEnd: Decimal;
  let plannedToDate: Decimal | null = null;
  let aheadOfPlan: Decimal | null = null;
  if (plan) {
    plannedToDate = cellSum(plan, 0, reported);
    const restOfPlan = cellSum(plan, reported, totalPeriods);
    aheadOfPlan = consumed.minus(plannedToDate);
    projectedAtTermEnd = plannedToDate.isZero() ? consumed.plus(restOfPlan) : consumed.plus(restOfPlan.times(consumed).div(plannedToDate));
  } else {
    projectedAtTermEnd = reported === 0 ? ZERO : consumed.times(totalPeriods).div(reported);
  }
  const projectedShortfall = Decimal.max(ZERO, commitment.minus(projectedAtTermEnd));
  return { consumed, remaining, periodsLeft, requiredPerPeriod, projectedAtTermEnd, projectedShortfall, plannedToDate, aheadOfPlan };
}
