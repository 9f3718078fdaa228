import { RightEnd, RightId, RightTerm, TermPreset } from "./presets";
import { valueError } from "./errors";

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

/** The last day the right is in force, or null when that hangs on an AGI verification date not given. */
export function lastDayInForce(end: RightEnd, agiVerified: number | null): number | null {
  const dayBeforeVerification = agiVerified === null ? null : agiVerified - 1;
  switch (end.kind) {
    case "fixed":
      return end.lastDay;
    case "agi":
      return dayBeforeVerification;
    case "earlier":
      return dayBeforeVerification === null ? end.lastDay : Math.min(end.lastDay, dayBeforeVerification);
  }
}

export function isInForce(end: RightEnd, asOf: number, agiVerified: number | null): boolean {
  const last = lastDayInForce(end, agiVerified);
  return last === null || asOf <= last;
}

export function rightTerm(preset: TermPreset, right: RightId): RightTerm {
  const term = preset.rights.find((r) => r.right === right);
  if (!term) throw valueError(`The preset ${preset.id} has no right "${right}".`);
  return term;
}

export function rightActive(preset: TermPreset, right: RightId, asOf: number, agiVerified: number | null): boolean {
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
