// What a pulled table is called: its title in "Tables in this workbook" ("Aging · DE01 · as of
// 2026-11-30"), and the sheet and table names of a new table for other filters ("Aging DE01",
// llAging_DE01), made valid and unique in the workbook. Plain data in and out.
import type { DatasetLayout, FilterKey, Filters } from '../sheets/types.js';

export interface TableRef {
  sheetName: string;
  tableName: string;
}

/** Codes the API reads case-insensitively: DE01 and de01 are the same filter. */
const CODES = new Set<FilterKey>(['entityCode', 'currency', 'kpiCode', 'projectCode', 'deliveryStatus', 'deliveryChannel']);
const SHEET_NAME_MAX = 31;
const TABLE_NAME_MAX = 100;

function normalized(key: FilterKey, value: string | undefined): string {
  const text = value?.trim() ?? '';
  return CODES.has(key) ? text.toUpperCase() : text;
}

/** The layout's filters as a table remembers them: its own keys only, trimmed, codes in capitals, blanks left out. */
export function savedFilters(layout: DatasetLayout, filters: Filters): Record<string, string> {
  const saved: Record<string, string> = {};
  for (const { key } of layout.filters) {
    const value = normalized(key, filters[key]);
    if (value !== '') saved[key] = value;
  }
  return saved;
}

/** A saved table's filters as the form holds them: every key of the layout, '' where none. */
export function formFilters(layout: DatasetLayout, saved: Readonly<Record<string, string>>): Filters {
  return Object.fromEntries(layout.filters.map(({ key }) => [key, saved[key] ?? '']));
}

export function sameFilters(layout: DatasetLayout, a: Filters, b: Filters): boolean {
  return layout.filters.every(({ key }) => normalized(key, a[key]) === normalized(key, b[key]));
}

/** The entity first (it is what tells tables apart most often), then the layout's order. */
function orderedKeys(layout: DatasetLayout): FilterKey[] {
  const keys = layout.filters.map((f) => f.key);
  return keys.includes('entityCode') ? ['entityCode', ...keys.filter((k) => k !== 'entityCode')] : keys;
}

function titlePart(key: FilterKey, value: string, filters: Filters): string | null {
  if (value === '') return null;
  switch (key) {
    case 'asOf':
      return `as of ${value}`;
    case 'currency':
      return `in ${value}`;
    case 'openOnly':
      return value === 'true' ? 'open only' : null;
    case 'includeSnoozed':
      return value === 'true' ? 'snoozed included' : null;
    case 'collector':
      return `collector ${value}`;
    case 'search':
      return `“${value}”`;
    case 'from':
      return filters.to?.trim() ? `${value} to ${filters.to.trim()}` : `from ${value}`;
    case 'to':
      return filters.from?.trim() ? null : `to ${value}`;
    default:
      return value;
  }
}

/** "Aging · DE01 · as of 2026-11-30": the dataset's short name, then what the filters pick. */
export function queryTitle(layout: DatasetLayout, filters: Filters): string {
  const parts = orderedKeys(layout).map((key) => titlePart(key, normalized(key, filters[key]), filters));
  return [layout.table.sheetName, ...parts.filter((p): p is string => p !== null)].join(' · ');
}

/** One word for a filter value in a name; a blank filter means "all". */
function scopeWord(key: FilterKey, value: string): string {
  if (key === 'openOnly') return value === 'true' ? 'Open' : 'All';
  if (key === 'includeSnoozed') return value === 'true' ? 'Snoozed' : 'Due';
  if (value === '') return key === 'currency' ? 'Base' : 'All';
  return value;
}

/**
 * The filter scope in a name: the entity when one is picked (what tells tables apart most often),
 * then what else sets `filters` apart from `from` (the table they would otherwise refresh), e.g.
 * "DE01" or "DE01 2026-10-31"; every filter set when there is nothing to compare with.
 */
export function scopeLabel(layout: DatasetLayout, filters: Filters, from: Filters | null): string {
  const keys = orderedKeys(layout);
  const value = (key: FilterKey) => normalized(key, filters[key]);
  const words = from
    ? keys.filter((key) => (key === 'entityCode' && value(key) !== '') || value(key) !== normalized(key, from[key])).map((key) => scopeWord(key, value(key)))
    : keys.map(value).filter((v) => v !== '' && v !== 'true');
  return words.join(' ') || 'All';
}

const taken = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));

/** A valid sheet name (at most 31 characters, none of [ ] : * ? / \, no apostrophe at either end) not in `names`. */
export function uniqueSheetName(wanted: string, names: readonly string[]): string {
  const clean = wanted.replace(/[[\]:*?/\\]+/g, '-').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Ledgerline';
  const used = taken(names);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = `${clean.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** A valid table name (letters, digits and underscores, starting with a letter) not in `names`. */
export function uniqueTableName(wanted: string, names: readonly string[]): string {
  let clean = wanted.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[A-Za-z]/.test(clean)) clean = `ll_${clean}`;
  const used = taken(names);
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `_${n}`;
    const name = `${clean.slice(0, TABLE_NAME_MAX - suffix.length)}${suffix}`;
    if (!used.has(name.toLowerCase())) return name;
  }
}

/** Sheet "Aging DE01", table llAging_DE01: the dataset's names with the filter scope, unique in the workbook. */
export function newTableNames(layout: DatasetLayout, filters: Filters, from: Filters | null, names: { sheetNames: readonly string[]; tableNames: readonly string[] }): TableRef {
  const scope = scopeLabel(layout, filters, from);
  return {
    sheetName: uniqueSheetName(`${layout.table.sheetName} ${scope}`, names.sheetNames),
    tableName: uniqueTableName(`${layout.table.tableName}_${scope}`, names.tableNames),
  };
}
