import fs from "fs";
import path from "path";

export const ROOT = path.resolve(__dirname, "../..");
/** The add-in build under test: `dist/`, or the folder in DEAL_DIST (so parallel work can build apart). */
export const DIST = path.resolve(ROOT, process.env.DEAL_DIST || "dist");
/** The preview build under test: `dist-preview/`, or the folder in DEAL_PREVIEW_DIST. */
export const PREVIEW_DIST = path.resolve(ROOT, process.env.DEAL_PREVIEW_DIST || "dist-preview");

function builtFile(folder: string, name: string): string {
  const file = path.join(folder, name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (npm test does) before these tests.`);
  return file;
}

/** A file of the add-in's build; the tests that read one need `npm run build` first, which `npm test` does. */
export function distFile(name: string): string {
  return builtFile(DIST, name);
}

export function readDist(name: string): string {
  return fs.readFileSync(distFile(name), "utf8");
}

/** A file of the preview's build (`npm run build` makes it beside the add-in's). */
export function readPreview(name: string): string {
  return fs.readFileSync(builtFile(PREVIEW_DIST, name), "utf8");
}

/** Every file of a build folder, as paths relative to it with "/" separators. */
export function filesOf(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}
