import {
  FIELDS,
  FieldDef,
  FieldGroup,
  FieldKey,
  fieldFigure,
  fieldTestId,
  isVisible,
  SECTIONS,
  SectionId,
  FIELD_BY_KEY,
  formatTable,
  TableValue,
} from "../model/fields";
import { AgiResult, DrawdownResult, RevshareResult, RightsResult, StakeResult, ValuationResult } from "../model/results";
import { agiEvenly, agiMostLikely, FillProblem } from "../model/agi";
import { getTermPreset } from "../model/fields";
import { KeptCell } from "../workbook/types";
import { PaneController, PaneState } from "./controller";
import { display, displayCompact, displayDifference } from "./display";
import { el, FluentValue, showValue, valueOf } from "./dom";
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

interface FieldView {
  field: FieldDef;
  wrapper: HTMLElement;
  control: FluentValue;
  message: HTMLElement;
  badge: HTMLElement;
}

export class PaneView {
  readonly root: HTMLElement;
  private readonly fields = new Map<FieldKey, FieldView>();
  private readonly sectionBoxes = new Map<SectionId, FluentValue>();
  private readonly results = new Map<SectionId, HTMLElement>();
  private readonly issues = new Map<SectionId, HTMLElement>();
  private readonly summaries = new Map<SectionId, string>();
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
        { class: "lead" },
        "Model the deal in the workbook: the fields are its named input cells, the results come from the same DEAL.* functions.",
      ),
    );
    this.root.append(header);

    const deal = this.group("deal");
    this.presetInfo = el("p", { class: "preset-info", "data-testid": "preset-info" });
    deal.querySelector(".fields")!.prepend(this.presetInfo);
    this.root.append(deal);
    for (const section of SECTIONS) this.root.append(this.group(section.id));

    const model = el("section", { class: "group", "aria-labelledby": "h-model" });
    model.append(el("h2", { id: "h-model" }, "Model"));
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

    const scenarios = el("section", { class: "group", "aria-labelledby": "h-scenarios" });
    scenarios.append(el("h2", { id: "h-scenarios" }, "Scenarios"));
    scenarios.append(
      el("p", { class: "hint" }, "Saved in the workbook, on the DealModeller_Scenarios sheet, so they travel with the file."),
    );
    this.scenariosView = new ScenariosView(this.controller);
    const compare = el("div", { class: "compare" });
    this.compareA = el("fluent-select", { "data-testid": "compare-a", "aria-label": "First scenario" }) as FluentValue;
    this.compareB = el("fluent-select", { "data-testid": "compare-b", "aria-label": "Second scenario" }) as FluentValue;
    const compareButton = el("fluent-button", { "data-testid": "scenario-compare" }, "Compare");
    compareButton.addEventListener("click", () => void this.controller.compare(valueOf(this.compareA), valueOf(this.compareB)));
    compare.append(this.compareA, this.compareB, compareButton);
    this.comparison = el("div", { class: "comparison", "data-testid": "comparison" });
    scenarios.append(this.scenariosView.element, compare, this.comparison);
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
    if (group !== "deal") {
      const box = el(
        "fluent-checkbox",
        { "data-testid": `section-${group}`, "aria-label": `Include ${GROUP_TITLES[group]} in the model` },
        "In the model",
      ) as FluentValue;
      box.addEventListener("change", () => this.controller.setSection(group, box.checked === true));
      this.sectionBoxes.set(group, box);
      head.append(box);
    }
    section.append(head);
    const fields = el("div", { class: "fields" });
    for (const field of FIELDS.filter((f) => f.group === group)) fields.append(this.fieldView(field));
    if (group === "agi") fields.append(this.agiFills());
    section.append(fields);
    if (group !== "deal") {
      const issue = el("p", { class: "section-issue", role: "alert", "data-testid": `issue-${group}` });
      const results = el("div", { class: "results", "data-testid": `results-${group}` });
      this.issues.set(group, issue);
      this.results.set(group, results);
      section.append(issue, results);
    }
    return section;
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

  private fieldView(field: FieldDef): HTMLElement {
    const id = `f-${field.key}`;
    const testId = fieldTestId(field.key);
    const wrapper = el("div", { class: `field field-${field.kind}` });
    const messageId = `${id}-message`;
    let control: FluentValue;
    if (field.kind === "choice") {
      const label = el("label", { id: `${id}-label`, class: "label" }, field.label);
      control = el("fluent-select", {
        id,
        "data-testid": testId,
        "aria-labelledby": `${id}-label`,
        "aria-describedby": messageId,
      }) as FluentValue;
      for (const choice of field.choices ?? []) {
        control.append(
          el(
            "fluent-option",
            { value: choice.value, "data-testid": `option-${testId.replace(/^field-/, "")}-${choice.value}` },
            choice.label,
          ),
        );
      }
      wrapper.append(label, control);
      control.addEventListener("change", () => {
        const value = valueOf(control);
        if (field.key === "preset") void this.controller.applyPreset(value);
        else void this.controller.setText(field.key, value, true);
      });
    } else {
      const tag = field.kind === "table" ? "fluent-text-area" : "fluent-text-field";
      control = el(tag, { id, "data-testid": testId, "aria-describedby": messageId }, field.label) as FluentValue;
      if (field.kind === "table") {
        control.setAttribute("rows", "5");
        control.setAttribute("resize", "vertical");
        control.setAttribute("placeholder", (field.columns ?? []).map((c) => c.label).join(" | "));
      } else {
        control.setAttribute("placeholder", PLACEHOLDERS[field.kind] ?? "");
        if (field.kind === "percent") control.append(el("span", { slot: "end" }, "%"));
      }
      control.addEventListener("input", () => void this.controller.setText(field.key, valueOf(control), false));
      control.addEventListener("change", () => void this.controller.setText(field.key, valueOf(control), true));
      wrapper.append(control);
    }
    const badge = el("fluent-badge", { class: "figure", "data-testid": `figure-${testId.replace(/^field-/, "")}` });
    const message = el("p", { id: messageId, class: "message", role: "alert", "data-testid": `message-${testId.replace(/^field-/, "")}` });
    if (field.help) control.setAttribute("title", field.help);
    wrapper.append(badge, message);
    this.fields.set(field.key, { field, wrapper, control, message, badge });
    return wrapper;
  }

  // ---- updating ----

  update(state: PaneState, first = false): void {
    const preset = safePreset(state.inputs.preset);
    this.presetInfo.textContent = preset
      ? `${preset.status === "reported" ? "Reported, not official. " : "Official. "}${preset.description}`
      : "";
    this.presetInfo.dataset.status = preset?.status ?? "";
    for (const view of this.fields.values()) this.updateField(view, state);
    for (const [section, box] of this.sectionBoxes) {
      const chosen = state.sections.includes(section);
      if (box.checked !== chosen) box.checked = chosen;
    }
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

  private updateField(view: FieldView, state: PaneState): void {
    const { field, wrapper, control, message, badge } = view;
    const visible = isVisible(field, state.inputs);
    wrapper.hidden = !visible;
    const fieldState = state.fields[field.key];
    showValue(control, fieldState.text);
    message.textContent = fieldState.error ?? "";
    if (fieldState.error) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    wrapper.classList.toggle("invalid", Boolean(fieldState.error));
    wrapper.classList.toggle("pending", Boolean(fieldState.pending));
    const figure = fieldFigure(state.inputs, field.key);
    badge.hidden = !figure;
    badge.textContent = figure?.status ?? "";
    badge.dataset.status = figure?.status ?? "";
    if (figure) badge.setAttribute("title", figure.source);
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
      if (note) dd.append(el("span", { class: "note" }, ` ${note}`));
      list.append(dd);
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
        const table = el("table", { class: "grid", "data-testid": "result-sensitivity" });
        table.append(el("caption", {}, "Implied equity value by stake value (rows) and stake (columns)"));
        const head = el("tr");
        head.append(el("th", { scope: "col" }, "Value \\ stake"));
        for (const s of r.grid.stakes) head.append(el("th", { scope: "col" }, display(s, "percent")));
        table.append(head);
        r.grid.values.forEach((v, i) => {
          const row = el("tr");
          row.append(el("th", { scope: "row" }, displayCompact(v)));
          for (const cell of r.grid.cells[i]) row.append(el("td", {}, typeof cell === "number" ? displayCompact(cell) : cell));
          table.append(row);
        });
        const scroller = el("div", { class: "table-scroll" });
        scroller.append(table);
        container.append(list, scroller);
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
      const options = names.map((name) => el("fluent-option", { value: name }, name));
      const same = select.children.length === options.length && names.every((n, i) => select.children[i].getAttribute("value") === n);
      if (!same) select.replaceChildren(...options);
      if (names.includes(current)) showValue(select, current);
    }
    if (!valueOf(this.compareB) && names[1]) showValue(this.compareB, names[1]);
    if (!valueOf(this.compareA) && names[0]) showValue(this.compareA, names[0]);
    this.comparison.replaceChildren();
    const c = state.comparison;
    if (!c) return;
    const table = el("table", { class: "grid", "data-testid": "compare-table" });
    table.append(el("caption", {}, `${c.a} compared with ${c.b}`));
    const head = el("tr");
    for (const title of ["", c.a, c.b, "Difference"]) head.append(el("th", { scope: "col" }, title));
    table.append(head);
    for (const o of c.outputs) {
      const row = el("tr", { "data-key": o.key });
      row.append(el("th", { scope: "row" }, o.label));
      row.append(el("td", {}, o.problemA ? `— (${o.problemA})` : display(o.a, o.format)));
      row.append(el("td", {}, o.problemB ? `— (${o.problemB})` : display(o.b, o.format)));
      row.append(el("td", {}, displayDifference(o.difference, o.differenceFormat, o.format === "date")));
      table.append(row);
    }
    const inputs = el("table", { class: "grid", "data-testid": "compare-inputs" });
    inputs.append(el("caption", {}, c.inputs.length ? "Inputs that differ" : "The inputs are the same"));
    for (const d of c.inputs) {
      const row = el("tr", { "data-key": d.key });
      row.append(el("th", { scope: "row" }, d.label), el("td", {}, d.a || "—"), el("td", {}, d.b || "—"));
      inputs.append(row);
    }
    this.comparison.append(table, inputs);
  }
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

const PLACEHOLDERS: Partial<Record<FieldDef["kind"], string>> = {
  date: "YYYY-MM-DD",
  money: "135,000,000,000 or 135bn",
  percent: "20",
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
