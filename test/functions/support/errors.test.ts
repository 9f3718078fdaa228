import { numError } from "../../../src/engine/errors";
import { FormulaError, MAX_MESSAGE_LENGTH, formula, makeFormulaError, toFormulaError } from "../../../src/functions/support/errors";

describe("errors at the function boundary", () => {
  it("turns anything thrown into a formula error, even an object whose toString throws", () => {
    const hostile = {
      toString() {
        throw new Error("no text for you");
      },
    };
    const e = toFormulaError(hostile);
    expect(e).toBeInstanceOf(FormulaError);
    expect((e as FormulaError).code).toBe("#VALUE!");
    expect(e.message).toMatch(/Unexpected error/);
    expect(() =>
      formula(() => {
        throw hostile;
      }),
    ).toThrow(FormulaError);
    const poisoned = new Error("x");
    Object.defineProperty(poisoned, "message", {
      get: () => {
        throw new Error("no message either");
      },
    });
    expect(toFormulaError(poisoned)).toBeInstanceOf(FormulaError);
  });

  it("bounds every message to the 255 characters Excel shows, cutting at a word with an ellipsis", () => {
    expect(MAX_MESSAGE_LENGTH).toBe(255);
    const message = `The holder "Nobody" is not in the cap table; its holders are ${Array.from({ length: 400 }, (_, i) => `Holder ${i}`).join(", ")}.`;
    const e = makeFormulaError("#N/A", message);
    expect(e.message.length).toBeLessThanOrEqual(255);
    expect(e.message.endsWith("…")).toBe(true);
    expect(message.startsWith(e.message.slice(0, -1))).toBe(true);
    expect(toFormulaError(numError("y".repeat(3_000_000))).message.length).toBeLessThanOrEqual(255);
    expect(makeFormulaError("#NUM!", "short").message).toBe("short");
  });
});
