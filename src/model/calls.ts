import { endOfMonth, MAX_SERIAL, MIN_SERIAL } from "../engine/dates";
import { commitmentStatus, drawdown } from "../functions/commitment";
import { capTable, stake } from "../functions/ownership";
import { revShare, revSharePv } from "../functions/revshare";
import { rights, term } from "../functions/terms";
import { revShareAgi, rightsProbability } from "../functions/agi";
import { stakeValue, valuation } from "../functions/valuation";
import { typedNumber } from "../workbook/typed";
import { CellValue } from "../workbook/types";
import { DealInputs, FieldKey, FIELDS, toCell } from "./fields";
import { NAMES } from "./names";

/**
 * Every DEAL.* call of the model, described once: the function, and for each of its arguments the named
 * cell (or block, or constant) it comes from. Both the sheet's formula (`formulaOf`) and the pane's
 * evaluation (`evaluate`, which calls the very function the cell calls) are generated from the one
 * description, so they cannot drift apart.
 *
 * The values the names hold are described here too (`nameValues`): an input cell holds its field, a block
 * holds the rows the sheet lays out (the same functions lay them out), and the few cells the model
 * computes with Excel's own formulas (the accrual end, the instalment count, the forecast rows, the
 * sensitivity axes) have their formula and their value side by side, held to each other by a test in the
 * embedded engine.
 */

export type ArgumentValue = CellValue | CellValue[][];

export type CallArgument =
  /** A named cell or block; `omitBlank` passes an empty cell as "" (not given) rather than as an empty cell. */
  | { param: string; name: string; range?: boolean; omitBlank?: boolean }
  /** A cell of the same sheet (a holder's name beside its stake). */
  | { param: string; cell: string; value: (values: NameValues) => CellValue }
  /** An expression of names, written into the formula as is. */
  | { param: string; expression: string; value: (values: NameValues) => CellValue }
  /** A constant. */
  | { param: string; constant: CellValue; range?: boolean };

export interface DealCall {
  /** The function's id, without the DEAL. namespace. */
  id: string;
  run: (...args: any[]) => any;
  args: CallArgument[];
}

/** What each named cell or block of the model holds; blocks as rows. */
export type NameValues = Readonly<Record<string, ArgumentValue>>;

/** Cells the grid holds that the pane cannot take as its field (text in a number cell): passed on as they are. */
export type CellOverrides = Partial<Record<FieldKey, CellValue>>;

// ---- formulas ----

function constantText(value: CellValue): string {
  if (value === null) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Excel desktop hands a custom function an empty cell as 0 (Excel on the web as null), and a cap of 0 or a
 * date of 0 means something else than "none": an optional input that may be blank goes in as "".
 */
function blankAsOmitted(name: string): string {
  return `IF(ISBLANK(${name}),"",${name})`;
}

function argumentText(arg: CallArgument): string {
  if ("name" in arg) return arg.omitBlank ? blankAsOmitted(arg.name) : arg.name;
  if ("cell" in arg) return arg.cell;
  if ("expression" in arg) return arg.expression;
  return constantText(arg.constant);
}

/** The call as a cell formula: `=DEAL.REVSHARE(Deal_RevShare_Revenue,Deal_RevShare_Rate,...)`. */
export function formulaOf(call: DealCall): string {
  return `=DEAL.${call.id}(${call.args.map(argumentText).join(",")})`;
}

// ---- evaluation ----

/** The error a call raised, as the cell shows it. */
export interface CallError {
  message: string;
  /** "#VALUE!", "#NUM!", "#N/A". */
  code: string;
  /** The function's parameter the error is about, when the function names one. */
  argument?: string;
  /** The named cell that argument comes from. */
  name?: string;
}

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: CallError };

function argumentValue(arg: CallArgument, values: NameValues): unknown {
  if ("name" in arg) {
    const v = values[arg.name] ?? null;
    if (arg.range) return Array.isArray(v) ? v : [[v]];
    if (Array.isArray(v)) return v;
    return v === null && arg.omitBlank ? "" : v;
  }
  if ("constant" in arg) return arg.range ? [[arg.constant]] : arg.constant;
  return arg.value(values);
}

function callError(e: unknown, call: DealCall): CallError {
  const err = e as { message?: unknown; code?: unknown; argument?: unknown };
  let message: string;
  try {
    message = typeof err?.message === "string" ? err.message : String(e);
  } catch {
    message = "The function failed.";
  }
  const code = typeof err?.code === "string" ? err.code : "#VALUE!";
  const argument = typeof err?.argument === "string" ? err.argument : undefined;
  const arg = argument ? call.args.find((a) => a.param === argument) : undefined;
  const error: CallError = { message, code };
  if (argument) error.argument = argument;
  if (arg && "name" in arg) error.name = arg.name;
  return error;
}

/** Calls the function as the cell does, with the values its formula's names hold. */
export function evaluate<T = any>(call: DealCall, values: NameValues): CallOutcome<T> {
  try {
    return { ok: true, value: call.run(...call.args.map((a) => argumentValue(a, values))) as T };
  } catch (e) {
    return { ok: false, error: callError(e, call) };
  }
}

// ---- the calls ----

const name = (param: string, n: string, options: { range?: boolean; omitBlank?: boolean } = {}): CallArgument => ({
  param,
  name: n,
  ...options,
});
const constant = (param: string, value: CellValue, range = false): CallArgument => ({ param, constant: value, range });

/** The instalment count of a period's share: years of payout x periods a year. */
const TOTAL_PERIODS = `${NAMES.drawdownTermYears}*${NAMES.drawdownPeriodsPerYear}`;

const revshareArgs = (discount?: CallArgument): CallArgument[] => [
  name("revenue", NAMES.revshareRevenue, { range: true }),
  name("rate", NAMES.revshareRate),
  ...(discount ? [discount] : []),
  name("period_ends", NAMES.revsharePeriodEnds, { range: true }),
  name("end_date", NAMES.revshareEnd),
  name("cap", NAMES.revshareCap, { omitBlank: true }),
  name("payout_periods", NAMES.revsharePayoutPeriods),
  name("payout_lag", NAMES.revshareLag),
];

export const CALLS = {
  /** A figure of the preset: `=DEAL.TERM("stake_diluted",Deal_Terms_Preset)`. */
  term: (key: string): DealCall => ({ id: "TERM", run: term, args: [constant("key", key), name("terms", NAMES.termsPreset)] }),
  /** The stake of the chosen holder, or (`holder` a cell, `basis` a word) of one holder or basis. */
  stake: (holder?: CallArgument, basis?: CallArgument): DealCall => ({
    id: "STAKE",
    run: stake,
    args: [
      name("captable", NAMES.stakeCapTable, { range: true }),
      holder ?? name("holder", NAMES.stakeHolder),
      basis ?? name("basis", NAMES.stakeBasis),
    ],
  }),
  capTable: {
    id: "CAPTABLE",
    run: capTable,
    args: [name("captable", NAMES.stakeCapTable, { range: true }), name("basis", NAMES.stakeBasis)],
  } as DealCall,
  valuation: {
    id: "VALUATION",
    run: valuation,
    args: [name("stake_value", NAMES.valuationStakeValue), name("stake", NAMES.valuationStake)],
  } as DealCall,
  stakeValue: {
    id: "STAKEVALUE",
    run: stakeValue,
    args: [name("equity_value", NAMES.valuationEquity), name("stake", NAMES.valuationStake)],
  } as DealCall,
  /** One cell of the sensitivity grid: VALUATION of its row's stake value and its column's stake. */
  sensitivity: (valueCell: string, stakeCell: string, value: CellValue, stakeAt: CellValue): DealCall => ({
    id: "VALUATION",
    run: valuation,
    args: [
      { param: "stake_value", cell: valueCell, value: () => value },
      { param: "stake", cell: stakeCell, value: () => stakeAt },
    ],
  }),
  revshare: { id: "REVSHARE", run: revShare, args: revshareArgs() } as DealCall,
  revsharePv: { id: "REVSHAREPV", run: revSharePv, args: revshareArgs(name("discount_rate", NAMES.revshareDiscountRate)) } as DealCall,
  /** Paid in total: the payments' present value at 0%, which is their sum, whatever the schedule's length. */
  revshareTotal: { id: "REVSHAREPV", run: revSharePv, args: revshareArgs(constant("discount_rate", 0)) } as DealCall,
  drawdown: (weights: boolean): DealCall => ({
    id: "DRAWDOWN",
    run: drawdown,
    args: [
      name("commitment", NAMES.drawdownCommitment),
      name("start_date", NAMES.drawdownStart),
      name("term_years", NAMES.drawdownTermYears),
      weights ? name("profile", NAMES.drawdownWeights, { range: true }) : name("profile", NAMES.drawdownProfile, { range: true }),
      name("periods_per_year", NAMES.drawdownPeriodsPerYear),
    ],
  }),
  commitmentStatus: {
    id: "COMMITMENTSTATUS",
    run: commitmentStatus,
    args: [
      name("commitment", NAMES.drawdownCommitment),
      name("actuals", NAMES.drawdownActuals, { range: true }),
      {
        param: "total_periods",
        expression: TOTAL_PERIODS,
        value: (v) => computed(() => operand(v[NAMES.drawdownTermYears]) * operand(v[NAMES.drawdownPeriodsPerYear])),
      },
    ],
  } as DealCall,
  /** The revenue share over the AGI scenarios, on the revenue-share sheet's names. */
  revshareAgi: {
    id: "REVSHAREAGI",
    run: revShareAgi,
    args: [
      name("revenue", NAMES.revshareRevenue, { range: true }),
      name("rate", NAMES.revshareRate),
      name("discount_rate", NAMES.revshareDiscountRate),
      name("period_ends", NAMES.revsharePeriodEnds, { range: true }),
      name("agi_dates", NAMES.agiDates, { range: true }),
      name("probabilities", NAMES.agiProbabilities, { range: true }),
      name("cap", NAMES.revshareCap, { omitBlank: true }),
      name("payout_periods", NAMES.revsharePayoutPeriods),
      name("payout_lag", NAMES.revshareLag),
      name("valuation_date", NAMES.agiValuationDate, { omitBlank: true }),
    ],
  } as DealCall,
  rightsProbability: {
    id: "RIGHTSPROBABILITY",
    run: rightsProbability,
    args: [
      name("as_of", NAMES.termsAsOf),
      name("agi_dates", NAMES.agiDates, { range: true }),
      name("probabilities", NAMES.agiProbabilities, { range: true }),
      name("terms", NAMES.termsPreset),
    ],
  } as DealCall,
  rights: {
    id: "RIGHTS",
    run: rights,
    args: [name("as_of", NAMES.termsAsOf), name("agi_verified", NAMES.termsAgiDate, { omitBlank: true }), name("terms", NAMES.termsPreset)],
  } as DealCall,
};

// ---- the cells the model computes with Excel's own formulas, and the blocks it lays out ----

/** An error value as a cell holds it. */
type ErrorCode = "#VALUE!" | "#NUM!";

class CellError {
  constructor(readonly code: ErrorCode | string) {}
}

/**
 * What a formula reads from an input cell, as Excel's arithmetic reads it: a number; a blank is 0; text
 * that reads as a number is that number; other text is #VALUE!; an error value is itself.
 */
function operand(value: unknown): number {
  if (typeof value === "number") return value;
  if (value === null || value === undefined || value === "") return 0;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = String(value);
  if (/^#[A-Z0-9/!?]+$/.test(text)) throw new CellError(text);
  const n = typedNumber(text);
  if (n === undefined) throw new CellError("#VALUE!");
  return n.value;
}

/** A formula's value: its error value when an operand is one, #NUM! for a number Excel cannot hold. */
function computed(formula: () => number): CellValue {
  try {
    const n = formula();
    return Number.isFinite(n) ? n : "#NUM!";
  } catch (e) {
    if (e instanceof CellError) return e.code;
    throw e;
  }
}

/**
 * The inputs as their cells hold them: the fields' values, with the grid's own content where the pane
 * could not take it (so a formula on a cell holding the text "lots" gives #VALUE!, as in the grid).
 */
export type CellInputs = Readonly<Record<FieldKey, unknown>>;

export function cellInputs(inputs: DealInputs, overrides: CellOverrides = {}): CellInputs {
  return { ...inputs, ...overrides } as CellInputs;
}

/**
 * The last day of accrual: the fixed end when there is one (the 2026 amendment's), else the day before AGI
 * is verified (as DEAL.RIGHTS ends the revenue-share right: verification takes effect on its day).
 */
export const ACCRUAL_END = {
  formula: `=IF(${NAMES.revshareFixedEnd}<>"",${NAMES.revshareFixedEnd},IF(${NAMES.termsAgiDate}<>"",${NAMES.termsAgiDate}-1,""))`,
  value: (cells: Pick<CellInputs, "revshareFixedEnd" | "agiDate">): CellValue => {
    const fixed = cells.revshareFixedEnd as CellValue;
    if (fixed !== null && fixed !== "") return fixed;
    const agi = cells.agiDate as CellValue;
    return agi === null || agi === "" ? null : computed(() => operand(agi) - 1);
  },
};

/** Instalments per period's share: years of payout x periods a year. */
export const PAYOUT_PERIODS = {
  formula: `=${NAMES.revsharePayoutYears}*${NAMES.revsharePeriodsPerYear}`,
  value: (cells: CellInputs): CellValue => computed(() => operand(cells.revsharePayoutYears) * operand(cells.revsharePeriodsPerYear)),
};

/**
 * The growth forecast's period k (from 0): it ends EOMONTH(first_end, k x 12 / periods_per_year) and earns
 * first_revenue x (1 + growth)^(k / periods_per_year).
 */
export const FORECAST_ROW = {
  periodEnd: {
    formula: (k: number) => `=EOMONTH(${NAMES.revshareFirstPeriodEnd},${k}*12/${NAMES.revsharePeriodsPerYear})`,
    value: (cells: CellInputs, k: number): CellValue =>
      computed(() => {
        // EOMONTH drops the fractions of its start date and of its months.
        const start = Math.floor(operand(cells.revshareFirstPeriodEnd));
        const months = Math.trunc((k * 12) / operand(cells.revsharePeriodsPerYear));
        if (start < MIN_SERIAL || start > MAX_SERIAL || !Number.isFinite(months)) throw new CellError("#NUM!");
        const end = endOfMonth(start, months);
        if (end < MIN_SERIAL || end > MAX_SERIAL) throw new CellError("#NUM!");
        return end;
      }),
  },
  revenue: {
    formula: (k: number) => `=${NAMES.revshareFirstRevenue}*(1+${NAMES.revshareGrowth})^(${k}/${NAMES.revsharePeriodsPerYear})`,
    value: (cells: CellInputs, k: number): CellValue =>
      computed(
        () => operand(cells.revshareFirstRevenue) * Math.pow(1 + operand(cells.revshareGrowth), k / operand(cells.revsharePeriodsPerYear)),
      ),
  },
};

/** Offsets of the sensitivity grid, in steps, for rows (stake value) and columns (stake). */
export const SENSITIVITY_STEPS = [-2, -1, 0, 1, 2];

/** The sensitivity grid's axes: a row's stake value and a column's stake, k steps from the inputs. */
export const SENSITIVITY_AXES = {
  value: {
    formula: (k: number) =>
      `=${NAMES.valuationStakeValue}${k === 0 ? "" : `*(1${k > 0 ? "+" : "-"}${Math.abs(k)}*${NAMES.valuationValueStep})`}`,
    value: (cells: CellInputs, k: number): CellValue =>
      computed(() => operand(cells.valuationStakeValue) * (k === 0 ? 1 : 1 + k * operand(cells.valuationValueStep))),
  },
  stake: {
    formula: (k: number) => `=${NAMES.valuationStake}${k === 0 ? "" : `${k > 0 ? "+" : "-"}${Math.abs(k)}*${NAMES.valuationStakeStep}`}`,
    value: (cells: CellInputs, k: number): CellValue =>
      computed(() => operand(cells.valuationStake) + (k === 0 ? 0 : k * operand(cells.valuationStakeStep))),
  },
};

/** Spare empty rows under the cap table, so holders can be added in the grid. */
export const SPARE_CAP_TABLE_ROWS = 5;

/** The cap table block as the sheet lays it out: the holdings, then spare empty rows. */
export function capTableBlock(inputs: DealInputs): CellValue[][] {
  return [...inputs.stakeCapTable.map((row) => [0, 1, 2, 3].map((c) => row[c] ?? null)), ...spareRows(SPARE_CAP_TABLE_ROWS, 4)];
}

function spareRows(rows: number, columns: number): CellValue[][] {
  return Array.from({ length: rows }, () => Array<CellValue>(columns).fill(null));
}

/** The forecast's number of periods (the growth forecast's, or the rows of the user's table). */
export function forecastPeriods(inputs: DealInputs): number {
  return inputs.revshareForecast === "table" ? inputs.revshareTable.length : inputs.revshareYears * inputs.revsharePeriodsPerYear;
}

/**
 * The forecast block's two columns: period ends and revenue, one row a period (at least one row). The
 * rows are those of the inputs (the sheet's shape); their values are what the rows' formulas compute from
 * the cells.
 */
export function forecastColumns(inputs: DealInputs, cells: CellInputs = inputs): { periodEnds: CellValue[][]; revenue: CellValue[][] } {
  const periods = forecastPeriods(inputs);
  const height = Math.max(periods, 1);
  const periodEnds: CellValue[][] = [];
  const revenue: CellValue[][] = [];
  for (let k = 0; k < height; k++) {
    if (inputs.revshareForecast === "table") {
      periodEnds.push([inputs.revshareTable[k]?.[0] ?? null]);
      revenue.push([inputs.revshareTable[k]?.[1] ?? null]);
    } else if (k < periods) {
      periodEnds.push([FORECAST_ROW.periodEnd.value(cells, k)]);
      revenue.push([FORECAST_ROW.revenue.value(cells, k)]);
    } else {
      periodEnds.push([null]);
      revenue.push([null]);
    }
  }
  return { periodEnds, revenue };
}

/** Periods of the draw-down's term (0 when the term does not make whole periods). */
export function drawdownPeriods(inputs: DealInputs): number {
  const periods = inputs.drawdownTermYears * inputs.drawdownPeriodsPerYear;
  const whole = Math.round(periods);
  return Math.abs(periods - whole) <= 1e-9 * Math.max(1, periods) && whole >= 1 ? whole : 0;
}

/** The actuals block: a cell for every period of the term (and every actual given), at least one. */
export function actualsBlock(inputs: DealInputs): CellValue[][] {
  const rows = Math.max(drawdownPeriods(inputs), inputs.drawdownActuals.length, 1);
  return Array.from({ length: rows }, (_, k) => [inputs.drawdownActuals[k]?.[0] ?? null]);
}

/** Spare empty rows under the AGI scenarios, so scenarios can be added in the grid. */
export const SPARE_AGI_ROWS = 3;

/** The AGI scenarios block's two columns as the sheet lays them out: the scenarios, then spare empty rows. */
export function agiColumns(inputs: DealInputs): { dates: CellValue[][]; probabilities: CellValue[][] } {
  const rows = [...inputs.agiScenarios, ...spareRows(SPARE_AGI_ROWS, 2)];
  return { dates: rows.map((r) => [r[0] ?? null]), probabilities: rows.map((r) => [r[1] ?? null]) };
}

/** The weights block: one weight a row, at least one row (an empty one reads as no profile given). */
export function weightsBlock(inputs: DealInputs): CellValue[][] {
  return Array.from({ length: Math.max(inputs.drawdownWeights.length, 1) }, (_, k) => [inputs.drawdownWeights[k]?.[0] ?? null]);
}

/**
 * What every name of the model holds for these inputs (with the grid's own cells where the pane could not
 * take them as its field), as the built sheet holds it.
 */
export function nameValues(inputs: DealInputs, overrides: CellOverrides = {}): NameValues {
  const values: Record<string, ArgumentValue> = {};
  for (const field of FIELDS) {
    if (!field.name || field.kind === "table") continue;
    values[field.name] = field.key in overrides ? (overrides[field.key] ?? null) : toCell(inputs[field.key]);
  }
  const cells = cellInputs(inputs, overrides);
  values[NAMES.stakeCapTable] = capTableBlock(inputs);
  const forecast = forecastColumns(inputs, cells);
  values[NAMES.revsharePeriodEnds] = forecast.periodEnds;
  values[NAMES.revshareRevenue] = forecast.revenue;
  values[NAMES.revshareEnd] = ACCRUAL_END.value(cells);
  values[NAMES.revsharePayoutPeriods] = PAYOUT_PERIODS.value(cells);
  values[NAMES.drawdownActuals] = actualsBlock(inputs);
  values[NAMES.drawdownWeights] = weightsBlock(inputs);
  const agi = agiColumns(inputs);
  values[NAMES.agiDates] = agi.dates;
  values[NAMES.agiProbabilities] = agi.probabilities;
  const equity = evaluate<number>(CALLS.valuation, values);
  values[NAMES.valuationEquity] = equity.ok ? equity.value : equity.error.code;
  return values;
}

/** The field a name of the model holds, or the one its value follows (the accrual end: the fixed end, else the AGI date). */
export function fieldOfName(name: string, cells: CellInputs): FieldKey | undefined {
  const lower = name.toLowerCase();
  if (lower === NAMES.revshareEnd.toLowerCase()) {
    const fixed = cells.revshareFixedEnd;
    return fixed !== null && fixed !== "" ? "revshareFixedEnd" : "agiDate";
  }
  if (lower === NAMES.revsharePayoutPeriods.toLowerCase()) return "revsharePayoutYears";
  if (lower === NAMES.revsharePeriodEnds.toLowerCase())
    return cells.revshareForecast === "table" ? "revshareTable" : "revshareFirstPeriodEnd";
  if (lower === NAMES.revshareRevenue.toLowerCase()) return cells.revshareForecast === "table" ? "revshareTable" : "revshareFirstRevenue";
  if (lower === NAMES.valuationEquity.toLowerCase()) return "valuationStakeValue";
  if (lower === NAMES.agiProbabilities.toLowerCase()) return "agiScenarios";
  return FIELDS.find((f) => f.name?.toLowerCase() === lower)?.key;
}
