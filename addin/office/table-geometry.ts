/// <reference types="office-js" />
// Where a pulled table is now: the user may have moved it, renamed its sheet, inserted columns
// (their own, even calculated ones, inside the table) or reordered ours. Layout columns are
// found by header name every time.

import type { ColumnSpec, TableLayout } from './contract.js';
import { OfficeLayerError } from './errors.js';

export interface TableGeometry {
  sheet: Excel.Worksheet;
  /** 0-based sheet row of the header. */
  headerRow: number;
  /** 0-based sheet column of the table's first column. */
  firstColumn: number;
  columnCount: number;
  /** Data rows (Excel keeps at least one, possibly blank). */
  bodyRowCount: number;
  headers: string[];
  showTotals: boolean;
}

/** A stretch of adjacent table columns holding layout columns, in table order. */
export interface ColumnRun {
  /** Table column offset of the run's first column. */
  tableOffset: number;
  /** Layout column indexes, one per table column of the run. */
  layoutIndexes: number[];
}

export function validateLayout(layout: TableLayout): void {
  if (layout.columns.length === 0) throw new OfficeLayerError('InvalidLayout', `Layout ${layout.tableName} has no columns.`);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(layout.tableName)) {
    throw new OfficeLayerError('InvalidLayout', `Table name "${layout.tableName}" must be letters, digits and underscores, starting with a letter.`);
  }
  const seen = new Set<string>();
  for (const column of layout.columns) {
    const header = column.header.trim().toLowerCase();
    if (header === '') throw new OfficeLayerError('InvalidLayout', `Column ${column.key} of ${layout.tableName} has an empty header.`);
    if (seen.has(header)) throw new OfficeLayerError('InvalidLayout', `Header "${column.header}" appears twice in ${layout.tableName}: Excel needs unique headers.`);
    seen.add(header);
  }
}

/** The table, or a TableNotFound error (one sync). */
export async function findTableOrThrow(context: Excel.RequestContext, tableName: string): Promise<Excel.Table> {
  const table = context.workbook.tables.getItemOrNullObject(tableName);
  await context.sync();
  if (table.isNullObject) {
    throw new OfficeLayerError('TableNotFound', `There is no table named ${tableName} in this workbook: pull the data again to create it.`);
  }
  return table;
}

/** Loads the table's position, size and headers (one sync, through `sync` so callers can count it). */
export async function loadTableGeometry(table: Excel.Table, sync: () => Promise<void>): Promise<TableGeometry> {
  const range = table.getRange();
  range.load('rowIndex,columnIndex,rowCount,columnCount');
  const header = table.getHeaderRowRange();
  header.load('values');
  table.load('showTotals');
  const sheet = table.worksheet;
  await sync();
  const showTotals = table.showTotals;
  return {
    sheet,
    headerRow: range.rowIndex,
    firstColumn: range.columnIndex,
    columnCount: range.columnCount,
    bodyRowCount: range.rowCount - 1 - (showTotals ? 1 : 0),
    headers: (header.values[0] ?? []).map((h) => String(h)),
    showTotals,
  };
}

/** Table column offset of each layout column by header (case-insensitive, as Excel matches), -1 if absent. */
export function layoutOffsets(columns: readonly ColumnSpec[], headers: readonly string[]): number[] {
  const byHeader = new Map(headers.map((h, i) => [h.trim().toLowerCase(), i]));
  return columns.map((c) => byHeader.get(c.header.trim().toLowerCase()) ?? -1);
}

export function requireLayoutOffsets(layout: TableLayout, geometry: TableGeometry): number[] {
  const offsets = layoutOffsets(layout.columns, geometry.headers);
  const missing = layout.columns.filter((_, i) => offsets[i]! < 0);
  if (missing.length > 0) {
    const renamed = new Map(findRenamedColumns(layout, geometry).map((r) => [r.column.key, geometry.headers[r.tableOffset]!] as const));
    const what = missing.map((c) => (renamed.has(c.key) ? `"${c.header}" (renamed “${renamed.get(c.key)}”?)` : `"${c.header}"`));
    throw new OfficeLayerError(
      'ColumnNotFound',
      `Table ${layout.tableName} has no column ${what.join(', ')}: it was renamed or deleted. Restore the header${missing.length > 1 ? 's' : ''} (the pane offers it), or refresh, which puts ${missing.length > 1 ? 'them' : 'it'} back.`,
    );
  }
  return offsets;
}

/**
 * Layout columns whose header the user renamed: a missing layout column is taken to be the one
 * unknown column standing between its layout neighbours that are still found (the layout's
 * order is the table's unless the user moved columns). Ambiguous or no candidate: not found.
 */
export function findRenamedColumns(layout: TableLayout, geometry: Pick<TableGeometry, 'headers'>): { column: ColumnSpec; tableOffset: number }[] {
  const offsets = layoutOffsets(layout.columns, geometry.headers);
  const ours = new Set(offsets.filter((o) => o >= 0));
  const taken = new Set<number>();
  const found: { column: ColumnSpec; tableOffset: number }[] = [];
  layout.columns.forEach((column, i) => {
    if (offsets[i]! >= 0) return;
    let left = -1;
    for (let k = i - 1; k >= 0; k--) if (offsets[k]! >= 0) { left = offsets[k]!; break; }
    let right = geometry.headers.length;
    for (let k = i + 1; k < layout.columns.length; k++) if (offsets[k]! >= 0) { right = offsets[k]!; break; }
    if (right <= left) return;
    const candidates: number[] = [];
    for (let offset = left + 1; offset < right; offset++) if (!ours.has(offset) && !taken.has(offset)) candidates.push(offset);
    if (candidates.length !== 1) return;
    taken.add(candidates[0]!);
    found.push({ column, tableOffset: candidates[0]! });
  });
  return found;
}

/** Groups layout columns into runs of adjacent table columns so each run is written as one range. */
export function contiguousRuns(offsets: readonly number[]): ColumnRun[] {
  const order = offsets.map((offset, layoutIndex) => ({ offset, layoutIndex })).sort((a, b) => a.offset - b.offset);
  const runs: ColumnRun[] = [];
  for (const { offset, layoutIndex } of order) {
    const last = runs[runs.length - 1];
    if (last && last.tableOffset + last.layoutIndexes.length === offset) last.layoutIndexes.push(layoutIndex);
    else runs.push({ tableOffset: offset, layoutIndexes: [layoutIndex] });
  }
  return runs;
}
