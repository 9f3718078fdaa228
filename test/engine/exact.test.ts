import fc from "fast-check";
import DecimalBase from "decimal.js";
import {
  DoubleDouble,
  POWERS_OF_TEN,
  ddAdd,
  ddDiv,
  ddMul,
  ddPow,
  ddPowerOfTen,
  divideProduct,
  division,
  nearestNumber,
  productError,
  roundedProduct,
  ulp,
} from "../../src/engine/exact";

/** 80 digits: the oracle for 32-digit double-double results. */
const Wide = DecimalBase.clone({ precision: 80 });
/** The exact value of a binary64 number (decimal.js would read its shortest text): mantissa x 2^exponent. */
function exactly(x: number): DecimalBase {
  if (x === 0) return new Wide(0);
  const exponent = Math.floor(Math.log2(Math.abs(x))) - 60;
  const half = Math.trunc(exponent / 2);
  const mantissa = x / 2 ** half / 2 ** (exponent - half);
  return new Wide(BigInt(mantissa).toString()).times(new Wide(2).pow(exponent));
}
const wide = (dd: DoubleDouble) => exactly(dd.high).plus(exactly(dd.low));
const relativeGap = (a: DecimalBase, b: DecimalBase) => a.minus(b).abs().div(b.abs()).toNumber();

const below50 = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 50 - 1 }),
  fc.integer({ min: 0, max: 1000 }),
  fc.constantFrom(0, 1, 2 ** 50 - 1, 1e15 - 1),
);
const below52 = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 52 - 1 }),
  fc.integer({ min: 1, max: 1000 }),
  fc.constantFrom(1, 10, 1e15, 2 ** 52 - 1),
);

describe("exact whole-number arithmetic in plain numbers", () => {
  it("has every power of ten up to 10^22 exact", () => {
    POWERS_OF_TEN.forEach((power, k) => expect(BigInt(power)).toBe(10n ** BigInt(k)));
  });

  it("finds the rounding error of a product exactly", () => {
    fc.assert(
      fc.property(below50, below50, (a, b) => {
        const p = a * b;
        expect(BigInt(p) + BigInt(productError(a, b, p))).toBe(BigInt(a) * BigInt(b));
      }),
      { numRuns: 20000 },
    );
  });

  it("divides a product with its remainder, exactly, whenever the quotient is below 2^52", () => {
    fc.assert(
      fc.property(below50, below50, below52, (x, y, d) => {
        const product = BigInt(x) * BigInt(y);
        if (product / BigInt(d) >= 2n ** 52n) return;
        divideProduct(x, y, d);
        expect(BigInt(division.quotient)).toBe(product / BigInt(d));
        expect(BigInt(division.remainder)).toBe(product % BigInt(d));
      }),
      { numRuns: 30000 },
    );
  });

  it("rounds x y 10^-m half up exactly, at any m", () => {
    fc.assert(
      fc.property(below50, below50, fc.integer({ min: -25, max: 40 }), (x, y, m) => {
        const product = BigInt(x) * BigInt(y);
        let expected: bigint;
        if (m <= 0) expected = product * 10n ** BigInt(-m);
        else {
          const d = 10n ** BigInt(m);
          expected = product / d + (2n * (product % d) >= d ? 1n : 0n);
        }
        const got = roundedProduct(x, y, m);
        if (expected >= 2n ** 52n) expect(got).toBeNaN();
        else expect(BigInt(got)).toBe(expected);
      }),
      { numRuns: 30000 },
    );
    // Exact halves round up.
    expect(roundedProduct(5, 1, 1)).toBe(1);
    expect(roundedProduct(15, 1, 1)).toBe(2);
    expect(roundedProduct(1e14, 5e14, 29)).toBe(1);
  });
});

describe("double-double arithmetic", () => {
  const positive = fc.double({ min: 1e-30, max: 1e30, noNaN: true });
  const pair = positive.map((x) => {
    const low = x * 2 ** -60 * (Math.round(x) % 2 ? 1 : -1);
    const high = x + low;
    return new DoubleDouble(high, low - (high - x));
  });

  it("adds, multiplies and divides within 2^-102 of the exact result", () => {
    fc.assert(
      fc.property(pair, pair, fc.boolean(), (a, b, negate) => {
        const bSigned = negate ? new DoubleDouble(-b.high, -b.low) : b;
        const sum = wide(a).plus(wide(bSigned));
        if (!sum.isZero())
          expect(relativeGap(wide(ddAdd(a, bSigned, new DoubleDouble())), sum)).toBeLessThan(
            2 ** -100 * Math.max(1, wide(a).abs().plus(wide(b).abs()).div(sum.abs()).toNumber()),
          );
        expect(relativeGap(wide(ddMul(a, b, new DoubleDouble())), wide(a).times(wide(b)))).toBeLessThan(2 ** -102);
        expect(relativeGap(wide(ddDiv(a, b, new DoubleDouble())), wide(a).div(wide(b)))).toBeLessThan(2 ** -101);
      }),
      { numRuns: 5000 },
    );
  });

  it("raises to whole powers and gives powers of ten", () => {
    const base = new DoubleDouble(1.0001, 0);
    expect(relativeGap(wide(ddPow(base, 3650, new DoubleDouble())), exactly(1.0001).pow(3650))).toBeLessThan(2 ** -97);
    for (const n of [0, 5, 22, 23, 30, 44, 45, 100, 300, -1, -22, -23, -44, -280]) {
      expect(relativeGap(wide(ddPowerOfTen(n, new DoubleDouble())), new Wide(10).pow(n))).toBeLessThan(
        n >= 0 && n <= 44 ? 1e-40 : 2 ** -100,
      );
    }
  });
});

describe("rounding a double-double once", () => {
  it("knows the spacing of binary64 numbers", () => {
    expect(ulp(1)).toBe(2 ** -52);
    expect(ulp(1.5)).toBe(2 ** -52);
    expect(ulp(2)).toBe(2 ** -51);
    expect(ulp(-3)).toBe(2 ** -51);
    expect(ulp(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(ulp(1e300)).toBe(2 ** (Math.floor(Math.log2(1e300)) - 52));
  });

  it("rounds to the nearest number when the error bound allows, and says so when it does not", () => {
    expect(nearestNumber(1, 2 ** -60, 2 ** -70)).toBe(1);
    expect(nearestNumber(1, 2 ** -53 - 2 ** -70, 2 ** -60)).toBeNaN(); // could be past the midpoint 1 + 2^-53
    expect(nearestNumber(1, -(2 ** -54) + 2 ** -90, 2 ** -80)).toBeNaN(); // below 1 the midpoint is 1 - 2^-54
    expect(nearestNumber(1, -(2 ** -54) + 2 ** -70, 2 ** -80)).toBe(1);
    expect(nearestNumber(1.5, -(2 ** -54), 2 ** -80)).toBe(1.5);
    expect(nearestNumber(0, 0, 0)).toBe(0);
    expect(nearestNumber(Infinity, 0, 0)).toBeNaN();
  });

  it("gives the correctly rounded number of a value known closely", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-290, max: 1e300, noNaN: true }), fc.double({ min: -0.49, max: 0.49, noNaN: true }), (x, offset) => {
        const low = offset * ulp(x);
        const rounded = nearestNumber(x, low, Math.abs(x) * 2 ** -100);
        if (Math.abs(offset) < 0.49) expect(rounded).toBe(x);
      }),
    );
  });
});
