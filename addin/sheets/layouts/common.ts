// Filters and conversions several layouts share.
import { cellToIsoDate, isBlank } from '../cells.js';
import type { CellValue } from '../../office/contract.js';
import type { Filters } from '../types.js';

/** '' → null: an unset filter is left out of the query. */
export function optional(value: string | undefined): string | null {
  const text = value?.trim() ?? '';
  return text === '' ? null : text;
}

export function upper(value: string | undefined): string | null {
  return optional(value)?.toUpperCase() ?? null;
}

/** The month before the one `today` falls in: the latest complete period. */
export function previousMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** `months` months before a YYYY-MM period. */
export function monthsBefore(period: string, months: number): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function describe(parts: (string | null | false | undefined)[]): string {
  return parts.filter(Boolean).join(', ');
}

export function scope(filters: Filters): string {
  return optional(filters.entityCode) ? `entity ${upper(filters.entityCode)}` : 'all entities';
}

/** A hidden version cell → the expectedVersion it says ('' → none yet). */
export function versionIn(value: CellValue | undefined): number | null {
  if (isBlank(value)) return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}

/** A date cell as the API takes it, or null. */
export function isoIn(value: CellValue | undefined): string | null {
  return value === undefined || isBlank(value) ? null : cellToIsoDate(value);
}

export const YES_NO = (flag: boolean) => (flag ? 'Yes' : 'No');
