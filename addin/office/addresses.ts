// A1 addresses from 0-based indexes (Table.resize and notes take addresses).

function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

export function rangeAddress(row: number, column: number, rowCount: number, columnCount: number): string {
  return `${cellAddress(row, column)}:${cellAddress(row + rowCount - 1, column + columnCount - 1)}`;
}
