import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgument,
  FunctionArgumentType,
  FunctionPlugin,
  FunctionPluginDefinition,
  HyperFormula,
  ImplementedFunctions,
  SimpleRangeValue,
} from "hyperformula";

/**
 * Registers the DEAL.* custom functions in a HyperFormula engine, so that the same exported functions
 * that Excel calls evaluate real formulas without Excel: in tests and in the embedded preview.
 * The plugin is generated from `functions.json` (the metadata Excel reads) and the exported functions,
 * so what runs here is what the metadata promises Excel.
 */

export interface CustomFunctionParameter {
  name: string;
  description?: string;
  type?: string;
  dimensionality?: "scalar" | "matrix";
  optional?: boolean;
}

export interface CustomFunctionMetadata {
  id: string;
  name: string;
  description?: string;
  parameters: CustomFunctionParameter[];
  result: { type?: string; dimensionality?: "scalar" | "matrix" };
}

export interface FunctionsMetadata {
  functions: CustomFunctionMetadata[];
}

export type CustomFunctionImplementation = (...args: any[]) => unknown;

export const NAMESPACE = "DEAL";

/** In the message of a spill that outgrew the size reserved when its formula was entered. */
export const RESPILL_MARKER = "re-enter the formula to spill it";

/** Exported function names upper-cased are the metadata ids: `stakeValue` is `STAKEVALUE`. */
export function implementationsById(modules: Record<string, unknown>): Map<string, CustomFunctionImplementation> {
  const byId = new Map<string, CustomFunctionImplementation>();
  for (const [name, value] of Object.entries(modules)) {
    if (typeof value === "function") byId.set(name.toUpperCase(), value as CustomFunctionImplementation);
  }
  return byId;
}

const errorTypeByCode: Record<string, ErrorType> = {
  "#VALUE!": ErrorType.VALUE,
  "#NUM!": ErrorType.NUM,
  "#N/A": ErrorType.NA,
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#REF!": ErrorType.REF,
  "#NAME?": ErrorType.NAME,
};

function toCellError(e: unknown): CellError {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  if (typeof code === "string" && errorTypeByCode[code]) return new CellError(errorTypeByCode[code], message);
  return new CellError(ErrorType.VALUE, `Unexpected error: ${message}`);
}

/** A value as Excel hands it to a custom function: rich numbers unwrapped, empty cells as null. */
function toExcelValue(v: unknown): unknown {
  if (v === EmptyValue || v === undefined) return null;
  if (v !== null && typeof v === "object" && "val" in (v as object)) return (v as { val: unknown }).val;
  return v;
}

function firstError(v: unknown): CellError | undefined {
  if (v instanceof CellError) return v;
  if (v instanceof SimpleRangeValue) {
    for (const row of v.data) for (const cell of row) if (cell instanceof CellError) return cell;
  }
  return undefined;
}

function toArgument(v: unknown, dimensionality: CustomFunctionParameter["dimensionality"]): unknown {
  if (v instanceof SimpleRangeValue) return v.data.map((row) => row.map(toExcelValue));
  const scalar = toExcelValue(v);
  // Excel hands a matrix parameter a single value as a 1x1 matrix.
  return dimensionality === "matrix" && scalar !== null ? [[scalar]] : scalar;
}

/**
 * Spills whose result no longer fits the block reserved for them: smaller (HyperFormula pads the rest with
 * blanks, and a blank it reserved still blocks a user's entry) or larger (the cell shows the re-enter
 * marker). `respill` re-enters them so they take their result's size, as Excel's spills do. Noted when
 * the formula is evaluated, so that finding them never means reading every formula of the workbook; kept
 * per engine, by its dependency graph.
 */
const resizedSpills = new WeakMap<object, Map<string, { sheet: number; col: number; row: number }>>();

export function takeResizedSpills(dependencyGraph: object): { sheet: number; col: number; row: number }[] {
  const found = resizedSpills.get(dependencyGraph);
  resizedSpills.delete(dependencyGraph);
  return found ? [...found.values()] : [];
}

function noteResizedSpill(dependencyGraph: object, address: { sheet: number; col: number; row: number }): void {
  const found = resizedSpills.get(dependencyGraph) ?? new Map();
  found.set(`${address.sheet}:${address.row}:${address.col}`, { ...address });
  resizedSpills.set(dependencyGraph, found);
}

/** Rows and columns a result occupies: an array its own size, anything else (an error too) one cell. */
function resultSize(value: unknown): { width: number; height: number } {
  if (Array.isArray(value) && value.length > 0 && Array.isArray(value[0]))
    return { width: (value[0] as unknown[]).length, height: value.length };
  return { width: 1, height: 1 };
}

function toResult(value: unknown, reserved: { width: number; height: number }): unknown {
  // A custom function that returns null leaves its cell empty.
  if (value === null || value === undefined) return EmptyValue;
  if (!Array.isArray(value)) return value;
  const rows = value as unknown[][];
  const height = rows.length;
  const width = height ? rows[0].length : 0;
  if (height === 0 || width === 0) return new CellError(ErrorType.VALUE, "The formula returned an empty array.");
  if (height > reserved.height || width > reserved.width) {
    return new CellError(ErrorType.SPILL, `The result needs ${height} x ${width} cells; ${RESPILL_MARKER}.`);
  }
  return SimpleRangeValue.onlyValues(rows as never);
}

function argumentsFor(meta: CustomFunctionMetadata): FunctionArgument[] {
  return meta.parameters.map((p) => ({
    argumentType: FunctionArgumentType.ANY,
    optionalArg: p.optional === true,
  }));
}

type PluginClass = FunctionPluginDefinition;

export function createDealFunctionsPlugin(
  metadata: FunctionsMetadata,
  implementations: Map<string, CustomFunctionImplementation>,
): PluginClass {
  const implemented: ImplementedFunctions = {};
  const methods: Record<string, unknown> = {};

  for (const meta of metadata.functions) {
    const fn = implementations.get(meta.id);
    if (!fn) throw new Error(`functions.json names ${meta.id}, which no exported function implements`);
    const method = `deal_${meta.id}`;
    const sizeMethod = `deal_${meta.id}_size`;
    const spills = meta.result.dimensionality === "matrix";
    implemented[`${NAMESPACE}.${meta.name}`] = {
      method,
      parameters: argumentsFor(meta),
      vectorizationForbidden: true,
      ...(spills ? { sizeOfResultArrayMethod: sizeMethod } : {}),
    };

    const call = (args: unknown[]): unknown => {
      const error = args.map(firstError).find((e) => e !== undefined);
      if (error) return error;
      try {
        return fn(...meta.parameters.map((p, i) => toArgument(args[i], p.dimensionality)));
      } catch (e) {
        return toCellError(e);
      }
    };

    methods[method] = function (this: DealPluginBase, ast: DealAst, state: DealState) {
      return this.runFunction(ast.args, state, this.metadata(`${NAMESPACE}.${meta.name}`), (...args: unknown[]) => {
        const result = call(args);
        const vertex = this.dependencyGraph.getCell(state.formulaAddress) as
          { formula?: unknown; width?: number; height?: number } | undefined;
        // Only a call that is the whole formula spills into the sheet; a nested one feeds its caller.
        const spillsIntoSheet = vertex?.formula === ast;
        const reserved = spillsIntoSheet
          ? { width: vertex?.width ?? 1, height: vertex?.height ?? 1 }
          : { width: Infinity, height: Infinity };
        if (spillsIntoSheet) {
          const size = resultSize(result);
          if (size.width !== reserved.width || size.height !== reserved.height)
            noteResizedSpill(this.dependencyGraph, state.formulaAddress);
        }
        if (result instanceof CellError) return result;
        return toResult(result, reserved);
      });
    };

    if (spills) {
      // HyperFormula fixes a spill's size when the formula is entered. The size is that of the result for
      // the arguments' current values; when they cannot be read yet, one cell, and the embedded workbook
      // re-enters the formula once its inputs are computed.
      methods[sizeMethod] = function (this: DealPluginBase, ast: DealAst, state: DealState) {
        try {
          const args = ast.args.map((arg) => (arg.type === "EMPTY" ? undefined : this.evaluateAst(arg, state)));
          const result = call(args);
          if (Array.isArray(result) && result.length > 0 && Array.isArray(result[0])) {
            return new ArraySize((result[0] as unknown[]).length, result.length);
          }
        } catch {
          // an input that is not computed yet
        }
        return ArraySize.scalar();
      };
    }
  }

  // HyperFormula's plugin classes take their methods by name from `implementedFunctions`.
  class DealFunctionsPlugin extends FunctionPlugin {
    static implementedFunctions = implemented;
  }
  Object.assign(DealFunctionsPlugin.prototype, methods);
  return DealFunctionsPlugin as unknown as PluginClass;
}

// The parts of HyperFormula's protected plugin API that the generated methods use.
interface DealAst {
  args: { type: string }[];
}
interface DealState {
  formulaAddress: { sheet: number; col: number; row: number };
}
interface DealPluginBase {
  runFunction(args: unknown[], state: DealState, metadata: unknown, fn: (...args: unknown[]) => unknown): unknown;
  metadata(name: string): unknown;
  evaluateAst(ast: unknown, state: DealState): unknown;
  dependencyGraph: { getCell(address: DealState["formulaAddress"]): unknown };
}

/** Registers (or re-registers) the plugin under the names Excel shows: `DEAL.VALUATION`. */
export function registerDealFunctions(metadata: FunctionsMetadata, implementations: Map<string, CustomFunctionImplementation>): void {
  const translations: Record<string, string> = {};
  for (const meta of metadata.functions) translations[`${NAMESPACE}.${meta.name}`] = `${NAMESPACE}.${meta.name}`;
  const registered = new Set(HyperFormula.getRegisteredFunctionNames("enGB"));
  for (const name of Object.keys(translations)) if (registered.has(name)) HyperFormula.unregisterFunction(name);
  HyperFormula.registerFunctionPlugin(createDealFunctionsPlugin(metadata, implementations), { enGB: translations });
}
