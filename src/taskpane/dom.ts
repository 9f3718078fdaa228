/** The few DOM helpers the pane's views share: elements with attributes, and the Fluent controls' values. */

export type FluentValue = HTMLElement & { value?: string; checked?: boolean; disabled?: boolean };

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, text?: string): HTMLElementTagNameMap[K];
export function el(tag: string, attrs?: Record<string, string>, text?: string): HTMLElement;
export function el(tag: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** What a Fluent control holds (or a plain element standing in for one, where the components cannot load). */
export function valueOf(control: FluentValue): string {
  const v = control.value ?? control.getAttribute("current-value") ?? control.getAttribute("value");
  return v === undefined || v === null ? "" : String(v);
}

/** Sets a control's value unless it already shows it (so typing is never interrupted). */
export function showValue(control: FluentValue, text: string): void {
  if (valueOf(control) !== text) control.value = text;
}
