// Which invoices a list asks for: one reading of the filter, shared by GraphQL's `invoices`
// connection and the CSV export (/export/invoices.csv).
import { dateFromIso } from '../../domain/dates.js';
import { ArgumentError } from '../../domain/errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { InvoiceStatus } from '../../generated/prisma/enums.js';
import type { Db } from '../db-types.js';
import { checkCurrencyArg, customerIdForArg, dateRangeArg, entityIdForArg } from '../reporting.js';

export interface InvoiceFilter {
  entityCode?: string | null;
  customerCode?: string | null;
  /** Any of these statuses. */
  status?: readonly string[] | null;
  currency?: string | null;
  issueDateFrom?: string | null;
  issueDateTo?: string | null;
  dueDateFrom?: string | null;
  dueDateTo?: string | null;
  /** true: past due today with a balance; false: not. */
  overdue?: boolean | null;
  disputed?: boolean | null;
  /** true: ISSUED or PARTIALLY_PAID. */
  open?: boolean | null;
}

const OPEN: Prisma.InvoiceWhereInput = { status: { in: ['ISSUED', 'PARTIALLY_PAID'] } };

/**
 * Prisma's where for a filter. A refusal names the argument as the caller wrote it: `prefix`
 * is "filter." for GraphQL's filter input and "" for the export's query parameters.
 */
export async function invoiceWhere(prisma: Db, filter: InvoiceFilter | null | undefined, today: string, prefix = 'filter.'): Promise<Prisma.InvoiceWhereInput> {
  const where: Prisma.InvoiceWhereInput = {};
  const and: Prisma.InvoiceWhereInput[] = [];
  if (!filter) return where;
  const entityId = await entityIdForArg(prisma, filter.entityCode);
  if (entityId !== null) where.entityId = entityId;
  const customerId = await customerIdForArg(prisma, filter.customerCode, `${prefix}customerCode`);
  if (customerId !== null) where.customerId = customerId;
  if (filter.status && filter.status.length > 0) where.status = { in: checkStatuses(filter.status, `${prefix}status`) };
  if (filter.currency) where.currency = checkCurrencyArg(filter.currency, '', `${prefix}currency`);
  for (const name of ['issueDate', 'dueDate'] as const) {
    const range = dateRangeArg({ from: filter[`${name}From`], to: filter[`${name}To`] }, { from: `${prefix}${name}From`, to: `${prefix}${name}To` });
    if (range) where[name] = range;
  }
  if (filter.disputed !== null && filter.disputed !== undefined) where.disputed = filter.disputed;
  if (filter.open === true) and.push(OPEN);
  if (filter.open === false) and.push({ NOT: OPEN });
  const overdue: Prisma.InvoiceWhereInput = { ...OPEN, dueDate: { lt: dateFromIso(today) } };
  if (filter.overdue === true) and.push(overdue);
  if (filter.overdue === false) and.push({ NOT: overdue });
  if (and.length > 0) where.AND = and;
  return where;
}

function checkStatuses(statuses: readonly string[], argument: string): InvoiceStatus[] {
  const unknown = statuses.filter((status) => !(status in InvoiceStatus));
  if (unknown.length > 0) throw new ArgumentError(argument, `Unknown status ${unknown.join(', ').slice(0, 100)}; use ${Object.values(InvoiceStatus).join(', ')}.`);
  return statuses as InvoiceStatus[];
}
