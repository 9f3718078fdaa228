import { ymdToSerial } from "../engine/dates";
import { CellValue } from "../workbook/types";
import { TableValue } from "./fields";

/**
 * Quick fills of the AGI scenarios table: probabilities spread over years, in whole hundredths of a
 * percent that add up to exactly 100% (the hundredths a spread cannot split evenly go one each to the
 * earliest years). A year's scenario is verification on 1 July, the middle of the year. The rest of the
 * probability is the scenario "not verified" within the forecast.
 */

/** Whole hundredths of a percent: probabilities are fractions of this many units. */
const UNITS = 10000;
export const MAX_FILL_YEARS = 40;

function scenarioDate(year: number): number {
  return ymdToSerial(year, 7, 1);
}

/** `weights` shares of `units`, each whole, adding up to `units`: floors, then the remainder to the earliest. */
function apportion(units: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => Math.floor((units * w) / total));
  let left = units - shares.reduce((a, b) => a + b, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i]++;
  return shares;
}

function table(years: number[], weights: number[], notVerified: number): TableValue {
  const rest = Math.round(notVerified * UNITS);
  const shares = apportion(UNITS - rest, weights);
  const rows: CellValue[][] = years.map((year, i) => [scenarioDate(year), shares[i] / UNITS]);
  if (rest > 0) rows.push([null, rest / UNITS]);
  return rows;
}

export interface FillProblem {
  problem: string;
}

function checkCommon(notVerified: number): FillProblem | undefined {
  if (!(notVerified >= 0 && notVerified <= 1)) return { problem: "Not verified is a probability from 0% to 100%." };
  return undefined;
}

/** Verification equally likely in each year from `from` to `to` (inclusive), the rest not verified. */
export function agiEvenly(from: number, to: number, notVerified: number): TableValue | FillProblem {
  const common = checkCommon(notVerified);
  if (common) return common;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1900 || to > 9999 || to < from) {
    return { problem: "Give the first and the last year, the first no later than the last." };
  }
  if (to - from + 1 > MAX_FILL_YEARS) return { problem: `Spread the dates over at most ${MAX_FILL_YEARS} years.` };
  if (notVerified === 1) return [[null, 1]];
  const years = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  return table(
    years,
    years.map(() => 1),
    notVerified,
  );
}

/**
 * Verification most likely in `year`, less likely each year away from it, to nothing `spread` years
 * before and after (triangular weights: spread + 1 - |y - year|), the rest not verified.
 */
export function agiMostLikely(year: number, spread: number, notVerified: number): TableValue | FillProblem {
  const common = checkCommon(notVerified);
  if (common) return common;
  if (!Number.isInteger(year) || year < 1900 || year > 9999) return { problem: "Give the most likely year." };
  if (!Number.isInteger(spread) || spread < 0 || 2 * spread + 1 > MAX_FILL_YEARS) {
    return { problem: `The spread is a whole number of years from 0 to ${(MAX_FILL_YEARS - 1) / 2}.` };
  }
  if (year - spread < 1900 || year + spread > 9999) return { problem: "The years fall outside 1900 to 9999." };
  if (notVerified === 1) return [[null, 1]];
  const years = Array.from({ length: 2 * spread + 1 }, (_, i) => year - spread + i);
  return table(
    years,
    years.map((y) => spread + 1 - Math.abs(y - year)),
    notVerified,
  );
}
