import { Decimal } from "../../engine/decimal";
import { numError } from "../../engine/errors";
import { POWERS_OF_TEN } from "../../engine/exact";
import { ScaledColumn } from "../../engine/revshare";

/** A cell of a spilled result as the engine produces it; `null` is an empty cell. */
export type EngineCell = Decimal | number | string | boolean | null;

const WORD_DIGITS = 7; // decimal.js keeps the coefficient in words of seven decimal digits
const WORD_BASE = 1e7;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The nearest number to a Decimal, read from its digits without decimal.js's string round trip: a
 * coefficient below 2^53 times a power of ten up to 10^22 is one correctly rounded multiplication or
 * division of two exact numbers (Clinger's fast path); a longer one is parsed by Number(), which rounds
 * correctly too.
 */
function nearestNumber(value: Decimal): number {
  const words = value.d;
  if (!words) return value.toNumber(); // NaN or an infinity
  const first = words[0];
  let digits = first < 10 ? 1 : first < 100 ? 2 : first < 1e3 ? 3 : first < 1e4 ? 4 : first < 1e5 ? 5 : first < 1e6 ? 6 : 7;
  // Words are aligned on the decimal point, so the last one carries trailing zeros (decimal.js drops zero words).
  let last = words[words.length - 1];
  let lastDigits = words.length > 1 ? WORD_DIGITS : digits;
  while (last !== 0 && last % 10 === 0) {
    last /= 10;
    lastDigits--;
  }
  if (words.length === 1) {
    digits = lastDigits;
  } else {
    digits += WORD_DIGITS * (words.length - 2) + lastDigits;
  }
  const scale = value.e - digits + 1;
  if (words.length <= 3 && scale <= 22 && scale >= -22) {
    let coefficient = words.length === 1 ? last : first;
    for (let i = 1; i < words.length - 1; i++) coefficient = coefficient * WORD_BASE + words[i];
    if (words.length > 1) coefficient = coefficient * POWERS_OF_TEN[lastDigits] + last;
    if (coefficient <= Number.MAX_SAFE_INTEGER) {
      const magnitude = scale >= 0 ? coefficient * POWERS_OF_TEN[scale] : coefficient / POWERS_OF_TEN[-scale];
      return value.s < 0 ? -magnitude : magnitude;
    }
  }
  let text = words.length === 1 ? String(last) : String(first);
  for (let i = 1; i < words.length - 1; i++) text += String(words[i]).padStart(WORD_DIGITS, "0");
  if (words.length > 1) text += String(last).padStart(lastDigits, "0");
  return Number(`${value.s < 0 ? "-" : ""}${text}e${scale}`);
}

/** The one place where a Decimal becomes a JavaScript number. */
export function toNumber(value: Decimal): number {
  const n = nearestNumber(value);
  if (!Number.isFinite(n)) throw numError("The result is too large to show in a cell.");
  return n === 0 ? 0 : n;
}

function toCell(value: EngineCell): number | string | boolean {
  if (value === null) return "";
  if (value instanceof Decimal) return toNumber(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw numError("The result is too large to show in a cell.");
    return value === 0 ? 0 : value;
  }
  return value;
}

/** Converts a whole schedule before returning it, so an error never sits inside a returned array. */
export function toSpill(rows: readonly (readonly EngineCell[])[]): (number | string | boolean)[][] {
  return rows.map((row) => row.map(toCell));
}

/**
 * Reads a column of amounts as numbers, row by row: Decimals converted once, a scaled column by one
 * correctly rounded operation on its exact units and an exact power of ten as each row is read, which
 * gives the number toNumber gives for the same decimal; a column of numbers as it is.
 */
export function numberReader(column: readonly Decimal[] | ScaledColumn | Float64Array): (row: number) => number {
  if (column instanceof Float64Array) return (row) => column[row];
  if (Array.isArray(column)) {
    const numbers = column.map(toNumber);
    return (row) => numbers[row];
  }
  const { units, places } = column as ScaledColumn;
  if (places < 0) {
    const factor = POWERS_OF_TEN[-places];
    return (row) => units[row] * factor;
  }
  const scale = POWERS_OF_TEN[places];
  return (row) => units[row] / scale;
}

/**
 * The number nearest to units x 10^-places for exact integer units (BigInt), read without building a
 * Decimal: a units count within 2^53 times or over an exact power of ten is one correctly rounded
 * operation, anything longer is parsed from its digits; either way the number toNumber gives for the
 * same decimal.
 */
export function unitsToNumber(units: bigint, places: number): number {
  let n: number;
  if (units >= -MAX_SAFE && units <= MAX_SAFE && places >= -22 && places <= 22) {
    const whole = Number(units);
    n = places >= 0 ? whole / POWERS_OF_TEN[places] : whole * POWERS_OF_TEN[-places];
  } else {
    n = Number(`${units}e${-places}`);
  }
  if (!Number.isFinite(n)) throw numError("The result is too large to show in a cell.");
  return n === 0 ? 0 : n;
}
