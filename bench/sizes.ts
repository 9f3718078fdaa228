import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import zlib from "zlib";

/** The project folder (the compiled script runs from bench/build/bench/). */
export const ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "webpack.config.js")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

export interface BuildInfo {
  dir: string;
  /** Seconds the production build took, or null when an existing build (DEAL_DIST) was measured. */
  buildSeconds: number | null;
}

/**
 * The production build to measure: the folder in DEAL_DIST when it holds one, else a fresh
 * `webpack --mode production` into a temporary folder (never into dist/, which others may be reading).
 */
export function productionBuild(): BuildInfo {
  const given = process.env.DEAL_DIST ? path.resolve(ROOT, process.env.DEAL_DIST) : null;
  if (given && fs.existsSync(path.join(given, "functions.js"))) return { dir: given, buildSeconds: null };
  const dir = given ?? fs.mkdtempSync(path.join(os.tmpdir(), "deal-bench-dist-"));
  const started = Date.now();
  const run = spawnSync("npx", ["webpack", "--mode", "production", "--config-name", "addin"], {
    cwd: ROOT,
    env: { ...process.env, DEAL_DIST: dir },
    encoding: "utf8",
    shell: process.platform === "win32",
  });
  if (run.status !== 0) throw new Error(`The production build failed:\n${run.stdout}\n${run.stderr}`);
  return { dir, buildSeconds: (Date.now() - started) / 1000 };
}

export interface BundleSize {
  file: string;
  minifiedBytes: number;
  gzippedBytes: number;
}

/** Minified (as built) and gzipped (level 9, as a web server would serve it) sizes. */
export function bundleSizes(dir: string): BundleSize[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f === "functions.js" || /^taskpane.*\.(js|css|html)$/.test(f))
    .sort();
  return files.map((file) => {
    const bytes = fs.readFileSync(path.join(dir, file));
    return { file, minifiedBytes: bytes.length, gzippedBytes: zlib.gzipSync(bytes, { level: 9 }).length };
  });
}
