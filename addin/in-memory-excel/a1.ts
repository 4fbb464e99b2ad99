// A1 addresses for the fake workbook: parsing and printing, 0-based rectangles.

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

export interface Rect {
  row: number;
  column: number;
  rowCount: number;
  columnCount: number;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export function isWholeColumns(rect: Rect): boolean {
  return rect.row === 0 && rect.rowCount === MAX_ROWS;
}

export function isWholeRows(rect: Rect): boolean {
  return rect.column === 0 && rect.columnCount === MAX_COLUMNS;
}

/** "A1", "A1:C3", "A:C" or "2:4" (no sheet name). */
export function formatRect(rect: Rect): string {
  const lastRow = rect.row + rect.rowCount - 1;
  const lastColumn = rect.column + rect.columnCount - 1;
  if (isWholeColumns(rect) && !isWholeRows(rect)) {
    return `${columnLetters(rect.column)}:${columnLetters(lastColumn)}`;
  }
  if (isWholeRows(rect) && !isWholeColumns(rect)) return `${rect.row + 1}:${lastRow + 1}`;
  const start = `${columnLetters(rect.column)}${rect.row + 1}`;
  if (rect.rowCount === 1 && rect.columnCount === 1) return start;
  return `${start}:${columnLetters(lastColumn)}${lastRow + 1}`;
}

export function formatAddress(sheetName: string, rect: Rect): string {
  return `${quoteSheetName(sheetName)}!${formatRect(rect)}`;
}

export interface ParsedAddress {
  sheetName?: string;
  rect: Rect;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLUMN = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d+)$/;

/** Parses "A1", "A1:C3", "A:C", "2:4", "Sheet1!A1:B2" or "'My sheet'!B2". Throws on anything else. */
export function parseAddress(address: string): ParsedAddress {
  let text = address.trim();
  let sheetName: string | undefined;
  const bang = text.lastIndexOf('!');
  if (bang >= 0) {
    const sheetPart = text.slice(0, bang);
    text = text.slice(bang + 1);
    sheetName = sheetPart.startsWith("'") && sheetPart.endsWith("'")
      ? sheetPart.slice(1, -1).replace(/''/g, "'")
      : sheetPart;
  }
  const [first = '', second, extra] = text.split(':');
  if (extra !== undefined) throw new Error(`Not an address: ${address}`);
  const end = second ?? first;
  const cellA = CELL.exec(first);
  const cellB = CELL.exec(end);
  if (cellA && cellB) {
    const r1 = Number(cellA[2]) - 1;
    const r2 = Number(cellB[2]) - 1;
    const c1 = columnIndex(cellA[1]!);
    const c2 = columnIndex(cellB[1]!);
    return rectResult(sheetName, Math.min(r1, r2), Math.min(c1, c2), Math.abs(r2 - r1) + 1, Math.abs(c2 - c1) + 1, address);
  }
  const colA = COLUMN.exec(first);
  const colB = COLUMN.exec(end);
  if (second !== undefined && colA && colB) {
    const c1 = columnIndex(colA[1]!);
    const c2 = columnIndex(colB[1]!);
    return rectResult(sheetName, 0, Math.min(c1, c2), MAX_ROWS, Math.abs(c2 - c1) + 1, address);
  }
  const rowA = ROW.exec(first);
  const rowB = ROW.exec(end);
  if (second !== undefined && rowA && rowB) {
    const r1 = Number(rowA[1]) - 1;
    const r2 = Number(rowB[1]) - 1;
    return rectResult(sheetName, Math.min(r1, r2), 0, Math.abs(r2 - r1) + 1, MAX_COLUMNS, address);
  }
  throw new Error(`Not an address: ${address}`);
}

function rectResult(
  sheetName: string | undefined,
  row: number,
  column: number,
  rowCount: number,
  columnCount: number,
  address: string,
): ParsedAddress {
  if (row < 0 || column < 0 || row + rowCount > MAX_ROWS || column + columnCount > MAX_COLUMNS) {
    throw new Error(`Address outside the grid: ${address}`);
  }
  return sheetName === undefined
    ? { rect: { row, column, rowCount, columnCount } }
    : { sheetName, rect: { row, column, rowCount, columnCount } };
}

export function intersects(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rowCount &&
    b.row < a.row + a.rowCount &&
    a.column < b.column + b.columnCount &&
    b.column < a.column + a.columnCount
  );
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.rowCount <= outer.row + outer.rowCount &&
    inner.column + inner.columnCount <= outer.column + outer.columnCount
  );
}

/**
 * Where the rows first..last (0-based) of a reference or object end up after `count` whole sheet
 * rows are inserted at row `at`, or -count rows deleted from it; null when all of them are deleted.
 * Rows at or below an insertion move down, so a span with the insertion point inside it grows.
 */
export function shiftRowSpan(first: number, last: number, at: number, count: number): [number, number] | null {
  if (count >= 0) return [first >= at ? first + count : first, last >= at ? last + count : last];
  const end = at - count;
  if (first >= at && last < end) return null;
  const moved = (row: number, edge: number) => (row < at ? row : row >= end ? row + count : edge);
  return [moved(first, at), moved(last, at - 1)];
}
