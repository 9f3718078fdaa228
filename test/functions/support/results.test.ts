import fc from "fast-check";
import { Decimal } from "../../../src/engine/decimal";
import { toNumber, toSpill } from "../../../src/functions/support/results";

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

  it("refuses a number too large for a cell", () => {
    expect(() => toNumber(new Decimal("1e400"))).toThrow(/too large/);
  });

  it("turns a schedule into cells, with null as an empty cell", () => {
    expect(toSpill([[new Decimal("1.5"), 2, "x", true, null]])).toEqual([[1.5, 2, "x", true, ""]]);
  });
});
