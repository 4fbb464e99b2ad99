/// <reference types="office-js" />
// Colouring cells after a push: conflicts red, invalid orange, pending blue, and 'none' back to
// the column's normal look. Notes (ExcelApi 1.18) explain a mark where the host has them.

import type { MarkedCell, TableLayout } from './contract.js';
import { cellAddress } from './addresses.js';
import { MARK_FILLS, applyColumnColours } from './column-styles.js';
import { OfficeLayerError } from './errors.js';
import { EXCEL_API_FLOOR, EXCEL_API_NOTES, isExcelApiSupported, requireExcelApi } from './requirements.js';
import { findTableOrThrow, loadTableGeometry, requireLayoutOffsets, validateLayout } from './table-geometry.js';

/** Our notes start with this, so clearing a mark never deletes a note the user wrote. */
export const NOTE_PREFIX = 'Ledgerline: ';
const CELLS_PER_SYNC = 1_000;

export async function markCells(layout: TableLayout, cells: readonly MarkedCell[]): Promise<void> {
  validateLayout(layout);
  requireExcelApi(EXCEL_API_FLOOR, 'Marking cells');
  if (cells.length === 0) return;
  const withNotes = isExcelApiSupported(EXCEL_API_NOTES);
  await Excel.run(async (context) => {
    const table = await findTableOrThrow(context, layout.tableName);
    const geometry = await loadTableGeometry(table, () => context.sync());
    const offsets = requireLayoutOffsets(layout, geometry);
    const columnIndex = new Map(layout.columns.map((c, i) => [c.key, i]));
    const targets = cells.map((cell) => {
      const index = columnIndex.get(cell.column);
      if (index === undefined) throw new OfficeLayerError('ColumnNotFound', `Layout ${layout.tableName} has no column "${cell.column}".`);
      if (!Number.isInteger(cell.row) || cell.row < 0 || cell.row >= geometry.bodyRowCount) {
        throw new OfficeLayerError('RowOutOfRange', `Row ${cell.row} is outside table ${layout.tableName} (${geometry.bodyRowCount} rows).`);
      }
      const row = geometry.headerRow + 1 + cell.row;
      const column = geometry.firstColumn + offsets[index]!;
      return { cell, spec: layout.columns[index]!, row, column };
    });

    for (let start = 0; start < targets.length; start += CELLS_PER_SYNC) {
      const batch = targets.slice(start, start + CELLS_PER_SYNC);
      const notes = withNotes
        ? batch.map(({ cell, row, column }) => {
            if (cell.mark !== 'none' && cell.note === undefined) return undefined;
            const note = geometry.sheet.notes.getItemOrNullObject(cellAddress(row, column));
            note.load('content');
            return note;
          })
        : [];
      for (const { cell, spec, row, column } of batch) {
        const range = geometry.sheet.getRangeByIndexes(row, column, 1, 1);
        if (cell.mark === 'none') applyColumnColours(range, spec);
        else range.format.fill.color = MARK_FILLS[cell.mark];
      }
      await context.sync();
      if (!withNotes) continue;
      batch.forEach(({ cell, row, column }, i) => {
        const note = notes[i];
        if (!note) return;
        const ours = !note.isNullObject && note.content.startsWith(NOTE_PREFIX);
        if (cell.mark === 'none' || cell.note === undefined) {
          if (ours) note.delete();
        } else if (note.isNullObject) {
          geometry.sheet.notes.add(cellAddress(row, column), NOTE_PREFIX + cell.note);
        } else if (ours) {
          note.content = NOTE_PREFIX + cell.note;
        }
      });
      await context.sync();
    }
  });
}
