import fc from "fast-check";
import * as dealFunctions from "../../src/functions";
import { FormulaError } from "../../src/functions/support/errors";
import { CustomFunctionMetadata, implementationsById } from "../../src/workbook/embedded/dealFunctionsPlugin";
import { builtMetadata } from "../support/formulaHost";

/**
 * Every DEAL.* function, called with random mixes of what a worksheet can hand it (and some it
 * cannot), returns a well-formed result or throws a formula error with a message. Nothing else escapes.
 */
const RUNS_PER_FUNCTION = Number(process.env.FUZZ_RUNS || 2000);
/** A call that takes longer than this would freeze Excel's recalculation: the bounds are broken. */
const CALL_TIME_LIMIT_MS = 2000;

const words = [
  "flat",
  "ramp",
  "front",
  "scurve",
  "pre",
  "post",
  "fd",
  "issued",
  "as-converted",
  "converted",
  "fully-diluted",
  "common",
  "preferred",
  "option",
  "rsu",
  "warrant",
  "pool",
  "convertible",
  "models",
  "research",
  "exclusivity",
  "revshare",
  "2025-10",
  "2026-04",
  "stake_diluted",
  "azure_commitment",
  "revshare_cap",
  "Microsoft",
  "Total",
  "",
  " ",
  "TRUE",
  "null",
  "NaN",
  "1e400",
  "-0",
  "=1+1",
  "\u0000",
  "ＦＬＡＴ",
];

const oddNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e308,
  -1e308,
  5e-324,
  1e-30,
  2 ** 53,
  -1,
  0.5,
  1,
  2958465,
  2958466,
  -693594,
);
const plausibleNumber = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: -5, max: 240 }),
  fc.integer({ min: 40000, max: 60000 }), // dates around today
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
);
const scalarCell = fc.oneof(
  { weight: 4, arbitrary: plausibleNumber },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: fc.constantFrom(...words) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, "") },
);
const capTableRow = fc.tuple(
  fc.constantFrom("Microsoft", "Foundation", "Employees", "Investors", "x"),
  fc.constantFrom(...words.slice(11, 18)),
  plausibleNumber,
  scalarCell,
);
const rangeValue = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.array(scalarCell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }) }, // ragged too
  {
    weight: 3,
    arbitrary: fc.array(
      plausibleNumber.map((n) => [n]),
      { minLength: 1, maxLength: 30 },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.array(
      capTableRow.map((row) => [...row] as unknown[]),
      { minLength: 1, maxLength: 8 },
    ),
  },
  { weight: 1, arbitrary: fc.array(fc.array(fc.array(scalarCell, { maxLength: 2 }), { maxLength: 2 }), { maxLength: 2 }) }, // nested deeper than Excel can
  { weight: 1, arbitrary: fc.constantFrom([], [[]], [[null]], null, undefined, "", 5) },
);
const anyArgument = fc.oneof({ weight: 3, arbitrary: scalarCell }, { weight: 1, arbitrary: rangeValue });

function argumentsFor(meta: CustomFunctionMetadata) {
  return fc.tuple(...meta.parameters.map((p) => (p.dimensionality === "matrix" ? rangeValue : anyArgument)));
}

function checkResult(id: string, result: unknown): void {
  const isCell = (v: unknown) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string" || typeof v === "boolean";
  if (Array.isArray(result)) {
    expect(result.length).toBeGreaterThan(0);
    const width = (result[0] as unknown[]).length;
    expect(width).toBeGreaterThan(0);
    for (const row of result as unknown[][]) {
      expect(Array.isArray(row) && row.length === width).toBe(true);
      for (const cell of row) if (!isCell(cell)) throw new Error(`${id} returned the cell ${String(cell)}`);
    }
  } else if (!(result === null || isCell(result))) {
    throw new Error(`${id} returned ${String(result)}`);
  }
}

function checkThrown(id: string, error: unknown): void {
  if (!(error instanceof FormulaError)) throw new Error(`${id} let a raw exception escape: ${String(error)}`);
  expect(["#VALUE!", "#NUM!", "#N/A"]).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(5);
  expect(error.message).not.toMatch(/undefined|\[object Object\]|Unexpected error/);
}

describe("every DEAL.* function under random input", () => {
  const metadata = builtMetadata();
  const implementations = implementationsById(dealFunctions);

  it.each(metadata.functions.map((f) => [f.id, f] as const))("%s returns a well-formed result or a formula error", (id, meta) => {
    const fn = implementations.get(id)!;
    fc.assert(
      fc.property(argumentsFor(meta), (args) => {
        const started = performance.now();
        let result: unknown;
        let thrown: unknown;
        let threw = false;
        try {
          result = fn(...args);
        } catch (e) {
          threw = true;
          thrown = e;
        }
        const elapsed = performance.now() - started;
        if (elapsed > CALL_TIME_LIMIT_MS) throw new Error(`${id} took ${elapsed.toFixed(0)} ms`);
        if (threw) checkThrown(id, thrown);
        else checkResult(id, result);
      }),
      { numRuns: RUNS_PER_FUNCTION },
    );
  });
});
