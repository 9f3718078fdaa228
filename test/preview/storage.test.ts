import { autoSave, WORKBOOK_KEY } from "../../src/preview/storage";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { dealSource } from "../support/formulaHost";

/** The preview's saving: out of the task that changed the workbook, once per burst of changes, and at once when the page goes. */

class MemoryStorage {
  readonly writes: string[] = [];
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.writes.push(key);
    this.items.set(key, value);
  }
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("autoSave", () => {
  const page = new EventTarget();
  beforeAll(() => {
    (globalThis as unknown as { window: EventTarget }).window = page;
  });
  afterAll(() => {
    delete (globalThis as unknown as { window?: EventTarget }).window;
  });

  function setUp() {
    const storage = new MemoryStorage();
    const workbook = new EmbeddedWorkbook(dealSource());
    const problems: string[] = [];
    const stop = autoSave(storage as unknown as Storage, workbook, (m) => problems.push(m));
    const sheet = workbook.sheetNames()[0];
    return { storage, workbook, problems, stop, sheet };
  }

  it("saves in a task of its own, after the one that changed the workbook, once for many changes", async () => {
    const { storage, workbook, stop, sheet } = setUp();
    workbook.setCellInput(sheet, { row: 0, col: 0 }, "1");
    workbook.setCellInput(sheet, { row: 1, col: 0 }, "2");
    await Promise.resolve();
    await Promise.resolve();
    // Serializing a long model takes tens of milliseconds: not in the task of the change, nor its microtasks.
    expect(storage.writes).toEqual([]);
    await nextTask();
    expect(storage.writes).toEqual([WORKBOOK_KEY]);
    const saved = new EmbeddedWorkbook(dealSource(), JSON.parse(storage.getItem(WORKBOOK_KEY)!));
    expect(saved.cell(sheet, "A2").value).toBe(2);
    stop();
  });

  it("saves at once when the page is hidden or closed with a change not yet saved", async () => {
    const { storage, workbook, stop, sheet } = setUp();
    workbook.setCellInput(sheet, { row: 0, col: 0 }, "3");
    page.dispatchEvent(new Event("pagehide"));
    expect(storage.writes).toEqual([WORKBOOK_KEY]);
    await nextTask();
    // Nothing was left to save.
    expect(storage.writes).toEqual([WORKBOOK_KEY]);
    stop();
    workbook.setCellInput(sheet, { row: 0, col: 0 }, "4");
    page.dispatchEvent(new Event("pagehide"));
    await nextTask();
    expect(storage.writes).toEqual([WORKBOOK_KEY]);
  });
});
