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
  return rows;
}
