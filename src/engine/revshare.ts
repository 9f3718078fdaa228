import { Decimal, ONE, ZERO } from "./decimal";
import { MAX_SERIAL, MIN_SERIAL, endOfMonth, isMonthEnd, isoDate, monthsBetween } from "./dates";
import { numError, valueError } from "./errors";
import {
  MAX_PLACES,
  POWERS_OF_TEN,
  SAFE_UNITS,
  ScaledColumn,
  decimalToUnitsDown,
  digitCount,
  scaledToDecimal,
  toCommonUnits,
} from "./scaled";

/**
 * Revenue share: what accrues each period (rate x revenue, cut by an end date and a total cap) and
 * when it is paid (in equal instalments after a lag), with the present value of the payments.
 *
 * Exactness. Every amount is carried as a multiple of one small unit, 10^-places, where `places`
 * leaves at least two spare digits of the 40-digit precision for the largest running total the
 * schedule forms (bounded by the largest revenue, the number of periods and of rows). Sums and differences of such multiples are exact, so
 * the payments add up to the accruals to the last digit. Instalments: the cumulative amount paid to
 * date is (sum of each accrual x instalments due so far / payout_periods), rounded down to the unit;
 * a period's payment is the step in that cumulative amount. The sub-unit remainders are carried, and
 * the last instalment of the last accrual brings the cumulative amount to the total accrued exactly.
 */

export interface RevenueShareTerms {
  /** Revenue of each period, not negative. */
  revenue: readonly Decimal[];
  /** Share of revenue that accrues, a fraction from 0 to 1. */
  rate: Decimal;
  /** Last day (Excel serial) of each period, strictly increasing; null for numbered periods. */
  periodEnds?: ArrayLike<number> | null;
  /** Last day of accrual, inclusive; null for no end. Needs periodEnds. */
  endDate?: number | null;
  /** Total accrual over the life of the agreement; null for no cap. */
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
}

const SPARE_DIGITS = 2;
const CENT_PLACES = 2;
/** Significant digits of a number in a cell. */
const CELL_DIGITS = 15;

interface PeriodGrid {
  firstStart: number;
  ends: ArrayLike<number>;
}

function checkWhole(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw numError(`${name} must be a whole number of at least ${min}; got ${value}.`);
}

function isSerial(serial: number): boolean {
  return Number.isInteger(serial) && serial >= MIN_SERIAL && serial <= MAX_SERIAL;
}

function checkSerial(serial: number, name: string): void {
  if (!isSerial(serial)) throw numError(`${name} must be a date between 1900-01-01 and 9999-12-31; got ${serial}.`);
}

/**
 * Period i runs from the day after end(i-1) through end(i). The first period has the length of the
 * second: as many months when both ends are month-ends, otherwise as many days.
 */
function periodGrid(ends: ArrayLike<number>, count: number): PeriodGrid {
  if (ends.length !== count) {
    throw valueError(`period_ends has ${ends.length} dates but revenue has ${count} periods: give one period end for each revenue value.`);
  }
  if (ends.length < 2) {
    throw valueError("period_ends needs at least two dates: the first period takes the length of the second.");
  }
  for (let i = 0; i < ends.length; i++) if (!isSerial(ends[i])) checkSerial(ends[i], `period_ends, date ${i + 1},`);
  for (let i = 1; i < ends.length; i++) {
    if (ends[i] <= ends[i - 1]) {
      throw numError(
        `period_ends must be strictly increasing: date ${i + 1} (${isoDate(ends[i])}) is not after date ${i} (${isoDate(ends[i - 1])}).`,
      );
    }
  }
  const first = ends[0];
  const second = ends[1];
  const firstStart =
    isMonthEnd(first) && isMonthEnd(second) ? endOfMonth(first, -monthsBetween(first, second)) + 1 : first - (second - first) + 1;
  if (firstStart < MIN_SERIAL) throw numError("period_ends: the first period would start before 1900-01-01.");
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
        `The payments run past 9999-12-31 (${extra} periods after the last period end): shorten payout_periods or payout_lag.`,
      );
    }
    more.push(end);
  }
  return more;
}

type Rounding = Parameters<Decimal["toDecimalPlaces"]>[1];

/** Rounds to a multiple of 10^-places; `places` may be negative for astronomically large amounts. */
function quantizer(places: number): (value: Decimal, rounding: Rounding) => Decimal {
  if (places >= 0) return (value, rounding) => value.toDecimalPlaces(places, rounding);
  const unit = new Decimal(10).pow(-places);
  return (value, rounding) => value.toNearest(unit, rounding);
}

function checkRevenue(revenue: readonly Decimal[]): void {
  if (revenue.length === 0) throw valueError("revenue has no periods.");
  revenue.forEach((value, i) => {
    if (value.isNegative() && !value.isZero()) throw numError(`revenue of period ${i + 1} must not be negative; got ${value.toString()}.`);
  });
}

function checkOtherTerms(terms: Omit<RevenueShareTerms, "revenue">): void {
  const { rate } = terms;
  if (rate.isNegative() || rate.gt(1)) {
    throw numError(`rate must be a fraction from 0 to 1 (0.2 means 20%); got ${rate.toString()}.`);
  }
  if (terms.endDate !== undefined && terms.endDate !== null) {
    if (!terms.periodEnds) throw valueError("end_date needs period_ends: without dates the periods are only numbered.");
    checkSerial(terms.endDate, "end_date");
  }
  if (terms.cap && terms.cap.isNegative() && !terms.cap.isZero()) {
    throw numError(`cap must not be negative; got ${terms.cap.toString()}.`);
  }
  checkWhole(terms.payoutPeriods ?? 1, "payout_periods", 1);
  checkWhole(terms.payoutLag ?? 0, "payout_lag", 0);
}

interface Unit {
  /** Amounts are multiples of 10^-places. */
  places: number;
  /** Every total accrual is below 10^accrualDigits. */
  accrualDigits: number;
}

/**
 * Every amount, running total and window sum stays below 10^magnitude; carrying them as multiples of
 * 10^-places with places + magnitude <= 38 keeps every sum exact in 40 digits. The unit is fine enough
 * that rate x revenue is exact in it (0.2 x 1234.567 is 246.9134), never coarser than a cent, and
 * otherwise as fine as a cell shows (15 significant digits of the largest total). The amounts then
 * convert to cell values without rounding twice, which keeps long schedules fast.
 */
function unitOf(largestRevenueExponent: number, naturalPlaces: number, count: number, instalments: number, lag: number): Unit {
  const accrualDigits = largestRevenueExponent + 1 + String(count).length;
  const longest = count + instalments - 1 + lag;
  const finestExact = 40 - SPARE_DIGITS - accrualDigits - (instalments > 1 ? String(longest).length : 0);
  return { places: Math.min(finestExact, Math.max(naturalPlaces, CELL_DIGITS - accrualDigits)), accrualDigits };
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

/** The payment schedule of a revenue share. */
export function revenueShareSchedule(terms: RevenueShareTerms): RevenueShareSchedule {
  checkRevenue(terms.revenue);
  checkOtherTerms(terms);
  const { revenue, rate } = terms;
  const count = revenue.length;
  const grid = terms.periodEnds ? periodGrid(terms.periodEnds, count) : null;
  const endDate = terms.endDate ?? null;
  const instalments = terms.payoutPeriods ?? 1;
  const lag = terms.payoutLag ?? 0;

  const largestRevenueExponent = revenue.reduce((largest, value) => (value.isZero() ? largest : Math.max(largest, value.e)), 0);
  const shares = revenue.map((value) => value.times(rate));
  const naturalPlaces = shares.reduce((most, share) => Math.max(most, share.decimalPlaces()), CENT_PLACES);
  const { places, accrualDigits } = unitOf(largestRevenueExponent, naturalPlaces, count, instalments, lag);
  const quantize = quantizer(places);

  // A cap above everything that could accrue never binds; dropping it saves work in every period.
  let capLeft = terms.cap && terms.cap.e < accrualDigits ? quantize(terms.cap, Decimal.ROUND_DOWN) : null;

  const accrued: Decimal[] = new Array(count);
  // Accrued to the end of each period, so that a lagged single payment finds paid-to-date without a sum.
  const accruedThrough: Decimal[] = new Array(count);
  let accruedToDate = ZERO;
  let lastAccruing = -1;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    let amount = ZERO;
    if (!stopped && !revenue[i].isZero() && !rate.isZero()) {
      amount = shares[i];
      const cut = endDate !== null && grid ? cutByEndDate(grid, endDate, i) : null;
      if (cut) {
        amount = cut.days === 0 ? ZERO : amount.times(cut.days).div(cut.length);
        stopped = true;
      }
      if (amount.decimalPlaces() > places) amount = quantize(amount, Decimal.ROUND_HALF_UP);
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

  const revenueColumn: Decimal[] = new Array(rows);
  const accruedColumn: Decimal[] = new Array(rows);
  const paid: Decimal[] = new Array(rows);
  const cumulativePaid: Decimal[] = new Array(rows);
  const unpaid: Decimal[] = new Array(rows);

  let paidToDate = ZERO;
  let outstanding = ZERO;
  // Instalments: by the end of row t, payout_periods x (instalments due) = the sum of accrued-to-date
  // over the last payout_periods periods whose payments have started: a sliding window, moved each row by
  // the period that enters it and the one that leaves it.
  let window = ZERO;
  for (let t = 0; t < rows; t++) {
    const accrual = t < count ? accrued[t] : ZERO;
    const accruedSoFar = accruedThrough[Math.min(t, count - 1)];
    revenueColumn[t] = t < count ? revenue[t] : ZERO;
    accruedColumn[t] = accrual;

    let payment = ZERO;
    const started = t - lag; // the last period whose payments have started
    if (started >= 0) {
      const startedThrough = accruedThrough[Math.min(started, count - 1)];
      if (instalments === 1) {
        if (started < count) payment = accrued[started];
        paidToDate = startedThrough;
      } else {
        const dropped = started - instalments;
        const droppedThrough = dropped >= 0 ? accruedThrough[Math.min(dropped, count - 1)] : ZERO;
        if (startedThrough !== droppedThrough) window = window.plus(startedThrough).minus(droppedThrough);
        const cumulative = window.isZero() ? ZERO : quantize(window.div(instalments), Decimal.ROUND_DOWN);
        if (!cumulative.eq(paidToDate)) {
          payment = cumulative.minus(paidToDate);
          paidToDate = cumulative;
        }
      }
    }
    if (accruedSoFar === paidToDate) outstanding = ZERO;
    else if (!accrual.isZero() || !payment.isZero()) outstanding = accruedSoFar.minus(paidToDate);
    paid[t] = payment;
    cumulativePaid[t] = paidToDate;
    unpaid[t] = outstanding;
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
    totalAccrued: accruedToDate,
  };
}

/** The schedule from cell values, its amounts as scaled integers (see ./scaled). */
export interface ScaledRevenueShareSchedule {
  dated: boolean;
  firstPeriodStart: number | null;
  periodEnds: Float64Array;
  revenue: ScaledColumn;
  accrued: ScaledColumn;
  paid: ScaledColumn;
  cumulativePaid: ScaledColumn;
  unpaid: ScaledColumn;
  totalAccrued: Decimal;
}

/** The terms as cells hold them: each revenue is a number, read as the decimal it shows (as decimal.js reads it). */
export type CellRevenueShareTerms = Omit<RevenueShareTerms, "revenue"> & { revenue: ArrayLike<number> };

/**
 * The same schedule as revenueShareSchedule, to the last digit, computed in scaled integers: null when
 * some value cannot be carried exactly that way (a revenue with more than 15 significant digits, rate x
 * revenue or the total accrual past 2^53 units), and then the caller uses revenueShareSchedule. Invalid
 * revenue also gives null, so that revenueShareSchedule reports it.
 *
 * Why a second implementation: a worksheet recalculates a schedule of a thousand rows often, and
 * decimal.js costs some hundred nanoseconds an operation; this loop costs what plain numbers cost. The
 * unit, the rounding and the order of every step are those of revenueShareSchedule, and a property test
 * holds the two to the same digits.
 */
export function scaledRevenueShareSchedule(terms: CellRevenueShareTerms): ScaledRevenueShareSchedule | null {
  const { revenue, rate } = terms;
  const count = revenue.length;
  if (count === 0) return null;
  for (let i = 0; i < count; i++) if (!(revenue[i] >= 0)) return null;
  checkOtherTerms(terms);
  const grid = terms.periodEnds ? periodGrid(terms.periodEnds, count) : null;
  const endDate = terms.endDate ?? null;
  const instalments = terms.payoutPeriods ?? 1;
  const lag = terms.payoutLag ?? 0;

  // The instalment division below is exact while a total plus the instalment count stays below 2^53;
  // SAFE_UNITS leaves 2^20 of room for that.
  if (instalments >= 2 ** 19) return null;

  // Revenue as whole units of 10^-revenuePlaces, the rate as whole units of 10^-ratePlaces: each share
  // rate x revenue is then exactly rateUnits x revenueUnits units of 10^-(ratePlaces + revenuePlaces).
  // Columns that run on past the revenue are allocated once at the longest the schedule can be.
  const longest = count + instalments - 1 + lag;
  const revenueUnits = new Float64Array(longest);
  const revenuePlaces = toCommonUnits(revenue, revenueUnits);
  const ratePlaces = rate.decimalPlaces();
  if (revenuePlaces === null || ratePlaces > MAX_PLACES) return null;
  const rateUnits = rate.times(POWERS_OF_TEN[ratePlaces]).toNumber();
  if (rateUnits >= POWERS_OF_TEN[15]) return null;
  const shareUnits = new Float64Array(count);
  const productPlaces = ratePlaces + revenuePlaces;
  // The fewest places every share needs: one more each time a share is not a whole number of tens of the
  // current unit (places only grow, so this is one pass).
  let naturalPlaces = CENT_PLACES;
  let largestRevenueUnits = 0;
  for (let i = 0; i < count; i++) {
    const product = rateUnits * revenueUnits[i];
    if (product > SAFE_UNITS) return null;
    shareUnits[i] = product;
    if (revenueUnits[i] > largestRevenueUnits) largestRevenueUnits = revenueUnits[i];
    while (naturalPlaces < productPlaces && product % POWERS_OF_TEN[productPlaces - naturalPlaces] !== 0) naturalPlaces++;
  }
  const largestRevenueExponent = largestRevenueUnits === 0 ? 0 : Math.max(0, digitCount(largestRevenueUnits) - 1 - revenuePlaces);
  const { places, accrualDigits } = unitOf(largestRevenueExponent, naturalPlaces, count, instalments, lag);
  if (places < naturalPlaces || places < 0 || places > MAX_PLACES) return null;
  // Shares to the unit: exact, since the unit is at least as fine as every share needs.
  const shift = places - productPlaces;
  if (shift !== 0) {
    for (let i = 0; i < count; i++) {
      const units = shift > 0 ? shareUnits[i] * POWERS_OF_TEN[shift] : shareUnits[i] / POWERS_OF_TEN[-shift];
      if (units > SAFE_UNITS) return null;
      shareUnits[i] = units;
    }
  }

  // A cap above everything that could accrue never binds, nor does one past the units this path carries
  // (a total that would reach it falls back to Decimal first).
  let capLeft = Infinity;
  if (terms.cap && terms.cap.e < accrualDigits) capLeft = decimalToUnitsDown(terms.cap, places) ?? Infinity;

  const accrued = new Float64Array(longest);
  const accruedThrough = new Float64Array(count);
  let accruedToDate = 0;
  let lastAccruing = -1;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    let amount = 0;
    if (!stopped && shareUnits[i] !== 0) {
      amount = shareUnits[i];
      const cut = endDate !== null && grid ? cutByEndDate(grid, endDate, i) : null;
      if (cut) {
        // Once per schedule, so in Decimal: the same division and rounding as revenueShareSchedule.
        amount =
          cut.days === 0 ? 0 : new Decimal(amount).times(cut.days).div(cut.length).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
        stopped = true;
      }
      if (amount >= capLeft) {
        amount = capLeft;
        stopped = true;
      }
      capLeft -= amount;
      if (amount !== 0) {
        accruedToDate += amount;
        if (accruedToDate > SAFE_UNITS) return null;
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
  // quotient x instalments + remainder and moved by each row's change, which stays below the total.
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
        // moved + instalments < 2^53 (below), so the quotient's rounding error, under half a unit in the last
        // place, is less than 1/instalments, the least distance from a fraction q + r/n to q + 1: the floor
        // of the rounded quotient is the exact one.
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
    revenue: { units: revenueUnits.subarray(0, rows), places: revenuePlaces },
    accrued: column(accrued.subarray(0, rows)),
    paid: column(paid),
    cumulativePaid: column(cumulativePaid),
    unpaid: column(unpaid),
    totalAccrued: scaledToDecimal(accruedToDate, places),
  };
}

/**
 * Present value of the payments. Dated: each payment at its period end, discounted at actual/365 to
 * the first day of the first period, as XNPV does with that day as its first date. Numbered: payment
 * k discounted k periods, as NPV does.
 */
export function revenueSharePresentValue(schedule: RevenueShareSchedule | ScaledRevenueShareSchedule, discountRate: Decimal): Decimal {
  if (discountRate.lte(-1)) throw numError(`discount_rate must be greater than -1 (-100%); got ${discountRate.toString()}.`);
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
  // Scaled payments are summed in their units and scaled back once at the end: a power of ten changes no
  // digit of a decimal, so every rounding falls where it falls for the same payments as Decimals.
  const { paid } = schedule;
  const scaled = !Array.isArray(paid);
  const payment = scaled
    ? (row: number) => new Decimal((paid as ScaledColumn).units[row])
    : (row: number) => (paid as readonly Decimal[])[row];
  const rows = scaled ? (paid as ScaledColumn).units.length : (paid as readonly Decimal[]).length;
  // Horner's rule from the last payment back: value = d1 x (p1 + d2 x (p2 + ...)), where dk discounts
  // from row k's period end to the previous one (the first to the start): two operations a row.
  const { periodEnds } = schedule;
  const origin = schedule.dated ? (schedule.firstPeriodStart as number) : 0;
  let value = ZERO;
  for (let row = rows - 1; row >= 0; row--) {
    const amount = payment(row);
    if (!amount.isZero()) value = value.plus(amount);
    if (!value.isZero()) value = value.times(discountOver(periodEnds[row] - (row > 0 ? periodEnds[row - 1] : origin)));
  }
  return scaled ? value.times(scaledToDecimal(1, (paid as ScaledColumn).places)) : value;
}
