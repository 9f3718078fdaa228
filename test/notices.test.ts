import fs from "fs";
import path from "path";
import { DIST, PREVIEW_DIST, ROOT, readDist, readPreview } from "./support/build";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { moduleRecordFile, NOTICES, NOTICES_JSON } = require("../webpack.config.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isCopyleft, licenceTextOf } = require("../scripts/notices.js");

/**
 * The third-party notices in each build folder name every npm package webpack bundled into it, with the
 * licence its package.json declares. What was bundled is read from webpack's module graph (the record the
 * production build writes beside node_modules), not from the notices plugin, so the two are held to each other.
 */

type PackageJson = { name?: string; version?: string; license?: string | { type: string }; licenses?: { type: string }[] };
type Notice = { name: string; version: string; license: string | null; author?: string; licenseText: string | null };

/** The package a bundled file belongs to: the nearest package.json above it with a name and a version. */
function packageOf(file: string): PackageJson & { name: string; version: string } {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as PackageJson;
    if (pkg.name && pkg.version) return pkg as PackageJson & { name: string; version: string };
  }
  throw new Error(`${file} belongs to no package`);
}

function declaredLicence(pkg: PackageJson): string | undefined {
  if (typeof pkg.license === "string") return pkg.license;
  if (pkg.license) return pkg.license.type;
  return pkg.licenses?.[0]?.type;
}

/** The packages webpack bundled into a build folder, from the record of its production build. */
function bundledPackages(folder: string): Map<string, PackageJson> {
  const record = JSON.parse(fs.readFileSync(moduleRecordFile(folder), "utf8")) as { outputPath: string; files: string[] };
  expect(path.resolve(record.outputPath)).toBe(folder);
  const packages = new Map<string, PackageJson>();
  for (const file of record.files) {
    const pkg = packageOf(file);
    packages.set(`${pkg.name}@${pkg.version}`, pkg);
  }
  return packages;
}

describe.each([
  ["dist/ (the add-in)", DIST, readDist],
  ["dist-preview/ (the preview)", PREVIEW_DIST, readPreview],
] as const)("the third-party notices of %s", (_, folder, read) => {
  const notices = () => JSON.parse(read(NOTICES_JSON)) as Notice[];

  it("name every package bundled into it, with the licence its package.json declares", () => {
    const bundled = bundledPackages(folder);
    expect(bundled.size).toBeGreaterThan(0);
    const text = read(NOTICES);
    const listed = new Map(notices().map((n) => [`${n.name}@${n.version}`, n]));
    const missing: string[] = [];
    for (const [id, pkg] of bundled) {
      const licence = declaredLicence(pkg);
      if (!licence) missing.push(`${id} declares no licence`);
      else if (listed.get(id)?.license !== licence) missing.push(`${id} (${licence}) is not in ${NOTICES_JSON}`);
      else if (!text.includes(`- ${pkg.name} ${pkg.version}: ${licence}\n`)) missing.push(`${id} (${licence}) is not in ${NOTICES}`);
    }
    expect(missing).toEqual([]);
  });

  it("carry each package's licence text, and name only packages of the build", () => {
    const bundled = bundledPackages(folder);
    for (const n of notices()) {
      expect(bundled.has(`${n.name}@${n.version}`) ? "bundled" : `${n.name}@${n.version} is not bundled`).toBe("bundled");
      // Its own licence file, or the standard text of the licence its package.json declares.
      const text: string = licenceTextOf(n);
      expect(/no standard text/.test(text) ? `${n.name}@${n.version} has no licence text` : "has text").toBe("has text");
      expect(text.length).toBeGreaterThan(100);
      expect(read(NOTICES)).toContain(text);
    }
  });

  it("do not name this project itself", () => {
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).name;
    expect(notices().map((n) => n.name)).not.toContain(own);
  });
});

describe("licences", () => {
  it("the add-in bundles no copyleft package (its build fails on one)", () => {
    const copyleft = (JSON.parse(readDist(NOTICES_JSON)) as Notice[]).filter((n) => isCopyleft(n.license ?? ""));
    expect(copyleft).toEqual([]);
  });

  it("the preview does, which is why it is never deployed with the add-in", () => {
    const hyperformula = (JSON.parse(readPreview(NOTICES_JSON)) as Notice[]).find((n) => n.name === "hyperformula");
    expect(hyperformula?.license).toBe("GPL-3.0-only");
    expect(isCopyleft("GPL-3.0-only")).toBe(true);
  });

  it.each([
    ["MIT", false],
    ["0BSD", false],
    ["Apache-2.0", false],
    ["(MIT OR GPL-3.0-or-later)", false],
    ["GPL-3.0-only", true],
    ["LGPL-2.1-or-later", true],
    ["AGPL-3.0-only", true],
    ["MIT AND GPL-2.0-only", true],
  ])("%s is copyleft: %s", (expression, expected) => {
    expect(isCopyleft(expression)).toBe(expected);
  });
});
