// The collections worklist: one item per customer with a past-due balance, computed by one
// aggregate SQL statement. Invoices in open dispute or under a pending (unbroken) promise to
// pay are left out; customers with a broken promise come first, then by priority
// (Σ translated open amount × days past due).
//
// Balances are as of the date; collection activities and disputes are the collectors' current
// knowledge, whenever they were logged (the API logs them on the day they are entered, so an
// as-of filter on that day would hide today's promise from a report as of last week). A
// promise counts the payments applied to its invoices from the day it was logged — or, for
// one logged after its own date (recorded after the fact), all those up to its date.
//
// Beside the base-currency figures, each item states what the collector can ask the customer
// for: the counted invoices in its billing currency, summed untranslated, and those in other
// currencies listed apart per currency (a promise covers invoices of one currency, so a
// translated total would name an amount no single promise can be for).
//
// Collections depth: the worklist may be cut to one collector's customers, leaves out customers
// snoozed by a follow-up after the date (unless asked for), and shows the credit limit against
// the customer's total open balance (past due or not, disputed or not) in its billing currency.
import { ArgumentError } from '../../domain/errors.js';
import { MAX_PAGE_SIZE } from '../../domain/limits.js';
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { LIMITS } from '../../domain/text.js';
import { Money } from '../../domain/money/money.js';
import { Prisma, type Customer } from '../../generated/prisma/client.js';
import type { Db } from '../db-types.js';
import { checkDateArg, entityIdForArg, openInvoicesAsOf, rateAgePolicy, translationTo, type RateAgeParams, type ReportDb, type RowCustomer, type Translation } from '../reporting.js';
import { pastDueSql } from '../receivables/aging-buckets.sql.js';
import { prismaSqlRunner } from '../../db/sql-runner.js';

export interface WorklistParams extends RateAgeParams {
  asOf: string;
  entityCode?: string | null;
  first?: number | null;
  baseCurrency: string;
  /** Only this collector's customers (case-insensitive, exact). */
  collector?: string | null;
  /** Also the customers whose next follow-up is after asOf. */
  includeSnoozed?: boolean | null;
  /** Whether to total open balances against credit limits (overCreditLimit); default true. */
  creditLimits?: boolean;
}

/** What narrows the worklist beside the entity. */
export interface WorklistFilters {
  collector: string | null;
  includeSnoozed: boolean;
  /** Whether to total each customer's open balance against its credit limit (overCreditLimit). */
  creditLimits: boolean;
}

export interface WorklistItem<C extends RowCustomer = Customer> {
  customer: C;
  currency: string;
  pastDue: Money;
  oldestDaysPastDue: number;
  brokenPromises: number;
  lastActivity: string | null;
  lastActivityKind: string | null;
  nextFollowUp: string | null;
  priority: Money;
  /** The customer's billing currency. */
  billingCurrency: string;
  /** Σ open balance as of the date of the counted invoices in the billing currency, untranslated. */
  pastDueInBillingCurrency: Money;
  /** The counted invoices in other currencies, per currency, untranslated (alphabetical). */
  pastDueInOtherCurrencies: { currency: string; amount: Money }[];
  collector: string | null;
  /** In the billing currency; null: no limit. */
  creditLimit: Money | null;
  /** The total open balance as of the date, in the billing currency, is above creditLimit; null when not asked for (creditLimits: false). */
  overCreditLimit: boolean | null;
  onCreditHold: boolean;
  /** Disputes open on the customer's invoices. */
  openDisputes: number;
  /** The next follow-up when it is after the date (listed only with includeSnoozed). */
  snoozedUntil: string | null;
}

interface WorklistRow {
  customer_id: number;
  code: string;
  name: string;
  billing_currency: string;
  collector: string | null;
  credit_limit: string | null;
  on_credit_hold: boolean;
  past_due: string | null;
  oldest: number;
  priority: string | null;
  broken: number;
  last_activity: string | null;
  last_kind: string | null;
  next_follow_up: string | null;
  missing: string[] | null;
  in_billing: string;
  other_currencies: string[] | null;
  other_amounts: string[] | null;
  open_disputes: number;
  open_total: string | null;
  limit_missing: string[] | null;
  all_missing: string[] | null;
}

/** Which invoices the collectible CTEs read: an entity's, one customer's, or all. */
export interface CollectibleScope {
  entityId?: number | null;
  customerId?: number | null;
}

/**
 * CTEs shared by the worklist and a promise logged against it: `past_due` (invoices in the books
 * on `asOf` with an open balance then and past due), `promise_paid` (each promise on them with
 * what was paid towards it) and `pending` (invoices under an unbroken promise as of `asOf`);
 * with `allOpen`, `open_invoices` holds every invoice open on `asOf`, past due or not.
 */
export function collectibleCtes(asOf: string, scope: CollectibleScope, options: { allOpen?: boolean } = {}): Prisma.Sql {
  const asOfSql = Prisma.sql`${asOf}::date`;
  const filters = [
    ...(scope.customerId == null ? [] : [Prisma.sql`o.customer_id = ${scope.customerId}`]),
    ...(options.allOpen ? [] : [pastDueSql(Prisma.sql`o.days_past_due`)]),
  ];
  const where = filters.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(filters, ' AND ')}`;
  return Prisma.sql`
    -- MATERIALIZED, and amount > 0 tested outside: each open amount (a sum over its payments) is
    -- computed once. Past-due invoices only, unless allOpen (the worklist's credit-limit totals
    -- count every open invoice).
    open_invoices AS MATERIALIZED (
      SELECT o.* FROM (${openInvoicesAsOf(asOf, scope.entityId ?? null)}) o ${where}
    ),
    past_due AS (SELECT o.* FROM open_invoices o WHERE o.amount > 0 AND ${pastDueSql(Prisma.sql`o.days_past_due`)}),
    -- Each promise of a past-due customer with each of its invoices: read once for what was paid
    -- towards it, the invoices it shields and (in the worklist) the broken ones.
    promise_links AS MATERIALIZED (
      SELECT p.id, p.customer_id, p.promise_date, p.promise_amount, p.activity_date, pl.invoice_id
      FROM collection_activity p JOIN collection_activity_invoice pl ON pl.activity_id = p.id
      WHERE p.kind = 'PROMISE_TO_PAY' AND p.customer_id IN (SELECT customer_id FROM past_due)
    ),
    -- Payments applied to each promise's invoices since it was made: up to today, and up to its
    -- date. Summed per link by an index probe (a hash join would read every application), then
    -- per promise.
    promise_paid AS (
      SELECT p.id, p.customer_id, p.promise_date, p.promise_amount, sum(paid.to_date) AS paid_to_date, sum(paid.by_date) AS paid_by_date
      FROM promise_links p
      CROSS JOIN LATERAL (
        SELECT COALESCE(sum(a.amount + a.discount), 0) AS to_date,
               COALESCE(sum(a.amount + a.discount) FILTER (WHERE a.received_date <= p.promise_date), 0) AS by_date
        FROM payment_application a
        -- A promise is kept by cash: credits and write-offs lower the balance but pay nothing.
        WHERE a.invoice_id = p.invoice_id AND a.kind IN ('PAYMENT', 'REVERSAL') AND a.received_date <= ${asOfSql}
          AND (a.received_date >= p.activity_date OR p.promise_date < p.activity_date)
      ) paid
      GROUP BY p.id, p.customer_id, p.promise_date, p.promise_amount
    ),
    pending AS (
      SELECT DISTINCT pl.invoice_id FROM promise_paid p JOIN promise_links pl ON pl.id = p.id
      WHERE p.promise_date >= ${asOfSql} AND p.paid_to_date < p.promise_amount
    )`;
}

/** True when the invoice `invoiceIdSql` is in a dispute open as of `asOf` (resolved later, or not at all). */
export function inOpenDisputeSql(invoiceIdSql: Prisma.Sql, asOf: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM dispute x WHERE x.invoice_id = ${invoiceIdSql}
                            AND (x.resolved_date IS NULL OR x.resolved_date > ${asOf}::date))`;
}

/** The worklist as one aggregate statement (exported for EXPLAIN in investigations). */
export function worklistSql(fx: Translation, asOf: string, entityId: number | null, first: number, filters: WorklistFilters): Prisma.Sql {
  const asOfSql = Prisma.sql`${asOf}::date`;
  const collectorFilter = filters.collector === null ? Prisma.empty : Prisma.sql`AND lower(cu.collector) = lower(${filters.collector})`;
  const snoozeFilter = filters.includeSnoozed ? Prisma.empty : Prisma.sql`WHERE follow.next_follow_up IS NULL OR follow.next_follow_up <= ${asOfSql}`;
  return Prisma.sql`
    WITH ${fx.ratesCte},
    -- Every open invoice, past due or not, whether or not credit limits are totalled: with the
    -- past-due test inside the materialized CTE, PGlite's planner misjudged its size (307 rows for
    -- 3,560) and nested the joins after it (the worklist took 1.39× its hand-written SQL there, 1.14× so).
    ${collectibleCtes(asOf, { entityId }, { allOpen: true })},
    broken AS (
      SELECT p.customer_id, count(DISTINCT p.id)::int AS n
      FROM promise_paid p
      JOIN promise_links pl ON pl.id = p.id
      JOIN past_due d ON d.id = pl.invoice_id
      WHERE p.promise_date < ${asOfSql} AND p.paid_by_date < p.promise_amount
      GROUP BY p.customer_id
    ),
    workable AS (
      SELECT d.*, ${fx.translate(Prisma.sql`d.amount`, Prisma.sql`d.currency`)} AS translated,
             (d.currency = cu.currency) AS in_billing_currency
      FROM past_due d JOIN customer cu ON cu.id = d.customer_id
      WHERE NOT EXISTS (SELECT 1 FROM pending x WHERE x.invoice_id = d.id)
        AND NOT ${inOpenDisputeSql(Prisma.sql`d.id`, asOf)}
        ${collectorFilter}
    ),
    -- Past due in each currency other than the billing currency, untranslated (listed apart).
    other_currencies AS (
      SELECT customer_id, array_agg(currency ORDER BY currency) AS currencies, array_agg(amount::text ORDER BY currency) AS amounts
      FROM (SELECT customer_id, currency, sum(amount) AS amount FROM workable WHERE NOT in_billing_currency GROUP BY customer_id, currency) per_currency
      GROUP BY customer_id
    ),
    per_customer AS (
      SELECT customer_id, sum(translated) AS past_due, max(days_past_due) AS oldest,
             sum(translated * days_past_due) AS priority,
             COALESCE(sum(amount) FILTER (WHERE in_billing_currency), 0) AS in_billing,
             array_agg(DISTINCT currency) FILTER (WHERE translated IS NULL) AS missing
      FROM workable GROUP BY customer_id
    ),
    -- The page: ranked and cut before the figures below, so they are computed for its customers only.
    page AS (
      SELECT c.*, cu.code, cu.name, cu.currency AS billing_currency, cu.collector, cu.credit_limit, cu.on_credit_hold,
             COALESCE(b.n, 0) AS broken, follow.next_follow_up
      FROM per_customer c
      JOIN customer cu ON cu.id = c.customer_id
      LEFT JOIN broken b ON b.customer_id = c.customer_id
      LEFT JOIN LATERAL (
        SELECT next_follow_up FROM collection_activity
        WHERE customer_id = c.customer_id AND next_follow_up IS NOT NULL
        ORDER BY activity_date DESC, id DESC LIMIT 1) follow ON true
      ${snoozeFilter}
      ORDER BY (COALESCE(b.n, 0) > 0) DESC, c.priority DESC NULLS LAST, cu.code
      LIMIT ${first}
    ),
    -- Disputes open as of the date on the customer's invoices (as inOpenDisputeSql counts them).
    disputes_open AS (
      SELECT i.customer_id, count(*)::int AS n
      FROM dispute x JOIN invoice i ON i.id = x.invoice_id
      WHERE (x.resolved_date IS NULL OR x.resolved_date > ${asOfSql}) AND i.customer_id IN (SELECT customer_id FROM page)
      GROUP BY i.customer_id
    )${filters.creditLimits ? Prisma.sql`,${openTotalsCtes(fx)}` : Prisma.empty}
    SELECT c.customer_id, c.code, c.name, c.billing_currency, c.collector, c.credit_limit::text AS credit_limit, c.on_credit_hold,
           c.past_due::text AS past_due, c.oldest, c.priority::text AS priority, c.missing,
           c.in_billing::text AS in_billing, oc.currencies AS other_currencies, oc.amounts AS other_amounts,
           c.broken, to_char(last.activity_date, 'YYYY-MM-DD') AS last_activity, last.kind::text AS last_kind,
           to_char(c.next_follow_up, 'YYYY-MM-DD') AS next_follow_up, COALESCE(dx.n, 0) AS open_disputes,
           ${filters.creditLimits ? Prisma.sql`ot.total::text AS open_total, ot.missing AS limit_missing` : Prisma.sql`NULL AS open_total, NULL AS limit_missing`},
           -- Rates missing for any past-due customer, on the page or not: an error, never a customer quietly left out.
           (SELECT array_agg(DISTINCT m) FROM per_customer pc, unnest(pc.missing) m) AS all_missing
    FROM page c
    LEFT JOIN other_currencies oc ON oc.customer_id = c.customer_id
    LEFT JOIN disputes_open dx ON dx.customer_id = c.customer_id
    ${filters.creditLimits ? Prisma.sql`LEFT JOIN open_totals ot ON ot.customer_id = c.customer_id` : Prisma.empty}
    LEFT JOIN LATERAL (
      SELECT activity_date, kind FROM collection_activity
      WHERE customer_id = c.customer_id
      ORDER BY activity_date DESC, id DESC LIMIT 1) last ON true
    ORDER BY (c.broken > 0) DESC, c.priority DESC NULLS LAST, c.code`;
}

/**
 * `open_totals`: for the page's customers with a credit limit, every invoice open as of the date
 * in the billing currency (others translated at the date's rates, each rounded to its minor
 * units), summed; `missing` names the currencies without a rate.
 */
function openTotalsCtes(fx: Translation): Prisma.Sql {
  // A billing currency needs a rate to translate to, so the rated currencies' minor units are all it can use.
  return Prisma.sql`
    billing_places(currency, places) AS (SELECT * FROM unnest(${fx.rated}::text[], ${fx.rated.map(minorUnitsOf)}::int[])),
    open_in_billing AS (
      SELECT o.customer_id, CASE WHEN o.currency = cu.currency THEN o.amount
        ELSE round(o.amount * (SELECT rate FROM rates WHERE currency = o.currency) / (SELECT rate FROM rates WHERE currency = cu.currency),
                   COALESCE((SELECT places FROM billing_places WHERE currency = cu.currency), 2)) END AS amount,
        o.currency, cu.currency AS billing_currency
      FROM open_invoices o JOIN customer cu ON cu.id = o.customer_id
      WHERE o.amount > 0 AND cu.credit_limit IS NOT NULL AND o.customer_id IN (SELECT customer_id FROM page)
    ),
    open_totals AS (
      SELECT customer_id, sum(amount) AS total,
             array_agg(DISTINCT currency) FILTER (WHERE amount IS NULL) || array_agg(DISTINCT billing_currency) FILTER (WHERE amount IS NULL) AS missing
      FROM open_in_billing GROUP BY customer_id
    )`;
}

/** The worklist with whole customer records (exports, and callers outside GraphQL). */
export async function collectionsWorklist(prisma: Db, params: WorklistParams): Promise<WorklistItem[]> {
  return worklistItems({ prisma, sql: prismaSqlRunner(prisma) }, params, true);
}

/**
 * The worklist from its one statement. With `wholeCustomers` each item's customer is its Prisma
 * record (read after the statement, for the page's customers); without, the id, code and name
 * the rows carry — the rest of what an item shows of its customer comes with its row.
 */
export async function worklistItems(db: ReportDb, params: WorklistParams, wholeCustomers: true): Promise<WorklistItem[]>;
export async function worklistItems(db: ReportDb, params: WorklistParams, wholeCustomers: boolean): Promise<WorklistItem<RowCustomer>[]>;
export async function worklistItems(db: ReportDb, params: WorklistParams, wholeCustomers: boolean): Promise<WorklistItem<RowCustomer>[]> {
  const asOf = checkDateArg(params.asOf, 'asOf');
  const first = params.first ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ArgumentError('first', `first must be from 1 to ${MAX_PAGE_SIZE} (the maximum page size); got ${first}.`);
  }
  const collector = collectorArg(params.collector);
  const [entityId, fx] = await Promise.all([
    entityIdForArg(db.prisma, params.entityCode),
    translationTo(db.sql, params.baseCurrency, asOf, params.baseCurrency, rateAgePolicy(params)),
  ]);
  const filters: WorklistFilters = {
    collector,
    includeSnoozed: params.includeSnoozed ?? false,
    creditLimits: params.creditLimits ?? true,
  };
  const statement = worklistSql(fx, asOf, entityId, first, filters);
  const rows = await db.sql<WorklistRow>(statement.text, statement.values);

  const missing = [...new Set(rows.flatMap((row) => [...(row.all_missing ?? []), ...(row.limit_missing ?? [])]))];
  if (missing.length > 0) throw fx.rateError(missing);

  const records = wholeCustomers && rows.length > 0 ? await db.prisma.customer.findMany({ where: { id: { in: rows.map((row) => row.customer_id) } } }) : [];
  const byId = new Map<number, RowCustomer>(records.map((customer) => [customer.id, customer]));
  return rows.map((row) => {
    const creditLimit = row.credit_limit === null ? null : new Money(row.credit_limit);
    return {
      customer: byId.get(row.customer_id) ?? { id: row.customer_id, code: row.code, name: row.name },
      billingCurrency: row.billing_currency,
      pastDueInBillingCurrency: new Money(row.in_billing),
      pastDueInOtherCurrencies: (row.other_currencies ?? []).map((currency, i) => ({ currency, amount: new Money(row.other_amounts![i]!) })),
      currency: params.baseCurrency,
      pastDue: new Money(row.past_due ?? 0),
      oldestDaysPastDue: row.oldest,
      brokenPromises: row.broken,
      lastActivity: row.last_activity,
      lastActivityKind: row.last_kind,
      nextFollowUp: row.next_follow_up,
      priority: new Money(row.priority ?? 0),
      collector: row.collector,
      creditLimit,
      overCreditLimit: !filters.creditLimits ? null : creditLimit !== null && new Money(row.open_total ?? 0).gt(creditLimit),
      onCreditHold: row.on_credit_hold,
      openDisputes: row.open_disputes,
      snoozedUntil: row.next_follow_up !== null && row.next_follow_up > asOf ? row.next_follow_up : null,
    };
  });
}

/** The collector argument, trimmed; null: every collector's customers. */
function collectorArg(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const collector = value.trim();
  if (collector === '' || collector.length > LIMITS.name) {
    throw new ArgumentError('collector', `collector must be a collector's name of 1 to ${LIMITS.name} characters (as set on customers); leave it out for every collector's customers.`);
  }
  return collector;
}
