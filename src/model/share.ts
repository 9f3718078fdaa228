import { SharedWorkbook, ShareRequest, SheetSpec } from "../workbook/types";
import { SHEET_NOTE_ADDRESS } from "./sheets";

/** This release of Deal Modeller, as the shared workbook names it (test/model/share.test.ts holds it to package.json). */
export const DEAL_MODELLER_VERSION = "0.1.0";

/** A local calendar date as 2026-05-01. */
function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** What "Share without the add-in" asks the workbook for: these model sheets, stamped with the day. */
export function shareRequest(sheets: SheetSpec[], now: Date): ShareRequest {
  return {
    sheets,
    stamp: {
      address: SHEET_NOTE_ADDRESS,
      text: `Shared on ${localIsoDate(now)} from Deal Modeller ${DEAL_MODELLER_VERSION}, values not formulas.`,
    },
  };
}

/** What the pane says once the values workbook is made: where it went, under which name. */
export function sharedMessage(shared: SharedWorkbook): string {
  const what = "values only, readable without the add-in; this workbook is unchanged";
  switch (shared.delivery) {
    case "opened":
      return `Opened the values in a new workbook (${what}). Save it as "${shared.fileName}".`;
    case "downloaded":
      return `Downloaded "${shared.fileName}" (${what}).`;
    default:
      return `Made "${shared.fileName}" (${what}).`;
  }
}
