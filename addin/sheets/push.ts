// From validated edits to batch mutations and back: which rows go in which batch, the
// variables sent, and what an answer means for the sheet — versions written, or conflicts
// and refused values mapped back to their cells. Pure apart from the look-ups a layout makes.
import type { CellValue, ColumnKind } from '../office/contract.js';
import { kindOf } from './cells.js';
import { columnOf, RowProblem, type BatchItem, type BatchSpec, type BuildContext, type DatasetLayout, type Problem, type Row, type RowEdits } from './types.js';

export interface PlannedBatch {
  spec: BatchSpec;
  items: BatchItem[];
  /** A 'table' batch's whole input (its items made into one act). */
  input?: Record<string, unknown>;
}

/**
 * Rows with edits, and new rows to create, grouped by batch: a batch's change items first, then
 * its creates (so a userError's index finds its item). A 'row' batch is planned as one batch per
 * row; a 'table' batch takes its items from `table` (every row the sheet holds of a pulled record).
 */
export async function planBatches(
  layout: DatasetLayout,
  rows: RowEdits[],
  context: BuildContext,
  created: RowEdits[] = [],
  table: RowEdits[] = rows,
): Promise<{ batches: PlannedBatch[]; problems: Problem[] }> {
  const batches: PlannedBatch[] = [];
  const problems: Problem[] = [];
  const attempt = async (row: RowEdits, build: () => Promise<Record<string, unknown> | null> | Record<string, unknown> | null, item: Omit<BatchItem, 'input'>, items: BatchItem[]) => {
    try {
      const input = await build();
      if (input) items.push({ ...item, input });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      problems.push({ rowKey: row.rowKey, row: row.row, column: error.column, message: error.message });
    }
  };
  for (const spec of layout.push?.batches ?? []) {
    const items: BatchItem[] = [];
    if (spec.sends === 'table') {
      for (const row of [...table].sort((a, b) => a.row - b.row)) {
        const edits = row.edits.filter((e) => spec.columns.includes(e.column));
        await attempt(row, () => spec.toInput({ ...row, edits }, context), { rowKey: row.rowKey, row: row.row, columns: spec.columns }, items);
      }
      if (items.length > 0) batches.push({ spec, items, input: spec.tableInput!(items.map((i) => i.input), context) });
      continue;
    }
    for (const row of rows) {
      const edits = row.edits.filter((e) => spec.columns.includes(e.column));
      if (edits.length === 0) continue;
      await attempt(row, () => spec.toInput({ ...row, edits }, context), { rowKey: row.rowKey, row: row.row, columns: edits.map((e) => e.column) }, items);
    }
    const creates = spec.creates;
    if (creates) {
      for (const row of created) {
        await attempt(row, () => creates.toInput(row, context), { rowKey: row.rowKey, row: row.row, columns: row.edits.map((e) => e.column), create: true }, items);
      }
    }
    if (spec.sends === 'row') batches.push(...items.map((item) => ({ spec, items: [item] })));
    else if (items.length > 0) batches.push({ spec, items });
  }
  return { batches, problems };
}

/** What is sent: `{ input: { <list>: [...], idempotencyKey } }`; a 'row' batch's item, or a 'table' batch's input, as it is. */
export function batchVariables(batch: PlannedBatch, idempotencyKey: string): { input: Record<string, unknown> } {
  if (batch.input) return { input: batch.input };
  if (batch.spec.sends === 'row') return { input: batch.items[0]!.input };
  const changes = batch.items.filter((i) => !i.create).map((i) => i.input);
  const creates = batch.items.filter((i) => i.create).map((i) => i.input);
  const createList = batch.spec.creates?.listName;
  if (creates.length === 0 || !createList) return { input: { [batch.spec.listName]: changes, idempotencyKey } };
  if (createList === batch.spec.listName) return { input: { [batch.spec.listName]: [...changes, ...creates], idempotencyKey } };
  return { input: { [batch.spec.listName]: changes, [createList]: creates, idempotencyKey } };
}

/** Same signature, same payload: a retry of it reuses its idempotency key. */
export function batchSignature(batch: PlannedBatch): string {
  return JSON.stringify([batch.spec.field, batch.input ?? batch.items.map((i) => i.input)]);
}

export interface ConflictCell {
  column: string;
  header: string;
  kind: ColumnKind;
  mine: CellValue;
  server: CellValue;
}

/** A row someone changed on the server since the pull: nothing in its batch was written. */
export interface Conflict {
  rowKey: string;
  row: number;
  label: string;
  batch: string;
  /** The server's version now (null: the record no longer exists). */
  version: number | null;
  /** The server's current cells for the row (version column included). */
  serverCells: Row;
  cells: ConflictCell[];
}

/** A pushed row as the server now holds it: `row` is its sheet row at the push; `created` for a new record. */
export interface PushedRow {
  rowKey: string;
  row: number;
  cells: Row;
  created?: boolean;
}

export type BatchOutcome =
  | { status: 'written'; updates: PushedRow[] }
  | { status: 'refused'; conflicts: Conflict[]; problems: Problem[] };

/** Reads a batch payload: written records, or conflicts and refused values on their cells. */
export function readOutcome(layout: DatasetLayout, batch: PlannedBatch, payload: any, current: Row[]): BatchOutcome {
  const userErrors: { field: string[]; message: string; code?: string }[] = payload?.userErrors ?? [];
  const rowOf = (rowKey: string): Row | undefined => {
    const item = batch.items.find((i) => i.rowKey === rowKey);
    return item ? current[item.row] : undefined;
  };
  const conflicts = batch.spec.conflicts ? batch.spec.conflicts(payload, rowOf) : [];
  if (userErrors.length === 0 && conflicts.length === 0) {
    const written = new Map(batch.spec.written(payload, rowOf).map((w) => [w.rowKey, w.cells] as const));
    const createItems = batch.items.filter((i) => i.create);
    const created = createItems.length > 0 && batch.spec.creates ? batch.spec.creates.written(payload, createItems.length) : [];
    // The pushed cells as sent, then as the server now holds them (versions included).
    const updates: PushedRow[] = batch.items.map((item) => {
      const row = current[item.row] ?? {};
      const pushed = Object.fromEntries(item.columns.map((column) => [column, row[column] ?? ''] as const));
      if (item.create) return { rowKey: item.rowKey, row: item.row, cells: { ...pushed, ...(created[createItems.indexOf(item)] ?? {}) }, created: true };
      const after = batch.spec.afterPush?.({ rowKey: item.rowKey, row: item.row, current: row, edits: [] }) ?? {};
      return { rowKey: item.rowKey, row: item.row, cells: { ...pushed, ...after, ...(written.get(item.rowKey) ?? {}) } };
    });
    return { status: 'written', updates };
  }
  const byKey = new Map(batch.items.map((item) => [item.rowKey, item] as const));
  return {
    status: 'refused',
    problems: userErrors.map((error) => problemFor(batch, error)),
    conflicts: conflicts.flatMap((c) => {
      const item = byKey.get(c.rowKey);
      if (!item) return [];
      const row = current[item.row] ?? {};
      return [
        {
          rowKey: item.rowKey,
          row: item.row,
          label: layout.rowLabel(row),
          batch: batch.spec.name,
          version: c.version,
          serverCells: c.cells,
          cells: item.columns.map((column) => {
            const spec = columnOf(layout, column);
            return { column, header: spec.header, kind: kindOf(spec, row), mine: row[column] ?? '', server: c.cells[column] ?? '' };
          }),
        },
      ];
    }),
  };
}

/**
 * A userError's field path (["targets", "2", "value"]) → the sheet cell it is about: the field's
 * column when the batch has one (also a cell left blank, e.g. a date that defaults), else the
 * row's first pushed column.
 */
function problemFor(batch: PlannedBatch, error: { field: string[]; message: string; code?: string }): Problem {
  const path = error.field[0] === 'input' ? error.field.slice(1) : error.field;
  if (batch.spec.sends === 'row') {
    // One record's mutation: its fields are the row's.
    const item = batch.items[0]!;
    const field = path[0];
    return { rowKey: item.rowKey, row: item.row, column: field && item.columns.includes(field) ? field : item.columns[0]!, message: error.message };
  }
  const createList = batch.spec.creates?.listName;
  const list = path[0] === batch.spec.listName ? batch.items : path[0] === createList ? batch.items.filter((i) => i.create) : [];
  const index = path[1] !== undefined ? Number(path[1]) : NaN;
  const item = Number.isInteger(index) ? list[index] : undefined;
  if (!item) return { rowKey: '', row: -1, column: '', message: `${batch.spec.name}: ${error.message}` };
  const field = path[2];
  const column = field && (item.columns.includes(field) || batch.spec.columns.includes(field)) ? field : item.columns[0]!;
  return { rowKey: item.rowKey, row: item.row, column, message: batch.spec.refusal?.(error, item) ?? error.message };
}
