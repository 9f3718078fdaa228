import { Decimal } from "./decimal";
import { DoubleDouble, POWERS_OF_TEN, ddAddNumber, ddMulNumber, divideProduct, division } from "./exact";

/**
 * An exact sum of decimals of any magnitudes, kept in plain numbers: the value is the sum over k of
 * limbs[k] x 10^(base + 15k), each limb a whole number below 2^53 in magnitude (signed, so a limb may be
 * negative while the sum is not). Adding c x 10^q splits c x 10^(q - base) at the limb boundary: one
 * exact division of a product (./exact) and two additions. Nothing is rounded; only reading the sum out
 * (as a BigInt, a Decimal or a double-double) costs more, and a sum is read once.
 */

const LIMB = POWERS_OF_TEN[15];
/** A limb past this hands 10^15s to the next one, so that adding anything below 2^50 stays below 2^53. */
const CARRY_AT = 2 ** 52;
/** The widest span a sum will hold: 60 limbs, 900 digits (1e-300 and 1e300 in one column). */
const MAX_LIMBS = 60;

export class WideSum {
  readonly limbs: Float64Array;

  constructor(
    /** The exponent of the last digit the sum can hold. */
    readonly base: number,
    limbCount: number,
  ) {
    this.limbs = new Float64Array(limbCount);
  }

  /**
   * A sum for terms with coefficients below 10^15 x 10^extraDigits and exponents from `lowest` to
   * `highest`, with room for carries; null when that would be wider than MAX_LIMBS.
   */
  static spanning(lowest: number, highest: number, extraDigits = 0): WideSum | null {
    const count = Math.floor((highest - lowest + extraDigits) / 15) + 3;
    return count > MAX_LIMBS ? null : new WideSum(lowest, count);
  }

  /** Adds coefficient x 10^exponent: a whole |coefficient| < 2^50, exponent >= base, within the limbs. */
  add(coefficient: number, exponent: number): void {
    if (coefficient === 0) return;
    const shift = exponent - this.base;
    const k = Math.floor(shift / 15);
    const digits = shift - 15 * k;
    if (digits === 0) {
      this.addToLimb(k, coefficient);
      return;
    }
    divideProduct(Math.abs(coefficient), POWERS_OF_TEN[digits], LIMB);
    const sign = coefficient < 0 ? -1 : 1;
    const high = division.quotient;
    this.addToLimb(k, sign * division.remainder);
    this.addToLimb(k + 1, sign * high);
  }

  /** Adds a x b x 10^exponent for whole |a|, b < 2^50 (b >= 0). */
  addProduct(a: number, b: number, exponent: number): void {
    if (a === 0 || b === 0) return;
    divideProduct(Math.abs(a), b, LIMB);
    const sign = a < 0 ? -1 : 1;
    const high = division.quotient;
    this.add(sign * division.remainder, exponent);
    this.add(sign * high, exponent + 15);
  }

  /** Adds every limb of another sum with the same base. */
  addSum(other: WideSum): void {
    for (let k = 0; k < other.limbs.length; k++) if (other.limbs[k] !== 0) this.addToLimb(k, other.limbs[k]);
  }

  private addToLimb(k: number, value: number): void {
    const total = this.limbs[k] + value;
    if (total > CARRY_AT || total < -CARRY_AT) {
      const carry = Math.trunc(total / LIMB);
      this.limbs[k] = total - carry * LIMB;
      this.addToLimb(k + 1, carry);
    } else {
      this.limbs[k] = total;
    }
  }

  isZero(): boolean {
    for (let k = 0; k < this.limbs.length; k++) if (this.limbs[k] !== 0) return false;
    return true;
  }

  /** The sum is this whole number times 10^base. */
  toBigInt(): bigint {
    let total = 0n;
    for (let k = this.limbs.length - 1; k >= 0; k--) total = total * 1000000000000000n + BigInt(this.limbs[k]);
    return total;
  }

  /** The exact sum as a Decimal (all its digits, whatever the precision: the constructor does not round). */
  toDecimal(): Decimal {
    const whole = this.toBigInt();
    return whole === 0n ? new Decimal(0) : new Decimal(`${whole}e${this.base}`);
  }

  /**
   * The sum divided by 10^base as a double-double (the limbs from the top, each step one product and one
   * sum): within limbs x 2^-102 of it, relative.
   */
  toDoubleDouble(out: DoubleDouble): DoubleDouble {
    out.set(0, 0);
    for (let k = this.limbs.length - 1; k >= 0; k--) {
      ddMulNumber(out, LIMB, out);
      ddAddNumber(out, this.limbs[k], out);
    }
    return out;
  }
}
