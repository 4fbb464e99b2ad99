// The ledger aggregates behind the computed KPIs, in one SQL statement per period and scope.
// AR figures as of the period's last day, beginning AR as of the day before it starts, all
// translated at the rates of the period end (each invoice rounded before it is summed).
import { addDays } from '../../domain/dates.js';
import { Money } from '../../domain/money/money.js';
import type { LedgerFigures } from '../../domain/kpis/formulas.js';
import type { Period } from '../../domain/kpis/periods.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Db, Tx } from '../db-types.js';
import { inAgingBucketSql } from '../receivables/aging-buckets.sql.js';
import { openInvoicesAsOf, rateAgePolicy, translationTo, type RateAgeParams } from '../reporting.js';

interface FiguresRow {
  beginning_ar: string | null;
  ending_ar: string | null;
  ending_current_ar: string | null;
  credit_sales: string | null;
  invoices_issued: number;
  invoices_disputed: number;
  invoices_settled: number;
  invoices_settled_on_time: number;
  projects_finished: number;
  projects_on_time: number;
  projects_on_budget: number;
  missing: string[] | null;
}

export interface FiguresParams extends RateAgeParams {
  period: Period;
  entityId: number | null;
  currency: string;
  baseCurrency: string;
}

export async function ledgerFigures(prisma: Db | Tx, params: FiguresParams): Promise<LedgerFigures> {
  const { period, entityId } = params;
  const fx = await translationTo(prisma, params.currency, period.end, params.baseCurrency, rateAgePolicy(params));
  const t = (amount: Prisma.Sql, currency: Prisma.Sql) => fx.translate(amount, currency);
  const entityFilter = (column: Prisma.Sql) => (entityId === null ? Prisma.empty : Prisma.sql`AND ${column} = ${entityId}`);
  const start = Prisma.sql`${period.start}::date`;
  const end = Prisma.sql`${period.end}::date`;
  const [row] = await prisma.$queryRaw<FiguresRow[]>(Prisma.sql`
    WITH ${fx.ratesCte},
    ending AS (
      SELECT o.currency, o.days_past_due, ${t(Prisma.sql`o.amount`, Prisma.sql`o.currency`)} AS amount
      FROM (${openInvoicesAsOf(period.end, entityId)}) o WHERE o.amount <> 0
    ),
    beginning AS (
      SELECT o.currency, ${t(Prisma.sql`o.amount`, Prisma.sql`o.currency`)} AS amount
      FROM (${openInvoicesAsOf(addDays(period.start, -1), entityId)}) o WHERE o.amount <> 0
    ),
    issued AS (
      SELECT i.currency, i.total, i.void_date, EXISTS (SELECT 1 FROM dispute d WHERE d.invoice_id = i.id) AS disputed
      FROM invoice i
      WHERE i.status <> 'DRAFT' AND i.issue_date BETWEEN ${start} AND ${end} ${entityFilter(Prisma.sql`i.entity_id`)}
    ),
    sales AS (
      SELECT i.currency, ${t(Prisma.sql`i.total`, Prisma.sql`i.currency`)} AS amount
      FROM issued i WHERE i.void_date IS NULL OR i.void_date > ${end}
    ),
    all_amounts AS (
      SELECT currency, amount FROM ending UNION ALL SELECT currency, amount FROM beginning UNION ALL SELECT currency, amount FROM sales
    )
    SELECT
      (SELECT sum(amount) FROM beginning)::text AS beginning_ar,
      (SELECT sum(amount) FROM ending)::text AS ending_ar,
      (SELECT sum(amount) FILTER (WHERE ${inAgingBucketSql('current', Prisma.sql`days_past_due`)}) FROM ending)::text AS ending_current_ar,
      (SELECT sum(amount) FROM sales)::text AS credit_sales,
      (SELECT count(*) FROM issued)::int AS invoices_issued,
      (SELECT count(*) FILTER (WHERE disputed) FROM issued)::int AS invoices_disputed,
      s.settled AS invoices_settled, s.on_time AS invoices_settled_on_time,
      p.finished AS projects_finished, p.on_time AS projects_on_time, p.on_budget AS projects_on_budget,
      (SELECT array_agg(DISTINCT currency) FROM all_amounts WHERE amount IS NULL) AS missing
    FROM
      (SELECT count(*)::int AS settled, (count(*) FILTER (WHERE i.paid_date <= i.due_date))::int AS on_time
       FROM invoice i WHERE i.status = 'PAID' AND i.paid_date BETWEEN ${start} AND ${end} ${entityFilter(Prisma.sql`i.entity_id`)}) s,
      (SELECT count(*)::int AS finished,
              (count(*) FILTER (WHERE p.actual_end_date <= p.baseline_end_date))::int AS on_time,
              (count(*) FILTER (WHERE p.actual_cost <= p.budget))::int AS on_budget
       FROM project p WHERE p.status <> 'CANCELLED' AND p.actual_end_date BETWEEN ${start} AND ${end}
       ${entityFilter(Prisma.sql`p.entity_id`)}) p`);

  if (row!.missing && row!.missing.length > 0) throw fx.rateError(row!.missing);
  return {
    beginningAr: new Money(row!.beginning_ar ?? 0),
    endingAr: new Money(row!.ending_ar ?? 0),
    endingCurrentAr: new Money(row!.ending_current_ar ?? 0),
    creditSales: new Money(row!.credit_sales ?? 0),
    invoicesIssued: row!.invoices_issued,
    invoicesDisputed: row!.invoices_disputed,
    invoicesSettled: row!.invoices_settled,
    invoicesSettledOnTime: row!.invoices_settled_on_time,
    projectsFinished: row!.projects_finished,
    projectsFinishedOnTime: row!.projects_on_time,
    projectsFinishedOnBudget: row!.projects_on_budget,
  };
}
