import { ListedScenario, whenText } from "../model/scenarios";
import { PaneController, PaneState, ScenarioChoice, ScenarioNotice, ScenarioPrompt } from "./controller";
import { el, FluentValue, valueOf } from "./dom";

/**
 * The scenario list's DOM: the save controls, one row per scenario (Apply, Rename inline, Delete), the
 * rows that cannot be read, and every question and message about scenarios, each next to what it is
 * about: a save's beside the save controls, a row's inside that row, a delete's where the row was (with
 * its Undo). Task panes have no browser dialogs, so nothing here uses confirm() or alert().
 *
 * Rows are updated in place, keyed by the scenario's key, so an open rename keeps its text and focus
 * while the rest of the pane changes. Compare is the pane's (view.ts); this module only lists.
 */

const CHOICE_LABELS: Record<ScenarioChoice, string> = {
  overwrite: "Overwrite",
  "keep-both": "Keep both",
  "save-new": "Save as new",
  "rename-anyway": "Rename anyway",
  "delete-anyway": "Delete anyway",
  "save-again": "Save again",
  cancel: "Cancel",
};

function choiceLabel(choice: ScenarioChoice, prompt: ScenarioPrompt): string {
  if (choice !== "cancel") return CHOICE_LABELS[choice];
  if (prompt.choices.includes("delete-anyway")) return "Keep it";
  if (prompt.choices.includes("save-again")) return "Dismiss";
  return CHOICE_LABELS.cancel;
}

interface RowView {
  li: HTMLElement;
  line: HTMLElement;
  editor: HTMLElement;
  message: HTMLElement;
  lineSignature: string;
  messageSignature: string;
  /** The rename field while the row is being renamed. */
  field?: FluentValue;
}

export class ScenariosView {
  /** The save controls and the list, in reading order, for the pane's Scenarios section. */
  readonly element: HTMLElement;
  private readonly nameField: FluentValue;
  private readonly authorField: FluentValue;
  private readonly saveMessage: HTMLElement;
  private readonly tableProblem: HTMLElement;
  private readonly listMessage: HTMLElement;
  private readonly list: HTMLElement;
  private readonly problems: HTMLElement;
  private readonly rows = new Map<string, RowView>();
  private deleted?: HTMLElement;
  private lastPrompt = "";

  constructor(private readonly controller: PaneController) {
    this.element = el("div", { class: "scenarios" });
    const save = el("div", { class: "scenario-save", "data-testid": "scenario-save-controls" });
    this.nameField = el("fluent-text-field", { "data-testid": "scenario-name", placeholder: "Base case" }, "Scenario name") as FluentValue;
    this.nameField.addEventListener("keydown", (event) => {
      if ((event as KeyboardEvent).key === "Enter") void this.controller.saveScenario(valueOf(this.nameField));
    });
    this.authorField = el(
      "fluent-text-field",
      {
        "data-testid": "scenario-author",
        placeholder: "Optional",
        title: "Written in the table's Saved by column, so co-authors see who saved what.",
      },
      "Your name, for co-authors",
    ) as FluentValue;
    this.authorField.addEventListener("change", () => this.controller.setAuthor(valueOf(this.authorField)));
    const button = el("fluent-button", { appearance: "accent", "data-testid": "scenario-save" }, "Save current inputs");
    button.addEventListener("click", () => void this.controller.saveScenario(valueOf(this.nameField)));
    this.saveMessage = el("div", { class: "scenario-message", "data-testid": "scenario-save-message" });
    const actions = el("div", { class: "actions" });
    actions.append(button);
    save.append(this.nameField, this.authorField, actions, this.saveMessage);

    this.tableProblem = el("p", { class: "scenario-table-problem", role: "alert", "data-testid": "scenario-table-problem" });
    this.listMessage = el("div", { class: "scenario-message", "data-testid": "scenario-list-message" });
    this.list = el("ul", { class: "scenario-list", "data-testid": "scenario-list", "aria-label": "Saved scenarios" });
    this.problems = el("ul", {
      class: "scenario-problems",
      "data-testid": "scenario-problems",
      "aria-label": "Scenarios that cannot be read",
    });
    this.element.append(save, this.tableProblem, this.listMessage, this.list, this.problems);
  }

  update(state: PaneState): void {
    if (valueOf(this.authorField) !== state.author && document.activeElement !== this.authorField) this.authorField.value = state.author;
    const keys = new Set(state.scenarios.scenarios.map((s) => s.key));
    const about = (target: string) => ({
      prompt: state.scenarioPrompt?.about === target ? state.scenarioPrompt : undefined,
      notice: state.scenarioNotice?.about === target && state.scenarioNotice.position === undefined ? state.scenarioNotice : undefined,
    });
    this.fill(this.saveMessage, about("save"));
    // A message about a row no longer listed (renamed, gone) is said at the list.
    const stray = (target?: string) => target !== undefined && target !== "save" && target !== "list" && !keys.has(target);
    this.fill(this.listMessage, {
      prompt:
        state.scenarioPrompt && (state.scenarioPrompt.about === "list" || stray(state.scenarioPrompt.about))
          ? state.scenarioPrompt
          : undefined,
      notice:
        state.scenarioNotice &&
        state.scenarioNotice.position === undefined &&
        (state.scenarioNotice.about === "list" || stray(state.scenarioNotice.about))
          ? state.scenarioNotice
          : undefined,
    });
    this.tableProblem.textContent = state.scenarios.tableProblem ?? "";
    this.tableProblem.hidden = !state.scenarios.tableProblem;
    this.updateRows(state, about);
    this.problems.replaceChildren(
      ...state.scenarios.problems.map((p) =>
        el(
          "li",
          { "data-testid": "scenario-problem", "data-row": String(p.row) },
          `Row ${p.row}${p.name ? ` ("${p.name}")` : ""} is skipped: ${p.reason}`,
        ),
      ),
    );
    this.focusNewPrompt(state.scenarioPrompt);
  }

  private updateRows(state: PaneState, about: (key: string) => { prompt?: ScenarioPrompt; notice?: ScenarioNotice }): void {
    const listed = state.scenarios.scenarios;
    for (const [key, row] of this.rows) {
      if (listed.some((s) => s.key === key)) continue;
      row.li.remove();
      this.rows.delete(key);
    }
    const items: HTMLElement[] = listed.map((scenario) => {
      const row = this.rows.get(scenario.key) ?? this.newRow(scenario.key);
      this.updateLine(row, scenario);
      this.updateEditor(row, scenario, state.renaming === scenario.key);
      this.fill(row.message, about(scenario.key), row);
      return row.li;
    });
    const notice = state.scenarioNotice;
    this.deleted?.remove();
    this.deleted = undefined;
    if (notice?.position !== undefined) {
      // Where the deleted row was: what happened, and its Undo.
      this.deleted = el("li", { class: "scenario-deleted", "data-testid": "scenario-deleted" });
      this.deleted.append(this.noticeElement(notice));
      items.splice(Math.min(notice.position, items.length), 0, this.deleted);
    }
    if (!items.length) items.push(el("li", { class: "empty" }, "No scenario saved yet."));
    const current = [...this.list.children];
    if (current.length !== items.length || current.some((child, i) => child !== items[i])) {
      // Only what moved is moved, so a row being edited keeps its focus.
      items.forEach((item, i) => {
        if (this.list.children[i] !== item) this.list.insertBefore(item, this.list.children[i] ?? null);
      });
      while (this.list.children.length > items.length) this.list.lastElementChild!.remove();
    }
  }

  private newRow(key: string): RowView {
    const li = el("li", { "data-testid": "scenario-item", "data-key": key });
    const line = el("div", { class: "scenario-line" });
    const editor = el("div", { class: "scenario-rename" });
    const message = el("div", { class: "scenario-message" });
    li.append(line, editor, message);
    const row: RowView = { li, line, editor, message, lineSignature: "", messageSignature: "" };
    this.rows.set(key, row);
    return row;
  }

  private updateLine(row: RowView, scenario: ListedScenario): void {
    const signature = JSON.stringify([scenario.name, scenario.saved, scenario.savedBy, scenario.sameName]);
    row.li.dataset.name = scenario.name;
    if (signature === row.lineSignature) return;
    row.lineSignature = signature;
    const name = el("span", { class: "name" }, scenario.name);
    const details = [scenario.saved ? `saved ${whenText(scenario.saved)}` : "", scenario.savedBy ? `by ${scenario.savedBy}` : ""].filter(
      Boolean,
    );
    const info = el("span", { class: "saved" }, details.join(" "));
    const line: HTMLElement[] = [name, info];
    if (scenario.sameName) {
      line.push(
        el("span", { class: "same-name", "data-testid": "scenario-same-name" }, "Another scenario has this name: rename one of them."),
      );
    }
    const actions = el("div", { class: "actions" });
    const button = (testId: string, text: string, label: string, action: () => void) => {
      const b = el("fluent-button", { appearance: "lightweight", "data-testid": testId, "aria-label": label }, text);
      b.addEventListener("click", action);
      return b;
    };
    actions.append(
      // By key, so a click acts on the row as the pane last read it, not as this line was first drawn.
      button("scenario-apply", "Apply", `Apply ${scenario.name}`, () => void this.controller.applyScenario(scenario.key)),
      button("scenario-rename", "Rename", `Rename ${scenario.name}`, () => this.controller.startRename(scenario.key)),
      button(
        "scenario-delete",
        "Delete",
        `Delete ${scenario.name} (it can be undone)`,
        () => void this.controller.deleteScenario(scenario.key),
      ),
    );
    row.line.replaceChildren(...line, actions);
  }

  /** The inline rename: a field with the name, Rename and Cancel; Enter renames, Escape cancels. */
  private updateEditor(row: RowView, scenario: ListedScenario, renaming: boolean): void {
    if (!renaming) {
      if (row.field) row.editor.replaceChildren();
      row.field = undefined;
      return;
    }
    if (row.field) return;
    const field = el(
      "fluent-text-field",
      { "data-testid": "scenario-rename-name", "aria-label": `New name for ${scenario.name}` },
      "New name",
    ) as FluentValue;
    field.value = scenario.name;
    field.setAttribute("value", scenario.name);
    const rename = () => void this.controller.renameScenario(scenario.key, valueOf(field));
    field.addEventListener("keydown", (event) => {
      const key = (event as KeyboardEvent).key;
      if (key === "Enter") rename();
      if (key === "Escape") this.controller.cancelRename();
    });
    const confirm = el("fluent-button", { appearance: "accent", "data-testid": "scenario-rename-confirm" }, "Rename");
    confirm.addEventListener("click", rename);
    const cancel = el("fluent-button", { "data-testid": "scenario-rename-cancel" }, "Cancel");
    cancel.addEventListener("click", () => this.controller.cancelRename());
    const actions = el("div", { class: "actions" });
    actions.append(confirm, cancel);
    row.editor.replaceChildren(field, actions);
    row.field = field;
    setTimeout(() => (field.shadowRoot?.querySelector("input") ?? field).focus(), 0);
  }

  /** A question or a message in its place; unchanged content is left alone. */
  private fill(slot: HTMLElement, content: { prompt?: ScenarioPrompt; notice?: ScenarioNotice }, row?: RowView): void {
    const signature = JSON.stringify(content);
    if (row && row.messageSignature === signature) return;
    if (!row && slot.dataset.signature === signature) return;
    if (row) row.messageSignature = signature;
    else slot.dataset.signature = signature;
    const parts: HTMLElement[] = [];
    if (content.prompt) parts.push(this.promptElement(content.prompt));
    if (content.notice) parts.push(this.noticeElement(content.notice));
    slot.replaceChildren(...parts);
  }

  private promptElement(prompt: ScenarioPrompt): HTMLElement {
    const id = `scenario-prompt-${Math.random().toString(36).slice(2, 8)}`;
    const box = el("div", { class: "scenario-prompt", role: "alertdialog", "aria-labelledby": id, "data-testid": "scenario-prompt" });
    box.append(el("p", { id, "data-testid": "scenario-prompt-text" }, prompt.message));
    const actions = el("div", { class: "actions" });
    prompt.choices.forEach((choice, i) => {
      const b = el(
        "fluent-button",
        { "data-testid": `scenario-choice-${choice}`, ...(i === 0 ? { appearance: "accent" } : {}) },
        choiceLabel(choice, prompt),
      );
      b.addEventListener("click", () => void this.controller.answerScenario(choice));
      actions.append(b);
    });
    box.append(actions);
    return box;
  }

  private noticeElement(notice: ScenarioNotice): HTMLElement {
    const p = el("p", {
      class: "scenario-notice",
      role: notice.kind === "error" ? "alert" : "status",
      "data-kind": notice.kind,
      "data-testid": "scenario-notice",
    });
    p.append(document.createTextNode(notice.message));
    if (notice.undo) {
      const undo = el("fluent-button", { appearance: "lightweight", "data-testid": "scenario-undo" }, "Undo");
      undo.addEventListener("click", () => void this.controller.undoDelete());
      p.append(" ", undo);
    }
    return p;
  }

  /** A new question takes the focus (its first answer), so the keyboard is where the question is. */
  private focusNewPrompt(prompt: ScenarioPrompt | undefined): void {
    const signature = prompt ? JSON.stringify(prompt) : "";
    if (signature === this.lastPrompt) return;
    this.lastPrompt = signature;
    if (!prompt) return;
    const first = this.element.querySelector('[data-testid="scenario-prompt"] fluent-button') as HTMLElement | null;
    setTimeout(() => first?.focus(), 0);
  }
}
