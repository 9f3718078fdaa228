import fs from "fs";
import path from "path";
import { ROOT } from "./support/build";
import { builtMetadata } from "./support/formulaHost";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const changelog = require("../scripts/changelog.js");

/**
 * CHANGELOG.md records every DEAL.* id with its arguments in order; released ids never change, their
 * arguments never move, and new arguments go at the end. The built functions.json must match the record.
 */

type Metadata = ReturnType<typeof builtMetadata>;
const text = () => fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");

/** A changelog of one release, for the cases below. */
const released = (...entries: string[]) =>
  `# Changelog\n\n## Unreleased\n\n${changelog.UNRELEASED_START}\n${changelog.UNRELEASED_END}\n\n## 0.1.0\n\n${entries.join("\n")}\n`;
const metadataOf = (...functions: [string, string[]][]): Metadata =>
  ({
    functions: functions.map(([id, args]) => ({
      id,
      name: id,
      description: "",
      parameters: args.map((a) => ({ name: a.replace(/^\[|\]$/g, ""), optional: a.startsWith("[") })),
    })),
  }) as unknown as Metadata;

describe("CHANGELOG.md", () => {
  it("records every id and every argument of functions.json, in order", () => {
    const { entries, problems } = changelog.compare(changelog.recordedFunctions(text()), builtMetadata());
    expect(problems).toEqual([]);
    expect(entries).toEqual([]);
  });

  it("its Unreleased functions are what npm run docs writes from functions.json", () => {
    expect(changelog.updateUnreleased(text(), builtMetadata())).toBe(text());
  });

  it("records each function's optional arguments as optional", () => {
    const record = changelog.recordedFunctions(text());
    for (const f of builtMetadata().functions)
      expect(record.get(f.id).args.map((a: { optional: boolean }) => a.optional)).toEqual(f.parameters.map((p) => Boolean(p.optional)));
  });
});

describe("the changelog's record of the functions", () => {
  const base = released("- Added `DEAL.ONE(a, [b])`.", "- Added `DEAL.TWO(x)`.");

  it("finds an id that functions.json has and no release records", () => {
    const { entries } = changelog.compare(
      changelog.recordedFunctions(base),
      metadataOf(["ONE", ["a", "[b]"]], ["TWO", ["x"]], ["NEW", ["p", "[q]"]]),
    );
    expect(entries).toEqual(["- Added `DEAL.NEW(p, [q])`."]);
  });

  it("finds arguments appended at the end", () => {
    const { entries, problems } = changelog.compare(
      changelog.recordedFunctions(base),
      metadataOf(["ONE", ["a", "[b]", "[c]", "[d]"]], ["TWO", ["x", "[y]"]]),
    );
    expect(problems).toEqual([]);
    expect(entries).toEqual(["- `DEAL.ONE` takes new last arguments: `[c]`, `[d]`.", "- `DEAL.TWO` takes new last argument: `[y]`."]);
  });

  it.each<[string, [string, string[]][], RegExp]>([
    [
      "an argument inserted before a released one",
      [
        ["ONE", ["a", "[c]", "[b]"]],
        ["TWO", ["x"]],
      ],
      /argument 2 is recorded as b but functions.json has c/,
    ],
    [
      "a released argument renamed",
      [
        ["ONE", ["alpha", "[b]"]],
        ["TWO", ["x"]],
      ],
      /argument 1 is recorded as a/,
    ],
    [
      "a released argument dropped",
      [
        ["ONE", ["a"]],
        ["TWO", ["x"]],
      ],
      /argument 2 is recorded as b but functions.json has nothing there/,
    ],
    [
      "a released id gone (or renamed)",
      [
        ["ONE", ["a", "[b]"]],
        ["TWOS", ["x"]],
      ],
      /DEAL\.TWO is recorded but functions.json no longer has it/,
    ],
    [
      "a new argument that is required",
      [
        ["ONE", ["a", "[b]", "c"]],
        ["TWO", ["x"]],
      ],
      /new argument c must be optional/,
    ],
  ])("refuses %s", (_, functions, problem) => {
    const { problems } = changelog.compare(changelog.recordedFunctions(base), metadataOf(...functions));
    expect(problems.join("\n")).toMatch(problem);
    expect(() => changelog.updateUnreleased(base, metadataOf(...functions))).toThrow(problem);
  });

  it("replays the releases oldest first: arguments appended later follow the ones added", () => {
    const twoReleases = base.replace("## 0.1.0", "## 0.2.0\n\n- `DEAL.ONE` takes new last argument: `[c]`.\n\n## 0.1.0");
    const record = changelog.recordedFunctions(twoReleases);
    expect(record.get("ONE").args.map((a: { name: string }) => a.name)).toEqual(["a", "b", "c"]);
    expect(changelog.compare(record, metadataOf(["ONE", ["a", "[b]", "[c]"]], ["TWO", ["x"]]))).toEqual({ entries: [], problems: [] });
  });

  it("writes the Unreleased entries, and an id added twice or extended before it exists is an error", () => {
    const updated = changelog.updateUnreleased(base, metadataOf(["ONE", ["a", "[b]", "[c]"]], ["TWO", ["x"]], ["NEW", ["p"]]));
    expect(updated).toContain("- Added `DEAL.NEW(p)`.\n- `DEAL.ONE` takes new last argument: `[c]`.");
    expect(changelog.recordedFunctions(updated).get("NEW").since).toBe("Unreleased");
    expect(() => changelog.recordedFunctions(released("- Added `DEAL.ONE(a)`.", "- Added `DEAL.ONE(a)`."))).toThrow(/added again/);
    expect(() => changelog.recordedFunctions(released("- `DEAL.ONE` takes new last argument: `[c]`."))).toThrow(
      /no earlier release adds it/,
    );
  });
});
