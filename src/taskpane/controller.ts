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
import { COMPUTE, evaluation, Issue, SectionResults } from "../model/results";
import { MODEL_BOUNDS, modelSheets, NAMES, SheetKey } from "../model/sheets";
import { sharedMessage, shareRequest } from "../model/share";
import {
  Comparison,
  compareScenarios,
  deleteScenario,
  parseScenarioRows,
  renameScenario,
  saveScenario,
  ScenarioList,
} from "../model/scenarios";
import { BuildReport, CellValue, KeptCell, WorkbookGateway } from "../workbook/types";

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
}

/** A question the pane asks before a build removes something. */
export interface Confirmation {
  kind: "remove-sections";
  sections: SectionId[];
  sheets: string[];
  message: string;
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
  /** Cells of the user's that the last build left where the model would have written or cleared. */
  kept: KeptCell[];
  confirmation?: Confirmation;
  scenarios: ScenarioList;
  comparison?: Comparison;
  sharedSheets: string[];
}

export interface ControllerOptions {
  /** Today as an Excel serial date (the as-of date's starting value). */
  today?: number;
  /** The clock for the scenarios' Saved column. */
  now?: () => Date;
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
  private disposed = false;
  /** Valid values typed but not committed. */
  private draft: Partial<DealInputs> = {};
  /** Why a field's text cannot be its value (parsing or its range). */
  private readonly textErrors = new Map<FieldKey, string>();
  /** Cells the grid holds that the pane cannot take as their field, and why. */
  private overrides: CellOverrides = {};
  private readonly cellErrors = new Map<FieldKey, string>();

  private constructor(
    private readonly gateway: WorkbookGateway,
    options: ControllerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.today = options.today ?? todaySerial();
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
      sharedSheets: [],
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

  /** A preset fills every field that has a figure of the deal. */
  applyPreset(presetId: string): Promise<void> {
    const values = presetValues(presetId);
    for (const key of Object.keys(values) as FieldKey[]) this.forget(key);
    this.setInputs({ ...this.state.inputs, ...values });
    this.setStatus("info", `Preset ${presetId} applied.`);
    return this.enqueue(() => this.syncModel(), "Could not apply the preset");
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
    return this.enqueue(() => this.buildNow([]), "Could not build the model");
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
    return this.enqueue(() => this.buildNow(question.sections), "Could not build the model");
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

  saveScenario(name: string): Promise<void> {
    const problems = this.invalidFields(SECTION_IDS);
    if (problems.length) {
      this.setStatus("error", `Fix ${problems.map((f) => f.label).join(", ")} before saving a scenario.`);
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      // Read the table again first: a co-author may have saved since.
      const rows = await this.gateway.readScenarioRows();
      await this.gateway.writeScenarioRows(saveScenario(rows, name, this.state.inputs, this.now().toISOString()));
      await this.loadScenarios();
      this.setStatus("info", `Scenario "${name.trim()}" saved in the workbook.`);
    }, "Could not save the scenario");
  }

  applyScenario(name: string): Promise<void> {
    return this.enqueue(async () => {
      const list = parseScenarioRows(await this.gateway.readScenarioRows());
      this.state.scenarios = list;
      const scenario = list.scenarios.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
      if (!scenario) throw new Error(`There is no scenario named "${name}".`);
      for (const field of FIELDS) this.forget(field.key);
      this.setInputs({ ...scenario.inputs });
      await this.syncModel();
      this.setStatus("info", `Scenario "${scenario.name}" applied.`);
    }, "Could not apply the scenario");
  }

  renameScenario(from: string, to: string): Promise<void> {
    return this.enqueue(async () => {
      const rows = await this.gateway.readScenarioRows();
      await this.gateway.writeScenarioRows(renameScenario(rows, from, to));
      await this.loadScenarios();
      this.setStatus("info", `Scenario "${from}" renamed "${to.trim()}".`);
    }, "Could not rename the scenario");
  }

  deleteScenario(name: string): Promise<void> {
    return this.enqueue(async () => {
      const rows = await this.gateway.readScenarioRows();
      await this.gateway.writeScenarioRows(deleteScenario(rows, name));
      await this.loadScenarios();
      if (this.state.comparison && [this.state.comparison.a, this.state.comparison.b].includes(name)) this.state.comparison = undefined;
      this.setStatus("info", `Scenario "${name}" deleted.`);
    }, "Could not delete the scenario");
  }

  compare(a: string, b: string): Promise<void> {
    return this.enqueue(async () => {
      const list = parseScenarioRows(await this.gateway.readScenarioRows());
      this.state.scenarios = list;
      const find = (name: string) => {
        const found = list.scenarios.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
        if (!found) throw new Error(`There is no scenario named "${name}".`);
        return found;
      };
      this.state.comparison = compareScenarios(find(a), find(b));
      this.setStatus("info", `Comparing "${a}" with "${b}".`);
    }, "Could not compare the scenarios");
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
    for (const field of FIELDS) {
      const state = this.state.fields[field.key];
      const error = this.textErrors.get(field.key) ?? this.cellErrors.get(field.key) ?? combined[field.key];
      this.state.fields[field.key] = {
        text: state.text,
        ...(error ? { error } : {}),
        ...(field.key in this.draft ? { pending: true } : {}),
      };
    }
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
      this.state.fields[issue.field].error = own ? `${own} ${says}` : issue.message;
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
    this.setStatus("busy", "Building the model…");
    const report = await this.gateway.buildModel({ sheets: this.specs(this.state.sections), bounds: MODEL_BOUNDS, remove });
    await this.afterBuild(report);
    const parts = [`Model built: ${Object.values(report.sheets).join(", ")}.`];
    if (report.removed.length) parts.push(`Removed ${report.removed.join(", ")}.`);
    if (report.keptSheets.length) parts.push(`Kept ${report.keptSheets.join(", ")}: they hold cells of yours.`);
    const said = this.reportMessages(report);
    this.setStatus(said.length ? "warning" : "info", [...parts, ...said].join(" "));
  }

  /** Brings the built model in line with the inputs: the planner writes only what changed. */
  private async syncModel(): Promise<void> {
    const sections = this.builtSections();
    if (this.state.model.terms === undefined && sections.length === 0) return;
    const report = await this.gateway.buildModel({ sheets: this.specs(sections), bounds: MODEL_BOUNDS });
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
    const inputs = defaultInputs(this.today);
    this.state.inputs = inputs;
    this.state.fields = emptyFields(inputs);
    this.state.sections = [...SECTION_IDS];
    this.state.kept = [];
    this.state.confirmation = undefined;
    this.state.comparison = undefined;
    this.state.sharedSheets = [];
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

  private async loadScenarios(): Promise<void> {
    this.state.scenarios = parseScenarioRows(await this.gateway.readScenarioRows());
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
    const taken = this.takeCell(field, value, inputs);
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

/** A cell's content as a field shows it when the field cannot take it. */
function cellText(value: CellValue): string {
  return value === null ? "" : String(value);
}
