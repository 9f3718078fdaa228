import "./customFunctionsShim";
import * as dealFunctions from "../functions";
import { mountPane } from "../taskpane/pane";
import { FunctionsMetadata, implementationsById } from "../workbook/embedded/dealFunctionsPlugin";
import { EmbeddedWorkbook, emptyWorkbook } from "../workbook/embedded/embeddedWorkbook";
import { WorkbookGateway } from "../workbook/types";
import { exportXlsx, importXlsx, tooLargeToOpen } from "./xlsx";
import { typedDate } from "../workbook/typed";
import { SheetView } from "./sheetView";
import { autoSave, openStoredWorkbook, SHEET_KEY } from "./storage";
import { applyPaneWidth } from "./paneWidth";

/**
 * The preview page: the real task pane (mountPane) beside a sheet view of an embedded workbook that runs
 * the same DEAL.* functions, so the product can be tried, and tested in a browser, without Excel.
 */

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`preview.html has no #${id}`);
  return found as T;
}

/** `?today=2026-05-01` fixes the pane's "today" (for screenshots and tests); otherwise the pane uses the clock. */
export function todayFromQuery(search: string): number | undefined {
  const iso = new URLSearchParams(search).get("today");
  return iso ? typedDate(iso) : undefined;
}

function showStatus(message: string, kind: "info" | "error" = "info"): void {
  const status = element("preview-status");
  status.textContent = message;
  status.dataset.kind = kind;
}

async function loadMetadata(): Promise<FunctionsMetadata> {
  const response = await fetch("functions.json");
  if (!response.ok) throw new Error(`functions.json could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as FunctionsMetadata;
}

/** The pane's view of the workbook; like Excel, a build that creates the model sheet shows it. */
function gatewayFor(workbook: EmbeddedWorkbook, view: () => SheetView): WorkbookGateway {
  return {
    buildModel: async (request, control) => {
      const existing = new Set(workbook.sheetNames());
      const report = await workbook.buildModel(request, control);
      const created = Object.values(report.sheets).find((name) => !existing.has(name));
      if (created) view().showSheet(created);
      return report;
    },
    locateModel: (bounds) => workbook.locateModel(bounds),
    readNames: (names) => workbook.readNames(names),
    readRanges: (names) => workbook.readRanges(names),
    watchNames: (names, onChange) => workbook.watchNames(names, onChange),
    watchWorkbook: (onChange) => workbook.watchWorkbook(onChange),
    // The values workbook is a download, as an export is; the workbook in the page is not changed.
    shareAsValues: async (request) => {
      const { file, ...shared } = await workbook.shareAsValues(request);
      if (file) download(file, shared.fileName);
      return { ...shared, delivery: "downloaded" };
    },
    readScenarioTable: () => workbook.readScenarioTable(),
    appendScenarioRow: (request) => workbook.appendScenarioRow(request),
    updateScenarioRow: (request) => workbook.updateScenarioRow(request),
    deleteScenarioRow: (request) => workbook.deleteScenarioRow(request),
  };
}

function download(bytes: Uint8Array, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: XLSX_TYPE }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function wireToolbar(workbook: EmbeddedWorkbook, metadata: FunctionsMetadata): void {
  element("export-xlsx").addEventListener("click", async () => {
    try {
      const fileName = `${workbook.title}.xlsx`;
      download(await exportXlsx(workbook), fileName);
      showStatus(`Exported ${fileName}: open it in Excel with the add-in to see the same numbers.`);
    } catch (e) {
      showStatus(`The workbook could not be exported: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  });
  const fileInput = element<HTMLInputElement>("import-file");
  element("import-xlsx").addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    fileInput.value = "";
    if (!file) return;
    const tooLarge = tooLargeToOpen(file.size);
    if (tooLarge) {
      showStatus(`${file.name} was not opened: ${tooLarge}`, "error");
      return;
    }
    try {
      workbook.load(await importXlsx(new Uint8Array(await file.arrayBuffer()), metadata));
      workbook.title = file.name.replace(/\.xlsx$/i, "");
      showStatus(`Opened ${file.name}.`);
    } catch (e) {
      showStatus(`${file.name} could not be opened: ${e instanceof Error ? e.message : String(e)}`, "error");
    }
  });
  element("new-workbook").addEventListener("click", () => {
    if (!window.confirm("Start a new, empty workbook? The current one is replaced (export it first to keep it).")) return;
    workbook.load(emptyWorkbook());
    workbook.title = "deal-model";
    showStatus("Started a new workbook.");
  });
}

/**
 * F6, Shift+F6 and Ctrl+F6 move between the page's two regions, the grid and the pane, as they cycle
 * Excel's; Escape in the grid also goes back to the pane. The pane gets back the element that last had
 * its focus, or its first field.
 */
function wireRegions(pane: HTMLElement, sheetRoot: HTMLElement, view: SheetView): void {
  let last: HTMLElement | undefined;
  pane.addEventListener("focusin", (e) => {
    last = e.target as HTMLElement;
  });
  sheetRoot.addEventListener("leavegrid", () => {
    const target =
      last && last.isConnected && !last.closest("[hidden]")
        ? last
        : pane.querySelector<HTMLElement>("fluent-text-field, fluent-select, input, select, textarea, fluent-button, button");
    target?.focus();
  });
  pane.addEventListener("keydown", (e) => {
    if (e.key !== "F6") return;
    e.preventDefault();
    view.focusGrid();
  });
}

async function start(): Promise<void> {
  const metadata = await loadMetadata();
  const source = { metadata, implementations: implementationsById(dealFunctions) };
  const { workbook, problem } = openStoredWorkbook(window.localStorage, source);
  if (problem) showStatus(problem, "error");
  autoSave(window.localStorage, workbook, (message) => showStatus(message, "error"));

  const sheetRoot = element("sheet");
  const view = new SheetView(sheetRoot, workbook, window.localStorage.getItem(SHEET_KEY) ?? undefined);
  sheetRoot.addEventListener("sheetchange", (e) => window.localStorage.setItem(SHEET_KEY, String((e as CustomEvent).detail)));
  sheetRoot.addEventListener("previewstatus", (e) => showStatus(String((e as CustomEvent).detail), "error"));
  wireToolbar(workbook, metadata);

  const today = todayFromQuery(window.location.search);
  applyPaneWidth(element("pane"), window.location.search);
  await mountPane(
    element("pane"),
    gatewayFor(workbook, () => view),
    today === undefined ? {} : { today },
  );
  wireRegions(element("pane"), sheetRoot, view);
  document.body.dataset.state = "ready";
}

start().catch((e) => {
  showStatus(`The preview could not start: ${e instanceof Error ? e.message : String(e)}`, "error");
  document.body.dataset.state = "failed";
  console.error(e);
});
