// The Office layer as the pane uses it: rows as objects keyed by column. addin/office speaks
// rows as arrays in layout column order; fromOfficeLayer adapts it (main.tsx wires it over
// Excel, the tests over the in-memory Excel). Components never call Excel themselves.
import type { CellValue, ChartSpec, MarkedCell, TableLayout, WriteOptions, WriteResult } from '../office/contract.js';
import type { SyncResult, TablePlan } from '../office/write-table.js';
import type { WorkbookQueries, WorkbookQuery } from '../office/workbook-queries.js';
import type { Row } from '../sheets/types.js';

/** A refresh plan with rows as objects (see TablePlan). */
export interface RowPlan {
  rows: (Row | null)[];
  append: Row[];
  remove: number[];
}

export interface OfficeFunctions {
  writeTable(layout: TableLayout, rows: Row[], options?: WriteOptions): Promise<WriteResult>;
  /** A refresh matched by key (an empty plan only puts renamed or deleted headers back). */
  syncTable(layout: TableLayout, plan: RowPlan, options?: WriteOptions): Promise<SyncResult>;
  readTable(layout: TableLayout): Promise<Row[]>;
  markCells(layout: TableLayout, cells: MarkedCell[]): Promise<void>;
  addOrUpdateChart(layout: TableLayout, spec: ChartSpec): Promise<void>;
  /** Calls `handler` after the user changes the table; resolves to a function that stops listening. */
  onTableEdited(layout: TableLayout, handler: () => void): Promise<() => void | Promise<void>>;
  /** The queries saved in the workbook (one per table), and the entries that could not be read. */
  readWorkbookQueries(): Promise<WorkbookQueries>;
  saveWorkbookQuery(query: WorkbookQuery): Promise<void>;
  forgetWorkbookQuery(tableName: string): Promise<void>;
  /** Sheet and table names taken, so a new table gets unique ones. */
  readWorkbookNames(): Promise<{ sheetNames: string[]; tableNames: string[] }>;
}

/** The functions addin/office/index.ts exports, as far as the pane uses them. */
export interface OfficeLayer {
  writeTable(layout: TableLayout, rows: readonly (readonly CellValue[])[], options?: WriteOptions): Promise<WriteResult>;
  syncTable(layout: TableLayout, plan: TablePlan, options?: WriteOptions): Promise<SyncResult>;
  readTable(layout: TableLayout): Promise<CellValue[][]>;
  markCells(layout: TableLayout, cells: readonly MarkedCell[]): Promise<void>;
  addOrUpdateChart(layout: TableLayout, spec: ChartSpec): Promise<unknown>;
  onTableEdited(layout: TableLayout, handler: () => void): Promise<() => Promise<void>>;
  readWorkbookQueries(): Promise<WorkbookQueries>;
  saveWorkbookQuery(query: WorkbookQuery): Promise<void>;
  forgetWorkbookQuery(tableName: string): Promise<void>;
  readWorkbookNames(): Promise<{ sheetNames: string[]; tableNames: string[] }>;
}

function toArrays(layout: TableLayout, rows: readonly Row[]): CellValue[][] {
  return rows.map((row) => layout.columns.map((column) => row[column.key] ?? ''));
}

function toObjects(layout: TableLayout, rows: readonly (readonly CellValue[])[]): Row[] {
  return rows.map((cells) => {
    const row: Row = {};
    layout.columns.forEach((column, i) => (row[column.key] = cells[i] ?? ''));
    return row;
  });
}

export function fromOfficeLayer(layer: OfficeLayer): OfficeFunctions {
  return {
    writeTable: (layout, rows, options) => layer.writeTable(layout, toArrays(layout, rows), options),
    syncTable: (layout, plan, options) =>
      layer.syncTable(layout, { rows: plan.rows.map((row) => (row ? toArrays(layout, [row])[0]! : null)), append: toArrays(layout, plan.append), remove: plan.remove }, options),
    readTable: async (layout) => toObjects(layout, await layer.readTable(layout)),
    markCells: (layout, cells) => layer.markCells(layout, cells),
    addOrUpdateChart: async (layout, spec) => void (await layer.addOrUpdateChart(layout, spec)),
    onTableEdited: (layout, handler) => layer.onTableEdited(layout, handler),
    readWorkbookQueries: () => layer.readWorkbookQueries(),
    saveWorkbookQuery: (query) => layer.saveWorkbookQuery(query),
    forgetWorkbookQuery: (tableName) => layer.forgetWorkbookQuery(tableName),
    readWorkbookNames: () => layer.readWorkbookNames(),
  };
}
