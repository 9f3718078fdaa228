/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run lint`'s job (tsc --noEmit); tests only transpile.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }],
  },
  moduleNameMapper: {
    // office-addin-mock imports office-addin-manifest, which is ESM-only; the mock needs one enum of it.
    "^office-addin-manifest$": "<rootDir>/test/support/officeAddinManifestShim.ts",
  },
};
