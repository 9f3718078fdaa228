import fc from "fast-check";
import { Decimal } from "../../src/engine/decimal";
import { DealError } from "../../src/engine/errors";
import { CapTableRow, HOLDING_TYPES, buildCapTable } from "../../src/engine/ownership";
import {
  POOL_TOP_UP,
  PoolTiming,
  RoundTerms,
  dilute,
  dilutionPath,
  pricedRound,
  roundPrice,
  sharePrice,
  sizeRound,
} from "../../src/engine/rounds";
import { errorOf } from "../support/errors";

const d = (v: number | string) => new Decimal(v);

function terms(
  preMoney: number | string,
  investment: number | string,
  poolTarget: number | string = 0,
  poolTiming: PoolTiming = "pre",
): RoundTerms {
  return { preMoney: d(preMoney), investment: d(investment), poolTarget: d(poolTarget), poolTiming };
}

function row(n: number, holder: string, type: string, units: number | string, ratio: number | string | null = null): CapTableRow {
  return { row: n, holder, type, units: d(units), ratio: ratio === null ? null : d(ratio) };
}

const strings = (size: object) => Object.fromEntries(Object.entries(size).map(([k, v]) => [k, (v as Decimal).toString()]));

describe("sizeRound: the option pool shuffle (deal-terms.md)", () => {
  const size = sizeRound(d(6e6), d(0), terms(8e6, 2e6, "0.2", "pre"));

  it("prices at 1.00 with 2,000,000 pool and 2,000,000 investor shares out of 10,000,000", () => {
    expect(strings(size)).toEqual({
      price: "1",
      investorShares: "2000000",
      poolShares: "2000000",
      sharesBefore: "6000000",
      sharesAfter: "10000000",
    });
  });

  it("leaves an effective pre-money of $6M for the existing holders", () => {
    expect(size.price.times(size.sharesBefore).toString()).toBe("6000000");
  });

  it("would price at 1.33 without the pool, and the post timing prices there", () => {
    const post = sizeRound(d(6e6), d(0), terms(8e6, 2e6, "0.2", "post"));
    expect(post.price.toString()).toBe(d(8).div(6).toString());
    expect(post.investorShares.toString()).toBe("1500000");
    // (0.2 x 7,500,000 - 0) / 0.8
    expect(post.poolShares.toString()).toBe("1875000");
    expect(post.poolShares.div(post.sharesAfter).toString()).toBe("0.2");
  });
});

describe("sizeRound: an existing unissued pool counts toward the target", () => {
  it("tops up only the shortfall (pre)", () => {
    // S = 5,000,000 x 10M / (8M - 2M) = 8,333,333.3; target pool 1,666,666.7; top-up 666,666.7 -> 666,667.
    const size = sizeRound(d(6e6), d(1e6), terms(8e6, 2e6, "0.2", "pre"));
    expect(size.poolShares.toString()).toBe("666667");
    expect(size.price.toString()).toBe(d(8e6).div(6666667).toString());
    // 2M x 6,666,667 / 8M = 1,666,666.75, rounded down.
    expect(size.investorShares.toString()).toBe("1666666");
    expect(size.sharesAfter.toString()).toBe("8333333");
  });

  it("tops up only the shortfall (post)", () => {
    const size = sizeRound(d(6e6), d(1e6), terms(8e6, 2e6, "0.2", "post"));
    expect(size.poolShares.toString()).toBe("625000");
  });

  it.each<PoolTiming>(["pre", "post"])("gives no top-up when the pool already meets the target (%s)", (timing) => {
    const size = sizeRound(d(6e6), d(3e6), terms(8e6, 2e6, "0.2", timing));
    expect(size.poolShares.toString()).toBe("0");
    expect(size.price.toString()).toBe(d(8).div(6).toString());
  });
});

describe("sizeRound: whole shares", () => {
  it("rounds the investor's shares down", () => {
    expect(sizeRound(d(7), d(0), terms(7, "2.99")).investorShares.toString()).toBe("2");
  });

  it("rounds the pool top-up to the nearest share, half up", () => {
    // post: T = 0.2 x (F + 0) / 0.8 = F / 4
    expect(sizeRound(d(2), d(0), terms(10, 0, "0.2", "post")).poolShares.toString()).toBe("1");
    expect(sizeRound(d("1.6"), d(0), terms(10, 0, "0.2", "post")).poolShares.toString()).toBe("0");
    expect(sizeRound(d("2.4"), d(0), terms(10, 0, "0.2", "post")).poolShares.toString()).toBe("1");
  });

  it("does not lose a share to division error: an exact whole number of investor shares stays whole", () => {
    // 40e9 / (260e9 / 169e6) is 26,000,000 exactly, which a price computed first would miss by 1e-33.
    expect(sizeRound(d(169e6), d(0), terms(260e9, 40e9)).investorShares.toString()).toBe("26000000");
  });
});

describe("sizeRound: refusals", () => {
  it.each([
    [terms(0, 1), /pre_money must be greater than 0/],
    [terms(10, -1), /investment must not be negative/],
    [terms(10, 1, "-0.1"), /pool_target must be a fraction from 0/],
    [terms(10, 1, 1, "post"), /pool_target must be a fraction from 0/],
    [terms(8e6, 2e6, "0.8", "pre"), /cannot be carved out of the pre-money: it must be below .* = 0\.8/],
  ])("refuses %#", (t, message) => {
    const e = errorOf<DealError>(() => sizeRound(d(100), d(0), t));
    expect(e.kind).toBe("num");
    expect(e.message).toMatch(message);
  });

  it("refuses a cap table with no fully diluted units", () => {
    expect(errorOf<DealError>(() => sizeRound(d(0), d(0), terms(10, 1))).message).toMatch(/no fully diluted units/);
  });
});

describe("pricedRound", () => {
  const table = buildCapTable([row(1, "Founders", "common", 6e6)]);

  it("lists holders, then the investor, then the pool top-up, fully diluted before and after", () => {
    const result = pricedRound(table, terms(8e6, 2e6, "0.2"));
    expect(
      result.lines.map((l) => [l.name, l.unitsBefore, l.unitsAfter, l.ownershipBefore, l.ownershipAfter].map((v) => v.toString())),
    ).toEqual([
      ["Founders", "6000000", "6000000", "1", "0.6"],
      ["New investor", "0", "2000000", "0", "0.2"],
      [POOL_TOP_UP, "0", "2000000", "0", "0.2"],
    ]);
  });

  it("adds the new shares to an existing holder named as the investor", () => {
    const two = buildCapTable([row(1, "Founders", "common", 6e6), row(2, "Fund", "preferred", 2e6)]);
    const result = pricedRound(two, terms(8e6, 2e6), " FUND");
    expect(result.lines.map((l) => [l.name, l.unitsAfter.toString()])).toEqual([
      ["Founders", "6000000"],
      ["Fund", "4000000"],
      [POOL_TOP_UP, "0"],
    ]);
  });

  it("prices as roundPrice does", () => {
    expect(roundPrice(table, terms(8e6, 2e6, "0.2")).toString()).toBe("1");
  });
});

describe("dilute, dilutionPath, sharePrice", () => {
  it("dilutes a stake by pre / post", () => {
    expect(dilute(d("0.3"), d(900), d(100)).toString()).toBe("0.27");
  });

  it("chains rounds, each stake after the one before", () => {
    const path = dilutionPath(d("0.3"), [
      { name: "Seed", preMoney: d(900), investment: d(100) },
      { name: "A", preMoney: d(2700), investment: d(300) },
    ]);
    expect(path.map((s) => [s.name, s.stake.toString()])).toEqual([
      ["Seed", "0.27"],
      ["A", "0.243"],
    ]);
  });

  it("names the round that is wrong", () => {
    const e = errorOf<DealError>(() => dilutionPath(d("0.3"), [{ name: "Bridge", preMoney: d(0), investment: d(1) }]));
    expect(e).toMatchObject({ kind: "num", message: expect.stringMatching(/^Round "Bridge": pre_money must be greater than 0/) });
  });

  it.each([0, "1.01"])("refuses the stake %p", (s) => {
    expect(errorOf<DealError>(() => dilute(d(s), d(1), d(1))).kind).toBe("num");
  });

  it("divides pre-money by the share count", () => {
    expect(sharePrice(d(8e6), d(8e6)).toString()).toBe("1");
    expect(errorOf<DealError>(() => sharePrice(d(1), d(0))).message).toMatch(/fully_diluted_shares must be greater than 0/);
    expect(errorOf<DealError>(() => sharePrice(d(-1), d(1))).message).toMatch(/pre_money must not be negative/);
  });
});

const holdingRow = fc.record({
  holder: fc.constantFrom("Acme", "Beta", "Gamma", "Delta", "Pool"),
  type: fc.constantFrom(...HOLDING_TYPES),
  units: fc.integer({ min: 0, max: 1e10 }),
  ratio: fc.option(fc.constantFrom("0.5", "1", "2"), { nil: null }),
});

/** A cap table with fully diluted units and a round on it whose pool target is feasible for its timing. */
const scenario = fc
  .record({
    rows: fc.array(holdingRow, { minLength: 1, maxLength: 20 }),
    preMoney: fc.integer({ min: 1, max: 1e12 }),
    investment: fc.integer({ min: 0, max: 1e12 }),
    // A share of the largest feasible target, in thousandths.
    targetShare: fc.integer({ min: 0, max: 999 }),
    poolTiming: fc.constantFrom<PoolTiming>("pre", "post"),
  })
  .map(({ rows, preMoney, investment, targetShare, poolTiming }) => {
    const table = buildCapTable([
      row(0, "Seed holder", "common", 1),
      ...rows.map((r, i) => row(i + 1, r.holder, r.type, r.units, r.ratio)),
    ]);
    const ceiling = poolTiming === "pre" ? d(preMoney).div(preMoney + investment) : d(1);
    const poolTarget = ceiling.times(targetShare).div(1000).toDecimalPlaces(6, Decimal.ROUND_DOWN);
    return { table, terms: { preMoney: d(preMoney), investment: d(investment), poolTarget, poolTiming } };
  });

describe("priced round properties", () => {
  it("never raises the stake of a holder that does not join, and never takes units away", () => {
    fc.assert(
      fc.property(scenario, ({ table, terms: t }) => {
        const result = pricedRound(table, t);
        for (const line of result.lines) {
          expect(line.unitsAfter.gte(line.unitsBefore)).toBe(true);
          if (line.name !== "New investor" && line.name !== POOL_TOP_UP) expect(line.ownershipAfter.lte(line.ownershipBefore)).toBe(true);
        }
      }),
    );
  });

  it("adds up: the lines' units after are the shares after, and ownership after sums to 1", () => {
    fc.assert(
      fc.property(scenario, ({ table, terms: t }) => {
        const result = pricedRound(table, t);
        const units = result.lines.reduce((acc, l) => acc.plus(l.unitsAfter), d(0));
        expect(units.toString()).toBe(result.sharesAfter.toString());
        const owned = result.lines.reduce((acc, l) => acc.plus(l.ownershipAfter), d(0));
        expect(owned.minus(1).abs().lt("1e-35")).toBe(true);
      }),
    );
  });

  it("with pre timing, gives the investor investment / post-money of the company, up to one share", () => {
    fc.assert(
      fc.property(
        scenario.filter((s) => s.terms.poolTiming === "pre"),
        ({ table, terms: t }) => {
          const result = pricedRound(table, t);
          const investor = result.lines.find((l) => l.name === "New investor")!;
          const target = t.investment.div(t.preMoney.plus(t.investment));
          const sharesShort = target.minus(investor.ownershipAfter).times(result.sharesAfter);
          // Decimal division leaves ~1e-40 per fraction, which 1e23 shares magnify to ~1e-17.
          expect(sharesShort.gte("-1e-9") && sharesShort.lt(1)).toBe(true);
        },
      ),
    );
  });

  it("meets the pool target to within one share whenever it tops up", () => {
    fc.assert(
      fc.property(scenario, ({ table, terms: t }) => {
        const result = pricedRound(table, t);
        fc.pre(result.poolShares.gt(0));
        const poolAfter = result.poolShares.plus(unissued(table));
        expect(poolAfter.minus(t.poolTarget.times(result.sharesAfter)).abs().lte(1)).toBe(true);
      }),
    );
  });
});

function unissued(table: ReturnType<typeof buildCapTable>): Decimal {
  return table.holders
    .flatMap((h) => h.holdings)
    .filter((h) => h.type === "pool")
    .reduce((acc, h) => acc.plus(h.units.times(h.ratio)), d(0));
}
