import { Decimal, ZERO } from "../engine/decimal";
import { commitmentStatus as statusOfCommitment, drawdownSchedule, DrawdownProfile } from "../engine/drawdown";
import { valueError } from "../engine/errors";
import {
  isMissing,
  MAX_ROWS,
  numberVector,
  optionalBoolean,
  numbersOf,
  optionalWhole,
  requiredDate,
  requiredEnum,
  requiredNumber,
  requiredWhole,
  unwrapScalar,
  vectorReader,
} from "./support/args";
import { formula } from "./support/errors";
import { EngineCell, toSpill, unitsToNumber } from "./support/results";

const PROFILE_WORDS: Record<string, DrawdownProfile> = {
  flat: "flat",
  ramp: "ramp",
  front: "front",
  scurve: "scurve",
  "s-curve": "scurve",
};

/** A profile word, or a range of weights (an empty cell in the range weighs 0). */
function profileArgument(value: unknown): DrawdownProfile | Decimal[] {
  if (isMissing(value)) return "flat";
  const single = unwrapScalar(value);
  if (typeof single === "string") return requiredEnum(single, "profile", PROFILE_WORDS);
  if (!Array.isArray(single) && typeof single !== "number") {
    throw valueError(`profile must be one of ${Object.keys(PROFILE_WORDS).join(", ")}, or a range of weights.`);
  }
  return numberVector(value, "profile", ZERO);
}

/**
 * Consumption of the periods so far, from a row or a column. Trailing empty cells are periods not yet
 * reported, so the range may cover the whole term; an empty cell before the last number counts as 0.
 */
function actualsArgument(value: unknown): Float64Array {
  const cells = vectorReader(value, "actuals");
  let reported = cells.length;
  while (reported > 0 && isMissing(cells.cell(reported - 1))) reported--;
  return numbersOf(cells, (i) => `actuals, item ${i + 1},`, reported);
}

/**
 * Lays a commitment out over a term along a profile: one row per period with its draw, the cumulative draw and what remains. Draws are rounded and still add up exactly to the commitment. =DEAL.DRAWDOWN(250000000000, DATE(2025,11,1), 5, "flat", 1) spills five yearly draws of 50000000000.
 * @customfunction DRAWDOWN
 * @param {any} commitment The amount committed, in money (for example 250000000000); not negative.
 * @param {any} start_date The date the first period starts.
 * @param {any} term_years Length of the term in years; term_years x periods_per_year must be a whole number of periods (at most 100,000).
 * @param {any[][]} [profile] How consumption is spread: "flat" (default), "ramp" (1, 2, ..., n), "front" (n, ..., 1), "scurve" (slow, fast, slow), or a range of weights: one per period or one per year.
 * @param {any} [periods_per_year] 1, 2, 4 or 12 periods a year (default 12, monthly).
 * @param {any} [decimals] Decimal places of each draw, -12 to 12 (default 2: cents; -6 rounds to millions).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} Period start | Period end | Draw | Cumulative | Remaining.
 */
export function drawdown(
  commitment: any,
  start_date: any,
  term_years: any,
  // A range of weights must reach the function whole, so the parameter is a matrix; a word arrives as 1x1.
  profile: any[][],
  periods_per_year: any,
  decimals: any,
  headers: any,
): any[][] {
  return formula(() => {
    const schedule = drawdownSchedule(
      {
        commitment: requiredNumber(commitment, "commitment"),
        startDate: requiredDate(start_date, "start_date"),
        termYears: requiredNumber(term_years, "term_years"),
        profile: profileArgument(profile),
        periodsPerYear: optionalWhole(periods_per_year, "periods_per_year", 12, 1, 12),
        decimals: optionalWhole(decimals, "decimals", 2, -12, 12),
      },
      MAX_ROWS,
    );
    const withHeaders = optionalBoolean(headers, "headers", true);
    const first = withHeaders ? 1 : 0;
    const rows: (string | number)[][] = new Array(schedule.length + first);
    if (withHeaders) rows[0] = ["Period start", "Period end", "Draw", "Cumulative", "Remaining"];
    schedule.forEach((p, k) => {
      rows[k + first] = [
        p.start,
        p.end,
        unitsToNumber(p.drawUnits, p.decimals),
        unitsToNumber(p.cumulativeUnits, p.decimals),
        unitsToNumber(p.remainingUnits, p.decimals),
      ];
    });
    return rows;
  });
}

/**
 * Tracks a commitment against the consumption so far: consumed, remaining, the run-rate needed to finish, and the shortfall if consumption continues at its average. =DEAL.COMMITMENTSTATUS(250000000000, B2:B13, 60) after 12 of 60 months.
 * @customfunction COMMITMENTSTATUS
 * @param {any} commitment The amount committed, in money; not negative.
 * @param {any[][]} actuals Consumption of each period so far, a row or a column; trailing empty cells are periods not yet reported.
 * @param {any} total_periods Number of periods in the whole term (at least the number of actuals).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} Consumed | Remaining | Periods left | Required per period | Projected at term end | Projected shortfall.
 */
export function commitmentStatus(commitment: any, actuals: any[][], total_periods: any, headers: any): any[][] {
  return formula(() => {
    const status = statusOfCommitment(
      requiredNumber(commitment, "commitment"),
      actualsArgument(actuals),
      requiredWhole(total_periods, "total_periods", 1, MAX_ROWS),
    );
    const row: EngineCell[] = [
      status.consumed,
      status.remaining,
      status.periodsLeft,
      status.requiredPerPeriod,
      status.projectedAtTermEnd,
      status.projectedShortfall,
    ];
    const withHeaders = optionalBoolean(headers, "headers", true);
    const header = ["Consumed", "Remaining", "Periods left", "Required per period", "Projected at term end", "Projected shortfall"];
    return toSpill(withHeaders ? [header, row] : [row]);
  });
}
