/**
 * Whole-day dates as Excel 1900-system serial numbers: the one home of Excel's epoch in the product.
 * Serial 1 is 1900-01-01 and serial 60 is the fictitious 1900-02-29 that Excel keeps for Lotus
 * compatibility (DATE(1900,2,29) is 60, EDATE(31,1) is 60); from serial 61 (1900-03-01) on, serials are
 * days since 1899-12-30. The calendar is computed with whole-number arithmetic (proleptic Gregorian),
 * never with JavaScript Date arithmetic on local time, and February 1900 has 29 days as in Excel.
 */
export const MIN_SERIAL = 1;
/** 9999-12-31, the last date Excel shows. */
export const MAX_SERIAL = 2958465;
/** 1900-02-29, which exists only in Excel's calendar. */
export const PHANTOM_SERIAL = 60;

/** Days from 1970-01-01 to 1899-12-30, the day before serial 1 in the real calendar's count from serial 61 on. */
const EPOCH_DAYS = -25569;
const MS_PER_DAY = 86400000;

export interface YearMonthDay {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

/** Days from 1970-01-01 to a day of the proleptic Gregorian calendar (Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The day of the proleptic Gregorian calendar so many days after 1970-01-01 (Hinnant's civil_from_days). */
function civilFromDays(days: number): YearMonthDay {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Serial of a real calendar day counted from 1970-01-01: before 1900-03-01 Excel's count is one less. */
function serialFromDays(days: number): number {
  const serial = days - EPOCH_DAYS;
  return serial <= PHANTOM_SERIAL ? serial - 1 : serial;
}

export function serialToYmd(serial: number): YearMonthDay {
  if (serial === PHANTOM_SERIAL) return { year: 1900, month: 2, day: 29 };
  return civilFromDays(serial + EPOCH_DAYS + (serial < PHANTOM_SERIAL ? 1 : 0));
}

/**
 * Excel's DATE(year, month, day) for whole numbers: a month past 12 or below 1 moves the year, a day past
 * the month's end (or below 1) runs into the next (or previous) months, in Excel's calendar, where
 * February 1900 has a 29th day.
 */
export function ymdToSerial(year: number, month: number, day: number): number {
  const monthIndex = year * 12 + (month - 1);
  const y = Math.floor(monthIndex / 12);
  const m = monthIndex - y * 12 + 1;
  const firstOfMonth = serialFromDays(daysFromCivil(y, m, 1));
  // From 1900-03-01 on, day 1 of a month is a real date; a February 1900 day counts the phantom 29th.
  return firstOfMonth + day - 1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year === 1900 || isLeapYear(year) ? 29 : 28;
  return DAYS_IN_MONTH[month - 1];
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
  const m = index - y * 12 + 1;
  return ymdToSerial(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Excel's EOMONTH: the last day of the month `months` months after the serial's month. */
export function endOfMonth(serial: number, months: number): number {
  const { year, month } = serialToYmd(serial);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
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

/**
 * The serial of `YYYY-MM-DD` text (1900-02-29 included, as Excel has it); null for anything else: another
 * layout, a day the month does not have, a date outside 1900-01-01 to 9999-12-31.
 */
export function parseIsoDate(text: string): number | null {
  const match = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const serial = ymdToSerial(year, month, day);
  return serial >= MIN_SERIAL && serial <= MAX_SERIAL ? serial : null;
}

/** Parses `YYYY-MM-DD` into a serial; used by the term presets, whose dates are written in code. */
export function serialFromIso(iso: string): number {
  const serial = parseIsoDate(iso);
  if (serial === null) throw new Error(`not an ISO date: ${iso}`);
  return serial;
}

/**
 * The serial of the UTC calendar day a Date falls on (a time of day is dropped), as a spreadsheet file's
 * date cell holds it (exceljs and the like give such cells as Dates at UTC).
 */
export function serialFromUtcDate(date: Date): number {
  return serialFromDays(Math.floor(date.getTime() / MS_PER_DAY));
}

/** Today (or the given moment) as a serial: the calendar day on the local clock, as Excel's TODAY() is. */
export function todaySerial(now: Date = new Date()): number {
  return ymdToSerial(now.getFullYear(), now.getMonth() + 1, now.getDate());
}
