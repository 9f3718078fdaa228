import { Decimal } from "./decimal";

/**
 * Exact decimals as whole numbers of a small unit: a value is `units x 10^-places`, with `units` an
 * integer held in an ordinary JavaScript number. Integers below 2^53 are exact in binary64, and so are
 * their sums, differences and products while those stay below 2^53: a loop over scaled integers is
 * exact decimal arithmetic at the speed of plain numbers. Whoever uses them checks that bound and falls
 * back to Decimal where a value could leave it, so the result never depends on which was used.
 */

/** 10^0 ... 10^22: every one is exact in binary64 (parsed from text, so no power function rounds them). */
export const POWERS_OF_TEN: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The finest unit a scaled column uses: 10^-22, the smallest power of ten that is exact in binary64. */
export const MAX_PLACES = POWERS_OF_TEN.length - 1;

/**
 * The largest units a value may have. It leaves 2^20 of headroom below 2^53, so a value plus a
 * remainder smaller than 2^20 (an instalment count, at most 100,000) is still exact.
 */
export const SAFE_UNITS = 2 ** 53 - 2 ** 20;

/**
 * A decimal with at most 15 significant digits reads into a binary64 number and back unchanged, so a
 * number whose units at some scale stay below 10^15 is exactly that decimal when decimal.js reads it
 * (decimal.js reads a number through its shortest text, which round-trips too).
 */
const CELL_COEFFICIENT_LIMIT = 1e15;

/** One column of exact decimals sharing a unit: value i is units[i] x 10^-places. */
export interface ScaledColumn {
  readonly units: Float64Array;
  readonly places: number;
}

/** The units of `value` at `places`, or null when the value is not a whole number of that unit with at most 15 digits. */
export function unitsAt(value: number, places: number): number | null {
  if (value === 0) return 0;
  const scale = POWERS_OF_TEN[places];
  const units = Math.round(value * scale);
  return units / scale === value && Math.abs(units) < CELL_COEFFICIENT_LIMIT ? units : null;
}

/**
 * The fewest decimal places at which every value is a whole number of units with at most 15 digits;
 * null when there are none up to MAX_PLACES (a value with 16 or 17 significant digits, or a column
 * mixing 10^14 with 10^-7). A value that needs more places than those before it starts the pass again,
 * since a finer unit can give an earlier, large value too many digits.
 */
export function commonPlaces(values: ArrayLike<number>): number | null {
  let places = 0;
  for (let i = 0; i < values.length; i++) {
    if (unitsAt(values[i], places) !== null) continue;
    do {
      if (++places > MAX_PLACES) return null;
    } while (unitsAt(values[i], places) === null);
    i = -1;
  }
  return places;
}

/** Writes the units of every value at commonPlaces into `units` and returns those places (null as commonPlaces). */
export function toCommonUnits(values: ArrayLike<number>, units: Float64Array): number | null {
  const places = commonPlaces(values);
  if (places === null) return null;
  const scale = POWERS_OF_TEN[places];
  for (let i = 0; i < values.length; i++) units[i] = Math.round(values[i] * scale);
  return places;
}

/** The exact Decimal of units x 10^-places. */
export function scaledToDecimal(units: number, places: number): Decimal {
  return new Decimal(`${units}e${-places}`);
}

/**
 * A Decimal as whole units of 10^-places, rounded down; null when those units pass SAFE_UNITS. Used
 * once per call (for a cap), where decimal.js's cost does not matter.
 */
export function decimalToUnitsDown(value: Decimal, places: number): number | null {
  const units = value.times(new Decimal(10).pow(places)).floor();
  return units.gt(SAFE_UNITS) ? null : units.toNumber();
}

/** Number of decimal digits of a positive safe integer. */
export function digitCount(value: number): number {
  let digits = 1;
  while (digits < POWERS_OF_TEN.length && value >= POWERS_OF_TEN[digits]) digits++;
  return digits;
}

/**
 * The exact sum of cell numbers (each read as the decimal it shows): in scaled integers while the sum
 * stays within SAFE_UNITS, else in Decimal. No number may be NaN or infinite.
 */
export function exactSum(values: ArrayLike<number>): Decimal {
  const places = commonPlaces(values);
  if (places !== null) {
    const scale = POWERS_OF_TEN[places];
    let total = 0;
    let inRange = true;
    for (let i = 0; i < values.length && inRange; i++) {
      total += Math.round(values[i] * scale);
      inRange = Math.abs(total) <= SAFE_UNITS;
    }
    if (inRange) return scaledToDecimal(total, places);
  }
  let total = new Decimal(0);
  for (let i = 0; i < values.length; i++) total = total.plus(values[i]);
  return total;
}
