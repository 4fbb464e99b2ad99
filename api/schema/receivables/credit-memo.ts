// Credit memos and applying open credit or unapplied cash (applyCredit).
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { applyCredit } from '../../services/receivables/apply-credit.service.js';
import { createCreditMemo } from '../../services/receivables/credit-memo.service.js';
import { checkPageSize, customerIdForArg } from '../../services/reporting.js';
import { decimalText, moneyText } from '../../read/values.js';
import { iso, payloadType } from '../common.js';
import { PaymentApplicationRef } from './payment.js';

/** A line as its memo serves it: the memo's currency rides along to pad the amount. */
type CreditMemoLineWithCurrency = Prisma.CreditMemoLineGetPayload<object> & { currency: string };

const CreditMemoLineRef = builder.objectRef<CreditMemoLineWithCurrency>('CreditMemoLine').implement({
  fields: (t) => ({
    lineNo: t.exposeInt('lineNo'),
    description: t.exposeString('description'),
    quantity: t.field({ type: 'Decimal', resolve: (l) => decimalText(l.quantity) }),
    unitPrice: t.field({ type: 'Decimal', resolve: (l) => decimalText(l.unitPrice) }),
    amount: t.field({ type: 'Decimal', description: 'Net: quantity × unit price, rounded to the currency.', resolve: (l) => moneyText(l.amount, l.currency) }),
    taxRate: t.field({ type: 'Decimal', description: 'Percent, e.g. "20" for 20 %.', resolve: (l) => decimalText(l.taxRate) }),
    taxCategory: t.exposeString('taxCategory', { description: 'UNCL5305: S, Z, E, AE or O.' }),
  }),
});

export const CreditMemoRef = builder.prismaObject('CreditMemo', {
  description: 'A credit to a customer, numbered per entity (US01-CM-000001); what is not applied to invoices is open credit.',
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    entity: t.relation('entity'),
    customer: t.relation('customer'),
    invoice: t.relation('invoice', { nullable: true, description: 'The invoice it was issued against, if any.' }),
    date: t.field({ type: 'Date', resolve: (m) => iso(m.date) }),
    currency: t.exposeString('currency'),
    reason: t.exposeString('reason'),
    subtotal: t.field({ type: 'Decimal', resolve: (m) => moneyText(m.subtotal, m.currency) }),
    taxTotal: t.field({ type: 'Decimal', resolve: (m) => moneyText(m.taxTotal, m.currency) }),
    total: t.field({ type: 'Decimal', description: 'subtotal + taxTotal.', resolve: (m) => moneyText(m.total, m.currency) }),
    unappliedAmount: t.field({ type: 'Decimal', description: 'Open credit: the total less what has been applied to invoices.', resolve: (m) => moneyText(m.unappliedAmount, m.currency) }),
    lines: t.field({
      type: [CreditMemoLineRef],
      select: { currency: true, lines: { orderBy: { lineNo: 'asc' } } },
      resolve: (m) => m.lines.map((line) => ({ ...line, currency: m.currency })),
    }),
    applications: t.relation('applications', { query: { orderBy: { id: 'asc' } } }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (m) => m.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (m) => m.updatedAt }),
    version: t.exposeInt('version'),
  }),
});

builder.queryField('creditMemo', (t) =>
  t.prismaField({
    type: 'CreditMemo',
    nullable: true,
    args: { number: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.creditMemo.findUnique({ ...query, where: { number: args.number.trim().toUpperCase() } }),
  }),
);

builder.queryField('creditMemos', (t) =>
  t.prismaConnection({
    type: 'CreditMemo',
    cursor: 'id',
    description: 'Credit memos by date, paged (Relay). first is at most the maximum page size (1000).',
    args: {
      customerCode: t.arg.string({ required: false }),
      openOnly: t.arg.boolean({ required: false, description: 'true: only memos with open credit left.' }),
    },
    totalCount: async (_parent, args, ctx) => ctx.prisma.creditMemo.count({ where: await creditMemoWhere(ctx.prisma, args) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.creditMemo.findMany({ ...query, where: await creditMemoWhere(ctx.prisma, args), orderBy: [{ date: 'asc' }, { id: 'asc' }] });
    },
  }),
);

async function creditMemoWhere(prisma: Parameters<typeof customerIdForArg>[0], args: { customerCode?: string | null; openOnly?: boolean | null }) {
  const where: Prisma.CreditMemoWhereInput = {};
  const customerId = await customerIdForArg(prisma, args.customerCode);
  if (customerId !== null) where.customerId = customerId;
  if (args.openOnly) where.unappliedAmount = { gt: 0 };
  return where;
}

const CreditMemoLineInput = builder.inputType('CreditMemoLineInput', {
  fields: (t) => ({
    description: t.string(),
    quantity: t.field({ type: 'Decimal', description: 'Up to 4 decimals.' }),
    unitPrice: t.field({ type: 'Decimal', description: "Up to the currency's minor units + 2 decimals." }),
    taxRate: t.field({ type: 'Decimal', required: false, description: 'Percent from 0 to 100; default 0.' }),
    taxCategory: t.string({ required: false, description: 'UNCL5305: S (rate above 0), Z, E, AE or O (rate 0). Default: O when the rate is 0, S otherwise.' }),
  }),
});
const CreateCreditMemoInput = builder.inputType('CreateCreditMemoInput', {
  fields: (t) => ({
    customerCode: t.string(),
    invoiceNumber: t.string({ required: false, description: "Applies the memo to this invoice at once, up to its open balance; the memo takes the invoice's currency." }),
    date: t.field({ type: 'Date', description: 'Not before the invoice’s issue date; not in a closed period.' }),
    reason: t.string(),
    lines: t.field({ type: [CreditMemoLineInput] }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const CreateCreditMemoPayload = payloadType('CreateCreditMemoPayload', 'creditMemo', CreditMemoRef, {
  reload: (prisma, query, memo: { id: number }) => prisma.creditMemo.findUniqueOrThrow({ ...query, where: { id: memo.id } }),
});
builder.mutationField('createCreditMemo', (t) =>
  t.field({
    type: CreateCreditMemoPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreateCreditMemoInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('creditMemo', () => createCreditMemo(ctx.prisma, ctx.actor, input)),
  }),
);

const CreditApplicationInput = builder.inputType('CreditApplicationInput', {
  fields: (t) => ({ invoiceNumber: t.string(), amount: t.field({ type: 'Decimal' }) }),
});
const ApplyCreditInput = builder.inputType('ApplyCreditInput', {
  description: 'Exactly one source: creditMemoNumber (its open credit) or paymentId (its unapplied cash).',
  fields: (t) => ({
    creditMemoNumber: t.string({ required: false }),
    paymentId: t.id({ required: false }),
    applications: t.field({ type: [CreditApplicationInput] }),
    date: t.field({ type: 'Date', description: 'The day it is applied: on or after the source and each invoice’s issue date.' }),
  }),
});
const ApplyCreditPayload = payloadType('ApplyCreditPayload', 'applications', PaymentApplicationRef, {
  list: true,
  reload: (prisma, query, rows: { id: number }[]) => prisma.paymentApplication.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } }, orderBy: { id: 'asc' } }),
  extra: (t) => ({
    creditMemo: t.prismaField({
      type: 'CreditMemo',
      nullable: true,
      description: 'The credit memo applied, after the call.',
      resolve: (query: object, payload: { creditMemo?: { id: number } | null }, _args: object, ctx: { prisma: Parameters<typeof customerIdForArg>[0] }) =>
        payload.creditMemo ? ctx.prisma.creditMemo.findUnique({ ...query, where: { id: payload.creditMemo.id } }) : null,
    }),
    payment: t.prismaField({
      type: 'Payment',
      nullable: true,
      description: 'The payment whose unapplied cash was applied, after the call.',
      resolve: (query: object, payload: { payment?: { id: number } | null }, _args: object, ctx: { prisma: Parameters<typeof customerIdForArg>[0] }) =>
        payload.payment ? ctx.prisma.payment.findUnique({ ...query, where: { id: payload.payment.id } }) : null,
    }),
  }),
});
builder.mutationField('applyCredit', (t) =>
  t.field({
    type: ApplyCreditPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: ApplyCreditInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await toPayload('applications', () => applyCredit(ctx.prisma, ctx.actor, { ...input, paymentId: input.paymentId === null || input.paymentId === undefined ? null : String(input.paymentId) }));
      const result = payload.applications;
      return { applications: result?.applications ?? null, creditMemo: result?.creditMemo ?? null, payment: result?.payment ?? null, userErrors: payload.userErrors };
    },
  }),
);
