/**
 * What the Office runtime provides a functions bundle: `CustomFunctions.associate`, `Error` and
 * `ErrorCode`. The stub records every association, so a test can compare them with the metadata.
 */
export interface CustomFunctionsStub {
  associations: { id: string; fn: (...args: unknown[]) => unknown }[];
  runtime: {
    associate(id: string, fn: (...args: unknown[]) => unknown): void;
    Error: new (code: string, message?: string) => Error & { code: string };
    ErrorCode: Record<string, string>;
  };
}

export function createCustomFunctionsStub(): CustomFunctionsStub {
  const associations: CustomFunctionsStub["associations"] = [];
  class StubError extends Error {
    constructor(
      readonly code: string,
      message?: string,
    ) {
      super(message ?? code);
    }
  }
  return {
    associations,
    runtime: {
      associate: (id, fn) => associations.push({ id, fn }),
      Error: StubError,
      ErrorCode: {
        invalidValue: "#VALUE!",
        notAvailable: "#N/A",
        divisionByZero: "#DIV/0!",
        invalidNumber: "#NUM!",
        nullReference: "#NULL!",
        invalidName: "#NAME?",
        invalidReference: "#REF!",
      },
    },
  };
}
