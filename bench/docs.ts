/**
 * docs/performance.md's figures, generated from a bench run (never retyped): `npm run bench -- --docs`
 * runs the bench and rewrites the block between the markers; `npm run docs:bench` rewrites it from the
 * last run's bench/results.json (git-ignored scratch output).
 */
import fs from "fs";
import path from "path";
import type { RatioRow, WorkbookResult } from "./exactness";
import { PANE_TARGETS, type PaneBench } from "./pane";

export const START = "<!-- bench:start (generated from a run by `npm run bench -- --docs`; do not edit) -->";
export const END = "<!-- bench:end -->";

/** The parts of bench/results.json the page shows. */
export interface BenchResults {
  measuredAt: string;
  machine: { node: string; platform: string; cpu?: string; cpus: number; loadAverage?: number[] };
  runSeconds: number;
  exactAtFloatSpeed: { rows: RatioRow[]; workbook: WorkbookResult };
  functions: { function: string; arguments: string; medianMs: number }[];
  baselines: { schedule: string; oursMs: number; floatMs: number; oursInEngineMs: number | null; nativeMs: number | null }[];
  bundles: { files: { file: string; minifiedBytes: number; gzippedBytes: number }[] };
  /** The pane in Chromium; absent from runs before it was measured. */
  pane?: PaneBench | { skipped: string };
}

const ms = (v: number | null | undefined) =>
  v === null || v === undefined ? "-" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toFixed(4);
const times = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));
const count = (n: number) => n.toLocaleString("en-US");
const mark = (pass: boolean) => (pass ? "met" : "**missed**");

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** The pane's table, or the line saying why it was not measured. */
function paneLines(pane: BenchResults["pane"]): string[] {
  if (!pane) return [];
  const title = `**The pane (Chromium, Long Tasks API)**: tasks over 50 ms on the main thread from the click (or Enter) until the pane says it is done (targets: longest task under ${PANE_TARGETS.longestTaskMs} ms, progress shown within ${PANE_TARGETS.progressVisibleMs} ms of the click):`;
  if ("skipped" in pane) return [title, "", `Not measured: ${pane.skipped}.`, ""];
  return [
    title,
    "",
    ...table(
      ["case", "longest task", "", "tasks over 100 ms", "progress shown", "", "total"],
      pane.cases.map((c) => [
        c.name,
        ms(c.longestTaskMs),
        mark(c.longestTaskPass),
        count(c.tasksOver100Ms),
        c.progressNotExpected ? "none shown" : c.progressVisibleMs === null ? "never" : ms(c.progressVisibleMs),
        c.progressNotExpected ? "" : mark(c.progressPass),
        ms(c.totalMs),
      ]),
    ),
    ...pane.notes.flatMap((note) => ["", note]),
    "",
  ];
}

/** The generated block: when and where the run was, then its tables. */
export function renderBenchBlock(results: BenchResults): string {
  const { machine, exactAtFloatSpeed: exact } = results;
  const load = machine.loadAverage
    ? `, load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(" / ")} (1 / 5 / 15 min) when it started`
    : "";
  const lines: string[] = [
    START,
    "",
    `Figures of the run of ${results.measuredAt.slice(0, 10)} (${results.measuredAt.slice(11, 16)} UTC, ${results.runSeconds.toFixed(0)} s): Node ${machine.node}, ${machine.platform}, ${machine.cpu ?? "unknown CPU"} x ${machine.cpus}${load}. Medians in milliseconds.`,
    "",
    "**Exact arithmetic against plain floating point** (the same model in floats, `bench/float.ts`; target: within 3x for the schedules, 5x for ownership):",
    "",
    ...table(
      ["function", "inputs", "size", "ours", "float", "ours / float", "target", ""],
      exact.rows.map((r) => [
        r.fn,
        r.inputs,
        count(r.size),
        ms(r.oursMs),
        ms(r.floatMs),
        `${times(r.ratio)}x`,
        `${r.target}x`,
        mark(r.pass),
      ]),
    ),
    "",
    `**A workbook:** ${exact.workbook.cells} DEAL.REVSHAREPV cells (a 20 x 20 grid of rates and discount rates) over one ${count(exact.workbook.forecastMonths)}-month forecast computed by formulas, in the embedded engine: one recalculation after the growth input changes takes **${ms(exact.workbook.recalculateMs)} ms** (target: under ${count(exact.workbook.target)} ms, ${mark(exact.workbook.pass)}); building the workbook took ${ms(exact.workbook.buildMs)} ms.`,
    "",
    "**Against native formulas** (the same schedule as worksheet formulas in HyperFormula, one recalculation after an input changes; ours inside HyperFormula timed the same way):",
    "",
    ...table(
      ["schedule", "ours", "float", "ours in HyperFormula", "native formulas"],
      results.baselines.map((b) => [b.schedule, ms(b.oursMs), ms(b.floatMs), ms(b.oursInEngineMs), ms(b.nativeMs)]),
    ),
    "",
    "**Every function** through its exported entry point:",
    "",
    ...table(
      ["function", "arguments", "median"],
      results.functions.map((f) => [f.function, f.arguments, ms(f.medianMs)]),
    ),
    "",
    ...paneLines(results.pane),
    "**Bundles** (production build):",
    "",
    ...table(
      ["file", "minified KB", "gzipped KB"],
      results.bundles.files.map((f) => [f.file, (f.minifiedBytes / 1024).toFixed(1), (f.gzippedBytes / 1024).toFixed(1)]),
    ),
    "",
    END,
  ];
  return lines.join("\n");
}

/** The page with its generated block replaced by one from these results. */
export function updatePerformancePage(page: string, results: BenchResults): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error("docs/performance.md has no bench markers");
  return page.slice(0, start) + renderBenchBlock(results) + page.slice(end + END.length);
}

export function writePerformancePage(root: string, results: BenchResults): string {
  const file = path.join(root, "docs", "performance.md");
  fs.writeFileSync(file, updatePerformancePage(fs.readFileSync(file, "utf8"), results));
  return file;
}

if (require.main === module) {
  // `npm run docs:bench`: from the last run's results.
  let root = __dirname;
  while (!fs.existsSync(path.join(root, "package.json"))) root = path.dirname(root);
  const resultsFile = path.join(root, "bench", "results.json");
  if (!fs.existsSync(resultsFile)) throw new Error("bench/results.json is missing: run `npm run bench` first.");
  const file = writePerformancePage(root, JSON.parse(fs.readFileSync(resultsFile, "utf8")) as BenchResults);
  console.log(`${path.relative(root, file)}: figures of the run in bench/results.json`);
}
