import fc from "fast-check";
import { cellDecimal, cellValue, digits, readColumn, readDigits } from "../../src/engine/cellNumbers";

/** The reading, held to Number.prototype.toPrecision(15), which rounds half away from zero on the exact binary value. */
function expectReadAsToPrecision(x: number): void {
  readDigits(x);
  const { coefficient, exponent } = digits;
  if (x === 0) {
    expect([coefficient, exponent]).toEqual([0, 0]);
    return;
  }
  expect(Math.abs(coefficient)).toBeGreaterThanOrEqual(1e14);
  expect(Math.abs(coefficient)).toBeLessThan(1e15);
  expect(Number.isInteger(coefficient)).toBe(true);
  // toPrecision's digits, as an exact decimal string compared digit for digit.
  const [mantissa, power] = Math.abs(x).toExponential(14).split("e");
  const expectedText = Math.abs(x).toPrecision(15);
  const expected = Number(expectedText);
  expect(`${Math.abs(coefficient)}e${exponent}`).toBe(`${mantissa.replace(".", "")}e${Number(power) - 14}`);
  expect(Number(`${coefficient}e${exponent}`)).toBe(x < 0 ? -expected : expected);
}

describe("reading a cell's number as the 15 significant digits Excel shows", () => {
  it("reads 0.1+0.2 as 0.3 and a formula's 17 digits as the 15 on the screen", () => {
    expect(cellDecimal(0.1 + 0.2).toString()).toBe("0.3");
    expect(cellDecimal(13e9 * 1.013 * 1.013).toString()).toBe("13340197000");
    expect(cellDecimal(2 / 3).toString()).toBe("0.666666666666667");
    expect(cellDecimal(-1234567.891234567).toString()).toBe("-1234567.89123457");
    expect(cellDecimal(1234567890123456).toString()).toBe("1234567890123460");
    expect(cellDecimal(0).toString()).toBe("0");
    expect(cellValue(0.1 + 0.2)).toBe(0.3);
    expect(cellValue(100)).toBe(100);
  });

  it("rounds an exact half away from zero, as toPrecision does", () => {
    expect(cellDecimal(123456789012345.5).toString()).toBe("123456789012346");
    expect(cellDecimal(123456789012344.5).toString()).toBe("123456789012345");
    expect(cellDecimal(-0.5).toString()).toBe("-0.5");
    expect(cellDecimal(999999999999999.5).toString()).toBe("1000000000000000");
    expect(cellDecimal(999999999999998.5).toString()).toBe("999999999999999");
  });

  it("agrees with toPrecision(15) on every kind of number", () => {
    const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true });
    const common = fc.double({ min: 1e-9, max: 1e38, noNaN: true });
    // Exact halves at the 16th digit, and 16- and 17-digit integers.
    const halves = fc
      .tuple(fc.integer({ min: 1e14, max: 1e15 - 1 }), fc.integer({ min: -30, max: 30 }))
      .map(([k, shift]) => (k + 0.5) * 10 ** shift);
    const wholes = fc.integer({ min: 1e14, max: 1e15 - 1 }).chain((k) => fc.constantFrom(k * 10 + 5, k * 100 + 50, k * 10 + 4, k * 10 + 6));
    const growth = fc
      .tuple(fc.double({ min: 1, max: 1e12, noNaN: true }), fc.double({ min: 0.9, max: 1.1, noNaN: true }))
      .map(([a, g]) => a * g);
    fc.assert(
      fc.property(fc.oneof(anyDouble, common, halves, wholes, growth), (x) => {
        expectReadAsToPrecision(x);
        expectReadAsToPrecision(-x);
      }),
      { numRuns: Number(process.env.CELL_RUNS ?? 10000) },
    );
    for (const x of [
      1e-8,
      9.999999999999999e-9,
      1e37,
      9.99999999999999e36,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      2 ** 53,
      2 ** 53 + 2,
      1e15,
      1e15 - 0.5,
    ])
      expectReadAsToPrecision(x);
  });

  it("reads a column into coefficients and exponents", () => {
    const column = readColumn([0.25, 1e20, 0]);
    expect(Array.from(column.coefficients)).toEqual([250000000000000, 100000000000000, 0]);
    expect(Array.from(column.exponents)).toEqual([-15, 6, 0]);
  });
});
