import fc from "fast-check";
import { displayValue, generalNumber } from "../../../src/workbook/embedded/formats";

describe("what the grid shows for a value in a format", () => {
  it.each([
    [1234.5, "currency", "$1,234.50"],
    [-1234.5, "currency", "($1,234.50)"],
    [-0.001, "currency", "$0.00"],
    [0.275, "percent", "27.5%"],
    [45958, "date", "2025-10-28"],
    [0, "date", "1900-01-00"],
    [-1, "date", "#######"],
    [1234567.891, "number", "1,234,567.89"],
    [-1234567.5, "integer", "(1,234,568)"],
    [135e9, undefined, "1.35E+11"],
    [0.1 + 0.2, undefined, "0.3"],
    [true, undefined, "TRUE"],
    [null, "currency", ""],
    [{ error: "#NUM!", message: "too big" }, "currency", "#NUM!"],
  ] as const)("%j as %s is %s", (value, format, text) => {
    expect(displayValue(value as never, format)).toBe(text);
  });

  it("shows General numbers in at most 11 characters, reading back close to the value", () => {
    fc.assert(
      // Excel's numbers: up to 1E+15 here, and no smaller than 1E-99 (two exponent digits) except 0.
      fc.property(
        fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((n) => n === 0 || Math.abs(n) >= 1e-99),
        (n) => {
          const text = generalNumber(n);
          expect(text.replace("-", "").length).toBeLessThanOrEqual(11);
          expect(Math.abs(Number(text) - n)).toBeLessThanOrEqual(Math.abs(n) * 1e-5 + 1e-9);
        },
      ),
    );
  });
});
