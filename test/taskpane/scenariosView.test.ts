/** @jest-environment jsdom */
import { ymdToSerial } from "../../src/engine/dates";
import { mountPane } from "../../src/taskpane/pane";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { dealSource } from "../support/formulaHost";
import { embeddedHarness } from "../workbook/scenarioHarness";

/**
 * Issue 13, item 7, in the pane's DOM (jsdom, on the embedded workbook): saving under an existing name
 * asks first, a delete offers an undo where the row was, rename is an inline action on the row, a
 * co-author's change is said in plain words (who, what, when) with overwrite / keep both / cancel, and
 * every message appears next to what it is about. Task panes have no browser dialogs: none is used.
 */

const fluent = { registerFluent: jest.fn(), setLayerLuminance: jest.fn(), followColorScheme: jest.fn() };
jest.mock("../../src/taskpane/fluent", () => fluent);

type Control = HTMLElement & { value?: string };

const TODAY = ymdToSerial(2026, 5, 1);
const mounted: { root: HTMLElement; dispose(): Promise<void> }[] = [];

function memoryStorage(author: string) {
  const items = new Map([["deal-modeller.author", author]]);
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

async function mount(wb: EmbeddedWorkbook, author = "") {
  const root = document.createElement("div");
  document.body.append(root);
  const pane = await mountPane(root, wb, { today: TODAY, storage: memoryStorage(author) } as Parameters<typeof mountPane>[2]);
  mounted.push({ root, dispose: pane.dispose });
  const byTestId = (id: string, within: ParentNode = root) => within.querySelector(`[data-testid="${id}"]`) as Control | null;
  const items = () => [...root.querySelectorAll('[data-testid="scenario-item"]')] as HTMLElement[];
  const item = (name: string) => items().find((i) => i.dataset.name === name)!;
  return { root, byTestId, items, item };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function type(control: Control, value: string) {
  control.value = value;
  control.dispatchEvent(new Event("input", { bubbles: true }));
  control.dispatchEvent(new Event("change", { bubbles: true }));
  await settle();
}

async function click(control: Element | null) {
  if (!control) throw new Error("nothing to click");
  (control as HTMLElement).click();
  await settle();
}

async function save(pane: Awaited<ReturnType<typeof mount>>, name: string) {
  await type(pane.byTestId("scenario-name")!, name);
  await click(pane.byTestId("scenario-save"));
}

let confirmSpy: jest.SpyInstance;
let alertSpy: jest.SpyInstance;
beforeEach(() => {
  confirmSpy = jest.spyOn(window, "confirm").mockImplementation(() => true);
  alertSpy = jest.spyOn(window, "alert").mockImplementation(() => undefined);
});

afterEach(async () => {
  expect(confirmSpy).not.toHaveBeenCalled();
  expect(alertSpy).not.toHaveBeenCalled();
  for (const pane of mounted.splice(0)) {
    await pane.dispose();
    pane.root.remove();
  }
});

describe("issue 13, item 7: plain actions on the scenario list", () => {
  it("saving under a name that exists asks first, beside the save controls, and writes nothing until answered", async () => {
    const wb = new EmbeddedWorkbook(dealSource());
    const table = embeddedHarness(wb);
    const pane = await mount(wb);
    await save(pane, "Base");
    await type(pane.byTestId("field-revshare-rate")!, "30");
    await save(pane, "Base");
    const controls = pane.byTestId("scenario-save-controls")!;
    const prompt = pane.byTestId("scenario-prompt", controls)!;
    expect(prompt.textContent).toMatch(
      /A scenario named “Base” exists \(saved 2026-.*\)\. Overwrite it with the current inputs, keep both/,
    );
    expect(prompt.getAttribute("role")).toBe("alertdialog");
    expect([...prompt.querySelectorAll("fluent-button")].map((b) => b.textContent)).toEqual(["Overwrite", "Keep both", "Cancel"]);
    expect(table.body()).toHaveLength(1);
    expect(JSON.parse(String(table.body()[0][3])).revshareRate).toBe(0.2);
    await click(pane.byTestId("scenario-choice-overwrite", prompt));
    expect(table.body()).toHaveLength(1);
    expect(JSON.parse(String(table.body()[0][3])).revshareRate).toBe(0.3);
    expect(pane.byTestId("scenario-prompt")).toBeNull();
    await save(pane, "Base");
    await click(pane.byTestId("scenario-choice-keep-both"));
    expect(pane.items().map((i) => i.dataset.name)).toEqual(["Base", "Base (2)"]);
  });

  it("a delete happens at once and offers Undo where the row was; Undo brings it back whole", async () => {
    const wb = new EmbeddedWorkbook(dealSource());
    const table = embeddedHarness(wb);
    const pane = await mount(wb);
    for (const name of ["A", "B", "C"]) await save(pane, name);
    const before = table.body();
    await click(pane.byTestId("scenario-delete", pane.item("B")));
    const list = pane.byTestId("scenario-list")!;
    expect([...list.children].map((li) => li.getAttribute("data-name") ?? li.getAttribute("data-testid"))).toEqual([
      "A",
      "scenario-deleted",
      "C",
    ]);
    expect(pane.byTestId("scenario-deleted")!.textContent).toBe("Deleted “B”. Undo");
    await click(pane.byTestId("scenario-undo"));
    expect(table.body()).toEqual(before);
    expect(pane.items().map((i) => i.dataset.name)).toEqual(["A", "B", "C"]);
  });

  it("rename is an inline action on the row: a field with the name, Rename and Cancel, its messages in the row", async () => {
    const wb = new EmbeddedWorkbook(dealSource());
    const pane = await mount(wb);
    await save(pane, "Base");
    await save(pane, "Other");
    await type(pane.byTestId("scenario-name")!, "not this");
    await click(pane.byTestId("scenario-rename", pane.item("Base")));
    const field = pane.byTestId("scenario-rename-name", pane.item("Base"))!;
    expect(field.value).toBe("Base");
    field.value = "";
    await click(pane.byTestId("scenario-rename-confirm", pane.item("Base")));
    expect(pane.byTestId("scenario-notice", pane.item("Base"))!.textContent).toBe("Give the scenario a name.");
    field.value = "Base case";
    await click(pane.byTestId("scenario-rename-confirm", pane.item("Base")));
    expect(pane.items().map((i) => i.dataset.name)).toEqual(["Base case", "Other"]);
    expect(pane.byTestId("scenario-rename-name")).toBeNull();
    expect(pane.byTestId("scenario-notice", pane.item("Base case"))!.textContent).toBe("Renamed “Base” to “Base case”.");
    await click(pane.byTestId("scenario-rename", pane.item("Other")));
    pane
      .byTestId("scenario-rename-name", pane.item("Other"))!
      .dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    await settle();
    expect(pane.byTestId("scenario-rename-name")).toBeNull();
  });

  it("says a save's problem beside the save controls, not in the model's status line", async () => {
    const wb = new EmbeddedWorkbook(dealSource());
    const pane = await mount(wb);
    const status = pane.byTestId("status")!.textContent;
    await save(pane, "  ");
    expect(pane.byTestId("scenario-notice", pane.byTestId("scenario-save-controls")!)!.textContent).toBe("Give the scenario a name.");
    expect(pane.byTestId("status")!.textContent).toBe(status);
  });

  it("a co-author's change is said with who changed what and when, and offers overwrite, keep both or cancel", async () => {
    const wb = new EmbeddedWorkbook(dealSource());
    const alice = await mount(wb, "Alice");
    const bob = await mount(wb, "Bob");
    await save(alice, "Base");
    // Bob's pane was opened before Alice saved; saving Base, he is asked, and overwrites it with a rate of 30%.
    await type(bob.byTestId("field-revshare-rate")!, "30");
    await save(bob, "Base");
    await click(bob.byTestId("scenario-choice-overwrite"));
    // Alice's list is as she read it; she renames Base.
    await click(alice.byTestId("scenario-rename", alice.item("Base")));
    alice.byTestId("scenario-rename-name", alice.item("Base"))!.value = "Base case";
    await click(alice.byTestId("scenario-rename-confirm", alice.item("Base")));
    const prompt = alice.byTestId("scenario-prompt", alice.item("Base"))!;
    expect(prompt.textContent).toMatch(
      /^Bob changed “Base” on 2026-\d\d-\d\d at \d\d:\d\d UTC, after this pane read it: changed Rate 20% → 30%\. Rename it to “Base case” anyway, or cancel\?/,
    );
    await click(alice.byTestId("scenario-choice-rename-anyway", prompt));
    expect(alice.items().map((i) => i.dataset.name)).toEqual(["Base case"]);
    expect(embeddedHarness(wb).body()[0][6]).toBe("Alice");
  });
});
