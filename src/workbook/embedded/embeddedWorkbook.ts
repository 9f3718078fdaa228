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
  SCENARIO_COLUMNS,
  SCENARIO_SHEET,
  SCENARIO_TABLE,
  ScenarioRows,
  SharedWorkbook,
  ShareRequest,
  SheetSpec,
  WorkbookGateway,
} from "../types";
import { absoluteReference, Block, blockAddress, Cell, cellAddress, cellsOf, parseBlock, parseCell } from "../a1";
import { BuildPlan, buildReport, modelLocation, planBuild, SheetState, WorkbookState } from "../buildPlan";
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

  async buildModel(request: BuildRequest): Promise<BuildReport> {
    request.sheets.forEach(checkSheetSpec);
    const { state, problems } = this.buildState(request.bounds);
    const plan = planBuild(request, state);
    // HyperFormula reads nothing inside a batch: what the writes need to know is read first.
    const arrays = this.arrayCells();
    const legacyRows = this.names.has(RECORD_NAME.toLowerCase()) ? 0 : this.legacyRecordRows().length;
    withoutUndo(this.hf, () => this.applyPlan(plan, arrays, legacyRows));
    this.legacy = [];
    respill(this.hf);
    this.changed();
    return buildReport(plan, problems);
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

  async readScenarioRows(): Promise<ScenarioRows> {
    const table = this.tables.find((t) => t.name === SCENARIO_TABLE);
    if (!table || !this.sheets.has(table.sheet)) return [];
    const range = parseBlock(table.range);
    const read = (row: number, col: number) => gatewayValue(this.valueAt(table.sheet, { row, col }));
    // Columns by their header, so a table whose columns were moved still reads right (as in Excel).
    const titles: string[] = [];
    for (let col = range.left; col <= range.right; col++)
      titles.push(
        String(read(range.top, col) ?? "")
          .trim()
          .toLowerCase(),
      );
    const order = SCENARIO_COLUMNS.map((column, i) => {
      const at = titles.indexOf(column.toLowerCase());
      return range.left + (at >= 0 ? at : i);
    });
    const rows: ScenarioRows = [];
    for (let row = range.top + 1; row <= range.bottom; row++) {
      const values = order.map((col) => (col <= range.right ? read(row, col) : null));
      if (values.some((v) => v !== null)) rows.push(values);
    }
    return rows;
  }

  async writeScenarioRows(rows: ScenarioRows): Promise<void> {
    const width = SCENARIO_COLUMNS.length;
    const contents = rows.map((row) => Array.from({ length: width }, (_, i) => rawFromValue(row[i] ?? null)));
    if (!this.sheets.has(SCENARIO_SHEET)) this.addSheet(SCENARIO_SHEET);
    const sheet = this.sheetId(SCENARIO_SHEET);
    const data = this.sheets.get(SCENARIO_SHEET)!;
    const previous = this.tables.find((t) => t.name === SCENARIO_TABLE);
    this.hf.batch(() => {
      if (previous) {
        const old = parseBlock(previous.range);
        for (let row = old.top; row <= old.bottom; row++) {
          for (let col = old.left; col <= old.right; col++) this.hf.setCellContents({ sheet, row, col }, [[null]]);
        }
      }
      const header = SCENARIO_COLUMNS.map((title) => rawFromValue(title));
      this.hf.setCellContents({ sheet, row: 0, col: 0 }, [header]);
      if (contents.length > 0) this.hf.setCellContents({ sheet, row: 1, col: 0 }, contents);
    });
    for (let col = 0; col < width; col++) data.roles.set(cellAddress({ row: 0, col }), "header");
    const range = blockAddress({ top: 0, left: 0, bottom: rows.length, right: width - 1 });
    this.tables = [...this.tables.filter((t) => t.name !== SCENARIO_TABLE), { name: SCENARIO_TABLE, sheet: SCENARIO_SHEET, range }];
    this.changed();
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

  /** The workbook as the build planner needs it: the record, each sheet's contents and the add-in's spills. */
  private buildState(bounds: ModelBounds): { state: WorkbookState; problems: string[] } {
    const entry = this.names.get(RECORD_NAME.toLowerCase());
    const column = entry && this.sheets.has(entry.sheet) ? this.rangeValues(entry).map((row) => row[0]) : [];
    const { record, problems, dropped } = decodeRecord(column, bounds);
    let legacy: LegacySheet[] = dropped;
    if (!entry) {
      legacy = this.legacy.length ? this.legacy : decodeLegacyRecord(this.legacyRecordRows(), bounds);
    }
    const sheets: SheetState[] = [...this.sheets].map(([name, data]) => ({
      name,
      id: data.id,
      ...this.contentsOf(name),
      charts: data.charts.map((c) => c.id),
    }));
    return { state: { sheets, record, legacy }, problems };
  }

  /** Non-empty cells as fingerprints, apart from the cells the add-in's DEAL.* schedules spill into. */
  private contentsOf(sheet: string): Pick<SheetState, "contents" | "spilled"> {
    const id = this.sheetId(sheet);
    const contents = new Map<string, string>();
    const spilled = new Set<string>();
    this.hf.getSheetSerialized(id).forEach((row, r) =>
      row.forEach((raw, c) => {
        const at = { sheet: id, row: r, col: c };
        const address = cellAddress({ row: r, col: c });
        if (this.hf.getCellType(at) === CellType.ARRAY) {
          const array = this.arrayAt(at);
          const anchor = array && this.hf.getCellFormula(array.leftCorner);
          if (anchor && /\bDEAL\./i.test(anchor)) spilled.add(address);
          else contents.set(address, contentFingerprint({ value: cellValueOf(this.hf.getCellValue(at)) as CellValue }));
          return;
        }
        if (raw === null || raw === undefined || raw === "") return;
        const formula = this.hf.getCellFormula(at);
        contents.set(address, contentFingerprint(formula !== undefined ? { formula } : { value: storedValue(raw) }));
      }),
    );
    return { contents, spilled };
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

  /** Every cell, by sheet, that holds part of a spill rather than an entry of its own. */
  private arrayCells(): Map<string, Set<string>> {
    const cells = new Map<string, Set<string>>();
    for (const name of this.sheets.keys()) {
      const id = this.sheetId(name);
      const set = new Set<string>();
      this.hf.getSheetSerialized(id).forEach((row, r) =>
        row.forEach((_, c) => {
          if (this.hf.getCellType({ sheet: id, row: r, col: c }) === CellType.ARRAY) set.add(cellAddress({ row: r, col: c }));
        }),
      );
      cells.set(name, set);
    }
    return cells;
  }

  private applyPlan(plan: BuildPlan, arrays: Map<string, Set<string>>, legacyRows: number): void {
    const clearCell = (sheet: string, address: string, contents: boolean) =>
      this.clearCell(sheet, address, contents && !arrays.get(sheet)?.has(address));
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
    for (const planned of plan.sheets) {
      if (!this.sheets.has(planned.name)) this.addSheet(planned.name);
      const data = this.sheets.get(planned.name)!;
      const sheet = this.sheetId(planned.name);
      for (const address of planned.clear) clearCell(planned.name, address, true);
      for (const address of planned.clearFormats) clearCell(planned.name, address, false);
      for (const cell of planned.writes) {
        const address = cellAddress(parseCell(cell.address));
        const content = cell.formula !== undefined ? cell.formula : rawFromValue(cell.value ?? null);
        this.hf.setCellContents({ sheet, ...parseCell(address) }, [[content]]);
        setOrDelete(data.formats, address, cell.format);
        setOrDelete(data.roles, address, cell.role);
        setOrDelete(data.spills, address, cell.spill ? { ...cell.spill } : undefined);
      }
      for (const name of planned.staleNames) this.removeName(name);
      for (const named of planned.names) this.defineName(named, planned.name);
      const ids = new Set(planned.charts.map((c) => c.id));
      data.charts = [
        ...data.charts.filter((c) => !ids.has(c.id) && !planned.staleCharts.includes(c.id)),
        ...planned.charts.map((c) => ({ ...c })),
      ];
    }
    // Sheets created by this build have their ids only now.
    const record = {
      sheets: plan.record.sheets.map((r) => (r.id || !this.sheets.has(r.name) ? r : { ...r, id: this.sheets.get(r.name)!.id })),
    };
    this.writeRecord(encodeRecord(record), legacyRows);
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

  /** The record in its column of the add-in's sheet, found and named by RECORD_NAME; the legacy G:J block goes. */
  private writeRecord(chunks: string[], legacyRows: number): void {
    const existing = this.names.get(RECORD_NAME.toLowerCase());
    const home = existing && this.sheets.has(existing.sheet) ? existing.sheet : SCENARIO_SHEET;
    if (!this.sheets.has(home)) this.addSheet(home);
    const sheet = this.sheetId(home);
    const data = this.sheets.get(home)!;
    const top = existing && this.sheets.has(existing.sheet) ? parseBlock(existing.address) : parseBlock(`${RECORD_COLUMN}1`);
    if (existing && this.sheets.has(existing.sheet)) for (const address of cellsOf(top)) this.clearCell(home, address, true);
    if (!existing && home === SCENARIO_SHEET) {
      const left = parseCell(`${RECORD_COLUMN}1`).col;
      for (let row = 0; row < legacyRows; row++) {
        for (let c = 0; c < LEGACY_RECORD_HEADER.length; c++) this.clearCell(home, cellAddress({ row, col: left + c }), true);
      }
    }
    const column = { top: top.top, left: top.left, bottom: top.top + chunks.length - 1, right: top.left };
    this.hf.setCellContents(
      { sheet, row: column.top, col: column.left },
      chunks.map((chunk) => [rawFromValue(chunk)]),
    );
    data.roles.set(cellAddress({ row: column.top, col: column.left }), "note");
    this.defineName({ name: RECORD_NAME, address: blockAddress(column) }, home);
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
