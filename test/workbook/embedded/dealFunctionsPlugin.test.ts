import { FunctionsMetadata } from "../../../src/workbook/embedded/dealFunctionsPlugin";
import { makeFormulaError } from "../../../src/functions/support/errors";
import { FormulaHost, dealSource } from "../../support/formulaHost";

describe("the formula-engine host with the built DEAL.* functions", () => {
  it("evaluates =DEAL.VALUATION(A1,B1) from cells", () => {
    const host = new FormulaHost({ Sheet1: [[135000000000, 0.27, "=DEAL.VALUATION(A1,B1)"]] });
    expect(host.value("C1")).toBe(500000000000);
  });

  it("composes with SUM, INDEX and NPV", () => {
    const host = new FormulaHost({
      Sheet1: [
        [500e9, 0.27],
        [500e9, 0.05],
        [0.1, null],
      ],
    });
    expect(host.evaluate("=SUM(DEAL.STAKEVALUE(A1,B1),DEAL.STAKEVALUE(A2,B2))")).toBe(160e9);
    expect(host.evaluate("=DEAL.STAKEVALUE(INDEX(A1:A2,2),INDEX(B1:B2,1))")).toBe(135e9);
    expect(host.evaluate("=NPV(A3,DEAL.STAKEVALUE(100,0.5),DEAL.STAKEVALUE(100,0.5))")).toBeCloseTo(50 / 1.1 + 50 / 1.21, 9);
  });

  it("recalculates when an input cell changes", () => {
    const host = new FormulaHost({ Sheet1: [[100, 0.5, "=DEAL.VALUATION(A1,B1)"]] });
    host.set("B1", [[0.25]]);
    expect(host.value("C1")).toBe(400);
  });

  it("shows Excel error values with the function's message", () => {
    const host = new FormulaHost({ Sheet1: [[100, 2, "=DEAL.VALUATION(A1,B1)", '=DEAL.VALUATION("x",B1)', "=DEAL.VALUATION(A1,D9)"]] });
    expect(host.error("C1")).toEqual({ value: "#NUM!", message: expect.stringMatching(/stake must be a fraction/) });
    expect(host.error("D1")).toEqual({ value: "#VALUE!", message: expect.stringMatching(/stake_value must be a number/) });
    expect(host.error("E1")).toEqual({ value: "#VALUE!", message: expect.stringMatching(/stake is missing/) });
  });

  it("passes an input's error through, as Excel does", () => {
    const host = new FormulaHost({ Sheet1: [["=1/0", 0.5, "=DEAL.VALUATION(A1,B1)"]] });
    expect(host.error("C1").value).toBe("#DIV/0!");
  });

  it("works with named ranges", () => {
    const host = new FormulaHost({ Sheet1: [[135e9, 0.27]] });
    host.hf.addNamedExpression("Deal_StakeValue", "=Sheet1!$A$1");
    host.hf.addNamedExpression("Deal_Stake", "=Sheet1!$B$1");
    expect(host.evaluate("=DEAL.VALUATION(Deal_StakeValue,Deal_Stake)")).toBe(500e9);
  });
});

describe("spilled results through the generated plugin", () => {
  // A family shaped like the schedules: a matrix result whose size depends on its inputs.
  const metadata: FunctionsMetadata = {
    functions: [
      {
        id: "COUNTDOWN",
        name: "COUNTDOWN",
        description: "Spills n, n-1, ..., 1 with a header.",
        parameters: [
          { name: "n", type: "any" },
          { name: "headers", type: "any", optional: true },
        ],
        result: { dimensionality: "matrix" },
      },
      {
        id: "TOTAL",
        name: "TOTAL",
        description: "Sums a range.",
        parameters: [{ name: "values", type: "any", dimensionality: "matrix" }],
        result: {},
      },
    ],
  };
  const implementations = new Map<string, (...args: never[]) => unknown>([
    [
      "COUNTDOWN",
      (n: unknown, headers: unknown) => {
        if (typeof n !== "number" || n < 1) throw makeFormulaError("#NUM!", "n must be at least 1");
        const rows: (string | number)[][] = Array.from({ length: n }, (_, i) => [n - i, (n - i) * 10]);
        return headers === false ? rows : [["n", "x10"], ...rows];
      },
    ],
    ["TOTAL", (values: unknown) => (values as unknown[][]).flat().reduce((s: number, v) => s + (typeof v === "number" ? v : 0), 0)],
  ]);
  const source = { metadata, implementations: implementations as never };

  it("spills a literal call", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.COUNTDOWN(3)"]] }, source);
    expect(host.block("A1", 4, 2)).toEqual([
      ["n", "x10"],
      [3, 30],
      [2, 20],
      [1, 10],
    ]);
  });

  it("spills a call on cell inputs and resizes when they change", () => {
    const host = new FormulaHost({ Sheet1: [[2, "=DEAL.COUNTDOWN(A1,FALSE)"]] }, source);
    expect(host.block("B1", 2, 2)).toEqual([
      [2, 20],
      [1, 10],
    ]);
    host.set("A1", [[4]]);
    expect(host.block("B1", 4, 1)).toEqual([[4], [3], [2], [1]]);
  });

  it("shrinks a spill when its inputs shrink, freeing the cells below as Excel does", () => {
    const host = new FormulaHost({ Sheet1: [[4, "=DEAL.COUNTDOWN(A1,FALSE)"]] }, source);
    host.set("A1", [[2]]);
    expect(host.block("B1", 3, 1)).toEqual([[2], [1], [null]]);
    host.set("B4", [["typed below the old spill"]]);
    expect(host.block("B1", 2, 1)).toEqual([[2], [1]]);
  });

  it("keeps an error result to its own cell, then spills again when the inputs are fixed", () => {
    const host = new FormulaHost({ Sheet1: [[3, "=DEAL.COUNTDOWN(A1,FALSE)"]] }, source);
    host.set("A1", [[0]]);
    expect(host.error("B1").value).toBe("#NUM!");
    host.set("B2", [["free again"]]);
    expect(host.value("B2")).toBe("free again");
    host.set("B2", [[null]]);
    host.set("A1", [[2]]);
    expect(host.block("B1", 2, 1)).toEqual([[2], [1]]);
  });

  it("composes a spill with SUM and INDEX, and passes a range to a matrix parameter", () => {
    const host = new FormulaHost(
      {
        Sheet1: [
          ["=SUM(DEAL.COUNTDOWN(4,FALSE))", "=INDEX(DEAL.COUNTDOWN(4),3,2)", "=DEAL.TOTAL(D1:D3)", 1, 2],
          [null, null, null, 3],
        ],
      },
      source,
    );
    expect(host.value("A1")).toBe(10 + 100);
    expect(host.value("B1")).toBe(30);
    expect(host.value("C1")).toBe(4);
  });

  it("reports a blocked spill as #SPILL!", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.COUNTDOWN(3,FALSE)"], [null], ["in the way"]] }, source);
    expect(host.error("A1").value).toBe("#SPILL!");
  });

  it("reports an error from a spilling function in its cell", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.COUNTDOWN(0)"]] }, source);
    expect(host.error("A1")).toEqual({ value: "#NUM!", message: "n must be at least 1" });
  });

  it("refuses metadata that names a function nobody implements", () => {
    expect(() => new FormulaHost({ Sheet1: [] }, { metadata, implementations: new Map() })).toThrow(/COUNTDOWN/);
  });

  it("still serves the real DEAL functions after another plugin was registered", () => {
    const host = new FormulaHost({ Sheet1: [["=DEAL.VALUATION(10,0.5)"]] }, dealSource());
    expect(host.value("A1")).toBe(20);
  });
});
