import { commitmentStatus as statusOfCommitment, drawdownSchedule, DrawdownProfile } from "../engine/drawdown";
import { valueError } from "../engine/errors";
import { POWERS_OF_TEN } from "../engine/exact";
import {
  cellNumbers,
  isMissing,
  MAX_ROWS,
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
function profileArgument(value: unknown): DrawdownProfile | Float64Array {
  if (isMissing(value)) return "flat";
  const single = unwrapScalar(value);
  if (typeof single === "string") return requiredEnum(single, "profile", PROFILE_WORDS);
  if (!Array.isArray(single) && typeof single !== "number") {
    throw valueError(`profile must be one of ${Object.keys(PROFILE_WORDS).join(", ")}, or a range of weights.`, "profile");
  }
  return numbersOf(vectorReader(value, "profile"), (i) => `profile, item ${i + 1},`);
}

/** A plan of every period's amount, or null when not given (a range left wholly empty counts as not given). */
function planArgument(value: unknown): Float64Array | null {
  if (isMissing(value)) return null;
  const cells = vectorReader(value, "plan");
  for (let i = 0; i < cells.length; i++) if (!isMissing(cells.cell(i))) return cellNumbers(value, "plan");
  return null;
}

/** Whole units of 10^-decimals as cell numbers: one correctly rounded operation each, or BigInt's exact conversion. */
function unitsReader(units: Float64Array | bigint[], decimals: number): (k: number) => number {
  if (!(units instanceof Float64Array)) return (k) => unitsToNumber(units[k], decimals);
  const power = POWERS_OF_TEN[Math.abs(decimals)];
  return decimals >= 0 ? (k) => units[k] / power : (k) => units[k] * power;
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
    const { starts, ends } = schedule;
    const rows: (string | number)[][] = new Array(starts.length + first);
    if (withHeaders) rows[0] = ["Period start", "Period end", "Draw", "Cumulative", "Remaining"];
    const [draw, cumulative, remaining] = [schedule.draws, schedule.cumulative, schedule.remaining].map((units) =>
      unitsReader(units, schedule.decimals),
    );
    for (let k = 0; k < starts.length; k++) rows[k + first] = [starts[k], ends[k], draw(k), cumulative(k), remaining(k)];
    return rows;
  });
}

/**
 * Tracks a commitment against the consumption so far: consumed, remaining, the run-rate needed to finish, and the projected shortfall, continuing the average so far or, with a plan, the plan at the pace so far. =DEAL.COMMITMENTSTATUS(250000000000, B2:B13, 60) after 12 of 60 months; =DEAL.COMMITMENTSTATUS(250000000000, B2:B13, 60, , D2:D61) against the Draw column of a DEAL.DRAWDOWN in D.
 * @customfunction COMMITMENTSTATUS
 * @param {any} commitment The amount committed, in money; not negative.
 * @param {any[][]} actuals Consumption of each period so far, a row or a column; trailing empty cells are periods not yet reported. Credits (negative amounts) are allowed, a negative total is not.
 * @param {any} total_periods Number of periods in the whole term (at least the number of actuals).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @param {any[][]} [plan] The planned amount of each of the total_periods periods (for example the Draw column of DEAL.DRAWDOWN), not negative. Adds Planned to date and Ahead of plan, and projects the term's end along the plan. Empty: the average so far is continued.
 * @returns {any[][]} Consumed | Remaining | Periods left | Required per period | Projected at term end | Projected shortfall, then with a plan Planned to date | Ahead of plan.
 */
export function commitmentStatus(commitment: any, actuals: any[][], total_periods: any, headers: any, plan?: any[][]): any[][] {
  return formula(() => {
    const committed = requiredNumber(commitment, "commitment");
    const totalPeriods = requiredWhole(total_periods, "total_periods", 1, MAX_ROWS);
    const withHeaders = optionalBoolean(headers, "headers", true);
    const status = statusOfCommitment(committed, actualsArgument(actuals), totalPeriods, planArgument(plan));
    const row: EngineCell[] = [
      status.consumed,
      status.remaining,
      status.periodsLeft,
      status.requiredPerPeriod,
      status.projectedAtTermEnd,
      status.projectedShortfall,
    ];
    const header = ["Consumed", "Remaining", "Periods left", "Required per period", "Projected at term end", "Projected shortfall"];
    if (status.plannedToDate && status.aheadOfPlan) {
      row.push(status.plannedToDate, status.aheadOfPlan);
      header.push("Planned to date", "Ahead of plan");
    }
    return toSpill(withHeaders ? [header, row] : [row]);
  });
}
