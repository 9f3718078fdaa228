import { ymdToSerial } from "../../src/engine/dates";
import { PaneController } from "../../src/taskpane/controller";
import { FIELD_BY_KEY, formatField } from "../../src/model/fields";
import { sectionSheetName } from "../../src/model/sheets";
import { OfficeWorkbook } from "../../src/workbook/office/officeWorkbook";
import { FakeExcel } from "../workbook/office/fakeExcel";
import { FakeGateway } from "./fakeGateway";

/**
 * A build never blocks the pane: the order of events, never their timing. The fake workbook tells each
 * sheet as it writes it; a macrotask queued by the test stands for what the browser does between tasks
 * (paint the progress, hear a click on Cancel).
 */

const TODAY = ymdToSerial(2026, 5, 1);

async function pane() {
  const gateway = new FakeGateway();
  const controller = await PaneController.create(gateway, { today: TODAY });
  const events: string[] = [];
  gateway.onSheetWrite = (sheet) => events.push(`write ${sheet} (${controller.state.status.kind})`);
  return { controller, gateway, events };
}

/** Queues a task the way the browser queues a paint or a click: after whatever is queued now. */
function macrotask(then: () => void): void {
  setTimeout(then, 0);
}

describe("a build yields to the event loop", () => {
  it("shows its progress, and lets the page paint it, before the first sheet is written", async () => {
    const { controller, events } = await pane();
    let painted = false;
    controller.subscribe((state) => {
      if (state.status.kind === "busy" && !painted) {
        painted = true;
        // What the page would paint once the task that set the status ends.
        macrotask(() =>
          events.push(
            `paint: ${controller.state.status.message} [${controller.state.progress?.step} of ${controller.state.progress?.steps}]`,
          ),
        );
      }
    });
    await controller.build();
    expect(events[0]).toBe("paint: Building the model… sheet 1 of 7. [0 of 7]");
    expect(events.slice(1).every((e) => /^write .* \(busy\)$/.test(e))).toBe(true);
    expect(events.filter((e) => e.startsWith("write"))).toHaveLength(7);
    expect(controller.state.status).toEqual(expect.objectContaining({ kind: "info" }));
    expect(controller.state.progress).toBeUndefined();
  });

  it("runs a task queued after the click between two sheets' writes", async () => {
    const { controller, events } = await pane();
    const building = controller.build();
    macrotask(() => events.push("queued task"));
    await building;
    const at = events.indexOf("queued task");
    const writes = events.filter((e) => e.startsWith("write"));
    expect(writes).toHaveLength(7);
    expect(at).toBeGreaterThan(-1);
    expect(at).toBeLessThan(events.length - 1);
    // Every sheet's progress is said as it is written.
    expect(events.slice(at + 1).some((e) => e.startsWith("write"))).toBe(true);
  });

  it("stops before the next sheet when Cancel is clicked, says so, and leaves a record of the sheets it wrote", async () => {
    const { controller, gateway, events } = await pane();
    gateway.onSheetWrite = (sheet) => {
      events.push(`write ${sheet}`);
      // Cancel is clicked while the second sheet is being written.
      if (events.length === 2) macrotask(() => controller.cancelBuild());
    };
    await controller.build();
    expect(events).toEqual(["write Deal Terms", "write Deal Stake"]);
    expect(controller.state.status.kind).toBe("warning");
    expect(controller.state.status.message).toMatch(/^Build cancelled: Deal Valuation, Deal RevShare, .* were not written\./);
    expect(controller.state.status.message).toMatch(/Deal Terms, Deal Stake, as written\. Build again to finish\./);
    expect(gateway.record.sheets.map((s) => s.key)).toEqual(["terms", "stake"]);
    expect(controller.state.builtSheets).toEqual(["Deal Terms", "Deal Stake"]);
    // Building again finishes the model, on the same two sheets.
    gateway.onSheetWrite = undefined;
    await controller.build();
    expect(controller.state.status.message).toMatch(/^Model built: Deal Terms, Deal Stake, Deal Valuation/);
    expect(gateway.record.sheets).toHaveLength(7);
  });

  it("offers no Cancel for an apply, which shows its progress too", async () => {
    const { controller, events } = await pane();
    await controller.build();
    events.length = 0;
    const seen: string[] = [];
    controller.subscribe((state) => {
      if (state.progress) seen.push(`${state.status.message} cancellable=${state.progress.cancellable}`);
    });
    await controller.applyPreset("2026-04");
    expect(seen[0]).toBe("Applying the preset… sheet 1 of 7. cancellable=false");
    controller.cancelBuild();
    expect(controller.state.status.kind).not.toBe("busy");
  });

  it("paints an apply's progress before it reads the scenario table or computes the scenario", async () => {
    const { controller, gateway, events } = await pane();
    await controller.build();
    await controller.saveScenario("Base");
    events.length = 0;
    let painted = false;
    controller.subscribe((state) => {
      if (state.progress && !painted) {
        painted = true;
        macrotask(() => events.push(`paint: ${controller.state.status.message}`));
      }
    });
    const read = gateway.readScenarioTable.bind(gateway);
    gateway.readScenarioTable = () => {
      events.push("read the scenario table");
      return read();
    };
    await controller.applyScenario("Base");
    expect(events[0]).toBe("paint: Applying the scenario… sheet 1 of 7.");
    expect(events[1]).toBe("read the scenario table");
  });

  describe("while an earlier change is still being written", () => {
    /** A pane whose workbook holds every write until `release` is called: a long rewrite under way. */
    async function busyPane() {
      const { controller, gateway, events } = await pane();
      await controller.build();
      await controller.saveScenario("Base");
      events.length = 0;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const build = gateway.buildModel.bind(gateway);
      let first = true;
      gateway.buildModel = async (request, control) => {
        if (first) {
          first = false;
          await held;
        }
        return build(request, control);
      };
      // The edit's rewrite of the model starts, and waits.
      const editing = controller.setText("revshareRate", "21%");
      return { controller, gateway, events, release, editing };
    }

    it("shows an apply's progress at the click, not once the change is written", async () => {
      const { controller, release, editing } = await busyPane();
      const applying = controller.applyScenario("Base");
      expect(controller.state.progress).toEqual(expect.objectContaining({ step: 0, steps: 7, cancellable: false }));
      expect(controller.state.status).toEqual({ kind: "busy", message: "Applying the scenario… sheet 1 of 7." });
      release();
      await Promise.all([editing, applying]);
      expect(controller.state.progress).toBeUndefined();
      expect(controller.state.status.kind).not.toBe("busy");
      expect(controller.state.inputs.revshareRate).toBe(0.2);
    });

    it("shows a build's progress at the click, and keeps a Cancel clicked while it waits", async () => {
      const { controller, events, release, editing } = await busyPane();
      const building = controller.build();
      expect(controller.state.progress).toEqual(expect.objectContaining({ step: 0, steps: 7, cancellable: true }));
      expect(controller.state.status.kind).toBe("busy");
      controller.cancelBuild();
      release();
      await editing;
      // The change's rewrite is over; the build that waited for it writes nothing: it was cancelled.
      const afterTheChange = events.length;
      await building;
      expect(events.slice(afterTheChange).filter((e) => e.startsWith("write"))).toEqual([]);
      expect(controller.state.status.message).toMatch(/^Build cancelled: /);
      expect(controller.state.progress).toBeUndefined();
    });
  });
});

describe("a cell typed into in Excel while a build writes the sheets before it", () => {
  afterEach(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
  });

  it("is kept, said, and the field follows it: the pane and the grid show one number", async () => {
    const fake = new FakeExcel(["Sheet1"]);
    fake.install();
    const controller = await PaneController.create(new OfficeWorkbook(), { today: TODAY });
    await controller.build();
    await controller.idle();
    const drawdown = sectionSheetName("drawdown");
    await controller.setText("drawdownCommitment", "260000000000");
    await controller.idle();
    // Reset to the preset's $250bn rewrites the commitment's cell. While the build writes the sheets
    // before it, the user types $300bn there; Excel sends the pane no event then (its events are off).
    let typed = false;
    controller.subscribe((state) => {
      if (!typed && state.progress && state.progress.step >= 2) {
        typed = true;
        fake.userEdit(drawdown, "B4", 300e9);
      }
    });
    await controller.resetAllFields();
    await controller.idle();
    expect(typed).toBe(true);
    expect(fake.cell(drawdown, "B4")!.value).toBe(300e9);
    expect(controller.state.inputs.drawdownCommitment).toBe(300e9);
    expect(controller.state.fields.drawdownCommitment.text).toBe(formatField(FIELD_BY_KEY.drawdownCommitment, 300e9));
  });
});
