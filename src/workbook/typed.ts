import { daysInMonth, MAX_SERIAL, MIN_SERIAL, ymdToSerial } from "../engine/dates";

/**
 * How Excel (en-US) reads what is typed into a General cell, or written there with `range.values`: one
 * rule for every place that needs it. The embedded workbook reads grid typing with it, the Office.js
 * workbook and the model use it to know when text must be guarded to stay text, and the tests' fake
 * Excel parses `range.values` with it, so a value Excel would turn into a formula, a number or a date is
 * caught in a test, not in a user's file.
 *
 * - a leading apostrophe makes the rest text (and is not part of the value);
 * - `=` starts a formula; so do `+`, `-` and `@` when what follows is not just a number (`+5` is 5,
 *   `-2+3` is the formula `=-2+3`, `@SUM(1,2)` the formula `=SUM(1,2)`);
 * - TRUE and FALSE, in any case, are logical values;
 * - numbers: digits with thousands separators, a decimal point, an exponent, a leading `$`, a trailing
 *   `%` (divides by 100), a leading `-` or parentheses for a negative;
 * - dates: `YYYY-MM-DD`, `YYYY-MM` (the first of the month) and `M/D/YYYY` become serial numbers;
 * - anything else is text.
 */
export type Typed =
  | { kind: "empty" }
  | { kind: "text"; value: string }
  | { kind: "formula"; formula: string }
  | { kind: "number"; value: number; percent?: boolean; date?: boolean }
  | { kind: "boolean"; value: boolean };

const NUMBER = /^(-|\()?\s*(\$)?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*(%)?\s*\)?$/i;

/** A plain number as typed ("1,000", "$5", "20%", "(3)"), or undefined. */
export function typedNumber(text: string): { value: number; percent: boolean } | undefined {
  const trimmed = text.trim();
  const match = NUMBER.exec(trimmed);
  if (!match || (match[1] === "(") !== trimmed.endsWith(")")) return undefined;
  let n = Number(`${match[3].replace(/,/g, "")}${match[4] ? `e${match[4]}` : ""}`);
  if (!Number.isFinite(n)) return undefined;
  if (match[5]) n = Number((n / 100).toPrecision(15));
  if (match[1]) n = -n;
  return { value: n === 0 ? 0 : n, percent: Boolean(match[5]) };
}

function validSerial(year: number, month: number, day: number): number | undefined {
  // Excel's calendar, its 1900-02-29 included.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const serial = ymdToSerial(year, month, day);
  return serial >= MIN_SERIAL && serial <= MAX_SERIAL ? serial : undefined;
}

/** A date as Excel reads it when typed: YYYY-MM-DD, YYYY-MM or M/D/YYYY; undefined otherwise. */
export function typedDate(text: string): number | undefined {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(trimmed);
  if (iso) return validSerial(Number(iso[1]), Number(iso[2]), Number(iso[3] ?? 1));
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (us) return validSerial(Number(us[3]), Number(us[1]), Number(us[2]));
  return undefined;
}

export function readTyped(text: string): Typed {
  if (text.startsWith("'")) return { kind: "text", value: text.slice(1) };
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  if (trimmed.startsWith("=") && trimmed.length > 1) return { kind: "formula", formula: trimmed };
  if (/^(true|false)$/i.test(trimmed)) return { kind: "boolean", value: trimmed.toUpperCase() === "TRUE" };
  const number = typedNumber(trimmed);
  if (number) return { kind: "number", value: number.value, percent: number.percent };
  const plus = /^\+\s*(.*)$/.exec(trimmed);
  if (plus && typedNumber(plus[1])) return { kind: "number", value: typedNumber(plus[1])!.value };
  const date = typedDate(trimmed);
  if (date !== undefined) return { kind: "number", value: date, date: true };
  if (/^[+\-@]/.test(trimmed) && trimmed.length > 1) {
    return { kind: "formula", formula: trimmed.startsWith("@") ? `=${trimmed.slice(1)}` : `=${trimmed}` };
  }
  return { kind: "text", value: text };
}

/**
 * Text that must be written with a leading apostrophe to stay exactly this text in a General cell:
 * text Excel would read as something else, text starting with a character a formula or another program
 * may act on (`= + - @`, a tab, a line break), and text that itself starts with an apostrophe.
 */
export function needsTextGuard(text: string): boolean {
  if (/^[=+\-@\t\r\n']/.test(text)) return true;
  const typed = readTyped(text);
  return typed.kind !== "text" || typed.value !== text;
}

/** A text value as written into a cell so that Excel keeps it as that text. */
export function guardedText(text: string): string {
  return needsTextGuard(text) ? `'${text}` : text;
}
