import { Decimal, ZERO, sum } from "./decimal";
import { notFoundError, numError, valueError } from "./errors";

/**
 * Cap tables and ownership bases. A cap table is a list of holdings (holder, type, units, conversion
 * ratio); holders are matched by trimmed, case-insensitive name and keep the order in which they first
 * appear. Units may be fractional (a table kept in thousands of shares works); every sum is exact.
 */

export const HOLDING_TYPES = ["common", "preferred", "option", "rsu", "warrant", "pool", "convertible"] as const;
export type HoldingType = (typeof HOLDING_TYPES)[number];

export type Basis = "issued" | "as-converted" | "fully-diluted";

/** A cap-table row as read from the sheet, not yet checked. `row` is its 1-based position in the range, for messages. */
export interface CapTableRow {
  row: number;
  holder: string;
  type: string;
  units: Decimal;
  /** `null` when the cell is empty: the ratio is then 1. */
  ratio: Decimal | null;
}

export interface Holding {
  row: number;
  type: HoldingType;
  units: Decimal;
  ratio: Decimal;
}

export interface Holder {
  /** The name as first written (trimmed). */
  name: string;
  holdings: Holding[];
}

export interface CapTable {
  holders: Holder[];
}

export interface OwnershipLine {
  name: string;
  units: Decimal;
  fraction: Decimal;
}

export interface Ownership {
  lines: OwnershipLine[];
  total: Decimal;
}

/**
 * text.trim(), without its cost (a scan and often a copy) for text that starts and ends with a printable
 * ASCII character, as names in a range mostly do: such text has nothing to trim.
 */
export function trimText(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/** How holders are matched: "Microsoft", " microsoft " and "MICROSOFT" are one holder. */
export function holderKey(name: string): string {
  return name.trim().toLowerCase();
}

function isHoldingType(word: string): word is HoldingType {
  return (HOLDING_TYPES as readonly string[]).includes(word);
}

function rowLabel(row: CapTableRow): string {
  return `captable, row ${row.row} ("${row.holder.trim()}")`;
}

/** Checks every row (unknown type: #VALUE!, negative units or ratio: #NUM!) and adds up rows of the same holder. */
export function buildCapTable(rows: readonly CapTableRow[]): CapTable {
  const holders: Holder[] = [];
  const byKey = new Map<string, Holder>();
  for (const row of rows) {
    const name = row.holder.trim();
    if (name === "") throw valueError(`captable, row ${row.row}: the holder name is empty.`, "captable");
    const type = row.type.trim().toLowerCase();
    if (!isHoldingType(type)) {
      throw valueError(`${rowLabel(row)}: the type "${row.type.trim()}" is not one of ${HOLDING_TYPES.join(", ")}.`, "captable");
    }
    if (row.units.isNegative() && !row.units.isZero()) {
      throw numError(`${rowLabel(row)}: units must not be negative; got ${row.units.toString()}.`, "captable");
    }
    const ratio = row.ratio ?? new Decimal(1);
    if (ratio.isNegative() && !ratio.isZero()) {
      throw numError(`${rowLabel(row)}: the conversion ratio must not be negative; got ${ratio.toString()}.`, "captable");
    }
    const key = holderKey(name);
    let holder = byKey.get(key);
    if (!holder) {
      holder = { name, holdings: [] };
      byKey.set(key, holder);
      holders.push(holder);
    }
    holder.holdings.push({ row: row.row, type, units: row.units, ratio });
  }
  return { holders };
}

/** What one holding counts for on a basis. Common always counts unit for unit: it has nothing to convert into. */
export function holdingUnits(holding: Holding, basis: Basis): Decimal {
  switch (holding.type) {
    case "common":
      return holding.units;
    case "preferred":
      return basis === "issued" ? holding.units : holding.units.times(holding.ratio);
    default:
      return basis === "fully-diluted" ? holding.units.times(holding.ratio) : ZERO;
  }
}

export function holderUnits(holder: Holder, basis: Basis): Decimal {
  const { holdings } = holder;
  return holdings.length === 1 ? holdingUnits(holdings[0], basis) : sum(holdings.map((h) => holdingUnits(h, basis)));
}

/** Every holder's units on a basis, in the table's order. */
export function unitsByHolder(table: CapTable, basis: Basis): Decimal[] {
  return table.holders.map((holder) => holderUnits(holder, basis));
}

/** Fully diluted units of unissued pool holdings: what a pool target counts as already there. */
export function unissuedPool(table: CapTable): Decimal {
  return sum(
    table.holders.flatMap((holder) => holder.holdings.filter((h) => h.type === "pool").map((h) => holdingUnits(h, "fully-diluted"))),
  );
}

export function totalUnits(table: CapTable, basis: Basis): Decimal {
  return sum(unitsByHolder(table, basis));
}

function checkedTotal(total: Decimal, basis: Basis): Decimal {
  if (total.isZero()) throw numError(`The cap table has no units on the ${basis} basis, so no ownership can be computed.`, "captable");
  return total;
}

/** The label of the spilled tables' Total row. */
export const TOTAL_LABEL = "Total";

/**
 * Refuses a holder named like a row the result adds (CAPTABLE's Total; ROUND's Total and Pool top-up):
 * two rows of one label would make a lookup by label ambiguous.
 */
export function checkReservedNames(names: readonly string[], reserved: readonly string[], keys?: ReadonlyMap<string, number>): void {
  for (const label of reserved) {
    const key = holderKey(label);
    const at = keys ? keys.get(key) : names.findIndex((name) => holderKey(name) === key);
    if (at === undefined || at < 0) continue;
    throw valueError(
      `captable: the holder "${names[at]}" has the name of the ${label} row the result adds; rename the holder.`,
      "captable",
    );
  }
}

/** Every holder's units and fraction on a basis, in order of first appearance (holders with nothing on it included). */
export function ownership(table: CapTable, basis: Basis): Ownership {
  checkReservedNames(
    table.holders.map((h) => h.name),
    [TOTAL_LABEL],
  );
  const units = unitsByHolder(table, basis);
  const total = checkedTotal(sum(units), basis);
  const lines = table.holders.map((holder, i) => ({ name: holder.name, units: units[i], fraction: units[i].div(total) }));
  return { lines, total };
}

export function findHolder(table: CapTable, name: string): Holder | undefined {
  const key = holderKey(name);
  return table.holders.find((h) => holderKey(h.name) === key);
}

/** A holder's fraction on a basis; a holder that is not in the table is #N/A. */
export function stakeOf(table: CapTable, name: string, basis: Basis): Decimal {
  const holder = findHolder(table, name);
  if (!holder) {
    const names = table.holders.map((h) => h.name);
    const shown = names.slice(0, 10).join(", ") + (names.length > 10 ? `, ... (${names.length} holders)` : "");
    throw notFoundError(`The holder "${name.trim()}" is not in the cap table; its holders are ${shown}.`, "holder");
  }
  return holderUnits(holder, basis).div(checkedTotal(totalUnits(table, basis), basis));
}
