import fs from "fs";
import path from "path";

export const ROOT = path.resolve(__dirname, "../..");
/** The build under test: `dist/`, or the folder in DEAL_DIST (so parallel work can build apart). */
export const DIST = path.resolve(ROOT, process.env.DEAL_DIST || "dist");

/** A file of the build; the tests that read one need `npm run build` first, which `npm test` does. */
export function distFile(name: string): string {
  const file = path.join(DIST, name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does) before these tests.`);
  return file;
}

export function readDist(name: string): string {
  return fs.readFileSync(distFile(name), "utf8");
}
