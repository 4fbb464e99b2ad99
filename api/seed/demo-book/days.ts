// Dates are day numbers (days since 1970-01-01) inside the generator; ISO strings at the edges.
import { fromDayNumber } from '../../domain/dates.js';

export const isoCache = new Map<number, string>();
export function iso(day: number): string {
  let text = isoCache.get(day);
  if (text === undefined) {
    text = fromDayNumber(day);
    isoCache.set(day, text);
  }
  return text;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The day itself on Monday–Friday, else the Monday after. */
export function nextBusinessDay(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day + 2 : wd === 0 ? day + 1 : day;
}

/** The day itself on Monday–Friday, else the Friday before. */
export function previousBusinessDay(day: number): number {
  const wd = weekday(day);
  return wd === 6 ? day - 1 : wd === 0 ? day - 2 : day;
}

export function monthPeriod(day: number): string {
  return iso(day).slice(0, 7);
}

export function compactDate(day: number): string {
  return iso(day).replaceAll('-', '');
}

export function timestamp(day: number, minutes: number): string {
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${iso(day)} ${hh}:${mm}:00+00`;
}
