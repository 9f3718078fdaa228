import fc from "fast-check";
import { isoDate, serialFromIso } from "../../src/engine/dates";
import { getTermPreset, RightId, TermPresetId } from "../../src/engine/presets";
import { isInForce, lastDayInForce, RIGHT_IDS, rightActive, rightsOn } from "../../src/engine/rights";

const day = serialFromIso;
const active = (preset: TermPresetId, right: RightId, asOf: string, agi: string | null = null) =>
  rightActive(getTermPreset(preset), right, day(asOf), agi === null ? null : day(agi));

/** [right, last day in force (null: never ends in the scenario)] for a preset and an AGI date. */
type Expected = [RightId, string | null][];

/** The dates around each boundary: the last day in force is TRUE, the day after FALSE. */
function checkBoundaries(preset: TermPresetId, agi: string | null, expected: Expected) {
  const agiSerial = agi === null ? null : day(agi);
  for (const [right, lastDay] of expected) {
    if (lastDay === null) {
      for (const asOf of ["2025-10-28", "2030-12-31", "2031-01-01", "2032-12-31", "2033-01-01", "9999-12-31"]) {
        expect([right, asOf, active(preset, right, asOf, agi)]).toEqual([right, asOf, true]);
      }
    } else {
      const last = day(lastDay);
      expect([right, isoDate(last - 1), rightActive(getTermPreset(preset), right, last - 1, agiSerial)]).toEqual([
        right,
        isoDate(last - 1),
        true,
      ]);
      expect([right, lastDay, active(preset, right, lastDay, agi)]).toEqual([right, lastDay, true]);
      expect([right, isoDate(last + 1), rightActive(getTermPreset(preset), right, last + 1, agiSerial)]).toEqual([
        right,
        isoDate(last + 1),
        false,
      ]);
    }
    const status = rightsOn(getTermPreset(preset), day("2025-10-28"), agiSerial).find((r) => r.right === right)!;
    expect([right, status.lastDay === null ? null : isoDate(status.lastDay)]).toEqual([right, lastDay]);
  }
}

describe("rights of the 2025-10 preset (the announcement)", () => {
  it("without AGI: models and products IP through 2032, research IP through 2030, the rest open", () => {
    checkBoundaries("2025-10", null, [
      ["models", "2032-12-31"],
      ["research", "2030-12-31"],
      ["exclusivity", null],
      ["revshare", null],
    ]);
  });

  it("with AGI verified on 2028-06-15: research IP, exclusivity and revenue share end the day before", () => {
    checkBoundaries("2025-10", "2028-06-15", [
      ["models", "2032-12-31"],
      ["research", "2028-06-14"],
      ["exclusivity", "2028-06-14"],
      ["revshare", "2028-06-14"],
    ]);
    expect(active("2025-10", "revshare", "2028-06-15", "2028-06-15")).toBe(false);
  });

  it("with AGI verified after 2030: research IP still ends on 2030-12-31", () => {
    checkBoundaries("2025-10", "2031-06-01", [
      ["models", "2032-12-31"],
      ["research", "2030-12-31"],
      ["exclusivity", "2031-05-31"],
      ["revshare", "2031-05-31"],
    ]);
  });

  it("with AGI verified on 2030-12-31 or 2031-01-01: research IP ends on the earlier last day", () => {
    checkBoundaries("2025-10", "2030-12-31", [["research", "2030-12-30"]]);
    checkBoundaries("2025-10", "2031-01-01", [["research", "2030-12-31"]]);
  });

  it("keeps models and products IP to 2032 even with AGI verified, since it includes post-AGI models", () => {
    expect(active("2025-10", "models", "2032-12-31", "2026-01-01")).toBe(true);
  });
});

describe("rights of the 2026-04 preset (the amendment as reported)", () => {
  it("without AGI: revenue share through 2030 as well", () => {
    checkBoundaries("2026-04", null, [
      ["models", "2032-12-31"],
      ["research", "2030-12-31"],
      ["exclusivity", null],
      ["revshare", "2030-12-31"],
    ]);
  });

  it("with AGI verified on 2028-06-15: revenue share still runs through 2030, Azure API exclusivity ends at AGI", () => {
    checkBoundaries("2026-04", "2028-06-15", [
      ["models", "2032-12-31"],
      ["research", "2028-06-14"],
      ["exclusivity", "2028-06-14"],
      ["revshare", "2030-12-31"],
    ]);
    expect(active("2026-04", "revshare", "2028-06-15", "2028-06-15")).toBe(true);
  });

  it("keeps the IP licence in force across 2026-04-27, when only its exclusivity ends", () => {
    for (const asOf of ["2026-04-26", "2026-04-27", "2026-04-28"]) {
      expect(active("2026-04", "models", asOf)).toBe(true);
      expect(active("2026-04", "research", asOf)).toBe(true);
      expect(active("2026-04", "exclusivity", asOf)).toBe(true);
    }
  });
});

describe("end rules", () => {
  it("read the AGI date only where the rule hangs on it", () => {
    const fixed = { kind: "fixed", lastDay: 100 } as const;
    const agi = { kind: "agi" } as const;
    const earlier = { kind: "earlier", lastDay: 100 } as const;
    expect([lastDayInForce(fixed, null), lastDayInForce(fixed, 50)]).toEqual([100, 100]);
    expect([lastDayInForce(agi, null), lastDayInForce(agi, 50)]).toEqual([null, 49]);
    expect([lastDayInForce(earlier, null), lastDayInForce(earlier, 50), lastDayInForce(earlier, 500)]).toEqual([100, 49, 100]);
  });

  it("make a right in force exactly on the days up to its last day, for any dates", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2958465 }),
        fc.option(fc.integer({ min: 2, max: 2958465 }), { nil: null }),
        fc.integer({ min: 1, max: 2958465 }),
        (asOf, agi, lastDay) => {
          for (const end of [{ kind: "fixed", lastDay } as const, { kind: "agi" } as const, { kind: "earlier", lastDay } as const]) {
            const last = lastDayInForce(end, agi);
            expect(isInForce(end, asOf, agi)).toBe(last === null || asOf <= last);
            if (agi !== null && end.kind !== "fixed") expect(isInForce(end, agi, agi)).toBe(false);
          }
        },
      ),
    );
  });

  it("list the four rights in a fixed order with their labels", () => {
    expect(RIGHT_IDS).toEqual(["models", "research", "exclusivity", "revshare"]);
    expect(rightsOn(getTermPreset("2025-10"), day("2027-01-01"), null).map((r) => [r.right, r.label, r.active])).toEqual([
      ["models", "Models and products IP", true],
      ["research", "Research IP", true],
      ["exclusivity", "Azure API exclusivity", true],
      ["revshare", "Revenue share", true],
    ]);
  });
});
