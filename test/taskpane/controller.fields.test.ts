import { ymdToSerial } from "../../src/engine/dates";
import { FIELD_BY_KEY, formatField, presetValues } from "../../src/model/fields";
import { computeRevshare, evaluation } from "../../src/model/results";
import { NAMES } from "../../src/model/sheets";
import { PaneController } from "../../src/taskpane/controller";
import { display } from "../../src/taskpane/display";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { CellValue } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";
import { FakeGateway } from "./fakeGateway";

/** Issue 15, fields: what the pane says and does at one field, against an in-memory workbook. */

const TODAY = ymdToSerial(2026, 5, 1);

async function built(gateway = new FakeGateway()) {
  const controller = await PaneController.create(gateway, { today: TODAY, now: () => new Date("2026-05-01T09:30:00Z") });
  await controller.build();
  await controller.idle();
  return { controller, gateway, state: () => controller.state };
}

describe("issue 15, item 3: a bare fraction in a percent field is asked about, not guessed", () => {
  it("0.27 in Stake asks 27% or 0.27%? and writes nothing until answered; the answer is written", async () => {
    const { controller, gateway, state } = await built();
    const builds = gateway.count("buildModel");
    await controller.setText("valuationStake", "0.27", true);
    await controller.idle();
    expect(state().fields.valuationStake.question?.message).toBe("27% or 0.27%?");
    expect(state().inputs.valuationStake).toBe(0.27);
    expect(gateway.count("buildModel")).toBe(builds);
    await controller.answerFraction("valuationStake", 1);
    await controller.idle();
    expect(state().fields.valuationStake.question).toBeUndefined();
    expect(state().fields.valuationStake.text).toBe("0.27%");
    expect(gateway.value(NAMES.valuationStake)).toBe(0.0027);
  });

  it("27, 27% and 0.27% are taken as typed, without a question", async () => {
    const { controller, state } = await built();
    for (const [text, value] of [
      ["27", 0.27],
      ["27%", 0.27],
      ["0.27%", 0.0027],
    ] as const) {
      await controller.setText("valuationStake", text, true);
      await controller.idle();
      expect(state().fields.valuationStake.question).toBeUndefined();
      expect(state().inputs.valuationStake).toBe(value);
    }
  });

  it("does not ask about a value below 1% as the pane itself shows it (a scenario's 0.27% shows as 0.27)", async () => {
    const { controller, state } = await built();
    await controller.setText("valuationStake", "0.27%", true);
    await controller.idle();
    const shown = formatField(FIELD_BY_KEY.valuationStake, 0.0027);
    expect(shown).toBe("0.27");
    // Enter, or leaving the field, on the text the pane wrote there: nothing was typed, nothing to ask.
    await controller.setText("valuationStake", shown, true);
    await controller.idle();
    expect(state().fields.valuationStake.question).toBeUndefined();
    expect(state().inputs.valuationStake).toBe(0.0027);
    // A fraction typed in its place is asked about.
    await controller.setText("valuationStake", "0.5", true);
    expect(state().fields.valuationStake.question?.message).toBe("50% or 0.5%?");
  });
});

describe("issue 15, item 3: a bare fraction in a table's percent column is asked about too (embedded workbook)", () => {
  const names = [NAMES.agiDates, NAMES.agiProbabilities];
  const column = (rows: CellValue[][]) => rows.map((row) => row[0]).filter((v) => v !== null && v !== "");

  async function embedded() {
    const wb = new EmbeddedWorkbook(dealSource());
    const controller = await PaneController.create(wb, { today: TODAY, now: () => new Date("2026-05-01T09:30:00Z") });
    await controller.build();
    await controller.idle();
    return {
      controller,
      wb,
      state: () => controller.state,
      probabilities: async () => column((await wb.readRanges(names))[NAMES.agiProbabilities]),
    };
  }

  it("0.27 in AGI scenarios' Probability asks 27% or 0.27%? and writes nothing until answered; 27% is written", async () => {
    const { controller, wb, state, probabilities } = await embedded();
    const before = await wb.readRanges(names);
    const inputs = state().inputs.agiScenarios;
    await controller.setText("agiScenarios", "2030-07-01 | 0.27\nnot verified | 73", true);
    await controller.idle();
    expect(state().fields.agiScenarios.question?.message).toBe("Line 1, Probability: 27% or 0.27%?");
    expect(state().inputs.agiScenarios).toEqual(inputs);
    expect(await wb.readRanges(names)).toEqual(before);
    await controller.answerFraction("agiScenarios", 0);
    await controller.idle();
    expect(state().fields.agiScenarios.question).toBeUndefined();
    expect(state().fields.agiScenarios.error).toBeUndefined();
    expect(state().fields.agiScenarios.text).toBe("2030-07-01 | 27%\nnot verified | 73");
    expect(await probabilities()).toEqual([0.27, 0.73]);
  });

  it("answered the other way, the fraction is taken as typed: 0.25 is 0.25%", async () => {
    const { controller, state, probabilities } = await embedded();
    await controller.setText("agiScenarios", "2030-07-01 | 99.5\n2031-07-01 | 0.25\nnot verified | 0.25%", true);
    await controller.idle();
    expect(state().fields.agiScenarios.question?.message).toBe("Line 2, Probability: 25% or 0.25%?");
    await controller.answerFraction("agiScenarios", 1);
    await controller.idle();
    expect(state().fields.agiScenarios.question).toBeUndefined();
    expect(await probabilities()).toEqual([0.995, 0.0025, 0.0025]);
  });
});

describe("issue 15, item 4: messages in the field's words", () => {
  it("a function's error at Paid over (years) names the field and its range, not payout_periods", async () => {
    const { controller, gateway, state } = await built();
    gateway.gridEditName(NAMES.revsharePayoutYears, 0);
    await controller.idle();
    const error = state().fields.revsharePayoutYears.error ?? "";
    const issue = state().sectionIssues.revshare ?? "";
    expect(`${error} ${issue}`).not.toMatch(/payout_periods|100000|_/);
    expect(issue).toContain("Paid over (years) must be more than 0 and at most 100");
  });
});

describe("issue 15, item 5: warnings for legal but implausible values", () => {
  it("a negative discount rate is written, with a warning beside the field", async () => {
    const { controller, gateway, state } = await built();
    await controller.setText("revshareDiscountRate", "-10", true);
    await controller.idle();
    expect(state().fields.revshareDiscountRate.error).toBeUndefined();
    expect(state().fields.revshareDiscountRate.warning).toMatch(/negative discount rate/);
    expect(gateway.value(NAMES.revshareDiscountRate)).toBe(-0.1);
  });

  it("an AGI date before the announcement and an accrual end before the first period are warned of", async () => {
    const { controller, state } = await built();
    await controller.setText("agiDate", "2025-06-30", true);
    expect(state().fields.agiDate.warning).toMatch(/before the announcement \(2025-10-28\)/);
    await controller.setText("revshareFixedEnd", "2024-12-31", true);
    expect(state().fields.revshareFixedEnd.warning).toMatch(/before the first period ends \(2025-12-31\)/);
    expect(state().results.revshare?.ok).toBe(true);
  });
});

describe("issue 15, item 7: Escape restores the field's committed value", () => {
  it("typed text, its error or its question go; nothing is written", async () => {
    const { controller, gateway, state } = await built();
    const builds = gateway.count("buildModel");
    await controller.setText("revshareRate", "150", false);
    expect(state().fields.revshareRate.error).toBeDefined();
    controller.revertField("revshareRate");
    expect(state().fields.revshareRate).toEqual({ text: "20" });
    await controller.setText("revshareRate", "35", false);
    expect(state().pendingSections).toContain("revshare");
    controller.revertField("revshareRate");
    expect(state().pendingSections).toEqual([]);
    expect(state().fields.revshareRate.text).toBe("20");
    await controller.idle();
    expect(gateway.count("buildModel")).toBe(builds);
    expect(gateway.value(NAMES.revshareRate)).toBe(0.2);
  });
});

describe("issue 15, item 8: reset to the preset's figures, and a preset change that asks", () => {
  it("an edited field offers its preset figure and resets to it", async () => {
    const { controller, gateway, state } = await built();
    await controller.setText("revshareRate", "25", true);
    await controller.idle();
    expect(state().fields.revshareRate.reset).toBe("20%");
    await controller.resetField("revshareRate");
    await controller.idle();
    expect(state().fields.revshareRate.text).toBe("20");
    expect(state().fields.revshareRate.reset).toBeUndefined();
    expect(gateway.value(NAMES.revshareRate)).toBe(0.2);
  });

  it("reset all lists how many figures change and puts every one back", async () => {
    const { controller, state } = await built();
    await controller.setText("revshareRate", "25", true);
    await controller.setText("valuationStakeValue", "140bn", true);
    await controller.setText("revshareDiscountRate", "12", true);
    expect(
      state()
        .resetAll.changes.map((c) => c.key)
        .sort(),
    ).toEqual(["revshareRate", "valuationStakeValue"]);
    await controller.resetAllFields();
    await controller.idle();
    expect(state().inputs).toMatchObject(presetValues("2025-10"));
    expect(state().inputs.revshareDiscountRate).toBe(0.12);
    expect(state().resetAll.changes).toEqual([]);
  });

  it("choosing another preset with edited figures asks first, naming them; cancel keeps everything", async () => {
    const { controller, gateway, state } = await built();
    await controller.setText("revshareCap", "50bn", true);
    await controller.idle();
    const builds = gateway.count("buildModel");
    await controller.applyPreset("2026-04");
    expect(state().presetQuestion?.changes.map((c) => c.label)).toEqual([FIELD_BY_KEY.revshareCap.label]);
    expect(state().inputs.preset).toBe("2025-10");
    await controller.answerPreset("cancel");
    await controller.idle();
    expect(gateway.count("buildModel")).toBe(builds);
    expect(state().inputs.revshareCap).toBe(50e9);
    await controller.applyPreset("2026-04");
    await controller.answerPreset("keep-mine");
    await controller.idle();
    expect(state().inputs.preset).toBe("2026-04");
    expect(state().inputs.revshareCap).toBe(50e9);
    expect(state().inputs.revshareFixedEnd).toBe(presetValues("2026-04").revshareFixedEnd);
  });
});

describe("issue 15, item 9: a change of periods a year says what it does to the first period's revenue", () => {
  it("yearly to quarterly: $13bn is now a quarter's; the note offers $3.25bn, which keeps the year's revenue", async () => {
    const { controller, state } = await built();
    const total = () => {
      const r = state().results.revshare;
      if (!r?.ok) throw new Error("no revenue share result");
      return r.value.totalPaid;
    };
    const yearly = total();
    await controller.setText("revsharePeriodsPerYear", "4", true);
    const note = state().fields.revshareFirstRevenue.periodNote;
    expect(note).toEqual({ from: 1, to: 4, value: 13e9, yearly: 52e9, converted: 3.25e9 });
    await controller.useConvertedRevenue();
    await controller.idle();
    expect(state().inputs.revshareFirstRevenue).toBe(3.25e9);
    expect(state().fields.revshareFirstRevenue.periodNote).toBeUndefined();
    const expected = computeRevshare(evaluation(state().inputs));
    if (!expected.ok) throw new Error(expected.issue.message);
    expect(display(total(), "currency")).toBe(display(expected.value.totalPaid, "currency"));
    expect(total()).toBeLessThan(yearly * 1.2);
  });
});
