// What users do with deliveries: send an invoice again, record a confirmation (a portal upload,
// an EDI acknowledgement, a posted letter) or a failure, and list them. Writes go to the
// outbox; the worker sends.
import type { Actor } from '../domain/actor.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../domain/errors.js';
import { invoiceDeliveries, type Channel, type PlannedDelivery } from '../domain/receivables/delivery.js';
import { LIMITS, optionalText, parseEmail, requireText } from '../domain/text.js';
import type { Invoice, InvoiceDelivery, Prisma } from '../generated/prisma/client.js';
import { recordAudit } from '../services/audit.js';
import { TX_OPTIONS, type Db } from '../services/db-types.js';
import { findInvoiceOrThrow, lockInvoice } from '../services/lookups.js';
import { createDeliveries } from './outbox.js';

/** At most this many recipients in one resend. */
export const MAX_RESEND_RECIPIENTS = 20;

export interface ResendInvoiceInput {
  invoiceNumber: string;
  recipients?: string[] | null;
}

/**
 * Queues the invoice again: to the given email addresses (a copy by EMAIL, whatever the
 * customer's channel), or else to the customer's channel as at issue. Returns the new rows.
 */
export async function resendInvoice(prisma: Db, actor: Actor, input: ResendInvoiceInput): Promise<{ invoice: Invoice; deliveries: InvoiceDelivery[] }> {
  const errors = new ErrorCollector();
  const recipients = input.recipients ?? [];
  if (recipients.length > MAX_RESEND_RECIPIENTS) {
    errors.add(['recipients'], `${recipients.length} recipients given; at most ${MAX_RESEND_RECIPIENTS} are accepted.`, ErrorCode.OUT_OF_RANGE);
  }
  const emails = recipients.slice(0, MAX_RESEND_RECIPIENTS).map((email, i) => errors.check(() => parseEmail(email, ['recipients', String(i)])));
  return prisma.$transaction(async (tx) => {
    const found = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    const invoice = (await lockInvoice(tx, found!.id))!;
    if (invoice.status === 'VOID' || invoice.status === 'DRAFT') {
      throw UserInputError.of(['invoiceNumber'], `Invoice ${invoice.number} is ${invoice.status}; only an issued invoice (ISSUED, PARTIALLY_PAID or PAID) can be sent.`);
    }
    const customer = await tx.customer.findUniqueOrThrow({ where: { id: invoice.customerId } });
    const planned: PlannedDelivery[] = emails.length > 0
      ? [...new Set(emails.map((email) => email!))].map((email) => ({ channel: 'EMAIL', recipient: email }))
      : invoiceDeliveries(customer);
    if (planned.length === 0) {
      throw UserInputError.of(['recipients'], `Customer ${customer.code} has no billing email; give the recipients to send invoice ${invoice.number} to.`);
    }
    const deliveries = await createDeliveries(tx, planned, { kind: 'INVOICE', customerId: customer.id, invoiceId: invoice.id });
    await recordAudit(tx, actor, {
      action: 'resendInvoice',
      recordType: 'Invoice',
      recordId: invoice.id,
      after: { number: invoice.number, deliveries: deliveries.map((d) => ({ id: d.id, channel: d.channel, recipient: d.recipient })) },
    });
    return { invoice, deliveries };
  }, TX_OPTIONS);
}

export interface RecordDeliveryInput {
  invoiceNumber: string;
  channel: Channel;
  reference: string;
  outcome: 'DELIVERED' | 'FAILED';
  note?: string | null;
}

/**
 * Records what happened to the newest delivery of the invoice by that channel: DELIVERED with
 * its reference (a portal upload id, an EDI acknowledgement, a posting reference), or FAILED
 * with the note as its last error.
 */
export async function recordDelivery(prisma: Db, actor: Actor, input: RecordDeliveryInput, now: Date = new Date()): Promise<InvoiceDelivery> {
  const errors = new ErrorCollector();
  const reference = errors.check(() => requireText(input.reference, ['reference'], { max: LIMITS.reference, what: 'The reference' }));
  const note = errors.check(() => optionalText(input.note, ['note'], { max: LIMITS.note, what: 'The note' }));
  return prisma.$transaction(async (tx) => {
    const invoice = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    const [latest] = await tx.$queryRaw<{ id: number }[]>`
      SELECT id FROM invoice_delivery
      WHERE invoice_id = ${invoice!.id} AND kind = 'INVOICE' AND channel::text = ${input.channel}
      ORDER BY id DESC LIMIT 1 FOR UPDATE`;
    if (!latest) {
      const channels = await tx.invoiceDelivery.findMany({ where: { invoiceId: invoice!.id, kind: 'INVOICE' }, distinct: ['channel'], select: { channel: true } });
      const has = channels.length > 0 ? `its deliveries are by ${channels.map((c) => c.channel).join(', ')}` : 'it has no deliveries';
      throw UserInputError.of(['channel'], `Invoice ${invoice!.number} has no ${input.channel} delivery to record; ${has}.`, ErrorCode.NOT_FOUND);
    }
    const current = await tx.invoiceDelivery.findUniqueOrThrow({ where: { id: latest.id } });
    const data: Prisma.InvoiceDeliveryUpdateInput = input.outcome === 'DELIVERED'
      ? { status: 'DELIVERED', reference: reference!, sentAt: current.sentAt ?? now, lastError: null }
      : { status: 'FAILED', reference: reference!, lastError: note ?? `Recorded as failed by ${actor.name} (reference ${reference}).` };
    const updated = await tx.invoiceDelivery.update({ where: { id: current.id }, data });
    await recordAudit(tx, actor, {
      action: 'recordDelivery',
      recordType: 'Delivery',
      recordId: current.id,
      before: { status: current.status, reference: current.reference, lastError: current.lastError },
      after: { invoiceNumber: invoice!.number, channel: current.channel, status: updated.status, reference: updated.reference, lastError: updated.lastError },
    });
    return updated;
  }, TX_OPTIONS);
}

export interface DeliveriesFilter {
  status?: 'PENDING' | 'SENT' | 'DELIVERED' | 'FAILED' | null;
  channel?: Channel | null;
}

export function deliveriesWhere(filter: DeliveriesFilter): Prisma.InvoiceDeliveryWhereInput {
  return { ...(filter.status ? { status: filter.status } : {}), ...(filter.channel ? { channel: filter.channel } : {}) };
}
