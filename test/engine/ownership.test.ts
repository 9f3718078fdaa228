import fc from "fast-check";
import { Decimal } from "../../src/engine/decimal";
import { DealError } from "../../src/engine/errors";
import {
  Basis,
  CapTableRow,
  HOLDING_TYPES,
  buildCapTable,
  holderUnits,
  ownership,
  stakeOf,
  totalUnits,
  unissuedPool,
} from "../../src/engine/ownership";
import { errorOf } from "../support/errors";

const d = (v: number | string) => new Decimal(v);

function row(n: number, holder: string, type: string, units: number | string, ratio: number | string | null = null): CapTableRow {
  return { row: n, holder, type, units: d(units), ratio: ratio === null ? null : d(ratio) };
}

// Every type once, with a ratio of 2 where it matters, so each basis counts something different.
const mixed = buildCapTable([
  row(2, "Founder", "common", 1000, 5),
  row(3, "Fund", "preferred", 500, 2),
  row(4, "Staff", "option", 300, 1),
  row(5, "Staff", "rsu", 100),
  row(6, "Bank", "warrant", 50, 2),
  row(7, "Pool", "pool", 200),
  row(8, "Angel", "convertible", 40, "0.5"),
]);

describe("buildCapTable", () => {
  it("adds up rows of the same holder (trimmed, case-insensitive) and keeps the first spelling and order", () => {
    const table = buildCapTable([row(1, "Acme", "common", 10), row(2, "Beta", "common", 5), row(3, "  ACME ", "preferred", 7)]);
    expect(table.holders.map((h) => h.name)).toEqual(["Acme", "Beta"]);
    expect(holderUnits(table.holders[0], "issued").toString()).toBe("17");
  });

  it("accepts any case of the seven types and defaults the ratio to 1", () => {
    const table = buildCapTable(HOLDING_TYPES.map((t, i) => row(i + 1, `H${i}`, t.toUpperCase(), 3)));
    expect(table.holders.every((h) => h.holdings[0].ratio.eq(1))).toBe(true);
    expect(totalUnits(table, "fully-diluted").toString()).toBe("21");
  });

  it("names the row of an unknown type in a #VALUE!", () => {
    const e = errorOf<DealError>(() => buildCapTable([row(2, "Acme", "common", 1), row(5, "Beta", "ordinary", 1)]));
    expect(e.kind).toBe("value");
    expect(e.message).toMatch(/row 5 \("Beta"\).*"ordinary".*common, preferred, option, rsu, warrant, pool, convertible/);
  });

  it.each([
    [row(4, "Acme", "common", -1), /row 4 \("Acme"\): units must not be negative/],
    [row(6, "Acme", "preferred", 1, -2), /row 6 \("Acme"\): the conversion ratio must not be negative/],
  ])("refuses negative numbers with #NUM!", (bad, message) => {
    const e = errorOf<DealError>(() => buildCapTable([bad]));
    expect(e.kind).toBe("num");
    expect(e.message).toMatch(message);
  });

  it("refuses an empty holder name", () => {
    expect(errorOf<DealError>(() => buildCapTable([row(3, "  ", "common", 1)])).message).toMatch(/row 3: the holder name is empty/);
  });
});

describe("ownership bases", () => {
  it("counts issued as common + preferred unit for unit", () => {
    expect(totalUnits(mixed, "issued").toString()).toBe("1500");
  });

  it("counts as-converted as common + preferred x ratio (common never converts)", () => {
    expect(totalUnits(mixed, "as-converted").toString()).toBe("2000");
  });

  it("counts fully diluted as as-converted + options, RSUs, warrants, pool and convertibles x ratio", () => {
    expect(totalUnits(mixed, "fully-diluted").toString()).toBe(String(2000 + 300 + 100 + 100 + 200 + 20));
    expect(unissuedPool(mixed).toString()).toBe("200");
  });

  it("lists every holder on every basis, with zero where the basis does not count its holdings", () => {
    const { lines, total } = ownership(mixed, "issued");
    expect(lines.map((l) => [l.name, l.units.toString()])).toEqual([
      ["Founder", "1000"],
      ["Fund", "500"],
      ["Staff", "0"],
      ["Bank", "0"],
      ["Pool", "0"],
      ["Angel", "0"],
    ]);
    expect(total.toString()).toBe("1500");
    expect(lines[1].fraction.toString()).toBe(d(1).div(3).toString());
  });

  it("gives a stake by holder name, case-insensitively", () => {
    expect(stakeOf(mixed, " fund", "as-converted").toString()).toBe("0.5");
    expect(stakeOf(mixed, "STAFF", "issued").toString()).toBe("0");
  });

  it("says #N/A and names the holder and the table's holders when a holder is missing", () => {
    const e = errorOf<DealError>(() => stakeOf(mixed, "Microsoft", "fully-diluted"));
    expect(e.kind).toBe("na");
    expect(e.message).toMatch(/"Microsoft" is not in the cap table; its holders are Founder, Fund, Staff/);
  });

  it("refuses a basis with no units at all with #NUM!", () => {
    const table = buildCapTable([row(1, "Staff", "option", 10)]);
    expect(errorOf<DealError>(() => ownership(table, "issued")).kind).toBe("num");
    expect(ownership(table, "fully-diluted").lines[0].fraction.toString()).toBe("1");
  });
});

const holdingRow = fc.record({
  holder: fc.constantFrom("Acme", "acme ", "Beta", "Gamma", "Delta", "Epsilon"),
  type: fc.constantFrom(...HOLDING_TYPES),
  units: fc.integer({ min: 0, max: 1e12 }),
  ratio: fc.option(fc.constantFrom("0", "0.5", "1", "1.5", "2", "3.25"), { nil: null }),
});

describe("ownership properties", () => {
  it("sums to 1 over the holders on any basis", () => {
    fc.assert(
      fc.property(
        fc.array(holdingRow, { minLength: 1, maxLength: 30 }),
        fc.constantFrom<Basis>("issued", "as-converted", "fully-diluted"),
        (rows, basis) => {
          const table = buildCapTable(rows.map((r, i) => row(i + 1, r.holder, r.type, r.units, r.ratio)));
          fc.pre(!totalUnits(table, basis).isZero());
          const { lines } = ownership(table, basis);
          const total = lines.reduce((acc, l) => acc.plus(l.fraction), d(0));
          expect(total.minus(1).abs().lt("1e-35")).toBe(true);
          for (const l of lines) expect(l.fraction.gte(0) && l.fraction.lte(1)).toBe(true);
        },
      ),
    );
  });

  it("never counts more on a narrower basis: issued <= fully diluted when no ratio is below 1", () => {
    fc.assert(
      fc.property(fc.array(holdingRow, { minLength: 1, maxLength: 30 }), (rows) => {
        const table = buildCapTable(rows.map((r, i) => row(i + 1, r.holder, r.type, r.units, r.ratio && d(r.ratio).lt(1) ? "1" : r.ratio)));
        const asConverted = totalUnits(table, "as-converted");
        expect(totalUnits(table, "issued").lte(asConverted)).toBe(true);
        expect(asConverted.lte(totalUnits(table, "fully-diluted"))).toBe(true);
      }),
    );
  });
});
