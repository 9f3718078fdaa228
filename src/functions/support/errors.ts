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
  /** The function's parameter the error is about, when it is about one (see DealError.argument). */
  argument?: string;

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

/**
 * The longest message Excel shows in a custom function's error hint: Excel for Mac cuts it at about 255
 * characters (office-js#4133, confirmed as a bug, not fixed), so every message is kept within that.
 */
export const MAX_MESSAGE_LENGTH = 255;

/** A message within MAX_MESSAGE_LENGTH: cut at the last word that fits, with an ellipsis. */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_MESSAGE_LENGTH) return message;
  const room = message.slice(0, MAX_MESSAGE_LENGTH - 1);
  const lastSpace = room.lastIndexOf(" ");
  return `${lastSpace > MAX_MESSAGE_LENGTH / 2 ? room.slice(0, lastSpace) : room}…`;
}

/**
 * The error a cell shows. The argument rides along as a property (Excel ignores it; the pane's own
 * evaluation of a call reads it to put the message beside the field it is about).
 */
export function makeFormulaError(code: ErrorCode, message: string, argument?: string): Error {
  const bounded = boundedMessage(message);
  const RuntimeError = runtimeErrorClass();
  const error = (RuntimeError ? new RuntimeError(code as never, bounded) : new FormulaError(code, bounded)) as Error & {
    argument?: string;
  };
  if (argument !== undefined) error.argument = argument;
  return error;
}

/** Text for whatever was thrown, even an object whose toString (or message) throws. */
function textOf(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : String(e);
  } catch {
    return "an exception that cannot be shown as text";
  }
}

function isAlreadyFormulaError(e: unknown): boolean {
  if (e instanceof FormulaError) return true;
  const RuntimeError = runtimeErrorClass();
  return RuntimeError !== undefined && e instanceof RuntimeError;
}

export function toFormulaError(e: unknown): Error {
  if (isAlreadyFormulaError(e)) return e as Error;
  if (e instanceof DealError) return makeFormulaError(codeForKind[e.kind], e.message, e.argument);
  const text = textOf(e);
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
