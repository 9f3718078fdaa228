import { DealError, DealErrorKind } from "../../engine/errors";

/**
 * Turns anything a formula throws into a `CustomFunctions.Error`, so that Excel shows an error value
 * with a message and never a raw JavaScript exception.
 */

type ErrorCode = "#VALUE!" | "#NUM!" | "#N/A";

interface FunctionErrorConstructor {
  new (code: never, message?: string): object;
}

/**
 * Stands in for `CustomFunctions.Error` where the Office runtime is absent (jest, the embedded preview),
 * with the same `code` and `message` fields.
 */
export class FormulaError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "FormulaError";
  }
}

const codeForKind: Record<DealErrorKind, ErrorCode> = {
  value: "#VALUE!",
  num: "#NUM!",
  na: "#N/A",
};

function runtimeErrorClass(): FunctionErrorConstructor | undefined {
  const runtime = (globalThis as unknown as { CustomFunctions?: { Error?: FunctionErrorConstructor } }).CustomFunctions;
  return runtime?.Error;
}

export function makeFormulaError(code: ErrorCode, message: string): Error {
  const RuntimeError = runtimeErrorClass();
  if (RuntimeError) return new RuntimeError(code as never, message) as Error;
  return new FormulaError(code, message);
}

function isAlreadyFormulaError(e: unknown): boolean {
  if (e instanceof FormulaError) return true;
  const RuntimeError = runtimeErrorClass();
  return RuntimeError !== undefined && e instanceof RuntimeError;
}

export function toFormulaError(e: unknown): Error {
  if (isAlreadyFormulaError(e)) return e as Error;
  if (e instanceof DealError) return makeFormulaError(codeForKind[e.kind], e.message);
  const text = e instanceof Error ? e.message : String(e);
  // decimal.js and RangeError report numbers it cannot represent; anything else is a bug, still shown as an error value.
  if (/DecimalError|Invalid array length|Maximum call stack/i.test(text) || e instanceof RangeError) {
    return makeFormulaError("#NUM!", `The numbers are out of range for this calculation (${text}).`);
  }
  return makeFormulaError("#VALUE!", `Unexpected error: ${text}`);
}

/** Runs a formula body and converts whatever it throws. */
export function formula<T>(body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw toFormulaError(e);
  }
}
