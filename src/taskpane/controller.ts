import { CellOverrides } from "../model/calls";
import {
  checkFieldValue,
  checkInputs,
  DealInputs,
  defaultInputs,
  FIELD_BY_KEY,
  FieldDef,
  FieldKey,
  FIELDS,
  formatField,
  fromBlock,
  getTermPreset,
  fromCell,
  InputValue,
  isVisible,
  parseField,
  presetValues,
  SECTION_NEEDS,
  SECTIONS,
  SectionId,
  sameInput,
  todaySerial,
} from "../model/fields";
import {
  editedFigures,
  FigureChange,
  fieldWarnings,
  FractionQuestion,
  fractionQuestion,
  PeriodNote,
  periodNote,
  presetFigure,
  presetOverwrites,
} from "../model/fieldAids";
import { COMPUTE, evaluation, Issue, SectionResults } from "../model/results";
import { MODEL_BOUNDS, modelSheet, modelSheets, NAMES, SheetKey } from "../model/sheets";
import { sharedMessage, shareRequest } from "../model/share";
import {
  checkScenarioName,
  Comparison,
  compareScenarios,
  describeChange,
  freeName,
  ListedScenario,
  MAX_AUTHOR_LENGTH,
  newScenarioCells,
  overwriteCells,
  parseScenarioTable,
  renameCells,
  ScenarioList,
  Stamp,
  whenText,
} from "../model/scenarios";
import { yieldToEventLoop } from "../workbook/buildSteps";
import {
  BuildControl,
  BuildProgress,
  BuildReport,
  CellValue,
  KeptCell,
  ScenarioRefusal,
  ScenarioTable,
  ScenarioWriteResult,
  WorkbookGateway,
} from "../workbook/types";
import { cellsOf, columnsOf, nameKey } from "../workbook/scenarioTable";

/**
 * The pane's logic, apart from the DOM: field state and validation, live results, the binding between
 * fields and named cells, presets, building and sharing the model, and scenarios. Everything it does to
 * the workbook goes through the WorkbookGateway, one operation at a time (a queue), so a test can drive
 * it against a workbook and await `idle()`.
 *
 * The workbook is the source of truth:
 * - a field's committed value (Enter, leaving the field, picking an option) is written to its cell by a
 *   build of the model sheets, which writes only what changed (the build planner), so every field and
 *   every cell that depends on it follow together; a value that fails validation stays in the field with
 *   its message, and its cell keeps the last valid value;
 * - a change in the grid updates the field and the results and writes nothing back but what the sheet's
 *   shape needs; a cell the pane cannot take as its field (text in a number cell, a stake of 150%) is
 *   shown with its message, and the results are computed with what the cell holds, so the pane says
 *   what the sheet shows;
 * - the pane follows its workbook: a new or opened workbook, or one whose model was deleted, resets
 *   the fields, sections, scenarios and status from it.
 */

/** info: done; busy: working; warning: done, with something to look at (cells kept, a record ignored); error: not done. */
export type StatusKind = "info" | "busy" | "warning" | "error";

export interface FieldState {
  text: string;
  /** Why the text or the cell cannot be used, or what the DEAL.* function said about the value. */
  error?: string;
  /** The text is a valid value not yet committed: the workbook does not hold it yet. */
  pending?: boolean;
  /** The value is legal but implausible: said beside the field; the value is still written. */
  warning?: string;
  /** The text could be read two ways ("0.27": 27% or 0.27%?); nothing is written until answered. */
  question?: FractionQuestion;
  /** The chosen preset's figure, as the field shows it, when the field holds something else. */
  reset?: string;
  /** The periods a year changed what the figure means (the first period's revenue): said, with the converted figure. */
  periodNote?: PeriodNote;
}

/** Another preset was chosen while figures of the current one are edited: asked before they are overwritten. */
export interface PresetQuestion {
  preset: string;
  label: string;
  message: string;
  changes: FigureChange[];
}

/** How the user answers the preset question: take the preset's figures, keep the edited ones, or stay. */
export type PresetAnswer = "overwrite" | "keep-mine" | "cancel";

/** A question the pane asks before a build removes something. */
export interface Confirmation {
  kind: "remove-sections";
  sections: SectionId[];
  sheets: string[];
  message: string;
}

/** An answer to a scenario question; the prompt lists the ones that fit. */
export type ScenarioChoice = "overwrite" | "keep-both" | "save-new" | "rename-anyway" | "delete-anyway" | "save-again" | "cancel";

/** A question about scenarios, shown next to what it is about (never a browser dialog: task panes have none). */
export interface ScenarioPrompt {
  /** "save" (the save controls), "list" (the list as a whole), or a scenario's key (its row). */
  about: string;
  message: string;
  choices: ScenarioChoice[];
}

/** What the last scenario action did, or why it could not, shown next to what it is about. */
export interface ScenarioNotice {
  /** As ScenarioPrompt.about. */
  about: string;
  kind: StatusKind;
  message: string;
  /** A delete: the row's place in the list, where the notice and its Undo stand in for it. */
  position?: number;
  undo?: boolean;
}

export interface PaneState {
  /** The committed values: what the model's cells hold once built (the last valid value of each field). */
  inputs: DealInputs;
  fields: Record<FieldKey, FieldState>;
  sections: SectionId[];
  /** The model's sheets in the workbook, by key (empty when no model is built). */
  model: Partial<Record<SheetKey, string>>;
  /** The model's sheet names, Deal Terms first. */
  builtSheets: string[];
  results: Partial<{ [S in SectionId]: SectionResults[S] }>;
  /** A section-wide message: a field of the section is invalid, or an error no single field is blamed for. */
  sectionIssues: Partial<Record<SectionId, string>>;
  /** Sections whose results include a value typed but not committed yet. */
  pendingSections: SectionId[];
  status: { kind: StatusKind; message: string };
  /** A build or an apply under way: how far it is, and whether Cancel may stop it (a build's, not an apply's). */
  progress?: BuildProgress & { cancellable: boolean };
  /** Cells of the user's that the last build left where the model would have written or cleared. */
  kept: KeptCell[];
  confirmation?: Confirmation;
  scenarios: ScenarioList;
  scenarioPrompt?: ScenarioPrompt;
  scenarioNotice?: ScenarioNotice;
  /** The key of the scenario being renamed in its row. */
  renaming?: string;
  /** The name this pane writes as "Saved by", for co-authors to see (kept in the browser, never required). */
  author: string;
  comparison?: Comparison;
  sharedSheets: string[];
  presetQuestion?: PresetQuestion;
  /** The fields whose values differ from the chosen preset's figures: what "Reset all" changes. */
  resetAll: { label: string; changes: FigureChange[] };
}

export interface ControllerOptions {
  /** Today as an Excel serial date (the as-of date's starting value). */
  today?: number;
  /** The clock for the scenarios' Saved column. */
  now?: () => Date;
  /** The name written as "Saved by" (the pane keeps it in the browser). */
  author?: string;
  /** A new scenario's Id (default: random). */
  newId?: () => string;
}

/** A scenario by its row (as listed), its key or Id, or its name. */
export type ScenarioRef = ListedScenario | string;

/** What a prompt's answers do. */
type Pending =
  | { kind: "existing"; name: string; inputs: DealInputs; existing?: ListedScenario }
  | { kind: "save-conflict"; name: string; inputs: DealInputs; header: string[]; now: CellValue[] }
  | { kind: "save-gone"; name: string; inputs: DealInputs }
  | { kind: "rename-conflict"; to: string; header: string[]; now: CellValue[] }
  | { kind: "delete-conflict"; header: string[]; now: CellValue[] }
  | { kind: "lost"; name: string; inputs: DealInputs };

function randomId(): string {
  const bytes = new Uint8Array(9);
  const crypto = (globalThis as { crypto?: { getRandomValues?(a: Uint8Array): Uint8Array } }).crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return `s-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

const SECTION_IDS = SECTIONS.map((s) => s.id);

/** Fields whose values a section's results depend on. */
function fieldsOf(section: SectionId): FieldDef[] {
  return FIELDS.filter((f) => f.group === section || f.group === "deal");
}

function emptyFields(inputs: DealInputs): Record<FieldKey, FieldState> {
  return Object.fromEntries(FIELDS.map((f) => [f.key, { text: formatField(f, inputs[f.key]) }])) as Record<FieldKey, FieldState>;
}

export class PaneController {
  state: PaneState;
  private readonly listeners = new Set<(state: PaneState) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private unwatch?: () => Promise<void>;
  private unwatchWorkbook?: () => Promise<void>;
  private readonly now: () => Date;
  private readonly today: number;
  private readonly newId: () => string;
  private pending?: Pending;
  /** The last delete, to undo it: the row as it was, every column, under the header it had. */
  private undo?: { header: string[]; row: CellValue[]; at: number; name: string };
  /** Rows this pane wrote in this session, by Id: one that vanishes is said (a co-author's change may have replaced it). */
  private readonly written = new Map<string, { name: string; inputs: DealInputs }>();
  private disposed = false;
  /** The user asked to stop the build under way. */
  private cancelRequested = false;
  /** Valid values typed but not committed. */
  private draft: Partial<DealInputs> = {};
  /** Why a field's text cannot be its value (parsing or its range). */
  private readonly textErrors = new Map<FieldKey, string>();
  /** Cells the grid holds that the pane cannot take as their field, and why. */
  private overrides: CellOverrides = {};
  private readonly cellErrors = new Map<FieldKey, string>();
  /** Fraction questions open at their fields. */
  private readonly questions = new Map<FieldKey, FractionQuestion>();
  /** The note at the first period's revenue after a change of periods a year, until the figure is touched. */
  private periodChange?: PeriodNote;

  private constructor(
    private readonly gateway: WorkbookGateway,
    options: ControllerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.today = options.today ?? todaySerial();
    this.newId = options.newId ?? randomId;
    const inputs = defaultInputs(this.today);
    this.state = {
      inputs,
      fields: emptyFields(inputs),
      sections: [...SECTION_IDS],
      model: {},
      builtSheets: [],
      results: {},
      sectionIssues: {},
      pendingSections: [],
      status: { kind: "info", message: "Loading the workbook…" },
      kept: [],
      scenarios: { scenarios: [], problems: [] },
      author: (options.author ?? "").trim().slice(0, MAX_AUTHOR_LENGTH),
      sharedSheets: [],
      resetAll: { label: presetLabel(inputs.preset), changes: [] },
    };
    this.recompute();
  }

  /** A controller bound to the workbook: it adopts a model built earlier (the workbook's values win) and lists the scenarios. */
  static async create(gateway: WorkbookGateway, options: ControllerOptions = {}): Promise<PaneController> {
    const controller = new PaneController(gateway, options);
    await controller.run(() => controller.adoptWorkbook(), "Could not read the workbook");
    controller.unwatchWorkbook = await gateway.watchWorkbook(() => {
      void controller.enqueue(() => controller.adoptWorkbook(), "Could not read the workbook");
    });
    return controller;
  }

  subscribe(listener: (state: PaneState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when every workbook operation started so far has finished. */
  async idle(): Promise<void> {
    let last: Promise<unknown> | undefined;
    while (last !== this.queue) {
      last = this.queue;
      await last;
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.idle();
    await this.unwatch?.();
    await this.unwatchWorkbook?.();
    this.unwatch = undefined;
    this.listeners.clear();
  }

  // ---- fields ----

  isVisible(key: FieldKey): boolean {
    return isVisible(FIELD_BY_KEY[key], this.effectiveInputs());
  }

  /**
   * The user typed in a field. The results follow at once (marked pending); `commit` (the field's change
   * event: Enter, leaving the field, choosing an option) makes it the field's value and writes the model.
   */
  setText(key: FieldKey, text: string, commit = true): Promise<void> {
    const field = FIELD_BY_KEY[key];
    this.state.fields[key] = { text };
    this.questions.delete(key);
    // The pane's own text for the committed value ("0.27" for 0.27%, after a scenario) asks nothing: only typing is asked about.
    const question = text === formatField(field, this.state.inputs[key]) ? undefined : fractionQuestion(field, text);
    if (question) {
      // Neither reading is guessed: the results keep the committed value until the user answers.
      delete this.draft[key];
      this.textErrors.delete(key);
      if (commit) this.questions.set(key, question);
      this.recompute();
      this.emit();
      return Promise.resolve();
    }
    const parsed = parseField(field, text);
    const problem = parsed.ok ? checkFieldValue(field, parsed.value) : parsed.error;
    delete this.draft[key];
    if (problem !== undefined || !parsed.ok) {
      this.textErrors.set(key, problem ?? "");
    } else {
      this.textErrors.delete(key);
      if (commit) {
        // A value typed in the pane replaces what the grid held.
        delete this.overrides[key];
        this.cellErrors.delete(key);
        this.notePeriodChange(key, this.state.inputs[key], parsed.value);
        this.state.inputs = { ...this.state.inputs, [key]: parsed.value };
      } else if (!sameInput(parsed.value, this.state.inputs[key]) || this.cellErrors.has(key)) {
        (this.draft as Record<string, InputValue>)[key] = parsed.value;
      }
    }
    this.recompute();
    this.emit();
    if (!commit || problem !== undefined) return Promise.resolve();
    return this.enqueue(() => this.syncModel(), `Could not write ${field.label}`);
  }

  /** The user answers the field's question ("27% or 0.27%?") with one of its readings. */
  answerFraction(key: FieldKey, reading: 0 | 1): Promise<void> {
    const question = this.questions.get(key);
    if (!question) return Promise.resolve();
    return this.setText(key, question.readings[reading].fieldText, true);
  }

  /** Escape in a field: its last committed value (or the grid's content) comes back; nothing is written. */
  revertField(key: FieldKey): void {
    const field = FIELD_BY_KEY[key];
    delete this.draft[key];
    this.textErrors.delete(key);
    this.questions.delete(key);
    this.state.fields[key] = {
      text: this.cellErrors.has(key) ? cellText(this.overrides[key] ?? null) : formatField(field, this.state.inputs[key]),
    };
    this.recompute();
    this.emit();
  }

  /** Puts the chosen preset's figure back in a field. */
  resetField(key: FieldKey): Promise<void> {
    const figure = presetFigure(this.state.inputs, key);
    if (!figure) return Promise.resolve();
    this.resetTo({ [key]: figure.value });
    this.setStatus("info", `${FIELD_BY_KEY[key].label} reset to the preset's figure.`);
    return this.enqueue(() => this.syncModel(), `Could not write ${FIELD_BY_KEY[key].label}`);
  }

  /** Puts the chosen preset's figures back in every field that holds something else. */
  resetAllFields(): Promise<void> {
    const changes = editedFigures(this.state.inputs);
    if (!changes.length) return Promise.resolve();
    const values: Partial<Record<FieldKey, InputValue>> = {};
    for (const change of changes) values[change.key] = presetFigure(this.state.inputs, change.key)!.value;
    this.resetTo(values);
    this.setStatus("info", `Reset ${changes.length} figure${changes.length === 1 ? "" : "s"} to ${presetLabel(this.state.inputs.preset)}.`);
    return this.enqueue(() => this.syncModel("Resetting the figures"), "Could not reset the figures");
  }

  /**
   * A preset fills every field that has a figure of the deal. When figures of the current preset are
   * edited and the new preset would overwrite them, the pane asks first (answerPreset).
   */
  applyPreset(presetId: string): Promise<void> {
    this.state.presetQuestion = undefined;
    const overwrites = presetId === this.state.inputs.preset ? [] : presetOverwrites(this.state.inputs, presetId);
    if (overwrites.length) {
      const label = presetLabel(presetId);
      const list = overwrites.map((c) => `${c.label} (${c.now}, would be ${c.then})`).join(", ");
      this.state.presetQuestion = {
        preset: presetId,
        label,
        changes: overwrites,
        message: `${label} would overwrite ${overwrites.length} figure${overwrites.length === 1 ? "" : "s"} you edited: ${list}.`,
      };
      this.emit();
      return Promise.resolve();
    }
    return this.applyPresetNow(presetId, []);
  }

  /** The answer to the preset question: its figures everywhere, the preset with the edited figures kept, or no change. */
  answerPreset(answer: PresetAnswer): Promise<void> {
    const question = this.state.presetQuestion;
    this.state.presetQuestion = undefined;
    if (!question || answer === "cancel") {
      // The preset's control shows the preset in force again.
      this.state.fields.preset = { text: formatField(FIELD_BY_KEY.preset, this.state.inputs.preset) };
      this.recompute();
      this.emit();
      return Promise.resolve();
    }
    return this.applyPresetNow(question.preset, answer === "keep-mine" ? question.changes.map((c) => c.key) : []);
  }

  private applyPresetNow(presetId: string, keep: FieldKey[]): Promise<void> {
    const values = presetValues(presetId) as Partial<Record<FieldKey, InputValue>>;
    for (const key of keep) delete values[key];
    for (const key of Object.keys(values) as FieldKey[]) this.forget(key);
    this.periodChange = undefined;
    this.setInputs({ ...this.state.inputs, ...(values as Partial<DealInputs>) });
    this.setStatus(
      "info",
      `Preset ${presetId} applied${keep.length ? `, keeping ${keep.length} figure${keep.length === 1 ? "" : "s"} of yours` : ""}.`,
    );
    return this.enqueue(() => this.syncModel("Applying the preset"), "Could not apply the preset");
  }

  /** Takes the converted first period's revenue the period note offers. */
  useConvertedRevenue(): Promise<void> {
    const note = this.periodChange;
    if (!note) return Promise.resolve();
    return this.setText("revshareFirstRevenue", formatField(FIELD_BY_KEY.revshareFirstRevenue, note.converted), true);
  }

  private resetTo(values: Partial<Record<FieldKey, InputValue>>): void {
    const inputs = { ...this.state.inputs, ...(values as Partial<DealInputs>) };
    for (const key of Object.keys(values) as FieldKey[]) {
      this.forget(key);
      this.state.fields[key] = { text: formatField(FIELD_BY_KEY[key], inputs[key]) };
    }
    if ("revshareFirstRevenue" in values) this.periodChange = undefined;
    this.state.inputs = inputs;
    this.recompute();
    this.emit();
  }

  /**
   * A change of the revenue forecast's periods a year keeps "First period's revenue" as it is, now the
   * revenue of a shorter (or longer) period: noted at that field, with the converted figure. Typing the
   * figure, or changing the periods back, ends the note.
   */
  private notePeriodChange(key: FieldKey, before: InputValue | undefined, after: InputValue): void {
    if (key === "revshareFirstRevenue") this.periodChange = undefined;
    if (key !== "revsharePeriodsPerYear" || typeof before !== "number" || typeof after !== "number" || before === after) return;
    const from = this.periodChange?.from ?? before;
    this.periodChange = periodNote(this.state.inputs.revshareFirstRevenue, from, after);
  }

  /** Ticks or unticks a section; a section another needs follows it (AGI timing values the revenue share). */
  setSection(section: SectionId, chosen: boolean): void {
    const set = new Set(this.state.sections);
    if (chosen) set.add(section);
    else set.delete(section);
    for (const [dependent, needed] of Object.entries(SECTION_NEEDS) as [SectionId, SectionId][]) {
      if (chosen && section === dependent) set.add(needed);
      if (!chosen && section === needed) set.delete(dependent);
    }
    this.state.sections = SECTION_IDS.filter((s) => set.has(s));
    this.recompute();
    this.emit();
  }

  // ---- the model ----

  /**
   * Builds the chosen sections. Refused while a field is invalid (the message lists them); a section that
   * was built and is no longer chosen is removed only after the user confirms.
   */
  build(): Promise<void> {
    const problems = this.invalidFields(this.state.sections);
    if (problems.length) {
      this.setStatus("error", `Fix ${problems.map((f) => f.label).join(", ")} before building.`);
      return Promise.resolve();
    }
    if (this.state.sections.length === 0) {
      this.setStatus("error", "Choose at least one section to build.");
      return Promise.resolve();
    }
    const dropped = SECTION_IDS.filter((s) => this.state.model[s] !== undefined && !this.state.sections.includes(s));
    if (dropped.length) {
      const sheets = dropped.map((s) => this.state.model[s]!);
      this.state.confirmation = {
        kind: "remove-sections",
        sections: dropped,
        sheets,
        message:
          `Building removes ${sheets.join(", ")}: the cells, names and charts the add-in made there. ` +
          "Anything you added there is kept (and said).",
      };
      this.emit();
      return Promise.resolve();
    }
    return this.enqueueBuild([]);
  }

  /**
   * A build from the user's click: its progress shows at once, even while an earlier change is still
   * being written (the build waits for it in the queue), and a Cancel clicked meanwhile is kept for it.
   */
  private enqueueBuild(remove: SectionId[]): Promise<void> {
    this.cancelRequested = false;
    this.showProgress("Building the model", { step: 0, steps: sheetKeys(this.state.sections).length, sheet: "" }, true);
    return this.enqueue(() => this.buildNow(remove), "Could not build the model");
  }

  private showProgress(what: string, progress: BuildProgress, cancellable: boolean): void {
    this.state.progress = { ...progress, cancellable };
    const cancelling = this.cancelRequested ? " Cancelling after this sheet…" : "";
    this.setStatus("busy", `${what}… sheet ${progress.step + 1} of ${progress.steps}.${cancelling}`);
  }

  /** Stops the build under way before its next sheet (the sheets written so far stay, and are recorded). */
  cancelBuild(): void {
    if (!this.state.progress?.cancellable) return;
    this.cancelRequested = true;
    this.setStatus("busy", "Cancelling the build after this sheet…");
  }

  /** The user answered the pane's question. */
  confirm(yes: boolean): Promise<void> {
    const question = this.state.confirmation;
    this.state.confirmation = undefined;
    this.emit();
    if (!question) return Promise.resolve();
    if (!yes) {
      this.setStatus("info", "Nothing was built.");
      return Promise.resolve();
    }
    return this.enqueueBuild(question.sections);
  }

  /** Writes the model's own content over the cells of the user's the last build kept (the user asked to). */
  restoreKept(): Promise<void> {
    const restore = this.state.kept.filter((k) => k.reason !== "removed-section").map((k) => ({ sheet: k.sheet, address: k.address }));
    if (!restore.length) return Promise.resolve();
    return this.enqueue(async () => {
      const report = await this.gateway.buildModel({ sheets: this.specs(this.builtSections()), bounds: MODEL_BOUNDS, restore });
      await this.afterBuild(report);
      this.setStatus("info", `Restored the model's content in ${restore.length} cell${restore.length === 1 ? "" : "s"}.`);
    }, "Could not restore the cells");
  }

  share(): Promise<void> {
    if (this.state.builtSheets.length === 0) {
      this.setStatus("error", "Build the model first.");
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      this.setStatus("busy", "Making a workbook of values…");
      // The model's sheets under the names they have in the workbook.
      const specs = this.specs(this.builtSections()).map((spec) => ({
        ...spec,
        name: this.state.model[spec.key as SheetKey] ?? spec.name,
      }));
      const shared = await this.gateway.shareAsValues(shareRequest(specs, this.now()));
      this.state.sharedSheets = shared.sheets;
      this.setStatus("info", sharedMessage(shared));
    }, "Could not share the model");
  }

  // ---- scenarios ----

  refreshScenarios(): Promise<void> {
    return this.enqueue(() => this.loadScenarios(), "Could not read the scenarios");
  }

  /** The name written as "Saved by" with each scenario this pane writes. */
  setAuthor(name: string): void {
    this.state.author = name.trim().slice(0, MAX_AUTHOR_LENGTH);
    this.emit();
  }

  /** Saves the current inputs under a name; when the name is taken the pane asks first (overwrite, keep both, cancel). */
  saveScenario(name: string): Promise<void> {
    this.closePrompt();
    const problems = this.invalidFields(SECTION_IDS);
    if (problems.length) {
      this.notify("save", "error", `Fix ${problems.map((f) => f.label).join(", ")} before saving a scenario.`);
      return Promise.resolve();
    }
    const problem = checkScenarioName(name);
    if (problem) {
      this.notify("save", "error", problem);
      return Promise.resolve();
    }
    const inputs = { ...this.state.inputs };
    return this.enqueue(() => this.saveNew(name.trim(), inputs, true), "Could not save the scenario");
  }

  /** The user's answer to the open scenario question. */
  answerScenario(choice: ScenarioChoice): Promise<void> {
    const pending = this.pending;
    const about = this.state.scenarioPrompt?.about ?? "list";
    this.closePrompt();
    if (!pending || choice === "cancel") {
      this.notify(about, "info", "Nothing was changed.");
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      switch (pending.kind) {
        case "existing":
        case "save-conflict":
        case "save-gone":
          if (choice === "keep-both") return this.saveNew(freeName(this.state.scenarios.table, pending.name), pending.inputs, true);
          if (choice === "save-new") return this.saveNew(pending.name, pending.inputs, true);
          if (choice === "overwrite") {
            const target =
              pending.kind === "existing"
                ? pending.existing
                : pending.kind === "save-conflict"
                  ? this.readableRow(pending.header, pending.now)
                  : undefined;
            if (target) return this.overwrite(target, pending.name, pending.inputs);
          }
          return;
        case "rename-conflict": {
          const target = this.readableRow(pending.header, pending.now);
          if (choice === "rename-anyway" && target) return this.rename(target, pending.to);
          return;
        }
        case "delete-conflict": {
          const target = this.readableRow(pending.header, pending.now);
          if (choice === "delete-anyway" && target) return this.remove(target);
          return;
        }
        case "lost":
          if (choice === "save-again") return this.saveNew(pending.name, pending.inputs, true);
          return;
      }
    }, "Could not change the scenario");
  }

  applyScenario(ref: ScenarioRef): Promise<void> {
    this.closePrompt();
    // Reading the table and computing the scenario's results take a while on a long model, and an
    // earlier change may still be being written: the progress shows at the click.
    const status = this.state.status;
    this.showProgress("Applying the scenario", { step: 0, steps: sheetKeys(this.builtSections()).length, sheet: "" }, false);
    return this.enqueue(async () => {
      let scenario: ListedScenario | undefined;
      try {
        await yieldToEventLoop();
        await this.loadScenarios();
        scenario = this.find(ref);
        if (!scenario) throw new Error(`There is no scenario named "${typeof ref === "string" ? ref : ref.name}".`);
        for (const field of FIELDS) this.forget(field.key);
        this.periodChange = undefined;
        this.setInputs({ ...scenario.inputs });
        await yieldToEventLoop();
        // The sheets' progress follows in the same task: the status line never flashes the old message.
        this.setStatus(status.kind, status.message);
        await this.syncModel("Applying the scenario");
      } finally {
        this.state.progress = undefined;
      }
      this.notify(scenario.key, "info", `Scenario “${scenario.name}” applied.`);
    }, "Could not apply the scenario");
  }

  /** Opens the inline rename of a scenario's row. */
  startRename(ref: ScenarioRef): void {
    const scenario = this.find(ref);
    this.closePrompt();
    this.state.renaming = scenario?.key;
    this.state.scenarioNotice = undefined;
    this.emit();
  }

  cancelRename(): void {
    this.state.renaming = undefined;
    this.emit();
  }

  /** Renames a scenario (the row the list shows); its inputs and the user's cells of the row stay as they are. */
  renameScenario(ref: ScenarioRef, to: string): Promise<void> {
    this.closePrompt();
    const scenario = this.find(ref);
    if (!scenario) {
      this.notify("list", "error", `There is no scenario named "${typeof ref === "string" ? ref : ref.name}".`);
      return Promise.resolve();
    }
    const problem = checkScenarioName(to);
    const taken = this.state.scenarios.scenarios.find((s) => s.key !== scenario.key && nameKey(s.name) === nameKey(to));
    if (problem || taken) {
      this.notify(scenario.key, "error", problem ?? `A scenario named “${taken!.name}” exists: choose another name.`);
      return Promise.resolve();
    }
    return this.enqueue(() => this.rename(scenario, to.trim()), "Could not rename the scenario");
  }

  /** Deletes a scenario (the row the list shows) at once, and offers to undo it. */
  deleteScenario(ref: ScenarioRef): Promise<void> {
    this.closePrompt();
    const scenario = this.find(ref);
    if (!scenario) {
      this.notify("list", "error", `There is no scenario named "${typeof ref === "string" ? ref : ref.name}".`);
      return Promise.resolve();
    }
    return this.enqueue(() => this.remove(scenario), "Could not delete the scenario");
  }

  /** Puts the last deleted row back where it was, every cell as it was (the user's columns too). */
  undoDelete(): Promise<void> {
    const undo = this.undo;
    this.closePrompt();
    if (!undo) return Promise.resolve();
    this.undo = undefined;
    return this.enqueue(async () => {
      const cells: Record<string, CellValue> = {};
      undo.header.forEach((title, i) => {
        if (!(title in cells)) cells[title] = undo.row[i] ?? null;
      });
      const result = await this.gateway.appendScenarioRow({ cells, at: undo.at });
      if (!result.ok) return this.refused("list", result.refusal);
      const id = cellsOf(undo.header, undo.row).Id;
      await this.loadScenarios(result.table);
      const restored = this.state.scenarios.scenarios.find((s) => s.row === result.at + 1);
      if (typeof id === "string" && id && restored) this.written.set(id, { name: restored.name, inputs: restored.inputs });
      this.notify(restored?.key ?? "list", "info", `Restored “${undo.name}”.`);
    }, "Could not undo the delete");
  }

  compare(a: ScenarioRef, b: ScenarioRef): Promise<void> {
    return this.enqueue(async () => {
      await this.loadScenarios();
      const find = (ref: ScenarioRef) => {
        const found = this.find(ref);
        if (!found) throw new Error(`There is no scenario named "${typeof ref === "string" ? ref : ref.name}".`);
        return found;
      };
      const first = find(a);
      const second = find(b);
      this.state.comparison = compareScenarios(first, second);
      this.setStatus("info", `Comparing "${first.name}" with "${second.name}".`);
    }, "Could not compare the scenarios");
  }

  private stamp(): Stamp {
    return { saved: this.now().toISOString(), savedBy: this.state.author };
  }

  /** A scenario of the last list: by its row (key and Id), its key, its Id, or its name (the first of that name). */
  private find(ref: ScenarioRef): ListedScenario | undefined {
    const list = this.state.scenarios.scenarios;
    if (typeof ref !== "string") return list.find((s) => s.key === ref.key) ?? (ref.id ? list.find((s) => s.id === ref.id) : undefined);
    return (
      list.find((s) => s.key === ref) ?? list.find((s) => s.id !== "" && s.id === ref) ?? list.find((s) => nameKey(s.name) === nameKey(ref))
    );
  }

  /** A row as it is now, as a scenario the pane may write to; undefined when it cannot be read. */
  private readableRow(header: string[], row: CellValue[]): ListedScenario | undefined {
    return parseScenarioTable({ header, rows: [row] }).scenarios[0];
  }

  private async saveNew(name: string, inputs: DealInputs, ask: boolean): Promise<void> {
    const id = this.newId();
    const result = await this.gateway.appendScenarioRow({
      cells: newScenarioCells(name, inputs, id, this.stamp()),
      ...(ask ? { unlessNamed: name } : {}),
    });
    if (!result.ok) {
      if (result.refusal.reason === "exists" && result.table) return this.askExisting(name, inputs, result.table);
      return this.refused("save", result.refusal, result.table);
    }
    this.written.set(id, { name, inputs });
    await this.loadScenarios(result.table);
    const saved = this.state.scenarios.scenarios.find((s) => s.id === id);
    this.notify(saved?.key ?? "save", "info", [`Saved “${name}” in the workbook.`, result.notice].filter(Boolean).join(" "));
  }

  /** The name is taken: ask whether to overwrite (when the row can be read), keep both, or cancel. */
  private async askExisting(name: string, inputs: DealInputs, table: ScenarioTable): Promise<void> {
    await this.loadScenarios(table);
    const list = this.state.scenarios;
    const at = table.rows.findIndex((row) => nameKey(cellsOf(table.header, row).Name) === nameKey(name));
    const existing = list.scenarios.find((s) => s.row === at + 1);
    const problem = list.problems.find((p) => p.row === at + 1);
    const both = `keep both (yours as “${freeName(table, name)}”)`;
    this.pending = { kind: "existing", name, inputs, existing };
    if (existing) {
      const by = existing.savedBy ? ` by ${existing.savedBy}` : "";
      const when = existing.saved ? ` (saved ${whenText(existing.saved)}${by})` : by ? ` (saved${by})` : "";
      this.ask("save", `A scenario named “${existing.name}” exists${when}. Overwrite it with the current inputs, ${both}, or cancel?`, [
        "overwrite",
        "keep-both",
        "cancel",
      ]);
    } else {
      const why = problem?.newer
        ? `was saved by a newer version of Deal Modeller and cannot be overwritten here`
        : `cannot be read (${(problem?.reason ?? "").replace(/\.$/, "")}), and stays as it is`;
      this.ask("save", `Row ${at + 1}, named “${name}”, ${why}. ${both[0].toUpperCase()}${both.slice(1)}, or cancel?`, [
        "keep-both",
        "cancel",
      ]);
    }
  }

  private async overwrite(existing: ListedScenario, name: string, inputs: DealInputs): Promise<void> {
    const result = await this.gateway.updateScenarioRow({
      expected: existing.cells,
      changes: overwriteCells(existing, inputs, this.newId(), this.stamp()),
    });
    if (!result.ok) return this.conflict(existing, result, { kind: "save", name, inputs });
    await this.loadScenarios(result.table);
    const saved = this.state.scenarios.scenarios.find((s) => s.row === result.at + 1);
    if (saved?.id) this.written.set(saved.id, { name: saved.name, inputs });
    this.notify(saved?.key ?? "save", "info", `Saved the current inputs over “${existing.name}”.`);
  }

  private async rename(scenario: ListedScenario, to: string): Promise<void> {
    const result = await this.gateway.updateScenarioRow({
      expected: scenario.cells,
      changes: renameCells(scenario, to, this.newId(), this.stamp()),
    });
    if (!result.ok) return this.conflict(scenario, result, { kind: "rename", to });
    this.state.renaming = undefined;
    await this.loadScenarios(result.table);
    const renamed = this.state.scenarios.scenarios.find((s) => s.row === result.at + 1);
    if (renamed?.id) this.written.set(renamed.id, { name: renamed.name, inputs: renamed.inputs });
    this.notify(renamed?.key ?? "list", "info", `Renamed “${scenario.name}” to “${to}”.`);
  }

  private async remove(scenario: ListedScenario): Promise<void> {
    const result = await this.gateway.deleteScenarioRow({ expected: scenario.cells });
    if (!result.ok) return this.conflict(scenario, result, { kind: "delete" });
    if (scenario.id) this.written.delete(scenario.id);
    const position = this.state.scenarios.scenarios.findIndex((s) => s.key === scenario.key);
    if (result.removed) this.undo = { ...result.removed, at: result.at, name: scenario.name };
    if (this.state.comparison && [this.state.comparison.a, this.state.comparison.b].includes(scenario.name))
      this.state.comparison = undefined;
    if (this.state.renaming === scenario.key) this.state.renaming = undefined;
    await this.loadScenarios(result.table);
    this.state.scenarioNotice = {
      about: "list",
      kind: "info",
      message: `Deleted “${scenario.name}”.`,
      position: Math.max(0, position),
      undo: true,
    };
    this.emit();
  }

  /** A write was refused: the row changed or went (said in plain words, with what the user may do), or the table cannot take it. */
  private async conflict(
    mine: ListedScenario,
    result: Extract<ScenarioWriteResult, { ok: false }>,
    action: { kind: "save"; name: string; inputs: DealInputs } | { kind: "rename"; to: string } | { kind: "delete" },
  ): Promise<void> {
    const { refusal, table } = result;
    if (refusal.reason !== "changed" && refusal.reason !== "gone") return this.refused(mine.key, refusal, table);
    // Said here, with what the user was doing: not again as a scenario this pane saved that has gone.
    if (refusal.reason === "gone" && mine.id) this.written.delete(mine.id);
    await this.loadScenarios(table);
    const now = refusal.reason === "changed" ? refusal.row : undefined;
    const said = describeChange(mine, table?.header, now);
    const readable = table && now ? this.readableRow(table.header, now) !== undefined : false;
    if (action.kind === "save") {
      const both = `keep both (yours as “${freeName(table, action.name)}”)`;
      if (!now) {
        this.pending = { kind: "save-gone", name: action.name, inputs: action.inputs };
        return this.ask("save", `${said} Save yours as a new scenario, or cancel?`, ["save-new", "cancel"]);
      }
      this.pending = { kind: "save-conflict", name: action.name, inputs: action.inputs, header: table!.header, now };
      if (readable) return this.ask("save", `${said} Overwrite it with yours, ${both}, or cancel?`, ["overwrite", "keep-both", "cancel"]);
      return this.ask("save", `${said} ${both[0].toUpperCase()}${both.slice(1)}, or cancel?`, ["keep-both", "cancel"]);
    }
    const about = this.find(mine)?.key ?? "list";
    if (!now || !readable) {
      // Gone, or no longer a row the pane may write to: said, nothing to choose.
      if (action.kind === "rename") this.state.renaming = undefined;
      return this.notify(about, action.kind === "delete" && !now ? "info" : "error", said);
    }
    if (action.kind === "rename") {
      this.pending = { kind: "rename-conflict", to: action.to, header: table!.header, now };
      return this.ask(about, `${said} Rename it to “${action.to}” anyway, or cancel?`, ["rename-anyway", "cancel"]);
    }
    this.pending = { kind: "delete-conflict", header: table!.header, now };
    return this.ask(about, `${said} Delete it anyway, or keep it?`, ["delete-anyway", "cancel"]);
  }

  private async refused(about: string, refusal: ScenarioRefusal, table?: ScenarioTable): Promise<void> {
    await this.loadScenarios(table);
    this.notify(about, "error", refusal.message);
  }

  private ask(about: string, message: string, choices: ScenarioChoice[]): void {
    this.state.scenarioPrompt = { about, message, choices };
    this.state.scenarioNotice = undefined;
    this.emit();
  }

  private notify(about: string, kind: StatusKind, message: string): void {
    this.state.scenarioNotice = { about, kind, message };
    this.emit();
  }

  private closePrompt(): void {
    if (!this.state.scenarioPrompt && !this.pending) return;
    this.state.scenarioPrompt = undefined;
    this.pending = undefined;
    this.emit();
  }

  // ---- internals ----

  private emit(): void {
    for (const listener of [...this.listeners]) listener(this.state);
  }

  private setStatus(kind: StatusKind, message: string): void {
    this.state.status = { kind, message };
    this.emit();
  }

  private enqueue(operation: () => Promise<void>, failure: string): Promise<void> {
    const next = this.queue.then(() => this.run(operation, failure));
    this.queue = next;
    return next;
  }

  /** Runs a workbook operation; a failure is shown in the status line, never thrown at the UI. */
  private async run(operation: () => Promise<void>, failure: string): Promise<void> {
    if (this.disposed) return;
    try {
      await operation();
    } catch (e) {
      this.setStatus("error", `${failure}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private effectiveInputs(): DealInputs {
    return { ...this.state.inputs, ...this.draft };
  }

  /** Drops what the pane knew of a field beyond its value: a draft, a text or cell error, the grid's own content. */
  private forget(key: FieldKey): void {
    delete this.draft[key];
    delete this.overrides[key];
    this.textErrors.delete(key);
    this.cellErrors.delete(key);
    this.questions.delete(key);
  }

  /** Replaces the inputs and shows them in every field. */
  private setInputs(inputs: DealInputs): void {
    this.state.inputs = inputs;
    for (const field of FIELDS) this.state.fields[field.key] = { text: formatField(field, inputs[field.key]) };
    this.recompute();
    this.emit();
  }

  /** Visible fields of these sections (and the deal's) that hold no valid value: typed, in the grid, or together. */
  private invalidFields(sections: readonly SectionId[]): FieldDef[] {
    const keys = new Set(sections.flatMap((s) => fieldsOf(s).map((f) => f.key)));
    const inputs = this.effectiveInputs();
    const combined = checkInputs(inputs);
    return FIELDS.filter(
      (f) =>
        keys.has(f.key) &&
        isVisible(f, inputs) &&
        (this.textErrors.has(f.key) || this.cellErrors.has(f.key) || combined[f.key] !== undefined),
    );
  }

  private recompute(): void {
    const inputs = this.effectiveInputs();
    const combined = checkInputs(inputs);
    const warnings = fieldWarnings(inputs);
    const edited = editedFigures(this.state.inputs);
    const resets = new Map(edited.map((c) => [c.key, c.then]));
    const note = this.periodChange && inputs.revshareForecast !== "table" ? this.periodChange : undefined;
    for (const field of FIELDS) {
      const state = this.state.fields[field.key];
      const error = this.textErrors.get(field.key) ?? this.cellErrors.get(field.key) ?? combined[field.key];
      const question = this.questions.get(field.key);
      const warning = error || question ? undefined : warnings[field.key];
      const reset = resets.get(field.key);
      this.state.fields[field.key] = {
        text: state.text,
        ...(error ? { error } : {}),
        ...(field.key in this.draft ? { pending: true } : {}),
        ...(warning ? { warning } : {}),
        ...(question ? { question } : {}),
        ...(reset !== undefined ? { reset } : {}),
        ...(note && field.key === "revshareFirstRevenue" ? { periodNote: note } : {}),
      };
    }
    this.state.resetAll = { label: presetLabel(this.state.inputs.preset), changes: edited };
    this.state.results = {};
    this.state.sectionIssues = {};
    const draftKeys = new Set(Object.keys(this.draft));
    this.state.pendingSections = SECTION_IDS.filter((s) => fieldsOf(s).some((f) => draftKeys.has(f.key)));
    const evaluated = evaluation(inputs, this.overrides);
    for (const section of SECTION_IDS) {
      if (!this.state.sections.includes(section)) {
        // A section left out of the model shows no result: the workbook has none for it.
        this.state.sectionIssues[section] = "Not in the model: tick “In the model” to include it.";
        continue;
      }
      const invalid = fieldsOf(section).filter(
        (f) => isVisible(f, inputs) && (this.textErrors.has(f.key) || combined[f.key] !== undefined) && !this.cellErrors.has(f.key),
      );
      if (invalid.length) {
        this.state.sectionIssues[section] = `Fix ${invalid.map((f) => f.label).join(", ")} to see the results.`;
        continue;
      }
      // With the grid's own content in a cell, the results are what the sheet computes from it (its error).
      const outcome = COMPUTE[section](evaluated);
      (this.state.results as Record<string, unknown>)[section] = outcome;
      if (!outcome.ok) this.report(section, outcome.issue, inputs);
    }
  }

  /** A function's error, in the words the cell shows it with (its error value and message). */
  private report(section: SectionId, issue: Issue, inputs: DealInputs): void {
    const code = issue.code ?? "#VALUE!";
    const says = this.state.builtSheets.length ? `The sheet shows ${code}: ${issue.message}` : `${code}: ${issue.message}`;
    this.state.sectionIssues[section] = says;
    if (issue.field && isVisible(FIELD_BY_KEY[issue.field], inputs)) {
      const own = this.cellErrors.get(issue.field);
      // A cell the pane could not take: its message, then what the sheet shows for it.
      this.state.fields[issue.field].error = own ? `${own} The sheet shows ${code}.` : issue.message;
    }
  }

  private specs(sections: readonly SectionId[]) {
    return modelSheets(this.state.inputs, sections, this.overrides);
  }

  private builtSections(): SectionId[] {
    return SECTION_IDS.filter((s) => this.state.model[s] !== undefined);
  }

  private setModel(model: Partial<Record<SheetKey, string>>): void {
    this.state.model = model;
    const order: SheetKey[] = ["terms", ...SECTION_IDS];
    this.state.builtSheets = order.filter((k) => model[k] !== undefined).map((k) => model[k]!);
  }

  private async buildNow(remove: SectionId[]): Promise<void> {
    const report = await this.buildStepwise("Building the model", this.state.sections, remove, true);
    await this.afterBuild(report);
    const said = this.reportMessages(report);
    if (report.cancelled) {
      const built = Object.values(report.sheets);
      const parts = [
        `Build cancelled: ${report.cancelled.notBuilt.map((s) => s.name).join(", ")} ${report.cancelled.notBuilt.length === 1 ? "was" : "were"} not written.`,
        built.length ? `The model's sheets now are ${built.join(", ")}, as written.` : "No model sheet was written.",
        "Build again to finish.",
      ];
      this.setStatus("warning", [...parts, ...said].join(" "));
      return;
    }
    const parts = [`Model built: ${Object.values(report.sheets).join(", ")}.`];
    if (report.removed.length) parts.push(`Removed ${report.removed.join(", ")}.`);
    if (report.keptSheets.length) parts.push(`Kept ${report.keptSheets.join(", ")}: they hold cells of yours.`);
    this.setStatus(said.length ? "warning" : "info", [...parts, ...said].join(" "));
  }

  /**
   * A build that never blocks the pane: the progress is shown, and the event loop gets a turn so it is
   * painted, before anything is computed or written; the sheets' specs are made one at a time, and the
   * workbook writes a sheet at a time (buildSteps.ts). `what` names it in the status ("Building the model").
   */
  private async buildStepwise(
    what: string,
    sections: readonly SectionId[],
    remove: SectionId[],
    cancellable: boolean,
  ): Promise<BuildReport> {
    const keys = sheetKeys(sections);
    const show = (progress: BuildProgress) => this.showProgress(what, progress, cancellable);
    show({ step: 0, steps: keys.length, sheet: "" });
    try {
      await yieldToEventLoop();
      const sheets = [];
      for (const key of keys) {
        sheets.push(modelSheet(key, this.state.inputs, this.overrides));
        await yieldToEventLoop();
      }
      const control: BuildControl = { onProgress: show, isCancelled: () => cancellable && this.cancelRequested };
      return await this.gateway.buildModel({ sheets, bounds: MODEL_BOUNDS, remove }, control);
    } finally {
      this.state.progress = undefined;
      this.cancelRequested = false;
    }
  }

  /** Brings the built model in line with the inputs: the planner writes only what changed. `what` shows its progress. */
  private async syncModel(what?: string): Promise<void> {
    const sections = this.builtSections();
    if (this.state.model.terms === undefined && sections.length === 0) return;
    const status = this.state.status;
    const report = what
      ? await this.buildStepwise(what, sections, [], false)
      : await this.gateway.buildModel({ sheets: this.specs(sections), bounds: MODEL_BOUNDS });
    if (what) this.setStatus(status.kind, status.message);
    await this.afterBuild(report);
    const messages = this.reportMessages(report);
    if (messages.length) this.setStatus("warning", messages.join(" "));
  }

  private async afterBuild(report: BuildReport): Promise<void> {
    const model: Partial<Record<SheetKey, string>> = {};
    for (const [key, sheet] of Object.entries(report.sheets)) model[key as SheetKey] = sheet;
    this.setModel(model);
    this.state.kept = report.kept;
    this.emit();
    await this.watch();
    if (report.kept.some((k) => k.reason === "changed")) await this.followNamedCells();
  }

  /**
   * After a build that kept cells the user changed, the fields follow their cells where the grid holds
   * another value than the pane: a cell typed into while the build wrote other sheets is kept by the
   * build (and Excel sends the pane no change event while a build runs with events off), and the pane
   * takes it as it takes any edit in the grid, so the two never show two numbers.
   */
  private async followNamedCells(): Promise<void> {
    // Single cells; a table typed into meanwhile is kept and listed, and read again at its next change.
    const fields = FIELDS.filter((f) => f.name && f.kind !== "table" && isVisible(f, this.state.inputs));
    const values = await this.gateway.readNames(fields.map((f) => f.name!));
    for (const field of fields) {
      if (!(field.name! in values)) continue;
      const value = values[field.name!];
      const parsed = fromCell(field, value);
      if (!parsed.ok || !sameInput(parsed.value, this.state.inputs[field.key])) await this.cellChanged(field.name!, value);
    }
  }

  /** What a build has to say besides "built": the record's problems, and how many cells of the user's it left (listed below the status). */
  private reportMessages(report: BuildReport): string[] {
    const messages = [...report.messages];
    const mine = report.kept.filter((k) => k.reason !== "removed-section");
    if (mine.length)
      messages.push(
        `${mine.length} cell${mine.length === 1 ? "" : "s"} of yours left as you have ${mine.length === 1 ? "it" : "them"} (below).`,
      );
    return messages;
  }

  /** Finds the model in the workbook and takes its values; lists the scenarios; watches the model's names. */
  private async adoptWorkbook(): Promise<void> {
    await this.unwatch?.();
    this.unwatch = undefined;
    this.draft = {};
    this.overrides = {};
    this.textErrors.clear();
    this.cellErrors.clear();
    this.questions.clear();
    this.periodChange = undefined;
    this.state.presetQuestion = undefined;
    const inputs = defaultInputs(this.today);
    this.state.inputs = inputs;
    this.state.fields = emptyFields(inputs);
    this.state.sections = [...SECTION_IDS];
    this.state.kept = [];
    this.state.confirmation = undefined;
    this.state.comparison = undefined;
    this.state.sharedSheets = [];
    this.state.scenarioPrompt = undefined;
    this.state.scenarioNotice = undefined;
    this.state.renaming = undefined;
    this.pending = undefined;
    this.undo = undefined;
    this.written.clear();
    this.setModel({});
    const location = await this.gateway.locateModel(MODEL_BOUNDS);
    const model = location.sheets as Partial<Record<SheetKey, string>>;
    const built = SECTION_IDS.filter((s) => model[s] !== undefined);
    if (Object.keys(model).length) {
      const scalarNames = FIELDS.filter((f) => f.name && f.kind !== "table").map((f) => f.name!);
      const found = await this.gateway.readNames([...new Set([...scalarNames, NAMES.stakeCapTable, NAMES.revshareFirstRevenue])]);
      if (model.stake !== undefined) inputs.stakeSource = found[NAMES.stakeCapTable] !== undefined ? "captable" : "default";
      if (model.revshare !== undefined) inputs.revshareForecast = found[NAMES.revshareFirstRevenue] !== undefined ? "growth" : "table";
      const sheetOfField = (field: FieldDef): SheetKey => (field.group === "deal" ? "terms" : field.group);
      for (const field of FIELDS) {
        if (!field.name || field.kind === "table" || !(field.name in found) || model[sheetOfField(field)] === undefined) continue;
        this.takeCell(field, found[field.name], inputs);
      }
      for (const field of FIELDS) {
        if (field.kind !== "table" || !isVisible(field, inputs) || model[sheetOfField(field)] === undefined) continue;
        const table = await this.readTable(field);
        if (table !== undefined) (inputs as unknown as Record<string, InputValue>)[field.key] = table;
      }
      this.state.inputs = inputs;
      this.state.fields = emptyFields(inputs);
      for (const [key, error] of this.cellErrors) this.state.fields[key] = { text: cellText(this.overrides[key] ?? null), error };
      this.setModel(model);
      if (built.length) this.state.sections = built;
      this.recompute();
      await this.watch();
      this.setStatus("info", [`Found the model in this workbook: ${this.state.builtSheets.join(", ")}.`, ...location.messages].join(" "));
    } else {
      this.recompute();
      this.setStatus(
        location.messages.length ? "error" : "info",
        ["Choose the sections and build the model.", ...location.messages].join(" "),
      );
    }
    await this.loadScenarios();
  }

  /** A named cell's value as its field: taken when it is valid, else kept as the grid's own content with its message. */
  private takeCell(field: FieldDef, value: CellValue, inputs: DealInputs): boolean {
    const parsed = fromCell(field, value);
    const problem = parsed.ok ? checkFieldValue(field, parsed.value) : parsed.error;
    if (!parsed.ok || problem !== undefined) {
      this.overrides[field.key] = value;
      this.cellErrors.set(field.key, problem ?? "");
      return false;
    }
    delete this.overrides[field.key];
    this.cellErrors.delete(field.key);
    (inputs as unknown as Record<string, InputValue>)[field.key] = parsed.value;
    return true;
  }

  /** A table read back from its named block(s), as the pane holds it; undefined when it cannot be read. */
  private async readTable(field: FieldDef): Promise<InputValue | undefined> {
    if (!field.name) return undefined;
    if (field.key === "revshareTable") {
      // The forecast spans two named columns: period ends and revenue.
      const blocks = await this.gateway.readRanges([NAMES.revsharePeriodEnds, NAMES.revshareRevenue]);
      const ends = blocks[NAMES.revsharePeriodEnds];
      const revenue = blocks[NAMES.revshareRevenue];
      if (!ends || !revenue) return undefined;
      return fromBlock(
        ends.map((row, i) => [row[0] ?? null, revenue[i]?.[0] ?? null]),
        2,
      );
    }
    const blocks = await this.gateway.readRanges([field.name]);
    return blocks[field.name] ? fromBlock(blocks[field.name], field.columns?.length ?? 1) : undefined;
  }

  /** Lists the table (read now, unless a write just returned it); says when a row this pane wrote has gone. */
  private async loadScenarios(table?: ScenarioTable): Promise<void> {
    const read = table ?? (await this.gateway.readScenarioTable());
    this.state.scenarios = parseScenarioTable(read);
    if (this.state.renaming && !this.state.scenarios.scenarios.some((s) => s.key === this.state.renaming)) this.state.renaming = undefined;
    // Gone: no row has its Id, nor its name and inputs (an Id edited by hand is not a loss). Without an
    // Id column (deleted by hand) nothing can be told, and nothing is said.
    const rows = read && columnsOf(read.header).Id !== undefined ? read.rows.map((row) => cellsOf(read.header, row)) : undefined;
    const lost = rows
      ? [...this.written].find(
          ([id, { name, inputs }]) =>
            !rows.some((cells) => cells.Id === id) &&
            !rows.some((cells) => nameKey(cells.Name) === nameKey(name) && cells.Inputs === JSON.stringify(inputs)),
        )
      : undefined;
    if (lost && !this.state.scenarioPrompt) {
      const [id, { name, inputs }] = lost;
      this.written.delete(id);
      this.pending = { kind: "lost", name, inputs };
      this.state.scenarioPrompt = {
        about: "list",
        message:
          `“${name}”, which this pane saved, is no longer in the table: someone deleted it, or a co-author's change replaced it. ` +
          "Save it again with the inputs it had?",
        choices: ["save-again", "cancel"],
      };
    }
    this.emit();
  }

  private async watch(): Promise<void> {
    await this.unwatch?.();
    this.unwatch = undefined;
    const inputs = this.state.inputs;
    const built = (field: FieldDef) => this.state.model[field.group === "deal" ? "terms" : field.group] !== undefined;
    const names = FIELDS.filter((f) => f.name && built(f) && isVisible(f, inputs)).map((f) => f.name!);
    if (inputs.revshareForecast === "table" && built(FIELD_BY_KEY.revshareTable)) names.push(NAMES.revsharePeriodEnds);
    if (!names.length) return;
    this.unwatch = await this.gateway.watchNames(names, (name, value) => {
      void this.enqueue(() => this.cellChanged(name, value), `Could not read the change of ${name}`);
    });
  }

  /** A named cell changed in the grid: the field follows; nothing is written back but what the sheet's shape needs. */
  private async cellChanged(name: string, value: CellValue): Promise<void> {
    const lower = name.toLowerCase();
    const field =
      lower === NAMES.revsharePeriodEnds.toLowerCase() ? FIELD_BY_KEY.revshareTable : FIELDS.find((f) => f.name?.toLowerCase() === lower);
    if (!field || !isVisible(field, this.state.inputs)) return;
    if (field.kind === "table") return this.tableChanged(field, await this.readTable(field));
    const inputs = { ...this.state.inputs };
    const before = inputs[field.key];
    delete this.draft[field.key];
    this.textErrors.delete(field.key);
    this.questions.delete(field.key);
    const taken = this.takeCell(field, value, inputs);
    if (taken) this.notePeriodChange(field.key, before, inputs[field.key]);
    this.state.fields[field.key] = { text: taken ? formatField(field, inputs[field.key]) : cellText(value) };
    this.state.inputs = inputs;
    this.recompute();
    this.emit();
    if (taken && !sameInput(before, inputs[field.key])) await this.syncModel();
  }

  private async tableChanged(field: FieldDef, table: InputValue | undefined): Promise<void> {
    if (table === undefined || sameInput(table, this.state.inputs[field.key])) return;
    this.forget(field.key);
    this.state.inputs = { ...this.state.inputs, [field.key]: table };
    this.state.fields[field.key] = { text: formatField(field, table) };
    this.recompute();
    this.emit();
    await this.syncModel();
  }
}

/** The sheets a build of these sections writes, in order: the deal's terms, then each section's. */
function sheetKeys(sections: readonly SectionId[]): SheetKey[] {
  return ["terms", ...SECTION_IDS.filter((s) => sections.includes(s))];
}

function presetLabel(id: string): string {
  try {
    return getTermPreset(id).label;
  } catch {
    return id;
  }
}

/** A cell's content as a field shows it when the field cannot take it. */
function cellText(value: CellValue): string {
  return value === null ? "" : String(value);
}
