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

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}
