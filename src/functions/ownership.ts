import { ONE, ZERO } from "../engine/decimal";
import { numError, valueError } from "../engine/errors";
import { Basis, CapTable, CapTableRow, buildCapTable, ownership, stakeOf } from "../engine/ownership";
import {
  DEFAULT_INVESTOR,
  DilutionRound,
  PoolTiming,
  RoundTerms,
  dilute as diluteStake,
  dilutionPath as pathOfStake,
  pricedRound,
  roundPrice as priceOfRound,
  sharePrice as priceOfShare,
} from "../engine/rounds";
import {
  MAX_ROWS,
  isMissing,
  matrix,
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  optionalText,
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
 * Reads `Holder | Type | Units | [Conversion ratio]`. The first non-empty row is a header when its Units
 * cell is text; empty rows are skipped; rows are numbered by their position in the range.
 */
function readCapTable(value: unknown): CapTable {
  const cells = matrix(value, "captable");
  const width = cells[0].length;
  if (width < 3 || width > 4) {
    throw valueError(`captable must have 3 or 4 columns (Holder | Type | Units | [Conversion ratio]); got ${width}.`);
  }
  const rows: CapTableRow[] = [];
  let first = true;
  cells.forEach((row, i) => {
    if (row.every(isMissing)) return;
    const isHeader = first && isText(row[2]);
    first = false;
    if (isHeader) return;
    const where = `captable, row ${i + 1},`;
    rows.push({
      row: i + 1,
      holder: requiredText(row[0], `${where} holder`),
      type: requiredText(row[1], `${where} type`),
      units: requiredNumber(row[2], `${where} units`),
      ratio: width === 4 ? optionalNumber(row[3], `${where} conversion ratio`, null) : null,
    });
  });
  if (rows.length === 0) throw valueError("captable has no holdings: give rows of Holder | Type | Units | [Conversion ratio].");
  return buildCapTable(rows);
}

function roundTerms(pre_money: any, investment: any, pool_target: any, pool_timing: any): RoundTerms {
  return {
    preMoney: requiredNumber(pre_money, "pre_money"),
    investment: requiredNumber(investment, "investment"),
    poolTarget: optionalNumber(pool_target, "pool_target", ZERO),
    poolTiming: optionalEnum(pool_timing, "pool_timing", POOL_TIMINGS, "pre"),
  };
}

/**
 * Reads `[Round name] | pre_money | investment` rows. A first row whose pre_money cell is text is a
 * header; a round without a name is called "Round n".
 */
function readRounds(value: unknown): DilutionRound[] {
  const cells = matrix(value, "rounds");
  const width = cells[0].length;
  if (width < 2 || width > 3) throw valueError(`rounds must have 2 or 3 columns ([Round] | pre_money | investment); got ${width}.`);
  const named = width === 3;
  const rounds: DilutionRound[] = [];
  let first = true;
  cells.forEach((row, i) => {
    if (row.every(isMissing)) return;
    const values = named ? row.slice(1) : row;
    const isHeader = first && isText(values[0]);
    first = false;
    if (isHeader) return;
    const where = `rounds, row ${i + 1},`;
    const label = named && !isMissing(row[0]) ? unwrapScalar(row[0]) : null;
    if (label !== null && typeof label !== "string" && typeof label !== "number") {
      throw valueError(`${where} the round name must be text.`);
    }
    rounds.push({
      name: typeof label === "string" ? label.trim() : (label ?? `Round ${rounds.length + 1}`),
      preMoney: requiredNumber(values[0], `${where} pre_money`),
      investment: requiredNumber(values[1], `${where} investment`),
    });
  });
  if (rounds.length === 0) throw valueError("rounds has no rounds: give rows of [Round] | pre_money | investment.");
  return rounds;
}

function withHeader(headers: any, header: string[], rows: EngineCell[][]): (number | string | boolean)[][] {
  return toSpill(optionalBoolean(headers, "headers", true) ? [header, ...rows] : rows);
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
    return toNumber(stakeOf(table, requiredText(holder, "holder"), basisOf(basis)));
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
    const { lines, total } = ownership(readCapTable(captable), basisOf(basis));
    const rows: EngineCell[][] = lines.map((l) => [l.name, l.units, l.fraction]);
    rows.push(["Total", total, ONE]);
    return withHeader(headers, ["Holder", "Units", "Ownership"], rows);
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
    const result = pricedRound(table, terms, optionalText(investor, "investor", DEFAULT_INVESTOR));
    // The investor and the pool top-up can add two holders to a table already at the limit.
    if (result.lines.length > MAX_ROWS)
      throw numError(`The round's cap table would have ${result.lines.length} holders; the limit is ${MAX_ROWS}.`);
    const rows: EngineCell[][] = result.lines.map((l) => [l.name, l.unitsBefore, l.unitsAfter, l.ownershipBefore, l.ownershipAfter]);
    rows.push(["Total", result.sharesBefore, result.sharesAfter, ONE, ONE]);
    return withHeader(headers, ["Holder", "Units before", "Units after", "Ownership before", "Ownership after"], rows);
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
  return formula(() => toNumber(priceOfRound(readCapTable(captable), roundTerms(pre_money, investment, pool_target, pool_timing))));
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
    const start = requiredNumber(stake, "stake");
    const steps = pathOfStake(start, readRounds(rounds));
    return withHeader(
      headers,
      ["Round", "Stake after"],
      steps.map((s) => [s.name, s.stake]),
    );
  });
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
