import { FieldDef, fieldFigure, fieldTestId, isVisible } from "../model/fields";
import { PaneController, PaneState } from "./controller";
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

  constructor(
    readonly field: FieldDef,
    private readonly controller: PaneController,
  ) {
    const id = `f-${field.key}`;
    const testId = fieldTestId(field.key);
    this.element = el("div", { class: `field field-${field.kind}` });
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
      this.element.append(label, control);
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
      this.element.append(control);
    }
    this.control = control;
    this.badge = el("fluent-badge", { class: "figure", "data-testid": `figure-${testId.replace(/^field-/, "")}` });
    this.message = el("p", { id: messageId, class: "message", role: "alert", "data-testid": `message-${testId.replace(/^field-/, "")}` });
    if (field.help) control.setAttribute("title", field.help);
    this.element.append(this.badge, this.message);
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
  }
}

const PLACEHOLDERS: Partial<Record<FieldDef["kind"], string>> = {
  date: "YYYY-MM-DD",
  money: "135,000,000,000 or 135bn",
  percent: "20",
};
