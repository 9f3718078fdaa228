import {
  CellCapTable,
  CellCapTableBuilder,
  cellOwnership,
  cellPricedRound,
  cellStake,
  decimalCapTable,
  holderIndex,
  holderSums,
  poolAsDecimal,
  sumAsDecimal,
} from "../engine/cellCapTable";
import { cellDecimal } from "../engine/cellNumbers";
import { ONE } from "../engine/decimal";
import { numError, valueError } from "../engine/errors";
import { Basis, TOTAL_LABEL, ownership, stakeOf, trimText } from "../engine/ownership";
import {
  DEFAULT_INVESTOR,
  DilutionRound,
  PoolTiming,
  CellDilution,
  CellRoundTerms,
  cellDilutionPath,
  decimalRoundTerms,
  dilute as diluteStake,
  dilutionPath as pathOfStake,
  pricedRound,
  roundPrice as priceOfRound,
  sharePrice as priceOfShare,
  sizeRound,
} from "../engine/rounds";
import {
  MAX_ROWS,
  isMissing,
  matrix,
  optionalBoolean,
  optionalEnum,
  optionalFinite,
  optionalNumber,
  optionalText,
  requiredFinite,
  requiredNumber,
  requiredText,
  unwrapScalar,
} from "./support/args";
import { formula } from "./support/errors";
import { EngineCell, toNumber, toSpill } from "./support/results";

const BASES: Record<string, Basis> = {
  issued: "issued",
  outstanding: "issued",
  "as-converted": "as-converted",
  "as converted": "as-converted",
  converted: "as-converted",
  "fully-diluted": "fully-diluted",
  "fully diluted": "fully-diluted",
  fd: "fully-diluted",
};

const POOL_TIMINGS: Record<string, PoolTiming> = { pre: "pre", "pre-money": "pre", post: "post", "post-money": "post" };

function basisOf(value: unknown): Basis {
  return optionalEnum(value, "basis", BASES, "fully-diluted");
}

function isText(value: unknown): boolean {
  const v = unwrapScalar(value);
  return typeof v === "string" && v.trim() !== "";
}

/**
 * A cell of a number column: a finite number, an empty cell (as `empty`), or a #VALUE!/#NUM! naming it
 * as "<range>, row <row>, <field>" (built only then: a long range builds no message text).
 */
function numberCell(value: unknown, range: string, row: number, field: string, empty: number | null): number {
  if (typeof value === "number" && Number.isFinite(value)) return value === 0 ? 0 : value;
  if (empty !== null && isMissing(value)) return empty;
  const name = `${range}, row ${row}, ${field}`;
  const read = empty === null ? requiredNumber(value, name) : optionalNumber(value, name, null);
  return read === null ? empty! : read.toNumber();
}

/**
 * Reads `Holder | Type | Units | [Conversion ratio]`. The first non-empty row is a header when its Units
 * cell is text; empty rows are skipped; rows are numbered by their position in the range.
 */
function readCapTable(value: unknown): CellCapTable {
  const cells = matrix(value, "captable");
  const width = cells[0].length;
  if (width < 3 || width > 4) {
    throw valueError(`captable must have 3 or 4 columns (Holder | Type | Units | [Conversion ratio]); got ${width}.`, "captable");
  }
  const builder = new CellCapTableBuilder(cells.length);
  let first = true;
  for (let i = 0; i < cells.length; i++) {
    const row = cells[i];
    const holderCell = row[0];
    const filled = typeof holderCell === "string" && holderCell !== "" && trimText(holderCell) !== "";
    if (!filled && isMissing(holderCell) && isMissing(row[1]) && isMissing(row[2]) && (width === 3 || isMissing(row[3]))) continue;
    const isHeader = first && isText(row[2]);
    first = false;
    if (isHeader) continue;
    // A holder and a type are mostly plain text: only anything else goes through requiredText.
    const holder = filled ? (holderCell as string) : requiredText(holderCell, `captable, row ${i + 1}, holder`);
    const type = typeof row[1] === "string" && trimText(row[1]) !== "" ? row[1] : requiredText(row[1], `captable, row ${i + 1}, type`);
    const units = numberCell(row[2], "captable", i + 1, "units", null);
    const ratio = width === 4 ? numberCell(row[3], "captable", i + 1, "conversion ratio", NaN) : NaN;
    builder.add(i + 1, holder, type, units, ratio);
  }
  if (builder.holdings === 0)
    throw valueError("captable has no holdings: give rows of Holder | Type | Units | [Conversion ratio].", "captable");
  return builder.build();
}

/** A round's terms as the cells hold them: the engine reads each at 15 digits (a Decimal only where it needs one). */
function roundTerms(pre_money: any, investment: any, pool_target: any, pool_timing: any): CellRoundTerms {
  return {
    preMoney: requiredFinite(pre_money, "pre_money"),
    investment: requiredFinite(investment, "investment"),
    poolTarget: optionalFinite(pool_target, "pool_target", null) ?? 0,
    poolTiming: optionalEnum(pool_timing, "pool_timing", POOL_TIMINGS, "pre"),
  };
}

/** Rounds as cells hold them: names, and pre_money and investment as cell numbers, read in one pass. */
interface CellRounds {
  names: (string | number)[];
  preMoney: number[];
  investment: number[];
}

/**
 * Reads `[Round name] | pre_money | investment` rows. A first row whose pre_money cell is text is a
 * header; a round without a name is called "Round n".
 */
function readRounds(value: unknown): CellRounds {
  const cells = matrix(value, "rounds");
  const width = cells[0].length;
  if (width < 2 || width > 3)
    throw valueError(`rounds must have 2 or 3 columns ([Round] | pre_money | investment); got ${width}.`, "rounds");
  const named = width === 3;
  // Sized for every row and cut to the rounds read at the end: no array grows row by row.
  const names: (string | number)[] = new Array(cells.length);
  const preMoney: number[] = new Array(cells.length);
  const investment: number[] = new Array(cells.length);
  let count = 0;
  let first = true;
  const at = named ? 1 : 0;
  for (let i = 0; i < cells.length; i++) {
    const row = cells[i];
    const preCell = row[at];
    if (typeof preCell !== "number" && row.every(isMissing)) continue;
    const isHeader = first && isText(preCell);
    first = false;
    if (isHeader) continue;
    const nameCell = named ? row[0] : null;
    let name: string | number = typeof nameCell === "string" ? trimText(nameCell) : "";
    if (name === "") {
      const label = named && !isMissing(nameCell) ? unwrapScalar(nameCell) : null;
      if (label !== null && typeof label !== "string" && typeof label !== "number") {
        throw valueError(`rounds, row ${i + 1}, the round name must be text.`, "rounds");
      }
      name = typeof label === "string" ? label.trim() : (label ?? `Round ${count + 1}`);
    }
    preMoney[count] = numberCell(preCell, "rounds", i + 1, "pre_money", null);
    investment[count] = numberCell(row[at + 1], "rounds", i + 1, "investment", null);
    names[count++] = name;
  }
  if (count === 0) throw valueError("rounds has no rounds: give rows of [Round] | pre_money | investment.", "rounds");
  names.length = preMoney.length = investment.length = count;
  return { names, preMoney, investment };
}

function withHeader(withHeaders: boolean, header: string[], rows: EngineCell[][]): (number | string | boolean)[][] {
  return toSpill(withHeaders ? [header, ...rows] : rows);
}

/**
 * A holder's ownership fraction in a cap table, on the issued, as-converted or fully diluted basis. =DEAL.STAKE(A1:D10, "Microsoft", "as-converted") is 0.325 when Microsoft's preferred converts into 32.5% of the as-converted units.
 * @customfunction STAKE
 * @param {any[][]} captable Cap table range, one row per holding: Holder | Type | Units | [Conversion ratio]. Type is common, preferred, option, rsu, warrant, pool or convertible; a first row with text under Units is a header.
 * @param {any} holder Holder name, matched trimmed and case-insensitively; rows of the same holder add up.
 * @param {any} [basis] "fully-diluted" (default, or "fd"), "as-converted" (or "converted") or "issued".
 * @returns {number} The holder's fraction (0.27 means 27%).
 */
export function stake(captable: any[][], holder: any, basis: any): number {
  return formula(() => {
    const table = readCapTable(captable);
    const name = requiredText(holder, "holder");
    const which = basisOf(basis);
    return cellStake(table, name, which) ?? toNumber(stakeOf(decimalCapTable(table), name, which));
  });
}

/**
 * Spills the cap table on one basis: Holder | Units | Ownership, one row per holder in order of first appearance, then a Total row. =DEAL.CAPTABLE(A1:D10, "as-converted") shows each holder's share with preferred converted and options left out.
 * @customfunction CAPTABLE
 * @param {any[][]} captable Cap table range, one row per holding: Holder | Type | Units | [Conversion ratio]; rows of the same holder add up.
 * @param {any} [basis] "fully-diluted" (default, or "fd"), "as-converted" (or "converted") or "issued".
 * @param {any} [headers] TRUE (default) to start with a header row.
 * @returns {any[][]} Holder, units on the basis and ownership fraction, with a Total row.
 */
export function capTable(captable: any[][], basis: any, headers: any): any[][] {
  return formula(() => {
    const table = readCapTable(captable);
    const which = basisOf(basis);
    const withHeaders = optionalBoolean(headers, "headers", true);
    const fast = cellOwnership(table, which);
    if (!fast) {
      const { lines, total } = ownership(decimalCapTable(table), which);
      const rows: EngineCell[][] = lines.map((l) => [l.name, l.units, l.fraction]);
      rows.push([TOTAL_LABEL, total, ONE]);
      return withHeader(withHeaders, ["Holder", "Units", "Ownership"], rows);
    }
    // Units are not negative, so a total a cell can hold bounds every holder's units.
    if (!Number.isFinite(fast.total)) throw numError("The result is too large to show in a cell.");
    const first = withHeaders ? 1 : 0;
    const rows: (string | number)[][] = new Array(fast.names.length + 1 + first);
    if (withHeaders) rows[0] = ["Holder", "Units", "Ownership"];
    for (let h = 0; h < fast.names.length; h++) rows[h + first] = [fast.names[h], fast.units[h], fast.fractions[h]];
    rows[fast.names.length + first] = [TOTAL_LABEL, fast.total, 1];
    return rows;
  });
}

/**
 * Pro-forma cap table of a priced round, fully diluted: Holder | Units before | Units after | Ownership before | Ownership after, with the investor, the pool top-up and a Total row. =DEAL.ROUND(A1:C2, 8000000, 2000000, , 0.2) models the option pool shuffle.
 * @customfunction ROUND
 * @param {any[][]} captable Cap table range before the round: Holder | Type | Units | [Conversion ratio].
 * @param {any} pre_money Pre-money valuation, in money.
 * @param {any} investment Amount the investor puts in, in money.
 * @param {any} [investor] Investor name (default "New investor"); a name already in the cap table adds the new shares to that holder.
 * @param {any} [pool_target] Unissued pool wanted after the round, as a fraction of the post-money fully diluted shares (default 0: no top-up).
 * @param {any} [pool_timing] "pre" (default: the top-up is in the pre-money, the option pool shuffle) or "post" (issued after the round, diluting the investor too).
 * @param {any} [headers] TRUE (default) to start with a header row.
 * @returns {any[][]} The cap table before and after the round.
 */
export function round(
  captable: any[][],
  pre_money: any,
  investment: any,
  investor: any,
  pool_target: any,
  pool_timing: any,
  headers: any,
): any[][] {
  return formula(() => {
    const table = readCapTable(captable);
    const terms = roundTerms(pre_money, investment, pool_target, pool_timing);
    const name = optionalText(investor, "investor", DEFAULT_INVESTOR);
    const withHeaders = optionalBoolean(headers, "headers", true);
    // The investor and the pool top-up can add two holders to a table already at the limit: checked before the round is sized.
    const lineCount = table.names.length + (holderIndex(table, name) === undefined ? 1 : 0) + 1;
    if (lineCount > MAX_ROWS) throw numError(`The round's cap table would have ${lineCount} holders; the limit is ${MAX_ROWS}.`);
    const header = ["Holder", "Units before", "Units after", "Ownership before", "Ownership after"];
    const fast = cellPricedRound(table, terms, name);
    if (!fast) {
      const result = pricedRound(decimalCapTable(table), decimalRoundTerms(terms), name);
      const rows: EngineCell[][] = result.lines.map((l) => [l.name, l.unitsBefore, l.unitsAfter, l.ownershipBefore, l.ownershipAfter]);
      rows.push([TOTAL_LABEL, result.sharesBefore, result.sharesAfter, ONE, ONE]);
      return withHeader(withHeaders, header, rows);
    }
    const first = withHeaders ? 1 : 0;
    const rows: (string | number)[][] = new Array(fast.names.length + 1 + first);
    if (withHeaders) rows[0] = header;
    for (let i = 0; i < fast.names.length; i++) {
      rows[i + first] = [fast.names[i], fast.before[i], fast.after[i], fast.ownershipBefore[i], fast.ownershipAfter[i]];
    }
    rows[fast.names.length + first] = [TOTAL_LABEL, fast.sharesBefore, fast.sharesAfter, 1, 1];
    return rows;
  });
}

/**
 * Price per share of a priced round: pre-money / fully diluted pre-money shares, counting a pool top-up that sits in the pre-money. =DEAL.ROUNDPRICE(A1:C2, 8000000, 2000000, 0.2) is 1 for the option pool shuffle.
 * @customfunction ROUNDPRICE
 * @param {any[][]} captable Cap table range before the round: Holder | Type | Units | [Conversion ratio].
 * @param {any} pre_money Pre-money valuation, in money.
 * @param {any} investment Amount invested in the round, in money.
 * @param {any} [pool_target] Unissued pool wanted after the round, as a fraction of the post-money fully diluted shares (default 0).
 * @param {any} [pool_timing] "pre" (default: top-up in the pre-money) or "post" (top-up after the round, no effect on the price).
 * @returns {number} Price per share, not rounded.
 */
export function roundPrice(captable: any[][], pre_money: any, investment: any, pool_target: any, pool_timing: any): number {
  return formula(() => {
    const table = readCapTable(captable);
    const terms = roundTerms(pre_money, investment, pool_target, pool_timing);
    const sums = holderSums(table, "fully-diluted", true);
    if (!sums) return toNumber(priceOfRound(decimalCapTable(table), decimalRoundTerms(terms)));
    return toNumber(sizeRound(sumAsDecimal(sums, sums.holders), poolAsDecimal(sums), decimalRoundTerms(terms)).price);
  });
}

/**
 * A holder's stake after a round it does not take part in: stake x pre-money / (pre-money + investment). =DEAL.DILUTE(0.30, 900, 100) is 0.27.
 * @customfunction DILUTE
 * @param {any} stake The stake before the round, as a fraction greater than 0 and at most 1.
 * @param {any} pre_money Pre-money valuation of the round, in money.
 * @param {any} investment Amount invested in the round, in money.
 * @returns {number} The stake after the round.
 */
export function dilute(stake: any, pre_money: any, investment: any): number {
  return formula(() =>
    toNumber(diluteStake(requiredNumber(stake, "stake"), requiredNumber(pre_money, "pre_money"), requiredNumber(investment, "investment"))),
  );
}

/**
 * Spills a stake after each of a series of rounds it does not take part in: Round | Stake after. =DEAL.DILUTIONPATH(0.30, A2:C3) with rows "Seed", 900, 100 and "Series A", 2700, 300 gives 0.27 then 0.243.
 * @customfunction DILUTIONPATH
 * @param {any} stake The stake before the first round, as a fraction greater than 0 and at most 1.
 * @param {any[][]} rounds Range of pre_money | investment rows, in order, with an optional first column naming each round; a first row of text is a header.
 * @param {any} [headers] TRUE (default) to start with a header row.
 * @returns {any[][]} Each round's name and the stake after it.
 */
export function dilutionPath(stake: any, rounds: any[][], headers: any): any[][] {
  return formula(() => {
    const start = requiredFinite(stake, "stake");
    return quickDilutionPath(start, rounds, headers) ?? checkedDilutionPath(start, rounds, headers);
  });
}

/**
 * DILUTIONPATH in one pass over the range, for the common case: a rectangular range of 2 or 3 columns
 * within the limit, rows of a named round (or none) and two numbers, an optional header, `headers`
 * plainly given, and every round taken by CellDilution. Null at the first thing that is not so: then
 * checkedDilutionPath reads and checks everything in order (and says what is wrong), so that no message
 * comes out in another order than there.
 */
function quickDilutionPath(start: number, rounds: unknown, headers: unknown): (string | number)[][] | null {
  if (!Array.isArray(rounds) || rounds.length === 0 || rounds.length > MAX_ROWS) return null;
  if (!(headers === null || headers === undefined || typeof headers === "boolean")) return null;
  const firstRow: unknown = rounds[0];
  if (!Array.isArray(firstRow)) return null;
  const width = firstRow.length;
  if (width !== 2 && width !== 3) return null;
  const path = CellDilution.from(start);
  if (!path) return null;
  const withHeaders = headers !== false;
  const named = width === 3;
  const at = named ? 1 : 0;
  // A header is a first row whose pre_money cell is text.
  const skip = typeof firstRow[at] === "string" && trimText(firstRow[at] as string) !== "" ? 1 : 0;
  if (rounds.length === skip) return null;
  const first = withHeaders ? 1 : 0;
  const out: (string | number)[][] = new Array(rounds.length - skip + first);
  if (withHeaders) out[0] = ["Round", "Stake after"];
  for (let i = skip; i < rounds.length; i++) {
    const row: unknown = rounds[i];
    if (!Array.isArray(row) || row.length !== width) return null;
    const preMoney = row[at];
    const investment = row[at + 1];
    if (typeof preMoney !== "number" || typeof investment !== "number" || !Number.isFinite(preMoney) || !Number.isFinite(investment))
      return null;
    let name: string;
    if (named) {
      const nameCell = row[0];
      if (typeof nameCell !== "string") return null;
      name = trimText(nameCell);
      if (name === "") return null;
    } else name = `Round ${i - skip + 1}`;
    // -0 reads as 0, as numberCell makes it.
    const value = path.next(preMoney, investment === 0 ? 0 : investment);
    if (value !== value) return null;
    out[i - skip + first] = [name, value];
  }
  return out;
}

/** DILUTIONPATH with every cell read and checked first, in order, then the path in double-double or decimal.js. */
function checkedDilutionPath(start: number, rounds: unknown, headers: unknown): (string | number | boolean)[][] {
  const read = readRounds(rounds);
  const withHeaders = optionalBoolean(headers, "headers", true);
  const fast = cellDilutionPath(start, read.names, read.preMoney, read.investment);
  if (!fast) {
    const decimalRounds: DilutionRound[] = read.names.map((name, i) => ({
      name,
      preMoney: cellDecimal(read.preMoney[i]),
      investment: cellDecimal(read.investment[i]),
    }));
    return withHeader(
      withHeaders,
      ["Round", "Stake after"],
      pathOfStake(cellDecimal(start), decimalRounds).map((s) => [s.name, s.stake]),
    );
  }
  const first = withHeaders ? 1 : 0;
  const rows: (string | number)[][] = new Array(read.names.length + first);
  if (withHeaders) rows[0] = ["Round", "Stake after"];
  for (let i = 0; i < read.names.length; i++) rows[i + first] = [read.names[i], fast[i]];
  return rows;
}

/**
 * Price per share from a pre-money valuation and the fully diluted pre-money share count. =DEAL.SHAREPRICE(8000000, 8000000) is 1.
 * @customfunction SHAREPRICE
 * @param {any} pre_money Pre-money valuation, in money.
 * @param {any} fully_diluted_shares Fully diluted shares before the new money (including any pool top-up in the pre-money).
 * @returns {number} Price per share, not rounded.
 */
export function sharePrice(pre_money: any, fully_diluted_shares: any): number {
  return formula(() =>
    toNumber(priceOfShare(requiredNumber(pre_money, "pre_money"), requiredNumber(fully_diluted_shares, "fully_diluted_shares"))),
  );
}
