import { ymdToSerial } from "../../src/engine/dates";
import { parseBlock } from "../../src/workbook/a1";
import { DealInputs, defaultInputs, FIELDS, presetValues, SECTIONS, SectionId, TERMS_SHEET, toCell } from "../../src/model/fields";
import {
  computeAgi,
  computeDrawdown,
  computeRevshare,
  computeRights,
  computeStake,
  computeValuation,
  evaluation,
} from "../../src/model/results";
import { EmbeddedWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { AGI_TABLE_ROW, MODEL_BOUNDS, modelSheets, NAMES, SPARE_CAP_TABLE_ROWS } from "../../src/model/sheets";
import { nameValues, SENSITIVITY_AXES, SENSITIVITY_STEPS } from "../../src/model/calls";
import fc from "fast-check";
import { SheetSpec } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";

/**
 * The model sheets as data, and the same sheets evaluated: each spec is built into the embedded
 * workbook (HyperFormula running the DEAL.* functions from the built bundle's metadata), so the tests
 * check real formulas on real names against what the pane computes.
 */

const TODAY = ymdToSerial(2026, 5, 1);
const ALL: SectionId[] = SECTIONS.map((s) => s.id);

function sheet(specs: SheetSpec[], name: string): SheetSpec {
  const found = specs.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

async function evaluate(inputs: DealInputs, sections: SectionId[] = ALL) {
  const specs = modelSheets(inputs, sections);
  const workbook = new EmbeddedWorkbook(dealSource());
  await workbook.buildModel({ sheets: specs, bounds: MODEL_BOUNDS });
  const names = Object.fromEntries(specs.flatMap((s) => s.names.map((n) => [n.name, { sheet: s.name, address: n.address }])));
  const valueOf = (name: string) => {
    const target = names[name];
    if (!target) throw new Error(`${name} is not defined`);
    return workbook.cell(target.sheet, target.address.split(":")[0]).value;
  };
  return { specs, workbook, valueOf };
}

const captable = (inputs: DealInputs): DealInputs => ({ ...inputs, stakeSource: "captable" });

/**
 * The embedded engine (HyperFormula) returns numbers rounded to about 11 significant digits, as its
 * display rounding does; the comparison allows that and nothing more.
 */
function expectSame(actual: unknown, expected: number): void {
  expect(typeof actual).toBe("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-10 + 1e-12);
}

describe("the model sheets as data", () => {
  const inputs = defaultInputs(TODAY);
  const specs = modelSheets(inputs, ALL);

  it("are Deal Terms and one sheet per chosen section, in the pane's order", () => {
    expect(specs.map((s) => s.name)).toEqual([TERMS_SHEET, ...SECTIONS.map((s) => s.sheet)]);
    expect(modelSheets(inputs, ["rights", "stake"]).map((s) => s.name)).toEqual([TERMS_SHEET, "Deal Stake", "Deal Rights"]);
  });

  it("name every visible input cell after NAMES, holding the input's value", () => {
    const named = new Map(specs.flatMap((s) => s.names.map((n) => [n.name, { sheet: s, address: n.address }])));
    for (const field of FIELDS) {
      if (!field.name || field.kind === "table") continue;
      if (field.when && !field.when.values.includes(String(inputs[field.when.key]))) continue;
      const target = named.get(field.name);
      expect(target ? field.name : `${field.name} missing`).toBe(field.name);
      const cell = target!.sheet.cells.find((c) => c.address === target!.address)!;
      expect(cell.role).toBe("input");
      expect(cell.value ?? null).toEqual(toCell(inputs[field.key]));
      expect(cell.format).toBe(field.format);
    }
  });

  it("use only names they define (or the Deal Terms names), each defined once", () => {
    const defined = specs.flatMap((s) => s.names.map((n) => n.name));
    expect(new Set(defined).size).toBe(defined.length);
    for (const spec of specs) {
      for (const cell of spec.cells) {
        for (const used of cell.formula?.match(/\bDeal_[A-Za-z_]+/g) ?? []) expect(defined).toContain(used);
      }
    }
    expect(Object.values(NAMES).every((n) => /^Deal_[A-Z][A-Za-z]+_[A-Z][A-Za-z]+$/.test(n))).toBe(true);
  });

  it("write each cell once and keep formulas out of the text format", () => {
    for (const spec of specs) {
      const addresses = spec.cells.map((c) => c.address);
      expect(new Set(addresses).size).toBe(addresses.length);
      for (const cell of spec.cells) if (cell.formula) expect(cell.format).not.toBe("text");
    }
  });

  it("chart each schedule over its spill, with the series inside it", () => {
    const charts = specs.flatMap((s) => s.charts.map((c) => ({ sheet: s, chart: c })));
    expect(charts.map((c) => c.chart.id).sort()).toEqual([
      "DealAgi_Scenarios",
      "DealDrawdown_Schedule",
      "DealRevShare_Payments",
      "DealStake_Ownership",
    ]);
    for (const { sheet: spec, chart } of charts) {
      const block = parseBlock(chart.dataRange);
      const width = block.right - block.left + 1;
      expect(chart.seriesColumns!.every((c) => c >= 1 && c < width)).toBe(true);
      expect(chart.seriesNames).toHaveLength(chart.seriesColumns!.length);
      const anchor = spec.cells.find((c) => c.address === chart.dataRange.split(":")[0]);
      if (anchor?.spill) expect(block.bottom - block.top + 1).toBe(anchor.spill.rows);
    }
  });

  it("stay within the bounds a build record of the model is checked against, whatever the choices", () => {
    const variants: DealInputs[] = [
      inputs,
      captable(inputs),
      { ...inputs, revshareForecast: "table", revshareTable: [[46022, 1e9]] },
      { ...inputs, drawdownProfile: "weights", drawdownWeights: [[1], [2]] },
      { ...inputs, revshareYears: 100, revsharePeriodsPerYear: 12, revsharePayoutYears: 100, revshareLag: 1200 },
    ];
    for (const variant of variants) {
      for (const spec of modelSheets(variant, ALL)) {
        expect(MODEL_BOUNDS.sheets).toContainEqual({ key: spec.key, name: spec.name });
        for (const named of spec.names) expect(MODEL_BOUNDS.names).toContain(named.name);
        for (const chart of spec.charts) expect(MODEL_BOUNDS.charts).toContain(chart.id);
        for (const cell of spec.cells) {
          const block = parseBlock(cell.address);
          const bottom = block.bottom + (cell.spill ? cell.spill.rows - 1 : 0);
          const right = block.right + (cell.spill ? cell.spill.columns - 1 : 0);
          expect(bottom).toBeLessThan(MODEL_BOUNDS.rows);
          expect(right).toBeLessThan(MODEL_BOUNDS.columns);
        }
      }
    }
  });
});

describe("the model sheets evaluated (real formulas in the embedded workbook)", () => {
  it("Deal Terms: the preset's figures through DEAL.TERM", async () => {
    const { valueOf, workbook } = await evaluate(defaultInputs(TODAY), []);
    expect(valueOf(NAMES.termsPreset)).toBe("2025-10");
    expect(valueOf(NAMES.termsAsOf)).toBe(TODAY);
    const rows = workbook.dimensions(TERMS_SHEET).rows;
    const values = Array.from({ length: rows }, (_, r) => workbook.cell(TERMS_SHEET, `B${r + 1}`).value);
    expect(values).toContain(0.27);
    expect(values).toContain(500e9);
    expect(values.some((v) => typeof v === "object" && v !== null)).toBe(false);
  });

  it("Stake with the deal's figures: 27% fully diluted beside 32.5% as-converted, ownership adding to 100%", async () => {
    const inputs = defaultInputs(TODAY);
    const { valueOf, specs, workbook } = await evaluate(inputs, ["stake"]);
    expect(valueOf(NAMES.stakeResult)).toBe(0.27);
    const spec = sheet(specs, "Deal Stake");
    const chart = spec.charts[0];
    const block = parseBlock(chart.dataRange);
    const shares = Array.from(
      { length: block.bottom - block.top },
      (_, i) => workbook.cell("Deal Stake", `B${block.top + 2 + i}`).value as number,
    );
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const announced = spec.cells
      .filter((c) => c.formula?.includes("stake_as_converted"))
      .map((c) => workbook.cell("Deal Stake", c.address).value);
    expect(announced).toEqual([0.325]);
    const result = computeStake(evaluation(inputs));
    expect(result.ok && result.value.ownership.map((o) => o.stake)).toEqual(shares);
  });

  it("Stake with a cap table: the cells equal the pane's results on every basis; the spill has the size the spec reserved", async () => {
    const inputs = captable(defaultInputs(TODAY));
    const { valueOf, specs, workbook } = await evaluate(inputs, ["stake"]);
    const result = computeStake(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    expectSame(valueOf(NAMES.stakeResult), result.value.stake);
    const spec = sheet(specs, "Deal Stake");
    for (const b of result.value.byBasis) {
      const cell = spec.cells.find((c) => c.formula?.endsWith(`"${b.basis}")`))!;
      expectSame(workbook.cell("Deal Stake", cell.address).value, b.value);
    }
    const spill = spec.cells.find((c) => c.formula?.startsWith("=DEAL.CAPTABLE"))!;
    expect(workbook.spillRange("Deal Stake", spill.address)).toBe(`F4:H${4 + spill.spill!.rows - 1}`);
    const table = spec.names.find((n) => n.name === NAMES.stakeCapTable)!;
    const rows = parseBlock(table.address);
    expect(rows.bottom - rows.top + 1).toBe(inputs.stakeCapTable.length + SPARE_CAP_TABLE_ROWS);
  });

  it("Valuation: the implied value and the sensitivity grid are the pane's numbers", async () => {
    const inputs = defaultInputs(TODAY);
    const { valueOf, workbook } = await evaluate(inputs, ["valuation"]);
    const result = computeValuation(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    expect(valueOf(NAMES.valuationEquity)).toBe(500e9);
    const grid = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: 5 }, (_, c) => workbook.cell("Deal Valuation", { row: 13 + r, col: 1 + c }).value),
    );
    grid.forEach((row, r) => row.forEach((v, c) => expectSame(v, result.value.grid.cells[r][c] as number)));
  });

  it("Revenue share with a growth forecast: total paid and present value equal the pane's, the spill fits the chart", async () => {
    const inputs = { ...defaultInputs(TODAY), agiDate: ymdToSerial(2029, 6, 30) };
    const { valueOf, specs, workbook } = await evaluate(inputs, ["revshare"]);
    const result = computeRevshare(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    // The share runs through the day before verification, as DEAL.RIGHTS says the right does.
    expect(valueOf(NAMES.revshareEnd)).toBe(ymdToSerial(2029, 6, 29));
    expectSame(valueOf(NAMES.revshareTotalPaid), result.value.totalPaid);
    expectSame(valueOf(NAMES.revsharePresentValue), result.value.presentValue);
    const chart = sheet(specs, "Deal RevShare").charts[0];
    expect(workbook.spillRange("Deal RevShare", chart.dataRange.split(":")[0])).toBe(chart.dataRange);
    expect(parseBlock(chart.dataRange).bottom - parseBlock(chart.dataRange).top).toBe(result.value.schedule.length - 1);
  });

  it("Revenue share under the 2026-04 preset: through 2030 with the $38B cap, whatever the AGI date", async () => {
    const inputs = { ...defaultInputs(TODAY), ...presetValues("2026-04"), agiDate: ymdToSerial(2027, 1, 1) };
    const { valueOf } = await evaluate(inputs, ["revshare"]);
    const result = computeRevshare(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    expect(valueOf(NAMES.revshareEnd)).toBe(ymdToSerial(2030, 12, 31));
    expect(valueOf(NAMES.revshareCap)).toBe(38e9);
    expect(result.value.totalPaid).toBeLessThanOrEqual(38e9);
    expectSame(valueOf(NAMES.revshareTotalPaid), result.value.totalPaid);
  });

  it("Revenue share with the user's forecast table: period ends and revenue are named input blocks", async () => {
    const table = [
      [ymdToSerial(2026, 3, 31), 3e9],
      [ymdToSerial(2026, 6, 30), 3.5e9],
      [ymdToSerial(2026, 9, 30), 4e9],
    ];
    const inputs: DealInputs = {
      ...defaultInputs(TODAY),
      revshareForecast: "table",
      revshareTable: table,
      revsharePeriodsPerYear: 4,
      revsharePayoutYears: 1,
    };
    const { valueOf, specs } = await evaluate(inputs, ["revshare"]);
    const spec = sheet(specs, "Deal RevShare");
    expect(spec.names.find((n) => n.name === NAMES.revshareRevenue)!.address).toBe("B22:B24");
    expect(spec.names.some((n) => n.name === NAMES.revshareFirstRevenue)).toBe(false);
    const result = computeRevshare(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    expectSame(valueOf(NAMES.revshareTotalPaid), result.value.totalPaid);
    expect(result.value.totalPaid).toBeCloseTo(0.2 * 10.5e9, 2);
  });

  it("Draw-down: the schedule spills as reserved and the status reads the actuals block", async () => {
    const inputs: DealInputs = { ...defaultInputs(TODAY), drawdownActuals: [[3e9], [4e9], [null], [5e9]] };
    const { specs, workbook } = await evaluate(inputs, ["drawdown"]);
    const result = computeDrawdown(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    const spec = sheet(specs, "Deal Drawdown");
    const schedule = spec.cells.find((c) => c.formula?.startsWith("=DEAL.DRAWDOWN"))!;
    expect(workbook.spillRange("Deal Drawdown", schedule.address)).toBe(spec.charts[0].dataRange);
    expect(schedule.spill!.rows).toBe(result.value.periods + 1);
    expect(workbook.cell("Deal Drawdown", "E5").value).toBe(12e9);
    expectSame(workbook.cell("Deal Drawdown", "J5").value, result.value.status.shortfall);
    const actuals = parseBlock(spec.names.find((n) => n.name === NAMES.drawdownActuals)!.address);
    expect(actuals.bottom - actuals.top + 1).toBe(result.value.periods);
  });

  it("Draw-down with the user's weights: the formula passes the weights block", async () => {
    const inputs: DealInputs = {
      ...defaultInputs(TODAY),
      drawdownProfile: "weights",
      drawdownWeights: [[1], [2], [3], [4], [5]],
      drawdownPeriodsPerYear: 1,
    };
    const { specs, workbook } = await evaluate(inputs, ["drawdown"]);
    const schedule = sheet(specs, "Deal Drawdown").cells.find((c) => c.formula?.startsWith("=DEAL.DRAWDOWN"))!;
    expect(schedule.formula).toContain(NAMES.drawdownWeights);
    const result = computeDrawdown(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    const draws = result.value.schedule.slice(1).map((row) => row[2] as number);
    draws.forEach((draw, i) => expectSame(workbook.cell("Deal Drawdown", `G${11 + i}`).value, draw));
    // The weights shape the draws: 1 : 2 : 3 : 4 : 5 of the commitment, to the cent.
    draws.forEach((draw, i) => expect(Math.abs(draw - (250e9 * (i + 1)) / 15)).toBeLessThanOrEqual(0.01));
  });

  it("Rights: the spill lists the four rights as the pane does", async () => {
    const inputs = { ...defaultInputs(TODAY), agiDate: ymdToSerial(2028, 1, 1) };
    const { workbook } = await evaluate(inputs, ["rights"]);
    const result = computeRights(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    const rows = result.value.rights.map((_, i) => [0, 1, 2].map((c) => workbook.cell("Deal Rights", { row: 6 + i, col: c }).value));
    expect(rows).toEqual(result.value.rights.map((r) => [r.label, r.active, r.ends]));
  });
});

describe("the cells the model computes with Excel's own formulas hold the values the pane computes with", () => {
  const serial = (y: number, m: number) => ymdToSerial(y, m + 1, 0); /* last day of month m */
  const valid = fc.record({
    agiDate: fc.option(fc.integer({ min: ymdToSerial(2026, 1, 1), max: ymdToSerial(2040, 12, 31) }), { nil: null }),
    revshareFixedEnd: fc.option(fc.integer({ min: ymdToSerial(2026, 1, 1), max: ymdToSerial(2040, 12, 31) }), { nil: null }),
    revsharePeriodsPerYear: fc.constantFrom(1, 2, 4, 12),
    revshareYears: fc.integer({ min: 1, max: 6 }),
    revshareFirstRevenue: fc.integer({ min: 0, max: 5e11 }),
    revshareGrowth: fc.integer({ min: -90, max: 300 }).map((n) => n / 100),
    revshareFirstPeriodEnd: fc.tuple(fc.integer({ min: 2024, max: 2030 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => serial(y, m)),
    revsharePayoutYears: fc.integer({ min: 1, max: 4 }),
    valuationStakeValue: fc.integer({ min: 1, max: 1e12 }),
    // Percentages as a user types them (whole or tenths of a percent).
    valuationStake: fc.integer({ min: 50, max: 1000 }).map((n) => n / 1000),
    valuationValueStep: fc.integer({ min: 0, max: 500 }).map((n) => n / 1000),
    valuationStakeStep: fc.integer({ min: 0, max: 20 }).map((n) => n / 1000),
  });

  it("accrual end, instalments, forecast rows, equity value and the sensitivity axes", async () => {
    await fc.assert(
      fc.asyncProperty(valid, async (chosen) => {
        const inputs: DealInputs = { ...defaultInputs(TODAY), ...chosen };
        const { valueOf, workbook } = await evaluate(inputs, ["revshare", "valuation"]);
        const values = nameValues(inputs);
        for (const name of [NAMES.revshareEnd, NAMES.revsharePayoutPeriods, NAMES.valuationEquity]) {
          const expected = values[name];
          if (typeof expected === "number") expectSame(valueOf(name), expected);
          else expect(valueOf(name) ?? null).toEqual(expected === null ? "" : expected);
        }
        const ends = values[NAMES.revsharePeriodEnds] as number[][];
        const revenue = values[NAMES.revshareRevenue] as number[][];
        ends.forEach((row, k) => expect(workbook.cell("Deal RevShare", `A${22 + k}`).value).toBe(row[0]));
        revenue.forEach((row, k) => expectSame(workbook.cell("Deal RevShare", `B${22 + k}`).value, row[0]));
        SENSITIVITY_STEPS.forEach((k, i) => {
          expectSame(workbook.cell("Deal Valuation", `A${14 + i}`).value, SENSITIVITY_AXES.value.value(inputs, k) as number);
          expectSame(workbook.cell("Deal Valuation", { row: 12, col: 1 + i }).value, SENSITIVITY_AXES.stake.value(inputs, k) as number);
        });
      }),
      { numRuns: 25 },
    );
  });
});

describe("the AGI timing sheet evaluated", () => {
  it("spills each scenario and the expectation as the pane has them; the rights' probabilities too; a chart over the scenarios", async () => {
    const inputs = { ...defaultInputs(TODAY), agiDate: null };
    const { valueOf, workbook, specs } = await evaluate(inputs, ["revshare", "agi"]);
    const result = computeAgi(evaluation(inputs));
    if (!result.ok) throw new Error(result.issue.message);
    const share = result.value.revenueShare!;
    expectSame(valueOf(NAMES.agiExpectedPresentValue), share.expectedPresentValue);
    share.scenarios.forEach((s, i) => {
      expectSame(workbook.cell("Deal AGI", `G${AGI_TABLE_ROW + 1 + i}`).value, s.paidInTotal);
      expectSame(workbook.cell("Deal AGI", `H${AGI_TABLE_ROW + 1 + i}`).value, s.presentValue);
    });
    result.value.rights.forEach((r, i) => {
      expect(workbook.cell("Deal AGI", `K${AGI_TABLE_ROW + 1 + i}`).value).toBe(r.label);
      expectSame(workbook.cell("Deal AGI", `L${AGI_TABLE_ROW + 1 + i}`).value, r.probability);
    });
    const chart = sheet(specs, "Deal AGI").charts[0];
    expect(chart).toMatchObject({ id: "DealAgi_Scenarios", seriesNames: ["Paid in total", "Present value"] });
    // The Expected row is a category of the chart: the expectation sits among the scenarios.
    expect(parseBlock(chart.dataRange).bottom - parseBlock(chart.dataRange).top).toBe(share.scenarios.length + 1);
    // Each scenario is exactly DEAL.REVSHARE with accrual through the day before verification.
    const first = share.scenarios[0];
    const alone = computeRevshare(evaluation({ ...inputs, agiDate: first.agiVerified }));
    if (!alone.ok) throw new Error(alone.issue.message);
    expect(first.paidInTotal).toBe(alone.value.totalPaid);
    expect(first.presentValue).toBe(alone.value.presentValue);
  });

  it("says the revenue share does not depend on AGI when the terms fix its end (2026-04)", async () => {
    const inputs = defaultInputs(TODAY, "2026-04");
    const { workbook, specs } = await evaluate(inputs, ["revshare", "agi"]);
    expect(String(workbook.cell("Deal AGI", `D${AGI_TABLE_ROW}`).value)).toMatch(/accrues through 2030-12-31 whatever the AGI date/);
    expect(sheet(specs, "Deal AGI").charts).toEqual([]);
    const result = computeAgi(evaluation(inputs));
    expect(result.ok && result.value.revenueShare).toBe(null);
    expect(result.ok && result.value.rights.length).toBe(4);
  });
});
