import { impliedValuation, stakeValue as valueOfStake } from "../engine/valuation";
import { requiredNumber } from "./support/args";
import { formula } from "./support/errors";
import { toNumber } from "./support/results";

/**
 * Implied value of 100% of the equity, from the value of a stake and the fraction it represents. =DEAL.VALUATION(135000000000, 0.27) is 500000000000.
 * @customfunction VALUATION
 * @param {any} stake_value Value of the stake, in money (for example 135000000000).
 * @param {any} stake The stake as a fraction greater than 0 and at most 1 (0.27 means 27%).
 * @returns {number} Implied value of the whole equity.
 */
export function valuation(stake_value: any, stake: any): number {
  return formula(() => toNumber(impliedValuation(requiredNumber(stake_value, "stake_value"), requiredNumber(stake, "stake"))));
}

/**
 * Value of a stake in an equity of a given value. =DEAL.STAKEVALUE(500000000000, 0.27) is 135000000000.
 * @customfunction STAKEVALUE
 * @param {any} equity_value Value of 100% of the equity, in money.
 * @param {any} stake The stake as a fraction greater than 0 and at most 1 (0.27 means 27%).
 * @returns {number} Value of the stake.
 */
export function stakeValue(equity_value: any, stake: any): number {
  return formula(() => toNumber(valueOfStake(requiredNumber(equity_value, "equity_value"), requiredNumber(stake, "stake"))));
}
