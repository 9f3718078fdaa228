import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";
import globals from "globals";

/**
 * The layers of src/ (CONTRIBUTING.md, "The import map", draws the same map). Imports point one way:
 * taskpane -> model -> functions -> engine; the model and the pane see the workbook only through its
 * interface modules; only the preview sees the embedded workbook and its file libraries.
 *
 * Each folder has one block below, and the blocks' file globs never overlap: ESLint does not merge the
 * options of a rule set twice, the later block would silently replace the earlier one.
 * The patterns read import specifiers as written, relative to the importing file.
 */

/**
 * The workbook interface modules: pure TypeScript, no workbook calls: the gateway's types, A1 references,
 * sheet specs, styles, how Excel reads typing, the build record, the build planner and the scenario
 * table's rules.
 */
const WORKBOOK_INTERFACE = "(types|a1|sheetSpec|styles|typed|buildRecord|buildPlan|buildSteps|scenarioTable)";

/** A relative import that climbs out of the importer's folder into one of these top-level folders of src/. */
const into = (folders) => `^(\\.\\./)+(${folders})(/|$)`;

const restrict = (...patterns) => ["error", { patterns }];
const rule = (regex, message) => ({ regex, message });

const noPackages = (message) => rule("^[^.]", message);
const onlyPackages = (names, message) => rule(`^(?!\\.|(${names.map((n) => n.replace(/[.]/g, "\\.")).join("|")})(/|$))`, message);

const layers = [
  {
    // The engine is pure: no Office, no DOM, nothing of ours outside it, no package but decimal.js.
    files: ["src/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule("^\\.\\./", "src/engine imports nothing of ours outside src/engine."),
        onlyPackages(["decimal.js"], "src/engine uses no package but decimal.js."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window", "CustomFunctions"],
    },
  },
  {
    // Thin adapters: argument coercion, an engine call, results to cells.
    files: ["src/functions/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(into("model|taskpane|workbook|preview"), "src/functions imports only src/engine."),
        noPackages("src/functions uses packages only through src/engine."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window"],
    },
  },
  {
    // The deal model: fields, parsing, each section's DEAL calls, sheet specs. No workbook calls.
    files: ["src/model/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(into("taskpane|preview"), "src/model imports only src/functions, src/engine and the workbook interface."),
        rule(
          `^(\\.\\./)+workbook/(?!${WORKBOOK_INTERFACE}$)`,
          "src/model uses the workbook interface only (types, a1, sheetSpec, styles, typed, buildRecord, buildPlan, buildSteps, scenarioTable).",
        ),
        noPackages("src/model uses no package."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window"],
    },
  },
  {
    // The workbook interface modules are pure: they import only each other and the engine's date helpers.
    files: ["src/workbook/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(
          `^(\\.\\./(?!engine/dates$)|\\./(?!(${WORKBOOK_INTERFACE}|xlsx/[a-z]+)$))`,
          "The workbook interface modules import only each other, the .xlsx writer and the engine's date helpers.",
        ),
        noPackages("The workbook interface modules use no package."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window"],
    },
  },
  {
    // The .xlsx writer (shared values workbooks, the preview's charts): pure, on the workbook interface only.
    files: ["src/workbook/xlsx/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(`^(\\.\\./\\.\\./|\\.\\./(?!${WORKBOOK_INTERFACE}$))`, "src/workbook/xlsx imports only the workbook interface."),
        noPackages("src/workbook/xlsx uses no package: the add-in's bundles carry no zip or spreadsheet library."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel", "document", "window"],
    },
  },
  {
    // The Office.js workbook: the interface and the engine's helpers; never the embedded one.
    files: ["src/workbook/office/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule("^\\.\\./embedded(/|$)", "src/workbook/office never imports src/workbook/embedded."),
        rule(into("functions|model|taskpane|preview"), "src/workbook/office imports only the workbook interface and src/engine."),
        noPackages("src/workbook/office talks to Excel through the Office.js globals only."),
      ),
    },
  },
  {
    // The embedded workbook (HyperFormula): the interface and the engine's helpers; never the Office.js one.
    files: ["src/workbook/embedded/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule("^\\.\\./office(/|$)", "src/workbook/embedded never imports src/workbook/office."),
        rule(into("functions|model|taskpane|preview"), "src/workbook/embedded imports only the workbook interface and src/engine."),
        onlyPackages(["hyperformula"], "src/workbook/embedded uses no package but hyperformula."),
      ),
      "no-restricted-globals": ["error", "Office", "Excel"],
    },
  },
  {
    // The pane: the model and the workbook interface. Its entry point is the one file that picks the Office.js workbook.
    files: ["src/taskpane/**/*.ts"],
    ignores: ["src/taskpane/index.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(into("engine|functions|preview"), "src/taskpane imports only src/model and the workbook interface."),
        rule(`^(\\.\\./)+workbook/(?!${WORKBOOK_INTERFACE}$)`, "src/taskpane talks to the workbook through its interface (types) only."),
        onlyPackages(["@fluentui/web-components"], "src/taskpane uses no package but @fluentui/web-components."),
      ),
    },
  },
  {
    files: ["src/taskpane/index.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule(into("engine|functions|preview"), "src/taskpane imports only src/model and the workbook interface."),
        rule(
          `^(\\.\\./)+workbook/(?!(${WORKBOOK_INTERFACE}|office/officeWorkbook)$)`,
          "src/taskpane/index.ts constructs the Office.js workbook (office/officeWorkbook); nothing else of the implementations.",
        ),
        onlyPackages(["@fluentui/web-components"], "src/taskpane uses no package but @fluentui/web-components."),
      ),
    },
  },
  {
    // The preview composes everything (pane, functions, embedded workbook, .xlsx, charts), but never Office.js's workbook.
    files: ["src/preview/**/*.ts"],
    rules: {
      "no-restricted-imports": restrict(
        rule("^(\\.\\./)+workbook/office(/|$)", "The preview runs the embedded workbook, never the Office.js one."),
      ),
    },
  },
];

export default tseslint.config(
  {
    ignores: ["dist/**", "dist-preview/**", "node_modules/**", "coverage/**", "bench/results.json", "bench/build/**", "test-results/**"],
  },
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
  ...layers,
);
