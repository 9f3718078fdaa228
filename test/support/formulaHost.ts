import { DetailedCellError, HyperFormula, RawCellContent, SimpleCellAddress } from "hyperformula";
import * as dealFunctions from "../../src/functions";
import { FunctionsMetadata, implementationsById } from "../../src/workbook/embedded/dealFunctionsPlugin";
import { createDealEngine, respill } from "../../src/workbook/embedded/formulaEngine";
import { readDist } from "./build";

/**
 * The formula-engine test host: HyperFormula with the DEAL.* plugin generated from the built
 * functions.json and the exported functions, so tests evaluate real formulas.
 */
export function builtMetadata(): FunctionsMetadata {
  return JSON.parse(readDist("functions.json")) as FunctionsMetadata;
}

export const dealSource = () => ({ metadata: builtMetadata(), implementations: implementationsById(dealFunctions) });

export class FormulaHost {
  readonly hf: HyperFormula;

  constructor(sheets: Record<string, RawCellContent[][]> = { Sheet1: [] }, source = dealSource()) {
    this.hf = createDealEngine(source, sheets);
  }

  address(ref: string): SimpleCellAddress {
    const [sheetName, cell] = ref.includes("!") ? ref.split("!") : [this.hf.getSheetNames()[0], ref];
    const sheet = this.hf.getSheetId(sheetName);
    if (sheet === undefined) throw new Error(`no sheet ${sheetName}`);
    const address = this.hf.simpleCellAddressFromString(cell, sheet);
    if (!address) throw new Error(`bad address ${ref}`);
    return address;
  }

  /** Writes values or formulas starting at a cell, then re-spills what changed size. */
  set(ref: string, rows: RawCellContent[][]): void {
    this.hf.setCellContents(this.address(ref), rows);
    respill(this.hf);
  }

  value(ref: string): unknown {
    return this.hf.getCellValue(this.address(ref));
  }

  /** The error value (`#VALUE!`) and its message, or throws when the cell holds no error. */
  error(ref: string): { value: string; message: string } {
    const v = this.value(ref);
    if (!(v instanceof DetailedCellError)) throw new Error(`${ref} holds ${JSON.stringify(v)}, not an error`);
    return { value: v.value, message: v.message ?? "" };
  }

  /** The values of a block of cells. */
  block(ref: string, height: number, width: number): unknown[][] {
    const start = this.address(ref);
    const rows: unknown[][] = [];
    for (let r = 0; r < height; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < width; c++) row.push(this.hf.getCellValue({ sheet: start.sheet, row: start.row + r, col: start.col + c }));
      rows.push(row);
    }
    return rows;
  }

  /** Evaluates one formula in a scratch cell and returns its value. */
  evaluate(formula: string): unknown {
    const sheet = this.hf.getSheetNames()[0];
    const scratch = `${sheet}!Z1000`;
    this.set(scratch, [[formula]]);
    return this.value(scratch);
  }
}
