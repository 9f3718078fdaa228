import fs from "fs";
import path from "path";
import semver from "semver";
import { ROOT } from "./support/build";

/**
 * The Node.js versions package.json promises (engines) are ones every installed package accepts, so a clean
 * `npm ci` prints no EBADENGINE warning on any of them: Node 22 and 24 (the LTS lines) and Node 20 while the
 * machines here run it.
 */

type Lock = { lockfileVersion: number; packages: Record<string, { version?: string; engines?: Record<string, string> | string[] }> };

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lock;
const ours: string = pkg.engines.node;

/** Every package of the tree that declares an engine, with what it declares. */
function declared(engine: "node" | "npm"): [string, string][] {
  return Object.entries(lock.packages)
    .filter(([where, info]) => where !== "" && info.engines && !Array.isArray(info.engines) && info.engines[engine])
    .map(([where, info]) => [
      `${where.replace(/^.*node_modules\//, "")}@${info.version}`,
      (info.engines as Record<string, string>)[engine],
    ]);
}

describe("supported Node.js versions", () => {
  it.each(["20", "22", "24"])("package.json's engines admit Node %s", (line) => {
    expect(semver.intersects(ours, `^${line}.0.0`)).toBe(true);
  });

  it("the engines field is the range every package of the tree accepts, on each line", () => {
    const packages = declared("node");
    expect(packages.length).toBeGreaterThan(100);
    // subset: every version our range admits is one the package admits too.
    expect(packages.filter(([, theirs]) => !semver.subset(ours, theirs)).map(([id, theirs]) => `${id} needs ${theirs}`)).toEqual([]);
  });

  it("every package that names an npm version accepts npm 10 and 11", () => {
    for (const [id, theirs] of declared("npm"))
      for (const npm of ["10.0.0", "11.0.0"]) expect(`${id} ${semver.satisfies(npm, theirs)}`).toBe(`${id} true`);
  });

  it("the lockfile is npm's version 3, as npm 9 and later write it, and agrees with package.json", () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[""] as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
      engines?: unknown;
    };
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
    expect(root.engines).toEqual(pkg.engines);
  });
});
