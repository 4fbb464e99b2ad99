// Export rows are formatted by PostgreSQL, exactly as the API formats the same values, so Node
// only joins the lines it fetches: money rounded half away from zero to the currency's minor
// units and padded ("1234.50", JPY "10000"), dates YYYY-MM-DD, times ISO 8601 in UTC with
// milliseconds (as DateTime is in GraphQL). Every function here runs once per cell of up to
// millions of rows, so each is the cheapest form found that gives the same text.
import { isCurrencyCode, minorUnitsOf } from '../domain/money/currencies.js';
import { Prisma } from '../generated/prisma/client.js';
import { csvTextSql } from './csv.js';

/** The ISO 4217 codes whose minor units are not 2, by their minor units, found once from the money module's table. */
const UNUSUAL_MINOR_UNITS: ReadonlyMap<number, readonly string[]> = (() => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const found = new Map<number, string[]>();
  for (const a of letters) for (const b of letters) for (const c of letters) {
    const code = a + b + c;
    const units = isCurrencyCode(code) ? minorUnitsOf(code) : 2;
    if (units !== 2) found.set(units, [...(found.get(units) ?? []), code]);
  }
  return found;
})();

const quotedList = (codes: readonly string[]) => Prisma.raw(codes.map((code) => `'${code}'`).join(', '));

/**
 * SQL for the minor units of the currency in `currency` (every other stored code has 2).
 * PostgreSQL looks up an IN list of nine or more constants in a hash, so a two-decimal currency
 * costs one probe; a CASE comparing the code with each unusual one in turn took a fifth of the
 * database's time for the invoices export.
 */
export function minorUnitsSql(currency: Prisma.Sql): Prisma.Sql {
  const unusual = [...UNUSUAL_MINOR_UNITS.values()].flat();
  const byUnits = [...UNUSUAL_MINOR_UNITS].map(([units, codes]) => Prisma.sql`WHEN ${currency} IN (${quotedList(codes)}) THEN ${Prisma.raw(String(units))}`);
  return Prisma.sql`(CASE WHEN ${currency} IN (${quotedList(unusual)}) THEN (CASE ${Prisma.join(byUnits, ' ')} END) ELSE 2 END)`;
}

/** formatMoney in SQL: PostgreSQL's round(numeric, n) is half away from zero and pads to n places. */
export function moneySql(amount: Prisma.Sql, currency: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`round(${amount}, ${minorUnitsSql(currency)})::text`;
}

/**
 * A date's own text output, which is YYYY-MM-DD under DateStyle ISO: the export's transaction
 * sets it (stream.ts). to_char(date, 'YYYY-MM-DD') gives the same text at several times the cost.
 */
export function dateSql(date: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${date})::text`;
}

export function timestampSql(at: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${at} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * How a column is written. `text`: anything a user typed or could type (CSV-defused, JSON
 * string); `formatted`: text made by the formatters above or an enum (never starts with a
 * formula character); `int` and `bool`: JSON numbers and booleans; `list`: a text[] (JSON array,
 * CSV cell joined with "; ").
 */
export type ColumnKind = 'text' | 'formatted' | 'int' | 'bool' | 'list';

export interface Column {
  /** The CSV header; the NDJSON key is its camelCase (see jsonKey). */
  name: string;
  sql: Prisma.Sql;
  kind: ColumnKind;
}

/** customer_code → customerCode; days_1_30 → days1To30 (the GraphQL field names). */
export const jsonKey = (name: string) => name.replace(/_(\d+)_(\d+)/g, '$1To$2').replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The text a user-typed column's cell is made from: a text[] joined with "; ". */
function userTextSql({ sql, kind }: Column): Prisma.Sql {
  return kind === 'list' ? Prisma.sql`array_to_string(${sql}, '; ')` : sql;
}

const isUserText = (column: Column) => column.kind === 'text' || column.kind === 'list';

/** A cell exactly as csvCell writes it. */
function csvCellSql(column: Column): Prisma.Sql {
  const { sql, kind } = column;
  if (isUserText(column)) return csvTextSql(userTextSql(column));
  if (kind === 'bool') return Prisma.sql`CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' ELSE '' END`;
  return Prisma.sql`COALESCE((${sql})::text, '')`;
}

/** A cell as it is when its text needs neither quotes nor defusing. */
function plainCellSql(column: Column): Prisma.Sql {
  return isUserText(column) ? Prisma.sql`COALESCE(${userTextSql(column)}, '')` : csvCellSql(column);
}

const csvJoin = (cells: Prisma.Sql[]) => Prisma.sql`concat_ws(',', ${Prisma.join(cells)}) || chr(13) || chr(10)`;

/**
 * A CSV line. Most rows hold no user text that a spreadsheet would run or that needs quotes,
 * and one regular expression over all of it (each value after a unit separator, chr(31)) finds
 * the rows that do: only those take csvCellSql cell by cell, the others are joined as they are.
 * The test errs only towards the exact way (a value holding a unit separator, say), and costs a
 * third of what seven cell-by-cell tests did.
 */
function csvLineSql(columns: readonly Column[]): Prisma.Sql {
  const exact = csvJoin(columns.map(csvCellSql));
  const userText = columns.filter(isUserText).map(userTextSql);
  if (userText.length === 0) return exact;
  return Prisma.sql`CASE WHEN concat_ws(chr(31), ${Prisma.join(userText)}) ~ '(^|\\x1f)[-=+@\\t\\r]|[",\\r\\n]' THEN ${exact} ELSE ${csvJoin(columns.map(plainCellSql))} END`;
}

function jsonValueSql({ sql, kind }: Column): Prisma.Sql {
  return kind === 'list' ? Prisma.sql`to_json(${sql})` : sql;
}

export type ExportFormat = 'csv' | 'ndjson';

/** One text column, `line`: the whole CSV line (CRLF) or NDJSON line (LF) of a row. */
export function lineSql(columns: readonly Column[], format: ExportFormat): Prisma.Sql {
  if (format === 'csv') return csvLineSql(columns);
  const pairs = columns.flatMap((column) => [Prisma.sql`${Prisma.raw(`'${jsonKey(column.name)}'`)}`, jsonValueSql(column)]);
  return Prisma.sql`json_build_object(${Prisma.join(pairs)})::text || chr(10)`;
}
