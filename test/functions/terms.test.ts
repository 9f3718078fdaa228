import { serialFromIso } from "../../src/engine/dates";
import { TERM_KEYS } from "../../src/engine/presets";
import { rightActive, rights, term } from "../../src/functions/terms";
import { errorOf } from "../support/errors";
import { FormulaHost } from "../support/formulaHost";

const day = serialFromIso;

describe("DEAL.RIGHTACTIVE through real formulas", () => {
  it("is TRUE on a right's last day and FALSE the day after", () => {
    const host = new FormulaHost();
    expect(host.evaluate('=DEAL.RIGHTACTIVE("research", DATE(2030,12,31))')).toBe(true);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("research", DATE(2031,1,1))')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("models", DATE(2032,12,31))')).toBe(true);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("Models", DATE(2033,1,1))')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("revshare", DATE(2031,1,1), , "2026-04")')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("revshare", DATE(2031,1,1))')).toBe(true);
  });

  it("ends the AGI-bound rights the day before verification, from a date cell", () => {
    const host = new FormulaHost({ Sheet1: [["=DATE(2028,6,15)"]] });
    expect(host.evaluate('=DEAL.RIGHTACTIVE("exclusivity", DATE(2028,6,14), A1)')).toBe(true);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("exclusivity", DATE(2028,6,15), A1)')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("exclusivity", DATE(2028,6,15), A1, "2026-04")')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("revshare", DATE(2028,6,15), A1, "2026-04")')).toBe(true);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("research", DATE(2028,6,15), A1)')).toBe(false);
    expect(host.evaluate('=DEAL.RIGHTACTIVE("models", DATE(2028,6,15), A1)')).toBe(true);
  });

  it("accepts the labels that DEAL.RIGHTS shows", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.RIGHTS(DATE(2027,1,1), , , FALSE)"]] });
    expect(host.evaluate("=DEAL.RIGHTACTIVE(A3, DATE(2040,1,1), DATE(2039,1,1))")).toBe(false);
    expect(host.evaluate("=DEAL.RIGHTACTIVE(A1, DATE(2032,12,31))")).toBe(true);
  });

  it("shows an unknown right or preset as #VALUE! listing the accepted words", () => {
    const host = new FormulaHost();
    host.set("A1", [['=DEAL.RIGHTACTIVE("patents", DATE(2027,1,1))']]);
    expect(host.error("A1")).toEqual({
      value: "#VALUE!",
      message: expect.stringMatching(/^right must be one of models, research, exclusivity, revshare/),
    });
    host.set("A2", [['=DEAL.RIGHTACTIVE("models", DATE(2027,1,1), , "2024-01")']]);
    expect(host.error("A2")).toEqual({ value: "#VALUE!", message: 'terms must be one of 2025-10, 2026-04; got "2024-01".' });
  });
});

describe("DEAL.RIGHTS through real formulas", () => {
  it("spills the four rights with their last day, or AGI verification when it waits for one", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.RIGHTS(DATE(2031,1,1), , "2026-04")']] });
    expect(host.block("A1", 6, 4)).toEqual([
      ["Right", "Active", "Ends", null],
      ["Models and products IP", true, day("2032-12-31"), null],
      ["Research IP", false, day("2030-12-31"), null],
      ["Azure API exclusivity", true, "AGI verification", null],
      ["Revenue share", false, day("2030-12-31"), null],
      [null, null, null, null],
    ]);
  });

  it("gives every end a date once AGI has a verification date", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.RIGHTS(DATE(2028,6,14), DATE(2028,6,15), , FALSE)"]] });
    expect(host.block("A1", 4, 3)).toEqual([
      ["Models and products IP", true, day("2032-12-31")],
      ["Research IP", true, day("2028-06-14")],
      ["Azure API exclusivity", true, day("2028-06-14")],
      ["Revenue share", true, day("2028-06-14")],
    ]);
  });
});

describe("DEAL.TERM through real formulas", () => {
  it("returns the deal's figures as numbers and text", () => {
    const host = new FormulaHost();
    expect(host.evaluate('=DEAL.TERM("implied_valuation")')).toBe(500e9);
    expect(host.evaluate('=DEAL.TERM("stake_diluted")')).toBe(0.27);
    expect(host.evaluate('=DEAL.TERM("STAKE_AS_CONVERTED")')).toBe(0.325);
    expect(host.evaluate('=DEAL.TERM("azure_commitment")')).toBe(250e9);
    expect(host.evaluate('=DEAL.TERM("models_ip_end")')).toBe(day("2032-12-31"));
    expect(host.evaluate('=DEAL.TERM("company")')).toBe("OpenAI Group PBC");
    expect(host.evaluate('=DEAL.TERM("revshare_cap", "2026-04")')).toBe(38e9);
    expect(host.evaluate('=DEAL.TERM("revshare_end", "2026-04")')).toBe(day("2030-12-31"));
  });

  it("shows a figure the preset lacks as an empty text, not 0", () => {
    const host = new FormulaHost();
    expect(host.evaluate('=DEAL.TERM("revshare_cap")')).toBe("");
    expect(host.evaluate('=DEAL.TERM("revshare_cap")=""')).toBe(true);
    expect(host.evaluate('=IF(DEAL.TERM("revshare_end")="", "AGI", DEAL.TERM("revshare_end"))')).toBe("AGI");
  });

  it("composes with the other functions: the preset's commitment drawn down flat", () => {
    const host = new FormulaHost({
      Sheet1: [['=DEAL.DRAWDOWN(DEAL.TERM("azure_commitment"), DEAL.TERM("announcement_date"), 5, "flat", 1, 2, FALSE)']],
    });
    expect(host.value("C5")).toBe(50e9);
    expect(host.value("A1")).toBe(day("2025-10-28"));
  });

  it("reads a cell where 2026-04 was typed and became the date 2026-04-01", () => {
    const host = new FormulaHost({ Sheet1: [[day("2026-04-01"), '=DEAL.TERM("revshare_cap", A1)']] });
    expect(host.value("B1")).toBe(38e9);
  });

  it("shows an unknown key as #VALUE! listing every key", () => {
    const host = new FormulaHost({ Sheet1: [['=DEAL.TERM("valuation")']] });
    // Every key is more than Excel's 255 characters show: what was given comes first, the keys as many as fit.
    const { value, message } = host.error("A1");
    expect(value).toBe("#VALUE!");
    expect(message.length).toBeLessThanOrEqual(255);
    expect(`Unknown key: got the text "valuation"; use one of ${TERM_KEYS.join(", ")}.`.startsWith(message.replace(/…$/, ""))).toBe(true);
    expect(message).toMatch(/^Unknown key: got the text "valuation"; use one of company, investor, announcement_date/);
  });
});

describe("terms adapters", () => {
  it("default to the 2025-10 preset and no AGI date", () => {
    expect(rightActive("revshare", day("2040-01-01"), null, null)).toBe(true);
    expect(rightActive("revshare", day("2040-01-01"), "", "")).toBe(true);
    expect(term("revshare_end", null)).toBe("");
    expect(rights(day("2027-01-01"), null, null, null).length).toBe(5);
  });

  it.each([
    [() => rightActive(null, 46023, null, null), "#VALUE!", /right is missing/],
    [() => rightActive("models", null, null, null), "#VALUE!", /as_of is missing/],
    [() => rightActive("models", "soon", null, null), "#VALUE!", /as_of must be a date/],
    [() => rightActive("models", 46023, -5, null), "#NUM!", /agi_verified must be a date/],
    [() => rightActive("models", 46023, null, true), "#VALUE!", /terms must be one of 2025-10, 2026-04 \(as text\); got a logical value/],
    [() => rightActive("models", 46023, null, 46023), "#VALUE!", /got the number 46023/],
    [() => rights(46023, null, null, "maybe"), "#VALUE!", /headers must be TRUE or FALSE/],
    [() => term(null, null), "#VALUE!", /key is missing: use one of company, investor/],
    [() => term("stake_value", [["2025-10", "2026-04"]]), "#VALUE!", /got a range of several cells/],
  ])("refuse bad arguments (%#)", (call, code, message) => {
    const e = errorOf(call);
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe("the loose ends of the terms functions", () => {
  const long = "x".repeat(5000);

  it.each([
    ["TERM", () => term("stake_value", long)],
    ["RIGHTS", () => rights(46023, null, long, null)],
    ["RIGHTACTIVE", () => rightActive("models", 46023, null, long)],
    ["TERM's key", () => term(long, null)],
  ])("%s bounds its message to what Excel shows (255 characters) however long the terms text", (_, call) => {
    const e = errorOf(call);
    expect(e.code).toBe("#VALUE!");
    expect(e.message.length).toBeLessThanOrEqual(255);
    expect(e.message).toMatch(/one of/);
  });

  it("refuses AGI verified on 1900-01-01: the rights would end on 1899-12-31, which Excel cannot show", () => {
    for (const call of [() => rights(46023, 1, null, null), () => rightActive("research", 46023, 1, null)]) {
      expect(errorOf(call)).toMatchObject({ code: "#NUM!", message: expect.stringMatching(/agi_verified must be a date from 1900-01-02/) });
    }
    // The day after is a date: the AGI-bound rights end on 1900-01-01, serial 1.
    expect(rights(46023, 2, null, false).map((row) => row[2])).toEqual([serialFromIso("2032-12-31"), 1, 1, 1]);
  });
});
