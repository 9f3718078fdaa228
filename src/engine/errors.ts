/**
 * Errors the engine raises for bad input. Each carries the Excel error value it stands for, so the
 * function adapters can turn it into `#VALUE!`, `#NUM!` or `#N/A` without guessing from the message.
 */
export type DealErrorKind = "value" | "num" | "na";

export class DealError extends Error {
  constructor(
    readonly kind: DealErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "DealError";
  }
}

/** A wrong type or an unknown word: Excel's `#VALUE!`. */
export function valueError(message: string): DealError {
  return new DealError("value", message);
}

/** A number out of its allowed range: Excel's `#NUM!`. */
export function numError(message: string): DealError {
  return new DealError("num", message);
}

/** A lookup that finds nothing: Excel's `#N/A`. */
export function notFoundError(message: string): DealError {
  return new DealError("na", message);
}

/** A count and its noun for a message: "1 period", "2 periods" (the plural adds an s). */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
