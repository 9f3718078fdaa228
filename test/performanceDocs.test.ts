import fs from "fs";
import path from "path";
import { BenchResults, END, START, renderBenchBlock, updatePerformancePage } from "../bench/docs";
import { ROOT } from "./support/build";

/**
 * docs/performance.md's figures are generated from a bench run (`npm run bench -- --docs`), never typed:
 * these check that the page carries a generated block and that the block is well-formed. They check no
 * timing: speed is measured by the bench, not asserted by a test.
 */
const page = fs.readFileSync(path.join(ROOT, "docs/performance.md"), "utf8");
const FUNCTIONS = ["REVSHARE", "REVSHAREPV", "DRAWDOWN", "STAKE", "CAPTABLE", "ROUND", "DILUTIONPATH"];

describe("docs/performance.md", () => {
  it("has one generated block between its markers", () => {
    expect(page.split(START)).toHaveLength(2);
    expect(page.split(END)).toHaveLength(2);
    expect(page.indexOf(START)).toBeLessThan(page.indexOf(END));
  });

  it("says when, and on what machine, its figures were measured", () => {
    const block = page.slice(page.indexOf(START), page.indexOf(END));
    expect(block).toMatch(
      /Figures of the run of \d{4}-\d{2}-\d{2} \(\d{2}:\d{2} UTC, \d+ s\): Node v\d+\.\d+\.\d+, \S+ \S+, .+ x \d+, load average [\d.]+ \/ [\d.]+ \/ [\d.]+/,
    );
  });

  it("has a row for every function and size the issue asks for, each with its ratio and target", () => {
    const block = page.slice(page.indexOf(START), page.indexOf(END));
    const rows = block
      .split("\n")
      .filter((line) => /^\| [A-Z]+ \| /.test(line) && /x \| \d+x \|/.test(line))
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const sizesOf = (fn: string) => [...new Set(rows.filter((cells) => cells[0] === fn).map((cells) => cells[2]))];
    for (const fn of ["REVSHARE", "REVSHAREPV", "DRAWDOWN"]) expect(sizesOf(fn)).toEqual(["120", "1,200", "10,000", "90,000"]);
    for (const fn of ["STAKE", "CAPTABLE", "ROUND", "DILUTIONPATH"]) expect(sizesOf(fn)).toEqual(["50", "5,000", "99,999"]);
    for (const fn of FUNCTIONS) expect(rows.some((cells) => cells[0] === fn)).toBe(true);
    for (const cells of rows) {
      expect(cells).toHaveLength(8);
      expect(cells[3]).toMatch(/^\d+(\.\d+)?$/);
      expect(cells[4]).toMatch(/^\d+(\.\d+)?$/);
      expect(cells[5]).toMatch(/^\d+(\.\d+)?x$/);
      expect(["met", "**missed**"]).toContain(cells[7]);
    }
    expect(block).toMatch(
      /\*\*A workbook:\*\* 400 DEAL\.REVSHAREPV cells .* one recalculation after the growth input changes takes \*\*[\d.]+ ms\*\*/,
    );
  });
});

describe("the generator of the figures", () => {
  const results: BenchResults = {
    measuredAt: "2026-05-01T10:20:30.000Z",
    machine: { node: "v20.0.0", platform: "linux x64", cpu: "Some CPU", cpus: 2, loadAverage: [1, 2, 3] },
    runSeconds: 120,
    exactAtFloatSpeed: {
      rows: [{ fn: "REVSHARE", inputs: "monthly", size: 1200, oursMs: 0.1, floatMs: 0.09, ratio: 1.1, target: 3, pass: true, gap: 0 }],
      workbook: { cells: 400, forecastMonths: 1200, buildMs: 900, recalculateMs: 300, target: 1000, pass: true },
    },
    functions: [{ function: "TERM", arguments: "implied_valuation", medianMs: 0.001 }],
    baselines: [{ schedule: "REVSHARE", oursMs: 1, floatMs: 1, oursInEngineMs: null, nativeMs: 2 }],
    bundles: { files: [{ file: "functions.js", minifiedBytes: 2048, gzippedBytes: 1024 }] },
  };

  it("replaces only the block, and gives the same page when run twice", () => {
    const once = updatePerformancePage(page, results);
    expect(updatePerformancePage(once, results)).toBe(once);
    expect(once.slice(0, once.indexOf(START))).toBe(page.slice(0, page.indexOf(START)));
    expect(renderBenchBlock(results)).toContain(
      "Figures of the run of 2026-05-01 (10:20 UTC, 120 s): Node v20.0.0, linux x64, Some CPU x 2",
    );
    expect(renderBenchBlock(results)).toContain("| REVSHARE | monthly | 1,200 | 0.10 | 0.0900 | 1.10x | 3x | met |");
  });

  it("shows the pane's figures with their targets, or why they were not measured", () => {
    const paneCase = {
      name: "100-year monthly build",
      longestTaskMs: 150,
      longTasks: 4,
      tasksOver100Ms: 2,
      progressVisibleMs: 120,
      totalMs: 1500,
      longestTaskPass: true,
      progressPass: false,
    };
    const measured = renderBenchBlock({ ...results, pane: { cases: [paneCase], notes: [] } });
    expect(measured).toContain("**The pane (Chromium, Long Tasks API)**");
    expect(measured).toContain("| 100-year monthly build | 150 | met | 2 | 120 | **missed** | 1500 |");
    const skipped = renderBenchBlock({ ...results, pane: { skipped: "no Chromium at /usr/bin/chromium" } });
    expect(skipped).toContain("Not measured: no Chromium at /usr/bin/chromium.");
    expect(renderBenchBlock(results)).not.toContain("The pane");
  });

  it("refuses a page without markers", () => {
    expect(() => updatePerformancePage("no markers", results)).toThrow(/no bench markers/);
  });
});
