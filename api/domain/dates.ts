// Business dates are calendar dates, carried as ISO strings ("2026-03-31"). Arithmetic goes
// through day numbers (days since 1970-01-01), so no time zone or clock is involved.
import { ErrorCode, UserInputError } from './errors.js';

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isValidIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return year >= 1900 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Checks an ISO calendar date; "2026-02-30" and "31/03/2026" are refused. */
export function parseIsoDate(value: string, field: string[]): IsoDate {
  const text = String(value).trim();
  if (!isValidIsoDate(text)) {
    throw UserInputError.of(field, `"${text.slice(0, 40)}" is not a calendar date; write YYYY-MM-DD, e.g. 2026-03-31 (years 1900–2999).`, ErrorCode.INVALID);
  }
  return text;
}

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))?)?$/;

/**
 * Checks an ISO 8601 date or timestamp as strictly as a date: "2027-02-30" or "T24:30" is
 * refused, never rolled over into the next day or month. A date alone means its midnight UTC,
 * and so does a time without an offset.
 */
export function parseIsoTimestamp(value: string, field: string[]): Date {
  const text = String(value).trim();
  const match = ISO_TIMESTAMP.exec(text);
  const [hours = 0, minutes = 0, seconds = 0, offsetHours = 0, offsetMinutes = 0] = [2, 3, 4, 6, 7].map((i) => Number(match?.[i] ?? 0));
  if (!match || !isValidIsoDate(match[1]!) || hours > 23 || minutes > 59 || seconds > 59 || offsetHours > 23 || offsetMinutes > 59) {
    throw UserInputError.of(field, `"${text.slice(0, 40)}" is not an ISO 8601 date or timestamp; write e.g. 2027-01-31 or 2027-01-31T18:00:00Z (years 1900–2999).`, ErrorCode.INVALID);
  }
  if (!match[2]) return dateFromIso(text);
  return new Date(match[5] ? text : `${text}Z`);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function toDayNumber(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** b − a in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

export function parts(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function isoOf(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function endOfMonth(date: IsoDate): IsoDate {
  const { year, month } = parts(date);
  return isoOf(year, month, daysInMonth(year, month));
}

/** Adds calendar months, keeping the day or clamping it to the target month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return isoOf(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Prisma hands `date` columns over as UTC-midnight Date objects. */
export function isoFromDate(date: Date): IsoDate {
  return date.toISOString().slice(0, 10);
}

export function dateFromIso(date: IsoDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}
