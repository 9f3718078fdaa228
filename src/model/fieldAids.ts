import { Decimal } from "../engine/decimal";
import {
  DealInputs,
  FIELD_BY_KEY,
  FieldDef,
  FieldKey,
  FIELDS,
  formatField,
  getTermPreset,
  InputValue,
  isoDate,
  isVisible,
  parseTable,
  percentText,
  presetValues,
  rangeText,
  rewriteTableCells,
  sameInput,
  TableColumn,
} from "./fields";

/**
 * What the pane says at a field besides "invalid": the question it asks when a percentage could be read two
 * ways, warnings for values that are legal but implausible, a function's error in the form's words, the
 * preset's figure to reset to, and the note when a change of periods changes what a figure means. Pure
 * data, no DOM: the pane shows it beside the field.
 */

// ---- the fraction question ----

export interface FractionReading {
  /** How the answer's button reads: "27%". */
  text: string;
  /** The text written into the field when the user picks it: "27%" (for a table, the table's text with the cells so). */
  fieldText: string;
  /** The value the field takes with it: 0.27, or the table read that way. */
  value: InputValue;
}

export interface FractionQuestion {
  /** "27% or 0.27%?"; in a table, "Line 2, Probability: 27% or 0.27%?" */
  message: string;
  readings: [FractionReading, FractionReading];
}

/** "0.27" read as 27% (a fraction, as a cell holds it) and as 0.27% (as the pane reads numbers); others undefined. */
function bareFraction(text: string): FractionQuestion | undefined {
  const t = text.trim();
  if (!/^\+?0*\.\d+$/.test(t)) return undefined;
  const typed = new Decimal(t);
  if (typed.lte(0) || typed.gte(1)) return undefined;
  const asFraction = typed.toNumber();
  const asTyped = typed.div(100).toNumber();
  const percentOfFraction = `${percentText(asFraction)}%`;
  const percentAsTyped = `${typed.toString()}%`;
  return {
    message: `${percentOfFraction} or ${percentAsTyped}?`,
    readings: [
      { text: percentOfFraction, fieldText: percentOfFraction, value: asFraction },
      { text: percentAsTyped, fieldText: percentAsTyped, value: asTyped },
    ],
  };
}

/**
 * A table's percent cells holding bare fractions: asked once, about the first; the answer reads every
 * such cell of the table the same way (a column pasted from Excel holds fractions throughout). A table
 * that cannot be read asks nothing: its message says why.
 */
function tableFractionQuestion(field: FieldDef, text: string): FractionQuestion | undefined {
  const columns = field.columns ?? [];
  if (!columns.some((c) => c.kind === "percent")) return undefined;
  const asked = (cell: string, column: TableColumn) => (column.kind === "percent" ? bareFraction(cell) : undefined);
  const found: { line: number; column: TableColumn; question: FractionQuestion }[] = [];
  rewriteTableCells(text, columns, (cell, column, line) => {
    const question = asked(cell, column);
    if (question) found.push({ line, column, question });
    return undefined;
  });
  if (found.length === 0 || !parseTable(text, columns).ok) return undefined;
  const [first] = found;
  const reading = (i: 0 | 1): FractionReading => {
    const fieldText = rewriteTableCells(text, columns, (cell, column) => asked(cell, column)?.readings[i].fieldText);
    const parsed = parseTable(fieldText, columns);
    return { text: first.question.readings[i].text, fieldText, value: parsed.ok ? parsed.value : [] };
  };
  const others = found.length - 1;
  const rest = others === 1 ? "the other fraction" : `the ${others} other fractions`;
  const also = others ? ` The answer reads ${rest} of the table the same way.` : "";
  return {
    message: `Line ${first.line}, ${first.column.label}: ${first.question.message}${also}`,
    readings: [reading(0), reading(1)],
  };
}

/**
 * A percent field holding a bare fraction, 0 < x < 1 without "%": "0.27" may be 27% (a fraction, as a cell
 * holds it) or 0.27% (as the field reads numbers). The pane asks rather than guesses; "27", "27%" and
 * "0.27%" are unambiguous. A table's percent column (AGI probabilities) asks the same of its cells.
 */
export function fractionQuestion(field: FieldDef, text: string): FractionQuestion | undefined {
  if (field.kind === "table") return tableFractionQuestion(field, text);
  return field.kind === "percent" ? bareFraction(text) : undefined;
}

// ---- messages in the form's words ----

/** What a field accepts, as a sentence with its label: "Paid over (years) must be more than 0 and at most 100." */
export function fieldRule(field: FieldDef): string {
  switch (field.kind) {
    case "date":
      return `${field.label} must be a date from 1900-01-01 to 9999-12-31${field.optional ? ", or empty" : ""}.`;
    case "choice":
      return `${field.label} must be one of ${(field.choices ?? []).map((c) => c.label).join(", ")}.`;
    case "table":
      return `${field.label}: ${field.help}`;
    case "text":
      return `${field.label} is required.`;
    default: {
      const range = rangeText(field);
      const kind = field.kind === "percent" ? "a percentage" : field.kind === "money" ? "an amount" : "a number";
      const rule = range ? `${field.label} must be ${range}` : `${field.label} must be ${kind}`;
      if (field.key === "revsharePayoutYears") return `${rule}, a whole number of periods.`;
      if (field.key === "drawdownTermYears") return `${rule}, a whole number of periods.`;
      if (field.key === "revshareFirstPeriodEnd") return `${rule}, the last day of a month.`;
      return `${rule}${field.optional ? ", or empty" : ""}.`;
    }
  }
}

/** Other arguments a function's message may mention, in the form's words. */
const ARGUMENT_WORDS: Record<string, string> = {
  total_periods: "the term's periods",
  payout_periods: "the instalments",
  periods_per_year: "the periods a year",
  term_years: "Term (years)",
  first_period_end: "First period ends",
  discount_rate: "Discount rate (a year)",
  valuation_date: "Value as of",
  as_of: "As of",
};

/**
 * A DEAL function's error about the argument a field feeds, in the field's words. A complaint about the
 * value's kind or range ("payout_periods must be between 1 and 100000; got 0", "rate must be a number")
 * is said as what the field accepts; any other message keeps its sense with the argument's name replaced
 * by the field's label ("Weights has 3 weights; give 60 (one per period)").
 */
export function inFieldWords(field: FieldDef, message: string, argument?: string): string {
  const aboutValue = /\bmust (?:not )?be\b|\bgot\b|not a number/i.test(message) && !/\bhas \d+\b|\bthe limit is\b/i.test(message);
  if (aboutValue && field.kind !== "table") return fieldRule(field);
  const words = { ...ARGUMENT_WORDS, ...(argument ? { [argument]: field.label } : {}) };
  const pattern = new RegExp(`\\b(${Object.keys(words).join("|")})\\b`, "g");
  const worded = message.replace(pattern, (word: string) => words[word]);
  return worded.replace(/^./, (c) => c.toUpperCase());
}

// ---- warnings: legal but implausible ----

function announcementDate(inputs: DealInputs): number | undefined {
  try {
    const figure = getTermPreset(inputs.preset).figures.find((f) => f.key === "announcement_date");
    return typeof figure?.value === "number" ? figure.value : undefined;
  } catch {
    return undefined;
  }
}

/** The first period's end of the revenue forecast: the growth forecast's, or the earliest date of the table. */
function firstPeriodEnd(inputs: DealInputs): number | undefined {
  if (inputs.revshareForecast !== "table") return inputs.revshareFirstPeriodEnd;
  const dates = inputs.revshareTable.map((row) => row[0]).filter((d): d is number => typeof d === "number");
  return dates.length ? Math.min(...dates) : undefined;
}

/**
 * Values a field accepts that are very likely a slip, each said beside its field; the value is still
 * written. The thresholds are documented in docs/task-pane.md ("Fields").
 */
export function fieldWarnings(inputs: DealInputs): Partial<Record<FieldKey, string>> {
  const warnings: Partial<Record<FieldKey, string>> = {};
  const visible = (key: FieldKey) => isVisible(FIELD_BY_KEY[key], inputs);
  const announced = announcementDate(inputs);
  const first = firstPeriodEnd(inputs);
  if (announced !== undefined) {
    const before = `before the announcement (${isoDate(announced)})`;
    if (inputs.agiDate !== null && inputs.agiDate < announced)
      warnings.agiDate = `AGI verified on ${isoDate(inputs.agiDate)} is ${before}: the deal's AGI clauses did not exist yet.`;
    if (inputs.asOf < announced) warnings.asOf = `As of ${isoDate(inputs.asOf)} is ${before}: no right of the deal was in force.`;
    if (inputs.drawdownStart < announced)
      warnings.drawdownStart = `Start ${isoDate(inputs.drawdownStart)} is ${before}: consumption of the commitment starts after it.`;
  }
  if (first !== undefined) {
    const end = inputs.revshareFixedEnd;
    if (end !== null && end < first)
      warnings.revshareFixedEnd = `Accrual ends on ${isoDate(end)}, before the first period ends (${isoDate(first)}): little or nothing accrues.`;
    else if (end === null && inputs.agiDate !== null && inputs.agiDate < first && !warnings.agiDate)
      warnings.agiDate = `AGI verified on ${isoDate(inputs.agiDate)} ends the revenue share before the first period ends (${isoDate(first)}).`;
  }
  if (inputs.revshareDiscountRate < 0)
    warnings.revshareDiscountRate = `A negative discount rate (${formatField(FIELD_BY_KEY.revshareDiscountRate, inputs.revshareDiscountRate)}%) makes later payments worth more than earlier ones.`;
  else if (inputs.revshareDiscountRate > 0.5)
    warnings.revshareDiscountRate = `A discount rate above 50% a year (${formatField(FIELD_BY_KEY.revshareDiscountRate, inputs.revshareDiscountRate)}%) leaves later payments worth almost nothing.`;
  if (visible("revshareGrowth") && inputs.revshareGrowth > 1)
    warnings.revshareGrowth = `Growth above 100% a year (${formatField(FIELD_BY_KEY.revshareGrowth, inputs.revshareGrowth)}%) more than doubles revenue every year of the forecast.`;
  if (inputs.revshareCap === 0) warnings.revshareCap = "A cap of $0 means nothing is paid: leave the cap empty for no cap.";
  if (inputs.revshareRate === 0) warnings.revshareRate = "A rate of 0% means no revenue share is paid.";
  for (const key of Object.keys(warnings) as FieldKey[]) if (!visible(key)) delete warnings[key];
  return warnings;
}

// ---- the preset's figures ----

/** The figure the chosen preset gives a field, when the preset has the field (the value the field resets to). */
export function presetFigure(inputs: DealInputs, key: FieldKey): { value: InputValue } | undefined {
  const values = presetValues(inputs.preset) as Partial<Record<FieldKey, InputValue>>;
  return key !== "preset" && key in values ? { value: values[key] as InputValue } : undefined;
}

export interface FigureChange {
  key: FieldKey;
  label: string;
  /** The field's value, as it shows it. */
  now: string;
  /** The value it takes, as it shows it ("empty" for none). */
  then: string;
}

function shown(field: FieldDef, value: InputValue | undefined): string {
  const text = formatField(field, value);
  if (text === "") return "empty";
  return field.kind === "percent" ? `${text}%` : field.kind === "money" ? `$${text}` : text;
}

/** Fields holding something else than the chosen preset's figure: what a reset to the preset changes. */
export function editedFigures(inputs: DealInputs): FigureChange[] {
  const changes: FigureChange[] = [];
  for (const field of FIELDS) {
    const figure = presetFigure(inputs, field.key);
    if (figure && !sameInput(inputs[field.key], figure.value))
      changes.push({ key: field.key, label: field.label, now: shown(field, inputs[field.key]), then: shown(field, figure.value) });
  }
  return changes;
}

/** The edited figures another preset would overwrite: the fields the user changed whose value the preset changes. */
export function presetOverwrites(inputs: DealInputs, presetId: string): FigureChange[] {
  const next = presetValues(presetId) as Partial<Record<FieldKey, InputValue>>;
  return editedFigures(inputs)
    .filter((c) => c.key in next && !sameInput(inputs[c.key], next[c.key]))
    .map((c) => ({ ...c, then: shown(FIELD_BY_KEY[c.key], next[c.key]) }));
}

/** A figure as the pane shows it in a message ("20%", "$135,000,000,000", "2030-12-31", "empty"). */
export function figureText(key: FieldKey, value: InputValue | undefined): string {
  return shown(FIELD_BY_KEY[key], value);
}

// ---- a change of periods ----

export const PERIOD_NAMES: Readonly<Record<number, string>> = { 1: "year", 2: "half-year", 4: "quarter", 12: "month" };

export interface PeriodNote {
  /** The periods a year before and after the change. */
  from: number;
  to: number;
  /** The first period's revenue as it stands: now a revenue of one `to` period. */
  value: number;
  /** What that is over a year at the new periods (value x to). */
  yearly: number;
  /** The revenue of one new period that keeps the year's revenue as it was (value x from / to). */
  converted: number;
}

/**
 * "First period's revenue" is the revenue of one period: going from yearly to quarterly keeps the figure and
 * makes it a quarter's (the year's revenue quadruples). The note says so and offers the figure that keeps
 * the year's revenue.
 */
export function periodNote(value: number, from: number, to: number): PeriodNote | undefined {
  if (from === to || !PERIOD_NAMES[from] || !PERIOD_NAMES[to]) return undefined;
  const v = new Decimal(value);
  return {
    from,
    to,
    value,
    yearly: v.times(to).toNumber(),
    converted: v.times(from).div(to).toNumber(),
  };
}

// ---- help ----

/**
 * A field's help as the pane shows it: what the field is (its definition's help, in a finance user's words)
 * and, for a number, what it accepts ("Accepts more than 0 and at most 100."), so the bound is said before
 * it is hit.
 */
export function helpText(field: FieldDef): string {
  const range =
    field.kind === "percent" || field.kind === "money" || field.kind === "integer" || field.kind === "number" ? rangeText(field) : "";
  const empty = field.optional && field.kind !== "table" ? " May be left empty." : "";
  return `${field.help}${range ? ` Accepts ${range}.` : ""}${empty}`;
}
