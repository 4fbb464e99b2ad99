// The exports that list records (invoices, payments, customers, projects, risks): one SELECT
// each, every cell formatted in SQL, read in batches along a unique order (see stream.ts). Their
// filters are those of the GraphQL list of the same records, with the same checks and messages,
// plus `updatedSince` (records written at or after an ISO 8601 timestamp) for incremental refresh.
import { ArgumentError, ErrorCode } from '../domain/errors.js';
import { LIMITS } from '../domain/text.js';
import { Prisma } from '../generated/prisma/client.js';
import { InvoiceStatus, ProjectStatus } from '../generated/prisma/enums.js';
import type { Db } from '../services/db-types.js';
import { checkCurrencyArg, checkMatchArg, customerIdForArg, entityIdForArg } from '../services/reporting.js';
import { checkOneOf, type ExportParams } from './params.js';
import { dateSql, moneySql, timestampSql, type Column } from './sql-format.js';

/** One key of a row export's order. A dataset's keys together are unique: its rows have one order. */
export interface OrderKey {
  sql: Prisma.Sql;
  descending?: boolean;
}

export interface RowQuery {
  /** FROM … with its joins. */
  from: Prisma.Sql;
  where: Prisma.Sql[];
  order: readonly OrderKey[];
}

export interface RowDataset {
  kind: 'rows';
  name: string;
  description: string;
  parameters: readonly string[];
  columns: readonly Column[];
  query(prisma: Db, params: ExportParams, today: string): Promise<RowQuery>;
}

const sql = Prisma.sql;
const text = (name: string, expr: Prisma.Sql): Column => ({ name, sql: expr, kind: 'text' });
const formatted = (name: string, expr: Prisma.Sql): Column => ({ name, sql: expr, kind: 'formatted' });
const int = (name: string, expr: Prisma.Sql): Column => ({ name, sql: expr, kind: 'int' });
const bool = (name: string, expr: Prisma.Sql): Column => ({ name, sql: expr, kind: 'bool' });
const byId = (id: Prisma.Sql): OrderKey[] => [{ sql: id }];
const byCode = (code: Prisma.Sql): OrderKey[] => [{ sql: code }];

/** updatedSince (inclusive) and updatedBefore (exclusive): a window such as a Power BI partition's. */
function updatedSince(params: ExportParams, column: Prisma.Sql): Prisma.Sql[] {
  const since = params.timestamp('updatedSince');
  const before = params.timestamp('updatedBefore');
  return [...(since ? [sql`${column} >= ${since}`] : []), ...(before ? [sql`${column} < ${before}`] : [])];
}

function dateFilters(params: ExportParams, column: Prisma.Sql, from: string, to: string): Prisma.Sql[] {
  const gte = params.date(from);
  const lte = params.date(to);
  return [...(gte ? [sql`${column} >= ${gte}::date`] : []), ...(lte ? [sql`${column} <= ${lte}::date`] : [])];
}

const OPEN_STATUSES = sql`i.status IN ('ISSUED', 'PARTIALLY_PAID')`;

export const invoices: RowDataset = {
  kind: 'rows',
  name: 'invoices',
  description: 'One row per invoice, voided ones included (status VOID, void_date), in id order.',
  parameters: ['entityCode', 'customerCode', 'status', 'currency', 'issueDateFrom', 'issueDateTo', 'dueDateFrom', 'dueDateTo', 'overdue', 'disputed', 'open', 'updatedSince', 'updatedBefore'],
  columns: [
    text('number', sql`i.number`),
    text('entity', sql`e.code`),
    text('customer_code', sql`c.code`),
    text('customer_name', sql`c.name`),
    formatted('status', sql`i.status::text`),
    formatted('issue_date', dateSql(sql`i.issue_date`)),
    formatted('due_date', dateSql(sql`i.due_date`)),
    formatted('currency', sql`i.currency::text`),
    text('payment_terms', sql`i.payment_terms`),
    text('po_number', sql`i.po_number`),
    formatted('subtotal', moneySql(sql`i.subtotal`, sql`i.currency`)),
    formatted('tax_total', moneySql(sql`i.tax_total`, sql`i.currency`)),
    formatted('total', moneySql(sql`i.total`, sql`i.currency`)),
    formatted('amount_paid', moneySql(sql`i.amount_paid`, sql`i.currency`)),
    // As the API's Invoice.balance: nothing is open on an invoice voided on or before today. As a
    // subquery today is read once per statement rather than parsed again on every row.
    formatted('balance', moneySql(sql`CASE WHEN i.void_date <= (SELECT current_setting('ledgerline.today')::date) THEN 0 ELSE i.total - i.amount_paid END`, sql`i.currency`)),
    bool('disputed', sql`i.disputed`),
    formatted('paid_date', dateSql(sql`i.paid_date`)),
    formatted('void_date', dateSql(sql`i.void_date`)),
    text('void_reason', sql`i.void_reason`),
    int('version', sql`i.version`),
    formatted('updated_at', timestampSql(sql`i.updated_at`)),
  ],
  async query(prisma, params, today) {
    const where: Prisma.Sql[] = [];
    const entityId = await entityIdForArg(prisma, params.text('entityCode'));
    if (entityId !== null) where.push(sql`i.entity_id = ${entityId}`);
    const customerId = await customerIdForArg(prisma, params.text('customerCode'));
    if (customerId !== null) where.push(sql`i.customer_id = ${customerId}`);
    const statuses = checkOneOf(params.list('status'), Object.values(InvoiceStatus), 'status');
    if (statuses.length > 0) where.push(sql`i.status::text = ANY(${statuses}::text[])`);
    const currency = params.text('currency');
    if (currency) where.push(sql`i.currency = ${checkCurrencyArg(currency, '', 'currency')}`);
    where.push(...dateFilters(params, sql`i.issue_date`, 'issueDateFrom', 'issueDateTo'));
    where.push(...dateFilters(params, sql`i.due_date`, 'dueDateFrom', 'dueDateTo'));
    const disputed = params.bool('disputed');
    if (disputed !== null) where.push(disputed ? sql`i.disputed` : sql`NOT i.disputed`);
    const open = params.bool('open');
    if (open !== null) where.push(open ? OPEN_STATUSES : sql`NOT (${OPEN_STATUSES})`);
    const overdue = params.bool('overdue');
    const isOverdue = sql`(${OPEN_STATUSES} AND i.due_date < ${today}::date)`;
    if (overdue !== null) where.push(overdue ? isOverdue : sql`NOT ${isOverdue}`);
    where.push(...updatedSince(params, sql`i.updated_at`));
    return {
      from: sql`invoice i JOIN entity e ON e.id = i.entity_id JOIN customer c ON c.id = i.customer_id`,
      where,
      order: byId(sql`i.id`),
    };
  },
};

export const payments: RowDataset = {
  kind: 'rows',
  name: 'payments',
  description: 'One row per payment received, in id order.',
  parameters: ['entityCode', 'customerCode', 'receivedFrom', 'receivedTo', 'unappliedOnly', 'updatedSince', 'updatedBefore'],
  columns: [
    int('id', sql`p.id`),
    text('entity', sql`e.code`),
    text('customer_code', sql`c.code`),
    text('customer_name', sql`c.name`),
    formatted('received_date', dateSql(sql`p.received_date`)),
    formatted('amount', moneySql(sql`p.amount`, sql`p.currency`)),
    formatted('currency', sql`p.currency::text`),
    text('reference', sql`p.reference`),
    formatted('unapplied_amount', moneySql(sql`p.unapplied_amount`, sql`p.currency`)),
    formatted('updated_at', timestampSql(sql`p.updated_at`)),
  ],
  async query(prisma, params) {
    const where: Prisma.Sql[] = [];
    const entityId = await entityIdForArg(prisma, params.text('entityCode'));
    if (entityId !== null) where.push(sql`c.entity_id = ${entityId}`);
    const customerId = await customerIdForArg(prisma, params.text('customerCode'));
    if (customerId !== null) where.push(sql`p.customer_id = ${customerId}`);
    where.push(...dateFilters(params, sql`p.received_date`, 'receivedFrom', 'receivedTo'));
    if (params.bool('unappliedOnly')) where.push(sql`p.unapplied_amount > 0`);
    where.push(...updatedSince(params, sql`p.updated_at`));
    return { from: sql`payment p JOIN customer c ON c.id = p.customer_id JOIN entity e ON e.id = c.entity_id`, where, order: byId(sql`p.id`) };
  },
};

/** Prisma's `contains` with mode insensitive, for a value escaped by checkMatchArg. */
const containsSql = (column: Prisma.Sql, escaped: string) => sql`${column} ILIKE '%' || ${escaped} || '%'`;

export const customers: RowDataset = {
  kind: 'rows',
  name: 'customers',
  description: 'One row per customer, in code order.',
  parameters: ['entityCode', 'search', 'updatedSince', 'updatedBefore'],
  columns: [
    text('code', sql`c.code`),
    text('name', sql`c.name`),
    text('entity', sql`e.code`),
    formatted('currency', sql`c.currency::text`),
    text('payment_terms', sql`c.payment_terms`),
    formatted('credit_limit', moneySql(sql`c.credit_limit`, sql`c.currency`)),
    formatted('delivery_channel', sql`c.delivery_channel::text`),
    { name: 'billing_emails', sql: sql`c.billing_emails`, kind: 'list' },
    text('portal_url', sql`c.portal_url`),
    bool('po_required', sql`c.po_required`),
    text('collector', sql`c.collector`),
    int('version', sql`c.version`),
    formatted('updated_at', timestampSql(sql`c.updated_at`)),
  ],
  async query(prisma, params) {
    const where: Prisma.Sql[] = [];
    const entityId = await entityIdForArg(prisma, params.text('entityCode'));
    if (entityId !== null) where.push(sql`c.entity_id = ${entityId}`);
    const search = params.text('search');
    if (search) {
      const escaped = checkMatchArg(search, 'search');
      where.push(sql`(${containsSql(sql`c.code`, escaped)} OR ${containsSql(sql`c.name`, escaped)})`);
    }
    where.push(...updatedSince(params, sql`c.updated_at`));
    return { from: sql`customer c JOIN entity e ON e.id = c.entity_id`, where, order: byCode(sql`c.code`) };
  },
};

export const projects: RowDataset = {
  kind: 'rows',
  name: 'projects',
  description: 'One row per project, in code order.',
  parameters: ['status', 'entityCode', 'owner', 'search', 'updatedSince', 'updatedBefore'],
  columns: [
    text('code', sql`p.code`),
    text('name', sql`p.name`),
    text('entity', sql`e.code`),
    text('owner', sql`p.owner`),
    text('sponsor', sql`p.sponsor`),
    formatted('status', sql`p.status::text`),
    formatted('start_date', dateSql(sql`p.start_date`)),
    formatted('baseline_end_date', dateSql(sql`p.baseline_end_date`)),
    formatted('forecast_end_date', dateSql(sql`p.forecast_end_date`)),
    formatted('actual_end_date', dateSql(sql`p.actual_end_date`)),
    formatted('budget', moneySql(sql`p.budget`, sql`p.currency`)),
    formatted('actual_cost', moneySql(sql`p.actual_cost`, sql`p.currency`)),
    formatted('currency', sql`p.currency::text`),
    // As Project.percentComplete: the decimal without trailing zeros ("45.5").
    formatted('percent_complete', sql`trim_scale(p.percent_complete)::text`),
    formatted('budget_variance', moneySql(sql`p.budget - p.actual_cost`, sql`p.currency`)),
    int('schedule_variance_days', sql`(COALESCE(p.actual_end_date, p.forecast_end_date) - p.baseline_end_date)`),
    int('version', sql`p.version`),
    formatted('updated_at', timestampSql(sql`p.updated_at`)),
  ],
  async query(prisma, params) {
    const where: Prisma.Sql[] = [];
    const entityId = await entityIdForArg(prisma, params.text('entityCode'));
    if (entityId !== null) where.push(sql`p.entity_id = ${entityId}`);
    const statuses = checkOneOf(params.list('status'), Object.values(ProjectStatus), 'status');
    if (statuses.length > 0) where.push(sql`p.status::text = ANY(${statuses}::text[])`);
    const owner = params.text('owner');
    if (owner) where.push(sql`p.owner ILIKE ${checkMatchArg(owner, 'owner', LIMITS.name)}`);
    const search = params.text('search');
    if (search) {
      const escaped = checkMatchArg(search, 'search');
      where.push(sql`(${containsSql(sql`p.code`, escaped)} OR ${containsSql(sql`p.name`, escaped)})`);
    }
    where.push(...updatedSince(params, sql`p.updated_at`));
    return { from: sql`project p LEFT JOIN entity e ON e.id = p.entity_id`, where, order: byCode(sql`p.code`) };
  },
};

export const risks: RowDataset = {
  kind: 'rows',
  name: 'risks',
  description: 'One row per risk, highest score (probability × impact) first, then by id.',
  parameters: ['projectCode', 'openOnly', 'updatedSince', 'updatedBefore'],
  columns: [
    int('id', sql`r.id`),
    text('project_code', sql`p.code`),
    text('title', sql`r.title`),
    text('description', sql`r.description`),
    int('probability', sql`r.probability`),
    int('impact', sql`r.impact`),
    int('score', sql`(r.probability * r.impact)`),
    text('owner', sql`r.owner`),
    text('mitigation', sql`r.mitigation`),
    formatted('status', sql`r.status::text`),
    int('version', sql`r.version`),
    formatted('updated_at', timestampSql(sql`r.updated_at`)),
  ],
  async query(prisma, params) {
    const where: Prisma.Sql[] = [];
    const projectCode = params.text('projectCode');
    if (projectCode) {
      const project = await prisma.project.findUnique({ where: { code: projectCode.toUpperCase() }, select: { id: true } });
      if (!project) throw new ArgumentError('projectCode', `No project with code "${projectCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
      where.push(sql`r.project_id = ${project.id}`);
    }
    if (params.bool('openOnly')) where.push(sql`r.status IN ('OPEN', 'MITIGATING')`);
    where.push(...updatedSince(params, sql`r.updated_at`));
    return { from: sql`risk r JOIN project p ON p.id = r.project_id`, where, order: [{ sql: sql`(r.probability * r.impact)`, descending: true }, ...byId(sql`r.id`)] };
  },
};

export const ROW_DATASETS: readonly RowDataset[] = [invoices, payments, customers, projects, risks];
