import type { Page } from "playwright-core";
import { defaultInputs } from "../../src/model/fields";
import { NAMES } from "../../src/model/names";
import { modelSheets } from "../../src/model/sheets";
import {
  buildModel,
  cellText,
  chromiumSuite,
  eventually,
  fieldText,
  openPreview,
  focusedTestId,
  setField,
  setTable,
  tableText,
  TODAY_ISO,
  typeInCell,
  unfold,
} from "./support/page";
import { serialFromIso } from "../../src/engine/dates";
import { displayValue } from "../../src/workbook/embedded/formats";

/** Issue 15, fields, as a user sees them in the preview: one field at a time. */

jest.setTimeout(90_000);

const inputs = defaultInputs(serialFromIso(TODAY_ISO));

/** The sheet and address of a named input cell, as the model writes it. */
function namedCell(name: string): { sheet: string; address: string } {
  for (const spec of modelSheets(inputs, ["stake", "valuation", "revshare", "drawdown", "rights", "agi"])) {
    const found = spec.names.find((n) => n.name === name);
    if (found) return { sheet: spec.name, address: found.address };
  }
  throw new Error(`no cell named ${name}`);
}

const text = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).innerText();
const visible = (page: Page, testId: string) => page.locator(`[data-testid=${testId}]`).isVisible();

chromiumSuite("the pane's fields in Chromium (issue 15)", "fields", (scenario) => {
  const stake = namedCell(NAMES.valuationStake);

  scenario("0.27 in Stake asks 27% or 0.27%? beside the field and writes nothing until answered", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const before = await cellText(page, stake.sheet, stake.address);
    await setField(page, "field-valuation-stake", "0.27");
    await eventually(async () => expect(await text(page, "aside-valuation-stake")).toContain("27% or 0.27%?"));
    expect(await visible(page, "fraction-0-valuation-stake")).toBe(true);
    expect(await cellText(page, stake.sheet, stake.address)).toBe(before);
    await page.click("[data-testid=fraction-1-valuation-stake]");
    await eventually(async () => expect(await fieldText(page, "field-valuation-stake")).toBe("0.27%"));
    await eventually(async () => expect(await cellText(page, stake.sheet, stake.address)).not.toBe(before));
    expect(await visible(page, "aside-valuation-stake")).toBe(false);
  });

  scenario(
    "0.27 in the AGI scenarios' Probability asks 27% or 0.27%? and writes nothing until answered from the keyboard",
    async (page, origin) => {
      await openPreview(page, origin);
      await buildModel(page);
      const probability = namedCell(NAMES.agiProbabilities);
      const first = probability.address.split(":")[0];
      const before = await cellText(page, probability.sheet, first);
      await setTable(page, "field-agi-scenarios", "2030-07-01 | 0.27\nnot verified | 73");
      await eventually(async () => expect(await text(page, "aside-agi-scenarios")).toContain("Line 1, Probability: 27% or 0.27%?"));
      // Read off the grid already showing the sheet: clicking its tab would take the keyboard's focus.
      const shown = () => page.locator(`[data-testid=grid][data-sheet="${probability.sheet}"] td[data-address="${first}"]`).innerText();
      expect(await shown()).toBe(before);
      // Tab left the table for its "?" button; the next Tab reaches the first answer, Enter chooses it.
      expect(await focusedTestId(page)).toBe("about-agi-scenarios");
      await page.keyboard.press("Tab");
      expect(await focusedTestId(page)).toBe("fraction-0-agi-scenarios");
      await page.keyboard.press("Enter");
      await eventually(async () => expect(await tableText(page, "field-agi-scenarios")).toBe("2030-07-01 | 27%\nnot verified | 73"));
      await eventually(async () => expect(await shown()).toBe(displayValue(0.27, "percent")));
      expect(await visible(page, "aside-agi-scenarios")).toBe(false);
    },
  );

  scenario("money fields wear $ and a compact figure, percent fields %", async (page, origin) => {
    await openPreview(page, origin);
    expect(await text(page, "unit-valuation-stake-value")).toBe("$");
    expect(await text(page, "unit-valuation-stake")).toBe("%");
    expect(await text(page, "compact-valuation-stake-value")).toBe("$135bn");
    await setField(page, "field-valuation-stake-value", "140.5bn");
    await eventually(async () => expect(await text(page, "compact-valuation-stake-value")).toBe("$141bn"));
    // The help of a field opens with its "?" button.
    expect(await visible(page, "help-drawdown-term-years")).toBe(false);
    await page.click("[data-testid=about-drawdown-term-years]");
    await eventually(async () => expect(await visible(page, "help-drawdown-term-years")).toBe(true));
    expect(await text(page, "help-drawdown-term-years")).toContain("at most 100");
  });

  scenario("an edited field offers Reset to the preset's figure; another preset asks first", async (page, origin) => {
    await openPreview(page, origin);
    await setField(page, "field-revshare-rate", "25");
    await eventually(async () => expect(await text(page, "reset-revshare-rate")).toBe("Reset to 20%"));
    await page.click("[data-testid=reset-revshare-rate]");
    await eventually(async () => expect(await fieldText(page, "field-revshare-rate")).toBe("20"));
    expect(await visible(page, "reset-revshare-rate")).toBe(false);

    await setField(page, "field-revshare-cap", "50bn");
    await eventually(async () => expect(await text(page, "reset-all")).toMatch(/Reset all to .* \(1\)/));
    await page.click("[data-testid=preset]");
    await page.click("[data-testid=option-preset-2026-04]");
    await eventually(async () => expect(await text(page, "aside-preset")).toMatch(/overwrite 1 figure you edited: Total cap/));
    expect(await fieldText(page, "field-revshare-cap")).toBe("50bn");
    await page.click("[data-testid=preset-cancel]");
    await eventually(async () => expect(await text(page, "reset-all")).toMatch(/Reset all/));
    await page.click("[data-testid=reset-all]");
    await eventually(async () => expect(await fieldText(page, "field-revshare-cap")).toBe(""));
  });

  scenario("Escape in a field restores its value and writes nothing", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const rate = namedCell(NAMES.revshareRate);
    const before = await cellText(page, rate.sheet, rate.address);
    await unfold(page, "field-revshare-rate");
    const input = page.locator("[data-testid=field-revshare-rate] input");
    await input.fill("35");
    await input.press("Escape");
    await eventually(async () => expect(await fieldText(page, "field-revshare-rate")).toBe("20"));
    await page.locator("[data-testid=field-revshare-growth] input").focus();
    expect(await cellText(page, rate.sheet, rate.address)).toBe(before);
  });

  scenario("quarterly periods say what happens to the first period's revenue and offer the converted figure", async (page, origin) => {
    await openPreview(page, origin);
    await page.click("[data-testid=field-revshare-periods-per-year]");
    await page.click("[data-testid=option-revshare-periods-per-year-4]");
    await eventually(async () =>
      expect(await text(page, "aside-revshare-first-revenue")).toContain("Now a quarter: $13bn a quarter is $52bn a year"),
    );
    await page.click("[data-testid=period-convert-revshare-first-revenue]");
    await eventually(async () => expect(await fieldText(page, "field-revshare-first-revenue")).toBe("3,250,000,000"));
    expect(await visible(page, "aside-revshare-first-revenue")).toBe(false);
  });

  scenario("a function's error typed in the grid is said with the field's label and range", async (page, origin) => {
    await openPreview(page, origin);
    await buildModel(page);
    const payout = namedCell(NAMES.revsharePayoutYears);
    await typeInCell(page, payout.sheet, payout.address, "0");
    await eventually(async () =>
      expect(await text(page, "issue-revshare")).toContain("Paid over (years) must be more than 0 and at most 100"),
    );
    const said = `${await text(page, "issue-revshare")} ${await text(page, "message-revshare-payout-years")}`;
    expect(said).not.toMatch(/payout_periods|100000/);
  });
});
