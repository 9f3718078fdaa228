/**
 * What the two workbook implementations (Office.js and embedded) share about model sheets: the copy that
 * shareAsValues writes, and where on the add-in's own sheet each build is recorded, so that a workbook
 * exported from the preview and built again in Excel (or the reverse) updates in place.
 */

/** The block on the add-in's sheet where builds are recorded. */
export const BUILD_RECORD_COLUMNS = "G:J";
export const BUILD_RECORD_HEADER = ["Model sheet", "Cells written", "Names", "Charts"];

/** The copy that shareAsValues writes (Excel caps sheet names at 31 characters). */
export function valuesSheetName(sheet: string): string {
  const suffix = " (values)";
  return `${sheet.slice(0, 31 - suffix.length)}${suffix}`;
}
