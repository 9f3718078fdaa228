/** @jest-environment jsdom */
import fs from "fs";
import path from "path";
import { ymdToSerial } from "../../src/engine/dates";
import { mountPane } from "../../src/taskpane/pane";
import { FIELDS, fieldTestId } from "../../src/model/fields";
import { NAMES } from "../../src/model/sheets";
import { FakeGateway } from "./fakeGateway";

/**
 * The pane's DOM in jsdom against the in-memory workbook. The Fluent components cannot load in jest
 * (they are ES modules only), so the pane runs on the same elements unregistered: the tests set
 * `.value` / `.checked` and dispatch the events the components dispatch ("input", "change", "click").
 */

const fluent = { registerFluent: jest.fn(), setLayerLuminance: jest.fn(), followColorScheme: jest.fn() };
jest.mock("../../src/taskpane/fluent", () => fluent);

type Control = HTMLElement & { value?: string; checked?: boolean };

const TODAY = ymdToSerial(2026, 5, 1);
let root: HTMLElement;
let dispose: () => Promise<void>;

async function mount(gateway = new FakeGateway(), theme?: { bodyBackgroundColor: string; bodyForegroundColor?: string }) {
  root = document.createElement("div");
  document.body.append(root);
  const pane = await mountPane(root, gateway, { today: TODAY, theme });
  dispose = pane.dispose;
  return gateway;
}

const byTestId = (id: string) => root.querySelector(`[data-testid="${id}"]`) as Control;
const text = (id: string) => byTestId(id)?.textContent ?? "";
/** Lets the pane's work run: a build or a write yields to the event loop between its sheets, so several turns. */
async function settle() {
  for (let turn = 0; turn < 40; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}
/** A build yields between its sheets: it is over when the status is no longer busy. */
async function settleBuild() {
  do await settle();
  while (document.querySelector("[data-testid=status]")?.getAttribute("data-kind") === "busy");
}

async function type(id: string, value: string, commit = true) {
  const control = byTestId(id);
  control.value = value;
  control.dispatchEvent(new Event("input", { bubbles: true }));
  if (commit) control.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

afterEach(async () => {
  await dispose?.();
  root?.remove();
});

describe("the pane's DOM", () => {
  it("registers the Fluent components and follows the Office theme", async () => {
    await mount(new FakeGateway(), { bodyBackgroundColor: "#1f1f1f", bodyForegroundColor: "#ffffff" });
    expect(fluent.registerFluent).toHaveBeenCalled();
    expect(fluent.setLayerLuminance).toHaveBeenCalledWith(root, expect.any(Number));
    expect(fluent.setLayerLuminance.mock.calls.at(-1)![1]).toBeLessThan(0.05);
    expect(root.dataset.theme).toBe("dark");
    expect(root.style.getPropertyValue("--pane-background")).toBe("#1f1f1f");
  });

  it("has every field, with its test id, a label and a message slot", async () => {
    await mount();
    for (const field of FIELDS) {
      const control = byTestId(fieldTestId(field.key));
      expect(control ? field.key : `${field.key} missing`).toBe(field.key);
      const label = control.getAttribute("aria-labelledby");
      const name = label ? document.getElementById(label)?.textContent : control.textContent;
      expect(name).toContain(field.label);
      const message = document.getElementById(control.getAttribute("aria-describedby")!.split(" ")[0])!;
      expect(message.getAttribute("role")).toBe("alert");
    }
  });

  it("lists the controls in reading order: the first screen (terms, sections, Build model), deal, sections with results before inputs, scenarios (the keyboard's tab order)", async () => {
    await mount();
    const order = [...root.querySelectorAll("[data-testid]")].map((e) => e.getAttribute("data-testid"));
    const at = (id: string) => order.indexOf(id);
    expect(at("preset")).toBeLessThan(at("section-stake"));
    expect(at("section-agi")).toBeLessThan(at("build-model"));
    expect(at("build-model")).toBeLessThan(at("share-values"));
    expect(at("share-values")).toBeLessThan(at("field-agi-date"));
    expect(at("field-as-of")).toBeLessThan(at("results-stake"));
    expect(at("results-revshare")).toBeLessThan(at("field-revshare-rate"));
    expect(at("results-drawdown")).toBeLessThan(at("scenario-name"));
    expect(at("share-values")).toBeLessThan(at("scenario-name"));
    expect(root.querySelectorAll("[tabindex]").length).toBe(0);
  });

  it("shows live results, announces a changed result once in the live region", async () => {
    await mount();
    const before = text("result-revshare-total");
    expect(before).toMatch(/^\$[\d,]+$/);
    expect(byTestId("live").getAttribute("aria-live")).toBe("polite");
    await type("field-revshare-rate", "25", false);
    expect(text("result-revshare-total")).not.toBe(before);
    expect(text("live")).toMatch(/^Revenue share: paid in total|^Revenue share: Revenue share paid in total/);
    expect(text("result-stake")).toBe("27.0%");
    expect(text("result-term-stake-as-converted")).toBe("32.5%");
    expect(text("result-implied-valuation")).toBe("$500,000,000,000");
  });

  it("shows a message at the field, never a thrown error or a silent zero", async () => {
    await mount();
    await type("field-revshare-rate", "lots");
    expect(text("message-revshare-rate")).toMatch(/Enter a percentage/);
    expect(byTestId("field-revshare-rate").getAttribute("aria-invalid")).toBe("true");
    expect(byTestId("results-revshare").dataset.state).toBe("unavailable");
    expect(text("issue-revshare")).toMatch(/Fix Rate/);
    await type("field-revshare-rate", "150");
    expect(text("message-revshare-rate")).toBe("Rate must be from 0% to 100%; 150% is not.");
    await type("field-revshare-rate", "20");
    expect(text("message-revshare-rate")).toBe("");
    expect(byTestId("field-revshare-rate").hasAttribute("aria-invalid")).toBe(false);
  });

  it("labels each starting figure: reported, official, illustrative", async () => {
    await mount();
    expect(text("figure-revshare-rate")).toBe("reported");
    expect(byTestId("figure-revshare-rate").getAttribute("title")).toMatch(/Bloomberg/);
    expect(text("figure-valuation-stake-value")).toBe("official");
    expect(text("figure-drawdown-start")).toBe("illustrative");
    expect(byTestId("preset-info").dataset.status).toBe("official");
  });

  it("applies a preset chosen in the picker, and says a reported preset is reported", async () => {
    await mount();
    const preset = byTestId("preset");
    expect(root.querySelector('[data-testid="option-preset-2026-04"]')).not.toBeNull();
    preset.value = "2026-04";
    preset.dispatchEvent(new Event("change"));
    await settle();
    expect(byTestId("field-revshare-cap").value).toBe("38,000,000,000");
    expect(byTestId("preset-info").dataset.status).toBe("reported");
    expect(text("preset-info")).toMatch(/^Reported, not official/);
    expect(text("figure-revshare-cap")).toBe("reported");
  });

  it("shows the fields a choice needs and hides the others", async () => {
    await mount();
    const capTable = byTestId("field-stake-cap-table").closest(".field") as HTMLElement;
    expect(capTable.hidden).toBe(true);
    await type("field-stake-source", "captable");
    expect(capTable.hidden).toBe(false);
    expect(text("result-stake-as-converted")).toMatch(/%$/);
  });

  it("builds the chosen sections, writes a committed edit to its cell, and follows the grid", async () => {
    const gateway = await mount();
    const rights = byTestId("section-rights");
    rights.checked = false;
    rights.dispatchEvent(new Event("change"));
    byTestId("build-model").click();
    await settleBuild();
    expect([...gateway.sheets.keys()]).toEqual([
      "Deal Terms",
      "Deal Stake",
      "Deal Valuation",
      "Deal RevShare",
      "Deal Drawdown",
      "Deal AGI",
    ]);
    expect(text("status")).toMatch(/^Model built/);
    await type("field-revshare-rate", "22");
    expect(gateway.writes()).toEqual([{ name: NAMES.revshareRate, value: 0.22 }]);
    gateway.gridEditName(NAMES.revshareRate, 0.3);
    await settle();
    expect(byTestId("field-revshare-rate").value).toBe("30");
    expect(gateway.writes()).toHaveLength(1);
    byTestId("share-values").click();
    await settle();
    expect(text("shared-sheets")).toBe("Shared: Deal Terms, Deal Stake, Deal Valuation, Deal RevShare, Deal Drawdown, Deal AGI");
    expect(text("status")).toMatch(/"Book1 \(values\)\.xlsx"/);
    expect([...gateway.sheets.keys()]).toEqual([
      "Deal Terms",
      "Deal Stake",
      "Deal Valuation",
      "Deal RevShare",
      "Deal Drawdown",
      "Deal AGI",
    ]);
  });

  it("saves, applies, renames, deletes and compares scenarios from the list", async () => {
    const gateway = await mount();
    await type("scenario-name", "Base");
    byTestId("scenario-save").click();
    await settle();
    await type("field-revshare-rate", "30");
    await type("scenario-name", "High");
    byTestId("scenario-save").click();
    await settle();
    const items = () => [...root.querySelectorAll('[data-testid="scenario-item"]')] as HTMLElement[];
    expect(items().map((i) => i.dataset.name)).toEqual(["Base", "High"]);
    (items()[0].querySelector('[data-testid="scenario-apply"]') as HTMLElement).click();
    await settle();
    expect(byTestId("field-revshare-rate").value).toBe("20");
    byTestId("compare-a").value = "Base";
    byTestId("compare-b").value = "High";
    byTestId("scenario-compare").click();
    await settle();
    const row = root.querySelector('[data-testid="compare-table"] tr[data-key="revshareTotal"]')!;
    expect(row.querySelectorAll("td")[2].textContent).toMatch(/^\+\$/);
    expect(root.querySelector('[data-testid="compare-inputs"] tr[data-key="revshareRate"]')!.textContent).toContain("30");
    (items()[1].querySelector('[data-testid="scenario-rename"]') as HTMLElement).click();
    await settle();
    const field = items()[1].querySelector('[data-testid="scenario-rename-name"]') as Control;
    expect(field.value).toBe("High");
    field.value = "Higher";
    (items()[1].querySelector('[data-testid="scenario-rename-confirm"]') as HTMLElement).click();
    await settle();
    (items()[0].querySelector('[data-testid="scenario-delete"]') as HTMLElement).click();
    await settle();
    expect(items().map((i) => i.dataset.name)).toEqual(["Higher"]);
    expect(gateway.scenarioRows.map((r) => r[0])).toEqual(["Higher"]);
    expect(text("scenario-deleted")).toBe("Deleted “Base”. Undo");
  });

  it("lists scenario rows it cannot read, with their row and reason", async () => {
    const gateway = new FakeGateway();
    gateway.setScenarioRows([["From the future", 9, "", "{}"]]);
    await mount(gateway);
    const problem = root.querySelector('[data-testid="scenario-problem"]') as HTMLElement;
    expect(problem.dataset.row).toBe("1");
    expect(problem.textContent).toMatch(/^Row 1 \("From the future"\) is skipped: Written by a newer version/);
  });
});

describe("taskpane.html", () => {
  const html = fs.readFileSync(path.join(__dirname, "../../src/taskpane/taskpane.html"), "utf8");
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? "";
  const directive = (name: string) =>
    csp
      .split(";")
      .map((d) => d.trim())
      .find((d) => d.startsWith(`${name} `)) ?? "";

  it("allows only its own scripts and Office.js's host, and no eval", () => {
    expect(directive("script-src").split(/\s+/).slice(1).sort()).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*;?\s*script|\*/);
    expect(directive("default-src")).toBe("default-src 'self'");
    expect(directive("object-src")).toBe("object-src 'none'");
  });

  it("loads Office.js from Microsoft's CDN and has the root the pane mounts on", () => {
    expect(html).toContain('src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"');
    expect(html).toContain('id="app"');
    expect(html).not.toMatch(/<script>[^<]/);
  });
});
