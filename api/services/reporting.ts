// Shared pieces of the reporting queries: argument checks and currency translation in SQL.
import { dateFromIso, isValidIsoDate } from '../domain/dates.js';
import { ArgumentError, DomainError, ErrorCode, UserInputError } from '../domain/errors.js';
import { isStaleRate, ratesUsed, type FxRateUsed } from '../domain/money/fx.js';
import { MAX_PAGE_SIZE, MAX_SEARCH_LENGTH } from '../domain/limits.js';
import { isCurrencyCode, minorUnitsOf } from '../domain/money/currencies.js';
import { Prisma, type Customer } from '../generated/prisma/client.js';
import type { SqlRunner, SqlSource } from '../db/sql-runner.js';
import type { Db, Tx } from './db-types.js';
import { findCustomerOrThrow, findEntityOrThrow } from './lookups.js';
import { fxRatesAsOf, missingRateError, staleRateError, type RateOnDate } from './receivables/fx.service.js';

/** Runs a check written for input fields on a query argument: its refusal names the argument. */
export async function asArgument<T>(argument: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const [first] = error.errors;
    throw new ArgumentError(argument, first!.message, first!.code === ErrorCode.NOT_FOUND ? ErrorCode.NOT_FOUND : 'BAD_USER_INPUT');
  }
}

export function checkDateArg(value: string, argument: string): string {
  if (!isValidIsoDate(value)) throw new ArgumentError(argument, `${argument} "${String(value).slice(0, 40)}" is not a calendar date; write YYYY-MM-DD, e.g. 2026-03-31.`);
  return value;
}

/** Prisma's filter for dates from–to (either may be left out; neither: undefined). */
export function dateRangeArg(range: { from?: string | null; to?: string | null }, names: { from: string; to: string }): { gte?: Date; lte?: Date } | undefined {
  const from = range.from ? dateFromIso(checkDateArg(range.from, names.from)) : null;
  const to = range.to ? dateFromIso(checkDateArg(range.to, names.to)) : null;
  return from || to ? { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } : undefined;
}

/** A connection's first/last, which Pothos passes on unchecked when it comes in a variable. */
export function checkPageSize(args: { first?: number | null; last?: number | null }): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value !== null && value !== undefined && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new ArgumentError(name, `${name} must be from 0 to ${MAX_PAGE_SIZE} (the maximum page size); got ${value}. Page through larger sets with after.`, 'BAD_USER_INPUT', { maxPageSize: MAX_PAGE_SIZE });
    }
  }
}

export function checkCurrencyArg(value: string | null | undefined, fallback: string, argument = 'currency'): string {
  if (value === null || value === undefined) return fallback;
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw new ArgumentError(argument, `${argument} "${value.slice(0, 20)}" is not an ISO 4217 currency code (e.g. USD, EUR).`);
  return code;
}

/**
 * A text argument matched with Prisma's `contains` or case-insensitive `equals`, which compare
 * with (I)LIKE and do not escape its wildcards: `%`, `_` and the escape `\` are escaped here so
 * they match themselves. Too long is refused by name rather than cut short.
 */
export function checkMatchArg(value: string, argument: string, max = MAX_SEARCH_LENGTH): string {
  if (value.length > max) throw new ArgumentError(argument, `${argument} is ${value.length} characters long; at most ${max} are accepted.`);
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function entityIdForArg(prisma: Db, entityCode: string | null | undefined): Promise<number | null> {
  if (entityCode === null || entityCode === undefined) return null;
  return (await asArgument('entityCode', () => findEntityOrThrow(prisma, entityCode, ['entityCode']))).id;
}

export async function customerIdForArg(prisma: Db, customerCode: string | null | undefined, argument = 'customerCode'): Promise<number | null> {
  if (!customerCode) return null;
  return (await asArgument(argument, () => findCustomerOrThrow(prisma, customerCode, [argument]))).id;
}

/** The database as a report reads it: its statements through `sql`, whole records through Prisma. */
export interface ReportDb {
  prisma: Db;
  sql: SqlRunner;
}

/** What a report's row carries of its customer, standing in for the record (see CUSTOMER_ROW_FIELDS). */
export type RowCustomer = Pick<Customer, 'id' | 'code' | 'name'>;

export interface Translation {
  /** The currencies with a rate the CTE holds (the base currency's 1 included). */
  rated: string[];
  /** A CTE named `rates(currency, rate)` holding each currency's rate as of the date. */
  ratesCte: Prisma.Sql;
  /** SQL for `amountSql` (in `currencySql`) translated to the reporting currency and rounded; NULL when a rate is missing (or stale). */
  translate(amountSql: Prisma.Sql, currencySql: Prisma.Sql): Prisma.Sql;
  /** The currencies without a rate that translating from `currencies` needs. */
  missingRates(currencies: string[]): string[];
  /** The error for amounts in `currencies` that came out NULL: FX_RATE_MISSING, or FX_RATE_STALE when every rate needed exists but is too old. */
  rateError(currencies: string[]): DomainError;
  /** The rates used to translate amounts in `currencies` (stale ones included when allowed). */
  ratesUsed(currencies: string[]): FxRateUsed[];
}

export interface RateAgePolicy {
  /** Rates older than this many days before the as-of date are refused; null: any age. */
  maxAgeDays: number | null;
}

/** A report's FX age arguments: the configured limit, and whether the caller accepts older rates. */
export interface RateAgeParams {
  /** LEDGERLINE_FX_MAX_AGE_DAYS; absent: any age. */
  fxMaxAgeDays?: number | null;
  allowStaleRates?: boolean | null;
}

export function rateAgePolicy(params: RateAgeParams): RateAgePolicy {
  return { maxAgeDays: params.allowStaleRates ? null : (params.fxMaxAgeDays ?? null) };
}

/**
 * amount × rate(C) ÷ rate(R), each the latest rate on or before `asOf`, rounded to R's minor
 * units (PostgreSQL's round() is half away from zero); C = R needs no rate. Under an age
 * `policy`, stale rates are left out of the CTE, so what needs one comes out NULL and is
 * refused by rateError, as a missing rate is (one lookup per currency, none per row).
 */
export async function translationTo(source: SqlSource, reportCurrency: string, asOf: string, baseCurrency: string, policy: RateAgePolicy = { maxAgeDays: null }): Promise<Translation> {
  const all = await fxRatesAsOf(source, asOf, baseCurrency);
  const { maxAgeDays } = policy;
  const stale = (found: RateOnDate) => maxAgeDays !== null && found.date !== null && isStaleRate(found.date, asOf, maxAgeDays);
  const rates = new Map([...all].filter(([, found]) => !stale(found)).map(([code, found]) => [code, found.rate]));
  const codes = [...rates.keys()];
  const values = codes.map((code) => rates.get(code)!.toString());
  const places = minorUnitsOf(reportCurrency);
  const missingRates = (currencies: string[]) => {
    const foreign = currencies.filter((code) => code !== reportCurrency);
    if (foreign.length === 0) return [];
    return [...foreign, reportCurrency].filter((code) => !rates.has(code));
  };
  return {
    rated: codes,
    ratesCte: Prisma.sql`rates(currency, rate) AS (SELECT * FROM unnest(${codes}::text[], ${values}::numeric[]))`,
    translate: (amountSql, currencySql) => Prisma.sql`CASE WHEN ${currencySql} = ${reportCurrency} THEN ${amountSql}
      ELSE round(${amountSql} * (SELECT rate FROM rates WHERE currency = ${currencySql})
                 / (SELECT rate FROM rates WHERE currency = ${reportCurrency}), ${places}::int) END`,
    missingRates,
    rateError: (currencies) => {
      const needed = [...new Set(missingRates(currencies))];
      if (maxAgeDays === null || needed.some((code) => !all.has(code))) return missingRateError(needed.filter((code) => !all.has(code)), asOf);
      return staleRateError(needed.map((currency) => ({ currency, date: all.get(currency)!.date! })), asOf, maxAgeDays);
    },
    ratesUsed: (currencies) => ratesUsed({ currencies, reportCurrency, baseCurrency, rates: all }),
  };
}

/**
 * Issued invoices in the books on `asOf` with their open balance then: issued on or before
 * it, not void by it, and not already settled by it (paid_date lets most paid invoices skip
 * the application sum).
 */
export function openInvoicesAsOf(asOf: string, entityId: number | null): Prisma.Sql {
  const entityFilter = entityId === null ? Prisma.empty : Prisma.sql`AND i.entity_id = ${entityId}`;
  return Prisma.sql`
    SELECT i.id, i.customer_id, i.currency, i.due_date, (${asOf}::date - i.due_date) AS days_past_due,
           i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                               WHERE a.invoice_id = i.id AND a.received_date <= ${asOf}::date), 0) AS amount
    FROM invoice i
    WHERE i.status <> 'DRAFT' AND i.issue_date <= ${asOf}::date
      AND (i.void_date IS NULL OR i.void_date > ${asOf}::date)
      AND (i.paid_date IS NULL OR i.paid_date > ${asOf}::date)
      ${entityFilter}`;
}
