import { isoDate, isMonthEnd, MAX_SERIAL, MIN_SERIAL, ymdToSerial } from "../engine/dates";
import { Decimal } from "../engine/decimal";
import { DEFAULT_TERM_PRESET_ID, getTermPreset, TERM_PRESET_IDS, TermFigure, TermStatus } from "../engine/presets";
import { NAMES } from "./names";
import { CellValue, NumberFormatKind } from "../workbook/types";

// The pane shows dates and a preset's figures through the model: it never imports the engine itself.
export { isoDate, MAX_SERIAL, MIN_SERIAL } from "../engine/dates";
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

export type SectionId = "stake" | "valuation" | "revshare" | "drawdown" | "rights";
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
];

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
}

export type FieldKey = keyof DealInputs;

export type FieldKind = "percent" | "money" | "date" | "integer" | "number" | "choice" | "text" | "table";

export interface Choice {
  value: string;
  label: string;
}

export interface TableColumn {
  label: string;
  kind: "text" | "number" | "money" | "date";
}

export interface FieldDef {
  key: FieldKey;
  group: FieldGroup;
  label: string;
  kind: FieldKind;
  /** The named cell (or block, for a table) on the model sheet. Absent: a choice that shapes the sheet. */
  name?: string;
  /** Number format of the cell. */
  format: NumberFormatKind;
  optional?: boolean;
  choices?: Choice[];
  columns?: TableColumn[];
  help?: string;
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

export const FIELDS: readonly FieldDef[] = [
  {
    key: "preset",
    group: "deal",
    label: "Deal terms",
    kind: "choice",
    name: NAMES.termsPreset,
    format: "text",
    choices: TERM_PRESET_IDS.map((id) => ({ value: id, label: getTermPreset(id).label })),
    help: "Choosing a preset fills the fields below with its figures.",
  },
  {
    key: "agiDate",
    group: "deal",
    label: "AGI verified on",
    kind: "date",
    name: NAMES.termsAgiDate,
    format: "date",
    optional: true,
    help: "The date the expert panel verifies AGI; leave empty while it has not.",
  },
  {
    key: "asOf",
    group: "deal",
    label: "As of",
    kind: "date",
    name: NAMES.termsAsOf,
    format: "date",
    help: "The date rights are tested on.",
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
  },
  {
    key: "stakeHolder",
    group: "stake",
    label: "Holder",
    kind: "text",
    name: NAMES.stakeHolder,
    format: "text",
    presetKey: "investor",
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
    when: { key: "stakeSource", values: ["captable"] },
  },
  {
    key: "stakeCapTable",
    group: "stake",
    label: "Cap table",
    kind: "table",
    name: NAMES.stakeCapTable,
    format: "text",
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
    presetKey: "stake_value",
  },
  {
    key: "valuationStake",
    group: "valuation",
    label: "Stake",
    kind: "percent",
    name: NAMES.valuationStake,
    format: "percent",
    presetKey: "stake_diluted",
  },
  {
    key: "valuationValueStep",
    group: "valuation",
    label: "Sensitivity step: value",
    kind: "percent",
    name: NAMES.valuationValueStep,
    format: "percent",
    help: "Each row of the sensitivity grid changes the stake's value by this much.",
  },
  {
    key: "valuationStakeStep",
    group: "valuation",
    label: "Sensitivity step: stake",
    kind: "percent",
    name: NAMES.valuationStakeStep,
    format: "percent",
    help: "Each column of the grid changes the stake by this many percentage points.",
  },

  {
    key: "revshareRate",
    group: "revshare",
    label: "Rate",
    kind: "percent",
    name: NAMES.revshareRate,
    format: "percent",
    presetKey: "revshare_rate",
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
  },
  {
    key: "revsharePeriodsPerYear",
    group: "revshare",
    label: "Periods a year",
    kind: "choice",
    name: NAMES.revsharePeriodsPerYear,
    format: "integer",
    choices: PERIOD_CHOICES,
  },
  {
    key: "revshareFirstRevenue",
    group: "revshare",
    label: "First period's revenue",
    kind: "money",
    name: NAMES.revshareFirstRevenue,
    format: "currency",
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareGrowth",
    group: "revshare",
    label: "Growth a year",
    kind: "percent",
    name: NAMES.revshareGrowth,
    format: "percent",
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
    when: { key: "revshareForecast", values: ["growth"] },
  },
  {
    key: "revshareTable",
    group: "revshare",
    label: "Forecast",
    kind: "table",
    name: NAMES.revshareRevenue,
    format: "currency",
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
    presetKey: "revshare_cap",
  },
  {
    key: "revsharePayoutYears",
    group: "revshare",
    label: "Paid over (years)",
    kind: "number",
    name: NAMES.revsharePayoutYears,
    format: "number",
    help: "Each period's share is paid in equal instalments over this many years.",
  },
  { key: "revshareLag", group: "revshare", label: "Payment lag (periods)", kind: "integer", name: NAMES.revshareLag, format: "integer" },
  {
    key: "revshareDiscountRate",
    group: "revshare",
    label: "Discount rate (a year)",
    kind: "percent",
    name: NAMES.revshareDiscountRate,
    format: "percent",
  },

  {
    key: "drawdownCommitment",
    group: "drawdown",
    label: "Commitment",
    kind: "money",
    name: NAMES.drawdownCommitment,
    format: "currency",
    presetKey: "azure_commitment",
  },
  { key: "drawdownStart", group: "drawdown", label: "Start", kind: "date", name: NAMES.drawdownStart, format: "date" },
  { key: "drawdownTermYears", group: "drawdown", label: "Term (years)", kind: "number", name: NAMES.drawdownTermYears, format: "number" },
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
  },
  {
    key: "drawdownPeriodsPerYear",
    group: "drawdown",
    label: "Periods a year",
    kind: "choice",
    name: NAMES.drawdownPeriodsPerYear,
    format: "integer",
    choices: PERIOD_CHOICES,
  },
  {
    key: "drawdownWeights",
    group: "drawdown",
    label: "Weights",
    kind: "table",
    name: NAMES.drawdownWeights,
    format: "number",
    optional: true,
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
    columns: [{ label: "Actual", kind: "money" }],
    help: "Consumption of each period so far, one a line; the sheet has a cell for every period of the term.",
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

export type FigureStatus = TermStatus | "illustrative";

export interface FigureLabel {
  status: FigureStatus;
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

/** Where a field's starting value comes from: a figure of the deal (official, reported, derived) or an illustration. */
export function fieldFigure(presetId: string, key: FieldKey): FigureLabel | undefined {
  const field = FIELD_BY_KEY[key];
  if (field.presetKey) {
    const figure = figureOf(presetId, field.presetKey);
    if (figure) return { status: figure.status, source: figure.source };
  }
  return ILLUSTRATIVE[key] ? { status: "illustrative", source: ILLUSTRATIVE[key]! } : undefined;
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

export function parseIsoDate(text: string): number | undefined {
  const match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const serial = ymdToSerial(year, month, day);
  return serial >= MIN_SERIAL && serial <= MAX_SERIAL ? serial : undefined;
}

function grouped(n: number): string {
  // Exponent notation (very large or very small amounts) is shown as JavaScript writes it, and reads back.
  if (Math.abs(n).toString().includes("e")) return String(n);
  const [whole, fraction] = Math.abs(n).toString().split(".");
  const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${n < 0 ? "-" : ""}${withCommas}${fraction ? `.${fraction}` : ""}`;
}

function percentText(n: number): string {
  return String(Number((n * 100).toPrecision(12)));
}

function dateText(serial: number): string {
  return Number.isInteger(serial) && serial >= MIN_SERIAL && serial <= MAX_SERIAL ? isoDate(serial) : String(serial);
}

function parseTableCell(text: string, column: TableColumn): Parsed<CellValue> {
  const t = text.trim();
  if (t === "") return ok(null);
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

function splitLine(line: string, columns: number): string[] {
  if (line.includes("\t")) return line.split("\t");
  if (line.includes("|")) return line.split("|");
  if (columns > 1 && line.includes(",")) return line.split(",");
  return [line];
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

export function formatTable(rows: TableValue, columns: TableColumn[]): string {
  return rows
    .map((row) =>
      columns
        .map((column, c) => {
          const v = row[c];
          if (v === null || v === undefined) return "";
          if (typeof v !== "number") return String(v);
          if (column.kind === "date") return dateText(v);
          if (column.kind === "money") return grouped(v);
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

/**
 * A value read from the field's named cell, as the field holds it, or an error when the cell holds
 * something the field cannot (text in a number cell, an error value). Dates and numbers arrive as numbers.
 */
export function fromCell(field: FieldDef, value: CellValue): Parsed {
  if (field.kind === "table") return fail("A table is read with readRanges.");
  if (value === null || value === "") return field.optional ? ok(null) : fail(`The cell ${field.name} is empty.`);
  if (typeof value === "string" && /^#[A-Z0-9/!?]+$/.test(value)) return fail(`The cell ${field.name} holds the error ${value}.`);
  if (field.kind === "text") return ok(String(value));
  if (field.kind === "choice") {
    const parsed = parseField(field, String(value));
    return parsed.ok ? parsed : fail(`The cell ${field.name} holds "${value}": ${parsed.error}`);
  }
  if (typeof value === "number") {
    if (field.kind === "integer" && !Number.isInteger(value)) return fail(`The cell ${field.name} holds ${value}, not a whole number.`);
    return ok(value);
  }
  // Text that reads as a number (typed into a cell formatted as text) is taken as the field would take it.
  const parsed = parseField(field, String(value));
  return parsed.ok ? parsed : fail(`The cell ${field.name} holds "${value}": ${parsed.error}`);
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

/** Month-ends only: the growth forecast's periods end on month-ends. */
export function isMonthEndDate(serial: number): boolean {
  return isMonthEnd(serial);
}
