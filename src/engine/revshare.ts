import { Decimal, ZERO } from "./decimal";
import { CELL_DIGITS, cellDecimal, cellValue, digits, readDigits } from "./cellNumbers";
import { MAX_SERIAL, MIN_SERIAL, endOfMonth, isMonthEnd, isoDate, monthsBetween } from "./dates";
import { counted, numError, valueError, argumentOf } from "./errors";
import { POWERS_OF_TEN, roundedProduct } from "./exact";
import { WideSum } from "./wideSum";

/**
 * Revenue share: what accrues each period (rate x revenue, cut by an end date and a total cap) and
 * when it is paid (in equal instalments after a lag).
 *
 * The unit. Every amount is a whole number of one unit, 10^-places, the finest at which the largest
 * total the schedule could accrue, S = rate x (the sum of revenue), has 15 significant digits (the most a
 * cell shows): S from 10 up to 100 accrues in units of 10^-13, S of a few billion in units of 10^-5, S of
 * some trillions in cents. Each accrual is rate x revenue (or its pro-rated part) rounded half up to the
 * unit, and the cap is rounded down to it. Every total then stays below 10^15 units (plus half a unit a
 * period), so sums of units are exact in plain numbers, and every amount has at most 15 significant
 * digits: the number in a cell is exactly the engine's amount.
 *
 * Instalments: the cumulative amount paid to date is (the sum of each accrual x instalments due so far /
 * payout_periods) rounded down to the unit; a period's payment is the step in it. The sub-unit remainders
 * are carried, and the last instalment of the last accrual brings the cumulative amount to the total
 * accrued exactly.
 *
 * Two implementations of that one definition: revenueShareSchedule in decimal.js (any magnitude, slow),
 * and scaledRevenueShareSchedule in whole numbers held in ordinary numbers (./exact), which declines
 * (null) only where the unit's power of ten is not exact in binary64 (S below 10^-8 or from 10^37). A
 * property test holds the two to the same digits.
 */

export interface RevenueShareTerms {
  /** Revenue of each period, not negative, each with at most 15 significant digits (as read from a cell). */
  revenue: readonly Decimal[];
  /** Share of revenue that accrues, a fraction from 0 to 1, at most 15 significant digits. */
  rate: Decimal;
  /** Last day (Excel serial) of each period, strictly increasing; null for numbered periods. */
  periodEnds?: ArrayLike<number> | null;
  /** Last day of accrual, inclusive; null for no end. Needs periodEnds. */
  endDate?: number | null;
  /** Total accrual over the life of the agreement, at most 15 significant digits; null for no cap. */
  cap?: Decimal | null;
  /** Equal instalments in which each period's accrual is paid (at least 1). */
  payoutPeriods?: number;
  /** Periods between a period's accrual and its first instalment (0 pays in the same period). */
  payoutLag?: number;
}

/** The schedule by column; every column has one entry per row. */
export interface RevenueShareSchedule {
  /** True when the periods are dated; then periodEnds are serials, else period numbers 1, 2, ... */
  dated: boolean;
  /** First day of the first period (serial), or null for numbered periods. */
  firstPeriodStart: number | null;
  periodEnds: number[];
  /** Revenue of the period; zero in the rows that run on after the forecast. */
  revenue: Decimal[];
  accrued: Decimal[];
  paid: Decimal[];
  cumulativePaid: Decimal[];
  /** Accrued to date minus paid to date. */
  unpaid: Decimal[];
  totalAccrued: Decimal;
  /** Amounts are whole numbers of 10^-places. */
  places: number;
}

/** The places used when nothing can accrue (every amount is 0): cents. */
const NOTHING_ACCRUES_PLACES = 2;

interface PeriodGrid {
  firstStart: number;
  ends: ArrayLike<number>;
}

function checkWhole(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min)
    throw numError(`${name} must be a whole number of at least ${min}; got ${value}.`, argumentOf(name));
}

function isSerial(serial: number): boolean {
  return Number.isInteger(serial) && serial >= MIN_SERIAL && serial <= MAX_SERIAL;
}

function checkSerial(serial: number, name: string): void {
  if (!isSerial(serial)) throw numError(`${name} must be a date between 1900-01-01 and 9999-12-31; got ${serial}.`, argumentOf(name));
}

/**
 * Period i runs from the day after end(i-1) through end(i). The first period has the length of the
 * second: as many months when both ends are month-ends, otherwise as many days.
 */
function periodGrid(ends: ArrayLike<number>, count: number): PeriodGrid {
  if (ends.length !== count) {
    throw valueError(
      `period_ends has ${counted(ends.length, "date")} but revenue has ${counted(count, "period")}: give one period end for each revenue value.`,
      "period_ends",
    );
  }
  if (ends.length < 2) {
    throw valueError("period_ends needs at least two dates: the first period takes the length of the second.", "period_ends");
  }
  for (let i = 0; i < ends.length; i++) if (!isSerial(ends[i])) checkSerial(ends[i], `period_ends, date ${i + 1},`);
  for (let i = 1; i < ends.length; i++) {
    if (ends[i] <= ends[i - 1]) {
      throw numError(
        `period_ends must be strictly increasing: date ${i + 1} (${isoDate(ends[i])}) is not after date ${i} (${isoDate(ends[i - 1])}).`,
        "period_ends",
      );
    }
  }
  const first = ends[0];
  const second = ends[1];
  const firstStart =
    isMonthEnd(first) && isMonthEnd(second) ? endOfMonth(first, -monthsBetween(first, second)) + 1 : first - (second - first) + 1;
  if (firstStart < MIN_SERIAL) throw numError("period_ends: the first period would start before 1900-01-01.", "period_ends");
  return { firstStart, ends };
}

/**
 * How end_date cuts period i: null when the period accrues in full, else the days of it that accrue
 * (0 when it starts after end_date) out of its length; accrual stops with that period.
 */
function cutByEndDate(grid: PeriodGrid, endDate: number, i: number): { days: number; length: number } | null {
  const start = i === 0 ? grid.firstStart : grid.ends[i - 1] + 1;
  const end = grid.ends[i];
  if (endDate >= end) return null;
  return { days: endDate < start ? 0 : endDate - start + 1, length: end - start + 1 };
}

/**
 * Period ends for `extra` rows after the last given one, at the spacing of the last period: month-end
 * to month-end steps when both its ends are month-ends, else its length in days.
 */
function continuedPeriodEnds(ends: ArrayLike<number>, extra: number): number[] {
  const last = ends[ends.length - 1];
  const previous = ends[ends.length - 2];
  const months = isMonthEnd(previous) && isMonthEnd(last) ? monthsBetween(previous, last) : 0;
  const more: number[] = [];
  for (let j = 1; j <= extra; j++) {
    const end = months > 0 ? endOfMonth(last, months * j) : last + (last - previous) * j;
    if (end > MAX_SERIAL) {
      throw numError(
        `The payments run past 9999-12-31 (${counted(extra, "period")} after the last period end): shorten payout_periods or payout_lag.`,
        "payout_periods",
      );
    }
    more.push(end);
  }
  return more;
}

function checkRevenue(revenue: readonly Decimal[]): void {
  if (revenue.length === 0) throw valueError("revenue has no periods.", "revenue");
  revenue.forEach((value, i) => {
    if (value.isNegative() && !value.isZero())
      throw numError(`revenue of period ${i + 1} must not be negative; got ${value.toString()}.`, "revenue");
  });
}

function checkOtherTerms(terms: Omit<RevenueShareTerms, "revenue">): void {
  const { rate } = terms;
  if (rate.isNegative() || rate.gt(1)) {
    throw numError(`rate must be a fraction from 0 to 1 (0.2 means 20%); got ${rate.toString()}.`, "rate");
  }
  if (terms.endDate !== undefined && terms.endDate !== null) {
    if (!terms.periodEnds) throw valueError("end_date needs period_ends: without dates the periods are only numbered.", "end_date");
    checkSerial(terms.endDate, "end_date");
  }
  if (terms.cap && terms.cap.isNegative() && !terms.cap.isZero()) {
    throw numError(`cap must not be negative; got ${terms.cap.toString()}.`, "cap");
  }
  checkWhole(terms.payoutPeriods ?? 1, "payout_periods", 1);
  checkWhole(terms.payoutLag ?? 0, "payout_lag", 0);
}

/**
 * checkOtherTerms on cell numbers, without decimal.js: a number's 15 digits are in a range exactly when
 * the nearest number to them is (every 15-digit decimal near 0 or 1 has its own nearest number).
 */
function checkCellTerms(terms: CellRevenueShareTerms): void {
  const rate = cellValue(terms.rate);
  const cap = terms.cap === null || terms.cap === undefined ? null : cellValue(terms.cap);
  if (!(rate >= 0 && rate <= 1) || (cap !== null && cap < 0)) {
    checkOtherTerms({ ...terms, rate: cellDecimal(terms.rate), cap: cap === null ? null : cellDecimal(terms.cap!) });
  }
  checkOtherTerms({ ...terms, rate: ZERO, cap: null });
}

/** Rows of the schedule: the periods, and after the last accrual as many more as its payments take. */
function rowCount(count: number, lastAccruing: number, instalments: number, lag: number): number {
  return lastAccruing < 0 ? count : Math.max(count, lastAccruing + lag + instalments);
}

function scheduleEnds(grid: PeriodGrid | null, rows: number): Float64Array {
  const ends = new Float64Array(rows);
  if (!grid) {
    for (let i = 0; i < rows; i++) ends[i] = i + 1;
  } else {
    ends.set(grid.ends);
    ends.set(continuedPeriodEnds(grid.ends, rows - grid.ends.length), grid.ends.length);
  }
  return ends;
}

/** The unit's places for the largest total S (the exponent of S's leading digit given): 15 digits of S. */
export function placesForTotal(leadingExponent: number | null): number {
  return leadingExponent === null ? NOTHING_ACCRUES_PLACES : CELL_DIGITS - 1 - leadingExponent;
}

// ------------------------------------------------------------------ the definition, in decimal.js

/** Sums without rounding: for S, which decides the unit, a rounded last digit could change its exponent. */
const Unrounded = Decimal.clone({ precision: 1e9 });

/** numerator / denominator rounded half up, both whole and not negative. */
function halfUpQuotient(numerator: Decimal, denominator: Decimal): Decimal {
  const quotient = numerator.divToInt(denominator);
  return numerator.minus(quotient.times(denominator)).times(2).gte(denominator) ? quotient.plus(1) : quotient;
}

/** The payment schedule of a revenue share (the definition above, in decimal.js). */
export function revenueShareSchedule(terms: RevenueShareTerms): RevenueShareSchedule {
  checkRevenue(terms.revenue);
  checkOtherTerms(terms);
  const { revenue, rate } = terms;
  const count = revenue.length;
  const grid = terms.periodEnds ? periodGrid(terms.periodEnds, count) : null;
  const endDate = terms.endDate ?? null;
  const instalments = terms.payoutPeriods ?? 1;
  const lag = terms.payoutLag ?? 0;

  // Shares are products of two 15-digit decimals: 30 digits, exact in 40.
  const shares = revenue.map((value) => value.times(rate));
  const largest = shares.reduce((total, share) => total.plus(share), new Unrounded(0));
  const places = placesForTotal(largest.isZero() ? null : largest.e);
  const scale = new Decimal(10).pow(places);
  const unitsOf = (amount: Decimal) => amount.times(scale);

  // In units from here: whole numbers below 10^15 (plus half a unit a period), sums of up to 10^5 of them.
  let capLeft = terms.cap ? unitsOf(terms.cap).floor() : null;
  const accrued: Decimal[] = new Array(count);
  const accruedThrough: Decimal[] = new Array(count);
  let accruedToDate = ZERO;
  let lastAccruing = -1;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    let amount = ZERO;
    if (!stopped && !shares[i].isZero()) {
      const exact = unitsOf(shares[i]);
      const cut = endDate !== null && grid ? cutByEndDate(grid, endDate, i) : null;
      if (cut) {
        // The exact share x days / length, rounded once: a fraction of up to 30 digits over the length.
        const denominator = new Decimal(10).pow(exact.decimalPlaces());
        amount = halfUpQuotient(exact.times(denominator).times(cut.days), denominator.times(cut.length));
        stopped = true;
      } else {
        amount = exact.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
      }
      if (capLeft !== null) {
        if (amount.gte(capLeft)) {
          amount = capLeft;
          stopped = true;
        }
        capLeft = capLeft.minus(amount);
      }
      if (!amount.isZero()) {
        accruedToDate = accruedToDate.plus(amount);
        lastAccruing = i;
      }
    }
    accrued[i] = amount;
    accruedThrough[i] = accruedToDate;
  }

  const rows = rowCount(count, lastAccruing, instalments, lag);
  const periodEnds = Array.from(scheduleEnds(grid, rows));
  const amountOf = (units: Decimal) => units.div(scale);
  const revenueColumn: Decimal[] = new Array(rows);
  const accruedColumn: Decimal[] = new Array(rows);
  const paid: Decimal[] = new Array(rows);
  const cumulativePaid: Decimal[] = new Array(rows);
  const unpaid: Decimal[] = new Array(rows);

  let paidToDate = ZERO;
  // By the end of row t, payout_periods x (instalments due) = the sum of accrued-to-date over the last
  // payout_periods started periods: a sliding window, moved each row by the period that enters it and
  // the one that leaves it.
  let window = ZERO;
  for (let t = 0; t < rows; t++) {
    let payment = ZERO;
    const started = t - lag; // the last period whose payments have started
    if (started >= 0) {
      const startedThrough = accruedThrough[Math.min(started, count - 1)];
      if (instalments === 1) {
        if (started < count) payment = accrued[started];
        paidToDate = startedThrough;
      } else {
        const dropped = started - instalments;
        window = window.plus(startedThrough).minus(dropped >= 0 ? accruedThrough[Math.min(dropped, count - 1)] : ZERO);
        const cumulative = window.divToInt(instalments);
        payment = cumulative.minus(paidToDate);
        paidToDate = cumulative;
      }
    }
    revenueColumn[t] = t < count ? revenue[t] : ZERO;
    accruedColumn[t] = amountOf(t < count ? accrued[t] : ZERO);
    paid[t] = amountOf(payment);
    cumulativePaid[t] = amountOf(paidToDate);
    unpaid[t] = amountOf(accruedThrough[Math.min(t, count - 1)].minus(paidToDate));
  }

  return {
    dated: grid !== null,
    firstPeriodStart: grid ? grid.firstStart : null,
    periodEnds,
    revenue: revenueColumn,
    accrued: accruedColumn,
    paid,
    cumulativePaid,
    unpaid,
    totalAccrued: amountOf(accruedToDate),
    places,
  };
}

// ------------------------------------------------------------------ the same, in whole numbers

/** One column of exact decimals sharing a unit: value i is units[i] x 10^-places. */
export interface ScaledColumn {
  readonly units: Float64Array;
  readonly places: number;
}

/** The schedule from cell values, its amounts as whole numbers of the unit. */
export interface ScaledRevenueShareSchedule {
  dated: boolean;
  firstPeriodStart: number | null;
  periodEnds: Float64Array;
  /** The revenue as read (15 digits), as numbers; 0 in the rows after the forecast. */
  revenue: Float64Array;
  accrued: ScaledColumn;
  paid: ScaledColumn;
  cumulativePaid: ScaledColumn;
  unpaid: ScaledColumn;
  /** The total accrued, in units. */
  totalUnits: number;
  places: number;
}

/** The terms as cells hold them: every amount a number, read as the 15 digits it shows (./cellNumbers). */
export interface CellRevenueShareTerms {
  revenue: ArrayLike<number>;
  rate: number;
  periodEnds?: ArrayLike<number> | null;
  endDate?: number | null;
  cap?: number | null;
  payoutPeriods?: number;
  payoutLag?: number;
}

/** The same terms as decimals, for the definition in decimal.js. */
function decimalTerms(terms: CellRevenueShareTerms): RevenueShareTerms {
  return {
    ...terms,
    revenue: Array.from(terms.revenue, cellDecimal),
    rate: cellDecimal(terms.rate),
    cap: terms.cap === null || terms.cap === undefined ? null : cellDecimal(terms.cap),
  };
}

/** The number nearest to coefficient x 10^exponent (correctly rounded: one operation on exact numbers). */
function numberOf(coefficient: number, exponent: number): number {
  if (coefficient === 0) return 0;
  if (exponent >= 0 && exponent <= 22) return coefficient * POWERS_OF_TEN[exponent];
  if (exponent < 0 && exponent >= -22) return coefficient / POWERS_OF_TEN[-exponent];
  return Number(`${coefficient}e${exponent}`);
}

/**
 * The exponent of the leading digit of S = rate x the sum of revenue, exactly (null for S = 0), or
 * undefined when S is out of the range the scaled schedule carries. A floating-point sum decides it
 * unless it lies within its error bound of a power of ten; then the exact sum does.
 */
function leadingExponentOfTotal(
  revenue: ArrayLike<number>,
  coefficients: Float64Array,
  exponents: Float64Array,
  rateCoefficient: number,
  rateExponent: number,
): number | null | undefined {
  let estimate = 0;
  for (let i = 0; i < revenue.length; i++) estimate += revenue[i];
  estimate *= numberOf(rateCoefficient, rateExponent);
  if (estimate === 0) return coefficients.some((c) => c !== 0) ? undefined : null; // 0, or too small for binary64
  // Each cell is within 5e-15 of its 15 digits (relative), the rate too; each addition rounds by 2^-53.
  const error = 2e-14 + revenue.length * 2.3e-16;
  if (!(estimate * (1 + error) < 1e37 && estimate * (1 - error) >= 1e-8)) return undefined;
  const guess = Math.floor(Math.log10(estimate));
  const lower = Number(`1e${guess}`);
  const upper = Number(`1e${guess + 1}`);
  if (estimate * (1 - error) >= lower && estimate * (1 + error) < upper) return guess;
  // Close to a power of ten: S >= 10^k decided exactly, with the exact sum of the readings.
  let lowest = Infinity;
  let highest = -Infinity;
  for (let i = 0; i < coefficients.length; i++) {
    if (coefficients[i] === 0) continue;
    lowest = Math.min(lowest, exponents[i]);
    highest = Math.max(highest, exponents[i]);
  }
  const sum = WideSum.spanning(lowest, highest);
  if (!sum) return undefined;
  for (let i = 0; i < coefficients.length; i++) sum.add(coefficients[i], exponents[i]);
  const total = sum.toBigInt() * BigInt(rateCoefficient); // S = total x 10^(base + rateExponent)
  const atLeast = (k: number) => {
    const shift = k - sum.base - rateExponent;
    return shift >= 0 ? total >= 10n ** BigInt(shift) : total * 10n ** BigInt(-shift) >= 1n;
  };
  for (let k = guess + 1; k >= guess - 1; k--) if (atLeast(k)) return k;
  return guess - 2;
}

/** The units of a cut share, rate x revenue x days / length, rounded half up once (in BigInt: once a schedule). */
function cutUnits(coefficient: number, rateCoefficient: number, shift: number, days: number, length: number): number {
  // share x 10^places = coefficient x rateCoefficient x 10^shift
  let numerator = BigInt(coefficient) * BigInt(rateCoefficient) * BigInt(days);
  let denominator = BigInt(length);
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  const quotient = numerator / denominator;
  return Number(2n * (numerator - quotient * denominator) >= denominator ? quotient + 1n : quotient);
}

/** The cap in units, rounded down; Infinity when it is beyond anything the schedule could accrue. */
function capUnits(cap: number, places: number): number {
  readDigits(cap);
  const { coefficient, exponent } = digits;
  const shift = exponent + places;
  if (shift >= 0) {
    const units = coefficient * (shift <= 22 ? POWERS_OF_TEN[shift] : Infinity);
    return units >= 2 ** 52 ? Infinity : units;
  }
  // A whole coefficient below 2^52 over an exact power of ten: the rounded quotient's floor is exact.
  return -shift > 15 ? 0 : Math.floor(coefficient / POWERS_OF_TEN[-shift]);
}

/**
 * The same schedule as revenueShareSchedule, to the last digit, computed in whole numbers of the unit
 * held in ordinary numbers. Null when the unit's power of ten is not exact in binary64 (S below 10^-8 or
 * from 10^37), or when revenue is invalid (negative, not a number):
 * then revenueShareSchedule gives the schedule or reports the error.
 */
export function scaledRevenueShareSchedule(terms: CellRevenueShareTerms): ScaledRevenueShareSchedule | null {
  const { revenue, rate } = terms;
  const count = revenue.length;
  if (count === 0) return null;
  for (let i = 0; i < count; i++) if (!(revenue[i] >= 0 && revenue[i] < Infinity)) return null;
  checkCellTerms(terms);
  const grid = terms.periodEnds ? periodGrid(terms.periodEnds, count) : null;
  const endDate = terms.endDate ?? null;
  const instalments = terms.payoutPeriods ?? 1;
  const lag = terms.payoutLag ?? 0;
  readDigits(rate);
  // Without its trailing zeros (0.2 is 2 x 10^-1): with a short rate, rate x revenue is an exact product.
  let rateCoefficient = digits.coefficient;
  let rateExponent = digits.exponent;
  while (rateCoefficient !== 0 && rateCoefficient % 10 === 0) {
    rateCoefficient /= 10;
    rateExponent++;
  }

  // Columns that run on past the revenue are allocated once at the longest the schedule can be.
  const longest = count + instalments - 1 + lag;
  const coefficients = new Float64Array(count);
  const exponents = new Float64Array(count);
  const revenueValues = new Float64Array(longest);
  for (let i = 0; i < count; i++) {
    readDigits(revenue[i]);
    coefficients[i] = digits.coefficient;
    exponents[i] = digits.exponent;
    revenueValues[i] = numberOf(digits.coefficient, digits.exponent);
    // 1.7976931348623157e308 reads as 1.79769313486232e308, past the largest number: revenueShareSchedule
    // reports that the cell cannot show it.
    if (revenueValues[i] === Infinity) return null;
  }
  const leading = rateCoefficient === 0 ? null : leadingExponentOfTotal(revenue, coefficients, exponents, rateCoefficient, rateExponent);
  if (leading === undefined) return null;
  const places = placesForTotal(leading);
  if (places > 22 || places < -22) return null;

  let capLeft = terms.cap === null || terms.cap === undefined ? Infinity : capUnits(terms.cap, places);

  const accrued = new Float64Array(longest);
  const accruedThrough = new Float64Array(count);
  let accruedToDate = 0;
  let lastAccruing = -1;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    let amount = 0;
    if (!stopped && coefficients[i] !== 0 && rateCoefficient !== 0) {
      // share x 10^places = coefficient x rateCoefficient x 10^(exponent + rateExponent + places)
      const shift = exponents[i] + rateExponent + places;
      const cut = endDate !== null && grid ? cutByEndDate(grid, endDate, i) : null;
      if (cut) {
        amount = cut.days === 0 ? 0 : cutUnits(coefficients[i], rateCoefficient, shift, cut.days, cut.length);
        stopped = true;
      } else {
        amount = roundedProduct(coefficients[i], rateCoefficient, -shift);
        if (amount !== amount) return null; // NaN: cannot happen with the unit of S, kept as a guard
      }
      if (amount >= capLeft) {
        amount = capLeft;
        stopped = true;
      }
      capLeft -= amount;
      if (amount !== 0) {
        accruedToDate += amount;
        lastAccruing = i;
      }
    }
    accrued[i] = amount;
    accruedThrough[i] = accruedToDate;
  }

  const rows = rowCount(count, lastAccruing, instalments, lag);
  const periodEnds = scheduleEnds(grid, rows);
  const paid = new Float64Array(rows);
  const cumulativePaid = new Float64Array(rows);
  const unpaid = new Float64Array(rows);

  // Paid to date is floor(window / instalments), the window being the sum of accrued-to-date over the
  // last `instalments` started periods. The window itself can pass 2^53, so it is kept as
  // quotient x instalments + remainder and moved by each row's change, which stays below the total
  // (10^15 units and a little): moved + instalments < 2^53, so the quotient's rounding error, under half a
  // unit in the last place, is less than 1/instalments, the least distance from q + r/n to q + 1, and
  // the floor of the rounded quotient is the exact one.
  let paidToDate = 0;
  let remainder = 0;
  for (let t = 0; t < rows; t++) {
    const started = t - lag;
    if (started >= 0) {
      const startedThrough = accruedThrough[started < count ? started : count - 1];
      if (instalments === 1) {
        if (started < count) paid[t] = accrued[started];
        paidToDate = startedThrough;
      } else {
        const dropped = started - instalments;
        const change = startedThrough - (dropped >= 0 ? accruedThrough[dropped < count ? dropped : count - 1] : 0);
        const moved = remainder + change;
        const steps = Math.floor(moved / instalments);
        remainder = moved - steps * instalments;
        paid[t] = steps;
        paidToDate += steps;
      }
    }
    cumulativePaid[t] = paidToDate;
    unpaid[t] = accruedThrough[t < count ? t : count - 1] - paidToDate;
  }

  const column = (units: Float64Array): ScaledColumn => ({ units, places });
  return {
    dated: grid !== null,
    firstPeriodStart: grid ? grid.firstStart : null,
    periodEnds,
    revenue: revenueValues.subarray(0, rows),
    accrued: column(accrued.subarray(0, rows)),
    paid: column(paid),
    cumulativePaid: column(cumulativePaid),
    unpaid: column(unpaid),
    totalUnits: accruedToDate,
    places,
  };
}

/** The exact Decimal of units x 10^-places. */
export function unitsToDecimal(units: number, places: number): Decimal {
  return new Decimal(`${units}e${-places}`);
}

/** The definition in decimal.js, from the same cells: for what the scaled schedule declines. */
export function referenceSchedule(terms: CellRevenueShareTerms): RevenueShareSchedule {
  return revenueShareSchedule(decimalTerms(terms));
}

/** The schedule from cells in whole numbers of its unit when it fits them (nearly always), else in decimal.js: the same figures either way. */
export function cellRevenueShareSchedule(terms: CellRevenueShareTerms): RevenueShareSchedule | ScaledRevenueShareSchedule {
  return scaledRevenueShareSchedule(terms) ?? referenceSchedule(terms);
}

export function isScaled(schedule: RevenueShareSchedule | ScaledRevenueShareSchedule): schedule is ScaledRevenueShareSchedule {
  return schedule.revenue instanceof Float64Array;
}

/** The total accrued (so, in the end, paid) as a Decimal. */
export function totalPaid(schedule: RevenueShareSchedule | ScaledRevenueShareSchedule): Decimal {
  return isScaled(schedule) ? unitsToDecimal(schedule.totalUnits, schedule.places) : schedule.totalAccrued;
}

/** The period end of the last row with a payment, or null when nothing is paid. */
export function lastPaymentDate(schedule: RevenueShareSchedule | ScaledRevenueShareSchedule): number | null {
  const { periodEnds } = schedule;
  if (isScaled(schedule)) {
    const { units } = schedule.paid;
    for (let row = units.length - 1; row >= 0; row--) if (units[row] !== 0) return periodEnds[row];
    return null;
  }
  for (let row = schedule.paid.length - 1; row >= 0; row--) if (!schedule.paid[row].isZero()) return periodEnds[row];
  return null;
}
