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
  const missing = layout.columns.filter((_, i) => offsets[i]! < 0).map((c) => `"${c.header}"`);
  if (missing.length > 0) {
    throw new OfficeLayerError(
      'ColumnNotFound',
      `Table ${layout.tableName} has no column ${missing.join(', ')}: it was renamed or deleted. Rename it back, or pull again to restore it.`,
    );
  }
  return offsets;
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
