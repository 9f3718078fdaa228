/**
 * The functions' modules end with `CustomFunctions.associate(...)` calls that the metadata plugin appends
 * for Excel's runtime. The preview has no such runtime: associations are ignored here (the embedded
 * engine takes the functions from the modules' exports), and without `CustomFunctions.Error` the functions
 * throw their own FormulaError, which the engine shows as an error value. Import this module first.
 */
const host = globalThis as unknown as { CustomFunctions?: { associate: (id: string, fn: unknown) => void } };
if (!host.CustomFunctions) host.CustomFunctions = { associate: () => undefined };

export {};
