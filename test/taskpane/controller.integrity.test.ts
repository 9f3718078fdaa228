import fc from "fast-check";
import { ymdToSerial } from "../../src/engine/dates";
import { checkFieldValue, FIELDS, FieldKey, fromCell, SECTIONS, SectionId } from "../../src/model/fields";
import { NAMES } from "../../src/model/sheets";
import { PaneController } from "../../src/taskpane/controller";
import { isErrorValue } from "../../src/workbook/embedded/formats";
import { EmbeddedWorkbook, emptyWorkbook } from "../../src/workbook/embedded/embeddedWorkbook";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { CellValue, WorkbookGateway } from "../../src/workbook/types";
import { dealSource } from "../support/formulaHost";
import { FakeExcel } from "../workbook/office/fakeExcel";

/**
 * The pane and the workbook, driven by random sequences of what users do: edits in the pane (valid and
 * not), edits of named cells in the grid (text included), builds of random sections, scenarios saved and
 * applied, a new workbook, notes typed into cells. After every step:
 * - each result the pane shows equals its cell in the grid (the embedded workbook computes them);
 * - no cell the user typed has changed;
 * - no input cell holds a value the pane wrote that its field would refuse.
 * The same sequences run on the Office.js workbook over the fake Excel (which computes nothing: there
 * the last two hold).
 */

const TODAY = ymdToSerial(2026, 5, 1);
const RUNS = Number(process.env.INTEGRITY_RUNS ?? 12);
jest.setTimeout(600_000);

interface World {
  gateway: WorkbookGateway;
  controller: PaneController;
  /** A user types into a cell. */
  type(sheet: string, address: string, text: string): Promise<void>;
  /** What a cell shows (computed where the workbook computes), or undefined when the sheet is missing. */
  shown(sheet: string, address: string): CellValue | undefined;
  /** Where a name points now. */
  target(name: string): { sheet: string; address: string } | undefined;
  newWorkbook(): Promise<void>;
  computes: boolean;
  /** Cells the user typed (outside the model's inputs): sheet!address -> text. */
  notes: Map<string, string>;
  /** Input cells whose content the user typed in the grid (the pane did not write them). */
  typedInputs: Set<string>;
}

async function embeddedWorld(): Promise<World> {
  const wb = new EmbeddedWorkbook(dealSource());
  const controller = await PaneController.create(wb, { today: TODAY, now: () => new Date("2026-05-01T09:30:00Z") });
  return {
    gateway: wb,
    controller,
    computes: true,
    notes: new Map(),
    typedInputs: new Set(),
    type: async (sheet, address, text) => {
      if (!wb.sheetNames().includes(sheet)) return;
      wb.setCellInput(sheet, address, text);
      await controller.idle();
    },
    shown: (sheet, address) => {
      if (!wb.sheetNames().includes(sheet)) return undefined;
      const v = wb.cell(sheet, address).value;
      return isErrorValue(v) ? v.error : v;
    },
    target: (name) => {
      const found = wb.namedRanges().find((n) => n.name.toLowerCase() === name.toLowerCase());
      return found && { sheet: found.sheet, address: found.address };
    },
    newWorkbook: async () => {
      wb.load(emptyWorkbook());
      await controller.idle();
    },
  };
}

async function officeWorld(): Promise<World> {
  const fake = new FakeExcel(["Sheet1"]);
  fake.install();
  const workbook = new OfficeWorkbook();
  const controller = await PaneController.create(workbook, { today: TODAY, now: () => new Date("2026-05-01T09:30:00Z") });
  return {
    gateway: workbook,
    controller,
    computes: false,
    notes: new Map(),
    typedInputs: new Set(),
    type: async (sheet, address, text) => {
      if (!fake.findSheet(sheet)) return;
      fake.userEdit(sheet, address, text);
      await fake.settle();
      await controller.idle();
    },
    shown: (sheet, address) => {
      if (!fake.findSheet(sheet)) return undefined;
      const cell = fake.cell(sheet, address);
      return cell ? (cell.formula ?? (cell.value === "" ? null : cell.value)) : null;
    },
    target: (name) => {
      const found = fake.nameTarget(name);
      return found && { sheet: found.sheet, address: found.address };
    },
    newWorkbook: async () => {
      // Excel opens a workbook in a pane of its own: nothing to do here.
    },
  };
}

const INPUT_FIELDS = FIELDS.filter((f) => f.name && f.kind !== "table" && f.kind !== "choice");

type Step =
  | { kind: "pane"; key: FieldKey; text: string }
  | { kind: "grid"; key: FieldKey; text: string }
  | { kind: "build"; sections: SectionId[] }
  | { kind: "save"; name: string }
  | { kind: "apply"; name: string }
  | { kind: "new" }
  | { kind: "note"; column: string; row: number; text: string }
  | { kind: "hint"; row: number; text: string };

const texts = fc.constantFrom(
  "20",
  "25%",
  "150",
  "-5",
  "0",
  "2029-06-30",
  "2024-02-29",
  "300bn",
  "1.5",
  "7",
  "lots",
  "",
  "1e3",
  "2031-12-31",
);
const sectionSets = fc.subarray(
  SECTIONS.map((s) => s.id),
  { minLength: 1 },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("pane" as const), key: fc.constantFrom(...INPUT_FIELDS.map((f) => f.key)), text: texts }),
  fc.record({ kind: fc.constant("grid" as const), key: fc.constantFrom(...INPUT_FIELDS.map((f) => f.key)), text: texts }),
  fc.record({ kind: fc.constant("build" as const), sections: sectionSets }),
  fc.record({ kind: fc.constant("save" as const), name: fc.constantFrom("A", "B") }),
  fc.record({ kind: fc.constant("apply" as const), name: fc.constantFrom("A", "B") }),
  fc.record({ kind: fc.constant("new" as const) }),
  fc.record({
    kind: fc.constant("note" as const),
    column: fc.constantFrom("Q", "R", "S"),
    row: fc.integer({ min: 1, max: 30 }),
    text: fc.constantFrom("my note", "=1+1", "42"),
  }),
  fc.record({ kind: fc.constant("hint" as const), row: fc.integer({ min: 4, max: 9 }), text: fc.constant("my own hint") }),
);

async function run(world: World, s: Step): Promise<void> {
  const { controller } = world;
  switch (s.kind) {
    case "pane": {
      await controller.setText(s.key, s.text, true);
      await controller.idle();
      const field = FIELDS.find((f) => f.key === s.key)!;
      // The pane took the value: the cell now holds the pane's, not what a user typed earlier.
      if (!controller.state.fields[s.key].error && field.name) {
        const t = world.target(field.name);
        if (t) world.typedInputs.delete(`${t.sheet}!${t.address}`);
      }
      return;
    }
    case "grid": {
      const field = FIELDS.find((f) => f.key === s.key)!;
      const t = world.target(field.name!);
      if (!t) return;
      world.typedInputs.add(`${t.sheet}!${t.address}`);
      await world.type(t.sheet, t.address, s.text);
      return;
    }
    case "build":
      for (const section of SECTIONS) controller.setSection(section.id, s.sections.includes(section.id));
      await controller.build();
      if (controller.state.confirmation) await controller.confirm(true);
      await controller.idle();
      return;
    case "save":
      await controller.saveScenario(s.name);
      return;
    case "apply":
      if (controller.state.scenarios.scenarios.some((x) => x.name === s.name)) {
        await controller.applyScenario(s.name);
        world.typedInputs.clear();
      }
      return;
    case "new":
      await world.newWorkbook();
      if (world.computes) {
        world.notes.clear();
        world.typedInputs.clear();
      }
      return;
    case "note": {
      const sheet = controller.state.builtSheets[0];
      if (!sheet) return;
      await world.type(sheet, `${s.column}${s.row}`, s.text);
      world.notes.set(`${sheet}!${s.column}${s.row}`, s.text);
      return;
    }
    case "hint": {
      const sheet = controller.state.model.revshare;
      if (!sheet) return;
      // Column C of an input row holds the add-in's hint: a user writes over it.
      await world.type(sheet, `C${s.row}`, s.text);
      world.notes.set(`${sheet}!C${s.row}`, s.text);
      return;
    }
  }
}

function close(a: unknown, b: number): boolean {
  return typeof a === "number" && Math.abs(a - b) <= Math.abs(b) * 1e-10 + 1e-6;
}

function check(world: World): void {
  const { controller } = world;
  const state = controller.state;
  // No cell the user typed has changed.
  for (const [where, text] of world.notes) {
    const [sheet, address] = where.split("!");
    const shown = world.shown(sheet, address);
    if (shown === undefined) continue;
    const expected = text === "42" ? 42 : text;
    if (text === "=1+1") expect(world.computes ? shown : shown).toBe(world.computes ? 2 : "=1+1");
    else expect(shown).toBe(expected);
  }
  // No input cell holds a value the pane wrote that its field would refuse.
  for (const field of INPUT_FIELDS) {
    const t = world.target(field.name!);
    if (!t || world.typedInputs.has(`${t.sheet}!${t.address}`)) continue;
    const shown = world.shown(t.sheet, t.address);
    if (shown === undefined) continue;
    const parsed = fromCell(field, shown);
    expect(parsed.ok && checkFieldValue(field, parsed.value) === undefined ? "valid" : `${field.key}: ${JSON.stringify(shown)}`).toBe(
      "valid",
    );
  }
  if (!world.computes || state.confirmation) return;
  // Each result the pane shows equals its cell in the grid.
  const cell = (name: string) => {
    const t = world.target(name);
    return t ? world.shown(t.sheet, t.address.split(":")[0]) : undefined;
  };
  const revshare = state.results.revshare;
  if (state.model.revshare && revshare?.ok) {
    expect(close(cell(NAMES.revshareTotalPaid), revshare.value.totalPaid)).toBe(true);
    expect(close(cell(NAMES.revsharePresentValue), revshare.value.presentValue)).toBe(true);
  }
  const valuation = state.results.valuation;
  if (state.model.valuation && valuation?.ok) expect(close(cell(NAMES.valuationEquity), valuation.value.implied)).toBe(true);
  const stake = state.results.stake;
  if (state.model.stake && stake?.ok) expect(close(cell(NAMES.stakeResult), stake.value.stake)).toBe(true);
  const drawdown = state.results.drawdown;
  if (state.model.drawdown && drawdown?.ok) expect(close(world.shown(state.model.drawdown, "G11"), drawdown.value.firstDraw)).toBe(true);
}

describe.each([
  ["the embedded workbook", embeddedWorld],
  ["the Office.js workbook over the fake Excel", officeWorld],
] as const)("the pane and %s under random use", (_label, make) => {
  afterEach(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
  });

  it("agree on every number, keep every cell the user typed, and write no invalid input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const world = await make();
        try {
          for (const s of steps) {
            await run(world, s);
            check(world);
          }
        } finally {
          await world.controller.dispose();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
