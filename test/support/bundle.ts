import vm from "vm";
import { readDist } from "./build";
import { createCustomFunctionsStub } from "./customFunctionsStub";

/** Runs the built `dist/functions.js` in a fresh context, as the Office runtime would load it. */
export function loadFunctionsBundle() {
  const stub = createCustomFunctionsStub();
  const context = vm.createContext({ CustomFunctions: stub.runtime, console });
  context.window = context;
  context.self = context;
  context.globalThis = context;
  vm.runInContext(readDist("functions.js"), context, { filename: "functions.js" });
  return { associations: stub.associations, CustomFunctionsError: stub.runtime.Error };
}
