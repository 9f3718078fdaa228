import { serialFromIso } from "../../src/engine/dates";
import { Cell, cellAddress, parseCell } from "../../src/workbook/a1";
import { defaultInputs, DealInputs } from "../../src/model/fields";
import { computeDrawdown, computeRevshare, evaluation } from "../../src/model/results";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { isErrorValue } from "../../src/workbook/embedded/formats";
import { exportXlsx, importXlsx } from "../../src/preview/xlsx";
import { MODEL_BOUNDS, modelSheets, sectionSheetName } from "../../src/model/sheets";
import { SheetSpec } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";

/** The pane's real model sheets, built in the embedded workbook with the real DEAL.* functions. */
const source = dealSource();
const TODAY = serialFromIso("2026-05-01");
const ALL = ["stake", "valuation", "revshare", "drawdown", "rights"] as const;

function block(wb: EmbeddedWorkbook, sheet: string, anchor: string, rows: number, columns: number): unknown[][] {
  const start = parseCell(anchor);
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => wb.cell(sheet, { row: start.row + r, col: start.col + c } as Cell).value),
  );
}

/** Numbers as the engine computed them, to the 14 significant digits the workbook keeps (Excel shows 15). */
function expectSameBlock(actual: unknown[][], expected: unknown[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) =>
    row.forEach((value, c) => {
      const want = expected[r][c];
      if (typeof want === "number" && typeof value === "number") expect(Math.abs(value - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-13);
      else expect([r, c, value]).toEqual([r, c, want]);
    }),
  );
}

function schedule(specs: SheetSpec[], section: "revshare" | "drawdown", fn: string) {
  const sheet = specs.find((s) => s.name === sectionSheetName(section))!;
  const cell = sheet.cells.find((c) => c.spill && c.formula?.startsWith(`=DEAL.${fn}(`))!;
  return { sheet: sheet.name, anchor: cell.address };
}

async function built(inputs: DealInputs): Promise<{ wb: EmbeddedWorkbook; specs: SheetSpec[] }> {
  const wb = new EmbeddedWorkbook(source);
  const specs = modelSheets(inputs, ALL);
  await wb.buildModel({ sheets: specs, bounds: MODEL_BOUNDS });
  return { wb, specs };
}

describe("the default deal's model in the embedded workbook", () => {
  const inputs = defaultInputs(TODAY);

  it("computes every cell of every model sheet without an error value", async () => {
    const { wb, specs } = await built(inputs);
    for (const spec of specs) {
      const { rows, columns } = wb.dimensions(spec.name);
      const errors: string[] = [];
      for (let row = 0; row < rows; row++) {
        for (let col = 0; col < columns; col++) {
          const value = wb.cell(spec.name, { row, col }).value;
          if (isErrorValue(value)) errors.push(`${spec.name}!${cellAddress({ row, col })} ${value.error} ${value.message ?? ""}`);
        }
      }
      expect(errors).toEqual([]);
    }
  });

  it("spills the schedules the engine computes for the same inputs", async () => {
    const { wb, specs } = await built(inputs);
    const revshare = computeRevshare(evaluation(inputs));
    const drawdown = computeDrawdown(evaluation(inputs));
    if (!revshare.ok || !drawdown.ok) throw new Error("the default deal must compute");
    const rs = schedule(specs, "revshare", "REVSHARE");
    const dd = schedule(specs, "drawdown", "DRAWDOWN");
    expectSameBlock(
      block(wb, rs.sheet, rs.anchor, revshare.value.schedule.length, revshare.value.schedule[0].length),
      revshare.value.schedule,
    );
    expectSameBlock(
      block(wb, dd.sheet, dd.anchor, drawdown.value.schedule.length, drawdown.value.schedule[0].length),
      drawdown.value.schedule,
    );
    expect(wb.spillRange(dd.sheet, dd.anchor)).toBe(
      `${dd.anchor}:${cellAddress({ row: parseCell(dd.anchor).row + drawdown.value.schedule.length - 1, col: parseCell(dd.anchor).col + drawdown.value.schedule[0].length - 1 })}`,
    );
  });

  it("follows an input typed into its named cell", async () => {
    const { wb, specs } = await built(inputs);
    wb.setCellInput("Deal RevShare", "B4", "25%");
    const changed = computeRevshare(evaluation({ ...inputs, revshareRate: 0.25 }));
    if (!changed.ok) throw new Error(changed.issue.message);
    const rs = schedule(specs, "revshare", "REVSHARE");
    expectSameBlock(
      block(wb, rs.sheet, rs.anchor, changed.value.schedule.length, changed.value.schedule[0].length),
      changed.value.schedule,
    );
  });

  it("rebuilds in place, and survives storage and an .xlsx round trip unchanged", async () => {
    const { wb, specs } = await built(inputs);
    const once = wb.toJSON();
    await wb.buildModel({ sheets: specs, bounds: MODEL_BOUNDS });
    expect(wb.toJSON()).toEqual(once);
    expect(new EmbeddedWorkbook(source, JSON.parse(JSON.stringify(once))).toJSON()).toEqual(once);
    const reopened = new EmbeddedWorkbook(source);
    reopened.load(await importXlsx(await exportXlsx(wb), source.metadata));
    expect(reopened.toJSON()).toEqual(once);
  });
});
