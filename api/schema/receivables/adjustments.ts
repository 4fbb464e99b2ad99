// Write-offs, refunds, payment reversals and the add-in's atomic adjustments batch.
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import type { UserError } from '../../domain/errors.js';
import type { Payment, Refund } from '../../generated/prisma/client.js';
import { postAdjustments, type Adjustment } from '../../services/receivables/adjustments.service.js';
import { refundPayment, reversePayment } from '../../services/receivables/payment-reversal.service.js';
import { writeOffInvoices } from '../../services/receivables/write-off.service.js';
import { moneyText } from '../../read/values.js';
import { UserErrorRef, iso, payloadType, reload } from '../common.js';
import { PaymentRef } from './payment.js';

const WriteOffRef = builder.prismaObject('WriteOff', {
  description: 'An open balance given up; its WRITE_OFF application counts from `date`.',
  fields: (t) => ({
    id: t.exposeID('id'),
    invoice: t.relation('invoice'),
    date: t.field({ type: 'Date', resolve: (w) => iso(w.date) }),
    amount: t.field({ type: 'Decimal', resolve: (w) => moneyText(w.amount, w.currency) }),
    currency: t.exposeString('currency'),
    reason: t.exposeString('reason'),
    createdBy: t.exposeString('createdBy', { description: 'The token that wrote it off.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (w) => w.createdAt }),
  }),
});

export const RefundRef = builder.prismaObject('Refund', {
  description: "Unapplied cash paid back to the customer; lowers the payment's unappliedAmount.",
  fields: (t) => ({
    id: t.exposeID('id'),
    payment: t.relation('payment'),
    date: t.field({ type: 'Date', resolve: (r) => iso(r.date) }),
    amount: t.field({ type: 'Decimal', resolve: (r) => moneyText(r.amount, r.currency) }),
    currency: t.exposeString('currency'),
    reference: t.exposeString('reference'),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
  }),
});

const writeOffInputRow = builder.inputType('WriteOffInvoiceInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    amount: t.field({ type: 'Decimal', required: false, description: 'Omit to write off the whole open balance.' }),
  }),
});
const WriteOffInvoicesInput = builder.inputType('WriteOffInvoicesInput', {
  fields: (t) => ({
    invoices: t.field({ type: [writeOffInputRow] }),
    date: t.field({ type: 'Date' }),
    reason: t.string(),
    idempotencyKey: t.string({ required: false }),
  }),
});
const WriteOffInvoicesPayload = payloadType('WriteOffInvoicesPayload', 'writeOffs', WriteOffRef, {
  list: true,
  reload: (prisma, query, rows: { id: number }[]) => prisma.writeOff.findMany({ ...query, where: { id: { in: rows.map((row) => row.id) } }, orderBy: { id: 'asc' } }),
});
builder.mutationField('writeOffInvoices', (t) =>
  t.field({
    type: WriteOffInvoicesPayload,
    description: 'Atomic: any bad row writes nothing. Amounts above LEDGERLINE_WRITE_OFF_LIMIT (base currency) need ADMIN.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: WriteOffInvoicesInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('writeOffs', () => writeOffInvoices(ctx.prisma, ctx.actor, ctx.config, input)),
  }),
);

const RefundPaymentInput = builder.inputType('RefundPaymentInput', {
  fields: (t) => ({
    paymentId: t.id(),
    amount: t.field({ type: 'Decimal' }),
    date: t.field({ type: 'Date' }),
    reference: t.string(),
  }),
});
interface RefundResult {
  refund: Refund | null;
  payment: Payment | null;
  userErrors: UserError[];
}
const RefundPaymentPayload = builder.objectRef<RefundResult>('RefundPaymentPayload').implement({
  fields: (t) => ({
    refund: t.field({
      type: RefundRef,
      nullable: true,
      resolve: (payload, _args, context, info) =>
        payload.refund && context.prisma.refund.findUniqueOrThrow({ ...queryFromInfo({ context, info }), where: { id: payload.refund.id } }),
    }),
    payment: t.field({
      type: PaymentRef,
      nullable: true,
      resolve: (payload, _args, context, info) => payload.payment && reload.payment(context.prisma, queryFromInfo({ context, info }), payload.payment),
    }),
    userErrors: t.field({ type: [UserErrorRef], resolve: (payload) => payload.userErrors }),
  }),
});
builder.mutationField('refundPayment', (t) =>
  t.field({
    type: RefundPaymentPayload,
    description: "Pays back unapplied cash; never more than the payment's unappliedAmount.",
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RefundPaymentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { result, userErrors } = await toPayload('result', () => refundPayment(ctx.prisma, ctx.actor, { ...input, paymentId: String(input.paymentId) }));
      return { refund: result?.refund ?? null, payment: result?.payment ?? null, userErrors };
    },
  }),
);

const ReversePaymentInput = builder.inputType('ReversePaymentInput', {
  fields: (t) => ({ paymentId: t.id(), date: t.field({ type: 'Date' }), reason: t.string() }),
});
const ReversePaymentPayload = payloadType('ReversePaymentPayload', 'payment', PaymentRef, { reload: reload.payment });
builder.mutationField('reversePayment', (t) =>
  t.field({
    type: ReversePaymentPayload,
    description: 'A bounced or returned payment: its applications are undone as of `date` (REVERSAL), so reports before it are unchanged.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: ReversePaymentInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('payment', () => reversePayment(ctx.prisma, ctx.actor, { ...input, paymentId: String(input.paymentId) })),
  }),
);

const AdjustmentKindEnum = builder.enumType('AdjustmentKind', { values: ['CREDIT_MEMO', 'WRITE_OFF'] as const });
const AdjustmentRef = builder.objectRef<Adjustment>('Adjustment').implement({
  description: 'A credit memo or write-off written by postAdjustments.',
  fields: (t) => ({
    kind: t.field({ type: AdjustmentKindEnum, resolve: (a) => a.kind }),
    invoiceNumber: t.exposeString('invoiceNumber'),
    number: t.exposeString('number', { nullable: true, description: "The credit memo's number; null for a write-off." }),
    amount: t.field({ type: 'Decimal', resolve: (a) => a.amount }),
    currency: t.exposeString('currency'),
    date: t.field({ type: 'Date', resolve: (a) => a.date }),
  }),
});
const AdjustmentInput = builder.inputType('AdjustmentInput', {
  fields: (t) => ({
    kind: t.field({ type: AdjustmentKindEnum }),
    invoiceNumber: t.string(),
    amount: t.field({ type: 'Decimal', required: false, description: 'Required for CREDIT_MEMO; a WRITE_OFF without one takes the open balance.' }),
    date: t.field({ type: 'Date' }),
    reason: t.string(),
  }),
});
const PostAdjustmentsInput = builder.inputType('PostAdjustmentsInput', {
  fields: (t) => ({
    adjustments: t.field({ type: [AdjustmentInput] }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const PostAdjustmentsPayload = payloadType('PostAdjustmentsPayload', 'adjustments', AdjustmentRef, { list: true });
builder.mutationField('postAdjustments', (t) =>
  t.field({
    type: PostAdjustmentsPayload,
    description: 'Credit memos and write-offs in one atomic batch (the add-in\'s "Adjustments" dataset); rows on one invoice apply in order.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: PostAdjustmentsInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('adjustments', () => postAdjustments(ctx.prisma, ctx.actor, ctx.config, input)),
  }),
);
