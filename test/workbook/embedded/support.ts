import * as dealFunctions from "../../../src/functions";
import { CustomFunctionMetadata, FunctionsMetadata, implementationsById } from "../../../src/workbook/embedded/dealFunctionsPlugin";
import { DealEngineSource } from "../../../src/workbook/embedded/formulaEngine";
import { SheetSpec } from "../../../src/workbook/types";
import { builtMetadata } from "../../support/formulaHost";

/**
 * The built DEAL.* functions plus one test schedule, DEAL.TESTSCHEDULE(n, amount): a header row and n
 * rows of period, amount and running total, so the workbook's spill handling is tested whatever
 * schedules the product has.
 */
const testSchedule: CustomFunctionMetadata = {
  id: "TESTSCHEDULE",
  name: "TESTSCHEDULE",
  description: "n periods of a constant amount with a running total.",
  parameters: [
    { name: "n", type: "any" },
    { name: "amount", type: "any" },
  ],
  result: { dimensionality: "matrix" },
};

export function scheduleRows(n: number, amount: number): (string | number)[][] {
  return [["Period", "Amount", "Total"], ...Array.from({ length: n }, (_, i) => [i + 1, amount, amount * (i + 1)])];
}

export function testSource(): DealEngineSource {
  const metadata: FunctionsMetadata = { functions: [...builtMetadata().functions, testSchedule] };
  const implementations = implementationsById(dealFunctions);
  implementations.set("TESTSCHEDULE", (n: unknown, amount: unknown) => {
    if (typeof n !== "number" || typeof amount !== "number" || n < 1) throw Object.assign(new Error("bad input"), { code: "#NUM!" });
    return scheduleRows(n, amount);
  });
  return { metadata, implementations };
}

/** A small model sheet shaped like the pane's: named inputs, formulas on them, a spilled schedule, a chart. */
export function modelSheet(name = "Deal Model", periods = 3): SheetSpec {
  return {
    key: name,
    name,
    cells: [
      { address: "A1", value: "Deal model", role: "title" },
      { address: "A3", value: "Stake value", role: "label" },
      { address: "C3", value: 135e9, format: "currency", role: "input" },
      { address: "A4", value: "Stake", role: "label" },
      { address: "C4", value: 0.27, format: "percent", role: "input" },
      { address: "A5", value: "Periods", role: "label" },
      { address: "C5", value: periods, format: "integer", role: "input" },
      { address: "A6", value: "Implied valuation", role: "label" },
      { address: "C6", formula: "=DEAL.VALUATION(Deal_StakeValue,Deal_Stake)", format: "currency", role: "output" },
      {
        address: "A8",
        formula: "=DEAL.TESTSCHEDULE(Deal_Periods,C6/1000)",
        role: "output",
        spill: { rows: periods + 1, columns: 3, columnFormats: ["integer", "currency", "currency"] },
      },
    ],
    names: [
      { name: "Deal_StakeValue", address: "C3", comment: "Value of the stake" },
      { name: "Deal_Stake", address: "C4" },
      { name: "Deal_Periods", address: "C5" },
    ],
    charts: [
      { id: "Deal_ScheduleChart", title: "Schedule", type: "column", dataRange: `A8:C${8 + periods}`, seriesColumns: [1], anchor: "F3" },
    ],
  };
}
