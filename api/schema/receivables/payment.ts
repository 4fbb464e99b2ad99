// Payments received and their applications to invoices.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../services/db-types.js';
import { recordPayment } from '../../services/receivables/payment.service.js';
import { checkPageSize, customerIdForArg, dateRangeArg } from '../../services/reporting.js';
import { iso, money, payloadType, reload } from '../common.js';

const PaymentRef = builder.prismaObject('Payment', {
  fields: (t) => ({
    id: t.exposeID('id'),
    customer: t.relation('customer'),
    receivedDate: t.field({ type: 'Date', resolve: (p) => iso(p.receivedDate) }),
    amount: t.field({ type: 'Decimal', resolve: (p) => money(p.amount, p.currency) }),
    currency: t.exposeString('currency'),
    reference: t.exposeString('reference', { nullable: true }),
    unappliedAmount: t.field({ type: 'Decimal', resolve: (p) => money(p.unappliedAmount, p.currency) }),
    applications: t.relation('applications', { query: { orderBy: { id: 'asc' } } }),
  }),
});

builder.prismaObject('PaymentApplication', {
  fields: (t) => ({
    invoice: t.relation('invoice'),
    payment: t.relation('payment'),
    receivedDate: t.field({ type: 'Date', resolve: (a) => iso(a.receivedDate) }),
    amount: t.field({ type: 'Decimal', select: { payment: { select: { currency: true } } }, resolve: (a) => money(a.amount, a.payment.currency) }),
    discount: t.field({ type: 'Decimal', select: { payment: { select: { currency: true } } }, resolve: (a) => money(a.discount, a.payment.currency) }),
  }),
});

builder.queryField('payments', (t) =>
  t.prismaConnection({
    type: 'Payment',
    cursor: 'id',
    args: {
      customerCode: t.arg.string({ required: false }),
      receivedFrom: t.arg({ type: 'Date', required: false }),
      receivedTo: t.arg({ type: 'Date', required: false }),
      unappliedOnly: t.arg.boolean({ required: false }),
    },
    totalCount: async (_parent, args, ctx) => ctx.prisma.payment.count({ where: await paymentWhere(ctx.prisma, args) }),
    resolve: async (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.payment.findMany({ ...query, where: await paymentWhere(ctx.prisma, args), orderBy: [{ receivedDate: 'asc' }, { id: 'asc' }] });
    },
  }),
);

async function paymentWhere(prisma: Db, args: { customerCode?: string | null; receivedFrom?: string | null; receivedTo?: string | null; unappliedOnly?: boolean | null }) {
  const where: Prisma.PaymentWhereInput = {};
  const customerId = await customerIdForArg(prisma, args.customerCode);
  if (customerId !== null) where.customerId = customerId;
  const received = dateRangeArg({ from: args.receivedFrom, to: args.receivedTo }, { from: 'receivedFrom', to: 'receivedTo' });
  if (received) where.receivedDate = received;
  if (args.unappliedOnly) where.unappliedAmount = { gt: 0 };
  return where;
}

const PaymentApplicationInput = builder.inputType('PaymentApplicationInput', {
  fields: (t) => ({ invoiceNumber: t.string(), amount: t.field({ type: 'Decimal' }) }),
});
const RecordPaymentInput = builder.inputType('RecordPaymentInput', {
  fields: (t) => ({
    customerCode: t.string(),
    receivedDate: t.field({ type: 'Date' }),
    amount: t.field({ type: 'Decimal' }),
    currency: t.string(),
    reference: t.string({ required: false }),
    applications: t.field({ type: [PaymentApplicationInput], required: false, description: 'Omit to apply oldest due first.' }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const RecordPaymentPayload = payloadType('RecordPaymentPayload', 'payment', PaymentRef, { reload: reload.payment });
builder.mutationField('recordPayment', (t) =>
  t.field({
    type: RecordPaymentPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RecordPaymentInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('payment', () => recordPayment(ctx.prisma, ctx.actor, input)),
  }),
);
