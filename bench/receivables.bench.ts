// agingReport, a 500-row invoices page and the collections worklist through the API, against
// the same figures from hand-written SQL through the driver on the same database in the same
// run; each pair is checked to agree before it is timed.
import { minorUnitsOf } from '../api/domain/money/currencies.js';
import type { BenchOptions, Dataset, Row } from './harness.js';
import { BENCH_BASE_CURRENCY, BENCH_TODAY, assertSameFigures, timePair } from './harness.js';

const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';
const AGING = `query($asOf: Date!, $currency: String) { agingReport(asOf: $asOf, currency: $currency) {
  total { ${BUCKETS} }
  customers { customer { code name } buckets { ${BUCKETS} } } } }`;

// The same rules by hand: open balance as of the date ($1); translated to the reporting currency
// ($2) as amount × rate(C) ÷ rate(R), the latest rates on or before the date, the base currency
// ($3) at 1, rounded per invoice to R's minor units ($4); bucketed by days past due, per
// customer and in total; customers whose figures are all zero left out.
const AGING_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $1::date ORDER BY currency, date DESC
), rate AS (
  SELECT currency, rate FROM latest UNION ALL SELECT $3::text, 1
), open AS (
  SELECT i.customer_id, i.currency, $1::date - i.due_date AS dpd,
         i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                             WHERE a.invoice_id = i.id AND a.received_date <= $1::date), 0) AS amount
  FROM invoice i
  WHERE i.status <> 'DRAFT' AND i.issue_date <= $1::date AND (i.void_date IS NULL OR i.void_date > $1::date)
    AND (i.paid_date IS NULL OR i.paid_date > $1::date)
), t AS (
  SELECT o.customer_id, o.dpd,
         CASE WHEN o.currency = $2 THEN o.amount ELSE round(o.amount * rc.rate / rr.rate, $4::int) END AS amount
  FROM open o LEFT JOIN rate rc ON rc.currency = o.currency LEFT JOIN rate rr ON rr.currency = $2
  WHERE o.amount <> 0
), buckets AS (
  SELECT c.code, c.name, GROUPING(c.code) AS is_total,
    COALESCE(sum(amount) FILTER (WHERE dpd <= 0), 0) AS current, COALESCE(sum(amount) FILTER (WHERE dpd BETWEEN 1 AND 30), 0) AS d30,
    COALESCE(sum(amount) FILTER (WHERE dpd BETWEEN 31 AND 60), 0) AS d60, COALESCE(sum(amount) FILTER (WHERE dpd BETWEEN 61 AND 90), 0) AS d90,
    COALESCE(sum(amount) FILTER (WHERE dpd >= 91), 0) AS over90, COALESCE(sum(amount), 0) AS total
  FROM t JOIN customer c ON c.id = t.customer_id GROUP BY GROUPING SETS ((c.code, c.name), ())
)
SELECT * FROM buckets WHERE is_total = 1 OR 0 <> ANY (ARRAY[current, d30, d60, d90, over90, total])`;

const PAGE = `query($first: Int!) { invoices(first: $first, orderBy: ISSUE_DATE_DESC) {
  pageInfo { hasNextPage endCursor }
  edges { node { id number status issueDate dueDate currency total balance customer { code name } lines { lineNo description quantity unitPrice amount } } } } }`;

// Balance today ($2): nothing is open on an invoice void by then.
const PAGE_SQL = `
SELECT i.id, i.number, i.status, i.issue_date::text AS issue_date, i.due_date::text AS due_date, i.currency, i.total,
       CASE WHEN i.void_date <= $2::date THEN 0 ELSE i.total - i.amount_paid END AS balance, c.code, c.name,
       COALESCE((SELECT json_agg(json_build_object('lineNo', l.line_no, 'description', l.description, 'quantity', l.quantity::text,
                                                   'unitPrice', l.unit_price::text, 'amount', l.amount::text) ORDER BY l.line_no)
                 FROM invoice_line l WHERE l.invoice_id = i.id), '[]') AS lines
FROM invoice i JOIN customer c ON c.id = i.customer_id
ORDER BY i.issue_date DESC, i.id DESC LIMIT $1`;

const WORKLIST = `query($asOf: Date!) { collectionsWorklist(asOf: $asOf, first: 100) {
  customer { code name } pastDue oldestDaysPastDue brokenPromises lastActivity nextFollowUp priority } }`;

// The worklist by hand, in the base currency ($2, minor units $3): past-due open invoices less
// those in open dispute or under a pending promise, per customer, broken promises first, then
// by Σ translated amount × days past due. Promises and disputes count whenever they were logged;
// a promise counts the cash (payments, less reversals — not credits or write-offs) on its
// invoices from the day it was made (all of it, up to the date, for one logged after its own
// date). A customer whose latest follow-up date is after the as-of date is snoozed: left out.
const WORKLIST_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $1::date ORDER BY currency, date DESC
), past_due AS (
  SELECT i.id, i.customer_id, $1::date - i.due_date AS dpd,
         CASE WHEN i.currency = $2 THEN o.amount ELSE round(o.amount * r.rate, $3::int) END AS amount
  FROM invoice i
  CROSS JOIN LATERAL (SELECT i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                       WHERE a.invoice_id = i.id AND a.received_date <= $1::date), 0) AS amount) o
  LEFT JOIN latest r ON r.currency = i.currency
  WHERE i.status <> 'DRAFT' AND i.issue_date <= $1::date AND (i.void_date IS NULL OR i.void_date > $1::date)
    AND (i.paid_date IS NULL OR i.paid_date > $1::date) AND i.due_date < $1::date AND o.amount > 0
), promise AS (
  SELECT p.id, p.customer_id, p.promise_date, p.promise_amount,
         COALESCE(sum(a.amount + a.discount), 0) AS paid,
         COALESCE(sum(a.amount + a.discount) FILTER (WHERE a.received_date <= p.promise_date), 0) AS paid_by_date
  FROM collection_activity p LEFT JOIN collection_activity_invoice l ON l.activity_id = p.id
  LEFT JOIN payment_application a ON a.invoice_id = l.invoice_id AND a.received_date <= $1::date
   AND a.kind IN ('PAYMENT', 'REVERSAL')
   AND (a.received_date >= p.activity_date OR p.promise_date < p.activity_date)
  WHERE p.kind = 'PROMISE_TO_PAY' GROUP BY p.id
), shielded AS (
  SELECT l.invoice_id FROM promise p JOIN collection_activity_invoice l ON l.activity_id = p.id WHERE p.promise_date >= $1::date AND p.paid < p.promise_amount
  UNION SELECT invoice_id FROM dispute WHERE resolved_date IS NULL OR resolved_date > $1::date
), broken AS (
  SELECT p.customer_id, count(DISTINCT p.id) AS n FROM promise p JOIN collection_activity_invoice l ON l.activity_id = p.id
  JOIN past_due d ON d.id = l.invoice_id WHERE p.promise_date < $1::date AND p.paid_by_date < p.promise_amount GROUP BY p.customer_id
)
SELECT c.code, c.name, sum(d.amount) AS past_due, max(d.dpd) AS oldest, COALESCE(max(b.n), 0) AS broken,
       (SELECT x.activity_date FROM collection_activity x WHERE x.customer_id = c.id
        ORDER BY x.activity_date DESC, x.id DESC LIMIT 1)::text AS last_activity,
       (SELECT x.next_follow_up FROM collection_activity x WHERE x.customer_id = c.id AND x.next_follow_up IS NOT NULL
        ORDER BY x.activity_date DESC, x.id DESC LIMIT 1)::text AS next_follow_up,
       sum(d.amount * d.dpd) AS priority
FROM past_due d JOIN customer c ON c.id = d.customer_id LEFT JOIN broken b ON b.customer_id = c.id
WHERE d.id NOT IN (SELECT invoice_id FROM shielded)
GROUP BY c.id
HAVING COALESCE((SELECT x.next_follow_up FROM collection_activity x WHERE x.customer_id = c.id AND x.next_follow_up IS NOT NULL
                 ORDER BY x.activity_date DESC, x.id DESC LIMIT 1), $1::date) <= $1::date
ORDER BY COALESCE(max(b.n), 0) > 0 DESC, priority DESC, c.code LIMIT 100`;

const bucketsOf = (r: any) => ({ current: r.current, days1To30: r.d30, days31To60: r.d60, days61To90: r.d90, over90: r.over90, total: r.total });

export async function benchReceivables(data: Dataset, { currency }: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];

  const agingArgs = [BENCH_TODAY, currency, BENCH_BASE_CURRENCY, minorUnitsOf(currency)];
  const apiAging = (await data.gql(AGING, { asOf: BENCH_TODAY, currency })).agingReport;
  const sqlAging = (await data.sql.query(AGING_SQL, agingArgs)).rows;
  const customers = sqlAging.filter((r) => r.is_total === 0);
  assertSameFigures(
    `agingReport in ${currency}`,
    { total: apiAging.total, customers: Object.fromEntries(apiAging.customers.map((c: any) => [c.customer.code, { name: c.customer.name, ...c.buckets }])) },
    { total: bucketsOf(sqlAging.find((r) => r.is_total === 1)!), customers: Object.fromEntries(customers.map((r) => [r.code, { name: r.name, ...bucketsOf(r) }])) },
  );
  rows.push({
    dataset: data.label,
    operation: `agingReport in ${currency} (${customers.length} customers)`,
    ...(await timePair(() => data.gql(AGING, { asOf: BENCH_TODAY, currency }), () => data.sql.query(AGING_SQL, agingArgs))),
  });

  const apiPage = (await data.gql(PAGE, { first: 500 })).invoices.edges.map(({ node }: any) => node);
  const sqlPage = (await data.sql.query(PAGE_SQL, [500, BENCH_TODAY])).rows;
  assertSameFigures(
    'invoices page',
    apiPage,
    sqlPage.map((r) => ({
      id: r.id, number: r.number, status: r.status, issueDate: r.issue_date, dueDate: r.due_date, currency: r.currency,
      total: r.total, balance: r.balance, customer: { code: r.code, name: r.name }, lines: r.lines,
    })),
  );
  rows.push({
    dataset: data.label,
    operation: 'invoices page of 500 + customer + lines',
    ...(await timePair(() => data.gql(PAGE, { first: 500 }), () => data.sql.query(PAGE_SQL, [500, BENCH_TODAY]))),
  });

  const worklistArgs = [BENCH_TODAY, BENCH_BASE_CURRENCY, minorUnitsOf(BENCH_BASE_CURRENCY)];
  const apiWorklist = (await data.gql(WORKLIST, { asOf: BENCH_TODAY })).collectionsWorklist;
  const sqlWorklist = (await data.sql.query(WORKLIST_SQL, worklistArgs)).rows;
  assertSameFigures(
    'collectionsWorklist',
    apiWorklist,
    sqlWorklist.map((r) => ({
      customer: { code: r.code, name: r.name }, pastDue: r.past_due, oldestDaysPastDue: r.oldest, brokenPromises: r.broken,
      lastActivity: r.last_activity, nextFollowUp: r.next_follow_up, priority: r.priority,
    })),
  );
  rows.push({
    dataset: data.label,
    // The worklist has no reporting currency: always the base currency.
    operation: `collectionsWorklist in ${BENCH_BASE_CURRENCY} (first 100)`,
    ...(await timePair(() => data.gql(WORKLIST, { asOf: BENCH_TODAY }), () => data.sql.query(WORKLIST_SQL, worklistArgs))),
  });
  return rows;
}
