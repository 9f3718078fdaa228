/**
 * What a modeller builds without the add-in: the same schedules as native worksheet formulas (running
 * totals, a SUM over each payment window, SUMIFS, EDATE, ROUND), evaluated in HyperFormula with the
 * configuration the embedded workbook uses. Each model has one input cell that the bench changes, so a
 * measurement is one recalculation of the whole model, as when a user edits that input in Excel.
 */
import { HyperFormula, RawCellContent } from "hyperformula";
import { ENGINE_CONFIG } from "../src/workbook/embedded/formulaEngine";
import { Range, RevShareCase } from "./inputs";

export interface NativeModel {
  hf: HyperFormula;
  /** Changes the input cell (alternating between two values) and so recalculates the model. */
  recalculate(): void;
  /** With the input back at its first value: the total paid / total units / last cumulative draw, to check the model against ours. */
  check(): number;
}

const INPUTS_COLUMN = 10; // K

function build(cells: RawCellContent[][]): HyperFormula {
  return HyperFormula.buildFromSheets({ Model: cells }, { ...ENGINE_CONFIG, maxRows: 200000 });
}

/** Alternates an input cell between two values; `restore` puts the first back. */
function toggler(hf: HyperFormula, col: number, row: number, a: number, b: number) {
  let flip = false;
  const set = (value: number) => hf.setCellContents({ sheet: 0, col, row }, [[value]]);
  return {
    recalculate: () => {
      flip = !flip;
      set(flip ? b : a);
    },
    restore: () => {
      flip = false;
      set(a);
    },
  };
}

/**
 * Revenue share: A period end, B revenue, C period start, D accrued (pro rata to the end date, capped by
 * what is left of the cap), E accrued to date, F paid = SUM of the accruals whose instalments fall due /
 * payout_periods, G paid to date, H unpaid. Inputs in K1:K5 (rate, end date, cap, payout_periods, lag).
 */
export function nativeRevShare(c: RevShareCase, rows: number, firstStart: number | null): NativeModel {
  const count = c.revenue.length;
  const dated = c.periodEnds !== null;
  const cells: RawCellContent[][] = [["Period end", "Revenue", "Start", "Accrued", "Accrued to date", "Paid", "Paid to date", "Unpaid"]];
  const monthly = dated; // the bench's dated cases are month-end periods
  for (let t = 0; t < rows; t++) {
    const r = t + 2; // sheet row
    const end =
      t < count ? (c.periodEnds ? (c.periodEnds[t][0] as number) : t + 1) : dated && monthly ? `=EOMONTH(A${r - 1},1)` : `=A${r - 1}+1`;
    const revenue = t < count ? (c.revenue[t][0] as number) : 0;
    const start = t === 0 ? (firstStart ?? 0) : `=A${r - 1}+1`;
    let accrual = `$K$1*B${r}`;
    if (c.endDate !== null) accrual += `*MAX(0,MIN(1,($K$2-C${r}+1)/(A${r}-C${r}+1)))`;
    if (c.cap !== null) accrual = `MAX(0,MIN(${accrual},$K$3-${t === 0 ? 0 : `E${r - 1}`}))`;
    const due = r - c.payoutLag; // the last sheet row whose accrual has started paying
    const from = Math.max(2, due - c.payoutPeriods + 1);
    const paid = due < 2 ? "=0" : `=SUM(D${from}:D${due})/$K$4`;
    cells.push([
      end,
      revenue,
      start,
      `=${accrual}`,
      t === 0 ? `=D${r}` : `=E${r - 1}+D${r}`,
      paid,
      t === 0 ? `=F${r}` : `=G${r - 1}+F${r}`,
      `=E${r}-G${r}`,
    ]);
  }
  const inputs = [c.rate, c.endDate ?? 0, c.cap ?? 0, c.payoutPeriods, c.payoutLag];
  inputs.forEach((v, i) => {
    while (cells[i].length < INPUTS_COLUMN) cells[i].push(null);
    cells[i].push(v);
  });
  const hf = build(cells);
  const input = toggler(hf, INPUTS_COLUMN, 0, c.rate, c.rate * 1.05);
  return {
    hf,
    recalculate: input.recalculate,
    check: () => {
      input.restore();
      return hf.getCellValue({ sheet: 0, col: 6, row: rows }) as number;
    },
  };
}

/** Cap table: A:D the holdings, E units on the fully diluted basis, G holders typed once, H SUMIF, I fraction. */
export function nativeCapTable(table: Range): NativeModel {
  const body = table.slice(1);
  const n = body.length;
  const holders = [...new Set(body.map((row) => String(row[0])))];
  const cells: RawCellContent[][] = [["Holder", "Type", "Units", "Ratio", "FD units", null, "Holder", "Units", "Ownership"]];
  const last = n + 1;
  for (let i = 0; i < Math.max(n, holders.length + 1); i++) {
    const r = i + 2;
    const row: RawCellContent[] =
      i < n
        ? [
            body[i][0],
            body[i][1],
            body[i][2],
            body[i][3] === "" ? null : body[i][3],
            `=C${r}*IF(B${r}="common",1,IF(D${r}="",1,D${r}))`,
            null,
          ]
        : [null, null, null, null, null, null];
    if (i < holders.length) row.push(holders[i], `=SUMIF($A$2:$A$${last},G${r},$E$2:$E$${last})`, `=H${r}/$H$${holders.length + 2}`);
    else if (i === holders.length) row.push("Total", `=SUM(H2:H${r - 1})`, `=H${r}/H${r}`);
    cells.push(row);
  }
  const hf = build(cells);
  const units = body[0][2] as number;
  const input = toggler(hf, 2, 1, units, units + 1);
  return {
    hf,
    recalculate: input.recalculate,
    check: () => {
      input.restore();
      return hf.getCellValue({ sheet: 0, col: 7, row: holders.length + 1 }) as number;
    },
  };
}

/** Draw-down: A period number, B start (EDATE), C end, D S-curve weight, E draw rounded to cents (the last takes the rest), F cumulative, G remaining. */
export function nativeDrawdown(commitment: number, startDate: number, periods: number, monthsPerPeriod: number): NativeModel {
  const cells: RawCellContent[][] = [["Period", "Start", "End", "Weight", "Draw", "Cumulative", "Remaining"]];
  const last = periods + 1;
  for (let k = 1; k <= periods; k++) {
    const r = k + 1;
    cells.push([
      k,
      `=EDATE($K$2,(A${r}-1)*$K$4)`,
      `=EDATE($K$2,A${r}*$K$4)-1`,
      `=3*$K$3*(2*A${r}-1)-2*(3*A${r}^2-3*A${r}+1)`,
      k === periods ? `=$K$1-SUM(E$2:E${r - 1})` : `=ROUND($K$1*D${r}/$K$5,2)`,
      k === 1 ? `=E${r}` : `=F${r - 1}+E${r}`,
      `=$K$1-F${r}`,
    ]);
  }
  [commitment, startDate, periods, monthsPerPeriod, `=SUM(D2:D${last})`].forEach((v, i) => {
    while (cells[i].length < INPUTS_COLUMN) cells[i].push(null);
    cells[i].push(v);
  });
  const hf = build(cells);
  const input = toggler(hf, INPUTS_COLUMN, 0, commitment, commitment * 1.01);
  return {
    hf,
    recalculate: input.recalculate,
    check: () => {
      input.restore();
      return hf.getCellValue({ sheet: 0, col: 5, row: periods }) as number;
    },
  };
}
