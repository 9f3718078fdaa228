import { AgiScenario, revenueShareByAgi, rightsInForceProbability } from "../engine/agi";
import { counted, valueError } from "../engine/errors";
import {
  isMissing,
  optionalBoolean,
  optionalDate,
  requiredDate,
  requiredFinite,
  requiredNumber,
  unwrapScalar,
  vectorReader,
} from "./support/args";
import { formula } from "./support/errors";
import { presetArgument } from "./support/presets";
import { EngineCell, toSpill } from "./support/results";
import { revenueShareTerms } from "./support/revenueShare";

/**
 * AGI scenarios from two ranges of the same length: a verification date each (empty, or 0 as Excel
 * desktop passes an empty cell: not verified within the forecast) and its probability. A row empty in
 * both is a spare row of the table and is skipped; a date without a probability is #VALUE!.
 */
function scenariosArgument(agiDates: unknown, probabilities: unknown): AgiScenario[] {
  const dates = vectorReader(agiDates, "agi_dates");
  const chances = vectorReader(probabilities, "probabilities");
  if (dates.length !== chances.length) {
    throw valueError(
      `agi_dates has ${counted(dates.length, "cell")} but probabilities has ${chances.length}: give one probability for each AGI date.`,
      "probabilities",
    );
  }
  const scenarios: AgiScenario[] = [];
  for (let i = 0; i < dates.length; i++) {
    const date = dates.cell(i);
    const chance = chances.cell(i);
    if (isMissing(date) && isMissing(chance)) continue;
    if (isMissing(chance))
      throw valueError(`probabilities, item ${i + 1}, is empty: give the probability of the AGI date beside it.`, "probabilities");
    const probability = requiredNumber(chance, `probabilities, item ${i + 1},`);
    const notVerified = isMissing(date) || unwrapScalar(date) === 0;
    scenarios.push({ agiVerified: notVerified ? null : requiredDate(date, `agi_dates, item ${i + 1},`), probability });
  }
  return scenarios;
}

/**
 * The revenue share under uncertain AGI timing: one row per scenario (the day the expert panel verifies AGI, or not within the forecast, with its probability), each with DEAL.REVSHARE's total paid and DEAL.REVSHAREPV's present value when accrual ends the day before verification, then an Expected row weighting them by probability. =DEAL.REVSHAREAGI(B2:B13, 0.2, 0.08, A2:A13, E2:E6, F2:F6) with AGI dates in E and probabilities adding up to 1 in F.
 * @customfunction REVSHAREAGI
 * @param {any[][]} revenue Revenue of each period, one column or one row; an empty cell counts as 0.
 * @param {any} rate Share of revenue that accrues, a fraction from 0 to 1 (0.2 means 20%).
 * @param {any} discount_rate A year's discount rate (0.08 means 8%), greater than -1; payments are discounted at actual/365.
 * @param {any[][]} period_ends Last day of each period, dates strictly increasing, one for each revenue value.
 * @param {any[][]} agi_dates The day AGI is verified in each scenario, a row or a column; an empty cell is the scenario where AGI is not verified within the forecast.
 * @param {any[][]} probabilities The probability of each scenario, a fraction from 0 to 1, one for each AGI date; together they add up to 1.
 * @param {any} [cap] Total accrual over the life of the agreement; the period that reaches it accrues only the remainder. Empty: no cap.
 * @param {any} [payout_periods] Number of equal instalments in which each period's accrual is paid. Default 1.
 * @param {any} [payout_lag] Periods from a period's accrual to its first instalment. Default 0 (paid in the period itself).
 * @param {any} [valuation_date] The date to value the payments at, as in DEAL.REVSHAREPV. Empty: the first day of the first period.
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} AGI verified on | Probability | Accrual ends | Paid in total | Present value | Last payment, one row per scenario, then Expected.
 */
export function revShareAgi(
  revenue: any[][],
  rate: any,
  discount_rate: any,
  period_ends: any[][],
  agi_dates: any[][],
  probabilities: any[][],
  cap?: any,
  payout_periods?: any,
  payout_lag?: any,
  valuation_date?: any,
  headers?: any,
): any[][] {
  return formula(() => {
    const discountRate = requiredFinite(discount_rate, "discount_rate");
    if (isMissing(period_ends))
      throw valueError("period_ends is missing: AGI dates need dated periods; give the last day of each period.", "period_ends");
    const terms = revenueShareTerms(revenue, rate, period_ends, null, cap, payout_periods, payout_lag);
    const scenarios = scenariosArgument(agi_dates, probabilities);
    const valuationDate = optionalDate(valuation_date, "valuation_date");
    const withHeaders = optionalBoolean(headers, "headers", true);
    const result = revenueShareByAgi(terms, discountRate, scenarios, valuationDate);
    const rows: EngineCell[][] = result.scenarios.map((s) => [
      s.agiVerified,
      s.probability,
      s.accrualEnds,
      s.paidInTotal,
      s.presentValue,
      s.lastPayment,
    ]);
    rows.push(["Expected", 1, null, result.expectedPaid, result.expectedPresentValue, null]);
    const header = ["AGI verified on", "Probability", "Accrual ends", "Paid in total", "Present value", "Last payment"];
    return toSpill(withHeaders ? [header, ...rows] : rows);
  });
}

/**
 * The probability that each of the deal's rights is in force on a date, over scenarios of when AGI is verified: for each right, the probabilities of the scenarios in which DEAL.RIGHTACTIVE is TRUE, added up. =DEAL.RIGHTSPROBABILITY(DATE(2031,1,1), E2:E6, F2:F6).
 * @customfunction RIGHTSPROBABILITY
 * @param {any} as_of The date to test.
 * @param {any[][]} agi_dates The day AGI is verified in each scenario, a row or a column; an empty cell is the scenario where AGI is not verified.
 * @param {any[][]} probabilities The probability of each scenario, a fraction from 0 to 1, one for each AGI date; together they add up to 1.
 * @param {any} [terms] The preset of terms: "2025-10" (default, the announcement) or "2026-04" (the amendment as reported).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} Right | Probability in force, one row per right.
 */
export function rightsProbability(as_of: any, agi_dates: any[][], probabilities: any[][], terms: any, headers: any): any[][] {
  return formula(() => {
    const asOf = requiredDate(as_of, "as_of");
    const scenarios = scenariosArgument(agi_dates, probabilities);
    const preset = presetArgument(terms);
    const withHeaders = optionalBoolean(headers, "headers", true);
    const rows: EngineCell[][] = rightsInForceProbability(preset, asOf, scenarios).map((r) => [r.label, r.probability]);
    return toSpill(withHeaders ? [["Right", "Probability in force"], ...rows] : rows);
  });
}
