// CSV as spreadsheets read it: RFC 4180 quoting, CRLF line ends, and no cell a spreadsheet
// would run as a formula. The same rule twice: csvCell for values formatted in Node (the
// reports), csvTextSql for text formatted by PostgreSQL (the streamed row exports); a test
// checks that both give the same cell for the same hostile text.
import { Prisma } from '../generated/prisma/client.js';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
  // A spreadsheet reads a cell starting with = + - @ tab or CR as a formula: such a cell gets a
  // leading apostrophe (OWASP's CSV-injection advice) unless it is wholly a number, like -12.50.
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvLine = (cells: readonly unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * csvCell in SQL, for a text expression (NULL → empty). The apostrophe adds no character that
 * needs quoting, so whether to quote is decided on the text as it came.
 */
export function csvTextSql(text: Prisma.Sql): Prisma.Sql {
  const defused = Prisma.sql`CASE WHEN left(${text}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) AND ${text} !~ '^-?[0-9]+(\\.[0-9]+)?$' THEN '''' || ${text} ELSE ${text} END`;
  return Prisma.sql`CASE WHEN ${text} IS NULL THEN '' WHEN ${text} ~ '[",\\r\\n]' THEN '"' || replace(${defused}, '"', '""') || '"' ELSE ${defused} END`;
}
