import { absoluteReference, blocksIntersect, cellAddress, cellsOf, compressCells, parseBlock, parseCell, splitReference } from "../a1";
import {
  CellSpec,
  CellValue,
  ChartSpec,
  SCENARIO_COLUMNS,
  SCENARIO_SHEET,
  SCENARIO_TABLE,
  ScenarioRows,
  SharedWorkbook,
  ShareRequest,
  SheetSpec,
  WorkbookGateway,
} from "../types";
import { BUILD_RECORD_COLUMNS, BUILD_RECORD_HEADER, checkSheetSpec, seriesColumnsOf } from "../sheetSpec";
import { SheetSnapshot, SnapshotValue, valuesFileName, valuesWorkbook } from "../share";
import { CellStyle, GENERAL, ROLE_STYLES, formatCode } from "../styles";
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
 * - buildModel writes every sheet in ONE Excel.run (three syncs: what exists, what earlier builds wrote,
 *   then all the writes). What each build wrote (cells, names, charts) is recorded on the add-in's own
 *   sheet (SCENARIO_SHEET, columns G:J, beside the scenario table), so the next build clears exactly the
 *   cells it no longer writes and never a cell the user wrote. Charts are found again by their name.
 * - Text cells get the text format before their value, so "2025-10" stays text instead of becoming a date.
 * - watchNames listens to each model sheet's onChanged, maps the changed address to the watched names
 *   (re-reading where the names point, since rows may have been inserted), and skips the echo of the
 *   add-in's own writeName, so a form field and its cell never loop.
 */

/**
 * The newest Excel API this implementation calls: Table.resize (1.13). Also used: getSpillingToRange
 * (1.12), Excel.createWorkbook (1.8), chart series (1.7), NamedItem.formula (1.7), Worksheet.onChanged
 * (1.7), getRangeByIndexes (1.7), Workbook.name (1.7).
 */
export const OFFICE_REQUIREMENT = { set: "ExcelApi", version: "1.13" } as const;

/** Excel holds at most 32,767 characters in a cell; a long list of cells continues on further rows. */
const RECORD_CELL_LIMIT = 30000;

/** Results Excel shows while a custom function is still calculating. */
const PENDING_VALUES = new Set(["#BUSY!", "#GETTING_DATA"]);

interface BuildRecord {
  sheet: string;
  cells: Set<string>;
  names: string[];
  charts: string[];
}

type ExcelValue = string | number | boolean;

function fromExcel(value: unknown): CellValue {
  if (value === "" || value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** A value written as data: text that starts with "=" would be read as a formula, so it is quoted. */
function toExcel(value: CellValue | undefined): ExcelValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "string" && value.startsWith("=")) return `'${value}`;
  return value;
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

function sameValue(a: CellValue, b: CellValue): boolean {
  return a === b || (a === null && b === "") || (a === "" && b === null);
}

/** The cells a spec writes: its cells and the blocks its spills are formatted over. */
function writtenCells(spec: SheetSpec): Set<string> {
  const cells = new Set<string>();
  for (const cell of spec.cells) {
    for (const address of cellsOf(parseBlock(cell.address))) cells.add(address);
    if (cell.spill) {
      const start = parseCell(cell.address);
      const block = { top: start.row, left: start.col, bottom: start.row + cell.spill.rows - 1, right: start.col + cell.spill.columns - 1 };
      for (const address of cellsOf(block)) cells.add(address);
    }
  }
  return cells;
}

function splitList(value: unknown): string[] {
  return typeof value === "string" && value.trim() ? value.split(",").map((s) => s.trim()) : [];
}

function parseRecord(values: unknown[][] | undefined): Map<string, BuildRecord> {
  const records = new Map<string, BuildRecord>();
  for (const row of values ?? []) {
    const sheet = typeof row[0] === "string" ? row[0] : "";
    if (!sheet || sheet === BUILD_RECORD_HEADER[0]) continue;
    const key = sheet.toLowerCase();
    const record = records.get(key) ?? { sheet, cells: new Set<string>(), names: [], charts: [] };
    for (const block of splitList(row[1])) {
      try {
        for (const address of cellsOf(parseBlock(block))) record.cells.add(address);
      } catch {
        // a hand-edited record: an unreadable block is not cleared rather than guessed at
      }
    }
    record.names.push(...splitList(row[2]));
    record.charts.push(...splitList(row[3]));
    records.set(key, record);
  }
  return records;
}

/** Record rows for one sheet: the written cells as blocks, over several rows when one cell would be too long. */
function recordRows(record: BuildRecord): string[][] {
  const chunks: string[] = [];
  let current = "";
  for (const block of compressCells(record.cells)) {
    if (current && current.length + block.length + 1 > RECORD_CELL_LIMIT) {
      chunks.push(current);
      current = "";
    }
    current = current ? `${current},${block}` : block;
  }
  chunks.push(current);
  return chunks.map((cells, i) => [record.sheet, cells, i === 0 ? record.names.join(",") : "", i === 0 ? record.charts.join(",") : ""]);
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

export class OfficeWorkbook implements WorkbookGateway {
  /** Values this add-in wrote through writeName whose change event has not come back yet. */
  private readonly echoes = new Map<string, CellValue[]>();

  async buildModel(sheets: SheetSpec[]): Promise<void> {
    sheets.forEach(checkSheetSpec);
    if (sheets.length === 0) return;
    await Excel.run(async (context) => {
      const book = context.workbook;
      // The build's own writes are not changes for the pane to hear about (hundreds of events otherwise).
      context.runtime.enableEvents = false;
      const own = book.worksheets.getItemOrNullObject(SCENARIO_SHEET);
      own.load("isNullObject");
      const targets = sheets.map((spec) => book.worksheets.getItemOrNullObject(spec.name).load("isNullObject"));
      await context.sync();

      // What exists and what earlier builds wrote.
      const recordRange = own.isNullObject ? undefined : own.getRange(BUILD_RECORD_COLUMNS).getUsedRangeOrNullObject(true);
      recordRange?.load("isNullObject, address, values");
      const allNames = new Set(sheets.flatMap((s) => s.names.map((n) => n.name.toLowerCase())));
      const nameChecks = new Map<string, Excel.NamedItem>();
      const chartChecks = new Map<string, Excel.Chart>();
      // Names and charts of this build, plus those an earlier build may have left (read below).
      for (const name of allNames) nameChecks.set(name, book.names.getItemOrNullObject(name).load("isNullObject"));
      sheets.forEach((spec, i) => {
        if (targets[i].isNullObject) return;
        for (const chart of spec.charts) {
          chartChecks.set(
            `${spec.name.toLowerCase()}\u0000${chart.id}`,
            targets[i].charts.getItemOrNullObject(chart.id).load("isNullObject"),
          );
        }
      });
      await context.sync();

      const records = parseRecord(recordRange && !recordRange.isNullObject ? recordRange.values : undefined);
      // Names and charts recorded earlier that this build drops: find them before deleting.
      const ownersElsewhere = new Set<string>();
      for (const [sheet, record] of records) {
        if (sheets.some((s) => s.name.toLowerCase() === sheet)) continue;
        for (const name of record.names) ownersElsewhere.add(name.toLowerCase());
      }
      const staleNames: Excel.NamedItem[] = [];
      const staleCharts: Excel.Chart[] = [];
      sheets.forEach((spec, i) => {
        const previous = records.get(spec.name.toLowerCase());
        if (!previous) return;
        for (const name of previous.names) {
          const key = name.toLowerCase();
          if (allNames.has(key) || ownersElsewhere.has(key)) continue;
          staleNames.push(book.names.getItemOrNullObject(name).load("isNullObject"));
        }
        if (targets[i].isNullObject) return;
        const ids = new Set(spec.charts.map((c) => c.id));
        for (const id of previous.charts)
          if (!ids.has(id)) staleCharts.push(targets[i].charts.getItemOrNullObject(id).load("isNullObject"));
      });
      if (staleNames.length || staleCharts.length) await context.sync();

      // The writes.
      let created = false;
      sheets.forEach((spec, i) => {
        const exists = !targets[i].isNullObject;
        created ||= !exists;
        const sheet = exists ? book.worksheets.getItem(spec.name) : book.worksheets.add(spec.name);
        const previous = records.get(spec.name.toLowerCase());
        const cells = writtenCells(spec);
        if (previous) {
          const gone = [...previous.cells].filter((c) => !cells.has(c));
          for (const block of compressCells(gone)) sheet.getRange(block).clear("All");
        }
        for (const cell of spec.cells) this.writeCell(sheet, cell);
        for (const [col, width] of columnWidths(spec)) sheet.getRangeByIndexes(0, col, 1, 1).getEntireColumn().format.columnWidth = width;
        for (const named of spec.names) {
          const key = named.name.toLowerCase();
          if (!nameChecks.get(key)!.isNullObject) {
            const item = book.names.getItem(named.name);
            item.formula = `=${absoluteReference(spec.name, named.address)}`;
            if (named.comment) item.comment = named.comment;
          } else {
            book.names.add(named.name, sheet.getRange(named.address), named.comment);
          }
        }
        for (const chart of spec.charts) {
          const found = chartChecks.get(`${spec.name.toLowerCase()}\u0000${chart.id}`);
          this.writeChart(sheet, chart, found !== undefined && !found.isNullObject);
        }
        records.set(spec.name.toLowerCase(), {
          sheet: spec.name,
          cells,
          names: spec.names.map((n) => n.name),
          charts: spec.charts.map((c) => c.id),
        });
      });
      for (const item of staleNames) if (!item.isNullObject) item.delete();
      for (const chart of staleCharts) if (!chart.isNullObject) chart.delete();

      // The record, rewritten whole: one block of rows under its header.
      const ownSheet = own.isNullObject ? book.worksheets.add(SCENARIO_SHEET) : book.worksheets.getItem(SCENARIO_SHEET);
      if (recordRange && !recordRange.isNullObject) ownSheet.getRange(splitReference(recordRange.address).address).clear("Contents");
      const rows = [BUILD_RECORD_HEADER, ...[...records.values()].flatMap(recordRows)];
      const block = ownSheet.getRangeByIndexes(0, parseBlock("G1").left, rows.length, BUILD_RECORD_HEADER.length);
      block.numberFormat = rows.map((row) => row.map(() => "@"));
      block.values = rows;
      if (created) book.worksheets.getItem(sheets[0].name).activate();
      await context.sync();
      context.runtime.enableEvents = true;
      await context.sync();
    }).catch(async (e) => {
      // A failed build must not leave the pane deaf to the grid.
      await Excel.run(async (context) => {
        context.runtime.enableEvents = true;
        await context.sync();
      }).catch(() => undefined);
      throw e;
    });
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

  async writeName(name: string, value: CellValue): Promise<void> {
    await Excel.run(async (context) => {
      const item = context.workbook.names.getItemOrNullObject(name).load("isNullObject");
      await context.sync();
      if (item.isNullObject) throw new Error(`The workbook has no range named ${name}.`);
      const range = item.getRange().load("cellCount");
      await context.sync();
      if (range.cellCount !== 1) throw new Error(`${name} is a range of several cells; only a single cell can be written.`);
      range.values = [[toExcel(value)]];
      const pending = this.echoes.get(name.toLowerCase()) ?? [];
      pending.push(value === "" ? null : value);
      this.echoes.set(name.toLowerCase(), pending);
      await context.sync();
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
        const pending = this.echoes.get(name.toLowerCase());
        if (pending?.length) {
          const mine = pending.shift()!;
          if (sameValue(mine, found.value)) return;
          // Someone else changed the cell after our write: what we wrote is history.
          pending.length = 0;
        }
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

  async readScenarioRows(): Promise<ScenarioRows> {
    return Excel.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject(SCENARIO_TABLE).load("isNullObject");
      await context.sync();
      if (table.isNullObject) return [];
      const header = table.getHeaderRowRange().load("values");
      const body = table.getDataBodyRange().load("values");
      await context.sync();
      // Columns by their header, so a table whose columns were moved still reads right.
      const titles = (header.values[0] ?? []).map((t) => String(t).trim().toLowerCase());
      const order = SCENARIO_COLUMNS.map((column, i) => {
        const at = titles.indexOf(column.toLowerCase());
        return at >= 0 ? at : i;
      });
      return body.values.map((row) => order.map((i) => fromExcel(row[i]))).filter((row) => row.some((v) => v !== null));
    });
  }

  async writeScenarioRows(rows: ScenarioRows): Promise<void> {
    await Excel.run(async (context) => {
      const book = context.workbook;
      const sheet = book.worksheets.getItemOrNullObject(SCENARIO_SHEET).load("isNullObject");
      const table = book.tables.getItemOrNullObject(SCENARIO_TABLE).load("isNullObject");
      await context.sync();
      const width = SCENARIO_COLUMNS.length;
      const bodyRows = Math.max(rows.length, 1);
      const values = rows.length ? rows.map((row) => Array.from({ length: width }, (_, i) => toExcel(row[i]))) : [Array(width).fill("")];
      const textFormats = values.map(() => ["@", "0", "@", "@"]);
      if (table.isNullObject) {
        const target = sheet.isNullObject ? book.worksheets.add(SCENARIO_SHEET) : book.worksheets.getItem(SCENARIO_SHEET);
        const header = target.getRangeByIndexes(0, 0, 1, width);
        header.numberFormat = [SCENARIO_COLUMNS.map(() => "@")];
        header.values = [[...SCENARIO_COLUMNS]];
        const body = target.getRangeByIndexes(1, 0, bodyRows, width);
        body.numberFormat = textFormats;
        body.values = values;
        const created = target.tables.add(target.getRangeByIndexes(0, 0, bodyRows + 1, width), true);
        created.name = SCENARIO_TABLE;
      } else {
        const header = table.getHeaderRowRange().load("address");
        const oldBody = table.getDataBodyRange();
        oldBody.clear("Contents");
        await context.sync();
        const { sheet: sheetName, address } = splitReference(header.address);
        const target = book.worksheets.getItem(sheetName ?? SCENARIO_SHEET);
        const top = parseBlock(address);
        table.resize(target.getRangeByIndexes(top.top, top.left, bodyRows + 1, width));
        const body = target.getRangeByIndexes(top.top + 1, top.left, bodyRows, width);
        body.numberFormat = textFormats;
        body.values = values;
      }
      await context.sync();
    });
  }
}
