/**
 * The speed limit: the same models in plain floating point, as a programmer would write them without
 * exactness, reading the same ranges and returning the same spilled arrays. Linear where ours is, so a
 * ratio to these is the price of decimal arithmetic and validation, nothing else.
 */
import { Cell, Range } from "./inputs";

const EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86400000;

function fromSerial(s: number): Date {
  return new Date(EPOCH + s * DAY);
}
function toSerial(year: number, monthIndex: number, day: number): number {
  return Math.round((Date.UTC(year, monthIndex, day) - EPOCH) / DAY);
}
function isMonthEnd(s: number): boolean {
  return fromSerial(s + 1).getUTCDate() === 1;
}
function eomonth(s: number, months: number): number {
  const d = fromSerial(s);
  return toSerial(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0);
}
function edate(s: number, months: number): number {
  const d = fromSerial(s);
  const last = toSerial(d.getUTCFullYear(), d.getUTCMonth() + months + 1, 0);
  return Math.min(toSerial(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()), last);
}
function monthsBetween(a: number, b: number): number {
  const x = fromSerial(a);
  const y = fromSerial(b);
  return (y.getUTCFullYear() - x.getUTCFullYear()) * 12 + (y.getUTCMonth() - x.getUTCMonth());
}

const num = (c: Cell): number => (typeof c === "number" ? c : 0);

export interface FloatRevShare {
  rows: (number | string)[][];
  paidTotal: number;
  schedule: { periodEnds: number[]; paid: number[]; firstStart: number | null };
}

/** REVSHARE in floats: accrual cut by end date and cap, equal instalments after a lag, by a sliding window. */
export function floatRevShare(
  revenueRange: Range,
  rate: number,
  endsRange: Range | null,
  endDate: number | null,
  cap: number | null,
  instalments: number,
  lag: number,
): FloatRevShare {
  const revenue = revenueRange.map((r) => num(r[0]));
  const count = revenue.length;
  const ends = endsRange ? endsRange.map((r) => num(r[0])) : null;
  let firstStart: number | null = null;
  if (ends) {
    firstStart =
      isMonthEnd(ends[0]) && isMonthEnd(ends[1]) ? eomonth(ends[0], -monthsBetween(ends[0], ends[1])) + 1 : 2 * ends[0] - ends[1] + 1;
  }
  const accrued = new Float64Array(count);
  const accruedThrough = new Float64Array(count);
  let capLeft = cap ?? Infinity;
  let total = 0;
  let last = -1;
  let stopped = false;
  for (let i = 0; i < count; i++) {
    let a = 0;
    if (!stopped && revenue[i] !== 0) {
      a = revenue[i] * rate;
      if (endDate !== null && ends) {
        const start = i === 0 ? (firstStart as number) : ends[i - 1] + 1;
        if (endDate < start) {
          a = 0;
          stopped = true;
        } else if (endDate < ends[i]) {
          a = (a * (endDate - start + 1)) / (ends[i] - start + 1);
          stopped = true;
        }
      }
      if (a >= capLeft) {
        a = capLeft;
        stopped = true;
      }
      capLeft -= a;
      if (a !== 0) last = i;
      total += a;
    }
    accrued[i] = a;
    accruedThrough[i] = total;
  }
  const rows = last < 0 ? count : Math.max(count, last + lag + instalments);
  const periodEnds: number[] = new Array(rows);
  if (ends) {
    const months = isMonthEnd(ends[count - 2]) && isMonthEnd(ends[count - 1]) ? monthsBetween(ends[count - 2], ends[count - 1]) : 0;
    for (let t = 0; t < rows; t++) {
      const j = t - count + 1;
      periodEnds[t] =
        t < count ? ends[t] : months > 0 ? eomonth(ends[count - 1], months * j) : ends[count - 1] + (ends[count - 1] - ends[count - 2]) * j;
    }
  } else for (let t = 0; t < rows; t++) periodEnds[t] = t + 1;

  const out: (number | string)[][] = [["Period end", "Revenue", "Accrued", "Paid", "Cumulative paid", "Unpaid"]];
  const running = new Float64Array(rows + 1); // running[k + 1] = sum of accruedThrough over started periods 0..k
  const paidColumn: number[] = new Array(rows);
  let paidToDate = 0;
  for (let t = 0; t < rows; t++) {
    const started = t - lag;
    let payment = 0;
    if (started >= 0) {
      running[started + 1] = running[started] + accruedThrough[Math.min(started, count - 1)];
      const from = Math.max(0, started + 1 - instalments);
      const cumulative = (running[started + 1] - running[from]) / instalments;
      payment = cumulative - paidToDate;
      paidToDate = cumulative;
    }
    paidColumn[t] = payment;
    const accruedSoFar = accruedThrough[Math.min(t, count - 1)];
    out.push([periodEnds[t], t < count ? revenue[t] : 0, t < count ? accrued[t] : 0, payment, paidToDate, accruedSoFar - paidToDate]);
  }
  return { rows: out, paidTotal: paidToDate, schedule: { periodEnds, paid: paidColumn, firstStart } };
}

/** REVSHAREPV in floats: Horner's rule over the payments, actual/365 when dated, per period when numbered. */
export function floatRevSharePv(schedule: FloatRevShare["schedule"], discountRate: number): number {
  const growth = 1 + discountRate;
  const { paid, periodEnds, firstStart } = schedule;
  let value = 0;
  for (let row = paid.length - 1; row >= 0; row--) {
    value += paid[row];
    const gap = periodEnds[row] - (row > 0 ? periodEnds[row - 1] : (firstStart ?? 0));
    value *= firstStart === null ? Math.pow(growth, -gap) : Math.pow(growth, -gap / 365);
  }
  return value;
}

/** CAPTABLE in floats: holders matched by trimmed lower-case name, fully diluted units, fractions. */
export function floatCapTable(range: Range): (number | string)[][] {
  const { names, units } = floatHolders(range);
  const total = units.reduce((a, b) => a + b, 0);
  const out: (number | string)[][] = [["Holder", "Units", "Ownership"]];
  for (let h = 0; h < names.length; h++) out.push([names[h], units[h], units[h] / total]);
  out.push(["Total", total, 1]);
  return out;
}

/** DRAWDOWN in floats: S-curve weights, draws rounded to cents, the last draw takes the rounding remainder. */
export function floatDrawdown(commitment: number, startDate: number, termYears: number, periodsPerYear: number): (number | string)[][] {
  const n = Math.round(termYears * periodsPerYear);
  const step = 12 / periodsPerYear;
  const weights = new Float64Array(n);
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    const w = 3 * n * (2 * k - 1) - 2 * (3 * k * k - 3 * k + 1);
    weights[k - 1] = w;
    sum += w;
  }
  const out: (number | string)[][] = [["Period start", "Period end", "Draw", "Cumulative", "Remaining"]];
  let cumulative = 0;
  let start = startDate;
  for (let k = 0; k < n; k++) {
    const next = edate(startDate, (k + 1) * step);
    const draw = k === n - 1 ? Math.round((commitment - cumulative) * 100) / 100 : Math.round((commitment * weights[k] * 100) / sum) / 100;
    cumulative += draw;
    out.push([start, next - 1, draw, cumulative, commitment - cumulative]);
    start = next;
  }
  return out;
}

/** Fully diluted units by holder (trimmed lower-case name), in order of first appearance, and the pool's. */
function floatHolders(range: Range): { names: string[]; units: number[]; pool: number; index: Map<string, number> } {
  const index = new Map<string, number>();
  const names: string[] = [];
  const units: number[] = [];
  let pool = 0;
  const start = typeof range[0][2] === "string" ? 1 : 0;
  for (let i = start; i < range.length; i++) {
    const [holder, type, amount, ratio] = range[i];
    const name = String(holder).trim();
    const key = name.toLowerCase();
    const kind = String(type).trim().toLowerCase();
    const value = num(amount) * (kind === "common" || ratio === "" || ratio === null ? 1 : num(ratio));
    let at = index.get(key);
    if (at === undefined) {
      at = names.length;
      index.set(key, at);
      names.push(name);
      units.push(0);
    }
    units[at] += value;
    if (kind === "pool") pool += value;
  }
  return { names, units, pool, index };
}

/** STAKE in floats: a holder's fully diluted units over the total. */
export function floatStake(range: Range, holder: string): number {
  const { units, index } = floatHolders(range);
  const total = units.reduce((a, b) => a + b, 0);
  return units[index.get(holder.trim().toLowerCase())!] / total;
}

/** ROUND in floats (pool top-up in the pre-money): the lines before and after, the investor, the pool, a Total row. */
export function floatRound(
  range: Range,
  preMoney: number,
  investment: number,
  poolTarget: number,
  investor: string,
): (number | string)[][] {
  const { names, units, pool, index } = floatHolders(range);
  const investorAt = index.get(investor.trim().toLowerCase());
  const before = units.reduce((a, b) => a + b, 0);
  const post = preMoney + investment;
  const poolShares = Math.max(0, Math.round((poolTarget * (before - pool) * post) / (preMoney - poolTarget * post) - pool));
  const preShares = before + poolShares;
  const investorShares = Math.floor((investment * preShares) / preMoney);
  const after = preShares + investorShares;
  const out: (number | string)[][] = [["Holder", "Units before", "Units after", "Ownership before", "Ownership after"]];
  for (let h = 0; h < names.length; h++) {
    const unitsAfter = h === investorAt ? units[h] + investorShares : units[h];
    out.push([names[h], units[h], unitsAfter, units[h] / before, unitsAfter / after]);
  }
  if (investorAt === undefined) out.push([investor, 0, investorShares, 0, investorShares / after]);
  out.push(["Pool top-up", 0, poolShares, 0, poolShares / after]);
  out.push(["Total", before, after, 1, 1]);
  return out;
}

/** DILUTIONPATH in floats: the stake after each round, stake x pre / (pre + investment). */
export function floatDilutionPath(stake: number, rounds: Range): (number | string)[][] {
  const out: (number | string)[][] = [["Round", "Stake after"]];
  let current = stake;
  const start = typeof rounds[0][1] === "string" ? 1 : 0;
  for (let i = start; i < rounds.length; i++) {
    const [name, pre, investment] = rounds[i];
    current = (current * num(pre)) / (num(pre) + num(investment));
    out.push([String(name), current]);
  }
  return out;
}
