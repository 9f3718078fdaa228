/**
 * The first module of functions.js in the add-in's build (webpack.config.js). Excel's runtime defines
 * `CustomFunctions` before the page's scripts run; a plain browser does not, and the `associate` calls
 * the metadata plugin appends to the functions' modules would then throw ("CustomFunctions is not
 * defined") and stop the pane's script before it can say anything. Here the calls go nowhere, and the
 * marker tells the pane (index.ts) at once that it is outside Excel.
 */
export const OUTSIDE_OFFICE_MARKER = "dealModellerOutsideOffice";

const host = globalThis as unknown as Record<string, unknown> & { CustomFunctions?: unknown };
if (typeof host.CustomFunctions === "undefined") {
  host.CustomFunctions = { associate: () => undefined };
  host[OUTSIDE_OFFICE_MARKER] = true;
}
