import { Decimal } from "../../engine/decimal";
import { numError } from "../../engine/errors";

/** A cell of a spilled result as the engine produces it; `null` is an empty cell. */
export type EngineCell = Decimal | number | string | boolean | null;

/** The one place where a Decimal becomes a JavaScript number. */
export function toNumber(value: Decimal): number {
  const n = value.toNumber();
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
