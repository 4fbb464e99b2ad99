/// <reference types="office-js" />
// Reading back the layout's columns (found by header) so edits can be found by diffing against
// what was pulled: Excel's change events carry no details for pastes and multi-cell deletes.

import type { CellValue, TableLayout } from './contract.js';
import { EXCEL_API_FLOOR, requireExcelApi } from './requirements.js';
import { findTableOrThrow, loadTableGeometry, requireLayoutOffsets, validateLayout } from './table-geometry.js';

export interface ReadOptions {
  /** Cells loaded per sync, so a large table stays under the response cap (default 50,000). */
  maxCellsPerSync?: number;
}

/** Data rows of the layout's columns, in layout column order; [] for a table whose one row is blank. */
export async function readTable(layout: TableLayout, options: ReadOptions = {}): Promise<CellValue[][]> {
  validateLayout(layout);
  requireExcelApi(EXCEL_API_FLOOR, 'Reading a table');
  const maxCells = options.maxCellsPerSync ?? 50_000;
  return Excel.run(async (context) => {
    const table = await findTableOrThrow(context, layout.tableName);
    const geometry = await loadTableGeometry(table, () => context.sync());
    const offsets = requireLayoutOffsets(layout, geometry);
    const first = Math.min(...offsets);
    const span = Math.max(...offsets) - first + 1;
    const rowsPerSync = Math.max(1, Math.floor(maxCells / span));
    const rows: CellValue[][] = [];
    for (let start = 0; start < geometry.bodyRowCount; start += rowsPerSync) {
      const count = Math.min(rowsPerSync, geometry.bodyRowCount - start);
      const range = geometry.sheet.getRangeByIndexes(geometry.headerRow + 1 + start, geometry.firstColumn + first, count, span);
      range.load('values');
      await context.sync();
      for (const row of range.values as CellValue[][]) rows.push(offsets.map((offset) => row[offset - first]!));
    }
    const onlyBlankRow = rows.length === 1 && rows[0]!.every((v) => v === '');
    return onlyBlankRow ? [] : rows;
  });
}
