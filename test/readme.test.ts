import fs from "fs";
import path from "path";
import { ROOT } from "./support/build";
import { builtMetadata } from "./support/formulaHost";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const reference = require("../scripts/function-reference.js");

describe("README", () => {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

  it("carries the function reference generated from the JSDoc (run `npm run docs` after changing it)", () => {
    expect(reference.update(readme, builtMetadata())).toBe(readme);
  });

  it("has the two quick-start commands", () => {
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
  });
});
