// Fakes for the add-in's unit tests: an Office layer over in-memory tables (rows as the
// contract speaks them), and an API answering from a handler per operation.
import { vi } from 'vitest';
import type { LedgerApi } from '../../../addin/api/client.js';
import type { MarkedCell, TableLayout, WriteOptions } from '../../../addin/office/contract.js';
import type { Row } from '../../../addin/sheets/types.js';
import type { OfficeFunctions } from '../../../addin/ui/office-functions.js';

export interface FakeOffice extends OfficeFunctions {
  tables: Map<string, Row[]>;
  /** Current mark per table, by "row:column". */
  marks: Map<string, Map<string, MarkedCell>>;
  charts: Map<string, unknown>;
  writes: { table: string; rows: number }[];
  /** The user types (or pastes) into a cell; edit listeners hear of it. */
  edit(table: string, row: number, column: string, value: Row[string]): void;
}

export function fakeOffice(): FakeOffice {
  const tables = new Map<string, Row[]>();
  const marks = new Map<string, Map<string, MarkedCell>>();
  const charts = new Map<string, unknown>();
  const handlers = new Map<string, Set<() => void>>();
  const writes: { table: string; rows: number }[] = [];
  return {
    tables,
    marks,
    charts,
    writes,
    edit(table, row, column, value) {
      const rows = tables.get(table);
      if (!rows?.[row]) throw new Error(`no row ${row} in ${table}`);
      rows[row]![column] = value;
      for (const handler of handlers.get(table) ?? []) handler();
    },
    async writeTable(layout: TableLayout, rows: Row[], options?: WriteOptions) {
      const refreshed = tables.has(layout.tableName);
      tables.set(layout.tableName, rows.map((r) => ({ ...r })));
      writes.push({ table: layout.tableName, rows: rows.length });
      options?.onProgress?.(rows.length, rows.length);
      return { rows: rows.length, syncs: 1, largestSyncBytes: JSON.stringify(rows).length, refreshed };
    },
    async readTable(layout: TableLayout) {
      return (tables.get(layout.tableName) ?? []).map((r) => ({ ...r }));
    },
    async markCells(layout: TableLayout, cells: MarkedCell[]) {
      const table = marks.get(layout.tableName) ?? new Map<string, MarkedCell>();
      marks.set(layout.tableName, table);
      for (const cell of cells) {
        if (cell.mark === 'none') table.delete(`${cell.row}:${cell.column}`);
        else table.set(`${cell.row}:${cell.column}`, cell);
      }
    },
    async addOrUpdateChart(layout: TableLayout, spec: unknown) {
      charts.set(layout.tableName, spec);
    },
    async onTableEdited(layout: TableLayout, handler: () => void) {
      const set = handlers.get(layout.tableName) ?? new Set();
      handlers.set(layout.tableName, set);
      set.add(handler);
      return () => void set.delete(handler);
    },
  };
}

export type Handler = (variables: Record<string, any>, signal?: AbortSignal) => unknown;

/** An API whose answers come from handlers keyed by operation name (`query Name`/`mutation Name`). */
export function fakeApi(handlers: Record<string, Handler>): LedgerApi & { calls: { operation: string; variables: Record<string, any> }[] } {
  const calls: { operation: string; variables: Record<string, any> }[] = [];
  const run = vi.fn(async (document: string, variables: Record<string, any> = {}, signal?: AbortSignal) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? 'anonymous';
    calls.push({ operation, variables });
    const handler = handlers[operation];
    if (!handler) throw new Error(`fake API: no handler for ${operation}`);
    return handler(variables, signal);
  });
  return { serverUrl: 'https://ledger.test', query: run as never, mutate: run as never, calls };
}
