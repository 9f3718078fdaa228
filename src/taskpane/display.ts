import { isoDate, MAX_SERIAL, MIN_SERIAL } from "../model/fields";
import { NumberFormatKind } from "../workbook/types";

/** How the pane shows a result: the same conventions as the model sheets' number formats, whole dollars. */

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function display(value: number | string | boolean | null | undefined, format?: NumberFormatKind | "boolean"): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return String(value);
  switch (format) {
    case "currency":
      return `${value < 0 ? "-" : ""}$${whole.format(Math.abs(value))}`;
    case "percent":
      return `${oneDecimal.format(value * 100)}%`;
    case "date":
      return Number.isInteger(value) && value >= MIN_SERIAL && value <= MAX_SERIAL ? isoDate(value) : String(value);
    case "integer":
      return whole.format(value);
    case "number":
      return twoDecimals.format(value);
    default:
      return String(value);
  }
}

/** A difference with its sign: "+$1,000", "-2.5 pp" for percentages (percentage points), "+30 days" for dates. */
export function displayDifference(value: number | null, format?: NumberFormatKind, dates = false): string {
  if (value === null) return "—";
  const sign = value > 0 ? "+" : value < 0 ? "-" : "";
  const size = Math.abs(value);
  if (dates) return `${sign}${whole.format(size)} days`;
  if (format === "percent") return `${sign}${oneDecimal.format(size * 100)} pp`;
  return `${sign}${display(size, format)}`;
}

const threeDigits = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });

/**
 * Money in a narrow place, to three significant digits: "$432bn", "$13.7m", "$3.25bn", "$950". The one
 * compact form of the pane: the sensitivity grid, the AGI scenarios and the figure beside a money field.
 */
export function displayCompact(value: number): string {
  const size = Math.abs(value);
  const sign = value < 0 ? "-" : "";
  for (const [factor, suffix] of [
    [1e12, "tn"],
    [1e9, "bn"],
    [1e6, "m"],
  ] as const) {
    if (size >= factor) return `${sign}$${threeDigits.format(size / factor)}${suffix}`;
  }
  return `${sign}$${whole.format(size)}`;
}
