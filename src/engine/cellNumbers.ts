import { Decimal } from "./decimal";
import { DoubleDouble, POWERS_OF_TEN, binaryExponent, ddDiv, ddDivNumber, ddMulNumber, ddPowerOfTen, productError } from "./exact";

/**
 * How the engine reads a number from a cell: as the decimal Excel shows, its 15 significant digits
 * (rounded half away from zero, as Number.prototype.toPrecision(15) rounds). Excel keeps typed numbers to
 * 15 digits and shows every number with 15, so `=0.1+0.2` (0.30000000000000004 in binary) reads as 0.3
 * and `=B7*1.013` as the 15 digits on the screen, whatever binary digits lie beyond them.
 *
 * A reading is `coefficient x 10^exponent` with a whole coefficient from 10^14 to just below 10^15 (0 for
 * zero, negative for a negative number): a coefficient below 2^50 takes part in exact products of whole
 * numbers (./exact) without any rounding.
 */
export const CELL_DIGITS = 15;

const SMALLEST = POWERS_OF_TEN[14];
const LIMIT = POWERS_OF_TEN[15];

/** 10^-8 ... 10^37 (approximate below 1: only a guess of the decade is read from them). */
const DECADES: readonly number[] = Array.from({ length: 46 }, (_, k) => Number(`1e${k - 8}`));
const LOG10_OF_2 = Math.log10(2);
let lastDecade = 0;

/** Where readDigits leaves its answer: one object reused, so that a loop allocates nothing. */
export const digits = { coefficient: 0, exponent: 0 };

/** The coefficient of |x| x 10^(14 - e), rounded half up, exactly; x finite, 10^(14-e) or 10^(e-14) exact. */
function coefficientAt(x: number, e: number): number {
  const shift = 14 - e;
  if (shift >= 0) {
    // x x 10^shift = high + low exactly. high is below 2^50, so its fraction is exact and a multiple of a
    // step of 1/8 or finer, and low is under half a step: low can only decide an exact half.
    const scale = POWERS_OF_TEN[shift];
    const high = x * scale;
    const whole = Math.floor(high);
    const fraction = high - whole;
    if (fraction !== 0.5) return fraction > 0.5 ? whole + 1 : whole;
    return productError(x, scale, high) >= 0 ? whole + 1 : whole;
  }
  // x / 10^-shift: the remainder x - q x 10^-shift is exact (x is near q x 10^-shift, and q x 10^-shift is a
  // two-product), so one comparison with half the divisor rounds exactly.
  const divisor = POWERS_OF_TEN[-shift];
  let quotient = Math.floor(x / divisor);
  const t = quotient * divisor;
  let remainder = x - t - productError(quotient, divisor, t);
  if (remainder < 0) {
    quotient--;
    remainder += divisor;
  } else if (remainder >= divisor) {
    quotient++;
    remainder -= divisor;
  }
  return remainder * 2 >= divisor ? quotient + 1 : quotient;
}

/**
 * toPrecision's digits, for magnitudes where the scaling power of ten is not exact (below 1e-8, from 1e37):
 * there toPrecision(15) always writes d.dddddddddddddde±x.
 */
function readByText(x: number): void {
  const [mantissa, power] = Math.abs(x).toPrecision(CELL_DIGITS).split("e");
  const coefficient = Number(mantissa.replace(".", ""));
  digits.coefficient = x < 0 ? -coefficient : coefficient;
  digits.exponent = Number(power) - (CELL_DIGITS - 1);
}

/** Reads a finite number into `digits`. */
export function readDigits(x: number): void {
  // The common case first, small enough to be inlined into a caller's loop: a number in the decade of the
  // last one read or the one below (a column's numbers are mostly of one magnitude, an investment is
  // read beside its larger pre-money), below 10^15, whose coefficient lands strictly inside (10^14, 10^15).
  // Such a coefficient is the reading: it is at least 10^14 + 1/2 and below 10^15 - 1/2 before rounding,
  // so the decade was right and nothing carries.
  const magnitude = x < 0 ? -x : x;
  let e = lastDecade;
  if (magnitude < DECADES[e + 8]) e--;
  if (e <= 14 && e >= -8 && magnitude >= DECADES[e + 8] && magnitude < DECADES[e + 9]) {
    // coefficientAt(magnitude, e), inline: the call is a fifth of a reading's cost.
    const scale = POWERS_OF_TEN[14 - e];
    const scaled = magnitude * scale;
    let coefficient = Math.floor(scaled);
    const fraction = scaled - coefficient;
    if (fraction > 0.5 || (fraction === 0.5 && productError(magnitude, scale, scaled) >= 0)) coefficient++;
    if (coefficient > SMALLEST && coefficient < LIMIT) {
      digits.coefficient = x < 0 ? -coefficient : coefficient;
      digits.exponent = e - 14;
      return;
    }
  }
  readAnyDigits(x, magnitude);
}

function readAnyDigits(x: number, magnitude: number): void {
  if (x === 0) {
    digits.coefficient = 0;
    digits.exponent = 0;
    return;
  }
  if (!(magnitude >= 1e-8 && magnitude < 1e37)) {
    readByText(x);
    return;
  }
  // The decade from the binary exponent: 2^b <= x < 2^(b+1) spans less than a decade, so floor(log10 x)
  // is floor(b log10 2) or one more, told apart by one comparison (a wrong guess only costs the loop a step).
  let e = Math.floor(binaryExponent(magnitude) * LOG10_OF_2);
  if (magnitude >= DECADES[e + 9]) e++;
  for (;;) {
    if (e < -8 || e > 36) {
      readByText(x);
      return;
    }
    let coefficient = coefficientAt(magnitude, e);
    if (coefficient < SMALLEST) {
      e--;
      continue;
    }
    if (coefficient > LIMIT) {
      e++;
      continue;
    }
    // Exactly 10^14 may be a number just below 10^e rounded up at too coarse a place: read it one place finer.
    if (coefficient === SMALLEST && e > -8) {
      const finer = coefficientAt(magnitude, e - 1);
      if (finer < LIMIT) {
        coefficient = finer;
        e--;
      }
    }
    // 9.999999999999999e5 rounds up to 10^15 x 10^-9: the same number as 10^14 x 10^-8.
    const carried = coefficient === LIMIT;
    const magnitudeCoefficient = carried ? SMALLEST : coefficient;
    digits.coefficient = x < 0 ? -magnitudeCoefficient : magnitudeCoefficient;
    digits.exponent = carried ? e - 13 : e - 14;
    lastDecade = e;
    return;
  }
}

/** The decimal a cell shows for a finite number, as a Decimal. */
export function cellDecimal(x: number): Decimal {
  readDigits(x);
  if (digits.coefficient === 0) return new Decimal(0);
  return new Decimal(`${digits.coefficient}e${digits.exponent}`);
}

/** The number nearest to the decimal a cell shows: x itself, unless x has digits beyond the 15th. */
export function cellValue(x: number): number {
  readDigits(x);
  const { coefficient, exponent } = digits;
  if (coefficient === 0) return 0;
  if (exponent >= 0 && exponent <= 22) return coefficient * POWERS_OF_TEN[exponent];
  if (exponent < 0 && exponent >= -22) return coefficient / POWERS_OF_TEN[-exponent];
  return Number(`${coefficient}e${exponent}`);
}

/** A column of cell numbers read once: value i is coefficients[i] x 10^exponents[i]. */
export interface CellDigits {
  readonly coefficients: Float64Array;
  readonly exponents: Float64Array;
}

/** Reads every number of a column (each finite). */
export function readColumn(values: ArrayLike<number>): CellDigits {
  const coefficients = new Float64Array(values.length);
  const exponents = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    readDigits(values[i]);
    coefficients[i] = digits.coefficient;
    exponents[i] = digits.exponent;
  }
  return { coefficients, exponents };
}

/**
 * The decimal a cell shows as a double-double: within 2^-102 of it (relative) for magnitudes from about
 * 10^-280 to 10^300; null outside (a double-double's low part would be subnormal, or the high part past range).
 */
export function cellDoubleDouble(x: number, out: DoubleDouble): DoubleDouble | null {
  readDigits(x);
  const { coefficient, exponent } = digits;
  if (coefficient === 0) return out.set(0, 0);
  if (exponent < -280 || exponent > 290) return null;
  // The usual magnitudes: one exact power of ten, and one operation with a plain number.
  if (exponent < 0 && exponent >= -22) return ddDivNumber(out.set(coefficient, 0), POWERS_OF_TEN[-exponent], out);
  if (exponent >= 0) return ddMulNumber(ddPowerOfTen(exponent, out), coefficient, out);
  ddPowerOfTen(-exponent, power);
  return ddDiv(out.set(coefficient, 0), power, out);
}

const power = new DoubleDouble();
