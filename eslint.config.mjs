import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "bench/results.json", "bench/build/**", "test-results/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        ...globals.browser,
        ...globals.node,
        Office: "readonly",
        Excel: "readonly",
        CustomFunctions: "readonly",
        OfficeRuntime: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The engine is pure: no Office, no DOM, nothing from the other layers.
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: ["../functions/*", "../taskpane/*", "../workbook/*", "hyperformula", "@fluentui/*", "chart.js"] },
      ],
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window", "CustomFunctions"],
    },
  },
);
