// Which cells the pane marks, and which marks changed since the last scan: only those are sent
// to the sheet. Conflict beats invalid beats pending; cells no longer in any list are cleared.
import type { CellMark, MarkedCell } from '../office/contract.js';
import type { Conflict } from '../sheets/push.js';
import { conflictNote } from './messages.js';
import type { ListedProblem, PendingEdit } from './state.js';

/** Mark (and note) by cell id. */
export type CellMarks = Map<string, { mark: CellMark; note?: string }>;

const cellId = (rowKey: string, column: string) => `${rowKey}\u0000${column}`;
const cellOf = (id: string) => id.split('\u0000') as [rowKey: string, column: string];

export function wantedMarks(lists: { edits: PendingEdit[]; problems: ListedProblem[]; conflicts: Conflict[] }): CellMarks {
  const wanted: CellMarks = new Map();
  for (const edit of lists.edits) wanted.set(cellId(edit.rowKey, edit.column), { mark: 'pending' });
  for (const problem of lists.problems) if (problem.column) wanted.set(cellId(problem.rowKey, problem.column), { mark: 'invalid', note: problem.message });
  for (const conflict of lists.conflicts) {
    for (const cell of conflict.cells) wanted.set(cellId(conflict.rowKey, cell.column), { mark: 'conflict', note: conflictNote(cell, conflict.version) });
  }
  return wanted;
}

/**
 * The cells to send (new or changed marks, and 'none' for marks dropped), and the marks on the
 * sheet afterwards. rowIndex: the sheet row of each row key now; rows not in the sheet are skipped.
 */
export function markChanges(onSheet: CellMarks, wanted: CellMarks, rowIndex: ReadonlyMap<string, number>): { cells: MarkedCell[]; next: CellMarks } {
  const cells: MarkedCell[] = [];
  const next: CellMarks = new Map();
  for (const [id, want] of wanted) {
    const [rowKey, column] = cellOf(id);
    const row = rowIndex.get(rowKey);
    if (row === undefined) continue;
    next.set(id, want);
    const had = onSheet.get(id);
    if (!had || had.mark !== want.mark || had.note !== want.note) cells.push({ row, column, mark: want.mark, ...(want.note ? { note: want.note } : {}) });
  }
  for (const id of onSheet.keys()) {
    if (next.has(id)) continue;
    const [rowKey, column] = cellOf(id);
    const row = rowIndex.get(rowKey);
    if (row !== undefined) cells.push({ row, column, mark: 'none' });
  }
  return { cells, next };
}
