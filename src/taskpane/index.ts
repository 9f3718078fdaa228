import { OfficeWorkbook } from "../workbook/office/officeWorkbook";
import { mountPane, PaneTheme } from "./pane";

/**
 * The add-in's pane page (it also loads functions.js: one page, one shared runtime). Outside Excel,
 * Office.js resolves onReady with no host: the page then says so instead of showing a pane that cannot
 * reach a workbook.
 */
Office.onReady(async (info) => {
  const status = document.getElementById("status");
  const app = document.getElementById("app");
  if (!app) return;
  if (info.host !== Office.HostType.Excel) {
    if (status) status.textContent = "Open this page from Excel: Deal Modeller is an Excel add-in.";
    return;
  }
  try {
    const theme = (Office.context as { officeTheme?: PaneTheme }).officeTheme;
    await mountPane(app, new OfficeWorkbook(), { theme });
    status?.remove();
  } catch (e) {
    if (status) status.textContent = `Deal Modeller could not start: ${e instanceof Error ? e.message : String(e)}`;
  }
});
