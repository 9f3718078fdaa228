import { getTermPreset, TermFigure } from "../engine/presets";
import { blockAddress, cellAddress, parseBlock, parseCell } from "../workbook/a1";
import { ModelBounds } from "../workbook/buildRecord";
import { CellRole, CellSpec, CellValue, ChartSpec, NameSpec, NumberFormatKind, SheetSpec } from "../workbook/types";
import {
  ACCRUAL_END,
  actualsBlock,
  agiColumns,
  CALLS,
  capTableBlock,
  cellInputs,
  CellOverrides,
  DealCall,
  evaluate,
  FORECAST_ROW,
  forecastColumns,
  formulaOf,
  NameValues,
  nameValues,
  PAYOUT_PERIODS,
  SENSITIVITY_AXES,
  SENSITIVITY_STEPS,
  weightsBlock,
} from "./calls";
import {
  DealInputs,
  FIELD_BY_KEY,
  FieldKey,
  fieldFigure,
  formatField,
  MAX_CAP_TABLE_ROWS,
  MAX_MODEL_PERIODS,
  SECTIONS,
  SectionId,
  TERMS_SHEET,
  toCell,
} from "./fields";
import { NAMES } from "./names";
import { BASIS_COUNTS, BASIS_LABELS, capTableHolders, DEAL_HOLDERS } from "./results";

/**
 * The model sheets, as data: from the pane's inputs to one SheetSpec per chosen section, plus the
 * "Deal Terms" sheet that holds the inputs every section shares (preset, AGI date, as-of date). Pure:
 * no Office, no DOM; both workbook implementations apply these specs through the build planner.
 *
 * Each sheet has a title, a labelled input block in columns A:C (label | input | note), whose input cells
 * are named ranges (NAMES, `Deal_RevShare_Rate` style); outputs are formulas that call the DEAL.*
 * functions on those names, each written from the call's one description (src/model/calls.ts); each
 * schedule spills from one formula, with its expected size computed by evaluating the same call on the
 * same values, and gets a chart:
 *   Deal Stake      ownership by holder (pie)
 *   Deal RevShare   payments by period: accrued and paid (columns)
 *   Deal Drawdown   draw-down: cumulative drawn and remaining commitment (lines)
 */

export { NAMES } from "./names";
export { SECTIONS, TERMS_SHEET } from "./fields";
export { SPARE_CAP_TABLE_ROWS } from "./calls";

const INPUT_NOTE_COLUMN = "C";
/** Where each model sheet says what it is (under its title); a shared copy says there when it was shared. */
export const SHEET_NOTE_ADDRESS = "A2";
const SHEET_NOTE =
  "Built by Deal Modeller. Yellow cells are inputs (named ranges): edit them here or in the pane; formulas call DEAL.* on them.";

const FIGURE_FORMATS: Record<TermFigure["kind"], NumberFormatKind | undefined> = {
  fraction: "percent",
  money: "currency",
  date: "date",
  text: undefined,
};

/** The model's sheets by key: the shared terms, then one per section. */
export type SheetKey = "terms" | SectionId;

class SheetBuilder {
  readonly cells: CellSpec[] = [];
  readonly names: NameSpec[] = [];
  readonly charts: ChartSpec[] = [];

  constructor(
    readonly key: SheetKey,
    readonly name: string,
    private readonly inputs: DealInputs,
    private readonly overrides: CellOverrides = {},
  ) {}

  put(address: string, cell: Omit<CellSpec, "address">): void {
    const spec: CellSpec = { address, ...cell };
    // A cell formatted as text before a formula is typed shows the formula's text: formulas get no text format.
    if (spec.formula !== undefined && spec.format === "text") delete spec.format;
    this.cells.push(spec);
  }

  text(address: string, value: string, role: CellRole = "label"): void {
    this.put(address, { value, role });
  }

  header(row: number, titles: string[], firstColumn = 0): void {
    titles.forEach((title, i) => this.text(cellAddress({ row: row - 1, col: firstColumn + i }), title, "header"));
  }

  title(text: string): void {
    this.text("A1", text, "title");
    this.text(SHEET_NOTE_ADDRESS, SHEET_NOTE, "note");
  }

  /**
   * An input row: label in A, the named input cell in B, a note in C: the value's origin (official,
   * reported, derived, illustrative or edited, with its source), else the field's help.
   */
  input(row: number, key: FieldKey, note?: string): void {
    const field = FIELD_BY_KEY[key];
    this.text(`A${row}`, field.label);
    // A cell the pane could not take as its field keeps what the grid holds.
    const value = key in this.overrides ? (this.overrides[key] ?? null) : toCell(this.inputs[key]);
    this.put(`B${row}`, { value, role: "input", format: field.format });
    if (field.name) this.names.push({ name: field.name, address: `B${row}`, comment: field.help });
    const figure = fieldFigure(this.inputs, key);
    const text = figure ? `${figure.status}: ${figure.source}` : (note ?? field.help);
    this.text(`${INPUT_NOTE_COLUMN}${row}`, text, "note");
  }

  output(row: number, label: string, formula: string, format?: NumberFormatKind, note?: string, name?: string): void {
    this.text(`A${row}`, label);
    this.put(`B${row}`, { formula, role: "output", format });
    if (name) this.names.push({ name, address: `B${row}` });
    if (note) this.text(`${INPUT_NOTE_COLUMN}${row}`, note, "note");
  }

  /** A block of input cells, named as a whole (without its header). */
  inputBlock(topRow: number, leftColumn: number, rows: CellValue[][], formats: NumberFormatKind[], name: string, comment: string): string {
    rows.forEach((row, r) =>
      formats.forEach((format, c) => {
        this.put(cellAddress({ row: topRow - 1 + r, col: leftColumn + c }), { value: row[c] ?? null, role: "input", format });
      }),
    );
    const block = blockAddress({
      top: topRow - 1,
      left: leftColumn,
      bottom: topRow - 2 + rows.length,
      right: leftColumn + formats.length - 1,
    });
    this.names.push({ name, address: block, comment });
    return block;
  }

  spill(address: string, call: DealCall, values: NameValues, columns: number, columnFormats: NumberFormatKind[]): string {
    const size = sizeOf(call, values, columns);
    this.put(address, {
      formula: formulaOf(call),
      role: "output",
      spill: { rows: size.rows, columns: size.columns, columnFormats, headerRow: true },
    });
    const start = parseCell(address);
    return blockAddress({ top: start.row, left: start.col, bottom: start.row + size.rows - 1, right: start.col + size.columns - 1 });
  }

  build(): SheetSpec {
    return { key: this.key, name: this.name, cells: this.cells, names: this.names, charts: this.charts };
  }
}

/** The size of a spilled result, or a header and one row when the inputs give no result yet. */
function sizeOf(call: DealCall, values: NameValues, columns: number): { rows: number; columns: number } {
  const result = evaluate<unknown[][]>(call, values);
  if (!result.ok) return { rows: 2, columns };
  return { rows: Math.max(result.value.length, 1), columns: result.value[0]?.length ?? columns };
}

// ---- the sheets ----

export function termsSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("terms", TERMS_SHEET, inputs, overrides);
  sheet.title("Deal terms");
  const preset = getTermPreset(inputs.preset);
  sheet.input(4, "preset", `${preset.label}: ${preset.status}`);
  sheet.input(5, "agiDate", "Empty while the expert panel has not verified AGI.");
  sheet.input(6, "asOf");
  sheet.header(8, ["Figure", "Value", "Status", "Key", "Source"]);
  preset.figures.forEach((figure, i) => {
    const row = 9 + i;
    sheet.text(`A${row}`, figure.label);
    sheet.put(`B${row}`, { formula: formulaOf(CALLS.term(figure.key)), role: "output", format: FIGURE_FORMATS[figure.kind] });
    sheet.text(`C${row}`, figure.status, "note");
    sheet.text(`D${row}`, figure.key, "note");
    sheet.text(`E${row}`, figure.source, "note");
  });
  sheet.text(`A${10 + preset.figures.length}`, "Status and source are those of the preset when the sheet was built.", "note");
  return sheet.build();
}

export function stakeSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("stake", sectionSheetName("stake"), inputs, overrides);
  const values = nameValues(inputs, overrides);
  sheet.title("Stake");
  const preset = getTermPreset(inputs.preset);
  const note = (key: string) => preset.figures.find((f) => f.key === key)?.note;
  const announced = (row: number) => {
    sheet.output(
      row,
      "Announced: fully diluted, after the recapitalization",
      formulaOf(CALLS.term("stake_diluted")),
      "percent",
      note("stake_diluted"),
    );
    sheet.output(
      row + 1,
      "Announced: as-converted, before the recent rounds",
      formulaOf(CALLS.term("stake_as_converted")),
      "percent",
      note("stake_as_converted"),
    );
  };

  if (inputs.stakeSource !== "captable") {
    sheet.text("A4", "Stake from");
    sheet.text("B4", "The deal's figures");
    sheet.text("C4", "Choose a cap table of your own in the pane.", "note");
    announced(6);
    sheet.names.push({ name: NAMES.stakeResult, address: "B6", comment: "The stake shown: the announced fully diluted stake" });
    sheet.header(9, ["Holder", "Ownership (fully diluted)"]);
    DEAL_HOLDERS.forEach(({ holder, key }, i) => {
      sheet.text(`A${10 + i}`, holder);
      sheet.put(`B${10 + i}`, { formula: formulaOf(CALLS.term(key)), role: "output", format: "percent" });
    });
    sheet.charts.push({
      id: "DealStake_Ownership",
      title: "Ownership by holder (fully diluted, announced)",
      type: "pie",
      dataRange: `A9:B${9 + DEAL_HOLDERS.length}`,
      seriesColumns: [1],
      seriesNames: ["Ownership"],
      anchor: "E4",
    });
    return sheet.build();
  }

  sheet.input(4, "stakeHolder", "The holder whose stake is shown.");
  sheet.input(5, "stakeBasis", "fully-diluted, as-converted or issued");
  sheet.output(7, "Stake on the chosen basis", formulaOf(CALLS.stake()), "percent", undefined, NAMES.stakeResult);
  sheet.header(9, ["Basis", "Stake", "What it counts"]);
  Object.keys(BASIS_COUNTS).forEach((basis, i) => {
    sheet.output(
      10 + i,
      BASIS_LABELS[basis],
      formulaOf(CALLS.stake(undefined, { param: "basis", constant: basis })),
      "percent",
      BASIS_COUNTS[basis],
    );
  });
  announced(13);

  const block = capTableBlock(inputs);
  sheet.header(16, ["Holder", "Type", "Units", "Conversion ratio"]);
  sheet.inputBlock(17, 0, block, ["text", "text", "number", "number"], NAMES.stakeCapTable, "Cap table");

  sheet.text("F3", "Cap table on the chosen basis");
  const spill = sheet.spill("F4", CALLS.capTable, values, 3, ["text", "number", "percent"]);

  const holders = capTableHolders(inputs.stakeCapTable);
  const top = 17 + block.length + 1;
  sheet.header(top, ["Holder", "Ownership"]);
  holders.forEach((holder, i) => {
    const row = top + 1 + i;
    sheet.text(`A${row}`, holder);
    sheet.put(`B${row}`, {
      formula: formulaOf(CALLS.stake({ param: "holder", cell: `A${row}`, value: () => holder })),
      role: "output",
      format: "percent",
    });
  });
  const spillEnd = parseCell(spill.split(":")[1] ?? spill);
  sheet.charts.push({
    id: "DealStake_Ownership",
    title: "Ownership by holder",
    type: "pie",
    dataRange: `A${top}:B${top + Math.max(holders.length, 1)}`,
    seriesColumns: [1],
    seriesNames: ["Ownership"],
    anchor: `F${spillEnd.row + 3}`,
  });
  return sheet.build();
}

export function valuationSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("valuation", sectionSheetName("valuation"), inputs, overrides);
  sheet.title("Valuation");
  sheet.input(4, "valuationStakeValue");
  sheet.input(5, "valuationStake");
  sheet.input(6, "valuationValueStep");
  sheet.input(7, "valuationStakeStep");
  const cells = cellInputs(inputs, overrides);
  sheet.output(
    9,
    "Implied equity value",
    formulaOf(CALLS.valuation),
    "currency",
    "Value of 100% of the equity: stake value / stake.",
    NAMES.valuationEquity,
  );
  sheet.output(10, "Value of the stake at that equity value", formulaOf(CALLS.stakeValue), "currency");
  sheet.text("A12", "Implied equity value by value of the stake (rows) and stake (columns)");
  sheet.text("A13", "Stake value \\ stake", "header");
  SENSITIVITY_STEPS.forEach((k, i) => {
    sheet.put(cellAddress({ row: 12, col: 1 + i }), { formula: SENSITIVITY_AXES.stake.formula(k), role: "header", format: "percent" });
    const row = 14 + i;
    sheet.put(`A${row}`, { formula: SENSITIVITY_AXES.value.formula(k), role: "header", format: "currency" });
    SENSITIVITY_STEPS.forEach((j, c) => {
      const letter = cellAddress({ row: 0, col: 1 + c }).replace(/\d+$/, "");
      const call = CALLS.sensitivity(
        `$A${row}`,
        `${letter}$13`,
        SENSITIVITY_AXES.value.value(cells, k),
        SENSITIVITY_AXES.stake.value(cells, j),
      );
      sheet.put(cellAddress({ row: row - 1, col: 1 + c }), { formula: formulaOf(call), role: "output", format: "currency" });
    });
  });
  return sheet.build();
}

export const REVSHARE_SCHEDULE_ROW = 21;

export function revshareSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("revshare", sectionSheetName("revshare"), inputs, overrides);
  const values = nameValues(inputs, overrides);
  sheet.title("Revenue share");
  const growth = inputs.revshareForecast !== "table";
  sheet.input(4, "revshareRate");
  sheet.input(5, "revshareFixedEnd");
  sheet.input(6, "revshareCap");
  sheet.input(7, "revsharePayoutYears");
  sheet.input(8, "revshareLag");
  sheet.input(9, "revshareDiscountRate");
  sheet.input(10, "revsharePeriodsPerYear");
  if (growth) {
    sheet.input(11, "revshareFirstRevenue");
    sheet.input(12, "revshareGrowth");
    sheet.input(13, "revshareFirstPeriodEnd");
    sheet.input(14, "revshareYears", "Changing the years or periods a year in the grid: the pane rebuilds the forecast rows.");
  } else {
    sheet.text("A11", "Revenue forecast");
    sheet.text("B11", "My forecast (below)");
    sheet.text("C11", "Period ends and revenue are inputs in columns A:B.", "note");
  }
  sheet.output(
    16,
    "Accrual ends",
    ACCRUAL_END.formula,
    "date",
    "The fixed end when there is one, else the day before AGI is verified (Deal Terms), as DEAL.RIGHTS ends the right; empty: no end.",
    NAMES.revshareEnd,
  );
  sheet.output(17, "Instalments per period's share", PAYOUT_PERIODS.formula, "number", undefined, NAMES.revsharePayoutPeriods);
  sheet.output(
    18,
    "Paid in total",
    formulaOf(CALLS.revshareTotal),
    "currency",
    "The sum of the Paid column: the payments' value at 0%.",
    NAMES.revshareTotalPaid,
  );
  sheet.output(
    19,
    "Present value of the payments",
    formulaOf(CALLS.revsharePv),
    "currency",
    "Each payment discounted at actual/365 to the start of the first period, as XNPV does.",
    NAMES.revsharePresentValue,
  );

  // The forecast block: period ends and revenue, one row a period.
  const top = REVSHARE_SCHEDULE_ROW;
  sheet.header(top, ["Period end", "Revenue"]);
  const forecast = forecastColumns(inputs);
  if (growth) {
    forecast.periodEnds.forEach((_, k) => {
      const row = top + 1 + k;
      sheet.put(`A${row}`, { formula: FORECAST_ROW.periodEnd.formula(k), role: "output", format: "date" });
      sheet.put(`B${row}`, { formula: FORECAST_ROW.revenue.formula(k), role: "output", format: "currency" });
    });
    const bottom = top + forecast.periodEnds.length;
    sheet.names.push({ name: NAMES.revsharePeriodEnds, address: `A${top + 1}:A${bottom}`, comment: "Period ends of the forecast" });
    sheet.names.push({ name: NAMES.revshareRevenue, address: `B${top + 1}:B${bottom}`, comment: "Revenue of each period" });
  } else {
    sheet.inputBlock(top + 1, 0, forecast.periodEnds, ["date"], NAMES.revsharePeriodEnds, "Period ends of the forecast");
    sheet.inputBlock(top + 1, 1, forecast.revenue, ["currency"], NAMES.revshareRevenue, "Revenue of each period");
  }

  const schedule = sheet.spill(`D${top}`, CALLS.revshare, values, 6, ["date", "currency", "currency", "currency", "currency", "currency"]);
  sheet.charts.push({
    id: "DealRevShare_Payments",
    title: "Revenue share: accrued and paid by period",
    type: "column",
    dataRange: schedule,
    seriesColumns: [2, 3],
    seriesNames: ["Accrued", "Paid"],
    anchor: "K4",
  });
  return sheet.build();
}

export const DRAWDOWN_SCHEDULE_ROW = 10;

export function drawdownSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("drawdown", sectionSheetName("drawdown"), inputs, overrides);
  const values = nameValues(inputs, overrides);
  sheet.title("Commitment draw-down");
  sheet.input(4, "drawdownCommitment");
  sheet.input(5, "drawdownStart");
  sheet.input(6, "drawdownTermYears");
  sheet.input(7, "drawdownProfile", "flat, ramp, front, scurve, or weights (column C)");
  sheet.input(8, "drawdownPeriodsPerYear");

  const weights = inputs.drawdownProfile === "weights";
  const actuals = actualsBlock(inputs);
  const top = DRAWDOWN_SCHEDULE_ROW;
  sheet.header(top, weights ? ["Period", "Actual consumption", "Weight"] : ["Period", "Actual consumption"]);
  actuals.forEach((_, k) => sheet.put(`A${top + 1 + k}`, { value: k + 1, role: "label", format: "integer" }));
  sheet.inputBlock(
    top + 1,
    1,
    actuals,
    ["currency"],
    NAMES.drawdownActuals,
    "Consumption of each period so far; leave later periods empty",
  );
  if (weights) sheet.inputBlock(top + 1, 2, weightsBlock(inputs), ["number"], NAMES.drawdownWeights, "Weights of the profile");

  sheet.text("E3", "Against the actual consumption so far");
  sheet.spill("E4", CALLS.commitmentStatus, values, 6, ["currency", "currency", "integer", "currency", "currency", "currency"]);
  const schedule = sheet.spill(`E${top}`, CALLS.drawdown(weights), values, 5, ["date", "date", "currency", "currency", "currency"]);
  sheet.charts.push({
    id: "DealDrawdown_Schedule",
    title: "Draw-down and remaining commitment",
    type: "line",
    dataRange: schedule,
    seriesColumns: [3, 4],
    seriesNames: ["Cumulative drawn", "Remaining"],
    anchor: "L4",
  });
  return sheet.build();
}

export function rightsSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("rights", sectionSheetName("rights"), inputs, overrides);
  const values = nameValues(inputs, overrides);
  sheet.title("Rights");
  sheet.text("A4", "On the as-of date, with the AGI verification date and the preset of the Deal Terms sheet.", "note");
  sheet.spill("A6", CALLS.rights, values, 3, ["text", "text", "date"]);
  sheet.names.push({ name: NAMES.rightsTable, address: "A6", comment: "The rights table (spills from this cell)" });
  sheet.text("A12", 'Ends: the last day in force, or "AGI verification" while it hangs on a verification date not given.', "note");
  return sheet.build();
}

export const AGI_TABLE_ROW = 7;

/**
 * AGI timing: the scenarios of when the panel verifies AGI (an input block of dates and probabilities),
 * the revenue share in each and its expectation (DEAL.REVSHAREAGI on the revenue-share sheet's names),
 * and the probability that each right is in force on the as-of date (DEAL.RIGHTSPROBABILITY), with a
 * chart of paid and present value by scenario, the Expected row among them. When the terms fix the
 * revenue share's last day, the share does not depend on AGI and the sheet says so instead.
 */
export function agiSheet(inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  const sheet = new SheetBuilder("agi", sectionSheetName("agi"), inputs, overrides);
  const values = nameValues(inputs, overrides);
  sheet.title("AGI timing");
  sheet.input(4, "agiValuationDate");
  sheet.text(
    "A3",
    "The revenue share's terms, forecast and discount rate are those of Deal RevShare; the as-of date and the preset those of Deal Terms.",
    "note",
  );
  const top = AGI_TABLE_ROW;
  sheet.header(top, ["AGI verified on", "Probability"]);
  const columns = agiColumns(inputs);
  sheet.inputBlock(top + 1, 0, columns.dates, ["date"], NAMES.agiDates, "The day AGI is verified in each scenario (empty: not verified)");
  sheet.inputBlock(
    top + 1,
    1,
    columns.probabilities,
    ["percent"],
    NAMES.agiProbabilities,
    "The probability of each scenario; together 100%",
  );
  const label = fieldFigure(inputs, "agiScenarios");
  sheet.text(`A${top + 2 + columns.dates.length}`, label ? `${label.status}: ${label.source}` : "Your scenarios.", "note");

  sheet.text(`D${top - 1}`, "The revenue share in each scenario, and the expectation", "note");
  if (inputs.revshareFixedEnd !== null) {
    sheet.text(
      `D${top}`,
      `Under these terms the revenue share accrues through ${formatField(FIELD_BY_KEY.revshareFixedEnd, inputs.revshareFixedEnd)} whatever the AGI date: its value does not depend on AGI (see Deal RevShare).`,
      "note",
    );
  } else {
    const block = sheet.spill(`D${top}`, CALLS.revshareAgi, values, 6, ["date", "percent", "date", "currency", "currency", "date"]);
    sheet.names.push({
      name: NAMES.agiScenarios,
      address: `D${top}`,
      comment: "The revenue share by AGI scenario (spills from this cell)",
    });
    const end = parseBlock(block);
    sheet.output(
      5,
      "Expected present value",
      `=${cellAddress({ row: end.bottom, col: end.left + 4 })}`,
      "currency",
      "The Expected row's present value: each scenario's, weighted by its probability.",
      NAMES.agiExpectedPresentValue,
    );
    sheet.charts.push({
      id: "DealAgi_Scenarios",
      title: "Revenue share by AGI scenario: paid and present value",
      type: "column",
      dataRange: block,
      seriesColumns: [3, 4],
      seriesNames: ["Paid in total", "Present value"],
      anchor: "N4",
    });
  }
  sheet.text(`K${top - 1}`, "Rights in force on the as-of date, by probability", "note");
  sheet.spill(`K${top}`, CALLS.rightsProbability, values, 2, ["text", "percent"]);
  sheet.names.push({ name: NAMES.agiRights, address: `K${top}`, comment: "The rights' probabilities (spills from this cell)" });
  return sheet.build();
}

const SECTION_SHEETS: Record<SectionId, (inputs: DealInputs, overrides: CellOverrides) => SheetSpec> = {
  stake: stakeSheet,
  valuation: valuationSheet,
  revshare: revshareSheet,
  drawdown: drawdownSheet,
  rights: rightsSheet,
  agi: agiSheet,
};

/**
 * The sheets a build writes: Deal Terms, then one sheet per chosen section, in the pane's order. An input
 * cell listed in `overrides` keeps what the grid holds there (a value the pane could not take).
 */
export function modelSheets(inputs: DealInputs, sections: readonly SectionId[], overrides: CellOverrides = {}): SheetSpec[] {
  const chosen = SECTIONS.filter((s) => sections.includes(s.id));
  return [termsSheet(inputs, overrides), ...chosen.map((s) => SECTION_SHEETS[s.id](inputs, overrides))];
}

/** One of the sheets modelSheets makes, by its key: a build makes them one at a time, so the pane stays responsive. */
export function modelSheet(key: SheetKey, inputs: DealInputs, overrides: CellOverrides = {}): SheetSpec {
  return key === "terms" ? termsSheet(inputs, overrides) : SECTION_SHEETS[key](inputs, overrides);
}

export function sectionSheetName(section: SectionId): string {
  return SECTIONS.find((s) => s.id === section)!.sheet;
}

/**
 * What a build record of this model may hold: its sheets, the names any build defines, and its largest
 * extent (the longest forecast and its run-off, a cap table of the most holdings, the widest block).
 */
export const MODEL_BOUNDS: ModelBounds = {
  sheets: [{ key: "terms", name: TERMS_SHEET }, ...SECTIONS.map((s) => ({ key: s.id, name: s.sheet }))],
  names: Object.values(NAMES),
  charts: ["DealStake_Ownership", "DealRevShare_Payments", "DealDrawdown_Schedule", "DealAgi_Scenarios"],
  rows: REVSHARE_SCHEDULE_ROW + 3 * MAX_MODEL_PERIODS + MAX_CAP_TABLE_ROWS + 100,
  columns: 16,
  cells: 6 * 16 * (REVSHARE_SCHEDULE_ROW + 3 * MAX_MODEL_PERIODS + MAX_CAP_TABLE_ROWS + 100),
};
