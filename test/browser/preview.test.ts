import { CellFormulaValue, Workbook } from "exceljs";
import fs from "fs";
import os from "os";
import path from "path";
import { serialFromIso } from "../../src/engine/dates";
import { cellAddress, parseCell } from "../../src/workbook/a1";
import { displayValue } from "../../src/workbook/embedded/formats";
import { defaultInputs, DealInputs } from "../../src/model/fields";
import { computeAgi, computeDrawdown, computeRevshare, evaluation } from "../../src/model/results";
import { agiEvenly } from "../../src/model/agi";
import { display } from "../../src/taskpane/display";
import { NAMES } from "../../src/model/names";
import { modelSheets, sectionSheetName } from "../../src/model/sheets";
import { CellSpec, NumberFormatKind } from "../../src/workbook/types";
import { formulasOf, readPackage } from "../support/xlsxPackage";
import { toFileFormula } from "../../src/preview/xlsx";
import {
  buildModel,
  buildModelDone,
  cellText,
  chromiumSuite,
  eventually,
  fieldText,
  gridTexts,
  openPreview,
  setField,
  TODAY_ISO,
  typeInCell,
  unfold,
} from "./support/page";

/**
 * The preview page in Debian's Chromium: the real pane beside the embedded workbook, driven as a user
 * would. Every number checked in the grid is compared with the engine's own result for the same inputs.
 */

const TODAY = serialFromIso(TODAY_ISO);
const SECTIONS = ["stake", "valuation", "revshare", "drawdown", "rights", "agi"] as const;

jest.setTimeout(90_000);

/** The spilled schedule a model sheet declares: its anchor and column formats. */
function scheduleCell(
  inputs: DealInputs,
  section: "revshare" | "drawdown",
  functionName: string,
): CellSpec & { spill: NonNullable<CellSpec["spill"]> } {
  const sheet = modelSheets(inputs, [section]).find((s) => s.name === sectionSheetName(section))!;
  const cell = sheet.cells.find((c) => c.spill && c.formula?.startsWith(`=DEAL.${functionName}(`));
  if (!cell?.spill) throw new Error(`${sheet.name} has no DEAL.${functionName} schedule`);
  return cell as CellSpec & { spill: NonNullable<CellSpec["spill"]> };
}

/** What the grid must show for a schedule the engine computed: each value in its column's format. */
function expectedTexts(schedule: (number | string | boolean)[][], formats: NumberFormatKind[] = []): string[][] {
  return schedule.map((row, r) => row.map((v, c) => (r === 0 ? displayValue(v) : displayValue(v, formats[c]))));
}

chromiumSuite("the preview page in Chromium", "browser", (scenario) => {
  const inputs = defaultInputs(TODAY);
  const revshareSheet = sectionSheetName("revshare");
  const drawdownSheet = sectionSheetName("drawdown");

  scenario("builds the default deal and shows the engine's spilled schedules", async (page, origin) => {
    await openPreview(page, origin);
    await page.click("[data-testid=preset]");
    await page.click("[data-testid=option-preset-2025-10]");
    await buildModel(page);
    expect(await page.$$eval("[data-testid=sheet-tab]", (tabs) => tabs.map((t) => t.getAttribute("data-sheet")))).toEqual(
      expect.arrayContaining(modelSheets(inputs, SECTIONS).map((s) => s.name)),
    );

    const revshare = computeRevshare(evaluation(inputs));
    if (!revshare.ok) throw new Error(revshare.issue.message);
    const rs = scheduleCell(inputs, "revshare", "REVSHARE");
    const rsSchedule = revshare.value.schedule;
    expect(await gridTexts(page, revshareSheet, rs.address, rsSchedule.length, rsSchedule[0].length)).toEqual(
      expectedTexts(rsSchedule, rs.spill.columnFormats),
    );

    const drawdown = computeDrawdown(evaluation(inputs));
    if (!drawdown.ok) throw new Error(drawdown.issue.message);
    const dd = scheduleCell(inputs, "drawdown", "DRAWDOWN");
    const ddSchedule = drawdown.value.schedule;
    expect(ddSchedule.length).toBeGreaterThan(12);
    expect(await gridTexts(page, drawdownSheet, dd.address, ddSchedule.length, ddSchedule[0].length)).toEqual(
      expectedTexts(ddSchedule, dd.spill.columnFormats),
    );
    // The formula bar shows the schedule's formula, for its anchor and (greyed) for a spilled cell.
    await page.click(`[data-testid=grid] td[data-address="${dd.address}"]`);
    expect(await page.inputValue("[data-testid=formula-bar]")).toBe(dd.formula);
    const inside = cellAddress({ row: parseCell(dd.address).row + 3, col: parseCell(dd.address).col + 1 });
    await page.click(`[data-testid=grid] td[data-address="${inside}"]`);
    expect(await page.inputValue("[data-testid=formula-bar]")).toBe(dd.formula);
    expect(await page.getAttribute("[data-testid=formula-bar]", "class")).toContain("ghost");
    expect(await page.locator("[data-testid=chart]").count()).toBeGreaterThan(0);
  });

  scenario("changing the rate field changes the model's cells", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const rs = scheduleCell(inputs, "revshare", "REVSHARE");
    const rows = computeRevshare(evaluation(inputs));
    if (!rows.ok) throw new Error(rows.issue.message);
    const before = await gridTexts(page, revshareSheet, rs.address, rows.value.schedule.length, rows.value.schedule[0].length);

    await setField(page, "field-revshare-rate", "25%");
    const changed = computeRevshare(evaluation({ ...inputs, revshareRate: 0.25 }));
    if (!changed.ok) throw new Error(changed.issue.message);
    const expected = expectedTexts(changed.value.schedule, rs.spill.columnFormats);
    await page.waitForFunction(
      ([address, text]) => document.querySelector(`[data-testid=grid] td[data-address="${address}"]`)?.textContent === text,
      [cellAddress({ row: parseCell(rs.address).row + 1, col: parseCell(rs.address).col + 2 }), expected[1][2]] as const,
    );
    const after = await gridTexts(page, revshareSheet, rs.address, expected.length, expected[0].length);
    expect(after).toEqual(expected);
    expect(after).not.toEqual(before);
  });

  scenario("changing a named cell in the grid changes the pane's field", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const rateCell = modelSheets(inputs, ["revshare"])
      .find((s) => s.name === revshareSheet)!
      .names.find((n) => n.name === NAMES.revshareRate)!.address;
    await typeInCell(page, revshareSheet, rateCell, "30%");
    expect(await cellText(page, revshareSheet, rateCell)).toBe("30.0%");
    await eventually(async () => expect(await fieldText(page, "field-revshare-rate")).toMatch(/^30(\.0+)?\s?%?$/));
    const changed = computeRevshare(evaluation({ ...inputs, revshareRate: 0.3 }));
    if (!changed.ok) throw new Error(changed.issue.message);
    await eventually(async () =>
      expect(await page.textContent("[data-testid=result-revshare-total]")).toContain(
        Math.round(changed.value.totalPaid).toLocaleString("en-US"),
      ),
    );
  });

  scenario("a saved scenario survives a reload and applies", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await page.locator("[data-testid=scenario-name] input").fill("Reported rate");
    await page.click("[data-testid=scenario-save]");
    await page.waitForSelector('[data-testid=scenario-item][data-name="Reported rate"]');
    await setField(page, "field-revshare-rate", "35%");
    const rateCell = "Deal_RevShare_Rate";
    const address = modelSheets(inputs, ["revshare"])
      .find((s) => s.name === revshareSheet)!
      .names.find((n) => n.name === rateCell)!.address;
    await eventually(async () => expect(await cellText(page, revshareSheet, address)).toBe("35.0%"));

    await page.reload();
    await page.waitForSelector("body[data-state=ready]");
    expect(await cellText(page, revshareSheet, address)).toBe("35.0%");
    expect(await fieldText(page, "field-revshare-rate")).toMatch(/^35(\.0+)?\s?%?$/);
    const item = page.locator('[data-testid=scenario-item][data-name="Reported rate"]');
    await item.locator("[data-testid=scenario-apply]").click();
    await eventually(async () => expect(await fieldText(page, "field-revshare-rate")).toMatch(/^20(\.0+)?\s?%?$/));
    await eventually(async () => expect(await cellText(page, revshareSheet, address)).toBe("20.0%"));
  });

  scenario("AGI timing: the pane's expectation is the Deal AGI sheet's, and a quick fill rewrites the scenarios", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const agi = computeAgi(evaluation(inputs));
    if (!agi.ok || !agi.value.revenueShare) throw new Error("the default deal's AGI timing must compute");
    expect(await page.textContent("[data-testid=result-agi-expected-pv]")).toBe(
      display(agi.value.revenueShare.expectedPresentValue, "currency"),
    );
    expect(await cellText(page, "Deal AGI", "B5")).toBe(displayValue(agi.value.revenueShare.expectedPresentValue, "currency"));
    expect(await page.locator("[data-testid=result-agi-scenario]").count()).toBe(inputs.agiScenarios.length);

    await unfold(page, "agi-fill-from");
    await page.locator("[data-testid=agi-fill-from] input").fill("2028");
    await page.locator("[data-testid=agi-fill-to] input").fill("2030");
    await page.locator("[data-testid=agi-fill-not-verified] input").fill("40");
    await page.click("[data-testid=agi-fill-evenly]");
    await eventually(async () => expect(await page.locator("[data-testid=result-agi-scenario]").count()).toBe(4));
    const filled = agiEvenly(2028, 2030, 0.4);
    if ("problem" in filled) throw new Error(filled.problem);
    const refilled = computeAgi(evaluation({ ...inputs, agiScenarios: filled }));
    if (!refilled.ok || !refilled.value.revenueShare) throw new Error("the filled scenarios must compute");
    await eventually(async () =>
      expect(await cellText(page, "Deal AGI", "B5")).toBe(displayValue(refilled.value.revenueShare!.expectedPresentValue, "currency")),
    );
    expect(await cellText(page, "Deal AGI", "A8")).toBe("2028-07-01");
    expect(await cellText(page, "Deal AGI", "B11")).toBe("40.0%");
  });

  scenario("item 1: an AGI date typed in the pane reaches its cell, the accrual end, the schedule and the total", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await setField(page, "field-agi-date", "2029-06-30");
    const withAgi = { ...inputs, agiDate: serialFromIso("2029-06-30") };
    const revshare = computeRevshare(evaluation(withAgi));
    if (!revshare.ok) throw new Error(revshare.issue.message);
    await eventually(async () => expect(await cellText(page, "Deal Terms", "B5")).toBe("2029-06-30"));
    expect(await cellText(page, revshareSheet, "B16")).toBe("2029-06-29");
    const rs = scheduleCell(withAgi, "revshare", "REVSHARE");
    const schedule = revshare.value.schedule;
    expect(await gridTexts(page, revshareSheet, rs.address, schedule.length, schedule[0].length)).toEqual(
      expectedTexts(schedule, rs.spill.columnFormats),
    );
    // One number for one quantity: the grid's total is the pane's.
    expect(await cellText(page, revshareSheet, "B18")).toBe(displayValue(revshare.value.totalPaid, "currency"));
    expect(await page.textContent("[data-testid=result-revshare-total]")).toBe("$27,616,095,890");
  });

  scenario("item 2: text typed into a number cell shows the sheet's error in the pane, not a number", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await typeInCell(page, drawdownSheet, "B4", "300bn");
    expect(await cellText(page, drawdownSheet, "E10")).toBe("#VALUE!");
    await eventually(async () =>
      expect(await page.textContent("[data-testid=message-drawdown-commitment]")).toContain('its cell holds the text "300bn"'),
    );
    expect(await page.textContent("[data-testid=issue-drawdown]")).toMatch(
      /#VALUE!: Commitment must be from \$0 to \$1,000,000,000,000,000\./,
    );
    expect(await page.getAttribute("[data-testid=results-drawdown]", "data-state")).toBe("unavailable");
    expect(await page.locator("[data-testid=result-drawdown-first]").count()).toBe(0);
  });

  scenario("item 3: a value the pane flags is not written, built or saved", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await setField(page, "field-revshare-years", "500");
    expect(await page.textContent("[data-testid=message-revshare-years]")).toBe(
      "Years of forecast must be a whole number from 1 to 100; 500 is not.",
    );
    expect(await cellText(page, revshareSheet, "B14")).toBe("6");
    await page.click("[data-testid=build-model]");
    await eventually(async () => expect(await page.textContent("[data-testid=status]")).toBe("Fix Years of forecast before building."));
    await page.locator("[data-testid=scenario-name] input").fill("Too long");
    await page.click("[data-testid=scenario-save]");
    // Said beside the save controls, where the user is; the model's status still speaks of the build.
    await eventually(async () =>
      expect(await page.textContent("[data-testid=scenario-save-controls] [data-testid=scenario-notice]")).toMatch(
        /^Fix Years of forecast before saving/,
      ),
    );
    expect(await page.textContent("[data-testid=status]")).toBe("Fix Years of forecast before building.");
    expect(await page.locator("[data-testid=scenario-item]").count()).toBe(0);
    await setField(page, "field-valuation-stake", "150");
    expect(await cellText(page, sectionSheetName("valuation"), "B5")).toBe("27.0%");
  });

  scenario("issue 13: a save over a name asks, a rename is inline on the row, a delete can be undone", async (page, origin) => {
    await openPreview(page, origin);
    const save = async (name: string) => {
      await page.locator("[data-testid=scenario-name] input").fill(name);
      await page.click("[data-testid=scenario-save]");
    };
    const names = () => page.locator("[data-testid=scenario-item]").evaluateAll((items) => items.map((i) => i.getAttribute("data-name")));
    await save("Base");
    await page.waitForSelector('[data-testid=scenario-item][data-name="Base"]');
    await save("base");
    const prompt = page.locator("[data-testid=scenario-save-controls] [data-testid=scenario-prompt]");
    await prompt.waitFor();
    expect(await prompt.locator("[data-testid=scenario-prompt-text]").textContent()).toMatch(/^A scenario named “Base” exists/);
    expect(await prompt.locator("fluent-button").allTextContents()).toEqual(["Overwrite", "Keep both", "Cancel"]);
    await prompt.locator("[data-testid=scenario-choice-keep-both]").click();
    await eventually(async () => expect(await names()).toEqual(["Base", "base (2)"]));

    const second = page.locator('[data-testid=scenario-item][data-name="base (2)"]');
    await second.locator("[data-testid=scenario-rename]").click();
    const field = second.locator("[data-testid=scenario-rename-name] input");
    expect(await field.inputValue()).toBe("base (2)");
    await field.fill("Upside");
    await field.press("Enter");
    await eventually(async () => expect(await names()).toEqual(["Base", "Upside"]));

    await page.locator('[data-testid=scenario-item][data-name="Base"] [data-testid=scenario-delete]').click();
    await eventually(async () => expect(await page.textContent("[data-testid=scenario-deleted]")).toContain("Deleted “Base”."));
    await page.click("[data-testid=scenario-undo]");
    await eventually(async () => expect(await names()).toEqual(["Base", "Upside"]));
    await page.reload();
    await page.waitForSelector("body[data-state=ready]");
    await eventually(async () => expect(await names()).toEqual(["Base", "Upside"]));
  });

  scenario("item 4: a new workbook resets the pane's scenarios, status and model", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await page.locator("[data-testid=scenario-name] input").fill("Base");
    await page.click("[data-testid=scenario-save]");
    await page.waitForSelector('[data-testid=scenario-item][data-name="Base"]');
    page.once("dialog", (dialog) => dialog.accept());
    await page.click("[data-testid=new-workbook]");
    await eventually(async () => expect(await page.locator("[data-testid=scenario-item]").count()).toBe(0));
    expect(await page.textContent("[data-testid=status]")).toBe("Choose the sections and build the model.");
    await setField(page, "field-revshare-rate", "25%");
    expect(await page.getAttribute("[data-testid=status]", "data-kind")).not.toBe("error");
    await buildModel(page);
    await eventually(async () => expect(await cellText(page, revshareSheet, "B4")).toBe("25.0%"));
  });

  scenario("item 5: a section unchecked and built again goes, after the pane asks", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    await page.click("[data-testid=section-drawdown]");
    await page.click("[data-testid=build-model]");
    await page.waitForSelector("[data-testid=confirmation]:not([hidden])");
    expect(await page.textContent("[data-testid=confirmation-text]")).toContain("Deal Drawdown");
    await page.click("[data-testid=confirm-yes]");
    await buildModelDone(page);
    expect(await page.locator(`[data-testid=sheet-tab][data-sheet="${drawdownSheet}"]`).count()).toBe(0);
    expect(await page.getAttribute("[data-testid=results-drawdown]", "data-state")).toBe("unavailable");
    expect(await page.textContent("[data-testid=status]")).toContain("Removed Deal Drawdown");
  });

  scenario("item 6: an edited figure is labelled edited, in the pane and in the sheet's column C", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    expect(await page.textContent("[data-testid=figure-drawdown-commitment]")).toBe("official");
    await setField(page, "field-drawdown-commitment", "300bn");
    await eventually(async () => expect(await page.textContent("[data-testid=figure-drawdown-commitment]")).toBe("edited"));
    expect(await page.getAttribute("[data-testid=figure-drawdown-commitment]", "title")).toContain("250,000,000,000");
    await eventually(async () =>
      expect(await cellText(page, drawdownSheet, "C4")).toMatch(/^edited: your value; the preset's figure is 250,000,000,000/),
    );
    expect(await cellText(page, drawdownSheet, "B4")).toBe("$300,000,000,000.00");
  });

  scenario("exports the model to .xlsx with formulas and values, and opens it again", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-xlsx]")]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deal-preview-")), download.suggestedFilename());
    await download.saveAs(file);

    const book = new Workbook();
    await book.xlsx.readFile(file);
    const ws = book.getWorksheet(revshareSheet)!;
    const rs = scheduleCell(inputs, "revshare", "REVSHARE");
    const revshare = computeRevshare(evaluation(inputs));
    if (!revshare.ok) throw new Error(revshare.issue.message);
    const schedule = revshare.value.schedule;
    const anchor = ws.getCell(rs.address).value as CellFormulaValue & { shareType?: string; ref?: string };
    expect(anchor.formula).toBe(toFileFormula(rs.formula!));
    expect(anchor.formula).toMatch(/^_xldudf_DEAL_REVSHARE\(/);
    expect(anchor.shareType).toBe("array");
    const start = parseCell(rs.address);
    expect(anchor.ref).toBe(
      `${rs.address}:${cellAddress({ row: start.row + schedule.length - 1, col: start.col + schedule[0].length - 1 })}`,
    );
    for (let r = 1; r < schedule.length; r++) {
      for (let c = 0; c < schedule[0].length; c++) {
        const value = ws.getCell(start.row + r + 1, start.col + c + 1).value;
        // exceljs reads a date-formatted number as a Date.
        const number = value instanceof Date ? (value.getTime() - Date.UTC(1899, 11, 30)) / 86400000 : value;
        expect(number).toBeCloseTo(schedule[r][c] as number, 2);
      }
    }
    expect(book.definedNames.model).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: NAMES.revshareRate, ranges: [expect.stringContaining(`'${revshareSheet}'!$`)] }),
      ]),
    );

    // The file opens again, in a new workbook, with the same numbers.
    page.once("dialog", (dialog) => dialog.accept());
    await page.click("[data-testid=new-workbook]");
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=sheet-tab]").length === 1);
    await page.setInputFiles("[data-testid=import-file]", file);
    await page.waitForSelector(`[data-testid=sheet-tab][data-sheet="${revshareSheet}"]`);
    expect(await gridTexts(page, revshareSheet, rs.address, schedule.length, schedule[0].length)).toEqual(
      expectedTexts(schedule, rs.spill.columnFormats),
    );
  });

  scenario(
    "shares without the add-in: downloads a workbook of values and charts, and the page's workbook stays as it was",
    async (page, origin) => {
      await openPreview(page, origin);
      await buildModel(page);
      const tabs = () => page.$$eval("[data-testid=sheet-tab]", (els) => els.map((t) => t.getAttribute("data-sheet")));
      const before = await tabs();
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=share-values]")]);
      expect(download.suggestedFilename()).toBe("deal-model (values).xlsx");
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deal-preview-")), download.suggestedFilename());
      await download.saveAs(file);
      const { book, charts } = await readPackage(new Uint8Array(fs.readFileSync(file)));
      const sheets = modelSheets(inputs, SECTIONS);
      expect(book.worksheets.map((ws) => ws.name)).toEqual(sheets.map((s) => s.name));
      expect(formulasOf(book)).toEqual([]);
      expect(charts.map((c) => c.title)).toEqual(sheets.flatMap((s) => s.charts.map((c) => c.title)));
      const revshare = computeRevshare(evaluation(inputs));
      if (!revshare.ok) throw new Error(revshare.issue.message);
      const rs = scheduleCell(inputs, "revshare", "REVSHARE");
      const start = parseCell(rs.address);
      const paid = book.getWorksheet(revshareSheet)!.getCell(start.row + 2, start.col + 4).value;
      expect(paid).toBeCloseTo(revshare.value.schedule[1][3] as number, 2);
      expect(await tabs()).toEqual(before);
      await page.waitForFunction(() =>
        /deal-model \(values\)\.xlsx/.test(document.querySelector("[data-testid=status]")?.textContent ?? ""),
      );
    },
  );
});
