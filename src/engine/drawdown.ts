import { addMonths, MAX_SERIAL, serialToYmd } from "./dates";
import { Decimal, ZERO } from "./decimal";
import { numError, valueError } from "./errors";
import { exactSum } from "./scaled";

/**
 * A commitment laid out over a term along a profile, and tracked against actual consumption.
 *
 * Allocation is exact: the commitment is counted in units of 10^-decimals (cents for 2), each period
 * gets the whole units of its exact share commitment x w_k / sum(w), and the units left over go one each
 * to the periods with the largest remainders, the earliest first on ties. The arithmetic runs on
 * integers (BigInt), so draws, cumulative and remaining are exact however large the numbers.
 */

export type DrawdownProfile = "flat" | "ramp" | "front" | "scurve";

export const PERIODS_PER_YEAR: readonly number[] = Object.freeze([1, 2, 4, 12]);

export interface DrawdownTerms {
  commitment: Decimal;
  startDate: number;
  termYears: Decimal;
  periodsPerYear: number;
  /** A named profile, or weights: one per period, or one per year (spread evenly over the year's periods). */
  profile: DrawdownProfile | readonly Decimal[];
  decimals: number;
}

/**
 * One period of a draw-down. The amounts are exact whole numbers of the unit 10^-decimals (`drawUnits`
 * ...), which the function boundary turns into cell values directly; `draw`, `cumulative` and
 * `remaining` give them as Decimals.
 */
export class DrawdownPeriod {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly drawUnits: bigint,
    readonly cumulativeUnits: bigint,
    readonly remainingUnits: bigint,
    readonly decimals: number,
  ) {}

  get draw(): Decimal {
    return fromUnits(this.drawUnits, this.decimals);
  }

  get cumulative(): Decimal {
    return fromUnits(this.cumulativeUnits, this.decimals);
  }

  get remaining(): Decimal {
    return fromUnits(this.remainingUnits, this.decimals);
  }
}

/** Number of periods, term_years x periods_per_year, which must be a whole number between 1 and maxPeriods. */
export function periodCount(termYears: Decimal, periodsPerYear: number, maxPeriods: number): number {
  if (!PERIODS_PER_YEAR.includes(periodsPerYear)) {
    throw numError(`periods_per_year must be one of ${PERIODS_PER_YEAR.join(", ")}; got ${periodsPerYear}.`);
  }
  if (termYears.lte(0)) throw numError(`term_years must be greater than 0; got ${termYears.toString()}.`);
  const periods = termYears.times(periodsPerYear);
  if (!periods.isInteger()) {
    throw numError(
      `term_years x periods_per_year must be a whole number of periods; ${termYears.toString()} x ${periodsPerYear} is ${periods.toString()}.`,
    );
  }
  if (periods.gt(maxPeriods)) throw numError(`The term has ${periods.toString()} periods; the limit is ${maxPeriods}.`);
  return periods.toNumber();
}

/**
 * Period k (0-based) starts EDATE(start, k x 12/periods_per_year) and ends the day before the next one
 * starts, so the periods tile the term with no gap or overlap.
 */
export function periodDates(startDate: number, periods: number, periodsPerYear: number): { start: number; end: number }[] {
  const monthsPerPeriod = 12 / periodsPerYear;
  const { year, month } = serialToYmd(startDate);
  const lastMonthIndex = year * 12 + (month - 1) + periods * monthsPerPeriod;
  // The month after 9999-12 is as far as the next start may go: the term then ends on 9999-12-31.
  const termEnd = lastMonthIndex > 10000 * 12 ? Infinity : addMonths(startDate, periods * monthsPerPeriod) - 1;
  if (termEnd > MAX_SERIAL) throw numError("The term runs past 9999-12-31, the last date Excel shows.");
  const starts = Array.from({ length: periods + 1 }, (_, k) => addMonths(startDate, k * monthsPerPeriod));
  return starts.slice(0, periods).map((start, k) => ({ start, end: starts[k + 1] - 1 }));
}

/** Integer weights of a named profile: proportions are all that matter. */
function namedWeights(profile: DrawdownProfile, periods: number): bigint[] {
  const n = BigInt(periods);
  return Array.from({ length: periods }, (_, i) => {
    const k = BigInt(i + 1);
    switch (profile) {
      case "flat":
        return 1n;
      case "ramp":
        return k;
      case "front":
        return n - k + 1n;
      case "scurve":
        // Smoothstep F(t) = 3t^2 - 2t^3 cumulated to the end of each period: w_k = F(k/n) - F((k-1)/n),
        // scaled by n^3 to the whole number 3n(2k - 1) - 2(3k^2 - 3k + 1).
        return 3n * n * (2n * k - 1n) - 2n * (3n * k * k - 3n * k + 1n);
    }
  });
}

/** Decimal weights as integers with the same proportions (scaled by a common power of ten). */
function integerWeights(weights: readonly Decimal[]): bigint[] {
  const places = Math.max(0, ...weights.map((w) => w.decimalPlaces()));
  return weights.map((w) => shiftedInteger(w, places) as bigint);
}

/** One weight per period, from a named profile or from user weights given per period or per year. */
export function periodWeights(profile: DrawdownTerms["profile"], periods: number, periodsPerYear: number): bigint[] {
  if (typeof profile === "string") return namedWeights(profile, periods);
  const years = periods / periodsPerYear;
  let perPeriod: readonly Decimal[];
  if (profile.length === periods) perPeriod = profile;
  else if (Number.isInteger(years) && profile.length === years) perPeriod = profile.flatMap((w) => Array<Decimal>(periodsPerYear).fill(w));
  else {
    const perYear = Number.isInteger(years) ? ` or ${years} (one per year)` : "";
    throw valueError(`profile has ${profile.length} weights; give ${periods} (one per period)${perYear}.`);
  }
  perPeriod.forEach((w, i) => {
    if (w.isNegative() && !w.isZero()) throw numError(`profile weights must not be negative; weight ${i + 1} is ${w.toString()}.`);
  });
  if (perPeriod.every((w) => w.isZero())) throw numError("profile weights must have a positive sum; they are all 0.");
  return integerWeights(perPeriod);
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
    );
  }
  return scaled;
}

/** Built from the digits rather than by division, so it is never rounded to the working precision. */
function fromUnits(units: bigint, decimals: number): Decimal {
  return new Decimal(`${units.toString()}e${-decimals}`);
}

/**
 * The k-th largest of `values` (k from 1), by quickselect with three-way partitions: linear time on
 * average, also when most values are equal (a flat profile's remainders all are).
 */
function kthLargest(values: readonly bigint[], k: number): bigint {
  let items = values;
  let rank = k;
  for (;;) {
    const pivot = items[items.length >> 1];
    const greater: bigint[] = [];
    const less: bigint[] = [];
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
  if (weightSum <= 0n) throw numError("profile weights must have a positive sum.");
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

export function drawdownSchedule(terms: DrawdownTerms, maxPeriods: number): DrawdownPeriod[] {
  const { commitment, decimals } = terms;
  if (commitment.isNegative() && !commitment.isZero()) throw numError(`commitment must not be negative; got ${commitment.toString()}.`);
  const periods = periodCount(terms.termYears, terms.periodsPerYear, maxPeriods);
  const dates = periodDates(terms.startDate, periods, terms.periodsPerYear);
  const weights = periodWeights(terms.profile, periods, terms.periodsPerYear);
  const totalUnits = unitsOf(commitment, decimals, "commitment");
  const draws = allocateUnits(totalUnits, weights);
  let cumulative = 0n;
  return dates.map(({ start, end }, k) => {
    cumulative += draws[k];
    return new DrawdownPeriod(start, end, draws[k], cumulative, totalUnits - cumulative, decimals);
  });
}

export interface CommitmentStatus {
  consumed: Decimal;
  remaining: Decimal;
  periodsLeft: number;
  requiredPerPeriod: Decimal;
  projectedAtTermEnd: Decimal;
  projectedShortfall: Decimal;
}

/**
 * Status of a commitment after `actuals.length` periods of a `totalPeriods` term. Remaining is what is
 * still to be consumed (never below 0); Required per period spreads it over the periods left, and is the
 * whole Remaining when none is left; the projection continues the average of the actuals (0 with none).
 * Actuals are cell numbers, each read as the decimal it shows, and summed exactly (see exactSum).
 */
export function commitmentStatus(commitment: Decimal, actuals: ArrayLike<number>, totalPeriods: number): CommitmentStatus {
  if (commitment.isNegative() && !commitment.isZero()) throw numError(`commitment must not be negative; got ${commitment.toString()}.`);
  if (!Number.isInteger(totalPeriods) || totalPeriods < 1)
    throw numError(`total_periods must be a whole number of at least 1; got ${totalPeriods}.`);
  if (actuals.length > totalPeriods) {
    throw numError(`actuals has ${actuals.length} periods, more than total_periods = ${totalPeriods}.`);
  }
  for (let i = 0; i < actuals.length; i++) {
    if (actuals[i] < 0) throw numError(`actuals must not be negative; item ${i + 1} is ${new Decimal(actuals[i]).toString()}.`);
  }
  const consumed = exactSum(actuals);
  const remaining = Decimal.max(ZERO, commitment.minus(consumed));
  const periodsLeft = totalPeriods - actuals.length;
  const requiredPerPeriod = periodsLeft === 0 ? remaining : remaining.div(periodsLeft);
  const projectedAtTermEnd = actuals.length === 0 ? ZERO : consumed.times(totalPeriods).div(actuals.length);
  const projectedShortfall = Decimal.max(ZERO, commitment.minus(projectedAtTermEnd));
  return { consumed, remaining, periodsLeft, requiredPerPeriod, projectedAtTermEnd, projectedShortfall };
}
