import { BuildRequest } from "../../src/workbook/buildPlan";
import { ModelBounds } from "../../src/workbook/buildRecord";
import { SheetSpec } from "../../src/workbook/types";

/** A sheet spec of a test, whose key is its name unless it says otherwise. */
export type TestSheet = Omit<SheetSpec, "key"> & { key?: string };

export function keyed(specs: TestSheet[]): SheetSpec[] {
  return specs.map((s) => ({ ...s, key: s.key ?? s.name }));
}

/** Bounds that admit the test's own sheets, names and charts, within a generous area. */
export function testBounds(specs: TestSheet[], extra: Partial<ModelBounds> = {}): ModelBounds {
  const sheets = keyed(specs);
  return {
    sheets: sheets.map((s) => ({ key: s.key, name: s.name })),
    names: [...new Set(sheets.flatMap((s) => s.names.map((n) => n.name)))],
    charts: [...new Set(sheets.flatMap((s) => s.charts.map((c) => c.id)))],
    rows: 2000,
    columns: 30,
    cells: 200000,
    ...extra,
  };
}

/** Every sheet a test file has built: a record written by one build is read back by the next under these bounds. */
const seen = new Map<string, TestSheet>();

/** A build of these sheets; the bounds admit every sheet, name and chart the test file has built. */
export function buildRequest(specs: TestSheet[], options: Partial<Omit<BuildRequest, "sheets">> = {}): BuildRequest {
  for (const spec of specs)
    seen.set(`${spec.key ?? spec.name}\u0000${JSON.stringify(spec.names)}\u0000${JSON.stringify(spec.charts.map((c) => c.id))}`, spec);
  return { sheets: keyed(specs), bounds: testBounds([...seen.values()]), ...options };
}
