import { EmbeddedWorkbook } from "../workbook/embedded/embeddedWorkbook";
import { DealEngineSource } from "../workbook/embedded/formulaEngine";

/**
 * The preview's workbook lives in the browser's localStorage, so a reload (or closing the tab) keeps the
 * model, its edits and its scenarios. One key holds the whole workbook as JSON.
 */
export const WORKBOOK_KEY = "deal-modeller.preview.workbook";
export const SHEET_KEY = "deal-modeller.preview.sheet";

export interface Opened {
  workbook: EmbeddedWorkbook;
  /** Why the stored workbook could not be used, when it could not (a new one was started). */
  problem?: string;
}

export function openStoredWorkbook(storage: Storage, source: DealEngineSource): Opened {
  const text = storage.getItem(WORKBOOK_KEY);
  if (text) {
    try {
      return { workbook: new EmbeddedWorkbook(source, JSON.parse(text)) };
    } catch (e) {
      // Kept aside rather than overwritten, so nothing the user had is lost without a trace.
      storage.setItem(`${WORKBOOK_KEY}.unreadable`, text);
      return {
        workbook: new EmbeddedWorkbook(source),
        problem: `The workbook stored in this browser could not be opened (${e instanceof Error ? e.message : String(e)}); a new one was started.`,
      };
    }
  }
  return { workbook: new EmbeddedWorkbook(source) };
}

/**
 * Saves after every change, coalesced to one write in a task of its own (serializing a long model takes
 * tens of milliseconds: it is not added to the task that changed the workbook), and at once when the page
 * is hidden or closed; reports a full storage instead of failing silently.
 */
export function autoSave(storage: Storage, workbook: EmbeddedWorkbook, onProblem: (message: string) => void): () => void {
  let pending = false;
  const save = () => {
    pending = false;
    try {
      storage.setItem(WORKBOOK_KEY, JSON.stringify(workbook.toJSON()));
    } catch (e) {
      onProblem(
        `The workbook could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); export it to .xlsx to keep it.`,
      );
    }
  };
  const stop = workbook.onDidChange(() => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      if (pending) save();
    }, 0);
  });
  const saveNow = () => {
    if (pending) save();
  };
  window.addEventListener("pagehide", saveNow);
  return () => {
    stop();
    window.removeEventListener("pagehide", saveNow);
  };
}
