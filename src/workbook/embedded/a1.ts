/** A1 references on one sheet: "C4", "$C$4", "C10:C21". Rows and columns are 0-based inside. */

export interface CellRef {
  row: number;
  col: number;
}

export interface RangeRef {
  start: CellRef;
  end: CellRef;
}

/** Excel's last column (XFD) and row. */
export const MAX_COLUMNS = 16384;
export const MAX_ROWS = 1048576;

export function columnName(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function columnIndex(name: string): number {
  let index = 0;
  for (const ch of name.toUpperCase()) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

const cellPattern = /^\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})$/;

export function parseCell(address: string): CellRef {
  const match = cellPattern.exec(address.trim());
  const ref = match ? { col: columnIndex(match[1]), row: Number(match[2]) - 1 } : undefined;
  if (!ref || ref.col >= MAX_COLUMNS || ref.row >= MAX_ROWS) throw new Error(`"${address}" is not a cell address such as C4.`);
  return ref;
}

export function cellAddress(ref: CellRef): string {
  return `${columnName(ref.col)}${ref.row + 1}`;
}

/** "C4" or "C10:C21" (either corner first); a single cell is a range of one. */
export function parseRange(address: string): RangeRef {
  const [first, second = first, ...rest] = address.split(":");
  if (rest.length > 0) throw new Error(`"${address}" is not a range such as C10:C21.`);
  const a = parseCell(first);
  const b = parseCell(second);
  return {
    start: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    end: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  };
}

export function rangeAddress(range: RangeRef): string {
  const start = cellAddress(range.start);
  const end = cellAddress(range.end);
  return start === end ? start : `${start}:${end}`;
}

export function isSingleCell(range: RangeRef): boolean {
  return range.start.row === range.end.row && range.start.col === range.end.col;
}

/** A sheet name as a formula needs it: quoted unless it is a plain word that cannot be read as a cell. */
export function quoteSheetName(sheet: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(sheet) && !/^[A-Za-z]{1,3}[0-9]+$/.test(sheet);
  return plain ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** An absolute reference to a range on a sheet: 'Deal Model'!$C$4 or Model!$C$10:$C$21. */
export function absoluteReference(sheet: string, range: RangeRef): string {
  const abs = (ref: CellRef) => `$${columnName(ref.col)}$${ref.row + 1}`;
  const cells = isSingleCell(range) ? abs(range.start) : `${abs(range.start)}:${abs(range.end)}`;
  return `${quoteSheetName(sheet)}!${cells}`;
}
