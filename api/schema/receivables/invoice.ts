// Invoices: their lines, deliveries and disputes; the invoices connection; creating, issuing
// and voiding.
import { builder } from '../../builder.js';
import { daysPastDue } from '../../domain/receivables/aging.js';
import { toPayload } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { invoiceWhere } from '../../services/receivables/invoice-filter.js';
import { createInvoice, issueInvoice, voidInvoice } from '../../services/receivables/invoice.service.js';
import { checkPageSize } from '../../services/reporting.js';
import { ArgumentError } from '../../domain/errors.js';
import type { Context } from '../../context.js';
import { countReadWithPage, readOne, readPage } from '../../read/connection.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../../read/updated-since.js';
import { computed, decimalText, moneyText, moneyTextOrNull } from '../../read/values.js';
import { DISPUTE_REASONS } from '../../domain/collections/disputes.js';
import { InvoiceStatusEnum, iso, isoOrNull, money, payloadType, reload } from '../common.js';

/**
 * A line as its invoice serves it: the invoice's currency rides along to pad the amount, so a
 * page of invoices loads its lines without looking up each line's invoice again.
 */
type LineWithCurrency = Prisma.InvoiceLineGetPayload<object> & { currency: string };

const InvoiceLineRef = builder.objectRef<LineWithCurrency>('InvoiceLine').implement({
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    description: t.exposeString('description'),
    quantity: t.field({ type: 'Decimal', resolve: (l) => decimalText(l.quantity) }),
    unitPrice: t.field({ type: 'Decimal', resolve: (l) => decimalText(l.unitPrice) }),
    amount: t.field({ type: 'Decimal', description: 'Net: quantity × unit price, rounded to the currency.', resolve: (l) => moneyText(l.amount, l.currency) }),
    taxRate: t.field({ type: 'Decimal', description: 'Percent, e.g. "20" for 20 %.', resolve: (l) => decimalText(l.taxRate) }),
    taxCategory: t.exposeString('taxCategory', { description: 'UNCL5305: S standard, Z zero, E exempt, AE reverse charge, O outside the scope of tax.' }),
  }),
});

export const DisputeReasonEnum = builder.enumType('DisputeReason', { values: DISPUTE_REASONS });

builder.prismaObject('Dispute', {
  fields: (t) => ({
    reason: t.exposeString('reason'),
    reasonCode: t.field({ type: DisputeReasonEnum, resolve: (d) => d.reasonCode }),
    amount: t.field({
      type: 'Decimal',
      nullable: true,
      description: "The amount disputed, in the invoice's currency; null: the whole open balance.",
      select: { invoice: { select: { currency: true } } },
      resolve: (d) => moneyTextOrNull(d.amount, d.invoice.currency),
    }),
    owner: t.exposeString('owner', { nullable: true, description: 'Who works the dispute to its resolution.' }),
    creditMemo: t.relation('creditMemo', { nullable: true, description: 'The credit memo its resolution issued, if any.' }),
    openedDate: t.field({ type: 'Date', resolve: (d) => iso(d.openedDate) }),
    openedBy: t.exposeString('openedBy'),
    resolvedDate: t.field({ type: 'Date', nullable: true, resolve: (d) => isoOrNull(d.resolvedDate) }),
    resolution: t.exposeString('resolution', { nullable: true }),
    resolvedBy: t.exposeString('resolvedBy', { nullable: true }),
  }),
});

export const InvoiceRef = builder.prismaObject('Invoice', {
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number', { nullable: true, description: 'Null while DRAFT; e.g. US01-000123 once issued.' }),
    status: t.field({ type: InvoiceStatusEnum, resolve: (i) => i.status }),
    entity: t.relation('entity'),
    customer: t.relation('customer'),
    contract: t.relation('contract', { nullable: true }),
    billingPeriod: t.exposeString('billingPeriod', { nullable: true }),
    issueDate: t.field({ type: 'Date', resolve: (i) => iso(i.issueDate) }),
    dueDate: t.field({ type: 'Date', resolve: (i) => iso(i.dueDate) }),
    currency: t.exposeString('currency'),
    paymentTerms: t.exposeString('paymentTerms'),
    poNumber: t.exposeString('poNumber', { nullable: true }),
    subtotal: t.field({ type: 'Decimal', description: 'Σ net line amounts.', resolve: (i) => moneyText(i.subtotal, i.currency) }),
    taxTotal: t.field({ type: 'Decimal', description: 'Σ per tax category and rate of its net × rate ÷ 100, each rounded to the currency.', resolve: (i) => moneyText(i.taxTotal, i.currency) }),
    total: t.field({ type: 'Decimal', description: 'subtotal + taxTotal.', resolve: (i) => moneyText(i.total, i.currency) }),
    amountPaid: t.field({ type: 'Decimal', description: 'Payments applied plus discounts taken.', resolve: (i) => moneyText(i.amountPaid, i.currency) }),
    balance: t.field({
      type: 'Decimal',
      description: 'Open balance today.',
      // A void invoice is out of the books from its void date: nothing is open on it any more.
      // The SQL read path computes it with the row (under `balance`).
      resolve: (i, _args, ctx) =>
        computed<string>(i, 'balance') ?? (i.voidDate && iso(i.voidDate) <= ctx.today ? money(0, i.currency) : money(i.total.minus(i.amountPaid), i.currency)),
    }),
    paidDate: t.field({ type: 'Date', nullable: true, resolve: (i) => isoOrNull(i.paidDate) }),
    daysPastDue: t.int({
      description: 'Days past due as of today (0 when not past due or settled).',
      resolve: (i, _args, ctx) => (i.status === 'ISSUED' || i.status === 'PARTIALLY_PAID' ? Math.max(0, daysPastDue(iso(i.dueDate), ctx.today)) : 0),
    }),
    disputed: t.exposeBoolean('disputed'),
    voidDate: t.field({ type: 'Date', nullable: true, resolve: (i) => isoOrNull(i.voidDate) }),
    voidReason: t.exposeString('voidReason', { nullable: true }),
    externalId: t.exposeString('externalId', { nullable: true, description: 'The id the invoice has in the system it was imported from (importRecords upserts by it).' }),
    imported: t.exposeBoolean('imported', { description: 'An open invoice taken over by importRecords: it keeps its source number, outside the gapless sequence.' }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (i) => i.updatedAt }),
    lines: t.field({
      type: [InvoiceLineRef],
      select: { currency: true, lines: { orderBy: { lineNo: 'asc' } } },
      resolve: (i) => i.lines.map((line) => ({ ...line, currency: i.currency })),
    }),
    applications: t.relation('applications', { query: { orderBy: { id: 'asc' } } }),
    // The invoice's own deliveries (the Delivery type lives in api/schema/delivery.ts).
    deliveries: t.relation('deliveries', { query: { where: { kind: 'INVOICE' }, orderBy: { id: 'asc' } } }),
    disputes: t.relation('disputes', { query: { orderBy: { id: 'asc' } } }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries

const InvoiceOrderEnum = builder.enumType('InvoiceOrder', {
  values: ['ISSUE_DATE_ASC', 'ISSUE_DATE_DESC', 'DUE_DATE_ASC', 'DUE_DATE_DESC', 'NUMBER_ASC', 'TOTAL_DESC'] as const,
});

const InvoiceFilter = builder.inputType('InvoiceFilter', {
  fields: (t) => ({
    entityCode: t.string({ required: false }),
    customerCode: t.string({ required: false }),
    status: t.field({ type: [InvoiceStatusEnum], required: false, description: 'Any of these statuses.' }),
    currency: t.string({ required: false }),
    issueDateFrom: t.field({ type: 'Date', required: false }),
    issueDateTo: t.field({ type: 'Date', required: false }),
    dueDateFrom: t.field({ type: 'Date', required: false }),
    dueDateTo: t.field({ type: 'Date', required: false }),
    overdue: t.boolean({ required: false, description: 'true: past due today with a balance; false: not.' }),
    disputed: t.boolean({ required: false }),
    open: t.boolean({ required: false, description: 'true: ISSUED or PARTIALLY_PAID.' }),
    updatedSince: t.field({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
  }),
});

const INVOICE_ORDER: Record<typeof InvoiceOrderEnum.$inferType, Prisma.InvoiceOrderByWithRelationInput[]> = {
  ISSUE_DATE_ASC: [{ issueDate: 'asc' }, { id: 'asc' }],
  ISSUE_DATE_DESC: [{ issueDate: 'desc' }, { id: 'desc' }],
  DUE_DATE_ASC: [{ dueDate: 'asc' }, { id: 'asc' }],
  DUE_DATE_DESC: [{ dueDate: 'desc' }, { id: 'desc' }],
  NUMBER_ASC: [{ number: 'asc' }, { id: 'asc' }],
  TOTAL_DESC: [{ total: 'desc' }, { id: 'desc' }],
};

/** A row of the read path stands in for Prisma's record: the type's fields serve either (api/read/values.ts). */
type InvoiceRow = Prisma.InvoiceGetPayload<object>;

builder.queryField('invoices', (t) =>
  t.prismaConnection({
    type: 'Invoice',
    cursor: 'id',
    description: 'Invoices, paged (Relay). first is at most the maximum page size (1000).',
    args: {
      filter: t.arg({ type: InvoiceFilter, required: false }),
      orderBy: t.arg({ type: InvoiceOrderEnum, required: false, defaultValue: 'ISSUE_DATE_ASC' }),
    },
    totalCount: async (_parent, args, ctx, info) => countReadWithPage(info) ?? ctx.prisma.invoice.count({ where: await invoicesWhere(ctx, args.filter) }),
    // One SQL statement builds the page with what it asks for (api/read/).
    resolve: async (query, _root, args, ctx, info) => {
      checkPageSize(args);
      const where = await invoicesWhere(ctx, args.filter);
      return readPage<InvoiceRow>(ctx, info, 'Invoice', { ...query, where, orderBy: INVOICE_ORDER[args.orderBy ?? 'ISSUE_DATE_ASC'] });
    },
  }),
);

async function invoicesWhere(ctx: Context, filter: typeof InvoiceFilter.$inferInput | null | undefined): Promise<Prisma.InvoiceWhereInput> {
  const where = await invoiceWhere(ctx.prisma, filter, ctx.today);
  const since = updatedSinceWhere(filter?.updatedSince, 'filter.updatedSince');
  return since.updatedAt ? { AND: [where, since] } : where;
}

builder.queryField('invoice', (t) =>
  t.prismaField({
    type: 'Invoice',
    nullable: true,
    args: { number: t.arg.string({ required: false }), id: t.arg.id({ required: false }) },
    resolve: (query, _root, args, ctx, info) => {
      if (args.number) return readOne<InvoiceRow>(ctx, info, 'Invoice', { ...query, where: { number: args.number.trim().toUpperCase() } });
      const id = Number(args.id);
      if (!Number.isSafeInteger(id)) throw new ArgumentError('id', 'Give an invoice number or id.');
      return readOne<InvoiceRow>(ctx, info, 'Invoice', { ...query, where: { id } });
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const InvoiceLineInput = builder.inputType('InvoiceLineInput', {
  fields: (t) => ({
    description: t.string(),
    quantity: t.field({ type: 'Decimal', description: 'Up to 4 decimals.' }),
    unitPrice: t.field({ type: 'Decimal', description: "Up to the currency's minor units + 2 decimals." }),
    taxRate: t.field({ type: 'Decimal', required: false, description: 'Percent from 0 to 100, up to 4 decimals; default 0.' }),
    taxCategory: t.string({
      required: false,
      description: 'UNCL5305: S (rate above 0), Z, E, AE or O (rate 0). Default: O when the rate is 0, S otherwise.',
    }),
  }),
});
const CreateInvoiceInput = builder.inputType('CreateInvoiceInput', {
  fields: (t) => ({
    customerCode: t.string(),
    issueDate: t.field({ type: 'Date' }),
    currency: t.string({ required: false, description: "Default: the customer's billing currency." }),
    paymentTerms: t.string({ required: false, description: "Default: the customer's terms." }),
    poNumber: t.string({ required: false }),
    lines: t.field({ type: [InvoiceLineInput] }),
    issue: t.boolean({ required: false, defaultValue: true, description: 'false keeps it a DRAFT (no number).' }),
  }),
});
const CreateInvoicePayload = payloadType('CreateInvoicePayload', 'invoice', InvoiceRef, { reload: reload.invoice });
builder.mutationField('createInvoice', (t) =>
  t.field({
    type: CreateInvoicePayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreateInvoiceInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoice', () => createInvoice(ctx.prisma, ctx.actor, input)),
  }),
);

const IssueInvoiceInput = builder.inputType('IssueInvoiceInput', { fields: (t) => ({ id: t.id() }) });
const IssueInvoicePayload = payloadType('IssueInvoicePayload', 'invoice', InvoiceRef, { reload: reload.invoice });
builder.mutationField('issueInvoice', (t) =>
  t.field({
    type: IssueInvoicePayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: IssueInvoiceInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoice', () => issueInvoice(ctx.prisma, ctx.actor, { id: String(input.id) })),
  }),
);

const VoidInvoiceInput = builder.inputType('VoidInvoiceInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    reason: t.string(),
    voidDate: t.field({ type: 'Date', required: false, description: 'Default today; not before the issue date.' }),
  }),
});
const VoidInvoicePayload = payloadType('VoidInvoicePayload', 'invoice', InvoiceRef, { reload: reload.invoice });
builder.mutationField('voidInvoice', (t) =>
  t.field({
    type: VoidInvoicePayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: VoidInvoiceInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoice', () => voidInvoice(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);
