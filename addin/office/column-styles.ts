/// <reference types="office-js" />
// How a layout column looks: its number format by kind, and the fill/font that tell editable
// columns from read-only ones. Marks (conflict, invalid, pending) are fills over that style.

import type { CellMark, ColumnKind, ColumnSpec } from './contract.js';

export const DEFAULT_NUMBER_FORMATS: Readonly<Record<ColumnKind, string>> = {
  money: '#,##0.00',
  decimal: '#,##0.00##',
  integer: '0',
  date: 'yyyy-mm-dd',
  // Real percentage cells: the value is the fraction (0.45 shows 45.00%), so "45%" typed means 45.
  percent: '0.00%',
  text: '@',
};

export const EDITABLE_FILL = '#FFF8D6';
export const EDITABLE_FONT = '#000000';
export const READ_ONLY_FONT = '#595959';

export const MARK_FILLS: Readonly<Record<Exclude<CellMark, 'none'>, string>> = {
  conflict: '#FFC7CE',
  invalid: '#FFD8A8',
  pending: '#DDEBF7',
};

export function numberFormatFor(column: ColumnSpec): string {
  return column.numberFormat ?? DEFAULT_NUMBER_FORMATS[column.kind];
}

/** Approximate Excel column width in points for a width in characters of the default font. */
export function columnWidthPoints(characters: number): number {
  return Math.round(characters * 5.6 + 5);
}

/**
 * One number format for every cell of the range. Excel's "single input copy": a single value,
 * not a 2-D array, applies to the whole range, so the payload does not grow with the row count.
 */
export function setNumberFormat(range: Excel.Range, format: string): void {
  (range as unknown as { numberFormat: string }).numberFormat = format;
}

/** Fill and font colour of a column's normal (unmarked) state. */
export function applyColumnColours(range: Excel.Range, column: ColumnSpec): void {
  if (column.editable) {
    range.format.fill.color = EDITABLE_FILL;
    range.format.font.color = EDITABLE_FONT;
  } else {
    range.format.fill.clear();
    range.format.font.color = READ_ONLY_FONT;
  }
}
