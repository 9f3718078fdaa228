import { ymdToSerial } from "../../src/engine/dates";
import { agiEvenly, agiMostLikely } from "../../src/model/agi";
import { agiProblem, FIELD_BY_KEY, formatField, parseField } from "../../src/model/fields";

/** The AGI scenarios table: typing it, checking it, and the quick fills that write it. */

const sum = (rows: (number | string | boolean | null)[][]) => rows.reduce((total, row) => total + Number(row[1]), 0);

describe("the AGI scenarios table", () => {
  const field = FIELD_BY_KEY.agiScenarios;

  it("reads dates, 'not verified' and percentages, and shows them back the same way", () => {
    const parsed = parseField(field, "2028-07-01 | 10\n2030-07-01 | 20%\nnot verified | 70");
    expect(parsed).toEqual({
      ok: true,
      value: [
        [ymdToSerial(2028, 7, 1), 0.1],
        [ymdToSerial(2030, 7, 1), 0.2],
        [null, 0.7],
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(formatField(field, parsed.value)).toBe("2028-07-01 | 10\n2030-07-01 | 20\nnot verified | 70");
  });

  it("says what DEAL.REVSHAREAGI would refuse, in the form's words", () => {
    expect(agiProblem([])).toMatch(/at least one scenario/);
    expect(agiProblem([[ymdToSerial(2030, 1, 1), null]])).toBe("AGI scenarios, line 1: give the scenario's probability.");
    expect(agiProblem([[null, 1.2]])).toBe("AGI scenarios, line 1: a probability is from 0% to 100%; 120% is not.");
    expect(
      agiProblem([
        [null, 0.5],
        [ymdToSerial(2030, 1, 1), 0.45],
      ]),
    ).toBe("AGI scenarios: the probabilities add up to 95%; they must add up to 100%.");
    expect(
      agiProblem([
        [null, 0.5],
        [ymdToSerial(2030, 1, 1), 0.5],
      ]),
    ).toBeUndefined();
  });
});

describe("quick fills", () => {
  it("spread evenly: each year's 1 July, equal shares in whole hundredths of a percent, exactly 100% with the rest", () => {
    const rows = agiEvenly(2027, 2029, 0.2);
    if ("problem" in rows) throw new Error(rows.problem);
    // 80% over three years is 26.67%, 26.67%, 26.66%: the hundredth left over goes to the earliest year.
    expect(rows).toEqual([
      [ymdToSerial(2027, 7, 1), 0.2667],
      [ymdToSerial(2028, 7, 1), 0.2667],
      [ymdToSerial(2029, 7, 1), 0.2666],
      [null, 0.2],
    ]);
    expect(Math.round(sum(rows) * 10000)).toBe(10000);
    expect(agiProblem(rows)).toBeUndefined();
  });

  it("around a most likely year: weights falling by one a year away from it", () => {
    const rows = agiMostLikely(2030, 2, 0);
    if ("problem" in rows) throw new Error(rows.problem);
    // Weights 1, 2, 3, 2, 1 of 9: 1111, 2222, 3333, 2222, 1111 hundredths of a percent, and the one left to the earliest.
    expect(rows.map((r) => r[1])).toEqual([0.1112, 0.2222, 0.3333, 0.2222, 0.1111]);
    expect(rows.map((r) => r[0])).toEqual([2028, 2029, 2030, 2031, 2032].map((y) => ymdToSerial(y, 7, 1)));
    expect(Math.round(sum(rows) * 10000)).toBe(10000);
  });

  it("refuse what makes no table", () => {
    expect(agiEvenly(2030, 2027, 0.2)).toEqual({ problem: "Give the first and the last year, the first no later than the last." });
    expect(agiEvenly(2000, 2060, 0)).toEqual({ problem: "Spread the dates over at most 40 years." });
    expect(agiMostLikely(2030, 2, 1.5)).toEqual({ problem: "Not verified is a probability from 0% to 100%." });
    expect(agiMostLikely(2030, -1, 0)).toMatchObject({ problem: expect.stringMatching(/spread/) });
    expect(agiEvenly(2027, 2029, 1)).toEqual([[null, 1]]);
  });
});
