import { cellPresentValue, checkValuationDate } from "../engine/discount";
import { POWERS_OF_TEN } from "../engine/exact";
import { RevenueShareSchedule, ScaledRevenueShareSchedule, cellRevenueShareSchedule } from "../engine/revshare";
import { optionalBoolean, optionalDate, requiredFinite } from "./support/args";
import { formula } from "./support/errors";
import { revenueShareTerms } from "./support/revenueShare";
import { numberReader } from "./support/results";

/** A function of the header row, so that a caller changing a result's header changes only that result. */
const headerRow = () => ["Period end", "Revenue", "Accrued", "Paid", "Cumulative paid", "Unpaid"];

/**
 * Revenue-share payment schedule: what accrues each period (rate x revenue, until an end date and up to a total cap) and what is paid, in equal instalments after a lag. Spills Period end, Revenue, Accrued, Paid, Cumulative paid and Unpaid, running on past the last revenue period until everything accrued is paid. =DEAL.REVSHARE(B2:B13, 0.2, A2:A13, DATE(2030,12,31), 38000000000, 12) accrues 20% of each month's revenue through 2030, up to 38 billion in all, and pays each month's share in 12 monthly instalments.
 * @customfunction REVSHARE
 * @param {any[][]} revenue Revenue of each period, one column or one row; an empty cell counts as 0.
 * @param {any} rate Share of revenue that accrues, a fraction from 0 to 1 (0.2 means 20%).
 * @param {any[][]} [period_ends] Last day of each period, dates strictly increasing, one for each revenue value. Empty: periods are numbered 1, 2, ...
 * @param {any} [end_date] Last day of accrual, inclusive (for example the day before AGI is verified); a period it cuts accrues pro rata by days. Needs period_ends. Empty: no end.
 * @param {any} [cap] Total accrual over the life of the agreement; the period that reaches it accrues only the remainder. Empty: no cap.
 * @param {any} [payout_periods] Number of equal instalments in which each period's accrual is paid. Default 1.
 * @param {any} [payout_lag] Periods from a period's accrual to its first instalment. Default 0 (paid in the period itself).
 * @param {any} [headers] TRUE (default) to add a header row.
 * @returns {any[][]} Period end | Revenue | Accrued | Paid | Cumulative paid | Unpaid, one row per period.
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
    const computed = cellRevenueShareSchedule(terms);
    const { periodEnds } = computed;
    const first = withHeaders ? 1 : 0;
    const rows: (string | number)[][] = new Array(periodEnds.length + first);
    if (withHeaders) rows[0] = headerRow();
    if (computed.revenue instanceof Float64Array) {
      // Whole units to numbers: one correctly rounded operation with an exact power of ten per amount.
      const { revenue: revenueColumn, accrued, paid, cumulativePaid, unpaid } = computed as ScaledRevenueShareSchedule;
      const { places } = accrued;
      const power = POWERS_OF_TEN[Math.abs(places)];
      const [a, p, c, u] = [accrued.units, paid.units, cumulativePaid.units, unpaid.units];
      if (places >= 0) {
        for (let i = 0; i < periodEnds.length; i++)
          rows[i + first] = [periodEnds[i], revenueColumn[i], a[i] / power, p[i] / power, c[i] / power, u[i] / power];
      } else {
        for (let i = 0; i < periodEnds.length; i++)
          rows[i + first] = [periodEnds[i], revenueColumn[i], a[i] * power, p[i] * power, c[i] * power, u[i] * power];
      }
    } else {
      const { revenue: revenueColumn, accrued, paid, cumulativePaid, unpaid } = computed as RevenueShareSchedule;
      const [revenueAt, accruedAt, paidAt, cumulativeAt, unpaidAt] = [revenueColumn, accrued, paid, cumulativePaid, unpaid].map(
        numberReader,
      );
      for (let i = 0; i < periodEnds.length; i++) {
        rows[i + first] = [periodEnds[i], revenueAt(i), accruedAt(i), paidAt(i), cumulativeAt(i), unpaidAt(i)];
      }
    }
    return rows;
  });
}

/**
 * Present value of a revenue share's payments (the Paid column of DEAL.REVSHARE). With period_ends, each payment is discounted from its period end to the first day of the first period at actual/365, as XNPV does, or to valuation_date when given; without, payment k is discounted k periods, as NPV does. =DEAL.REVSHAREPV(B2:B13, 0.2, 0.08, A2:A13) values 20% of the revenue at 8% a year.
 * @customfunction REVSHAREPV
 * @param {any[][]} revenue Revenue of each period, one column or one row; an empty cell counts as 0.
 * @param {any} rate Share of revenue that accrues, a fraction from 0 to 1 (0.2 means 20%).
 * @param {any} discount_rate Discount rate: a year's rate with period_ends, a period's rate without (0.08 means 8%). Greater than -1.
 * @param {any[][]} [period_ends] Last day of each period, dates strictly increasing, one for each revenue value. Empty: periods are numbered 1, 2, ...
 * @param {any} [end_date] Last day of accrual, inclusive (for example the day before AGI is verified); a period it cuts accrues pro rata by days. Needs period_ends. Empty: no end.
 * @param {any} [cap] Total accrual over the life of the agreement; the period that reaches it accrues only the remainder. Empty: no cap.
 * @param {any} [payout_periods] Number of equal instalments in which each period's accrual is paid. Default 1.
 * @param {any} [payout_lag] Periods from a period's accrual to its first instalment. Default 0 (paid in the period itself).
 * @param {any} [valuation_date] The date to value the payments at: payments dated before it are left out, one on it counts in full, later ones are discounted to it at actual/365. Needs period_ends. Empty: the first day of the first period.
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
  valuation_date?: any,
): number {
  return formula(() => {
    const discountRate = requiredFinite(discount_rate, "discount_rate");
    const terms = revenueShareTerms(revenue, rate, period_ends, end_date, cap, payout_periods, payout_lag);
    const valuationDate = optionalDate(valuation_date, "valuation_date");
    checkValuationDate(valuationDate, terms.periodEnds !== null);
    return cellPresentValue(terms, cellRevenueShareSchedule(terms), discountRate, valuationDate);
  });
}
