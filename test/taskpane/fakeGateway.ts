import { blockAddress, blocksIntersect, cellsOf, parseBlock, parseCell } from "../../src/workbook/a1";
import { CellValue, ChartSpec, ScenarioRows, SharedWorkbook, ShareRequest, SheetSpec, WorkbookGateway } from "../../src/workbook/types";

/**
 * An in-memory workbook behind the WorkbookGateway interface, for the pane's tests: cells hold values
 * or formula text (nothing is calculated), names point at blocks, watchers hear grid edits. It counts
 * every call, so a test can prove that an edit wrote one cell and that nothing loops.
 */
export class FakeGateway implements WorkbookGateway {
  readonly sheets = new Map<string, Map<string, CellValue | { formula: string }>>();
  readonly names = new Map<string, { sheet: string; address: string }>();
  readonly charts = new Map<string, ChartSpec[]>();
  readonly built = new Map<string, Set<string>>();
  scenarioRows: ScenarioRows = [];
  readonly calls: { method: string; args: unknown[] }[] = [];
  private watchers = new Set<{ names: string[]; onChange: (name: string, value: CellValue) => void }>();

  constructor(
    readonly options: {
      /** Notify watchers of writeName too, as a careless workbook would: the pane must still not loop. */
      echoWrites?: boolean;
      /** Leave readRanges out, as a workbook without it. */
      withoutReadRanges?: boolean;
    } = {},
  ) {
    if (options.withoutReadRanges) (this as { readRanges?: unknown }).readRanges = undefined;
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  writes(): { name: string; value: CellValue }[] {
    return this.calls.filter((c) => c.method === "writeName").map((c) => ({ name: c.args[0] as string, value: c.args[1] as CellValue }));
  }

  cell(sheet: string, address: string): CellValue | { formula: string } | undefined {
    return this.sheets.get(sheet)?.get(address);
  }

  value(name: string): CellValue | undefined {
    const target = this.names.get(name.toLowerCase());
    if (!target) return undefined;
    const v = this.sheets
      .get(target.sheet)
      ?.get(
        blockAddress({ ...parseBlock(target.address), bottom: parseBlock(target.address).top, right: parseBlock(target.address).left }),
      );
    return typeof v === "object" && v !== null ? null : (v ?? null);
  }

  async buildModel(specs: SheetSpec[]): Promise<void> {
    this.calls.push({ method: "buildModel", args: [specs] });
    for (const spec of specs) {
      const cells = this.sheets.get(spec.name) ?? new Map();
      this.sheets.set(spec.name, cells);
      const written = new Set(spec.cells.map((c) => c.address));
      for (const address of this.built.get(spec.name) ?? []) if (!written.has(address)) cells.delete(address);
      for (const cell of spec.cells) cells.set(cell.address, cell.formula !== undefined ? { formula: cell.formula } : (cell.value ?? null));
      for (const [key, target] of [...this.names]) if (target.sheet === spec.name) this.names.delete(key);
      for (const named of spec.names) this.names.set(named.name.toLowerCase(), { sheet: spec.name, address: named.address });
      this.charts.set(spec.name, spec.charts);
      this.built.set(spec.name, written);
    }
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

  async writeName(name: string, value: CellValue): Promise<void> {
    this.calls.push({ method: "writeName", args: [name, value] });
    const target = this.names.get(name.toLowerCase());
    if (!target) throw new Error(`The workbook has no range named ${name}.`);
    if (target.address.includes(":")) throw new Error(`${name} is a range of several cells.`);
    this.sheets.get(target.sheet)!.set(target.address, value);
    if (this.options.echoWrites) this.notify(target.sheet, target.address);
  }

  async watchNames(names: string[], onChange: (name: string, value: CellValue) => void): Promise<() => Promise<void>> {
    this.calls.push({ method: "watchNames", args: [names] });
    const watcher = { names, onChange };
    this.watchers.add(watcher);
    return async () => {
      this.watchers.delete(watcher);
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

  async readScenarioRows(): Promise<ScenarioRows> {
    this.calls.push({ method: "readScenarioRows", args: [] });
    return this.scenarioRows.map((r) => [...r]);
  }

  async writeScenarioRows(rows: ScenarioRows): Promise<void> {
    this.calls.push({ method: "writeScenarioRows", args: [rows] });
    this.scenarioRows = rows.map((r) => [...r]);
  }
}

/** Cells of a name's block, for assertions. */
export function namedCells(gateway: FakeGateway, name: string): string[] {
  const target = gateway.names.get(name.toLowerCase());
  return target ? cellsOf(parseBlock(target.address)) : [];
}

export { parseCell };
