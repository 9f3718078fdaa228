import { isoDate } from "../engine/dates";
import {
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
  SECTIONS,
  SectionId,
  sameInput,
  TERMS_SHEET,
  toCell,
} from "../model/fields";
import { COMPUTE, Issue, SectionResults } from "../model/calls";
import { modelSheets, NAMES, SECTION_MARKERS, sheetShape } from "../model/sheets";
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
import { CellValue, SheetSpec, WorkbookGateway } from "../workbook/types";

/**
 * The pane's logic, apart from the DOM: field state and validation, live results, the binding between
 * fields and named cells, presets, building and sharing the model, and scenarios. Everything it does to
 * the workbook goes through the WorkbookGateway, one operation at a time (a queue), so a test can drive
 * it against a fake workbook and await `idle()`.
 *
 * Binding rules (why nothing loops):
 * - a committed field edit writes its named cell once (writeName), or rebuilds the sheet when the edit
 *   changes the sheet's shape (rows of a forecast, a table, a choice between layouts);
 * - a change that comes from the grid updates the field and the results, and never writes back; a
 *   value equal to the field's is ignored.
 */

export type StatusKind = "info" | "busy" | "error";

export interface FieldState {
  text: string;
  /** Why the text cannot be used, or what the DEAL.* function said about the value. */
  error?: string;
}

export interface PaneState {
  inputs: DealInputs;
  fields: Record<FieldKey, FieldState>;
  sections: SectionId[];
  /** Model sheets that exist in the workbook (built by this pane or found at start). */
  builtSheets: string[];
  results: Partial<{ [S in SectionId]: SectionResults[S] }>;
  /** A section-wide message: a field of the section does not parse, or an error no single field is blamed for. */
  sectionIssues: Partial<Record<SectionId, string>>;
  status: { kind: StatusKind; message: string };
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

export function todaySerial(date = new Date()): number {
  return Math.round((Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) - Date.UTC(1899, 11, 30)) / 86400000);
}

const SECTION_IDS = SECTIONS.map((s) => s.id);

/** Fields whose values a section's results depend on. */
function fieldsOf(section: SectionId): FieldDef[] {
  return FIELDS.filter((f) => f.group === section || f.group === "deal");
}

function sheetOf(field: FieldDef): string {
  return field.group === "deal" ? TERMS_SHEET : SECTIONS.find((s) => s.id === field.group)!.sheet;
}

export class PaneController {
  state: PaneState;
  private readonly listeners = new Set<(state: PaneState) => void>();
  private queue: Promise<unknown> = Promise.resolve();
  private unwatch?: () => Promise<void>;
  /** What each bound name holds in the workbook, as far as the pane knows. */
  private readonly cellValues = new Map<string, CellValue>();
  /** The shape of each model sheet at its last build. */
  private readonly shapes = new Map<string, string>();
  private readonly now: () => Date;
  private disposed = false;

  private constructor(
    private readonly gateway: WorkbookGateway,
    options: ControllerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const inputs = defaultInputs(options.today ?? todaySerial());
    this.state = {
      inputs,
      fields: Object.fromEntries(FIELDS.map((f) => [f.key, { text: formatField(f, inputs[f.key]) }])) as Record<FieldKey, FieldState>,
      sections: [...SECTION_IDS],
      builtSheets: [],
      results: {},
      sectionIssues: {},
      status: { kind: "info", message: "Loading the workbook…" },
      scenarios: { scenarios: [], problems: [] },
      sharedSheets: [],
    };
    this.recompute();
  }

  /** A controller bound to the workbook: it adopts a model built earlier (the workbook's values win) and lists the scenarios. */
  static async create(gateway: WorkbookGateway, options: ControllerOptions = {}): Promise<PaneController> {
    const controller = new PaneController(gateway, options);
    await controller.run(() => controller.adoptWorkbook(), "Could not read the workbook");
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
    this.unwatch = undefined;
    this.listeners.clear();
  }

  // ---- fields ----

  isVisible(key: FieldKey): boolean {
    return isVisible(FIELD_BY_KEY[key], this.state.inputs);
  }

  /**
   * The user typed in a field. The results follow at once; `commit` (the field's change event: Enter,
   * leaving the field, choosing an option) also writes the workbook.
   */
  setText(key: FieldKey, text: string, commit = true): Promise<void> {
    const field = FIELD_BY_KEY[key];
    const parsed = parseField(field, text);
    this.state.fields[key] = parsed.ok ? { text } : { text, error: parsed.error };
    if (parsed.ok) this.state.inputs = { ...this.state.inputs, [key]: parsed.value };
    this.recompute();
    this.emit();
    if (!commit || !parsed.ok) return Promise.resolve();
    return this.enqueue(() => this.pushChanges([key]), `Could not write ${field.label}`);
  }

  /** A preset fills every field that has a figure of the deal. */
  applyPreset(presetId: string): Promise<void> {
    const values = presetValues(presetId);
    this.setInputs({ ...this.state.inputs, ...values });
    this.setStatus("info", `Preset ${presetId} applied.`);
    return this.enqueue(() => this.pushChanges(Object.keys(values) as FieldKey[]), "Could not apply the preset");
  }

  setSection(section: SectionId, chosen: boolean): void {
    const set = new Set(this.state.sections);
    if (chosen) set.add(section);
    else set.delete(section);
    this.state.sections = SECTION_IDS.filter((s) => set.has(s));
    this.emit();
  }

  // ---- the model ----

  build(): Promise<void> {
    const problems = this.blockingFields(this.state.sections);
    if (problems.length) {
      this.setStatus("error", `Fix ${problems.map((f) => f.label).join(", ")} before building.`);
      return Promise.resolve();
    }
    if (this.state.sections.length === 0) {
      this.setStatus("error", "Choose at least one section to build.");
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      this.setStatus("busy", "Building the model…");
      const specs = modelSheets(this.state.inputs, this.state.sections);
      await this.writeSheets(specs);
      this.setStatus("info", `Model built: ${specs.map((s) => s.name).join(", ")}.`);
    }, "Could not build the model");
  }

  share(): Promise<void> {
    if (this.state.builtSheets.length === 0) {
      this.setStatus("error", "Build the model first.");
      return Promise.resolve();
    }
    return this.enqueue(async () => {
      this.setStatus("busy", "Making a workbook of values…");
      const specs = modelSheets(this.state.inputs, SECTION_IDS).filter((s) => this.state.builtSheets.includes(s.name));
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
    const problems = this.blockingFields(SECTION_IDS);
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
      this.setInputs({ ...scenario.inputs });
      await this.pushChanges(FIELDS.map((f) => f.key));
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

  /** Replaces the inputs and shows them in every field. */
  private setInputs(inputs: DealInputs): void {
    this.state.inputs = inputs;
    for (const field of FIELDS) this.state.fields[field.key] = { text: formatField(field, inputs[field.key]) };
    this.recompute();
    this.emit();
  }

  /** Visible fields of these sections (and the deal's) whose text does not parse. */
  private blockingFields(sections: readonly SectionId[]): FieldDef[] {
    const keys = new Set(sections.flatMap((s) => fieldsOf(s).map((f) => f.key)));
    return FIELDS.filter(
      (f) => keys.has(f.key) && isVisible(f, this.state.inputs) && this.state.fields[f.key].error && !this.engineErrors.has(f.key),
    );
  }

  /** Fields whose message came from a DEAL.* function rather than from parsing. */
  private engineErrors = new Set<FieldKey>();

  private recompute(): void {
    for (const key of this.engineErrors) {
      const state = this.state.fields[key];
      if (state) delete state.error;
    }
    this.engineErrors.clear();
    this.state.results = {};
    this.state.sectionIssues = {};
    for (const section of SECTION_IDS) {
      const unparsed = fieldsOf(section).filter((f) => isVisible(f, this.state.inputs) && this.state.fields[f.key].error);
      if (unparsed.length) {
        this.state.sectionIssues[section] = `Fix ${unparsed.map((f) => f.label).join(", ")} to see the results.`;
        continue;
      }
      const outcome = COMPUTE[section](this.state.inputs);
      (this.state.results as Record<string, unknown>)[section] = outcome;
      if (!outcome.ok) this.report(section, outcome.issue);
    }
  }

  private report(section: SectionId, issue: Issue): void {
    if (issue.field && isVisible(FIELD_BY_KEY[issue.field], this.state.inputs)) {
      this.state.fields[issue.field] = { ...this.state.fields[issue.field], error: issue.message };
      this.engineErrors.add(issue.field);
    } else {
      this.state.sectionIssues[section] = issue.message;
    }
  }

  /** Finds a model built earlier and takes its values; lists the scenarios; watches the model's names. */
  private async adoptWorkbook(): Promise<void> {
    const markers = Object.values(SECTION_MARKERS);
    const scalarNames = FIELDS.filter((f) => f.name && f.kind !== "table").map((f) => f.name!);
    const tableFields = FIELDS.filter((f) => f.kind === "table" && f.name);
    const found = await this.gateway.readNames([...new Set([...markers, ...scalarNames, NAMES.stakeCapTable, NAMES.revshareFirstRevenue])]);
    const built = SECTION_IDS.filter((s) => found[SECTION_MARKERS[s]] !== undefined);
    if (found[SECTION_MARKERS.terms] !== undefined || built.length) {
      const inputs: DealInputs = { ...this.state.inputs };
      if (found[SECTION_MARKERS.stake] !== undefined)
        inputs.stakeSource = found[NAMES.stakeCapTable] !== undefined ? "captable" : "default";
      if (found[SECTION_MARKERS.revshare] !== undefined)
        inputs.revshareForecast = found[NAMES.revshareFirstRevenue] !== undefined ? "growth" : "table";
      const problems: [FieldKey, string][] = [];
      for (const field of FIELDS) {
        if (!field.name || field.kind === "table" || !(field.name in found)) continue;
        const value = found[field.name];
        this.cellValues.set(field.name, value);
        const parsed = fromCell(field, value);
        if (parsed.ok) (inputs as unknown as Record<string, InputValue>)[field.key] = parsed.value;
        else problems.push([field.key, parsed.error]);
      }
      for (const field of tableFields) {
        if (!isVisible(field, inputs) || found[SECTION_MARKERS[field.group as SectionId]] === undefined) continue;
        const table = await this.readTable(field);
        if (table !== undefined) (inputs as unknown as Record<string, InputValue>)[field.key] = table;
      }
      this.setInputs(inputs);
      for (const [key, error] of problems) this.state.fields[key] = { text: this.state.fields[key].text, error };
      this.state.builtSheets = [...(found[SECTION_MARKERS.terms] !== undefined ? [TERMS_SHEET] : []), ...built.map(sheetName)];
      if (built.length) this.state.sections = built;
      for (const spec of modelSheets(inputs, built)) this.shapes.set(spec.name, sheetShape(spec));
      this.recompute();
      await this.watch();
      this.setStatus("info", `Found the model in this workbook: ${this.state.builtSheets.join(", ")}.`);
    } else {
      this.setStatus("info", "Choose the sections and build the model.");
    }
    await this.loadScenarios();
  }

  /** A table read back from its named block(s), as the pane holds it; undefined when it cannot be read. */
  private async readTable(field: FieldDef): Promise<InputValue | undefined> {
    if (!this.gateway.readRanges || !field.name) return undefined;
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

  /**
   * Brings the built model in line with the pane after an edit of these fields: the sheets whose shape
   * changed are rebuilt (one batch); each other field is written to its named cell when the cell does
   * not hold its value already (typing first and committing later writes once).
   */
  private async pushChanges(keys: FieldKey[]): Promise<void> {
    if (this.state.builtSheets.length === 0) return;
    const inputs = this.state.inputs;
    const specs = modelSheets(inputs, this.builtSections()).filter((spec) => this.state.builtSheets.includes(spec.name));
    const rebuild = specs.filter((spec) => this.shapes.get(spec.name) !== sheetShape(spec));
    const rebuilt = new Set(rebuild.map((s) => s.name));
    if (rebuild.length) await this.writeSheets(rebuild);
    for (const key of keys) {
      const field = FIELD_BY_KEY[key];
      if (!field.name || field.kind === "table" || !isVisible(field, inputs)) continue;
      const sheet = sheetOf(field);
      if (rebuilt.has(sheet) || !this.state.builtSheets.includes(sheet)) continue;
      const value = toCell(inputs[key]);
      if (this.cellValues.has(field.name) && sameCell(this.cellValues.get(field.name)!, value)) continue;
      await this.gateway.writeName(field.name, value);
      this.cellValues.set(field.name, value);
    }
  }

  private builtSections(): SectionId[] {
    return SECTIONS.filter((s) => this.state.builtSheets.includes(s.sheet)).map((s) => s.id);
  }

  /** Builds sheets, then binds every input name of the model. */
  private async writeSheets(specs: SheetSpec[]): Promise<void> {
    await this.gateway.buildModel(specs);
    for (const spec of specs) {
      this.shapes.set(spec.name, sheetShape(spec));
      if (!this.state.builtSheets.includes(spec.name)) this.state.builtSheets.push(spec.name);
    }
    const order = [TERMS_SHEET, ...SECTIONS.map((s) => s.sheet)];
    this.state.builtSheets.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const field of FIELDS) {
      if (field.name && field.kind !== "table" && this.state.builtSheets.includes(sheetOf(field)) && isVisible(field, this.state.inputs)) {
        this.cellValues.set(field.name, toCell(this.state.inputs[field.key]));
      }
    }
    await this.watch();
    this.emit();
  }

  private async watch(): Promise<void> {
    await this.unwatch?.();
    const names = FIELDS.filter((f) => f.name && this.state.builtSheets.includes(sheetOf(f)) && isVisible(f, this.state.inputs)).map(
      (f) => f.name!,
    );
    if (this.state.inputs.revshareForecast === "table" && this.state.builtSheets.includes(sheetOf(FIELD_BY_KEY.revshareTable))) {
      names.push(NAMES.revsharePeriodEnds);
    }
    this.unwatch = await this.gateway.watchNames(names, (name, value) => {
      void this.enqueue(() => this.cellChanged(name, value), `Could not read the change of ${name}`);
    });
  }

  /** A named cell changed in the grid: the field follows; nothing is written back unless the sheet's shape must follow too. */
  private async cellChanged(name: string, value: CellValue): Promise<void> {
    const lower = name.toLowerCase();
    const field =
      lower === NAMES.revsharePeriodEnds.toLowerCase() ? FIELD_BY_KEY.revshareTable : FIELDS.find((f) => f.name?.toLowerCase() === lower);
    if (!field || !isVisible(field, this.state.inputs)) return;
    if (field.kind === "table") return this.tableChanged(field, await this.readTable(field));
    this.cellValues.set(field.name!, value);
    const parsed = fromCell(field, value);
    if (!parsed.ok) {
      this.state.fields[field.key] = { text: value === null ? "" : String(value), error: parsed.error };
      this.recompute();
      this.emit();
      return;
    }
    if (sameInput(parsed.value, this.state.inputs[field.key]) && !this.state.fields[field.key].error) return;
    this.state.inputs = { ...this.state.inputs, [field.key]: parsed.value };
    this.state.fields[field.key] = { text: formatField(field, parsed.value) };
    this.recompute();
    this.emit();
    await this.followShape();
  }

  private async tableChanged(field: FieldDef, table: InputValue | undefined): Promise<void> {
    if (table === undefined) return;
    if (sameInput(table, this.state.inputs[field.key])) return;
    this.state.inputs = { ...this.state.inputs, [field.key]: table };
    this.state.fields[field.key] = { text: formatField(field, table) };
    this.recompute();
    this.emit();
    await this.followShape();
  }

  /** After a change from the grid: a sheet whose shape no longer fits its inputs (more forecast rows, a longer spill) is rebuilt. */
  private async followShape(): Promise<void> {
    const specs = modelSheets(this.state.inputs, this.builtSections()).filter((spec) => this.state.builtSheets.includes(spec.name));
    const stale = specs.filter((spec) => this.shapes.get(spec.name) !== sheetShape(spec));
    if (stale.length && this.blockingFields(this.builtSections()).length === 0) await this.writeSheets(stale);
  }

  /** For tests and the view: the ISO text of a serial date. */
  static isoDate(serial: number): string {
    return isoDate(serial);
  }
}

function sheetName(section: SectionId): string {
  return SECTIONS.find((s) => s.id === section)!.sheet;
}

function sameCell(a: CellValue, b: CellValue): boolean {
  return a === b || ((a === null || a === "") && (b === null || b === ""));
}
