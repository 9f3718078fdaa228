/**
 * Exact integer arithmetic in ordinary numbers. A binary64 number holds every integer below 2^53 exactly,
 * and the product of two of them exactly as the sum of two numbers (Dekker): with that, a loop over whole
 * numbers of a decimal unit is exact decimal arithmetic at the speed of plain numbers, with no BigInt and
 * no decimal.js in it. Every function here states the range it is exact in; callers check it (or know it
 * from how they chose their unit) and take a slower exact path outside it.
 */

/** 10^0 ... 10^22: every one is exact in binary64 (parsed from text, so no power function rounds them). */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Veltkamp's splitter for binary64: 2^27 + 1. */
const SPLITTER = 134217729;

/**
 * The rounding error of a product: a x b is exactly `product + productError(a, b, product)` when
 * `product` is the rounded a x b (Dekker's two-product; no overflow or underflow in the operands' range).
 */
export function productError(a: number, b: number, product: number): number {
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** Below this, a product of whole numbers of at most 50 bits is exact and so is its quotient's check. */
const EXACT_LIMIT = 2 ** 52;

/** Where divideProduct leaves its answer: one object reused, so that a loop allocates nothing. */
export const division = { quotient: 0, remainder: 0 };

/**
 * floor(x x y / d) and the remainder (x x y) mod d, exactly, for whole numbers 0 <= x, y < 2^50 and
 * 0 < d < 2^52 whose quotient is below 2^52; the answer is left in `division`.
 *
 * Why it is exact: x x y = p + e exactly, with p the rounded product. The quotient q of the rounded
 * division is within 1 of the true one (their relative error is 2^-52 and the quotient is below 2^52).
 * q x d = t + te exactly; p - t and e - te are whole numbers below 2^53, hence computed exactly, and so is
 * their sum, the remainder of q, which then needs at most two steps of d to land in [0, d).
 */
export function divideProduct(x: number, y: number, d: number): void {
  const p = x * y;
  let quotient: number;
  let remainder: number;
  if (p < EXACT_LIMIT) {
    // An exact product: the rounded quotient's floor is the true floor, and q x d <= p is exact.
    quotient = Math.floor(p / d);
    remainder = p - quotient * d;
  } else {
    const e = productError(x, y, p);
    quotient = Math.floor(p / d);
    const t = quotient * d;
    remainder = p - t + (e - productError(quotient, d, t));
    while (remainder < 0) {
      quotient--;
      remainder += d;
    }
    while (remainder >= d) {
      quotient++;
      remainder -= d;
    }
  }
  division.quotient = quotient;
  division.remainder = remainder;
}

const TEN_TO_15 = POWERS_OF_TEN[15];

/**
 * x x y x 10^-m rounded half up to a whole number, exactly, for whole numbers 0 <= x, y < 2^50; NaN when
 * the result is not below 2^52 (the caller's unit was too fine for it).
 */
export function roundedProduct(x: number, y: number, m: number): number {
  if (m <= 0) {
    const p = x * y;
    if (m < -22 || p >= EXACT_LIMIT) return p === 0 ? 0 : NaN;
    const scaled = p * POWERS_OF_TEN[-m];
    return scaled < EXACT_LIMIT ? scaled : NaN;
  }
  if (m <= 15) {
    const d = POWERS_OF_TEN[m];
    const p = x * y;
    if (p < EXACT_LIMIT) {
      // An exact product (the usual case with a short rate such as 0.2): one exact floor division.
      const quotient = Math.floor(p / d);
      return (p - quotient * d) * 2 >= d ? quotient + 1 : quotient;
    }
    if (p / d >= EXACT_LIMIT) return NaN;
    divideProduct(x, y, d);
    return division.remainder * 2 >= d ? division.quotient + 1 : division.quotient;
  }
  // x x y < 2^100 < 10^31 / 2, so beyond 30 places the result is 0.
  if (m > 30) return 0;
  // Two steps: x x y = q1 x 10^15 + r1, q1 = q2 x 10^(m-15) + r2. The remainder r2 x 10^15 + r1 reaches
  // half of 10^m exactly when r2 reaches half of 10^(m-15), since r1 < 10^15.
  divideProduct(x, y, TEN_TO_15);
  const first = division.quotient;
  const step = POWERS_OF_TEN[m - 15];
  const quotient = Math.floor(first / step);
  const remainder = first - quotient * step;
  return remainder * 2 >= step ? quotient + 1 : quotient;
}

// ------------------------------------------------------------------ unit in the last place

// The bits of a number, through typed arrays over one buffer (faster than a DataView in V8).
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);
/** Which word holds the sign and exponent: the second on little-endian machines. */
const HIGH_WORD = (() => {
  float[0] = 1;
  return words[1] === 0x3ff00000 ? 1 : 0;
})();

/** 2^(e - 1075) for each biased exponent e: the spacing of numbers with that exponent. */
const SPACING = Float64Array.from({ length: 2048 }, (_, biased) => (biased === 0 ? Number.MIN_VALUE : 2 ** (biased - 1075)));

/** The power of two of a normal number x: floor(log2 |x|), from its exponent bits. */
export function binaryExponent(x: number): number {
  float[0] = x;
  return ((words[HIGH_WORD] >>> 20) & 0x7ff) - 1023;
}

/** The spacing of binary64 numbers at |x| (its unit in the last place), exactly; x finite and not 0. */
export function ulp(x: number): number {
  float[0] = x;
  return SPACING[(words[HIGH_WORD] >>> 20) & 0x7ff];
}

/**
 * A whole number below 2^53 without its trailing zeros, and how many there were (into `division`:
 * quotient, remainder = count). A multiple of 10^k is told by floor(whole / 10^k) x 10^k === whole, exact
 * for such numbers (the % of two numbers past 2^31 is a call into the runtime, several times slower).
 */
export function stripTrailingZeros(whole: number): void {
  let value = whole;
  let zeros = 0;
  // Most readings of computed numbers end in a digit other than 0: one division settles them.
  if (value !== 0 && Math.floor(value / 10) * 10 === value) {
    for (const [power, count] of STRIP_STEPS) {
      const quotient = Math.floor(value / power);
      if (quotient * power === value) {
        value = quotient;
        zeros += count;
      }
    }
  }
  division.quotient = value;
  division.remainder = zeros;
}

/** 10^8, 10^4, 10^2, 10^1: up to 15 trailing zeros in four steps. */
const STRIP_STEPS: readonly [number, number][] = [
  [1e8, 8],
  [1e4, 4],
  [1e2, 2],
  [1e1, 1],
];

/**
 * The binary64 number nearest to a value known as high + low (|low| at most half a unit in the last place
 * of high, as double-double arithmetic leaves it) to within `error` (an absolute bound): high itself,
 * unless the value could lie on the other side of the midpoint between high and its neighbour, where
 * the answer is not known and NaN says so.
 */
export function nearestNumber(high: number, low: number, error: number): number {
  if (!Number.isFinite(high)) return NaN;
  if (high === 0) return low === 0 && error === 0 ? 0 : NaN;
  // Below 2^-969 a double-double's low part is subnormal: its 106 bits, and so the bound, no longer hold.
  if (Math.abs(high) < 2 ** -969) return NaN;
  const spacing = ulp(high);
  // Next to a power of two the neighbour toward zero is half as far: the nearer midpoint bounds both sides.
  const half = (Math.abs(high) === spacing * 2 ** 52 ? spacing / 2 : spacing) / 2;
  return Math.abs(low) + error < half ? high : NaN;
}

// ------------------------------------------------------------------ double-double

/**
 * Double-double numbers: a value as the unevaluated sum high + low of two binary64 numbers, about 106
 * bits (32 decimal digits) of precision. Used where a result is not a finite decimal (a discount factor,
 * a fraction of a total) and must come out as the correctly rounded binary64 number: carried to 32
 * digits with a known error bound, then rounded once by nearestNumber.
 *
 * The operations write their result into a DoubleDouble passed in, so that loops allocate nothing.
 */
export class DoubleDouble {
  constructor(
    public high = 0,
    public low = 0,
  ) {}

  set(high: number, low = 0): this {
    this.high = high;
    this.low = low;
    return this;
  }

  copy(other: DoubleDouble): this {
    this.high = other.high;
    this.low = other.low;
    return this;
  }
}

/** A bound on the relative error of one double-double operation below (generous: 2^-102). */
export const DD_STEP_ERROR = 2 ** -102;

/** out = a + b, of any signs (the accurate double-double sum: two two-sums and a renormalisation). */
export function ddAdd(a: DoubleDouble, b: DoubleDouble, out: DoubleDouble): DoubleDouble {
  let s = a.high + b.high;
  let v = s - a.high;
  let e = a.high - (s - v) + (b.high - v);
  const t = a.low + b.low;
  v = t - a.low;
  const f = a.low - (t - v) + (b.low - v);
  e += t;
  let high = s + e;
  e -= high - s;
  e += f;
  s = high;
  high = s + e;
  out.low = e - (high - s);
  out.high = high;
  return out;
}

/** out = a - b, of any signs. */
export function ddSub(a: DoubleDouble, b: DoubleDouble, out: DoubleDouble): DoubleDouble {
  negated.high = -b.high;
  negated.low = -b.low;
  return ddAdd(a, negated, out);
}

const negated = new DoubleDouble();

/** out = a + b for a plain number b. */
export function ddAddNumber(a: DoubleDouble, b: number, out: DoubleDouble): DoubleDouble {
  const s = a.high + b;
  const bb = s - a.high;
  const e = a.high - (s - bb) + (b - bb) + a.low;
  const high = s + e;
  out.low = e - (high - s);
  out.high = high;
  return out;
}

/** out = a x b. */
export function ddMul(a: DoubleDouble, b: DoubleDouble, out: DoubleDouble): DoubleDouble {
  const p = a.high * b.high;
  const e = productError(a.high, b.high, p) + (a.high * b.low + a.low * b.high);
  const high = p + e;
  out.low = e - (high - p);
  out.high = high;
  return out;
}

/** out = a x b for a plain number b. */
export function ddMulNumber(a: DoubleDouble, b: number, out: DoubleDouble): DoubleDouble {
  const p = a.high * b;
  const e = productError(a.high, b, p) + a.low * b;
  const high = p + e;
  out.low = e - (high - p);
  out.high = high;
  return out;
}

/** out = a / b: a first quotient, and a correction from the exact remainder of it. */
export function ddDiv(a: DoubleDouble, b: DoubleDouble, out: DoubleDouble): DoubleDouble {
  const q1 = a.high / b.high;
  // remainder = a - q1 x b, with q1 x b.high exact as a two-product
  const p = q1 * b.high;
  const pe = productError(q1, b.high, p);
  const remainder = a.high - p - pe + a.low - q1 * b.low;
  const q2 = remainder / b.high;
  const high = q1 + q2;
  out.low = q2 - (high - q1);
  out.high = high;
  return out;
}

/** out = a / b for a plain number b. */
export function ddDivNumber(a: DoubleDouble, b: number, out: DoubleDouble): DoubleDouble {
  const q1 = a.high / b;
  const p = q1 * b;
  const pe = productError(q1, b, p);
  const remainder = a.high - p - pe + a.low;
  const q2 = remainder / b;
  const high = q1 + q2;
  out.low = q2 - (high - q1);
  out.high = high;
  return out;
}

/** out = a^n for a whole n >= 0, by squaring: about 2 log2(n) products. */
export function ddPow(a: DoubleDouble, n: number, out: DoubleDouble): DoubleDouble {
  const base = new DoubleDouble(a.high, a.low);
  out.set(1, 0);
  let k = n;
  while (k > 0) {
    if (k % 2 === 1) ddMul(out, base, out);
    k = Math.floor(k / 2);
    if (k > 0) ddMul(base, base, base);
  }
  return out;
}

/**
 * 10^n as a double-double: exact for 0 <= n <= 44 (a product of two exact powers), within 2^-104 of it
 * otherwise for n from -280 to 308 (further down the low part is subnormal and loses digits).
 */
export function ddPowerOfTen(n: number, out: DoubleDouble): DoubleDouble {
  if (n >= 0 && n <= 22) return out.set(POWERS_OF_TEN[n], 0);
  if (n > 22 && n <= 44) {
    const high = POWERS_OF_TEN[22] * POWERS_OF_TEN[n - 22];
    return out.set(high, productError(POWERS_OF_TEN[22], POWERS_OF_TEN[n - 22], high));
  }
  if (n < 0 && n >= -44) {
    ddPowerOfTen(-n, out);
    return ddDiv(new DoubleDouble(1, 0), out, out);
  }
  const magnitude = ddPowerOfTen(44 * Math.sign(n), new DoubleDouble());
  ddPowerOfTen(n - 44 * Math.sign(n), out);
  return ddMul(out, magnitude, out);
}
