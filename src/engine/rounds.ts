import { cellDecimal, cellDoubleDouble, digits, readDigits } from "./cellNumbers";
import { Decimal, ONE, ZERO, sum } from "./decimal";
import { DD_STEP_ERROR, DoubleDouble, POWERS_OF_TEN, ddAdd, ddAddNumber, ddDiv, ddMul, ddSub, nearestNumber, productError } from "./exact";
import { numError, valueError } from "./errors";
import { CapTable, TOTAL_LABEL, checkReservedNames, findHolder, holderKey, totalUnits, unissuedPool, unitsByHolder } from "./ownership";
import { checkStake } from "./valuation";

/**
 * Priced rounds and dilution, on the fully diluted basis. New shares are whole: the investor's shares
 * round down (nobody is issued a share not paid for) and the pool top-up rounds to the nearest share.
 */

export type PoolTiming = "pre" | "post";

export const DEFAULT_INVESTOR = "New investor";
export const POOL_TOP_UP = "Pool top-up";

export interface RoundTerms {
  preMoney: Decimal;
  investment: Decimal;
  /** The unissued pool wanted after the round, as a fraction of the post-money fully diluted shares. */
  poolTarget: Decimal;
  poolTiming: PoolTiming;
}

/** The new shares of a round and its price, for a pre-money fully diluted share count that holds `pool` unissued pool shares. */
export interface RoundSize {
  price: Decimal;
  investorShares: Decimal;
  poolShares: Decimal;
  sharesBefore: Decimal;
  sharesAfter: Decimal;
}

export interface RoundLine {
  name: string;
  unitsBefore: Decimal;
  unitsAfter: Decimal;
  ownershipBefore: Decimal;
  ownershipAfter: Decimal;
}

export interface PricedRound extends RoundSize {
  /** Existing holders in order of first appearance, then the investor (unless it already holds), then the pool top-up. */
  lines: RoundLine[];
}

function checkRoundMoney(preMoney: Decimal, investment: Decimal, where = ""): void {
  if (preMoney.lte(0))
    throw numError(`${where}pre_money must be greater than 0; got ${preMoney.toString()}.`, where ? "rounds" : "pre_money");
  if (investment.isNegative() && !investment.isZero()) {
    throw numError(`${where}investment must not be negative; got ${investment.toString()}.`, where ? "rounds" : "investment");
  }
}

function nearestWhole(value: Decimal): Decimal {
  return value.lte(0) ? ZERO : value.toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

/**
 * Sizes a round from the fully diluted shares before it (`sharesBefore`, of which `pool` are unissued pool).
 *
 * `pre`: the top-up T is issued before the round, so the price is pre_money / (sharesBefore + T) and the
 * investor pays the full pool dilution. The pool after the round is `pool + T = target x S` with
 * `S = (sharesBefore + T) x post / pre`, which gives T = target x (sharesBefore - pool) x post / (pre - target x post) - pool.
 *
 * `post`: the round is priced on sharesBefore, then T is issued after it so that
 * `pool + T = target x (sharesBefore + investor shares + T)`, i.e. T = (target x (sharesBefore + I) - pool) / (1 - target).
 */
export function sizeRound(sharesBefore: Decimal, pool: Decimal, terms: RoundTerms): RoundSize {
  const { preMoney, investment, poolTarget, poolTiming } = terms;
  checkRoundMoney(preMoney, investment);
  if (poolTarget.isNegative() || poolTarget.gte(1)) {
    throw numError(`pool_target must be a fraction from 0 up to (not including) 1; got ${poolTarget.toString()}.`, "pool_target");
  }
  if (sharesBefore.lte(0)) throw numError("The cap table has no fully diluted units, so the round has no price.", "captable");
  const postMoney = preMoney.plus(investment);

  let poolShares = ZERO;
  if (poolTiming === "pre") {
    if (!poolTarget.isZero()) {
      const carveOut = preMoney.minus(poolTarget.times(postMoney));
      if (carveOut.lte(0)) {
        throw numError(
          `pool_target ${poolTarget.toString()} cannot be carved out of the pre-money: it must be below pre_money / (pre_money + investment) = ${preMoney.div(postMoney).toSignificantDigits(6).toString()}.`,
          "pool_target",
        );
      }
      poolShares = nearestWhole(poolTarget.times(sharesBefore.minus(pool)).times(postMoney).div(carveOut).minus(pool));
    }
    // Share counts are exact sums (sum keeps every digit): a fractional table can have more than 40.
    const preMoneyShares = sum([sharesBefore, poolShares]);
    // One division, so that an exact whole number of shares is not floored to one less.
    const investorShares = investment.times(preMoneyShares).div(preMoney).floor();
    const price = preMoney.div(preMoneyShares);
    return { price, investorShares, poolShares, sharesBefore, sharesAfter: sum([preMoneyShares, investorShares]) };
  }

  const investorShares = investment.times(sharesBefore).div(preMoney).floor();
  poolShares = nearestWhole(poolTarget.times(sharesBefore.plus(investorShares)).minus(pool).div(ONE.minus(poolTarget)));
  return {
    price: preMoney.div(sharesBefore),
    investorShares,
    poolShares,
    sharesBefore,
    sharesAfter: sum([sharesBefore, investorShares, poolShares]),
  };
}

/** A round's terms as cells hold them (each read at 15 digits where it is used). */
export interface CellRoundTerms {
  preMoney: number;
  investment: number;
  poolTarget: number;
  poolTiming: PoolTiming;
}

/** The same terms for the Decimal engine. */
export function decimalRoundTerms(terms: CellRoundTerms): RoundTerms {
  return {
    preMoney: cellDecimal(terms.preMoney),
    investment: cellDecimal(terms.investment),
    poolTarget: cellDecimal(terms.poolTarget),
    poolTiming: terms.poolTiming,
  };
}

/** A round's new shares, whole numbers below 2^52. */
export interface CellRoundSize {
  investorShares: number;
  poolShares: number;
}

/**
 * A bound on the relative error of one double-double operation here, of reading a term, and of one of
 * decimal.js's 40-digit operations (about 2^-130), with room to spare: 2^-100.
 */
const STEP = 2 ** -100;
const WHOLE_LIMIT = 2 ** 52;

/**
 * floor(value) (or, `nearest`, value rounded half up, 0 when not above 0) for a double-double value known
 * within an absolute error; NaN when the answer is not settled within it (the value sits that near a
 * whole number, or a half), or past 2^52.
 */
function wholeOf(value: DoubleDouble, error: number, nearest: boolean): number {
  const high = value.high;
  if (!(Math.abs(high) < WHOLE_LIMIT)) return NaN;
  // The fraction below is rounded once (by up to 2^-53): the margin covers that too.
  const margin = error + 2 ** -50;
  if (nearest && high + value.low < 0.5 - margin) return 0;
  let whole = Math.floor(high);
  // high - whole is exact (|high| < 2^52), and the low part is below one step of high.
  let fraction = high - whole + value.low;
  if (fraction < 0) {
    whole--;
    fraction += 1;
  } else if (fraction >= 1) {
    whole++;
    fraction -= 1;
  }
  if (nearest) {
    if (Math.abs(fraction - 0.5) <= margin) return NaN;
    return fraction > 0.5 ? whole + 1 : whole;
  }
  return fraction <= margin || fraction >= 1 - margin ? NaN : whole;
}

const ddTerms = [new DoubleDouble(), new DoubleDouble(), new DoubleDouble()];
const ddWork = [new DoubleDouble(), new DoubleDouble(), new DoubleDouble(), new DoubleDouble()];

/**
 * sizeRound's new shares in double-double arithmetic, from the fully diluted shares before the round
 * and the unissued pool (each within a relative error `sharesError`, both positive or 0): what sizeRound
 * gives, whole share for whole share. Null when anything is not clear-cut: a term out of its range (for
 * sizeRound's message), a carve-out or a difference too near 0 for its error, a result too near a
 * rounding boundary, or past 2^52. Then sizeRound decides, in decimal.js; here no Decimal is made.
 */
export function cellRoundSize(
  sharesBefore: DoubleDouble,
  pool: DoubleDouble,
  sharesError: number,
  terms: CellRoundTerms,
): CellRoundSize | null {
  const { preMoney, investment, poolTarget } = terms;
  if (!(preMoney > 0 && investment >= 0 && poolTarget >= 0 && sharesBefore.high > 0)) return null;
  readDigits(poolTarget);
  // Below 1 as read (0.9999999999999999 reads as 1): a 15-digit coefficient times 10^-15 or less.
  if (digits.coefficient !== 0 && digits.exponent > -15) return null;
  const pre = cellDoubleDouble(preMoney, ddTerms[0]);
  const invested = cellDoubleDouble(investment, ddTerms[1]);
  const target = cellDoubleDouble(poolTarget, ddTerms[2]);
  if (!pre || !invested || !target) return null;
  const [a, b, c, d] = ddWork;
  const S = sharesBefore.high;
  const P = pool.high;
  if (terms.poolTiming === "pre") {
    let poolShares = 0;
    if (target.high !== 0) {
      // carve-out = pre - target x (pre + investment): known within `carveError`.
      ddAdd(pre, invested, a); // post-money
      ddMul(target, a, b);
      const carveError = 8 * STEP * (pre.high + b.high);
      ddSub(pre, b, c); // carve-out
      if (!(c.high > 2 * carveError)) return null;
      // Relative to the true values, the errors are at most twice the bound over the computed value.
      // (target x (shares - pool) x post / carve-out) - pool
      ddSub(sharesBefore, pool, d);
      const differenceError = (sharesError + 4 * STEP) * (S + P);
      if (!(d.high > 2 * differenceError)) return null;
      const relative = (2 * differenceError) / d.high + (2 * carveError) / c.high + 16 * STEP;
      ddMul(target, d, d);
      ddMul(d, a, d);
      ddDiv(d, c, d);
      const quotientError = Math.abs(d.high) * relative;
      ddSub(d, pool, d);
      poolShares = wholeOf(d, quotientError + (sharesError + 4 * STEP) * P + 4 * STEP * Math.abs(d.high), true);
      if (poolShares !== poolShares) return null;
    }
    // floor(investment x (shares + pool top-up) / pre-money)
    ddAddNumber(sharesBefore, poolShares, a);
    const investorShares = flooredShare(invested, a, ((sharesError + 4 * STEP) * (S + poolShares)) / a.high, pre);
    return investorShares !== investorShares ? null : { investorShares, poolShares };
  }
  const investorShares = flooredShare(invested, sharesBefore, sharesError, pre);
  if (investorShares !== investorShares) return null;
  // (target x (shares + investor shares) - pool) / (1 - target)
  ddAddNumber(sharesBefore, investorShares, a);
  ddMul(target, a, b);
  const numeratorError = (sharesError + 8 * STEP) * (b.high + P);
  ddSub(b, pool, b);
  c.set(1, 0);
  ddSub(c, target, c);
  const denominatorRelative = (4 * STEP) / c.high;
  ddDiv(b, c, b);
  const poolError = (numeratorError / c.high) * (1 + denominatorRelative) + Math.abs(b.high) * (denominatorRelative + 4 * STEP);
  const poolShares = wholeOf(b, poolError, true);
  return poolShares !== poolShares ? null : { investorShares, poolShares };
}

/** floor(investment x shares / pre-money) for shares known within a relative error; NaN when not settled. */
function flooredShare(invested: DoubleDouble, shares: DoubleDouble, sharesError: number, pre: DoubleDouble): number {
  if (invested.high === 0) return 0;
  const product = ddWork[3];
  ddMul(invested, shares, product);
  ddDiv(product, pre, product);
  return wholeOf(product, Math.abs(product.high) * (sharesError + 8 * STEP), false);
}

/** The labels of the rows a round's table adds below the holders. */
const ROUND_ROWS = [POOL_TOP_UP, TOTAL_LABEL];

/** Neither a holder nor the investor may be named like a row the round's table adds. */
export function checkRoundNames(holders: readonly string[], investor: string, keys?: ReadonlyMap<string, number>): void {
  checkReservedNames(holders, ROUND_ROWS, keys);
  const row = ROUND_ROWS.find((label) => holderKey(label) === holderKey(investor));
  if (row)
    throw valueError(
      `investor cannot be named "${row}": the round's table has a row of that name; name the investor otherwise.`,
      "investor",
    );
}

/** The price per share of a round on a cap table (not rounded to cents). */
export function roundPrice(table: CapTable, terms: RoundTerms): Decimal {
  return sizeRound(totalUnits(table, "fully-diluted"), unissuedPool(table), terms).price;
}

/**
 * The pro-forma cap table of a priced round, fully diluted before and after. An investor that already
 * holds (matched by name as holders are) gets its new shares on its own line.
 */
export function pricedRound(table: CapTable, terms: RoundTerms, investor: string = DEFAULT_INVESTOR): PricedRound {
  checkRoundNames(
    table.holders.map((h) => h.name),
    investor,
  );
  const unitsBefore = unitsByHolder(table, "fully-diluted");
  const size = sizeRound(sum(unitsBefore), unissuedPool(table), terms);
  const { sharesBefore, sharesAfter, investorShares, poolShares } = size;
  const investorKey = holderKey(investor);
  const line = (name: string, before: Decimal, after: Decimal): RoundLine => ({
    name,
    unitsBefore: before,
    unitsAfter: after,
    ownershipBefore: before.div(sharesBefore),
    ownershipAfter: after.div(sharesAfter),
  });

  const lines = table.holders.map((holder, i) => {
    const before = unitsBefore[i];
    return line(holder.name, before, holderKey(holder.name) === investorKey ? sum([before, investorShares]) : before);
  });
  if (!findHolder(table, investor)) lines.push(line(investor.trim(), ZERO, investorShares));
  lines.push(line(POOL_TOP_UP, ZERO, poolShares));
  return { ...size, lines };
}

/** A stake after a round it does not take part in: stake x pre_money / (pre_money + investment). */
export function dilute(stake: Decimal, preMoney: Decimal, investment: Decimal): Decimal {
  checkStake(stake);
  checkRoundMoney(preMoney, investment);
  return stake.times(preMoney).div(preMoney.plus(investment));
}

export interface DilutionRound {
  name: string | number;
  preMoney: Decimal;
  investment: Decimal;
}

export interface DilutionStep {
  name: string | number;
  stake: Decimal;
}

/** The stake after each round in turn; an error names the round. */
export function dilutionPath(stake: Decimal, rounds: readonly DilutionRound[]): DilutionStep[] {
  checkStake(stake);
  let current = stake;
  return rounds.map((round) => {
    checkRoundMoney(round.preMoney, round.investment, `Round "${round.name}": `);
    current = current.times(round.preMoney).div(round.preMoney.plus(round.investment));
    return { name: round.name, stake: current };
  });
}

/**
 * A dilution path taken one round at a time on cell numbers (each read at 15 digits), in double-double
 * arithmetic, each stake rounded once to the nearest number: what dilutionPath gives, to the last digit.
 * `next` gives NaN when a round is not one to take here (pre-money not above 0, a negative investment,
 * a rounding not settled within the error bound, a number beyond double-double's range): then
 * dilutionPath decides, and says what is wrong. No Decimal is made: at a few dozen rounds, building
 * one would cost as much as the path.
 */
export class CellDilution {
  /** The stake so far as high x 2^-shift + low x 2^-shift. */
  private high: number;
  private low: number;
  // Each round: two readings, a quotient and a product, each within DD_STEP_ERROR; a generous 6 of them.
  private error = DD_STEP_ERROR;
  // A long path dilutes a stake below binary64's range (1e-308): it is carried as stake x 2^-shift,
  // rescaled by exact powers of two, and a stake too small for a cell is 0, as toNumber makes it.
  private shift = 0;
  /** Below 2^-400 x 2^-1000: surely 0 in a cell, and no later round raises it (pre / (pre + investment) <= 1). */
  private belowEveryCell = false;

  private constructor(start: DoubleDouble) {
    this.high = start.high;
    this.low = start.low;
  }

  /** A path from a stake that is a fraction in (0, 1] as read; null for any other stake, or one out of range. */
  static from(stake: number): CellDilution | null {
    // A number up to 1 reads as at most 1, and a positive one as positive.
    if (!(stake > 0 && stake <= 1)) return null;
    const start = cellDoubleDouble(stake, factor);
    return start ? new CellDilution(start) : null;
  }

  /** The stake after a round it does not take part in, or NaN (see the class). */
  next(preMoney: number, investment: number): number {
    if (!(preMoney > 0) || investment < 0) return NaN;
    if (this.belowEveryCell) return 0;
    if (!dilutionFactor(preMoney, investment, factor, scratch)) return NaN;
    const factorHigh = factor.high;
    const factorLow = factor.low;
    // A factor whose low part would be subnormal has lost digits: decimal.js decides.
    if (factorHigh < SUBNORMAL_LOW_PART) return NaN;
    let high = this.high;
    let low = this.low;
    // Scaled up before the product, so that the product keeps its 106 bits.
    while (high !== 0 && Math.abs(high * factorHigh) < RESCALE_BELOW) {
      if (this.shift >= 2 * RESCALE_BITS) {
        this.belowEveryCell = true;
        return 0;
      }
      high *= RESCALE;
      low *= RESCALE;
      this.shift += RESCALE_BITS;
    }
    // The double-double product, inline (ddMul).
    const product = high * factorHigh;
    const carry = productError(high, factorHigh, product) + (high * factorLow + low * factorHigh);
    high = product + carry;
    low = carry - (high - product);
    this.high = high;
    this.low = low;
    const error = (this.error += 6 * DD_STEP_ERROR);
    if (this.shift !== 0) return scaledDown(current.set(high, low), this.shift, error);
    // The nearest number is high when every value within the error rounds to it: high + (low +- bound)
    // is rounded exactly once, to high, at both ends (twice the bound covers the rounding of low +- bound;
    // high is a normal number here, at least 2^-400).
    const bound = 2 * Math.abs(high) * error;
    return high + (low + bound) === high && high + (low - bound) === high ? high : NaN;
  }
}

/**
 * dilutionPath on cell numbers, round by round with CellDilution; null when it declines (a rounding not
 * settled, a number beyond its range): then dilutionPath decides. The stake and the rounds are checked
 * first, in order, with dilutionPath's messages.
 */
export function cellDilutionPath(
  stake: number,
  names: readonly (string | number)[],
  preMoney: ArrayLike<number>,
  investment: ArrayLike<number>,
): number[] | null {
  if (!(stake > 0 && stake <= 1)) checkStake(cellDecimal(stake));
  const count = names.length;
  for (let i = 0; i < count; i++) {
    if (!(preMoney[i] > 0) || investment[i] < 0)
      checkRoundMoney(cellDecimal(preMoney[i]), cellDecimal(investment[i]), `Round "${names[i]}": `);
  }
  const path = CellDilution.from(stake);
  if (!path) return null;
  const stakes: number[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const value = path.next(preMoney[i], investment[i]);
    if (value !== value) return null; // NaN: not settled
    stakes[i] = value;
  }
  return stakes;
}

// Scratch for cellDilutionPath and dilutionFactor (a formula runs to its end before the next starts).
const factor = new DoubleDouble();
const scratch = new DoubleDouble();
const current = new DoubleDouble();

/** Below this a double-double's low part is subnormal. */
const SUBNORMAL_LOW_PART = 2 ** -969;

/**
 * pre / (pre + investment) for two cell numbers (each read at 15 digits) as a double-double, into `out`:
 * when both readings sit on one grid of 10^q (the usual case: amounts of one magnitude), a quotient of
 * two whole numbers below 2^53, exact operands; otherwise through each one's double-double (`scratch`).
 * False when a number is beyond double-double's range.
 */
function dilutionFactor(preMoney: number, investment: number, out: DoubleDouble, scratch: DoubleDouble): boolean {
  readDigits(investment);
  let investmentUnits = digits.coefficient;
  const investmentExponent = digits.exponent;
  if (investmentUnits === 0) {
    out.set(1, 0);
    return true;
  }
  readDigits(preMoney);
  let preUnits = digits.coefficient;
  const shift = digits.exponent - investmentExponent;
  if (shift > 0 && shift <= 22) preUnits *= POWERS_OF_TEN[shift];
  else if (shift < 0 && shift >= -22) investmentUnits *= POWERS_OF_TEN[-shift];
  const total = preUnits + investmentUnits;
  if (shift > 22 || shift < -22 || total >= 2 ** 53) {
    if (!cellDoubleDouble(preMoney, out) || !cellDoubleDouble(investment, scratch)) return false;
    ddAdd(out, scratch, scratch);
    ddDiv(out, scratch, out);
    return true;
  }
  // preUnits / total with an exact remainder: the quotient to about 2^-106.
  const first = preUnits / total;
  const product = first * total;
  const remainder = preUnits - product - productError(first, total, product);
  const second = remainder / total;
  const high = first + second;
  out.set(high, second - (high - first));
  return true;
}

const RESCALE_BITS = 500;
const RESCALE = 2 ** RESCALE_BITS;
const RESCALE_BELOW = 2 ** -400;
const LEAST_SUBNORMAL_BITS = 1074;

/**
 * The nearest number to value x 2^-shift (value a double-double within a relative error): rounded at its
 * own scale and scaled exactly while the result is a normal number; in the subnormal range, rounded to
 * a whole number of 2^-1074 (the spacing there); 0 below half of that. NaN when the rounding is not
 * settled within the error.
 */
function scaledDown(value: DoubleDouble, shift: number, error: number): number {
  // shift is 500 or 1000 (see the loop).
  // t = value x 2^(1074 - shift): the value in steps of 2^-1074, the spacing of numbers below 2^-1021.
  const factor = shift === RESCALE_BITS ? STEPS_AT_ONE_RESCALE : STEPS_AT_TWO_RESCALES;
  const high = value.high * factor;
  if (Math.abs(high) < 0.125) return 0;
  if (Math.abs(high) >= 2 ** 53) {
    // A normal number: rounded at its own scale, then scaled by an exact power of two.
    const nearest = nearestNumber(value.high, value.low, Math.abs(value.high) * error);
    return shift === RESCALE_BITS ? nearest * DOWN_ONE_RESCALE : nearest * DOWN_ONE_RESCALE * DOWN_ONE_RESCALE;
  }
  // Rounded to a whole number of steps (its low part is still a normal number at this scale).
  let whole = Math.floor(high);
  let fraction = high - whole + value.low * factor;
  const below = Math.floor(fraction);
  whole += below;
  fraction -= below;
  if (Math.abs(fraction - 0.5) <= Math.abs(high) * error) return NaN;
  return (fraction > 0.5 ? whole + 1 : whole) * LEAST_SUBNORMAL;
}

const STEPS_AT_ONE_RESCALE = 2 ** (LEAST_SUBNORMAL_BITS - RESCALE_BITS);
const STEPS_AT_TWO_RESCALES = 2 ** (LEAST_SUBNORMAL_BITS - 2 * RESCALE_BITS);
const DOWN_ONE_RESCALE = 2 ** -RESCALE_BITS;
const LEAST_SUBNORMAL = 2 ** -LEAST_SUBNORMAL_BITS;

/** Price per share: pre_money / fully diluted shares. */
export function sharePrice(preMoney: Decimal, fullyDilutedShares: Decimal): Decimal {
  if (preMoney.isNegative() && !preMoney.isZero())
    throw numError(`pre_money must not be negative; got ${preMoney.toString()}.`, "pre_money");
  if (fullyDilutedShares.lte(0))
    throw numError(`fully_diluted_shares must be greater than 0; got ${fullyDilutedShares.toString()}.`, "fully_diluted_shares");
  return preMoney.div(fullyDilutedShares);
}
