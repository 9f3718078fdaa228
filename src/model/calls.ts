import { endOfMonth } from "../engine/dates";
import { commitmentStatus, drawdown } from "../functions/commitment";
import { capTable, stake } from "../functions/ownership";
import { revShare, revSharePv } from "../functions/revshare";
import { rights, term } from "../functions/terms";
import { valuation } from "../functions/valuation";
import { DealInputs, FieldKey, SectionId, TableValue } from "./fields";
import { CellValue, NumberFormatKind } from "../workbook/types";

/**
 * What the pane shows as the user types, computed by calling the very functions the cells call
 * (src/functions), with the same arguments the model sheets' formulas pass. A function's error is
 * reported at the field whose argument it names, with the function's own message.
 */

export interface Issue {
  /** The field to show the message at; absent when no single field is to blame. */
  field?: FieldKey;
  message: string;
  /** The error value a cell would show: "#VALUE!", "#NUM!", "#N/A". */
  code?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** Which field feeds each argument of a call: the first word of a function's message names the argument. */
type ArgumentFields = Record<string, FieldKey | undefined>;

function attempt<T>(call: () => T, fields: ArgumentFields): Outcome<T> {
  try {
    return { ok: true, value: call() };
  } catch (e) {
    const message = e instanceof Error ? e.message : String((e as { message?: unknown })?.message ?? e);
    const code = typeof (e as { code?: unknown })?.code === "string" ? (e as { code: string }).code : "#VALUE!";
    const argument = /^([a-z_]+)\b/.exec(message)?.[1];
    const field = argument ? fields[argument] : undefined;
    return { ok: false, issue: field ? { field, message, code } : { message, code } };
  }
}

const column = (values: CellValue[]) => values.map((v) => [v]);
const firstColumn = (table: TableValue) => table.map((row) => row[0] ?? null);
/** The functions take Excel's raw arguments: an empty table is an omitted range. */
const rangeOrNull = (rows: CellValue[][]): any => (rows.length ? rows : null);

// ---- Stake ----

export const BASIS_COUNTS: Record<string, string> = {
  "fully-diluted": "As-converted, plus granted options, RSUs and warrants, plus the unissued pool.",
  "as-converted": "Common, plus preferred converted into common at its conversion ratio.",
  issued: "Shares actually issued, preferred counted share for share.",
};

export const BASIS_LABELS: Record<string, string> = {
  "fully-diluted": "Fully diluted",
  "as-converted": "As-converted",
  issued: "Issued",
};

export interface StakeResult {
  /** The holder's stake on the chosen basis (the deal's 27% fully diluted with the deal's figures). */
  stake: number;
  /** With a cap table: the stake on each basis. */
  byBasis: { basis: string; label: string; value: number; counts: string }[];
  /** The deal's pair, whatever the source: 27% fully diluted after the recapitalization, 32.5% as-converted before. */
  termDiluted: number;
  termAsConverted: number;
  ownership: { holder: string; stake: number }[];
}

/** The holders of the deal's figures, in the order the announcement gives them. */
export const DEAL_HOLDERS: { holder: string; key: string }[] = [
  { holder: "Microsoft", key: "stake_diluted" },
  { holder: "OpenAI Foundation", key: "foundation_stake" },
  { holder: "Employees and investors", key: "others_stake" },
];

export function computeStake(inputs: DealInputs): Outcome<StakeResult> {
  const preset = { terms: "preset" } as ArgumentFields;
  const termDiluted = attempt(() => term("stake_diluted", inputs.preset) as number, preset);
  if (!termDiluted.ok) return termDiluted;
  const termAsConverted = attempt(() => term("stake_as_converted", inputs.preset) as number, preset);
  if (!termAsConverted.ok) return termAsConverted;
  if (inputs.stakeSource !== "captable") {
    const ownership: { holder: string; stake: number }[] = [];
    for (const { holder, key } of DEAL_HOLDERS) {
      const value = attempt(() => term(key, inputs.preset) as number, preset);
      if (!value.ok) return value;
      ownership.push({ holder, stake: value.value });
    }
    return {
      ok: true,
      value: { stake: termDiluted.value, byBasis: [], termDiluted: termDiluted.value, termAsConverted: termAsConverted.value, ownership },
    };
  }
  const fields: ArgumentFields = { captable: "stakeCapTable", holder: "stakeHolder", basis: "stakeBasis" };
  const table = rangeOrNull(inputs.stakeCapTable);
  const chosen = attempt(() => stake(table, inputs.stakeHolder, inputs.stakeBasis), fields);
  if (!chosen.ok) return chosen;
  const byBasis: StakeResult["byBasis"] = [];
  for (const basis of Object.keys(BASIS_COUNTS)) {
    const value = attempt(() => stake(table, inputs.stakeHolder, basis), fields);
    if (!value.ok) return value;
    byBasis.push({ basis, label: BASIS_LABELS[basis], value: value.value, counts: BASIS_COUNTS[basis] });
  }
  const spill = attempt(() => capTableSpill(inputs), fields);
  if (!spill.ok) return spill;
  // Header row first, Total row last.
  const ownership = spill.value.slice(1, -1).map((row) => ({ holder: String(row[0]), stake: Number(row[2]) }));
  return {
    ok: true,
    value: { stake: chosen.value, byBasis, termDiluted: termDiluted.value, termAsConverted: termAsConverted.value, ownership },
  };
}

/** DEAL.CAPTABLE as the stake sheet's spill calls it, on the pane's cap table (headers on). */
export function capTableSpill(inputs: DealInputs): any[][] {
  return capTable(rangeOrNull(inputs.stakeCapTable), inputs.stakeBasis, true);
}

/** Holder names of a cap table, once each, in order of first appearance (trimmed, case-insensitive, as DEAL.CAPTABLE adds them up). */
export function capTableHolders(rows: TableValue): string[] {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const name = row[0] === null || row[0] === undefined ? "" : String(row[0]).trim();
    if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}

// ---- Valuation ----

/** Offsets of the sensitivity grid, in steps, for rows (stake value) and columns (stake). */
export const SENSITIVITY_STEPS = [-2, -1, 0, 1, 2];

export interface ValuationResult {
  implied: number;
  grid: { stakes: number[]; values: number[]; cells: (number | string)[][] };
}

export function computeValuation(inputs: DealInputs): Outcome<ValuationResult> {
  const fields: ArgumentFields = { stake_value: "valuationStakeValue", stake: "valuationStake" };
  const implied = attempt(() => valuation(inputs.valuationStakeValue, inputs.valuationStake), fields);
  if (!implied.ok) return implied;
  const stakes = SENSITIVITY_STEPS.map((k) => inputs.valuationStake + k * inputs.valuationStakeStep);
  const values = SENSITIVITY_STEPS.map((k) => inputs.valuationStakeValue * (1 + k * inputs.valuationValueStep));
  const cells = values.map((value) =>
    stakes.map((s) => {
      // A grid cell outside the range (a stake of 0 or below) shows its error, as the sheet's cell does.
      const cell = attempt(() => valuation(value, s), {});
      return cell.ok ? cell.value : ((cell as { issue: Issue }).issue.code ?? "#VALUE!");
    }),
  );
  return { ok: true, value: { implied: implied.value, grid: { stakes, values, cells } } };
}

// ---- Revenue share ----

/** A growth forecast longer than this many periods is refused (the sheet writes one row a period). */
export const MAX_FORECAST_PERIODS = 1200;

export interface Forecast {
  periodEnds: CellValue[];
  revenue: CellValue[];
}

/**
 * The revenue forecast, as the sheet's forecast block holds it: with a growth assumption, period k
 * (from 0) ends EOMONTH(first_end, k x 12 / periods_per_year) and earns first_revenue x (1 + growth)^(k /
 * periods_per_year); otherwise the user's table.
 */
export function revenueForecast(inputs: DealInputs): Outcome<Forecast> {
  if (inputs.revshareForecast === "table") {
    return {
      ok: true,
      value: { periodEnds: inputs.revshareTable.map((r) => r[0] ?? null), revenue: inputs.revshareTable.map((r) => r[1] ?? null) },
    };
  }
  const ppy = inputs.revsharePeriodsPerYear;
  if (![1, 2, 4, 12].includes(ppy))
    return { ok: false, issue: { field: "revsharePeriodsPerYear", message: "Periods a year must be 1, 2, 4 or 12." } };
  const periods = inputs.revshareYears * ppy;
  if (!Number.isInteger(inputs.revshareYears) || inputs.revshareYears < 1 || periods > MAX_FORECAST_PERIODS) {
    return {
      ok: false,
      issue: { field: "revshareYears", message: `Years of forecast must be a whole number from 1 to ${MAX_FORECAST_PERIODS / ppy}.` },
    };
  }
  if (endOfMonth(inputs.revshareFirstPeriodEnd, 0) !== inputs.revshareFirstPeriodEnd) {
    return {
      ok: false,
      issue: { field: "revshareFirstPeriodEnd", message: "Give the last day of a month: the forecast's periods end on month-ends." },
    };
  }
  const periodEnds: number[] = [];
  const revenue: number[] = [];
  for (let k = 0; k < periods; k++) {
    periodEnds.push(endOfMonth(inputs.revshareFirstPeriodEnd, (k * 12) / ppy));
    revenue.push(inputs.revshareFirstRevenue * Math.pow(1 + inputs.revshareGrowth, k / ppy));
  }
  return { ok: true, value: { periodEnds, revenue } };
}

/**
 * The last day of accrual: the fixed end when there is one (the 2026 amendment's), else the day before
 * AGI is verified (as DEAL.RIGHTS ends the revenue-share right: verification takes effect on its day).
 */
export function accrualEnd(inputs: DealInputs): number | null {
  if (inputs.revshareFixedEnd !== null) return inputs.revshareFixedEnd;
  return inputs.agiDate === null ? null : inputs.agiDate - 1;
}

export interface RevshareResult {
  schedule: (number | string | boolean)[][];
  totalPaid: number;
  presentValue: number;
  end: number | null;
  lastPayment: number | null;
  capReached: boolean;
}

function revshareFields(inputs: DealInputs): ArgumentFields {
  const growth = inputs.revshareForecast !== "table";
  return {
    revenue: growth ? "revshareFirstRevenue" : "revshareTable",
    period_ends: growth ? "revshareFirstPeriodEnd" : "revshareTable",
    rate: "revshareRate",
    end_date: inputs.revshareFixedEnd !== null ? "revshareFixedEnd" : "agiDate",
    cap: "revshareCap",
    payout_periods: "revsharePayoutYears",
    payout_lag: "revshareLag",
    discount_rate: "revshareDiscountRate",
  };
}

/** The arguments of DEAL.REVSHARE and DEAL.REVSHAREPV, as the sheet's formula passes them. */
export function revshareArguments(inputs: DealInputs, forecast: Forecast) {
  return {
    revenue: column(forecast.revenue),
    periodEnds: rangeOrNull(column(forecast.periodEnds)),
    end: accrualEnd(inputs),
    payoutPeriods: inputs.revsharePayoutYears * inputs.revsharePeriodsPerYear,
  };
}

/** DEAL.REVSHARE as the revenue-share sheet's schedule calls it (headers on). */
export function revshareSchedule(inputs: DealInputs, args: ReturnType<typeof revshareArguments>): any[][] {
  return revShare(
    args.revenue,
    inputs.revshareRate,
    args.periodEnds,
    args.end,
    inputs.revshareCap,
    args.payoutPeriods,
    inputs.revshareLag,
    true,
  );
}

export function computeRevshare(inputs: DealInputs): Outcome<RevshareResult> {
  const forecast = revenueForecast(inputs);
  if (!forecast.ok) return forecast;
  const fields = revshareFields(inputs);
  const args = revshareArguments(inputs, forecast.value);
  const schedule = attempt(() => revshareSchedule(inputs, args), fields);
  if (!schedule.ok) return schedule;
  const pv = attempt(
    () =>
      revSharePv(
        args.revenue,
        inputs.revshareRate,
        inputs.revshareDiscountRate,
        args.periodEnds,
        args.end,
        inputs.revshareCap,
        args.payoutPeriods,
        inputs.revshareLag,
      ),
    fields,
  );
  if (!pv.ok) return pv;
  const body = schedule.value.slice(1);
  const last = body[body.length - 1];
  const totalPaid = last ? Number(last[4]) : 0;
  const paying = body.filter((row) => Number(row[3]) !== 0);
  return {
    ok: true,
    value: {
      schedule: schedule.value,
      totalPaid,
      presentValue: pv.value,
      end: args.end,
      lastPayment: paying.length ? Number(paying[paying.length - 1][0]) : null,
      capReached: inputs.revshareCap !== null && totalPaid >= inputs.revshareCap,
    },
  };
}

// ---- Draw-down ----

export interface DrawdownResult {
  schedule: (number | string | boolean)[][];
  periods: number;
  firstDraw: number;
  status: { consumed: number; remaining: number; periodsLeft: number; requiredPerPeriod: number; projected: number; shortfall: number };
}

/** DRAWDOWN's profile is a matrix parameter (a range of weights must arrive whole), so a word goes in as 1x1. */
function drawdownProfileArgument(inputs: DealInputs): CellValue[][] {
  return inputs.drawdownProfile === "weights"
    ? (rangeOrNull(column(firstColumn(inputs.drawdownWeights))) ?? [[""]])
    : [[inputs.drawdownProfile]];
}

/** DEAL.DRAWDOWN as the draw-down sheet's schedule calls it, with the pane's inputs (headers on). */
export function drawdownSchedule(inputs: DealInputs): any[][] {
  return drawdown(
    inputs.drawdownCommitment,
    inputs.drawdownStart,
    inputs.drawdownTermYears,
    drawdownProfileArgument(inputs),
    inputs.drawdownPeriodsPerYear,
    null,
    true,
  );
}

export function computeDrawdown(inputs: DealInputs): Outcome<DrawdownResult> {
  const fields: ArgumentFields = {
    commitment: "drawdownCommitment",
    start_date: "drawdownStart",
    term_years: "drawdownTermYears",
    profile: inputs.drawdownProfile === "weights" ? "drawdownWeights" : "drawdownProfile",
    periods_per_year: "drawdownPeriodsPerYear",
    actuals: "drawdownActuals",
    total_periods: "drawdownTermYears",
  };
  const schedule = attempt(() => drawdownSchedule(inputs), fields);
  if (!schedule.ok) return schedule;
  const periods = schedule.value.length - 1;
  const actuals = column(firstColumn(inputs.drawdownActuals));
  const status = attempt(() => commitmentStatus(inputs.drawdownCommitment, actuals.length ? actuals : [[null]], periods, false), fields);
  if (!status.ok) return status;
  const [consumed, remaining, periodsLeft, requiredPerPeriod, projected, shortfall] = status.value[0].map(Number);
  return {
    ok: true,
    value: {
      schedule: schedule.value,
      periods,
      firstDraw: Number(schedule.value[1]?.[2] ?? 0),
      status: { consumed, remaining, periodsLeft, requiredPerPeriod, projected, shortfall },
    },
  };
}

// ---- Rights ----

export interface RightsResult {
  rights: { label: string; active: boolean; ends: number | string }[];
}

export function computeRights(inputs: DealInputs): Outcome<RightsResult> {
  const rows = attempt(() => rights(inputs.asOf, inputs.agiDate, inputs.preset, false), {
    as_of: "asOf",
    agi_verified: "agiDate",
    terms: "preset",
  });
  if (!rows.ok) return rows;
  return {
    ok: true,
    value: { rights: rows.value.map((r) => ({ label: String(r[0]), active: r[1] === true, ends: r[2] as number | string })) },
  };
}

// ---- all sections ----

export interface SectionResults {
  stake: Outcome<StakeResult>;
  valuation: Outcome<ValuationResult>;
  revshare: Outcome<RevshareResult>;
  drawdown: Outcome<DrawdownResult>;
  rights: Outcome<RightsResult>;
}

export const COMPUTE: { [S in SectionId]: (inputs: DealInputs) => SectionResults[S] } = {
  stake: computeStake,
  valuation: computeValuation,
  revshare: computeRevshare,
  drawdown: computeDrawdown,
  rights: computeRights,
};

/** The figures two scenarios are compared on. */
export interface KeyOutput {
  key: string;
  label: string;
  format: NumberFormatKind | "boolean";
  value: number | string | null;
  /** Why there is no value: the section's message. */
  problem?: string;
}

export function keyOutputs(inputs: DealInputs): KeyOutput[] {
  const outputs: KeyOutput[] = [];
  const add = <T>(outcome: Outcome<T>, key: string, label: string, format: KeyOutput["format"], pick: (v: T) => number | string | null) => {
    if (outcome.ok) outputs.push({ key, label, format, value: pick(outcome.value) });
    else outputs.push({ key, label, format, value: null, problem: outcome.issue.message });
  };
  const stakeResult = computeStake(inputs);
  const basis = inputs.stakeSource === "captable" ? (BASIS_LABELS[inputs.stakeBasis] ?? inputs.stakeBasis).toLowerCase() : "fully diluted";
  add(stakeResult, "stake", `Stake (${basis})`, "percent", (v) => v.stake);
  const valuationResult = computeValuation(inputs);
  add(valuationResult, "implied", "Implied equity value", "currency", (v) => v.implied);
  const revshareResult = computeRevshare(inputs);
  add(revshareResult, "revshareTotal", "Revenue share paid in total", "currency", (v) => v.totalPaid);
  add(revshareResult, "revsharePv", "Revenue share, present value", "currency", (v) => v.presentValue);
  add(revshareResult, "revshareLast", "Last revenue-share payment", "date", (v) => v.lastPayment);
  const drawdownResult = computeDrawdown(inputs);
  add(drawdownResult, "firstDraw", "First period's draw", "currency", (v) => v.firstDraw);
  if (inputs.drawdownActuals.some((row) => typeof row[0] === "number")) {
    add(drawdownResult, "shortfall", "Projected commitment shortfall", "currency", (v) => v.status.shortfall);
  } else {
    // Without actuals the projection is all shortfall: a number that would mislead beside another scenario's.
    outputs.push({
      key: "shortfall",
      label: "Projected commitment shortfall",
      format: "currency",
      value: null,
      problem: "no actual consumption entered",
    });
  }
  const rightsResult = computeRights(inputs);
  add(rightsResult, "rights", "Rights in force on the as-of date", "text", (v) =>
    v.rights
      .filter((r) => r.active)
      .map((r) => r.label)
      .join(", "),
  );
  return outputs;
}
