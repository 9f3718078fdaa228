import { isoDate, MAX_SERIAL, MIN_SERIAL } from "../../engine/dates";
import { valueError } from "../../engine/errors";
import { DEFAULT_TERM_PRESET_ID, getTermPreset, TERM_PRESET_IDS, TermPreset } from "../../engine/presets";
import { isMissing, unwrapScalar } from "./args";

/**
 * A preset id as text. A cell where someone typed 2025-10 holds the date 2025-10-01 in Excel, so a date
 * in a preset's month names that preset too.
 */
export function presetArgument(value: unknown): TermPreset {
  if (isMissing(value)) return getTermPreset(DEFAULT_TERM_PRESET_ID);
  const v = unwrapScalar(value);
  if (typeof v === "string") return getTermPreset(v);
  if (typeof v === "number" && v >= MIN_SERIAL && v <= MAX_SERIAL) {
    const month = isoDate(Math.floor(v)).slice(0, 7);
    if ((TERM_PRESET_IDS as readonly string[]).includes(month)) return getTermPreset(month);
  }
  const given = typeof v === "number" ? `the number ${v}` : typeof v === "boolean" ? "a logical value" : "a range of several cells";
  throw valueError(`terms must be one of ${TERM_PRESET_IDS.join(", ")} (as text); got ${given}.`, "terms");
}
