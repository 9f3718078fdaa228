import type { BuildRequest } from "./buildPlan";
import type { BuildControl } from "./buildSteps";
import type { ModelBounds } from "./buildRecord";
import type { AppendRequest, DeleteRequest, ScenarioTable, ScenarioWriteResult, UpdateRequest } from "./scenarioTable";

export type { BuildRequest } from "./buildPlan";
export type { BuildControl, BuildProgress } from "./buildSteps";
export type { ModelBounds } from "./buildRecord";
export type {
  AppendRequest,
  DeleteRequest,
  ScenarioCells,
  ScenarioColumn,
  ScenarioRefusal,
  ScenarioTable,
  ScenarioWriteResult,
  UpdateRequest,
} from "./scenarioTable";
export { SCENARIO_COLUMNS } from "./scenarioTable";

/**
 * The one interface between the task pane and a workbook. Two implementations serve it: Office.js
 * (`src/workbook/office/`) in Excel, and the embedded formula engine (`src/workbook/embedded/`) in the
 * preview and the tests. The pane never touches Excel or the embedded engine directly.
 *
 * Everything a model needs is described as data (sheets, cells, names, charts), so both
 * implementations apply the same description and a test can compare what each wrote.
 */

/** A cell's value as a workbook holds it; `null` is an empty cell. Dates are serial numbers. */
export type CellValue = number | string | boolean | null;

/** Number formats the model uses; each implementation maps them to its own format codes. */
export type NumberFormatKind = "currency" | "percent" | "date" | "number" | "integer" | "text";

export type CellRole = "title" | "label" | "input" | "output" | "header" | "note";

export interface CellSpec {
  /** A1 address on the model sheet, e.g. "C4". */
  address: string;
  /** A constant: a label or an input value. */
  value?: CellValue;
  /** A formula, e.g. "=DEAL.REVSHARE(Deal_RevShare_Revenue, Deal_RevShare_Rate)". */
  formula?: string;
  format?: NumberFormatKind;
  role?: CellRole;
  /**
   * For a formula that spills: its expected size (computed by the engine from the inputs at build time)
   * and the format of each column, so the spilled block is formatted and charted as a whole.
   */
  spill?: {
    rows: number;
    columns: number;
    columnFormats?: NumberFormatKind[];
    /** The first row is a header row (styled as one). Optional: an implementation may also infer it from text. */
    headerRow?: boolean;
  };
}

/** A workbook-scoped named range on the model sheet, e.g. Deal_RevShare_Rate -> C4. */
export interface NameSpec {
  name: string;
  /** A1 address or range on the same sheet, e.g. "C4" or "C10:C21". */
  address: string;
  comment?: string;
}

/** A native chart over a block of the model sheet. */
export interface ChartSpec {
  /** Stable id; the chart's name in the workbook, used to find it again on rebuild. */
  id: string;
  title: string;
  type: "line" | "column" | "area" | "pie" | "bar";
  /** The block including its header row; the first column holds the categories (x axis). */
  dataRange: string;
  /** Which columns of dataRange (0-based) are series; default every column after the first. */
  seriesColumns?: number[];
  /**
   * The series' names, in the order of seriesColumns (the header row's text). Optional: an implementation
   * that reads computed values may take them from the header row; Office.js needs them because a spilled
   * header is not computed yet when the chart is added.
   */
  seriesNames?: string[];
  /** Top-left cell where the chart is placed. */
  anchor: string;
}

export interface SheetSpec {
  /** The model's stable key for the sheet ("terms", "revshare", ...): how a build finds it again. */
  key: string;
  /** The sheet's preferred name; a build uses another ("Deal RevShare (2)") when a sheet of the user's has it. */
  name: string;
  cells: CellSpec[];
  names: NameSpec[];
  charts: ChartSpec[];
}

/** What to share: the model sheets as built, and the line that says what the copy is. */
export interface ShareRequest {
  /**
   * The model sheets, as the last build wrote them: which sheets go, in which order, and from their
   * specs the cells' roles (titles, headers and outputs keep their style, inputs lose theirs), the
   * names and the charts. Values and number formats come from the workbook.
   */
  sheets: SheetSpec[];
  /** Written on every sheet of the copy at `address`, in place of what the model sheet has there. */
  stamp: { address: string; text: string };
}

export interface SharedWorkbook {
  /** "<workbook> (values).xlsx". */
  fileName: string;
  /** The sheets it holds. */
  sheets: string[];
  /**
   * How it reached the user: opened as a new workbook (Excel), downloaded (the preview), or only
   * returned in `file` for the caller to deliver (the embedded workbook).
   */
  delivery: "opened" | "downloaded" | "returned";
  file?: Uint8Array;
}

/** A cell of the user's that a build left alone where the model would have written or cleared. */
export interface KeptCell {
  sheet: string;
  address: string;
  /**
   * changed: the add-in wrote it and the user changed it since; occupied: the model needs the cell and it
   * holds the user's content; blocks-spill: it holds content where a schedule spills; removed-section: it
   * is the user's, on the sheet of a section that was removed.
   */
  reason: "changed" | "occupied" | "blocks-spill" | "removed-section";
}

/** What a build did, for the pane to say. */
export interface BuildReport {
  /** Each built sheet's actual name by its key (a sheet may have been renamed, or built beside the user's). */
  sheets: Record<string, string>;
  /** Sheets of removed sections that were deleted, and those kept because they hold the user's content. */
  removed: string[];
  keptSheets: string[];
  kept: KeptCell[];
  /** Why parts of the stored build record were ignored, and what else the pane should say. */
  messages: string[];
  /**
   * Set when the build was cancelled: the sheets it did not write (by key and name). `sheets` then holds
   * the model's sheets as the workbook has them: those written, and those an earlier build left.
   */
  cancelled?: { notBuilt: { key: string; name: string }[] };
}

/** The model's sheets, as the workbook holds them: keys to sheet names, from the build record. */
export interface ModelLocation {
  sheets: Record<string, string>;
  messages: string[];
}

export interface WorkbookGateway {
  /**
   * Builds the model: writes each sheet (creating it if needed) and removes the sheets of the keys in
   * `remove`, by the rules of the build planner (src/workbook/buildPlan.ts): only what changed is
   * written, a cell is cleared only when the add-in wrote it and it still holds what the add-in wrote,
   * a sheet of the user's is never written over. Events of its own writes do not reach watchNames.
   * It writes a sheet at a time and yields to the event loop between sheets and between write batches
   * (src/workbook/buildSteps.ts); `control` hears its progress and may cancel it before the next sheet.
   */
  buildModel(request: BuildRequest, control?: BuildControl): Promise<BuildReport>;
  /** Where the model's sheets are, from the build record (an empty map for a workbook without a model). */
  locateModel(bounds: ModelBounds): Promise<ModelLocation>;
  /** Current values of named cells; a name that does not exist reads as undefined (absent key). */
  readNames(names: string[]): Promise<Record<string, CellValue>>;
  /**
   * The values of named ranges of any size (rows x columns, empty cells as null); a name that does not
   * exist is an absent key. The pane takes back the tables it writes (cap table, revenue forecast,
   * weights, actuals) after they were edited in the grid.
   */
  readRanges(names: string[]): Promise<Record<string, CellValue[][]>>;
  /**
   * Calls onChange when a watched named cell changes in the grid (by the user or a co-author), never for
   * the add-in's own writes, so a form and its cell never loop. Returns an unsubscribe. For a name of
   * several cells, value is its top-left cell's (read the block with readRanges).
   */
  watchNames(names: string[], onChange: (name: string, value: CellValue) => void): Promise<() => Promise<void>>;
  /**
   * Calls onChange when the workbook is replaced or its sheets change (a new or opened workbook in the
   * preview; a sheet added, deleted or renamed in Excel), so the pane can follow it. Returns an unsubscribe.
   */
  watchWorkbook(onChange: () => void): Promise<() => Promise<void>>;
  /**
   * Makes a separate workbook of the request's sheets with values instead of formulas, for a recipient
   * without the add-in (share.ts says what it holds), and hands it to the user. The user's own workbook
   * is not changed. Refused while the model is still calculating.
   */
  shareAsValues(request: ShareRequest): Promise<SharedWorkbook>;
  /**
   * The scenario table (on the add-in's own sheet, found by its name DealScenarios): its header and every
   * body row, every column, as the workbook holds them; undefined when there is none (nothing is created).
   */
  readScenarioTable(): Promise<ScenarioTable | undefined>;
  /**
   * Adds one row (creating the sheet and the table when there is none), its cells placed by the columns'
   * titles; refused when a row has the name `unlessNamed`. The rules: src/workbook/scenarioTable.ts.
   */
  appendScenarioRow(request: AppendRequest): Promise<ScenarioWriteResult>;
  /** Writes cells of the one row that still holds `expected`, and nothing else; refused with the row as it is now. */
  updateScenarioRow(request: UpdateRequest): Promise<ScenarioWriteResult>;
  /** Deletes the one row that still holds `expected`; refused with the row as it is now. */
  deleteScenarioRow(request: DeleteRequest): Promise<ScenarioWriteResult>;
}

/**
 * The add-in's own sheet and table for scenarios. Columns (found by their titles, in any order, beside
 * any of the user's): Name | Schema | Saved | Inputs (JSON) | Id | Revision | Saved by.
 */
export const SCENARIO_SHEET = "DealModeller_Scenarios";
export const SCENARIO_TABLE = "DealScenarios";
