import { CellType, ConfigParams, DetailedCellError, HyperFormula, RawCellContent } from "hyperformula";
import {
  CustomFunctionImplementation,
  FunctionsMetadata,
  NAMESPACE,
  RESPILL_MARKER,
  registerDealFunctions,
  takeResizedSpills,
} from "./dealFunctionsPlugin";

/** HyperFormula set up to behave as Excel does where the model depends on it. */
export const ENGINE_CONFIG: Partial<ConfigParams> = {
  licenseKey: "gpl-v3",
  useArrayArithmetic: true,
  evaluateNullToZero: true,
  language: "enGB",
  // HyperFormula rounds the values it hands out (10 by default, which turns $1,733,333,333.33 into
  // $1,733,333,333.30); 14 keeps cents on hundreds of billions and shows 1/3 with Excel's 15 digits.
  precisionRounding: 14,
};

export interface DealEngineSource {
  metadata: FunctionsMetadata;
  implementations: Map<string, CustomFunctionImplementation>;
}

export function createDealEngine(
  source: DealEngineSource,
  sheets: Record<string, RawCellContent[][]> = {},
  config: Partial<ConfigParams> = {},
): HyperFormula {
  registerDealFunctions(source.metadata, source.implementations);
  const hf = HyperFormula.buildFromSheets(sheets, { ...ENGINE_CONFIG, ...config });
  // Excel reads TRUE and FALSE as literals; HyperFormula only knows TRUE() and FALSE().
  for (const word of ["TRUE", "FALSE"]) {
    if (!hf.isItPossibleToAddNamedExpression(word, `=${word}()`)) continue;
    hf.addNamedExpression(word, `=${word}()`);
  }
  respill(hf);
  return hf;
}

const dealCall = new RegExp(`\\b${NAMESPACE}\\.[A-Z]+\\s*\\(`, "i");

/**
 * HyperFormula reserves a spill's size when a formula is entered, from its inputs' values then. A
 * DEAL.* schedule whose inputs were not computed yet, or grew since, reports that it needs to be
 * re-entered, and one that shrank is noted too (the plugin notes both as it evaluates them); this
 * re-enters such formulas until every schedule occupies exactly its result's block (a few rounds for
 * chains), as a spill in Excel does.
 */
export function respill(hf: HyperFormula, maxRounds = 5): number {
  let reentered = 0;
  const graph = (hf as unknown as { dependencyGraph?: object }).dependencyGraph;
  if (!graph) return 0;
  for (let round = 0; round < maxRounds; round++) {
    const stale: { sheet: number; col: number; row: number; formula: string }[] = [];
    for (const address of takeResizedSpills(graph)) {
      if (hf.getSheetName(address.sheet) === undefined) continue;
      const formula = hf.getCellFormula(address);
      if (!formula || !dealCall.test(formula)) continue;
      const value = hf.getCellValue(address);
      const outgrown = value instanceof DetailedCellError && !!value.message?.includes(RESPILL_MARKER);
      if (outgrown || hf.getCellType(address) === CellType.ARRAYFORMULA) stale.push({ ...address, formula });
    }
    if (stale.length === 0) break;
    for (const cell of stale) {
      hf.setCellContents({ sheet: cell.sheet, col: cell.col, row: cell.row }, [[cell.formula]]);
      reentered++;
    }
  }
  return reentered;
}
