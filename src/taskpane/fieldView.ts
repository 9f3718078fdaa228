import { helpText, PERIOD_NAMES } from "../model/fieldAids";
import { FieldDef, fieldFigure, fieldTestId, isVisible, parseField } from "../model/fields";
import { FieldState, PaneController, PaneState } from "./controller";
import { displayCompact } from "./display";
import { el, FluentValue, showValue, valueOf } from "./dom";

/**
 * The rendering of one field of the form: its control, its figure's badge and its message, built once
 * from the field's definition and updated from the controller's state. Kept apart from view.ts so the
 * pane's layout and the behaviour of a field can change independently.
 */
export class FieldView {
  readonly element: HTMLElement;
  private readonly control: FluentValue;
  private readonly message: HTMLElement;
  private readonly badge: HTMLElement;
  /** What the field is, from the model's field table: read with the field, shown with its "?" button. */
  private readonly help: HTMLElement;
  /** "$135bn" beside a money field. */
  private readonly compact?: HTMLElement;
  private readonly warning: HTMLElement;
  /** The fraction question, the period note, the preset question: each with its buttons. */
  private readonly aside: HTMLElement;
  private readonly reset: HTMLElement;
  private readonly testName: string;
  private shownAside = "";

  constructor(
    readonly field: FieldDef,
    private readonly controller: PaneController,
  ) {
    const id = `f-${field.key}`;
    const testId = fieldTestId(field.key);
    this.element = el("div", { class: `field field-${field.kind}` });
    const messageId = `${id}-message`;
    const helpId = `${id}-help`;
    this.testName = testId.replace(/^field-/, "");
    let control: FluentValue;
    if (field.kind === "choice") {
      const label = el("label", { id: `${id}-label`, class: "label" }, field.label);
      control = el("fluent-select", {
        id,
        "data-testid": testId,
        "aria-labelledby": `${id}-label`,
        "aria-describedby": `${messageId} ${id}-warning ${helpId}`,
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
      this.element.append(label, control);
      control.addEventListener("change", () => {
        const value = valueOf(control);
        if (field.key === "preset") void this.controller.applyPreset(value);
        else void this.controller.setText(field.key, value, true);
      });
    } else {
      const tag = field.kind === "table" ? "fluent-text-area" : "fluent-text-field";
      control = el(
        tag,
        { id, "data-testid": testId, "aria-describedby": `${messageId} ${id}-warning ${helpId}` },
        field.label,
      ) as FluentValue;
      if (field.kind === "table") {
        control.setAttribute("rows", "5");
        control.setAttribute("resize", "vertical");
        control.setAttribute("placeholder", (field.columns ?? []).map((c) => c.label).join(" | "));
      } else {
        control.setAttribute("placeholder", PLACEHOLDERS[field.kind] ?? "");
        if (field.kind === "percent")
          control.append(el("span", { slot: "end", class: "unit", "data-testid": `unit-${this.testName}` }, "%"));
        if (field.kind === "money")
          control.prepend(el("span", { slot: "start", class: "unit", "data-testid": `unit-${this.testName}` }, "$"));
        // Escape gives back the last committed value; the change event that may follow commits nothing new.
        control.addEventListener("keydown", (event) => {
          if ((event as KeyboardEvent).key !== "Escape") return;
          event.preventDefault();
          this.controller.revertField(field.key);
        });
      }
      control.addEventListener("input", () => void this.controller.setText(field.key, valueOf(control), false));
      control.addEventListener("change", () => void this.controller.setText(field.key, valueOf(control), true));
      this.element.append(control);
    }
    this.control = control;
    const name = this.testName;
    this.badge = el("fluent-badge", { class: "figure", "data-testid": `figure-${name}` });
    if (field.kind === "money")
      this.compact = el("span", { class: "field-compact", "data-testid": `compact-${name}`, "aria-hidden": "true" });
    this.reset = el("fluent-button", { appearance: "lightweight", class: "field-reset", "data-testid": `reset-${name}` });
    this.reset.addEventListener("click", () => void this.controller.resetField(field.key));
    this.message = el("p", { id: messageId, class: "message", role: "alert", "data-testid": `message-${name}` });
    this.warning = el("p", { id: `${id}-warning`, class: "field-warning", "data-testid": `warning-${name}` });
    this.aside = el("div", { class: "field-aside", role: "group", "data-testid": `aside-${name}` });
    this.help = el("p", { id: helpId, class: "field-help", "data-testid": `help-${name}` }, helpText(field));
    control.setAttribute("title", helpText(field));
    // The help opens on demand: shown on focus it would move the form under the pointer as focus moves.
    this.help.hidden = true;
    const about = el(
      "fluent-button",
      {
        appearance: "stealth",
        class: "field-about",
        "data-testid": `about-${name}`,
        "aria-expanded": "false",
        "aria-controls": helpId,
        "aria-label": `About ${field.label}`,
        title: `About ${field.label}`,
      },
      "?",
    );
    about.addEventListener("click", () => {
      this.help.hidden = !this.help.hidden;
      about.setAttribute("aria-expanded", String(!this.help.hidden));
    });
    const line = el("div", { class: "field-line" });
    if (this.compact) line.append(this.compact);
    line.append(this.badge, this.reset, about);
    this.element.append(line, this.message, this.warning, this.aside, this.help);
  }

  update(state: PaneState): void {
    const { field, element, control, message, badge } = this;
    const visible = isVisible(field, state.inputs);
    element.hidden = !visible;
    const fieldState = state.fields[field.key];
    showValue(control, fieldState.text);
    message.textContent = fieldState.error ?? "";
    if (fieldState.error) control.setAttribute("aria-invalid", "true");
    else control.removeAttribute("aria-invalid");
    element.classList.toggle("invalid", Boolean(fieldState.error));
    element.classList.toggle("pending", Boolean(fieldState.pending));
    const figure = fieldFigure(state.inputs, field.key);
    badge.hidden = !figure;
    badge.textContent = figure?.status ?? "";
    badge.dataset.status = figure?.status ?? "";
    if (figure) badge.setAttribute("title", figure.source);
    this.reset.hidden = fieldState.reset === undefined || !visible;
    this.reset.textContent = fieldState.reset === undefined ? "" : `Reset to ${fieldState.reset}`;
    this.warning.textContent = fieldState.warning ?? "";
    this.warning.hidden = !fieldState.warning;
    element.classList.toggle("warned", Boolean(fieldState.warning));
    if (this.compact) this.compact.textContent = compactOf(field, fieldState);
    this.updateAside(fieldState, state);
  }

  /** The question or note beside the field; rebuilt only when it changes, so a button keeps its focus. */
  private updateAside(fieldState: FieldState, state: PaneState): void {
    const { field, controller } = this;
    const parts: { text: string; buttons: { label: string; testId: string; act: () => void; accent?: boolean }[] }[] = [];
    const question = fieldState.question;
    if (question) {
      parts.push({
        text: `${question.message} Nothing is written until you choose.`,
        buttons: question.readings.map((r, i) => ({
          label: r.text,
          testId: `fraction-${i}-${this.testName}`,
          act: () => void controller.answerFraction(field.key, i as 0 | 1),
          accent: i === 0,
        })),
      });
    }
    const note = fieldState.periodNote;
    if (note) {
      const period = PERIOD_NAMES[note.to];
      const was = PERIOD_NAMES[note.from];
      parts.push({
        text: `Now a ${period}: ${displayCompact(note.value)} a ${period} is ${displayCompact(note.yearly)} a year (it was ${displayCompact(note.value)} a ${was}). Use ${displayCompact(note.converted)}?`,
        buttons: [
          {
            label: `Use ${displayCompact(note.converted)} a ${period}`,
            testId: `period-convert-${this.testName}`,
            act: () => void controller.useConvertedRevenue(),
            accent: true,
          },
        ],
      });
    }
    if (field.key === "preset") {
      const asked = state.presetQuestion;
      if (asked) {
        parts.push({
          text: asked.message,
          buttons: [
            {
              label: `Use ${asked.label}'s figures`,
              testId: "preset-overwrite",
              act: () => void controller.answerPreset("overwrite"),
              accent: true,
            },
            { label: "Keep my figures", testId: "preset-keep-mine", act: () => void controller.answerPreset("keep-mine") },
            { label: "Cancel", testId: "preset-cancel", act: () => void controller.answerPreset("cancel") },
          ],
        });
      } else if (state.resetAll.changes.length) {
        const n = state.resetAll.changes.length;
        parts.push({
          text: `${n} figure${n === 1 ? "" : "s"} differ${n === 1 ? "s" : ""} from the preset: ${state.resetAll.changes.map((c) => `${c.label} (${c.now}; preset ${c.then})`).join(", ")}.`,
          buttons: [
            { label: `Reset all to ${state.resetAll.label} (${n})`, testId: "reset-all", act: () => void controller.resetAllFields() },
          ],
        });
      }
    }
    const key = JSON.stringify(parts.map((p) => [p.text, p.buttons.map((b) => b.label)]));
    if (key === this.shownAside) return;
    this.shownAside = key;
    this.aside.replaceChildren();
    this.aside.hidden = parts.length === 0;
    for (const part of parts) {
      this.aside.append(el("p", {}, part.text));
      const actions = el("div", { class: "actions" });
      for (const b of part.buttons) {
        const button = el("fluent-button", { "data-testid": b.testId, ...(b.accent ? { appearance: "accent" } : {}) }, b.label);
        button.addEventListener("click", b.act);
        actions.append(button);
      }
      this.aside.append(actions);
    }
  }
}

/** A money field's value in the pane's compact form ("$135bn"), when the text reads as an amount of a million or more. */
function compactOf(field: FieldDef, fieldState: FieldState): string {
  const parsed = parseField(field, fieldState.text);
  if (!parsed.ok || typeof parsed.value !== "number" || Math.abs(parsed.value) < 1e6) return "";
  return displayCompact(parsed.value);
}

const PLACEHOLDERS: Partial<Record<FieldDef["kind"], string>> = {
  date: "YYYY-MM-DD",
  money: "135,000,000,000 or 135bn",
  percent: "20",
};
