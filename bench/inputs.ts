/**
 * Arguments as Excel hands them to the DEAL.* functions (ranges as 2-D arrays, empty cells as ""),
 * sized like the workbooks the add-in is for, and large ones for the limits.
 */

export type Cell = number | string | boolean | null;
export type Range = Cell[][];

/** Excel serial of a date (1900 system, dates after 1900-02-28). */
export function serial(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** Last day of the month `months` after the month of 2025-01 (so month 0 ends 2025-01-31). */
export function monthEnd(months: number): number {
  const y = 2025 + Math.floor(months / 12);
  const m = months % 12; // 0-based month
  return serial(y, m + 2, 0);
}

export const column = (values: Cell[]): Range => values.map((v) => [v]);

/** Monthly revenue growing 2% a month from `first` (1 billion unless given), with a realistic amount of cents. */
export function revenue(periods: number, first = 1e9): number[] {
  return Array.from({ length: periods }, (_, i) => Math.round(first * Math.pow(1.02, i % 240) * 100 + i * 37) / 100);
}

export interface RevShareCase {
  label: string;
  revenue: Range;
  rate: number;
  periodEnds: Range | null;
  endDate: number | null;
  cap: number | null;
  payoutPeriods: number;
  payoutLag: number;
}

/**
 * Dated monthly periods from 2025-01 with an end date and a cap that both stop accrual before the last
 * period (as the deal's verification date and reported cap do), paid over `stretch` months after a one-month lag.
 */
export function datedRevShare(periods: number, stretch: number): RevShareCase {
  const values = revenue(periods);
  const total = values.reduce((a, b) => a + b, 0) * 0.2;
  return {
    label: `${periods} dated periods, ${stretch}-period stretch`,
    revenue: column(values),
    rate: 0.2,
    periodEnds: column(values.map((_, i) => monthEnd(i))),
    endDate: monthEnd(Math.floor(periods * 0.8)) - 10,
    cap: Math.round(total * 0.7),
    payoutPeriods: stretch,
    payoutLag: 1,
  };
}

/** Numbered periods (no dates: 100,000 months run past 9999), no cap, every period accrues. */
export function numberedRevShare(periods: number, stretch: number, firstRevenue = 1e9): RevShareCase {
  return {
    label: `${periods} numbered periods, ${stretch}-period stretch`,
    revenue: column(revenue(periods, firstRevenue)),
    rate: 0.2,
    periodEnds: null,
    endDate: null,
    cap: null,
    payoutPeriods: stretch,
    payoutLag: 0,
  };
}

const HOLDER_TYPES = ["common", "preferred", "option", "rsu", "warrant", "pool", "convertible"];

/**
 * A cap table of `holders` holders (a header, then one or two holdings each: founders with common,
 * investors with preferred at a conversion ratio, employees with options, one pool).
 */
export function capTable(holders: number): Range {
  const rows: Range = [["Holder", "Type", "Units", "Conversion ratio"]];
  for (let h = 0; h < holders; h++) {
    const name = h === 0 ? "Option pool" : `Holder ${h}`;
    const type = h === 0 ? "pool" : HOLDER_TYPES[h % 5 === 0 ? 1 : h % 5 === 1 ? 0 : h % 5 === 2 ? 2 : h % 5 === 3 ? 3 : 4];
    rows.push([name, type, 10000 + ((h * 7919) % 90000), type === "preferred" ? 1.5 : ""]);
    if (h % 10 === 3) rows.push([name, "common", 5000 + h, ""]);
  }
  return rows;
}

/** `count` rounds: Round | pre_money | investment, each raising 20% on a step-up (cycling, so that pre-money stays finite). */
export function rounds(count: number): Range {
  const rows: Range = [["Round", "Pre-money", "Investment"]];
  for (let i = 0; i < count; i++) {
    const pre = Math.round(8e6 * Math.pow(1.1, i % 100));
    rows.push([`Round ${i + 1}`, pre, Math.round(pre * 0.2)]);
  }
  return rows;
}

/** Actual consumption reported so far, a column. */
export function actuals(periods: number): Range {
  return column(Array.from({ length: periods }, (_, i) => 3.5e9 + ((i * 7919) % 1000) * 1e6));
}

// ------------------------------------------------------------------ what real models hold (issue 16)

/**
 * A revenue forecast computed by formulas, =prev*(1+g), so every value has 16 or 17 significant digits:
 * from 13 billion a month, growing 1.3% a month for 20 years and shrinking back for the next 20 (so that
 * 90,000 months stay finite), month-ends from 2025-01-31 when dated.
 */
export function formulaRevenue(periods: number): number[] {
  const values = new Array<number>(periods);
  let value = 13e9;
  for (let i = 0; i < periods; i++) {
    values[i] = value;
    value = i % 480 < 240 ? value * (1 + 0.013) : value / (1 + 0.013);
  }
  return values;
}

/** Seed-sized annual figures: 13 billion in the first year, x1.5 a year for ten years, then /1.5 for ten (cycling). */
export function seedAnnualRevenue(periods: number): number[] {
  const values = new Array<number>(periods);
  let value = 13e9;
  for (let i = 0; i < periods; i++) {
    values[i] = value;
    value = i % 20 < 10 ? value * 1.5 : value / 1.5;
  }
  return values;
}

/** Formula-computed monthly revenue, dated, paid over 60 months after a month's lag. */
export function formulaRevShare(periods: number): RevShareCase {
  const values = formulaRevenue(periods);
  return {
    label: `${periods.toLocaleString("en-US")} months, =prev*(1+g)`,
    revenue: column(values),
    rate: 0.2,
    periodEnds: column(values.map((_, i) => monthEnd(i))),
    endDate: null,
    cap: null,
    payoutPeriods: 60,
    payoutLag: 1,
  };
}

/** Seed-sized annual revenue, numbered periods (90,000 years would pass 9999), paid over 3 years. */
export function seedRevShare(periods: number): RevShareCase {
  return {
    label: `${periods.toLocaleString("en-US")} years, seed-sized x1.5`,
    revenue: column(seedAnnualRevenue(periods)),
    rate: 0.2,
    periodEnds: null,
    endDate: null,
    cap: null,
    payoutPeriods: 3,
    payoutLag: 0,
  };
}

/**
 * A cap table of `holders` holders, one holding each (99,999 holders and the header are exactly the
 * 100,000-row limit), with unit counts computed by formulas (=B2*1.013 and the like: 17 digits): common,
 * preferred at 1.5, options, RSUs, warrants, and the pool first.
 */
export function formulaCapTable(holders: number): Range {
  const rows: Range = [["Holder", "Type", "Units", "Conversion ratio"]];
  for (let h = 0; h < holders; h++) {
    const name = h === 0 ? "Option pool" : `Holder ${h}`;
    const type = h === 0 ? "pool" : HOLDER_TYPES[h % 5 === 0 ? 1 : h % 5 === 1 ? 0 : h % 5 === 2 ? 2 : h % 5 === 3 ? 3 : 4];
    rows.push([name, type, 10000 * 1.013 ** (h % 500) + h * 0.37, type === "preferred" ? 1.5 : ""]);
  }
  return rows;
}

/** `count` rounds with formula-computed pre-money (=prev*1.1, cycling) and investment (=pre*0.2). */
export function formulaRounds(count: number): Range {
  const rows: Range = [["Round", "Pre-money", "Investment"]];
  let pre = 8e6;
  for (let i = 0; i < count; i++) {
    rows.push([`Round ${i + 1}`, pre, pre * 0.2]);
    pre = i % 100 === 99 ? 8e6 * 1.07 : pre * 1.1;
  }
  return rows;
}
