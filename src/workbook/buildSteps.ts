import { planBuildSteps, type BuildPlan, type PlannedSheet } from "./buildPlan";
import type { BuildRecord, RecordedSheet } from "./buildRecord";

/**
 * How a long build stays out of the user's way, for both workbooks: it is applied one sheet at a time,
 * and between sheets (and between write batches inside a sheet) it hands the thread back to the event
 * loop, so the pane repaints its progress, a click on Cancel is heard, and in Excel's shared runtime the
 * DEAL.* cells recalculate. A cancel is honoured between sheets: a sheet is always written whole, so the
 * build record stays exact (it lists the sheets written, and the others as the previous build left them).
 */

/** Where a build is: `step` sheets of `steps` are written, `sheet` is the one being written now. */
export interface BuildProgress {
  step: number;
  steps: number;
  sheet: string;
}

/** What the caller of a build may do while it runs. */
export interface BuildControl {
  /** Hears each sheet before it is written (step 0 of n first). */
  onProgress?(progress: BuildProgress): void;
  /** Asked before each sheet: true stops the build there. */
  isCancelled?(): boolean;
}

/**
 * Gives the event loop a turn: resolves in a new macrotask, after the tasks already queued (a paint, a
 * click, a timer). A timer, so that a timer queued before it runs first (a message channel's task may
 * overtake timers); the browser's 4 ms clamp on nested timers costs a few milliseconds a build.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** What the stepwise application of a plan did: every sheet, or those before the cancel. */
export interface AppliedSheets {
  built: PlannedSheet[];
  cancelled: boolean;
}

/**
 * Applies the plan's sheets one at a time through `applySheet`, yielding between them and reporting
 * progress; stops before the next sheet once `control` says cancelled. The plan's removals are the
 * caller's, before the first sheet.
 */
export async function applySheetsStepwise(
  plan: BuildPlan,
  control: BuildControl | undefined,
  applySheet: (planned: PlannedSheet) => Promise<void> | void,
): Promise<AppliedSheets> {
  const built: PlannedSheet[] = [];
  const steps = plan.sheets.length;
  for (const planned of plan.sheets) {
    if (control?.isCancelled?.()) return { built, cancelled: true };
    control?.onProgress?.({ step: built.length, steps, sheet: planned.name });
    await applySheet(planned);
    built.push(planned);
    await yieldToEventLoop();
  }
  return { built, cancelled: false };
}

/**
 * The record a cancelled build leaves: the sheets it wrote as the plan records them, every other sheet
 * as the previous record had it (a sheet the build would have created is not in it, since it was not made).
 */
export function recordOfBuilt(plan: BuildPlan, previous: BuildRecord, built: readonly PlannedSheet[]): BuildRecord {
  const builtKeys = new Set(built.map((s) => s.key));
  const plannedKeys = new Set(plan.sheets.map((s) => s.key));
  const before = new Map(previous.sheets.map((s) => [s.key, s]));
  const sheets: RecordedSheet[] = [];
  for (const recorded of plan.record.sheets) {
    if (!plannedKeys.has(recorded.key) || builtKeys.has(recorded.key)) sheets.push(recorded);
    else {
      const planned = plan.sheets.find((s) => s.key === recorded.key)!;
      const old = before.get(recorded.key);
      if (old && !planned.create) sheets.push({ ...old, name: planned.name, ...(recorded.id ? { id: recorded.id } : {}) });
    }
  }
  return { sheets };
}

/**
 * How long a workbook computing in the pane's thread works between two turns of the event loop. The
 * pane's budget for a task is 100 ms; a slice of about a third of it leaves room for the recalculation
 * that follows a slice's writes and for the paint.
 */
export const SLICE_MS = 30;

/** Items handed to a slice's work at a time, between two looks at the clock. */
const SLICE_STEP = 25;

/**
 * Runs `work` over `items` in turns of the event loop that take about SLICE_MS each, yielding between
 * turns. A cell's cost varies a hundredfold (a value, a formula to parse, a cell to unlink from a spill),
 * so a turn ends by the clock, looked at every SLICE_STEP items, not after a count. `turn` wraps each
 * turn's work (the embedded workbook suspends its recalculation for a turn and resumes it at the end).
 */
export async function inTimeSlices<T>(
  items: readonly T[],
  work: (slice: readonly T[]) => void,
  turn: (run: () => void) => void = (run) => run(),
): Promise<void> {
  let start = 0;
  while (start < items.length) {
    if (start > 0) await yieldToEventLoop();
    const began = performance.now();
    turn(() => {
      do {
        work(items.slice(start, start + SLICE_STEP));
        start += SLICE_STEP;
      } while (start < items.length && performance.now() - began < SLICE_MS);
    });
  }
}

/** Plans a build a sheet at a time (`planBuildSteps`), giving the event loop a turn after each sheet. */
export async function planStepwise(...args: Parameters<typeof planBuildSteps>): Promise<BuildPlan> {
  const planning = planBuildSteps(...args);
  let planned = planning.next();
  while (!planned.done) {
    await yieldToEventLoop();
    planned = planning.next();
  }
  return planned.value;
}
