import { isoDate, isMonthEnd, MAX_SERIAL, MIN_SERIAL, parseIsoDate as isoSerial, ymdToSerial } from "../engine/dates";
import { Decimal } from "../engine/decimal";
import { DEFAULT_TERM_PRESET_ID, getTermPreset, TERM_PRESET_IDS, TermFigure, TermStatus } from "../engine/presets";
import { NAMES } from "./names";
import { CellValue, NumberFormatKind } from "../workbook/types";

// The pane shows dates and a preset's figures through the model: it never imports the engine itself.
export { isoDate, MAX_SERIAL, MIN_SERIAL, todaySerial } from "../engine/dates";
export { getTermPreset } from "../engine/presets";

/**
 * The deal model's inputs: what the pane's fields hold, what scenarios store and what the model sheets
 * write into their named input cells. Pure data and parsing: no DOM, no workbook.
 *
 * Conventions of the fields (a finance user's, not JavaScript's):
 * - percentages are typed as percent: "20" or "20%" is 0.2 (stored as the fraction, as in the cells);
 * - money accepts separators and suffixes: "135,000,000,000", "135bn", "$38B", "250 billion", "1.5tn", "500m";
 * - dates are ISO, "2030-12-31", stored as Excel serial numbers;
 * - tables (cap table, revenue forecast, weights, actuals) are one row a line, cells separated by tabs
 *   (as pasted from Excel) or "|" (or commas when neither is there); a first line of column titles is skipped.
 */

export type SectionId = "stake" | "valuation" | "revshare" | "drawdown" | "rights" | "agi";
export type FieldGroup = SectionId | "deal";

export interface SectionDef {
  id: SectionId;
  title: string;
  /** The model sheet this section builds. */
  sheet: string;
}

export const SECTIONS: readonly SectionDef[] = [
  { id: "stake", title: "Stake", sheet: "Deal Stake" },
  { id: "valuation", title: "Valuation", sheet: "Deal Valuation" },
  { id: "revshare", title: "Revenue share", sheet: "Deal RevShare" },
  { id: "drawdown", title: "Draw-down", sheet: "Deal Drawdown" },
  { id: "rights", title: "Rights", sheet: "Deal Rights" },
  { id: "agi", title: "AGI timing", sheet: "Deal AGI" },
];

/** Sections whose sheet's formulas use another section's names: building one needs the other in the model. */
export const SECTION_NEEDS: Partial<Record<SectionId, SectionId>> = { agi: "revshare" };

/** The sheet with the inputs every section shares (preset, AGI date, as-of date); built with any section. */
export const TERMS_SHEET = "Deal Terms";

export type TableValue = CellValue[][];
export type InputValue = CellValue | TableValue;

export interface DealInputs {
  preset: string;
  agiDate: number | null;
  asOf: number;

  stakeSource: string;
  stakeHolder: string;
  stakeBasis: string;
  stakeCapTable: TableValue;

  valuationStakeValue: number;
  valuationStake: number;
  valuationValueStep: number;
  valuationStakeStep: number;

  revshareRate: number;
  revshareForecast: string;
  revshareFirstRevenue: number;
  revshareGrowth: number;
  revshareFirstPeriodEnd: number;
  revsharePeriodsPerYear: number;
  revshareYears: number;
  revshareTable: TableValue;
  revshareFixedEnd: number | null;
  revshareCap: number | null;
  revsharePayoutYears: number;
  revshareLag: number;
  revshareDiscountRate: number;

  drawdownCommitment: number;
  drawdownStart: number;
  drawdownTermYears: number;
  drawdownProfile: string;
  drawdownPeriodsPerYear: number;
  drawdownWeights: TableValue;
  drawdownActuals: TableValue;

  agiScenarios: TableValue;
  agiValuationDate: number | null;
}

export type FieldKey = keyof DealInputs;

export type FieldKind = "percent" | "money" | "date" | "integer" | "number" | "choice" | "text" | "table";

export interface Choice {
  value: string;
  label: string;
}

export interface TableColumn {
  label: string;
  kind: "text" | "number" | "money" | "date" | "percent";
  /** The words an empty cell of this column is shown as, and that are read back as an empty cell ("not verified"). */
  blank?: string;
}

/**
 * The values a field accepts (besides its kind: a date is always 1900-01-01 to 9999-12-31). Bounds are
 * inclusive unless named "above"/"below". Every number field has both ends, so no input can ask the
 * engine for unbounded work.
 */
export interface FieldRange {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  /** For a table: the most rows it may have. */
  rows?: number;
}

export interface FieldDef {
  key: FieldKey;
  group: FieldGroup;
  label: string;
  kind: FieldKind;
  range?: FieldRange;
  /** The named cell (or block, for a table) on the model sheet. Absent: a choice that shapes the sheet. */
  name?: string;
  /** Number format of the cell. */
  format: NumberFormatKind;
  optional?: boolean;
  choices?: Choice[];
  columns?: TableColumn[];
  /** What the field is, in a finance user's words: shown beside it and as the named cell's comment. */
  help: string;
  /** The deal-term figure that gives the field its starting value (and its official/reported label). */
  presetKey?: string;
  /** Shown (and used) only when another field holds one of these values. */
  when?: { key: FieldKey; values: string[] };
}

const PERIOD_CHOICES: Choice[] = [
  { value: "1", label: "1 (yearly)" },
  { value: "2", label: "2 (half-yearly)" },
  { value: "4", label: "4 (quarterly)" },
  { value: "12", label: "12 (monthly)" },
];

/** The longest forecast, draw-down or table the model writes: 100 years of months. */
export const MAX_MODEL_PERIODS = 1200;
/** The most holdings a cap table of the pane may have. */
export const MAX_CAP_TABLE_ROWS = 1000;
/** The most AGI scenarios the pane's table may have. */
export const MAX_AGI_SCENARIOS = 50;

export const FIELDS: readonly FieldDef[] = [
  {
    key: "preset",
    group: "deal",
    label: "Deal terms",
    kind: "choice",
    name: NAMES.termsPreset,
    format: "text",
    choices: TERM_PRESET_IDS.map((id) => ({ value: id, label: getTermPreset(id).label })),
    help: "The set of deal terms the model uses: the announcement of 2025-10 or the amendment of 2026-04 as reported.",
  },
  {
    key: "agiDate",
    group: "deal",
    label: "AGI verified on",
    kind: "date",
    name: NAMES.termsAgiDate,
    format: "date",
    optional: true,
    help: "The date the expert panel verifies AGI; leave empty while it has not. AGI-bound rights end the day before.",
  },
  {
    key: "asOf",
    group: "deal",
    label: "As of",
    kind: "date",
    name: NAMES.termsAsOf,
    format: "date",
    help: "The date the rights are tested on.",
  },

  {
    key: "stakeSource",
    group: "stake",
    label: "Stake from",
    kind: "choice",
    format: "text",
    choices: [
      { value: "default", label: "The deal's figures" },
      { value: "captable", label: "My cap table" },
    ],
    help: "The announced stakes, or a cap table of your own from which the stakes are computed.",
  },
  {
    key: "stakeHolder",
    group: "stake",
    label: "Holder",
    kind: "text",
    name: NAMES.stakeHolder,
    format: "text",
    presetKey: "investor",
    help: "The holder whose stake is shown, as named in the cap table.",
    when: { key: "stakeSource", values: ["captable"] },
  },
  {
    key: "stakeBasis",
    group: "stake",
    label: "Basis",
    kind: "choice",
    name: NAMES.stakeBasis,
    format: "text",
    choices: [
      { value: "fully-diluted", label: "Fully diluted" },
      { value: "as-converted", label: "As-converted" },
      { value: "issued", label: "Issued" },
    ],
    help: "What the denominator counts: issued shares, shares as-converted, or fully diluted (options and pool too).",
    when: { key: "stakeSource", values: ["captable"] },
  },
  {
    key: "stakeCapTable",
    group: "stake",
    label: "Cap table",
    kind: "table",
    name: NAMES.stakeCapTable,
    format: "text",
    range: { rows: MAX_CAP_TABLE_ROWS },
    columns: [
      { label: "Holder", kind: "text" },
      { label: "Type", kind: "text" },
      { label: "Units", kind: "number" },
      { label: "Conversion ratio", kind: "number" },
    ],
    help: "Holder | Type | Units | Conversion ratio, one holding a line (paste from Excel). Types: common, preferred, option, rsu, warrant, pool, convertible.",
    when: { key: "stakeSource", values: ["captable"] },
  },

  {
    key: "valuationStakeValue",
    group: "valuation",
    label: "Value of the stake",
    kind: "money",
    name: NAMES.valuationStakeValue,
    format: "currency",
    range: { min: 0, max: 1e15 },
    presetKey: "stake_value",
    help: "What the stake is worth, in dollars: the implied equity value is this over the stake.",
  },
  {
    key: "valuationStake",
    group: "valuation",
    label: "Stake",
    kind: "percent",
    name: NAMES.valuationStake,
    format: "percent",
    range: { above: 0, max: 1 },
    presetKey: "stake_diluted",
    help: "The share of the equity the stake is, in percent.",
  },
  {
    key: "valuationValueStep",
    group: "valuation",
    label: "Sensitivity step: value",
    kind: "percent",
    name: NAMES.valuationValueStep,
    format: "percent",
    range: { min: 0, max: 0.5 },
    help: "Each row of the sensitivity grid changes the stake's value by this much.",
  },
  {
    key: "valuationStakeStep",
    group: "valuation",
    label: "Sensitivity step: stake",
    kind: "percent",
    name: NAMES.valuationStakeStep,
    format: "percent",
    range: { min: 0, max: 0.25 },
    help: "Each column of the grid changes the stake by this many percentage points.",
  },

  {
    key: "revshareRate",
    group: "revshare",
    label: "Rate",
    kind: "percent",
    name: NAMES.revshareRate,
    format: "percent",
    range: { min: 0, max: 1 },
    presetKey: "revshare_rate",
    help: "The share of revenue that accrues to the other side, in percent.",
  },
  {
    key: "revshareForecast",
    group: "revshare",
    label: "Revenue forecast",
    kind: "choice",
    format: "text",
    choices: [
      { value: "growth", label: "Growth assumption" },
      { value: "table", label: "My forecast" },
    ],
    help: "A forecast grown from a first period's revenue, or your own table of period ends and revenue.",
  },
  {
    key: "revsharePeriodsPerYear",
    group: "revshare",
    label: "Periods a year",
    kind: "choice",
    name: NAMES.revsharePeriodsPerYear,
    format: "integer",
    choices: PERIOD_CHOICES,
    help: "How many periods the forecast has in a year: 1, 2, 4 or 12.",
  },
  {
    key: "revshareFirstRevenue",
    group: "revshare",
    label: "First period's revenue",
    kind: "money",
    name: NAMES.revshareFirstRevenue,
    format: "currency",
    range: { min: 0, max: 1e15 },
    help: "Revenue of the first period (a year, a quarter or a month, as the periods are), in dollars.",
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareGrowth",
    group: "revshare",
    label: "Growth a year",
    kind: "percent",
    name: NAMES.revshareGrowth,
    format: "percent",
    range: { min: -1, max: 10 },
    help: "Yearly growth of revenue, in percent; periods within a year grow at the matching compound rate.",
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareFirstPeriodEnd",
    group: "revshare",
    label: "First period ends",
    kind: "date",
    name: NAMES.revshareFirstPeriodEnd,
    format: "date",
    help: "A month's last day; later periods end on month-ends too.",
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareYears",
    group: "revshare",
    label: "Years of forecast",
    kind: "integer",
    name: NAMES.revshareYears,
    format: "integer",
    range: { min: 1, max: MAX_MODEL_PERIODS / 12 },
    help: "How many years the forecast runs: the sheet has one row a period.",
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareTable",
    group: "revshare",
    label: "Forecast",
    kind: "table",
    name: NAMES.revshareRevenue,
    format: "currency",
    range: { rows: MAX_MODEL_PERIODS },
    columns: [
      { label: "Period end", kind: "date" },
      { label: "Revenue", kind: "money" },
    ],
    help: "Period end | Revenue, one period a line (paste from Excel).",
    when: { key: "revshareForecast", values: ["table"] },
  },
  {
    key: "revshareFixedEnd",
    group: "revshare",
    label: "Accrual ends on",
    kind: "date",
    name: NAMES.revshareFixedEnd,
    format: "date",
    optional: true,
    presetKey: "revshare_end",
    help: "A fixed last day of accrual; leave empty for the share to run until AGI is verified.",
  },
  {
    key: "revshareCap",
    group: "revshare",
    label: "Total cap",
    kind: "money",
    name: NAMES.revshareCap,
    format: "currency",
    optional: true,
    range: { min: 0, max: 1e15 },
    presetKey: "revshare_cap",
    help: "The most that can accrue over the life of the agreement, in dollars; leave empty for no cap.",
  },
  {
    key: "revsharePayoutYears",
    group: "revshare",
    label: "Paid over (years)",
    kind: "number",
    name: NAMES.revsharePayoutYears,
    format: "number",
    range: { above: 0, max: 100 },
    help: "Each period's share is paid in equal instalments over this many years (a whole number of periods).",
  },
  {
    key: "revshareLag",
    group: "revshare",
    label: "Payment lag (periods)",
    kind: "integer",
    name: NAMES.revshareLag,
    format: "integer",
    range: { min: 0, max: MAX_MODEL_PERIODS },
    help: "Periods between a period's accrual and its first instalment; 0 pays in the period itself.",
  },
  {
    key: "revshareDiscountRate",
    group: "revshare",
    label: "Discount rate (a year)",
    kind: "percent",
    name: NAMES.revshareDiscountRate,
    format: "percent",
    range: { above: -1, max: 1 },
    help: "The yearly rate the payments are discounted at, in percent (actual/365, as XNPV).",
  },

  {
    key: "drawdownCommitment",
    group: "drawdown",
    label: "Commitment",
    kind: "money",
    name: NAMES.drawdownCommitment,
    format: "currency",
    range: { min: 0, max: 1e15 },
    presetKey: "azure_commitment",
    help: "The amount committed, in dollars, laid out over the term.",
  },
  {
    key: "drawdownStart",
    group: "drawdown",
    label: "Start",
    kind: "date",
    name: NAMES.drawdownStart,
    format: "date",
    help: "The day the first period starts.",
  },
  {
    key: "drawdownTermYears",
    group: "drawdown",
    label: "Term (years)",
    kind: "number",
    name: NAMES.drawdownTermYears,
    format: "number",
    range: { above: 0, max: MAX_MODEL_PERIODS / 12 },
    help: "Length of the term in years; with the periods a year it must make a whole number of periods.",
  },
  {
    key: "drawdownProfile",
    group: "drawdown",
    label: "Profile",
    kind: "choice",
    name: NAMES.drawdownProfile,
    format: "text",
    choices: [
      { value: "flat", label: "Flat" },
      { value: "ramp", label: "Ramp up" },
      { value: "front", label: "Front-loaded" },
      { value: "scurve", label: "S-curve" },
      { value: "weights", label: "My weights" },
    ],
    help: "How consumption is spread over the term: evenly, rising, falling, slow-fast-slow, or your weights.",
  },
  {
    key: "drawdownPeriodsPerYear",
    group: "drawdown",
    label: "Periods a year",
    kind: "choice",
    name: NAMES.drawdownPeriodsPerYear,
    format: "integer",
    choices: PERIOD_CHOICES,
    help: "How many periods the draw-down has in a year: 1, 2, 4 or 12.",
  },
  {
    key: "drawdownWeights",
    group: "drawdown",
    label: "Weights",
    kind: "table",
    name: NAMES.drawdownWeights,
    format: "number",
    optional: true,
    range: { rows: MAX_MODEL_PERIODS },
    columns: [{ label: "Weight", kind: "number" }],
    help: "One weight a line: one per period, or one per year.",
    when: { key: "drawdownProfile", values: ["weights"] },
  },
  {
    key: "drawdownActuals",
    group: "drawdown",
    label: "Actual consumption",
    kind: "table",
    name: NAMES.drawdownActuals,
    format: "currency",
    optional: true,
    range: { rows: MAX_MODEL_PERIODS },
    columns: [{ label: "Actual", kind: "money" }],
    help: "Consumption of each period so far, one a line; the sheet has a cell for every period of the term.",
  },

  {
    key: "agiScenarios",
    group: "agi",
    label: "AGI scenarios",
    kind: "table",
    name: NAMES.agiDates,
    format: "date",
    range: { rows: MAX_AGI_SCENARIOS },
    columns: [
      { label: "AGI verified on", kind: "date", blank: "not verified" },
      { label: "Probability", kind: "percent" },
    ],
    help: 'AGI verified on | Probability, one scenario a line: a date, or "not verified" (within the forecast), and its probability in percent; together 100%.',
  },
  {
    key: "agiValuationDate",
    group: "agi",
    label: "Value as of",
    kind: "date",
    name: NAMES.agiValuationDate,
    format: "date",
    optional: true,
    help: "The day the payments are valued at: earlier payments are left out, later ones discounted to it. Empty: the start of the first period.",
  },
];

export const FIELD_BY_KEY: Readonly<Record<FieldKey, FieldDef>> = Object.fromEntries(FIELDS.map((f) => [f.key, f])) as Record<
  FieldKey,
  FieldDef
>;

/** The stable test id of a field: "preset", else "field-" and the key in kebab case ("field-revshare-rate"). */
export function fieldTestId(key: FieldKey): string {
  if (key === "preset") return "preset";
  return `field-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function isVisible(field: FieldDef, inputs: DealInputs): boolean {
  return !field.when || field.when.values.includes(String(inputs[field.when.key]));
}

// ---- the deal's figures ----

/** official, reported, derived: a figure of the preset; illustrative: a starting value of ours; edited: the user's. */
export type FigureStatus = TermStatus | "illustrative" | "edited";

export interface FigureLabel {
  status: FigureStatus;
  /** Where the value comes from; for an edited value, what the preset (or the illustration) had. */
  source: string;
}

function figureOf(presetId: string, key: string): TermFigure | undefined {
  try {
    return getTermPreset(presetId).figures.find((f) => f.key === key);
  } catch {
    return undefined;
  }
}

function figureValue(figure: TermFigure): number | string | null {
  const v = figure.value;
  if (v === null) return null;
  if (v instanceof Decimal) return v.toNumber();
  return v;
}

/**
 * Where a field's value comes from. Labels follow values: a field holding its preset's figure wears the
 * figure's status and source; one holding the model's illustrative starting value is illustrative; any
 * other value is the user's, "edited", with the preset's figure (or the illustration) as its source.
 */
export function fieldFigure(inputs: DealInputs, key: FieldKey): FigureLabel | undefined {
  const field = FIELD_BY_KEY[key];
  const value = inputs[key];
  if (field.presetKey) {
    const figure = figureOf(inputs.preset, field.presetKey);
    if (figure) {
      const start = figureValue(figure);
      if (sameInput(value, start)) return { status: figure.status, source: figure.source };
      const shown = formatField(field, start) || "empty";
      return { status: "edited", source: `your value; the preset's figure is ${shown} (${figure.status}: ${figure.source})` };
    }
  }
  const why = ILLUSTRATIVE[key];
  if (!why) return undefined;
  const start = defaultInputs(inputs.asOf, inputs.preset)[key];
  if (sameInput(value, start)) return { status: "illustrative", source: why };
  const shown = field.kind === "table" ? "the model's example" : formatField(field, start) || "empty";
  return { status: "edited", source: `your value; the illustrative start was ${shown} (${why})` };
}

/** Starting values that are not figures of the deal, each with why it was chosen. */
const ILLUSTRATIVE: Partial<Record<FieldKey, string>> = {
  stakeCapTable: "a cap table giving Microsoft 27% fully diluted, as announced",
  revshareFirstRevenue: "about OpenAI's reported 2025 revenue",
  revshareGrowth: "a growth assumption, not a figure of the deal",
  revshareYears: "the forecast runs through 2030",
  revsharePayoutYears: "the announcement says payments run over a longer period",
  revshareDiscountRate: "a discount rate assumption",
  drawdownStart: "no schedule was disclosed",
  drawdownTermYears: "no schedule was disclosed",
  agiScenarios: "nobody knows when the panel will verify AGI: a spread of dates for you to replace",
};

/** The field values a preset sets: every field with a figure of the deal, whether or not the figure is present. */
export function presetValues(presetId: string): Partial<DealInputs> {
  const values: Partial<Record<FieldKey, InputValue>> = { preset: getTermPreset(presetId).id };
  for (const field of FIELDS) {
    if (!field.presetKey) continue;
    const figure = figureOf(presetId, field.presetKey);
    if (figure) values[field.key] = figureValue(figure);
  }
  return values as Partial<DealInputs>;
}

/** The inputs a new model starts from: the default preset's figures and illustrative values elsewhere. */
export function defaultInputs(today: number, presetId: string = DEFAULT_TERM_PRESET_ID): DealInputs {
  const base: DealInputs = {
    preset: presetId,
    agiDate: null,
    asOf: today,
    stakeSource: "default",
    stakeHolder: "Microsoft",
    stakeBasis: "fully-diluted",
    stakeCapTable: [
      ["Microsoft", "preferred", 270, 1],
      ["OpenAI Foundation", "common", 260, 1],
      ["Employees and investors", "common", 400, 1],
      ["Option pool", "pool", 70, 1],
    ],
    valuationStakeValue: 135e9,
    valuationStake: 0.27,
    valuationValueStep: 0.1,
    valuationStakeStep: 0.01,
    revshareRate: 0.2,
    revshareForecast: "growth",
    revshareFirstRevenue: 13e9,
    revshareGrowth: 0.5,
    revshareFirstPeriodEnd: ymdToSerial(2025, 12, 31),
    revsharePeriodsPerYear: 1,
    revshareYears: 6,
    revshareTable: [],
    revshareFixedEnd: null,
    revshareCap: null,
    revsharePayoutYears: 3,
    revshareLag: 0,
    revshareDiscountRate: 0.1,
    drawdownCommitment: 250e9,
    drawdownStart: ymdToSerial(2025, 11, 1),
    drawdownTermYears: 5,
    drawdownProfile: "flat",
    drawdownPeriodsPerYear: 12,
    drawdownWeights: [],
    drawdownActuals: [],
    agiScenarios: [
      [ymdToSerial(2028, 7, 1), 0.1],
      [ymdToSerial(2030, 7, 1), 0.2],
      [ymdToSerial(2032, 7, 1), 0.25],
      [ymdToSerial(2035, 7, 1), 0.25],
      [null, 0.2],
    ],
    agiValuationDate: null,
  };
  return { ...base, ...presetValues(presetId) };
}

// ---- typing and showing values ----

export type Parsed<T = InputValue> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (error: string): Parsed<never> => ({ ok: false, error });

const MONEY_SUFFIX: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
  t: 1e12,
  tn: 1e12,
  trillion: 1e12,
};

/** A decimal number as typed: digits with optional thousands separators, sign, decimals and exponent. */
function plainNumber(text: string): number | undefined {
  const t = text.replace(/,(?=\d{3}(\D|$))/g, "").trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}

/** Times a power of ten without the binary noise of a float multiplication (13.5 x 1e9 is 13500000000). */
function scaled(number: number, factor: number): number {
  return factor === 1 ? number : Number(new Decimal(number).times(factor).toString());
}

export function parseMoney(text: string): number | undefined {
  const match = /^\s*\(?\s*(-)?\s*\$?\s*([-+]?[\d.,]+(?:e[-+]?\d+)?)\s*([a-z]+)?\s*\)?\s*$/i.exec(text);
  if (!match) return undefined;
  const n = plainNumber(match[2]);
  if (n === undefined) return undefined;
  const suffix = match[3]?.toLowerCase();
  if (suffix && !MONEY_SUFFIX[suffix]) return undefined;
  const value = scaled(n, suffix ? MONEY_SUFFIX[suffix] : 1);
  return match[1] || text.trim().startsWith("(") ? -value : value;
}

export function parsePercent(text: string): number | undefined {
  const match = /^\s*([-+]?[\d.,]+(?:e[-+]?\d+)?)\s*%?\s*$/i.exec(text);
  const n = match ? plainNumber(match[1]) : undefined;
  return n === undefined ? undefined : Number(new Decimal(n).div(100).toString());
}

/** A date typed as YYYY-MM-DD, as the engine's one date helper reads it (1900-02-29 included, as in Excel). */
export function parseIsoDate(text: string): number | undefined {
  return isoSerial(text) ?? undefined;
}

function grouped(n: number): string {
  // Exponent notation (very large or very small amounts) is shown as JavaScript writes it, and reads back.
  if (Math.abs(n).toString().includes("e")) return String(n);
  const [whole, fraction] = Math.abs(n).toString().split(".");
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${n < 0 ? "-" : ""}${withCommas}${fraction ? `.${fraction}` : ""}`;
}

/** A fraction as the pane writes it in percent, without the sign: 0.27 is "27". */
export function percentText(n: number): string {
  return String(Number((n * 100).toPrecision(12)));
}

function dateText(serial: number): string {
  return Number.isInteger(serial) && serial >= MIN_SERIAL && serial <= MAX_SERIAL ? isoDate(serial) : String(serial);
}

function parseTableCell(text: string, column: TableColumn): Parsed<CellValue> {
  const t = text.trim();
  if (t === "" || (column.blank !== undefined && t.toLowerCase() === column.blank.toLowerCase())) return ok(null);
  switch (column.kind) {
    case "text":
      return ok(t);
    case "number": {
      const n = plainNumber(t);
      return n === undefined ? fail(`${column.label}: "${t}" is not a number`) : ok(n);
    }
    case "money": {
      const n = parseMoney(t);
      return n === undefined ? fail(`${column.label}: "${t}" is not an amount`) : ok(n);
    }
    case "percent": {
      const n = parsePercent(t);
      return n === undefined ? fail(`${column.label}: "${t}" is not a percentage`) : ok(n);
    }
    case "date": {
      const d = parseIsoDate(t);
      if (d !== undefined) return ok(d);
      const serial = plainNumber(t);
      return serial !== undefined && Number.isInteger(serial) && serial >= MIN_SERIAL && serial <= MAX_SERIAL
        ? ok(serial)
        : fail(`${column.label}: "${t}" is not a date (YYYY-MM-DD)`);
    }
  }
}

/** What a line's cells are separated by: tabs, "|", or commas when neither is there (and the table has columns). */
function separatorOf(line: string, columns: number): string | undefined {
  if (line.includes("\t")) return "\t";
  if (line.includes("|")) return "|";
  if (columns > 1 && line.includes(",")) return ",";
  return undefined;
}

function splitLine(line: string, columns: number): string[] {
  const separator = separatorOf(line, columns);
  return separator ? line.split(separator) : [line];
}

export function parseTable(text: string, columns: TableColumn[]): Parsed<TableValue> {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const rows: TableValue = [];
  for (let i = 0; i < lines.length; i++) {
    const cells = splitLine(lines[i], columns.length);
    while (cells.length > columns.length && cells[cells.length - 1].trim() === "") cells.pop();
    if (cells.length > columns.length) {
      return fail(
        `Line ${i + 1} has ${cells.length} cells; the table has ${columns.length} columns (${columns.map((c) => c.label).join(", ")}).`,
      );
    }
    const parsed = columns.map((column, c) => parseTableCell(cells[c] ?? "", column));
    const problem = parsed.find((p) => !p.ok) as { ok: false; error: string } | undefined;
    if (problem) {
      // A first line of column titles is skipped, as the DEAL.* functions skip a header row: every number
      // column holds text there, and a one-column title must be the column's own.
      const titles = columns.every((c, j) => c.kind === "text" || (!parsed[j].ok && (cells[j] ?? "").trim() !== ""));
      const known = cells.some((cell) => columns.some((c) => c.label.toLowerCase() === cell.trim().toLowerCase()));
      if (i === 0 && titles && (cells.length > 1 || known)) continue;
      return fail(`Line ${i + 1}, ${problem.error}.`);
    }
    rows.push(parsed.map((p) => (p as { ok: true; value: CellValue }).value));
  }
  return ok(rows);
}

/**
 * The table's text with some cells rewritten, its separators, spacing and lines kept: `rewrite` sees each
 * cell's trimmed text, its column and its line (counted as parseTable counts them, empty lines skipped)
 * and gives the cell's new text, or undefined to keep it.
 */
export function rewriteTableCells(
  text: string,
  columns: TableColumn[],
  rewrite: (cell: string, column: TableColumn, line: number) => string | undefined,
): string {
  let line = 0;
  return text
    .split("\n")
    .map((raw) => {
      if (raw.trim() === "") return raw;
      line++;
      return splitLine(raw, columns.length)
        .map((cell, c) => {
          const column = columns[c];
          const replaced = column ? rewrite(cell.trim(), column, line) : undefined;
          if (replaced === undefined) return cell;
          const [, before, , after] = /^(\s*)(.*?)(\s*)$/s.exec(cell)!;
          return `${before}${replaced}${after}`;
        })
        .join(separatorOf(raw, columns.length) ?? "");
    })
    .join("\n");
}

export function formatTable(rows: TableValue, columns: TableColumn[]): string {
  return rows
    .map((row) =>
      columns
        .map((column, c) => {
          const v = row[c];
          if (v === null || v === undefined) return column.blank ?? "";
          if (typeof v !== "number") return String(v);
          if (column.kind === "date") return dateText(v);
          if (column.kind === "money") return grouped(v);
          // Below 1% with its sign: "0.25" would be a bare fraction, asked about when the table is read back.
          if (column.kind === "percent") return v > 0 && v < 0.01 ? `${percentText(v)}%` : percentText(v);
          return String(v);
        })
        .join(" | "),
    )
    .join("\n");
}

/** What a user typed in a field, read as its kind; an empty optional field is null. */
export function parseField(field: FieldDef, text: string): Parsed {
  const t = text.trim();
  if (field.kind === "table") return parseTable(text, field.columns ?? []);
  if (t === "") return field.optional ? ok(null) : fail(`${field.label} is required.`);
  switch (field.kind) {
    case "percent": {
      const n = parsePercent(t);
      return n === undefined ? fail(`Enter a percentage, such as 20 or 20%.`) : ok(n);
    }
    case "money": {
      const n = parseMoney(t);
      return n === undefined ? fail(`Enter an amount, such as 135,000,000,000 or 135bn.`) : ok(n);
    }
    case "date": {
      const d = parseIsoDate(t);
      return d === undefined ? fail(`Enter a date as YYYY-MM-DD, such as 2030-12-31.`) : ok(d);
    }
    case "integer": {
      const n = plainNumber(t);
      return n === undefined || !Number.isInteger(n) ? fail(`Enter a whole number.`) : ok(n);
    }
    case "number": {
      const n = plainNumber(t);
      return n === undefined ? fail(`Enter a number.`) : ok(n);
    }
    case "choice": {
      const choice = field.choices?.find((c) => c.value.toLowerCase() === t.toLowerCase() || c.label.toLowerCase() === t.toLowerCase());
      if (!choice) return fail(`Choose one of ${(field.choices ?? []).map((c) => c.value).join(", ")}.`);
      return ok(field.format === "integer" ? Number(choice.value) : choice.value);
    }
    case "text":
      return ok(t);
  }
}

/** A value as its field shows it; parseField reads the text back to the same value. */
export function formatField(field: FieldDef, value: InputValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (field.kind === "table") return Array.isArray(value) ? formatTable(value, field.columns ?? []) : "";
  if (Array.isArray(value)) return "";
  if (typeof value !== "number") return String(value);
  switch (field.kind) {
    case "percent":
      return percentText(value);
    case "money":
      return grouped(value);
    case "date":
      return dateText(value);
    default:
      return String(value);
  }
}

const KIND_WORDS: Partial<Record<FieldKind, string>> = {
  percent: "a percentage",
  money: "an amount",
  date: "a date",
  integer: "a whole number",
  number: "a number",
};

/**
 * A value read from the field's named cell, as the field holds it, or why the field cannot hold it: the
 * cell is empty, holds an error value, or holds text where a number belongs ("300bn" typed into a cell
 * Excel keeps as text is text, and the sheet's formulas see text: the pane says so rather than reading
 * it another way). The range is checked with checkFieldValue.
 */
export function fromCell(field: FieldDef, value: CellValue): Parsed {
  if (field.kind === "table") return fail("A table is read with readRanges.");
  if (value === null || value === "") return field.optional ? ok(null) : fail(`${field.label}: its cell is empty.`);
  if (typeof value === "string" && /^#[A-Z0-9/!?]+$/.test(value)) return fail(`${field.label}: its cell holds the error ${value}.`);
  if (field.kind === "text") return ok(String(value));
  if (field.kind === "choice") {
    const parsed = parseField(field, String(value));
    return parsed.ok ? parsed : fail(`${field.label}: its cell holds "${value}". ${parsed.error}`);
  }
  if (typeof value === "number") return ok(value);
  return fail(`${field.label}: its cell holds the text "${String(value).slice(0, 60)}", not ${KIND_WORDS[field.kind] ?? "a number"}.`);
}

/** A value as it goes into its named cell. */
export function toCell(value: InputValue): CellValue {
  return Array.isArray(value) ? null : value;
}

/** A table read from its named block: trailing empty rows dropped, as the pane shows it. */
export function fromBlock(rows: CellValue[][], columns: number): TableValue {
  const table = rows.map((row) => Array.from({ length: columns }, (_, c) => (row[c] === "" ? null : (row[c] ?? null))));
  while (table.length && table[table.length - 1].every((v) => v === null)) table.pop();
  return table;
}

export function sameInput(a: InputValue | undefined, b: InputValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return (a ?? null) === (b ?? null);
}

// ---- what a field accepts ----

function moneyText(n: number): string {
  return `${n < 0 ? "-" : ""}$${grouped(Math.abs(n))}`;
}

function boundText(field: FieldDef, n: number): string {
  if (field.kind === "percent") return `${percentText(n)}%`;
  if (field.kind === "money") return moneyText(n);
  return String(n);
}

/** The values a number field accepts, in words: "from 0% to 100%", "a whole number from 1 to 100". */
export function rangeText(field: FieldDef): string {
  const r = field.range ?? {};
  const low = r.min !== undefined ? { n: r.min, strict: false } : r.above !== undefined ? { n: r.above, strict: true } : undefined;
  const high = r.max !== undefined ? { n: r.max, strict: false } : r.below !== undefined ? { n: r.below, strict: true } : undefined;
  const whole = field.kind === "integer" ? "a whole number " : "";
  if (low && high && !low.strict && !high.strict) return `${whole}from ${boundText(field, low.n)} to ${boundText(field, high.n)}`;
  const parts: string[] = [];
  if (low) parts.push(`${low.strict ? "more than" : "at least"} ${boundText(field, low.n)}`);
  if (high) parts.push(`${high.strict ? "less than" : "at most"} ${boundText(field, high.n)}`);
  return `${whole}${parts.join(" and ")}`.trim();
}

/** Why a value cannot be the field's, in the field's words (its label and range); undefined when it can. */
export function checkFieldValue(field: FieldDef, value: InputValue | undefined): string | undefined {
  if (value === null || value === undefined || value === "") return field.optional ? undefined : `${field.label} is required.`;
  if (field.kind === "table") {
    const rows = Array.isArray(value) ? value.length : 0;
    const most = field.range?.rows;
    return most !== undefined && rows > most ? `${field.label} has ${rows} rows; it may have at most ${most}.` : undefined;
  }
  if (field.kind === "text") return typeof value === "string" && value.trim() !== "" ? undefined : `${field.label} is required.`;
  if (field.kind === "choice") {
    const allowed = (field.choices ?? []).map((c) => (field.format === "integer" ? Number(c.value) : c.value));
    return allowed.includes(value as never)
      ? undefined
      : `${field.label} must be one of ${(field.choices ?? []).map((c) => c.label).join(", ")}.`;
  }
  if (typeof value !== "number" || !Number.isFinite(value)) return `${field.label} must be a number.`;
  if (field.kind === "date") {
    return Number.isInteger(value) && value >= MIN_SERIAL && value <= MAX_SERIAL
      ? undefined
      : `${field.label} must be a date from 1900-01-01 to 9999-12-31.`;
  }
  const r = field.range ?? {};
  const wrong =
    (field.kind === "integer" && !Number.isInteger(value)) ||
    (r.min !== undefined && value < r.min) ||
    (r.max !== undefined && value > r.max) ||
    (r.above !== undefined && value <= r.above) ||
    (r.below !== undefined && value >= r.below);
  return wrong
    ? `${field.label} must be ${rangeText(field)}; ${formatField(field, value)}${field.kind === "percent" ? "%" : ""} is not.`
    : undefined;
}

/**
 * What is wrong with a table of AGI scenarios, as DEAL.REVSHAREAGI would refuse it: a scenario without a
 * probability, a probability outside 0% to 100%, or probabilities that do not add up to 100% (within
 * 1e-9, the function's own tolerance).
 */
export function agiProblem(rows: TableValue): string | undefined {
  const scenarios = rows.filter((row) => row.some((v) => v !== null && v !== undefined));
  if (scenarios.length === 0) return "AGI scenarios: give at least one scenario (a date, or not verified) and its probability.";
  let sum = 0;
  for (const [i, row] of scenarios.entries()) {
    const p = row[1];
    if (typeof p !== "number") return `AGI scenarios, line ${i + 1}: give the scenario's probability.`;
    if (p < 0 || p > 1) return `AGI scenarios, line ${i + 1}: a probability is from 0% to 100%; ${percentText(p)}% is not.`;
    sum += p;
  }
  if (Math.abs(sum - 1) > 1e-9) return `AGI scenarios: the probabilities add up to ${percentText(sum)}%; they must add up to 100%.`;
  return undefined;
}

/** Whole within rounding, as the functions read a count of periods (7/12 of a year, monthly, is 7 periods). */
function isWholeCount(n: number): boolean {
  return Math.abs(n - Math.round(n)) <= 1e-9 * Math.max(1, Math.abs(n));
}

/**
 * Every problem of the inputs, by field: each field's own range, and the rules that tie fields together
 * (a month-end for the growth forecast, a whole number of instalments and of draw-down periods). Only
 * fields that take part in the model as chosen (visible ones) are checked.
 */
export function checkInputs(inputs: DealInputs): Partial<Record<FieldKey, string>> {
  const problems: Partial<Record<FieldKey, string>> = {};
  for (const field of FIELDS) {
    if (!isVisible(field, inputs)) continue;
    const problem = checkFieldValue(field, inputs[field.key]);
    if (problem) problems[field.key] = problem;
  }
  const growth = inputs.revshareForecast !== "table";
  if (growth && !problems.revshareFirstPeriodEnd && !isMonthEnd(inputs.revshareFirstPeriodEnd)) {
    problems.revshareFirstPeriodEnd = "First period ends must be the last day of a month: the forecast's periods end on month-ends.";
  }
  const payout = inputs.revsharePayoutYears * inputs.revsharePeriodsPerYear;
  if (!problems.revsharePayoutYears && !isWholeCount(payout)) {
    problems.revsharePayoutYears = `Paid over (years) must make a whole number of periods: ${formatField(FIELD_BY_KEY.revsharePayoutYears, inputs.revsharePayoutYears)} years at ${inputs.revsharePeriodsPerYear} a year is ${Number(payout.toPrecision(12))} periods.`;
  }
  const agi = agiProblem(inputs.agiScenarios);
  if (!problems.agiScenarios && agi) problems.agiScenarios = agi;
  const term = inputs.drawdownTermYears * inputs.drawdownPeriodsPerYear;
  if (!problems.drawdownTermYears && !isWholeCount(term)) {
    problems.drawdownTermYears = `Term (years) must make a whole number of periods: ${formatField(FIELD_BY_KEY.drawdownTermYears, inputs.drawdownTermYears)} years at ${inputs.drawdownPeriodsPerYear} a year is ${Number(term.toPrecision(12))} periods.`;
  }
  return problems;
}
