import fc from "fast-check";
import { endOfMonth } from "../../src/engine/dates";
import { TERM_KEYS } from "../../src/engine/presets";
import * as dealFunctions from "../../src/functions";
import { FormulaError } from "../../src/functions/support/errors";
import { CustomFunctionMetadata, CustomFunctionParameter, implementationsById } from "../../src/workbook/embedded/dealFunctionsPlugin";
import { builtMetadata } from "../support/formulaHost";

/**
 * Every DEAL.* function, called with random mixes of what a worksheet can hand it (and some it
 * cannot), returns a well-formed result or throws a formula error with a message, in bounded time.
 * Nothing else escapes.
 *
 * Two kinds of call, both generated from the metadata (functions.json), so a new function is fuzzed
 * without a line here:
 * - anything: every argument drawn from numbers (NaN, Infinity, -0, huge and tiny), text, logical
 *   values, empty cells, ragged and nested arrays, dates before 1900 and after 9999;
 * - shaped: arguments built by parameter name the way a workbook holds them (a revenue column with
 *   increasing period ends of the same length, a cap table, a draw-down profile of the term's length),
 *   with an odd argument now and then, so that calls get past validation into the engines. A share of
 *   these must return a result, or the fuzz would only be testing the argument checks.
 */
const RUNS_PER_FUNCTION = Number(process.env.FUZZ_RUNS || 2000);
/** A call that takes longer than this would freeze Excel's recalculation: the bounds are broken. */
const CALL_TIME_LIMIT_MS = 2000;
/** Of the shaped calls, at least this share must return a result rather than an error. */
const MIN_SHAPED_RESULTS = 0.1;

// ------------------------------------------------------------------ anything a worksheet can hold

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
  "1,000",
  "50%",
  "=1+1",
  "#N/A",
  "\u0000",
  "ＦＬＡＴ",
  "İstanbul",
  "💰",
  "x".repeat(5000),
];

const oddNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1e308,
  -1e308,
  1e21,
  1e-7,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  1e-30,
  2 ** 53,
  2 ** 53 + 2,
  -1,
  0.5,
  1,
  0.1 + 0.2,
  // dates: before 1900, the 1900 leap-year quirk, the last day Excel shows, after 9999
  -693594,
  -1,
  59,
  60,
  61,
  2958465,
  2958465.999,
  2958466,
  1e7,
);
const plausibleNumber = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: -5, max: 240 }),
  fc.integer({ min: 40000, max: 60000 }), // dates around today
  fc.double({ min: -1e12, max: 1e12, noNaN: true }),
  fc.double({ noNaN: false }), // any double, NaN and infinities included
);
const scalarCell = fc.oneof(
  { weight: 4, arbitrary: plausibleNumber },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: fc.constantFrom(...words) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 6 }) },
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
  { weight: 1, arbitrary: fc.constantFrom([], [[]], [[null]], [[[]]], [[], [1]], null, undefined, "", 5, NaN) },
);
const anyArgument = fc.oneof({ weight: 3, arbitrary: scalarCell }, { weight: 1, arbitrary: rangeValue });
const anythingFor = (p: CustomFunctionParameter) => (p.dimensionality === "matrix" ? rangeValue : anyArgument);

// ------------------------------------------------------------------ arguments shaped as a workbook holds them

/** What the arguments of one call share: the number of periods, periods a year, the holders' names. */
interface Shape {
  periods: number;
  perYear: number;
  holders: string[];
  across: boolean;
  /** AGI scenarios: as many dates as probabilities. */
  scenarios: number;
}
const shapeArbitrary: fc.Arbitrary<Shape> = fc.record({
  periods: fc.integer({ min: 1, max: 48 }),
  perYear: fc.constantFrom(1, 2, 4, 12),
  holders: fc.shuffledSubarray(["Microsoft", "OpenAI Foundation", "Employees", "Investors", "Option pool", "SoftBank"], { minLength: 1 }),
  across: fc.integer({ min: 0, max: 9 }).map((k) => k < 3), // mostly columns, sometimes a row
  scenarios: fc.integer({ min: 1, max: 6 }),
});

/** A one-column range, or a one-row range when the shape says so. */
const laidOut = (cells: unknown[], across: boolean): unknown[][] => (across ? [cells] : cells.map((c) => [c]));

const money = fc.oneof(
  fc.integer({ min: 0, max: 10 ** 9 }),
  fc.integer({ min: 0, max: 10 ** 14 }).map((cents) => cents / 100),
  fc.double({ min: 0, max: 1e13, noNaN: true }),
  fc.constantFrom(135e9, 250e9, 500e9, 8e6, 2e6, 1, 0),
  fc.constantFrom(1e300, Number.MAX_VALUE, 1e-300, Number.MIN_VALUE, 2 ** 53 + 2, 0.1 + 0.2), // huge and tiny magnitudes
);
const positiveMoney = money.filter((m) => m > 0);
const fraction = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
  fc.constantFrom(0.2, 0.27, 0.325, 1, 1e-300, Number.MIN_VALUE, 1 - Number.EPSILON / 2),
);
const date = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 40000, max: 60000 }) },
  { weight: 2, arbitrary: fc.double({ min: 40000, max: 60000, noNaN: true }) }, // with a time of day
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2958465 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 60, 61, 2958000, 2958465) },
);
const headersArgument = fc.constantFrom(true, false, 0, 1, "TRUE", "false", null);

/** Strictly increasing period ends: month ends a fixed number of months apart, or a fixed number of days. */
function periodEnds(count: number): fc.Arbitrary<number[]> {
  const monthly = fc
    .record({ start: fc.integer({ min: 1, max: 2958465 - 31 }), months: fc.constantFrom(1, 1, 3, 12) })
    .map(({ start, months }) => Array.from({ length: count }, (_, i) => endOfMonth(start, i * months)));
  const daily = fc
    .record({ start: date.map(Math.floor), step: fc.integer({ min: 1, max: 400 }) })
    .map(({ start, step }) => Array.from({ length: count }, (_, i) => start + i * step));
  return fc.oneof(monthly, daily);
}

function shapedArgument(name: string, s: Shape): fc.Arbitrary<unknown> | undefined {
  const n = s.periods;
  const cellsOf = (cell: fc.Arbitrary<unknown>, length: number) =>
    fc.array(fc.oneof({ weight: 10, arbitrary: cell }, { weight: 1, arbitrary: fc.constantFrom("", null, 0) }), {
      minLength: length,
      maxLength: length,
    });
  const names = fc.constantFrom(...s.holders, ...s.holders.map((h) => ` ${h.toUpperCase()} `), "New investor", "Nobody");
  switch (name) {
    case "revenue":
      return cellsOf(money, n).map((cells) => laidOut(cells, s.across));
    case "actuals":
      return fc.integer({ min: 0, max: n }).chain((reported) => cellsOf(money, reported).map((cells) => laidOut([...cells, ""], false)));
    case "period_ends":
      return periodEnds(n).map((ends) => laidOut(ends, s.across));
    case "rate":
    case "stake":
      return fraction;
    case "pool_target":
      return fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.5, noNaN: true }));
    case "discount_rate":
      return fc.double({ min: -0.99, max: 1, noNaN: true });
    case "end_date":
    case "start_date":
    case "as_of":
    case "agi_verified":
    case "valuation_date":
      return date;
    case "agi_dates":
      // A verification date, or empty for "not verified within the forecast".
      return fc
        .array(fc.oneof({ weight: 4, arbitrary: date }, { weight: 1, arbitrary: fc.constantFrom("", null) }), {
          minLength: s.scenarios,
          maxLength: s.scenarios,
        })
        .map((cells) => laidOut(cells, s.across));
    case "probabilities":
      // Weights made into probabilities that add up to 1, or now and then ones that do not.
      return fc
        .array(fc.integer({ min: 0, max: 100 }), { minLength: s.scenarios, maxLength: s.scenarios })
        .chain((weights) => {
          const total = weights.reduce((a, b) => a + b, 0) || 1;
          return fc.oneof(
            { weight: 6, arbitrary: fc.constant(weights.map((w) => (total === 0 ? 1 / weights.length : w / total))) },
            { weight: 1, arbitrary: fc.constant(weights.map((w) => w / 100)) },
          );
        })
        .map((cells) => laidOut(cells, s.across));
    case "cap":
    case "commitment":
    case "investment":
    case "stake_value":
    case "equity_value":
      return name === "commitment" ? fc.integer({ min: 0, max: 10 ** 14 }).map((cents) => cents / 100) : money;
    case "pre_money":
    case "fully_diluted_shares":
      return positiveMoney;
    case "payout_periods":
      return fc.integer({ min: 1, max: n + 6 });
    case "payout_lag":
      return fc.integer({ min: 0, max: 12 });
    case "total_periods":
      // Mostly the shape's periods, so that a plan of that many periods fits.
      return fc.oneof({ weight: 3, arbitrary: fc.constant(n) }, { weight: 1, arbitrary: fc.integer({ min: n, max: n + 24 }) });
    case "plan":
      return cellsOf(money, n).map((cells) => laidOut(cells, s.across));
    case "term_years":
      return fc.constant(n / s.perYear);
    case "periods_per_year":
      return fc.constant(s.perYear);
    case "decimals":
      return fc.oneof(fc.constant(2), fc.integer({ min: -6, max: 6 }));
    case "profile": {
      const years = n / s.perYear;
      const weights = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1e6, noNaN: true }));
      return fc.oneof(
        fc.constantFrom("flat", "ramp", "front", "scurve", "S-Curve", " FLAT "),
        cellsOf(weights, n).map((cells) => laidOut(cells, s.across)),
        ...(Number.isInteger(years) ? [cellsOf(weights, years).map((cells) => laidOut(cells, !s.across))] : []),
      );
    }
    case "captable": {
      const holding = fc.tuple(
        names,
        fc.constantFrom("common", "preferred", "option", "rsu", "warrant", "pool", "convertible", " Preferred "),
        fc.oneof(fc.integer({ min: 0, max: 10 ** 8 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
        fc.constantFrom("", null, 1, 1.5, 2, 0.5, 10),
      );
      return fc
        .record({
          header: fc.boolean(),
          ratios: fc.boolean(),
          rows: fc.array(fc.oneof({ weight: 8, arbitrary: holding }, { weight: 1, arbitrary: fc.constant(["", "", "", ""]) }), {
            minLength: 1,
            maxLength: 14,
          }),
        })
        .map(({ header, ratios, rows }) => {
          const width = ratios ? 4 : 3;
          const body = rows.map((row) => row.slice(0, width));
          return header ? [["Holder", "Type", "Units", "Conversion ratio"].slice(0, width), ...body] : body;
        });
    }
    case "holder":
    case "investor":
      return names;
    case "basis":
      return fc.constantFrom("fd", "fully-diluted", "Fully Diluted", "as-converted", "converted", "issued", "outstanding", null);
    case "pool_timing":
      return fc.constantFrom("pre", "post", "Pre-money", null);
    case "rounds": {
      const roundRow = fc.tuple(fc.constantFrom("Seed", "Series A", "", 2026), positiveMoney, money);
      return fc
        .record({ header: fc.boolean(), named: fc.boolean(), rows: fc.array(roundRow, { minLength: 1, maxLength: 10 }) })
        .map(({ header, named, rows }) => {
          const body = rows.map((row) => (named ? row : row.slice(1)));
          return header ? [(named ? ["Round", "Pre-money", "Investment"] : ["Pre-money", "Investment"]) as unknown[], ...body] : body;
        });
    }
    case "headers":
      return headersArgument;
    case "right":
      return fc.constantFrom("models", "research", "exclusivity", "revshare", "Research IP", " REVSHARE ");
    case "terms":
      return fc.constantFrom("2025-10", "2026-04", " 2026-04 ", 45931, 46113.5, null); // a date in a preset's month names it too
    case "key":
      return fc.constantFrom(...TERM_KEYS, ...TERM_KEYS.map((k) => k.toUpperCase()));
    default:
      return undefined;
  }
}

/** A shaped argument mostly; now and then an omitted optional one, or anything at all. */
function shapedOrOdd(p: CustomFunctionParameter, s: Shape): fc.Arbitrary<unknown> {
  const shaped = shapedArgument(p.name, s);
  if (!shaped) return anythingFor(p);
  return fc.oneof(
    { weight: 20, arbitrary: shaped },
    { weight: p.optional ? 4 : 0, arbitrary: fc.constantFrom(null, "") },
    { weight: 1, arbitrary: anythingFor(p) },
  );
}

interface Call {
  shaped: boolean;
  args: unknown[];
}

function callsFor(meta: CustomFunctionMetadata): fc.Arbitrary<Call> {
  const anything = fc.tuple(...meta.parameters.map(anythingFor)).map((args) => ({ shaped: false, args }));
  const shaped = shapeArbitrary
    .chain((s) => fc.tuple(...meta.parameters.map((p) => shapedOrOdd(p, s))))
    .map((args) => ({ shaped: true, args }));
  return fc.oneof({ weight: 1, arbitrary: anything }, { weight: 2, arbitrary: shaped });
}

// ------------------------------------------------------------------ what must hold

const isCell = (v: unknown) =>
  (typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0)) || typeof v === "string" || typeof v === "boolean";

function checkResult(id: string, result: unknown): void {
  if (Array.isArray(result)) {
    if (result.length === 0 || !Array.isArray(result[0]) || result[0].length === 0) throw new Error(`${id} returned an empty spill`);
    const width = (result[0] as unknown[]).length;
    for (const row of result as unknown[][]) {
      if (!Array.isArray(row) || row.length !== width) throw new Error(`${id} returned a ragged spill`);
      for (const cell of row) if (!isCell(cell)) throw new Error(`${id} returned the cell ${String(cell)}`);
    }
  } else if (!(result === null || isCell(result))) {
    throw new Error(`${id} returned ${String(result)}`);
  }
}

function checkThrown(id: string, error: unknown, parameters: readonly string[]): void {
  if (!(error instanceof FormulaError)) throw new Error(`${id} let a raw exception escape: ${String(error)}`);
  // The argument an error names is how the pane finds the field; it must be one of this function's.
  if (error.argument !== undefined && !parameters.includes(error.argument)) {
    throw new Error(`${id} names the argument ${error.argument}, which is not one of ${parameters.join(", ")}: ${error.message}`);
  }
  expect(["#VALUE!", "#NUM!", "#N/A"]).toContain(error.code);
  expect(error.message.length).toBeGreaterThan(5);
  expect(error.message).not.toMatch(/undefined|\[object Object\]|Unexpected error/);
}

describe("every DEAL.* function under random input", () => {
  const metadata = builtMetadata();
  const implementations = implementationsById(dealFunctions);

  it.each(metadata.functions.map((f) => [f.id, f] as const))("%s returns a well-formed result or a formula error", (id, meta) => {
    const fn = implementations.get(id)!;
    const parameters = meta.parameters.map((p) => p.name);
    let shapedCalls = 0;
    let shapedResults = 0;
    fc.assert(
      fc.property(callsFor(meta), ({ shaped, args }) => {
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
        if (threw) checkThrown(id, thrown, parameters);
        else checkResult(id, result);
        if (shaped) {
          shapedCalls++;
          if (!threw) shapedResults++;
        }
      }),
      { numRuns: RUNS_PER_FUNCTION },
    );
    // Shrinking reruns the property; the counts are of every run, which is what matters here.
    if (process.env.FUZZ_REPORT) console.log(`${id}: ${shapedResults} results of ${shapedCalls} shaped calls`);
    expect(shapedResults).toBeGreaterThanOrEqual(Math.floor(shapedCalls * MIN_SHAPED_RESULTS));
  });
});
