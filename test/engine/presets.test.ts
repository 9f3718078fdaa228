import { isoDate, serialFromIso } from "../../src/engine/dates";
import { Decimal } from "../../src/engine/decimal";
import { getTermFigure, getTermPreset, TERM_KEYS, TERM_PRESETS, TermFigure } from "../../src/engine/presets";

const value = (presetId: string, key: string) => getTermFigure(getTermPreset(presetId), key).value;
const asText = (v: TermFigure["value"]) => (v instanceof Decimal ? v.toString() : v);

describe("term presets", () => {
  it("are the announcement (official) and the amendment (reported)", () => {
    expect(TERM_PRESETS.map((p) => [p.id, p.status])).toEqual([
      ["2025-10", "official"],
      ["2026-04", "reported"],
    ]);
    for (const p of TERM_PRESETS) {
      expect(p.label.length).toBeGreaterThan(5);
      expect(p.description.length).toBeGreaterThan(40);
    }
  });

  it("hold the same keys, including every key the issue names", () => {
    for (const p of TERM_PRESETS) expect(p.figures.map((f) => f.key)).toEqual(TERM_KEYS);
    expect(new Set(TERM_KEYS).size).toBe(TERM_KEYS.length);
    for (const key of [
      "stake_diluted",
      "stake_as_converted",
      "stake_value",
      "implied_valuation",
      "azure_commitment",
      "revshare_rate",
      "revshare_end",
      "revshare_cap",
      "models_ip_end",
      "research_ip_end",
    ]) {
      expect(TERM_KEYS).toContain(key);
    }
  });

  it("give every figure a label, a source, a status and a value of its kind", () => {
    for (const p of TERM_PRESETS) {
      for (const f of p.figures) {
        expect(f.label.length).toBeGreaterThan(3);
        expect(f.source.length).toBeGreaterThan(5);
        expect(["official", "reported", "derived"]).toContain(f.status);
        if (f.value === null) continue;
        if (f.kind === "fraction") expect(f.value instanceof Decimal && f.value.gt(0) && f.value.lte(1)).toBe(true);
        if (f.kind === "money") expect(f.value instanceof Decimal && f.value.gt(0)).toBe(true);
        if (f.kind === "date") expect(Number.isInteger(f.value)).toBe(true);
        if (f.kind === "text") expect(typeof f.value).toBe("string");
      }
    }
  });

  it("carry the announcement's official figures", () => {
    for (const id of ["2025-10", "2026-04"]) {
      expect(asText(value(id, "stake_diluted"))).toBe("0.27");
      expect(asText(value(id, "stake_as_converted"))).toBe("0.325");
      expect(asText(value(id, "stake_value"))).toBe("135000000000");
      expect(asText(value(id, "azure_commitment"))).toBe("250000000000");
      expect(isoDate(value(id, "models_ip_end") as number)).toBe("2032-12-31");
      expect(isoDate(value(id, "research_ip_end") as number)).toBe("2030-12-31");
      expect(getTermFigure(getTermPreset(id), "stake_diluted")).toMatchObject({
        status: "official",
        source: expect.stringMatching(/2025-10-28/),
      });
    }
  });

  it("derive the implied valuation from the stake and its value, and say so", () => {
    const f = getTermFigure(getTermPreset("2025-10"), "implied_valuation");
    expect(f.status).toBe("derived");
    expect((f.value as Decimal).eq((value("2025-10", "stake_value") as Decimal).div(value("2025-10", "stake_diluted") as Decimal))).toBe(
      true,
    );
    expect(asText(f.value)).toBe("500000000000");
  });

  it("label the revenue-share rate as reported by Bloomberg and CNBC", () => {
    const f = getTermFigure(getTermPreset("2025-10"), "revshare_rate");
    expect(f).toMatchObject({ status: "reported", source: expect.stringMatching(/Bloomberg, CNBC/) });
    expect(asText(f.value)).toBe("0.2");
  });

  it("leave out in 2025-10 what only the amendment has: a cap and a fixed revenue-share end", () => {
    expect(value("2025-10", "revshare_cap")).toBeNull();
    expect(value("2025-10", "revshare_end")).toBeNull();
    expect(value("2025-10", "ip_nonexclusive_from")).toBeNull();
  });

  it("carry the amendment's reported figures in 2026-04 with their sources", () => {
    const p = getTermPreset("2026-04");
    expect(getTermFigure(p, "revshare_cap")).toMatchObject({ status: "reported", source: expect.stringMatching(/The Information/) });
    expect(asText(value("2026-04", "revshare_cap"))).toBe("38000000000");
    expect(getTermFigure(p, "revshare_end")).toMatchObject({
      value: serialFromIso("2030-12-31"),
      status: "reported",
      source: expect.stringMatching(/CNBC/),
    });
    expect(getTermFigure(p, "ip_nonexclusive_from")).toMatchObject({ value: serialFromIso("2026-04-27"), status: "reported" });
    expect(asText(value("2026-04", "revshare_rate"))).toBe("0.2");
  });

  it("keep every fixed end date of a right equal to the figure that reports it", () => {
    for (const p of TERM_PRESETS) {
      const end = (right: string) => p.rights.find((r) => r.right === right)!.end;
      expect(end("models")).toEqual({ kind: "fixed", lastDay: getTermFigure(p, "models_ip_end").value });
      expect(end("research")).toEqual({ kind: "earlier", lastDay: getTermFigure(p, "research_ip_end").value });
      expect(end("exclusivity")).toEqual({ kind: "agi" });
      const revshareEnd = getTermFigure(p, "revshare_end").value;
      expect(end("revshare")).toEqual(revshareEnd === null ? { kind: "agi" } : { kind: "fixed", lastDay: revshareEnd });
    }
  });

  it("find presets and keys regardless of case and spaces, and list the accepted ones otherwise", () => {
    expect(getTermPreset(" 2026-04 ").id).toBe("2026-04");
    expect(getTermFigure(getTermPreset("2025-10"), "STAKE_VALUE").key).toBe("stake_value");
    expect(() => getTermPreset("2024-01")).toThrow(
      expect.objectContaining({ kind: "value", message: 'terms must be one of 2025-10, 2026-04; got "2024-01".' }),
    );
    expect(() => getTermFigure(getTermPreset("2025-10"), "nope")).toThrow(
      expect.objectContaining({ kind: "value", message: expect.stringContaining(`key must be one of ${TERM_KEYS.join(", ")}`) }),
    );
  });
});
