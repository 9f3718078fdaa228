import { Decimal } from "./decimal";
import { numError, argumentOf } from "./errors";

/** A stake must be a fraction in (0, 1]: a zero stake has no implied value, and no stake exceeds 100%. */
export function checkStake(stake: Decimal, name = "stake"): void {
  if (stake.lte(0) || stake.gt(1)) {
    throw numError(`${name} must be a fraction greater than 0 and at most 1 (0.27 means 27%); got ${stake.toString()}.`, argumentOf(name));
  }
}

export function checkNonNegative(value: Decimal, name: string): void {
  if (value.isNegative() && !value.isZero()) {
    throw numError(`${name} must not be negative; got ${value.toString()}.`, argumentOf(name));
  }
}

/** Value of 100% of the equity implied by the value of a stake: stake_value / stake. */
export function impliedValuation(stakeValue: Decimal, stake: Decimal): Decimal {
  checkNonNegative(stakeValue, "stake_value");
  checkStake(stake);
  return stakeValue.div(stake);
}

/** Value of a stake in an equity worth equity_value: equity_value x stake. */
export function stakeValue(equityValue: Decimal, stake: Decimal): Decimal {
  checkNonNegative(equityValue, "equity_value");
  checkStake(stake);
  return equityValue.times(stake);
}
