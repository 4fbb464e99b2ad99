// Merged cells (Range.merge / unmerge, ExcelApi 1.2): an area shows its top-left cell, and only
// that cell takes content.
import { formatRect, intersects, isWholeColumns, isWholeRows, type Rect } from './a1.js';
import { FakeOfficeError } from './errors.js';
import type { InputValue, SheetModel } from './model.js';
import { requireEditable } from './protection.js';

/**
 * Range.merge (ExcelApi 1.2, https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-merge-member(1)):
 * one area, or one per row when `across`; the top-left cell keeps its value and the others are
 * emptied, as Excel keeps "only the upper-left value". Cells of a table cannot be merged.
 */
export function mergeRange(sheet: SheetModel, rect: Rect, across: boolean): void {
  if (isWholeRows(rect) || isWholeColumns(rect)) throw new FakeOfficeError('NotImplemented', 'The fake merges bounded ranges only.');
  requireEditable(sheet, rect, 'format');
  if (sheet.workbook.tablesOn(sheet).some((t) => intersects(t.rangeRect(), rect))) {
    throw new FakeOfficeError('InvalidOperation', "Cells in a table can't be merged.");
  }
  const areas = across ? Array.from({ length: rect.rowCount }, (_, i) => ({ ...rect, row: rect.row + i, rowCount: 1 })) : [rect];
  unmergeRange(sheet, rect);
  for (const area of areas) {
    if (area.rowCount * area.columnCount < 2) continue;
    for (let r = area.row; r < area.row + area.rowCount; r++) {
      for (let c = area.column; c < area.column + area.columnCount; c++) {
        const cell = sheet.get(r, c);
        if ((r !== area.row || c !== area.column) && cell) {
          cell.value = '';
          delete cell.formula;
        }
      }
    }
    sheet.merged.push(area);
  }
}

/** Range.unmerge: every merged area the range touches is split again. */
export function unmergeRange(sheet: SheetModel, rect: Rect): void {
  for (const area of [...sheet.merged]) if (intersects(area, rect)) sheet.merged.splice(sheet.merged.indexOf(area), 1);
}

/** Excel writes a merged area's content into its top-left cell only; writing into another of its cells is refused. */
export function requireMergeTopLeft(sheet: SheetModel, rect: Rect, at: (i: number, j: number) => InputValue): void {
  for (const area of sheet.merged) {
    if (!intersects(area, rect)) continue;
    for (let r = Math.max(area.row, rect.row); r < Math.min(area.row + area.rowCount, rect.row + rect.rowCount); r++) {
      for (let c = Math.max(area.column, rect.column); c < Math.min(area.column + area.columnCount, rect.column + rect.columnCount); c++) {
        if (r === area.row && c === area.column) continue;
        const v = at(r - rect.row, c - rect.column);
        if (v !== null && v !== undefined && v !== '') {
          throw new FakeOfficeError('InvalidOperation', `We can't do that to a merged cell: ${formatRect({ row: r, column: c, rowCount: 1, columnCount: 1 })} is inside the merged area ${formatRect(area)}; write to its top-left cell.`);
        }
      }
    }
  }
}
