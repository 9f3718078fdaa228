import { isoDate, MAX_SERIAL, MIN_SERIAL } from "../../engine/dates";
import { CellValue, NumberFormatKind } from "../types";

/**
 * Number formats of the embedded workbook: kept as data on each cell, shown by `displayValue` the way
 * Excel shows the matching format code (FORMAT_CODES in ../styles.ts, which xlsx.ts writes to .xlsx and
 * the Office.js workbook gives the cells in Excel).
 */

/** What the grid shows for an error value: its code, as Excel does. */
export interface ErrorValue {
  error: string;
  message?: string;
}

export type DisplayedValue = CellValue | ErrorValue;

export function isErrorValue(value: unknown): value is ErrorValue {
  return typeof value === "object" && value !== null && typeof (value as ErrorValue).error === "string";
}

const grouped = (digits: number) =>
  new Intl.NumberFormat("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true });
const twoDecimals = grouped(2);
const oneDecimal = grouped(1);
const whole = grouped(0);

/** Negative amounts in parentheses, as the finance formats above write them. */
function accounting(n: number, format: Intl.NumberFormat, prefix = ""): string {
  const text = `${prefix}${format.format(Math.abs(n))}`;
  return n < 0 && format.format(Math.abs(n)) !== format.format(0) ? `(${text})` : text;
}

/** Excel's General format: a decimal of up to 11 characters, or scientific notation when that says more. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return "#NUM!";
  if (n === 0) return "0";
  const abs = Math.abs(n);
  const sign = n < 0 ? "-" : "";
  const scientific = abs
    .toExponential(5)
    .replace(/\.?0+e/, "e")
    .replace(/e([+-])(\d)$/, "e$10$2")
    .toUpperCase();
  if (abs >= 1e11) return sign + scientific;
  const integerDigits = abs >= 1 ? Math.floor(Math.log10(abs)) + 1 : 1;
  const decimal = String(Number(abs.toFixed(Math.max(0, 10 - integerDigits))));
  const fits = decimal.length <= 11 && !decimal.includes("e");
  if (fits && Math.abs(Number(decimal) - abs) <= Math.abs(Number(scientific) - abs)) return sign + decimal;
  return sign + scientific;
}

export function displayValue(value: DisplayedValue, format?: NumberFormatKind): string {
  if (value === null) return "";
  if (isErrorValue(value)) return value.error;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return value;
  switch (format) {
    case "currency":
      return accounting(value, twoDecimals, "$");
    case "percent":
      return `${oneDecimal.format(value * 100)}%`;
    case "date":
      // Excel shows serial 0 as the day before 1900-01-01, and a negative or too large date as hashes.
      if (value >= 0 && value < MIN_SERIAL) return "1900-01-00";
      return value >= MIN_SERIAL && value < MAX_SERIAL + 1 ? isoDate(Math.floor(value)) : "#######";
    case "number":
      return accounting(value, twoDecimals);
    case "integer":
      return accounting(value, whole);
    default:
      return generalNumber(value);
  }
}
