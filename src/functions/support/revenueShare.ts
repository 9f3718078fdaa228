import { numError } from "../../engine/errors";
import { CellRevenueShareTerms } from "../../engine/revshare";
import {
  MAX_ROWS,
  cellDates,
  cellNumbers,
  isMissing,
  optionalDate,
  optionalFinite,
  optionalWhole,
  requiredFinite,
  vectorReader,
} from "./args";

/** What DEAL.REVSHARE, DEAL.REVSHAREPV and DEAL.REVSHAREAGI share: reading the terms. */

/** Dates of the period ends; a range left wholly empty counts as not given. */
export function periodEndDates(range: unknown): Float64Array | null {
  if (isMissing(range)) return null;
  const cells = vectorReader(range, "period_ends");
  for (let i = 0; i < cells.length; i++) if (!isMissing(cells.cell(i))) return cellDates(range, "period_ends");
  return null;
}

/** Coerces the arguments the two functions share, in the order Excel shows them. */
export function revenueShareTerms(
  revenue: unknown,
  rate: unknown,
  periodEnds: unknown,
  endDate: unknown,
  cap: unknown,
  payoutPeriods: unknown,
  payoutLag: unknown,
): CellRevenueShareTerms {
  const terms: CellRevenueShareTerms = {
    revenue: cellNumbers(revenue, "revenue"),
    rate: requiredFinite(rate, "rate"),
    periodEnds: periodEndDates(periodEnds),
    endDate: optionalDate(endDate, "end_date"),
    cap: optionalFinite(cap, "cap", null),
    payoutPeriods: optionalWhole(payoutPeriods, "payout_periods", 1, 1, MAX_ROWS),
    payoutLag: optionalWhole(payoutLag, "payout_lag", 0, 0, MAX_ROWS),
  };
  const longest = terms.revenue.length + terms.payoutPeriods! - 1 + terms.payoutLag!;
  if (longest > MAX_ROWS) {
    throw numError(
      `The schedule could run to ${longest} rows (${terms.revenue.length} periods + payout_periods - 1 + payout_lag); the limit is ${MAX_ROWS}.`,
    );
  }
  return terms;
}
