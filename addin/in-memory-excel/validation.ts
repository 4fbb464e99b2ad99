// List data validation (Range.dataValidation, ExcelApi 1.8): the items a cell accepts, and what
// Excel does when the user types something else.
import { parseAddress } from './a1.js';
import { FakeOfficeError } from './errors.js';
import type { Scalar, SheetModel } from './model.js';

/** The items of a cell's list validation, or null when it has none. */
export function validationItems(sheet: SheetModel, row: number, column: number): string[] | null {
  const rule = sheet.get(row, column)?.validation;
  if (!rule) return null;
  if (!rule.source.startsWith('=')) return rule.source.split(',').map((s) => s.trim());
  const { rect } = parseAddress(rule.source.slice(1).replace(/\$/g, ''));
  const items: string[] = [];
  for (let r = rect.row; r < rect.row + rect.rowCount; r++) {
    for (let c = rect.column; c < rect.column + rect.columnCount; c++) items.push(sheet.workbook.textAt(sheet, r, c));
  }
  return items;
}

/**
 * What Excel's error alert does when the user types into a validated cell a value the list does
 * not hold (https://learn.microsoft.com/en-us/javascript/api/excel/excel.datavalidationerroralert):
 * a Stop alert (the default) refuses the entry; a Warning or Information alert, or none
 * (showAlert false), lets it in (the fake takes the user as confirming). Blanks are allowed (the
 * rule's "Ignore blank" is on by default).
 */
export function checkTypedEntry(sheet: SheetModel, row: number, column: number, value: Scalar): void {
  const items = validationItems(sheet, row, column);
  if (items === null || value === '') return;
  const typed = String(value).trim().toLowerCase();
  if (items.some((item) => item.toLowerCase() === typed)) return;
  const alert = sheet.get(row, column)?.validationAlert;
  if (alert && (!alert.showAlert || alert.style !== 'Stop')) return;
  throw new FakeOfficeError('InvalidArgument', alert?.message || "This value doesn't match the data validation restrictions defined for this cell.");
}
