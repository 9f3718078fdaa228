import fc from "fast-check";
import fs from "fs";
import path from "path";
import { endOfMonth, isoDate, serialFromIso } from "../../src/engine/dates";
import { revShareAgi as revShareAgiTyped, rightsProbability as rightsProbabilityTyped } from "../../src/functions/agi";
import { revShare as revShareTyped, revSharePv as revSharePvTyped } from "../../src/functions/revshare";
import { ROOT } from "../support/build";
import { errorOf } from "../support/errors";
import { FormulaHost } from "../support/formulaHost";

// Called as Excel calls them: raw values, null for an omitted argument.
const revShareAgi = revShareAgiTyped as (...args: unknown[]) => unknown[][];
const rightsProbability = rightsProbabilityTyped as (...args: unknown[]) => unknown[][];
const revShare = revShareTyped as (...args: unknown[]) => unknown[][];
const revSharePv = revSharePvTyped as (...args: unknown[]) => number;
const column = (...values: unknown[]) => values.map((v) => [v]);
const yearEnds = column(...[2026, 2027, 2028, 2029, 2030].map((y) => serialFromIso(`${y}-12-31`)));
const revenue = column(30, 50, 80, 120, 170);
const agiDates = column(serialFromIso("2028-01-01"), serialFromIso("2029-07-01"), "");
const probabilities = column(0.25, 0.35, 0.4);

describe("DEAL.REVSHAREAGI", () => {
  it("spills a header, a row per scenario and the Expected row", () => {
    const rows = revShareAgi(revenue, 0.2, 0.08, yearEnds, agiDates, probabilities);
    expect(rows[0]).toEqual(["AGI verified on", "Probability", "Accrual ends", "Paid in total", "Present value", "Last payment"]);
    expect(rows.map((r) => r.length)).toEqual([6, 6, 6, 6, 6]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[3], r[5]])).toEqual([
      [serialFromIso("2028-01-01"), 0.25, serialFromIso("2027-12-31"), 16, serialFromIso("2027-12-31")],
      [serialFromIso("2029-07-01"), 0.35, serialFromIso("2029-06-30"), 43.9013698630137, serialFromIso("2029-12-31")],
      ["", 0.4, "", 90, serialFromIso("2030-12-31")],
      ["Expected", 1, "", 55.36547945205479, ""],
    ]);
    expect(revShareAgi(revenue, 0.2, 0.08, yearEnds, agiDates, probabilities, null, null, null, null, false)).toEqual(rows.slice(1));
  });

  it("reads dates and probabilities in rows, an empty cell or 0 as not verified, and skips rows empty in both", () => {
    const across = revShareAgi(revenue, 0.2, 0.08, yearEnds, [agiDates.map((r) => r[0])], [[0.25, 0.35, 0.4]]);
    expect(across).toEqual(revShareAgi(revenue, 0.2, 0.08, yearEnds, agiDates, probabilities));
    const spare = revShareAgi(
      revenue,
      0.2,
      0.08,
      yearEnds,
      [...agiDates.slice(0, 2), [0], [""], [null]],
      [[0.25], [0.35], [0.4], [""], [null]],
    );
    expect(spare).toEqual(across);
  });

  it.each<[string, unknown[], string, RegExp]>([
    [
      "period_ends missing",
      [revenue, 0.2, 0.08, null, agiDates, probabilities],
      "#VALUE!",
      /period_ends is missing: AGI dates need dated periods/,
    ],
    [
      "ranges of different lengths",
      [revenue, 0.2, 0.08, yearEnds, agiDates, column(0.5, 0.5)],
      "#VALUE!",
      /agi_dates has 3 cells but probabilities has 2/,
    ],
    [
      "a date without a probability",
      [revenue, 0.2, 0.08, yearEnds, column(46000, 47000, 48000), column(0.6, 0.4, "")],
      "#VALUE!",
      /probabilities, item 3, is empty/,
    ],
    ["probabilities not adding up to 1", [revenue, 0.2, 0.08, yearEnds, agiDates, column(0.25, 0.35, 0.3)], "#NUM!", /add up to 0.9/],
    [
      "a probability above 1",
      [revenue, 0.2, 0.08, yearEnds, agiDates, column(1.5, -0.1, -0.4)],
      "#NUM!",
      /probabilities, item 1, must be a fraction from 0 to 1/,
    ],
    [
      "a probability as text",
      [revenue, 0.2, 0.08, yearEnds, agiDates, column("25%", 0.35, 0.4)],
      "#VALUE!",
      /probabilities, item 1, must be a number/,
    ],
    [
      "a date as text",
      [revenue, 0.2, 0.08, yearEnds, column("2028", "", ""), probabilities],
      "#VALUE!",
      /agi_dates, item 1, must be a date/,
    ],
    [
      "AGI on 1900-01-01",
      [revenue, 0.2, 0.08, yearEnds, column(1), column(1)],
      "#NUM!",
      /agi_dates, item 1, must be a date from 1900-01-02/,
    ],
    ["no scenario", [revenue, 0.2, 0.08, yearEnds, column(""), column("")], "#VALUE!", /hold no scenario/],
    ["discount_rate missing", [revenue, 0.2, null, yearEnds, agiDates, probabilities], "#VALUE!", /discount_rate is missing/],
    ["discount_rate -100%", [revenue, 0.2, -1, yearEnds, agiDates, probabilities], "#NUM!", /discount_rate must be greater than -1/],
    [
      "a bad schedule argument",
      [revenue, 0.2, 0.08, yearEnds, agiDates, probabilities, null, 0],
      "#NUM!",
      /payout_periods must be between 1/,
    ],
    [
      "a bad valuation date",
      [revenue, 0.2, 0.08, yearEnds, agiDates, probabilities, null, null, null, "soon"],
      "#VALUE!",
      /valuation_date must be a date/,
    ],
    [
      "headers not a logical value",
      [revenue, 0.2, 0.08, yearEnds, agiDates, probabilities, null, null, null, null, "maybe"],
      "#VALUE!",
      /headers must be TRUE or FALSE/,
    ],
  ])("%s is %s", (_, args, code, message) => {
    const e = errorOf(() => revShareAgi(...args));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });

  it("gives each scenario DEAL.REVSHARE's total paid and DEAL.REVSHAREPV's value with end_date the day before verification", () => {
    const cases = fc.record({
      revenue: fc.array(
        fc.oneof(
          fc.integer({ min: 0, max: 1e11 }).map((c) => c / 100),
          // 0, or from 1e-290: with a rate from 1e-12 over at most 12 payments, every payment stays above 1e-308.
          fc.double({ min: 0, max: 1e12, noNaN: true }).filter((v) => v === 0 || v >= 1e-290),
        ),
        { minLength: 2, maxLength: 30 },
      ),
      // From 1e-12: a payment below the smallest number a cell shows (1e-308) is not 0 but shows as 0, so
      // the schedule's paid column (this test's oracle for the last payment) could not tell it from none.
      rate: fc.oneof(fc.constantFrom(0, 0.2, 0.27), fc.double({ min: 1e-12, max: 1, noNaN: true })),
      discount: fc.double({ min: -0.5, max: 0.6, noNaN: true }),
      cap: fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: null }),
      payoutPeriods: fc.integer({ min: 1, max: 12 }),
      payoutLag: fc.integer({ min: 0, max: 6 }),
      agiOffsets: fc.array(fc.option(fc.integer({ min: -60, max: 1200 }), { nil: null }), { minLength: 1, maxLength: 5 }),
      valuationOffset: fc.option(fc.integer({ min: -60, max: 900 }), { nil: null }),
    });
    fc.assert(
      fc.property(cases, (c) => {
        const ends = c.revenue.map((_, i) => endOfMonth(serialFromIso("2026-01-31"), i));
        const dates = c.agiOffsets.map((o) => (o === null ? "" : ends[0] + o));
        const weights = c.agiOffsets.map((_, i) => i + 1);
        const total = weights.reduce((a, b) => a + b, 0);
        const chances = weights.map((w) => w / total);
        const valuationDate = c.valuationOffset === null ? null : ends[0] + c.valuationOffset;
        const rows = revShareAgi(
          column(...c.revenue),
          c.rate,
          c.discount,
          column(...ends),
          column(...dates),
          column(...chances),
          c.cap,
          c.payoutPeriods,
          c.payoutLag,
          valuationDate,
          false,
        );
        dates.forEach((date, i) => {
          const endDate = date === "" ? null : (date as number) - 1;
          const schedule = revShare(column(...c.revenue), c.rate, column(...ends), endDate, c.cap, c.payoutPeriods, c.payoutLag, false);
          const paid = schedule.map((r) => r[3] as number);
          const lastPaid =
            paid
              .map((p, row) => (p !== 0 ? (schedule[row][0] as number) : null))
              .filter((v) => v !== null)
              .pop() ?? "";
          expect(rows[i][3]).toBe(schedule[schedule.length - 1][4]);
          expect(rows[i][5]).toBe(lastPaid);
          expect(rows[i][4]).toBe(
            revSharePv(
              column(...c.revenue),
              c.rate,
              c.discount,
              column(...ends),
              endDate,
              c.cap,
              c.payoutPeriods,
              c.payoutLag,
              valuationDate,
            ),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("DEAL.RIGHTSPROBABILITY", () => {
  it("spills each right with the probability it is in force", () => {
    expect(rightsProbability(serialFromIso("2029-01-01"), agiDates, probabilities)).toEqual([
      ["Right", "Probability in force"],
      ["Models and products IP", 1],
      ["Research IP", 0.75],
      ["Azure API exclusivity", 0.75],
      ["Revenue share", 0.75],
    ]);
    expect(rightsProbability(serialFromIso("2029-01-01"), agiDates, probabilities, "2026-04", false).map((r) => r[1])).toEqual([
      1, 0.75, 0.75, 1,
    ]);
  });

  it.each<[string, unknown[], string, RegExp]>([
    ["as_of missing", [null, agiDates, probabilities], "#VALUE!", /as_of is missing/],
    ["ranges of different lengths", [46000, agiDates, column(1)], "#VALUE!", /agi_dates has 3 cells but probabilities has 1/],
    ["probabilities not adding up to 1", [46000, agiDates, column(0.5, 0.5, 0.5)], "#NUM!", /add up to 1.5/],
    ["an unknown preset", [46000, agiDates, probabilities, "2024"], "#VALUE!", /terms must be one of 2025-10, 2026-04/],
  ])("%s is %s", (_, args, code, message) => {
    const e = errorOf(() => rightsProbability(...args));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("the worked example of docs/agi.md", () => {
  const page = fs.readFileSync(path.join(ROOT, "docs/agi.md"), "utf8");
  const tableRows = page
    .split("\n")
    .filter((line) => /^\| [^|]*\| (0\.\d+|1) \|/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const sheet = () =>
    new FormulaHost({
      Sheet1: [
        ["Year end", "Revenue ($B)", null, null, "AGI verified on", "Probability"],
        ...[30, 50, 80, 120, 170].map((r, i) => [
          serialFromIso(`${2026 + i}-12-31`),
          r,
          null,
          null,
          ...(i < 3 ? [[serialFromIso("2028-01-01"), serialFromIso("2029-07-01"), null][i], [0.25, 0.35, 0.4][i]] : []),
        ]),
      ],
    });

  it("shows the table the formula computes", () => {
    expect(tableRows).toHaveLength(4);
    const formula = /`(=DEAL\.REVSHAREAGI\([^`]*)`/.exec(page)![1];
    const host = sheet();
    host.set("H1", [[formula]]);
    const block = host.block("H2", 5, 6);
    tableRows.forEach((cells, r) => {
      const [agi, probability, accrualEnds, paid, pv, last] = block[r];
      const date = (v: unknown) => (typeof v === "number" ? isoDate(v) : "");
      expect(r === 3 ? agi : date(agi)).toBe(cells[0]);
      expect(String(probability)).toBe(cells[1]);
      expect(date(accrualEnds)).toBe(cells[2]);
      expect((paid as number).toFixed(3)).toBe(cells[3]);
      expect((pv as number).toFixed(3)).toBe(cells[4]);
      expect(date(last)).toBe(cells[5]);
    });
    expect(host.value("H6")).toBeNull();
  });

  it("gives the rights' probabilities and the off-by-one the text states", () => {
    const host = sheet();
    const rights =
      /`(=DEAL\.RIGHTSPROBABILITY\([^`]*)` gives Models and products IP\s+\*\*([\d.]+)\*\*, Research IP \*\*([\d.]+)\*\*, Azure API exclusivity \*\*([\d.]+)\*\* and Revenue share \*\*([\d.]+)\*\*/.exec(
        page,
      )!;
    host.set("H1", [[rights[1].replace("E2:E4", "E2:E4")]]);
    expect(host.block("I2", 4, 1).map((r) => String(r[0]))).toEqual(rights.slice(2, 6));
    const offByOne = /`(=DEAL\.REVSHARE\(B2:B6, 0\.2, A2:A6, DATE\(2029,7,1\)\))` accrues 24 x 182 \/ 365 =\s+([\d.]+)/.exec(page)!;
    host.set("H1", [[offByOne[1]]]);
    expect(String(host.value("J5"))).toBe(offByOne[2]);
  });
});
