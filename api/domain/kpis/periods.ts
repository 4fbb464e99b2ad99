// Reporting periods: a month "2026-10", a quarter "2026-Q4" or an ISO week "2026-W48".
import { addDays, daysBetween, daysInMonth, isoOf, type IsoDate } from '../dates.js';
import { UserInputError } from '../errors.js';

export type PeriodKind = 'MONTH' | 'QUARTER' | 'WEEK';

export interface Period {
  /** Canonical spelling: "2026-10", "2026-Q4", "2026-W48". */
  code: string;
  kind: PeriodKind;
  start: IsoDate;
  end: IsoDate;
  /** Calendar days in the period. */
  days: number;
  /** Months in the period (1, 3); for a week, 1 (CEI takes the week's sales whole). */
  months: number;
}

export const ACCEPTED_PERIODS = 'a month YYYY-MM (2026-10), a quarter YYYY-Qn (2026-Q4) or an ISO week YYYY-Www (2026-W48)';

export function parsePeriod(value: string, field: string[] = ['period']): Period {
  const text = String(value).trim().toUpperCase();
  const refuse = (why = ''): never => {
    throw UserInputError.of(field, `"${String(value).slice(0, 20)}" is not a period${why}; write ${ACCEPTED_PERIODS}.`);
  };
  let match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) {
    const [year, month] = [Number(match[1]), Number(match[2])];
    if (month < 1 || month > 12) refuse(' (months are 01–12)');
    checkYear(year, refuse);
    return monthPeriod(year, month);
  }
  match = /^(\d{4})-Q(\d)$/.exec(text);
  if (match) {
    const [year, quarter] = [Number(match[1]), Number(match[2])];
    if (quarter < 1 || quarter > 4) refuse(' (quarters are Q1–Q4)');
    checkYear(year, refuse);
    const start = isoOf(year, quarter * 3 - 2, 1);
    const end = isoOf(year, quarter * 3, daysInMonth(year, quarter * 3));
    return { code: `${year}-Q${quarter}`, kind: 'QUARTER', start, end, days: daysBetween(start, end) + 1, months: 3 };
  }
  match = /^(\d{4})-W(\d{2})$/.exec(text);
  if (match) {
    const [year, week] = [Number(match[1]), Number(match[2])];
    checkYear(year, refuse);
    const weeks = isoWeeksInYear(year);
    if (week < 1 || week > weeks) refuse(` (${year} has ISO weeks W01–W${weeks})`);
    const start = addDays(isoWeekOneMonday(year), (week - 1) * 7);
    return { code: `${year}-W${String(week).padStart(2, '0')}`, kind: 'WEEK', start, end: addDays(start, 6), days: 7, months: 1 };
  }
  return refuse();
}

function checkYear(year: number, refuse: (why?: string) => never): void {
  if (year < 1900 || year > 2999) refuse(' (years 1900–2999)');
}

function monthPeriod(year: number, month: number): Period {
  const days = daysInMonth(year, month);
  return { code: isoOf(year, month, 1).slice(0, 7), kind: 'MONTH', start: isoOf(year, month, 1), end: isoOf(year, month, days), days, months: 1 };
}

/** Monday of ISO week 1: the week holding January 4th. */
function isoWeekOneMonday(year: number): IsoDate {
  const jan4 = isoOf(year, 1, 4);
  const weekday = (new Date(`${jan4}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(jan4, -weekday);
}

export function isoWeeksInYear(year: number): number {
  return daysBetween(isoWeekOneMonday(year), isoWeekOneMonday(year + 1)) / 7;
}

/** The period after this one, of the same kind. */
export function nextPeriod(period: Period): Period {
  return parsePeriod(periodContaining(addDays(period.end, 1), period.kind).code);
}

/** The period of a kind that holds a date. */
export function periodContaining(date: IsoDate, kind: PeriodKind): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (kind === 'MONTH') return monthPeriod(year, month);
  if (kind === 'QUARTER') return parsePeriod(`${year}-Q${Math.ceil(month / 3)}`);
  let weekYear = year + 1;
  while (daysBetween(isoWeekOneMonday(weekYear), date) < 0) weekYear -= 1;
  const week = Math.floor(daysBetween(isoWeekOneMonday(weekYear), date) / 7) + 1;
  return parsePeriod(`${weekYear}-W${String(week).padStart(2, '0')}`);
}

/** Periods from `from` to `to` inclusive; both of one kind, at most `max` of them. */
export function periodRange(from: Period, to: Period, max: number, field: string[] = ['to']): Period[] {
  if (from.kind !== to.kind) throw UserInputError.of(field, `from (${from.code}) and to (${to.code}) must be periods of one kind.`);
  if (to.start < from.start) throw UserInputError.of(field, `to (${to.code}) is before from (${from.code}).`);
  const periods = [from];
  while (periods[periods.length - 1]!.code !== to.code) {
    if (periods.length >= max) throw UserInputError.of(field, `At most ${max} periods at a time; narrow from–to.`, 'OUT_OF_RANGE');
    periods.push(nextPeriod(periods[periods.length - 1]!));
  }
  return periods;
}
