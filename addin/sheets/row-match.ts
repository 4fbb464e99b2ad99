// Which sheet row stands for which pulled record, never by position: the analyst sorts, filters,
// inserts, copies and deletes rows. Each row carries its record's key twice — in the visible key
// columns (Project, KPI/period/entity…) and in a hidden "Row key" column written by every pull —
// so an overwritten key, a copied row and a typed new row can be told apart:
//
// - the one row whose hidden key names a pulled record is that record (if its visible key was
//   overwritten, its edits stay pending on the true key and the overwrite is a problem);
// - of several rows naming one record (a copy, hidden column included), the one whose read-only
//   cells are as pulled is the record and the others are new rows; when that cannot be told, all
//   of them are problems ("duplicate"), never pushed and never dropped;
// - a row naming no pulled record is new: a create where the dataset creates records, otherwise
//   listed as not pushed;
// - a pulled record with no row was removed from the sheet, not deleted on the server.
import type { CellValue } from '../office/contract.js';
import { isBlank, kindOf, sameCell } from './cells.js';
import { rowKeyOf, type AddinColumn, type CreateSpec, type DatasetLayout, type Edit, type Problem, type Row } from './types.js';

/** The hidden column holding the key of the record a row was pulled as. */
export const ROW_KEY_COLUMN = '_rowKey';
export const ROW_KEY_HEADER = 'Row key';

export const rowKeyColumn: AddinColumn = { key: ROW_KEY_COLUMN, header: ROW_KEY_HEADER, kind: 'text', hidden: true };

/** A row the analyst added, to be created: `rowKey` is its typed key, or `#<row>` when the server assigns keys. */
export interface NewRow {
  rowKey: string;
  row: number;
}

export interface SheetReading {
  /** Sheet row of each pulled record that has one. */
  rowOf: Map<string, number>;
  /** Every sheet row's key in lists and marks (`#<row>` for a row without a usable key of its own). */
  keyOfRow: string[];
  /** Changed cells of editable columns on rows that stand for pulled records. */
  edits: Edit[];
  /** Rows to create (their values not checked yet). */
  newRows: NewRow[];
  /** Rows that cannot be pushed until fixed: duplicate, overwritten or missing keys. Block the push. */
  problems: Problem[];
  /** What will not be pushed, said once: read-only edits, rows this dataset does not create, removed rows (row -1). */
  notes: Problem[];
  /** Records claimed by several rows that cannot be told apart: record key → sheet rows. */
  unresolved: Map<string, number[]>;
  /** Rows of records the server no longer has, left in place (a filtered table cannot lose rows). */
  stale: number[];
}

export function createSpecOf(layout: DatasetLayout): CreateSpec | undefined {
  return layout.push?.batches.find((b) => b.creates)?.creates;
}

/** The visible (or, for server-assigned keys, hidden) key of a row as typed. */
const typedKey = (layout: DatasetLayout, row: Row) => rowKeyOf(layout, row);

/** The record a row says it was pulled as: its hidden row key, else its typed key. */
export function identityOf(layout: DatasetLayout, row: Row): string {
  const hidden = String(row[ROW_KEY_COLUMN] ?? '').trim();
  return hidden !== '' ? hidden : typedKey(layout, row);
}

function visibleKeyColumns(layout: DatasetLayout): AddinColumn[] {
  return layout.table.columns.filter((c) => layout.keyColumns.includes(c.key) && !c.hidden);
}

/** Read-only visible columns (keys apart): an edit there is not pushed. */
function readOnlyColumns(layout: DatasetLayout): AddinColumn[] {
  return layout.table.columns.filter((c) => !c.editable && !c.hidden && !layout.keyColumns.includes(c.key) && c.key !== ROW_KEY_COLUMN);
}

function differs(column: AddinColumn, before: Row, after: Row): boolean {
  return !sameCell(before[column.key], after[column.key], kindOf(column, after));
}

const isBlankRow = (layout: DatasetLayout, row: Row) => layout.table.columns.every((c) => c.hidden || isBlank(row[c.key]));

const sheetRowNumber = (index: number) => index + 1;

/**
 * How the sheet stands against the records pulled. `gone`: records a refresh could not remove
 * (the table was filtered); their rows are listed as stale, not as new rows.
 */
export function readSheet(layout: DatasetLayout, baseline: ReadonlyMap<string, Row>, current: Row[], gone: ReadonlySet<string> = new Set()): SheetReading {
  const editable = layout.table.columns.filter((c) => c.editable);
  const readOnly = readOnlyColumns(layout);
  const keyColumns = visibleKeyColumns(layout);
  const keyColumn = keyColumns[0]?.key ?? layout.table.columns.find((c) => !c.hidden)!.key;
  const keyHeaders = keyColumns.map((c) => c.header).join(' / ') || 'key';
  const reading: SheetReading = { rowOf: new Map(), keyOfRow: current.map((_, i) => `#${i}`), edits: [], newRows: [], problems: [], notes: [], unresolved: new Map(), stale: [] };

  const claims = new Map<string, number[]>();
  const others: number[] = [];
  current.forEach((row, i) => {
    const identity = identityOf(layout, row);
    if (identity !== '' && baseline.has(identity)) claims.set(identity, [...(claims.get(identity) ?? []), i]);
    else if (identity !== '' && gone.has(identity)) {
      reading.stale.push(i);
      reading.keyOfRow[i] = identity;
      reading.notes.push({ rowKey: identity, row: i, column: keyColumn, message: `${layout.rowLabel(row)} is no longer in the results; the table is filtered, so its row could not be removed. Clear the filter and refresh.` });
    } else others.push(i);
  });

  for (const [identity, rows] of claims) {
    const base = baseline.get(identity)!;
    let record: number | undefined;
    if (rows.length === 1) record = rows[0];
    else {
      const sameKey = rows.filter((i) => typedKey(layout, current[i]!) === identity);
      const asPulled = sameKey.filter((i) => !readOnly.some((c) => differs(c, base, current[i]!)));
      if (asPulled.length === 1) record = asPulled[0];
      else if (sameKey.length === 1) record = sameKey[0];
    }
    if (record === undefined) {
      reading.unresolved.set(identity, rows);
      const where = rows.map(sheetRowNumber).join(', ');
      for (const i of rows) {
        reading.problems.push({
          rowKey: `#${i}`,
          row: i,
          column: keyColumn,
          message: `${layout.rowLabel(current[i]!)} is on ${rows.length} rows (table rows ${where}), which cannot be told apart: delete the copies, or give each new row its own ${keyHeaders}. None of them is pushed.`,
        });
      }
      continue;
    }
    for (const i of rows) if (i !== record) others.push(i);
    const row = current[record]!;
    reading.rowOf.set(identity, record);
    reading.keyOfRow[record] = identity;
    const typed = typedKey(layout, row);
    if (typed !== identity) {
      const changed = keyColumns.find((c) => differs(c, base, row)) ?? keyColumns[0];
      reading.problems.push({
        rowKey: identity,
        row: record,
        column: changed?.key ?? keyColumn,
        message: `This row is ${layout.rowLabel(base)}; its ${changed?.header ?? keyHeaders} was overwritten with “${cellText(changed ? row[changed.key] : typed)}”. A key cannot be changed from the sheet: type ${cellText(changed ? base[changed.key] : identity)} back (its other changes stay pending), or add a new row for a new record.`,
      });
    }
    for (const column of editable) {
      if (differs(column, base, row)) reading.edits.push({ rowKey: identity, row: record, column: column.key, before: base[column.key] ?? '', after: row[column.key] ?? '' });
    }
    for (const column of readOnly) {
      if (differs(column, base, row)) {
        reading.notes.push({ rowKey: identity, row: record, column: column.key, message: `${column.header} is read-only here: this change won’t be pushed, and a refresh puts the server’s value back.` });
      }
    }
  }

  const creates = createSpecOf(layout);
  const serverKeys = keyColumns.length === 0;
  others.sort((a, b) => a - b);
  const typedCount = new Map<string, number>();
  for (const i of others) {
    const key = typedKey(layout, current[i]!);
    typedCount.set(key, (typedCount.get(key) ?? 0) + 1);
  }
  for (const i of others) {
    const row = current[i]!;
    if (isBlankRow(layout, row)) continue;
    if (!creates) {
      reading.notes.push({ rowKey: `#${i}`, row: i, column: keyColumn, message: 'A row added to the table: not pushed — this dataset does not create rows. It stays in the sheet until you delete it.' });
      continue;
    }
    if (serverKeys) {
      reading.newRows.push({ rowKey: `#${i}`, row: i });
      continue;
    }
    const key = typedKey(layout, row);
    const blankKey = keyColumns.find((c) => isBlank(row[c.key]));
    if (blankKey) {
      reading.problems.push({ rowKey: `#${i}`, row: i, column: blankKey.key, message: `A new row needs its ${blankKey.header}: enter one, or delete the row.` });
    } else if (baseline.has(key) || (typedCount.get(key) ?? 0) > 1) {
      reading.problems.push({
        rowKey: `#${i}`,
        row: i,
        column: keyColumn,
        message: `${key.replaceAll('|', ' ').trim()} is already in the table. A copied row is a new record: give it its own ${keyHeaders}, or delete it. Not pushed.`,
      });
    } else {
      reading.keyOfRow[i] = key;
      reading.newRows.push({ rowKey: key, row: i });
    }
  }

  for (const [identity, base] of baseline) {
    if (reading.rowOf.has(identity) || claims.has(identity)) continue;
    reading.notes.push({ rowKey: identity, row: -1, column: '', message: `${layout.rowLabel(base)} was removed from the sheet; it is not deleted on the server and comes back with the next refresh.` });
  }
  return reading;
}

function cellText(value: CellValue | undefined): string {
  return String(value ?? '').trim();
}

/** Rows as pulled → the baseline readSheet reads against (by record key). */
export function baselineOf(layout: DatasetLayout, rows: Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [rowKeyOf(layout, row), row] as const));
}
