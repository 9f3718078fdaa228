import fs from "fs";
import path from "path";
import { DIST, PREVIEW_DIST, ROOT, filesOf, readDist, readPreview } from "./support/build";

/** What the add-in ships must not carry test-only or preview-only code: every script in dist/. */
const addinBundles = () => filesOf(DIST).filter((f) => f.endsWith(".js"));

describe("dist/, the folder that is deployed", () => {
  it("holds the add-in alone: functions, task pane, manifest, icons, support page, notices", () => {
    const unexpected = filesOf(DIST).filter(
      (f) =>
        !/^(functions\.js|functions\.js\.LICENSE\.txt|functions\.json|taskpane\.(html|js|css)|support\.html|manifest\.xml)$/.test(f) &&
        !/^assets\/icon-\d+\.png$/.test(f) &&
        !/^(THIRD-PARTY-NOTICES\.txt|third-party-licenses\.json)$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(filesOf(DIST)).toEqual(
      expect.arrayContaining(["functions.js", "functions.json", "taskpane.html", "manifest.xml", "support.html"]),
    );
  });

  it("holds no preview file, and the preview is built into a folder of its own", () => {
    expect(filesOf(DIST).filter((f) => /preview/i.test(f))).toEqual([]);
    expect(path.relative(DIST, PREVIEW_DIST).startsWith("..")).toBe(true);
    expect(filesOf(PREVIEW_DIST)).toEqual(expect.arrayContaining(["preview.html", "preview.js", "functions.json", "taskpane.css"]));
  });

  it("and no file of it names the embedded workbook's libraries", () => {
    const text = filesOf(DIST).filter((f) => /\.(js|json|html|css|xml)$/.test(f) && !/third-party-licenses|NOTICES/.test(f));
    for (const file of text)
      for (const marker of ["hyperformula", "HyperFormula", "exceljs", "jszip", "chart.js", "Chart.js"])
        expect(readDist(file).includes(marker) ? `${file} contains ${marker}` : file).toBe(file);
  });
});

describe("the add-in's bundles", () => {
  it("exist", () => {
    expect(addinBundles()).toEqual(expect.arrayContaining(["functions.js", "taskpane.js"]));
  });

  it.each(["hyperformula", "HyperFormula", "fast-check", "playwright", "exceljs", "JSZip", "jszip", "Chart.js", "chartjs", "jest"])(
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
    const preview = readPreview("preview.js");
    for (const marker of [...previewMarkers, "HyperFormula", "exceljs", "JSZip", "Chart.js"])
      expect(preview.includes(marker) ? marker : `preview.js lacks ${marker}`).toBe(marker);
    expect(readPreview("preview.html")).toMatch(/src="?[^" >]*preview\.js/);
    expect(readPreview("preview.html")).not.toMatch(/taskpane\.js|functions\.js/);
    // The preview opens files from anywhere: scripts only from its own origin, never eval.
    const csp = /http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/.exec(readPreview("preview.html"))?.[1] ?? "";
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
