// Deliveries: the outbox rows of invoices, statements and dunning letters (one per recipient);
// the deliveries connection; sending an invoice again and recording what happened to a
// delivery (a portal upload, an EDI acknowledgement, a posted letter).
import { queryFromInfo } from '@pothos/plugin-prisma';
import { builder } from '../builder.js';
import { deliveriesWhere, recordDelivery, resendInvoice } from '../delivery/delivery.service.js';
import { toPayload } from '../errors.js';
import { DeliveryKind } from '../generated/prisma/enums.js';
import { checkPageSize } from '../services/reporting.js';
import { DeliveryChannelEnum, DeliveryStatusEnum, isoOrNull, payloadType, reload } from './common.js';
import { InvoiceRef } from './receivables/invoice.js';

const DeliveryKindEnum = builder.enumType('DeliveryKind', { values: Object.values(DeliveryKind) });
const DeliveryOutcomeEnum = builder.enumType('DeliveryOutcome', {
  description: 'What recordDelivery records: DELIVERED (confirmed, with a reference) or FAILED (with a note).',
  values: ['DELIVERED', 'FAILED'] as const,
});

export const DeliveryRef = builder.prismaObject('InvoiceDelivery', {
  name: 'Delivery',
  description:
    'One recipient of a document. PENDING until the worker sends it (PORTAL: until an analyst records the upload); SENT: an email accepted by the SMTP server, an EDI file written, a letter in the day\'s print batch; DELIVERED: confirmed by a recorded reference; FAILED: a permanent failure or the last retry.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: DeliveryKindEnum, resolve: (d) => d.kind }),
    channel: t.field({ type: DeliveryChannelEnum, resolve: (d) => d.channel }),
    recipient: t.exposeString('recipient', { description: 'An email address; EDI:<customer code>; the postal address; the portal.' }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts', { description: 'Tries the worker made (each claim counts one).' }),
    lastError: t.exposeString('lastError', { nullable: true, description: "The last failure's words (the SMTP server's answer), or why the delivery waits." }),
    nextAttemptAt: t.field({ type: 'DateTime', description: 'When the worker may try a PENDING delivery next.', resolve: (d) => d.nextAttemptAt }),
    sentAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.sentAt }),
    reference: t.exposeString('reference', { nullable: true, description: 'The recorded confirmation: portal upload id, EDI acknowledgement, posting reference.' }),
    messageId: t.exposeString('messageId', { nullable: true, description: 'The email\'s Message-ID, fixed when the delivery was queued.' }),
    printBatch: t.field({ type: 'Date', nullable: true, description: 'The print batch (GET /print/<date>.pdf) a POST delivery joined.', resolve: (d) => isoOrNull(d.printBatch) }),
    statementFrom: t.field({ type: 'Date', nullable: true, resolve: (d) => isoOrNull(d.statementFrom) }),
    statementTo: t.field({ type: 'Date', nullable: true, resolve: (d) => isoOrNull(d.statementTo) }),
    invoice: t.relation('invoice', { nullable: true, description: 'The invoice delivered (kind INVOICE).' }),
    customer: t.relation('customer'),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => d.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries

builder.queryField('deliveries', (t) =>
  t.prismaConnection({
    type: 'InvoiceDelivery',
    cursor: 'id',
    description:
      'Deliveries of every kind, oldest first (by id: the order they were queued, a work queue for PENDING PORTAL uploads), paged (Relay). first is at most the maximum page size (1000).',
    args: {
      status: t.arg({ type: DeliveryStatusEnum, required: false }),
      channel: t.arg({ type: DeliveryChannelEnum, required: false }),
    },
    totalCount: (_parent, args, ctx) => ctx.prisma.invoiceDelivery.count({ where: deliveriesWhere(args) }),
    resolve: (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.invoiceDelivery.findMany({ ...query, where: deliveriesWhere(args), orderBy: { id: 'asc' } });
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const ResendInvoiceInput = builder.inputType('ResendInvoiceInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    recipients: t.stringList({
      required: false,
      description: "Email addresses to send a copy to (at most 20); without them the invoice goes to the customer's channel again.",
    }),
  }),
});
const ResendInvoicePayload = payloadType('ResendInvoicePayload', 'invoice', InvoiceRef, {
  reload: reload.invoice,
  extra: (t) => ({
    deliveries: t.field({
      type: [DeliveryRef],
      nullable: true,
      description: 'The deliveries queued by this resend.',
      resolve: (payload: { deliveries?: { id: number }[] | null }, _args: unknown, context: any, info: any) =>
        payload.deliveries
          ? context.prisma.invoiceDelivery.findMany({ ...queryFromInfo({ context, info }), where: { id: { in: payload.deliveries.map((d) => d.id) } }, orderBy: { id: 'asc' } })
          : null,
    }),
  }),
});
builder.mutationField('resendInvoice', (t) =>
  t.field({
    type: ResendInvoicePayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: ResendInvoiceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await toPayload('result', () => resendInvoice(ctx.prisma, ctx.actor, input));
      return { invoice: payload.result?.invoice ?? null, deliveries: payload.result?.deliveries ?? null, userErrors: payload.userErrors };
    },
  }),
);

const RecordDeliveryInput = builder.inputType('RecordDeliveryInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    channel: t.field({ type: DeliveryChannelEnum }),
    reference: t.string({ description: 'The portal upload id, EDI acknowledgement or posting reference.' }),
    outcome: t.field({ type: DeliveryOutcomeEnum }),
    note: t.string({ required: false, description: "Why it failed (kept as the delivery's lastError)." }),
  }),
});
const RecordDeliveryPayload = payloadType('RecordDeliveryPayload', 'delivery', DeliveryRef, {
  reload: (prisma, query, delivery: { id: number }) => prisma.invoiceDelivery.findUniqueOrThrow({ ...query, where: { id: delivery.id } }),
});
builder.mutationField('recordDelivery', (t) =>
  t.field({
    type: RecordDeliveryPayload,
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: RecordDeliveryInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('delivery', () => recordDelivery(ctx.prisma, ctx.actor, input)),
  }),
);
