import { Block, blockAddress, cellAddress, cellsOf, parseBlock, parseCell } from "./a1";
import {
  BuildRecord,
  ModelBounds,
  contentFingerprint,
  contentOfEntry,
  entry,
  styleOfEntry,
  LegacySheet,
  RecordedSheet,
  styleFingerprint,
} from "./buildRecord";
import { BuildReport, CellSpec, ChartSpec, KeptCell, ModelLocation, NameSpec, SheetSpec } from "./types";

/**
 * The one build planner: from what the previous builds recorded, what the workbook holds now and the
 * sheets the model wants, it decides every write, clear and deletion of a build. Pure: both workbook
 * implementations read the workbook, call it, and apply its plan, so they follow the same rules.
 *
 * The rules:
 * - A cell is cleared only when the add-in wrote it and it still holds what the add-in wrote. A cell the
 *   user changed is kept, and reported.
 * - A cell the model needs that holds the user's content is not written over (it is reported, and the
 *   pane can ask to restore it). Input cells are the exception: they hold the pane's field, which follows
 *   the grid, so writing them is what the user asked for.
 * - A sheet is the model's when the record says so (found by id, then by name). A build never writes on
 *   a sheet it did not create: when a sheet of the user's has the model's name, the model is built on
 *   "Name (2)" beside it.
 * - The blocks formatted around a spill are recorded; when a spill shrinks, the freed cells lose the
 *   add-in's formats only where they are empty.
 * - Names and charts the previous build of a sheet defined and this one does not are deleted; a name
 *   another sheet of the model still defines is kept.
 * - Removing a section clears what the add-in wrote there and still holds; the sheet itself is deleted
 *   only when the add-in created it and nothing of the user's is left on it.
 */

/** The workbook as the planner needs to know it. */
export interface SheetState {
  name: string;
  id?: string;
  /** Every non-empty cell that is not part of one of the add-in's spills: address -> content fingerprint. */
  contents: Map<string, string>;
  /** Cells currently filled by a spill of a formula the add-in wrote. */
  spilled: Set<string>;
  /** Names of the charts on the sheet. */
  charts: string[];
}

export interface WorkbookState {
  /** Every sheet's name (and id); contents are needed only for sheets the record or the request names. */
  sheets: SheetState[];
  record: BuildRecord;
  /** A record of an earlier version, when there is no current one. */
  legacy?: LegacySheet[];
}

export interface BuildRequest {
  /** The sheets to build; `key` identifies each across builds, `name` is its preferred name. */
  sheets: SheetSpec[];
  /** What a build record of this model may hold; anything else in a stored record is ignored. */
  bounds: ModelBounds;
  /** Keys of model sheets to remove (sections the user unchecked). */
  remove?: string[];
  /** Cells of the user's that the model may write over after all (the user asked to restore them). */
  restore?: { sheet: string; address: string }[];
}

export interface PlannedSheet {
  key: string;
  /** The sheet's actual name: the preferred one, the one it was renamed to, or "Name (2)". */
  name: string;
  create: boolean;
  writes: CellSpec[];
  /** Cells to empty (contents and formats). */
  clear: string[];
  /** Cells that keep their contents but lose the add-in's formats. */
  clearFormats: string[];
  names: NameSpec[];
  staleNames: string[];
  charts: ChartSpec[];
  staleCharts: string[];
}

export interface PlannedRemoval {
  key: string;
  name: string;
  /** Delete the whole sheet (the add-in created it and nothing of the user's is on it). */
  deleteSheet: boolean;
  clear: string[];
  clearFormats: string[];
  names: string[];
  charts: string[];
}

export interface BuildPlan {
  sheets: PlannedSheet[];
  removals: PlannedRemoval[];
  /** User content the build left alone where the model would have written or cleared. */
  kept: KeptCell[];
  /** Sheets built under another name than their preferred one: preferred -> actual. */
  renamed: { key: string; preferred: string; actual: string }[];
  /** The record the build leaves. */
  record: BuildRecord;
}

/** What a spec cell is, for the record: its content's fingerprint and its style's. */
export function specEntry(cell: CellSpec): string {
  const content = contentFingerprint(cell.formula !== undefined ? { formula: cell.formula } : { value: cell.value ?? null });
  const style = styleFingerprint([
    cell.format ?? null,
    cell.role ?? null,
    cell.spill ? [cell.spill.rows, cell.spill.columns, cell.spill.columnFormats ?? null, cell.spill.headerRow ?? null] : null,
  ]);
  return entry(content, style);
}

export function spillBlock(cell: CellSpec): Block | undefined {
  if (!cell.spill) return undefined;
  const start = parseCell(cell.address);
  return { top: start.row, left: start.col, bottom: start.row + cell.spill.rows - 1, right: start.col + cell.spill.columns - 1 };
}

const lower = (s: string) => s.toLowerCase();

/** The first of "Name", "Name (2)", "Name (3)", ... that no sheet has (at most 31 characters). */
export function freeSheetName(preferred: string, taken: Set<string>): string {
  if (!taken.has(lower(preferred))) return preferred;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${preferred.slice(0, 31 - suffix.length)}${suffix}`;
    if (!taken.has(lower(candidate))) return candidate;
  }
}

function findSheet(state: WorkbookState, recorded: { id?: string; name: string }): SheetState | undefined {
  if (recorded.id) {
    const byId = state.sheets.find((s) => s.id === recorded.id);
    if (byId) return byId;
  }
  return state.sheets.find((s) => lower(s.name) === lower(recorded.name));
}

export function planBuild(request: BuildRequest, state: WorkbookState): BuildPlan {
  const steps = planBuildSteps(request, state);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The planner, a sheet at a time: it yields each sheet's key once that sheet is planned, so a workbook
 * can give the event loop a turn between sheets (src/workbook/buildSteps.ts); its value is the plan.
 */
export function* planBuildSteps(request: BuildRequest, state: WorkbookState): Generator<string, BuildPlan, void> {
  const kept: KeptCell[] = [];
  const renamed: BuildPlan["renamed"] = [];
  const taken = new Set(state.sheets.map((s) => lower(s.name)));
  const claimed = new Set<string>();
  const recordedByKey = new Map(state.record.sheets.map((s) => [s.key, s]));
  const removeKeys = new Set(request.remove ?? []);
  const restore = new Set((request.restore ?? []).map((r) => `${lower(r.sheet)}\u0000${r.address}`));
  const nextRecord: RecordedSheet[] = [];
  const buildNames = new Set(request.sheets.flatMap((s) => s.names.map((n) => lower(n.name))));
  // Names another recorded sheet (not rebuilt, not removed) still defines stay.
  const namesOwnedElsewhere = new Set(
    state.record.sheets
      .filter((s) => !request.sheets.some((spec) => spec.key === s.key) && !removeKeys.has(s.key))
      .flatMap((s) => s.names.map(lower)),
  );

  const sheets: PlannedSheet[] = [];
  for (const spec of request.sheets) {
    const key = spec.key;
    const recorded = recordedByKey.get(key);
    let sheetState = recorded ? findSheet(state, recorded) : undefined;
    let previous: Record<string, string> = recorded && sheetState ? recorded.cells : {};
    let created = recorded?.created ?? true;
    let legacyFormatted: string[] = [];
    if (!sheetState && !recorded) {
      // A sheet an earlier version built is the model's too; its cells count as written where they hold
      // what this build writes there (nothing else of it can be told apart from the user's).
      const legacy = state.legacy?.find((l) => lower(l.name) === lower(spec.name));
      const legacySheet = legacy && state.sheets.find((s) => lower(s.name) === lower(legacy.name));
      if (legacy && legacySheet) {
        sheetState = legacySheet;
        created = true;
        const wanted = new Map(spec.cells.map((c) => [cellAddress(parseCell(c.address)), c]));
        previous = {};
        for (const address of legacy.cells === "model" ? wanted.keys() : legacy.cells) {
          const cell = wanted.get(address);
          const current = legacySheet.contents.get(address);
          if (cell && current !== undefined && contentOfEntry(specEntry(cell)) === current) previous[address] = specEntry(cell);
        }
        legacyFormatted = spec.cells
          .map(spillBlock)
          .filter((b): b is Block => b !== undefined)
          .map(blockAddress);
      }
    }
    let name: string;
    let create = false;
    if (sheetState && !claimed.has(lower(sheetState.name))) {
      name = sheetState.name;
    } else {
      sheetState = undefined;
      previous = {};
      name = freeSheetName(spec.name, new Set([...taken, ...claimed]));
      create = true;
      created = true;
      if (lower(name) !== lower(spec.name)) renamed.push({ key, preferred: spec.name, actual: name });
    }
    claimed.add(lower(name));
    taken.add(lower(name));

    const contents = sheetState?.contents ?? new Map<string, string>();
    const spilled = sheetState?.spilled ?? new Set<string>();
    const isRestored = (address: string) => restore.has(`${lower(name)}\u0000${address}`);
    const cells: Record<string, string> = {};
    const writes: CellSpec[] = [];
    const specAddresses = new Set<string>();
    for (const cell of spec.cells) {
      const address = cellAddress(parseCell(cell.address));
      specAddresses.add(address);
      const wanted = specEntry(cell);
      const current = spilled.has(address) ? undefined : contents.get(address);
      const recordedEntry = previous[address];
      const ours = recordedEntry !== undefined && (current ?? "0") === contentOfEntry(recordedEntry);
      const free = current === undefined;
      // An input the add-in wrote holds the pane's field, which follows the grid: writing it is the user's edit.
      const input = recordedEntry !== undefined && cell.role === "input";
      if (ours || free || input || isRestored(address)) {
        // Written when what it holds or how it looks differs from the spec (a user's edit of an input
        // that the spec already holds needs no write).
        const changed =
          (current ?? "0") !== contentOfEntry(wanted) ||
          recordedEntry === undefined ||
          styleOfEntry(recordedEntry) !== styleOfEntry(wanted);
        if (changed || create) writes.push(cell);
        cells[address] = wanted;
      } else {
        kept.push({ sheet: name, address, reason: recordedEntry !== undefined ? "changed" : "occupied" });
      }
    }
    // A spill needs its whole block free: the user's content there would block it (#SPILL! in Excel).
    const formatted: string[] = [];
    const formattedCells = new Set<string>();
    for (const cell of spec.cells) {
      const block = spillBlock(cell);
      if (!block) continue;
      formatted.push(blockAddress(block));
      for (const address of cellsOf(block)) {
        formattedCells.add(address);
        if (
          address !== cellAddress(parseCell(cell.address)) &&
          !spilled.has(address) &&
          contents.has(address) &&
          !specAddresses.has(address)
        ) {
          if (previous[address] === undefined) kept.push({ sheet: name, address, reason: "blocks-spill" });
        }
      }
    }

    const clear: string[] = [];
    for (const [address, recordedEntry] of Object.entries(previous)) {
      if (specAddresses.has(address)) continue;
      const current = spilled.has(address) ? undefined : contents.get(address);
      if ((current ?? "0") === contentOfEntry(recordedEntry)) {
        // A cell the new spill covers keeps its formats: they are the spill's now.
        clear.push(address);
      } else {
        kept.push({ sheet: name, address, reason: "changed" });
      }
    }
    const clearFormats: string[] = [];
    for (const block of [...(recorded && sheetState ? recorded.formatted : []), ...legacyFormatted]) {
      for (const address of cellsOf(parseBlock(block))) {
        if (formattedCells.has(address) || specAddresses.has(address) || previous[address] !== undefined) continue;
        if (contents.has(address) && !spilled.has(address)) continue;
        clearFormats.push(address);
      }
    }

    const staleNames = (recorded && sheetState ? recorded.names : []).filter(
      (n) => !buildNames.has(lower(n)) && !namesOwnedElsewhere.has(lower(n)),
    );
    const chartIds = new Set(spec.charts.map((c) => c.id));
    const staleCharts = (recorded && sheetState ? recorded.charts : []).filter(
      (c) => !chartIds.has(c) && (sheetState?.charts ?? []).some((x) => lower(x) === lower(c)),
    );
    const recordedSheet: RecordedSheet = {
      key,
      name,
      created,
      cells,
      formatted: [...new Set(formatted)],
      names: spec.names.map((n) => n.name),
      charts: spec.charts.map((c) => c.id),
    };
    if (sheetState?.id) recordedSheet.id = sheetState.id;
    nextRecord.push(recordedSheet);
    sheets.push({ key, name, create, writes, clear, clearFormats, names: spec.names, staleNames, charts: spec.charts, staleCharts });
    yield key;
  }

  const removals: PlannedRemoval[] = [];
  for (const key of removeKeys) {
    const recorded = recordedByKey.get(key);
    if (!recorded || request.sheets.some((s) => s.key === key)) continue;
    const sheetState = findSheet(state, recorded);
    const names = recorded.names.filter((n) => !buildNames.has(lower(n)) && !namesOwnedElsewhere.has(lower(n)));
    if (!sheetState) {
      removals.push({ key, name: recorded.name, deleteSheet: false, clear: [], clearFormats: [], names, charts: [] });
      continue;
    }
    const clear: string[] = [];
    const userCells: string[] = [];
    for (const [address, recordedEntry] of Object.entries(recorded.cells)) {
      const current = sheetState.spilled.has(address) ? undefined : sheetState.contents.get(address);
      if ((current ?? "0") === contentOfEntry(recordedEntry)) clear.push(address);
      else userCells.push(address);
    }
    for (const address of sheetState.contents.keys()) {
      if (recorded.cells[address] === undefined && !sheetState.spilled.has(address)) userCells.push(address);
    }
    const ourCharts = new Set(recorded.charts.map(lower));
    const foreignCharts = sheetState.charts.filter((c) => !ourCharts.has(lower(c)));
    const deleteSheet = recorded.created && userCells.length === 0 && foreignCharts.length === 0;
    const clearFormats: string[] = [];
    if (!deleteSheet) {
      for (const block of recorded.formatted) {
        for (const address of cellsOf(parseBlock(block))) {
          if (!sheetState.contents.has(address) || sheetState.spilled.has(address)) clearFormats.push(address);
        }
      }
      for (const address of [...new Set(userCells)]) kept.push({ sheet: sheetState.name, address, reason: "removed-section" });
    }
    removals.push({
      key,
      name: sheetState.name,
      deleteSheet,
      clear: deleteSheet ? [] : clear,
      clearFormats,
      names,
      charts: recorded.charts.filter((c) => sheetState.charts.some((x) => lower(x) === lower(c))),
    });
  }

  // Sheets of the record that this build neither rebuilds nor removes stay recorded as they are.
  for (const recorded of state.record.sheets) {
    if (request.sheets.some((s) => s.key === recorded.key) || removeKeys.has(recorded.key)) continue;
    const sheetState = findSheet(state, recorded);
    if (!sheetState) continue;
    nextRecord.push({ ...recorded, name: sheetState.name, ...(sheetState.id ? { id: sheetState.id } : {}) });
  }

  return { sheets, removals, kept, renamed, record: { sheets: nextRecord } };
}

/** What the pane hears of a build. */
export function buildReport(plan: BuildPlan, problems: string[]): BuildReport {
  const messages = [...problems];
  for (const r of plan.renamed) {
    messages.push(`A sheet of yours is named ${r.preferred}: it is left as it is, and the model is built on ${r.actual}.`);
  }
  return {
    sheets: Object.fromEntries(plan.sheets.map((s) => [s.key, s.name])),
    removed: plan.removals.filter((r) => r.deleteSheet).map((r) => r.name),
    keptSheets: plan.removals.filter((r) => !r.deleteSheet).map((r) => r.name),
    kept: plan.kept,
    messages,
  };
}

/** Where the record says the model's sheets are now (found by id, then by name), keys to names. */
export function modelLocation(state: WorkbookState, bounds: ModelBounds, problems: string[]): ModelLocation {
  const sheets: Record<string, string> = {};
  for (const recorded of state.record.sheets) {
    const found = findSheet(state, recorded);
    if (found) sheets[recorded.key] = found.name;
  }
  for (const legacy of state.legacy ?? []) {
    const model = bounds.sheets.find((m) => lower(m.name) === lower(legacy.name));
    const found = state.sheets.find((s) => lower(s.name) === lower(legacy.name));
    if (model && found && !sheets[model.key]) sheets[model.key] = found.name;
  }
  return { sheets, messages: problems };
}
