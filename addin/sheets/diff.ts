// Edits are found by comparing the sheet now with the values pulled, cell by cell in the
// editable columns, matching rows by their key (so sorting the table, typing, pasting and
// filling down all count, whatever events Excel sent).
import { kindOf, sameCell } from './cells.js';
import { rowKeyOf, type DatasetLayout, type Edit, type Row } from './types.js';

export function diffEdits(pulled: Row[], current: Row[], layout: DatasetLayout): Edit[] {
  const editable = layout.table.columns.filter((c) => c.editable);
  if (editable.length === 0) return [];
  const baseline = new Map<string, Row>();
  for (const row of pulled) baseline.set(rowKeyOf(layout, row), row);
  const edits: Edit[] = [];
  current.forEach((row, index) => {
    const rowKey = rowKeyOf(layout, row);
    const before = baseline.get(rowKey);
    if (!before) return; // a row the user added, or whose key was overwritten: not ours to push
    for (const column of editable) {
      if (!sameCell(before[column.key], row[column.key], kindOf(column, row))) {
        edits.push({ rowKey, row: index, column: column.key, before: before[column.key] ?? '', after: row[column.key] ?? '' });
      }
    }
  });
  return edits;
}

/**
 * A refresh that keeps the user's unpushed edits: the new rows with the edited cells put back.
 * An edited row keeps the version its edits were based on (in the sheet and in the baseline),
 * so a push still meets a conflict if the server changed that row meanwhile.
 */
export function overlayEdits(layout: DatasetLayout, fresh: Row[], current: Row[], edits: Edit[]): { sheet: Row[]; baseline: Row[]; kept: number; lost: number } {
  const byKey = new Map<string, Edit[]>();
  for (const edit of edits) byKey.set(edit.rowKey, [...(byKey.get(edit.rowKey) ?? []), edit]);
  const currentByKey = new Map(current.map((row) => [rowKeyOf(layout, row), row] as const));
  const versionOf = new Map(layout.table.columns.map((c) => [c.key, c.versionColumn] as const));
  const sheet: Row[] = [];
  const baseline: Row[] = [];
  let kept = 0;
  const seen = new Set<string>();
  for (const row of fresh) {
    const key = rowKeyOf(layout, row);
    const rowEdits = byKey.get(key);
    if (!rowEdits) {
      sheet.push(row);
      baseline.push(row);
      continue;
    }
    seen.add(key);
    const now = currentByKey.get(key) ?? {};
    const sheetRow = { ...row };
    const baseRow = { ...row };
    for (const edit of rowEdits) {
      sheetRow[edit.column] = edit.after;
      baseRow[edit.column] = edit.before;
      const versionColumn = versionOf.get(edit.column);
      if (versionColumn) {
        sheetRow[versionColumn] = now[versionColumn] ?? '';
        baseRow[versionColumn] = now[versionColumn] ?? '';
      }
      kept += 1;
    }
    sheet.push(sheetRow);
    baseline.push(baseRow);
  }
  const lost = edits.filter((e) => !seen.has(e.rowKey)).length;
  return { sheet, baseline, kept, lost };
}

/**
 * The baseline of a table pulled before the pane was (re)opened, whose pulled values went with
 * the old pane. An editable cell was pulled as the server holds it now when the version it is
 * based on is still the one in the sheet (the server has not changed it since), or when the
 * column has no version. Where the version moved on, or the server no longer has the row, the
 * sheet's value is taken as pulled: an edit there cannot be told from the server's change, so
 * none is assumed.
 */
export function adoptBaseline(layout: DatasetLayout, fresh: Row[], current: Row[]): Row[] {
  const editable = layout.table.columns.filter((c) => c.editable);
  const server = new Map(fresh.map((row) => [rowKeyOf(layout, row), row] as const));
  return current.map((row) => {
    const now = server.get(rowKeyOf(layout, row));
    if (!now) return row;
    const base = { ...row };
    for (const column of editable) {
      const version = column.versionColumn;
      if (version === undefined || String(now[version] ?? '') === String(row[version] ?? '')) base[column.key] = now[column.key] ?? '';
    }
    return base;
  });
}
