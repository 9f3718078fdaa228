import {
  baseLayerLuminance,
  fluentBadge,
  fluentButton,
  fluentCheckbox,
  fluentOption,
  fluentSelect,
  fluentTextArea,
  fluentTextField,
  provideFluentDesignSystem,
  StandardLuminance,
} from "@fluentui/web-components";

/**
 * The Fluent UI web components the pane uses, registered once. Kept apart from pane.ts and loaded
 * lazily, so that the pane's logic and DOM run (as plain elements) where the components cannot load,
 * such as jest's jsdom.
 */

let registered = false;

export function registerFluent(): void {
  if (registered) return;
  registered = true;
  provideFluentDesignSystem().register(
    fluentBadge(),
    fluentButton(),
    fluentCheckbox(),
    fluentOption(),
    fluentSelect(),
    fluentTextArea(),
    fluentTextField(),
  );
}

/** Fluent derives its layer colours from this luminance (0 black to 1 white): the host's background's. */
export function setLayerLuminance(root: HTMLElement, luminance: number): void {
  baseLayerLuminance.setValueFor(root, luminance);
}

/**
 * Without an Office theme (the preview, a browser) the pane follows the browser's colour scheme, as
 * taskpane.css does: Fluent's dark layer under prefers-color-scheme: dark, light otherwise, and again
 * whenever the scheme changes.
 */
export function followColorScheme(root: HTMLElement): void {
  const dark = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : undefined;
  if (!dark) return;
  const apply = () => baseLayerLuminance.setValueFor(root, dark.matches ? StandardLuminance.DarkMode : StandardLuminance.LightMode);
  apply();
  dark.addEventListener("change", apply);
}
