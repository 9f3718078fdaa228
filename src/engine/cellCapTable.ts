import { cellDecimal, digits, readDigits } from "./cellNumbers";
import { Decimal } from "./decimal";
import { notFoundError, numError, valueError } from "./errors";
import {
  DD_STEP_ERROR,
  DoubleDouble,
  POWERS_OF_TEN,
  ddDiv,
  ddDivNumber,
  ddMul,
  ddPowerOfTen,
  division,
  nearestNumber,
  stripTrailingZeros,
} from "./exact";
import {
  Basis,
  CapTable,
  HOLDING_TYPES,
  HoldingType,
  TOTAL_LABEL,
  buildCapTable,
  checkReservedNames,
  holderKey,
  trimText,
} from "./ownership";
import { CellRoundTerms, POOL_TOP_UP, PricedRound, cellRoundSize, checkRoundNames, decimalRoundTerms, sizeRound } from "./rounds";
import { addProductTerm, addSumOf, addTerm, bigIntToDecimal, limbCount, limbsToBigInt, limbsToDoubleDouble } from "./wideSum";

/**
 * A cap table as cells hold it, by column, and its ownership computed exactly in plain numbers: every
 * holder's units on a basis is an exact sum (./wideSum) of units x ratio (each read at 15 digits, their
 * product exact), and each fraction is the double-double quotient of two such sums rounded once to the
 * nearest number (./exact). The figures are the Decimal engine's (./ownership), to the last digit; where
 * a rounding is not settled within its error bound, that one figure is taken from decimal.js.
 */

/** A holding type by its index in HOLDING_TYPES. */
const TYPE_INDEX = new Map<string, number>(HOLDING_TYPES.map((type, i) => [type, i]));
const COMMON = TYPE_INDEX.get("common")!;
const PREFERRED = TYPE_INDEX.get("preferred")!;
const POOL = TYPE_INDEX.get("pool")!;

export interface CellCapTable {
  /** Holders in order of first appearance, each name as first written (trimmed). */
  names: string[];
  /** Holder index by holderKey. */
  keys: Map<string, number>;
  /** How many holdings: the columns below may be longer (their capacity), and hold nothing past it. */
  holdings: number;
  // Plain arrays, not typed ones: a typed array of more than a few numbers is allocated outside the heap,
  // which costs more than a small table's whole reading.
  /** Holder index of each holding. */
  holderOf: number[];
  /** Type of each holding, as its index in HOLDING_TYPES. */
  types: number[];
  units: number[];
  /** NaN where the ratio cell is empty (a ratio of 1). */
  ratios: number[];
  /** 1-based position of each holding in the range, for messages. */
  rows: number[];
}

/** Builds a CellCapTable row by row, checking each as buildCapTable does. */
export class CellCapTableBuilder {
  private readonly keys = new Map<string, number>();
  private readonly names: string[] = [];
  private count = 0;
  private readonly holderOf: number[];
  private readonly types: number[];
  private readonly units: number[];
  private readonly ratios: number[];
  private readonly rows: number[];

  constructor(capacity: number) {
    this.holderOf = new Array<number>(capacity);
    this.types = new Array<number>(capacity);
    this.units = new Array<number>(capacity);
    this.ratios = new Array<number>(capacity);
    this.rows = new Array<number>(capacity);
  }

  /** One holding: the holder's name and type as written, units and ratio as cell numbers (ratio NaN: empty). */
  add(row: number, holder: string, type: string, units: number, ratio: number): void {
    const name = trimText(holder);
    if (name === "") throw valueError(`captable, row ${row}: the holder name is empty.`, "captable");
    const typeIndex = TYPE_INDEX.get(type) ?? TYPE_INDEX.get(type.trim().toLowerCase());
    if (typeIndex === undefined)
      throw valueError(`${rowLabel(row, name)}: the type "${type.trim()}" is not one of ${HOLDING_TYPES.join(", ")}.`, "captable");
    if (units < 0) throw numError(`${rowLabel(row, name)}: units must not be negative; got ${cellDecimal(units).toString()}.`, "captable");
    if (ratio < 0)
      throw numError(
        `${rowLabel(row, name)}: the conversion ratio must not be negative; got ${cellDecimal(ratio).toString()}.`,
        "captable",
      );
    // holderKey of a trimmed name.
    const key = name.toLowerCase();
    let index = this.keys.get(key);
    if (index === undefined) {
      index = this.names.length;
      this.keys.set(key, index);
      this.names.push(name);
    }
    const i = this.count++;
    this.holderOf[i] = index;
    this.types[i] = typeIndex;
    this.units[i] = units;
    this.ratios[i] = ratio;
    this.rows[i] = row;
  }

  get holdings(): number {
    return this.count;
  }

  build(): CellCapTable {
    // The columns keep their capacity (cutting an array's length is a call into the runtime).
    return {
      holdings: this.count,
      names: this.names,
      keys: this.keys,
      holderOf: this.holderOf,
      types: this.types,
      units: this.units,
      ratios: this.ratios,
      rows: this.rows,
    };
  }
}

function rowLabel(row: number, name: string): string {
  return `captable, row ${row} ("${name}")`;
}

/** The holder index of a name (matched as holders are), or undefined. */
export function holderIndex(table: CellCapTable, name: string): number | undefined {
  return table.keys.get(holderKey(name));
}

/** The same table for the Decimal engine, every number read at 15 digits. */
export function decimalCapTable(table: CellCapTable): CapTable {
  return buildCapTable(
    Array.from({ length: table.holdings }, (_, i) => ({
      row: table.rows[i],
      holder: table.names[table.holderOf[i]],
      type: HOLDING_TYPES[table.types[i]],
      units: cellDecimal(table.units[i]),
      ratio: Number.isNaN(table.ratios[i]) ? null : cellDecimal(table.ratios[i]),
    })),
  );
}

const scratchColumns: Float64Array[] = Array.from({ length: 5 }, () => new Float64Array(64));

/** Scratch column `which`, at least `length` long, zeroed. */
function scratch(which: number, length: number): Float64Array {
  if (scratchColumns[which].length < length) scratchColumns[which] = new Float64Array(Math.max(length, scratchColumns[which].length * 2));
  const column = scratchColumns[which];
  // A loop: for the few rows of most tables, fill's call into the runtime costs more than the zeros.
  for (let i = 0; i < length; i++) column[i] = 0;
  return column;
}

/** Whether a holding of this type counts units x ratio (true), units alone (false) or nothing (null) on a basis. */
function countsRatio(type: number, basis: Basis): boolean | null {
  if (type === COMMON) return false;
  if (type === PREFERRED) return basis !== "issued";
  return basis === "fully-diluted" ? true : null;
}

/**
 * Each holder's exact units on a basis, and the total: sums of limbs (./wideSum) at one base. The limbs
 * are scratch arrays, valid until the next holderSums call.
 */
export interface HolderSums {
  /** Limbs of holder h at h x limbs; the total's after the last holder's, then any extra slots'. */
  sums: Float64Array;
  limbs: number;
  base: number;
  holders: number;
  /** The unissued pool's fully diluted units, when asked for. */
  pool: Float64Array | null;
}

/**
 * Every holder's units on a basis as exact sums; null when the holdings' magnitudes are too far apart
 * for the limbs (then decimal.js computes).
 */
export function holderSums(table: CellCapTable, basis: Basis, withPool = false, extraSlots = 0): HolderSums | null {
  const n = table.holdings;
  // Each term: coefficient x factor x 10^exponent, with factor the ratio's coefficient (or 1).
  // Scratch columns, reused from call to call (a formula runs to the end before the next starts).
  const coefficients = scratch(0, n);
  const factors = scratch(1, n);
  const exponents = scratch(2, n);
  let lowest = Infinity;
  let highest = -Infinity;
  // Ratios repeat down a table (1.5 for every preferred row): the last one's reading is kept.
  let lastRatio = NaN;
  let ratioFactor = 1;
  let ratioExponent = 0;
  for (let i = 0; i < n; i++) {
    const withRatio = countsRatio(table.types[i], basis);
    if (withRatio === null || table.units[i] === 0) continue;
    readDigits(table.units[i]);
    stripTrailingZeros(digits.coefficient);
    const coefficient = division.quotient;
    let exponent = digits.exponent + division.remainder;
    let factor = 1;
    const ratio = table.ratios[i];
    if (withRatio && !Number.isNaN(ratio)) {
      if (ratio === 0) continue;
      if (ratio !== lastRatio) {
        // The ratio without its trailing zeros (1.5 is 15 x 10^-1) keeps the product short.
        readDigits(ratio);
        const ratioDigits = digits.exponent;
        stripTrailingZeros(digits.coefficient);
        ratioFactor = division.quotient;
        ratioExponent = ratioDigits + division.remainder;
        lastRatio = ratio;
      }
      factor = ratioFactor;
      exponent += ratioExponent;
    }
    coefficients[i] = coefficient;
    factors[i] = factor;
    exponents[i] = exponent;
    if (exponent < lowest) lowest = exponent;
    if (exponent > highest) highest = exponent;
  }
  const holders = table.names.length;
  if (lowest === Infinity) lowest = highest = 0;
  // Whole numbers of shares can be added to a round's sums: their grid must hold units.
  if (withPool && lowest > 0) lowest = 0;
  // Products of two 15-digit coefficients, up to 10^5 of them to a sum: 36 digits above the highest exponent.
  const limbs = limbCount(lowest, highest, 36);
  if (limbs === null) return null;
  // Scratch too: the sums are read before the next call's (a typed array allocated per call costs more
  // than summing a small table).
  const sums = scratch(3, (holders + 1 + extraSlots) * limbs);
  const pool = withPool ? scratch(4, limbs) : null;
  for (let i = 0; i < n; i++) {
    if (coefficients[i] === 0) continue;
    addProductTerm(sums, table.holderOf[i] * limbs, lowest, coefficients[i], factors[i], exponents[i]);
    if (pool && table.types[i] === POOL) addProductTerm(pool, 0, lowest, coefficients[i], factors[i], exponents[i]);
  }
  // The total: the holders' sums added limb by limb.
  const totalAt = holders * limbs;
  for (let h = 0; h < holders; h++) addSumOf(sums, h * limbs, totalAt, limbs);
  return { sums, limbs, base: lowest, holders, pool };
}

/** A holder's sum (or the total, holder = holders) as an exact Decimal. */
export function sumAsDecimal(sums: HolderSums, holder: number): Decimal {
  return bigIntToDecimal(limbsToBigInt(sums.sums, holder * sums.limbs, sums.limbs), sums.base);
}

/** The unissued pool's exact fully diluted units (holderSums with the pool asked for). */
export function poolAsDecimal(sums: HolderSums): Decimal {
  return bigIntToDecimal(limbsToBigInt(sums.pool!, 0, sums.limbs), sums.base);
}

function isZeroSum(sums: HolderSums, holder: number): boolean {
  for (let k = holder * sums.limbs; k < (holder + 1) * sums.limbs; k++) if (sums.sums[k] !== 0) return false;
  return true;
}

/** Turns holder sums into numbers: each holder's units, and fractions of a denominator. */
export class SumReader {
  private readonly value = new DoubleDouble();
  private readonly scale = new DoubleDouble();
  private readonly scaleError: number;

  constructor(private readonly sums: HolderSums) {
    // 10^base: exact for 0..44, within 2^-104 elsewhere (see ddPowerOfTen).
    ddPowerOfTen(Math.abs(sums.base), this.scale);
    this.scaleError = Math.abs(sums.base) <= 44 ? 0 : 2 * DD_STEP_ERROR;
  }

  /** The sum divided by 10^base, as a double-double (within limbs x 2^-102). */
  private read(holder: number, out: DoubleDouble): DoubleDouble {
    return limbsToDoubleDouble(this.sums.sums, holder * this.sums.limbs, this.sums.limbs, out);
  }

  /** A holder's units (holder = holders: the total) as the nearest number. */
  units(holder: number): number {
    return this.unitsOf(holder, this.read(holder, this.value));
  }

  /** A holder's units from its sum as `scaled` read it (left as it is). */
  unitsOf(holder: number, scaled: DoubleDouble): number {
    // The limbs of units are never negative: a sum is 0 exactly when its double-double is.
    if (scaled.high === 0) return 0;
    const value = this.value.copy(scaled);
    if (this.sums.base >= 0) ddMul(value, this.scale, value);
    else ddDiv(value, this.scale, value);
    const error = (this.sums.limbs + 2) * DD_STEP_ERROR + this.scaleError;
    const nearest = Math.abs(this.sums.base) > 280 ? NaN : nearestNumber(value.high, value.low, Math.abs(value.high) * error);
    return Number.isNaN(nearest) ? sumAsDecimal(this.sums, holder).toNumber() : nearest;
  }

  /** The sum of a holder's units as a double-double of (units / 10^base), for fractions. */
  scaled(holder: number, out: DoubleDouble): DoubleDouble {
    return this.read(holder, out);
  }
}

/**
 * The sum in slot `slot` over the one in `totalSlot` (numerator and denominator: their double-doubles,
 * known within a relative error) rounded to the nearest number, or, when that is not settled, in decimal.js.
 */
export function fractionOf(
  numerator: DoubleDouble,
  denominator: DoubleDouble,
  error: number,
  sums: HolderSums,
  slot: number,
  totalSlot: number,
  out: DoubleDouble,
): number {
  if (numerator.high === 0) return 0;
  ddDiv(numerator, denominator, out);
  const nearest = nearestNumber(out.high, out.low, Math.abs(out.high) * (error + DD_STEP_ERROR));
  return Number.isNaN(nearest) ? sumAsDecimal(sums, slot).div(sumAsDecimal(sums, totalSlot)).toNumber() : nearest;
}

export interface CellOwnership {
  names: string[];
  units: number[];
  fractions: number[];
  total: number;
}

function checkedTotal(sums: HolderSums, basis: Basis): void {
  if (isZeroSum(sums, sums.holders))
    throw numError(`The cap table has no units on the ${basis} basis, so no ownership can be computed.`, "captable");
}

/** Every holder's units and fraction on a basis, as ownership() computes them; null: let decimal.js compute. */
export function cellOwnership(table: CellCapTable, basis: Basis): CellOwnership | null {
  checkReservedNames(table.names, [TOTAL_LABEL], table.keys);
  const sums = holderSums(table, basis);
  if (!sums) return null;
  checkedTotal(sums, basis);
  const reader = new SumReader(sums);
  const holders = sums.holders;
  const units = new Array<number>(holders);
  const fractions = new Array<number>(holders);
  const total = reader.scaled(holders, new DoubleDouble());
  const part = new DoubleDouble();
  const quotient = new DoubleDouble();
  const error = 2 * sums.limbs * DD_STEP_ERROR;
  for (let h = 0; h < holders; h++) {
    // Each holder's sum read once, for its units and its fraction.
    reader.scaled(h, part);
    units[h] = reader.unitsOf(h, part);
    fractions[h] = fractionOf(part, total, error, sums, h, holders, quotient);
  }
  return { names: table.names, units, fractions, total: reader.units(holders) };
}

/** A holder's fraction on a basis, as stakeOf() computes it (#N/A for a holder not in the table); null: decimal.js. */
export function cellStake(table: CellCapTable, name: string, basis: Basis): number | null {
  const holder = holderIndex(table, name);
  if (holder === undefined) throw holderNotFound(table, name);
  const sums = holderSums(table, basis);
  if (!sums) return null;
  checkedTotal(sums, basis);
  const reader = new SumReader(sums);
  const total = reader.scaled(sums.holders, new DoubleDouble());
  return fractionOf(
    reader.scaled(holder, new DoubleDouble()),
    total,
    2 * sums.limbs * DD_STEP_ERROR,
    sums,
    holder,
    sums.holders,
    new DoubleDouble(),
  );
}

/** The #N/A for a holder that is not in the table, listing the first holders. */
export function holderNotFound(table: { names: readonly string[] } | CapTable, name: string): Error {
  const names = "names" in table ? table.names : table.holders.map((h) => h.name);
  const shown = names.slice(0, 10).join(", ") + (names.length > 10 ? `, ... (${names.length} holders)` : "");
  return notFoundError(`The holder "${name.trim()}" is not in the cap table; its holders are ${shown}.`, "holder");
}

export type { HoldingType };

/** Adds a whole number of shares (not negative) to slot `slot`, in chunks of 15 digits; false when it does not fit the limbs. */
function addWhole(sums: HolderSums, slot: number, whole: Decimal): boolean {
  if (whole.isZero()) return true;
  if (whole.lt(WHOLE_SHARES_LIMIT)) return addWholeNumber(sums, slot, whole.toNumber());
  const text = whole.toFixed(0);
  const chunks = Math.ceil(text.length / 15);
  if (Math.floor((text.length - sums.base) / 15) + 2 > sums.limbs) return false;
  for (let j = 0; j < chunks; j++) {
    const end = text.length - 15 * j;
    addTerm(sums.sums, slot * sums.limbs, sums.base, Number(text.slice(Math.max(0, end - 15), end)), 15 * j);
  }
  return true;
}

const WHOLE_SHARES_LIMIT = 2 ** 52;

/** addWhole for a whole number below 2^52 (at most 16 digits: two chunks). */
function addWholeNumber(sums: HolderSums, slot: number, whole: number): boolean {
  if (whole === 0) return true;
  let digitCount = 1;
  while (digitCount < 16 && whole >= POWERS_OF_TEN[digitCount]) digitCount++;
  if (Math.floor((digitCount - sums.base) / 15) + 2 > sums.limbs) return false;
  const high = Math.floor(whole / POWERS_OF_TEN[15]);
  addTerm(sums.sums, slot * sums.limbs, sums.base, whole - high * POWERS_OF_TEN[15], 0);
  addTerm(sums.sums, slot * sums.limbs, sums.base, high, 15);
  return true;
}

/**
 * The sum in slot `slot` (or the pool's) as a double-double of its value, within `sumError` (relative);
 * null when 10^base is not an exact power for one division.
 */
function valueOfSum(sums: HolderSums, limbs: Float64Array, offset: number, out: DoubleDouble): DoubleDouble | null {
  if (sums.base > 0 || sums.base < -22) return null;
  limbsToDoubleDouble(limbs, offset, sums.limbs, out);
  return sums.base === 0 ? out : ddDivNumber(out, POWERS_OF_TEN[-sums.base], out);
}

function copySlot(sums: HolderSums, from: number, to: number): void {
  // A loop: a handful of limbs, where copyWithin's call into the runtime costs more than the copy.
  const limbs = sums.limbs;
  for (let k = 0; k < limbs; k++) sums.sums[to * limbs + k] = sums.sums[from * limbs + k];
}

/** A round's lines as numbers: Holder | Units before | Units after | Ownership before | Ownership after. */
export interface CellRoundLines {
  names: string[];
  before: number[];
  after: number[];
  ownershipBefore: number[];
  ownershipAfter: number[];
  sharesBefore: number;
  sharesAfter: number;
}

/**
 * The pro-forma cap table of a priced round, as pricedRound() computes it: the round is sized in
 * double-double from the exact fully diluted total and pool (cellRoundSize; by sizeRound in decimal.js when
 * that does not settle a whole share), the lines in plain numbers. Null: let decimal.js compute the whole round.
 */
export function cellPricedRound(table: CellCapTable, terms: CellRoundTerms, investor: string): CellRoundLines | null {
  checkRoundNames(table.names, investor, table.keys);
  const holders = table.names.length;
  // Extra slots: the total after the round, the investor's line after it, the pool top-up.
  const sums = holderSums(table, "fully-diluted", true, 3);
  if (!sums) return null;
  const totalSlot = holders;
  const [totalAfterSlot, investorSlot, poolSlot] = [holders + 1, holders + 2, holders + 3];
  // Sized in double-double when that settles every whole share (it does but for inputs at a rounding
  // boundary), else by sizeRound in decimal.js from the exact sums.
  const sharesBefore = valueOfSum(sums, sums.sums, totalSlot * sums.limbs, new DoubleDouble());
  const pool = valueOfSum(sums, sums.pool!, 0, new DoubleDouble());
  const sumError = (sums.limbs + 3) * DD_STEP_ERROR;
  const fast = sharesBefore && pool ? cellRoundSize(sharesBefore, pool, sumError, terms) : null;
  const investorIndex = holderIndex(table, investor);
  copySlot(sums, totalSlot, totalAfterSlot);
  if (investorIndex !== undefined) copySlot(sums, investorIndex, investorSlot);
  let fits: boolean;
  if (fast) {
    fits =
      addWholeNumber(sums, totalAfterSlot, fast.investorShares) &&
      addWholeNumber(sums, totalAfterSlot, fast.poolShares) &&
      addWholeNumber(sums, investorSlot, fast.investorShares) &&
      addWholeNumber(sums, poolSlot, fast.poolShares);
  } else {
    const size = sizeRound(sumAsDecimal(sums, totalSlot), poolAsDecimal(sums), decimalRoundTerms(terms));
    fits =
      addWhole(sums, totalAfterSlot, size.investorShares) &&
      addWhole(sums, totalAfterSlot, size.poolShares) &&
      addWhole(sums, investorSlot, size.investorShares) &&
      addWhole(sums, poolSlot, size.poolShares);
  }
  if (!fits) return null;

  const reader = new SumReader(sums);
  const lines = holders + (investorIndex === undefined ? 1 : 0) + 1;
  const names = [...table.names];
  const before = new Array<number>(lines);
  const after = new Array<number>(lines);
  const ownershipBefore = new Array<number>(lines);
  const ownershipAfter = new Array<number>(lines);
  const totalBefore = reader.scaled(totalSlot, new DoubleDouble());
  const totalAfter = reader.scaled(totalAfterSlot, new DoubleDouble());
  const part = new DoubleDouble();
  const quotient = new DoubleDouble();
  const error = 2 * sums.limbs * DD_STEP_ERROR;
  // Each slot's sum read once: a holder that does not invest has the same sum after, over a new total.
  const line = (at: number, beforeSlot: number | null, afterSlot: number) => {
    if (beforeSlot === null) {
      before[at] = 0;
      ownershipBefore[at] = 0;
    } else {
      reader.scaled(beforeSlot, part);
      before[at] = reader.unitsOf(beforeSlot, part);
      ownershipBefore[at] = fractionOf(part, totalBefore, error, sums, beforeSlot, totalSlot, quotient);
    }
    if (afterSlot !== beforeSlot) {
      reader.scaled(afterSlot, part);
      after[at] = reader.unitsOf(afterSlot, part);
    } else after[at] = before[at];
    ownershipAfter[at] = fractionOf(part, totalAfter, error, sums, afterSlot, totalAfterSlot, quotient);
  };
  for (let h = 0; h < holders; h++) line(h, h, h === investorIndex ? investorSlot : h);
  let at = holders;
  if (investorIndex === undefined) {
    names.push(investor.trim());
    line(at++, null, investorSlot);
  }
  names.push(POOL_TOP_UP);
  line(at, null, poolSlot);
  return {
    names,
    before,
    after,
    ownershipBefore,
    ownershipAfter,
    sharesBefore: reader.units(totalSlot),
    sharesAfter: reader.units(totalAfterSlot),
  };
}

export type { PricedRound };
