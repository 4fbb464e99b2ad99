// The aging report, computed by one aggregate SQL statement in the database. The figures come
// out finished — each bucket summed, rounded to the reporting currency's minor units and written
// as text, the totals row by GROUPING SETS, the customer's code and name on its row — so the
// GraphQL path only maps rows to its shape (a Decimal per figure and Prisma records for the
// customers cost more than the statement on a large book).
import type { FxRateUsed } from '../../domain/money/fx.js';
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { Money } from '../../domain/money/money.js';
import { AGING_BUCKETS, type AgingBucket, type AgingBuckets } from '../../domain/receivables/aging.js';
import { prismaSqlRunner } from '../../db/sql-runner.js';
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import type { Db } from '../db-types.js';
import { checkCurrencyArg, checkDateArg, entityIdForArg, openInvoicesAsOf, rateAgePolicy, translationTo, type RateAgeParams, type ReportDb, type RowCustomer, type Translation } from '../reporting.js';
import { agingBucketSums } from './aging-buckets.sql.js';

export interface AgingReportParams extends RateAgeParams {
  asOf: string;
  entityCode?: string | null;
  currency?: string | null;
  baseCurrency: string;
}

export interface AgingReport {
  asOf: string;
  currency: string;
  total: AgingBuckets;
  /** Payments received by the date and not applied: shown apart, never netted against balances. */
  unappliedCash: Money;
  customers: { customer: Customer; buckets: AgingBuckets; unappliedCash: Money }[];
  /** The rate used per currency translated (none for the reporting currency, none for the base currency). */
  rates: FxRateUsed[];
}

/** Each bucket's figure as the report shows it: exact text in the reporting currency's minor units ("1234.50", JPY "1234"). */
export type AgingBucketTexts = Record<AgingBucket | 'total', string>;

/** The aging report with its figures as text, as the statement writes them. */
export interface AgingReportFigures<C extends RowCustomer = RowCustomer> {
  asOf: string;
  currency: string;
  total: AgingBucketTexts;
  /** Payments received by the date and not applied: shown apart, never netted against balances. */
  unappliedCash: string;
  customers: { customer: C; buckets: AgingBucketTexts; unappliedCash: string }[];
  /** The rate used per currency translated (none for the reporting currency, none for the base currency). */
  rates: FxRateUsed[];
}

type AgingRow = AgingBucketTexts & RowCustomer & { is_total: number; unapplied_cash: string; missing: string[] | null; used: string[] | null };

/** The aging report for export and other callers that work with Money and whole customer records. */
export async function agingReport(prisma: Db, params: AgingReportParams): Promise<AgingReport> {
  const figures = await agingReportFigures({ prisma, sql: prismaSqlRunner(prisma) }, params, true);
  return {
    ...figures,
    total: bucketsInMoney(figures.total),
    unappliedCash: new Money(figures.unappliedCash),
    customers: figures.customers.map((line) => ({ customer: line.customer, buckets: bucketsInMoney(line.buckets), unappliedCash: new Money(line.unappliedCash) })),
  };
}

/**
 * The aging report as the statement writes it. With `wholeCustomers` each customer is its Prisma
 * record (read beside the statement); without, the id, code and name the rows carry.
 */
export async function agingReportFigures(db: ReportDb, params: AgingReportParams, wholeCustomers: true): Promise<AgingReportFigures<Customer>>;
export async function agingReportFigures(db: ReportDb, params: AgingReportParams, wholeCustomers: boolean): Promise<AgingReportFigures>;
export async function agingReportFigures(db: ReportDb, params: AgingReportParams, wholeCustomers: boolean): Promise<AgingReportFigures> {
  const asOf = checkDateArg(params.asOf, 'asOf');
  const currency = checkCurrencyArg(params.currency, params.baseCurrency);
  const [entityId, fx] = await Promise.all([
    entityIdForArg(db.prisma, params.entityCode),
    translationTo(db.sql, currency, asOf, params.baseCurrency, rateAgePolicy(params)),
  ]);
  const statement = agingStatement({ asOf, currency, entityId, fx });
  // The statement and the customer records do not depend on each other: on a server's pool they run side by side.
  const [rows, records] = await Promise.all([
    db.sql<AgingRow>(statement.text, statement.values),
    wholeCustomers ? db.prisma.customer.findMany({ where: entityId === null ? {} : { entityId } }) : null,
  ]);
  const totalRow = rows.find((row) => row.is_total === 1)!;
  if (totalRow.missing) throw fx.rateError(totalRow.missing);
  const byId = records && new Map(records.map((customer) => [customer.id, customer]));
  const customers = rows
    .filter((row) => row.is_total === 0)
    .map((row) => ({ customer: byId?.get(row.id) ?? { id: row.id, code: row.code, name: row.name }, buckets: bucketTexts(row), unappliedCash: row.unapplied_cash }))
    .sort((a, b) => a.customer.code.localeCompare(b.customer.code));
  return { asOf, currency, total: bucketTexts(totalRow), unappliedCash: totalRow.unapplied_cash, customers, rates: fx.ratesUsed(totalRow.used ?? []) };
}

interface AgingStatementParams {
  asOf: string;
  currency: string;
  entityId: number | null;
  fx: Translation;
}

/**
 * One row per customer with an open balance or a non-zero bucket, then the totals row
 * (is_total = 1: every customer's figures and unapplied cash, and the currencies without a rate
 * or translated). Open invoices and unapplied payments are translated and rounded one by one, as
 * PRODUCT.md has it, then summed; a NULL amount is one whose rate is missing (or stale).
 */
function agingStatement({ asOf, currency, entityId, fx }: AgingStatementParams): Prisma.Sql {
  const entityFilter = entityId === null ? Prisma.empty : Prisma.sql`AND c.entity_id = ${entityId}`;
  const places = minorUnitsOf(currency);
  const isInvoice = Prisma.sql`NOT unapplied`;
  const buckets = [...agingBucketSums(Prisma.sql`amount`, Prisma.sql`days_past_due`, isInvoice), { bucket: 'total', sum: Prisma.sql`sum(amount) FILTER (WHERE ${isInvoice})` }];
  const asText = (sum: Prisma.Sql) => Prisma.sql`round(coalesce(${sum}, 0), ${places}::int)::text`;
  const onTotalRow = (value: Prisma.Sql) => Prisma.sql`CASE WHEN GROUPING(customer_id) = 1 THEN ${value} END`;
  return Prisma.sql`
    WITH ${fx.ratesCte},
    -- MATERIALIZED: inlined, the open amount (its payment subquery) would be computed once for
    -- the filter and again for the translation, per invoice.
    open AS MATERIALIZED (${openInvoicesAsOf(asOf, entityId)}),
    -- MATERIALIZED: each bucket's sum would otherwise recompute the translation per invoice.
    items AS MATERIALIZED (
      SELECT o.customer_id, o.days_past_due, o.currency, ${fx.translate(Prisma.sql`o.amount`, Prisma.sql`o.currency`)} AS amount, false AS unapplied
      FROM open o WHERE o.amount <> 0
      UNION ALL
      SELECT p.customer_id, NULL, p.currency, ${fx.translate(Prisma.sql`p.unapplied_amount`, Prisma.sql`p.currency`)}, true
      FROM payment p JOIN customer c ON c.id = p.customer_id
      WHERE p.received_date <= ${asOf}::date AND p.unapplied_amount > 0 ${entityFilter}
    ),
    -- The few currencies in one pass, for the totals row only (an InitPlan each, not a DISTINCT aggregate per customer).
    currencies AS (SELECT currency, bool_or(amount IS NULL) AS missing FROM items GROUP BY currency),
    figures AS (
      SELECT customer_id, GROUPING(customer_id) AS is_total,
        ${Prisma.join(buckets.map(({ bucket, sum }) => Prisma.sql`${asText(sum)} AS ${Prisma.raw(`"${bucket}"`)}`), ',\n        ')},
        ${asText(Prisma.sql`sum(amount) FILTER (WHERE unapplied)`)} AS unapplied_cash,
        ${onTotalRow(Prisma.sql`(SELECT array_agg(currency) FROM currencies WHERE missing)`)} AS missing,
        ${onTotalRow(Prisma.sql`(SELECT array_agg(currency) FROM currencies WHERE currency <> ${currency})`)} AS used
      FROM items GROUP BY GROUPING SETS ((customer_id), ())
      HAVING GROUPING(customer_id) = 1 OR ${Prisma.join(buckets.map(({ sum }) => Prisma.sql`${sum} <> 0`), ' OR ')}
    )
    SELECT f.*, c.id, c.code, c.name FROM figures f LEFT JOIN customer c ON c.id = f.customer_id`;
}

/** A row's figures (or any bucket texts) through `as`, bucket by bucket and the total. */
function mapBuckets<T>(texts: AgingBucketTexts, as: (text: string) => T): Record<AgingBucket | 'total', T> {
  return Object.fromEntries([...AGING_BUCKETS, 'total' as const].map((key) => [key, as(texts[key])])) as Record<AgingBucket | 'total', T>;
}

const bucketTexts = (row: AgingBucketTexts): AgingBucketTexts => mapBuckets(row, (text) => text);
const bucketsInMoney = (texts: AgingBucketTexts): AgingBuckets => mapBuckets(texts, (text) => new Money(text));
