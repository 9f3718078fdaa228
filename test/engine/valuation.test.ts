import fc from "fast-check";
import { Decimal } from "../../src/engine/decimal";
import { DealError } from "../../src/engine/errors";
import { impliedValuation, stakeValue } from "../../src/engine/valuation";

const d = (v: number | string) => new Decimal(v);

describe("impliedValuation", () => {
  it("reproduces the default deal: $135B for 27% implies $500B", () => {
    expect(impliedValuation(d(135e9), d("0.27")).toString()).toBe("500000000000");
  });

  it("is exact where binary floating point is not", () => {
    expect(impliedValuation(d("0.3"), d("0.1")).toString()).toBe("3");
  });

  it.each([0, -0.1, 1.0001])("refuses the stake %p with #NUM!", (stake) => {
    expect(() => impliedValuation(d(100), d(stake))).toThrow(expect.objectContaining({ kind: "num" }));
  });

  it("refuses a negative stake value with #NUM!", () => {
    expect(() => impliedValuation(d(-1), d("0.5"))).toThrow(DealError);
  });

  it("inverts stakeValue for any positive stake", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 1, max: 10000 }), (equity, basisPoints) => {
        const stake = d(basisPoints).div(10000);
        expect(impliedValuation(stakeValue(d(equity), stake), stake).toString()).toBe(d(equity).toString());
      }),
    );
  });
});

describe("stakeValue", () => {
  it("values 27% of $500B at $135B", () => {
    expect(stakeValue(d(500e9), d("0.27")).toString()).toBe("135000000000");
  });

  it("accepts a 100% stake and a zero equity", () => {
    expect(stakeValue(d(7), d(1)).toString()).toBe("7");
    expect(stakeValue(d(0), d("0.5")).toString()).toBe("0");
  });
});
