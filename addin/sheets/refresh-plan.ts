// What a refresh writes where: each server row onto the sheet row standing for its record (so the
// analyst's own columns, values or formulas, stay with their row whatever the sort or filter),
// new records appended, records the server no longer has removed. Keep mine: unpushed edits,
// added rows and rows with key problems stay as they are. Discard mine: the sheet becomes the
// server's rows, one per record (the analyst's own columns stay on the rows that remain).
import { ROW_KEY_COLUMN, type SheetReading } from './row-match.js';
import { rowKeyOf, type DatasetLayout, type Row } from './types.js';

export interface RefreshPlan {
  /** Per sheet row now: the values to write over it, or null to leave it as it is. */
  rows: (Row | null)[];
  /** Rows to add at the end of the table (records new to the sheet). */
  append: Row[];
  /** Sheet rows to delete, ascending. */
  remove: number[];
  /** The records as pulled, by key (an edit kept keeps the value it was based on, and its version). */
  baseline: Map<string, Row>;
  /** Unpushed edits kept over the new values; edits lost with their record. */
  kept: number;
  lost: number;
  /** Records added to the sheet, removed from it. */
  added: number;
  removed: number;
}

/** A server row as written: its key in the hidden row-key column too. */
export function stampRowKey(layout: DatasetLayout, row: Row): Row {
  return { ...row, [ROW_KEY_COLUMN]: rowKeyOf(layout, row) };
}

export function planRefresh(layout: DatasetLayout, fresh: Row[], current: Row[], reading: SheetReading, keepEdits: boolean): RefreshPlan {
  const plan: RefreshPlan = { rows: current.map(() => null), append: [], remove: [], baseline: new Map(), kept: 0, lost: 0, added: 0, removed: 0 };
  const versionOf = new Map(layout.table.columns.map((c) => [c.key, c.versionColumn] as const));
  const keyColumns = new Set(layout.keyColumns);
  const editsOf = new Map<string, SheetReading['edits']>();
  for (const edit of reading.edits) editsOf.set(edit.rowKey, [...(editsOf.get(edit.rowKey) ?? []), edit]);
  const overwrittenKey = new Set(reading.problems.filter((p) => reading.rowOf.get(p.rowKey) === p.row).map((p) => p.rowKey));
  const freshKeys = new Set<string>();
  const removed = new Set<number>();
  // A row a filtered table could not lose, whose record is back: written over, not duplicated.
  const staleAt = new Map(reading.stale.map((i) => [String(current[i]![ROW_KEY_COLUMN] ?? ''), i] as const));

  for (const server of fresh) {
    const row = stampRowKey(layout, server);
    const key = row[ROW_KEY_COLUMN] as string;
    freshKeys.add(key);
    const base = { ...row };
    const at = reading.rowOf.get(key) ?? staleAt.get(key) ?? (keepEdits ? undefined : reading.unresolved.get(key)?.[0]);
    if (at === undefined) {
      if (reading.unresolved.has(key)) {
        // Kept as the analyst left them: the record's rows are still to be told apart.
        plan.baseline.set(key, base);
        continue;
      }
      plan.append.push(row);
      plan.baseline.set(key, base);
      plan.added += 1;
      continue;
    }
    if (keepEdits) {
      const now = current[at]!;
      for (const edit of editsOf.get(key) ?? []) {
        row[edit.column] = edit.after;
        base[edit.column] = edit.before;
        const version = versionOf.get(edit.column);
        if (version) {
          row[version] = now[version] ?? '';
          base[version] = now[version] ?? '';
        }
        plan.kept += 1;
      }
      // An overwritten key stays as typed, still listed as a problem, until the analyst fixes it.
      if (overwrittenKey.has(key)) for (const column of keyColumns) row[column] = now[column] ?? '';
    }
    plan.rows[at] = row;
    plan.baseline.set(key, base);
  }

  for (const [key, at] of reading.rowOf) {
    if (freshKeys.has(key)) continue;
    removed.add(at);
    plan.lost += editsOf.get(key)?.length ?? 0;
    plan.removed += 1;
  }
  for (const [key, at] of staleAt) {
    if (freshKeys.has(key)) continue;
    removed.add(at);
    plan.removed += 1;
  }
  if (!keepEdits) {
    // The analyst's rows go: added rows, copies, and the extra rows of a record on several rows.
    const standing = new Set(reading.rowOf.values());
    for (const [key, rows] of reading.unresolved) {
      const keep = freshKeys.has(key) ? rows[0] : undefined;
      for (const at of rows) if (at !== keep) removed.add(at);
      if (keep !== undefined) standing.add(keep);
    }
    for (const row of reading.newRows) removed.add(row.row);
    for (const problem of [...reading.problems, ...reading.notes]) {
      if (problem.row >= 0 && !standing.has(problem.row) && !reading.stale.includes(problem.row)) removed.add(problem.row);
    }
  }
  plan.remove = [...removed].sort((a, b) => a - b);
  for (const at of plan.remove) plan.rows[at] = null;
  return plan;
}
