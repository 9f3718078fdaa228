import { ymdToSerial } from "../../src/engine/dates";
import {
  editedFigures,
  fieldRule,
  fieldWarnings,
  fractionQuestion,
  helpText,
  inFieldWords,
  periodNote,
  presetOverwrites,
} from "../../src/model/fieldAids";
import { defaultInputs, FIELD_BY_KEY, FIELDS, formatField, parseField, rangeText } from "../../src/model/fields";

/** Issue 15, fields, in the model layer: help, bounds, the fraction question, messages, warnings, presets, periods. */

const TODAY = ymdToSerial(2026, 5, 1);
const inputs = defaultInputs(TODAY);

describe("issue 15, items 1 and 6: help on every field, bounds on every number", () => {
  it.each(FIELDS.map((f) => [f.label, f]))("%s has a help sentence, and a number field says its bounds in it", (_label, field) => {
    const help = helpText(field);
    expect(help).toMatch(/^[A-Z"'].{20,}[.)]$/);
    if (["percent", "money", "integer", "number"].includes(field.kind)) {
      const range = field.range ?? {};
      expect(range.min ?? range.above).toBeDefined();
      expect(range.max ?? range.below).toBeDefined();
      expect(help).toContain(`Accepts ${rangeText(field)}.`);
    }
  });

  it("the draw-down's term is bounded: at most 100 years", () => {
    expect(FIELD_BY_KEY.drawdownTermYears.range?.max).toBe(100);
    expect(helpText(FIELD_BY_KEY.drawdownTermYears)).toContain("at most 100");
  });
});

describe("issue 15, item 3: the fraction question", () => {
  it("asks about 0 < x < 1 typed without % in a percent field", () => {
    expect(fractionQuestion(FIELD_BY_KEY.valuationStake, "0.27")).toEqual({
      message: "27% or 0.27%?",
      readings: [
        { text: "27%", fieldText: "27%", value: 0.27 },
        { text: "0.27%", fieldText: "0.27%", value: 0.0027 },
      ],
    });
    expect(fractionQuestion(FIELD_BY_KEY.revshareRate, ".2")?.message).toBe("20% or 0.2%?");
  });

  it.each(["27", "27%", "0.27%", "0", "1", "1.5", "-0.2"])("does not ask about %s", (text) => {
    expect(fractionQuestion(FIELD_BY_KEY.valuationStake, text)).toBeUndefined();
  });

  it("asks nothing of a money or number field", () => {
    expect(fractionQuestion(FIELD_BY_KEY.revsharePayoutYears, "0.5")).toBeUndefined();
    expect(fractionQuestion(FIELD_BY_KEY.revshareCap, "0.5")).toBeUndefined();
  });
});

describe("issue 15, item 3: the fraction question in a table's percent column", () => {
  const agi = FIELD_BY_KEY.agiScenarios;
  const july2030 = ymdToSerial(2030, 7, 1);

  it("asks about a bare fraction in a percent cell, naming its line and column; each answer rewrites that cell", () => {
    expect(fractionQuestion(agi, "2030-07-01 | 0.27\nnot verified | 73")).toEqual({
      message: "Line 1, Probability: 27% or 0.27%?",
      readings: [
        {
          text: "27%",
          fieldText: "2030-07-01 | 27%\nnot verified | 73",
          value: [
            [july2030, 0.27],
            [null, 0.73],
          ],
        },
        {
          text: "0.27%",
          fieldText: "2030-07-01 | 0.27%\nnot verified | 73",
          value: [
            [july2030, 0.0027],
            [null, 0.73],
          ],
        },
      ],
    });
  });

  it("a column of fractions pasted from Excel is asked once; the answer reads every one the same way, separators kept", () => {
    const question = fractionQuestion(agi, "AGI verified on\tProbability\n2030-07-01\t.4\n\nnot verified\t0.6\n");
    expect(question?.message).toBe("Line 2, Probability: 40% or 0.4%? The answer reads the other fraction of the table the same way.");
    expect(question?.readings.map((r) => r.fieldText)).toEqual([
      "AGI verified on\tProbability\n2030-07-01\t40%\n\nnot verified\t60%\n",
      "AGI verified on\tProbability\n2030-07-01\t0.4%\n\nnot verified\t0.6%\n",
    ]);
    expect(question?.readings[0].value).toEqual([
      [july2030, 0.4],
      [null, 0.6],
    ]);
  });

  it.each(["27", "27%", "0.27%", "0", "1", "1.5", "-0.2", "not verified"])("does not ask about %s in a percent cell", (cell) => {
    expect(fractionQuestion(agi, `2030-07-01 | ${cell}\nnot verified | 50`)).toBeUndefined();
  });

  it("asks nothing of a table without a percent column, nor of one that cannot be read", () => {
    expect(fractionQuestion(FIELD_BY_KEY.stakeCapTable, "Microsoft | preferred | 270 | 0.5")).toBeUndefined();
    expect(fractionQuestion(FIELD_BY_KEY.drawdownWeights, "0.5\n0.5")).toBeUndefined();
    expect(fractionQuestion(agi, "2030-07-01 | 0.27 | extra")).toBeUndefined();
  });

  it("a table as the pane shows it reads back without a question, probabilities below 1% included", () => {
    const rows = [
      [july2030, 0.0025],
      [ymdToSerial(2031, 7, 1), 0.5],
      [null, 0.4975],
    ];
    const text = formatField(agi, rows);
    expect(fractionQuestion(agi, text)).toBeUndefined();
    expect(parseField(agi, text)).toEqual({ ok: true, value: rows });
  });
});

describe("issue 15, item 4: a function's message in the field's words", () => {
  it("a range complaint becomes what the field accepts, with its label", () => {
    const field = FIELD_BY_KEY.revsharePayoutYears;
    expect(inFieldWords(field, "payout_periods must be between 1 and 100000; got 0", "payout_periods")).toBe(
      "Paid over (years) must be more than 0 and at most 100, a whole number of periods.",
    );
    expect(
      inFieldWords(
        FIELD_BY_KEY.valuationStake,
        "stake must be a fraction greater than 0 and at most 1 (0.27 means 27%); got 1.5.",
        "stake",
      ),
    ).toBe("Stake must be more than 0% and at most 100%.");
  });

  it("any other message keeps its sense, the argument named by the field's label", () => {
    expect(
      inFieldWords(FIELD_BY_KEY.drawdownWeights, "profile has 3 weights; give 60 (one per period) or 5 (one per year).", "profile"),
    ).toBe("Weights has 3 weights; give 60 (one per period) or 5 (one per year).");
    expect(inFieldWords(FIELD_BY_KEY.drawdownActuals, "actuals has 70 periods, more than total_periods = 60.", "actuals")).toBe(
      "Actual consumption has 70 periods, more than the term's periods = 60.",
    );
  });

  it("the rule of each number field names its label and range", () => {
    for (const field of FIELDS.filter((f) => ["percent", "money", "integer", "number"].includes(f.kind))) {
      expect(fieldRule(field)).toContain(`${field.label} must be ${rangeText(field)}`);
    }
  });
});

describe("issue 15, item 5: warnings for legal but implausible values", () => {
  it("the default inputs warn of nothing", () => {
    expect(fieldWarnings(inputs)).toEqual({});
  });

  it.each([
    ["agiDate", { agiDate: ymdToSerial(2025, 6, 30) }, /before the announcement \(2025-10-28\)/],
    ["asOf", { asOf: ymdToSerial(2025, 1, 1) }, /before the announcement/],
    ["drawdownStart", { drawdownStart: ymdToSerial(2024, 1, 1) }, /before the announcement/],
    ["revshareFixedEnd", { revshareFixedEnd: ymdToSerial(2025, 6, 30) }, /before the first period ends \(2025-12-31\)/],
    ["agiDate", { agiDate: ymdToSerial(2025, 11, 30) }, /before the first period ends/],
    ["revshareDiscountRate", { revshareDiscountRate: -0.1 }, /negative discount rate \(-10%\)/],
    ["revshareDiscountRate", { revshareDiscountRate: 0.6 }, /above 50%/],
    ["revshareGrowth", { revshareGrowth: 1.5 }, /above 100%/],
    ["revshareCap", { revshareCap: 0 }, /nothing is paid/],
    ["revshareRate", { revshareRate: 0 }, /no revenue share/],
  ] as const)("%s: %p", (key, change, words) => {
    const warnings = fieldWarnings({ ...inputs, ...change });
    expect(warnings[key]).toMatch(words);
    expect(Object.keys(warnings)).toEqual([key]);
  });

  it("a hidden field warns of nothing (growth under a table forecast)", () => {
    expect(fieldWarnings({ ...inputs, revshareForecast: "table", revshareGrowth: 2 })).toEqual({});
  });
});

describe("issue 15, item 8: the preset's figures", () => {
  it("lists the edited figures with the preset's figure each would reset to", () => {
    expect(editedFigures(inputs)).toEqual([]);
    expect(editedFigures({ ...inputs, revshareRate: 0.25, revshareCap: 5e10 })).toEqual([
      { key: "revshareRate", label: "Rate", now: "25%", then: "20%" },
      { key: "revshareCap", label: "Total cap", now: "$50,000,000,000", then: "empty" },
    ]);
  });

  it("another preset overwrites only the edited figures it changes", () => {
    const edited = { ...inputs, revshareRate: 0.25, revshareCap: 5e10 };
    expect(presetOverwrites(edited, "2026-04").map((c) => [c.key, c.then])).toEqual([
      ["revshareRate", "20%"],
      ["revshareCap", "$38,000,000,000"],
    ]);
    expect(presetOverwrites(inputs, "2026-04")).toEqual([]);
  });
});

describe("issue 15, item 9: a change of periods a year", () => {
  it("keeps the year's revenue with the converted figure", () => {
    expect(periodNote(13e9, 1, 4)).toEqual({ from: 1, to: 4, value: 13e9, yearly: 52e9, converted: 3.25e9 });
    expect(periodNote(13e9, 1, 12)?.converted).toBeCloseTo(13e9 / 12, 0);
    expect(periodNote(3.25e9, 4, 1)?.converted).toBe(13e9);
    expect(periodNote(13e9, 4, 4)).toBeUndefined();
  });
});
