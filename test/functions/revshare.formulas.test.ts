import fs from "fs";
import path from "path";
import { isoDate, serialFromIso } from "../../src/engine/dates";
import { ROOT } from "../support/build";
import { FormulaHost } from "../support/formulaHost";

/** Real formulas in the formula-engine host, against numbers worked out by hand. */

const HEADERS = ["Period end", "Revenue", "Accrued", "Paid", "Cumulative paid", "Unpaid"];

/** The Paid column (or any other) of a spilled block, as numbers. */
const columnOf = (block: unknown[][], index: number) => block.map((row) => row[index] as number);

function expectClose(actual: unknown[], expected: number[], digits = 9): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], digits));
}

describe("DEAL.REVSHARE in formulas", () => {
  // Monthly revenue for January to April 2026 in B2:B5, month-end dates in A2:A5.
  const monthly = () =>
    new FormulaHost({
      Sheet1: [
        ["Month end", "Revenue"],
        ["=DATE(2026,1,31)", 310],
        ["=EOMONTH(A2,1)", 280],
        ["=EOMONTH(A3,1)", 310],
        ["=EOMONTH(A4,1)", 300],
      ],
    });

  it("spills the schedule under its header row", () => {
    const host = monthly();
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.5,A2:A5)"]]);
    const block = host.block("H1", 5, 6);
    expect(block[0]).toEqual(HEADERS);
    expect(columnOf(block.slice(1), 0).map(isoDate)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]);
    expect(block.slice(1).map((row) => row.slice(1))).toEqual([
      [310, 155, 155, 155, 0],
      [280, 140, 140, 295, 0],
      [310, 155, 155, 450, 0],
      [300, 150, 150, 600, 0],
    ]);
    expect(host.value("H6")).toBeNull();
  });

  it("cuts accrual at end_date, pro rata by days: 10 of March's 31 days accrue", () => {
    const host = monthly();
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.5,A2:A5,DATE(2026,3,10),,,,FALSE)"]]);
    expectClose(columnOf(host.block("H1", 4, 6), 2), [155, 140, (310 * 0.5 * 10) / 31, 0]);
    expect(host.evaluate("=INDEX(DEAL.REVSHARE(B2:B5,0.5,A2:A5,DATE(2026,3,10)),4,3)")).toBe(50);
  });

  it("stops at the cap: the period that reaches it accrues only the remainder", () => {
    const host = monthly();
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.5,A2:A5,,400,,,FALSE)"]]);
    const block = host.block("H1", 4, 6);
    expect(columnOf(block, 2)).toEqual([155, 140, 400 - 155 - 140, 0]);
    expect(columnOf(block, 4)).toEqual([155, 295, 400, 400]);
  });

  it("stretches each accrual over payout_periods after payout_lag, spilling rows past the forecast", () => {
    const host = monthly();
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.5,A2:A5,,,2,1,FALSE)"]]);
    // 155 pays 77.5 in Feb and Mar; 140: 70 in Mar, Apr; 155: 77.5 in Apr, May; 150: 75 in May, Jun.
    const block = host.block("H1", 7, 6);
    expect(columnOf(block, 0).map((serial) => (serial ? isoDate(serial) : serial))).toEqual([
      "2026-01-31",
      "2026-02-28",
      "2026-03-31",
      "2026-04-30",
      "2026-05-31",
      "2026-06-30",
      null,
    ]);
    expect(columnOf(block, 3)).toEqual([0, 77.5, 147.5, 147.5, 152.5, 75, null]);
    expect(columnOf(block, 5)).toEqual([155, 217.5, 225, 227.5, 75, 0, null]);
  });

  it("composes with SUM and INDEX: paid adds up to accrued", () => {
    const host = monthly();
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.2,A2:A5,DATE(2026,3,20),250,3,2,FALSE)"]]);
    // Accrual ends in March, the third period: 3 + payout_periods - 1 + payout_lag rows.
    const rows = 3 + 3 - 1 + 2;
    expect(host.evaluate(`=SUM(K1:K${rows})`)).toBeCloseTo(host.evaluate(`=SUM(J1:J${rows})`) as number, 9);
    expect(host.evaluate(`=INDEX(L1:L${rows},${rows})`)).toBeCloseTo(host.evaluate(`=SUM(J1:J${rows})`) as number, 9);
    expect(host.evaluate(`=INDEX(M1:M${rows},${rows})`)).toBe(0);
    expect(host.value(`H${rows + 1}`)).toBeNull();
    // Nested: no spill needed for the host to read one cell of the schedule.
    expect(host.evaluate("=INDEX(DEAL.REVSHARE(B2:B5,0.2,A2:A5,DATE(2026,3,20),250,3,2),2,3)")).toBe(310 * 0.2);
    expect(host.evaluate("=INDEX(DEAL.REVSHARE(B2:B5,0.2,A2:A5,DATE(2026,3,20),250,3,2),4,4)")).toBeCloseTo((310 * 0.2) / 3, 9);
  });

  it("works without dates and re-spills when the revenue grows", () => {
    const host = new FormulaHost({ Sheet1: [[100], [200], [null], [null], [null], [null], ["=DEAL.REVSHARE(A1:A4,0.1,,,,,,FALSE)"]] });
    expect(host.block("A7", 4, 6)).toEqual([
      [1, 100, 10, 10, 10, 0],
      [2, 200, 20, 20, 30, 0],
      [3, 0, 0, 0, 30, 0],
      [4, 0, 0, 0, 30, 0],
    ]);
    host.set("A7", [["=DEAL.REVSHARE(A1:A4,0.1,,,,3,,FALSE)"]]);
    expect(columnOf(host.block("A7", 5, 6), 0)).toEqual([1, 2, 3, 4, null]);
    host.set("A4", [[300]]);
    expect(columnOf(host.block("A7", 7, 6), 0)).toEqual([1, 2, 3, 4, 5, 6, null]);
  });

  it("shows bad input as an error value whose message names the argument", () => {
    const host = monthly();
    host.set("B3", [["n/a"]]);
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.2)"]]);
    expect(host.error("H1")).toEqual({ value: "#VALUE!", message: expect.stringMatching(/revenue, row 2 of the range, must be a number/) });
    host.set("B3", [[280]]);
    const cases: [string, string, RegExp][] = [
      ["=DEAL.REVSHARE(B2:B5,0.2,A2:A4)", "#VALUE!", /period_ends has 3 dates but revenue has 4 periods/],
      ["=DEAL.REVSHARE(B2:B5,0.2,{46053;46112;46081;46142})", "#NUM!", /period_ends must be strictly increasing/],
      ["=DEAL.REVSHARE(B2:B5,1.2)", "#NUM!", /rate must be a fraction from 0 to 1/],
      ["=DEAL.REVSHARE(B2:B5,0.2,A2:A5,,-1)", "#NUM!", /cap must not be negative/],
      ["=DEAL.REVSHARE(B2:B5,0.2,,,,2.5)", "#NUM!", /payout_periods must be a whole number/],
      ["=DEAL.REVSHARE(B2:B5,0.2,,,,,-1)", "#NUM!", /payout_lag must be between 0/],
      ["=DEAL.REVSHARE(B2:B5,0.2,,DATE(2026,3,10))", "#VALUE!", /end_date needs period_ends/],
      ["=DEAL.REVSHAREPV(B2:B5,0.2,-1.5)", "#NUM!", /discount_rate must be greater than -1/],
    ];
    for (const [formula, value, message] of cases) {
      host.set("H1", [[formula]]);
      expect(host.error("H1")).toEqual({ value, message: expect.stringMatching(message) });
    }
  });

  it("passes an error in an input cell through", () => {
    const host = monthly();
    host.set("B3", [["=1/0"]]);
    host.set("H1", [["=DEAL.REVSHARE(B2:B5,0.2)"]]);
    expect(host.error("H1").value).toBe("#DIV/0!");
  });
});

describe("DEAL.REVSHAREPV in formulas", () => {
  it("equals the host's NPV over the spilled Paid column without dates", () => {
    const host = new FormulaHost({ Sheet1: [[120], [80], [0], [50], [null, null, "=DEAL.REVSHARE(A1:A4,0.25,,,,3,1,FALSE)"]] });
    const paid = "F5:F11";
    expect(host.evaluate("=DEAL.REVSHAREPV(A1:A4,0.25,0.07,,,,3,1)")).toBeCloseTo(host.evaluate(`=NPV(0.07,${paid})`) as number, 9);
  });

  it("equals the host's XNPV over the spilled Paid column, from the first day of the first period, with dates", () => {
    // Row 1 carries the valuation date (1 Jan 2026, the first day of January's period) and a zero payment;
    // a plain serial, because HyperFormula's XNPV refuses the date type that DATE() returns.
    const host = new FormulaHost({
      Sheet1: [
        [serialFromIso("2026-01-01"), null, null, 0, null, null, null, "=DATE(2026,1,31)", 310],
        ["=DEAL.REVSHARE(I1:I4,0.5,H1:H4,DATE(2026,3,10),300,2,1,FALSE)", null, null, null, null, null, null, "=EOMONTH(H1,1)", 280],
        [null, null, null, null, null, null, null, "=EOMONTH(H2,1)", 310],
        [null, null, null, null, null, null, null, "=EOMONTH(H3,1)", 300],
      ],
    });
    // Accrues 155, 140 and (the cap of 300 reached before 10 March) 5 in March: 3 + 2 - 1 + 1 rows, to May.
    const rows = 5;
    expect(isoDate(host.value(`A${rows + 1}`) as number)).toBe("2026-05-31");
    expect(host.value(`A${rows + 2}`)).toBeNull();
    const pv = host.evaluate("=DEAL.REVSHAREPV(I1:I4,0.5,0.08,H1:H4,DATE(2026,3,10),300,2,1)") as number;
    expect(pv).toBeCloseTo(host.evaluate(`=XNPV(0.08,D1:D${rows + 1},A1:A${rows + 1})`) as number, 9);
    // Everything is paid within five months: less than 300, more than 300 discounted a whole year.
    expect(pv).toBeLessThan(300);
    expect(pv).toBeGreaterThan(300 / 1.08);
  });
});

describe("the revenue-share example of docs/revenue-share.md", () => {
  const section = fs.readFileSync(path.join(ROOT, "docs/revenue-share.md"), "utf8");
  const tableRows = section
    .split("\n")
    .filter((line) => /^\| \d{4}-\d{2}-\d{2} \|/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  // The forecast in the table, as a sheet: year-ends in A2:A6, revenue in B2:B6.
  const forecast = () =>
    new FormulaHost({
      Sheet1: [["Year end", "Revenue ($B)"], ...tableRows.slice(0, 5).map((cells) => [serialFromIso(cells[0]), Number(cells[1])])],
    });
  const formulas = (name: string) => [...section.matchAll(new RegExp(`\`(=DEAL\\.${name}\\(B2:B6[^\`]*)\``, "g"))].map((m) => m[1]);

  it("shows the schedule the formula computes", () => {
    expect(tableRows.length).toBeGreaterThan(5);
    const host = forecast();
    host.set("D1", [[formulas("REVSHARE")[0]]]);
    const block = host.block("D2", tableRows.length + 1, 6);
    tableRows.forEach((cells, r) => {
      expect(isoDate(block[r][0] as number)).toBe(cells[0]);
      cells.slice(1).forEach((cell, c) => expect((block[r][c + 1] as number).toFixed(3)).toBe(cell));
    });
    expect(block[tableRows.length][0]).toBeNull();
  });

  it("gives the value and the capped variant it states", () => {
    const host = forecast();
    const value = /`(=DEAL\.REVSHAREPV\([^`]*)` is \*\*([\d.]+)\*\*/.exec(section)!;
    expect((host.evaluate(value[1]) as number).toFixed(3)).toBe(value[2]);
    host.set("D1", [[formulas("REVSHARE")[1]]]);
    expect(columnOf(host.block("D2", 7, 6), 2)).toEqual([6, 10, 16, 6, 0, 0, null]);
    expect(host.value("H7")).toBe(38);
  });

  it("runs on the presets' terms from DEAL.TERM", () => {
    const host = new FormulaHost({
      Sheet1: [["Year end", "Revenue"], ...tableRows.slice(0, 5).map((cells) => [serialFromIso(cells[0]), Number(cells[1]) * 1e9])],
    });
    const preset = (terms: string) =>
      `=DEAL.REVSHARE(B2:B6,DEAL.TERM("revshare_rate","${terms}"),A2:A6,DEAL.TERM("revshare_end","${terms}"),DEAL.TERM("revshare_cap","${terms}"),3,,FALSE)`;
    host.set("D2", [[preset("2026-04")]]);
    expect(columnOf(host.block("D2", 6, 6), 2)).toEqual([6e9, 10e9, 16e9, 6e9, 0, 0]);
    host.set("D2", [[preset("2025-10")]]);
    expect(columnOf(host.block("D2", 8, 6), 2)).toEqual([6e9, 10e9, 16e9, 24e9, 34e9, 0, 0, null]);
  });
});
