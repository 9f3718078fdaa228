import DecimalBase from "decimal.js";

/**
 * The engine's own Decimal constructor: 40 significant digits and half-up rounding, cloned so that
 * nothing else that loads decimal.js can change the engine's precision.
 */
export const Decimal = DecimalBase.clone({
  precision: 40,
  rounding: DecimalBase.ROUND_HALF_UP,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = DecimalBase;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Sums without rounding (every digit kept, whatever the magnitudes): for totals that must be exact. */
const Unrounded = DecimalBase.clone({ precision: 1e9, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });

/** The exact sum, as an engine Decimal with all its digits (later operations round to 40). */
export function sum(values: readonly Decimal[]): Decimal {
  let total = new Unrounded(0);
  for (const v of values) total = total.plus(v);
  return new Decimal(total);
}
