import { Decimal } from "../engine/decimal";
import { DEFAULT_TERM_PRESET_ID, getTermFigure, getTermPreset, RightId, TERM_KEYS } from "../engine/presets";
import { RIGHT_IDS, rightActive as isRightActive, rightsOn } from "../engine/rights";
import { optionalBoolean, optionalDate, requiredDate, requiredEnum } from "./support/args";
import { presetArgument } from "./support/presets";
import { formula } from "./support/errors";
import { EngineCell, toNumber, toSpill } from "./support/results";

/** The right's word, or its label as DEAL.RIGHTS shows it, so a RIGHTS cell can feed RIGHTACTIVE. */
const RIGHT_WORDS: Record<string, RightId> = {
  ...Object.fromEntries(RIGHT_IDS.map((id) => [id, id])),
  ...Object.fromEntries(getTermPreset(DEFAULT_TERM_PRESET_ID).rights.map((r) => [r.label.toLowerCase(), r.right])),
};

const KEY_WORDS: Record<string, string> = Object.fromEntries(TERM_KEYS.map((key) => [key, key]));

/**
 * TRUE while a right of the deal is in force on a date: on its last day it is TRUE, the day after FALSE. A right that runs until AGI is verified is FALSE from the verification date on. =DEAL.RIGHTACTIVE("research", DATE(2030,12,31)) is TRUE; =DEAL.RIGHTACTIVE("research", DATE(2031,1,1)) is FALSE.
 * @customfunction RIGHTACTIVE
 * @param {any} right "models" (models and products IP), "research" (research IP), "exclusivity" (Azure API exclusivity) or "revshare" (revenue share).
 * @param {any} as_of The date to test.
 * @param {any} [agi_verified] The date the expert panel verifies AGI; empty if not (yet) verified.
 * @param {any} [terms] The preset of terms: "2025-10" (default, the announcement) or "2026-04" (the amendment as reported).
 * @returns {boolean} TRUE if the right is in force on as_of.
 */
export function rightActive(right: any, as_of: any, agi_verified: any, terms: any): boolean {
  return formula(() => {
    const which = requiredEnum(right, "right", RIGHT_WORDS);
    const asOf = requiredDate(as_of, "as_of");
    const agi = optionalDate(agi_verified, "agi_verified");
    return isRightActive(presetArgument(terms), which, asOf, agi);
  });
}

/**
 * The deal's four rights on a date: whether each is in force and its last day in force, or "AGI verification" when it ends at a verification date not given. =DEAL.RIGHTS(DATE(2027,1,1), , "2026-04").
 * @customfunction RIGHTS
 * @param {any} as_of The date to test.
 * @param {any} [agi_verified] The date the expert panel verifies AGI; empty if not (yet) verified.
 * @param {any} [terms] The preset of terms: "2025-10" (default, the announcement) or "2026-04" (the amendment as reported).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} Right | Active | Ends (the last day in force).
 */
export function rights(as_of: any, agi_verified: any, terms: any, headers: any): any[][] {
  return formula(() => {
    const asOf = requiredDate(as_of, "as_of");
    const agi = optionalDate(agi_verified, "agi_verified");
    const preset = presetArgument(terms);
    const withHeaders = optionalBoolean(headers, "headers", true);
    const rows: EngineCell[][] = rightsOn(preset, asOf, agi).map((r) => [r.label, r.active, r.lastDay ?? "AGI verification"]);
    return toSpill(withHeaders ? [["Right", "Active", "Ends"], ...rows] : rows);
  });
}

/**
 * A figure of the deal's terms, as a number (fractions, money, date serials) or text. A figure the preset lacks (such as the revenue-share cap in "2025-10") leaves the cell empty. =DEAL.TERM("implied_valuation") is 500000000000.
 * @customfunction TERM
 * @param {any} key The figure: stake_diluted, stake_as_converted, stake_value, implied_valuation, azure_commitment, revshare_rate, revshare_end, revshare_cap, models_ip_end, research_ip_end, and more (an unknown key lists them all).
 * @param {any} [terms] The preset of terms: "2025-10" (default, the announcement) or "2026-04" (the amendment as reported).
 * @returns {any} The figure; an empty text when the preset has no such figure.
 */
export function term(key: any, terms: any): any {
  return formula(() => {
    const which = requiredEnum(key, "key", KEY_WORDS);
    const value = getTermFigure(presetArgument(terms), which).value;
    // Excel shows a custom function's null as 0 (office-js#1503, by design); empty text is what shows an empty cell.
    if (value === null) return "";
    if (value instanceof Decimal) return toNumber(value);
    return value;
  });
}
