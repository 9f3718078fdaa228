import { cellAddress, parseBlock, parseCell } from "./a1";
import { ChartSpec, SCENARIO_SHEET, SheetSpec } from "./types";

/**
 * What the two workbook implementations (Office.js and embedded) share about model sheets: the checks a
 * spec must pass, and where on the add-in's own sheet each build is recorded, so that a workbook
 * exported from the preview and built again in Excel (or the reverse) updates in place.
 */

/** The block on the add-in's sheet where builds are recorded. */
export const BUILD_RECORD_COLUMNS = "G:J";
export const BUILD_RECORD_HEADER = ["Model sheet", "Cells written", "Names", "Charts"];

/** Excel's rule for a defined name, less what Excel would read as something else (a cell, TRUE, FALSE). */
const NAME_PATTERN = /^[A-Za-z_\\][A-Za-z0-9_.]*$/;
const CELL_LIKE = /^[A-Za-z]{1,3}[0-9]+$/;

/**
 * Refuses a spec either workbook could not apply as described, before anything is written: a bad or
 * reserved sheet name, a cell that is not one cell or is written twice, a formula without "=", a range
 * name Excel would refuse or misread, a chart whose block, anchor or series columns are off.
 */
export function checkSheetSpec(spec: SheetSpec): void {
  if (!spec.name || spec.name.length > 31 || /[:\\/?*[\]]/.test(spec.name)) throw new Error(`"${spec.name}" is not a valid sheet name.`);
  if (spec.name.toLowerCase() === SCENARIO_SHEET.toLowerCase()) throw new Error(`${SCENARIO_SHEET} is the add-in's own sheet.`);
  const seen = new Set<string>();
  for (const cell of spec.cells) {
    const address = cellAddress(parseCell(cell.address));
    if (seen.has(address)) throw new Error(`${spec.name}!${address} is written twice by one build.`);
    seen.add(address);
    if (cell.formula !== undefined && !cell.formula.startsWith("=")) throw new Error(`${spec.name}!${address}: a formula starts with "=".`);
  }
  for (const named of spec.names) {
    if (!NAME_PATTERN.test(named.name) || CELL_LIKE.test(named.name) || /^(TRUE|FALSE)$/i.test(named.name)) {
      throw new Error(`"${named.name}" is not a valid range name.`);
    }
    parseBlock(named.address);
  }
  for (const chart of spec.charts) {
    const block = parseBlock(chart.dataRange);
    parseCell(chart.anchor);
    const columns = seriesColumnsOf(chart, block.right - block.left + 1);
    if (columns.length === 0 || columns.some((c) => c < 1 || c > block.right - block.left)) {
      throw new Error(`Chart ${chart.id}: its series columns must lie inside ${chart.dataRange}, after the category column.`);
    }
  }
}

/** A chart's series columns (0-based within its block of `width` columns): as given, or every column after the first. */
export function seriesColumnsOf(chart: ChartSpec, width: number): number[] {
  return chart.seriesColumns ?? Array.from({ length: width - 1 }, (_, i) => i + 1);
}
