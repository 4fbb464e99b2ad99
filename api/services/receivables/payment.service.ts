// Recording a payment and applying it (explicitly or oldest due first). The invoices involved
// are locked FOR UPDATE before their balances are read, so racing payments can never take an
// invoice below zero; the whole call is one transaction, optionally idempotent.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { ErrorCollector } from '../../domain/errors.js';
import { MAX_APPLICATIONS } from '../../domain/limits.js';
import { Money, parseAmount, parseCurrency } from '../../domain/money/money.js';
import { statusAfterSettlement } from '../../domain/receivables/open-balance.js';
import { planApplication, type OpenInvoice, type RequestedApplication } from '../../domain/receivables/payment-application.js';
import { LIMITS, optionalText } from '../../domain/text.js';
import type { Payment } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import type { Db, Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { findCustomerOrThrow } from '../lookups.js';

export interface RecordPaymentInput {
  customerCode: string;
  receivedDate: string;
  amount: string;
  currency: string;
  reference?: string | null;
  applications?: RequestedApplication[] | null;
  idempotencyKey?: string | null;
}

export async function recordPayment(prisma: Db, actor: Actor, input: RecordPaymentInput): Promise<Payment> {
  const { idempotencyKey, ...payload } = input;
  const errors = new ErrorCollector();
  const receivedDate = errors.check(() => parseIsoDate(input.receivedDate, ['receivedDate']));
  const currency = errors.check(() => parseCurrency(input.currency, ['currency']));
  const amount = currency ? errors.check(() => parseAmount(input.amount, ['amount'], { currency, below: COLUMN_LIMITS.amount, what: 'A payment amount' })) : undefined;
  const reference = errors.check(() => optionalText(input.reference, ['reference'], { max: LIMITS.reference, what: 'The reference' }));
  const requested = (input.applications ?? []).map((a) => ({ ...a, invoiceNumber: a.invoiceNumber.trim().toUpperCase() }));
  if (requested.length > MAX_APPLICATIONS) errors.add(['applications'], `At most ${MAX_APPLICATIONS} applications per payment.`, 'OUT_OF_RANGE');

  return runIdempotent(
    prisma,
    { actor, operation: 'recordPayment', key: idempotencyKey, payload },
    async (tx) => {
      const customer = await errors.checkAsync(() => findCustomerOrThrow(tx, input.customerCode, ['customerCode']));
      errors.throwIfAny();
      const invoices = requested.length > 0
        ? await lockInvoicesByNumber(tx, requested.map((a) => a.invoiceNumber))
        : await lockOpenInvoices(tx, customer!.id, currency!);
      const plan = planApplication({
        customerId: customer!.id,
        amount: amount!,
        currency: currency!,
        receivedDate: receivedDate!,
        invoices,
        requested,
        field: ['applications'],
      });
      const payment = await tx.payment.create({
        data: {
          customerId: customer!.id,
          receivedDate: dateFromIso(receivedDate!),
          amount: amount!.toString(),
          currency: currency!,
          reference,
          unappliedAmount: plan.unapplied.toString(),
          applications: {
            create: plan.applications.map((a) => ({
              invoiceId: a.invoiceId,
              amount: a.amount.toString(),
              discount: a.discount.toString(),
              receivedDate: dateFromIso(receivedDate!),
            })),
          },
        },
      });
      for (const application of plan.applications) {
        const invoice = invoices.find((i) => i.id === application.invoiceId)!;
        await settle(tx, invoice, invoice.amountPaid.plus(application.amount).plus(application.discount));
      }
      await recordAudit(tx, actor, [
        { action: 'recordPayment', recordType: 'Payment', recordId: payment.id, after: { ...payment, applications: plan.applications } },
      ]);
      return { paymentId: payment.id };
    },
    (stored, tx) => tx.payment.findUniqueOrThrow({ where: { id: stored.paymentId } }),
  );
}

/** Sets a locked invoice's paid amount and the status it moves to; PAID records the day it reached zero. */
async function settle(tx: Tx, invoice: OpenInvoice, paid: Money): Promise<void> {
  const status = statusAfterSettlement(invoice.total, paid);
  await tx.$executeRaw`
    UPDATE invoice SET
      amount_paid = ${paid.toString()}::numeric,
      status = ${status}::"InvoiceStatus",
      paid_date = CASE WHEN ${status === 'PAID'}::boolean
        THEN (SELECT max(received_date) FROM payment_application WHERE invoice_id = ${invoice.id}) END,
      version = version + 1
    WHERE id = ${invoice.id}`;
}

interface LockedInvoiceRow {
  id: number;
  number: string;
  customer_id: number;
  currency: string;
  issue_date: Date;
  due_date: Date;
  payment_terms: string;
  total: string;
  amount_paid: string;
  status: OpenInvoice['status'];
}

function toOpenInvoice(row: LockedInvoiceRow): OpenInvoice {
  return {
    id: row.id,
    number: row.number,
    customerId: row.customer_id,
    currency: row.currency,
    issueDate: isoFromDate(row.issue_date),
    dueDate: isoFromDate(row.due_date),
    paymentTerms: row.payment_terms,
    total: new Money(row.total),
    amountPaid: new Money(row.amount_paid),
    status: row.status,
  };
}

// Locks are taken in id order so two payments touching the same invoices cannot deadlock.
async function lockInvoicesByNumber(tx: Tx, numbers: string[]): Promise<OpenInvoice[]> {
  const rows = await tx.$queryRaw<LockedInvoiceRow[]>`
    SELECT id, number, customer_id, currency, issue_date, due_date, payment_terms,
           total::text AS total, amount_paid::text AS amount_paid, status::text AS status
    FROM invoice WHERE number = ANY(${numbers}::text[]) ORDER BY id FOR UPDATE`;
  return rows.map(toOpenInvoice);
}

async function lockOpenInvoices(tx: Tx, customerId: number, currency: string): Promise<OpenInvoice[]> {
  const rows = await tx.$queryRaw<LockedInvoiceRow[]>`
    SELECT id, number, customer_id, currency, issue_date, due_date, payment_terms,
           total::text AS total, amount_paid::text AS amount_paid, status::text AS status
    FROM invoice
    WHERE customer_id = ${customerId} AND currency = ${currency} AND status IN ('ISSUED', 'PARTIALLY_PAID')
    ORDER BY id FOR UPDATE`;
  return rows.map(toOpenInvoice);
}
