/**
 * A1 addresses as the model sheets and the Office.js workbook use them: "C4", "C10:E21", sheet-qualified
 * "'Deal Stake'!$C$4". Rows and columns are 0-based here; the strings are Excel's.
 */

export interface Cell {
  row: number;
  col: number;
}

export interface Block {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** Excel's last column (XFD) and row. */
export const MAX_COL = 16383;
export const MAX_ROW = 1048575;

export function columnLetters(col: number): string {
  if (!Number.isInteger(col) || col < 0 || col > MAX_COL) throw new Error(`column ${col} is outside the sheet`);
  let n = col + 1;
  let letters = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

export function parseCell(address: string): Cell {
  const match = CELL.exec(address.trim());
  if (!match) throw new Error(`"${address}" is not a cell address`);
  const cell = { row: Number(match[2]) - 1, col: columnIndex(match[1]) };
  if (cell.row < 0 || cell.row > MAX_ROW || cell.col > MAX_COL) throw new Error(`"${address}" is outside the sheet`);
  return cell;
}

export function cellAddress(cell: Cell): string {
  return `${columnLetters(cell.col)}${cell.row + 1}`;
}

/** "C4" or "C4:E9" (either corner first) as a block. */
export function parseBlock(address: string): Block {
  const [a, b = a, extra] = address.split(":");
  if (extra !== undefined) throw new Error(`"${address}" is not a range address`);
  const first = parseCell(a);
  const second = parseCell(b);
  return {
    top: Math.min(first.row, second.row),
    left: Math.min(first.col, second.col),
    bottom: Math.max(first.row, second.row),
    right: Math.max(first.col, second.col),
  };
}

export function blockAddress(block: Block): string {
  const start = cellAddress({ row: block.top, col: block.left });
  return block.top === block.bottom && block.left === block.right
    ? start
    : `${start}:${cellAddress({ row: block.bottom, col: block.right })}`;
}

export function offset(address: string, rows: number, columns: number): string {
  const cell = parseCell(address);
  return cellAddress({ row: cell.row + rows, col: cell.col + columns });
}

export function blocksIntersect(a: Block, b: Block): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/** Every cell of a block, row by row. */
export function cellsOf(block: Block): string[] {
  const cells: string[] = [];
  for (let row = block.top; row <= block.bottom; row++) {
    for (let col = block.left; col <= block.right; col++) cells.push(cellAddress({ row, col }));
  }
  return cells;
}

/**
 * Cells as few blocks: consecutive cells of a row become one run, and identical runs on consecutive
 * rows merge into one rectangle. Order does not matter; duplicates are ignored.
 */
export function compressCells(addresses: Iterable<string>): string[] {
  const byRow = new Map<number, Set<number>>();
  for (const address of addresses) {
    const cell = parseCell(address);
    if (!byRow.has(cell.row)) byRow.set(cell.row, new Set());
    byRow.get(cell.row)!.add(cell.col);
  }
  const open = new Map<string, Block>();
  const done: Block[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const cols = [...byRow.get(row)!].sort((a, b) => a - b);
    const runs: [number, number][] = [];
    for (const col of cols) {
      const last = runs[runs.length - 1];
      if (last && last[1] === col - 1) last[1] = col;
      else runs.push([col, col]);
    }
    const seen = new Set<string>();
    for (const [left, right] of runs) {
      const key = `${left}:${right}`;
      seen.add(key);
      const block = open.get(key);
      if (block && block.bottom === row - 1) block.bottom = row;
      else {
        if (block) done.push(block);
        open.set(key, { top: row, left, bottom: row, right });
      }
    }
    for (const [key, block] of open) {
      if (!seen.has(key)) {
        done.push(block);
        open.delete(key);
      }
    }
  }
  done.push(...open.values());
  return done.sort((a, b) => a.top - b.top || a.left - b.left).map(blockAddress);
}

/** Excel quotes a sheet name in a reference unless it is a plain word. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !CELL.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** "'Deal Stake'!$C$4:$D$9" from a sheet and an A1 block: the form a name's formula takes. */
export function absoluteReference(sheet: string, address: string): string {
  const block = parseBlock(address);
  const abs = (cell: Cell) => `$${columnLetters(cell.col)}$${cell.row + 1}`;
  const start = abs({ row: block.top, col: block.left });
  const end = abs({ row: block.bottom, col: block.right });
  return `${quoteSheet(sheet)}!${start === end ? start : `${start}:${end}`}`;
}

/** Splits "'Deal Stake'!$C$4:$D$9" (or "Sheet1!C4", or "C4") into the sheet name and a plain A1 block. */
export function splitReference(reference: string): { sheet?: string; address: string } {
  const text = reference.trim().replace(/^=/, "");
  const bang = text.lastIndexOf("!");
  const address = (bang >= 0 ? text.slice(bang + 1) : text).replace(/\$/g, "");
  if (bang < 0) return { address: blockAddress(parseBlock(address)) };
  let sheet = text.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, address: blockAddress(parseBlock(address)) };
}
