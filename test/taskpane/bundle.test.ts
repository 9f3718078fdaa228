import vm from "vm";
import { readDist } from "../support/build";
import { createCustomFunctionsStub } from "../support/customFunctionsStub";

/**
 * The built taskpane.js, run as the shared runtime runs it after functions.js: its copies of the DEAL.*
 * modules (used for the pane's live results) must not associate the functions a second time.
 */
it("taskpane.js associates no custom function (functions.js owns the associations)", () => {
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
  vm.runInContext(readDist("taskpane.js"), context, { filename: "taskpane.js" });
  expect(functions.associations).toEqual([]);
  expect(onReady).toHaveLength(1);
  // associate works again for whatever loads after the pane.
  functions.runtime.associate("LATER", () => 1);
  expect(functions.associations.map((a) => a.id)).toEqual(["LATER"]);
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
