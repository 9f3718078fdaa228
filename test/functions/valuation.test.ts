import { stakeValue, valuation } from "../../src/functions/valuation";
import { errorOf } from "../support/errors";

describe("DEAL.VALUATION adapter", () => {
  it("returns a plain number", () => {
    expect(valuation(135000000000, 0.27)).toBe(500000000000);
  });

  it("reads a 1x1 range as its value", () => {
    expect(valuation([[135000000000]], [[0.27]])).toBe(500000000000);
  });

  it.each([
    [null, 0.27, "#VALUE!", /stake_value is missing/],
    ["", 0.27, "#VALUE!", /stake_value is missing/],
    [100, undefined, "#VALUE!", /stake is missing/],
    ["abc", 0.27, "#VALUE!", /stake_value must be a number; got the text "abc"/],
    [100, true, "#VALUE!", /stake must be a number; got the logical value TRUE/],
    [100, 0, "#NUM!", /stake must be a fraction greater than 0/],
    [100, 1.5, "#NUM!", /at most 1/],
    [-5, 0.5, "#NUM!", /stake_value must not be negative/],
    [Infinity, 0.5, "#NUM!", /finite/],
  ])("valuation(%p, %p) is %s", (value, stake, code, message) => {
    const e = errorOf(() => valuation(value, stake));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("DEAL.STAKEVALUE adapter", () => {
  it("values a stake", () => {
    expect(stakeValue(500000000000, 0.27)).toBe(135000000000);
  });

  it("names the missing argument", () => {
    expect(errorOf(() => stakeValue(500, null)).message).toMatch(/stake is missing/);
    expect(errorOf(() => stakeValue(null, 0.2)).message).toMatch(/equity_value is missing/);
  });
});
