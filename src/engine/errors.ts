/**
 * Errors the engine raises for bad input. Each carries the Excel error value it stands for, so the
 * function adapters can turn it into `#VALUE!`, `#NUM!` or `#N/A` without guessing from the message.
 */
export type DealErrorKind = "value" | "num" | "na";

export class DealError extends Error {
  constructor(
    readonly kind: DealErrorKind,
    message: string,
    /**
     * The function's parameter the error is about (`captable`, `rate`), when it is about one: the pane
     * shows the message beside the field that feeds it, and nothing has to read the message to know.
     */
    readonly argument?: string,
  ) {
    super(message);
    this.name = "DealError";
  }
}

/** A wrong type or an unknown word: Excel's `#VALUE!`. */
export function valueError(message: string, argument?: string): DealError {
  return new DealError("value", message, argument);
}

/** A number out of its allowed range: Excel's `#NUM!`. */
export function numError(message: string, argument?: string): DealError {
  return new DealError("num", message, argument);
}

/** A lookup that finds nothing: Excel's `#N/A`. */
export function notFoundError(message: string, argument?: string): DealError {
  return new DealError("na", message, argument);
}

/**
 * The parameter a checking helper's label is about. By convention a label is the parameter's name,
 * optionally followed by where in it ("captable, row 3", "period_ends, date 2,"), so its leading
 * identifier is the argument.
 */
export function argumentOf(label: string): string | undefined {
  return /^[a-z][a-z0-9_]*/.exec(label)?.[0];
}

/** A count and its noun for a message: "1 period", "2 periods" (the plural adds an s). */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
