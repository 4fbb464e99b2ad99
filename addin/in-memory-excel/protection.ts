// Worksheet protection (ExcelApi 1.2, https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheetprotection):
// while a sheet is protected, locked cells (every cell unless format.protection.locked was set to
// false, https://learn.microsoft.com/en-us/javascript/api/excel/excel.formatprotection) refuse
// changes with AccessDenied; the options Excel.WorksheetProtectionOptions lists allow some kinds.
import { isWholeColumns, isWholeRows, type Rect } from './a1.js';
import { FakeOfficeError } from './errors.js';
import type { SheetModel } from './model.js';

export interface SheetProtection {
  password?: string;
  options: ProtectionOptions;
}

/** Excel.WorksheetProtectionOptions (each false unless given). */
export interface ProtectionOptions {
  allowAutoFilter?: boolean;
  allowDeleteColumns?: boolean;
  allowDeleteRows?: boolean;
  allowEditObjects?: boolean;
  allowEditScenarios?: boolean;
  allowFormatCells?: boolean;
  allowFormatColumns?: boolean;
  allowFormatRows?: boolean;
  allowInsertColumns?: boolean;
  allowInsertHyperlinks?: boolean;
  allowInsertRows?: boolean;
  allowPivotTables?: boolean;
  allowSort?: boolean;
  selectionMode?: string;
}

/** What a change does to the cells it touches, which decides which protection option allows it. */
export type EditKind = 'contents' | 'format' | 'lock' | 'columns' | 'insert' | 'delete' | 'table' | 'sort' | 'filter' | 'notes';

// Excel's own text for a refused edit on a protected sheet.
const PROTECTED_MESSAGE =
  "The cell or chart you're trying to change is on a protected sheet. To make a change, unprotect the sheet. You might be requested to enter a password.";

function anyLocked(sheet: SheetModel, rect: Rect): boolean {
  // Cells never written are locked (Excel's default); the fake keeps the lock per written cell, so
  // whole rows or columns always count as locked.
  if (isWholeRows(rect) || isWholeColumns(rect)) return true;
  for (let r = rect.row; r < rect.row + rect.rowCount; r++) {
    for (let c = rect.column; c < rect.column + rect.columnCount; c++) {
      if (sheet.get(r, c)?.unlocked !== true) return true;
    }
  }
  return false;
}

/** Throws AccessDenied when the sheet's protection forbids this change to `rect`. */
export function requireEditable(sheet: SheetModel, rect: Rect, kind: EditKind): void {
  const protection = sheet.protection;
  if (!protection) return;
  const o = protection.options;
  const allowed =
    kind === 'contents' || kind === 'notes'
      ? kind === 'notes' ? o.allowEditObjects === true && !anyLocked(sheet, rect) : !anyLocked(sheet, rect)
      : kind === 'format'
        ? o.allowFormatCells === true || !anyLocked(sheet, rect)
        : kind === 'columns'
          ? o.allowFormatColumns === true
          : kind === 'insert'
            ? o.allowInsertRows === true && isWholeRows(rect)
            : kind === 'delete'
              ? o.allowDeleteRows === true && isWholeRows(rect) && !anyLocked(sheet, rect)
              : kind === 'sort'
                ? o.allowSort === true && !anyLocked(sheet, rect)
                : kind === 'filter'
                  ? o.allowAutoFilter === true
                  : false; // 'lock' and 'table': never on a protected sheet
  if (!allowed) throw new FakeOfficeError('AccessDenied', PROTECTED_MESSAGE);
}
