import { CellType, DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import {
  BuildReport,
  BuildRequest,
  CellRole,
  CellSpec,
  CellValue,
  ChartSpec,
  ModelBounds,
  ModelLocation,
  NameSpec,
  NumberFormatKind,
  SCENARIO_SHEET,
  SCENARIO_TABLE,
  SharedWorkbook,
  ShareRequest,
  SheetSpec,
  WorkbookGateway,
} from "../types";
import {
  AppendRequest,
  blockedBy,
  DeleteRequest,
  planAppend,
  planDelete,
  planUpdate,
  recordClearOf,
  recordColumnFor,
  ScenarioEdit,
  ScenarioPlan,
  ScenarioRefusal,
  ScenarioTable,
  ScenarioWriteResult,
  UpdateRequest,
} from "../scenarioTable";
import { absoluteReference, Block, blockAddress, Cell, cellAddress, cellsOf, parseBlock, parseCell } from "../a1";
import { BuildPlan, buildReport, modelLocation, PlannedSheet, SheetState, WorkbookState } from "../buildPlan";
import { applySheetsStepwise, BuildControl, inTimeSlices, planStepwise, recordOfBuilt, yieldToEventLoop } from "../buildSteps";
import {
  contentFingerprint,
  decodeLegacyRecord,
  decodeRecord,
  encodeRecord,
  LEGACY_RECORD_HEADER,
  LegacySheet,
  RECORD_COLUMN,
  RECORD_NAME,
} from "../buildRecord";
import { checkSheetSpec, seriesColumnsOf } from "../sheetSpec";
import { SheetSnapshot, valuesFileName, valuesWorkbook } from "../share";
import { FORMAT_CODES } from "../styles";
import { readTyped } from "../typed";
import { columnWidthFor, writeXlsx } from "../xlsx/spreadsheet";
import { DisplayedValue, displayValue, isErrorValue } from "./formats";
import { createDealEngine, DealEngineSource, respill } from "./formulaEngine";

/**
 * The workbook interface on an embedded formula engine (HyperFormula with the DEAL.* functions), for
 * the preview page and tests: sheets, named ranges, formulas with spills, number formats and charts kept
 * as data, change events for watched names, the scenario table, and a JSON form for browser storage.
 *
 * It behaves as the Office.js implementation does where the interface says so: builds follow the one
 * build planner (src/workbook/buildPlan.ts) and keep the build record in cells of the add-in's sheet, as
 * Excel does, so an .xlsx travels between the two with its record; the add-in's own writes never reach
 * watchers.
 */

export type SpillSpec = NonNullable<CellSpec["spill"]>;

/** What a build of one sheet wrote, as versions before 2 of the preview stored it (read once, for migration). */
interface StoredLegacyRecord {
  cells: string[];
  names: string[];
  charts: string[];
}

export interface NamedRange {
  name: string;
  sheet: string;
  /** Normalized A1 range on that sheet: "C4" or "C10:C21". */
  address: string;
  comment?: string;
}

export interface TableRecord {
  name: string;
  sheet: string;
  /** Header row included, e.g. "A1:D3". */
  range: string;
}

export interface SerializedSheet {
  name: string;
  /** The sheet's id, stable across renames and storage (as Office.js Worksheet.id). */
  id?: string;
  /** Cell contents by address, as typed: numbers, booleans, "'text", "=formula". */
  cells: Record<string, RawCellContent>;
  formats?: Record<string, NumberFormatKind>;
  roles?: Record<string, CellRole>;
  spills?: Record<string, SpillSpec>;
  charts?: ChartSpec[];
  /** Written by versions before 2: what the last build of the sheet wrote. */
  built?: StoredLegacyRecord;
}

export interface SerializedWorkbook {
  format: typeof SERIALIZED_FORMAT;
  version: typeof SERIALIZED_VERSION;
  sheets: SerializedSheet[];
  names: NamedRange[];
  tables: TableRecord[];
}

export const SERIALIZED_FORMAT = "deal-modeller-workbook";
export const SERIALIZED_VERSION = 1;

/** One cell as the sheet view shows it. */
export interface CellView {
  value: DisplayedValue;
  text: string;
  /** The formula entered in this cell. */
  formula?: string;
  /** For a cell inside another cell's spill: that cell's address (its formula is the one shown). */
  spilledFrom?: string;
  format?: NumberFormatKind;
  role?: CellRole;
}

export interface ChartSeries {
  name: string;
  values: (number | null)[];
  format?: NumberFormatKind;
}

export interface ChartData {
  categories: string[];
  series: ChartSeries[];
}

interface SheetData {
  id: string;
  formats: Map<string, NumberFormatKind>;
  roles: Map<string, CellRole>;
  spills: Map<string, SpillSpec>;
  charts: ChartSpec[];
}

interface Watcher {
  names: string[];
  onChange: (name: string, value: CellValue) => void;
}

const topLeft = (block: Block): Cell => ({ row: block.top, col: block.left });

/** A reference for HyperFormula: the sheet always quoted (it reads a dotted name such as Deal.Model as something else). */
function engineReference(sheet: string, address: string): string {
  const absolute = absoluteReference(sheet, address);
  return `'${sheet.replace(/'/g, "''")}'${absolute.slice(absolute.lastIndexOf("!"))}`;
}

/** A value written as data, never parsed: text stays text even when it looks like a number or formula. */
export function rawFromValue(value: CellValue): RawCellContent {
  if (value === null || value === "") return null;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${value} cannot be stored in a cell.`);
    return value;
  }
  if (typeof value === "boolean") return value;
  return `'${value}`;
}

/** What a user typed in the grid, read as Excel reads it (src/workbook/typed.ts); a leading apostrophe forces text. */
export function rawFromInput(text: string): RawCellContent {
  const typed = readTyped(text);
  switch (typed.kind) {
    case "empty":
      return null;
    case "formula":
      return typed.formula;
    case "number":
    case "boolean":
      return typed.value;
    case "text":
      return `'${typed.value}`;
  }
}

function cellValueOf(value: unknown): DisplayedValue {
  if (value instanceof DetailedCellError) return { error: value.value, message: value.message || undefined };
  if (value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return null;
}

/** A value as the workbook interface reports it: an error is its code, as Excel's range values show it. */
function gatewayValue(value: DisplayedValue): CellValue {
  return isErrorValue(value) ? value.error : value;
}

function sameBlock(a: CellValue[][], b: CellValue[][]): boolean {
  return a.length === b.length && a.every((row, r) => row.length === b[r].length && row.every((v, c) => v === b[r][c]));
}

/**
 * A workbook's names must behave as Excel's do: a name for a blank cell is blank (`=Deal_Cap<>""` is
 * FALSE, `=IF(Deal_Cap="", ...)` takes the blank branch). With HyperFormula's evaluateNullToZero a name
 * evaluates as a formula and a blank becomes 0, so the workbook turns it off. What that costs: `=A1` on a
 * blank A1 shows blank where Excel shows 0 (arithmetic on blanks still gives Excel's numbers).
 */
export const WORKBOOK_ENGINE_CONFIG = { evaluateNullToZero: false, undoLimit: 0 };

/** The most rows and columns a sheet of the embedded workbook can hold (HyperFormula's own limits). */
export const MAX_SHEET_ROWS = HyperFormula.defaultConfig.maxRows;
export const MAX_SHEET_COLUMNS = HyperFormula.defaultConfig.maxColumns;

/**
 * Many writes with one recalculation at the end, as `hf.batch` does, but without its undo entry: a batch
 * gathers every write into one entry, and HyperFormula walks that whole entry again on each write
 * (clearRedoStack), so loading n cells took time in n squared (10,000 rows: 21 s). Evaluation suspended
 * alone, with no undo kept (undoLimit 0: the workbook offers no undo), keeps a load linear in its cells.
 */
export function withoutUndo(hf: HyperFormula, writes: () => void): void {
  hf.suspendEvaluation();
  try {
    writes();
  } finally {
    hf.resumeEvaluation();
  }
}

interface ArrayVertex {
  width: number;
  height: number;
  leftCorner: SimpleCellAddress;
}

/** Who the shared values workbook says made it. */
const SHARED_BY = "Deal Modeller";

export class EmbeddedWorkbook implements WorkbookGateway {
  private hf!: HyperFormula;
  private sheets = new Map<string, SheetData>();
  private names = new Map<string, NamedRange>();
  private tables: TableRecord[] = [];
  /** A record of the preview before version 2, kept from the stored workbook until the next build. */
  private legacy: LegacySheet[] = [];
  /**
   * Builds in progress, and the user's edits typed meanwhile. A build reads the workbook, then writes over
   * many turns of the event loop; an edit applied in between could be written over by a plan made before
   * it. So an edit typed during a build waits, in order, and lands when the build is over, where the next
   * build sees it as the user's.
   */
  private building = 0;
  private editsDuringBuild: { sheet: string; at: Cell; text: string }[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly workbookWatchers = new Set<() => void>();
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly source: DealEngineSource,
    data?: SerializedWorkbook,
  ) {
    this.restore(data ?? emptyWorkbook());
  }

  /** The workbook's name, for the files made from it ("<title> (values).xlsx"); the preview names it after a file it opens. */
  title = "deal-model";

  /** The view's hook: called after every change of contents, names, formats or charts. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- WorkbookGateway ----

  async buildModel(request: BuildRequest, control?: BuildControl): Promise<BuildReport> {
    request.sheets.forEach(checkSheetSpec);
    this.building++;
    try {
      return await this.buildModelNow(request, control);
    } finally {
      this.building--;
      if (this.building === 0) {
        const edits = this.editsDuringBuild.splice(0);
        for (const edit of edits) if (this.sheets.has(edit.sheet)) this.setCellInput(edit.sheet, edit.at, edit.text);
      }
    }
  }

  private async buildModelNow(request: BuildRequest, control?: BuildControl): Promise<BuildReport> {
    // Each step below is short and the event loop gets a turn between them (src/workbook/buildSteps.ts);
    // the workbook is never left inside a suspended evaluation across a yield, so it can be read meanwhile.
    const { state, problems } = await this.buildStateStepwise(request.bounds);
    const plan = await planStepwise(request, state);
    const arrays = await this.arrayCellsStepwise();
    const legacyRows = this.names.has(RECORD_NAME.toLowerCase()) ? 0 : this.legacyRecordRows().length;
    const recordColumn = this.recordColumnForBuild(encodeRecord(plan.record).length + 1);
    const clearCell = (sheet: string, address: string, contents: boolean) =>
      this.clearCell(sheet, address, contents && !arrays.get(sheet)?.has(address));
    withoutUndo(this.hf, () => this.applyRemovals(plan, clearCell));
    const applied = await applySheetsStepwise(plan, control, (sheet) => this.applySheet(sheet, clearCell));
    // Sheets created by this build have their ids only now.
    const written = applied.cancelled ? recordOfBuilt(plan, state.record, applied.built) : plan.record;
    const record = {
      sheets: written.sheets.map((r) => (r.id || !this.sheets.has(r.name) ? r : { ...r, id: this.sheets.get(r.name)!.id })),
    };
    withoutUndo(this.hf, () => this.writeRecord(encodeRecord(record), legacyRows, recordColumn));
    this.legacy = [];
    respill(this.hf);
    this.changed();
    const report = buildReport(plan, problems);
    if (!applied.cancelled) return report;
    const built = new Set(applied.built.map((s) => s.key));
    const notBuilt = plan.sheets.filter((s) => !built.has(s.key));
    return {
      ...report,
      sheets: Object.fromEntries(record.sheets.filter((r) => this.sheets.has(r.name)).map((r) => [r.key, r.name])),
      kept: report.kept.filter((k) => !notBuilt.some((s) => s.name === k.sheet)),
      cancelled: { notBuilt: notBuilt.map((s) => ({ key: s.key, name: s.name })) },
    };
  }

  async locateModel(bounds: ModelBounds): Promise<ModelLocation> {
    const { state, problems } = this.buildState(bounds);
    return modelLocation(state, bounds, problems);
  }

  async readNames(names: string[]): Promise<Record<string, CellValue>> {
    const values: Record<string, CellValue> = {};
    for (const name of names) {
      const entry = this.names.get(name.toLowerCase());
      if (entry) values[name] = gatewayValue(this.valueAt(entry.sheet, topLeft(parseBlock(entry.address))));
    }
    return values;
  }

  async readRanges(names: string[]): Promise<Record<string, CellValue[][]>> {
    const blocks: Record<string, CellValue[][]> = {};
    for (const name of names) {
      const entry = this.names.get(name.toLowerCase());
      if (entry && this.sheets.has(entry.sheet)) blocks[name] = this.rangeValues(entry);
    }
    return blocks;
  }

  async watchNames(names: string[], onChange: (name: string, value: CellValue) => void): Promise<() => Promise<void>> {
    const watcher: Watcher = { names: [...names], onChange };
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
    };
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    this.workbookWatchers.add(onChange);
    return async () => {
      this.workbookWatchers.delete(onChange);
    };
  }

  /** The values workbook, returned for the host to deliver (the preview downloads it); this workbook is not changed. */
  async shareAsValues(request: ShareRequest): Promise<SharedWorkbook> {
    for (const spec of request.sheets) if (!this.sheets.has(spec.name)) throw new Error(`There is no sheet named ${spec.name} to share.`);
    const book = valuesWorkbook(
      request.sheets.map((spec) => this.snapshot(spec)),
      request,
      `${this.title} (values)`,
      SHARED_BY,
    );
    return { fileName: valuesFileName(this.title), sheets: book.sheets.map((s) => s.name), delivery: "returned", file: writeXlsx(book) };
  }

  /** What shareAsValues reads of a model sheet: values, format codes, column widths from the texts shown, spills. */
  private snapshot(spec: SheetSpec): SheetSnapshot {
    const { rows, columns } = this.dimensions(spec.name);
    const cells: SheetSnapshot["cells"] = [];
    const longest: number[] = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < columns; col++) {
        const view = this.cell(spec.name, { row, col });
        if (view.value === null || view.value === "") continue;
        const value = isErrorValue(view.value) ? { error: view.value.error } : view.value;
        cells.push(view.format ? { row, col, value, format: FORMAT_CODES[view.format] } : { row, col, value });
        if (view.role !== "title" && view.role !== "note") longest[col] = Math.max(longest[col] ?? 0, view.text.length);
      }
    }
    const spills: Record<string, string> = {};
    for (const cell of spec.cells) {
      const block = cell.spill ? this.spillRange(spec.name, cell.address) : undefined;
      if (block) spills[cellAddress(parseCell(cell.address))] = block;
    }
    const columnWidths = Array.from({ length: columns }, (_, col) =>
      longest[col] === undefined ? undefined : columnWidthFor(longest[col]),
    );
    return { name: spec.name, cells, columnWidths, spills };
  }

  async readScenarioTable(): Promise<ScenarioTable | undefined> {
    const record = this.scenarioTableRecord();
    return record && this.tableContents(record);
  }

  async appendScenarioRow(request: AppendRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planAppend(table, request));
  }

  async updateScenarioRow(request: UpdateRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planUpdate(table, request));
  }

  async deleteScenarioRow(request: DeleteRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planDelete(table, request));
  }

  // ---- the sheet view ----

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  /** Rows and columns in use, spills included. */
  dimensions(sheet: string): { rows: number; columns: number } {
    const { width, height } = this.hf.getSheetDimensions(this.sheetId(sheet));
    return { rows: height, columns: width };
  }

  cell(sheet: string, ref: Cell | string): CellView {
    const at = typeof ref === "string" ? parseCell(ref) : ref;
    const address = this.at(sheet, at);
    const value = this.valueAt(sheet, at);
    const format = this.formatAt(sheet, at);
    const view: CellView = { value, text: displayValue(value, format) };
    if (format) view.format = format;
    // A spill's header row is a header, its anchor too (whose own role is the formula's, "output").
    const role = this.spillRoleAt(sheet, at) ?? this.sheets.get(sheet)?.roles.get(cellAddress(at));
    if (role) view.role = role;
    const formula = this.hf.getCellFormula(address);
    if (formula !== undefined) view.formula = formula;
    else {
      const array = this.arrayAt(address);
      if (array) view.spilledFrom = cellAddress(array.leftCorner);
    }
    return view;
  }

  /** What the formula bar shows for a cell: its formula, or its contents as typed. */
  cellInput(sheet: string, ref: Cell | string): string {
    const at = typeof ref === "string" ? parseCell(ref) : ref;
    const raw = this.hf.getCellSerialized(this.at(sheet, at));
    if (raw === null || raw === undefined) return "";
    if (typeof raw === "boolean") return raw ? "TRUE" : "FALSE";
    if (typeof raw === "number") {
      const format = this.formatAt(sheet, at);
      return format === "percent" ? `${Number((raw * 100).toPrecision(15))}%` : format === "date" ? displayValue(raw, "date") : String(raw);
    }
    const text = String(raw);
    // An apostrophe is only needed when the text would read as something else.
    return text.startsWith("'") && rawFromInput(text.slice(1)) === text ? text.slice(1) : text;
  }

  /** A user's edit in the grid: read like Excel reads typing; watchers hear about the names it changed. */
  setCellInput(sheet: string, ref: Cell | string, text: string): void {
    const at = typeof ref === "string" ? parseCell(ref) : ref;
    if (this.building > 0) {
      this.editsDuringBuild.push({ sheet, at, text });
      return;
    }
    const before = this.watchedValues();
    this.hf.setCellContents(this.at(sheet, at), [[rawFromInput(text)]]);
    respill(this.hf);
    this.changed();
    this.notifyWatchers(before);
  }

  /**
   * Renames a sheet, as a user does on its tab: names and tables that point at it follow, formulas keep
   * working; watchers of the workbook hear of it, as Excel's sheet events tell the add-in.
   */
  renameSheet(from: string, to: string): void {
    if (!this.sheets.has(from)) throw new Error(`There is no sheet named ${from}.`);
    if (to !== from && [...this.sheets.keys()].some((n) => n.toLowerCase() === to.toLowerCase()))
      throw new Error(`A sheet named ${to} exists.`);
    this.hf.renameSheet(this.sheetId(from), to);
    const data = this.sheets.get(from)!;
    this.sheets = new Map([...this.sheets].map(([name, d]) => (name === from ? [to, data] : [name, d])));
    for (const entry of this.names.values()) {
      if (entry.sheet !== from) continue;
      entry.sheet = to;
      this.hf.changeNamedExpression(entry.name, `=${engineReference(to, entry.address)}`);
    }
    this.tables = this.tables.map((t) => (t.sheet === from ? { ...t, sheet: to } : t));
    this.changed();
    this.notifyWorkbookWatchers();
  }

  /**
   * Inserts `count` empty columns before column `at` (0-based) of a sheet, as Excel's Insert Sheet
   * Columns: cells, formats, names, tables and charts right of it move right, and a table the
   * insertion cuts through grows (a column the user adds inside the scenario table).
   */
  insertColumns(sheet: string, at: number, count = 1): void {
    const before = this.watchedValues();
    this.hf.addColumns(this.sheetId(sheet), [at, count]);
    this.followColumns(sheet, (col) => (col >= at ? col + count : col));
    respill(this.hf);
    this.changed();
    this.notifyWatchers(before);
  }

  /**
   * Deletes `count` columns from column `at` (0-based) of a sheet, as Excel's Delete Sheet Columns: what
   * is right of them moves left; a name, table or chart wholly inside them goes, one they cut shrinks.
   */
  deleteColumns(sheet: string, at: number, count = 1): void {
    const before = this.watchedValues();
    this.hf.removeColumns(this.sheetId(sheet), [at, count]);
    this.followColumns(sheet, (col) => (col < at ? col : col >= at + count ? col - count : undefined));
    respill(this.hf);
    this.changed();
    this.notifyWatchers(before);
  }

  /**
   * Moves a column of a table to another place within it (0-based, as dragging its header does in
   * Excel): its cells, header included, go there and the columns between shift; cells outside the table stay.
   */
  moveTableColumn(name: string, from: number, to: number): void {
    const table = this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!table) throw new Error(`There is no table named ${name}.`);
    const before = this.watchedValues();
    const block = parseBlock(table.range);
    const sheet = this.sheetId(table.sheet);
    const data = this.sheets.get(table.sheet)!;
    const order = Array.from({ length: block.right - block.left + 1 }, (_, i) => i);
    const [moving] = order.splice(from, 1);
    order.splice(to, 0, moving);
    // HyperFormula reads nothing inside a batch: every cell is read first.
    const rows = Array.from({ length: block.bottom - block.top + 1 }, (_, r) =>
      order.map((i) => {
        const address = cellAddress({ row: block.top + r, col: block.left + i });
        return {
          content: this.hf.getCellSerialized({ sheet, row: block.top + r, col: block.left + i }),
          format: data.formats.get(address),
          role: data.roles.get(address),
        };
      }),
    );
    withoutUndo(this.hf, () => {
      rows.forEach((cells, r) => {
        const row = block.top + r;
        cells.forEach((cell, i) => {
          const address = cellAddress({ row, col: block.left + i });
          this.hf.setCellContents({ sheet, row, col: block.left + i }, [[cell.content ?? null]]);
          setOrDelete(data.formats, address, cell.format);
          setOrDelete(data.roles, address, cell.role);
        });
      });
    });
    respill(this.hf);
    this.changed();
    this.notifyWatchers(before);
  }

  /** Resizes a table over `range` (its header row stays), as Excel's Resize Table, or as Excel grows a table into a column typed beside it. */
  resizeTable(name: string, range: string): void {
    const table = this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
    if (!table) throw new Error(`There is no table named ${name}.`);
    const block = parseBlock(range);
    if (block.top !== parseBlock(table.range).top || block.bottom <= block.top) throw new Error(`${range} cannot hold the table ${name}.`);
    table.range = blockAddress(block);
    this.changed();
  }

  /**
   * After columns of a sheet were inserted or deleted: every address the workbook keeps beside the
   * engine (formats, roles, spills, names, tables, charts) follows its cells. `column` maps an old column
   * to its new one (undefined: deleted); a block spans from its first kept column to its last, so one an
   * insertion cuts through grows and one a deletion cuts shrinks.
   */
  private followColumns(sheet: string, column: (col: number) => number | undefined): void {
    const moveBlock = (block: Block): Block | undefined => {
      const kept: number[] = [];
      for (let col = block.left; col <= block.right; col++) {
        const to = column(col);
        if (to !== undefined) kept.push(to);
      }
      if (!kept.length) return undefined;
      return { ...block, left: kept[0], right: kept[kept.length - 1] };
    };
    const moveAddress = (address: string): string | undefined => {
      const cell = parseCell(address);
      const col = column(cell.col);
      return col === undefined ? undefined : cellAddress({ row: cell.row, col });
    };
    const data = this.sheets.get(sheet)!;
    for (const map of [data.formats, data.roles, data.spills] as Map<string, unknown>[]) {
      const entries = [...map];
      map.clear();
      for (const [address, value] of entries) {
        const moved = moveAddress(address);
        if (moved) map.set(moved, value);
      }
    }
    data.charts = data.charts.flatMap((chart) => {
      const range = moveBlock(parseBlock(chart.dataRange));
      const anchor = moveAddress(chart.anchor);
      return range && anchor ? [{ ...chart, dataRange: blockAddress(range), anchor }] : [];
    });
    for (const entry of [...this.names.values()]) {
      if (entry.sheet !== sheet) continue;
      const block = moveBlock(parseBlock(entry.address));
      if (!block) this.removeName(entry.name);
      else {
        entry.address = blockAddress(block);
        this.hf.changeNamedExpression(entry.name, `=${engineReference(sheet, entry.address)}`);
      }
    }
    this.tables = this.tables.flatMap((table) => {
      if (table.sheet !== sheet) return [table];
      const block = moveBlock(parseBlock(table.range));
      return block ? [{ ...table, range: blockAddress(block) }] : [];
    });
  }

  /** Whether a formula is valid enough to enter (the formula bar checks before it commits). */
  formulaProblem(text: string): string | undefined {
    const raw = rawFromInput(text);
    if (typeof raw !== "string" || !raw.startsWith("=")) return undefined;
    return this.hf.validateFormula(raw) ? undefined : `${text} is not a formula the workbook can read.`;
  }

  charts(sheet: string): ChartSpec[] {
    return [...(this.sheets.get(sheet)?.charts ?? [])];
  }

  /** A chart's categories and series from the current values; a range that starts a spill follows it. */
  chartData(sheet: string, chart: ChartSpec): ChartData {
    const range = parseBlock(this.chartRange(sheet, chart));
    const header = range.top;
    const columns = seriesColumnsOf(chart, range.right - range.left + 1);
    const categories: string[] = [];
    for (let row = header + 1; row <= range.bottom; row++) categories.push(this.cell(sheet, { row, col: range.left }).text);
    const series = columns.map((offset, i) => {
      const col = range.left + offset;
      const name = chart.seriesNames?.[i] ?? (this.cell(sheet, { row: header, col }).text || `Series ${offset}`);
      const values: (number | null)[] = [];
      for (let row = header + 1; row <= range.bottom; row++) {
        const v = this.valueAt(sheet, { row, col });
        values.push(typeof v === "number" ? v : null);
      }
      const format = this.formatAt(sheet, { row: header + 1, col });
      return format ? { name, values, format } : { name, values };
    });
    return { categories, series };
  }

  namedRanges(): NamedRange[] {
    return [...this.names.values()].map((n) => ({ ...n }));
  }

  tableRecords(): TableRecord[] {
    return this.tables.map((t) => ({ ...t }));
  }

  /** The spilled block of a formula cell, when its result is an array: "B5:F30". */
  spillRange(sheet: string, ref: Cell | string): string | undefined {
    const at = typeof ref === "string" ? parseCell(ref) : ref;
    const array = this.arrayAt(this.at(sheet, at));
    if (!array || array.leftCorner.row !== at.row || array.leftCorner.col !== at.col) return undefined;
    return blockAddress({ top: at.row, left: at.col, bottom: at.row + array.height - 1, right: at.col + array.width - 1 });
  }

  /** Everything, as plain data for browser storage or a file. */
  toJSON(): SerializedWorkbook {
    const sheets: SerializedSheet[] = this.hf.getSheetNames().map((name) => {
      const id = this.sheetId(name);
      const cells: Record<string, RawCellContent> = {};
      this.hf.getSheetSerialized(id).forEach((row, r) =>
        row.forEach((content, c) => {
          if (content === null || content === undefined || content === "") return;
          // A spilled value is computed, not entered.
          if (this.hf.getCellType({ sheet: id, row: r, col: c }) === CellType.ARRAY) return;
          cells[cellAddress({ row: r, col: c })] = content;
        }),
      );
      const data = this.sheets.get(name)!;
      const sheet: SerializedSheet = { name, id: data.id, cells };
      if (data.formats.size) sheet.formats = Object.fromEntries(data.formats);
      if (data.roles.size) sheet.roles = Object.fromEntries(data.roles);
      if (data.spills.size) sheet.spills = Object.fromEntries(data.spills);
      if (data.charts.length) sheet.charts = data.charts.map((c) => ({ ...c }));
      return sheet;
    });
    return { format: SERIALIZED_FORMAT, version: SERIALIZED_VERSION, sheets, names: this.namedRanges(), tables: this.tableRecords() };
  }

  /** Replaces everything with a stored workbook (an import, a reset); watchers hear about changed names. */
  load(data: SerializedWorkbook): void {
    const before = this.watchedValues();
    this.restore(data);
    this.changed();
    this.notifyWatchers(before);
    this.notifyWorkbookWatchers();
  }

  private notifyWorkbookWatchers(): void {
    for (const watcher of [...this.workbookWatchers]) {
      try {
        watcher();
      } catch (e) {
        console.error("A workbook watcher failed:", e);
      }
    }
  }

  // ---- internals ----

  private restore(data: SerializedWorkbook): void {
    checkSerialized(data);
    const hf = createDealEngine(this.source, {}, WORKBOOK_ENGINE_CONFIG);
    const sheets = new Map<string, SheetData>();
    const ids = new Set<string>();
    const legacy: LegacySheet[] = [];
    withoutUndo(hf, () => {
      for (const sheet of data.sheets) hf.addSheet(sheet.name);
      for (const named of data.names) hf.addNamedExpression(named.name, `=${engineReference(named.sheet, named.address)}`);
      for (const sheet of data.sheets) {
        const id = hf.getSheetId(sheet.name)!;
        for (const [address, content] of Object.entries(sheet.cells)) {
          hf.setCellContents({ sheet: id, ...parseCell(address) }, [[content]]);
        }
        const sheetId = typeof sheet.id === "string" && sheet.id && !ids.has(sheet.id) ? sheet.id : newSheetId(ids);
        ids.add(sheetId);
        sheets.set(sheet.name, {
          id: sheetId,
          formats: new Map(Object.entries(sheet.formats ?? {})),
          roles: new Map(Object.entries(sheet.roles ?? {})),
          spills: new Map(Object.entries(sheet.spills ?? {})),
          charts: (sheet.charts ?? []).map((c) => ({ ...c })),
        });
        if (sheet.built && Array.isArray(sheet.built.cells)) {
          legacy.push({
            name: sheet.name,
            cells: [...sheet.built.cells],
            names: [...(sheet.built.names ?? [])],
            charts: [...(sheet.built.charts ?? [])],
          });
        }
      }
    });
    respill(hf);
    this.hf?.destroy();
    this.hf = hf;
    this.sheets = sheets;
    this.names = new Map(data.names.map((n) => [n.name.toLowerCase(), { ...n, address: blockAddress(parseBlock(n.address)) }]));
    this.tables = data.tables.map((t) => ({ ...t }));
    this.legacy = legacy;
  }

  // ---- the scenario table (src/workbook/scenarioTable.ts decides; this applies) ----

  private scenarioTableRecord(): TableRecord | undefined {
    return this.tables.find((t) => t.name.toLowerCase() === SCENARIO_TABLE.toLowerCase() && this.sheets.has(t.sheet));
  }

  private tableContents(record: TableRecord): ScenarioTable {
    const block = parseBlock(record.range);
    const read = (row: number, col: number) => gatewayValue(this.valueAt(record.sheet, { row, col }));
    const columns = Array.from({ length: block.right - block.left + 1 }, (_, i) => block.left + i);
    const rows: CellValue[][] = [];
    for (let row = block.top + 1; row <= block.bottom; row++) rows.push(columns.map((col) => read(row, col)));
    return { header: columns.map((col) => String(read(block.top, col) ?? "")), rows };
  }

  /** One write of the table: read it, let the planner decide, apply the edit (everything here runs at once: no one writes between). */
  private writeScenarioTable(plan: (table: ScenarioTable | undefined) => ScenarioPlan): ScenarioWriteResult {
    const record = this.scenarioTableRecord();
    const before = record && this.tableContents(record);
    const planned = plan(before);
    if ("refusal" in planned) return { ok: false, refusal: planned.refusal, table: before };
    const { edit } = planned;
    const blocked = this.applyScenarioEdit(edit, record);
    if (blocked) return { ok: false, refusal: blocked, table: before };
    const table = this.tableContents(this.scenarioTableRecord()!);
    this.changed();
    if (edit.kind === "delete") return { ok: true, table, at: edit.at, removed: { header: before!.header, row: before!.rows[edit.at] } };
    return { ok: true, table, at: edit.kind === "create" ? 0 : edit.at };
  }

  private applyScenarioEdit(edit: ScenarioEdit, record: TableRecord | undefined): ScenarioRefusal | undefined {
    if (edit.kind === "create") {
      if (!this.sheets.has(SCENARIO_SHEET)) this.addSheet(SCENARIO_SHEET);
      const block = { top: 0, left: 0, bottom: 1, right: edit.header.length - 1 };
      this.moveRecordClearOf(SCENARIO_SHEET, block);
      const taken = cellsOf(block).find((address) => !this.isEmptyCell(SCENARIO_SHEET, parseCell(address)));
      if (taken) return blockedBy(SCENARIO_SHEET, block, taken);
      const sheet = this.sheetId(SCENARIO_SHEET);
      withoutUndo(this.hf, () => {
        this.hf.setCellContents({ sheet, row: 0, col: 0 }, [edit.header.map((title) => rawFromValue(title)), edit.row.map(rawFromValue)]);
      });
      const data = this.sheets.get(SCENARIO_SHEET)!;
      for (let col = 0; col < edit.header.length; col++) data.roles.set(cellAddress({ row: 0, col }), "header");
      this.tables = [
        ...this.tables.filter((t) => t.name !== SCENARIO_TABLE),
        { name: SCENARIO_TABLE, sheet: SCENARIO_SHEET, range: blockAddress(block) },
      ];
      return undefined;
    }
    const table = record!;
    let block = parseBlock(table.range);
    const sheet = this.sheetId(table.sheet);
    if (edit.kind !== "delete" && edit.addColumns.length) {
      const grown = { ...block, right: block.right + edit.addColumns.length };
      this.moveRecordClearOf(table.sheet, grown, block);
      const added = { top: block.top, bottom: block.bottom, left: block.right + 1, right: grown.right };
      const taken = cellsOf(added).find((address) => !this.isEmptyCell(table.sheet, parseCell(address)));
      if (taken) return blockedBy(table.sheet, added, taken);
      this.hf.setCellContents({ sheet, row: block.top, col: block.right + 1 }, [edit.addColumns.map((title) => rawFromValue(title))]);
      const data = this.sheets.get(table.sheet)!;
      for (let col = added.left; col <= added.right; col++) data.roles.set(cellAddress({ row: block.top, col }), "header");
      block = grown;
      this.setTableRange(table, block);
    } else if (edit.kind !== "delete") {
      // The record may have been left beside the table by a hand edit; it moves before the table grows.
      this.moveRecordClearOf(table.sheet, block, block);
    }
    switch (edit.kind) {
      case "insert": {
        const row = block.top + 1 + edit.at;
        if (!edit.fill) {
          this.shiftRows(table.sheet, block.left, block.right, row, 1);
          block = { ...block, bottom: block.bottom + 1 };
          this.setTableRange(table, block);
        }
        this.hf.setCellContents({ sheet, row, col: block.left }, [edit.row.map(rawFromValue)]);
        return undefined;
      }
      case "write":
        withoutUndo(this.hf, () => {
          for (const { col, value } of edit.cells)
            this.hf.setCellContents({ sheet, row: block.top + 1 + edit.at, col: block.left + col }, [[rawFromValue(value)]]);
        });
        return undefined;
      case "delete": {
        const row = block.top + 1 + edit.at;
        if (block.bottom === block.top + 1) {
          this.hf.setCellContents({ sheet, row, col: block.left }, [Array.from({ length: block.right - block.left + 1 }, () => null)]);
          return undefined;
        }
        this.shiftRows(table.sheet, block.left, block.right, row + 1, -1);
        this.setTableRange(table, { ...block, bottom: block.bottom - 1 });
        return undefined;
      }
    }
  }

  private setTableRange(table: TableRecord, block: Block): void {
    this.tables = this.tables.map((t) => (t === table || t.name === table.name ? Object.assign(table, { range: blockAddress(block) }) : t));
  }

  private isEmptyCell(sheet: string, at: Cell): boolean {
    const raw = this.hf.getCellSerialized(this.at(sheet, at));
    return raw === null || raw === undefined || raw === "";
  }

  /**
   * Moves the cells of columns left..right from `from` down to the sheet's last used row by `by` rows
   * (1: a row is inserted at `from`; -1: the row above `from` is deleted), as Excel shifts the cells
   * below a table's row in the table's columns; formats, roles and names wholly inside move with them.
   */
  private shiftRows(sheet: string, left: number, right: number, from: number, by: 1 | -1): void {
    const id = this.sheetId(sheet);
    const data = this.sheets.get(sheet)!;
    const last = this.hf.getSheetDimensions(id).height - 1;
    const region: Block = { top: from, bottom: Math.max(last, from), left, right };
    const moving: { row: number; col: number; raw: RawCellContent; format?: NumberFormatKind; role?: CellRole }[] = [];
    for (let row = region.top; row <= region.bottom; row++) {
      for (let col = left; col <= right; col++) {
        const address = cellAddress({ row, col });
        const raw = this.hf.getCellSerialized({ sheet: id, row, col });
        const format = data.formats.get(address);
        const role = data.roles.get(address);
        if ((raw === null || raw === undefined || raw === "") && !format && !role) continue;
        moving.push({ row, col, raw: raw ?? null, format, role });
        data.formats.delete(address);
        data.roles.delete(address);
      }
    }
    if (by === -1) {
      for (let col = left; col <= right; col++) {
        data.formats.delete(cellAddress({ row: from - 1, col }));
        data.roles.delete(cellAddress({ row: from - 1, col }));
      }
    }
    withoutUndo(this.hf, () => {
      // The deleted row's cells go; every moving cell's old place is emptied before it is written anew.
      if (by === -1) for (let col = left; col <= right; col++) this.hf.setCellContents({ sheet: id, row: from - 1, col }, [[null]]);
      for (const cell of moving) this.hf.setCellContents({ sheet: id, row: cell.row, col: cell.col }, [[null]]);
      for (const cell of moving) {
        this.hf.setCellContents({ sheet: id, row: cell.row + by, col: cell.col }, [[cell.raw]]);
        const address = cellAddress({ row: cell.row + by, col: cell.col });
        if (cell.format) data.formats.set(address, cell.format);
        if (cell.role) data.roles.set(address, cell.role);
      }
    });
    for (const entry of [...this.names.values()]) {
      if (entry.sheet !== sheet) continue;
      const block = parseBlock(entry.address);
      if (block.top < region.top || block.bottom > region.bottom || block.left < left || block.right > right) continue;
      entry.address = blockAddress({ ...block, top: block.top + by, bottom: block.bottom + by });
      this.hf.changeNamedExpression(entry.name, `=${engineReference(sheet, entry.address)}`);
    }
  }

  /**
   * Keeps the build record clear of the scenario table (`table`: the table's block, as it is about to
   * be): when the record is on that sheet within the table's columns or the one right of them, it moves
   * to free cells further right and its name follows. Cells of the old place inside the table as it is
   * (`current`: a user widened the table over them) are the table's now and stay.
   */
  private moveRecordClearOf(sheet: string, table: Block, current?: Block): void {
    const entry = this.names.get(RECORD_NAME.toLowerCase());
    if (!entry || entry.sheet !== sheet) return;
    const block = parseBlock(entry.address);
    if (recordClearOf(block, table)) return;
    const id = this.sheetId(sheet);
    const height = block.bottom - block.top + 1;
    const contents = Array.from({ length: height }, (_, r) =>
      this.hf.getCellSerialized({ sheet: id, row: block.top + r, col: block.left }),
    );
    const inside = (row: number, col: number) => row >= block.top && row <= block.bottom && col >= block.left && col <= block.right;
    const col = recordColumnFor(table, parseCell(`${RECORD_COLUMN}1`).col, height, (r, c) =>
      inside(block.top + r, c) ? false : this.isEmptyCell(sheet, { row: block.top + r, col: c }),
    );
    const inTable = (row: number, c: number) =>
      current !== undefined && row >= current.top && row <= current.bottom && c >= current.left && c <= current.right;
    for (let r = 0; r < height; r++) {
      if (!inTable(block.top + r, block.left)) this.clearCell(sheet, cellAddress({ row: block.top + r, col: block.left }), true);
    }
    this.hf.setCellContents(
      { sheet: id, row: block.top, col },
      contents.map((raw) => [raw ?? null]),
    );
    this.sheets.get(sheet)!.roles.set(cellAddress({ row: block.top, col }), "note");
    this.defineName({ name: RECORD_NAME, address: blockAddress({ top: block.top, bottom: block.bottom, left: col, right: col }) }, sheet);
  }

  /** The workbook as the build planner needs it: the record, each sheet's contents and the add-in's spills. */
  private buildState(bounds: ModelBounds): { state: WorkbookState; problems: string[] } {
    const { record, problems, legacy } = this.recordState(bounds);
    const sheets: SheetState[] = [...this.sheets].map(([name, data]) => this.sheetState(name, data));
    return { state: { sheets, record, legacy }, problems };
  }

  /** The same, a sheet at a time with the event loop's turn between them (a build's first step). */
  private async buildStateStepwise(bounds: ModelBounds): Promise<{ state: WorkbookState; problems: string[] }> {
    const { record, problems, legacy } = this.recordState(bounds);
    const sheets: SheetState[] = [];
    for (const [name, data] of [...this.sheets]) {
      await yieldToEventLoop();
      // A sheet deleted meanwhile (a new workbook opened in the preview) is no longer there to plan on.
      const gone = () => this.sheets.get(name) !== data;
      if (gone()) continue;
      const contents = new Map<string, string>();
      const spilled = new Set<string>();
      const rows = Array.from({ length: this.hf.getSheetDimensions(this.sheetId(name)).height }, (_, r) => r);
      await inTimeSlices(rows, (slice) => {
        if (!gone()) this.readContents(name, slice[0], slice.length, contents, spilled);
      });
      if (!gone()) sheets.push({ name, id: data.id, contents, spilled, charts: data.charts.map((c) => c.id) });
    }
    return { state: { sheets, record, legacy }, problems };
  }

  private recordState(bounds: ModelBounds): { record: WorkbookState["record"]; problems: string[]; legacy: LegacySheet[] } {
    const entry = this.names.get(RECORD_NAME.toLowerCase());
    const column = entry && this.sheets.has(entry.sheet) ? this.rangeValues(entry).map((row) => row[0]) : [];
    const { record, problems, dropped } = decodeRecord(column, bounds);
    let legacy: LegacySheet[] = dropped;
    if (!entry) {
      legacy = this.legacy.length ? this.legacy : decodeLegacyRecord(this.legacyRecordRows(), bounds);
    }
    return { record, problems, legacy };
  }

  private sheetState(name: string, data: SheetData): SheetState {
    return { name, id: data.id, ...this.contentsOf(name), charts: data.charts.map((c) => c.id) };
  }

  /** Non-empty cells as fingerprints, apart from the cells the add-in's DEAL.* schedules spill into. */
  private contentsOf(sheet: string): Pick<SheetState, "contents" | "spilled"> {
    const contents = new Map<string, string>();
    const spilled = new Set<string>();
    this.readContents(sheet, 0, this.hf.getSheetDimensions(this.sheetId(sheet)).height, contents, spilled);
    return { contents, spilled };
  }

  /** `contentsOf` for `count` rows from `first`, into `contents` and `spilled`. */
  private readContents(sheet: string, first: number, count: number, contents: Map<string, string>, spilled: Set<string>): void {
    const id = this.sheetId(sheet);
    const width = this.hf.getSheetDimensions(id).width;
    if (count <= 0 || width === 0) return;
    // A schedule spills over thousands of cells: its anchor's formula is read once, not once a cell.
    const anchors = new Map<string, boolean>();
    const block = this.hf.getRangeSerialized({
      start: { sheet: id, row: first, col: 0 },
      end: { sheet: id, row: first + count - 1, col: width - 1 },
    });
    block.forEach((row, i) =>
      row.forEach((raw, c) => {
        const r = first + i;
        const at = { sheet: id, row: r, col: c };
        const address = cellAddress({ row: r, col: c });
        const type = this.hf.getCellType(at);
        if (type === CellType.ARRAY) {
          const array = this.arrayAt(at);
          if (array && this.isDealAnchor(array.leftCorner, anchors)) spilled.add(address);
          else contents.set(address, contentFingerprint({ value: cellValueOf(this.hf.getCellValue(at)) as CellValue }));
          return;
        }
        if (raw === null || raw === undefined || raw === "") return;
        // A formula cell's serialized content is its formula's text, as getCellFormula gives it.
        const formula = type === CellType.FORMULA || type === CellType.ARRAYFORMULA ? String(raw) : undefined;
        contents.set(address, contentFingerprint(formula !== undefined ? { formula } : { value: storedValue(raw) }));
      }),
    );
  }

  /** Whether the array formula at `corner` is a DEAL.* call; `known` remembers the anchors already read. */
  private isDealAnchor(corner: SimpleCellAddress, known: Map<string, boolean>): boolean {
    const key = `${corner.sheet}:${corner.row}:${corner.col}`;
    let deal = known.get(key);
    if (deal === undefined) {
      deal = /\bDEAL\./i.test(this.hf.getCellFormula(corner) ?? "");
      known.set(key, deal);
    }
    return deal;
  }

  /** The G:J block of the add-in's sheet, where versions before 2 recorded builds. */
  private legacyRecordRows(): CellValue[][] {
    if (!this.sheets.has(SCENARIO_SHEET)) return [];
    const left = parseCell(`${RECORD_COLUMN}1`).col;
    const rows: CellValue[][] = [];
    for (let row = 0; ; row++) {
      const values = LEGACY_RECORD_HEADER.map((_, c) => gatewayValue(this.valueAt(SCENARIO_SHEET, { row, col: left + c })));
      if (values[0] === null) break;
      rows.push(values);
    }
    return rows;
  }

  /** Every cell, by sheet, that holds part of a spill rather than an entry of its own; a sheet at a time. */
  private async arrayCellsStepwise(): Promise<Map<string, Set<string>>> {
    const cells = new Map<string, Set<string>>();
    for (const name of [...this.sheets.keys()]) {
      await yieldToEventLoop();
      if (!this.sheets.has(name)) continue;
      const id = this.sheetId(name);
      const set = new Set<string>();
      const { width, height } = this.hf.getSheetDimensions(id);
      await inTimeSlices(
        Array.from({ length: height }, (_, r) => r),
        (rows) => {
          if (!this.sheets.has(name) || this.sheetId(name) !== id) return;
          for (const row of rows)
            for (let col = 0; col < width; col++)
              if (this.hf.getCellType({ sheet: id, row, col }) === CellType.ARRAY) set.add(cellAddress({ row, col }));
        },
      );
      cells.set(name, set);
    }
    return cells;
  }

  private applyRemovals(plan: BuildPlan, clearCell: (sheet: string, address: string, contents: boolean) => void): void {
    for (const removal of plan.removals) {
      for (const name of removal.names) this.removeName(name);
      const data = this.sheets.get(removal.name);
      if (!data) continue;
      if (removal.deleteSheet) {
        this.removeSheet(removal.name);
        continue;
      }
      for (const address of removal.clear) clearCell(removal.name, address, true);
      for (const address of removal.clearFormats) clearCell(removal.name, address, false);
      data.charts = data.charts.filter((c) => !removal.charts.includes(c.id));
    }
  }

  /** One sheet of a build: its clears, then its writes, in slices of time (a recalculation after each), names and charts. */
  private async applySheet(planned: PlannedSheet, clearCell: (sheet: string, address: string, contents: boolean) => void): Promise<void> {
    if (!this.sheets.has(planned.name)) withoutUndo(this.hf, () => this.addSheet(planned.name));
    const clears = [
      ...planned.clear.map((address) => ({ address, contents: true })),
      ...planned.clearFormats.map((address) => ({ address, contents: false })),
    ];
    await inTimeSlices(
      clears,
      (slice) => {
        for (const clear of slice) clearCell(planned.name, clear.address, clear.contents);
      },
      (run) => withoutUndo(this.hf, run),
    );
    const data = this.sheets.get(planned.name)!;
    const sheet = this.sheetId(planned.name);
    await inTimeSlices(
      planned.writes,
      (slice) => this.writeCells(sheet, data, slice),
      (run) => withoutUndo(this.hf, run),
    );
    withoutUndo(this.hf, () => {
      for (const name of planned.staleNames) this.removeName(name);
      for (const named of planned.names) this.defineName(named, planned.name);
    });
    const ids = new Set(planned.charts.map((c) => c.id));
    data.charts = [
      ...data.charts.filter((c) => !ids.has(c.id) && !planned.staleCharts.includes(c.id)),
      ...planned.charts.map((c) => ({ ...c })),
    ];
  }

  /** Writes cells, a column's run of consecutive rows in one call (HyperFormula's cost is per call more than per cell). */
  private writeCells(sheet: number, data: SheetData, cells: readonly CellSpec[]): void {
    let run: { at: Cell; contents: RawCellContent[][] } | undefined;
    const flush = () => {
      if (run) this.hf.setCellContents({ sheet, ...run.at }, run.contents);
      run = undefined;
    };
    for (const cell of cells) {
      const at = parseCell(cell.address);
      const address = cellAddress(at);
      const content = cell.formula !== undefined ? cell.formula : rawFromValue(cell.value ?? null);
      if (run && run.at.col === at.col && run.at.row + run.contents.length === at.row) run.contents.push([content]);
      else {
        flush();
        run = { at, contents: [[content]] };
      }
      setOrDelete(data.formats, address, cell.format);
      setOrDelete(data.roles, address, cell.role);
      setOrDelete(data.spills, address, cell.spill ? { ...cell.spill } : undefined);
    }
    flush();
  }

  /** Empties a cell (contents: false keeps what it holds and drops only the add-in's formats and roles). */
  private clearCell(sheet: string, address: string, contents: boolean): void {
    const data = this.sheets.get(sheet)!;
    const at = { sheet: this.sheetId(sheet), ...parseCell(address) };
    if (contents) this.hf.setCellContents(at, [[null]]);
    data.formats.delete(address);
    data.roles.delete(address);
    data.spills.delete(address);
  }

  private defineName(named: NameSpec, sheet: string): void {
    const address = blockAddress(parseBlock(named.address));
    const expression = `=${engineReference(sheet, address)}`;
    const existing = this.names.get(named.name.toLowerCase());
    if (existing) this.hf.changeNamedExpression(existing.name, expression);
    else this.hf.addNamedExpression(named.name, expression);
    const entry: NamedRange = { name: existing?.name ?? named.name, sheet, address };
    if (named.comment) entry.comment = named.comment;
    this.names.set(named.name.toLowerCase(), entry);
  }

  private removeName(name: string): void {
    const entry = this.names.get(name.toLowerCase());
    if (!entry) return;
    this.hf.removeNamedExpression(entry.name);
    this.names.delete(name.toLowerCase());
  }

  /** Where the record's place is, and the scenario table beside it when they share its sheet. */
  private recordPlace(): { home: string; old?: Block; origin: Cell; table?: Block } {
    const existing = this.names.get(RECORD_NAME.toLowerCase());
    const found = existing && this.sheets.has(existing.sheet) ? existing : undefined;
    const home = found ? found.sheet : SCENARIO_SHEET;
    const old = found ? parseBlock(found.address) : undefined;
    const table = this.scenarioTableRecord();
    return {
      home,
      old,
      origin: old ? { row: old.top, col: old.left } : parseCell(`${RECORD_COLUMN}1`),
      table: table && table.sheet === home ? parseBlock(table.range) : undefined,
    };
  }

  /**
   * Read before a build's writes (HyperFormula reads nothing inside a batch): the column the record of
   * `rows` cells moves to when its place is in the scenario table's way, or undefined to stay.
   */
  private recordColumnForBuild(rows: number): number | undefined {
    const { home, old, origin, table } = this.recordPlace();
    if (!table || !this.sheets.has(home)) return undefined;
    if (recordClearOf({ top: origin.row, left: origin.col, bottom: origin.row + rows - 1, right: origin.col }, table)) return undefined;
    const inOld = (row: number, col: number) =>
      old !== undefined && row >= old.top && row <= old.bottom && col >= old.left && col <= old.right;
    return recordColumnFor(table, parseCell(`${RECORD_COLUMN}1`).col, rows, (r, c) => {
      const row = origin.row + r;
      return inOld(row, c) || this.isEmptyCell(home, { row, col: c });
    });
  }

  /**
   * The record in its column of the add-in's sheet, found and named by RECORD_NAME; the legacy G:J block
   * goes. It never writes a cell of the scenario table: when its place is within the table's columns or
   * the one right of them it goes to `column` (chosen before the build's batch), and cells of its old
   * place inside the table (the user widened the table over them) are the table's and stay.
   */
  private writeRecord(chunks: string[], legacyRows: number, column?: number): void {
    const { home, old, origin, table } = this.recordPlace();
    if (!this.sheets.has(home)) this.addSheet(home);
    const sheet = this.sheetId(home);
    const data = this.sheets.get(home)!;
    const inTable = (address: string) => {
      const { row, col } = parseCell(address);
      return table !== undefined && row >= table.top && row <= table.bottom && col >= table.left && col <= table.right;
    };
    if (old) for (const address of cellsOf(old)) if (!inTable(address)) this.clearCell(home, address, true);
    if (!old && home === SCENARIO_SHEET) {
      const left = parseCell(`${RECORD_COLUMN}1`).col;
      for (let row = 0; row < legacyRows; row++) {
        for (let c = 0; c < LEGACY_RECORD_HEADER.length; c++) {
          const address = cellAddress({ row, col: left + c });
          if (!inTable(address)) this.clearCell(home, address, true);
        }
      }
    }
    const left = column ?? origin.col;
    const block = { top: origin.row, left, bottom: origin.row + chunks.length - 1, right: left };
    this.hf.setCellContents(
      { sheet, row: block.top, col: block.left },
      chunks.map((chunk) => [rawFromValue(chunk)]),
    );
    data.roles.set(cellAddress({ row: block.top, col: block.left }), "note");
    this.defineName({ name: RECORD_NAME, address: blockAddress(block) }, home);
  }

  private addSheet(name: string): void {
    this.hf.addSheet(name);
    const ids = new Set([...this.sheets.values()].map((d) => d.id));
    this.sheets.set(name, { id: newSheetId(ids), formats: new Map(), roles: new Map(), spills: new Map(), charts: [] });
  }

  private removeSheet(name: string): void {
    this.hf.removeSheet(this.sheetId(name));
    this.sheets.delete(name);
    for (const [key, entry] of this.names) {
      if (entry.sheet !== name) continue;
      this.hf.removeNamedExpression(entry.name);
      this.names.delete(key);
    }
    this.tables = this.tables.filter((t) => t.sheet !== name);
  }

  private sheetId(name: string): number {
    const id = this.hf.getSheetId(name);
    if (id === undefined) throw new Error(`There is no sheet named ${name}.`);
    return id;
  }

  private at(sheet: string, ref: Cell): SimpleCellAddress {
    return { sheet: this.sheetId(sheet), row: ref.row, col: ref.col };
  }

  private valueAt(sheet: string, ref: Cell): DisplayedValue {
    return cellValueOf(this.hf.getCellValue(this.at(sheet, ref)));
  }

  private arrayAt(address: SimpleCellAddress): ArrayVertex | undefined {
    // HyperFormula has no public API for a spill's extent; its dependency graph holds it.
    const graph = (this.hf as unknown as { dependencyGraph?: { getCell(a: SimpleCellAddress): unknown } }).dependencyGraph;
    const vertex = graph?.getCell(address) as Partial<ArrayVertex> | undefined;
    if (!vertex || typeof vertex.width !== "number" || typeof vertex.height !== "number" || !vertex.leftCorner) return undefined;
    if (vertex.width * vertex.height <= 1) return undefined;
    return vertex as ArrayVertex;
  }

  /** The format of a cell: its own, or its column's in the spill it belongs to. */
  private formatAt(sheet: string, ref: Cell): NumberFormatKind | undefined {
    const data = this.sheets.get(sheet);
    if (!data) return undefined;
    const array = this.arrayAt(this.at(sheet, ref));
    if (array) {
      const spill = data.spills.get(cellAddress(array.leftCorner));
      // Header texts have no number format (a date column's header is not a date).
      if (spill?.headerRow && ref.row === array.leftCorner.row) return undefined;
      const columnFormat = spill?.columnFormats?.[ref.col - array.leftCorner.col];
      if (columnFormat) return columnFormat;
    }
    return data.formats.get(cellAddress(ref));
  }

  /** The first row of a declared spill is its header row when the spec says so, or else when it holds text. */
  private spillRoleAt(sheet: string, ref: Cell): CellRole | undefined {
    const array = this.arrayAt(this.at(sheet, ref));
    const spill = array && this.sheets.get(sheet)?.spills.get(cellAddress(array.leftCorner));
    if (!array || !spill || array.leftCorner.row !== ref.row) return undefined;
    if (spill.headerRow !== undefined) return spill.headerRow ? "header" : undefined;
    return typeof this.valueAt(sheet, ref) === "string" ? "header" : undefined;
  }

  /** A chart's block as it stands: a range that starts at a spill follows the spill. */
  chartRange(sheet: string, chart: ChartSpec): string {
    const range: Block = parseBlock(chart.dataRange);
    const array = this.arrayAt(this.at(sheet, topLeft(range)));
    if (!array || array.leftCorner.row !== range.top || array.leftCorner.col !== range.left) return blockAddress(range);
    const columns = Math.min(range.right - range.left + 1, array.width);
    return blockAddress({ ...range, bottom: range.top + array.height - 1, right: range.left + columns - 1 });
  }

  private rangeValues(entry: NamedRange): CellValue[][] {
    const range = parseBlock(entry.address);
    const rows: CellValue[][] = [];
    for (let row = range.top; row <= range.bottom; row++) {
      const values: CellValue[] = [];
      for (let col = range.left; col <= range.right; col++) values.push(gatewayValue(this.valueAt(entry.sheet, { row, col })));
      rows.push(values);
    }
    return rows;
  }

  /** Each watched name's cells; a change anywhere in a named block counts (its top-left value is reported). */
  private watchedValues(): Map<string, CellValue[][] | undefined> {
    const values = new Map<string, CellValue[][] | undefined>();
    for (const watcher of this.watchers) {
      for (const name of watcher.names) {
        const key = name.toLowerCase();
        if (values.has(key)) continue;
        const entry = this.names.get(key);
        values.set(key, entry && this.sheets.has(entry.sheet) ? this.rangeValues(entry) : undefined);
      }
    }
    return values;
  }

  private notifyWatchers(before: Map<string, CellValue[][] | undefined>): void {
    const after = this.watchedValues();
    for (const watcher of [...this.watchers]) {
      for (const name of watcher.names) {
        const key = name.toLowerCase();
        const value = after.get(key);
        const previous = before.get(key);
        if (value === undefined || (previous !== undefined && sameBlock(previous, value))) continue;
        try {
          watcher.onChange(name, value[0][0]);
        } catch (e) {
          console.error(`A change handler for ${name} failed:`, e);
        }
      }
    }
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** An id no other sheet of the workbook has. */
function newSheetId(taken: Set<string>): string {
  for (let n = taken.size + 1; ; n++) if (!taken.has(`sheet-${n}`)) return `sheet-${n}`;
}

/** A stored entry's value: text without the apostrophe that kept it text. */
function storedValue(raw: RawCellContent): CellValue {
  if (typeof raw === "string") return raw.startsWith("'") ? raw.slice(1) : raw;
  if (typeof raw === "number" || typeof raw === "boolean") return raw;
  return null;
}

function setOrDelete<T>(map: Map<string, T>, key: string, value: T | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

export function emptyWorkbook(): SerializedWorkbook {
  return { format: SERIALIZED_FORMAT, version: SERIALIZED_VERSION, sheets: [{ name: "Sheet1", cells: {} }], names: [], tables: [] };
}

/** A stored workbook from another version or edited into nonsense is refused with a reason, not half-loaded. */
export function checkSerialized(data: unknown): asserts data is SerializedWorkbook {
  const d = data as Partial<SerializedWorkbook> | null;
  if (!d || typeof d !== "object" || d.format !== SERIALIZED_FORMAT) throw new Error("This is not a Deal Modeller workbook.");
  if (d.version !== SERIALIZED_VERSION) throw new Error(`This workbook was stored by another version (format ${String(d.version)}).`);
  if (!Array.isArray(d.sheets) || d.sheets.length === 0 || !Array.isArray(d.names) || !Array.isArray(d.tables)) {
    throw new Error("This workbook is incomplete: it needs sheets, names and tables.");
  }
  const sheetNames = new Set<string>();
  for (const sheet of d.sheets) {
    if (!sheet || typeof sheet.name !== "string" || typeof sheet.cells !== "object" || sheet.cells === null)
      throw new Error("A sheet of this workbook is malformed.");
    if (sheetNames.has(sheet.name.toLowerCase())) throw new Error(`The sheet ${sheet.name} appears twice.`);
    sheetNames.add(sheet.name.toLowerCase());
    for (const address of Object.keys(sheet.cells)) parseCell(address);
  }
  for (const named of d.names) {
    if (!named || typeof named.name !== "string" || !sheetNames.has(String(named.sheet).toLowerCase()))
      throw new Error("A named range of this workbook is malformed.");
    parseBlock(named.address);
  }
}
