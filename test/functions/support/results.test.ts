import fc from "fast-check";
import { Decimal } from "../../../src/engine/decimal";
import { unitsToDecimal } from "../../../src/engine/revshare";
import { numberReader, toNumber, toSpill, unitsToNumber } from "../../../src/functions/support/results";

describe("Decimal to number at the function boundary", () => {
  it("gives the nearest number, as parsing the decimal's digits does", () => {
    const digits = fc.stringMatching(/^[1-9][0-9]{0,44}$/);
    fc.assert(
      fc.property(fc.boolean(), digits, fc.integer({ min: -340, max: 300 }), (negative, coefficient, exponent) => {
        const text = `${negative ? "-" : ""}${coefficient}e${exponent}`;
        const nearest = Number(text);
        if (!Number.isFinite(nearest)) expect(() => toNumber(new Decimal(text))).toThrow(/too large/);
        else expect(toNumber(new Decimal(text))).toBe(nearest === 0 ? 0 : nearest); // a cell has no -0
      }),
      { numRuns: 5000 },
    );
  });

  it("is exact on the hard cases of the fast path", () => {
    for (const text of [
      "0.1",
      "0.3",
      "9007199254740991",
      "9007199254740993",
      "1e22",
      "1e23",
      "123456789012345e-22",
      "-0.000001",
      "2.5e-300",
      "0",
    ]) {
      expect(toNumber(new Decimal(text))).toBe(Number(text));
    }
    expect(Object.is(toNumber(new Decimal("-0")), 0)).toBe(true);
  });

  it("gives a scaled column the numbers toNumber gives its decimals, at 10^-22 to 10^22", () => {
    const units = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 53 - 1 }),
      fc.integer({ min: 0, max: 1e6 }),
      fc.constantFrom(0, 1, 2 ** 53 - 1, 1e15 - 1),
    );
    fc.assert(
      fc.property(fc.array(units, { minLength: 1, maxLength: 20 }), fc.integer({ min: -22, max: 22 }), (values, places) => {
        const read = numberReader({ units: Float64Array.from(values), places });
        const numbers = values.map((_, row) => read(row));
        expect(numbers).toEqual(values.map((v) => toNumber(unitsToDecimal(v, places))));
      }),
      { numRuns: 3000 },
    );
    const decimals = numberReader([new Decimal("0.1"), new Decimal(2)]);
    expect([decimals(0), decimals(1)]).toEqual([0.1, 2]);
  });

  it("gives whole units of 10^-places (BigInt) the number toNumber gives their decimal", () => {
    const units = fc.oneof(
      fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }),
      fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }),
      fc.constantFrom(0n, 2n ** 53n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n),
    );
    fc.assert(
      fc.property(units, fc.integer({ min: -30, max: 30 }), (u, places) => {
        const decimal = new Decimal(`${u}e${-places}`);
        expect(unitsToNumber(u, places)).toBe(toNumber(decimal));
      }),
      { numRuns: 5000 },
    );
    expect(() => unitsToNumber(10n ** 300n, -20)).toThrow(/too large/);
    expect(Object.is(unitsToNumber(-0n, 2), 0)).toBe(true);
  });

  it("refuses a number too large for a cell", () => {
    expect(() => toNumber(new Decimal("1e400"))).toThrow(/too large/);
  });

  it("turns a schedule into cells, with null as an empty cell", () => {
    expect(toSpill([[new Decimal("1.5"), 2, "x", true, null]])).toEqual([[1.5, 2, "x", true, ""]]);
  });
});
