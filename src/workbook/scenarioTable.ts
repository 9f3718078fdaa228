import { Block, blockAddress } from "./a1";
import type { CellValue } from "./types";

/**
 * The scenario table's rules, shared by both workbooks (Office.js and the embedded one) and their tests,
 * so the two cannot drift apart: how columns are found, which row a write is about, and what a write
 * changes. Pure: a workbook reads the table, asks a planner here what to do, and applies the edit.
 *
 * - **By header, always.** Every column is found by its title (trimmed, any case), wherever it is in the
 *   table. Columns the add-in does not know are the user's: kept, with their values, through every write.
 * - **Row-level writes.** A save appends one row or updates the one row it is about; a rename updates
 *   that row's cells; a delete removes that row. The body is never rewritten, so every other row (a
 *   co-author's, or one the add-in cannot read) keeps every cell, value and type.
 * - **Compare, then write.** An update or a delete names the row by what the pane read there: its Id,
 *   its Revision and every other cell of the add-in's columns. It happens only if a row still holds
 *   exactly that; otherwise it is refused with the row as it is now (a co-author changed it, or a hand
 *   edit did) or as gone, and the pane asks what to do.
 * - **Missing columns.** Name, Schema, Saved and Inputs are required: when one is missing (renamed or
 *   deleted), nothing is written and the refusal says which. Id, Revision and Saved by, which tables
 *   written before them lack, are added at the end of the table by the next write (over empty cells
 *   only).
 * - **The build record stays clear of the table.** The build record (buildRecord.ts) sits on the same
 *   sheet, found by its name. A table write never writes a cell of the record; a record write never
 *   writes a cell of the table. Each keeps the record at least one empty column to the right of the
 *   table (Excel grows a table into a column typed right beside it): whichever write finds the record in
 *   the way moves it further right, to empty cells, and points its name there.
 */

/** The add-in's columns, in the order a new table has them. */
export const SCENARIO_COLUMNS = ["Name", "Schema", "Saved", "Inputs", "Id", "Revision", "Saved by"] as const;
export type ScenarioColumn = (typeof SCENARIO_COLUMNS)[number];

/** Without one of these nothing is written: a row could not be read back. */
export const REQUIRED_COLUMNS: readonly ScenarioColumn[] = ["Name", "Schema", "Saved", "Inputs"];
/** Columns a table written before ids lacks; a write adds them at the end of the table. */
export const ADDED_COLUMNS: readonly ScenarioColumn[] = ["Id", "Revision", "Saved by"];
/** Columns holding whole numbers; the rest hold text. */
export const NUMBER_COLUMNS: readonly ScenarioColumn[] = ["Schema", "Revision"];

/** The scenario table as a workbook holds it. */
export interface ScenarioTable {
  /** The header row's titles, every column (the add-in's and the user's), in the table's order. */
  header: string[];
  /** Every body row, every column, in the table's order; an empty cell is null. */
  rows: CellValue[][];
}

/** Cells of the add-in's columns, by column. */
export type ScenarioCells = Partial<Record<ScenarioColumn, CellValue>>;

export interface AppendRequest {
  /** The new row's cells by column title: the add-in's columns and, restoring a deleted row, the user's. */
  cells: Record<string, CellValue>;
  /** Refused (reason "exists", with that row) when a row of the table has this name (trimmed, any case). */
  unlessNamed?: string;
  /** Where the row goes in the body (0-based); at the end when absent or past the end. */
  at?: number;
}

export interface UpdateRequest {
  /** The row as the pane read it: the add-in's columns. */
  expected: ScenarioCells;
  /** The cells to write; every other cell of the row is left as it is. */
  changes: ScenarioCells;
}

export interface DeleteRequest {
  expected: ScenarioCells;
}

export type RefusalReason = "exists" | "changed" | "gone" | "columns" | "blocked" | "busy";

export interface ScenarioRefusal {
  reason: RefusalReason;
  message: string;
  /** exists: the row that has the name; changed: the row as it is now. Every column, in the table's order. */
  row?: CellValue[];
}

export type ScenarioWriteResult =
  | {
      ok: true;
      /** The table after the write. */
      table: ScenarioTable;
      /** The body row written (0-based), or the one deleted. */
      at: number;
      /** A delete: the row as it was, every column, and the header it had (to undo the delete). */
      removed?: { header: string[]; row: CellValue[] };
      /** Something the pane should say: a co-author's row of the same name landed at the same moment. */
      notice?: string;
    }
  | { ok: false; refusal: ScenarioRefusal; table?: ScenarioTable };

/** What a workbook does to its table: one of these, never a rewrite of the body. */
export type ScenarioEdit =
  /** No table yet: a table of `header` with one row. */
  | { kind: "create"; header: string[]; row: CellValue[] }
  /** A row at `at` (cells below it move down); `fill`: into the empty last row instead. */
  | { kind: "insert"; at: number; row: CellValue[]; fill: boolean; addColumns: string[] }
  /** Cells of the body row `at`, by column index (after `addColumns` are added at the end). */
  | { kind: "write"; at: number; cells: { col: number; value: CellValue }[]; addColumns: string[] }
  /** The body row `at` goes (cells below it move up); the last remaining row is emptied instead. */
  | { kind: "delete"; at: number };

export type ScenarioPlan = { edit: ScenarioEdit } | { refusal: ScenarioRefusal };

/** A scenario's name as names are compared: trimmed, any case. */
export function nameKey(name: unknown): string {
  return name === null || name === undefined ? "" : String(name).trim().toLowerCase();
}

/** Each of the add-in's columns' index in the header (its first column of that title), when present. */
export function columnsOf(header: readonly string[]): Partial<Record<ScenarioColumn, number>> {
  const found: Partial<Record<ScenarioColumn, number>> = {};
  const titles = header.map((t) => t.trim().toLowerCase());
  for (const column of SCENARIO_COLUMNS) {
    const at = titles.indexOf(column.toLowerCase());
    if (at >= 0) found[column] = at;
  }
  return found;
}

export function missingColumns(header: readonly string[]): { required: ScenarioColumn[]; added: ScenarioColumn[] } {
  const found = columnsOf(header);
  return {
    required: REQUIRED_COLUMNS.filter((c) => found[c] === undefined),
    added: ADDED_COLUMNS.filter((c) => found[c] === undefined),
  };
}

/** The add-in's cells of a row. A column the table lacks is absent. */
export function cellsOf(header: readonly string[], row: readonly CellValue[]): ScenarioCells {
  const cells: ScenarioCells = {};
  for (const [column, at] of Object.entries(columnsOf(header)) as [ScenarioColumn, number][]) cells[column] = row[at] ?? null;
  return cells;
}

/** The same cell: the same value of the same type (the text "1" is not the number 1). */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  return (a ?? null) === (b ?? null);
}

export function isEmptyRow(row: readonly CellValue[]): boolean {
  return row.every((v) => v === null || v === "");
}

/** The message for a table that lacks a required column. */
export function columnsMessage(missing: readonly ScenarioColumn[]): string {
  const list = missing.map((c) => `“${c}”`).join(", ");
  return (
    `The scenario table has no column titled ${list} (renamed or deleted?). Give ${missing.length === 1 ? "a column" : "columns"} ` +
    `of the table ${missing.length === 1 ? "that title" : "those titles"} again; until then nothing is written to the table.`
  );
}

function refuseColumns(table: ScenarioTable): ScenarioRefusal | undefined {
  const { required } = missingColumns(table.header);
  return required.length ? { reason: "columns", message: columnsMessage(required) } : undefined;
}

/** A row of `width` cells for the header (plus added columns): each cell from `cells` by its column's title. */
function rowFor(header: readonly string[], cells: Record<string, CellValue>): CellValue[] {
  const known = new Map(SCENARIO_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const byKey = new Map<string, CellValue>();
  for (const [title, value] of Object.entries(cells)) {
    const column = known.get(title.trim().toLowerCase());
    byKey.set(column ? `known:${column}` : `user:${title}`, value);
  }
  const used = new Set<string>();
  return header.map((title) => {
    const column = known.get(title.trim().toLowerCase());
    const key = column ? `known:${column}` : `user:${title}`;
    // A title that appears twice gets the value once, in its first column.
    if (used.has(key)) return null;
    used.add(key);
    return byKey.get(key) ?? null;
  });
}

export function planAppend(table: ScenarioTable | undefined, request: AppendRequest): ScenarioPlan {
  if (!table) return { edit: { kind: "create", header: [...SCENARIO_COLUMNS], row: rowFor(SCENARIO_COLUMNS, request.cells) } };
  const refusal = refuseColumns(table);
  if (refusal) return { refusal };
  const columns = columnsOf(table.header);
  if (request.unlessNamed !== undefined) {
    const wanted = nameKey(request.unlessNamed);
    const taken = table.rows.find((row) => nameKey(row[columns.Name!]) === wanted);
    if (taken)
      return {
        refusal: { reason: "exists", message: `A scenario named “${String(taken[columns.Name!]).trim()}” exists.`, row: [...taken] },
      };
  }
  const addColumns = missingColumns(table.header).added.map(String);
  const row = rowFor([...table.header, ...addColumns], request.cells);
  const count = table.rows.length;
  // An empty last row (a table emptied by deletes keeps one) takes the new row.
  const lastEmpty = count > 0 && isEmptyRow(table.rows[count - 1]);
  const end = lastEmpty ? count - 1 : count;
  const at = request.at === undefined ? end : Math.min(Math.max(0, request.at), end);
  return { edit: { kind: "insert", at, row, fill: lastEmpty && at === end, addColumns } };
}

/** The body row that holds exactly `expected`, or why there is none (with the row as it is now, when it can be told). */
function locate(table: ScenarioTable, expected: ScenarioCells): { at: number } | { refusal: ScenarioRefusal } {
  const columns = columnsOf(table.header);
  const keys = Object.keys(expected) as ScenarioColumn[];
  const holds = (row: readonly CellValue[]) => keys.every((k) => sameCell(columns[k] === undefined ? null : row[columns[k]!], expected[k]));
  const at = table.rows.findIndex(holds);
  if (at >= 0) return { at };
  const id = expected.Id;
  const named = expected.Name;
  const sameId = (row: readonly CellValue[]) => columns.Id !== undefined && sameCell(row[columns.Id], id);
  // A row written before ids is known by its name while it has no id.
  const sameLegacy = (row: readonly CellValue[]) =>
    (columns.Id === undefined || row[columns.Id] === null) && nameKey(row[columns.Name!]) === nameKey(named);
  const now = table.rows.find((row) => (typeof id === "string" && id !== "" ? sameId(row) : sameLegacy(row)));
  if (now) return { refusal: { reason: "changed", message: "The scenario was changed since the pane read it.", row: [...now] } };
  return { refusal: { reason: "gone", message: "The scenario is no longer in the table." } };
}

export function planUpdate(table: ScenarioTable | undefined, request: UpdateRequest): ScenarioPlan {
  if (!table) return { refusal: { reason: "gone", message: "The scenario table is gone." } };
  const refusal = refuseColumns(table);
  if (refusal) return { refusal };
  const found = locate(table, request.expected);
  if ("refusal" in found) return found;
  const missing = missingColumns(table.header).added;
  const addColumns = missing.filter((c) => request.changes[c] !== undefined).map(String);
  const columns = columnsOf([...table.header, ...addColumns]);
  const row = table.rows[found.at];
  const cells = (Object.entries(request.changes) as [ScenarioColumn, CellValue][])
    .filter(([column]) => columns[column] !== undefined)
    .map(([column, value]) => ({ col: columns[column]!, value }))
    .filter(({ col, value }) => !sameCell(row[col], value));
  return { edit: { kind: "write", at: found.at, cells, addColumns } };
}

export function planDelete(table: ScenarioTable | undefined, request: DeleteRequest): ScenarioPlan {
  if (!table) return { refusal: { reason: "gone", message: "The scenario table is gone." } };
  const found = locate(table, request.expected);
  if ("refusal" in found) return found;
  return { edit: { kind: "delete", at: found.at } };
}

/** The table as it will be once the edit is applied (what a workbook reads back). */
export function applyEdit(table: ScenarioTable | undefined, edit: ScenarioEdit): ScenarioTable {
  const copy = (t: ScenarioTable): ScenarioTable => ({ header: [...t.header], rows: t.rows.map((r) => [...r]) });
  switch (edit.kind) {
    case "create":
      return { header: [...edit.header], rows: [[...edit.row]] };
    case "insert": {
      const next = copy(table!);
      next.header.push(...edit.addColumns);
      for (const row of next.rows) row.push(...edit.addColumns.map(() => null));
      if (edit.fill) next.rows[edit.at] = [...edit.row];
      else next.rows.splice(edit.at, 0, [...edit.row]);
      return next;
    }
    case "write": {
      const next = copy(table!);
      next.header.push(...edit.addColumns);
      for (const row of next.rows) row.push(...edit.addColumns.map(() => null));
      for (const { col, value } of edit.cells) next.rows[edit.at][col] = value;
      return next;
    }
    case "delete": {
      const next = copy(table!);
      if (next.rows.length === 1) next.rows[0] = next.rows[0].map(() => null);
      else next.rows.splice(edit.at, 1);
      return next;
    }
  }
}

/** The number format kind of each column of the header: numbers for Schema and Revision, text otherwise. */
export function columnKinds(header: readonly string[]): ("number" | "text")[] {
  const numbers = new Set(NUMBER_COLUMNS.map((c) => c.toLowerCase()));
  return header.map((title) => (numbers.has(title.trim().toLowerCase()) ? "number" : "text"));
}

/** Why a table write stopped: cells it needs (`block`, of `sheet`) hold something, the first at `taken`. */
export function blockedBy(sheet: string, block: Block, taken: string): ScenarioRefusal {
  return {
    reason: "blocked",
    message:
      `The scenario table needs the cells ${blockAddress(block)} of ${sheet}, and ${taken} holds something: ` +
      "move or clear it, then try again (nothing was written).",
  };
}

// ---- the build record beside the table ----

/**
 * Whether a record block stays clear of the table: no column of it within the table's columns or the
 * one right of the table (on the same sheet; callers check the sheet).
 */
export function recordClearOf(record: Block, table: Block): boolean {
  return record.right < table.left || record.left > table.right + 1;
}

/**
 * The column a record of `rows` cells (from the sheet's first row) moves to: the first column from
 * two right of the table (and no further left than `from`) whose cells are all free.
 */
export function recordColumnFor(table: Block, from: number, rows: number, isFree: (row: number, col: number) => boolean): number {
  for (let col = Math.max(from, table.right + 2); ; col++) {
    let free = true;
    for (let row = 0; row < rows && free; row++) free = isFree(row, col);
    if (free) return col;
  }
}
