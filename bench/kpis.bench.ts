// kpiScorecard for a month and a quarter through the API, against the same figures from one
// hand-written SQL statement (AR as of the period end and the day before it starts, credit
// sales, settled and disputed counts, finished projects) on the same data in the same run.
import type { Dataset, Row } from './harness.js';
import { time } from './harness.js';

const SCORECARD = `query($period: String!) { kpiScorecard(period: $period) { code actual target status } }`;

const FIGURES_SQL = `
WITH rates AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $2::date ORDER BY currency, date DESC
), open_at AS (
  SELECT d.as_of, i.currency, d.as_of - i.due_date AS dpd,
         i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                             WHERE a.invoice_id = i.id AND a.received_date <= d.as_of), 0) AS amount
  FROM (VALUES ($1::date - 1), ($2::date)) AS d(as_of)
  JOIN invoice i ON i.status <> 'DRAFT' AND i.issue_date <= d.as_of
   AND (i.void_date IS NULL OR i.void_date > d.as_of) AND (i.paid_date IS NULL OR i.paid_date > d.as_of)
), ar AS (
  SELECT o.as_of, o.dpd, CASE WHEN o.currency = 'USD' THEN o.amount ELSE round(o.amount * r.rate, 2) END AS amount
  FROM open_at o LEFT JOIN rates r ON r.currency = o.currency WHERE o.amount <> 0
), issued AS (
  SELECT i.currency, i.total, i.void_date, EXISTS (SELECT 1 FROM dispute x WHERE x.invoice_id = i.id) AS disputed
  FROM invoice i WHERE i.status <> 'DRAFT' AND i.issue_date BETWEEN $1::date AND $2::date
)
SELECT
  (SELECT sum(amount) FROM ar WHERE as_of = $1::date - 1) AS beginning_ar,
  (SELECT sum(amount) FROM ar WHERE as_of = $2::date) AS ending_ar,
  (SELECT sum(amount) FROM ar WHERE as_of = $2::date AND dpd <= 0) AS ending_current_ar,
  (SELECT sum(CASE WHEN s.currency = 'USD' THEN s.total ELSE round(s.total * r.rate, 2) END)
     FROM issued s LEFT JOIN rates r ON r.currency = s.currency WHERE s.void_date IS NULL OR s.void_date > $2::date) AS credit_sales,
  (SELECT count(*) FROM issued) AS issued, (SELECT count(*) FILTER (WHERE disputed) FROM issued) AS disputed,
  (SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date BETWEEN $1::date AND $2::date) AS settled,
  (SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date BETWEEN $1::date AND $2::date AND paid_date <= due_date) AS on_time,
  (SELECT count(*) FROM project WHERE status <> 'CANCELLED' AND actual_end_date BETWEEN $1::date AND $2::date) AS finished`;

export async function benchKpis(data: Dataset): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [label, period, start, end] of [
    ['month', '2026-10', '2026-10-01', '2026-10-31'],
    ['quarter', '2026-Q3', '2026-07-01', '2026-09-30'],
  ] as const) {
    const api = await data.gql(SCORECARD, { period });
    if (!Array.isArray(api.kpiScorecard) || api.kpiScorecard.length < 10) throw new Error('kpiScorecard returned too little');
    rows.push({
      dataset: data.label,
      operation: `kpiScorecard (${label} ${period})`,
      api: await time(() => data.gql(SCORECARD, { period })),
      baseline: await time(() => data.sql.query(FIGURES_SQL, [start, end])),
    });
  }
  return rows;
}
