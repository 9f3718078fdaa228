import { Decimal } from "./decimal";
import { DoubleDouble, POWERS_OF_TEN, ddAddNumber, ddMulNumber, divideProduct, division } from "./exact";

/**
 * Exact sums of decimals of any magnitudes, kept in plain numbers: a sum is the sum over k of
 * limbs[k] x 10^(base + 15k), each limb a whole number below 2^53 in magnitude (signed, so a limb may be
 * negative while the sum is not). Adding c x 10^q splits c x 10^(q - base) at the limb boundary: one
 * exact division of a product (./exact) and two additions. Nothing is rounded; only reading the sum out
 * (as a BigInt, a Decimal or a double-double) costs more, and a sum is read once.
 *
 * The functions take the limbs of one sum as (array, offset, count), so that many sums (one per holder
 * of a cap table) share one array; WideSum wraps a single sum.
 */

const LIMB = POWERS_OF_TEN[15];
/** A limb past this hands 10^15s to the next one, so that adding anything below 2^50 stays below 2^53. */
const CARRY_AT = 2 ** 52;
/** The widest span a sum will hold: 60 limbs, 900 digits (1e-300 and 1e300 in one column). */
const MAX_LIMBS = 60;

/** Limbs for terms with coefficients below 10^(15 + extraDigits) and exponents from `lowest` to `highest`, with room for carries; null past MAX_LIMBS. */
export function limbCount(lowest: number, highest: number, extraDigits = 0): number | null {
  const count = Math.floor((highest - lowest + extraDigits) / 15) + 3;
  return count > MAX_LIMBS ? null : count;
}

function addToLimb(limbs: Float64Array, at: number, value: number): void {
  const total = limbs[at] + value;
  if (total > CARRY_AT || total < -CARRY_AT) {
    const carry = Math.trunc(total / LIMB);
    limbs[at] = total - carry * LIMB;
    addToLimb(limbs, at + 1, carry);
  } else {
    limbs[at] = total;
  }
}

/** Adds coefficient x 10^exponent to the sum at `offset`: a whole |coefficient| < 2^50, exponent >= base, within its limbs. */
export function addTerm(limbs: Float64Array, offset: number, base: number, coefficient: number, exponent: number): void {
  if (coefficient === 0) return;
  const shift = exponent - base;
  const k = Math.floor(shift / 15);
  const digits = shift - 15 * k;
  if (digits === 0) {
    addToLimb(limbs, offset + k, coefficient);
    return;
  }
  divideProduct(Math.abs(coefficient), POWERS_OF_TEN[digits], LIMB);
  const high = division.quotient;
  const low = division.remainder;
  if (coefficient < 0) {
    addToLimb(limbs, offset + k, -low);
    addToLimb(limbs, offset + k + 1, -high);
  } else {
    addToLimb(limbs, offset + k, low);
    addToLimb(limbs, offset + k + 1, high);
  }
}

/** Adds a x b x 10^exponent for whole |a|, b < 2^50 (b >= 0). */
export function addProductTerm(limbs: Float64Array, offset: number, base: number, a: number, b: number, exponent: number): void {
  if (a === 0 || b === 0) return;
  const product = a * b;
  if (product < 2 ** 50 && product > -(2 ** 50)) {
    addTerm(limbs, offset, base, product, exponent);
    return;
  }
  const sign = a < 0 ? -1 : 1;
  divideProduct(Math.abs(a), b, LIMB);
  const high = division.quotient;
  addTerm(limbs, offset, base, sign * division.remainder, exponent);
  addTerm(limbs, offset, base, sign * high, exponent + 15);
}

/** Adds the sum at `from` to the sum at `to` (same base and count), limb by limb. */
export function addSumOf(limbs: Float64Array, from: number, to: number, count: number): void {
  for (let k = 0; k < count; k++) if (limbs[from + k] !== 0) addToLimb(limbs, to + k, limbs[from + k]);
}

/** The sum divided by 10^base, as a whole number. */
export function limbsToBigInt(limbs: Float64Array, offset: number, count: number): bigint {
  let total = 0n;
  for (let k = offset + count - 1; k >= offset; k--) total = total * 1000000000000000n + BigInt(limbs[k]);
  return total;
}

/**
 * The sum divided by 10^base as a double-double (the limbs from the top, each step one product and one
 * sum): within count x 2^-102 of it, relative, when every term was positive (no limb is then negative).
 */
export function limbsToDoubleDouble(limbs: Float64Array, offset: number, count: number, out: DoubleDouble): DoubleDouble {
  out.set(0, 0);
  let top = offset + count - 1;
  while (top > offset && limbs[top] === 0) top--;
  for (let k = top; k >= offset; k--) {
    ddMulNumber(out, LIMB, out);
    ddAddNumber(out, limbs[k], out);
  }
  return out;
}

/** A single exact sum. */
export class WideSum {
  readonly limbs: Float64Array;

  constructor(
    /** The exponent of the last digit the sum can hold. */
    readonly base: number,
    limbs: number,
  ) {
    this.limbs = new Float64Array(limbs);
  }

  /** A sum for terms with coefficients below 10^(15 + extraDigits) and exponents from `lowest` to `highest`; null when too wide. */
  static spanning(lowest: number, highest: number, extraDigits = 0): WideSum | null {
    const count = limbCount(lowest, highest, extraDigits);
    return count === null ? null : new WideSum(lowest, count);
  }

  /** Adds coefficient x 10^exponent: a whole |coefficient| < 2^50, exponent >= base, within the limbs. */
  add(coefficient: number, exponent: number): void {
    addTerm(this.limbs, 0, this.base, coefficient, exponent);
  }

  /** Adds a x b x 10^exponent for whole |a|, b < 2^50 (b >= 0). */
  addProduct(a: number, b: number, exponent: number): void {
    addProductTerm(this.limbs, 0, this.base, a, b, exponent);
  }

  isZero(): boolean {
    for (let k = 0; k < this.limbs.length; k++) if (this.limbs[k] !== 0) return false;
    return true;
  }

  /** The sum is this whole number times 10^base. */
  toBigInt(): bigint {
    return limbsToBigInt(this.limbs, 0, this.limbs.length);
  }

  /** The exact sum as a Decimal (all its digits, whatever the precision: the constructor does not round). */
  toDecimal(): Decimal {
    return bigIntToDecimal(this.toBigInt(), this.base);
  }

  /** The sum divided by 10^base, as a double-double (see limbsToDoubleDouble). */
  toDoubleDouble(out: DoubleDouble): DoubleDouble {
    return limbsToDoubleDouble(this.limbs, 0, this.limbs.length, out);
  }
}

/** whole x 10^exponent as a Decimal, every digit kept. */
export function bigIntToDecimal(whole: bigint, exponent: number): Decimal {
  return whole === 0n ? new Decimal(0) : new Decimal(`${whole}e${exponent}`);
}
