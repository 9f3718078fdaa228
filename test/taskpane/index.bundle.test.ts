import vm from "vm";
import { readDist } from "../support/build";
import { createCustomFunctionsStub } from "../support/customFunctionsStub";

/**
 * The built page as the shared runtime runs it: functions.js, then taskpane.js. The pane computes with
 * the DEAL.* modules, which it takes from functions.js (webpack `dependOn`), so each function is
 * associated exactly once and the pane bundles no second copy of them.
 */
it("functions.js then taskpane.js associate each custom function once, and taskpane.js none", () => {
  const functions = createCustomFunctionsStub();
  const onReady: unknown[] = [];
  const context = vm.createContext({
    CustomFunctions: functions.runtime,
    Office: { onReady: (callback: unknown) => onReady.push(callback), HostType: { Excel: "Excel" } },
    console,
    setTimeout,
  });
  context.window = context;
  context.self = context;
  context.globalThis = context;
  vm.runInContext(readDist("functions.js"), context, { filename: "functions.js" });
  const fromFunctions = functions.associations.map((a) => a.id);
  vm.runInContext(readDist("taskpane.js"), context, { filename: "taskpane.js" });
  expect(functions.associations.map((a) => a.id)).toEqual(fromFunctions);
  expect(new Set(fromFunctions).size).toBe(fromFunctions.length);
  expect(fromFunctions.length).toBeGreaterThan(10);
  expect(readDist("taskpane.js")).not.toMatch(/CustomFunctions\.associate/);
  expect(onReady).toHaveLength(1);
});

it("the built taskpane.html keeps its Content-Security-Policy and loads every script from a source it allows", () => {
  const html = readDist("taskpane.html");
  // The production build minifies the page: attribute values may lose their quotes.
  const csp = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
  const scriptSources = /script-src ([^;]+)/.exec(csp)?.[1].trim().split(/\s+/) ?? [];
  expect(scriptSources.sort()).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  expect(scripts.length).toBeGreaterThanOrEqual(3);
  for (const [, attributes, body] of scripts) {
    expect(body.trim()).toBe("");
    const src = /src="?([^"\s>]+)"?/.exec(attributes)?.[1] ?? "";
    expect(src.startsWith("https://appsforoffice.microsoft.com/") || /^[\w./-]+\.js$/.test(src) ? src : `not allowed: ${src}`).toBe(src);
  }
});
