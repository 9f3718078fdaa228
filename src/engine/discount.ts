import { Decimal, ONE, ZERO } from "./decimal";
import { MAX_SERIAL, MIN_SERIAL } from "./dates";
import { numError, valueError } from "./errors";
import {
  DD_STEP_ERROR,
  DoubleDouble,
  POWERS_OF_TEN,
  ddAdd,
  ddAddNumber,
  ddDiv,
  ddDivNumber,
  ddMul,
  ddMulNumber,
  ddPow,
  ddPowerOfTen,
  nearestNumber,
} from "./exact";
import { cellDecimal, cellValue, digits, readDigits } from "./cellNumbers";
import { CellRevenueShareTerms, RevenueShareSchedule, ScaledRevenueShareSchedule, isScaled, referenceSchedule } from "./revshare";

/**
 * Present value of a schedule's payments. Dated: each payment at its period end, discounted at
 * actual/365 to the first day of the first period, as XNPV does with that day as its first date; or,
 * with a valuation date, payments dated before it are left out, one on it counts in full and later ones
 * are discounted to it. Numbered: payment k discounted k periods, as NPV does.
 *
 * Two implementations: revenueSharePresentValue in decimal.js (40 digits, a power for each gap between
 * period ends), and scaledPresentValue in double-double arithmetic (32 digits, one fractional power in
 * all, the daily factor, raised to each gap by squaring), which rounds its result once to the nearest
 * binary64 number and declines (null) when its error bound does not settle that rounding, or the numbers
 * leave binary64's range. Either way the cell shows the present value correctly rounded.
 */

export function checkDiscountRate(discountRate: Decimal | number): void {
  const rate = typeof discountRate === "number" ? cellDecimal(discountRate) : discountRate;
  if (rate.lte(-1)) throw numError(`discount_rate must be greater than -1 (-100%); got ${rate.toString()}.`, "discount_rate");
}

export function checkValuationDate(valuationDate: number | null, dated: boolean): void {
  if (valuationDate === null) return;
  if (!dated) throw valueError("valuation_date needs period_ends: without dates the periods are only numbered.", "valuation_date");
  if (!Number.isInteger(valuationDate) || valuationDate < MIN_SERIAL || valuationDate > MAX_SERIAL) {
    throw numError(`valuation_date must be a date between 1900-01-01 and 9999-12-31; got ${valuationDate}.`, "valuation_date");
  }
}

/** The first row that counts and the day every payment is discounted to. */
function discountOrigin(
  periodEnds: ArrayLike<number>,
  dated: boolean,
  firstPeriodStart: number | null,
  valuationDate: number | null,
): { firstRow: number; origin: number } {
  if (!dated) return { firstRow: 0, origin: 0 };
  if (valuationDate === null) return { firstRow: 0, origin: firstPeriodStart as number };
  let firstRow = 0;
  while (firstRow < periodEnds.length && periodEnds[firstRow] < valuationDate) firstRow++;
  return { firstRow, origin: valuationDate };
}

/** The present value in decimal.js, 40 significant digits. */
export function revenueSharePresentValue(
  schedule: RevenueShareSchedule,
  discountRate: Decimal,
  valuationDate: number | null = null,
): Decimal {
  checkDiscountRate(discountRate);
  checkValuationDate(valuationDate, schedule.dated);
  const growth = ONE.plus(discountRate);
  // The discount factor for a gap of so many days (or periods) is computed once.
  const factorForGap = new Map<number, Decimal>();
  const discountOver = (gap: number): Decimal => {
    let factor = factorForGap.get(gap);
    if (!factor) {
      factor = schedule.dated ? growth.pow(new Decimal(-gap).div(365)) : ONE.div(growth.pow(gap));
      factorForGap.set(gap, factor);
    }
    return factor;
  };
  const { periodEnds, paid } = schedule;
  const { firstRow, origin } = discountOrigin(periodEnds, schedule.dated, schedule.firstPeriodStart, valuationDate);
  // Horner's rule from the last payment back: value = d1 x (p1 + d2 x (p2 + ...)), where dk discounts
  // from row k's period end to the previous one (the first to the origin): two operations a row.
  let value = ZERO;
  for (let row = paid.length - 1; row >= firstRow; row--) {
    if (!paid[row].isZero()) value = value.plus(paid[row]);
    if (!value.isZero()) value = value.times(discountOver(periodEnds[row] - (row > firstRow ? periodEnds[row - 1] : origin)));
  }
  return value;
}

// ------------------------------------------------------------------ double-double

/**
 * A cell number's 15 digits as a double-double, within 2^-100 of them (relative), or within 10^-280 for
 * smaller ones; null from 2^53 up.
 */
function rateToDoubleDouble(value: number, out: DoubleDouble): DoubleDouble | null {
  readDigits(value);
  const { coefficient, exponent } = digits;
  if (exponent >= 0)
    return exponent <= 22 && Math.abs(coefficient) * POWERS_OF_TEN[exponent] < 2 ** 53
      ? out.set(coefficient * POWERS_OF_TEN[exponent])
      : null;
  if (exponent >= -22) return ddDivNumber(out.set(coefficient, 0), POWERS_OF_TEN[-exponent], out);
  if (exponent < -280) return out.set(0, 0);
  return ddMulNumber(ddPowerOfTen(exponent, out), coefficient, out);
}

/**
 * The daily discount factor (1 + rate)^(-1/365) to double-double precision: Newton's method on
 * f^365 = 1 / (1 + rate), from binary64's pow, twice (each step squares the relative error: 1e-16, 1e-30,
 * then below 1e-31).
 */
function dailyFactor(growth: DoubleDouble): DoubleDouble {
  const target = ddDiv(new DoubleDouble(1, 0), growth, new DoubleDouble());
  const factor = new DoubleDouble(Math.pow(target.high, 1 / 365), 0);
  const power = new DoubleDouble();
  const step = new DoubleDouble();
  for (let iteration = 0; iteration < 2; iteration++) {
    // f <- f x (1 - (f^365 - target) / (365 f^365))
    ddPow(factor, 365, power);
    ddAdd(power, step.set(-target.high, -target.low), step);
    ddDiv(step, power, step);
    ddDivNumber(step, -365, step);
    ddAddNumber(step, 1, step);
    ddMul(factor, step, factor);
  }
  return factor;
}

/** Gap factors computed once each: gaps up to this many days in arrays, longer ones in a map. */
const GAP_TABLE = 4096;
const tableHigh = new Float64Array(GAP_TABLE);
const tableLow = new Float64Array(GAP_TABLE);
const tableCall = new Float64Array(GAP_TABLE);
let calls = 0;

/**
 * The present value of a scaled schedule, in double-double arithmetic, rounded once to the nearest
 * binary64 number; null when that rounding is not certain within the error bound, or the numbers leave
 * binary64's range (then revenueSharePresentValue decides).
 */
export function scaledPresentValue(
  schedule: ScaledRevenueShareSchedule,
  discountRate: number,
  valuationDate: number | null = null,
): number | null {
  if (!(cellValue(discountRate) > -1)) checkDiscountRate(discountRate);
  checkValuationDate(valuationDate, schedule.dated);
  const growth = rateToDoubleDouble(discountRate, new DoubleDouble());
  if (!growth) return null;
  ddAddNumber(growth, 1, growth);
  const { periodEnds } = schedule;
  const { units, places } = schedule.paid;
  const { firstRow, origin } = discountOrigin(periodEnds, schedule.dated, schedule.firstPeriodStart, valuationDate);

  const base = schedule.dated ? dailyFactor(growth) : ddDiv(new DoubleDouble(1, 0), growth, new DoubleDouble());
  if (!Number.isFinite(base.high) || base.high <= 0) return null;
  // The table is the module's, reused from call to call (a formula runs to its end before the next
  // starts): an entry belongs to this call when it carries this call's number.
  const call = ++calls;
  const longGaps = new Map<number, DoubleDouble>();
  const factor = new DoubleDouble();
  let largestGap = 0;
  const factorFor = (gap: number): DoubleDouble => {
    if (gap < GAP_TABLE) {
      if (tableCall[gap] !== call) {
        ddPow(base, gap, factor);
        tableHigh[gap] = factor.high;
        tableLow[gap] = factor.low;
        tableCall[gap] = call;
      }
      return factor.set(tableHigh[gap], tableLow[gap]);
    }
    let cached = longGaps.get(gap);
    if (!cached) {
      cached = ddPow(base, gap, new DoubleDouble());
      longGaps.set(gap, cached);
    }
    return factor.copy(cached);
  };

  // Horner's rule from the last payment back, as revenueSharePresentValue; every term is positive, so the
  // relative error is the sum of the steps' errors and of each factor's.
  const value = new DoubleDouble(0, 0);
  let steps = 0;
  for (let row = units.length - 1; row >= firstRow; row--) {
    if (units[row] !== 0) ddAddNumber(value, units[row], value);
    if (value.high !== 0) {
      const gap = schedule.dated ? periodEnds[row] - (row > firstRow ? periodEnds[row - 1] : origin) : 1;
      if (gap > largestGap) largestGap = gap;
      ddMul(value, factorFor(gap), value);
      steps++;
    }
  }
  if (value.high === 0) return 0;
  // Scale the units to money: an exact power of ten, one more operation.
  if (places >= 0) ddDivNumber(value, POWERS_OF_TEN[places], value);
  else ddMulNumber(value, POWERS_OF_TEN[-places], value);
  if (!(Math.abs(value.high) > 1e-290 && Math.abs(value.high) < 1e300)) return null;
  // Each row: a sum, a product, and a factor raised by about 2 log2(gap) products, the daily factor's own
  // error (within 2^-100 after Newton) times the days spanned.
  const span = schedule.dated ? periodEnds[units.length - 1] - origin + 1 : units.length;
  const relative = DD_STEP_ERROR * (steps + 1) * (4 + 2 * Math.log2(largestGap + 2)) + 2 ** -98 * span;
  return nearestNumber(value.high, value.low, Math.abs(value.high) * relative);
}

/** A present value as the number a cell shows: the nearest one (too large for a cell: #NUM!). */
function cellNumberOf(value: Decimal): number {
  const n = value.toNumber();
  if (!Number.isFinite(n)) throw numError("The result is too large to show in a cell.");
  return n === 0 ? 0 : n;
}

/**
 * The present value of a schedule computed from cells (cellRevenueShareSchedule), as the number a cell
 * shows: double-double, or decimal.js where that declines. The same number either way.
 */
export function cellPresentValue(
  terms: CellRevenueShareTerms,
  schedule: RevenueShareSchedule | ScaledRevenueShareSchedule,
  discountRate: number,
  valuationDate: number | null,
): number {
  if (isScaled(schedule)) {
    const fast = scaledPresentValue(schedule, discountRate, valuationDate);
    if (fast !== null) return fast;
    return cellNumberOf(revenueSharePresentValue(referenceSchedule(terms), cellDecimal(discountRate), valuationDate));
  }
  return cellNumberOf(revenueSharePresentValue(schedule, cellDecimal(discountRate), valuationDate));
}
