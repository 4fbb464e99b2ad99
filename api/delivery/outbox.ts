// The delivery outbox: use cases write the deliveries a document needs in their own
// transaction; the worker (./worker.ts) sends them after the commit. Nothing here talks to the
// outside world.
import { randomUUID } from 'node:crypto';
import { DEFAULT_MAIL_FROM } from '../config.js';
import { customerDocumentDeliveries, invoiceDeliveries, type PlannedDelivery } from '../domain/receivables/delivery.js';
import type { Customer, InvoiceDelivery } from '../generated/prisma/client.js';
import type { Tx } from '../services/db-types.js';

/** The domain of Message-IDs, from LEDGERLINE_MAIL_FROM (set by startApp and the worker). */
let messageIdDomain = messageIdDomainOf(DEFAULT_MAIL_FROM);
const queuedListeners = new Set<() => void>();

export function configureOutbox(options: { mailFrom: string }): void {
  messageIdDomain = messageIdDomainOf(options.mailFrom);
}

/** Called after deliveries were queued in this process (a worker polls sooner). */
export function onQueued(listener: () => void): () => void {
  queuedListeners.add(listener);
  return () => queuedListeners.delete(listener);
}

/** One delivery per recipient of the customer's channel (EMAIL: one per billing email). */
export async function queueInvoiceDeliveries(tx: Tx, invoice: { id: number; number: string }, customer: Customer): Promise<void> {
  await createDeliveries(tx, invoiceDeliveries(customer), { kind: 'INVOICE', customerId: customer.id, invoiceId: invoice.id });
}

export interface CustomerDocumentParams {
  kind: 'STATEMENT' | 'DUNNING_LETTER';
  customer: Customer;
  statementFrom?: Date;
  statementTo?: Date;
  dunningLetterId?: number;
}

/**
 * A statement or dunning letter: by EMAIL to each billing email, or one POST delivery (the
 * day's print batch) for a customer without one. Returns how many deliveries were queued.
 */
export async function queueCustomerDocument(tx: Tx, params: CustomerDocumentParams): Promise<number> {
  const planned = customerDocumentDeliveries(params.customer);
  await createDeliveries(tx, planned, {
    kind: params.kind,
    customerId: params.customer.id,
    statementFrom: params.statementFrom ?? null,
    statementTo: params.statementTo ?? null,
    dunningLetterId: params.dunningLetterId ?? null,
  });
  return planned.length;
}

interface DeliveryOf {
  kind: 'INVOICE' | 'STATEMENT' | 'DUNNING_LETTER';
  customerId: number;
  invoiceId?: number;
  statementFrom?: Date | null;
  statementTo?: Date | null;
  dunningLetterId?: number | null;
}

/** Queues new deliveries of a document (also a resend's); returns the rows, in order. */
export async function createDeliveries(tx: Tx, planned: PlannedDelivery[], of: DeliveryOf): Promise<InvoiceDelivery[]> {
  if (planned.length === 0) return [];
  const rows = await tx.invoiceDelivery.createManyAndReturn({
    data: planned.map((delivery) => ({
      ...of,
      channel: delivery.channel,
      recipient: delivery.recipient,
      // Fixed now, so a send repeated after a crash carries the same Message-ID.
      messageId: delivery.channel === 'EMAIL' ? newMessageId() : null,
    })),
  });
  for (const listener of queuedListeners) listener();
  return rows.sort((a, b) => a.id - b.id);
}

export function newMessageId(): string {
  return `<${randomUUID()}@${messageIdDomain}>`;
}

/** The domain part of a From address ("Billing <billing@example.com>" → example.com). */
export function messageIdDomainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).replace(/>.*$/, '').trim() : '';
  return domain || 'localhost';
}
