import { blockAddress, blocksIntersect, cellAddress, cellsOf, parseBlock, parseCell } from "../../src/workbook/a1";
import { buildReport, modelLocation, planBuild, WorkbookState } from "../../src/workbook/buildPlan";
import { BuildRecord, contentFingerprint, ModelBounds } from "../../src/workbook/buildRecord";
import { applySheetsStepwise, BuildControl, recordOfBuilt } from "../../src/workbook/buildSteps";
import {
  AppendRequest,
  applyEdit,
  DeleteRequest,
  planAppend,
  planDelete,
  planUpdate,
  ScenarioPlan,
  ScenarioTable,
  ScenarioWriteResult,
  SCENARIO_COLUMNS,
  UpdateRequest,
} from "../../src/workbook/scenarioTable";
import {
  BuildReport,
  BuildRequest,
  CellValue,
  ChartSpec,
  ModelLocation,
  SharedWorkbook,
  ShareRequest,
  WorkbookGateway,
} from "../../src/workbook/types";

type Content = CellValue | { formula: string };

/**
 * An in-memory workbook behind the WorkbookGateway interface, for the pane's tests: cells hold values or
 * formula text (nothing is calculated), names point at blocks, watchers hear grid edits, and builds
 * follow the real build planner. It counts every call and every cell a build writes, so a test can prove
 * that an edit wrote one cell and that nothing loops.
 */
export class FakeGateway implements WorkbookGateway {
  readonly sheets = new Map<string, Map<string, Content>>();
  readonly names = new Map<string, { sheet: string; address: string }>();
  readonly charts = new Map<string, ChartSpec[]>();
  record: BuildRecord = { sheets: [] };
  /** The scenario table, header and body (undefined: none); tests may set or edit it as a user would. */
  scenarioTable?: ScenarioTable;
  readonly calls: { method: string; args: unknown[] }[] = [];
  /** Cells written by builds into sheets they did not create: sheet, address, what was written. */
  readonly cellWrites: { sheet: string; address: string; value: Content }[] = [];
  private watchers = new Set<{ names: string[]; onChange: (name: string, value: CellValue) => void }>();
  private workbookWatchers = new Set<() => void>();

  constructor(
    readonly options: {
      /** Notify watchers of the builds' writes too, as a careless workbook would: the pane must still not loop. */
      echoWrites?: boolean;
    } = {},
  ) {}

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** Named single cells that builds wrote into existing sheets: what the pane changed in the workbook. */
  writes(): { name: string; value: CellValue }[] {
    const byAddress = new Map([...this.names].map(([name, t]) => [`${t.sheet}!${t.address}`, name]));
    return this.cellWrites.flatMap((w) => {
      const name = byAddress.get(`${w.sheet}!${w.address}`);
      if (!name) return [];
      const original = [...this.knownNames].find((n) => n.toLowerCase() === name) ?? name;
      return [{ name: original, value: typeof w.value === "object" && w.value !== null ? null : w.value }];
    });
  }

  private readonly knownNames = new Set<string>();

  cell(sheet: string, address: string): Content | undefined {
    return this.sheets.get(sheet)?.get(address);
  }

  value(name: string): CellValue | undefined {
    const target = this.names.get(name.toLowerCase());
    if (!target) return undefined;
    const { top, left } = parseBlock(target.address);
    const v = this.sheets.get(target.sheet)?.get(blockAddress({ top, left, bottom: top, right: left }));
    return typeof v === "object" && v !== null ? null : (v ?? null);
  }

  private state(): WorkbookState {
    return {
      sheets: [...this.sheets].map(([name, cells]) => ({
        name,
        id: name,
        contents: new Map(
          [...cells]
            .filter(([, v]) => v !== null && v !== "")
            .map(([a, v]) => [a, contentFingerprint(typeof v === "object" && v !== null ? v : { value: v })]),
        ),
        spilled: new Set<string>(),
        charts: (this.charts.get(name) ?? []).map((c) => c.id),
      })),
      record: this.record,
    };
  }

  /** Hears each sheet of a build as it is written (before its cells), for tests of the order of events. */
  onSheetWrite?: (sheet: string) => void;

  async buildModel(request: BuildRequest, control?: BuildControl): Promise<BuildReport> {
    this.calls.push({ method: "buildModel", args: [request] });
    const before = this.record;
    const plan = planBuild(request, this.state());
    for (const removal of plan.removals) {
      for (const name of removal.names) this.names.delete(name.toLowerCase());
      if (removal.deleteSheet) {
        this.sheets.delete(removal.name);
        this.charts.delete(removal.name);
        continue;
      }
      for (const address of removal.clear) this.sheets.get(removal.name)?.delete(address);
      this.charts.set(
        removal.name,
        (this.charts.get(removal.name) ?? []).filter((c) => !removal.charts.includes(c.id)),
      );
    }
    const changed: { sheet: string; address: string }[] = [];
    // As both workbooks do: a sheet at a time, the event loop's turn between sheets, a cancel before the next.
    const applied = await applySheetsStepwise(plan, control, (planned) => {
      this.onSheetWrite?.(planned.name);
      const cells = this.sheets.get(planned.name) ?? new Map<string, Content>();
      this.sheets.set(planned.name, cells);
      for (const address of planned.clear) cells.delete(address);
      for (const cell of planned.writes) {
        const address = cellAddress(parseCell(cell.address));
        const value: Content = cell.formula !== undefined ? { formula: cell.formula } : (cell.value ?? null);
        cells.set(address, value);
        if (!planned.create) this.cellWrites.push({ sheet: planned.name, address, value });
        changed.push({ sheet: planned.name, address });
      }
      for (const name of planned.staleNames) this.names.delete(name.toLowerCase());
      for (const named of planned.names) {
        this.names.set(named.name.toLowerCase(), { sheet: planned.name, address: named.address });
        this.knownNames.add(named.name);
      }
      const ids = new Set(planned.charts.map((c) => c.id));
      this.charts.set(planned.name, [
        ...(this.charts.get(planned.name) ?? []).filter((c) => !ids.has(c.id) && !planned.staleCharts.includes(c.id)),
        ...planned.charts,
      ]);
    });
    this.record = applied.cancelled ? recordOfBuilt(plan, before, applied.built) : plan.record;
    if (this.options.echoWrites) for (const c of changed) this.notify(c.sheet, c.address);
    const report = buildReport(plan, []);
    if (!applied.cancelled) return report;
    const built = new Set(applied.built.map((s) => s.key));
    const notBuilt = plan.sheets.filter((s) => !built.has(s.key));
    return {
      ...report,
      sheets: Object.fromEntries(this.record.sheets.filter((r) => this.sheets.has(r.name)).map((r) => [r.key, r.name])),
      cancelled: { notBuilt: notBuilt.map((s) => ({ key: s.key, name: s.name })) },
    };
  }

  async locateModel(bounds: ModelBounds): Promise<ModelLocation> {
    this.calls.push({ method: "locateModel", args: [bounds] });
    return modelLocation(this.state(), bounds, []);
  }

  async readNames(names: string[]): Promise<Record<string, CellValue>> {
    this.calls.push({ method: "readNames", args: [names] });
    const values: Record<string, CellValue> = {};
    for (const name of names) {
      const v = this.value(name);
      if (v !== undefined) values[name] = v;
    }
    return values;
  }

  async readRanges(names: string[]): Promise<Record<string, CellValue[][]>> {
    this.calls.push({ method: "readRanges", args: [names] });
    const values: Record<string, CellValue[][]> = {};
    for (const name of names) {
      const target = this.names.get(name.toLowerCase());
      if (!target) continue;
      const block = parseBlock(target.address);
      const rows: CellValue[][] = [];
      for (let r = block.top; r <= block.bottom; r++) {
        const row: CellValue[] = [];
        for (let c = block.left; c <= block.right; c++) {
          const v = this.sheets.get(target.sheet)?.get(blockAddress({ top: r, left: c, bottom: r, right: c }));
          row.push(typeof v === "object" && v !== null ? null : (v ?? null));
        }
        rows.push(row);
      }
      values[name] = rows;
    }
    return values;
  }

  async watchNames(names: string[], onChange: (name: string, value: CellValue) => void): Promise<() => Promise<void>> {
    this.calls.push({ method: "watchNames", args: [names] });
    const watcher = { names, onChange };
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
    };
  }

  async watchWorkbook(onChange: () => void): Promise<() => Promise<void>> {
    this.workbookWatchers.add(onChange);
    return async () => {
      this.workbookWatchers.delete(onChange);
    };
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** A user types into a cell of the grid. */
  gridEdit(sheet: string, address: string, value: CellValue): void {
    this.sheets.get(sheet)!.set(address, value);
    this.notify(sheet, address);
  }

  /** A user types into the cell a name points at. */
  gridEditName(name: string, value: CellValue): void {
    const target = this.names.get(name.toLowerCase())!;
    const { top, left } = parseBlock(target.address);
    this.gridEdit(target.sheet, blockAddress({ top, left, bottom: top, right: left }), value);
  }

  /** The workbook is replaced or its sheets change: the pane hears of it. */
  replaced(): void {
    for (const watcher of [...this.workbookWatchers]) watcher();
  }

  private notify(sheet: string, address: string): void {
    const changed = parseBlock(address);
    for (const watcher of [...this.watchers]) {
      for (const name of watcher.names) {
        const target = this.names.get(name.toLowerCase());
        if (!target || target.sheet !== sheet || !blocksIntersect(parseBlock(target.address), changed)) continue;
        const { top, left } = parseBlock(target.address);
        const v = this.sheets.get(sheet)!.get(blockAddress({ top, left, bottom: top, right: left }));
        watcher.onChange(name, typeof v === "object" && v !== null ? null : (v ?? null));
      }
    }
  }

  /** The requests shareAsValues was given; like the real gateways, it leaves the workbook as it is. */
  async shareAsValues(request: ShareRequest): Promise<SharedWorkbook> {
    this.calls.push({ method: "shareAsValues", args: [request] });
    return { fileName: "Book1 (values).xlsx", sheets: request.sheets.map((s) => s.name), delivery: "opened" };
  }

  /** The body rows of the scenario table (the add-in's columns in their order, for a table the test sets). */
  get scenarioRows(): CellValue[][] {
    return this.scenarioTable?.rows ?? [];
  }

  /** A table of the add-in's columns with these body rows (shorter rows are padded). */
  setScenarioRows(rows: CellValue[][], header: string[] = [...SCENARIO_COLUMNS]): void {
    this.scenarioTable = { header: [...header], rows: rows.map((r) => header.map((_, i) => r[i] ?? null)) };
  }

  async readScenarioTable(): Promise<ScenarioTable | undefined> {
    this.calls.push({ method: "readScenarioTable", args: [] });
    return this.scenarioTable && copyTable(this.scenarioTable);
  }

  async appendScenarioRow(request: AppendRequest): Promise<ScenarioWriteResult> {
    this.calls.push({ method: "appendScenarioRow", args: [request] });
    return this.writeScenarios((table) => planAppend(table, request));
  }

  async updateScenarioRow(request: UpdateRequest): Promise<ScenarioWriteResult> {
    this.calls.push({ method: "updateScenarioRow", args: [request] });
    return this.writeScenarios((table) => planUpdate(table, request));
  }

  async deleteScenarioRow(request: DeleteRequest): Promise<ScenarioWriteResult> {
    this.calls.push({ method: "deleteScenarioRow", args: [request] });
    return this.writeScenarios((table) => planDelete(table, request));
  }

  /** As a workbook does: the planner decides on the table as it is, and the edit changes that row only. */
  private writeScenarios(plan: (table: ScenarioTable | undefined) => ScenarioPlan): ScenarioWriteResult {
    const before = this.scenarioTable && copyTable(this.scenarioTable);
    const planned = plan(before);
    if ("refusal" in planned) return { ok: false, refusal: planned.refusal, table: before };
    const { edit } = planned;
    this.scenarioTable = applyEdit(before, edit);
    const table = copyTable(this.scenarioTable);
    if (edit.kind === "delete") return { ok: true, table, at: edit.at, removed: { header: before!.header, row: before!.rows[edit.at] } };
    return { ok: true, table, at: edit.kind === "create" ? 0 : edit.at };
  }
}

function copyTable(table: ScenarioTable): ScenarioTable {
  return { header: [...table.header], rows: table.rows.map((r) => [...r]) };
}

/** Cells of a name's block, for assertions. */
export function namedCells(gateway: FakeGateway, name: string): string[] {
  const target = gateway.names.get(name.toLowerCase());
  return target ? cellsOf(parseBlock(target.address)) : [];
}
