import { Decimal } from "../engine/decimal";
import { numError } from "../engine/errors";
import {
  CellRevenueShareTerms,
  RevenueShareSchedule,
  ScaledRevenueShareSchedule,
  revenueSharePresentValue,
  revenueShareSchedule,
  scaledRevenueShareSchedule,
} from "../engine/revshare";
import {
  MAX_ROWS,
  cellDates,
  cellNumbers,
  isMissing,
  optionalBoolean,
  optionalDate,
  optionalNumber,
  optionalWhole,
  requiredNumber,
  vectorReader,
} from "./support/args";
import { formula } from "./support/errors";
import { numberReader, toNumber } from "./support/results";

const HEADERS = ["Period end", "Revenue", "Accrued", "Paid", "Cumulative paid", "Unpaid"];

/** Dates of the period ends; a range left wholly empty counts as not given. */
function periodEndDates(range: unknown): Float64Array | null {
  if (isMissing(range)) return null;
  const cells = vectorReader(range, "period_ends");
  for (let i = 0; i < cells.length; i++) if (!isMissing(cells.cell(i))) return cellDates(range, "period_ends");
  return null;
}

/** Coerces the arguments the two functions share, in the order Excel shows them. */
function revenueShareTerms(
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
    rate: requiredNumber(rate, "rate"),
    periodEnds: periodEndDates(periodEnds),
    endDate: optionalDate(endDate, "end_date"),
    cap: optionalNumber(cap, "cap", null),
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

/** The schedule in scaled integers when its amounts fit them, else in Decimal: the same figures either way. */
function schedule(terms: CellRevenueShareTerms): RevenueShareSchedule | ScaledRevenueShareSchedule {
  return (
    scaledRevenueShareSchedule(terms) ??
    revenueShareSchedule({ ...terms, revenue: Array.from(terms.revenue, (value) => new Decimal(value)) })
  );
}

/**
 * Revenue-share payment schedule: what accrues each period (rate x revenue, until an end date and up to a total cap) and what is paid, in equal instalments after a lag. Spills Period end, Revenue, Accrued, Paid, Cumulative paid and Unpaid, running on past the last revenue period until everything accrued is paid. =DEAL.REVSHARE(B2:B13, 0.2, A2:A13, DATE(2030,12,31), 38000000000, 12) accrues 20% of each month's revenue through 2030, up to 38 billion in all, and pays each month's share in 12 monthly instalments.
 * @customfunction REVSHARE
 * @param {any[][]} revenue Revenue of each period, one column or one row; an empty cell counts as 0.
 * @param {any} rate Share of revenue that accrues, a fraction from 0 to 1 (0.2 means 20%).
 * @param {any[][]} [period_ends] Last day of each period, dates strictly increasing, one for each revenue value. Empty: periods are numbered 1, 2, ...
 * @param {any} [end_date] Last day of accrual, inclusive (for example the date AGI is verified); a period it cuts accrues pro rata by days. Needs period_ends. Empty: no end.
 * @param {any} [cap] Total accrual over the life of the agreement; the period that reaches it accrues only the remainder. Empty: no cap.
 * @param {any} [payout_periods] Number of equal instalments in which each period's accrual is paid. Default 1.
 * @param {any} [payout_lag] Periods from a period's accrual to its first instalment. Default 0 (paid in the period itself).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} The schedule, one row per period.
 */
export function revShare(
  revenue: any[][],
  rate: any,
  period_ends?: any[][],
  end_date?: any,
  cap?: any,
  payout_periods?: any,
  payout_lag?: any,
  headers?: any,
): any[][] {
  return formula(() => {
    const terms = revenueShareTerms(revenue, rate, period_ends, end_date, cap, payout_periods, payout_lag);
    const withHeaders = optionalBoolean(headers, "headers", true);
    const { periodEnds, revenue: revenueColumn, accrued, paid, cumulativePaid, unpaid } = schedule(terms);
    const [revenueAt, accruedAt, paidAt, cumulativeAt, unpaidAt] = [revenueColumn, accrued, paid, cumulativePaid, unpaid].map(numberReader);
    const first = withHeaders ? 1 : 0;
    const rows: (string | number)[][] = new Array(periodEnds.length + first);
    if (withHeaders) rows[0] = HEADERS;
    for (let i = 0; i < periodEnds.length; i++) {
      rows[i + first] = [periodEnds[i], revenueAt(i), accruedAt(i), paidAt(i), cumulativeAt(i), unpaidAt(i)];
    }
    return rows;
  });
}

/**
 * Present value of a revenue share's payments (the Paid column of DEAL.REVSHARE). With period_ends, each payment is discounted from its period end to the first day of the first period at actual/365, as XNPV does; without, payment k is discounted k periods, as NPV does. =DEAL.REVSHAREPV(B2:B13, 0.2, 0.08, A2:A13) values 20% of the revenue at 8% a year.
 * @customfunction REVSHAREPV
 * @param {any[][]} revenue Revenue of each period, one column or one row; an empty cell counts as 0.
 * @param {any} rate Share of revenue that accrues, a fraction from 0 to 1 (0.2 means 20%).
 * @param {any} discount_rate Discount rate: a year's rate with period_ends, a period's rate without (0.08 means 8%). Greater than -1.
 * @param {any[][]} [period_ends] Last day of each period, dates strictly increasing, one for each revenue value. Empty: periods are numbered 1, 2, ...
 * @param {any} [end_date] Last day of accrual, inclusive (for example the date AGI is verified); a period it cuts accrues pro rata by days. Needs period_ends. Empty: no end.
 * @param {any} [cap] Total accrual over the life of the agreement; the period that reaches it accrues only the remainder. Empty: no cap.
 * @param {any} [payout_periods] Number of equal instalments in which each period's accrual is paid. Default 1.
 * @param {any} [payout_lag] Periods from a period's accrual to its first instalment. Default 0 (paid in the period itself).
 * @returns {number} Present value of the payments.
 */
export function revSharePv(
  revenue: any[][],
  rate: any,
  discount_rate: any,
  period_ends?: any[][],
  end_date?: any,
  cap?: any,
  payout_periods?: any,
  payout_lag?: any,
): number {
  return formula(() => {
    const discountRate = requiredNumber(discount_rate, "discount_rate");
    const terms = revenueShareTerms(revenue, rate, period_ends, end_date, cap, payout_periods, payout_lag);
    return toNumber(revenueSharePresentValue(schedule(terms), discountRate));
  });
}
