import fs from "fs";
import { builtinModules } from "module";
import path from "path";
import ts from "typescript";
import { DIST, ROOT, filesOf, readDist } from "./support/build";

/**
 * What the add-in ships is safe to load in Excel: no code built from strings, a Content-Security-Policy
 * that lets the pane run only its own scripts and Office.js, no network request of its own, and only
 * production dependencies inside. Checks the build under test (dist/, or DEAL_DIST).
 */

const OFFICE_JS_ORIGIN = "https://appsforoffice.microsoft.com";
/** The scripts Excel loads: every script of the add-in's folder (the shared runtime's page runs functions.js and taskpane.js). */
const addinBundles = () => filesOf(DIST).filter((f) => f.endsWith(".js"));

function findings(pattern: RegExp): string[] {
  const found: string[] = [];
  for (const file of addinBundles()) {
    const code = readDist(file);
    for (const match of code.matchAll(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"))) {
      const at = match.index ?? 0;
      found.push(`${file}: ...${code.slice(Math.max(0, at - 60), at + 60)}...`);
    }
  }
  return found;
}

describe("no code built from strings", () => {
  it("finds the add-in's bundles", () => {
    expect(addinBundles()).toEqual(expect.arrayContaining(["functions.js", "taskpane.js"]));
  });

  it.each<[string, RegExp]>([
    ["eval(", /(?<![\w$])eval\s*\(/],
    ["new Function(", /\bnew\s+Function\s*\(/],
    ['Function("...")', /(?<![\w$.])Function\s*\(\s*["'`]/],
    ['setTimeout("...") / setInterval("...")', /\bset(?:Timeout|Interval)\s*\(\s*["'`]/],
    ["inline source maps", /sourceMappingURL=data:/],
  ])("the bundles contain no %s", (_, pattern) => {
    expect(findings(pattern)).toEqual([]);
  });

  it("webpack's devtool is never an eval one (production: none; development: separate source maps)", async () => {
    const makeConfig = (await import(path.join(ROOT, "webpack.config.js"))).default;
    for (const mode of ["production", "development"]) {
      const configs = await makeConfig({}, { mode });
      expect(configs.map((c: { name: string }) => c.name)).toEqual(["addin", "preview"]);
      for (const { name, devtool } of configs) {
        expect(
          devtool === false || (typeof devtool === "string" && !devtool.includes("eval")) ? "not eval" : `${name}, ${mode}: ${devtool}`,
        ).toBe("not eval");
        if (mode === "production") expect(devtool).toBe(false);
      }
    }
  });
});

// ------------------------------------------------------------------ Content-Security-Policy

function cspOf(html: string): Map<string, string[]> {
  const meta = /<meta\b[^>]*http-equiv=["']?Content-Security-Policy["']?[^>]*>/i.exec(html);
  if (!meta) throw new Error("no Content-Security-Policy meta element");
  const content = /\bcontent=(?:"([^"]*)"|'([^']*)')/i.exec(meta[0]);
  if (!content) throw new Error("the Content-Security-Policy meta element has no content");
  const policy = new Map<string, string[]>();
  for (const directive of (content[1] ?? content[2]).split(";")) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/** Where a directive falls back to default-src, as browsers do. */
function sourcesFor(policy: Map<string, string[]>, directive: string): string[] {
  return policy.get(directive) ?? policy.get("default-src") ?? ["*"];
}

describe.each([
  ["the built pane page (taskpane.html)", () => readDist("taskpane.html")],
  ["its template (src/taskpane/taskpane.html)", () => fs.readFileSync(path.join(ROOT, "src/taskpane/taskpane.html"), "utf8")],
])("the Content-Security-Policy of %s", (_, html) => {
  it("runs scripts only from the page's own origin and the Office.js host", () => {
    const scripts = sourcesFor(cspOf(html()), "script-src");
    expect([...scripts].sort()).toEqual(["'self'", OFFICE_JS_ORIGIN].sort());
  });

  it("allows no eval, no inline script, no wildcard, and no plugin content", () => {
    const policy = cspOf(html());
    for (const [directive, sources] of policy) {
      expect(
        sources.filter((s) => s === "'unsafe-eval'" || s === "'wasm-unsafe-eval'" || s.includes("*")).map((s) => `${directive} ${s}`),
      ).toEqual([]);
    }
    expect(sourcesFor(policy, "script-src")).not.toContain("'unsafe-inline'");
    expect(sourcesFor(policy, "object-src")).toEqual(["'none'"]);
    expect(sourcesFor(policy, "base-uri")).toEqual(["'self'"]);
  });

  it("names no origin but its own and Office.js's in any directive", () => {
    const allowed = new Set(["'self'", "'none'", "'unsafe-inline'", "data:", OFFICE_JS_ORIGIN]);
    const others = [...cspOf(html())].flatMap(([directive, sources]) =>
      sources.filter((s) => !allowed.has(s)).map((s) => `${directive} ${s}`),
    );
    expect(others).toEqual([]);
    // Inline styles only: Fluent's web components style themselves with <style> elements.
    const inline = [...cspOf(html())].filter(([, sources]) => sources.includes("'unsafe-inline'")).map(([d]) => d);
    expect(inline).toEqual(["style-src"]);
  });

  it("loads scripts the policy allows, and no inline script the policy would block", () => {
    const scripts = [...html().matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      const src = /\bsrc=["']?([^"' >]+)/i.exec(attributes)?.[1];
      expect(src ? "has src" : `inline script: ${body.slice(0, 80)}`).toBe("has src");
      expect(body.trim()).toBe("");
      const isOwn = !/^[a-z]+:|^\/\//i.test(src!);
      expect(isOwn || src!.startsWith(`${OFFICE_JS_ORIGIN}/`) ? "allowed" : src).toBe("allowed");
    }
    expect(html()).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers either
  });
});

// ------------------------------------------------------------------ no network request of its own

describe("no network request from the add-in but Office.js", () => {
  it.each<[string, RegExp]>([
    ["fetch()", /(?<![\w$])fetch\s*\(/],
    ["XMLHttpRequest", /\bXMLHttpRequest\b/],
    ["WebSocket", /\bWebSocket\b/],
    ["EventSource", /\bEventSource\b/],
    ["sendBeacon", /\bsendBeacon\b/],
    ["importScripts", /\bimportScripts\b/],
    ["a Worker", /\bnew\s+(?:Shared)?Worker\s*\(/],
    ["a dynamic import()", /(?<![\w$.])import\s*\(/],
  ])("the bundles do not use %s", (_, pattern) => {
    expect(findings(pattern)).toEqual([]);
  });

  it("the bundles name no other origin (XML namespace names are identifiers, never fetched)", () => {
    const namespaces = new Set([
      "http://www.w3.org/2000/svg",
      "http://www.w3.org/1999/xhtml",
      "http://www.w3.org/1999/xlink",
      "http://www.w3.org/XML/1998/namespace",
      // The shared workbook's writer (src/workbook/xlsx/): Dublin Core in its document properties.
      "http://purl.org/dc/elements/1.1/",
    ]);
    // ...and the OOXML namespaces and relationship types of ECMA-376, all under this one root.
    const ooxml = /^http:\/\/schemas\.openxmlformats\.org\/(?:spreadsheetml|drawingml|officeDocument|package)\/2006\/[\w/-]+$/;
    const urls = addinBundles().flatMap((file) =>
      [...readDist(file).matchAll(/\b(?:https?|wss?|ftp):\/\/[^\s"'`)<>\\]*/gi)]
        .map((m) => m[0])
        .filter((url) => !namespaces.has(url) && !ooxml.test(url))
        .map((url) => `${file}: ${url}`),
    );
    expect(urls).toEqual([]);
  });

  it("the pane page loads nothing from another origin but Office.js", () => {
    const html = readDist("taskpane.html");
    const references = [...html.matchAll(/\b(?:src|href)=["']?([^"' >]+)/gi)].map((m) => m[1]);
    expect(references.length).toBeGreaterThan(0);
    const foreign = references.filter((ref) => /^[a-z]+:|^\/\//i.test(ref) && !ref.startsWith(`${OFFICE_JS_ORIGIN}/`));
    expect(foreign).toEqual([]);
  });
});

// ------------------------------------------------------------------ dependencies

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** The packages a package specifier names: "@fluentui/web-components/x" is "@fluentui/web-components". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * Every package imported at run time by the code an entry point reaches through src/ (type-only imports
 * are erased by the compiler and do not count).
 */
function runtimePackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>(); // package -> the first file importing it
  const seen = new Set<string>();
  const resolve = (from: string, specifier: string): string => {
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")])
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    throw new Error(`${path.relative(ROOT, from)} imports ${specifier}, which does not resolve`);
  };
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    if (!file.endsWith(".ts")) return; // a stylesheet or other asset
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const walk = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier))
        specifiers.push(node.moduleSpecifier.text);
      else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        specifiers.push(node.moduleSpecifier.text);
      else if (
        ts.isCallExpression(node) &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === "require"))
      ) {
        const [arg] = node.arguments;
        if (arg && ts.isStringLiteral(arg)) specifiers.push(arg.text);
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) visit(resolve(file, specifier));
      else if (!packages.has(packageOf(specifier))) packages.set(packageOf(specifier), path.relative(ROOT, file));
    }
  };
  visit(path.join(ROOT, entry));
  return packages;
}

describe("dependencies", () => {
  const ALLOWED_PRODUCTION = ["decimal.js", "@fluentui/web-components"];

  it("production dependencies are only what the add-in runs: decimal arithmetic and the UI library", () => {
    expect(Object.keys(pkg.dependencies).filter((d) => !ALLOWED_PRODUCTION.includes(d))).toEqual([]);
  });

  it("every production dependency is run by the add-in (the preview's chart library is a devDependency)", () => {
    const reached = new Set([...runtimePackages("src/functions/index.ts").keys(), ...runtimePackages("src/taskpane/index.ts").keys()]);
    expect(Object.keys(pkg.dependencies).filter((d) => !reached.has(d))).toEqual([]);
  });

  it.each(["src/functions/index.ts", "src/taskpane/index.ts"])("%s imports, through src/, only production dependencies", (entry) => {
    const packages = runtimePackages(entry);
    expect(packages.size).toBeGreaterThan(0);
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const notProduction = [...packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (from ${file})`);
    expect(notProduction).toEqual([]);
    expect([...packages.keys()].filter((name) => builtins.has(name))).toEqual([]);
  });

  it("the import walk sees what the bundles contain (decimal.js in the functions, Fluent in the pane)", () => {
    expect([...runtimePackages("src/functions/index.ts").keys()]).toContain("decimal.js");
    expect([...runtimePackages("src/taskpane/index.ts").keys()]).toContain("@fluentui/web-components");
    expect(readDist("functions.js")).toMatch(/DecimalError/);
    expect(readDist("taskpane.js")).toMatch(/fluent-button|fluentButton/);
  });

  it("no package is both a production and a development dependency", () => {
    expect(Object.keys(pkg.dependencies).filter((d) => d in pkg.devDependencies)).toEqual([]);
  });

  it("npm run audit checks the production dependencies for high and critical advisories", () => {
    expect(pkg.scripts.audit).toMatch(/^npm audit --omit=dev --audit-level=(high|moderate|low)$/);
  });
});
