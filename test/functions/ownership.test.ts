import fc from "fast-check";
import { capTable, dilute, dilutionPath, round, roundPrice, sharePrice, stake } from "../../src/functions/ownership";
import { MAX_ROWS } from "../../src/functions/support/args";
import { SEED_CAP_TABLE, SEED_ROUNDS, SHUFFLE_CAP_TABLE } from "../fixtures/capTables";
import { cellDecimal } from "../../src/engine/cellNumbers";
import { dilutionPath as engineDilutionPath } from "../../src/engine/rounds";
import { errorOf } from "../support/errors";

/** A call's result, or its error's message. */
function outcomeOf(call: () => unknown): unknown {
  try {
    return call();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe("the cap table argument", () => {
  it("skips a first row whose Units cell is text, and reads the same table without it", () => {
    const withHeader = stake(SEED_CAP_TABLE, "Microsoft", "as-converted");
    expect(withHeader).toBe(0.325);
    expect(stake(SEED_CAP_TABLE.slice(1), "Microsoft", "as-converted")).toBe(withHeader);
  });

  it("ignores empty rows, also above the header", () => {
    const table = [
      ["", "", ""],
      ["Holder", "Type", "Units"],
      [null, null, null],
      ["A", "common", 3],
      ["B", "common", 1],
    ];
    expect(stake(table, "A", null)).toBe(0.75);
  });

  it("reads a 3-column table with every ratio 1", () => {
    expect(
      stake(
        [
          ["A", "preferred", 1],
          ["B", "option", 3],
        ],
        "A",
        "fd",
      ),
    ).toBe(0.25);
  });

  it("takes an empty ratio cell as 1", () => {
    expect(
      stake(
        [
          ["A", "preferred", 1, ""],
          ["B", "preferred", 1, 3],
        ],
        "A",
        "converted",
      ),
    ).toBe(0.25);
  });

  it.each([
    [[["A", "common"]], "#VALUE!", /captable must have 3 or 4 columns .* got 2/],
    [[["A", "common", 1, 1, "note"]], "#VALUE!", /got 5/],
    [[["Holder", "Type", "Units"]], "#VALUE!", /captable has no holdings/],
    [
      [
        ["A", "common", 1],
        ["B", "stock", 1],
      ],
      "#VALUE!",
      /captable, row 2 \("B"\): the type "stock" is not one of common, preferred/,
    ],
    [
      [
        ["A", "common", 1],
        ["B", "common", "ten"],
      ],
      "#VALUE!",
      /captable, row 2, units must be a number; got the text "ten"/,
    ],
    [
      [
        ["A", "common", 1],
        ["", "common", 1],
      ],
      "#VALUE!",
      /captable, row 2, holder is missing/,
    ],
    [[["A", "", 1]], "#VALUE!", /captable, row 1, type is missing/],
    [[["A", "common", ""]], "#VALUE!", /captable, row 1, units is missing/],
    [[["A", "common", true]], "#VALUE!", /units must be a number; got the logical value TRUE/],
    [[["A", "preferred", 1, "two"]], "#VALUE!", /captable, row 1, conversion ratio must be a number/],
    [[["A", "common", -5]], "#NUM!", /row 1 \("A"\): units must not be negative/],
    [[["A", "preferred", 5, -1]], "#NUM!", /row 1 \("A"\): the conversion ratio must not be negative/],
    [[["A", "option", 5]], "#NUM!", /no units on the issued basis/],
  ])("refuses %j with %s", (table, code, message) => {
    const e = errorOf(() => stake(table, "A", "issued"));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("DEAL.STAKE", () => {
  it("gives the seed's figures on each basis, matching the holder case-insensitively across rows", () => {
    expect(stake(SEED_CAP_TABLE, "microsoft", "AS-CONVERTED")).toBe(0.325);
    expect(stake(SEED_CAP_TABLE, "Microsoft", null)).toBe(87750000 / 299000000);
    expect(stake(SEED_CAP_TABLE, "Microsoft", "issued")).toBe(87750000 / 251375000);
  });

  it.each(["fd", "fully-diluted", "Fully Diluted", "", null])("reads %p as the fully diluted basis", (basis) => {
    expect(stake(SEED_CAP_TABLE, "Employees", basis)).toBe(70000000 / 299000000);
  });

  it("is #N/A naming the holder when the holder is not in the table", () => {
    const e = errorOf(() => stake(SEED_CAP_TABLE, "SoftBank", null));
    expect(e.code).toBe("#N/A");
    expect(e.message).toMatch(/"SoftBank" is not in the cap table; its holders are OpenAI Foundation, Microsoft, Employees/);
  });

  it("lists the accepted bases for an unknown one", () => {
    const e = errorOf(() => stake(SEED_CAP_TABLE, "Microsoft", "diluted"));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/basis must be one of issued, outstanding, as-converted, as converted, converted, fully-diluted/);
  });

  it("needs a holder", () => {
    expect(errorOf(() => stake(SEED_CAP_TABLE, "", null)).message).toMatch(/holder is missing/);
  });
});

describe("DEAL.CAPTABLE", () => {
  it("spills Holder | Units | Ownership per holder in order of first appearance, then Total", () => {
    expect(capTable(SEED_CAP_TABLE, "as-converted", null)).toEqual([
      ["Holder", "Units", "Ownership"],
      ["OpenAI Foundation", 100000000, 100 / 270],
      ["Microsoft", 87750000, 0.325],
      ["Employees", 45000000, 45 / 270],
      ["Other investors", 37250000, 37.25 / 270],
      ["Unallocated pool", 0, 0],
      ["Total", 270000000, 1],
    ]);
  });

  it("is #NUM! when converted units are too large for a cell (found by the fuzz test)", () => {
    const e = errorOf(() =>
      capTable(
        [
          ["Microsoft", "convertible", 2.9470379260037955e306, 61],
          ["Microsoft", "common", 0, 0],
        ],
        null,
        40000,
      ),
    );
    expect(e.code).toBe("#NUM!");
    expect(e.message).toMatch(/too large to show in a cell/);
  });

  it("leaves the header out with headers FALSE", () => {
    const rows = capTable(SEED_CAP_TABLE, "fd", false);
    expect(rows[0][0]).toBe("OpenAI Foundation");
    expect(rows[rows.length - 1]).toEqual(["Total", 299000000, 1]);
  });

  it("has ownership summing to 1 over the holders on any basis", () => {
    const holding = fc.tuple(
      fc.constantFrom("A", "b", "B ", "C", "D"),
      fc.constantFrom("common", "Preferred", "option", "RSU", "warrant", "pool", "convertible"),
      fc.integer({ min: 0, max: 1e9 }),
      fc.constantFrom("", 0.5, 1, 2, 3),
    );
    fc.assert(
      fc.property(fc.array(holding, { minLength: 1, maxLength: 25 }), fc.constantFrom("issued", "as-converted", "fd"), (rows, basis) => {
        let spill: any[][];
        try {
          spill = capTable(rows, basis, false);
        } catch (e) {
          // Only a basis with no units at all has no ownership.
          expect((e as { message: string }).message).toMatch(/no units on the/);
          return;
        }
        const holders = spill.slice(0, -1);
        expect(new Set(holders.map((r) => String(r[0]).trim().toLowerCase())).size).toBe(holders.length);
        expect(holders.reduce((acc, r) => acc + (r[2] as number), 0)).toBeCloseTo(1, 12);
        expect(holders.reduce((acc, r) => acc + (r[1] as number), 0)).toBe(spill[spill.length - 1][1]);
      }),
    );
  });
});

describe("DEAL.ROUND and DEAL.ROUNDPRICE", () => {
  it("spills the option pool shuffle", () => {
    expect(round(SHUFFLE_CAP_TABLE, 8e6, 2e6, null, 0.2, null, null)).toEqual([
      ["Holder", "Units before", "Units after", "Ownership before", "Ownership after"],
      ["Founders", 6000000, 6000000, 1, 0.6],
      ["New investor", 0, 2000000, 0, 0.2],
      ["Pool top-up", 0, 2000000, 0, 0.2],
      ["Total", 6000000, 10000000, 1, 1],
    ]);
    expect(roundPrice(SHUFFLE_CAP_TABLE, 8e6, 2e6, 0.2, "PRE")).toBe(1);
  });

  it("tops up after the round with pool_timing post, and names the investor", () => {
    const rows = round(SHUFFLE_CAP_TABLE, 8e6, 2e6, "Series A fund", 0.2, "post", false);
    expect(rows.map((r) => r.slice(0, 3))).toEqual([
      ["Founders", 6000000, 6000000],
      ["Series A fund", 0, 1500000],
      ["Pool top-up", 0, 1875000],
      ["Total", 6000000, 9375000],
    ]);
    expect(roundPrice(SHUFFLE_CAP_TABLE, 8e6, 2e6, 0.2, "post")).toBeCloseTo(4 / 3, 14);
  });

  it("counts the seed table fully diluted and takes Microsoft to 0.27", () => {
    const rows = round(SEED_CAP_TABLE, 460e9, 40e9, "New investors", null, null, true);
    const microsoft = rows.find((r) => r[0] === "Microsoft")!;
    expect(microsoft).toEqual(["Microsoft", 87750000, 87750000, 87750000 / 299000000, 0.27]);
    expect(rows.find((r) => r[0] === "New investors")).toEqual(["New investors", 0, 26000000, 0, 0.08]);
  });

  it.each([
    [[SHUFFLE_CAP_TABLE, 8e6, 2e6, null, 0.9, null, null], "#NUM!", /pool_target 0.9 cannot be carved out of the pre-money/],
    [[SHUFFLE_CAP_TABLE, 8e6, 2e6, null, 0.2, "later", null], "#VALUE!", /pool_timing must be one of pre, pre-money, post, post-money/],
    [[SHUFFLE_CAP_TABLE, null, 2e6, null, null, null, null], "#VALUE!", /pre_money is missing/],
    [[SHUFFLE_CAP_TABLE, 0, 2e6, null, null, null, null], "#NUM!", /pre_money must be greater than 0/],
    [[SHUFFLE_CAP_TABLE, 8e6, 2e6, true, null, null, null], "#VALUE!", /investor must be text/],
  ])("refuses %#", (args, code, message) => {
    const e = errorOf(() => (round as (...a: unknown[]) => unknown)(...args));
    expect(e).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});

describe("DEAL.DILUTE, DEAL.DILUTIONPATH and DEAL.SHAREPRICE", () => {
  it("dilutes a stake", () => {
    expect(dilute(0.3, 900, 100)).toBe(0.27);
    expect(errorOf(() => dilute(0, 900, 100)).code).toBe("#NUM!");
  });

  it("spills a named path with a header row skipped in the input", () => {
    const path = dilutionPath(87750000 / 299000000, SEED_ROUNDS, null);
    expect(path[0]).toEqual(["Round", "Stake after"]);
    expect(path.map((r) => r[0])).toEqual(["Round", "Spring 2025", "Autumn 2025"]);
    expect(path[2][1]).toBeCloseTo(0.27, 14);
  });

  it("names unnamed rounds Round n, keeps numeric names, skips empty rows", () => {
    expect(
      dilutionPath(
        0.3,
        [
          [900, 100],
          ["", ""],
          [2700, 300],
        ],
        false,
      ),
    ).toEqual([
      ["Round 1", 0.27],
      ["Round 2", 0.243],
    ]);
    expect(
      dilutionPath(
        0.3,
        [
          [2024, 900, 100],
          ["", 2700, 300],
        ],
        false,
      ),
    ).toEqual([
      [2024, 0.27],
      ["Round 2", 0.243],
    ]);
  });

  it.each([
    [[[900]], "#VALUE!", /rounds must have 2 or 3 columns/],
    [[["Pre", "Inv"]], "#VALUE!", /rounds has no rounds/],
    [
      [
        [900, 100],
        ["x", 100],
      ],
      "#VALUE!",
      /rounds, row 2, pre_money must be a number; got the text "x"/,
    ],
    [[["Bridge", -1, 100]], "#NUM!", /Round "Bridge": pre_money must be greater than 0/],
    [[["Bridge", 10, -100]], "#NUM!", /Round "Bridge": investment must not be negative/],
    [[[true, 10, 100]], "#VALUE!", /rounds, row 1, the round name must be text/],
  ])("refuses rounds %j", (rounds, code, message) => {
    expect(errorOf(() => dilutionPath(0.3, rounds, null))).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it("spills dilutionPath's stakes to the last digit for ranges of every kind, or its error", () => {
    const money = fc.oneof(
      fc.constantFrom(8e6, 2e6, 900, 100, 0, -5),
      fc.double({ min: 1, max: 1e13, noNaN: true }),
      fc.double({ min: 1, max: 1e9, noNaN: true }).map((x) => x * 1.1), // formula-computed, 17 digits
    );
    const name = fc.oneof(fc.constantFrom("Seed", " Series A ", "", "Bridge\u00a0"), fc.integer({ min: 1990, max: 2030 }));
    const range = fc.record({
      named: fc.boolean(),
      header: fc.boolean(),
      rounds: fc.array(fc.tuple(name, money, money), { minLength: 1, maxLength: 30 }),
      emptyRowAt: fc.option(fc.nat(30), { nil: null }),
    });
    const stakes = fc.oneof(fc.constantFrom(0.3, 1, 1 / 3, 1.0000000000000002, 0), fc.double({ min: 1e-9, max: 1, noNaN: true }));
    fc.assert(
      fc.property(
        stakes,
        range,
        fc.constantFrom(null, true, false, 1, "FALSE"),
        (stake, { named, header, rounds, emptyRowAt }, headers) => {
          const rows: unknown[][] = rounds.map(([n, pre, inv]) => (named ? [n, pre, inv] : [pre, inv]));
          if (emptyRowAt !== null && emptyRowAt <= rows.length) rows.splice(emptyRowAt, 0, named ? ["", "", ""] : ["", ""]);
          if (header) rows.unshift(named ? ["Round", "Pre-money", "Investment"] : ["Pre-money", "Investment"]);
          const expected = outcomeOf(() => {
            const path = engineDilutionPath(
              cellDecimal(stake),
              rounds.map(([n, pre, inv], i) => {
                const label = typeof n === "string" ? n.trim() : n;
                return {
                  name: named && label !== "" ? label : `Round ${i + 1}`,
                  preMoney: cellDecimal(pre),
                  investment: cellDecimal(inv),
                };
              }),
            ).map((step) => [step.name, step.stake.toNumber()]);
            return headers === false || headers === "FALSE" ? path : [["Round", "Stake after"], ...path];
          });
          expect(outcomeOf(() => dilutionPath(stake, rows as never, headers))).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("prices a share", () => {
    expect(sharePrice(8e6, 8e6)).toBe(1);
    expect(errorOf(() => sharePrice(8e6, 0)).code).toBe("#NUM!");
    expect(errorOf(() => sharePrice(8e6, "many")).code).toBe("#VALUE!");
  });
});

describe("work bounds: at most 100,000 rows or holders", () => {
  const holders = (count: number) => Array.from({ length: count }, (_, i) => [`Holder ${i + 1}`, "common", 1]);
  const tooLong = holders(MAX_ROWS + 1);
  const limitMessage = new RegExp(`captable has ${MAX_ROWS + 1} rows; the limit is ${MAX_ROWS}`);

  it.each([
    ["STAKE", () => stake(tooLong, "Holder 1", null)],
    ["CAPTABLE", () => capTable(tooLong, null, null)],
    ["ROUND", () => round(tooLong, 100, 10, null, null, null, null)],
    ["ROUNDPRICE", () => roundPrice(tooLong, 100, 10, null, null)],
  ])("%s refuses a cap table of 100,001 rows with #NUM! naming the limit", (_, call) => {
    expect(errorOf(call)).toMatchObject({ code: "#NUM!", message: expect.stringMatching(limitMessage) });
  });

  it("CAPTABLE accepts exactly 100,000 holders", () => {
    const rows = capTable(holders(MAX_ROWS), null, false);
    expect(rows.length).toBe(MAX_ROWS + 1);
    expect(rows[MAX_ROWS]).toEqual(["Total", MAX_ROWS, 1]);
  });

  it("ROUND refuses a result of more than 100,000 holders (the investor and the pool top-up are holders too)", () => {
    const e = errorOf(() => round(holders(MAX_ROWS - 1), 100, 10, null, null, null, null));
    expect(e).toMatchObject({
      code: "#NUM!",
      message: `The round's cap table would have ${MAX_ROWS + 1} holders; the limit is ${MAX_ROWS}.`,
    });
  });

  it("DILUTIONPATH refuses 100,001 rounds, so its spill never passes the limit", () => {
    const rounds = Array.from({ length: MAX_ROWS + 1 }, () => [900, 100]);
    expect(errorOf(() => dilutionPath(0.3, rounds, null))).toMatchObject({
      code: "#NUM!",
      message: `rounds has ${MAX_ROWS + 1} rows; the limit is ${MAX_ROWS}.`,
    });
    expect(dilutionPath(0.3, rounds.slice(1), false).length).toBe(MAX_ROWS);
  });
});

describe("the loose ends of the ownership functions", () => {
  it("bounds STAKE's message to what Excel shows however long the holders' names", () => {
    const table = [["Holder", "Type", "Units"], ...Array.from({ length: 50 }, (_, i) => [`${"Name".repeat(10000)} ${i}`, "common", 1])];
    const e = errorOf(() => stake(table, "Nobody", null));
    expect(e.code).toBe("#N/A");
    expect(e.message.length).toBeLessThanOrEqual(255);
    expect(e.message).toMatch(/^The holder "Nobody" is not in the cap table; its holders are NameName/);
  });

  it.each(["Total", " total ", "Pool top-up", "POOL TOP-UP"])(
    "refuses a ROUND investor named %p, the name of the table's own row",
    (investor) => {
      const e = errorOf(() => round(SHUFFLE_CAP_TABLE, 8e6, 2e6, investor, 0.2, null, null));
      expect(e.code).toBe("#VALUE!");
      expect(e.message).toMatch(/investor cannot be named "(Total|Pool top-up)": the round's table has a row of that name/i);
    },
  );

  it("refuses a holder named like a row the result adds: Total in CAPTABLE and ROUND, Pool top-up in ROUND", () => {
    const withTotal = [...SHUFFLE_CAP_TABLE, ["Total", "common", 5]];
    for (const call of [() => capTable(withTotal, null, null), () => round(withTotal, 8e6, 2e6, null, 0.2, null, null)]) {
      expect(errorOf(call)).toMatchObject({
        code: "#VALUE!",
        message: expect.stringMatching(/the holder "Total" has the name of the Total row/),
      });
    }
    const withPool = [...SHUFFLE_CAP_TABLE, ["pool top-up", "pool", 5]];
    expect(errorOf(() => round(withPool, 8e6, 2e6, null, 0.2, null, null))).toMatchObject({
      code: "#VALUE!",
      message: expect.stringMatching(/the holder "pool top-up" has the name of the Pool top-up row/),
    });
    // CAPTABLE adds no pool top-up row, and STAKE no row at all: those names are fine there.
    expect(capTable(withPool, null, false).map((row) => row[0])).toContain("pool top-up");
    expect(stake(withTotal, "Total", null)).toBeGreaterThan(0);
  });
});
