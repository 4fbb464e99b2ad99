// The exports of reports (aging, collections worklist, KPI scorecard and history): computed by
// the very services GraphQL calls, so every figure is the API's, then written row by row with
// backpressure. A report is bounded by the number of customers or KPIs, not of documents.
// `updatedAt` of a row is the latest write to what the row is computed from (the customer, its
// invoices and payments — and activities for the worklist; a KPI's definition, target and
// manual actual, and for a computed KPI the ledger), so `updatedSince` keeps the rows that may
// have changed.
import type { Config } from '../config.js';
import { parsePeriod, periodRange } from '../domain/kpis/periods.js';
import { MAX_HISTORY_PERIODS } from '../domain/limits.js';
import { formatMoney, Money } from '../domain/money/money.js';
import { Prisma } from '../generated/prisma/client.js';
import { collectionsWorklist } from '../services/collections/worklist.service.js';
import type { Db } from '../services/db-types.js';
import { kpiHistory, kpiScorecard, type KpiValue } from '../services/kpis/kpi.service.js';
import { agingReport } from '../services/receivables/aging.service.js';
import type { ExportParams } from './params.js';

export type Cell = string | number | boolean | null;

export interface ReportRows {
  /** Column names (CSV headers; NDJSON keys are their camelCase). */
  columns: readonly string[];
  rows: Cell[][];
  /** Without extension. */
  filename: string;
}

export interface ReportDataset {
  kind: 'report';
  name: string;
  description: string;
  parameters: readonly string[];
  /** Scans of the ledger it costs, counted against the token's budget as in GraphQL (api/work-limit.ts). */
  work(params: ExportParams): number;
  load(prisma: Db, params: ExportParams, context: { today: string; config: Config }): Promise<ReportRows>;
}

const sql = Prisma.sql;
const iso = (at: Date | null | undefined) => (at ? at.toISOString() : null);

/** The latest write per customer to the customer, its invoices and payments (and activities). */
async function customerWrites(prisma: Db, customerIds: number[], withActivities: boolean): Promise<Map<number, Date>> {
  if (customerIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ id: number; at: Date }[]>(sql`
    SELECT c.id, GREATEST(c.updated_at,
      (SELECT max(updated_at) FROM invoice WHERE customer_id = c.id),
      (SELECT max(updated_at) FROM payment WHERE customer_id = c.id)
      ${withActivities ? sql`, (SELECT max(updated_at) FROM collection_activity WHERE customer_id = c.id)` : Prisma.empty}) AS at
    FROM customer c WHERE c.id = ANY(${customerIds}::int[])`);
  return new Map(rows.map((row) => [row.id, row.at]));
}

/** The window of updatedSince (inclusive) and updatedBefore (exclusive), as the row exports read it. */
interface UpdatedWindow {
  since: Date | null;
  before: Date | null;
}

function updatedWindow(params: ExportParams): UpdatedWindow {
  return { since: params.timestamp('updatedSince'), before: params.timestamp('updatedBefore') };
}

function keepSince<T extends Cell[]>(rows: T[], window: UpdatedWindow, updatedAtIndex: number): T[] {
  if (!window.since && !window.before) return rows;
  const since = window.since?.toISOString() ?? '';
  const before = window.before?.toISOString() ?? '\uffff';
  return rows.filter((row) => {
    const at = row[updatedAtIndex];
    return typeof at === 'string' && at >= since && at < before;
  });
}

export const aging: ReportDataset = {
  kind: 'report',
  name: 'aging',
  description: 'The aging report as of a date: one row per customer with an open balance, then a TOTAL row (left out with updatedSince).',
  parameters: ['asOf', 'entityCode', 'currency', 'allowStaleRates', 'updatedSince', 'updatedBefore'],
  work: () => 1,
  async load(prisma, params, { today, config }) {
    const since = updatedWindow(params);
    const report = await agingReport(prisma, {
      asOf: params.text('asOf') ?? today,
      entityCode: params.text('entityCode'),
      currency: params.text('currency'),
      baseCurrency: config.baseCurrency,
      fxMaxAgeDays: config.fxMaxAgeDays,
      allowStaleRates: params.bool('allowStaleRates'),
    });
    const money = (value: Money) => formatMoney(value, report.currency);
    const writes = await customerWrites(prisma, report.customers.map((c) => c.customer.id), false);
    const columns = ['as_of', 'currency', 'customer_code', 'customer_name', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90', 'total', 'unapplied_cash', 'updated_at'];
    const rows: Cell[][] = report.customers.map(({ customer, buckets, unappliedCash }) => [
      report.asOf, report.currency, customer.code, customer.name,
      money(buckets.current), money(buckets.days1To30), money(buckets.days31To60), money(buckets.days61To90), money(buckets.over90), money(buckets.total),
      money(unappliedCash), iso(writes.get(customer.id)),
    ]);
    if (since.since || since.before) return { columns, rows: keepSince(rows, since, 11), filename: `aging-${report.asOf}` };
    const t = report.total;
    const latest = [...writes.values()].reduce<Date | null>((max, at) => (max && max >= at ? max : at), null);
    rows.push([report.asOf, report.currency, 'TOTAL', '', money(t.current), money(t.days1To30), money(t.days31To60), money(t.days61To90), money(t.over90), money(t.total), money(report.unappliedCash), iso(latest)]);
    return { columns, rows, filename: `aging-${report.asOf}` };
  },
};

export const worklist: ReportDataset = {
  kind: 'report',
  name: 'worklist',
  description: 'The collections worklist as of a date: broken promises first, then by priority (at most first rows, default and maximum 1000).',
  parameters: ['asOf', 'entityCode', 'first', 'collector', 'includeSnoozed', 'allowStaleRates', 'updatedSince', 'updatedBefore'],
  work: () => 1,
  async load(prisma, params, { today, config }) {
    const since = updatedWindow(params);
    const firstText = params.text('first');
    const first = firstText === null ? null : /^\d{1,6}$/.test(firstText) ? Number(firstText) : Number.NaN;
    const asOf = params.text('asOf') ?? today;
    const items = await collectionsWorklist(prisma, {
      asOf, entityCode: params.text('entityCode'), first, baseCurrency: config.baseCurrency, collector: params.text('collector'), includeSnoozed: params.bool('includeSnoozed'),
      fxMaxAgeDays: config.fxMaxAgeDays, allowStaleRates: params.bool('allowStaleRates'),
    });
    const writes = await customerWrites(prisma, items.map((item) => item.customer.id), true);
    const columns = ['as_of', 'customer_code', 'customer_name', 'currency', 'past_due', 'oldest_days_past_due', 'broken_promises', 'last_activity', 'last_activity_kind', 'next_follow_up', 'priority', 'billing_currency', 'past_due_in_billing_currency', 'past_due_in_other_currencies',
      'collector', 'credit_limit', 'over_credit_limit', 'on_credit_hold', 'open_disputes', 'snoozed_until', 'updated_at'];
    const rows: Cell[][] = items.map((item) => [
      asOf, item.customer.code, item.customer.name, item.currency,
      formatMoney(item.pastDue, item.currency), item.oldestDaysPastDue, item.brokenPromises,
      item.lastActivity, item.lastActivityKind, item.nextFollowUp,
      formatMoney(item.priority, item.currency), item.billingCurrency, formatMoney(item.pastDueInBillingCurrency, item.billingCurrency),
      item.pastDueInOtherCurrencies.map((o) => `${o.currency} ${formatMoney(o.amount, o.currency)}`).join('; '),
      item.collector, item.creditLimit === null ? null : formatMoney(item.creditLimit, item.billingCurrency), item.overCreditLimit, item.onCreditHold, item.openDisputes, item.snoozedUntil,
      iso(writes.get(item.customer.id)),
    ]);
    return { columns, rows: keepSince(rows, since, columns.length - 1), filename: `worklist-${asOf}` };
  },
};

const KPI_COLUMNS = ['code', 'name', 'unit', 'direction', 'source', 'period', 'entity_code', 'currency', 'actual', 'live_actual', 'target', 'tolerance', 'status', 'closed', 'restated', 'updated_at'];

/** Latest write per KPI and period behind these values (see the file's opening comment). */
async function kpiWrites(prisma: Db, values: KpiValue[], scope: string): Promise<(value: KpiValue) => string | null> {
  if (values.length === 0) return () => null;
  const periods = [...new Set(values.map((v) => v.period))];
  const [ledger] = await prisma.$queryRaw<{ at: Date | null }[]>(sql`SELECT GREATEST((SELECT max(updated_at) FROM invoice), (SELECT max(updated_at) FROM payment)) AS at`);
  const rows = await prisma.$queryRaw<{ kpi_id: number; period: string; at: Date }[]>(sql`
    SELECT kpi_id, period, max(updated_at) AS at FROM (
      SELECT kpi_id, period, updated_at FROM kpi_target WHERE scope = ${scope} AND period = ANY(${periods}::text[])
      UNION ALL SELECT kpi_id, period, updated_at FROM kpi_actual WHERE scope = ${scope} AND period = ANY(${periods}::text[])
    ) w GROUP BY kpi_id, period`);
  const byKey = new Map(rows.map((row) => [`${row.kpi_id}/${row.period}`, row.at]));
  return (value) => {
    const candidates = [value.definition.updatedAt, byKey.get(`${value.definition.id}/${value.period}`), value.definition.source === 'COMPUTED' ? ledger?.at : null];
    const latest = candidates.filter((at): at is Date => at instanceof Date).reduce<Date | null>((max, at) => (max && max >= at ? max : at), null);
    return iso(latest);
  };
}

async function kpiRows(prisma: Db, values: KpiValue[], since: UpdatedWindow): Promise<Cell[][]> {
  const scope = values[0]?.entityCode ?? '*';
  const updatedAt = await kpiWrites(prisma, values, scope);
  const two = (value: Money | null) => (value === null ? null : value.toFixed(2));
  const rows: Cell[][] = values.map((v) => [
    v.definition.code, v.definition.name, v.definition.unit, v.definition.direction, v.definition.source, v.period, v.entityCode, v.currency,
    two(v.actual), two(v.liveActual), v.target ? v.target.toFixed() : null, new Money(v.definition.tolerance.toString()).toFixed(),
    v.status, v.closed, v.restated, updatedAt(v),
  ]);
  return keepSince(rows, since, KPI_COLUMNS.length - 1);
}

export const kpiScorecardReport: ReportDataset = {
  kind: 'report',
  name: 'kpi-scorecard',
  description: 'Every KPI for one period (2026-10, 2026-Q4 or 2026-W48) and scope, as kpiScorecard.',
  parameters: ['period', 'entityCode', 'currency', 'allowStaleRates', 'updatedSince', 'updatedBefore'],
  work: () => 1,
  async load(prisma, params, { config }) {
    const since = updatedWindow(params);
    const period = params.requiredText('period', '2026-10');
    const values = await kpiScorecard(prisma, { period, entityCode: params.text('entityCode'), currency: params.text('currency'), baseCurrency: config.baseCurrency,
      fxMaxAgeDays: config.fxMaxAgeDays, allowStaleRates: params.bool('allowStaleRates') });
    return { columns: KPI_COLUMNS, rows: await kpiRows(prisma, values, since), filename: `kpi-scorecard-${values[0]?.period ?? period}` };
  },
};

export const kpiHistoryReport: ReportDataset = {
  kind: 'report',
  name: 'kpi-history',
  description: 'One KPI over a run of periods of one kind (at most 60), oldest first, as kpiHistory.',
  parameters: ['code', 'from', 'to', 'entityCode', 'currency', 'allowStaleRates', 'updatedSince', 'updatedBefore'],
  work(params) {
    try {
      return periodRange(parsePeriod(params.text('from') ?? ''), parsePeriod(params.text('to') ?? ''), MAX_HISTORY_PERIODS).length;
    } catch {
      return 1; // refused by load, with the reason
    }
  },
  async load(prisma, params, { config }) {
    const since = updatedWindow(params);
    const code = params.requiredText('code', 'DSO');
    const values = await kpiHistory(prisma, {
      code,
      from: params.requiredText('from', '2026-01'),
      to: params.requiredText('to', '2026-12'),
      entityCode: params.text('entityCode'),
      currency: params.text('currency'),
      baseCurrency: config.baseCurrency,
      fxMaxAgeDays: config.fxMaxAgeDays,
      allowStaleRates: params.bool('allowStaleRates'),
    });
    return { columns: KPI_COLUMNS, rows: await kpiRows(prisma, values, since), filename: `kpi-history-${code.toUpperCase()}` };
  },
};

export const REPORT_DATASETS: readonly ReportDataset[] = [aging, worklist, kpiScorecardReport, kpiHistoryReport];
