import fs from "fs";
import path from "path";
import { DIST, ROOT, readDist } from "./support/build";

/** What the add-in ships must not carry test-only or preview-only code. */
const addinBundles = () => fs.readdirSync(DIST).filter((f) => f === "functions.js" || /^taskpane.*\.js$/.test(f));

describe("the add-in's bundles", () => {
  it("exist", () => {
    expect(addinBundles()).toEqual(expect.arrayContaining(["functions.js", "taskpane.js"]));
  });

  it.each(["hyperformula", "HyperFormula", "fast-check", "playwright", "exceljs", "jszip", "JSZip", "jest"])(
    "do not contain %s",
    (marker) => {
      for (const file of addinBundles()) expect(readDist(file).includes(marker) ? `${file} contains ${marker}` : file).toBe(file);
    },
  );

  // Strings only the embedded workbook and the preview page carry (their storage format, .xlsx metadata, storage key).
  const previewMarkers = ["deal-modeller-workbook", "DealModeller_Preview", "XLDAPR", "deal-modeller.preview"];

  it.each(previewMarkers)("do not contain the preview's code (%s)", (marker) => {
    for (const file of addinBundles()) expect(readDist(file).includes(marker) ? `${file} contains ${marker}` : file).toBe(file);
  });

  it("leave those libraries to the preview's own bundle, which does carry them", () => {
    const preview = readDist("preview.js");
    for (const marker of [...previewMarkers, "HyperFormula", "exceljs", "JSZip"])
      expect(preview.includes(marker) ? marker : `preview.js lacks ${marker}`).toBe(marker);
    expect(readDist("preview.html")).toMatch(/src="?[^" >]*preview\.js/);
    expect(readDist("preview.html")).not.toMatch(/taskpane\.js|functions\.js/);
    // The preview opens files from anywhere: scripts only from its own origin, never eval.
    const csp = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(readDist("preview.html"))?.[1] ?? "";
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).not.toMatch(/unsafe-eval/);
  });

  it("come from production dependencies only", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const devOnly = Object.keys(pkg.devDependencies);
    for (const dep of ["hyperformula", "jest", "ts-jest", "playwright-core", "fast-check", "office-addin-mock", "exceljs", "tinybench"]) {
      expect(pkg.dependencies[dep]).toBeUndefined();
      expect(devOnly).toContain(dep);
    }
  });

  it("taskpane.html loads the functions bundle too (one page, one shared runtime)", () => {
    const html = readDist("taskpane.html");
    expect(html).toMatch(/src="?[^" >]*functions\.js/);
    expect(html).toMatch(/src="?[^" >]*taskpane\.js/);
  });
});
