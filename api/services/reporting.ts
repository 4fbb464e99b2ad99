// Shared pieces of the reporting queries: argument checks and currency translation in SQL.
import { GraphQLError } from 'graphql';
import { isValidIsoDate } from '../domain/dates.js';
import { isCurrencyCode, minorUnitsOf } from '../domain/money/currencies.js';
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from './db-types.js';
import { ratesAsOf } from './receivables/fx.service.js';

export function badArgument(argument: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}

export function checkDateArg(value: string, argument: string): string {
  if (!isValidIsoDate(value)) throw badArgument(argument, `${argument} "${String(value).slice(0, 40)}" is not a calendar date; write YYYY-MM-DD, e.g. 2026-03-31.`);
  return value;
}

export function checkCurrencyArg(value: string | null | undefined, fallback: string, argument = 'currency'): string {
  if (value === null || value === undefined) return fallback;
  const code = value.trim().toUpperCase();
  if (!isCurrencyCode(code)) throw badArgument(argument, `${argument} "${value.slice(0, 20)}" is not an ISO 4217 currency code (e.g. USD, EUR).`);
  return code;
}

export const MAX_SEARCH_LENGTH = 100;

/**
 * A text argument matched with Prisma's `contains` or case-insensitive `equals`, which compare
 * with (I)LIKE and do not escape its wildcards: `%`, `_` and the escape `\` are escaped here so
 * they match themselves. Too long is refused by name rather than cut short.
 */
export function checkMatchArg(value: string, argument: string, max = MAX_SEARCH_LENGTH): string {
  if (value.length > max) throw badArgument(argument, `${argument} is ${value.length} characters long; at most ${max} are accepted.`);
  return value.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function entityIdForArg(prisma: Db, entityCode: string | null | undefined): Promise<number | null> {
  if (entityCode === null || entityCode === undefined) return null;
  const entity = await prisma.entity.findUnique({ where: { code: entityCode.trim().toUpperCase() }, select: { id: true } });
  if (!entity) throw badArgument('entityCode', `No entity with code "${entityCode.slice(0, 20)}" exists.`);
  return entity.id;
}

export async function customerIdForArg(prisma: Db, customerCode: string | null | undefined, argument = 'customerCode'): Promise<number | null> {
  if (!customerCode) return null;
  const customer = await prisma.customer.findUnique({ where: { code: customerCode.trim().toUpperCase() }, select: { id: true } });
  if (!customer) throw badArgument(argument, `No customer with code "${customerCode.slice(0, 40)}" exists.`);
  return customer.id;
}

export interface Translation {
  /** A CTE named `rates(currency, rate)` holding each currency's rate as of the date. */
  ratesCte: Prisma.Sql;
  /** SQL for `amountSql` (in `currencySql`) translated to the reporting currency and rounded; NULL when a rate is missing. */
  translate(amountSql: Prisma.Sql, currencySql: Prisma.Sql): Prisma.Sql;
  /** The currencies without a rate that translating from `currencies` needs. */
  missingRates(currencies: string[]): string[];
}

/**
 * amount × rate(C) ÷ rate(R), each the latest rate on or before `asOf`, rounded to R's minor
 * units (PostgreSQL's round() is half away from zero); C = R needs no rate.
 */
export async function translationTo(prisma: Db, reportCurrency: string, asOf: string, baseCurrency: string): Promise<Translation> {
  const rates = await ratesAsOf(prisma, asOf, baseCurrency);
  const codes = [...rates.keys()];
  const values = codes.map((code) => rates.get(code)!.toString());
  const places = minorUnitsOf(reportCurrency);
  return {
    ratesCte: Prisma.sql`rates(currency, rate) AS (SELECT * FROM unnest(${codes}::text[], ${values}::numeric[]))`,
    translate: (amountSql, currencySql) => Prisma.sql`CASE WHEN ${currencySql} = ${reportCurrency} THEN ${amountSql}
      ELSE round(${amountSql} * (SELECT rate FROM rates WHERE currency = ${currencySql})
                 / (SELECT rate FROM rates WHERE currency = ${reportCurrency}), ${places}::int) END`,
    missingRates: (currencies) => {
      const foreign = currencies.filter((code) => code !== reportCurrency);
      if (foreign.length === 0) return [];
      return [...foreign, reportCurrency].filter((code) => !rates.has(code));
    },
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
