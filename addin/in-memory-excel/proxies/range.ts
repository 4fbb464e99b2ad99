// Ranges and their format, fill and font: values, formulas, number formats, colours, column
// widths and hidden columns. Whole rows or columns take formats and widths but not contents.
import { MAX_COLUMNS, MAX_ROWS, formatAddress, isWholeColumns, isWholeRows, type Rect } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import type { SheetModel } from '../model.js';
import { FakeClientObject, defineProperties, type PropSpec } from './client-object.js';
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
    payload: true,
  },
  formulas: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.formula ?? m.sheet.get(r, c)?.value ?? ''),
    set: (m, v) => m.sheet.workbook.writeCells(m.sheet, m.rect, v, 'formulas', 'api'),
    payload: true,
  },
  numberFormat: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.numberFormat ?? 'General'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'numberFormat', v),
    payload: true,
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
