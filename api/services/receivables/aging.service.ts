// The aging report, computed by one aggregate SQL statement in the database.
import { AGING_BUCKETS, addBuckets, emptyBuckets, type AgingBucket, type AgingBuckets } from '../../domain/receivables/aging.js';
import { Money } from '../../domain/money/money.js';
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import type { Db } from '../db-types.js';
import type { FxRateUsed } from '../../domain/money/fx.js';
import { checkCurrencyArg, checkDateArg, entityIdForArg, openInvoicesAsOf, rateAgePolicy, translationTo, type RateAgeParams } from '../reporting.js';
import { agingBucketSumsSql } from './aging-buckets.sql.js';

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

type AgingRow = Record<AgingBucket | 'total', string | null> & { customer_id: number; missing: string[] | null; used: string[] | null };

export async function agingReport(prisma: Db, params: AgingReportParams): Promise<AgingReport> {
  const asOf = checkDateArg(params.asOf, 'asOf');
  const currency = checkCurrencyArg(params.currency, params.baseCurrency);
  const entityId = await entityIdForArg(prisma, params.entityCode);
  const fx = await translationTo(prisma, currency, asOf, params.baseCurrency, rateAgePolicy(params));
  const entityFilter = entityId === null ? Prisma.empty : Prisma.sql`AND c.entity_id = ${entityId}`;
  // The three statements do not depend on each other: on a server's pool they run side by side
  // (the customers in scope are read whole rather than after the rows, by their ids).
  const [rows, unapplied, customers] = await Promise.all([prisma.$queryRaw<AgingRow[]>(Prisma.sql`
    WITH ${fx.ratesCte},
    open AS (${openInvoicesAsOf(asOf, entityId)}),
    -- MATERIALIZED: referenced once, this CTE would be inlined and each bucket's sum would
    -- recompute the open amount (its payment subquery) per invoice.
    translated AS MATERIALIZED (
      SELECT o.customer_id, o.days_past_due, o.currency, ${fx.translate(Prisma.sql`o.amount`, Prisma.sql`o.currency`)} AS amount
      FROM open o WHERE o.amount <> 0
    )
    SELECT customer_id,
      ${agingBucketSumsSql(Prisma.sql`amount`, Prisma.sql`days_past_due`)},
      sum(amount)::text AS total,
      array_agg(DISTINCT currency) FILTER (WHERE amount IS NULL) AS missing,
      -- The currencies translated, for the rates listed: one pass over the few currencies
      -- (an InitPlan), not a DISTINCT aggregate per customer, which would sort each group.
      (SELECT array_agg(currency) FROM (SELECT DISTINCT currency FROM translated WHERE currency <> ${currency}) u) AS used
    FROM translated GROUP BY customer_id`),
  prisma.$queryRaw<{ customer_id: number; amount: string | null; missing: string[] | null; used: string[] | null }[]>(Prisma.sql`
    WITH ${fx.ratesCte}
    SELECT p.customer_id, sum(${fx.translate(Prisma.sql`p.unapplied_amount`, Prisma.sql`p.currency`)})::text AS amount,
           array_agg(DISTINCT p.currency) FILTER (WHERE ${fx.translate(Prisma.sql`p.unapplied_amount`, Prisma.sql`p.currency`)} IS NULL) AS missing,
           array_agg(DISTINCT p.currency) FILTER (WHERE p.currency <> ${currency}) AS used
    FROM payment p JOIN customer c ON c.id = p.customer_id
    WHERE p.received_date <= ${asOf}::date AND p.unapplied_amount > 0 ${entityFilter}
    GROUP BY p.customer_id`),
  prisma.customer.findMany({ where: entityId === null ? {} : { entityId } })]);
  const missing = [...rows, ...unapplied].flatMap((row) => row.missing ?? []);
  if (missing.length > 0) throw fx.rateError(missing);
  const unappliedBy = new Map(unapplied.map((row) => [row.customer_id, new Money(row.amount ?? 0)]));
  const unappliedCash = [...unappliedBy.values()].reduce((sum, amount) => sum.plus(amount), new Money(0));

  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  let total = emptyBuckets();
  const lines = rows
    .map((row) => {
      const buckets = emptyBuckets();
      for (const key of [...AGING_BUCKETS, 'total'] as const) buckets[key] = new Money(row[key] ?? 0);
      total = addBuckets(total, buckets);
      return { customer: byId.get(row.customer_id)!, buckets, unappliedCash: unappliedBy.get(row.customer_id) ?? new Money(0) };
    })
    .filter((line) => !line.buckets.total.isZero() || AGING_BUCKETS.some((key) => !line.buckets[key].isZero()))
    .sort((a, b) => a.customer.code.localeCompare(b.customer.code));
  const rates = fx.ratesUsed([...rows, ...unapplied].flatMap((row) => row.used ?? []));
  return { asOf, currency, total, unappliedCash, customers: lines, rates };
}
