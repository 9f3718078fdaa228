import fc from "fast-check";
import { ymdToSerial } from "../../src/engine/dates";
import {
  checkFieldValue,
  checkInputs,
  defaultInputs,
  FIELD_BY_KEY,
  fieldFigure,
  FIELDS,
  fieldTestId,
  formatField,
  fromBlock,
  fromCell,
  parseField,
  parseMoney,
  parsePercent,
  parseTable,
  presetValues,
} from "../../src/model/fields";

/** How the pane reads what a finance user types, and shows values back. */

const value = (key: keyof typeof FIELD_BY_KEY, text: string) => {
  const parsed = parseField(FIELD_BY_KEY[key], text);
  return parsed.ok ? parsed.value : `error: ${parsed.error}`;
};

describe("typing into fields", () => {
  it("percentages in percent: 20, 20% and 32.5 %", () => {
    expect(value("revshareRate", "20")).toBe(0.2);
    expect(value("revshareRate", "20%")).toBe(0.2);
    expect(value("valuationStake", "32.5 %")).toBe(0.325);
    expect(value("revshareGrowth", "-5")).toBe(-0.05);
    expect(value("revshareRate", "0.2.1")).toMatch(/^error: Enter a percentage/);
  });

  it("amounts with separators, a currency sign and finance suffixes", () => {
    expect(parseMoney("135,000,000,000")).toBe(135e9);
    expect(parseMoney("$135bn")).toBe(135e9);
    expect(parseMoney("38B")).toBe(38e9);
    expect(parseMoney("250 billion")).toBe(250e9);
    expect(parseMoney("1.5tn")).toBe(1.5e12);
    expect(parseMoney("13.7bn")).toBe(13.7e9);
    expect(parseMoney("500m")).toBe(5e8);
    expect(parseMoney("(2,000)")).toBe(-2000);
    expect(parseMoney("135e9")).toBe(135e9);
    expect(parseMoney("12 apples")).toBeUndefined();
    expect(parseMoney("1,00")).toBeUndefined();
  });

  it("ISO dates, refused when the day does not exist", () => {
    expect(value("asOf", "2030-12-31")).toBe(ymdToSerial(2030, 12, 31));
    expect(value("asOf", "2030-02-30")).toMatch(/^error: Enter a date as YYYY-MM-DD/);
    expect(value("asOf", "31/12/2030")).toMatch(/^error/);
  });

  it("optional fields take empty as 'not given'; required ones say so", () => {
    expect(value("agiDate", "  ")).toBeNull();
    expect(value("revshareCap", "")).toBeNull();
    expect(value("asOf", "")).toBe("error: As of is required.");
  });

  it("whole numbers, choices by value or label", () => {
    expect(value("revshareLag", "2")).toBe(2);
    expect(value("revshareLag", "1.5")).toMatch(/whole number/);
    expect(value("stakeBasis", "As-converted")).toBe("as-converted");
    expect(value("revsharePeriodsPerYear", "4")).toBe(4);
    expect(value("drawdownProfile", "zigzag")).toMatch(/Choose one of flat, ramp, front, scurve, weights/);
  });

  it("tables pasted from Excel (tabs), typed with bars or commas, a title line skipped", () => {
    const columns = FIELD_BY_KEY.stakeCapTable.columns!;
    const pasted = "Holder\tType\tUnits\tConversion ratio\nMicrosoft\tpreferred\t270\t1\nFoundation\tcommon\t260\t\n";
    expect(parseTable(pasted, columns)).toEqual({
      ok: true,
      value: [
        ["Microsoft", "preferred", 270, 1],
        ["Foundation", "common", 260, null],
      ],
    });
    expect(parseTable("A | common | 1,000 | 1", columns)).toEqual({ ok: true, value: [["A", "common", 1000, 1]] });
    expect(parseTable("A, common, 10", columns)).toEqual({ ok: true, value: [["A", "common", 10, null]] });
    expect(parseTable("A | common | ten | 1", columns)).toEqual({ ok: false, error: 'Line 1, Units: "ten" is not a number.' });
    expect(parseTable("A | common | 1 | 1\nB | common | x | 1", columns)).toEqual({
      ok: false,
      error: 'Line 2, Units: "x" is not a number.',
    });
    expect(parseTable("A|b|1|1|extra", columns)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Line 1 has 5 cells; the table has 4 columns/),
    });
    const weights = FIELD_BY_KEY.drawdownWeights.columns!;
    expect(parseTable("Weight\n1\n2", weights)).toEqual({ ok: true, value: [[1], [2]] });
    expect(parseTable("1O\n2", weights)).toEqual({ ok: false, error: 'Line 1, Weight: "1O" is not a number.' });
    const forecast = FIELD_BY_KEY.revshareTable.columns!;
    expect(parseTable("2026-03-31\t3bn\n2026-06-30 | 3,500,000,000", forecast)).toEqual({
      ok: true,
      value: [
        [ymdToSerial(2026, 3, 31), 3e9],
        [ymdToSerial(2026, 6, 30), 3.5e9],
      ],
    });
  });

  it("show every value as text that reads back as the same value (property)", () => {
    const inputs = defaultInputs(ymdToSerial(2026, 5, 1));
    for (const field of FIELDS)
      expect([field.key, parseField(field, formatField(field, inputs[field.key]))]).toEqual([
        field.key,
        { ok: true, value: inputs[field.key] },
      ]);
    fc.assert(
      fc.property(
        fc.double({ min: -1e13, max: 1e13, noNaN: true }).map((n) => (n === 0 ? 0 : n)),
        (n) => {
          expect(parseField(FIELD_BY_KEY.revshareCap, formatField(FIELD_BY_KEY.revshareCap, n))).toEqual({ ok: true, value: n });
        },
      ),
    );
    fc.assert(
      fc.property(fc.integer({ min: -100000, max: 100000 }), (basisPoints) => {
        const rate = basisPoints / 10000;
        expect(parsePercent(formatField(FIELD_BY_KEY.revshareRate, rate))).toBe(rate);
      }),
    );
  });
});

describe("values from cells", () => {
  it("take numbers and text as the field holds them, and say what is wrong otherwise", () => {
    expect(fromCell(FIELD_BY_KEY.revshareRate, 0.3)).toEqual({ ok: true, value: 0.3 });
    expect(fromCell(FIELD_BY_KEY.revshareCap, null)).toEqual({ ok: true, value: null });
    expect(fromCell(FIELD_BY_KEY.preset, "2026-04")).toEqual({ ok: true, value: "2026-04" });
    expect(fromCell(FIELD_BY_KEY.revshareRate, "#REF!")).toEqual({ ok: false, error: "Rate: its cell holds the error #REF!." });
    expect(fromCell(FIELD_BY_KEY.asOf, null)).toEqual({ ok: false, error: "As of: its cell is empty." });
    // The range is the field's check, not the cell reader's.
    expect(fromCell(FIELD_BY_KEY.revshareLag, 1.5)).toEqual({ ok: true, value: 1.5 });
    expect(checkFieldValue(FIELD_BY_KEY.revshareLag, 1.5)).toBe("Payment lag (periods) must be a whole number from 0 to 1200; 1.5 is not.");
  });

  it("take text in a number cell as the sheet does: text, not a number read another way (item 2)", () => {
    // The sheet's formulas see the text "300bn" and show #VALUE!; the pane must not read 300,000,000,000.
    expect(fromCell(FIELD_BY_KEY.drawdownCommitment, "300bn")).toEqual({
      ok: false,
      error: 'Commitment: its cell holds the text "300bn", not an amount.',
    });
    expect(fromCell(FIELD_BY_KEY.revshareRate, "25%")).toMatchObject({ ok: false });
  });

  it("check every field against its range, in the field's words (item 3)", () => {
    expect(checkFieldValue(FIELD_BY_KEY.revshareYears, 500)).toBe("Years of forecast must be a whole number from 1 to 100; 500 is not.");
    expect(checkFieldValue(FIELD_BY_KEY.valuationStake, 1.5)).toBe("Stake must be more than 0% and at most 100%; 150% is not.");
    expect(checkFieldValue(FIELD_BY_KEY.revshareRate, 1.5)).toBe("Rate must be from 0% to 100%; 150% is not.");
    expect(checkFieldValue(FIELD_BY_KEY.drawdownCommitment, -250e9)).toBe(
      "Commitment must be from $0 to $1,000,000,000,000,000; -250,000,000,000 is not.",
    );
    expect(checkFieldValue(FIELD_BY_KEY.drawdownTermYears, 0)).toBe("Term (years) must be more than 0 and at most 100; 0 is not.");
    expect(checkFieldValue(FIELD_BY_KEY.revshareYears, 6)).toBeUndefined();
    const start = defaultInputs(ymdToSerial(2026, 5, 1));
    expect(checkInputs(start)).toEqual({});
    expect(checkInputs({ ...start, drawdownTermYears: 2.5, drawdownPeriodsPerYear: 1 })).toEqual({
      drawdownTermYears: "Term (years) must make a whole number of periods: 2.5 years at 1 a year is 2.5 periods.",
    });
    // Within rounding, as the functions read a count: 7/12 of a year, monthly, is 7 periods.
    expect(checkInputs({ ...start, drawdownTermYears: 7 / 12, drawdownPeriodsPerYear: 12 })).toEqual({});
    expect(checkInputs({ ...start, revshareFirstPeriodEnd: ymdToSerial(2025, 12, 30) }).revshareFirstPeriodEnd).toMatch(
      /last day of a month/,
    );
  });

  it("read tables back without their trailing empty rows", () => {
    expect(
      fromBlock(
        [
          ["A", "common", 1, 1],
          [null, null, null, null],
          ["B", "", 2, null],
          [null, null, null, null],
        ],
        4,
      ),
    ).toEqual([
      ["A", "common", 1, 1],
      [null, null, null, null],
      ["B", null, 2, null],
    ]);
  });
});

describe("presets and figures", () => {
  it("the 2026-04 preset sets the amendment's end and cap; 2025-10 clears them", () => {
    expect(presetValues("2026-04")).toMatchObject({
      preset: "2026-04",
      revshareFixedEnd: ymdToSerial(2030, 12, 31),
      revshareCap: 38e9,
      revshareRate: 0.2,
    });
    expect(presetValues("2025-10")).toMatchObject({ preset: "2025-10", revshareFixedEnd: null, revshareCap: null });
  });

  it("label each field's starting value: reported, official, derived or illustrative", () => {
    const start = defaultInputs(ymdToSerial(2026, 5, 1));
    const april = defaultInputs(ymdToSerial(2026, 5, 1), "2026-04");
    expect(fieldFigure(start, "revshareRate")).toMatchObject({ status: "reported" });
    expect(fieldFigure(start, "valuationStake")).toMatchObject({ status: "official" });
    expect(fieldFigure(april, "revshareCap")).toMatchObject({ status: "reported" });
    expect(fieldFigure(start, "drawdownStart")).toMatchObject({ status: "illustrative" });
    expect(fieldFigure(start, "revshareLag")).toBeUndefined();
  });

  it("label a value that differs from its preset's figure as edited, with the figure and its source (item 6)", () => {
    const start = defaultInputs(ymdToSerial(2026, 5, 1));
    expect(fieldFigure({ ...start, drawdownCommitment: 300e9 }, "drawdownCommitment")).toEqual({
      status: "edited",
      source: "your value; the preset's figure is 250,000,000,000 (official: Microsoft–OpenAI announcement, 2025-10-28)",
    });
    expect(fieldFigure({ ...start, revshareRate: 0.25 }, "revshareRate")).toMatchObject({ status: "edited" });
    expect(fieldFigure({ ...start, drawdownStart: start.drawdownStart + 1 }, "drawdownStart")).toMatchObject({ status: "edited" });
    // Back to the figure: the label follows.
    expect(fieldFigure({ ...start, drawdownCommitment: 250e9 }, "drawdownCommitment")).toMatchObject({ status: "official" });
  });

  it("give every field a stable, distinct test id", () => {
    const ids = FIELDS.map((f) => fieldTestId(f.key));
    expect(new Set(ids).size).toBe(ids.length);
    expect(fieldTestId("revshareRate")).toBe("field-revshare-rate");
    expect(fieldTestId("preset")).toBe("preset");
  });
});
