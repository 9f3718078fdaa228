import { Cell, CellErrorValue, CellValue as ExcelCellValue, Workbook, Worksheet } from "exceljs";
import JSZip from "jszip";
import { CellRole, ChartSpec, NumberFormatKind, SCENARIO_TABLE } from "../workbook/types";
import { Block, blockAddress, cellAddress, parseBlock, parseCell } from "../workbook/a1";
import { FORMAT_CODES, GENERAL, ROLE_STYLES } from "../workbook/styles";
import { FunctionsMetadata, NAMESPACE } from "../workbook/embedded/dealFunctionsPlugin";
import {
  EmbeddedWorkbook,
  MAX_SHEET_COLUMNS,
  MAX_SHEET_ROWS,
  NamedRange,
  SERIALIZED_FORMAT,
  SERIALIZED_VERSION,
  SerializedSheet,
  SerializedWorkbook,
  SpillSpec,
  TableRecord,
} from "../workbook/embedded/embeddedWorkbook";
import { DisplayedValue, isErrorValue } from "../workbook/embedded/formats";
import { serialFromUtcDate } from "../engine/dates";
import { CHART_HEIGHT, CHART_WIDTH } from "../workbook/styles";
import { ChartCell, chartDataOf, DRAWING_RELATIONSHIP, PlacedChart, relationshipsXml, sheetDrawing } from "../workbook/xlsx/charts";

/**
 * The embedded workbook to and from .xlsx: formulas with their computed values, spilled schedules as
 * Excel's dynamic arrays, named ranges, number formats, the scenario table as an Excel table named
 * DealScenarios, and the build record (cells of the add-in's sheet and the name DealModeller_BuildRecord,
 * as the Office.js workbook keeps it), so that building again in Excel updates the model in place. exceljs
 * writes no charts: they are added to its package as native charts (src/workbook/xlsx/charts.ts). The
 * charts' specs and the cells' roles also travel in a very hidden sheet that only the preview reads back;
 * Excel and the add-in ignore it.
 */

export const PREVIEW_DATA_SHEET = "DealModeller_Preview";
const PREVIEW_DATA_FORMAT = "deal-modeller-preview";
/** Excel's limit on the text in one cell; longer preview data is split over several cells. */
const CELL_TEXT_LIMIT = 32767;

interface PreviewSheetData {
  name: string;
  id?: string;
  formats?: Record<string, NumberFormatKind>;
  roles?: Record<string, CellRole>;
  spills?: Record<string, SpillSpec>;
  charts?: ChartSpec[];
}

interface PreviewData {
  format: typeof PREVIEW_DATA_FORMAT;
  version: 1;
  sheets: PreviewSheetData[];
  names: { name: string; comment?: string }[];
}

/** Functions Excel added after 2010 are stored with a prefix in the file. */
const FUTURE_FUNCTIONS: Record<string, string> = {
  FILTER: "_xlfn._xlws.FILTER",
  SORT: "_xlfn._xlws.SORT",
  ...Object.fromEntries(
    [
      "SEQUENCE",
      "UNIQUE",
      "XLOOKUP",
      "XMATCH",
      "IFS",
      "SWITCH",
      "MAXIFS",
      "MINIFS",
      "CONCAT",
      "TEXTJOIN",
      "IFNA",
      "XOR",
      "DAYS",
      "RRI",
    ].map((f) => [f, `_xlfn.${f}`]),
  ),
};

/** Outside string literals only. */
function mapOutsideStrings(formula: string, map: (code: string) => string): string {
  return formula
    .split(/("(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : map(part)))
    .join("");
}

/**
 * A formula as Excel stores it: newer functions with their `_xlfn.` prefix, and the add-in's JavaScript
 * functions as `_xldudf_DEAL_NAME`, the name Excel saves them under and looks for when it opens a file
 * (written as typed, `DEAL.NAME`, they could open as formulas that do not calculate).
 */
export function toFileFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  const addIn = `${NAMESPACE}.`;
  return mapOutsideStrings(body, (code) =>
    code.replace(/(?<![A-Za-z0-9_.])([A-Za-z][A-Za-z0-9.]*)\s*\(/g, (match, name: string) => {
      const upper = name.toUpperCase();
      if (upper.startsWith(addIn) && upper.length > addIn.length) return `_xldudf_${upper.replace(/\./g, "_")}(`;
      const prefixed = FUTURE_FUNCTIONS[upper];
      return prefixed ? `${prefixed}(` : match;
    }),
  );
}

/**
 * A formula as a file stores it, back to what a user types: without the `_xlfn.` prefixes, and with the
 * add-in's functions under their names (Excel saves a JavaScript custom function as `_xldudf_DEAL_NAME`).
 */
export function fromFileFormula(formula: string, metadata?: FunctionsMetadata): string {
  const dudf = new Map(
    (metadata?.functions ?? []).map((f) => [`_XLDUDF_${NAMESPACE}_${f.name.replace(/\./g, "_")}`, `${NAMESPACE}.${f.name}`]),
  );
  const body = mapOutsideStrings(formula, (code) =>
    code
      .replace(/_xlfn\.(_xlws\.)?/gi, "")
      .replace(/(?:\[\d+\]!)?_xldudf_([A-Za-z0-9_]+)/gi, (match, name: string) => dudf.get(`_XLDUDF_${name.toUpperCase()}`) ?? match),
  );
  return `=${body}`;
}

function excelValue(value: DisplayedValue): ExcelCellValue {
  if (isErrorValue(value)) return { error: value.error } as CellErrorValue;
  return value;
}

const argb = (hex: string) => `FF${hex.replace("#", "").toUpperCase()}`;

/** The styles the Office.js workbook gives each role in Excel (inputs blue on pale yellow, shaded headers). */
function styleCell(cell: Cell, role: CellRole): void {
  const style = ROLE_STYLES[role];
  cell.font = { bold: style.bold, italic: style.italic, size: style.size, color: { argb: argb(style.color) } };
  if (style.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(style.fill) } };
}

export async function exportXlsx(workbook: EmbeddedWorkbook): Promise<Uint8Array> {
  const stored = workbook.toJSON();
  const book = new Workbook();
  book.creator = "Deal Modeller";
  book.calcProperties.fullCalcOnLoad = true;
  const tables = new Map(stored.tables.map((t) => [t.sheet, t]));

  for (const sheet of stored.sheets) {
    const ws = book.addWorksheet(sheet.name);
    const table = tables.get(sheet.name);
    const tableRange = table ? parseBlock(table.range) : undefined;
    const { rows, columns } = workbook.dimensions(sheet.name);
    const widths: number[] = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < columns; col++) {
        const address = cellAddress({ row, col });
        const view = workbook.cell(sheet.name, { row, col });
        const raw = sheet.cells[address];
        if (raw === undefined && view.value === null) continue;
        const cell = ws.getCell(address);
        if (typeof raw === "string" && raw.startsWith("=")) {
          const spill = workbook.spillRange(sheet.name, { row, col });
          const result = view.value === null ? undefined : excelValue(view.value);
          cell.value = spill
            ? ({ formula: toFileFormula(raw), result, shareType: "array", ref: spill } as ExcelCellValue)
            : ({ formula: toFileFormula(raw), result } as ExcelCellValue);
        } else {
          cell.value = excelValue(view.value);
        }
        // TRUE and FALSE in General: under a text format (a spill's column format) a reader may show 1 and 0.
        if (typeof view.value === "boolean") cell.numFmt = GENERAL;
        else if (view.format) cell.numFmt = FORMAT_CODES[view.format];
        if (view.role) styleCell(cell, view.role);
        const inTable = tableRange && row >= tableRange.top && row <= tableRange.bottom && col <= tableRange.right;
        if (!inTable) widths[col] = Math.max(widths[col] ?? 0, view.text.length + 2);
      }
    }
    widths.forEach((w, col) => {
      if (w) ws.getColumn(col + 1).width = Math.min(Math.max(w, 9), 48);
    });
    if (table && tableRange) addTable(ws, workbook, table);
  }

  for (const named of stored.names) {
    book.definedNames.add(`${quoteForFile(named.sheet)}!${absolute(named.address)}`, named.name);
  }

  const preview: PreviewData = {
    format: PREVIEW_DATA_FORMAT,
    version: 1,
    sheets: stored.sheets.map(({ name, id, formats, roles, spills, charts }) => ({ name, id, formats, roles, spills, charts })),
    names: stored.names.filter((n) => n.comment).map((n) => ({ name: n.name, comment: n.comment })),
  };
  const hidden = book.addWorksheet(PREVIEW_DATA_SHEET, { state: "veryHidden" });
  const text = JSON.stringify(preview);
  for (let i = 0, row = 1; i < text.length; i += CELL_TEXT_LIMIT, row++) hidden.getCell(row, 1).value = text.slice(i, i + CELL_TEXT_LIMIT);

  const zip = await JSZip.loadAsync(await book.xlsx.writeBuffer());
  await markDynamicArrays(zip);
  await addCharts(zip, workbook);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** What a chart reads from a cell of the embedded workbook. */
function chartCell(workbook: EmbeddedWorkbook, sheet: string, row: number, col: number): ChartCell {
  const view = workbook.cell(sheet, { row, col });
  const value = isErrorValue(view.value) ? { error: view.value.error } : view.value;
  return view.format ? { value, format: FORMAT_CODES[view.format] } : { value };
}

const decodeXml = (text: string) =>
  text.replace(/&(quot|apos|lt|gt|amp);/g, (_m, e: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[e]!);

/** Each sheet's part in the package, by sheet name (from xl/workbook.xml and its relationships). */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbookXml = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const targets = new Map([...rels.matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  const parts = new Map<string, string>();
  for (const m of workbookXml.matchAll(/<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"/g)) {
    const target = targets.get(m[2]);
    if (target) parts.set(decodeXml(m[1]), target.replace(/^\/?(xl\/)?/, "xl/"));
  }
  return parts;
}

/**
 * exceljs writes no charts: the model's charts are added to its package as native chart parts
 * (src/workbook/xlsx/charts.ts), each over its block of the formula sheet, with the computed values
 * cached in the chart.
 */
async function addCharts(zip: JSZip, workbook: EmbeddedWorkbook): Promise<void> {
  const parts = await sheetParts(zip);
  const overrides: { partName: string; contentType: string }[] = [];
  const taken = (prefix: string) => Object.keys(zip.files).filter((p) => p.startsWith(prefix)).length;
  let drawingNumber = taken("xl/drawings/drawing");
  let chartNumber = taken("xl/charts/chart") + 1;
  for (const sheet of workbook.sheetNames()) {
    const specs = workbook.charts(sheet);
    const path = parts.get(sheet);
    if (specs.length === 0 || !path) continue;
    const placed: PlacedChart[] = specs.map((spec) => ({
      chart: chartDataOf(spec, sheet, parseBlock(workbook.chartRange(sheet, spec)), (row, col) => chartCell(workbook, sheet, row, col)),
      name: spec.id,
      anchor: parseCell(spec.anchor),
      widthPoints: CHART_WIDTH,
      heightPoints: CHART_HEIGHT,
    }));
    const drawing = sheetDrawing(placed, ++drawingNumber, chartNumber);
    chartNumber += placed.length;
    for (const part of drawing.parts) zip.file(part.path, part.data);
    overrides.push(...drawing.overrides);

    const relsPath = path.replace(/^(.*\/)([^/]+)$/, "$1_rels/$2.rels");
    const relId = "rIdDealCharts";
    const relationship = `<Relationship Id="${relId}" Type="${DRAWING_RELATIONSHIP}" Target="../drawings/drawing${drawingNumber}.xml"/>`;
    const rels = await zip.file(relsPath)?.async("string");
    zip.file(
      relsPath,
      rels
        ? rels.replace("</Relationships>", `${relationship}</Relationships>`)
        : relationshipsXml([]).replace("</Relationships>", `${relationship}</Relationships>`),
    );
    // CT_Worksheet's sequence: <drawing> comes before these, or last.
    const xml = await zip.file(path)!.async("string");
    const before =
      /<(legacyDrawing|legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b|<\/worksheet>/.exec(xml)!;
    zip.file(path, `${xml.slice(0, before.index)}<drawing r:id="${relId}"/>${xml.slice(before.index)}`);
  }
  if (overrides.length === 0) return;
  const types = await zip.file("[Content_Types].xml")!.async("string");
  const added = overrides.map((o) => `<Override PartName="${o.partName}" ContentType="${o.contentType}"/>`).join("");
  zip.file("[Content_Types].xml", types.replace("</Types>", `${added}</Types>`));
}

function addTable(ws: Worksheet, workbook: EmbeddedWorkbook, table: TableRecord): void {
  const range = parseBlock(table.range);
  const width = range.right - range.left + 1;
  if (range.bottom === range.top) return; // Excel has no table without a row; the header stays as cells.
  const valueAt = (row: number, col: number) => {
    const v = workbook.cell(table.sheet, { row, col }).value;
    return isErrorValue(v) ? v.error : v;
  };
  const columns = Array.from({ length: width }, (_, i) => ({
    name: String(valueAt(range.top, range.left + i) ?? `Column${i + 1}`),
  }));
  const rows: unknown[][] = [];
  for (let row = range.top + 1; row <= range.bottom; row++) {
    rows.push(Array.from({ length: width }, (_, i) => valueAt(row, range.left + i)));
  }
  ws.addTable({
    name: table.name,
    ref: cellAddress({ row: range.top, col: range.left }),
    headerRow: true,
    style: { theme: "TableStyleLight9", showRowStripes: true },
    columns,
    rows,
  });
}

function quoteForFile(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

function absolute(address: string): string {
  return address
    .split(":")
    .map((part) => part.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"))
    .join(":");
}

/**
 * exceljs writes a spilled formula as a legacy array formula; Excel 365 needs the dynamic-array cell
 * metadata (`cm`, XLDAPR) to treat it as a spill that resizes, as the add-in's own formulas do.
 */
async function markDynamicArrays(zip: JSZip): Promise<void> {
  let marked = 0;
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))) {
    const xml = await zip.file(path)!.async("string");
    const updated = xml.replace(/<c r="([A-Z]+\d+)"([^>]*)><f t="array"/g, (_m, address: string, attrs: string) => {
      marked++;
      return `<c r="${address}"${attrs} cm="1"><f t="array"`;
    });
    if (updated !== xml) zip.file(path, updated);
  }
  if (marked === 0) return;
  zip.file("xl/metadata.xml", METADATA_XML);
  const types = await zip.file("[Content_Types].xml")!.async("string");
  zip.file(
    "[Content_Types].xml",
    types.replace(
      "</Types>",
      '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>',
    ),
  );
  const relsPath = "xl/_rels/workbook.xml.rels";
  const rels = await zip.file(relsPath)!.async("string");
  zip.file(
    relsPath,
    rels.replace(
      "</Relationships>",
      '<Relationship Id="rIdDealMetadata" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/></Relationships>',
    ),
  );
}

const METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>' +
  "</metadata>";

/** A number format code read back as one of the model's kinds. */
export function formatKindOf(code: string | undefined): NumberFormatKind | undefined {
  if (!code || code === "General") return undefined;
  const known = (Object.entries(FORMAT_CODES) as [NumberFormatKind, string][]).find(([, c]) => c === code);
  if (known) return known[0];
  const unquoted = code
    .replace(/"[^"]*"/g, (q) => (q.includes("$") ? "$" : ""))
    .replace(/\[[^\]]*\]/g, (b) => (b.includes("$") ? "$" : ""));
  if (unquoted.includes("%")) return "percent";
  if (/[dmy]/i.test(unquoted)) return "date";
  if (unquoted.includes("$") || /[€£¥]/.test(unquoted)) return "currency";
  if (unquoted === "@") return "text";
  if (/0\.0/.test(unquoted)) return "number";
  if (/[0#]/.test(unquoted)) return "integer";
  return undefined;
}

/**
 * exceljs reads a date-formatted number as a Date counted in days from 1899-12-30, as if 1900-02-29
 * did not exist (serial 60 becomes 1900-02-28, serial 1 1899-12-31): its Dates before 1900-03-01 are one
 * day early, which this undoes.
 */
function serialOfExcelJsDate(date: Date): number {
  const serial = serialFromUtcDate(date);
  return serial < 61 ? serial + 1 : serial;
}

function rawFromFile(value: ExcelCellValue): SerializedSheet["cells"][string] | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return value === "" ? undefined : `'${value}`;
  if (value instanceof Date) return serialOfExcelJsDate(value);
  if (typeof value === "object") {
    if ("error" in value) return (value as CellErrorValue).error;
    if ("richText" in value) return `'${value.richText.map((r) => r.text).join("")}`;
    if ("text" in value && typeof value.text === "string") return `'${value.text}`;
  }
  return undefined;
}

function readPreviewData(ws: Worksheet | undefined): PreviewData | undefined {
  if (!ws) return undefined;
  let text = "";
  for (let row = 1; row <= ws.rowCount; row++) {
    const v = ws.getCell(row, 1).value;
    if (typeof v === "string") text += v;
  }
  try {
    const data = JSON.parse(text) as PreviewData;
    return data?.format === PREVIEW_DATA_FORMAT && data.version === 1 && Array.isArray(data.sheets) ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The largest .xlsx the preview opens. Opening takes time in proportion to the cells (about 30 µs a cell
 * on this project's 2-core machine, `bench/xlsxImport.ts`); 5 MB of cells, some 500,000 of them, is a
 * quarter of a minute, and a larger file is refused before it is read.
 */
export const MAX_XLSX_BYTES = 5 * 1024 * 1024;

/** Why a file of `bytes` bytes is not opened, or undefined when it may be. */
export function tooLargeToOpen(bytes: number): string | undefined {
  if (bytes <= MAX_XLSX_BYTES) return undefined;
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `This file is ${mb(bytes)}; the preview opens workbooks of up to ${mb(MAX_XLSX_BYTES)}.`;
}

/** Reads an .xlsx into the embedded workbook's stored form; the caller loads it (`workbook.load`). */
export async function importXlsx(file: ArrayBuffer | Uint8Array, metadata?: FunctionsMetadata): Promise<SerializedWorkbook> {
  const tooLarge = tooLargeToOpen(file.byteLength);
  if (tooLarge) throw new Error(tooLarge);
  const book = new Workbook();
  try {
    await book.xlsx.load(file as ArrayBuffer);
  } catch (e) {
    throw new Error(`This file is not an .xlsx workbook that can be read (${e instanceof Error ? e.message : String(e)}).`);
  }
  const preview = readPreviewData(book.getWorksheet(PREVIEW_DATA_SHEET));
  const previewSheets = new Map((preview?.sheets ?? []).map((s) => [s.name, s]));
  const sheets: SerializedSheet[] = [];
  const tables: TableRecord[] = [];

  for (const ws of book.worksheets) {
    if (ws.name === PREVIEW_DATA_SHEET) continue;
    if (ws.rowCount > MAX_SHEET_ROWS || ws.columnCount > MAX_SHEET_COLUMNS) {
      throw new Error(
        `The sheet ${ws.name} uses ${ws.rowCount} rows and ${ws.columnCount} columns; the preview holds at most ` +
          `${MAX_SHEET_ROWS} rows and ${MAX_SHEET_COLUMNS} columns a sheet.`,
      );
    }
    const cells: SerializedSheet["cells"] = {};
    const formats: Record<string, NumberFormatKind> = {};
    const spilled: Block[] = [];
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const ref = parseCell(cell.address);
        const kind = formatKindOf(cell.numFmt);
        if (kind) formats[cell.address] = kind;
        if (cell.formula) {
          cells[cell.address] = fromFileFormula(cell.formula, metadata);
          const value = cell.value as { shareType?: string; ref?: string };
          if (value.shareType === "array" && value.ref) spilled.push(parseBlock(value.ref));
          return;
        }
        // A spilled value is the formula's result, not an entry.
        if (spilled.some((r) => ref.row >= r.top && ref.row <= r.bottom && ref.col >= r.left && ref.col <= r.right)) return;
        const raw = rawFromFile(cell.value);
        if (raw !== undefined) cells[cell.address] = raw;
      }),
    );
    const extra = previewSheets.get(ws.name);
    // The preview's own file says which cells have which format; any other file's codes are read as kinds.
    const sheet: SerializedSheet = { name: ws.name, cells };
    const kinds = extra ? extra.formats : formats;
    if (kinds && Object.keys(kinds).length) sheet.formats = kinds;
    if (extra?.roles) sheet.roles = extra.roles;
    if (extra?.spills) sheet.spills = extra.spills;
    if (extra?.charts) sheet.charts = extra.charts;
    if (extra?.id) sheet.id = extra.id;
    sheets.push(sheet);
    for (const table of ws.getTables()) {
      const model = (table as unknown as { table?: { name?: string; tableRef?: string; ref?: string } }).table;
      const ref = model?.tableRef ?? model?.ref;
      if (model?.name === SCENARIO_TABLE && ref)
        tables.push({ name: SCENARIO_TABLE, sheet: ws.name, range: blockAddress(parseBlock(ref)) });
    }
  }
  if (sheets.length === 0) throw new Error("This workbook has no sheet to show.");

  const sheetNames = new Set(sheets.map((s) => s.name));
  const comments = new Map((preview?.names ?? []).map((n) => [n.name, n.comment]));
  const names: NamedRange[] = [];
  for (const defined of book.definedNames.model as { name: string; ranges: string[] }[]) {
    if (defined.ranges.length !== 1 || defined.name.startsWith("_xlnm.")) continue;
    const match = /^(?:'((?:[^']|'')+)'|([^!]+))!(\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)$/.exec(defined.ranges[0]);
    const sheet = match ? (match[1]?.replace(/''/g, "'") ?? match[2]) : undefined;
    if (!match || !sheet || !sheetNames.has(sheet)) continue;
    const named: NamedRange = { name: defined.name, sheet, address: blockAddress(parseBlock(match[3].replace(/\$/g, ""))) };
    const comment = comments.get(defined.name);
    if (comment) named.comment = comment;
    names.push(named);
  }
  return { format: SERIALIZED_FORMAT, version: SERIALIZED_VERSION, sheets, names, tables };
}
