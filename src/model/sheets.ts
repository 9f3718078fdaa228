import { getTermPreset, TermFigure } from "../engine/presets";
import { blockAddress, cellAddress, parseCell } from "../workbook/a1";
import { DealInputs, FIELD_BY_KEY, FieldKey, fieldFigure, SECTIONS, SectionId, TERMS_SHEET, toCell } from "./fields";
import {
  BASIS_COUNTS,
  BASIS_LABELS,
  DEAL_HOLDERS,
  capTableHolders,
  capTableSpill,
  drawdownSchedule,
  revenueForecast,
  revshareArguments,
  revshareSchedule,
  SENSITIVITY_STEPS,
} from "./calls";
import { NAMES } from "./names";
import { CellRole, CellSpec, CellValue, ChartSpec, NameSpec, NumberFormatKind, SheetSpec } from "../workbook/types";

/**
 * The model sheets, as data: from the pane's inputs to one SheetSpec per chosen section, plus the
 * "Deal Terms" sheet that holds the inputs every section shares (preset, AGI date, as-of date). Pure:
 * no Office, no DOM; both workbook implementations apply these specs.
 *
 * Each sheet has a title, a labelled input block in columns A:C (label | input | note), whose input cells
 * are named ranges (NAMES, `Deal_RevShare_Rate` style); outputs are formulas that call the DEAL.*
 * functions on those names; each schedule spills from one formula, with its expected size computed
 * by calling the same function on the same inputs, and gets a chart:
 *   Deal Stake      ownership by holder (pie)
 *   Deal RevShare   payments by period: accrued and paid (columns)
 *   Deal Drawdown   draw-down: cumulative drawn and remaining commitment (lines)
 */

/**
 * Excel desktop hands a custom function an empty cell as 0 (Excel on the web as null), and a cap of 0
 * or a date of 0 means something else than "none": an optional input that may be blank goes in as "".
 */
function blankAsOmitted(name: string): string {
  return `IF(ISBLANK(${name}),"",${name})`;
}

export { NAMES } from "./names";
export { SECTIONS, TERMS_SHEET } from "./fields";

/** Spare empty rows under the cap table, so holders can be added in the grid. */
export const SPARE_CAP_TABLE_ROWS = 5;

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

class SheetBuilder {
  readonly cells: CellSpec[] = [];
  readonly names: NameSpec[] = [];
  readonly charts: ChartSpec[] = [];

  constructor(
    readonly name: string,
    private readonly inputs: DealInputs,
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

  /** An input row: label in A, the named input cell in B, a note in C (the figure's source, or a hint). */
  input(row: number, key: FieldKey, note?: string): void {
    const field = FIELD_BY_KEY[key];
    this.text(`A${row}`, field.label);
    const value = toCell(this.inputs[key]);
    this.put(`B${row}`, { value, role: "input", format: field.format });
    if (field.name) this.names.push({ name: field.name, address: `B${row}`, comment: field.help ?? field.label });
    const figure = fieldFigure(this.inputs.preset, key);
    const text = note ?? (figure ? `${figure.status}: ${figure.source}` : field.help);
    if (text) this.text(`${INPUT_NOTE_COLUMN}${row}`, text, "note");
  }

  output(row: number, label: string, formula: string, format?: NumberFormatKind, note?: string, name?: string): void {
    this.text(`A${row}`, label);
    this.put(`B${row}`, { formula, role: "output", format });
    if (name) this.names.push({ name, address: `B${row}` });
    if (note) this.text(`${INPUT_NOTE_COLUMN}${row}`, note, "note");
  }

  /** A block of input cells under a header row, named as a whole (without its header). */
  inputBlock(topRow: number, leftColumn: number, rows: CellValue[][], formats: NumberFormatKind[], name: string, comment: string): string {
    const height = Math.max(rows.length, 1);
    for (let r = 0; r < height; r++) {
      formats.forEach((format, c) => {
        this.put(cellAddress({ row: topRow - 1 + r, col: leftColumn + c }), { value: rows[r]?.[c] ?? null, role: "input", format });
      });
    }
    const block = blockAddress({ top: topRow - 1, left: leftColumn, bottom: topRow - 2 + height, right: leftColumn + formats.length - 1 });
    this.names.push({ name, address: block, comment });
    return block;
  }

  spill(address: string, formula: string, size: { rows: number; columns: number }, columnFormats: NumberFormatKind[]): string {
    this.put(address, { formula, role: "output", spill: { rows: size.rows, columns: size.columns, columnFormats, headerRow: true } });
    const start = parseCell(address);
    return blockAddress({ top: start.row, left: start.col, bottom: start.row + size.rows - 1, right: start.col + size.columns - 1 });
  }

  build(): SheetSpec {
    return { name: this.name, cells: this.cells, names: this.names, charts: this.charts };
  }
}

/** The size of a spilled result, or a header and one row when the inputs give no result yet. */
function sizeOf(call: () => unknown[][], columns: number): { rows: number; columns: number } {
  try {
    const rows = call();
    return { rows: Math.max(rows.length, 1), columns: rows[0]?.length ?? columns };
  } catch {
    return { rows: 2, columns };
  }
}

function quoted(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

// ---- the sheets ----

export function termsSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder(TERMS_SHEET, inputs);
  sheet.title("Deal terms");
  const preset = getTermPreset(inputs.preset);
  sheet.input(4, "preset", `${preset.label}: ${preset.status}`);
  sheet.input(5, "agiDate", "Empty while the expert panel has not verified AGI.");
  sheet.input(6, "asOf");
  sheet.header(8, ["Figure", "Value", "Status", "Key", "Source"]);
  preset.figures.forEach((figure, i) => {
    const row = 9 + i;
    sheet.text(`A${row}`, figure.label);
    sheet.put(`B${row}`, {
      formula: `=DEAL.TERM(${quoted(figure.key)},${NAMES.termsPreset})`,
      role: "output",
      format: FIGURE_FORMATS[figure.kind],
    });
    sheet.text(`C${row}`, figure.status, "note");
    sheet.text(`D${row}`, figure.key, "note");
    sheet.text(`E${row}`, figure.source, "note");
  });
  sheet.text(`A${10 + preset.figures.length}`, "Status and source are those of the preset when the sheet was built.", "note");
  return sheet.build();
}

export function stakeSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder("Deal Stake", inputs);
  sheet.title("Stake");
  const preset = getTermPreset(inputs.preset);
  const note = (key: string) => preset.figures.find((f) => f.key === key)?.note;
  const announced = (row: number) => {
    sheet.output(
      row,
      "Announced: fully diluted, after the recapitalization",
      `=DEAL.TERM("stake_diluted",${NAMES.termsPreset})`,
      "percent",
      note("stake_diluted"),
    );
    sheet.output(
      row + 1,
      "Announced: as-converted, before the recent rounds",
      `=DEAL.TERM("stake_as_converted",${NAMES.termsPreset})`,
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
      sheet.put(`B${10 + i}`, { formula: `=DEAL.TERM(${quoted(key)},${NAMES.termsPreset})`, role: "output", format: "percent" });
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

  const table = NAMES.stakeCapTable;
  sheet.input(4, "stakeHolder", "The holder whose stake is shown.");
  sheet.input(5, "stakeBasis", "fully-diluted, as-converted or issued");
  sheet.output(
    7,
    "Stake on the chosen basis",
    `=DEAL.STAKE(${table},${NAMES.stakeHolder},${NAMES.stakeBasis})`,
    "percent",
    undefined,
    NAMES.stakeResult,
  );
  sheet.header(9, ["Basis", "Stake", "What it counts"]);
  Object.keys(BASIS_COUNTS).forEach((basis, i) => {
    sheet.output(
      10 + i,
      BASIS_LABELS[basis],
      `=DEAL.STAKE(${table},${NAMES.stakeHolder},${quoted(basis)})`,
      "percent",
      BASIS_COUNTS[basis],
    );
  });
  announced(13);

  const rows = inputs.stakeCapTable;
  const capRows = rows.length + SPARE_CAP_TABLE_ROWS;
  sheet.header(16, ["Holder", "Type", "Units", "Conversion ratio"]);
  sheet.inputBlock(
    17,
    0,
    [...rows, ...Array.from({ length: SPARE_CAP_TABLE_ROWS }, () => [])],
    ["text", "text", "number", "number"],
    table,
    "Cap table",
  );

  const spillSize = sizeOf(() => capTableSpill(inputs), 3);
  sheet.text("F3", "Cap table on the chosen basis");
  const spill = sheet.spill("F4", `=DEAL.CAPTABLE(${table},${NAMES.stakeBasis})`, spillSize, ["text", "number", "percent"]);

  const holders = capTableHolders(rows);
  const top = 17 + capRows + 1;
  sheet.header(top, ["Holder", "Ownership"]);
  holders.forEach((holder, i) => {
    sheet.text(`A${top + 1 + i}`, holder);
    sheet.put(`B${top + 1 + i}`, {
      formula: `=DEAL.STAKE(${table},A${top + 1 + i},${NAMES.stakeBasis})`,
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

export function valuationSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder("Deal Valuation", inputs);
  sheet.title("Valuation");
  sheet.input(4, "valuationStakeValue");
  sheet.input(5, "valuationStake");
  sheet.input(6, "valuationValueStep");
  sheet.input(7, "valuationStakeStep");
  sheet.output(
    9,
    "Implied equity value",
    `=DEAL.VALUATION(${NAMES.valuationStakeValue},${NAMES.valuationStake})`,
    "currency",
    "Value of 100% of the equity: stake value / stake.",
    NAMES.valuationEquity,
  );
  sheet.output(
    10,
    "Value of the stake at that equity value",
    `=DEAL.STAKEVALUE(${NAMES.valuationEquity},${NAMES.valuationStake})`,
    "currency",
  );
  sheet.text("A12", "Implied equity value by value of the stake (rows) and stake (columns)");
  sheet.text("A13", "Stake value \\ stake", "header");
  SENSITIVITY_STEPS.forEach((k, i) => {
    const col = 1 + i;
    const step = (name: string) => (k === 0 ? "" : `${k > 0 ? "+" : "-"}${Math.abs(k)}*${name}`);
    sheet.put(cellAddress({ row: 12, col }), {
      formula: `=${NAMES.valuationStake}${step(NAMES.valuationStakeStep)}`,
      role: "header",
      format: "percent",
    });
    const row = 14 + i;
    const factor = k === 0 ? "" : `*(1${k > 0 ? "+" : "-"}${Math.abs(k)}*${NAMES.valuationValueStep})`;
    sheet.put(`A${row}`, { formula: `=${NAMES.valuationStakeValue}${factor}`, role: "header", format: "currency" });
    SENSITIVITY_STEPS.forEach((_, j) => {
      const letter = cellAddress({ row: 0, col: 1 + j }).replace(/\d+$/, "");
      sheet.put(cellAddress({ row: row - 1, col: 1 + j }), {
        formula: `=DEAL.VALUATION($A${row},${letter}$13)`,
        role: "output",
        format: "currency",
      });
    });
  });
  return sheet.build();
}

export const REVSHARE_SCHEDULE_ROW = 21;

export function revshareSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder("Deal RevShare", inputs);
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
    `=IF(${NAMES.revshareFixedEnd}<>"",${NAMES.revshareFixedEnd},IF(${NAMES.termsAgiDate}<>"",${NAMES.termsAgiDate}-1,""))`,
    "date",
    "The fixed end when there is one, else the day before AGI is verified (Deal Terms), as DEAL.RIGHTS ends the right; empty: no end.",
    NAMES.revshareEnd,
  );
  sheet.output(
    17,
    "Instalments per period's share",
    `=${NAMES.revsharePayoutYears}*${NAMES.revsharePeriodsPerYear}`,
    "number",
    undefined,
    NAMES.revsharePayoutPeriods,
  );

  // The forecast block: period ends and revenue, one row a period.
  const top = REVSHARE_SCHEDULE_ROW;
  sheet.header(top, ["Period end", "Revenue"]);
  const forecast = revenueForecast(inputs);
  const periods = forecast.ok ? forecast.value.revenue.length : 0;
  const height = Math.max(periods, 1);
  if (growth) {
    for (let k = 0; k < height; k++) {
      const row = top + 1 + k;
      sheet.put(`A${row}`, {
        formula: `=EOMONTH(${NAMES.revshareFirstPeriodEnd},${k}*12/${NAMES.revsharePeriodsPerYear})`,
        role: "output",
        format: "date",
      });
      sheet.put(`B${row}`, {
        formula: `=${NAMES.revshareFirstRevenue}*(1+${NAMES.revshareGrowth})^(${k}/${NAMES.revsharePeriodsPerYear})`,
        role: "output",
        format: "currency",
      });
    }
    sheet.names.push({ name: NAMES.revsharePeriodEnds, address: `A${top + 1}:A${top + height}`, comment: "Period ends of the forecast" });
    sheet.names.push({ name: NAMES.revshareRevenue, address: `B${top + 1}:B${top + height}`, comment: "Revenue of each period" });
  } else {
    const rows = inputs.revshareTable;
    sheet.inputBlock(
      top + 1,
      0,
      rows.map((r) => [r[0] ?? null]),
      ["date"],
      NAMES.revsharePeriodEnds,
      "Period ends of the forecast",
    );
    sheet.inputBlock(
      top + 1,
      1,
      rows.map((r) => [r[1] ?? null]),
      ["currency"],
      NAMES.revshareRevenue,
      "Revenue of each period",
    );
  }

  const args = forecast.ok ? revshareArguments(inputs, forecast.value) : undefined;
  const size = sizeOf(() => (args ? revshareSchedule(inputs, args) : []), 6);
  const formula =
    `=DEAL.REVSHARE(${NAMES.revshareRevenue},${NAMES.revshareRate},${NAMES.revsharePeriodEnds},${NAMES.revshareEnd},` +
    `${blankAsOmitted(NAMES.revshareCap)},${NAMES.revsharePayoutPeriods},${NAMES.revshareLag})`;
  const schedule = sheet.spill(`D${top}`, formula, size, ["date", "currency", "currency", "currency", "currency", "currency"]);
  const last = top + size.rows - 1;
  sheet.output(
    18,
    "Paid in total",
    `=SUM(G${top + 1}:G${Math.max(last, top + 1)})`,
    "currency",
    "The Paid column of the schedule.",
    NAMES.revshareTotalPaid,
  );
  sheet.output(
    19,
    "Present value of the payments",
    `=DEAL.REVSHAREPV(${NAMES.revshareRevenue},${NAMES.revshareRate},${NAMES.revshareDiscountRate},${NAMES.revsharePeriodEnds},` +
      `${NAMES.revshareEnd},${blankAsOmitted(NAMES.revshareCap)},${NAMES.revsharePayoutPeriods},${NAMES.revshareLag})`,
    "currency",
    "Each payment discounted at actual/365 to the start of the first period, as XNPV does.",
    NAMES.revsharePresentValue,
  );
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

export function drawdownSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder("Deal Drawdown", inputs);
  sheet.title("Commitment draw-down");
  sheet.input(4, "drawdownCommitment");
  sheet.input(5, "drawdownStart");
  sheet.input(6, "drawdownTermYears");
  sheet.input(7, "drawdownProfile", "flat, ramp, front, scurve, or weights (column C)");
  sheet.input(8, "drawdownPeriodsPerYear");

  const weights = inputs.drawdownProfile === "weights";
  const size = sizeOf(() => drawdownSchedule(inputs), 5);
  const periods = Math.max(size.rows - 1, inputs.drawdownActuals.length, 1);
  const top = DRAWDOWN_SCHEDULE_ROW;
  sheet.header(top, weights ? ["Period", "Actual consumption", "Weight"] : ["Period", "Actual consumption"]);
  for (let k = 0; k < periods; k++) sheet.put(`A${top + 1 + k}`, { value: k + 1, role: "label", format: "integer" });
  sheet.inputBlock(
    top + 1,
    1,
    Array.from({ length: periods }, (_, k) => [inputs.drawdownActuals[k]?.[0] ?? null]),
    ["currency"],
    NAMES.drawdownActuals,
    "Consumption of each period so far; leave later periods empty",
  );
  if (weights) {
    sheet.inputBlock(
      top + 1,
      2,
      inputs.drawdownWeights.map((r) => [r[0] ?? null]),
      ["number"],
      NAMES.drawdownWeights,
      "Weights of the profile",
    );
  }

  sheet.text("E3", "Against the actual consumption so far");
  sheet.spill(
    "E4",
    `=DEAL.COMMITMENTSTATUS(${NAMES.drawdownCommitment},${NAMES.drawdownActuals},${NAMES.drawdownTermYears}*${NAMES.drawdownPeriodsPerYear})`,
    { rows: 2, columns: 6 },
    ["currency", "currency", "integer", "currency", "currency", "currency"],
  );
  const profile = weights ? NAMES.drawdownWeights : NAMES.drawdownProfile;
  const schedule = sheet.spill(
    `E${top}`,
    `=DEAL.DRAWDOWN(${NAMES.drawdownCommitment},${NAMES.drawdownStart},${NAMES.drawdownTermYears},${profile},${NAMES.drawdownPeriodsPerYear})`,
    size,
    ["date", "date", "currency", "currency", "currency"],
  );
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

export function rightsSheet(inputs: DealInputs): SheetSpec {
  const sheet = new SheetBuilder("Deal Rights", inputs);
  sheet.title("Rights");
  sheet.text("A4", "On the as-of date, with the AGI verification date and the preset of the Deal Terms sheet.", "note");
  sheet.spill(
    "A6",
    `=DEAL.RIGHTS(${NAMES.termsAsOf},${blankAsOmitted(NAMES.termsAgiDate)},${NAMES.termsPreset})`,
    { rows: 5, columns: 3 },
    ["text", "text", "date"],
  );
  sheet.names.push({ name: NAMES.rightsTable, address: "A6", comment: "The rights table (spills from this cell)" });
  sheet.text("A12", 'Ends: the last day in force, or "AGI verification" while it hangs on a verification date not given.', "note");
  return sheet.build();
}

const SECTION_SHEETS: Record<SectionId, (inputs: DealInputs) => SheetSpec> = {
  stake: stakeSheet,
  valuation: valuationSheet,
  revshare: revshareSheet,
  drawdown: drawdownSheet,
  rights: rightsSheet,
};

/** The sheets a build writes: Deal Terms, then one sheet per chosen section, in the pane's order. */
export function modelSheets(inputs: DealInputs, sections: readonly SectionId[]): SheetSpec[] {
  const chosen = SECTIONS.filter((s) => sections.includes(s.id));
  return [termsSheet(inputs), ...chosen.map((s) => SECTION_SHEETS[s.id](inputs))];
}

/** A name every build of the section's sheet defines, whatever the choices: how a pane finds a model built earlier. */
export const SECTION_MARKERS: Record<SectionId | "terms", string> = {
  terms: NAMES.termsPreset,
  stake: NAMES.stakeResult,
  valuation: NAMES.valuationEquity,
  revshare: NAMES.revshareRate,
  drawdown: NAMES.drawdownCommitment,
  rights: NAMES.rightsTable,
};

export function sectionSheetName(section: SectionId): string {
  return SECTIONS.find((s) => s.id === section)!.sheet;
}

/**
 * What makes two builds of a sheet differ beyond the values of its single input cells: addresses,
 * formulas, spill sizes, names, charts and the contents of input blocks. When an edit changes it, the
 * sheet is rebuilt; otherwise writing the one named cell is enough.
 */
export function sheetShape(spec: SheetSpec): string {
  const single = new Set(spec.names.filter((n) => !n.address.includes(":")).map((n) => n.address));
  const cells = spec.cells.map((c) =>
    c.role === "input" && single.has(c.address)
      ? [c.address, c.format]
      : [c.address, c.formula ?? null, c.value ?? null, c.format ?? null, c.spill ? [c.spill.rows, c.spill.columns] : null],
  );
  return JSON.stringify([cells, spec.names, spec.charts]);
}
