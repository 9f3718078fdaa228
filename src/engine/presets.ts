import { serialFromIso } from "./dates";
import { Decimal } from "./decimal";
import { valueError } from "./errors";

/**
 * The deal's terms as data: the one module that knows the default scenario's figures. Formulas
 * (DEAL.TERM, DEAL.RIGHTS, DEAL.RIGHTACTIVE) and the task pane's preset picker both read it, so a
 * figure, its source and whether it is official or only reported are written down exactly once.
 * Facts: /work/shared/seed/deal-terms.md and the announcement of 2025-10-28.
 */

export type TermStatus = "official" | "reported" | "derived";

export interface TermFigure {
  key: string;
  label: string;
  kind: "fraction" | "money" | "date" | "text";
  /** A fraction or money as a Decimal, a date as an Excel serial, text as a string; null when the preset has no such figure. */
  value: Decimal | number | string | null;
  status: TermStatus;
  source: string;
  /** What the figure counts or why it is empty, for a tooltip. */
  note?: string;
}

export type TermPresetId = "2025-10" | "2026-04";

export type RightId = "models" | "research" | "exclusivity" | "revshare";

/**
 * When a right stops being in force. Every date here is the LAST day the right is in force ("through
 * 2032" is 2032-12-31). A right that runs "until the panel verifies AGI" is in force up to the day before
 * the verification date and not on that date: verification is an event that takes effect on its day, as
 * the amendment's "non-exclusive from 2026-04-27" does.
 */
export type RightEnd = { kind: "fixed"; lastDay: number } | { kind: "agi" } | { kind: "earlier"; lastDay: number }; // the earlier of lastDay and the day before AGI verification

export interface RightTerm {
  right: RightId;
  label: string;
  end: RightEnd;
  status: TermStatus;
  source: string;
  note?: string;
}

export interface TermPreset {
  id: TermPresetId;
  label: string;
  status: "official" | "reported";
  description: string;
  figures: TermFigure[];
  rights: RightTerm[];
}

const ANNOUNCEMENT = "Microsoft–OpenAI announcement, 2025-10-28";
const STRUCTURE_PAGE = "OpenAI's structure page (official), also in the press";
const RATE_REPORTS = "Bloomberg, CNBC (2025)";
const AMENDMENT_REPORTS = "CNBC and others, 2026-04-27";
const CAP_REPORT = "The Information (2026)";

const ANNOUNCED = serialFromIso("2025-10-28");
const AMENDED = serialFromIso("2026-04-27");
const MODELS_IP_LAST_DAY = serialFromIso("2032-12-31");
const RESEARCH_IP_LAST_DAY = serialFromIso("2030-12-31");
const AMENDED_REVSHARE_LAST_DAY = serialFromIso("2030-12-31");

const STAKE_DILUTED = new Decimal("0.27");
const STAKE_VALUE = new Decimal("135000000000");

function figure(
  key: string,
  label: string,
  kind: TermFigure["kind"],
  value: TermFigure["value"],
  status: TermStatus,
  source: string,
  note?: string,
): TermFigure {
  return note === undefined ? { key, label, kind, value, status, source } : { key, label, kind, value, status, source, note };
}

/** The order in which DEAL.TERM's keys are listed and the pane shows the figures. */
const KEY_ORDER = [
  "company",
  "investor",
  "announcement_date",
  "amendment_date",
  "stake_diluted",
  "stake_as_converted",
  "stake_value",
  "implied_valuation",
  "foundation_stake",
  "foundation_value",
  "others_stake",
  "azure_commitment",
  "revshare_rate",
  "revshare_end",
  "revshare_cap",
  "models_ip_end",
  "research_ip_end",
  "exclusivity_end",
  "ip_nonexclusive_from",
];

function inKeyOrder(figures: TermFigure[]): TermFigure[] {
  const position = (f: TermFigure) => {
    const i = KEY_ORDER.indexOf(f.key);
    if (i < 0) throw new Error(`term figure ${f.key} is missing from KEY_ORDER`);
    return i;
  };
  return [...figures].sort((a, b) => position(a) - position(b));
}

/** Figures that the amendment left as announced. */
function sharedFigures(): TermFigure[] {
  return [
    figure("company", "Company", "text", "OpenAI Group PBC", "official", ANNOUNCEMENT),
    figure("investor", "Investor", "text", "Microsoft", "official", ANNOUNCEMENT),
    figure("announcement_date", "Announced", "date", ANNOUNCED, "official", ANNOUNCEMENT),
    figure(
      "stake_diluted",
      "Microsoft's stake, as-converted diluted",
      "fraction",
      STAKE_DILUTED,
      "official",
      ANNOUNCEMENT,
      "~27% on an as-converted diluted basis, inclusive of all owners (employees, investors, the OpenAI Foundation).",
    ),
    figure(
      "stake_as_converted",
      "Microsoft's stake before the recent rounds, as-converted",
      "fraction",
      new Decimal("0.325"),
      "official",
      ANNOUNCEMENT,
      "32.5% on an as-converted basis in the OpenAI for-profit, excluding OpenAI's recent funding rounds: a different denominator from the 27%.",
    ),
    figure("stake_value", "Value of Microsoft's stake", "money", STAKE_VALUE, "official", ANNOUNCEMENT, "~$135 billion."),
    figure(
      "implied_valuation",
      "Implied equity value of OpenAI Group PBC",
      "money",
      STAKE_VALUE.div(STAKE_DILUTED),
      "derived",
      "Derived: stake_value / stake_diluted (not stated in the announcement)",
    ),
    figure("foundation_stake", "OpenAI Foundation's stake", "fraction", new Decimal("0.26"), "official", STRUCTURE_PAGE, "~26%."),
    figure(
      "foundation_value",
      "Value of the OpenAI Foundation's stake",
      "money",
      new Decimal("130000000000"),
      "official",
      STRUCTURE_PAGE,
      "~$130B.",
    ),
    figure("others_stake", "Employees' and investors' stake", "fraction", new Decimal("0.47"), "official", STRUCTURE_PAGE, "~47%."),
    figure(
      "azure_commitment",
      "Incremental Azure commitment",
      "money",
      new Decimal("250000000000"),
      "official",
      ANNOUNCEMENT,
      "OpenAI contracted to purchase an incremental $250B of Azure services; no schedule disclosed.",
    ),
    figure(
      "models_ip_end",
      "Models and products IP: last day",
      "date",
      MODELS_IP_LAST_DAY,
      "official",
      ANNOUNCEMENT,
      "Through 2032, including post-AGI models.",
    ),
    figure(
      "research_ip_end",
      "Research IP: last day at the latest",
      "date",
      RESEARCH_IP_LAST_DAY,
      "official",
      ANNOUNCEMENT,
      "Through 2030, or until the expert panel verifies AGI if that comes first.",
    ),
    figure(
      "exclusivity_end",
      "Azure API exclusivity: last day",
      "date",
      null,
      "official",
      ANNOUNCEMENT,
      "No fixed date: until the expert panel verifies AGI.",
    ),
  ];
}

function presetOctober2025(): TermPreset {
  const figures = inKeyOrder([
    ...sharedFigures(),
    figure("amendment_date", "Amended", "date", null, "official", ANNOUNCEMENT, "Not amended in this preset."),
    figure(
      "revshare_rate",
      "Revenue-share rate",
      "fraction",
      new Decimal("0.2"),
      "reported",
      RATE_REPORTS,
      "20% of OpenAI revenue; not in the announcement.",
    ),
    figure(
      "revshare_end",
      "Revenue share: last day",
      "date",
      null,
      "official",
      ANNOUNCEMENT,
      "No fixed date: until the expert panel verifies AGI; payments are made over a longer period.",
    ),
    figure("revshare_cap", "Revenue-share total cap", "money", null, "official", ANNOUNCEMENT, "No cap announced."),
    figure(
      "ip_nonexclusive_from",
      "IP licence non-exclusive from",
      "date",
      null,
      "official",
      ANNOUNCEMENT,
      "Exclusive IP rights until AGI.",
    ),
  ]);
  return {
    id: "2025-10",
    label: "October 2025 announcement",
    status: "official",
    description:
      "The agreement announced on 2025-10-28: revenue share, Azure API exclusivity and research IP end when the expert panel verifies AGI " +
      "(research IP at 2030-12-31 at the latest); models and products IP through 2032-12-31. The 20% rate is reported, not official.",
    figures,
    rights: [
      {
        right: "models",
        label: "Models and products IP",
        end: { kind: "fixed", lastDay: MODELS_IP_LAST_DAY },
        status: "official",
        source: ANNOUNCEMENT,
      },
      {
        right: "research",
        label: "Research IP",
        end: { kind: "earlier", lastDay: RESEARCH_IP_LAST_DAY },
        status: "official",
        source: ANNOUNCEMENT,
      },
      { right: "exclusivity", label: "Azure API exclusivity", end: { kind: "agi" }, status: "official", source: ANNOUNCEMENT },
      { right: "revshare", label: "Revenue share", end: { kind: "agi" }, status: "official", source: ANNOUNCEMENT },
    ],
  };
}

function presetApril2026(): TermPreset {
  const figures = inKeyOrder([
    ...sharedFigures(),
    figure("amendment_date", "Amended", "date", AMENDED, "reported", AMENDMENT_REPORTS),
    figure(
      "revshare_rate",
      "Revenue-share rate",
      "fraction",
      new Decimal("0.2"),
      "reported",
      `${RATE_REPORTS}; unchanged per ${AMENDMENT_REPORTS}`,
      "20% of OpenAI revenue, the same rate after the amendment.",
    ),
    figure(
      "revshare_end",
      "Revenue share: last day",
      "date",
      AMENDED_REVSHARE_LAST_DAY,
      "reported",
      AMENDMENT_REPORTS,
      "Accrues through 2030 whatever happens to AGI, subject to the total cap.",
    ),
    figure("revshare_cap", "Revenue-share total cap", "money", new Decimal("38000000000"), "reported", CAP_REPORT, "~$38B."),
    figure(
      "ip_nonexclusive_from",
      "IP licence non-exclusive from",
      "date",
      AMENDED,
      "reported",
      AMENDMENT_REPORTS,
      "Microsoft's IP licence to 2032 stays but is no longer exclusive; Azure API exclusivity is unchanged.",
    ),
  ]);
  return {
    id: "2026-04",
    label: "April 2026 amendment (reported)",
    status: "reported",
    description:
      "The amendment as reported on 2026-04-27: revenue share accrues through 2030-12-31 whatever happens to AGI, with a total cap (~$38B); " +
      "Microsoft's IP licence stays through 2032-12-31 but is non-exclusive from 2026-04-27. Everything else as announced in October 2025.",
    figures,
    rights: [
      {
        right: "models",
        label: "Models and products IP",
        end: { kind: "fixed", lastDay: MODELS_IP_LAST_DAY },
        status: "official",
        source: ANNOUNCEMENT,
        note: `Non-exclusive from 2026-04-27 (${AMENDMENT_REPORTS}); still in force.`,
      },
      {
        right: "research",
        label: "Research IP",
        end: { kind: "earlier", lastDay: RESEARCH_IP_LAST_DAY },
        status: "official",
        source: ANNOUNCEMENT,
      },
      {
        right: "exclusivity",
        label: "Azure API exclusivity",
        end: { kind: "agi" },
        status: "official",
        source: ANNOUNCEMENT,
        note: "The amendment made the IP licence non-exclusive; Azure API exclusivity still runs until AGI.",
      },
      {
        right: "revshare",
        label: "Revenue share",
        end: { kind: "fixed", lastDay: AMENDED_REVSHARE_LAST_DAY },
        status: "reported",
        source: AMENDMENT_REPORTS,
        note: "Through 2030-12-31 regardless of AGI; the total cap can stop accrual earlier.",
      },
    ],
  };
}

export const TERM_PRESETS: readonly TermPreset[] = Object.freeze([presetOctober2025(), presetApril2026()]);

export const DEFAULT_TERM_PRESET_ID: TermPresetId = "2025-10";

export const TERM_PRESET_IDS: readonly TermPresetId[] = Object.freeze(TERM_PRESETS.map((p) => p.id));

/** Every key DEAL.TERM accepts, in the order the presets list them (both presets hold every key). */
export const TERM_KEYS: readonly string[] = Object.freeze(TERM_PRESETS[0].figures.map((f) => f.key));

/** A preset by id (`2025-10`, `2026-04`; case and surrounding spaces ignored). */
export function getTermPreset(id: string): TermPreset {
  const wanted = String(id).trim().toLowerCase();
  const preset = TERM_PRESETS.find((p) => p.id === wanted);
  if (!preset) throw valueError(`terms must be one of ${TERM_PRESET_IDS.join(", ")}; got "${id}".`, "terms");
  return preset;
}

/** A figure of a preset by key (case-insensitive); an unknown key is #VALUE! listing the keys. */
export function getTermFigure(preset: TermPreset, key: string): TermFigure {
  const wanted = String(key).trim().toLowerCase();
  const found = preset.figures.find((f) => f.key === wanted);
  if (!found) throw valueError(`key must be one of ${TERM_KEYS.join(", ")}; got "${key}".`, "key");
  return found;
}
