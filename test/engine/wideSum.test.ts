import fc from "fast-check";
import DecimalBase from "decimal.js";
import { DoubleDouble } from "../../src/engine/exact";
import { WideSum } from "../../src/engine/wideSum";

const Unrounded = DecimalBase.clone({ precision: 2000 });

const term = fc.record({
  coefficient: fc.oneof(
    fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }),
    fc.integer({ min: 1e14, max: 1e15 - 1 }),
    fc.constantFrom(0, 1, -1),
  ),
  exponent: fc.oneof(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -320, max: 300 })),
});

describe("WideSum: exact sums of decimals of any magnitude in plain numbers", () => {
  it("sums terms of every sign and magnitude to the last digit", () => {
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 200 }), (terms) => {
        const lowest = Math.min(...terms.map((t) => t.exponent));
        const highest = Math.max(...terms.map((t) => t.exponent));
        const sum = WideSum.spanning(lowest, highest + 2);
        if (!sum) return;
        let expected = new Unrounded(0);
        for (const { coefficient, exponent } of terms) {
          sum.add(coefficient, exponent);
          expected = expected.plus(new Unrounded(`${coefficient}e${exponent}`));
        }
        expect(new Unrounded(sum.toDecimal()).eq(expected)).toBe(true);
        expect(sum.isZero()).toBe(expected.isZero());
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps limbs below 2^53 however many terms reach one limb", () => {
    const sum = new WideSum(0, 4);
    for (let i = 0; i < 100000; i++) sum.add(999999999999999, 0);
    expect(sum.toBigInt()).toBe(999999999999999n * 100000n);
    for (const limb of sum.limbs) expect(Math.abs(limb)).toBeLessThan(2 ** 53);
  });

  it("adds products of two 15-digit coefficients exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e15 - 1 }),
        fc.integer({ min: 0, max: 1e15 - 1 }),
        fc.integer({ min: -40, max: 40 }),
        (a, b, exponent) => {
          const sum = new WideSum(-40, 8);
          sum.addProduct(a, b, exponent);
          sum.addProduct(-a, 3, exponent);
          expect(sum.toBigInt()).toBe((BigInt(a) * BigInt(b) - BigInt(a) * 3n) * 10n ** BigInt(exponent + 40));
        },
      ),
    );
  });

  it("reads a sum of positive terms as a double-double within its bound", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e15 - 1 }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 50, maxLength: 50 }),
        (coefficients, exponents) => {
          const sum = new WideSum(0, 8);
          coefficients.forEach((c, i) => sum.add(c, exponents[i]));
          const dd = sum.toDoubleDouble(new DoubleDouble());
          const exact = new Unrounded(sum.toBigInt().toString());
          if (exact.isZero()) return;
          const approx = new Unrounded(BigInt(dd.high).toString()).plus(new Unrounded(BigInt(Math.round(dd.low)).toString()));
          expect(approx.minus(exact).abs().div(exact).toNumber()).toBeLessThan(8 * 2 ** -100);
        },
      ),
    );
  });
});
