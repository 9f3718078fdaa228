import { cellDecimal } from "./cellNumbers";
import { Decimal, sum } from "./decimal";
import { MAX_SERIAL } from "./dates";
import { cellPresentValue } from "./discount";
import { numError, valueError } from "./errors";
import { RightId, TermPreset } from "./presets";
import { CellRevenueShareTerms, cellRevenueShareSchedule, lastPaymentDate, totalPaid } from "./revshare";
import { RIGHT_IDS, checkAgiVerified, dayBeforeVerification, isInForce, rightTerm } from "./rights";

/**
 * The deal's value under an uncertain AGI verification date: a set of scenarios (a verification date, or
 * none within the forecast, each with a probability), the revenue share's figures in each, and their
 * probability-weighted expectation.
 *
 * The accrual end. Verification takes effect on its own day (as in ./rights): a right "until AGI is
 * verified" is in force through the day before, and so is the revenue share's accrual. A scenario's
 * figures are exactly DEAL.REVSHARE's and DEAL.REVSHAREPV's with end_date = the verification date - 1;
 * passing the verification date itself would accrue one day too many.
 *
 * The expectation: sum over scenarios of probability x figure / sum of probabilities (the probabilities
 * add up to 1 within 1e-9; dividing by their sum makes the weights exactly 1), computed exactly from the
 * scenarios' figures as the cells show them and rounded once.
 */

export interface AgiScenario {
  /** The day the expert panel verifies AGI (serial), or null: not verified within the forecast. */
  agiVerified: number | null;
  /** A fraction from 0 to 1; a scenario set's probabilities add up to 1 within 1e-9. */
  probability: Decimal;
}

/** How far a scenario set's probabilities may add up from 1. */
export const PROBABILITY_TOLERANCE = new Decimal("1e-9");

/** At most so many scenarios, and scenarios x schedule rows, so that no call freezes Excel. */
export const MAX_SCENARIOS = 1000;
export const MAX_SCENARIO_ROWS = 2000000;

/**
 * Checks a scenario set: at least one scenario, each probability from 0 to 1 (#NUM! naming it), each
 * verification date a date whose day before is one, and probabilities adding up to 1 within 1e-9
 * (#NUM! saying the sum).
 */
export function checkScenarios(scenarios: readonly AgiScenario[]): void {
  if (scenarios.length === 0)
    throw valueError(
      "agi_dates and probabilities hold no scenario: give AGI dates (empty for not verified) and their probabilities.",
      "agi_dates",
    );
  if (scenarios.length > MAX_SCENARIOS)
    throw numError(`There are ${scenarios.length} AGI scenarios; the limit is ${MAX_SCENARIOS}.`, "agi_dates");
  scenarios.forEach((s, i) => {
    if (s.probability.isNegative() || s.probability.gt(1)) {
      throw numError(
        `probabilities, item ${i + 1}, must be a fraction from 0 to 1 (0.25 means 25%); got ${s.probability.toString()}.`,
        "probabilities",
      );
    }
    if (s.agiVerified !== null) checkAgiVerified(s.agiVerified, `agi_dates, item ${i + 1},`);
  });
  const total = sum(scenarios.map((s) => s.probability));
  if (total.minus(1).abs().gt(PROBABILITY_TOLERANCE)) {
    throw numError(`probabilities must add up to 1 (within 1e-9); they add up to ${total.toString()}.`, "probabilities");
  }
}

/** The probability-weighted mean of figures, one per scenario, normalised by the probabilities' sum. */
function expectation(scenarios: readonly AgiScenario[], figures: readonly Decimal[]): Decimal {
  const weighted = sum(scenarios.map((s, i) => s.probability.times(figures[i])));
  return weighted.div(sum(scenarios.map((s) => s.probability)));
}

export interface AgiScenarioFigures {
  agiVerified: number | null;
  probability: Decimal;
  /** The last day of accrual: the day before verification; null for no end. */
  accrualEnds: number | null;
  /** Everything accrued, which the schedule pays in the end: DEAL.REVSHARE's last Cumulative paid. */
  paidInTotal: Decimal;
  /** DEAL.REVSHAREPV's number. */
  presentValue: number;
  /** The period end of the last payment; null when nothing is paid. */
  lastPayment: number | null;
}

export interface RevenueShareByAgi {
  scenarios: AgiScenarioFigures[];
  expectedPaid: Decimal;
  /** The expectation of the scenarios' present values as their cells show them (15 digits each, ./cellNumbers). */
  expectedPresentValue: Decimal;
}

/**
 * The revenue share in each AGI scenario, and the expectation. `terms` are DEAL.REVSHARE's (their
 * end_date is replaced by each scenario's accrual end; period_ends are needed); the present value is
 * DEAL.REVSHAREPV's, at `discountRate`, to `valuationDate` when given.
 */
export function revenueShareByAgi(
  terms: CellRevenueShareTerms,
  discountRate: number,
  scenarios: readonly AgiScenario[],
  valuationDate: number | null = null,
): RevenueShareByAgi {
  if (!terms.periodEnds) throw valueError("period_ends is missing: AGI dates need dated periods.", "period_ends");
  checkScenarios(scenarios);
  const rows = terms.revenue.length + (terms.payoutPeriods ?? 1) - 1 + (terms.payoutLag ?? 0);
  if (rows * scenarios.length > MAX_SCENARIO_ROWS) {
    throw numError(
      `${scenarios.length} AGI scenarios of a schedule of up to ${rows} rows are ${rows * scenarios.length} rows to compute; the limit is ${MAX_SCENARIO_ROWS}.`,
      "agi_dates",
    );
  }
  const figures = scenarios.map((scenario): AgiScenarioFigures => {
    const accrualEnds = scenario.agiVerified === null ? null : dayBeforeVerification(scenario.agiVerified);
    const scenarioTerms = { ...terms, endDate: accrualEnds };
    const schedule = cellRevenueShareSchedule(scenarioTerms);
    return {
      agiVerified: scenario.agiVerified,
      probability: scenario.probability,
      accrualEnds,
      paidInTotal: totalPaid(schedule),
      presentValue: cellPresentValue(scenarioTerms, schedule, discountRate, valuationDate),
      lastPayment: lastPaymentDate(schedule),
    };
  });
  return {
    scenarios: figures,
    expectedPaid: expectation(
      scenarios,
      figures.map((f) => f.paidInTotal),
    ),
    expectedPresentValue: expectation(
      scenarios,
      figures.map((f) => cellDecimal(f.presentValue)),
    ),
  };
}

export interface RightProbability {
  right: RightId;
  label: string;
  /** The probability that the right is in force on the as-of date. */
  probability: Decimal;
}

/** Each right of the preset with the probability that it is in force on `asOf`: the weighted sum of DEAL.RIGHTACTIVE over the scenarios. */
export function rightsInForceProbability(preset: TermPreset, asOf: number, scenarios: readonly AgiScenario[]): RightProbability[] {
  checkScenarios(scenarios);
  if (!Number.isInteger(asOf) || asOf < 1 || asOf > MAX_SERIAL)
    throw numError(`as_of must be a date between 1900-01-01 and 9999-12-31; got ${asOf}.`, "as_of");
  return RIGHT_IDS.map((right) => {
    const term = rightTerm(preset, right);
    const inForce = scenarios.map((s) => new Decimal(isInForce(term.end, asOf, s.agiVerified) ? 1 : 0));
    return { right, label: term.label, probability: expectation(scenarios, inForce) };
  });
}
