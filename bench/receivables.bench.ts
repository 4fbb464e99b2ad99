// agingReport and a 500-row invoices page through the API, against the same figures from
// hand-written SQL through the driver on the same database in the same run.
import type { Dataset, Row } from './harness.js';
import { BENCH_TODAY, time } from './harness.js';

const AGING = `query($asOf: Date!) { agingReport(asOf: $asOf) {
  total { current days1To30 days31To60 days61To90 over90 total }
  customers { customer { code name } buckets { current days1To30 days31To60 days61To90 over90 total } } } }`;

// The same rules by hand: open balance as of the date, translated at the latest rate on or
// before it and rounded per invoice, bucketed by days past due, per customer.
const AGING_SQL = `
WITH rates AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $1::date ORDER BY currency, date DESC
), open AS (
  SELECT i.customer_id, i.currency, $1::date - i.due_date AS dpd,
         i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                             WHERE a.invoice_id = i.id AND a.received_date <= $1::date), 0) AS amount
  FROM invoice i
  WHERE i.status <> 'DRAFT' AND i.issue_date <= $1::date AND (i.void_date IS NULL OR i.void_date > $1::date)
    AND (i.paid_date IS NULL OR i.paid_date > $1::date)
), t AS (
  SELECT o.customer_id, o.dpd,
         CASE WHEN o.currency = 'USD' THEN o.amount ELSE round(o.amount * r.rate, 2) END AS amount
  FROM open o LEFT JOIN rates r ON r.currency = o.currency WHERE o.amount <> 0
)
SELECT c.code, c.name,
  sum(amount) FILTER (WHERE dpd <= 0) AS current, sum(amount) FILTER (WHERE dpd BETWEEN 1 AND 30) AS d30,
  sum(amount) FILTER (WHERE dpd BETWEEN 31 AND 60) AS d60, sum(amount) FILTER (WHERE dpd BETWEEN 61 AND 90) AS d90,
  sum(amount) FILTER (WHERE dpd >= 91) AS over90, sum(amount) AS total
FROM t JOIN customer c ON c.id = t.customer_id GROUP BY c.id ORDER BY c.code`;

const PAGE = `query($first: Int!) { invoices(first: $first, orderBy: ISSUE_DATE_DESC) {
  pageInfo { hasNextPage endCursor }
  edges { node { id number status issueDate dueDate currency total balance customer { code name } lines { lineNo description quantity unitPrice amount } } } } }`;

const PAGE_SQL = `
SELECT i.id, i.number, i.status, i.issue_date, i.due_date, i.currency, i.total, i.total - i.amount_paid AS balance,
       c.code, c.name,
       (SELECT json_agg(json_build_object('lineNo', l.line_no, 'description', l.description, 'quantity', l.quantity,
                                          'unitPrice', l.unit_price, 'amount', l.amount) ORDER BY l.line_no)
        FROM invoice_line l WHERE l.invoice_id = i.id) AS lines
FROM invoice i JOIN customer c ON c.id = i.customer_id
ORDER BY i.issue_date DESC, i.id DESC LIMIT $1`;

export async function benchReceivables(data: Dataset): Promise<Row[]> {
  const rows: Row[] = [];
  const apiAging = await data.gql(AGING, { asOf: BENCH_TODAY });
  const sqlAging = await data.sql.query(AGING_SQL, [BENCH_TODAY]);
  if (apiAging.agingReport.customers.length !== sqlAging.rowCount) {
    throw new Error(`aging mismatch: API ${apiAging.agingReport.customers.length} customers, SQL ${sqlAging.rowCount}`);
  }
  rows.push({
    dataset: data.label,
    operation: `agingReport (${sqlAging.rowCount} customers)`,
    api: await time(() => data.gql(AGING, { asOf: BENCH_TODAY })),
    baseline: await time(() => data.sql.query(AGING_SQL, [BENCH_TODAY])),
  });
  rows.push({
    dataset: data.label,
    operation: 'invoices page of 500 + customer + lines',
    api: await time(() => data.gql(PAGE, { first: 500 })),
    baseline: await time(() => data.sql.query(PAGE_SQL, [500])),
  });
  const worklist = `query($asOf: Date!) { collectionsWorklist(asOf: $asOf, first: 100) { customer { code name } pastDue oldestDaysPastDue brokenPromises lastActivity nextFollowUp priority } }`;
  rows.push({
    dataset: data.label,
    operation: 'collectionsWorklist (first 100)',
    api: await time(() => data.gql(worklist, { asOf: BENCH_TODAY })),
    baseline: await time(() => data.sql.query(WORKLIST_SQL, [BENCH_TODAY])),
  });
  return rows;
}

// The worklist by hand: past-due open invoices less those in open dispute or under a pending
// promise, per customer, broken promises first, then by Σ amount × days past due.
const WORKLIST_SQL = `
WITH rates AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $1::date ORDER BY currency, date DESC
), past_due AS (
  SELECT i.id, i.customer_id, $1::date - i.due_date AS dpd,
         CASE WHEN i.currency = 'USD' THEN o.amount ELSE round(o.amount * r.rate, 2) END AS amount
  FROM invoice i
  CROSS JOIN LATERAL (SELECT i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                       WHERE a.invoice_id = i.id AND a.received_date <= $1::date), 0) AS amount) o
  LEFT JOIN rates r ON r.currency = i.currency
  WHERE i.status <> 'DRAFT' AND i.issue_date <= $1::date AND (i.void_date IS NULL OR i.void_date > $1::date)
    AND (i.paid_date IS NULL OR i.paid_date > $1::date) AND i.due_date < $1::date AND o.amount > 0
), promise AS (
  SELECT p.id, p.customer_id, p.promise_date, p.promise_amount,
         COALESCE(sum(a.amount + a.discount), 0) AS paid, COALESCE(sum(a.amount + a.discount) FILTER (WHERE a.received_date <= p.promise_date), 0) AS paid_by_date
  FROM collection_activity p LEFT JOIN collection_activity_invoice l ON l.activity_id = p.id
  LEFT JOIN payment_application a ON a.invoice_id = l.invoice_id AND a.received_date BETWEEN p.activity_date AND $1::date
  WHERE p.kind = 'PROMISE_TO_PAY' AND p.activity_date <= $1::date GROUP BY p.id
), shielded AS (
  SELECT l.invoice_id FROM promise p JOIN collection_activity_invoice l ON l.activity_id = p.id WHERE p.promise_date >= $1::date AND p.paid < p.promise_amount
  UNION SELECT invoice_id FROM dispute WHERE opened_date <= $1::date AND (resolved_date IS NULL OR resolved_date > $1::date)
), broken AS (
  SELECT p.customer_id, count(DISTINCT p.id) AS n FROM promise p JOIN collection_activity_invoice l ON l.activity_id = p.id
  JOIN past_due d ON d.id = l.invoice_id WHERE p.promise_date < $1::date AND p.paid_by_date < p.promise_amount GROUP BY p.customer_id
)
SELECT c.code, c.name, sum(d.amount) AS past_due, max(d.dpd) AS oldest, sum(d.amount * d.dpd) AS priority, COALESCE(max(b.n), 0) AS broken,
       (SELECT max(activity_date) FROM collection_activity x WHERE x.customer_id = c.id AND x.activity_date <= $1::date) AS last_activity
FROM past_due d JOIN customer c ON c.id = d.customer_id LEFT JOIN broken b ON b.customer_id = c.id
WHERE NOT EXISTS (SELECT 1 FROM shielded s WHERE s.invoice_id = d.id)
GROUP BY c.id ORDER BY COALESCE(max(b.n), 0) > 0 DESC, priority DESC LIMIT 100`;
