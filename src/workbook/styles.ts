import { CellRole, NumberFormatKind } from "./types";

/**
 * How both workbook implementations render the model's data-only descriptions: number format codes (what
 * Excel gets from the Office.js workbook, and what the embedded workbook shows and exports to .xlsx) and
 * cell styles by role.
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

/** A chart's size in points, in Excel and in the files the add-in writes: about 8 columns by 15 rows at Excel's default sizes. */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 288;
