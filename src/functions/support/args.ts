import { cellDecimal } from "../../engine/cellNumbers";
import { Decimal } from "../../engine/decimal";
import { MAX_SERIAL, MIN_SERIAL } from "../../engine/dates";
import { argumentOf, numError, valueError } from "../../engine/errors";

/**
 * Argument coercion shared by every DEAL.* function. Excel passes `null` for an omitted optional
 * argument and `""` for an empty cell; a range reaches a scalar parameter as a 1x1 matrix in some
 * hosts. Everything here treats those alike, so TypeScript default values are never relied on.
 */

/** The largest number of rows, periods or holders any function accepts, so that no call freezes Excel. */
export const MAX_ROWS = 100000;

export function unwrapScalar(value: unknown): unknown {
  let v = value;
  while (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1) v = v[0][0];
  return v;
}

/** `null`, `undefined`, `""` (an empty cell) and an all-space string count as "not given". */
export function isMissing(value: unknown): boolean {
  const v = unwrapScalar(value);
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the text "${v.length > 40 ? v.slice(0, 40) + "..." : v}"`;
  if (typeof v === "boolean") return `the logical value ${v ? "TRUE" : "FALSE"}`;
  if (Array.isArray(v)) return "a range of several cells";
  return String(v);
}

/** A finite number, -0 read as 0. */
function finiteNumberFrom(value: unknown, name: string): number {
  const v = unwrapScalar(value);
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw numError(`${name} must be a finite number; got ${v}.`, argumentOf(name));
    return v === 0 ? 0 : v;
  }
  throw valueError(`${name} must be a number; got ${describe(v)}.`, argumentOf(name));
}

/** A number as the decimal its cell shows: 15 significant digits (see engine/cellNumbers). */
function numberFrom(value: unknown, name: string): Decimal {
  return cellDecimal(finiteNumberFrom(value, name));
}

/** A finite number as the cell holds it (the engine reads its 15 digits itself); -0 is 0. */
export function requiredFinite(value: unknown, name: string): number {
  if (isMissing(value)) throw valueError(`${name} is missing: give a number.`, argumentOf(name));
  return finiteNumberFrom(value, name);
}

export function optionalFinite(value: unknown, name: string, fallback: null): number | null {
  return isMissing(value) ? fallback : finiteNumberFrom(value, name);
}

export function requiredNumber(value: unknown, name: string): Decimal {
  if (isMissing(value)) throw valueError(`${name} is missing: give a number.`, argumentOf(name));
  return numberFrom(value, name);
}

export function optionalNumber(value: unknown, name: string, fallback: Decimal): Decimal;
export function optionalNumber(value: unknown, name: string, fallback: null): Decimal | null;
export function optionalNumber(value: unknown, name: string, fallback: Decimal | null): Decimal | null {
  return isMissing(value) ? fallback : numberFrom(value, name);
}

function wholeFrom(value: unknown, name: string, min: number, max: number): number {
  const d = numberFrom(value, name);
  if (!d.isInteger()) throw numError(`${name} must be a whole number; got ${d.toString()}.`, argumentOf(name));
  const n = d.toNumber();
  if (n < min || n > max) throw numError(`${name} must be between ${min} and ${max}; got ${n}.`, argumentOf(name));
  return n;
}

export function requiredWhole(value: unknown, name: string, min: number, max: number): number {
  if (isMissing(value)) throw valueError(`${name} is missing: give a whole number.`, argumentOf(name));
  return wholeFrom(value, name, min, max);
}

export function optionalWhole(value: unknown, name: string, fallback: number, min: number, max: number): number {
  return isMissing(value) ? fallback : wholeFrom(value, name, min, max);
}

/** A serial date is a whole count of days, so it needs no decimal arithmetic: a time of day is dropped. */
function dateFrom(value: unknown, name: string): number {
  const v = unwrapScalar(value);
  if (typeof v !== "number")
    throw valueError(`${name} must be a date (a serial number such as DATE(2025,11,1)); got ${describe(v)}.`, argumentOf(name));
  if (!Number.isFinite(v)) throw numError(`${name} must be a finite number; got ${v}.`, argumentOf(name));
  const serial = Math.floor(v);
  if (serial < MIN_SERIAL || serial > MAX_SERIAL) {
    throw numError(`${name} must be a date between 1900-01-01 and 9999-12-31 (serial 1 to ${MAX_SERIAL}); got ${v}.`, argumentOf(name));
  }
  return serial;
}

/** A date as a whole-day serial; a time of day is dropped. */
export function requiredDate(value: unknown, name: string): number {
  if (isMissing(value)) throw valueError(`${name} is missing: give a date.`, argumentOf(name));
  return dateFrom(value, name);
}

/** Not given when missing or 0: Excel desktop passes an empty cell as 0, and serial 0 is no date. */
export function optionalDate(value: unknown, name: string): number | null {
  return isMissing(value) || unwrapScalar(value) === 0 ? null : dateFrom(value, name);
}

export function optionalBoolean(value: unknown, name: string, fallback: boolean): boolean {
  if (isMissing(value)) return fallback;
  const v = unwrapScalar(value);
  if (typeof v === "boolean") return v;
  if (typeof v === "number" && Number.isFinite(v)) return v !== 0;
  if (typeof v === "string") {
    const word = v.trim().toLowerCase();
    if (word === "true") return true;
    if (word === "false") return false;
  }
  throw valueError(`${name} must be TRUE or FALSE; got ${describe(v)}.`, argumentOf(name));
}

/**
 * A case-insensitive word from a fixed list. `words` maps every accepted spelling (synonyms included)
 * to its canonical value; the error lists the accepted spellings.
 */
export function optionalEnum<T extends string>(value: unknown, name: string, words: Record<string, T>, fallback: T): T {
  if (isMissing(value)) return fallback;
  return requiredEnum(value, name, words);
}

/** Past this, a message would be cut where Excel shows it (see boundedMessage): what was given goes first. */
const SHOWN_MESSAGE = 255;

export function requiredEnum<T extends string>(value: unknown, name: string, words: Record<string, T>): T {
  const accepted = () => Object.keys(words).join(", ");
  if (isMissing(value)) throw valueError(`${name} is missing: use one of ${accepted()}.`, argumentOf(name));
  const v = unwrapScalar(value);
  const word = typeof v === "string" ? v.trim().toLowerCase() : typeof v === "number" ? String(v) : undefined;
  if (word !== undefined && Object.prototype.hasOwnProperty.call(words, word)) return words[word];
  const message = `${name} must be one of ${accepted()}; got ${describe(v)}.`;
  throw valueError(
    message.length <= SHOWN_MESSAGE ? message : `Unknown ${name}: got ${describe(v)}; use one of ${accepted()}.`,
    argumentOf(name),
  );
}

/** Text such as a holder name; numbers are accepted and shown as written. */
export function requiredText(value: unknown, name: string): string {
  if (isMissing(value)) throw valueError(`${name} is missing: give a text value.`, argumentOf(name));
  const v = unwrapScalar(value);
  if (typeof v === "string") return v.trim();
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  throw valueError(`${name} must be text; got ${describe(v)}.`, argumentOf(name));
}

export function optionalText(value: unknown, name: string, fallback: string): string {
  return isMissing(value) ? fallback : requiredText(value, name);
}

/**
 * A range argument as a rectangular matrix. A single value counts as a 1x1 range; ragged input is
 * refused rather than padded so that a mistake is visible. More than MAX_ROWS rows is a #NUM!.
 */
export function matrix(value: unknown, name: string): unknown[][] {
  if (value === null || value === undefined) throw valueError(`${name} is missing: select a range.`, argumentOf(name));
  if (!Array.isArray(value)) return [[value]];
  if (value.length === 0) throw valueError(`${name} is an empty range.`, argumentOf(name));
  // The limit first, before anything is copied.
  if (value.length > MAX_ROWS) throw numError(`${name} has ${value.length} rows; the limit is ${MAX_ROWS}.`, argumentOf(name));
  // A range is rows of cells; a host that hands a flat list gets one-cell rows (a copy only then).
  let rows = value as unknown[][];
  for (let i = 0; i < value.length; i++) {
    if (!Array.isArray(value[i])) {
      rows = value.map((row) => (Array.isArray(row) ? row : [row]));
      break;
    }
  }
  const width = rows[0].length;
  if (width > MAX_ROWS) throw numError(`${name} has ${width} columns; the limit is ${MAX_ROWS}.`, argumentOf(name));
  if (width === 0) throw valueError(`${name} must be a rectangular range.`, argumentOf(name));
  for (let i = 1; i < rows.length; i++)
    if (rows[i].length !== width) throw valueError(`${name} must be a rectangular range.`, argumentOf(name));
  return rows;
}

/** Cells of a one-row or one-column range, in reading order. */
export function vector(value: unknown, name: string): unknown[] {
  const rows = matrix(value, name);
  if (rows.length === 1) return rows[0];
  if (rows[0].length === 1) return rows.map((row) => row[0]);
  throw valueError(
    `${name} must be a single row or a single column; got ${rows.length} rows x ${rows[0].length} columns.`,
    argumentOf(name),
  );
}

/**
 * Numbers of a one-row or one-column range. Empty cells count as `emptyAs` (or are refused when it is
 * null); text or a logical value is a #VALUE! that names the position.
 */
export function numberVector(value: unknown, name: string, emptyAs: Decimal | null): Decimal[] {
  return vector(value, name).map((cell, i) => {
    if (isMissing(cell)) {
      if (emptyAs === null) throw valueError(`${name}, item ${i + 1}, is empty.`, argumentOf(name));
      return emptyAs;
    }
    return numberFrom(cell, `${name}, item ${i + 1},`);
  });
}

/**
 * Where a cell sits in a one-row or one-column range, for a message: "row 3 of the range" in a column,
 * "column 3 of the range" in a row.
 */
function positionIn(range: unknown): (index: number) => string {
  const across = Array.isArray(range) && range.length === 1 && Array.isArray(range[0]) && range[0].length > 1;
  return (index) => `${across ? "column" : "row"} ${index + 1} of the range`;
}

/** A one-row or one-column range read in place: its length, and cell i. */
interface VectorReader {
  length: number;
  cell(index: number): unknown;
}

/** A range of one column and several rows, checked in one pass without copying it. */
function isColumn(value: unknown): value is unknown[][] {
  if (!Array.isArray(value) || value.length < 2) return false;
  for (let i = 0; i < value.length; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row) || row.length !== 1) return false;
  }
  return true;
}

/**
 * Reads a one-row or one-column range as `vector` does, but a column (the usual shape of a schedule's
 * input) in place: a long range is not copied first.
 */
export function vectorReader(value: unknown, name: string): VectorReader {
  if (isColumn(value)) {
    if (value.length > MAX_ROWS) throw numError(`${name} has ${value.length} rows; the limit is ${MAX_ROWS}.`, argumentOf(name));
    return { length: value.length, cell: (index) => value[index][0] };
  }
  const cells = vector(value, name);
  return { length: cells.length, cell: (index) => cells[index] };
}

/**
 * The first `count` cells (all by default) as plain numbers, an empty cell as 0, for an engine that reads
 * them exactly itself; `nameOf(i)` names cell i in a message, and is called only for a bad cell, so a
 * long range builds no message text unless a cell is wrong.
 */
export function numbersOf(cells: VectorReader, nameOf: (index: number) => string, count = cells.length): Float64Array {
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const cell = cells.cell(i);
    if (typeof cell === "number" && Number.isFinite(cell)) values[i] = cell === 0 ? 0 : cell;
    else values[i] = isMissing(cell) ? 0 : finiteNumberFrom(cell, nameOf(i));
  }
  return values;
}

/** The numbers of a one-row or one-column range (see numbersOf); a bad cell is named by its position. */
export function cellNumbers(range: unknown, name: string): Float64Array {
  const where = positionIn(range);
  return numbersOf(vectorReader(range, name), (i) => `${name}, ${where(i)},`);
}

/** The dates of a one-row or one-column range as whole-day serials; every cell must hold a date. */
export function cellDates(range: unknown, name: string): Float64Array {
  const cells = vectorReader(range, name);
  const serials = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.cell(i);
    if (typeof cell === "number" && cell >= MIN_SERIAL && cell < MAX_SERIAL + 1) serials[i] = Math.floor(cell);
    else serials[i] = requiredDate(cell, `${name}, ${positionIn(range)(i)},`);
  }
  return serials;
}
