import fs from "fs";
import path from "path";
import { ROOT } from "./support/build";
import { builtMetadata } from "./support/formulaHost";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference = require("../scripts/function-reference.js");

describe("docs", () => {
  it("docs/functions.md carries the function reference generated from the JSDoc (run `npm run docs` after changing it)", () => {
    const page = fs.readFileSync(path.join(ROOT, "docs/functions.md"), "utf8");
    expect(reference.update(page, builtMetadata())).toBe(page);
  });

  it("the README has the two quick-start commands", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
});
