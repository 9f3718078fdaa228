import { sectionSheetName } from "../../src/model/sheets";
import { buildModel, choose, chromiumSuite, eventually, openPreview, setField, showSheet, unfold } from "./support/page";

/** Long builds in the preview (progress, Cancel) and the keyboard between the grid and the pane. */

jest.setTimeout(120_000);

chromiumSuite("long builds and the keyboard in the preview", "pane-build", (scenario) => {
  scenario("a 100-year monthly build shows its progress while sheets are written, and Cancel stops it", async (page, origin) => {
    await openPreview(page, origin);
    await choose(page, "field-revshare-periods-per-year", "12");
    await setField(page, "field-revshare-years", "100");
    await choose(page, "field-drawdown-periods-per-year", "12");
    await setField(page, "field-drawdown-term-years", "100");
    await page.click("[data-testid=build-model]");
    await page.waitForSelector("[data-testid=build-progress]", { state: "visible" });
    expect(await page.getAttribute("[data-testid=status]", "data-kind")).toBe("busy");
    expect(await page.textContent("[data-testid=status]")).toMatch(/^Building the model… sheet \d of 7\./);
    await page.click("[data-testid=build-cancel]");
    await eventually(async () => expect(await page.textContent("[data-testid=status]")).toMatch(/^Build cancelled: .* not written\./));
    expect(await page.isHidden("[data-testid=build-progress]")).toBe(true);
    const tabs = await page.$$eval("[data-testid=sheet-tab]", (els) => els.map((e) => e.textContent));
    expect(tabs).not.toContain(sectionSheetName("agi"));
  });

  scenario("a long sheet's grid puts in the page only the rows around the view, and scrolls through all of them", async (page, origin) => {
    await openPreview(page, origin);
    await choose(page, "field-drawdown-periods-per-year", "12");
    await setField(page, "field-drawdown-term-years", "100");
    await buildModel(page);
    await showSheet(page, sectionSheetName("drawdown"));
    const drawnRows = () => page.$$eval("[data-testid=grid] tbody tr:not([aria-hidden])", (rows) => rows.length);
    const text = (address: string) =>
      page.evaluate((a) => document.querySelector(`[data-testid=grid] td[data-address="${a}"]`)?.textContent ?? null, address);
    await page.click('[data-testid=grid] td[data-address="B12"]');
    expect(await text("A1")).toBe("Commitment draw-down");
    // 1,200 monthly periods: far fewer rows than that are in the page.
    expect(await drawnRows()).toBeLessThan(300);
    expect(await text("A1205")).toBeNull();
    const scrollTo = (where: "top" | "bottom") =>
      page.evaluate((w) => {
        const scroller = document.querySelector("[data-testid=grid-scroll]") as HTMLElement;
        scroller.scrollTop = w === "top" ? 0 : scroller.scrollHeight;
      }, where);
    await scrollTo("bottom");
    await eventually(async () => expect(await text("A1205")).toBe("1,195"));
    expect(await text("A1")).toBeNull();
    expect(await drawnRows()).toBeLessThan(300);
    await scrollTo("top");
    await eventually(async () => expect(await text("A1")).toBe("Commitment draw-down"));
    // The selection's mark is drawn again with its row.
    expect(await page.getAttribute('[data-testid=grid] td[data-address="B12"]', "class")).toMatch(/\bselected\b/);
    // What is being typed into a cell stays while the grid scrolls away from it and back.
    await page.click('[data-testid=grid] td[data-address="B12"]');
    await page.keyboard.type("12345");
    await scrollTo("bottom");
    await eventually(async () => expect(await text("A1205")).toBe("1,195"));
    await scrollTo("top");
    expect(await page.inputValue("[data-testid=cell-editor]")).toBe("12345");
  });

  scenario("Escape or F6 leaves the grid for the pane, F6 goes back, Tab moves the selection", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await unfold(page, "field-revshare-rate");
    await page.locator("[data-testid=field-revshare-rate] input").focus();
    await page.click('[data-testid=grid] td[data-address="A1"]');
    await page.keyboard.press("Tab");
    expect(await page.textContent("[data-testid=name-box]")).toBe("B1");
    await page.keyboard.press("Shift+Tab");
    expect(await page.textContent("[data-testid=name-box]")).toBe("A1");
    const inPane = () => page.evaluate(() => document.querySelector("#pane")!.contains(document.activeElement));
    await page.keyboard.press("Escape");
    expect(await inPane()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("field-revshare-rate");
    await page.keyboard.press("F6");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("grid-scroll");
    for (const key of ["F6", "Shift+F6", "Control+F6"]) {
      await page.click('[data-testid=grid] td[data-address="A1"]');
      await page.keyboard.press(key);
      expect(await inPane()).toBe(true);
    }
  });

  scenario("the first click on a sheet tab after typing in a field is not lost", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const terms = "Deal Terms";
    await page.click(`[data-testid=sheet-tab][data-sheet="${terms}"]`);
    await page.waitForSelector(`[data-testid=grid][data-sheet="${terms}"]`);
    await unfold(page, "field-revshare-rate");
    await page.locator("[data-testid=field-revshare-rate] input").fill("25");
    const target = sectionSheetName("valuation");
    await page.click(`[data-testid=sheet-tab][data-sheet="${target}"]`);
    await page.waitForSelector(`[data-testid=grid][data-sheet="${target}"]`, { timeout: 5000 });
    expect(await page.getAttribute(`[data-testid=sheet-tab][data-sheet="${target}"]`, "aria-selected")).toBe("true");
  });
});
