import fc from "fast-check";
import { Decimal } from "../../src/engine/decimal";
import {
  MAX_PLACES,
  POWERS_OF_TEN,
  SAFE_UNITS,
  decimalToUnitsDown,
  digitCount,
  exactSum,
  scaledToDecimal,
  toCommonUnits,
  unitsAt,
} from "../../src/engine/scaled";

describe("scaled integers", () => {
  it("has every power of ten up to 10^22 exact", () => {
    POWERS_OF_TEN.forEach((power, k) => expect(new Decimal(power).eq(new Decimal(10).pow(k))).toBe(true));
    expect(MAX_PLACES).toBe(22);
  });

  it("reads a number as the decimal decimal.js reads, whenever it gives units at all", () => {
    const numbers = fc.oneof(
      fc.double({ min: 0, max: 1e16, noNaN: true }),
      fc.integer({ min: 0, max: 1e9 }).map((cents) => cents / 100),
      fc.integer({ min: 0, max: 1e6 }).map((x) => x / 7),
    );
    fc.assert(
      fc.property(numbers, fc.integer({ min: 0, max: MAX_PLACES }), (value, places) => {
        const units = unitsAt(value, places);
        if (units !== null) expect(scaledToDecimal(units, places).eq(new Decimal(value))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it("refuses a number that is not a whole number of the unit or has more than 15 digits", () => {
    expect(unitsAt(0.1 + 0.2, 2)).toBeNull();
    expect(unitsAt(0.1 + 0.2, MAX_PLACES)).toBeNull(); // 0.30000000000000004 has 17 digits
    expect(unitsAt(1234.5, 0)).toBeNull();
    expect(unitsAt(1234.5, 1)).toBe(12345);
    expect(unitsAt(1e15, 0)).toBeNull();
    expect(unitsAt(999999999999999, 0)).toBe(999999999999999);
  });

  it("finds the fewest common places of a column and its units", () => {
    const units = new Float64Array(4);
    expect(toCommonUnits([1, 2.5, 0.125, 0], units)).toBe(3);
    expect(Array.from(units)).toEqual([1000, 2500, 125, 0]);
    expect(toCommonUnits([0.1, 1 / 3], new Float64Array(2))).toBeNull();
    expect(toCommonUnits([7, 8], units)).toBe(0);
    // 10^-7 needs 7 places, which would give 999 trillion 22 digits: no common unit.
    expect(toCommonUnits([999e12, 5e-7], units)).toBeNull();
    expect(toCommonUnits([99e6, 5e-7], units)).toBe(7);
  });

  it("rounds a Decimal down to units and gives up past the safe range", () => {
    expect(decimalToUnitsDown(new Decimal("12.349"), 2)).toBe(1234);
    expect(decimalToUnitsDown(new Decimal(SAFE_UNITS), 0)).toBe(SAFE_UNITS);
    expect(decimalToUnitsDown(new Decimal(SAFE_UNITS).plus(1), 0)).toBeNull();
  });

  it("sums cell numbers exactly, in scaled integers or, past them, in Decimal", () => {
    const cells = fc.oneof(
      fc.array(fc.integer({ min: -1e11, max: 1e11 }).map((cents) => cents / 100)),
      fc.array(fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true })),
      fc.array(fc.constantFrom(4.5e15, 0.1, 3, -0, 9.007199254740991e15)),
    );
    fc.assert(
      fc.property(cells, (values) => {
        const expected = values.reduce((total, v) => total.plus(v), new Decimal(0));
        expect(exactSum(values).eq(expected)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    expect(exactSum([0.1, 0.2]).toString()).toBe("0.3");
  });

  it("counts digits", () => {
    expect([1, 9, 10, 99, 100, 999999999999999, 1e15].map(digitCount)).toEqual([1, 1, 2, 2, 3, 15, 16]);
  });
});
