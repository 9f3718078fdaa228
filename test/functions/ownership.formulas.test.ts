import { RawCellContent } from "hyperformula";
import { FormulaHost } from "../support/formulaHost";
import { SEED_CAP_TABLE, SEED_ROUND, SEED_ROUNDS, SHUFFLE_CAP_TABLE, SHUFFLE_ROUND } from "../fixtures/capTables";

/** Real formulas in the formula-engine host, as a user would type them next to a cap table. */

function sheet(rows: RawCellContent[][], width: number): RawCellContent[][] {
  return rows.map((r) => [...r, ...Array(Math.max(0, width - r.length)).fill(null)]);
}

describe("the option pool shuffle through formulas", () => {
  // A1:C2 cap table; E1:E3 the terms.
  const cap = sheet(SHUFFLE_CAP_TABLE, 4);
  cap[0].push(SHUFFLE_ROUND.preMoney);
  cap[1].push(SHUFFLE_ROUND.investment);
  const host = new FormulaHost({ Sheet1: [...cap, [null, null, null, null, SHUFFLE_ROUND.poolTarget]] });

  it("prices at exactly 1.00 (not the 1.33 that ignores the pool)", () => {
    expect(host.evaluate("=DEAL.ROUNDPRICE(A1:C2,E1,E2,E3)")).toBe(1);
    expect(host.evaluate("=DEAL.ROUNDPRICE(A1:C2,E1,E2)")).toBeCloseTo(8 / 6, 9);
  });

  it("issues 2,000,000 pool shares and 2,000,000 investor shares, 10,000,000 fully diluted after", () => {
    host.set("A10", [["=DEAL.ROUND(A1:C2,E1,E2,,E3)"]]);
    expect(host.block("A10", 5, 5)).toEqual([
      ["Holder", "Units before", "Units after", "Ownership before", "Ownership after"],
      ["Founders", 6000000, 6000000, 1, 0.6],
      ["New investor", 0, 2000000, 0, 0.2],
      ["Pool top-up", 0, 2000000, 0, 0.2],
      ["Total", 6000000, 10000000, 1, 1],
    ]);
  });

  it("leaves an effective pre-money of $6M and agrees with DEAL.SHAREPRICE on the topped-up shares", () => {
    expect(host.evaluate("=DEAL.ROUNDPRICE(A1:C2,E1,E2,E3)*C2")).toBe(6e6);
    expect(host.evaluate("=DEAL.SHAREPRICE(E1,C2+INDEX(DEAL.ROUND(A1:C2,E1,E2,,E3,,FALSE),3,3))")).toBe(1);
  });

  it("recalculates the spill when the pool target changes", () => {
    host.set("A20", [["=DEAL.ROUND(A1:C2,E1,E2,,E3,,FALSE)"]]);
    host.set("E3", [[0.1]]);
    // S = 6M x 10M / (8M - 1M); pool 0.1 x S = 857,142.86 -> 857,143 shares.
    expect(host.value("C22")).toBe(857143);
    host.set("E3", [[SHUFFLE_ROUND.poolTarget]]);
    expect(host.value("C22")).toBe(2000000);
  });
});

describe("the seed's pair, 32.5% as-converted before and 27% fully diluted after", () => {
  // A1:D10 the cap table; F1:F3 the round; H1:J3 the same dilution as two rounds.
  const rows = sheet(SEED_CAP_TABLE, 5);
  rows[0].push(SEED_ROUND.preMoney);
  rows[1].push(SEED_ROUND.investment);
  rows[2].push(SEED_ROUND.investor);
  SEED_ROUNDS.forEach((r, i) => {
    rows[i].push(null, ...r);
  });
  const host = new FormulaHost({ Sheet1: rows });

  it("has Microsoft at 0.325 as-converted before the round", () => {
    expect(host.evaluate('=DEAL.STAKE(A1:D10,"Microsoft","as-converted")')).toBe(0.325);
  });

  it("has Microsoft at 0.27 fully diluted after DEAL.ROUND", () => {
    host.set("A30", [["=DEAL.ROUND(A1:D10,F1,F2,F3)"]]);
    const spill = host.block("A30", 8, 5);
    expect(spill[0]).toEqual(["Holder", "Units before", "Units after", "Ownership before", "Ownership after"]);
    expect(spill.map((r) => r[0])).toEqual([
      "Holder",
      "OpenAI Foundation",
      "Microsoft",
      "Employees",
      "Other investors",
      "Unallocated pool",
      "New investors",
      "Pool top-up",
    ]);
    expect(spill[2][4]).toBe(0.27);
    expect(host.evaluate('=INDEX(DEAL.ROUND(A1:D10,F1,F2,F3),MATCH("Microsoft",A30:A37,0),5)')).toBe(0.27);
    expect(host.value("A38")).toBe("Total");
    expect(host.value("C38")).toBe(325000000);
  });

  it("has Microsoft at 0.27 after DEAL.DILUTIONPATH and DEAL.DILUTE from its fully diluted stake before", () => {
    host.set("A50", [['=DEAL.DILUTIONPATH(DEAL.STAKE(A1:D10,"Microsoft","fd"),H1:J3)']]);
    expect(host.block("A50", 3, 2).map((r) => r[0])).toEqual(["Round", "Spring 2025", "Autumn 2025"]);
    expect(host.value("B52")).toBeCloseTo(0.27, 9);
    expect(host.evaluate('=DEAL.DILUTE(DEAL.STAKE(A1:D10,"Microsoft"),F1,F2)')).toBeCloseTo(0.27, 9);
  });

  it("values the stake after at $135B on the post-money of $500B", () => {
    expect(host.evaluate("=DEAL.STAKEVALUE(F1+F2,INDEX(DEAL.ROUND(A1:D10,F1,F2,F3),3,5))")).toBe(135e9);
  });

  it("sums ownership to 1 on every basis through DEAL.CAPTABLE", () => {
    for (const basis of ["issued", "as-converted", "fd"]) {
      host.set("L1", [[`=DEAL.CAPTABLE(A1:D10,"${basis}",FALSE)`]]);
      expect(host.evaluate("=SUM(N1:N5)")).toBeCloseTo(1, 9);
      expect(host.value("L6")).toBe("Total");
    }
  });
});

describe("errors a user sees in the cell", () => {
  const host = new FormulaHost({
    Sheet1: [
      ["Holder", "Type", "Units"],
      ["Acme", "common", 100],
      ["Beta", "ordinary", 50],
      ["Gamma", "common", -1],
    ],
  });

  it("#N/A naming a holder that is not in the table", () => {
    host.evaluate('=DEAL.STAKE(A1:C2,"Microsoft")');
    expect(host.error("Sheet1!Z1000")).toEqual({ value: "#N/A", message: expect.stringMatching(/"Microsoft" is not in the cap table/) });
  });

  it("#VALUE! naming the row of an unknown type, #NUM! for a negative", () => {
    host.evaluate('=DEAL.STAKE(A1:C3,"Acme")');
    expect(host.error("Sheet1!Z1000")).toEqual({
      value: "#VALUE!",
      message: expect.stringMatching(/row 3 \("Beta"\): the type "ordinary"/),
    });
    host.evaluate("=DEAL.STAKE(A4:C4,A4)");
    expect(host.error("Sheet1!Z1000").value).toBe("#NUM!");
  });

  it("passes an error in the cap table through", () => {
    host.set("C2", [["=1/0"]]);
    host.evaluate('=DEAL.STAKE(A1:C2,"Acme")');
    expect(host.error("Sheet1!Z1000").value).toBe("#DIV/0!");
  });
});
