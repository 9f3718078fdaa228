import { DealInputs, FieldDef, FIELDS, formatField, TableColumn, defaultInputs } from "./fields";
import { KeyOutput, keyOutputs } from "./results";
import { CellValue, NumberFormatKind } from "../workbook/types";
import {
  cellsOf,
  columnsMessage,
  columnsOf,
  isEmptyRow,
  missingColumns,
  nameKey,
  ScenarioCells,
  ScenarioTable,
  SCENARIO_COLUMNS,
} from "../workbook/scenarioTable";

/**
 * Scenarios as rows of the workbook's scenario table, pure: reading the table (its columns by their
 * titles), the cells a save, a rename or a delete sends to the workbook, and what a co-author changed.
 * The workbook's side (which row a write touches, and that it touches nothing else) is
 * src/workbook/scenarioTable.ts.
 *
 * - A row is read into a scenario only when every part of it makes sense; otherwise it is reported with
 *   its row number and the reason, and never written to: never a crash, never silently dropped.
 * - Schema 1 stores every input of DealInputs, as JSON. A row with a higher schema was written by a
 *   newer version: reported, kept, and protected from being overwritten by a save under its name.
 * - "Saved" is an ISO 8601 timestamp (UTC) as text: when the add-in last wrote the row.
 * - Id is the row's stable identity (random text, kept through renames); Revision counts the add-in's
 *   writes of the row; "Saved by" is the name the user gave the pane, for co-authors to see.
 * - Two readable rows may have one name (a co-author saved at the same moment, or a hand edit): both are
 *   listed, each is its own scenario, and an action on one never touches the other.
 */

export const SCENARIO_SCHEMA = 1;
/** Excel holds at most 32,767 characters in a cell. */
export const MAX_INPUTS_LENGTH = 32000;
export const MAX_NAME_LENGTH = 100;
export const MAX_AUTHOR_LENGTH = 60;

export interface Scenario {
  name: string;
  schema: number;
  saved: string;
  inputs: DealInputs;
}

export interface ListedScenario extends Scenario {
  /** 1-based row of the table body. */
  row: number;
  /** The row's Id; "" for a row written before ids. */
  id: string;
  /** How many times the add-in wrote the row (0 when the row has none). */
  revision: number;
  /** Who saved it last, as they named themselves in the pane; "" when unknown. */
  savedBy: string;
  /** Stable while the row lives: its Id, or its row number for a row without a unique Id. */
  key: string;
  /** The row's cells of the add-in's columns as read: a write to the row happens only while it still holds them. */
  cells: ScenarioCells;
  /** Another listed scenario has the same name. */
  sameName: boolean;
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
  /** Why nothing can be written to the table (a required column is missing); the rows still read by their titles. */
  tableProblem?: string;
  /** The table as read, undefined when the workbook has none. */
  table?: ScenarioTable;
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

const text = (v: CellValue | undefined): string => (v === null || v === undefined ? "" : String(v).trim());

type ReadRow = { scenario: Omit<ListedScenario, "key" | "sameName"> } | { problem: ScenarioProblem } | undefined;

/** One body row read by the header's titles: a scenario, a problem, or nothing (an empty row). */
function readRow(header: readonly string[], row: readonly CellValue[], number: number): ReadRow {
  if (isEmptyRow(row)) return undefined;
  const cells = cellsOf(header, row);
  const name = text(cells.Name);
  const problem = (reason: string, newer = false): ReadRow => ({ problem: { row: number, name, reason, newer } });
  if (!name) return problem("The scenario has no name.");
  const schema = cells.Schema ?? null;
  if (typeof schema !== "number" || !Number.isInteger(schema) || schema < 1) {
    return problem(`Schema is ${JSON.stringify(schema)}, not a schema number.`);
  }
  if (schema > SCENARIO_SCHEMA) {
    return problem(`Written by a newer version of Deal Modeller (schema ${schema}; this version reads schema ${SCENARIO_SCHEMA}).`, true);
  }
  const { inputs, reasons } = readInputs(cells.Inputs ?? null);
  if (!inputs) return problem(`${reasons.slice(0, 3).join("; ")}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ""}.`);
  const revision = cells.Revision;
  return {
    scenario: {
      row: number,
      name,
      schema,
      saved: text(cells.Saved),
      inputs,
      id: text(cells.Id),
      revision: typeof revision === "number" && Number.isInteger(revision) && revision >= 0 ? revision : 0,
      savedBy: text(cells["Saved by"]),
      cells,
    },
  };
}

/** The scenarios of the table, by its columns' titles, and the rows that cannot be read (with why). */
export function parseScenarioTable(table: ScenarioTable | undefined): ScenarioList {
  if (!table) return { scenarios: [], problems: [] };
  const { required } = missingColumns(table.header);
  const list: ScenarioList = { scenarios: [], problems: [], table };
  if (required.length) list.tableProblem = columnsMessage(required);
  // Without a name, a schema or the inputs no row can be read; without Saved, rows read with no time.
  if (required.some((c) => c !== "Saved")) return list;
  const read: Omit<ListedScenario, "key" | "sameName">[] = [];
  table.rows.forEach((row, i) => {
    const result = readRow(table.header, row, i + 1);
    if (!result) return;
    if ("problem" in result) list.problems.push(result.problem);
    else read.push(result.scenario);
  });
  const count = (values: string[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<string, number>());
  const ids = count(read.map((s) => s.id).filter(Boolean));
  const names = count(read.map((s) => nameKey(s.name)));
  list.scenarios = read.map((s) => ({
    ...s,
    key: s.id && ids.get(s.id) === 1 ? s.id : `row-${s.row}`,
    sameName: (names.get(nameKey(s.name)) ?? 0) > 1,
  }));
  return list;
}

export function checkScenarioName(name: string): string | undefined {
  const t = name.trim();
  if (!t) return "Give the scenario a name.";
  if (t.length > MAX_NAME_LENGTH) return `A scenario name has at most ${MAX_NAME_LENGTH} characters.`;
  return undefined;
}

function inputsJson(inputs: DealInputs): string {
  const json = JSON.stringify(inputs);
  if (json.length > MAX_INPUTS_LENGTH) {
    throw new Error(`The scenario's inputs take ${json.length} characters; a cell holds ${MAX_INPUTS_LENGTH}. Shorten the tables.`);
  }
  return json;
}

/** What the add-in writes about who and when, with each write. */
export interface Stamp {
  saved: string;
  savedBy: string;
}

/** A new row's cells: a new scenario (revision 1). */
export function newScenarioCells(name: string, inputs: DealInputs, id: string, stamp: Stamp): Record<string, CellValue> {
  const cells: Record<(typeof SCENARIO_COLUMNS)[number], CellValue> = {
    Name: name.trim(),
    Schema: SCENARIO_SCHEMA,
    Saved: stamp.saved,
    Inputs: inputsJson(inputs),
    Id: id,
    Revision: 1,
    "Saved by": stamp.savedBy || null,
  };
  return cells;
}

/** The cells a save over an existing scenario changes: its inputs, schema, revision and stamp (the name stays as first written). */
export function overwriteCells(existing: ListedScenario, inputs: DealInputs, newId: string, stamp: Stamp): ScenarioCells {
  return {
    Schema: SCENARIO_SCHEMA,
    Inputs: inputsJson(inputs),
    Saved: stamp.saved,
    "Saved by": stamp.savedBy || null,
    Revision: existing.revision + 1,
    Id: existing.id || newId,
  };
}

/** The cells a rename changes: the name, the revision and the stamp; the inputs stay as they are. */
export function renameCells(existing: ListedScenario, to: string, newId: string, stamp: Stamp): ScenarioCells {
  return {
    Name: to.trim(),
    Saved: stamp.saved,
    "Saved by": stamp.savedBy || null,
    Revision: existing.revision + 1,
    Id: existing.id || newId,
  };
}

/** The first of "Base (2)", "Base (3)", ... that no row of the table has. */
export function freeName(table: ScenarioTable | undefined, base: string): string {
  const column = table ? columnsOf(table.header).Name : undefined;
  const taken = new Set(column === undefined ? [] : table!.rows.map((row) => nameKey(row[column])));
  const stem = base.trim().replace(/\s+\(\d+\)$/, "");
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})`;
    if (!taken.has(nameKey(candidate))) return candidate;
  }
}

/** "2026-05-01T10:04:00.000Z" as "2026-05-01 at 10:04 UTC". */
export function whenText(saved: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(saved);
  return match ? `${match[1]} at ${match[2]} UTC` : saved;
}

/** The inputs whose values differ, as "Rate 20% → 30%", at most `max` of them. */
function inputChanges(before: DealInputs, after: DealInputs, max = 3): string[] {
  const changes: string[] = [];
  const shown = (field: FieldDef, text: string) => (!text ? "empty" : field.kind === "percent" ? `${text}%` : text);
  for (const field of FIELDS) {
    const a = formatField(field, before[field.key]);
    const b = formatField(field, after[field.key]);
    if (a !== b)
      changes.push(field.kind === "table" ? `${field.label} (a table)` : `${field.label} ${shown(field, a)} → ${shown(field, b)}`);
  }
  if (changes.length <= max) return changes;
  const more = changes.length - max;
  return [...changes.slice(0, max - 1), `${changes[max - 1]} and ${more} more input${more === 1 ? "" : "s"}`];
}

/**
 * What happened to a scenario since the pane read it, in plain words: who changed it, when, and what
 * (renamed, inputs changed, made unreadable), or that it is gone.
 */
export function describeChange(mine: ListedScenario, header: readonly string[] | undefined, now: readonly CellValue[] | undefined): string {
  if (!header || !now) return `“${mine.name}” is no longer in the table: someone deleted it after this pane read it.`;
  const cells = cellsOf(header, now);
  const read = readRow(header, now, 0);
  const revision = cells.Revision;
  const byAddIn = typeof revision === "number" && revision !== mine.revision;
  const savedBy = text(cells["Saved by"]);
  const who = byAddIn ? savedBy || "A co-author (no name given)" : "Someone";
  const when = byAddIn && text(cells.Saved) ? ` on ${whenText(text(cells.Saved))}` : "";
  const how = byAddIn ? "" : " by hand in the table";
  const what: string[] = [];
  const name = text(cells.Name);
  if (name !== mine.name) what.push(name ? `renamed it “${name}”` : "cleared its name");
  if (read && "problem" in read) {
    what.push(
      read.problem.newer
        ? "saved it with a newer version of Deal Modeller"
        : `left it unreadable (${read.problem.reason.replace(/\.$/, "")})`,
    );
  } else if (read && "scenario" in read) {
    const changes = inputChanges(mine.inputs, read.scenario.inputs);
    if (changes.length) what.push(`changed ${changes.join(", ")}`);
  }
  if (!what.length) what.push("saved it again with the same inputs");
  return `${who} changed “${mine.name}”${how}${when}, after this pane read it: ${what.join("; ")}.`;
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
