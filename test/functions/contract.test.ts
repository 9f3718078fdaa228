import { loadFunctionsBundle } from "../support/bundle";
import { builtMetadata } from "../support/formulaHost";
import * as sources from "../../src/functions";

/** The built bundle against the built metadata: what Excel loads must agree with what it reads. */
describe("functions.js and functions.json", () => {
  const metadata = builtMetadata();
  const ids = metadata.functions.map((f) => f.id);
  const { associations, CustomFunctionsError } = loadFunctionsBundle();

  it("has functions", () => {
    expect(ids.length).toBeGreaterThanOrEqual(2);
  });

  it("associates every metadata id exactly once, and nothing else", () => {
    const associated = associations.map((a) => a.id).sort();
    expect(associated).toEqual([...ids].sort());
    expect(new Set(associated).size).toBe(associated.length);
  });

  it("uses upper-case ids and names, never dotted", () => {
    for (const f of metadata.functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(f.name).toBe(f.id);
    }
  });

  it("describes every function and every parameter", () => {
    for (const f of metadata.functions) {
      expect(f.description?.trim().length).toBeGreaterThan(20);
      for (const p of f.parameters)
        expect(`${f.id}.${p.name}: ${p.description ?? ""}`.length).toBeGreaterThan(`${f.id}.${p.name}: `.length + 10);
    }
  });

  it("matches every id to an exported source function of the same name", () => {
    const exported = Object.keys(sources).map((n) => n.toUpperCase());
    for (const id of ids) expect(exported).toContain(id);
  });

  it("runs the bundled functions and throws the runtime's error type", () => {
    const call = (id: string, ...args: unknown[]) => associations.find((a) => a.id === id)!.fn(...args);
    expect(call("VALUATION", 135000000000, 0.27)).toBe(500000000000);
    expect(call("STAKEVALUE", 500000000000, 0.27)).toBe(135000000000);
    let thrown: unknown;
    try {
      call("VALUATION", 1, 2);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(CustomFunctionsError);
    expect((thrown as { code: string }).code).toBe("#NUM!");
    expect((thrown as { argument?: string }).argument).toBe("stake");
  });
});
