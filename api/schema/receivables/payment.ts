// Payments received and their applications to invoices.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Db } from '../../services/db-types.js';
import { recordPayment } from '../../services/receivables/payment.service.js';
import { checkPageSize, customerIdForArg, dateRangeArg } from '../../services/reporting.js';
import { countReadWithPage, readPage } from '../../read/connection.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../../read/updated-since.js';
import { moneyText } from '../../read/values.js';
import { iso, payloadType, reload } from '../common.js';

export const PaymentRef = builder.prismaObject('Payment', {
  fields: (t) => ({
    id: t.exposeID('id'),
    customer: t.relation('customer'),
    receivedDate: t.field({ type: 'Date', resolve: (p) => iso(p.receivedDate) }),
    amount: t.field({ type: 'Decimal', resolve: (p) => moneyText(p.amount, p.currency) }),
    currency: t.exposeString('currency'),
    reference: t.exposeString('reference', { nullable: true }),
    unappliedAmount: t.field({ type: 'Decimal', resolve: (p) => moneyText(p.unappliedAmount, p.currency) }),
    applications: t.relation('applications', { query: { orderBy: { id: 'asc' } } }),
    refunds: t.relation('refunds', { query: { orderBy: { id: 'asc' } } }),
    reversedDate: t.field({ type: 'Date', nullable: true, description: 'Set when the payment bounced or was returned (reversePayment).', resolve: (p) => (p.reversedDate ? iso(p.reversedDate) : null) }),
    reversalReason: t.exposeString('reversalReason', { nullable: true }),
    externalId: t.exposeString('externalId', { nullable: true, description: 'The id the payment has in the system it was imported from (importRecords upserts by it).' }),
    bankTransactionId: t.exposeID('bankTransactionId', { nullable: true, description: 'The bank statement line this payment was made from (importBankStatement, confirmBankMatches).' }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (p) => p.updatedAt }),
  }),
});

/** A row of the read path stands in for Prisma's record: the type's fields serve either (api/read/values.ts). */
type PaymentRow = Prisma.PaymentGetPayload<object>;

const ApplicationKind = builder.enumType('ApplicationKind', {
  values: ['PAYMENT', 'CREDIT', 'WRITE_OFF', 'REVERSAL', 'OPENING'] as const,
  description: 'What moved the balance: cash, a credit memo, a write-off, a bounced payment undone, or (OPENING) what an imported invoice had been paid in the system it came from.',
});

export const PaymentApplicationRef = builder.prismaObject('PaymentApplication', {
  fields: (t) => ({
    invoice: t.relation('invoice'),
    kind: t.field({ type: ApplicationKind, resolve: (a) => a.kind }),
    payment: t.relation('payment', { nullable: true }),
    creditMemo: t.relation('creditMemo', { nullable: true, description: 'Set for kind CREDIT.' }),
    receivedDate: t.field({ type: 'Date', description: 'The date the application counts from.', resolve: (a) => iso(a.receivedDate) }),
    amount: t.field({ type: 'Decimal', description: 'Negative for a REVERSAL.', select: { invoice: { select: { currency: true } } }, resolve: (a) => moneyText(a.amount, a.invoice.currency) }),
    discount: t.field({ type: 'Decimal', select: { invoice: { select: { currency: true } } }, resolve: (a) => moneyText(a.discount, a.invoice.currency) }),
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
      updatedSince: t.arg({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
    },
    totalCount: async (_parent, args, ctx, info) => countReadWithPage(info) ?? ctx.prisma.payment.count({ where: await paymentWhere(ctx.prisma, args) }),
    // One SQL statement builds the page with what it asks for (api/read/).
    resolve: async (query, _root, args, ctx, info) => {
      checkPageSize(args);
      return readPage<PaymentRow>(ctx, info, 'Payment', { ...query, where: await paymentWhere(ctx.prisma, args), orderBy: [{ receivedDate: 'asc' }, { id: 'asc' }] });
    },
  }),
);

async function paymentWhere(
  prisma: Db,
  args: { customerCode?: string | null; receivedFrom?: string | null; receivedTo?: string | null; unappliedOnly?: boolean | null; updatedSince?: string | null },
) {
  const where: Prisma.PaymentWhereInput = {};
  const customerId = await customerIdForArg(prisma, args.customerCode);
  if (customerId !== null) where.customerId = customerId;
  const received = dateRangeArg({ from: args.receivedFrom, to: args.receivedTo }, { from: 'receivedFrom', to: 'receivedTo' });
  if (received) where.receivedDate = received;
  if (args.unappliedOnly) where.unappliedAmount = { gt: 0 };
  const since = updatedSinceWhere(args.updatedSince, 'updatedSince');
  if (since.updatedAt) where.updatedAt = since.updatedAt;
  return where;
}

export const PaymentApplicationInput = builder.inputType('PaymentApplicationInput', {
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
