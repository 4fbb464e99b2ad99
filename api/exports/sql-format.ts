// Export rows are formatted by PostgreSQL, exactly as the API formats the same values, so Node
// only joins the lines it fetches: money rounded half away from zero to the currency's minor
// units and padded ("1234.50", JPY "10000"), dates YYYY-MM-DD, times ISO 8601 in UTC with
// milliseconds (as DateTime is in GraphQL).
import { isCurrencyCode, minorUnitsOf } from '../domain/money/currencies.js';
import { Prisma } from '../generated/prisma/client.js';
import { csvTextSql } from './csv.js';

/** The ISO 4217 codes whose minor units are not 2, found once from the money module's table. */
const UNUSUAL_MINOR_UNITS: ReadonlyArray<readonly [string, number]> = (() => {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const found: [string, number][] = [];
  for (const a of letters) for (const b of letters) for (const c of letters) {
    const code = a + b + c;
    if (isCurrencyCode(code) && minorUnitsOf(code) !== 2) found.push([code, minorUnitsOf(code)]);
  }
  return found;
})();

/** SQL for the minor units of the currency in `currency` (every other stored code has 2). */
export function minorUnitsSql(currency: Prisma.Sql): Prisma.Sql {
  const cases = UNUSUAL_MINOR_UNITS.map(([code, units]) => `WHEN '${code}' THEN ${units}`).join(' ');
  return Prisma.sql`(CASE ${currency} ${Prisma.raw(cases)} ELSE 2 END)`;
}

/** formatMoney in SQL: PostgreSQL's round(numeric, n) is half away from zero and pads to n places. */
export function moneySql(amount: Prisma.Sql, currency: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`round(${amount}, ${minorUnitsSql(currency)})::text`;
}

export function dateSql(date: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`to_char(${date}, 'YYYY-MM-DD')`;
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

function csvCellSql({ sql, kind }: Column): Prisma.Sql {
  switch (kind) {
    case 'text':
      return csvTextSql(sql);
    case 'list':
      return csvTextSql(Prisma.sql`array_to_string(${sql}, '; ')`);
    case 'bool':
      return Prisma.sql`CASE WHEN ${sql} THEN 'true' WHEN NOT ${sql} THEN 'false' ELSE '' END`;
    default:
      return Prisma.sql`COALESCE((${sql})::text, '')`;
  }
}

function jsonValueSql({ sql, kind }: Column): Prisma.Sql {
  return kind === 'list' ? Prisma.sql`to_json(${sql})` : sql;
}

export type ExportFormat = 'csv' | 'ndjson';

/** One text column, `line`: the whole CSV line (CRLF) or NDJSON line (LF) of a row. */
export function lineSql(columns: readonly Column[], format: ExportFormat): Prisma.Sql {
  if (format === 'csv') return Prisma.sql`concat_ws(',', ${Prisma.join(columns.map(csvCellSql))}) || chr(13) || chr(10)`;
  const pairs = columns.flatMap((column) => [Prisma.sql`${Prisma.raw(`'${jsonKey(column.name)}'`)}`, jsonValueSql(column)]);
  return Prisma.sql`json_build_object(${Prisma.join(pairs)})::text || chr(10)`;
}
