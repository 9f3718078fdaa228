import fc from "fast-check";
import {
  addMonths,
  daysInMonth,
  endOfMonth,
  isMonthEnd,
  isoDate,
  parseIsoDate,
  serialFromIso,
  serialFromUtcDate,
  serialToYmd,
  todaySerial,
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
    expect(serialFromUtcDate(new Date(ms))).toBe(serial);
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

describe("the phantom 1900-02-29 (serial 60), as Excel keeps it", () => {
  it("gives 1900-02-29 serial 60 and the days around it their own serials", () => {
    expect(ymdToSerial(1900, 2, 28)).toBe(59);
    expect(ymdToSerial(1900, 2, 29)).toBe(60);
    expect(ymdToSerial(1900, 3, 1)).toBe(61);
    expect(ymdToSerial(1900, 1, 1)).toBe(1);
    expect(serialFromIso("1900-02-29")).toBe(60);
  });

  it("adds months across it as EDATE does: 1900-01-31 plus a month is serial 60, and back", () => {
    expect(addMonths(31, 1)).toBe(60); // EDATE(31,1) in Excel
    expect(addMonths(60, 1)).toBe(89); // 1900-03-29
    expect(addMonths(60, -1)).toBe(29); // 1900-01-29
    expect(addMonths(61, -1)).toBe(32); // 1900-02-01
    expect(endOfMonth(45, 0)).toBe(60); // EOMONTH of a February 1900 date
    expect(endOfMonth(1, 1)).toBe(60);
    expect(isMonthEnd(59)).toBe(false);
    expect(isMonthEnd(60)).toBe(true);
  });

  it("reads every serial from 1 to 61 and back", () => {
    for (let serial = 1; serial <= 61; serial++) {
      const { year, month, day } = serialToYmd(serial);
      expect(ymdToSerial(year, month, day)).toBe(serial);
    }
  });
});

describe("one home for Excel dates: parsing, files' dates, today", () => {
  it("parses ISO text in Excel's calendar and refuses what it does not have", () => {
    expect(parseIsoDate("2025-11-01")).toBe(45962);
    expect(parseIsoDate(" 1900-02-29 ")).toBe(60);
    expect(parseIsoDate("1900-2-28")).toBe(59);
    for (const bad of ["2025-02-29", "2025-13-01", "2025-00-10", "1899-12-31", "10000-01-01", "2025/11/01", ""])
      expect(parseIsoDate(bad)).toBeNull();
    expect(() => serialFromIso("2025-02-30")).toThrow(/not an ISO date/);
  });

  it("turns a file's UTC date into its serial, dropping a time of day, with the phantom day in between", () => {
    expect(serialFromUtcDate(new Date(Date.UTC(2025, 10, 1)))).toBe(45962);
    expect(serialFromUtcDate(new Date(Date.UTC(2025, 10, 1, 23, 59)))).toBe(45962);
    expect(serialFromUtcDate(new Date(Date.UTC(1900, 1, 28)))).toBe(59);
    expect(serialFromUtcDate(new Date(Date.UTC(1900, 2, 1)))).toBe(61);
    expect(serialFromUtcDate(new Date(Date.UTC(1900, 0, 1)))).toBe(1);
  });

  it("gives today's serial from the local calendar day", () => {
    expect(todaySerial(new Date(2026, 4, 1, 23, 30))).toBe(serialFromIso("2026-05-01"));
    expect(todaySerial(new Date(2026, 4, 1, 0, 5))).toBe(serialFromIso("2026-05-01"));
    expect(Number.isInteger(todaySerial())).toBe(true);
  });

  it("computes DATE's overflow in Excel's calendar", () => {
    expect(ymdToSerial(1900, 2, 30)).toBe(61);
    expect(ymdToSerial(1900, 3, 0)).toBe(60);
    expect(ymdToSerial(2025, 13, 1)).toBe(serialFromIso("2026-01-01"));
    expect(ymdToSerial(2025, 1, 32)).toBe(serialFromIso("2025-02-01"));
    expect(ymdToSerial(2025, 3, 0)).toBe(serialFromIso("2025-02-28"));
    expect(daysInMonth(1900, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it("agrees with the JavaScript calendar on every real day from 1900-03-01 to 9999-12-31", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const date = new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
        expect(serialToYmd(serial)).toEqual({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
      }),
      { numRuns: 5000 },
    );
  });
});
