// Ranges and their format, fill and font: values, formulas (A1 and R1C1), number formats, colours,
// column widths, hidden columns and filtered rows, cell locks, list validation, Insert and Delete.
// Whole rows or columns take formats and widths but not contents.
import { MAX_COLUMNS, MAX_ROWS, formatAddress, formatRect, isWholeColumns, isWholeRows, type Rect } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import { rowHidden } from '../filters.js';
import { mergeRange, unmergeRange } from '../merged-cells.js';
import type { SheetModel, ValidationAlert } from '../model.js';
import { requireEditable } from '../protection.js';
import { fromR1C1, toR1C1 } from '../r1c1.js';
import { validationItems } from '../validation.js';
import { FakeClientObject, defineProperties, type PropSpec } from './client-object.js';
import { payloadBytes } from './payload.js';
import { FakeWorksheet } from './worksheet.js';

export function checkedRect(rect: Rect): Rect {
  if (rect.row < 0 || rect.column < 0 || rect.rowCount < 1 || rect.columnCount < 1 || rect.row + rect.rowCount > MAX_ROWS || rect.column + rect.columnCount > MAX_COLUMNS) {
    throw new FakeOfficeError('InvalidArgument', `The range (${rect.row}, ${rect.column}, ${rect.rowCount}×${rect.columnCount}) is outside the grid.`);
  }
  return rect;
}

export interface RangeModel {
  sheet: SheetModel;
  rect: Rect;
}

function eachCell<T>(m: RangeModel, read: (row: number, column: number) => T): T[][] {
  if (isWholeColumns(m.rect) || isWholeRows(m.rect)) {
    throw new FakeOfficeError('NotImplemented', 'The fake does not read cell contents of whole rows or columns; use a bounded range.');
  }
  const out: T[][] = [];
  for (let i = 0; i < m.rect.rowCount; i++) {
    const row: T[] = [];
    for (let j = 0; j < m.rect.columnCount; j++) row.push(read(m.rect.row + i, m.rect.column + j));
    out.push(row);
  }
  return out;
}

function uniform<T>(m: RangeModel, read: (row: number, column: number) => T): T | null {
  const all = eachCell(m, read).flat();
  const first = all[0] as T;
  return all.every((v) => v === first) ? first : null;
}

export class FakeRange extends FakeClientObject<RangeModel> {
  protected readonly _type = 'Range';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return RANGE_SPECS;
  }

  private derived(make: (m: RangeModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._resolve();
      return { sheet: m.sheet, rect: checkedRect(make(m)) };
    }, 'throw');
  }

  getCell(row: number, column: number): FakeRange {
    return this.derived((m) => ({ row: m.rect.row + row, column: m.rect.column + column, rowCount: 1, columnCount: 1 }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + rowOffset, column: m.rect.column + columnOffset }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, rowCount: m.rect.rowCount + deltaRows, columnCount: m.rect.columnCount + deltaColumns }));
  }

  getEntireColumn(): FakeRange {
    return this.derived((m) => ({ row: 0, column: m.rect.column, rowCount: MAX_ROWS, columnCount: m.rect.columnCount }));
  }

  getEntireRow(): FakeRange {
    return this.derived((m) => ({ row: m.rect.row, column: 0, rowCount: m.rect.rowCount, columnCount: MAX_COLUMNS }));
  }

  getRow(index: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + index, rowCount: 1 }));
  }

  getColumn(index: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, column: m.rect.column + index, columnCount: 1 }));
  }

  getLastRow(): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + m.rect.rowCount - 1, rowCount: 1 }));
  }

  getLastColumn(): FakeRange {
    return this.derived((m) => ({ ...m.rect, column: m.rect.column + m.rect.columnCount - 1, columnCount: 1 }));
  }

  getLastCell(): FakeRange {
    return this.derived((m) => ({ row: m.rect.row + m.rect.rowCount - 1, column: m.rect.column + m.rect.columnCount - 1, rowCount: 1, columnCount: 1 }));
  }

  /** Range.insert (ExcelApi 1.1, https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-insert-member(1)): returns the inserted cells. */
  insert(shift: 'Down' | 'Right'): FakeRange {
    const inserted = new FakeRange(this.context, () => undefined, 'lazy');
    this._command((m) => inserted._bind({ sheet: m.sheet, rect: m.sheet.workbook.insertRange(m.sheet, m.rect, shift) }), 0, 'Range.insert');
    return inserted;
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-merge-member(1)
  merge(across = false): void {
    this._command((m) => {
      m.sheet.workbook.requireApi('1.2', 'Range.merge');
      mergeRange(m.sheet, m.rect, across);
    }, payloadBytes(across), 'Range.merge');
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-unmerge-member(1)
  unmerge(): void {
    this._command((m) => {
      m.sheet.workbook.requireApi('1.2', 'Range.unmerge');
      unmergeRange(m.sheet, m.rect);
    }, 0, 'Range.unmerge');
  }

  delete(shift: 'Up' | 'Left'): void {
    this._command((m) => m.sheet.workbook.deleteRange(m.sheet, m.rect, shift), 0, 'Range.delete');
  }

  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this._command((m) => m.sheet.workbook.clearRange(m.sheet, m.rect, applyTo), 0, 'Range.clear');
  }

  select(): void {
    this._command(() => undefined);
  }

  get format(): FakeRangeFormat {
    return this._nested('format', () => new FakeRangeFormat(this.context, () => this._resolve(), 'lazy'));
  }

  get worksheet(): FakeWorksheet {
    return this._nested('worksheet', () => new FakeWorksheet(this.context, () => this._resolve().sheet, 'throw'));
  }

  /** ExcelApi 1.8: https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-datavalidation-member */
  get dataValidation(): FakeDataValidation {
    return this._nested('dataValidation', () => new FakeDataValidation(this.context, () => {
      const m = this._resolve();
      m.sheet.workbook.requireApi('1.8', 'Range.dataValidation');
      return m;
    }, 'lazy'));
  }
}

const RANGE_SPECS: Record<string, PropSpec<RangeModel>> = {
  address: { get: (m) => formatAddress(m.sheet.name, m.rect) },
  addressLocal: { get: (m) => formatAddress(m.sheet.name, m.rect) },
  rowIndex: { get: (m) => m.rect.row },
  columnIndex: { get: (m) => m.rect.column },
  rowCount: { get: (m) => m.rect.rowCount },
  columnCount: { get: (m) => m.rect.columnCount },
  cellCount: { get: (m) => m.rect.rowCount * m.rect.columnCount },
  values: {
    get: (m) => eachCell(m, (r, c) => m.sheet.workbook.valueAt(m.sheet, r, c)),
    set: (m, v) => m.sheet.workbook.writeCells(m.sheet, m.rect, v, 'values', 'api'),
  },
  formulas: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.formula ?? m.sheet.get(r, c)?.value ?? ''),
    set: (m, v) => m.sheet.workbook.writeCells(m.sheet, m.rect, v, 'formulas', 'api'),
  },
  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-formulasr1c1-member
  formulasR1C1: {
    get: (m) => {
      m.sheet.workbook.requireApi('1.2', 'Range.formulasR1C1');
      return eachCell(m, (r, c) => {
        const cell = m.sheet.get(r, c);
        return cell?.formula === undefined ? (cell?.value ?? '') : toR1C1(cell.formula, r, c);
      });
    },
    set: (m, v) => {
      m.sheet.workbook.requireApi('1.2', 'Range.formulasR1C1');
      const { row, column, rowCount, columnCount } = m.rect;
      const single = !Array.isArray(v) || (v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 && (rowCount > 1 || columnCount > 1));
      const at = (i: number, j: number): unknown => (single ? (Array.isArray(v) ? (v[0] as unknown[])[0] : v) : ((v as unknown[][])[i] ?? [])[j]);
      if (!single && ((v as unknown[]).length !== rowCount || (v as unknown[][]).some((r) => !Array.isArray(r) || r.length !== columnCount))) {
        throw new FakeOfficeError('InvalidArgument', "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
      }
      const a1 = Array.from({ length: rowCount }, (_, i) =>
        Array.from({ length: columnCount }, (_, j) => {
          const x = at(i, j);
          return typeof x === 'string' ? fromR1C1(x, row + i, column + j) : x;
        }),
      );
      m.sheet.workbook.writeCells(m.sheet, m.rect, a1, 'formulas', 'api');
    },
  },
  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-rowhidden-member
  // (read here; rows hidden by hand are not modelled, only those a table filter hides).
  rowHidden: {
    get: (m) => {
      m.sheet.workbook.requireApi('1.2', 'Range.rowHidden');
      if (isWholeColumns(m.rect)) throw new FakeOfficeError('NotImplemented', 'The fake reads rowHidden of bounded rows only.');
      let hidden = 0;
      for (let r = m.rect.row; r < m.rect.row + m.rect.rowCount; r++) if (rowHidden(m.sheet, r)) hidden++;
      return hidden === 0 ? false : hidden === m.rect.rowCount ? true : null;
    },
  },
  numberFormat: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.numberFormat ?? 'General'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'numberFormat', v),
  },
  text: { get: (m) => eachCell(m, (r, c) => m.sheet.workbook.textAt(m.sheet, r, c)) },
  valueTypes: {
    get: (m) =>
      eachCell(m, (r, c) => {
        const v = m.sheet.workbook.valueAt(m.sheet, r, c);
        return v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
      }),
  },
  columnHidden: {
    get: (m) => {
      let hidden = 0;
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) if (m.sheet.hiddenColumns.has(c)) hidden++;
      return hidden === 0 ? false : hidden === m.rect.columnCount ? true : null;
    },
    set: (m, v) => {
      requireEditable(m.sheet, m.rect, 'columns');
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) {
        if (v) m.sheet.hiddenColumns.add(c);
        else m.sheet.hiddenColumns.delete(c);
      }
    },
  },
};
defineProperties(FakeRange, Object.keys(RANGE_SPECS));

export class FakeRangeFormat extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFormat';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FORMAT_SPECS;
  }

  get fill(): FakeRangeFill {
    return this._nested('fill', () => new FakeRangeFill(this.context, () => this._resolve(), 'lazy'));
  }

  get font(): FakeRangeFont {
    return this._nested('font', () => new FakeRangeFont(this.context, () => this._resolve(), 'lazy'));
  }

  /** ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.formatprotection */
  get protection(): FakeFormatProtection {
    return this._nested('protection', () => new FakeFormatProtection(this.context, () => {
      const m = this._resolve();
      m.sheet.workbook.requireApi('1.2', 'RangeFormat.protection');
      return m;
    }, 'lazy'));
  }

  autofitColumns(): void {
    this._command((m) => m.sheet.workbook.autofitColumns(m.sheet, m.rect), 0, 'RangeFormat.autofitColumns');
  }

  autofitRows(): void {
    this._command(() => undefined);
  }
}

const FORMAT_SPECS: Record<string, PropSpec<RangeModel>> = {
  columnWidth: {
    get: (m) => {
      const widths = new Set<number>();
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) widths.add(m.sheet.columnWidth(c));
      return widths.size === 1 ? [...widths][0] : null;
    },
    set: (m, v) => {
      requireEditable(m.sheet, m.rect, 'columns');
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) m.sheet.columnWidths.set(c, Number(v));
    },
  },
  rowHeight: { get: () => 15, set: () => undefined },
  horizontalAlignment: { get: () => 'General', set: () => undefined },
  wrapText: { get: () => false, set: () => undefined },
};
defineProperties(FakeRangeFormat, Object.keys(FORMAT_SPECS));

export class FakeRangeFill extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFill';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FILL_SPECS;
  }

  clear(): void {
    this._command((m) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fill', undefined), 0, 'RangeFill.clear');
  }
}

const FILL_SPECS: Record<string, PropSpec<RangeModel>> = {
  color: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.fill ?? '#FFFFFF'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fill', v),
  },
};
defineProperties(FakeRangeFill, Object.keys(FILL_SPECS));

export class FakeRangeFont extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFont';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FONT_SPECS;
  }
}

const FONT_SPECS: Record<string, PropSpec<RangeModel>> = {
  color: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.fontColor ?? '#000000'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fontColor', v),
  },
  bold: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.bold ?? false),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'bold', Boolean(v)),
  },
  italic: { get: () => false, set: () => undefined },
  name: { get: () => 'Calibri', set: () => undefined },
  size: { get: () => 11, set: () => undefined },
};
defineProperties(FakeRangeFont, Object.keys(FONT_SPECS));

export class FakeFormatProtection extends FakeClientObject<RangeModel> {
  protected readonly _type = 'FormatProtection';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FORMAT_PROTECTION_SPECS;
  }
}

const FORMAT_PROTECTION_SPECS: Record<string, PropSpec<RangeModel>> = {
  // Every cell starts locked; locking matters only once the sheet is protected.
  locked: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.unlocked !== true),
    set: (m, v) => {
      requireEditable(m.sheet, m.rect, 'lock');
      eachCell(m, (r, c) => {
        if (v) {
          const cell = m.sheet.get(r, c);
          if (cell) delete cell.unlocked;
        } else m.sheet.ensure(r, c).unlocked = true;
      });
    },
  },
  formulaHidden: { get: () => false, set: () => undefined },
};
defineProperties(FakeFormatProtection, Object.keys(FORMAT_PROTECTION_SPECS));

/**
 * Range.dataValidation (ExcelApi 1.8, https://learn.microsoft.com/en-us/javascript/api/excel/excel.datavalidation):
 * list rules only ({ list: { inCellDropDown, source } }); the API's own writes are not checked
 * against the rule, as in Excel, and neither is a paste; the user's typing is (scripting.setCell).
 */
export class FakeDataValidation extends FakeClientObject<RangeModel> {
  protected readonly _type = 'DataValidation';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return DATA_VALIDATION_SPECS;
  }

  clear(): void {
    this._command((m) => {
      requireEditable(m.sheet, m.rect, 'format');
      eachCell(m, (r, c) => {
        const cell = m.sheet.get(r, c);
        if (!cell) return;
        delete cell.validation;
        delete cell.validationAlert;
      });
    }, 0, 'DataValidation.clear');
  }
}

function listRule(input: unknown): { source: string; inCellDropDown: boolean } {
  const rule = input as { list?: { source?: unknown; inCellDropDown?: unknown } } | null;
  if (!rule || typeof rule !== 'object') throw new FakeOfficeError('InvalidArgument', 'A data validation rule is an object such as { list: { source: "A,B" } }.');
  const other = Object.keys(rule).filter((k) => k !== 'list');
  if (other.length > 0) throw new FakeOfficeError('NotImplemented', `The fake models list validation only, not ${other.join(', ')}.`);
  // The source may be a Range (https://learn.microsoft.com/en-us/javascript/api/excel/excel.listdatavalidation): kept as its =address.
  const given = rule.list?.source;
  const source = given instanceof FakeRange ? `=${formatRect(given._resolve().rect)}` : given;
  if (typeof source !== 'string' || source.trim() === '') throw new FakeOfficeError('InvalidArgument', 'A list validation needs a source.');
  return { source, inCellDropDown: rule.list?.inCellDropDown !== false };
}

// Excel's default error alert: Stop, shown, no title or message of its own.
const DEFAULT_ALERT: ValidationAlert = { showAlert: true, style: 'Stop', title: '', message: '' };

const DATA_VALIDATION_SPECS: Record<string, PropSpec<RangeModel>> = {
  rule: {
    get: (m) => {
      const rule = uniform(m, (r, c) => JSON.stringify(m.sheet.get(r, c)?.validation ?? null));
      // Cells with different rules (or some with none) read as no rule.
      return rule && rule !== 'null' ? { list: JSON.parse(rule) as object } : {};
    },
    set: (m, v) => {
      const rule = listRule(v);
      requireEditable(m.sheet, m.rect, 'format');
      eachCell(m, (r, c) => void (m.sheet.ensure(r, c).validation = { ...rule }));
    },
  },
  // ExcelApi 1.8: https://learn.microsoft.com/en-us/javascript/api/excel/excel.datavalidation#excel-excel-datavalidation-erroralert-member
  errorAlert: {
    get: (m) => {
      const alert = uniform(m, (r, c) => JSON.stringify(m.sheet.get(r, c)?.validationAlert ?? DEFAULT_ALERT));
      return alert === null ? null : (JSON.parse(alert) as object);
    },
    set: (m, v) => {
      const given = (v ?? {}) as Partial<ValidationAlert>;
      if (given.style !== undefined && !['Stop', 'Warning', 'Information'].includes(given.style)) {
        throw new FakeOfficeError('InvalidArgument', `"${String(given.style)}" is not a DataValidationAlertStyle.`);
      }
      requireEditable(m.sheet, m.rect, 'format');
      eachCell(m, (r, c) => {
        const cell = m.sheet.ensure(r, c);
        cell.validationAlert = { ...DEFAULT_ALERT, ...(cell.validationAlert ?? {}), ...given };
      });
    },
  },
  type: {
    get: (m) => {
      const kinds = new Set(eachCell(m, (r, c) => (m.sheet.get(r, c)?.validation ? 'List' : 'None')).flat());
      return kinds.size === 1 ? [...kinds][0] : 'Inconsistent';
    },
  },
  valid: {
    get: (m) =>
      eachCell(m, (r, c) => {
        const items = validationItems(m.sheet, r, c);
        const text = m.sheet.workbook.textAt(m.sheet, r, c).toLowerCase();
        return items === null || text === '' || items.some((i) => i.toLowerCase() === text);
      })
        .flat()
        .every(Boolean),
  },
};
defineProperties(FakeDataValidation, Object.keys(DATA_VALIDATION_SPECS));
