import { OfficeMockObject } from "office-addin-mock";
import {
  absoluteReference,
  Block,
  blockAddress,
  cellAddress,
  cellsOf,
  columnIndex,
  MAX_COL,
  MAX_ROW,
  parseBlock,
  quoteSheet,
  splitReference,
} from "../../../src/workbook/a1";
import { readTyped } from "../../../src/workbook/typed";

/**
 * A small Excel behind office-addin-mock, for testing the Office.js workbook without Excel.
 *
 * Every object the code under test gets (worksheets, ranges, names, charts, tables) is an
 * OfficeMockObject, so reading a property that was not loaded and synced gives the mock's
 * "property was not loaded" text instead of a value, as in Excel. Writes and method calls are queued in
 * the order the code makes them and applied at `context.sync()`, like Office.js batches; loaded
 * properties are resolved at that sync. Writing a property the fake does not model throws.
 *
 * What Excel does and the fake copies: text written into a General cell is parsed as if typed ("2025-10"
 * becomes a date, "=x" a formula, a leading apostrophe keeps text); worksheet onChanged fires after a
 * sync for every range written, including the add-in's own writes; names, tables and charts are
 * case-insensitive by name. Formulas are not calculated: a formula cell reads as `computed` says (0
 * when unset).
 */

export type Stored = number | string | boolean;

export interface FakeCell {
  value: Stored;
  formula?: string;
  numberFormat: string;
  style: Record<string, unknown>;
}

export interface FakeSeries {
  name: string;
  values?: string;
  xValues?: string;
}

export interface FakeChart {
  name: string;
  type: string;
  title: string;
  series: FakeSeries[];
  position?: string;
  width?: number;
  height?: number;
}

export interface FakeName {
  name: string;
  formula: string;
  comment?: string;
}

export interface FakeTable {
  name: string;
  sheetId: number;
  block: Block;
}

export interface ChangeEvent {
  address: string;
  worksheetId: string;
  changeType: string;
  source: string;
  type: string;
}

type Handler = (event: ChangeEvent) => Promise<unknown> | unknown;

export interface HeldRun {
  release(): void;
}

export class FakeSheet {
  readonly cells = new Map<string, FakeCell>();
  readonly charts: FakeChart[] = [];
  readonly columnWidths = new Map<number, number>();
  readonly handlers = new Set<Handler>();
  visibility = "Visible";
  constructor(
    readonly id: number,
    public name: string,
  ) {}

  /** The value a cell shows (formulas as `computed`), "" when empty. */
  valueAt(address: string, computed: Map<string, Stored>): Stored {
    const cell = this.cells.get(address);
    if (!cell) return "";
    if (cell.formula !== undefined) return computed.get(`${this.name}!${address}`) ?? 0;
    return cell.value;
  }
}

const NOT_LOADED = ["Error, property was not loaded", "Error, context.sync() was not called"];
const isMockText = (v: unknown) => typeof v === "string" && NOT_LOADED.includes(v);

class OfficeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ProxySpec {
  /** For a getItemOrNullObject result: whether it is a null object (its other properties then load as null). */
  isNull?: () => boolean;
  /** For a collection: its items, as `load("items/...")` loads them at the next sync. */
  items?: () => unknown[];
  loadable?: Record<string, () => unknown>;
  writable?: Record<string, (value: any) => void>;
  methods?: Record<string, (...args: any[]) => unknown>;
  children?: Record<string, unknown>;
}

interface RangeTarget {
  sheet: FakeSheet;
  block: Block;
}

class FakeContext {
  ops: (() => void)[] = [];
  /** How many of the queued ops only read (loads): a sync with more ops than these writes. */
  reads = 0;
  proxies: { mock: any; loadable: Record<string, () => unknown>; snapshot: Map<string, unknown> }[] = [];
  changed: { sheet: FakeSheet; block: Block }[] = [];
  workbook: any;
  /** Released from a hold: its later syncs are not held again. */
  released = false;

  runtime: any;

  constructor(readonly excel: FakeExcel) {
    this.workbook = excel.workbookProxy(this);
    this.runtime = this.proxy({
      loadable: { enableEvents: () => excel.eventsEnabled },
      writable: { enableEvents: (on: boolean) => (excel.eventsEnabled = on) },
    });
  }

  async sync(): Promise<void> {
    this.excel.syncs++;
    const writes = this.ops.length > this.reads;
    if (writes) await this.excel.beforeWritingSync(this);
    if (this.excel.failingSync === this.excel.syncs) {
      this.ops = [];
      this.reads = 0;
      throw new OfficeError("GeneralException", "The sync failed (simulated).");
    }
    const ops = this.ops;
    this.ops = [];
    this.reads = 0;
    try {
      for (const op of ops) op();
    } catch (e) {
      // As in Office.js, a batch that fails stops there, and its loads are never filled in.
      for (const { mock, loadable, snapshot } of this.proxies) {
        for (const key of Object.keys(loadable)) {
          const child = mock._properties.get(key);
          if (child?._loaded && child._value === NOT_LOADED[1]) child._loaded = false;
        }
        snapshot.clear();
      }
      throw e;
    }
    for (const { mock, loadable, snapshot } of this.proxies) {
      for (const [key, resolve] of Object.entries(loadable)) {
        const child = mock._properties.get(key);
        // Loaded since the last sync: what the workbook held when the load came in the batch (Office.js
        // runs a batch's operations in order), or, for a load the fake did not see queued, now.
        if (child?._loaded && child._value === NOT_LOADED[1]) child._valueBeforeLoaded = snapshot.has(key) ? snapshot.get(key) : resolve();
      }
      snapshot.clear();
    }
    for (const { mock } of this.proxies) await OfficeMockObject.prototype.sync.call(mock);
    // The mock updates loaded properties in callbacks it does not await.
    await new Promise((resolve) => setImmediate(resolve));
    const changed = this.changed;
    this.changed = [];
    for (const change of changed) this.excel.fire(change.sheet, change.block, "Local");
  }

  proxy(spec: ProxySpec): any {
    const isNull = spec.isNull;
    const loadable: Record<string, () => unknown> = { isNullObject: isNull ?? (() => false) };
    for (const [key, resolve] of Object.entries(spec.loadable ?? {}))
      loadable[key] = isNull ? () => (isNull() ? null : resolve()) : resolve;
    const seed: Record<string, unknown> = {};
    for (const key of Object.keys(loadable)) seed[key] = "";
    for (const [key, fn] of Object.entries(spec.methods ?? {})) seed[key] = fn;
    const mock: any = new OfficeMockObject(seed);
    for (const [key, child] of Object.entries(spec.children ?? {})) mock[key] = child;
    for (const [key, apply] of Object.entries(spec.writable ?? {})) {
      const loadedChild = mock._properties.get(key);
      let slot = mock[key];
      Object.defineProperty(mock, key, {
        configurable: true,
        enumerable: true,
        get: () => slot,
        set: (value: unknown) => {
          // The mock itself assigns "not loaded" texts and, at sync, the loaded value.
          const internal = isMockText(value) || (loadedChild !== undefined && value === loadedChild._value);
          slot = value;
          if (!internal) this.ops.push(() => apply(value));
        },
      });
    }
    for (const key of Object.keys(loadable)) {
      if (spec.writable?.[key]) continue;
      let slot = mock[key];
      Object.defineProperty(mock, key, {
        configurable: true,
        enumerable: true,
        get: () => slot,
        set: (value: unknown) => {
          if (!isMockText(value) && value !== mock._properties.get(key)?._value) throw new Error(`${key} is read-only`);
          slot = value;
        },
      });
    }
    const snapshot = new Map<string, unknown>();
    const items = spec.items;
    let loaded: unknown[] | undefined;
    const load = mock.load.bind(mock);
    Object.defineProperty(mock, "load", {
      value: (properties?: string) => {
        this.reads++;
        if (items && String(properties ?? "").includes("items")) {
          this.ops.push(() => (loaded = items()));
          return mock;
        }
        load(properties);
        const keys =
          properties === undefined
            ? Object.keys(loadable)
            : String(properties)
                .split(",")
                .map((k) => k.trim())
                .filter((k) => k in loadable);
        // Read where the load is in the batch, after the operations queued before it.
        this.ops.push(() => {
          for (const key of keys) snapshot.set(key, loadable[key]());
        });
        return mock;
      },
    });
    if (items) {
      Object.defineProperty(mock, "items", {
        get: () => {
          if (!loaded) throw new Error("items was not loaded and synced");
          return loaded;
        },
      });
    }
    Object.preventExtensions(mock);
    this.proxies.push({ mock, loadable, snapshot });
    return mock;
  }

  /** A method whose effect happens at sync, in order with the writes. */
  queued(fn: (...args: any[]) => void): (...args: any[]) => void {
    return (...args: any[]) => {
      this.ops.push(() => fn(...args));
    };
  }
}

export class FakeExcel {
  readonly sheets: FakeSheet[] = [];
  readonly names: FakeName[] = [];
  readonly tables: FakeTable[] = [];
  /** Values of formula cells, by "Sheet!A1". */
  readonly computed = new Map<string, Stored>();
  /** Where a formula cell spills, by "Sheet!A1": "A1:F9" (the fake calculates nothing; a test says). */
  readonly spills = new Map<string, string>();
  /** Handlers of WorksheetCollection.onAdded and onDeleted. */
  readonly workbookHandlers = new Set<Handler>();
  runs = 0;
  syncs = 0;
  /** context.runtime.enableEvents: while false, writes raise no change events for the add-in. */
  eventsEnabled = true;
  /** Makes the sync with this number (counting from the first of the fake's life) fail, as Excel can. */
  failingSync?: number;
  activeSheet?: string;
  /** The open workbook's file name (Workbook.name). */
  workbookName = "Deal.xlsx";
  /** The files Excel.createWorkbook was given (base64), in order: each opens as a new workbook in Excel. */
  readonly createdWorkbooks: string[] = [];
  private nextId = 1;
  private pending: Promise<unknown>[] = [];
  private ranges = new WeakMap<object, () => RangeTarget>();
  readonly excel: any;

  constructor(sheetNames: string[] = ["Sheet1"]) {
    for (const name of sheetNames) this.sheets.push(new FakeSheet(this.nextId++, name));
    this.excel = new OfficeMockObject({
      run: async (first: unknown, second?: unknown) => {
        this.runs++;
        const context = first instanceof FakeContext ? first : new FakeContext(this);
        const batch = (typeof first === "function" ? first : second) as (c: FakeContext) => Promise<unknown>;
        const result = await batch(context);
        await context.sync();
        return result;
      },
      createWorkbook: async (base64?: string) => {
        this.createdWorkbooks.push(base64 ?? "");
      },
    });
  }

  install(): void {
    (globalThis as any).Excel = this.excel;
  }

  // ---- co-authors, one batch at a time ----

  private holdsLeft = 0;
  private readonly heldRuns: HeldRun[] = [];
  private heldListeners: (() => void)[] = [];
  private nextWrite?: () => void;

  /**
   * Holds the next `count` Excel.run batches that write, each at its first sync with a write, until the
   * test releases it: two panes' operations can then be interleaved as co-authors' are (Alice reads, Bob
   * reads, Alice writes, Bob writes). Once released, a run's later syncs go on without holding.
   */
  holdWrites(count = 1): void {
    this.holdsLeft += count;
  }

  /** Holds no further run (those held stay held until released). */
  stopHolding(): void {
    this.holdsLeft = 0;
  }

  /** Resolves with the held runs, in the order they were held, once `count` are held. */
  async held(count: number): Promise<HeldRun[]> {
    while (this.heldRuns.length < count) await new Promise<void>((resolve) => this.heldListeners.push(resolve));
    return [...this.heldRuns];
  }

  /**
   * Runs `change` once, just before the next sync that writes applies its batch: a co-author's change
   * that Excel merges between a run's read and its write.
   */
  beforeNextWrite(change: () => void): void {
    this.nextWrite = change;
  }

  async beforeWritingSync(context: FakeContext): Promise<void> {
    if (!context.released && this.holdsLeft > 0) {
      this.holdsLeft--;
      await new Promise<void>((resolve) => {
        this.heldRuns.push({
          release: () => {
            context.released = true;
            resolve();
          },
        });
        for (const listener of this.heldListeners.splice(0)) listener();
      });
    }
    const change = this.nextWrite;
    this.nextWrite = undefined;
    change?.();
  }

  // ---- for assertions ----

  findSheet(name: string): FakeSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  sheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }

  cell(sheet: string, address: string): FakeCell | undefined {
    return this.sheet(sheet).cells.get(address);
  }

  name(name: string): FakeName | undefined {
    return this.names.find((n) => n.name.toLowerCase() === name.toLowerCase());
  }

  /** Where a name points: sheet and A1 block. */
  nameTarget(name: string): { sheet: string; address: string } | undefined {
    const found = this.name(name);
    if (!found) return undefined;
    const ref = splitReference(found.formula);
    return { sheet: ref.sheet!, address: ref.address };
  }

  table(name: string): FakeTable | undefined {
    return this.tables.find((t) => t.name.toLowerCase() === name.toLowerCase());
  }

  /** A table's rows as values, header first. */
  tableValues(name: string): Stored[][] {
    const table = this.table(name)!;
    const sheet = this.sheets.find((s) => s.id === table.sheetId)!;
    return this.blockValues(sheet, table.block);
  }

  blockValues(sheet: FakeSheet, block: Block): Stored[][] {
    const rows: Stored[][] = [];
    for (let r = block.top; r <= block.bottom; r++) {
      const row: Stored[] = [];
      for (let c = block.left; c <= block.right; c++) row.push(sheet.valueAt(cellAddress({ row: r, col: c }), this.computed));
      rows.push(row);
    }
    return rows;
  }

  /** A user (or, with source "Remote", a co-author) types into a cell. */
  userEdit(sheet: string, address: string, text: Stored, source = "Local"): void {
    const target = this.sheet(sheet);
    const block = parseBlock(address);
    for (const a of cellsOf(block)) this.typeInto(target, a, text, false);
    this.fire(target, block, source);
  }

  // ---- a user's edits of a table (as Excel does them in the grid) ----

  /** Drags a table column to another place in the table (0-based, within the table): its cells move, the others shift. */
  moveTableColumn(name: string, from: number, to: number, source = "Local"): void {
    const table = this.table(name)!;
    const sheet = this.sheetById(table.sheetId);
    for (let row = table.block.top; row <= table.block.bottom; row++) {
      const cells = [];
      for (let col = table.block.left; col <= table.block.right; col++) cells.push(sheet.cells.get(cellAddress({ row, col })));
      const [moving] = cells.splice(from, 1);
      cells.splice(to, 0, moving);
      cells.forEach((cell, i) => {
        const address = cellAddress({ row, col: table.block.left + i });
        if (cell) sheet.cells.set(address, cell);
        else sheet.cells.delete(address);
      });
    }
    this.fire(sheet, table.block, source);
  }

  /** Inserts a table column at `at` (0-based; the width adds one at the end) titled `title`: the cells of the table's rows from there shift right. */
  insertTableColumn(name: string, at: number, title: string, source = "Local"): void {
    const table = this.table(name)!;
    const sheet = this.sheetById(table.sheetId);
    const col = table.block.left + at;
    this.shiftCells(sheet, { top: table.block.top, bottom: table.block.bottom, left: col, right: MAX_COL }, 0, 1);
    table.block = { ...table.block, right: table.block.right + 1 };
    this.typeInto(sheet, cellAddress({ row: table.block.top, col }), title, false);
    this.fire(sheet, table.block, source);
  }

  /** Deletes the table column at `at` (0-based): the cells of the table's rows right of it shift left. */
  deleteTableColumn(name: string, at: number, source = "Local"): void {
    const table = this.table(name)!;
    const sheet = this.sheetById(table.sheetId);
    const col = table.block.left + at;
    for (let row = table.block.top; row <= table.block.bottom; row++) sheet.cells.delete(cellAddress({ row, col }));
    this.shiftCells(sheet, { top: table.block.top, bottom: table.block.bottom, left: col + 1, right: MAX_COL }, 0, -1);
    table.block = { ...table.block, right: table.block.right - 1 };
    this.fire(sheet, table.block, source);
  }

  /** Resizes a table over `range` (Excel's Resize Table, or Excel growing a table into a column typed beside it). */
  resizeTable(name: string, range: string): void {
    const table = this.table(name)!;
    const block = parseBlock(range);
    if (block.top !== table.block.top || block.bottom <= block.top) throw new Error(`${range} cannot hold the table`);
    table.block = block;
  }

  /** Deletes the table's body row `at` (0-based), as a user (or a co-author, source "Remote") does. */
  deleteTableRow(name: string, at: number, source = "Local"): void {
    const table = this.table(name)!;
    this.removeTableRow(table, at);
    this.fire(this.sheetById(table.sheetId), table.block, source);
  }

  /** Types into a cell of the table: row 0 is the header, 1 the first body row; col 0 its first column. */
  typeInTable(name: string, row: number, col: number, text: Stored, source = "Local"): void {
    const table = this.table(name)!;
    const sheet = this.sheetById(table.sheetId);
    this.userEdit(sheet.name, cellAddress({ row: table.block.top + row, col: table.block.left + col }), text, source);
  }

  /**
   * Moves every cell of `region` by (rows, cols), as Excel shifts cells to make room or close a gap; a
   * name wholly inside the region follows (Excel adjusts a reference that moves as a whole).
   */
  private shiftCells(sheet: FakeSheet, region: Block, rows: number, cols: number): void {
    const inside = (block: Block) =>
      block.top >= region.top && block.bottom <= region.bottom && block.left >= region.left && block.right <= region.right;
    const moving = [...sheet.cells].filter(([address]) => inside(parseBlock(address)));
    for (const [address] of moving) sheet.cells.delete(address);
    for (const [address, cell] of moving) {
      const { top, left } = parseBlock(address);
      sheet.cells.set(cellAddress({ row: top + rows, col: left + cols }), cell);
    }
    for (const name of this.names) {
      const ref = splitReference(name.formula);
      if (ref.sheet?.toLowerCase() !== sheet.name.toLowerCase()) continue;
      const block = parseBlock(ref.address);
      if (!inside(block)) continue;
      const moved = { top: block.top + rows, bottom: block.bottom + rows, left: block.left + cols, right: block.right + cols };
      name.formula = `=${absoluteReference(sheet.name, blockAddress(moved))}`;
    }
  }

  /** A new body row at `at`: the cells below it, in the table's columns, move down one row. */
  private insertTableRow(table: FakeTable, at: number): Block {
    const sheet = this.sheetById(table.sheetId);
    const row = table.block.top + 1 + at;
    this.shiftCells(sheet, { top: row, bottom: MAX_ROW - 1, left: table.block.left, right: table.block.right }, 1, 0);
    table.block = { ...table.block, bottom: table.block.bottom + 1 };
    return { top: row, bottom: row, left: table.block.left, right: table.block.right };
  }

  /** The body row `at` goes and the cells below it move up; a table keeps one body row, emptied. */
  private removeTableRow(table: FakeTable, at: number): void {
    const sheet = this.sheetById(table.sheetId);
    const row = table.block.top + 1 + at;
    if (row > table.block.bottom) throw new OfficeError("InvalidArgument", `the table has no row ${at}`);
    if (table.block.bottom === table.block.top + 1) {
      for (let col = table.block.left; col <= table.block.right; col++) {
        const cell = sheet.cells.get(cellAddress({ row, col }));
        if (cell) {
          cell.value = "";
          delete cell.formula;
        }
      }
      return;
    }
    for (let col = table.block.left; col <= table.block.right; col++) sheet.cells.delete(cellAddress({ row, col }));
    this.shiftCells(sheet, { top: row + 1, bottom: MAX_ROW, left: table.block.left, right: table.block.right }, -1, 0);
    table.block = { ...table.block, bottom: table.block.bottom - 1 };
  }

  /** Waits until every change handler fired so far has finished. */
  async settle(): Promise<void> {
    while (this.pending.length) {
      const pending = this.pending;
      this.pending = [];
      await Promise.all(pending);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  fire(sheet: FakeSheet, block: Block, source: string): void {
    // While an add-in has its events off (during its build), Excel raises none for it: not even the user's.
    if (!this.eventsEnabled) return;
    const event: ChangeEvent = {
      address: blockAddress(block),
      worksheetId: String(sheet.id),
      changeType: "RangeEdited",
      source,
      type: "WorksheetChanged",
    };
    for (const handler of [...sheet.handlers]) {
      this.pending.push(new Promise((resolve) => setTimeout(resolve, 0)).then(() => handler(event)));
    }
  }

  // ---- the object model ----

  private lookupSheet(name: string): FakeSheet {
    const sheet = this.findSheet(name);
    if (!sheet) throw new OfficeError("ItemNotFound", `The requested resource doesn't exist: worksheet ${name}.`);
    return sheet;
  }

  private sheetById(id: number): FakeSheet {
    const sheet = this.sheets.find((s) => s.id === id);
    if (!sheet) throw new OfficeError("ItemNotFound", `worksheet #${id} does not exist.`);
    return sheet;
  }

  workbookProxy(ctx: FakeContext): any {
    return ctx.proxy({
      loadable: { name: () => this.workbookName },
      children: {
        worksheets: ctx.proxy({
          items: () => this.sheets.map((s) => ({ name: s.name, id: String(s.id) })),
          children: {
            onAdded: this.eventProxy(ctx, this.workbookHandlers),
            onDeleted: this.eventProxy(ctx, this.workbookHandlers),
          },
          methods: {
            getItem: (name: string) => this.sheetProxy(ctx, () => this.lookupSheet(name)),
            getItemOrNullObject: (name: string) =>
              this.sheetProxy(
                ctx,
                () => this.lookupSheet(name),
                () => !this.findSheet(name),
              ),
            add: (name: string) => {
              const id = this.nextId++;
              ctx.ops.push(() => {
                if (this.findSheet(name)) throw new OfficeError("ItemAlreadyExists", `A sheet named ${name} exists.`);
                this.sheets.push(new FakeSheet(id, name));
              });
              return this.sheetProxy(ctx, () => this.sheetById(id));
            },
          },
        }),
        names: ctx.proxy({
          methods: {
            getItem: (name: string) => this.nameProxy(ctx, name, false),
            getItemOrNullObject: (name: string) => this.nameProxy(ctx, name, true),
            add: (name: string, reference: unknown, comment?: string) => {
              ctx.ops.push(() => {
                if (this.name(name)) throw new OfficeError("ItemAlreadyExists", `The name ${name} exists.`);
                const target = this.ranges.get(reference as object)?.();
                const formula = target ? `=${absoluteReference(target.sheet.name, blockAddress(target.block))}` : String(reference);
                this.names.push(comment ? { name, formula, comment } : { name, formula });
              });
              return this.nameProxy(ctx, name, false);
            },
          },
        }),
        tables: ctx.proxy({
          methods: {
            getItem: (name: string) => this.tableProxy(ctx, () => this.lookupTable(name)),
            getItemOrNullObject: (name: string) =>
              this.tableProxy(
                ctx,
                () => this.lookupTable(name),
                () => !this.table(name),
              ),
          },
        }),
      },
    });
  }

  /** An event source whose add() returns a subscription with remove(), as Office.js's do. */
  private eventProxy(ctx: FakeContext, handlers: Set<Handler>): any {
    return ctx.proxy({
      methods: {
        add: (handler: Handler) => {
          ctx.ops.push(() => handlers.add(handler));
          return ctx.proxy({ methods: { remove: ctx.queued(() => handlers.delete(handler)) }, children: { context: ctx } });
        },
      },
    });
  }

  /** Excel's structure changed (a sheet added or deleted by the user): the handlers hear it. */
  fireWorkbookChange(): void {
    for (const handler of [...this.workbookHandlers]) {
      this.pending.push(new Promise((resolve) => setTimeout(resolve, 0)).then(() => handler({} as ChangeEvent)));
    }
  }

  private lookupTable(name: string): FakeTable {
    const table = this.table(name);
    if (!table) throw new OfficeError("ItemNotFound", `no table ${name}`);
    return table;
  }

  private sheetProxy(ctx: FakeContext, resolve: () => FakeSheet, isNull?: () => boolean): any {
    const onSheet = (fn: (sheet: FakeSheet, ...args: any[]) => void) => ctx.queued((...args: any[]) => fn(resolve(), ...args));
    const rangeOn = (block: () => Block) => this.rangeProxy(ctx, () => ({ sheet: resolve(), block: block() }));
    return ctx.proxy({
      isNull,
      loadable: {
        name: () => resolve().name,
        id: () => String(resolve().id),
        visibility: () => resolve().visibility,
      },
      writable: {
        name: (name: string) => {
          const sheet = resolve();
          if (this.sheets.some((s) => s !== sheet && s.name.toLowerCase() === name.toLowerCase())) {
            throw new OfficeError("ItemAlreadyExists", `A sheet named ${name} exists.`);
          }
          sheet.name = name;
        },
        visibility: (v: string) => (resolve().visibility = v),
      },
      methods: {
        getRange: (address: string) => rangeOn(() => parseAddress(address)),
        getRangeByIndexes: (row: number, col: number, rows: number, cols: number) =>
          rangeOn(() => ({ top: row, left: col, bottom: row + rows - 1, right: col + cols - 1 })),
        getUsedRangeOrNullObject: (valuesOnly?: boolean) => this.usedRangeProxy(ctx, resolve, undefined, valuesOnly === true),
        delete: onSheet((sheet) => {
          this.sheets.splice(this.sheets.indexOf(sheet), 1);
        }),
        activate: onSheet((sheet) => (this.activeSheet = sheet.name)),
        copy: (_position?: string) => {
          const id = this.nextId++;
          ctx.ops.push(() => {
            const source = resolve();
            let name = `${source.name} (2)`;
            for (let n = 3; this.findSheet(name); n++) name = `${source.name} (${n})`;
            const copy = new FakeSheet(id, name);
            for (const [a, cell] of source.cells) copy.cells.set(a, { ...cell, style: { ...cell.style } });
            for (const chart of source.charts) copy.charts.push({ ...chart, series: chart.series.map((s) => ({ ...s })) });
            for (const [c, w] of source.columnWidths) copy.columnWidths.set(c, w);
            this.sheets.push(copy);
          });
          return this.sheetProxy(ctx, () => this.sheetById(id));
        },
      },
      children: {
        charts: this.chartsProxy(ctx, resolve),
        tables: ctx.proxy({
          methods: {
            add: (address: unknown, hasHeaders: boolean) => {
              const holder: { table?: FakeTable } = {};
              ctx.ops.push(() => {
                const target = this.ranges.get(address as object)?.() ?? { sheet: resolve(), block: parseAddress(String(address)) };
                if (!hasHeaders) throw new Error("the fake only models tables with headers");
                const overlaps = this.tables.find(
                  (t) =>
                    t.sheetId === target.sheet.id &&
                    t.block.top <= target.block.bottom &&
                    target.block.top <= t.block.bottom &&
                    t.block.left <= target.block.right &&
                    target.block.left <= t.block.right,
                );
                if (overlaps) throw new OfficeError("InvalidOperation", "A table can't overlap another table.");
                const table = { name: `Table${this.tables.length + 1}`, sheetId: target.sheet.id, block: target.block };
                this.tables.push(table);
                holder.table = table;
              });
              return this.tableProxy(ctx, () => {
                if (!holder.table) throw new OfficeError("ItemNotFound", "table not created yet");
                return holder.table;
              });
            },
          },
        }),
        onChanged: ctx.proxy({
          methods: {
            add: (handler: Handler) => {
              ctx.ops.push(() => resolve().handlers.add(handler));
              return ctx.proxy({
                methods: { remove: ctx.queued(() => resolve().handlers.delete(handler)) },
                children: { context: ctx },
              });
            },
          },
        }),
      },
    });
  }

  private rangeProxy(ctx: FakeContext, resolve: () => RangeTarget, isNull?: () => boolean): any {
    const eachCell = (fn: (sheet: FakeSheet, address: string, r: number, c: number) => void) => {
      const { sheet, block } = resolve();
      if (block.bottom - block.top > 100000) throw new Error("the fake does not write whole columns");
      for (let r = block.top; r <= block.bottom; r++) {
        for (let c = block.left; c <= block.right; c++) fn(sheet, cellAddress({ row: r, col: c }), r - block.top, c - block.left);
      }
    };
    const grid = (value: unknown, what: string): unknown[][] => {
      const { block } = resolve();
      const rows = block.bottom - block.top + 1;
      const cols = block.right - block.left + 1;
      if (!Array.isArray(value)) return Array.from({ length: rows }, () => Array(cols).fill(value));
      if (value.length !== rows || value.some((row) => !Array.isArray(row) || row.length !== cols)) {
        throw new OfficeError("InvalidArgument", `${what}: ${rows}x${cols} expected for ${blockAddress(block)}`);
      }
      return value as unknown[][];
    };
    const cellAt = (sheet: FakeSheet, address: string): FakeCell => {
      let cell = sheet.cells.get(address);
      if (!cell) {
        cell = { value: "", numberFormat: "General", style: {} };
        sheet.cells.set(address, cell);
      }
      return cell;
    };
    const changed = () => {
      if (this.eventsEnabled) ctx.changed.push(resolve());
    };
    const styleWriter = (key: string) => (value: unknown) => eachCell((sheet, address) => (cellAt(sheet, address).style[key] = value));
    const range: any = ctx.proxy({
      isNull,
      loadable: {
        address: () => {
          const { sheet, block } = resolve();
          return `${quoteSheet(sheet.name)}!${blockAddress(block)}`;
        },
        values: () => {
          const { sheet, block } = resolve();
          return this.blockValues(sheet, block);
        },
        formulas: () => {
          const rows: Stored[][] = [];
          eachCell((sheet, address, r) => {
            const cell = sheet.cells.get(address);
            (rows[r] ??= []).push(cell?.formula ?? cell?.value ?? "");
          });
          return rows;
        },
        valueTypes: () => {
          const { sheet, block } = resolve();
          return this.blockValues(sheet, block).map((row) => row.map(valueType));
        },
        numberFormat: () => {
          const rows: string[][] = [];
          eachCell((sheet, address, r) => (rows[r] ??= []).push(sheet.cells.get(address)?.numberFormat ?? "General"));
          return rows;
        },
        cellCount: () => {
          const { block } = resolve();
          return (block.bottom - block.top + 1) * (block.right - block.left + 1);
        },
      },
      writable: {
        values: (value: unknown) => {
          const rows = grid(value, "values");
          eachCell((sheet, address, r, c) => this.typeInto(sheet, address, rows[r][c] as Stored, false));
          changed();
        },
        formulas: (value: unknown) => {
          const rows = grid(value, "formulas");
          eachCell((sheet, address, r, c) => this.typeInto(sheet, address, rows[r][c] as Stored, true));
          changed();
        },
        numberFormat: (value: unknown) => {
          const rows = grid(value, "numberFormat");
          eachCell((sheet, address, r, c) => (cellAt(sheet, address).numberFormat = String(rows[r][c])));
        },
      },
      methods: {
        clear: ctx.queued((applyTo: string = "All") => {
          eachCell((sheet, address) => {
            const cell = sheet.cells.get(address);
            if (!cell) return;
            if (applyTo === "All") sheet.cells.delete(address);
            else if (applyTo === "Contents") {
              cell.value = "";
              delete cell.formula;
            } else if (applyTo === "Formats") {
              cell.numberFormat = "General";
              cell.style = {};
            } else throw new Error(`clear(${applyTo}) is not modelled`);
          });
          if (applyTo !== "Formats") changed();
        }),
        getUsedRangeOrNullObject: (valuesOnly?: boolean) =>
          this.usedRangeProxy(
            ctx,
            () => resolve().sheet,
            () => resolve().block,
            valuesOnly === true,
          ),
        getSpillingToRangeOrNullObject: () => {
          const spillOf = () => {
            const { sheet, block } = resolve();
            const spill = this.spills.get(`${sheet.name}!${cellAddress({ row: block.top, col: block.left })}`);
            return spill ? parseBlock(spill) : undefined;
          };
          return this.rangeProxy(
            ctx,
            () => ({ sheet: resolve().sheet, block: spillOf() ?? resolve().block }),
            () => spillOf() === undefined,
          );
        },
        getEntireColumn: () => {
          return this.rangeProxy(ctx, () => {
            const { sheet, block } = resolve();
            return { sheet, block: { top: 0, left: block.left, bottom: MAX_ROW, right: block.right } };
          });
        },
      },
      children: {
        format: ctx.proxy({
          // Excel's default column is 8.43 characters: 48 points.
          loadable: { columnWidth: () => resolve().sheet.columnWidths.get(resolve().block.left) ?? 48 },
          writable: {
            columnWidth: (width: number) => {
              const { sheet, block } = resolve();
              for (let c = block.left; c <= block.right; c++) sheet.columnWidths.set(c, width);
            },
          },
          children: {
            font: ctx.proxy({
              writable: {
                bold: styleWriter("bold"),
                italic: styleWriter("italic"),
                color: styleWriter("color"),
                size: styleWriter("size"),
              },
            }),
            fill: ctx.proxy({
              writable: { color: styleWriter("fill") },
              methods: { clear: ctx.queued(() => styleWriter("fill")(null)) },
            }),
          },
        }),
      },
    });
    this.ranges.set(range, resolve);
    return range;
  }

  /** The used part of a sheet (or of a block of it); a null object when nothing is there. */
  private usedRangeProxy(ctx: FakeContext, sheetOf: () => FakeSheet, within: (() => Block) | undefined, valuesOnly: boolean): any {
    const used = (): Block | undefined => {
      const sheet = sheetOf();
      const limit = within?.();
      let found: Block | undefined;
      for (const [address, cell] of sheet.cells) {
        if (valuesOnly && cell.value === "" && cell.formula === undefined) continue;
        const { top, left } = parseBlock(address);
        if (limit && (top < limit.top || top > limit.bottom || left < limit.left || left > limit.right)) continue;
        found = found
          ? {
              top: Math.min(found.top, top),
              left: Math.min(found.left, left),
              bottom: Math.max(found.bottom, top),
              right: Math.max(found.right, left),
            }
          : { top, left, bottom: top, right: left };
      }
      return found;
    };
    return this.rangeProxy(
      ctx,
      () => {
        const block = used();
        if (!block) throw new OfficeError("ItemNotFound", "the used range is empty");
        return { sheet: sheetOf(), block };
      },
      () => used() === undefined,
    );
  }

  /**
   * Writes a value as Excel reads it from range.values or range.formulas: a string is read as if typed
   * (src/workbook/typed.ts: "=", "+", "-" and "@" start formulas, "1,000" and "20%" are numbers,
   * "2025-10" a date, a leading apostrophe keeps text), except that a text-formatted cell keeps a value
   * as text.
   */
  typeInto(sheet: FakeSheet, address: string, raw: Stored, asFormula: boolean): void {
    let cell = sheet.cells.get(address);
    if (!cell) {
      cell = { value: "", numberFormat: "General", style: {} };
      sheet.cells.set(address, cell);
    }
    delete cell.formula;
    if (typeof raw !== "string") {
      cell.value = raw;
      return;
    }
    if (cell.numberFormat === "@" && !asFormula && !raw.startsWith("'")) {
      cell.value = raw;
      return;
    }
    const typed = readTyped(raw);
    switch (typed.kind) {
      case "empty":
        cell.value = "";
        return;
      case "formula":
        cell.formula = typed.formula;
        cell.value = "";
        return;
      case "text":
        cell.value = typed.value;
        return;
      default:
        cell.value = typed.value;
    }
  }

  private nameProxy(ctx: FakeContext, name: string, orNull: boolean): any {
    const found = () => {
      const item = this.name(name);
      if (!item) throw new OfficeError("ItemNotFound", `The name ${name} does not exist.`);
      return item;
    };
    const target = (): RangeTarget => {
      const ref = splitReference(found().formula);
      return { sheet: this.lookupSheet(ref.sheet!), block: parseBlock(ref.address) };
    };
    return ctx.proxy({
      isNull: orNull ? () => !this.name(name) : undefined,
      loadable: {
        name: () => found().name,
        formula: () => found().formula,
        type: () => "Range",
      },
      writable: {
        formula: (formula: string) => (found().formula = formula),
        comment: (comment: string) => (found().comment = comment),
      },
      methods: {
        getRange: () => this.rangeProxy(ctx, target),
        getRangeOrNullObject: () => this.rangeProxy(ctx, target, () => !this.name(name)),
        delete: ctx.queued(() => this.names.splice(this.names.indexOf(found()), 1)),
      },
    });
  }

  private chartsProxy(ctx: FakeContext, sheetOf: () => FakeSheet): any {
    const find = (name: string) => sheetOf().charts.find((c) => c.name.toLowerCase() === name.toLowerCase());
    return ctx.proxy({
      items: () => sheetOf().charts.map((c) => ({ name: c.name })),
      methods: {
        getItem: (name: string) =>
          this.chartProxy(ctx, sheetOf, () => {
            const chart = find(name);
            if (!chart) throw new OfficeError("ItemNotFound", `no chart ${name}`);
            return chart;
          }),
        getItemOrNullObject: (name: string) =>
          this.chartProxy(
            ctx,
            sheetOf,
            () => {
              const chart = find(name);
              if (!chart) throw new OfficeError("ItemNotFound", `no chart ${name}`);
              return chart;
            },
            () => !find(name),
          ),
        add: (type: string, source: unknown, seriesBy: string) => {
          const holder: { chart?: FakeChart } = {};
          ctx.ops.push(() => {
            const sheet = sheetOf();
            const data = this.rangeOnSheet(source, sheet);
            if (seriesBy !== "Columns") throw new Error("the fake only models series by columns");
            const series = [];
            for (let c = data.left; c <= data.right; c++) {
              series.push({ name: `Series${series.length + 1}`, values: blockAddress({ ...data, left: c, right: c }) });
            }
            holder.chart = { name: `Chart ${sheet.charts.length + 1}`, type, title: "", series };
            sheet.charts.push(holder.chart);
          });
          return this.chartProxy(ctx, sheetOf, () => {
            if (!holder.chart) throw new OfficeError("ItemNotFound", "chart not created yet");
            return holder.chart;
          });
        },
      },
    });
  }

  /** A range argument must be a range of the same sheet; its block. */
  private rangeOnSheet(range: unknown, sheet: FakeSheet): Block {
    const target = this.ranges.get(range as object)?.();
    if (!target) throw new OfficeError("InvalidArgument", "a Range was expected");
    if (target.sheet !== sheet) throw new OfficeError("InvalidArgument", "the range is on another sheet");
    return target.block;
  }

  private chartProxy(ctx: FakeContext, sheetOf: () => FakeSheet, resolve: () => FakeChart, isNull?: () => boolean): any {
    const seriesProxy = (series: () => FakeSeries) =>
      ctx.proxy({
        writable: { name: (name: string) => (series().name = name) },
        methods: {
          setValues: ctx.queued((range: unknown) => (series().values = blockAddress(this.rangeOnSheet(range, sheetOf())))),
          setXAxisValues: ctx.queued((range: unknown) => (series().xValues = blockAddress(this.rangeOnSheet(range, sheetOf())))),
          delete: ctx.queued(() => resolve().series.splice(resolve().series.indexOf(series()), 1)),
        },
      });
    return ctx.proxy({
      isNull,
      loadable: { name: () => resolve().name },
      writable: {
        name: (name: string) => (resolve().name = name),
        chartType: (type: string) => (resolve().type = type),
        width: (w: number) => (resolve().width = w),
        height: (h: number) => (resolve().height = h),
      },
      methods: {
        setData: ctx.queued((range: unknown, seriesBy: string) => {
          if (seriesBy !== "Columns") throw new Error("the fake only models series by columns");
          const data = this.rangeOnSheet(range, sheetOf());
          const chart = resolve();
          chart.series = [];
          for (let c = data.left; c <= data.right; c++) {
            chart.series.push({ name: `Series${chart.series.length + 1}`, values: blockAddress({ ...data, left: c, right: c }) });
          }
        }),
        setPosition: ctx.queued((start: string) => (resolve().position = start)),
        delete: ctx.queued(() => {
          const sheet = sheetOf();
          sheet.charts.splice(sheet.charts.indexOf(resolve()), 1);
        }),
      },
      children: {
        title: ctx.proxy({ writable: { text: (text: string) => (resolve().title = text) } }),
        series: ctx.proxy({
          methods: {
            getItemAt: (index: number) =>
              seriesProxy(() => {
                const series = resolve().series[index];
                if (!series) throw new OfficeError("ItemNotFound", `no series ${index}`);
                return series;
              }),
            add: (name?: string) => {
              const holder: { series?: FakeSeries } = {};
              ctx.ops.push(() => {
                holder.series = { name: name ?? `Series${resolve().series.length + 1}` };
                resolve().series.push(holder.series);
              });
              return seriesProxy(() => holder.series!);
            },
          },
        }),
      },
    });
  }

  private tableProxy(ctx: FakeContext, resolve: () => FakeTable, isNull?: () => boolean): any {
    const sheetOf = () => this.sheetById(resolve().sheetId);
    return ctx.proxy({
      isNull,
      loadable: { name: () => resolve().name },
      writable: {
        name: (name: string) => {
          if (this.tables.some((t) => t !== resolve() && t.name.toLowerCase() === name.toLowerCase())) {
            throw new OfficeError("ItemAlreadyExists", `A table named ${name} exists.`);
          }
          resolve().name = name;
        },
      },
      methods: {
        getHeaderRowRange: () =>
          this.rangeProxy(ctx, () => ({ sheet: sheetOf(), block: { ...resolve().block, bottom: resolve().block.top } })),
        getDataBodyRange: () =>
          this.rangeProxy(ctx, () => ({ sheet: sheetOf(), block: { ...resolve().block, top: resolve().block.top + 1 } })),
        getRange: () => this.rangeProxy(ctx, () => ({ sheet: sheetOf(), block: resolve().block })),
        resize: ctx.queued((range: unknown) => {
          const table = resolve();
          const block = this.rangeOnSheet(range, sheetOf());
          if (block.top !== table.block.top || block.left !== table.block.left) {
            throw new OfficeError("InvalidArgument", "a table keeps its header row where it is");
          }
          if (block.bottom <= block.top) throw new OfficeError("InvalidArgument", "a table needs a row under its header");
          table.block = block;
        }),
        delete: ctx.queued(() => this.tables.splice(this.tables.indexOf(resolve()), 1)),
      },
      children: {
        rows: ctx.proxy({
          loadable: { count: () => resolve().block.bottom - resolve().block.top },
          methods: {
            // Excel inserts the row (cells below the table, in its columns, move down) and reads the values as typed.
            add: (index?: number | null, values?: unknown[][]) => {
              const holder: { block?: Block } = {};
              ctx.ops.push(() => {
                const table = resolve();
                const count = table.block.bottom - table.block.top;
                const at = index === null || index === undefined ? count : index;
                if (at < 0 || at > count) throw new OfficeError("InvalidArgument", `row index ${at} is outside the table`);
                if (values && (values.length !== 1 || values[0].length !== table.block.right - table.block.left + 1)) {
                  throw new OfficeError("InvalidArgument", "rows.add: one row of the table's width expected");
                }
                holder.block = this.insertTableRow(table, at);
                const sheet = sheetOf();
                values?.[0].forEach((v, c) =>
                  this.typeInto(sheet, cellAddress({ row: holder.block!.top, col: holder.block!.left + c }), v as Stored, false),
                );
                if (this.eventsEnabled) ctx.changed.push({ sheet, block: holder.block });
              });
              return this.tableRowProxy(ctx, resolve, () => {
                if (!holder.block) throw new OfficeError("ItemNotFound", "row not added yet");
                return holder.block.top - resolve().block.top - 1;
              });
            },
            getItemAt: (index: number) => this.tableRowProxy(ctx, resolve, () => index),
          },
        }),
      },
    });
  }

  /** A TableRow: like Excel's, it stands for a place in the table (its index), not for the data there. */
  private tableRowProxy(ctx: FakeContext, tableOf: () => FakeTable, indexOf: () => number): any {
    const block = (): Block => {
      const table = tableOf();
      const row = table.block.top + 1 + indexOf();
      if (row > table.block.bottom) throw new OfficeError("ItemNotFound", `the table has no row ${indexOf()}`);
      return { top: row, bottom: row, left: table.block.left, right: table.block.right };
    };
    return ctx.proxy({
      loadable: {
        index: () => indexOf(),
        values: () => this.blockValues(this.sheetById(tableOf().sheetId), block()),
      },
      methods: {
        getRange: () => this.rangeProxy(ctx, () => ({ sheet: this.sheetById(tableOf().sheetId), block: block() })),
        delete: ctx.queued(() => {
          const table = tableOf();
          const changed = block();
          this.removeTableRow(table, indexOf());
          if (this.eventsEnabled) ctx.changed.push({ sheet: this.sheetById(table.sheetId), block: changed });
        }),
      },
    });
  }
}

const ERROR_VALUES = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#SPILL!",
  "#CALC!",
  "#BUSY!",
  "#GETTING_DATA",
]);

/** Range.valueTypes of a value as range.values gives it. */
function valueType(value: Stored): string {
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return ERROR_VALUES.has(value) ? "Error" : "String";
}

/** "C4", "C4:D9" or whole columns "G:J". */
function parseAddress(address: string): Block {
  const columns = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(address);
  if (columns) return { top: 0, left: columnIndex(columns[1]), bottom: MAX_ROW, right: columnIndex(columns[2]) };
  return parseBlock(address);
}
