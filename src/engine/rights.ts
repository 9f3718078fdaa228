import { MAX_SERIAL } from "./dates";
import { numError, valueError, argumentOf } from "./errors";
import { RightEnd, RightId, RightTerm, TermPreset } from "./presets";

/**
 * The rights timeline: which of the deal's rights is in force on a date, given the preset's end rules
 * and the date the expert panel verifies AGI (null: not verified, or no date assumed).
 *
 * Boundaries: a right is in force on its last day and not the day after. A fixed end ("through 2032")
 * has last day 2032-12-31. An end "until the panel verifies AGI" has last day = verification date - 1:
 * the verification takes effect on its own day. "The earlier of" takes the earlier last day. Rights have
 * no start date here (they come from a partnership that predates the presets), so every right is in force
 * on any date up to its last day.
 */

export const RIGHT_IDS: readonly RightId[] = Object.freeze(["models", "research", "exclusivity", "revshare"] as RightId[]);

/**
 * A verification date must have a day before it that is a date: 1900-01-02 at the earliest, since a right
 * it ends is last in force the day before, and Excel has no 1899-12-31 (1900-01-01 would leave Ends 0).
 */
export function checkAgiVerified(agiVerified: number, name = "agi_verified"): void {
  if (!Number.isInteger(agiVerified) || agiVerified < 2 || agiVerified > MAX_SERIAL) {
    throw numError(
      `${name} must be a date from 1900-01-02 to 9999-12-31: the rights it ends are last in force the day before, which must be a date; got ${agiVerified}.`,
      argumentOf(name),
    );
  }
}

/** The last day in force of a right "until AGI is verified": the day before verification. */
export function dayBeforeVerification(agiVerified: number): number {
  checkAgiVerified(agiVerified);
  return agiVerified - 1;
}

/** The last day the right is in force, or null when that hangs on an AGI verification date not given. */
export function lastDayInForce(end: RightEnd, agiVerified: number | null): number | null {
  const dayBefore = agiVerified === null ? null : dayBeforeVerification(agiVerified);
  switch (end.kind) {
    case "fixed":
      return end.lastDay;
    case "agi":
      return dayBefore;
    case "earlier":
      return dayBefore === null ? end.lastDay : Math.min(end.lastDay, dayBefore);
  }
}

export function isInForce(end: RightEnd, asOf: number, agiVerified: number | null): boolean {
  const last = lastDayInForce(end, agiVerified);
  return last === null || asOf <= last;
}

export function rightTerm(preset: TermPreset, right: RightId): RightTerm {
  const term = preset.rights.find((r) => r.right === right);
  if (!term) throw valueError(`The preset ${preset.id} has no right "${right}".`, "right");
  return term;
}

export function rightActive(preset: TermPreset, right: RightId, asOf: number, agiVerified: number | null): boolean {
  if (agiVerified !== null) checkAgiVerified(agiVerified);
  return isInForce(rightTerm(preset, right).end, asOf, agiVerified);
}

export interface RightStatus {
  right: RightId;
  label: string;
  active: boolean;
  /** The last day in force; null while it waits for an AGI verification date. */
  lastDay: number | null;
}

/** Every right of the preset on a date, in the order of RIGHT_IDS. */
export function rightsOn(preset: TermPreset, asOf: number, agiVerified: number | null): RightStatus[] {
  return RIGHT_IDS.map((right) => {
    const term = rightTerm(preset, right);
    const lastDay = lastDayInForce(term.end, agiVerified);
    return { right, label: term.label, active: lastDay === null || asOf <= lastDay, lastDay };
  });
}
