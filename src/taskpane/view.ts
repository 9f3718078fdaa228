import { FIELDS, FieldGroup, FieldKey, SECTIONS, SectionId, FIELD_BY_KEY, formatTable, isVisible, TableValue } from "../model/fields";
import { AgiResult, DrawdownResult, RevshareResult, RightsResult, StakeResult, ValuationResult } from "../model/results";
import { agiEvenly, agiMostLikely, FillProblem } from "../model/agi";
import { getTermPreset } from "../model/fields";
import { KeptCell } from "../workbook/types";
import { PaneController, PaneState } from "./controller";
import { display, displayCompact, displayDifference } from "./display";
import { el, FluentValue, showValue, valueOf } from "./dom";
import { FieldView } from "./fieldView";
import { ScenariosView } from "./scenariosView";

/**
 * The pane's DOM: built once from the field table, then updated from the controller's state. It holds
 * no logic of its own beyond turning events into controller calls. Fluent UI web components give the
 * controls; every control, result and list has a stable data-testid (listed in pane.ts).
 */

const GROUP_TITLES: Record<FieldGroup, string> = {
  deal: "Deal",
  stake: "Stake",
  valuation: "Valuation",
  revshare: "Revenue share",
  drawdown: "Draw-down",
  rights: "Rights",
  agi: "AGI timing",
};

export class PaneView {
  readonly root: HTMLElement;
  private readonly fields = new Map<FieldKey, FieldView>();
  private readonly sectionBoxes = new Map<SectionId, FluentValue>();
  private readonly results = new Map<SectionId, HTMLElement>();
  private readonly issues = new Map<SectionId, HTMLElement>();
  private readonly summaries = new Map<SectionId, string>();
  private readonly folds = new Map<SectionId, HTMLDetailsElement>();
  /** Whether the last state had a built model: the inputs fold when a build first succeeds, not on every update. */
  private built?: boolean;
  private announcements: string[] = [];
  private readonly live: HTMLElement;
  private readonly status: HTMLElement;
  private readonly progress: { box: HTMLElement; bar: HTMLProgressElement; cancel: HTMLElement };
  private readonly confirmation: HTMLElement;
  private readonly kept: HTMLElement;
  private readonly presetInfo: HTMLElement;
  private readonly scenariosView: ScenariosView;
  private readonly compareA: FluentValue;
  private readonly compareB: FluentValue;
  private readonly comparison: HTMLElement;
  private readonly compareControls: HTMLElement;
  private readonly compareHint: HTMLElement;
  /** Set once the user picks a scenario to compare; until then the pane picks two different ones. */
  private comparePicked = false;
  private readonly shared: HTMLElement;
  private unsubscribe: () => void;

  constructor(
    host: HTMLElement,
    private readonly controller: PaneController,
  ) {
    this.root = el("div", { class: "deal-pane" });
    const header = el("header");
    header.append(el("h1", {}, "Deal Modeller"));
    header.append(
      el(
        "p",
        { class: "lead", "data-testid": "lead" },
        "Models a strategic partnership deal in this workbook: stake, valuation, revenue share, draw-down, rights and AGI timing, with DEAL.* formulas. Choose the terms and the sections, then build the model.",
      ),
    );
    this.root.append(header);

    // The deal group is built first so that its preset field, rendered like every field, can move into the
    // first screen, where Build model is: the first thing a new user needs is at the top.
    const deal = this.group("deal");
    this.presetInfo = el("p", { class: "preset-info", "data-testid": "preset-info" });
    const presetField = deal.querySelector('[data-testid="preset"]')?.closest(".field");

    const model = el("section", { class: "group start", "aria-labelledby": "h-model", "data-testid": "panel-model" });
    model.append(el("h2", { id: "h-model" }, "Build the model"));
    if (presetField) model.append(presetField);
    model.append(this.presetInfo);
    const chosen = el("fieldset", { class: "section-choice", "data-testid": "section-choice" });
    chosen.append(el("legend", {}, "Sections in the model"));
    for (const section of SECTIONS) chosen.append(this.sectionBox(section.id));
    model.append(chosen);
    const actions = el("div", { class: "actions" });
    const build = el("fluent-button", { appearance: "accent", "data-testid": "build-model" }, "Build model");
    build.addEventListener("click", () => void this.controller.build());
    const share = el("fluent-button", { "data-testid": "share-values" }, "Share without the add-in");
    share.setAttribute(
      "title",
      "Makes a separate workbook of the model sheets, with values instead of DEAL.* formulas; this workbook is not changed.",
    );
    share.addEventListener("click", () => void this.controller.share());
    actions.append(build, share);
    this.status = el("p", { class: "status", role: "status", "aria-live": "polite", "data-testid": "status" });
    this.confirmation = el("div", {
      class: "confirmation",
      role: "alertdialog",
      "aria-labelledby": "confirm-text",
      "data-testid": "confirmation",
    });
    this.confirmation.hidden = true;
    const question = el("p", { id: "confirm-text", "data-testid": "confirmation-text" });
    const yes = el("fluent-button", { appearance: "accent", "data-testid": "confirm-yes" }, "Remove and build");
    yes.addEventListener("click", () => void this.controller.confirm(true));
    const no = el("fluent-button", { "data-testid": "confirm-no" }, "Cancel");
    no.addEventListener("click", () => void this.controller.confirm(false));
    const answers = el("div", { class: "actions" });
    answers.append(yes, no);
    this.confirmation.append(question, answers);
    this.kept = el("div", { class: "kept", "data-testid": "kept-cells" });
    this.shared = el("p", { class: "shared", "data-testid": "shared-sheets" });
    this.progress = buildProgress(() => this.controller.cancelBuild());
    model.append(actions, this.confirmation, this.status, this.progress.box, this.kept, this.shared);
    this.root.append(model);

    this.root.append(deal);
    for (const section of SECTIONS) this.root.append(this.group(section.id));

    const scenarios = el("section", { class: "group", "aria-labelledby": "h-scenarios" });
    scenarios.append(el("h2", { id: "h-scenarios" }, "Scenarios"));
    scenarios.append(
      el("p", { class: "hint" }, "Saved in the workbook, on the DealModeller_Scenarios sheet, so they travel with the file."),
    );
    this.scenariosView = new ScenariosView(this.controller);
    const compare = el("div", { class: "compare", "data-testid": "compare-controls" });
    this.compareA = el("fluent-select", { "data-testid": "compare-a", "aria-label": "First scenario" }) as FluentValue;
    this.compareB = el("fluent-select", { "data-testid": "compare-b", "aria-label": "Second scenario" }) as FluentValue;
    for (const select of [this.compareA, this.compareB]) select.addEventListener("change", () => (this.comparePicked = true));
    const compareButton = el("fluent-button", { "data-testid": "scenario-compare" }, "Compare");
    compareButton.addEventListener("click", () => void this.controller.compare(valueOf(this.compareA), valueOf(this.compareB)));
    compare.append(this.compareA, el("span", { class: "compare-with" }, "with"), this.compareB, compareButton);
    this.compareControls = compare;
    this.compareHint = el("p", { class: "hint", "data-testid": "compare-hint" });
    this.comparison = el("div", { class: "comparison", "data-testid": "comparison" });
    scenarios.append(this.scenariosView.element, el("h3", {}, "Compare two scenarios"), this.compareHint, compare, this.comparison);
    this.root.append(scenarios);

    this.live = el("div", { class: "visually-hidden", "aria-live": "polite", "data-testid": "live" });
    this.root.append(this.live);
    host.append(this.root);
    this.unsubscribe = controller.subscribe((state) => this.update(state));
    this.update(controller.state, true);
  }

  dispose(): void {
    this.unsubscribe();
    this.root.remove();
  }

  // ---- building ----

  private group(group: FieldGroup): HTMLElement {
    const section = el("section", { class: "group", "aria-labelledby": `h-${group}`, "data-testid": `panel-${group}` });
    const head = el("div", { class: "group-head" });
    head.append(el("h2", { id: `h-${group}` }, GROUP_TITLES[group]));
    section.append(head);
    const fields = el("div", { class: "fields" });
    for (const field of FIELDS.filter((f) => f.group === group)) {
      const view = new FieldView(field, this.controller);
      this.fields.set(field.key, view);
      fields.append(view.element);
    }
    if (group === "agi") fields.append(this.agiFills());
    if (group === "deal") {
      section.append(fields);
      return section;
    }
    // Answers before fields: the section's message and results, then its inputs, folded once a model is built.
    const issue = el("p", { class: "section-issue", role: "alert", "data-testid": `issue-${group}` });
    const results = el("div", { class: "results", "data-testid": `results-${group}` });
    this.issues.set(group, issue);
    this.results.set(group, results);
    const inputs = el("details", { class: "inputs", "data-testid": `inputs-${group}` });
    inputs.append(el("summary", {}, `${GROUP_TITLES[group]}: inputs`), fields);
    this.folds.set(group, inputs);
    section.append(issue, results, inputs);
    return section;
  }

  /** A section's "In the model" checkbox, on the first screen beside Build model. */
  private sectionBox(group: SectionId): HTMLElement {
    const box = el(
      "fluent-checkbox",
      { "data-testid": `section-${group}`, "aria-label": `Include ${GROUP_TITLES[group]} in the model` },
      GROUP_TITLES[group],
    ) as FluentValue;
    box.addEventListener("change", () => this.controller.setSection(group, box.checked === true));
    this.sectionBoxes.set(group, box);
    return box;
  }

  /** Quick fills of the AGI scenarios: evenly over a range of years, or a most likely year with a spread. */
  private agiFills(): HTMLElement {
    const box = el("div", { class: "agi-fills", "data-testid": "agi-fills" });
    const number = (testId: string, label: string, value: string) => {
      const input = el("fluent-text-field", { "data-testid": testId, value, size: "6" }, label) as FluentValue;
      input.value = value;
      return input;
    };
    const from = number("agi-fill-from", "From year", "2027");
    const to = number("agi-fill-to", "To year", "2035");
    const year = number("agi-fill-year", "Most likely year", "2030");
    const spread = number("agi-fill-spread", "Spread (years)", "3");
    const rest = number("agi-fill-not-verified", "Not verified (%)", "20");
    const message = el("p", { class: "message", role: "alert", "data-testid": "agi-fill-message" });
    const fill = (table: TableValue | FillProblem) => {
      if ("problem" in table) {
        message.textContent = table.problem;
        return;
      }
      message.textContent = "";
      void this.controller.setText("agiScenarios", formatTable(table, FIELD_BY_KEY.agiScenarios.columns ?? []), true);
    };
    const read = (control: FluentValue) => Number(valueOf(control).trim());
    const notVerified = () => read(rest) / 100;
    const evenly = el("fluent-button", { "data-testid": "agi-fill-evenly" }, "Spread evenly");
    evenly.addEventListener("click", () => fill(agiEvenly(read(from), read(to), notVerified())));
    const likely = el("fluent-button", { "data-testid": "agi-fill-most-likely" }, "Around the most likely year");
    likely.addEventListener("click", () => fill(agiMostLikely(read(year), read(spread), notVerified())));
    box.append(
      el(
        "p",
        { class: "hint" },
        "Fill the scenarios: evenly over a range of years, or around a most likely year (the rest: not verified).",
      ),
      rest,
      from,
      to,
      evenly,
      year,
      spread,
      likely,
      message,
    );
    return box;
  }

  // ---- updating ----

  update(state: PaneState, first = false): void {
    const preset = safePreset(state.inputs.preset);
    this.presetInfo.textContent = preset
      ? `${preset.status === "reported" ? "Reported, not official. " : "Official. "}${preset.description}`
      : "";
    this.presetInfo.dataset.status = preset?.status ?? "";
    for (const view of this.fields.values()) view.update(state);
    for (const [section, box] of this.sectionBoxes) {
      const chosen = state.sections.includes(section);
      if (box.checked !== chosen) box.checked = chosen;
    }
    this.updateFolds(state);
    this.announcements = [];
    for (const section of SECTIONS) this.updateResults(section.id, state, first);
    // One polite announcement of the results that changed, in the pane's order, not one per keystroke.
    if (this.announcements.length) this.live.textContent = this.announcements.join(" ");
    this.status.textContent = state.status.message;
    this.status.dataset.kind = state.status.kind;
    const progress = state.progress;
    this.progress.box.hidden = !progress;
    if (progress) {
      this.progress.bar.max = progress.steps;
      this.progress.bar.value = progress.step;
      this.progress.cancel.hidden = !progress.cancellable;
    }
    this.confirmation.hidden = !state.confirmation;
    this.confirmation.querySelector("p")!.textContent = state.confirmation?.message ?? "";
    this.updateKept(state);
    this.shared.textContent = state.sharedSheets.length ? `Shared: ${state.sharedSheets.join(", ")}` : "";
    this.updateScenarios(state);
  }

  /**
   * Before a build every section's inputs are open; a build folds them, so the results are what a user sees
   * first. A section with a field in error stays open, so the message is in view.
   */
  private updateFolds(state: PaneState): void {
    const built = state.builtSheets.length > 0;
    const changed = built !== this.built;
    this.built = built;
    for (const [section, fold] of this.folds) {
      const inError = FIELDS.some((f) => f.group === section && state.fields[f.key]?.error && isVisible(f, state.inputs));
      if (inError) fold.open = true;
      else if (changed) fold.open = !built;
    }
  }

  /** The user's cells a build left alone, each with why, and the offer to put the model's content back. */
  private updateKept(state: PaneState): void {
    const mine = state.kept.filter((k) => k.reason !== "removed-section");
    this.kept.replaceChildren();
    if (!state.kept.length) return;
    this.kept.append(el("p", {}, "Cells of yours the model left as they are:"));
    const list = el("ul", { "data-testid": "kept-list" });
    for (const k of state.kept.slice(0, 12)) list.append(el("li", {}, `${k.sheet}!${k.address}: ${KEPT_REASONS[k.reason]}`));
    if (state.kept.length > 12) list.append(el("li", {}, `and ${state.kept.length - 12} more`));
    this.kept.append(list);
    if (mine.length) {
      const restore = el("fluent-button", { "data-testid": "restore-kept" }, "Put the model's content back");
      restore.setAttribute("title", "Overwrites these cells with what the model writes there.");
      restore.addEventListener("click", () => void this.controller.restoreKept());
      this.kept.append(restore);
    }
  }

  private updateResults(section: SectionId, state: PaneState, first: boolean): void {
    const container = this.results.get(section)!;
    const issue = this.issues.get(section)!;
    issue.textContent = state.sectionIssues[section] ?? "";
    const outcome = state.results[section];
    container.replaceChildren();
    if (!outcome || !outcome.ok) {
      container.dataset.state = "unavailable";
      return;
    }
    const pending = state.pendingSections.includes(section) && state.builtSheets.length > 0;
    container.dataset.state = pending ? "pending" : "ready";
    if (pending) {
      container.append(
        el("p", { class: "pending-note", "data-testid": `pending-${section}` }, "Not in the workbook yet: press Enter to write it."),
      );
    }
    const list = el("dl");
    const item = (testId: string, label: string, value: string, note?: string) => {
      list.append(el("dt", {}, label));
      // The value alone carries the test id; a note beside it is for the reader.
      const dd = el("dd");
      dd.append(el("span", { class: "value", "data-testid": `result-${testId}` }, value));
      list.append(dd);
      // A note takes a row of its own under the pair, so it can never squeeze the label or print over it.
      if (note) list.append(el("dd", { class: "note wide" }, note));
    };
    let summary = "";
    switch (section) {
      case "stake": {
        const r = outcome.value as StakeResult;
        item("stake", "Stake", display(r.stake, "percent"));
        item("term-stake-diluted", "Announced, fully diluted (after the recapitalization)", display(r.termDiluted, "percent"), "official");
        item(
          "term-stake-as-converted",
          "Announced, as-converted (before the recent rounds)",
          display(r.termAsConverted, "percent"),
          "official",
        );
        for (const b of r.byBasis) item(`stake-${b.basis}`, b.label, display(b.value, "percent"), b.counts);
        const holders = el("ul", { class: "ownership", "data-testid": "result-ownership", "aria-label": "Ownership by holder" });
        for (const o of r.ownership) holders.append(el("li", {}, `${o.holder}: ${display(o.stake, "percent")}`));
        list.append(el("dt", { class: "wide" }, "Ownership by holder"), wide(holders));
        if (!r.byBasis.length) {
          list.append(
            el(
              "dd",
              { class: "note wide", "data-testid": "result-basis-note" },
              "27% counts every owner, fully diluted, after the recapitalization; 32.5% counted the for-profit's holders as-converted, before the recent rounds: different denominators.",
            ),
          );
        }
        summary = `Stake ${display(r.stake, "percent")}`;
        break;
      }
      case "valuation": {
        const r = outcome.value as ValuationResult;
        item("implied-valuation", "Implied equity value", display(r.implied, "currency"));
        const table = stackableTable(
          { class: "grid sensitivity", "data-testid": "result-sensitivity" },
          "Implied equity value by the value of the stake (rows) and the stake (columns)",
          ["Value \\ stake", ...r.grid.stakes.map((stake) => display(stake, "percent"))],
          r.grid.values.map((v, i) => ({
            header: displayCompact(v),
            cells: r.grid.cells[i].map((cell) => (typeof cell === "number" ? displayCompact(cell) : cell)),
          })),
          "Value of the stake",
        );
        container.append(list, table);
        summary = `Implied equity value ${display(r.implied, "currency")}`;
        break;
      }
      case "revshare": {
        const r = outcome.value as RevshareResult;
        item("revshare-total", "Paid in total", display(r.totalPaid, "currency"), r.capReached ? "(cap reached)" : undefined);
        item("revshare-pv", "Present value", display(r.presentValue, "currency"));
        item("revshare-end", "Accrual ends", r.end === null ? "when AGI is verified (no date given)" : display(r.end, "date"));
        item("revshare-last-payment", "Last payment", display(r.lastPayment, "date"));
        item("revshare-periods", "Rows in the schedule", String(r.schedule.length - 1));
        summary = `Revenue share paid in total ${display(r.totalPaid, "currency")}, present value ${display(r.presentValue, "currency")}`;
        break;
      }
      case "drawdown": {
        const r = outcome.value as DrawdownResult;
        item("drawdown-first", "First period's draw", display(r.firstDraw, "currency"));
        item("drawdown-periods", "Periods", String(r.periods));
        item("drawdown-consumed", "Consumed so far", display(r.status.consumed, "currency"));
        item("drawdown-required", "Required per remaining period", display(r.status.requiredPerPeriod, "currency"));
        item(
          "drawdown-shortfall",
          "Projected shortfall at term end",
          display(r.status.shortfall, "currency"),
          r.status.consumed === 0 ? "(no actuals yet)" : undefined,
        );
        summary = `Draw-down: first draw ${display(r.firstDraw, "currency")}`;
        break;
      }
      case "agi": {
        const r = outcome.value as AgiResult;
        const share = r.revenueShare;
        if (share) {
          item("agi-expected-paid", "Expected paid in total", display(share.expectedPaid, "currency"));
          item("agi-expected-pv", "Expected present value", display(share.expectedPresentValue, "currency"));
          item("agi-lowest-pv", "Lowest present value", display(share.lowestPresentValue, "currency"));
          item("agi-highest-pv", "Highest present value", display(share.highestPresentValue, "currency"));
          const scenarios = el("ul", { class: "agi-scenarios", "data-testid": "result-agi-scenarios" });
          for (const s of share.scenarios) {
            const when = s.agiVerified === null ? "Not verified" : `AGI on ${display(s.agiVerified, "date")}`;
            scenarios.append(
              el(
                "li",
                { "data-testid": "result-agi-scenario" },
                `${when} (${display(s.probability, "percent")}): paid ${displayCompact(s.paidInTotal)}, worth ${displayCompact(s.presentValue)}`,
              ),
            );
          }
          list.append(el("dt", { class: "wide" }, "By scenario"), wide(scenarios));
          summary = `Expected present value ${display(share.expectedPresentValue, "currency")}`;
        } else {
          list.append(
            el(
              "dd",
              { class: "note wide", "data-testid": "result-agi-fixed-end" },
              `The revenue share accrues through ${display(r.fixedEnd, "date")} whatever the AGI date: its value does not depend on AGI.`,
            ),
          );
          summary = "Rights by probability";
        }
        const rights = el("ul", { class: "rights", "data-testid": "result-agi-rights" });
        for (const right of r.rights) {
          rights.append(
            el("li", { "data-testid": "result-agi-right" }, `${right.label}: ${display(right.probability, "percent")} in force`),
          );
        }
        list.append(el("dt", { class: "wide" }, "Rights on the as-of date"), wide(rights));
        break;
      }
      case "rights": {
        const r = outcome.value as RightsResult;
        const rights = el("ul", { class: "rights", "data-testid": "result-rights" });
        for (const right of r.rights) {
          const ends = typeof right.ends === "number" ? display(right.ends, "date") : right.ends;
          const li = el(
            "li",
            { "data-testid": "result-right", "data-active": String(right.active) },
            `${right.label}: ${right.active ? "in force" : "ended"}, ends ${ends}`,
          );
          rights.append(li);
        }
        list.append(el("dt", { class: "wide" }, "On the as-of date"), wide(rights));
        summary = `Rights in force: ${
          r.rights
            .filter((x) => x.active)
            .map((x) => x.label)
            .join(", ") || "none"
        }`;
        break;
      }
    }
    if (section !== "valuation") container.append(list);
    // One polite announcement for a result that changed, not one per keystroke of unchanged results.
    if (!first && this.summaries.get(section) !== summary) this.announcements.push(`${GROUP_TITLES[section]}: ${summary}.`);
    this.summaries.set(section, summary);
  }

  private updateScenarios(state: PaneState): void {
    const names = state.scenarios.scenarios.map((s) => s.name);
    this.scenariosView.update(state);
    for (const select of [this.compareA, this.compareB]) {
      const current = valueOf(select);
      const same = select.children.length === names.length && names.every((n, i) => select.children[i].getAttribute("value") === n);
      if (!same) select.replaceChildren(...names.map((name) => el("fluent-option", { value: name }, name)));
      if (names.includes(current)) showValue(select, current);
    }
    this.updateCompareChoice(names);
    this.comparison.replaceChildren();
    const c = state.comparison;
    if (!c) return;
    const table = stackableTable(
      { class: "grid compare-table", "data-testid": "compare-table" },
      `${c.a} compared with ${c.b}`,
      ["Result", c.a, c.b, `Difference (${c.b} − ${c.a})`],
      c.outputs.map((o) => ({
        key: o.key,
        header: o.label,
        cells: [
          o.problemA ? `— (${o.problemA})` : display(o.a, o.format),
          o.problemB ? `— (${o.problemB})` : display(o.b, o.format),
          displayDifference(o.difference, o.differenceFormat, o.format === "date"),
        ],
        text: o.format === "text",
      })),
    );
    const inputs = c.inputs.length
      ? stackableTable(
          { class: "grid compare-inputs", "data-testid": "compare-inputs" },
          "Inputs that differ",
          ["Input", c.a, c.b],
          c.inputs.map((d) => ({ key: d.key, header: d.label, cells: [withUnit(d.key, d.a), withUnit(d.key, d.b)], text: true })),
        )
      : el("p", { class: "hint", "data-testid": "compare-inputs" }, "The inputs are the same.");
    this.comparison.append(table, inputs);
  }

  /**
   * Compare opens on two different scenarios: the first two listed, until the user picks. With fewer than
   * two there is nothing to compare, and the pane says what to do instead of offering "Base" against "Base".
   */
  private updateCompareChoice(names: string[]): void {
    const enough = names.length >= 2;
    this.compareControls.hidden = !enough;
    this.compareHint.textContent = enough
      ? ""
      : names.length === 1
        ? `Only “${names[0]}” is saved: change an input, save it under another name, then compare the two here.`
        : "Save two scenarios to compare them here.";
    if (!enough) return;
    const a = valueOf(this.compareA);
    const b = valueOf(this.compareB);
    if (!this.comparePicked || !names.includes(a) || !names.includes(b)) {
      showValue(this.compareA, names[0]);
      showValue(this.compareB, names.find((n) => n !== names[0]) ?? names[1]);
    }
  }
}

interface StackableRow {
  header: string;
  cells: string[];
  /** The row's data-key (compare rows: the output's or the input's key). */
  key?: string;
  /** Cells of words, not figures: they may wrap. */
  text?: boolean;
}

/**
 * A table that becomes a list of label/value pairs where it does not fit (taskpane.css, a container
 * query on its width): each cell carries its column's header as data-label, shown before it when
 * stacked. Explicit roles keep it a table for screen readers once CSS changes its display.
 * `rowLabel` names the row headers' quantity in the stacked form ("Value of the stake $135.0bn").
 */
function stackableTable(
  attrs: Record<string, string>,
  caption: string,
  columns: string[],
  rows: StackableRow[],
  rowLabel?: string,
): HTMLElement {
  const table = el("table", { ...attrs, role: "table" });
  table.classList.add("stackable");
  table.append(el("caption", {}, caption));
  const head = el("thead", { role: "rowgroup" });
  const headRow = el("tr", { role: "row" });
  for (const title of columns) headRow.append(el("th", { scope: "col", role: "columnheader" }, title));
  head.append(headRow);
  const body = el("tbody", { role: "rowgroup" });
  for (const row of rows) {
    const tr = el("tr", { role: "row", ...(row.key ? { "data-key": row.key } : {}) });
    const th = el("th", { scope: "row", role: "rowheader" }, row.header);
    if (rowLabel) th.dataset.label = rowLabel;
    tr.append(th);
    row.cells.forEach((cell, i) =>
      tr.append(el("td", { role: "cell", "data-label": columns[i + 1], ...(row.text ? { class: "text" } : {}) }, cell)),
    );
    body.append(tr);
  }
  table.append(head, body);
  return table;
}

/** An input's value as the form shows it, with its unit: "$38,000,000,000", "20%", "5 years". */
function withUnit(key: string, text: string): string {
  if (!text) return "—";
  const field = FIELD_BY_KEY[key as FieldKey];
  if (!field) return text;
  if (field.kind === "money") return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
  if (field.kind === "percent") return `${text}%`;
  if (field.kind === "choice") return field.choices?.find((c) => c.value === text)?.label ?? text;
  const unit = /\((years|periods)\)$/.exec(field.label)?.[1];
  if (unit) return `${text} ${text === "1" ? unit.slice(0, -1) : unit}`;
  return text;
}

/** A list or note that takes the whole width of the results. */
function wide(content: HTMLElement): HTMLElement {
  const dd = el("dd", { class: "wide" });
  dd.append(content);
  return dd;
}

const KEPT_REASONS: Record<KeptCell["reason"], string> = {
  changed: "you changed what the model wrote there",
  occupied: "it holds your content where the model needs a cell",
  "blocks-spill": "it holds your content where a schedule spills (Excel shows #SPILL!)",
  "removed-section": "yours, on the sheet of a section that was removed",
};

function safePreset(id: string) {
  try {
    return getTermPreset(id);
  } catch {
    return undefined;
  }
}

/** The progress of a build or an apply, beside the status line: a bar of its sheets and, for a build, Cancel. */
function buildProgress(cancel: () => void): { box: HTMLElement; bar: HTMLProgressElement; cancel: HTMLElement } {
  const box = el("div", { class: "build-progress", "data-testid": "build-progress" });
  box.hidden = true;
  const bar = el("progress", { "data-testid": "build-progress-bar", "aria-label": "Sheets written" }) as HTMLProgressElement;
  const button = el("fluent-button", { "data-testid": "build-cancel" }, "Cancel");
  button.addEventListener("click", cancel);
  box.append(bar, button);
  return { box, bar, cancel: button };
}
