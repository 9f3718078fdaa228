import { Block, cellsOf, parseBlock, parseCell } from "./a1";
import { CellValue } from "./types";

/**
 * The build record: what the add-in wrote on each model sheet, kept in the workbook so that the next
 * build (in Excel or in the preview, on this machine or a co-author's) clears exactly what the add-in
 * wrote and still holds, and nothing a user typed.
 *
 * Where it lives. In cells of the add-in's own sheet (the scenario table's sheet), as JSON in one column
 * under a header, found by the workbook-scoped name DealModeller_BuildRecord. Excel moves a name with its
 * sheet, so the record is found again after the sheet is renamed; it travels in .xlsx files as ordinary
 * cells and a name. Each model sheet is found by the id the workbook gives it (Office.js Worksheet.id)
 * and, failing that, by the name it had when it was built, so renaming a model sheet keeps it the model's.
 *
 * What a cell entry holds: a fingerprint of the content written (a formula or a value) and one of its
 * format, role and spill size, so a rebuild writes only what changed and can tell a cell the user changed
 * from one the add-in wrote. A record is untrusted input (anyone can edit the cells): every entry is
 * checked against the model's own bounds before use, and an entry that fails is ignored with a message,
 * never expanded.
 */

export const RECORD_NAME = "DealModeller_BuildRecord";
export const RECORD_HEADER = "Deal Modeller build record (written by the add-in; do not edit)";
export const RECORD_FORMAT = "deal-modeller-build-record";
export const RECORD_VERSION = 2;
/**
 * Where a new record is written: column G of the add-in's sheet (SCENARIO_SHEET), where versions before
 * 2 kept theirs, unless the scenario table reaches it: the record keeps clear of the table, one empty
 * column right of it or further (src/workbook/scenarioTable.ts). It is found by RECORD_NAME wherever it is.
 */
export const RECORD_COLUMN = "G";
/** Excel holds at most 32,767 characters in a cell. */
export const RECORD_CHUNK = 30000;
/** The most text a record may have (a model of the largest size needs a few hundred kilobytes). */
export const MAX_RECORD_TEXT = 4_000_000;

/** The legacy record of versions before 2: four columns G:J under this header. */
export const LEGACY_RECORD_HEADER = ["Model sheet", "Cells written", "Names", "Charts"];

export interface RecordedSheet {
  /** The model's key for the sheet: "terms", "stake", "revshare", ... */
  key: string;
  /** The workbook's id of the sheet when it has one (Office.js Worksheet.id). */
  id?: string;
  /** The sheet's name at the last build. */
  name: string;
  /** The add-in created this sheet, so it may delete it when its section is removed. */
  created: boolean;
  /** Address -> "content fingerprint:style fingerprint" of every cell the add-in wrote. */
  cells: Record<string, string>;
  /** Blocks the add-in formatted around its spilled results (a spill's whole block). */
  formatted: string[];
  names: string[];
  charts: string[];
}

export interface BuildRecord {
  sheets: RecordedSheet[];
}

/** What the record may describe: the model's sheets, names and sizes. Anything else in it is refused. */
export interface ModelBounds {
  /** Every sheet the model builds: its key and preferred name. */
  sheets: readonly { key: string; name: string }[];
  /** Every name a build of the model can define. */
  names: readonly string[];
  /** Every chart id a build of the model can add. */
  charts: readonly string[];
  /** The most rows and columns any model sheet uses (1-based counts). */
  rows: number;
  columns: number;
  /** The most cells a build of all sheets writes or formats. */
  cells: number;
}

export const EMPTY_RECORD: BuildRecord = { sheets: [] };

// ---- fingerprints ----

/** FNV-1a over UTF-16 code units, base 36: short, stable, and enough to tell contents apart. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

/** A formula as Excel may give it back: case and spaces outside string literals do not count. */
function normalFormula(formula: string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, "").toUpperCase()))
    .join("");
}

/** What a cell holds, as both workbooks can read it back: a formula, or a constant value. */
export type CellContent = { formula: string } | { value: CellValue };

export function contentFingerprint(content: CellContent): string {
  if ("formula" in content) return hash(`f${normalFormula(content.formula)}`);
  const v = content.value;
  if (v === null || v === "") return "0";
  if (typeof v === "number") return hash(`n${v}`);
  if (typeof v === "boolean") return hash(`b${v}`);
  return hash(`s${v}`);
}

export function styleFingerprint(parts: unknown[]): string {
  return hash(JSON.stringify(parts));
}

export function entry(content: string, style: string): string {
  return `${content}:${style}`;
}

export function contentOfEntry(value: string): string {
  return value.split(":")[0];
}

export function styleOfEntry(value: string): string {
  return value.split(":")[1] ?? "";
}

// ---- encoding ----

/** The record as the cells of its column: the header, then the JSON in chunks. */
export function encodeRecord(record: BuildRecord): string[] {
  const text = JSON.stringify({ format: RECORD_FORMAT, version: RECORD_VERSION, sheets: record.sheets });
  const chunks = [RECORD_HEADER];
  for (let i = 0; i < text.length; i += RECORD_CHUNK) chunks.push(text.slice(i, i + RECORD_CHUNK));
  return chunks;
}

export interface DecodedRecord {
  record: BuildRecord;
  /** Why parts of the record were ignored: for the pane to show. */
  problems: string[];
  /**
   * Model sheets whose entries were ignored: their sheets are found again by the model's own name, and
   * only cells holding exactly what the model writes there count as the add-in's (see LegacySheet).
   */
  dropped: LegacySheet[];
}

function within(block: Block, bounds: ModelBounds): boolean {
  return block.bottom < bounds.rows && block.right < bounds.columns;
}

function checkSheet(raw: unknown, bounds: ModelBounds, budget: { cells: number }): RecordedSheet | string {
  const s = raw as Partial<RecordedSheet> | null;
  if (!s || typeof s !== "object") return "an entry is not an object";
  if (typeof s.key !== "string" || !bounds.sheets.some((m) => m.key === s.key))
    return `an entry names no model sheet (${JSON.stringify(s.key)})`;
  const where = `the entry for ${s.key}`;
  if (typeof s.name !== "string" || !s.name || s.name.length > 31) return `${where} has no sheet name`;
  if (s.id !== undefined && typeof s.id !== "string") return `${where} has a malformed sheet id`;
  if (!s.cells || typeof s.cells !== "object" || Array.isArray(s.cells)) return `${where} has no cells`;
  const cells: Record<string, string> = {};
  for (const [address, value] of Object.entries(s.cells)) {
    let cell;
    try {
      cell = parseCell(address);
    } catch {
      return `${where} lists "${address.slice(0, 20)}", which is not a cell`;
    }
    if (!within({ top: cell.row, left: cell.col, bottom: cell.row, right: cell.col }, bounds)) {
      return `${where} lists ${address}, outside the model's area`;
    }
    if (typeof value !== "string" || !/^[0-9a-z]{1,8}:[0-9a-z]{1,8}$/.test(value)) return `${where} has a malformed entry at ${address}`;
    cells[address] = value;
  }
  const formatted: string[] = [];
  for (const block of Array.isArray(s.formatted) ? s.formatted : []) {
    let parsed;
    try {
      parsed = parseBlock(String(block));
    } catch {
      return `${where} lists "${String(block).slice(0, 20)}", which is not a range`;
    }
    if (!within(parsed, bounds)) return `${where} lists ${String(block)}, larger than the model's area`;
    budget.cells -= (parsed.bottom - parsed.top + 1) * (parsed.right - parsed.left + 1);
    formatted.push(String(block));
  }
  budget.cells -= Object.keys(cells).length;
  if (budget.cells < 0) return `the record lists more cells than the model writes`;
  const list = (value: unknown, name: string): string[] | string => {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return `${where} has malformed ${name}`;
    return value as string[];
  };
  const names = list(s.names ?? [], "names");
  if (typeof names === "string") return names;
  const known = new Set(bounds.names.map((n) => n.toLowerCase()));
  const foreign = names.find((n) => !known.has(n.toLowerCase()));
  if (foreign !== undefined) return `${where} lists the name "${foreign.slice(0, 40)}", which is not one of the model's`;
  const charts = list(s.charts ?? [], "charts");
  if (typeof charts === "string") return charts;
  if (charts.some((c) => !bounds.charts.includes(c))) return `${where} lists a chart that is not one of the model's`;
  return { key: s.key, ...(s.id ? { id: s.id } : {}), name: s.name, created: s.created === true, cells, formatted, names, charts };
}

/**
 * Reads the record from its column's cells. Text that is not a record of this format, or parts of it that
 * fall outside the model's bounds, are ignored with a reason; what remains can be trusted as far as the
 * model's own sheets, names and sizes go.
 */
export function decodeRecord(column: CellValue[], bounds: ModelBounds): DecodedRecord {
  const ignored = (problem: string): DecodedRecord => ({
    record: EMPTY_RECORD,
    problems: [problem],
    dropped: bounds.sheets.map((m) => ({ name: m.name, cells: "model", names: [], charts: [] })),
  });
  if (column.length === 0 || column[0] !== RECORD_HEADER) return { record: EMPTY_RECORD, problems: [], dropped: [] };
  let text = "";
  for (const chunk of column.slice(1)) {
    if (chunk === null || chunk === "") break;
    if (typeof chunk !== "string") return ignored("The build record holds a cell that is not text: it is ignored.");
    text += chunk;
    if (text.length > MAX_RECORD_TEXT) return ignored("The build record is larger than any model: it is ignored.");
  }
  let data: { format?: unknown; version?: unknown; sheets?: unknown };
  try {
    data = JSON.parse(text);
  } catch {
    return ignored("The build record is not readable (it was edited): it is ignored.");
  }
  if (!data || data.format !== RECORD_FORMAT || !Array.isArray(data.sheets)) {
    return ignored("The build record is not readable (it was edited): it is ignored.");
  }
  if (data.version !== RECORD_VERSION)
    return ignored(`The build record was written by another version (${String(data.version)}): it is ignored.`);
  const problems: string[] = [];
  const sheets: RecordedSheet[] = [];
  const dropped: LegacySheet[] = [];
  const budget = { cells: bounds.cells };
  const seen = new Set<string>();
  for (const raw of data.sheets) {
    const checked = checkSheet(raw, bounds, budget);
    if (typeof checked === "string") {
      problems.push(`The build record is partly ignored: ${checked}.`);
      const key = (raw as { key?: unknown } | null)?.key;
      const model = bounds.sheets.find((m) => m.key === key);
      if (model) dropped.push({ name: model.name, cells: "model", names: [], charts: [] });
      if (budget.cells < 0) break;
      continue;
    }
    if (seen.has(checked.key)) {
      problems.push(`The build record is partly ignored: ${checked.key} appears twice.`);
      continue;
    }
    seen.add(checked.key);
    sheets.push(checked);
  }
  return { record: { sheets }, problems, dropped };
}

/**
 * A sheet known to be the model's without fingerprints of what was written: one of the record of versions
 * before 2 (columns G:J: sheet, blocks written, names, charts), or one whose entry in the record was
 * ignored. The planner treats its cells as the add-in's only where they hold what the new build writes
 * there, so nothing a user changed is cleared.
 */
export interface LegacySheet {
  name: string;
  /** The cells it lists, or "model": any cell of the model's that holds what the model writes there. */
  cells: string[] | "model";
  names: string[];
  charts: string[];
}

export function decodeLegacyRecord(rows: CellValue[][], bounds: ModelBounds): LegacySheet[] {
  if (rows.length === 0 || rows[0][0] !== LEGACY_RECORD_HEADER[0]) return [];
  const sheets = new Map<string, LegacySheet & { cells: string[] }>();
  const known = new Set(bounds.names.map((n) => n.toLowerCase()));
  const list = (v: CellValue) => (typeof v === "string" && v.trim() ? v.split(",").map((s) => s.trim()) : []);
  let budget = bounds.cells;
  for (const row of rows.slice(1)) {
    const name = typeof row[0] === "string" ? row[0].trim() : "";
    if (!name) break;
    const sheet = sheets.get(name.toLowerCase()) ?? { name, cells: [] as string[], names: [], charts: [] };
    for (const block of list(row[1] ?? null)) {
      try {
        const parsed = parseBlock(block);
        if (!within(parsed, bounds)) continue;
        budget -= (parsed.bottom - parsed.top + 1) * (parsed.right - parsed.left + 1);
        if (budget < 0) return [];
        sheet.cells.push(...cellsOf(parsed));
      } catch {
        // an unreadable block is not cleared rather than guessed at
      }
    }
    sheet.names.push(...list(row[2] ?? null).filter((n) => known.has(n.toLowerCase())));
    sheet.charts.push(...list(row[3] ?? null).filter((c) => bounds.charts.includes(c)));
    sheets.set(name.toLowerCase(), sheet);
  }
  return [...sheets.values()];
}
