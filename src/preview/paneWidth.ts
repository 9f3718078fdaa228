/**
 * `?pane=320` docks the pane at that width in CSS pixels, as Excel's own pane is 320-350 px wide, so tests
 * and screenshots see the real pane at the widths users get. Without it the preview's stylesheet decides.
 */
export const PANE_WIDTHS = { min: 240, max: 1000 } as const;

export function paneWidthFromQuery(search: string): number | undefined {
  const text = new URLSearchParams(search).get("pane");
  if (!text || !/^\d+$/.test(text)) return undefined;
  const width = Number(text);
  return width >= PANE_WIDTHS.min && width <= PANE_WIDTHS.max ? width : undefined;
}

export function applyPaneWidth(pane: HTMLElement, search: string): void {
  const width = paneWidthFromQuery(search);
  if (width !== undefined) pane.style.setProperty("--preview-pane-width", `${width}px`);
}
