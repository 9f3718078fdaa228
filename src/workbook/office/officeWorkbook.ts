import {
  absoluteReference,
  Block,
  blockAddress,
  blocksIntersect,
  cellAddress,
  compressCells,
  parseBlock,
  parseCell,
  splitReference,
} from "../a1";
import {
  BuildReport,
  BuildRequest,
  CellSpec,
  CellValue,
  ChartSpec,
  KeptCell,
  ModelBounds,
  ModelLocation,
  SCENARIO_SHEET,
  SCENARIO_TABLE,
  SharedWorkbook,
  ShareRequest,
  SheetSpec,
  WorkbookGateway,
} from "../types";
import { BuildPlan, buildReport, modelLocation, PlannedSheet, SheetState, WorkbookState } from "../buildPlan";
import { AppliedSheets, applySheetsStepwise, BuildControl, planStepwise, recordOfBuilt } from "../buildSteps";
import {
  BuildRecord,
  contentFingerprint,
  decodeLegacyRecord,
  decodeRecord,
  encodeRecord,
  LegacySheet,
  RECORD_COLUMN,
  RECORD_NAME,
  RecordedSheet,
} from "../buildRecord";
import { checkSheetSpec, seriesColumnsOf } from "../sheetSpec";
import { SheetSnapshot, SnapshotValue, valuesFileName, valuesWorkbook } from "../share";
import {
  AppendRequest,
  blockedBy,
  columnKinds,
  DeleteRequest,
  planAppend,
  planDelete,
  planUpdate,
  recordClearOf,
  recordColumnFor,
  sameCell,
  ScenarioEdit,
  ScenarioPlan,
  ScenarioTable,
  ScenarioWriteResult,
  UpdateRequest,
} from "../scenarioTable";
import { CellStyle, GENERAL, ROLE_STYLES, formatCode } from "../styles";
import { guardedText } from "../typed";
import { writeXlsx } from "../xlsx/spreadsheet";
import { toBase64 } from "../xlsx/zip";
import {
  CHART_HEIGHT,
  CHART_TYPES,
  CHART_WIDTH,
  MAX_COLUMN_WIDTH,
  MIN_COLUMN_WIDTH,
  NUMBER_COLUMN_WIDTH,
  POINTS_PER_CHARACTER,
} from "./styles";

/**
 * The workbook interface on Office.js, for the add-in inside Excel.
 *
 * - buildModel reads what the build planner needs in one Excel.run (the build record, found by its
 *   workbook-scoped name; the used cells of the model's sheets as formulas; the add-in's spills; the
 *   charts), lets the planner decide (src/workbook/buildPlan.ts), and applies the plan in the same run,
 *   events off, so the pane never hears its own writes. The record is written back beside the scenarios.
 * - Text is written so that Excel keeps it text: a text-formatted cell gets its format before its value,
 *   and text Excel would read as a formula, number or date gets a leading apostrophe (src/workbook/typed.ts).
 * - watchNames listens to each model sheet's onChanged and maps the changed address to the watched names
 *   (re-reading where the names point, since rows may have been inserted).
 */

/**
 * The newest Excel API this implementation calls: Table.resize (1.13). Also used: Range.getSpillingToRange
 * (1.12), Excel.createWorkbook (1.8), chart series (1.7), NamedItem.formula (1.7), Worksheet.onChanged and
 * WorksheetCollection.onAdded/onDeleted (1.7), getRangeByIndexes (1.7), Workbook.name (1.7).
 */
export const OFFICE_REQUIREMENT = { set: "ExcelApi", version: "1.13" } as const;

/** Results Excel shows while a custom function is still calculating. */
const PENDING_VALUES = new Set(["#BUSY!", "#GETTING_DATA"]);

type ExcelValue = string | number | boolean;

function fromExcel(value: unknown): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** A value written as data: text Excel would read as something else keeps a leading apostrophe. */
function toExcel(value: CellValue | undefined): ExcelValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return guardedText(value);
  return value;
}

/**
 * What a cell holds, as the record fingerprints it. `formulas` gives a formula for a formula cell and the
 * value for a constant; text that starts with "=" (kept text by an apostrophe) reads the same in both.
 */
function fingerprintOf(formula: unknown, value: unknown): string {
  if (typeof formula === "string" && formula.startsWith("=") && formula !== value) return contentFingerprint({ formula });
  return contentFingerprint({ value: fromExcel(formula) });
}

/** The top-left cells of the blocks a recorded sheet formatted: where its schedules spill from. */
function formattedAnchors(recorded: RecordedSheet): string[] {
  return recorded.formatted.map((b) => cellAddress({ row: parseBlock(b).top, col: parseBlock(b).left }));
}

/** The cells the loaded spill ranges spill into, their anchors apart. */
function spilledCells(spills: readonly Excel.Range[]): Set<string> {
  const spilled = new Set<string>();
  for (const spill of spills) {
    if (spill.isNullObject) continue;
    const block = parseBlock(splitReference(spill.address).address);
    for (let r = block.top; r <= block.bottom; r++)
      for (let c = block.left; c <= block.right; c++) if (r !== block.top || c !== block.left) spilled.add(cellAddress({ row: r, col: c }));
  }
  return spilled;
}

/** The non-empty cells of a loaded used range, as fingerprints, apart from `spilled`. */
function usedContents(used: Excel.Range, spilled: ReadonlySet<string>): Map<string, string> {
  const contents = new Map<string, string>();
  if (used.isNullObject) return contents;
  const origin = parseBlock(splitReference(used.address).address);
  used.formulas.forEach((row, r) =>
    row.forEach((formula, c) => {
      const address = cellAddress({ row: origin.top + r, col: origin.left + c });
      if (spilled.has(address) || formula === "" || formula === null) return;
      contents.set(address, fingerprintOf(formula, used.values[r][c]));
    }),
  );
  return contents;
}

/** A cell of a used range as the shared copy holds it; undefined for an empty cell. */
function snapshotValue(value: unknown, type: Excel.RangeValueType | string): SnapshotValue | undefined {
  if (type === "Empty" || value === "" || value === null || value === undefined) return undefined;
  if (type === "Error") return { error: String(value) };
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

/** Excel's column width in points as characters of the default font (a 7-pixel digit, 5 pixels of padding, 96 dpi). */
function pointsToCharacters(points: number): number {
  return Math.max(0, Math.round((((points * 96) / 72 - 5) / 7) * 100) / 100);
}

function applyStyle(format: Excel.RangeFormat, style: CellStyle): void {
  format.font.bold = style.bold;
  format.font.italic = style.italic;
  format.font.color = style.color;
  format.font.size = style.size;
  if (style.fill) format.fill.color = style.fill;
  else format.fill.clear();
}

/** Column widths from the text the build writes: labels and inputs set the width, numbers get room for billions. */
function columnWidths(spec: SheetSpec): Map<number, number> {
  const widths = new Map<number, number>();
  const widen = (col: number, points: number) =>
    widths.set(col, Math.max(widths.get(col) ?? MIN_COLUMN_WIDTH, Math.min(points, MAX_COLUMN_WIDTH)));
  for (const cell of spec.cells) {
    if (cell.role === "title" || cell.role === "note") continue;
    const { col } = parseCell(cell.address.split(":")[0]);
    if (typeof cell.value === "string" && cell.format !== "date") widen(col, cell.value.length * POINTS_PER_CHARACTER + 12);
    else widen(col, NUMBER_COLUMN_WIDTH);
    if (cell.spill) for (let c = 0; c < cell.spill.columns; c++) widen(col + c, NUMBER_COLUMN_WIDTH);
  }
  return widths;
}

/** Where the record is: its range when it exists, else whether the add-in's sheet exists and its legacy block. */
interface RecordPlace {
  record?: { sheet: string; address: string };
  ownSheet: boolean;
  legacy?: string;
  /** The scenario table, which the record keeps clear of. */
  table?: { sheet: string; block: Block };
  /** The column the record moves to, when its place is in the table's way (decided before the writes). */
  column?: number;
}

/** Removes event handlers once, however often it is called. */
function unsubscriber(subscriptions: OfficeExtension.EventHandlerResult<unknown>[]): () => Promise<void> {
  let removed = false;
  return async () => {
    if (removed) return;
    removed = true;
    for (const subscription of subscriptions) {
      await Excel.run(subscription.context, async (context) => {
        subscription.remove();
        await context.sync();
      });
    }
  };
}

interface SheetRead {
  sheet: Excel.Worksheet;
  used: Excel.Range;
  charts: Excel.ChartCollection;
  spills: Excel.Range[];
}

export class OfficeWorkbook implements WorkbookGateway {
  async buildModel(request: BuildRequest, control?: BuildControl): Promise<BuildReport> {
    request.sheets.forEach(checkSheetSpec);
    return Excel.run(async (context) => {
      // The build's own writes are not changes for the pane to hear about (hundreds of events otherwise).
      context.runtime.enableEvents = false;
      try {
        const { state, problems, recordAt } = await this.readState(context, request.bounds);
        // The planner's own computation gives the thread back between sheets too (the shared runtime's cells).
        const plan = await planStepwise(request, state);
        const applied = await this.applyPlan(context, request, plan, recordAt, state, control);
        await context.sync();
        const planned = buildReport(plan, problems);
        const report = { ...planned, kept: [...planned.kept, ...applied.changedDuringBuild] };
        if (!applied.cancelled) return report;
        const built = new Set(applied.built.map((s) => s.key));
        const notBuilt = plan.sheets.filter((s) => !built.has(s.key));
        const record = recordOfBuilt(plan, state.record, applied.built);
        return {
          ...report,
          sheets: Object.fromEntries(record.sheets.map((r) => [r.key, r.name])),
          kept: report.kept.filter((k) => !notBuilt.some((s) => s.name === k.sheet)),
          cancelled: { notBuilt: notBuilt.map((s) => ({ key: s.key, name: s.name })) },
        };
      } finally {
        context.runtime.enableEvents = true;
        await context.sync();
      }
    });
  }

  async locateModel(bounds: ModelBounds): Promise<ModelLocation> {
    return Excel.run(async (context) => {
      const { state, problems } = await this.readState(context, bounds, false);
      return modelLocation(state, bounds, problems);
    });
  }

  /** The workbook as the planner needs it: every sheet's name and id, the record, and the model sheets' contents. */
  private async readState(
    context: Excel.RequestContext,
    bounds: ModelBounds,
    withContents = true,
  ): Promise<{ state: WorkbookState; problems: string[]; recordAt: RecordPlace }> {
    const book = context.workbook;
    const sheets = book.worksheets.load("items/name, items/id");
    const recordName = book.names.getItemOrNullObject(RECORD_NAME).load("isNullObject");
    const own = book.worksheets.getItemOrNullObject(SCENARIO_SHEET).load("isNullObject");
    const scenarioTable = book.tables.getItemOrNullObject(SCENARIO_TABLE).load("isNullObject");
    await context.sync();

    const tableRange = scenarioTable.isNullObject ? undefined : scenarioTable.getRange().load("address");
    const recordRange = recordName.isNullObject ? undefined : recordName.getRangeOrNullObject().load("isNullObject, address, values");
    const legacyRange =
      recordName.isNullObject && !own.isNullObject
        ? own.getRange(`${RECORD_COLUMN}:J`).getUsedRangeOrNullObject(true).load("isNullObject, address, values")
        : undefined;
    await context.sync();

    let record: BuildRecord = { sheets: [] };
    let problems: string[] = [];
    let legacy: LegacySheet[] = [];
    const recordAt: RecordPlace = { ownSheet: !own.isNullObject };
    if (tableRange) {
      const ref = splitReference(tableRange.address);
      if (ref.sheet) recordAt.table = { sheet: ref.sheet, block: parseBlock(ref.address) };
    }
    if (recordRange && !recordRange.isNullObject) {
      ({
        record,
        problems,
        dropped: legacy,
      } = decodeRecord(
        recordRange.values.map((row) => fromExcel(row[0])),
        bounds,
      ));
      const ref = splitReference(recordRange.address);
      if (ref.sheet) recordAt.record = { sheet: ref.sheet, address: ref.address };
    }
    if (legacyRange && !legacyRange.isNullObject) {
      recordAt.legacy = splitReference(legacyRange.address).address;
      const ref = parseBlock(recordAt.legacy);
      // The legacy block starts at G1: rows above the used range's top are empty.
      const rows: CellValue[][] = [
        ...Array.from({ length: ref.top }, () => [] as CellValue[]),
        ...legacyRange.values.map((row) => row.map(fromExcel)),
      ];
      legacy = decodeLegacyRecord(rows, bounds);
    }

    const all = sheets.items.map((s) => ({ name: s.name, id: s.id }));
    // Contents only of the sheets the record (or a legacy record) says are the model's.
    const wanted = new Map<string, string[]>();
    for (const recorded of record.sheets) {
      const found = all.find((s) => s.id === recorded.id) ?? all.find((s) => s.name.toLowerCase() === recorded.name.toLowerCase());
      if (found) wanted.set(found.name, formattedAnchors(recorded));
    }
    for (const l of legacy) {
      const found = all.find((s) => s.name.toLowerCase() === l.name.toLowerCase());
      if (found && !wanted.has(found.name)) wanted.set(found.name, []);
    }
    const reads = new Map<string, SheetRead>();
    if (withContents) {
      for (const [name, anchors] of wanted) {
        const sheet = book.worksheets.getItem(name);
        reads.set(name, {
          sheet,
          used: sheet.getUsedRangeOrNullObject(true).load("isNullObject, address, formulas, values"),
          charts: sheet.charts.load("items/name"),
          spills: anchors.map((a) => sheet.getRange(a).getSpillingToRangeOrNullObject().load("isNullObject, address")),
        });
      }
      await context.sync();
    }
    const states: SheetState[] = all.map((s) => {
      const read = reads.get(s.name);
      const spilled = read ? spilledCells(read.spills) : new Set<string>();
      const contents = read ? usedContents(read.used, spilled) : new Map<string, string>();
      return { name: s.name, id: s.id, contents, spilled, charts: read ? read.charts.items.map((c) => c.name) : [] };
    });
    return { state: { sheets: states, record, legacy }, problems, recordAt };
  }

  private async applyPlan(
    context: Excel.RequestContext,
    request: BuildRequest,
    plan: BuildPlan,
    recordAt: RecordPlace,
    state: WorkbookState,
    control?: BuildControl,
  ): Promise<AppliedSheets & { changedDuringBuild: KeptCell[] }> {
    const previous = state.record;
    const changedDuringBuild: KeptCell[] = [];
    const book = context.workbook;
    const specs = new Map(request.sheets.map((s) => [s.key, s]));
    // Names and charts: which exist (added, or updated in place).
    const nameChecks = new Map<string, Excel.NamedItem>();
    for (const name of [
      ...plan.sheets.flatMap((s) => [...s.names.map((n) => n.name), ...s.staleNames]),
      ...plan.removals.flatMap((r) => r.names),
    ]) {
      nameChecks.set(name.toLowerCase(), book.names.getItemOrNullObject(name).load("isNullObject"));
    }
    const probe = this.probeRecordColumn(book, recordAt, encodeRecord(plan.record).length + 1);
    const chartChecks = new Map<string, Excel.Chart>();
    for (const planned of plan.sheets) {
      if (planned.create) continue;
      for (const chart of planned.charts) {
        chartChecks.set(
          `${planned.name}\u0000${chart.id}`,
          book.worksheets.getItem(planned.name).charts.getItemOrNullObject(chart.id).load("isNullObject"),
        );
      }
    }
    await context.sync();
    if (probe) {
      recordAt.column = recordColumnFor(
        recordAt.table!.block,
        probe.start,
        probe.range.values.length,
        freeInProbe(probe.range.values, probe.start),
      );
    }

    for (const removal of plan.removals) {
      for (const name of removal.names) {
        const item = nameChecks.get(name.toLowerCase());
        if (item && !item.isNullObject) item.delete();
      }
      const sheet = book.worksheets.getItemOrNullObject(removal.name);
      if (removal.deleteSheet) {
        sheet.delete();
        continue;
      }
      for (const block of compressCells(removal.clear)) book.worksheets.getItem(removal.name).getRange(block).clear("All");
      for (const block of compressCells(removal.clearFormats)) book.worksheets.getItem(removal.name).getRange(block).clear("Formats");
      for (const id of removal.charts) book.worksheets.getItem(removal.name).charts.getItem(id).delete();
    }

    let created: string | undefined;
    const added = new Map<string, Excel.Worksheet>();
    // A sheet at a time, each synced before the next (buildSteps.ts): Cancel is heard between sheets.
    const applied = await applySheetsStepwise(plan, control, async (plannedAtRead) => {
      const spec = specs.get(plannedAtRead.key)!;
      const sheet = plannedAtRead.create ? book.worksheets.add(plannedAtRead.name) : book.worksheets.getItem(plannedAtRead.name);
      // The sheets before this one took turns of the event loop, and Excel let the user type meanwhile:
      // a cell changed since the workbook was read is the user's now, and is left as it is.
      const changed = plannedAtRead.create
        ? new Set<string>()
        : await this.changedSinceRead(context, sheet, plannedAtRead, state, previous);
      for (const address of changed) changedDuringBuild.push({ sheet: plannedAtRead.name, address, reason: "changed" });
      const planned = changed.size
        ? {
            ...plannedAtRead,
            clear: plannedAtRead.clear.filter((a) => !changed.has(a)),
            writes: plannedAtRead.writes.filter((w) => !changed.has(w.address)),
          }
        : plannedAtRead;
      if (planned.create) {
        created ??= planned.name;
        added.set(planned.name, sheet.load("id"));
      }
      for (const block of compressCells(planned.clear)) sheet.getRange(block).clear("All");
      for (const block of compressCells(planned.clearFormats)) sheet.getRange(block).clear("Formats");
      for (const cell of planned.writes) this.writeCell(sheet, cell);
      if (planned.writes.length) {
        for (const [col, width] of columnWidths(spec)) sheet.getRangeByIndexes(0, col, 1, 1).getEntireColumn().format.columnWidth = width;
      }
      for (const name of planned.staleNames) {
        const item = nameChecks.get(name.toLowerCase());
        if (item && !item.isNullObject) item.delete();
      }
      for (const named of planned.names) {
        const item = nameChecks.get(named.name.toLowerCase());
        if (item && !item.isNullObject) {
          const existing = book.names.getItem(named.name);
          existing.formula = `=${absoluteReference(planned.name, named.address)}`;
          if (named.comment) existing.comment = named.comment;
        } else {
          book.names.add(named.name, sheet.getRange(named.address), named.comment);
        }
      }
      for (const id of planned.staleCharts) sheet.charts.getItem(id).delete();
      for (const chart of planned.charts) {
        const found = chartChecks.get(`${planned.name}\u0000${chart.id}`);
        this.writeChart(sheet, chart, found !== undefined && !found.isNullObject);
      }
      await context.sync();
    });
    // A sheet this build added has its id once Excel has added it.
    const written = applied.cancelled ? recordOfBuilt(plan, previous, applied.built) : plan.record;
    const record = { sheets: written.sheets.map((r) => (added.has(r.name) ? { ...r, id: added.get(r.name)!.id } : r)) };
    this.writeRecord(context, encodeRecord(record), recordAt);
    if (created) book.worksheets.getItem(created).activate();
    return { ...applied, changedDuringBuild };
  }

  /**
   * The cells a planned sheet clears or writes whose content is no longer what the workbook held when it
   * was read (spilled cells apart, then and now: a schedule's spill follows its inputs).
   */
  private async changedSinceRead(
    context: Excel.RequestContext,
    sheet: Excel.Worksheet,
    planned: PlannedSheet,
    state: WorkbookState,
    previous: BuildRecord,
  ): Promise<Set<string>> {
    const touched = new Set([...planned.clear, ...planned.writes.map((w) => w.address)]);
    const before = state.sheets.find((s) => s.name === planned.name);
    if (!before || touched.size === 0) return new Set();
    const recorded = previous.sheets.find((r) => r.key === planned.key);
    const anchors = [...(recorded ? formattedAnchors(recorded) : []), ...planned.writes.filter((w) => w.spill).map((w) => w.address)];
    const used = sheet.getUsedRangeOrNullObject(true).load("isNullObject, address, formulas, values");
    const spills = anchors.map((a) => sheet.getRange(a).getSpillingToRangeOrNullObject().load("isNullObject, address"));
    await context.sync();
    const spilled = spilledCells(spills);
    const now = usedContents(used, spilled);
    const changed = new Set<string>();
    for (const address of touched) {
      if (before.spilled.has(address) || spilled.has(address)) continue;
      if (now.get(address) !== before.contents.get(address)) changed.add(address);
    }
    return changed;
  }

  /**
   * The free cells the record may move to, loaded before the build's writes, when its place (`rows`
   * cells from its first) is within the scenario table's columns or the one right of them.
   */
  private probeRecordColumn(book: Excel.Workbook, at: RecordPlace, rows: number): { start: number; range: Excel.Range } | undefined {
    const sheet = at.record?.sheet ?? (at.ownSheet ? SCENARIO_SHEET : undefined);
    if (!sheet || !at.table || at.table.sheet.toLowerCase() !== sheet.toLowerCase()) return undefined;
    const origin = at.record ? parseBlock(at.record.address) : parseBlock(`${RECORD_COLUMN}1`);
    const place = { top: origin.top, left: origin.left, bottom: origin.top + rows - 1, right: origin.left };
    if (recordClearOf(place, at.table.block)) return undefined;
    const start = Math.max(parseCell(`${RECORD_COLUMN}1`).col, at.table.block.right + 2);
    return { start, range: book.worksheets.getItem(sheet).getRangeByIndexes(origin.top, start, rows, RECORD_PROBE).load("values") };
  }

  /**
   * The record in one column beside the scenarios, under the name that finds it again after a rename.
   * It never writes a cell of the scenario table: when its place is in the table's way it goes to the
   * column chosen before the writes (src/workbook/scenarioTable.ts), and old cells inside the table stay.
   */
  private writeRecord(context: Excel.RequestContext, chunks: string[], at: RecordPlace): void {
    const book = context.workbook;
    let sheet: Excel.Worksheet;
    let origin = parseBlock(`${RECORD_COLUMN}1`);
    const sheetName = at.record?.sheet ?? SCENARIO_SHEET;
    const table = at.table && at.table.sheet.toLowerCase() === sheetName.toLowerCase() ? at.table.block : undefined;
    const clearOutsideTable = (block: Block) => {
      for (let row = block.top; row <= block.bottom; row++) {
        for (let col = block.left; col <= block.right; col++) {
          const inside = table && row >= table.top && row <= table.bottom && col >= table.left && col <= table.right;
          if (!inside) sheet.getRangeByIndexes(row, col, 1, 1).clear("Contents");
        }
      }
    };
    if (at.record) {
      sheet = book.worksheets.getItem(at.record.sheet);
      origin = parseBlock(at.record.address);
      if (table && blocksIntersect(origin, table)) clearOutsideTable(origin);
      else sheet.getRange(at.record.address).clear("Contents");
    } else {
      // No record yet: it goes on the add-in's sheet (created when missing), replacing a legacy G:J record.
      sheet = at.ownSheet ? book.worksheets.getItem(SCENARIO_SHEET) : book.worksheets.add(SCENARIO_SHEET);
      if (at.legacy) {
        const legacy = parseBlock(at.legacy);
        if (table && blocksIntersect(legacy, table)) clearOutsideTable(legacy);
        else sheet.getRange(at.legacy).clear("Contents");
      }
    }
    const left = at.column ?? origin.left;
    const block = { top: origin.top, left, bottom: origin.top + chunks.length - 1, right: left };
    const column = sheet.getRangeByIndexes(block.top, block.left, chunks.length, 1);
    column.numberFormat = chunks.map(() => ["@"]);
    column.values = chunks.map((chunk) => [chunk]);
    if (at.record) book.names.getItem(RECORD_NAME).formula = `=${absoluteReference(at.record.sheet, blockAddress(block))}`;
    else book.names.add(RECORD_NAME, column, "Deal Modeller's build record");
  }

  private writeCell(sheet: Excel.Worksheet, cell: CellSpec): void {
    const range = sheet.getRange(cell.address);
    // The format first: a value written into a General cell is parsed as if typed. A formula typed into
    // a text cell would stay text, so a formula never gets the text format.
    range.numberFormat = [[cell.formula !== undefined && cell.format === "text" ? formatCode(undefined) : formatCode(cell.format)]];
    if (cell.formula !== undefined) range.formulas = [[cell.formula]];
    else range.values = [[toExcel(cell.value)]];
    applyStyle(range.format, ROLE_STYLES[cell.role ?? "plain"]);
    if (!cell.spill) return;
    const start = parseCell(cell.address);
    const { rows, columns, columnFormats, headerRow } = cell.spill;
    if (columnFormats) {
      const body = sheet.getRangeByIndexes(start.row, start.col, rows, columns);
      body.numberFormat = Array.from({ length: rows }, (_, r) =>
        Array.from({ length: columns }, (_, c) => (headerRow && r === 0 ? formatCode(undefined) : formatCode(columnFormats[c]))),
      );
    }
    if (headerRow) applyStyle(sheet.getRangeByIndexes(start.row, start.col, 1, columns).format, ROLE_STYLES.header);
  }

  private writeChart(sheet: Excel.Worksheet, spec: ChartSpec, exists: boolean): void {
    const data = parseBlock(spec.dataRange);
    const rows = data.bottom - data.top;
    const columns = seriesColumnsOf(spec, data.right - data.left + 1);
    const categories = sheet.getRangeByIndexes(data.top + 1, data.left, rows, 1);
    const values = (column: number) => sheet.getRangeByIndexes(data.top + 1, data.left + column, rows, 1);
    const type = CHART_TYPES[spec.type] as Excel.ChartType;
    // Series are set one by one from their value columns: the spilled header and categories are not
    // computed yet, so Excel cannot be left to guess which column holds what.
    let chart: Excel.Chart;
    if (exists) {
      chart = sheet.charts.getItem(spec.id);
      chart.chartType = type;
      chart.setData(values(columns[0]), "Columns");
    } else {
      chart = sheet.charts.add(type, values(columns[0]), "Columns");
      chart.name = spec.id;
    }
    chart.title.text = spec.title;
    columns.forEach((column, i) => {
      const series = i === 0 ? chart.series.getItemAt(0) : chart.series.add();
      if (i > 0) series.setValues(values(column));
      series.name = spec.seriesNames?.[i] ?? `Series ${i + 1}`;
      series.setXAxisValues(categories);
    });
    chart.setPosition(spec.anchor);
    chart.width = CHART_WIDTH;
    chart.height = CHART_HEIGHT;
  }

  async readNames(names: string[]): Promise<Record<string, CellValue>> {
    const blocks = await this.readRanges(names);
    return Object.fromEntries(Object.entries(blocks).map(([name, block]) => [name, block[0][0]]));
  }

  async readRanges(names: string[]): Promise<Record<string, CellValue[][]>> {
    if (names.length === 0) return {};
    return Excel.run(async (context) => {
      const items = names.map((name) => context.workbook.names.getItemOrNullObject(name).load("isNullObject"));
      await context.sync();
      const ranges = items.map((item) => (item.isNullObject ? undefined : item.getRangeOrNullObject().load("isNullObject, values")));
      await context.sync();
      const values: Record<string, CellValue[][]> = {};
      names.forEach((name, i) => {
        const range = ranges[i];
        if (range && !range.isNullObject) values[name] = range.values.map((row) => row.map(fromExcel));
      });
      return values;
    });
  }

  async watchNames(names: string[], onChange: (name: string, value: CellValue) => void): Promise<() => Promise<void>> {
    const bySheet = await Excel.run(async (context) => {
      const items = names.map((name) => context.workbook.names.getItemOrNullObject(name).load("isNullObject"));
      await context.sync();
      const ranges = items.map((item) => (item.isNullObject ? undefined : item.getRange().load("address")));
      await context.sync();
      const sheets = new Map<string, string[]>();
      names.forEach((name, i) => {
        const sheet = ranges[i] && splitReference(ranges[i]!.address).sheet;
        if (!sheet) return;
        sheets.set(sheet, [...(sheets.get(sheet) ?? []), name]);
      });
      return sheets;
    });
    if (bySheet.size === 0) return async () => {};
    const subscriptions = await Excel.run(async (context) => {
      const added = [...bySheet].map(([sheet, watched]) =>
        context.workbook.worksheets.getItem(sheet).onChanged.add((event) => this.changed(sheet, watched, event, onChange)),
      );
      await context.sync();
      return added;
    });
    return unsubscriber(subscriptions);
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    // Renaming a sheet raises its own event from ExcelApi 1.17; adding and deleting from 1.7.
    const renames = typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", "1.17");
    const subscriptions = await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const added = [sheets.onAdded.add(async () => onChange()), sheets.onDeleted.add(async () => onChange())];
      if (renames)
        added.push(
          (sheets as unknown as { onNameChanged: Excel.WorksheetCollection["onAdded"] }).onNameChanged.add(async () => onChange()),
        );
      await context.sync();
      return added;
    });
    return unsubscriber(subscriptions);
  }

  /** A change on a watched sheet: which watched names it touched, and their new values. */
  private async changed(
    sheet: string,
    watched: string[],
    event: Excel.WorksheetChangedEventArgs,
    onChange: (name: string, value: CellValue) => void,
  ): Promise<void> {
    try {
      const blocks = String(event.address)
        .split(",")
        .map((a) => parseBlock(splitReference(a).address));
      // Rows may have been inserted since the subscription: read where each name points now.
      const current = await Excel.run(async (context) => {
        const items = watched.map((name) => context.workbook.names.getItemOrNullObject(name).load("isNullObject"));
        await context.sync();
        const ranges = items.map((item) => (item.isNullObject ? undefined : item.getRange().load("address, values")));
        await context.sync();
        return ranges.map((r) => (r ? { reference: splitReference(r.address), value: fromExcel(r.values[0][0]) } : undefined));
      });
      watched.forEach((name, i) => {
        const found = current[i];
        if (!found || found.reference.sheet?.toLowerCase() !== sheet.toLowerCase()) return;
        const block = parseBlock(found.reference.address);
        if (!blocks.some((b) => blocksIntersect(b, block))) return;
        onChange(name, found.value);
      });
    } catch (e) {
      console.error("Deal Modeller could not read a change of the model sheet:", e);
    }
  }

  /**
   * Reads the model sheets (values, value types, number formats, column widths, where each schedule
   * spilled), writes the values workbook with the pane's own small writer (src/workbook/xlsx/) and opens
   * it with Excel.createWorkbook: the recipient's file is a new, unsaved workbook, and the user's own is
   * not touched. (A download is no option from the pane: Office on Mac's WKWebView does not download,
   * and the Windows webviews block blob downloads; createWorkbook works on Windows, Mac, the web and iPad.)
   */
  async shareAsValues(request: ShareRequest): Promise<SharedWorkbook> {
    const { snapshots, workbookName } = await Excel.run(async (context) => {
      const book = context.workbook;
      book.load("name");
      const sheets = request.sheets.map((spec) => book.worksheets.getItemOrNullObject(spec.name).load("isNullObject"));
      await context.sync();
      request.sheets.forEach((spec, i) => {
        if (sheets[i].isNullObject) throw new Error(`There is no sheet named ${spec.name} to share.`);
      });
      const used = sheets.map((sheet) =>
        sheet.getUsedRangeOrNullObject(true).load("isNullObject, address, values, valueTypes, numberFormat"),
      );
      const spills = request.sheets.map((spec, i) =>
        spec.cells
          .filter((cell) => cell.spill)
          .map((cell) => ({
            anchor: cellAddress(parseCell(cell.address)),
            range: sheets[i].getRange(cell.address).getSpillingToRangeOrNullObject().load("isNullObject, address"),
          })),
      );
      await context.sync();
      for (const range of used) {
        if (range.isNullObject) continue;
        if (range.values.some((row) => row.some((v) => typeof v === "string" && PENDING_VALUES.has(v)))) {
          throw new Error("The model is still calculating; share it again in a moment.");
        }
      }
      const widths = used.map((range, i) => {
        if (range.isNullObject) return [];
        const block = parseBlock(splitReference(range.address).address);
        return Array.from({ length: block.right + 1 }, (_, col) => sheets[i].getRangeByIndexes(0, col, 1, 1).format.load("columnWidth"));
      });
      await context.sync();
      const snapshots: SheetSnapshot[] = request.sheets.map((spec, i) => {
        const cells: SheetSnapshot["cells"] = [];
        const range = used[i];
        if (!range.isNullObject) {
          const origin = parseBlock(splitReference(range.address).address);
          range.values.forEach((row, r) =>
            row.forEach((value, c) => {
              const cell = snapshotValue(value, range.valueTypes[r][c]);
              if (cell === undefined) return;
              const format = range.numberFormat[r][c];
              const at = { row: origin.top + r, col: origin.left + c };
              cells.push(format && format !== GENERAL ? { ...at, value: cell, format } : { ...at, value: cell });
            }),
          );
        }
        const spilled: Record<string, string> = {};
        for (const { anchor, range: spill } of spills[i]) {
          if (!spill.isNullObject) spilled[anchor] = splitReference(spill.address).address;
        }
        return { name: spec.name, cells, columnWidths: widths[i].map((f) => pointsToCharacters(f.columnWidth)), spills: spilled };
      });
      return { snapshots, workbookName: book.name };
    });
    const title = valuesFileName(workbookName).replace(/\.xlsx$/, "");
    const book = valuesWorkbook(snapshots, request, title, "Deal Modeller");
    await Excel.createWorkbook(toBase64(writeXlsx(book)));
    return { fileName: valuesFileName(workbookName), sheets: book.sheets.map((s) => s.name), delivery: "opened" };
  }

  // ---- the scenario table (src/workbook/scenarioTable.ts decides; this applies) ----

  async readScenarioTable(): Promise<ScenarioTable | undefined> {
    return Excel.run(async (context) => (await this.readScenarioPlace(context)).table?.contents);
  }

  async appendScenarioRow(request: AppendRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planAppend(table, request), request);
  }

  async updateScenarioRow(request: UpdateRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planUpdate(table, request));
  }

  async deleteScenarioRow(request: DeleteRequest): Promise<ScenarioWriteResult> {
    return this.writeScenarioTable((table) => planDelete(table, request));
  }

  /** The scenario table (its range and contents) and the build record's place, read in two syncs. */
  private async readScenarioPlace(context: Excel.RequestContext): Promise<ScenarioPlace> {
    const book = context.workbook;
    const table = book.tables.getItemOrNullObject(SCENARIO_TABLE).load("isNullObject");
    const recordName = book.names.getItemOrNullObject(RECORD_NAME).load("isNullObject");
    const own = book.worksheets.getItemOrNullObject(SCENARIO_SHEET).load("isNullObject");
    await context.sync();
    const range = table.isNullObject ? undefined : table.getRange().load("address, values");
    const record = recordName.isNullObject ? undefined : recordName.getRangeOrNullObject().load("isNullObject, address, values");
    await context.sync();
    const place: ScenarioPlace = { ownSheet: !own.isNullObject };
    if (range) {
      const { sheet, address } = splitReference(range.address);
      const values = range.values.map((row) => row.map(fromExcel));
      place.table = {
        table,
        sheet: sheet ?? SCENARIO_SHEET,
        block: parseBlock(address),
        contents: { header: values[0].map((v) => (v === null ? "" : String(v))), rows: values.slice(1) },
      };
    }
    if (record && !record.isNullObject) {
      const { sheet, address } = splitReference(record.address);
      if (sheet) place.record = { sheet, block: parseBlock(address), values: record.values.map((row) => fromExcel(row[0])) };
    }
    return place;
  }

  /**
   * One write of the table, in one Excel.run: read the table, let the planner decide, then in one batch
   * read it again (the guard), write, and read it back. Office.js runs a batch's operations in order, so
   * the guard is what the write met: when a co-author's change landed between the read and the write and
   * moved the row, the write is undone from the guard and everything is done again on the new table.
   */
  private async writeScenarioTable(
    plan: (table: ScenarioTable | undefined) => ScenarioPlan,
    append?: AppendRequest,
  ): Promise<ScenarioWriteResult> {
    return Excel.run(async (context) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const place = await this.readScenarioPlace(context);
        const planned = plan(place.table?.contents);
        if ("refusal" in planned) return { ok: false, refusal: planned.refusal, table: place.table?.contents };
        const { edit } = planned;
        const outcome =
          edit.kind === "create" ? await this.createTable(context, edit, place) : await this.applyEdit(context, edit, place, append);
        if (outcome !== "again") return outcome;
      }
      return {
        ok: false,
        refusal: {
          reason: "busy",
          message: "The scenario table kept changing while the pane wrote to it (co-authors at work?): nothing was written. Try again.",
        },
      };
    });
  }

  private async createTable(
    context: Excel.RequestContext,
    edit: Extract<ScenarioEdit, { kind: "create" }>,
    place: ScenarioPlace,
  ): Promise<ScenarioWriteResult | "again"> {
    const book = context.workbook;
    const width = edit.header.length;
    const block: Block = { top: 0, left: 0, bottom: 1, right: width - 1 };
    const sheet = place.ownSheet ? book.worksheets.getItem(SCENARIO_SHEET) : book.worksheets.add(SCENARIO_SHEET);
    const move = place.ownSheet ? await this.planRecordMove(context, place, SCENARIO_SHEET, block, undefined) : undefined;
    if (place.ownSheet) {
      const target = sheet.getRangeByIndexes(0, 0, 2, width).load("values");
      await context.sync();
      const taken = firstTaken(target.values, block, move?.from);
      if (taken) return { ok: false, refusal: blockedBy(SCENARIO_SHEET, block, taken) };
    }
    // The table first: when a co-author created it meanwhile this fails before any cell is written, and
    // the save is done again as an append to their table.
    const created = sheet.tables.add(sheet.getRangeByIndexes(0, 0, 2, width), true);
    created.name = SCENARIO_TABLE;
    if (move) this.moveRecord(context, SCENARIO_SHEET, move);
    const header = sheet.getRangeByIndexes(0, 0, 1, width);
    header.numberFormat = [edit.header.map(() => "@")];
    header.values = [edit.header.map((t) => toExcel(t))];
    const row = sheet.getRangeByIndexes(1, 0, 1, width);
    row.numberFormat = [numberFormats(edit.header)];
    row.values = [edit.row.map(toExcel)];
    const after = created.getRange().load("values");
    try {
      await context.sync();
    } catch (e) {
      const now = context.workbook.tables.getItemOrNullObject(SCENARIO_TABLE).load("isNullObject");
      await context.sync();
      if (!now.isNullObject) return "again";
      throw e;
    }
    return { ok: true, table: contentsOf(after.values), at: 0 };
  }

  private async applyEdit(
    context: Excel.RequestContext,
    edit: Exclude<ScenarioEdit, { kind: "create" }>,
    place: ScenarioPlace,
    append?: AppendRequest,
  ): Promise<ScenarioWriteResult | "again"> {
    const { table, sheet: sheetName, block, contents } = place.table!;
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const added = edit.kind === "delete" ? [] : edit.addColumns;
    const grown = { ...block, right: block.right + added.length };
    const move = edit.kind === "delete" ? undefined : await this.planRecordMove(context, place, sheetName, grown, block);
    if (added.length) {
      const beside = sheet.getRangeByIndexes(block.top, block.right + 1, block.bottom - block.top + 1, added.length).load("values");
      await context.sync();
      const cells = { top: block.top, bottom: block.bottom, left: block.right + 1, right: grown.right };
      const taken = firstTaken(beside.values, cells, move?.from);
      if (taken) return { ok: false, refusal: blockedBy(sheetName, cells, taken), table: contents };
    }
    const guard = table.getRange().load("values");
    if (move) this.moveRecord(context, sheetName, move);
    if (added.length) {
      const titles = sheet.getRangeByIndexes(block.top, block.right + 1, 1, added.length);
      titles.numberFormat = [added.map(() => "@")];
      titles.values = [added.map((t) => toExcel(t))];
      table.resize(sheet.getRangeByIndexes(block.top, block.left, block.bottom - block.top + 1, grown.right - grown.left + 1));
    }
    const header = [...contents.header, ...added];
    const width = header.length;
    const bodyTop = block.top + 1;
    switch (edit.kind) {
      case "insert": {
        if (edit.fill) {
          const row = sheet.getRangeByIndexes(bodyTop + edit.at, block.left, 1, width);
          row.numberFormat = [numberFormats(header)];
          row.values = [edit.row.map(toExcel)];
        } else {
          // An insert, so that two co-authors' appends are two rows (see docs/task-pane.md, Scenarios).
          const row = table.rows.add(edit.at >= contents.rows.length ? undefined : edit.at, [edit.row.map(toExcel)]);
          row.getRange().numberFormat = [numberFormats(header)];
        }
        break;
      }
      case "write":
        for (const { col, value } of edit.cells) {
          const cell = sheet.getRangeByIndexes(bodyTop + edit.at, block.left + col, 1, 1);
          cell.numberFormat = [[numberFormats(header)[col]]];
          cell.values = [[toExcel(value)]];
        }
        break;
      case "delete":
        table.rows.getItemAt(edit.at).delete();
        break;
    }
    const after = table.getRange().load("values");
    await context.sync();
    const met = contentsOf(guard.values);
    const now = contentsOf(after.values);
    if (edit.kind === "insert") {
      // A co-author's row of the same name that landed meanwhile: both rows stay, and the pane says so.
      const meanwhile = append && !sameTable(met, contents) ? planAppend(met, append) : undefined;
      const notice = meanwhile && "refusal" in meanwhile && meanwhile.refusal.reason === "exists" ? meanwhile.refusal.message : undefined;
      return { ok: true, table: now, at: edit.at, ...(notice ? { notice } : {}) };
    }
    if (!sameRow(met.header, contents.header) || !sameRow(met.rows[edit.at], contents.rows[edit.at])) {
      // The row moved under the write: put back what the write met, then try again on the table as it is.
      if (edit.kind === "write") {
        for (const { col } of edit.cells) {
          if (col < met.header.length && met.rows[edit.at]) {
            sheet.getRangeByIndexes(bodyTop + edit.at, block.left + col, 1, 1).values = [[toExcel(met.rows[edit.at][col])]];
          }
        }
      } else if (met.rows[edit.at]) {
        table.rows.add(edit.at >= now.rows.length ? undefined : edit.at, [met.rows[edit.at].map(toExcel)]);
      }
      await context.sync();
      return "again";
    }
    if (edit.kind === "delete") return { ok: true, table: now, at: edit.at, removed: { header: met.header, row: met.rows[edit.at] } };
    return { ok: true, table: now, at: edit.at };
  }

  /**
   * Where the build record goes when it stands in the table's way (`table`: the table's block as it is
   * about to be; `current`: as it is now), or undefined when it is clear of it or on another sheet: the
   * first free column from two right of the table (src/workbook/scenarioTable.ts).
   */
  private async planRecordMove(
    context: Excel.RequestContext,
    place: ScenarioPlace,
    sheet: string,
    table: Block,
    current: Block | undefined,
  ): Promise<RecordMove | undefined> {
    const record = place.record;
    if (!record || record.sheet.toLowerCase() !== sheet.toLowerCase() || recordClearOf(record.block, table)) return undefined;
    const rows = record.block.bottom - record.block.top + 1;
    const start = Math.max(parseCell(`${RECORD_COLUMN}1`).col, table.right + 2);
    const probe = context.workbook.worksheets.getItem(sheet).getRangeByIndexes(record.block.top, start, rows, RECORD_PROBE).load("values");
    await context.sync();
    const col = recordColumnFor(table, start, rows, freeInProbe(probe.values, start));
    return {
      from: record.block,
      to: { top: record.block.top, bottom: record.block.bottom, left: col, right: col },
      values: record.values,
      table: current,
    };
  }

  /** The record's cells written at their new place, its name pointed there, and its old cells cleared (those outside the table). */
  private moveRecord(context: Excel.RequestContext, sheetName: string, move: RecordMove): void {
    const sheet = context.workbook.worksheets.getItem(sheetName);
    const rows = move.to.bottom - move.to.top + 1;
    const target = sheet.getRangeByIndexes(move.to.top, move.to.left, rows, 1);
    target.numberFormat = move.values.map(() => ["@"]);
    target.values = move.values.map((v) => [toExcel(v)]);
    for (let row = move.from.top; row <= move.from.bottom; row++) {
      const table = move.table;
      const inside =
        table !== undefined && row >= table.top && row <= table.bottom && move.from.left >= table.left && move.from.left <= table.right;
      if (!inside) sheet.getRangeByIndexes(row, move.from.left, 1, 1).clear("Contents");
    }
    context.workbook.names.getItem(RECORD_NAME).formula = `=${absoluteReference(sheetName, blockAddress(move.to))}`;
  }
}

/** Columns looked at, right of the table, for free cells to move the build record to. */
const RECORD_PROBE = 16;

/** Whether a cell is free, by the probe loaded from column `start` (a column past the probe counts as free). */
function freeInProbe(values: unknown[][], start: number): (row: number, col: number) => boolean {
  return (row, col) => col - start >= RECORD_PROBE || fromExcel(values[row][col - start]) === null;
}

interface ScenarioPlace {
  ownSheet: boolean;
  table?: { table: Excel.Table; sheet: string; block: Block; contents: ScenarioTable };
  record?: { sheet: string; block: Block; values: CellValue[] };
}

interface RecordMove {
  from: Block;
  to: Block;
  values: CellValue[];
  /** The table's block as it is before the write: cells of the old place inside it are the table's and stay. */
  table?: Block;
}

function contentsOf(values: unknown[][]): ScenarioTable {
  const rows = values.map((row) => row.map(fromExcel));
  return { header: rows[0].map((v) => (v === null ? "" : String(v))), rows: rows.slice(1) };
}

function sameRow(a: readonly CellValue[] | undefined, b: readonly CellValue[] | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => sameCell(v, b[i]));
}

function sameTable(a: ScenarioTable, b: ScenarioTable): boolean {
  return sameRow(a.header, b.header) && a.rows.length === b.rows.length && a.rows.every((row, i) => sameRow(row, b.rows[i]));
}

/** Text everywhere but in the whole-number columns, so that text stays text and a number a number. */
function numberFormats(header: readonly string[]): string[] {
  return columnKinds(header).map((kind) => (kind === "number" ? "0" : "@"));
}

/** The first cell of `block` (read as `values`) that holds something, apart from the record's cells that move away. */
function firstTaken(values: unknown[][], block: Block, record?: Block): string | undefined {
  for (let r = 0; r < values.length; r++) {
    for (let c = 0; c < values[r].length; c++) {
      const at = { row: block.top + r, col: block.left + c };
      const moving = record && at.row >= record.top && at.row <= record.bottom && at.col >= record.left && at.col <= record.right;
      if (!moving && fromExcel(values[r][c]) !== null) return cellAddress(at);
    }
  }
  return undefined;
}
