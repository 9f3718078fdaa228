import { WorkbookGateway } from "../workbook/types";
import { PaneController } from "./controller";
import { PaneView } from "./view";

/**
 * The task pane, mounted on any workbook that implements WorkbookGateway: the Office.js one in Excel
 * (src/taskpane/index.ts) and the embedded one in the preview page (src/preview/).
 *
 *   mountPane(root: HTMLElement, gateway: WorkbookGateway, options?: { today?: number; theme?: PaneTheme })
 *     : Promise<{ dispose(): Promise<void> }>
 *
 * `today` is an Excel serial date (the As of field's starting value; default: the clock's today).
 * The promise resolves once the pane has read the workbook (a model built earlier, the scenarios).
 *
 * Stable data-testid values (browser tests rely on them; never rename one):
 *
 * Fields. Text fields are <fluent-text-field> / <fluent-text-area>: type into the inner input or
 * textarea (`[data-testid=field-revshare-rate] input`); "input" updates the results, "change" (Enter or
 * leaving the field) also writes the named cell. Choices are <fluent-select>: click it, then the option
 * `option-<field>-<value>` (e.g. option-revshare-forecast-table), or set `.value` and dispatch "change".
 *   preset                                     deal terms preset (option-preset-2025-10, option-preset-2026-04)
 *   field-agi-date, field-as-of                AGI verification date, as-of date (YYYY-MM-DD)
 *   field-stake-source                         default | captable
 *   field-stake-holder, field-stake-basis, field-stake-cap-table
 *   field-valuation-stake-value, field-valuation-stake, field-valuation-value-step, field-valuation-stake-step
 *   field-revshare-rate, field-revshare-forecast (growth | table), field-revshare-periods-per-year,
 *   field-revshare-first-revenue, field-revshare-growth, field-revshare-first-period-end, field-revshare-years,
 *   field-revshare-table, field-revshare-fixed-end, field-revshare-cap, field-revshare-payout-years,
 *   field-revshare-lag, field-revshare-discount-rate
 *   field-drawdown-commitment, field-drawdown-start, field-drawdown-term-years, field-drawdown-profile,
 *   field-drawdown-periods-per-year, field-drawdown-weights, field-drawdown-actuals
 *   message-<field>                            the message under a field (e.g. message-revshare-rate); empty when fine
 *   figure-<field>                             official / reported / derived / illustrative badge of a field's value
 *   preset-info                                the preset's description (data-status="official" | "reported")
 * Sections (stake, valuation, revshare, drawdown, rights):
 *   panel-<section>, section-<section>         the section; its "In the model" <fluent-checkbox>
 *   results-<section>                          its results (data-state="ready" | "unavailable")
 *   issue-<section>                            a section-wide message
 * Results:
 *   result-stake, result-term-stake-diluted, result-term-stake-as-converted,
 *   result-stake-fully-diluted, result-stake-as-converted, result-stake-issued (with a cap table),
 *   result-ownership, result-basis-note
 *   result-implied-valuation, result-sensitivity (a table)
 *   result-revshare-total, result-revshare-pv, result-revshare-end, result-revshare-last-payment, result-revshare-periods
 *   result-drawdown-first, result-drawdown-periods, result-drawdown-consumed, result-drawdown-required, result-drawdown-shortfall
 *   result-rights (a list of result-right items, data-active="true" | "false")
 *   live                                       the aria-live region announcing changed results
 * Model:
 *   build-model, share-values                  buttons
 *   status                                     the status line (data-kind="info" | "busy" | "error")
 *   shared-sheets                              the copies written by share-values
 * Scenarios (src/taskpane/scenariosView.ts):
 *   scenario-save-controls                     the save controls: scenario-name (name field), scenario-author
 *                                              (the user's name, written as Saved by), scenario-save (button),
 *                                              scenario-save-message (a save's question or message)
 *   scenario-table-problem                     why nothing can be written (a required column is missing)
 *   scenario-list-message                      a question or message about the list as a whole
 *   scenario-list                              the list; each scenario-item (data-name, data-key) holds
 *                                              scenario-apply, scenario-rename, scenario-delete buttons, a
 *                                              scenario-same-name note when another has its name, and while
 *                                              renamed scenario-rename-name (field), scenario-rename-confirm,
 *                                              scenario-rename-cancel; scenario-deleted (where a deleted row
 *                                              was) holds its scenario-notice and scenario-undo
 *   scenario-prompt                            a question, in the place it is about: scenario-prompt-text and
 *                                              scenario-choice-<choice> buttons (overwrite, keep-both, save-new,
 *                                              rename-anyway, delete-anyway, save-again, cancel)
 *   scenario-notice                            a message, in the place it is about (data-kind info | error)
 *   scenario-problems                          rows that cannot be read: scenario-problem items (data-row)
 *   compare-a, compare-b, scenario-compare     two <fluent-select> of scenario names and the button
 *   comparison, compare-table, compare-inputs  the comparison (rows carry data-key: stake, implied, revshareTotal, ...)
 */

/** The colours Office gives a pane (Office.context.officeTheme). */
export interface PaneTheme {
  bodyBackgroundColor?: string;
  bodyForegroundColor?: string;
  controlBackgroundColor?: string;
  controlForegroundColor?: string;
}

export interface PaneOptions {
  today?: number;
  theme?: PaneTheme;
  /** Where the pane keeps the user's name for co-authors (default: the browser's localStorage). */
  storage?: Pick<Storage, "getItem" | "setItem">;
}

/** The key of the user's name (the scenarios' Saved by) in the pane's storage: kept per browser, never in the workbook. */
export const AUTHOR_KEY = "deal-modeller.author";

function defaultStorage(): Pick<Storage, "getItem" | "setItem"> | undefined {
  try {
    return typeof window !== "undefined" ? window.localStorage : undefined;
  } catch {
    // A sandboxed frame may refuse storage: the name is then asked again each time.
    return undefined;
  }
}

type FluentModule = typeof import("./fluent");

/** The Fluent components, or undefined where they cannot load (the pane then runs on plain elements). */
async function loadFluent(): Promise<FluentModule | undefined> {
  try {
    const fluent = await import("./fluent");
    fluent.registerFluent();
    return fluent;
  } catch (e) {
    console.warn("Fluent UI components are not available here; the pane uses plain elements.", e instanceof Error ? e.message : e);
    return undefined;
  }
}

function relativeLuminance(hex: string): number | undefined {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!match) return undefined;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(match[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Follows the host's theme: Fluent's layer luminance from Office's background, and its colours for the page. */
export function applyTheme(root: HTMLElement, theme: PaneTheme | undefined, fluent?: FluentModule): void {
  if (!theme?.bodyBackgroundColor) {
    fluent?.followColorScheme(root);
    return;
  }
  const luminance = relativeLuminance(theme.bodyBackgroundColor);
  if (luminance !== undefined) {
    fluent?.setLayerLuminance(root, luminance);
    root.dataset.theme = luminance < 0.5 ? "dark" : "light";
  }
  root.style.setProperty("--pane-background", theme.bodyBackgroundColor);
  if (theme.bodyForegroundColor) root.style.setProperty("--pane-foreground", theme.bodyForegroundColor);
}

export async function mountPane(
  root: HTMLElement,
  gateway: WorkbookGateway,
  options: PaneOptions = {},
): Promise<{ dispose(): Promise<void> }> {
  const fluent = await loadFluent();
  applyTheme(root, options.theme, fluent);
  const storage = options.storage ?? defaultStorage();
  let author = "";
  try {
    author = storage?.getItem(AUTHOR_KEY) ?? "";
  } catch {
    author = "";
  }
  const controller = await PaneController.create(gateway, { today: options.today, author });
  const unsubscribe = controller.subscribe((state) => {
    if (state.author === author) return;
    author = state.author;
    try {
      storage?.setItem(AUTHOR_KEY, author);
    } catch {
      // Not kept: the pane still writes the name for this session.
    }
  });
  const view = new PaneView(root, controller);
  return {
    async dispose() {
      unsubscribe();
      await controller.dispose();
      view.dispose();
    },
  };
}
