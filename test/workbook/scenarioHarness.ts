import { blockAddress, cellAddress, parseBlock, parseCell } from "../../src/workbook/a1";
import { RECORD_NAME } from "../../src/workbook/buildRecord";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { CellValue, SCENARIO_TABLE, WorkbookGateway } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";
import { FakeExcel } from "./office/fakeExcel";

/**
 * The scenario table of either workbook as a user sees it in the grid, for tests that run on both:
 * what its cells hold (value and type, and the cell's format or entry), and the edits a user makes to
 * it (moving, inserting and deleting columns, typing), plus any cell of the add-in's sheet.
 */
export interface TableHarness {
  label: string;
  /** A gateway on the workbook (a new one each call for Office.js: another pane, or a co-author's). */
  gateway(): WorkbookGateway;
  exists(): boolean;
  /** The header and body as the workbook holds them (values with their types; empty is null). */
  header(): CellValue[];
  body(): CellValue[][];
  /** Everything a cell of the table holds (row 0 is the header): value and type, and its format or entry. */
  cellState(row: number, col: number): unknown;
  /** A user's edits of the table in the grid (0-based columns of the table). */
  moveColumn(from: number, to: number): void;
  insertColumn(at: number, title: string): void;
  deleteColumn(at: number): void;
  /** Widens the table by `columns` over the cells right of it (Resize Table; or typing a title beside it). */
  growTable(columns: number): void;
  /** Types into the table: row 0 is the header, 1 the first body row. */
  type(row: number, col: number, text: string): Promise<void>;
  /** Formats a cell of the table as text, then types into it (Excel keeps "1" as text there). */
  typeAsText(row: number, col: number, text: string): Promise<void>;
  /** Types into any cell of a sheet. */
  typeAt(sheet: string, address: string, text: string): Promise<void>;
  /** What a cell of a sheet shows (null when empty). */
  valueAt(sheet: string, address: string): CellValue;
  /** Where the table is: "A1:G3". */
  tableRange(): string;
  /** Where the build record's name points. */
  record(): { sheet: string; address: string } | undefined;
}

export function embeddedHarness(wb = new EmbeddedWorkbook(dealSource())): TableHarness & { wb: EmbeddedWorkbook } {
  const table = () => wb.tableRecords().find((t) => t.name === SCENARIO_TABLE);
  const block = () => parseBlock(table()!.range);
  const value = (sheet: string, row: number, col: number): CellValue => {
    const v = wb.cell(sheet, { row, col }).value;
    return v !== null && typeof v === "object" ? v.error : v;
  };
  const rows = (from: number) => {
    const b = block();
    const out: CellValue[][] = [];
    for (let r = b.top + from; r <= b.bottom; r++)
      out.push(Array.from({ length: b.right - b.left + 1 }, (_, c) => value(table()!.sheet, r, b.left + c)));
    return out;
  };
  return {
    label: "the embedded workbook",
    wb,
    gateway: () => wb,
    exists: () => table() !== undefined,
    header: () => rows(0)[0],
    body: () => rows(1),
    cellState: (row, col) => {
      const at = { row: block().top + row, col: block().left + col };
      const { value: v, format, role } = wb.cell(table()!.sheet, at);
      return { value: v, format, role, input: wb.cellInput(table()!.sheet, at) };
    },
    moveColumn: (from, to) => wb.moveTableColumn(SCENARIO_TABLE, from, to),
    insertColumn: (at, title) => {
      wb.insertColumns(table()!.sheet, block().left + at);
      wb.setCellInput(table()!.sheet, { row: block().top, col: block().left + at }, title);
    },
    deleteColumn: (at) => wb.deleteColumns(table()!.sheet, block().left + at),
    growTable: (columns) => wb.resizeTable(SCENARIO_TABLE, blockAddress({ ...block(), right: block().right + columns })),
    type: async (row, col, text) => wb.setCellInput(table()!.sheet, { row: block().top + row, col: block().left + col }, text),
    typeAsText: async (row, col, text) => wb.setCellInput(table()!.sheet, { row: block().top + row, col: block().left + col }, `'${text}`),
    typeAt: async (sheet, address, text) => wb.setCellInput(sheet, address, text),
    valueAt: (sheet, address) => {
      const { row, col } = parseCell(address);
      return value(sheet, row, col);
    },
    tableRange: () => table()!.range,
    record: () => {
      const named = wb.namedRanges().find((n) => n.name === RECORD_NAME);
      return named && { sheet: named.sheet, address: named.address };
    },
  };
}

export function officeHarness(fake = new FakeExcel(["Sheet1"])): TableHarness & { fake: FakeExcel } {
  fake.install();
  const cellAt = (row: number, col: number) => {
    const block = fake.table(SCENARIO_TABLE)!.block;
    return cellAddress({ row: block.top + row, col: block.left + col });
  };
  const values = () => fake.tableValues(SCENARIO_TABLE).map((row) => row.map((v) => (v === "" ? null : v)));
  const sheetOfTable = () => fake.sheets.find((s) => s.id === fake.table(SCENARIO_TABLE)!.sheetId)!;
  return {
    label: "the Office.js workbook",
    fake,
    gateway: () => new OfficeWorkbook(),
    exists: () => fake.table(SCENARIO_TABLE) !== undefined,
    header: () => values()[0],
    body: () => values().slice(1),
    cellState: (row, col) => ({ ...sheetOfTable().cells.get(cellAt(row, col)) }),
    moveColumn: (from, to) => fake.moveTableColumn(SCENARIO_TABLE, from, to),
    insertColumn: (at, title) => fake.insertTableColumn(SCENARIO_TABLE, at, title),
    deleteColumn: (at) => fake.deleteTableColumn(SCENARIO_TABLE, at),
    growTable: (columns) => {
      const block = fake.table(SCENARIO_TABLE)!.block;
      fake.resizeTable(SCENARIO_TABLE, blockAddress({ ...block, right: block.right + columns }));
    },
    type: async (row, col, text) => {
      fake.typeInTable(SCENARIO_TABLE, row, col, text);
      await fake.settle();
    },
    typeAsText: async (row, col, text) => {
      const sheet = sheetOfTable();
      const at = cellAt(row, col);
      sheet.cells.set(at, { ...(sheet.cells.get(at) ?? { value: "", style: {} }), numberFormat: "@" });
      fake.typeInTable(SCENARIO_TABLE, row, col, text);
      await fake.settle();
    },
    typeAt: async (sheet, address, text) => {
      fake.userEdit(sheet, address, text);
      await fake.settle();
    },
    valueAt: (sheet, address) => {
      const v = fake.sheet(sheet).valueAt(address, fake.computed);
      return v === "" ? null : v;
    },
    tableRange: () => blockAddress(fake.table(SCENARIO_TABLE)!.block),
    record: () => {
      const target = fake.nameTarget(RECORD_NAME);
      return target && { sheet: target.sheet, address: target.address };
    },
  };
}

/** The add-in's cells of a test scenario row, by column title. */
export function scenarioCells(name: string, extra: Record<string, CellValue> = {}): Record<string, CellValue> {
  return {
    Name: name,
    Schema: 1,
    Saved: "2026-05-01T10:00:00.000Z",
    Inputs: `{"name":"${name}"}`,
    Id: `id-${name}`,
    Revision: 1,
    "Saved by": "Alice",
    ...extra,
  };
}
