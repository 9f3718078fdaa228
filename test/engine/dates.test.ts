import fc from "fast-check";
import {
  addMonths,
  endOfMonth,
  isMonthEnd,
  isoDate,
  serialFromDate,
  serialFromIso,
  serialToYmd,
  ymdToSerial,
} from "../../src/engine/dates";

describe("Excel 1900 serial dates", () => {
  it.each([
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    [45962, "2025-11-01"],
    [2958465, "9999-12-31"],
  ])("serial %p is %s", (serial, iso) => {
    expect(isoDate(serial)).toBe(iso);
    expect(serialFromIso(iso)).toBe(serial);
  });

  it.each([
    [Date.UTC(1900, 0, 1), 1],
    [Date.UTC(1900, 1, 28), 59],
    [Date.UTC(1900, 2, 1), 61],
    [Date.UTC(2025, 9, 28, 23, 59), 45958],
  ])("the Date %p is serial %p", (ms, serial) => {
    expect(serialFromDate(new Date(ms))).toBe(serial);
  });

  it("keeps Excel's fictitious 1900-02-29 at serial 60", () => {
    expect(serialToYmd(60)).toEqual({ year: 1900, month: 2, day: 29 });
  });

  it("round-trips every serial", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const { year, month, day } = serialToYmd(serial);
        expect(ymdToSerial(year, month, day)).toBe(serial);
      }),
    );
  });

  it("adds months as EDATE does, clamping to the month's end", () => {
    expect(isoDate(addMonths(serialFromIso("2025-01-31"), 1))).toBe("2025-02-28");
    expect(isoDate(addMonths(serialFromIso("2024-01-31"), 1))).toBe("2024-02-29");
    expect(isoDate(addMonths(serialFromIso("2025-11-01"), 12))).toBe("2026-11-01");
    expect(isoDate(addMonths(serialFromIso("2025-03-15"), -3))).toBe("2024-12-15");
  });

  it("finds month ends as EOMONTH does", () => {
    expect(isoDate(endOfMonth(serialFromIso("2025-02-10"), 0))).toBe("2025-02-28");
    expect(isoDate(endOfMonth(serialFromIso("2025-12-10"), 2))).toBe("2026-02-28");
    expect(isMonthEnd(serialFromIso("2024-02-29"))).toBe(true);
    expect(isMonthEnd(serialFromIso("2024-02-28"))).toBe(false);
  });
});
