import { CellRole, ChartSpec, NumberFormatKind } from "../types";

/**
 * How the Office.js workbook renders the model's data-only descriptions: number format codes (the same
 * codes the embedded workbook exports to .xlsx), cell styles by role, and chart types.
 */

export const FORMAT_CODES: Record<NumberFormatKind, string> = {
  currency: '"$"#,##0.00_);("$"#,##0.00)',
  percent: "0.0%",
  date: "yyyy-mm-dd",
  number: "#,##0.00_);(#,##0.00)",
  integer: "#,##0_);(#,##0)",
  text: "@",
};

export const GENERAL = "General";

export function formatCode(kind: NumberFormatKind | undefined): string {
  return kind ? FORMAT_CODES[kind] : GENERAL;
}

/** Every property is set on every written cell, so a rebuild that changes a cell's role restyles it fully. */
export interface CellStyle {
  bold: boolean;
  italic: boolean;
  color: string;
  size: number;
  /** Fill colour, or null for no fill. */
  fill: string | null;
}

const PLAIN: CellStyle = { bold: false, italic: false, color: "#000000", size: 11, fill: null };

/** A modeller's usual code: inputs in blue on a pale yellow fill, headers shaded, notes in grey italics. */
export const ROLE_STYLES: Record<CellRole | "plain", CellStyle> = {
  plain: PLAIN,
  title: { ...PLAIN, bold: true, size: 14 },
  label: PLAIN,
  input: { ...PLAIN, color: "#0000FF", fill: "#FFF2CC" },
  output: { ...PLAIN, bold: true },
  header: { ...PLAIN, bold: true, fill: "#D9E1F2" },
  note: { ...PLAIN, italic: true, color: "#595959" },
};

export const CHART_TYPES: Record<ChartSpec["type"], string> = {
  line: "Line",
  column: "ColumnClustered",
  area: "Area",
  pie: "Pie",
  bar: "BarClustered",
};

/** Chart size in points: about 8 columns by 15 rows at Excel's default sizes. */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 288;

/** Column widths in points: wide enough for the longest label or input, and for $250,000,000,000.00. */
export const MIN_COLUMN_WIDTH = 64;
export const NUMBER_COLUMN_WIDTH = 118;
export const MAX_COLUMN_WIDTH = 300;
export const POINTS_PER_CHARACTER = 6.5;
