// Recording a payment and applying it (explicitly or oldest due first). The invoices involved
// are locked FOR UPDATE before their balances are read, so racing payments can never take an
// invoice below zero; the whole call is one transaction, optionally idempotent.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, parseIsoDate } from '../../domain/dates.js';
import { ErrorCollector } from '../../domain/errors.js';
import { MAX_APPLICATIONS } from '../../domain/limits.js';
import { parseAmount, parseCurrency } from '../../domain/money/money.js';
import { planApplication, type RequestedApplication } from '../../domain/receivables/payment-application.js';
import { LIMITS, optionalText } from '../../domain/text.js';
import type { Payment } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { assertPeriodsOpen } from '../period-lock.js';
import type { Db } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { findCustomerOrThrow } from '../lookups.js';
import { lockInvoicesByNumber, lockOpenInvoices, postApplications } from './settlement.js';

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
      await assertPeriodsOpen(tx, customer!.entityId, [{ date: receivedDate!, field: ['receivedDate'] }]);
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
        },
      });
      await postApplications(tx, plan.applications.map((a) => ({
        invoiceId: a.invoiceId,
        kind: 'PAYMENT' as const,
        paymentId: payment.id,
        amount: a.amount,
        discount: a.discount,
        date: receivedDate!,
      })));
      await recordAudit(tx, actor, [
        { action: 'recordPayment', recordType: 'Payment', recordId: payment.id, after: { ...payment, applications: plan.applications } },
      ]);
      return { paymentId: payment.id };
    },
    (stored, tx) => tx.payment.findUniqueOrThrow({ where: { id: stored.paymentId } }),
  );
}
