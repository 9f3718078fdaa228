import { DealInputs, FieldDef, FIELDS, formatField, TableColumn, defaultInputs } from "./fields";
import { KeyOutput, keyOutputs } from "./results";
import { CellValue, NumberFormatKind, ScenarioRows } from "../workbook/types";

/**
 * Scenarios as rows of the workbook's scenario table (Name | Schema | Saved | Inputs), pure.
 *
 * - A row is read into a scenario only when every part of it makes sense; otherwise it is reported
 *   with its row number and the reason, and left exactly as it is in the table: never a crash, never
 *   silently dropped, never rewritten. Saving, renaming and deleting change only the rows they concern.
 * - Schema 1 stores every input of DealInputs, as JSON. A row with a higher schema was written by a
 *   newer version: reported, kept, and protected from being overwritten by a save under its name.
 * - "Saved" is an ISO 8601 timestamp (UTC) as text.
 */

export const SCENARIO_SCHEMA = 1;
/** Excel holds at most 32,767 characters in a cell. */
export const MAX_INPUTS_LENGTH = 32000;
export const MAX_NAME_LENGTH = 100;

export interface Scenario {
  name: string;
  schema: number;
  saved: string;
  inputs: DealInputs;
}

export interface ListedScenario extends Scenario {
  /** 1-based row of the table body. */
  row: number;
}

export interface ScenarioProblem {
  row: number;
  name: string;
  reason: string;
  /** Written by a newer version: fine there, unreadable here. */
  newer: boolean;
}

export interface ScenarioList {
  scenarios: ListedScenario[];
  problems: ScenarioProblem[];
}

const NAME = 0;
const SCHEMA = 1;
const SAVED = 2;
const INPUTS = 3;

const key = (name: string) => name.trim().toLowerCase();

function nameOf(row: CellValue[]): string {
  const v = row[NAME];
  return v === null || v === undefined ? "" : String(v).trim();
}

function isNumberOrNull(v: unknown): boolean {
  return v === null || (typeof v === "number" && Number.isFinite(v));
}

function checkTable(value: unknown, columns: TableColumn[]): string | undefined {
  if (!Array.isArray(value)) return "is not a table";
  for (const [r, row] of value.entries()) {
    if (!Array.isArray(row) || row.length > columns.length) return `row ${r + 1} is not a row of ${columns.length} cells`;
    for (const [c, cell] of row.entries()) {
      const kind = columns[c].kind;
      if (kind === "text" ? !(cell === null || typeof cell === "string" || typeof cell === "number") : !isNumberOrNull(cell)) {
        return `row ${r + 1}, ${columns[c].label}, holds ${JSON.stringify(cell)}`;
      }
    }
  }
  return undefined;
}

/** Why a stored value cannot be the field's, or undefined when it can. */
function checkValue(field: FieldDef, value: unknown): string | undefined {
  if (value === undefined) return "is missing";
  if (value === null) return field.optional ? undefined : "is empty";
  switch (field.kind) {
    case "table":
      return checkTable(value, field.columns ?? []);
    case "text":
      return typeof value === "string" && value.trim() !== "" ? undefined : "is not a text";
    case "choice": {
      const allowed = (field.choices ?? []).map((c) => (field.format === "integer" ? Number(c.value) : c.value));
      return allowed.includes(value as never) ? undefined : `is ${JSON.stringify(value)}, not one of ${allowed.join(", ")}`;
    }
    case "date":
      return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 2958465
        ? undefined
        : `is ${JSON.stringify(value)}, not a date`;
    case "integer":
      return typeof value === "number" && Number.isInteger(value) ? undefined : `is ${JSON.stringify(value)}, not a whole number`;
    default:
      return typeof value === "number" && Number.isFinite(value) ? undefined : `is ${JSON.stringify(value)}, not a number`;
  }
}

/** The inputs a row's JSON holds, or the reasons it cannot be used. */
/**
 * Inputs that came after scenarios of schema 1 were first saved (the AGI timing section), with the value
 * a scenario saved without them takes: the starting values, which are not the deal's figures but an
 * illustration (labelled so), and leave the other results unchanged.
 */
const ADDED_SINCE_SCHEMA_1: Partial<DealInputs> = (() => {
  const start = defaultInputs(0);
  return { agiScenarios: start.agiScenarios, agiValuationDate: start.agiValuationDate };
})();

export function readInputs(json: CellValue): { inputs?: DealInputs; reasons: string[] } {
  if (typeof json !== "string" || json.trim() === "") return { reasons: ["Inputs is empty"] };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { reasons: ["Inputs is not valid JSON"] };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return { reasons: ["Inputs is not a JSON object"] };
  const record = { ...(data as Record<string, unknown>) };
  // Inputs added since schema 1 was first written take their starting value in a scenario saved before them.
  for (const [key, value] of Object.entries(ADDED_SINCE_SCHEMA_1)) if (!(key in record)) record[key] = value;
  const reasons: string[] = [];
  for (const field of FIELDS) {
    const problem = checkValue(field, record[field.key]);
    if (problem) reasons.push(`${field.key} ${problem}`);
  }
  const known = new Set<string>(FIELDS.map((f) => f.key));
  for (const extra of Object.keys(record)) if (!known.has(extra)) reasons.push(`${extra} is not an input of schema ${SCENARIO_SCHEMA}`);
  return reasons.length ? { reasons } : { inputs: record as unknown as DealInputs, reasons };
}

export function parseScenarioRows(rows: ScenarioRows): ScenarioList {
  const scenarios: ListedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const number = i + 1;
    const name = nameOf(row);
    const report = (reason: string, newer = false): void => {
      problems.push({ row: number, name, reason, newer });
    };
    if (row.every((v) => v === null || v === "")) return undefined;
    if (!name) return report("The scenario has no name.");
    const schema = row[SCHEMA];
    if (typeof schema !== "number" || !Number.isInteger(schema) || schema < 1) {
      return report(`Schema is ${JSON.stringify(schema ?? null)}, not a schema number.`);
    }
    if (schema > SCENARIO_SCHEMA) {
      return report(`Written by a newer version of Deal Modeller (schema ${schema}; this version reads schema ${SCENARIO_SCHEMA}).`, true);
    }
    if (seen.has(key(name))) return report("Another scenario above has the same name; that one is used.");
    const { inputs, reasons } = readInputs(row[INPUTS]);
    if (!inputs) return report(`${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ""}.`);
    seen.add(key(name));
    const saved = row[SAVED];
    scenarios.push({ row: number, name, schema, saved: saved === null ? "" : String(saved), inputs });
    return undefined;
  });
  return { scenarios, problems };
}

export function scenarioRow(scenario: Scenario): CellValue[] {
  const json = JSON.stringify(scenario.inputs);
  if (json.length > MAX_INPUTS_LENGTH) {
    throw new Error(`The scenario's inputs take ${json.length} characters; a cell holds ${MAX_INPUTS_LENGTH}. Shorten the tables.`);
  }
  return [scenario.name, scenario.schema, scenario.saved, json];
}

export function checkScenarioName(name: string): string | undefined {
  const t = name.trim();
  if (!t) return "Give the scenario a name.";
  if (t.length > MAX_NAME_LENGTH) return `A scenario name has at most ${MAX_NAME_LENGTH} characters.`;
  return undefined;
}

function rowsNamed(rows: ScenarioRows, name: string): number[] {
  return rows.flatMap((row, i) => (key(nameOf(row)) === key(name) ? [i] : []));
}

/**
 * The table with the scenario saved: it replaces the row of that name (the first one), else it is
 * added at the end. A row of that name that a newer version wrote is never overwritten.
 */
export function saveScenario(rows: ScenarioRows, name: string, inputs: DealInputs, saved: string): ScenarioRows {
  const problem = checkScenarioName(name);
  if (problem) throw new Error(problem);
  const list = parseScenarioRows(rows);
  const newer = list.problems.find((p) => p.newer && key(p.name) === key(name));
  if (newer) throw new Error(`"${newer.name}" was saved by a newer version of Deal Modeller; save under another name.`);
  const at = rowsNamed(rows, name)[0];
  // Saving again under a name keeps the name as it was first written.
  const row = scenarioRow({ name: at === undefined ? name.trim() : nameOf(rows[at]), schema: SCENARIO_SCHEMA, saved, inputs });
  if (at === undefined) return [...rows.map((r) => [...r]), row];
  return rows.map((r, i) => (i === at ? row : [...r]));
}

/** Renames a readable scenario; its other cells stay as they are. */
export function renameScenario(rows: ScenarioRows, from: string, to: string): ScenarioRows {
  const problem = checkScenarioName(to);
  if (problem) throw new Error(problem);
  const list = parseScenarioRows(rows);
  const source = list.scenarios.find((s) => key(s.name) === key(from));
  if (!source) throw new Error(`There is no scenario named "${from}".`);
  if (key(from) !== key(to) && rowsNamed(rows, to).length) throw new Error(`A scenario named "${to.trim()}" exists already.`);
  return rows.map((r, i) => (i === source.row - 1 ? [to.trim(), ...r.slice(1)] : [...r]));
}

/** Deletes a readable scenario (the row the list shows); unreadable rows are only ever removed by hand. */
export function deleteScenario(rows: ScenarioRows, name: string): ScenarioRows {
  const source = parseScenarioRows(rows).scenarios.find((s) => key(s.name) === key(name));
  if (!source) throw new Error(`There is no scenario named "${name}".`);
  return rows.filter((_, i) => i !== source.row - 1).map((r) => [...r]);
}

// ---- comparing ----

export interface OutputComparison {
  key: string;
  label: string;
  format: KeyOutput["format"];
  a: number | string | null;
  b: number | string | null;
  /** b - a for numbers (in days for dates); null when either side has no number. */
  difference: number | null;
  differenceFormat?: NumberFormatKind;
  problemA?: string;
  problemB?: string;
}

export interface InputDifference {
  key: string;
  label: string;
  a: string;
  b: string;
}

export interface Comparison {
  a: string;
  b: string;
  outputs: OutputComparison[];
  inputs: InputDifference[];
}

/** Two scenarios side by side: their key outputs (computed by the same functions as the cells) and the inputs that differ. */
export function compareScenarios(a: Scenario, b: Scenario): Comparison {
  const outA = keyOutputs(a.inputs);
  const outB = keyOutputs(b.inputs);
  const outputs = outA.map((x, i): OutputComparison => {
    const y = outB[i];
    const numbers = typeof x.value === "number" && typeof y.value === "number";
    const difference = numbers ? (y.value as number) - (x.value as number) : null;
    const comparison: OutputComparison = { key: x.key, label: x.label, format: x.format, a: x.value, b: y.value, difference };
    if (numbers && x.format !== "text" && x.format !== "boolean") comparison.differenceFormat = x.format === "date" ? "integer" : x.format;
    if (x.problem) comparison.problemA = x.problem;
    if (y.problem) comparison.problemB = y.problem;
    return comparison;
  });
  const inputs: InputDifference[] = [];
  for (const field of FIELDS) {
    const textA = formatField(field, a.inputs[field.key]);
    const textB = formatField(field, b.inputs[field.key]);
    if (textA !== textB) inputs.push({ key: field.key, label: field.label, a: textA, b: textB });
  }
  return { a: a.name, b: b.name, outputs, inputs };
}
