/**
 * Issue 16's bench: exact arithmetic at float speed on the numbers real models hold. Every DEAL.* schedule
 * and ownership function on formula-computed inputs (16 or 17 significant digits) and seed-sized figures,
 * at sizes up to the 100,000-row limit, as a ratio to the same model in plain floating point
 * (./float); and a workbook: 400 REVSHAREPV cells over one 1,200-month forecast in the embedded engine,
 * recalculated after one input change.
 */
import type { RawCellContent } from "hyperformula";
import * as deal from "../src/functions";
import { createDealEngine } from "../src/workbook/embedded/formulaEngine";
import { floatCapTable, floatDilutionPath, floatDrawdown, floatRevShare, floatRevSharePv, floatRound, floatStake } from "./float";
import { Range, RevShareCase, formulaCapTable, formulaRevShare, formulaRounds, seedRevShare, serial } from "./inputs";
import { checked, time } from "./timing";

export const RATIO_TARGETS = { schedules: 3, ownership: 5 };
export const WORKBOOK_TARGET_MS = 1000;

export interface RatioRow {
  fn: string;
  inputs: string;
  size: number;
  oursMs: number;
  floatMs: number;
  ratio: number;
  target: number;
  pass: boolean;
  /** The relative gap between our key figure and the float one: what exactness changes. */
  gap: number;
}

export interface WorkbookResult {
  cells: number;
  forecastMonths: number;
  buildMs: number;
  recalculateMs: number;
  target: number;
  pass: boolean;
}

const gapOf = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
const omitted = (range: Range | null) => range as Range;

interface Case {
  fn: string;
  inputs: string;
  size: number;
  target: number;
  ours: () => unknown;
  float: () => unknown;
  /** Our key figure and the float one. */
  figures: () => [number, number];
}

function revShareCases(make: (n: number) => RevShareCase, inputs: string, sizes: number[]): Case[] {
  return sizes.flatMap((size) => {
    const c = make(size);
    const args = [c.revenue, c.rate, omitted(c.periodEnds), c.endDate, c.cap, c.payoutPeriods, c.payoutLag] as const;
    const float = () => floatRevShare(c.revenue, c.rate, c.periodEnds, c.endDate, c.cap, c.payoutPeriods, c.payoutLag);
    const ours = () => deal.revShare(...args, true);
    const pv = () => deal.revSharePv(c.revenue, c.rate, 0.08, omitted(c.periodEnds), c.endDate, c.cap, c.payoutPeriods, c.payoutLag);
    const floatPv = () => floatRevSharePv(float().schedule, 0.08);
    return [
      {
        fn: "REVSHARE",
        inputs,
        size,
        target: RATIO_TARGETS.schedules,
        ours,
        float,
        figures: () => {
          const rows = ours() as number[][];
          return [rows[rows.length - 1][4], float().paidTotal];
        },
      },
      {
        fn: "REVSHAREPV",
        inputs,
        size,
        target: RATIO_TARGETS.schedules,
        ours: pv,
        float: floatPv,
        figures: () => [pv() as number, floatPv()],
      },
    ];
  });
}

function drawdownCases(sizes: number[]): Case[] {
  const start = serial(1900, 3, 1);
  return sizes.map((size) => ({
    fn: "DRAWDOWN",
    inputs: "monthly, S-curve, 250 bn",
    size,
    target: RATIO_TARGETS.schedules,
    ours: () => deal.drawdown(250e9, start, size / 12, [["scurve"]], 12, 2, true),
    float: () => floatDrawdown(250e9, start, size / 12, 12),
    figures: () => {
      const ours = deal.drawdown(250e9, start, size / 12, [["scurve"]], 12, 2, false) as number[][];
      const float = floatDrawdown(250e9, start, size / 12, 12) as number[][];
      return [ours[size >> 1][2], float[(size >> 1) + 1][2] as number];
    },
  }));
}

function ownershipCases(sizes: number[]): Case[] {
  return sizes.flatMap((size) => {
    const table = formulaCapTable(size);
    const rounds = formulaRounds(size);
    const holder = `Holder ${size - 13}`;
    const investor = "Holder 7";
    const inputs = "formula-computed units";
    const target = RATIO_TARGETS.ownership;
    const lastRow = (rows: unknown) => (rows as unknown[][])[(rows as unknown[][]).length - 1];
    return [
      {
        fn: "STAKE",
        inputs,
        size,
        target,
        ours: () => deal.stake(table, holder, "fd"),
        float: () => floatStake(table, holder),
        figures: () => [deal.stake(table, holder, "fd") as number, floatStake(table, holder)],
      },
      {
        fn: "CAPTABLE",
        inputs,
        size,
        target,
        ours: () => deal.capTable(table, "fd", true),
        float: () => floatCapTable(table),
        figures: () => [lastRow(deal.capTable(table, "fd", true))[1] as number, lastRow(floatCapTable(table))[1] as number],
      },
      {
        fn: "ROUND",
        inputs,
        size,
        target,
        // An existing holder joins the round (so 99,999 holders and the pool top-up are the 100,000-row limit).
        ours: () => deal.round(table, 8e9, 2e9, investor, 0.2, "pre", true),
        float: () => floatRound(table, 8e9, 2e9, 0.2, investor),
        figures: () => [
          lastRow(deal.round(table, 8e9, 2e9, investor, 0.2, "pre", true))[2] as number,
          lastRow(floatRound(table, 8e9, 2e9, 0.2, investor))[2] as number,
        ],
      },
      {
        fn: "DILUTIONPATH",
        inputs: "formula-computed rounds",
        size,
        target,
        ours: () => deal.dilutionPath(0.3, rounds, true),
        float: () => floatDilutionPath(0.3, rounds),
        figures: () => [(deal.dilutionPath(0.3, rounds, true) as number[][])[1][1], floatDilutionPath(0.3, rounds)[1][1] as number],
      },
    ];
  });
}

/** Calls a function for 50 ms (at least three times). */
function warmUp(fn: () => unknown): void {
  const started = performance.now();
  for (let calls = 0; calls < 3 || performance.now() - started < 50; calls++) fn();
}

export const SCHEDULE_SIZES = [120, 1200, 10000, 90000];
export const HOLDER_SIZES = [50, 5000, 99999];

/** Every case, timed ours then float, back to back. */
export async function ratioRows(progress: (label: string) => void = () => {}): Promise<RatioRow[]> {
  const cases = [
    ...revShareCases(formulaRevShare, "monthly =prev*(1+g), 60-month stretch", SCHEDULE_SIZES),
    ...revShareCases(seedRevShare, "annual seed-sized x1.5, 3-year stretch", SCHEDULE_SIZES),
    ...drawdownCases(SCHEDULE_SIZES),
    ...ownershipCases(HOLDER_SIZES),
  ];
  const rows: RatioRow[] = [];
  for (const c of cases) {
    progress(`${c.fn} ${c.size}`);
    // Both warmed up alike first, so that neither is timed while the JIT is still compiling it.
    warmUp(c.ours);
    warmUp(c.float);
    const ours = await time(checked(`${c.fn} ${c.size}`, c.ours));
    const float = await time(c.float);
    const [a, b] = c.figures();
    const ratio = ours.medianMs / float.medianMs;
    rows.push({
      fn: c.fn,
      inputs: c.inputs,
      size: c.size,
      oursMs: ours.medianMs,
      floatMs: float.medianMs,
      ratio,
      target: c.target,
      pass: ratio <= c.target,
      gap: gapOf(a, b),
    });
  }
  return rows;
}

/**
 * A sensitivity grid as a modeller builds it: a 1,200-month forecast by formulas (=EOMONTH for the
 * dates, =prev*(1+growth) for revenue), 20 rates down and 20 discount rates across, and in each of the
 * 400 cells DEAL.REVSHAREPV over the whole forecast (paid over 60 months after one). One recalculation
 * after the growth input changes recomputes the forecast and all 400 values.
 */
export async function workbookCase(source: Parameters<typeof createDealEngine>[0]): Promise<WorkbookResult> {
  const months = 1200;
  const side = 20;
  const sheet: RawCellContent[][] = [];
  for (let r = 0; r < months; r++) {
    const row: RawCellContent[] = [r === 0 ? "=DATE(2025,1,31)" : `=EOMONTH(A${r},1)`, r === 0 ? 13e9 : `=B${r}*(1+$G$1)`];
    sheet.push(row);
  }
  sheet[0][6] = 0.013; // G1: growth
  for (let j = 0; j < side; j++) sheet[0][9 + j] = 0.04 + 0.005 * j; // J1:AC1: discount rates
  for (let i = 0; i < side; i++) {
    const row = sheet[i + 1];
    row[8] = 0.1 + 0.01 * i; // I2:I21: rates
    for (let j = 0; j < side; j++) {
      const col = columnName(9 + j);
      row[9 + j] = `=DEAL.REVSHAREPV($B$1:$B$${months},$I${i + 2},${col}$1,$A$1:$A$${months},,,60,1)`;
    }
  }
  const built = performance.now();
  const hf = createDealEngine(source, { Model: sheet }, { maxRows: 200000 });
  const buildMs = performance.now() - built;
  const value = hf.getCellValue({ sheet: 0, row: 1, col: 9 });
  if (typeof value !== "number") throw new Error(`the grid's first cell holds ${String(value)}, not a present value`);
  let flip = false;
  const recalculate = () => {
    flip = !flip;
    hf.setCellContents({ sheet: 0, row: 0, col: 6 }, [[flip ? 0.0131 : 0.013]]);
  };
  const timing = await time(recalculate);
  hf.destroy();
  return {
    cells: side * side,
    forecastMonths: months,
    buildMs,
    recalculateMs: timing.medianMs,
    target: WORKBOOK_TARGET_MS,
    pass: timing.medianMs < WORKBOOK_TARGET_MS,
  };
}

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
