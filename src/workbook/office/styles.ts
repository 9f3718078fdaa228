import { ChartSpec } from "../types";

/** How the Office.js workbook sizes columns and renders charts (formats and role styles: ../styles.ts). */

export const CHART_TYPES: Record<ChartSpec["type"], string> = {
  line: "Line",
  column: "ColumnClustered",
  area: "Area",
  pie: "Pie",
  bar: "BarClustered",
};

export { CHART_HEIGHT, CHART_WIDTH } from "../styles";

/** Column widths in points: wide enough for the longest label or input, and for $250,000,000,000.00. */
export const MIN_COLUMN_WIDTH = 64;
export const NUMBER_COLUMN_WIDTH = 118;
export const MAX_COLUMN_WIDTH = 300;
export const POINTS_PER_CHARACTER = 6.5;
