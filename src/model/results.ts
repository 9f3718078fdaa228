import { NumberFormatKind } from "../workbook/types";
import {
  CALLS,
  CallError,
  CallOutcome,
  CellInputs,
  cellInputs,
  CellOverrides,
  evaluate,
  fieldOfName,
  NameValues,
  nameValues,
  SENSITIVITY_AXES,
  SENSITIVITY_STEPS,
} from "./calls";
import { inFieldWords } from "./fieldAids";
import { DealInputs, FIELD_BY_KEY, FieldKey, SectionId, TableValue } from "./fields";
import { NAMES } from "./names";

/**
 * What the pane shows for each section, computed by evaluating the model's DEAL.* calls (src/model/calls.ts)
 * with the values the sheet's names hold: the same function, the same arguments as the cells, so the pane
 * and the grid show one number for each quantity. An error is the cell's: its message and code, at the
 * field its argument comes from when the function names the argument.
 */

export interface Issue {
  /** The field to show the message at; absent when no single field is to blame. */
  field?: FieldKey;
  message: string;
  /** The error value a cell would show: "#VALUE!", "#NUM!", "#N/A". */
  code?: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; issue: Issue };

/** A function's error; at a field, in the field's words (its label and what it accepts), never the argument's name. */
function issueOf(error: CallError, cells: CellInputs): Issue {
  const field = error.name ? fieldOfName(error.name, cells) : undefined;
  if (!field) return { message: error.message, code: error.code };
  return { field, message: inFieldWords(FIELD_BY_KEY[field], error.message, error.argument), code: error.code };
}

function outcome<T>(result: CallOutcome<T>, cells: CellInputs): Outcome<T> {
  return result.ok ? result : { ok: false, issue: issueOf(result.error, cells) };
}

/** The model's values for a computation: the inputs, with the grid's own cells where the pane could not take them. */
export interface Evaluation {
  inputs: DealInputs;
  /** The inputs as their cells hold them (the grid's own content where the pane could not take it). */
  cells: CellInputs;
  values: NameValues;
}

export function evaluation(inputs: DealInputs, overrides: CellOverrides = {}): Evaluation {
  return { inputs, cells: cellInputs(inputs, overrides), values: nameValues(inputs, overrides) };
}

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

/** Holder names of a cap table, once each, in order of first appearance (trimmed, case-insensitive, as DEAL.CAPTABLE adds them up). */
export function capTableHolders(rows: TableValue): string[] {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const holder = row[0] === null || row[0] === undefined ? "" : String(row[0]).trim();
    if (holder && !seen.has(holder.toLowerCase())) seen.set(holder.toLowerCase(), holder);
  }
  return [...seen.values()];
}

export function computeStake({ inputs, cells, values }: Evaluation): Outcome<StakeResult> {
  const termOf = (key: string) => outcome(evaluate<number>(CALLS.term(key), values), cells);
  const termDiluted = termOf("stake_diluted");
  if (!termDiluted.ok) return termDiluted;
  const termAsConverted = termOf("stake_as_converted");
  if (!termAsConverted.ok) return termAsConverted;
  if (inputs.stakeSource !== "captable") {
    const ownership: { holder: string; stake: number }[] = [];
    for (const { holder, key } of DEAL_HOLDERS) {
      const value = termOf(key);
      if (!value.ok) return value;
      ownership.push({ holder, stake: value.value });
    }
    return {
      ok: true,
      value: { stake: termDiluted.value, byBasis: [], termDiluted: termDiluted.value, termAsConverted: termAsConverted.value, ownership },
    };
  }
  const chosen = outcome(evaluate<number>(CALLS.stake(), values), cells);
  if (!chosen.ok) return chosen;
  const byBasis: StakeResult["byBasis"] = [];
  for (const basis of Object.keys(BASIS_COUNTS)) {
    const value = outcome(evaluate<number>(CALLS.stake(undefined, { param: "basis", constant: basis }), values), cells);
    if (!value.ok) return value;
    byBasis.push({ basis, label: BASIS_LABELS[basis], value: value.value, counts: BASIS_COUNTS[basis] });
  }
  const spill = outcome(evaluate<any[][]>(CALLS.capTable, values), cells);
  if (!spill.ok) return spill;
  // Header row first, Total row last.
  const ownership = spill.value.slice(1, -1).map((row) => ({ holder: String(row[0]), stake: Number(row[2]) }));
  return {
    ok: true,
    value: { stake: chosen.value, byBasis, termDiluted: termDiluted.value, termAsConverted: termAsConverted.value, ownership },
  };
}

// ---- Valuation ----

export interface ValuationResult {
  implied: number;
  grid: { stakes: number[]; values: number[]; cells: (number | string)[][] };
}

export function computeValuation({ cells, values }: Evaluation): Outcome<ValuationResult> {
  const implied = outcome(evaluate<number>(CALLS.valuation, values), cells);
  if (!implied.ok) return implied;
  const stakes = SENSITIVITY_STEPS.map((k) => SENSITIVITY_AXES.stake.value(cells, k) as number);
  const rowValues = SENSITIVITY_STEPS.map((k) => SENSITIVITY_AXES.value.value(cells, k) as number);
  const grid = rowValues.map((value) =>
    stakes.map((s) => {
      // A grid cell outside the range (a stake of 0 or below) shows its error, as the sheet's cell does.
      const cell = evaluate<number>(CALLS.sensitivity("A1", "B1", value, s), values);
      return cell.ok ? cell.value : cell.error.code;
    }),
  );
  return { ok: true, value: { implied: implied.value, grid: { stakes, values: rowValues, cells: grid } } };
}

// ---- Revenue share ----

export interface RevshareResult {
  schedule: (number | string | boolean)[][];
  totalPaid: number;
  presentValue: number;
  end: number | null;
  lastPayment: number | null;
  capReached: boolean;
}

export function computeRevshare({ inputs, cells, values }: Evaluation): Outcome<RevshareResult> {
  const schedule = outcome(evaluate<any[][]>(CALLS.revshare, values), cells);
  if (!schedule.ok) return schedule;
  const total = outcome(evaluate<number>(CALLS.revshareTotal, values), cells);
  if (!total.ok) return total;
  const pv = outcome(evaluate<number>(CALLS.revsharePv, values), cells);
  if (!pv.ok) return pv;
  const body = schedule.value.slice(1);
  const paying = body.filter((row) => Number(row[3]) !== 0);
  const end = values[NAMES.revshareEnd];
  return {
    ok: true,
    value: {
      schedule: schedule.value,
      totalPaid: total.value,
      presentValue: pv.value,
      end: typeof end === "number" ? end : null,
      lastPayment: paying.length ? Number(paying[paying.length - 1][0]) : null,
      capReached: inputs.revshareCap !== null && total.value >= inputs.revshareCap,
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

export function computeDrawdown({ inputs, cells, values }: Evaluation): Outcome<DrawdownResult> {
  const schedule = outcome(evaluate<any[][]>(CALLS.drawdown(inputs.drawdownProfile === "weights"), values), cells);
  if (!schedule.ok) return schedule;
  const status = outcome(evaluate<any[][]>(CALLS.commitmentStatus, values), cells);
  if (!status.ok) return status;
  const [consumed, remaining, periodsLeft, requiredPerPeriod, projected, shortfall] = status.value[1].map(Number);
  return {
    ok: true,
    value: {
      schedule: schedule.value,
      periods: schedule.value.length - 1,
      firstDraw: Number(schedule.value[1]?.[2] ?? 0),
      status: { consumed, remaining, periodsLeft, requiredPerPeriod, projected, shortfall },
    },
  };
}

// ---- Rights ----

export interface RightsResult {
  rights: { label: string; active: boolean; ends: number | string }[];
}

export function computeRights({ cells, values }: Evaluation): Outcome<RightsResult> {
  const rows = outcome(evaluate<any[][]>(CALLS.rights, values), cells);
  if (!rows.ok) return rows;
  return {
    ok: true,
    value: { rights: rows.value.slice(1).map((r) => ({ label: String(r[0]), active: r[1] === true, ends: r[2] as number | string })) },
  };
}

// ---- AGI timing ----

export interface AgiScenarioResult {
  /** The day AGI is verified, or null: not verified within the forecast. */
  agiVerified: number | null;
  probability: number;
  /** The last day of accrual: the day before verification; null when accrual does not end. */
  accrualEnds: number | null;
  paidInTotal: number;
  presentValue: number;
  lastPayment: number | null;
}

export interface AgiResult {
  /**
   * The revenue share in each scenario and its expectation, when the share ends at AGI (the 2025-10
   * terms); null when the terms fix its last day, so that it does not depend on AGI.
   */
  revenueShare: {
    schedule: (number | string | boolean)[][];
    scenarios: AgiScenarioResult[];
    expectedPaid: number;
    expectedPresentValue: number;
    lowestPresentValue: number;
    highestPresentValue: number;
  } | null;
  /** The fixed last day of accrual that makes the revenue share independent of AGI. */
  fixedEnd: number | null;
  /** Each right with the probability that it is in force on the as-of date. */
  rights: { label: string; probability: number }[];
}

const dateOrNull = (v: unknown) => (typeof v === "number" ? v : null);

export function computeAgi({ inputs, cells, values }: Evaluation): Outcome<AgiResult> {
  const rights = outcome(evaluate<any[][]>(CALLS.rightsProbability, values), cells);
  if (!rights.ok) return rights;
  const rightsList = rights.value.slice(1).map((r) => ({ label: String(r[0]), probability: Number(r[1]) }));
  const fixedEnd = inputs.revshareFixedEnd;
  if (fixedEnd !== null) return { ok: true, value: { revenueShare: null, fixedEnd, rights: rightsList } };
  const table = outcome(evaluate<any[][]>(CALLS.revshareAgi, values), cells);
  if (!table.ok) return table;
  const body = table.value.slice(1);
  const expected = body[body.length - 1];
  const scenarios = body.slice(0, -1).map((r): AgiScenarioResult => ({
    agiVerified: dateOrNull(r[0]),
    probability: Number(r[1]),
    accrualEnds: dateOrNull(r[2]),
    paidInTotal: Number(r[3]),
    presentValue: Number(r[4]),
    lastPayment: dateOrNull(r[5]),
  }));
  const pvs = scenarios.map((s) => s.presentValue);
  return {
    ok: true,
    value: {
      revenueShare: {
        schedule: table.value,
        scenarios,
        expectedPaid: Number(expected[3]),
        expectedPresentValue: Number(expected[4]),
        lowestPresentValue: Math.min(...pvs),
        highestPresentValue: Math.max(...pvs),
      },
      fixedEnd: null,
      rights: rightsList,
    },
  };
}

// ---- all sections ----

export interface SectionResults {
  stake: Outcome<StakeResult>;
  valuation: Outcome<ValuationResult>;
  revshare: Outcome<RevshareResult>;
  drawdown: Outcome<DrawdownResult>;
  rights: Outcome<RightsResult>;
  agi: Outcome<AgiResult>;
}

export const COMPUTE: { [S in SectionId]: (e: Evaluation) => SectionResults[S] } = {
  stake: computeStake,
  valuation: computeValuation,
  revshare: computeRevshare,
  drawdown: computeDrawdown,
  rights: computeRights,
  agi: computeAgi,
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
  const e = evaluation(inputs);
  const outputs: KeyOutput[] = [];
  const add = <T>(result: Outcome<T>, key: string, label: string, format: KeyOutput["format"], pick: (v: T) => number | string | null) => {
    if (result.ok) outputs.push({ key, label, format, value: pick(result.value) });
    else outputs.push({ key, label, format, value: null, problem: result.issue.message });
  };
  const stakeResult = computeStake(e);
  const basis = inputs.stakeSource === "captable" ? (BASIS_LABELS[inputs.stakeBasis] ?? inputs.stakeBasis).toLowerCase() : "fully diluted";
  add(stakeResult, "stake", `Stake (${basis})`, "percent", (v) => v.stake);
  add(computeValuation(e), "implied", "Implied equity value", "currency", (v) => v.implied);
  const revshareResult = computeRevshare(e);
  add(revshareResult, "revshareTotal", "Revenue share paid in total", "currency", (v) => v.totalPaid);
  add(revshareResult, "revsharePv", "Revenue share, present value", "currency", (v) => v.presentValue);
  add(revshareResult, "revshareLast", "Last revenue-share payment", "date", (v) => v.lastPayment);
  const drawdownResult = computeDrawdown(e);
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
  const agiResult = computeAgi(e);
  if (agiResult.ok && agiResult.value.revenueShare === null) {
    outputs.push({
      key: "agiExpectedPv",
      label: "Revenue share, expected present value over AGI timing",
      format: "currency",
      value: null,
      problem: "the terms fix the revenue share's end: AGI does not change it",
    });
  } else {
    add(
      agiResult,
      "agiExpectedPv",
      "Revenue share, expected present value over AGI timing",
      "currency",
      (v) => v.revenueShare!.expectedPresentValue,
    );
  }
  add(computeRights(e), "rights", "Rights in force on the as-of date", "text", (v) =>
    v.rights
      .filter((r) => r.active)
      .map((r) => r.label)
      .join(", "),
  );
  return outputs;
}
