import { Block, cellAddress, parseBlock, parseCell } from "./a1";
import { CellRole, ChartSpec, ShareRequest, SheetSpec } from "./types";
import { CHART_HEIGHT, CHART_WIDTH } from "./styles";
import { chartDataOf, ChartCell, PlacedChart } from "./xlsx/charts";
import { XlsxBook, XlsxCell, XlsxSheet, XlsxValue } from "./xlsx/spreadsheet";

/**
 * The values workbook that "Share without the add-in" makes, from what a workbook implementation read
 * of its model sheets (a SheetSnapshot each) and the pane's request:
 *
 * - only the model sheets, under their own names, each cell its value (a number, text, TRUE/FALSE or an
 *   error value) with its number format; booleans in General;
 * - the model's styles for titles, headers (a spill's header row too), outputs and notes; inputs and
 *   labels plain, since nothing in the copy is an input;
 * - the request's stamp ("Shared on ... from Deal Modeller ..., values not formulas") in place of the
 *   sheet's note about its inputs;
 * - the model's charts as native charts over the copies' cells (a chart over a spill covers the spill
 *   as it is), and the model's names pointing at the copies;
 * - nothing else: no scenario table, no build record, no hidden or empty sheet.
 */

export type SnapshotValue = XlsxValue;

export interface SnapshotCell {
  row: number;
  col: number;
  value: SnapshotValue;
  /** The cell's number format code, as the workbook has it. */
  format?: string;
}

export interface SheetSnapshot {
  name: string;
  /** The non-empty cells. */
  cells: SnapshotCell[];
  /** Column widths in characters, by column index. */
  columnWidths: (number | undefined)[];
  /** Each spilled formula's block as it spilled, by anchor: { D21: "D21:I29" }. */
  spills: Record<string, string>;
}

/** Roles the copy keeps; an input is a plain cell there. */
const KEPT_ROLES = new Set<CellRole>(["title", "header", "output", "note"]);

export function valuesFileName(workbookName: string): string {
  const base = workbookName.replace(/\.(xlsx|xlsm|xlsb|xls|csv)$/i, "").trim() || "Deal model";
  return `${base} (values).xlsx`;
}

/** The spill's block as it spilled, or as the spec expected it. */
function spillBlock(snapshot: SheetSnapshot, anchor: string, spill: NonNullable<SheetSpec["cells"][number]["spill"]>): Block {
  const actual = snapshot.spills[cellAddress(parseCell(anchor))];
  if (actual) return parseBlock(actual);
  const start = parseCell(anchor);
  return { top: start.row, left: start.col, bottom: start.row + spill.rows - 1, right: start.col + spill.columns - 1 };
}

/** The roles of the copy's cells: the spec's kept roles, and a header role over each spill's header row. */
function rolesOf(spec: SheetSpec, snapshot: SheetSnapshot, values: Map<string, SnapshotCell>): Map<string, CellRole> {
  const roles = new Map<string, CellRole>();
  for (const cell of spec.cells) {
    if (cell.role && KEPT_ROLES.has(cell.role)) roles.set(cellAddress(parseCell(cell.address)), cell.role);
    if (!cell.spill || cell.spill.headerRow === false) continue;
    const block = spillBlock(snapshot, cell.address, cell.spill);
    const header = Array.from({ length: block.right - block.left + 1 }, (_, i) => cellAddress({ row: block.top, col: block.left + i }));
    // Without a word from the spec, a first row of text is a header row (as the embedded workbook reads it).
    if (cell.spill.headerRow === undefined && !header.every((a) => typeof values.get(a)?.value === "string")) continue;
    for (const address of header) roles.set(address, "header");
  }
  return roles;
}

/** A chart's block: a range that starts at a spill's anchor follows the spill (its columns up to the chart's). */
function chartBlock(spec: SheetSpec, snapshot: SheetSnapshot, chart: ChartSpec): Block {
  const range = parseBlock(chart.dataRange);
  const anchor = spec.cells.find((c) => c.spill && cellAddress(parseCell(c.address)) === cellAddress({ row: range.top, col: range.left }));
  if (!anchor?.spill) return range;
  const spilled = spillBlock(snapshot, anchor.address, anchor.spill);
  return { ...range, bottom: spilled.bottom, right: Math.min(range.right, spilled.right) };
}

export function valuesWorkbook(snapshots: SheetSnapshot[], request: ShareRequest, title: string, creator: string): XlsxBook {
  const stampAt = parseCell(request.stamp.address);
  const sheets: XlsxSheet[] = [];
  for (const spec of request.sheets) {
    const snapshot = snapshots.find((s) => s.name === spec.name);
    if (!snapshot || snapshot.cells.length === 0) continue;
    const byAddress = new Map<string, SnapshotCell>();
    for (const cell of snapshot.cells) byAddress.set(cellAddress(cell), cell);
    const roles = rolesOf(spec, snapshot, byAddress);
    byAddress.set(cellAddress(stampAt), { ...stampAt, value: request.stamp.text });
    roles.set(cellAddress(stampAt), "note");
    const cells: XlsxCell[] = [...byAddress].map(([address, cell]) => {
      const out: XlsxCell = { row: cell.row, col: cell.col, value: cell.value };
      if (cell.format) out.format = cell.format;
      const role = roles.get(address);
      if (role) out.style = role;
      return out;
    });
    const read = (row: number, col: number): ChartCell => {
      const cell = byAddress.get(cellAddress({ row, col }));
      return cell ? { value: cell.value, format: cell.format } : { value: null };
    };
    const charts: PlacedChart[] = spec.charts.map((chart) => ({
      chart: chartDataOf(chart, spec.name, chartBlock(spec, snapshot, chart), read),
      name: chart.id,
      anchor: parseCell(chart.anchor),
      widthPoints: CHART_WIDTH,
      heightPoints: CHART_HEIGHT,
    }));
    sheets.push({ name: spec.name, cells, columnWidths: snapshot.columnWidths, charts });
  }
  if (sheets.length === 0) throw new Error("There is nothing to share: the model sheets are empty.");
  const shared = new Set(sheets.map((s) => s.name));
  const names = request.sheets
    .filter((spec) => shared.has(spec.name))
    .flatMap((spec) => spec.names.map((n) => ({ name: n.name, sheet: spec.name, address: n.address })));
  return { sheets, names, title, creator };
}
