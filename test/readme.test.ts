import fs from "fs";
import path from "path";
import { ROOT } from "./support/build";
import { builtMetadata } from "./support/formulaHost";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference = require("../scripts/function-reference.js");

const read = (name: string) => fs.readFileSync(path.join(ROOT, name), "utf8");

describe("docs", () => {
  it("docs/functions.md carries the function reference generated from the JSDoc (run `npm run docs` after changing it)", () => {
    const page = read("docs/functions.md");
    expect(reference.update(page, builtMetadata())).toBe(page);
  });

  it("the README's functions at a glance are generated from the JSDoc too", () => {
    const readme = read("README.md");
    expect(reference.updateReadme(readme, builtMetadata())).toBe(readme);
    for (const f of builtMetadata().functions) expect(readme).toContain(`| \`DEAL.${f.id}(`);
  });

  it("the README has the two quick-start commands, and stays short (at most 200 lines)", () => {
    const readme = read("README.md");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
  });

  it("the README's and the docs' links lead to files that exist", () => {
    for (const page of [
      "README.md",
      "CONTRIBUTING.md",
      "SECURITY.md",
      "CHANGELOG.md",
      ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
    ]) {
      const links = [...read(page).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
      for (const href of links)
        expect(fs.existsSync(path.join(ROOT, path.dirname(page), href)) ? href : `${page} links to missing ${href}`).toBe(href);
    }
  });
});

describe("the reference's returns, read from the JSDoc @returns of src/functions", () => {
  const returns = reference.readReturns();

  it("has a @returns text for every function Excel sees", () => {
    for (const f of builtMetadata().functions) expect(returns.get(f.id)?.text ? f.id : `${f.id} has no @returns text`).toBe(f.id);
  });

  it("says what each returns and which columns a schedule spills", () => {
    const page = read("docs/functions.md");
    expect(page).toContain("**Returns** (a number): Implied value of the whole equity.");
    expect(page).toContain("**Spilled columns:** `Period start` · `Period end` · `Draw` · `Cumulative` · `Remaining`");
    expect(page).toContain("**Spilled columns:** `Holder` · `Units` · `Ownership`");
  });

  it.each<[string, string, string[]]>([
    ["Period start | Period end | Draw | Cumulative | Remaining.", "", ["Period start", "Period end", "Draw", "Cumulative", "Remaining"]],
    ["Right | Active | Ends (the last day in force).", "", ["Right", "Active", "Ends (the last day in force)"]],
    ["The schedule.", "Spills the table on one basis: Holder | Units | Ownership, one row per holder.", ["Holder", "Units", "Ownership"]],
    ["The path.", "Spills a stake after each round: Round | Stake after. =DEAL.X(1, 2) gives 0.27.", ["Round", "Stake after"]],
    ["The schedule, one row per period.", "Spills Period end, Revenue and Paid.", []],
  ])("reads the spilled columns of %j", (returnText, description, columns) => {
    expect(reference.spilledColumns(returnText, description)).toEqual(columns);
  });
});
