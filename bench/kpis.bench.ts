// kpiScorecard for a month and a quarter through the API, against the same KPI values from one
// hand-written SQL statement (the ledger figures and the formulas) on the same data in the same
// run; the values are checked to agree before they are timed.
import { minorUnitsOf } from '../api/domain/money/currencies.js';
import type { BenchOptions, Dataset, Row } from './harness.js';
import { BENCH_BASE_CURRENCY, assertSameFigures, timePair } from './harness.js';

const SCORECARD = `query($period: String!, $currency: String) { kpiScorecard(period: $period, currency: $currency) { code actual } }`;

// Period $1–$2 of $6 days and $7 months. AR as of the period end and as of the day before it
// starts, credit sales of the period: each invoice translated to the reporting currency ($3) at
// the rates of the period end (the base currency $4 at 1), rounded to R's minor units ($5)
// before it is summed. The formulas run unrounded and round to 2 decimals at the end; a zero
// denominator gives null.
const KPIS_SQL = `
WITH latest AS (
  SELECT DISTINCT ON (currency) currency, rate FROM fx_rate WHERE date <= $2::date ORDER BY currency, date DESC
), rate AS (
  SELECT currency, rate FROM latest UNION ALL SELECT $4::text, 1
), open_at AS (
  SELECT d.as_of, i.currency, d.as_of - i.due_date AS dpd,
         i.total - COALESCE((SELECT sum(a.amount + a.discount) FROM payment_application a
                             WHERE a.invoice_id = i.id AND a.received_date <= d.as_of), 0) AS amount
  FROM (VALUES ($1::date - 1), ($2::date)) AS d(as_of)
  JOIN invoice i ON i.status <> 'DRAFT' AND i.issue_date <= d.as_of
   AND (i.void_date IS NULL OR i.void_date > d.as_of) AND (i.paid_date IS NULL OR i.paid_date > d.as_of)
), issued AS (
  SELECT i.currency, i.total AS amount, i.void_date, EXISTS (SELECT 1 FROM dispute x WHERE x.invoice_id = i.id) AS disputed
  FROM invoice i WHERE i.status <> 'DRAFT' AND i.issue_date BETWEEN $1::date AND $2::date
), translated AS (
  SELECT 'ar' AS kind, o.as_of, o.dpd, CASE WHEN o.currency = $3 THEN o.amount ELSE round(o.amount * rc.rate / rr.rate, $5::int) END AS amount
  FROM open_at o LEFT JOIN rate rc ON rc.currency = o.currency LEFT JOIN rate rr ON rr.currency = $3 WHERE o.amount <> 0
  UNION ALL
  SELECT 'sales', NULL, NULL, CASE WHEN s.currency = $3 THEN s.amount ELSE round(s.amount * rc.rate / rr.rate, $5::int) END
  FROM issued s LEFT JOIN rate rc ON rc.currency = s.currency LEFT JOIN rate rr ON rr.currency = $3
  WHERE s.void_date IS NULL OR s.void_date > $2::date
), figures AS (
  SELECT
    COALESCE(sum(amount) FILTER (WHERE kind = 'ar' AND as_of < $1::date), 0) AS beginning_ar,
    COALESCE(sum(amount) FILTER (WHERE kind = 'ar' AND as_of = $2::date), 0) AS ending_ar,
    COALESCE(sum(amount) FILTER (WHERE kind = 'ar' AND as_of = $2::date AND dpd <= 0), 0) AS ending_current_ar,
    COALESCE(sum(amount) FILTER (WHERE kind = 'sales'), 0) AS credit_sales,
    (SELECT count(*) FROM issued) AS issued, (SELECT count(*) FILTER (WHERE disputed) FROM issued) AS disputed,
    (SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date BETWEEN $1::date AND $2::date) AS settled,
    (SELECT count(*) FROM invoice WHERE status = 'PAID' AND paid_date BETWEEN $1::date AND $2::date AND paid_date <= due_date) AS settled_on_time,
    (SELECT count(*) FROM project WHERE status <> 'CANCELLED' AND actual_end_date BETWEEN $1::date AND $2::date) AS finished,
    (SELECT count(*) FROM project WHERE status <> 'CANCELLED' AND actual_end_date BETWEEN $1::date AND $2::date AND actual_end_date <= baseline_end_date) AS finished_on_time,
    (SELECT count(*) FROM project WHERE status <> 'CANCELLED' AND actual_end_date BETWEEN $1::date AND $2::date AND actual_cost <= budget) AS finished_on_budget
  FROM translated
), unrounded AS (
  SELECT f.*, f.ending_ar / NULLIF(f.credit_sales, 0) * $6::int AS dso, f.ending_current_ar / NULLIF(f.credit_sales, 0) * $6::int AS best,
         f.beginning_ar + f.credit_sales / $7::int AS collectible
  FROM figures f
)
SELECT round(dso, 2) AS "DSO", round(best, 2) AS "BEST_POSSIBLE_DSO", round(dso - best, 2) AS "ADD",
  round((collectible - ending_ar) / NULLIF(collectible - ending_current_ar, 0) * 100, 2) AS "CEI",
  round((ending_ar - ending_current_ar) / NULLIF(ending_ar, 0) * 100, 2) AS "PAST_DUE_PCT",
  round(credit_sales / NULLIF((beginning_ar + ending_ar) / 2, 0), 2) AS "AR_TURNOVER",
  round(disputed::numeric / NULLIF(issued, 0) * 100, 2) AS "DISPUTE_RATE",
  round(settled_on_time::numeric / NULLIF(settled, 0) * 100, 2) AS "ON_TIME_PAYMENT_RATE",
  round(finished_on_time::numeric / NULLIF(finished, 0) * 100, 2) AS "PROJECTS_ON_TIME_PCT",
  round(finished_on_budget::numeric / NULLIF(finished, 0) * 100, 2) AS "PROJECTS_ON_BUDGET_PCT"
FROM unrounded`;

export async function benchKpis(data: Dataset, { currency }: BenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [label, period, start, end, days, months] of [
    ['month', '2026-10', '2026-10-01', '2026-10-31', 31, 1],
    ['quarter', '2026-Q3', '2026-07-01', '2026-09-30', 92, 3],
  ] as const) {
    const args = [start, end, currency, BENCH_BASE_CURRENCY, minorUnitsOf(currency), days, months];
    const api: { code: string; actual: string | null }[] = (await data.gql(SCORECARD, { period, currency })).kpiScorecard;
    const [baseline] = (await data.sql.query(KPIS_SQL, args)).rows;
    // The scorecard also lists manual KPIs, which have no ledger formula.
    const computed = new Set(Object.keys(baseline));
    assertSameFigures(`kpiScorecard ${period} in ${currency}`, Object.fromEntries(api.filter((kpi) => computed.has(kpi.code)).map((kpi) => [kpi.code, kpi.actual])), baseline);
    rows.push({
      dataset: data.label,
      operation: `kpiScorecard in ${currency} (${label} ${period})`,
      ...(await timePair(() => data.gql(SCORECARD, { period, currency }), () => data.sql.query(KPIS_SQL, args))),
    });
  }
  return rows;
}
