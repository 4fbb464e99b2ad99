// Table value filters (Filter, ExcelApi 1.2; AutoFilter, 1.9) and the user's filter: which body
// rows hide, and the error Excel gives when rows of a filtered table would be deleted.
import { FakeOfficeError } from './errors.js';
import type { SheetModel, TableModel } from './model.js';
import { requireEditable } from './protection.js';

/**
 * Filter.applyValuesFilter (https://learn.microsoft.com/en-us/javascript/api/excel/excel.filter#excel-excel-filter-applyvaluesfilter-member(1)):
 * rows whose cell in the column shows none of `values` (compared with the displayed text, case
 * ignored, as Excel's filter list shows values) are hidden. The user's filter is the same act.
 */
export function applyValuesFilter(table: TableModel, offset: number, values: unknown[]): void {
  requireEditable(table.sheet, table.rangeRect(), 'filter');
  if (!Array.isArray(values)) throw new FakeOfficeError('InvalidArgument', 'applyValuesFilter takes an array of values.');
  table.filters.set(offset, values.map((v) => String(v).toLowerCase()));
  reapplyFilters(table);
}

/** Filter.clear (offset given) or Table.clearFilters / AutoFilter.clearCriteria (all): every row shows again. */
export function clearFilters(table: TableModel, offset?: number): void {
  if (offset === undefined) table.filters.clear();
  else table.filters.delete(offset);
  reapplyFilters(table);
}

/**
 * Table.reapplyFilters / AutoFilter.reapply: hides again the rows that do not match, including
 * rows added since the filter was applied (Excel leaves those visible until then).
 */
export function reapplyFilters(table: TableModel): void {
  if (!table.isFiltered) {
    table.hidden = [];
    return;
  }
  table.hidden = Array.from({ length: table.rowCount }, (_, i) => {
    for (const [offset, texts] of table.filters) {
      const text = table.sheet.workbook.textAt(table.sheet, table.bodyRow + i, table.column + offset).toLowerCase();
      if (!texts.includes(text)) return true;
    }
    return false;
  });
}

/** Whether a filter hides the sheet row (Range.rowHidden). */
export function rowHidden(sheet: SheetModel, row: number): boolean {
  return sheet.workbook.tablesOn(sheet).some((t) => row >= t.bodyRow && row <= t.lastRow && t.hidden[row - t.bodyRow] === true);
}

/**
 * Excel refuses to delete rows of a filtered table: InsertDeleteConflict, "The insert or delete
 * operation attempted resulted in a conflict" (https://learn.microsoft.com/en-us/javascript/api/excel/excel.errorcodes).
 */
export function filteredConflict(table: TableModel): FakeOfficeError {
  return new FakeOfficeError(
    'InsertDeleteConflict',
    `The insert or delete operation attempted resulted in a conflict: table ${table.name} is filtered, and rows of a filtered table cannot be deleted. Clear the filter first.`,
  );
}
