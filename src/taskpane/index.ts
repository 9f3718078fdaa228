import { OFFICE_REQUIREMENT, OfficeWorkbook } from "../workbook/office/officeWorkbook";
import { mountPane, PaneTheme } from "./pane";

/**
 * The add-in's pane page (it also loads functions.js: one page, one shared runtime). Outside Excel,
 * Office.js resolves onReady with no host: the page then says so instead of showing a pane that cannot
 * reach a workbook. An Excel too old for the APIs the model needs is told which version is needed;
 * the DEAL.* formulas still work there.
 */
Office.onReady(async (info) => {
  const status = document.getElementById("status");
  const app = document.getElementById("app");
  if (!app) return;
  const say = (text: string) => {
    if (status) status.textContent = text;
  };
  if (info.host !== Office.HostType.Excel) return say("Open this page from Excel: Deal Modeller is an Excel add-in.");
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
