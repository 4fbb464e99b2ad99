// The baseline of a table pulled before the pane was (re)opened, whose pulled values went with
// the old pane: what each record's row was pulled as, so that edits made back then are seen.
import { identityOf, ROW_KEY_COLUMN } from './row-match.js';
import { rowKeyOf, type DatasetLayout, type Row } from './types.js';

/**
 * An editable cell was pulled as the server holds it now when the version it is based on is
 * still the one in the sheet (the server has not changed it since), or when the column has no
 * version. Where the version moved on, the sheet's value is taken as pulled: an edit there cannot
 * be told from the server's change, so none is assumed. A row whose record the server no longer
 * has was pulled as it stands (a refresh removes it). Rows without a row key naming a record
 * are the analyst's own (new rows), not part of the baseline.
 */
export function adoptBaseline(layout: DatasetLayout, fresh: Row[], current: Row[]): Map<string, Row> {
  const editable = layout.table.columns.filter((c) => c.editable);
  const server = new Map(fresh.map((row) => [rowKeyOf(layout, row), row] as const));
  const baseline = new Map<string, Row>();
  for (const row of current) {
    const identity = identityOf(layout, row);
    if (identity === '' || baseline.has(identity)) continue;
    const now = server.get(identity);
    const pulledBefore = String(row[ROW_KEY_COLUMN] ?? '').trim() !== '';
    if (!now && !pulledBefore) continue;
    if (!now) {
      baseline.set(identity, { ...row });
      continue;
    }
    // The server's record, except what its edits are based on: the sheet's version, and the
    // sheet's value where that version has moved on.
    const base: Row = { ...now, [ROW_KEY_COLUMN]: identity };
    for (const column of editable) {
      const version = column.versionColumn;
      if (version === undefined) continue;
      base[version] = row[version] ?? '';
      if (String(now[version] ?? '') !== String(row[version] ?? '')) base[column.key] = row[column.key] ?? '';
    }
    baseline.set(identity, base);
  }
  return baseline;
}
