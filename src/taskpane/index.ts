import { OFFICE_REQUIREMENT, OfficeWorkbook } from "../workbook/office/officeWorkbook";
import { OUTSIDE_OFFICE_MARKER } from "./outsideOffice";
import { mountPane, PaneTheme } from "./pane";

/**
 * The add-in's pane page (it also loads functions.js: one page, one shared runtime). Opened in a plain
 * browser, it says at once that it must be opened from Excel, and how: office.js did not load (no
 * `Office`), or Excel's runtime is missing (no `CustomFunctions`, see outsideOffice.ts), or Office.onReady
 * resolves with no host. Office.js may also never resolve outside Excel: after a moment the page says the
 * same while it keeps waiting, and a late Excel still mounts the pane. An Excel too old for the APIs the
 * model needs is told which version is needed; the DEAL.* formulas still work there.
 */

/** How long the page waits for Office.onReady before saying how to open it (Excel's own start is quicker). */
export const OFFICE_WAIT_MS = 700;

function sayOutsideExcel(stillWaiting: boolean): void {
  // No document: a runtime without a page (a shared runtime's functions-only start) has nothing to show.
  const app = typeof document === "undefined" ? null : document.getElementById("app");
  if (!app || app.querySelector("[data-testid=outside-excel]")) return;
  const box = document.createElement("section");
  box.className = "outside-excel";
  box.dataset.testid = "outside-excel";
  box.setAttribute("role", "alert");
  const title = document.createElement("h1");
  title.textContent = "Open Deal Modeller from Excel";
  const what = document.createElement("p");
  what.textContent = stillWaiting
    ? "This page is Deal Modeller's task pane and has not found Excel yet. If you opened it in a browser, it will not start here: it must be opened from Excel."
    : "This page is Deal Modeller's task pane: it runs inside Excel, not in a browser on its own.";
  const how = document.createElement("p");
  how.textContent =
    "Sideload the add-in: npm start, or in Excel on the web Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in with manifest.xml; then open Deal Modeller from the Home tab. " +
    "The README's Sideloading section has the steps. To try the pane without Excel, npm run preview shows it beside a workbook.";
  box.append(title, what, how);
  document.getElementById("status")?.remove();
  app.append(box);
}

function start(): void {
  const outside = (globalThis as Record<string, unknown>)[OUTSIDE_OFFICE_MARKER] === true;
  if (typeof Office === "undefined" || outside) return sayOutsideExcel(false);
  const waiting = setTimeout(() => sayOutsideExcel(true), OFFICE_WAIT_MS);
  void Office.onReady(async (info) => {
    clearTimeout(waiting);
    const app = document.getElementById("app");
    if (!app) return;
    if (info.host !== Office.HostType.Excel) return sayOutsideExcel(false);
    app.querySelector("[data-testid=outside-excel]")?.remove();
    const status = document.getElementById("status");
    const say = (text: string) => {
      if (status) status.textContent = text;
    };
    if (!Office.context.requirements.isSetSupported(OFFICE_REQUIREMENT.set, OFFICE_REQUIREMENT.version)) {
      return say(
        `The pane needs ${OFFICE_REQUIREMENT.set} ${OFFICE_REQUIREMENT.version} (Excel for Microsoft 365 or Excel on the web); ` +
          "the DEAL.* formulas work without it.",
      );
    }
    try {
      const theme = (Office.context as { officeTheme?: PaneTheme }).officeTheme;
      await mountPane(app, new OfficeWorkbook(), { theme });
      status?.remove();
    } catch (e) {
      say(`Deal Modeller could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

start();
