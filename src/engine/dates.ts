/**
 * Whole-day dates as Excel 1900-system serial numbers. Serial 1 is 1900-01-01 and serial 60 is the
 * fictitious 1900-02-29 that Excel keeps for Lotus compatibility; from serial 61 (1900-03-01) on,
 * serials are days since 1899-12-30. The engine never uses JavaScript Date arithmetic on local time.
 */
export const MIN_SERIAL = 1;
/** 9999-12-31, the last date Excel shows. */
export const MAX_SERIAL = 2958465;

const MS_PER_DAY = 86400000;
const EPOCH_MS = Date.UTC(1899, 11, 30);

export interface YearMonthDay {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export function serialToYmd(serial: number): YearMonthDay {
  if (serial === 60) return { year: 1900, month: 2, day: 29 };
  const shifted = serial < 60 ? serial + 1 : serial;
  const d = new Date(EPOCH_MS + shifted * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function ymdToSerial(year: number, month: number, day: number): number {
  const ms = Date.UTC(year, month - 1, day);
  const serial = Math.round((ms - EPOCH_MS) / MS_PER_DAY);
  return serial <= 60 ? serial - 1 : serial;
}

/**
 * A JavaScript Date's calendar day (in UTC, the time of day ignored) as a serial: 1900-01-01 is 1,
 * 1900-02-28 is 59, 1900-03-01 is 61 (a Date never falls on the phantom 1900-02-29).
 */
export function serialFromDate(date: Date): number {
  return ymdToSerial(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function daysInMonth(year: number, month: number): number {
  if (year === 1900 && month === 2) return 29;
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isMonthEnd(serial: number): boolean {
  const { year, month, day } = serialToYmd(serial);
  return day === daysInMonth(year, month);
}

/** Excel's EDATE: the same day `months` months later, or that month's last day when it is shorter. */
export function addMonths(serial: number, months: number): number {
  const { year, month, day } = serialToYmd(serial);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return ymdToSerial(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Excel's EOMONTH: the last day of the month `months` months after the serial's month. */
export function endOfMonth(serial: number, months: number): number {
  const { year, month } = serialToYmd(serial);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return ymdToSerial(y, m, daysInMonth(y, m));
}

/** Whole months from one month-end to a later month-end. */
export function monthsBetween(fromSerial: number, toSerial: number): number {
  const a = serialToYmd(fromSerial);
  const b = serialToYmd(toSerial);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

export function isoDate(serial: number): string {
  const { year, month, day } = serialToYmd(serial);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Parses `YYYY-MM-DD` into a serial; used by the term presets. */
export function serialFromIso(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO date: ${iso}`);
  return ymdToSerial(Number(match[1]), Number(match[2]), Number(match[3]));
}
