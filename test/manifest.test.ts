/**
 * @jest-environment jsdom
 */
import fs from "fs";
import path from "path";
import { DIST, ROOT, readDist } from "./support/build";

const DEV_ORIGIN = "https://localhost:3000";

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`manifest is not well-formed: ${error.textContent}`);
  return doc;
}

const all = (doc: Document, tag: string) => Array.from(doc.getElementsByTagName(tag));

describe.each([
  ["source manifest.xml", () => fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8")],
  ["built dist/manifest.xml", () => readDist("manifest.xml")],
])("%s", (_label, read) => {
  const doc = parse(read());

  it("is a task-pane add-in for Excel workbooks", () => {
    expect(doc.documentElement.getAttribute("xsi:type")).toBe("TaskPaneApp");
    expect(all(doc, "Host").some((h) => h.getAttribute("Name") === "Workbook")).toBe(true);
    expect(all(doc, "Host").some((h) => h.getAttribute("xsi:type") === "Workbook")).toBe(true);
  });

  it("has a fixed GUID, a provider and a support URL", () => {
    expect(all(doc, "Id")[0].textContent).toBe("6f1d2c8a-3b7e-4c59-9a0d-5e2f8b4c1a73");
    expect(all(doc, "ProviderName")[0].textContent?.trim()).not.toBe("");
    expect(all(doc, "SupportUrl")[0].getAttribute("DefaultValue")).toMatch(/^https:\/\//);
  });

  it("requires SharedRuntime 1.1 and runs one long-lived runtime", () => {
    const set = all(doc, "Set").find((s) => s.getAttribute("Name") === "SharedRuntime");
    expect(set?.getAttribute("MinVersion")).toBe("1.1");
    const runtimes = all(doc, "Runtime");
    expect(runtimes).toHaveLength(1);
    expect(runtimes[0].getAttribute("lifetime")).toBe("long");
  });

  it("declares the DEAL namespace and runs the functions on the task-pane page", () => {
    const point = all(doc, "ExtensionPoint").find((e) => e.getAttribute("xsi:type") === "CustomFunctions")!;
    expect(point).toBeDefined();
    const ns = point.getElementsByTagName("Namespace")[0].getAttribute("resid")!;
    const nsString = all(doc, "bt:String").find((s) => s.getAttribute("id") === ns);
    expect(nsString?.getAttribute("DefaultValue")).toBe("DEAL");
    const pageResid = point.getElementsByTagName("Page")[0].getElementsByTagName("SourceLocation")[0].getAttribute("resid");
    expect(pageResid).toBe(all(doc, "Runtime")[0].getAttribute("resid"));
  });

  it("has a ribbon button that opens the pane, with 16, 32 and 80 px icons", () => {
    const action = all(doc, "Action").find((a) => a.getAttribute("xsi:type") === "ShowTaskpane");
    expect(action).toBeDefined();
    const sizes = all(doc, "bt:Image")
      .map((i) => i.getAttribute("size"))
      .filter(Boolean);
    expect(new Set(sizes)).toEqual(new Set(["16", "32", "80"]));
  });

  it("resolves every resid", () => {
    const ids = new Set(
      all(doc, "*")
        .filter((e) => e.parentElement?.parentElement?.tagName === "Resources")
        .map((e) => e.getAttribute("id")),
    );
    const resids = all(doc, "*")
      .map((e) => e.getAttribute("resid"))
      .filter((r): r is string => r !== null);
    expect(resids.length).toBeGreaterThan(10);
    for (const resid of resids) expect(ids).toContain(resid);
  });

  it("points every add-in URL at a file the build emits", () => {
    const urls = all(doc, "*")
      .map((e) => e.getAttribute("DefaultValue"))
      .filter((v): v is string => v !== null && /^https:\/\//.test(v));
    const origins = new Set(urls.map((u) => new URL(u).origin));
    expect(origins.size).toBe(1);
    for (const url of urls) {
      const file = path.join(DIST, decodeURIComponent(new URL(url).pathname));
      expect(fs.existsSync(file) ? url : `${url} (no ${file})`).toBe(url);
    }
  });
});

describe("production manifest", () => {
  it("has no development URL left", () => {
    expect(readDist("manifest.xml")).not.toContain(DEV_ORIGIN);
  });
});
