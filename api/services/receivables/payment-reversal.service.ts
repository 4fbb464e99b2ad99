// Money going back out (PRODUCT.md, "Refund" and "Reversal"). A refund pays back unapplied
// cash; a reversal undoes a bounced or returned payment as of its date: each invoice it paid
// gets a REVERSAL application of minus what the payment put on it (discount included), dated
// the reversal's date, so reports before that date are unchanged and the invoice reopens from
// it. The payment row is locked FOR UPDATE first, then its invoices, so two refunds (or a
// refund and a reversal) racing on one payment are ordered and never take its cash below zero.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { Money, ZERO, formatMoney, parseAmount } from '../../domain/money/money.js';
import { LIMITS, requireText } from '../../domain/text.js';
import type { Payment, Refund } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { isRowId } from '../lookups.js';
import { assertPeriodsOpen } from '../period-lock.js';
import { lockInvoicesById, lockPaymentOrThrow, postApplications, type ApplicationRow } from './settlement.js';

/** Parses a payment id as GraphQL carries it (an ID string). */
function parsePaymentId(raw: string, errors: ErrorCollector): number | undefined {
  const id = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!isRowId(id)) {
    errors.add(['paymentId'], `"${raw.slice(0, 40)}" is not a payment id; give the id field of a payment.`, ErrorCode.NOT_FOUND);
    return undefined;
  }
  return id;
}

export interface RefundPaymentInput {
  paymentId: string;
  amount: string;
  date: string;
  reference: string;
}

export async function refundPayment(prisma: Db, actor: Actor, input: RefundPaymentInput): Promise<{ refund: Refund; payment: Payment }> {
  const errors = new ErrorCollector();
  const paymentId = parsePaymentId(input.paymentId, errors);
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const reference = errors.check(() => requireText(input.reference, ['reference'], { max: LIMITS.reference, what: 'The reference' }));
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const payment = await lockPaymentOrThrow(tx, paymentId!);
    const unapplied = new Money(payment.unappliedAmount.toString());
    if (payment.reversedDate) {
      throw UserInputError.of(['paymentId'], `Payment ${payment.id} was reversed on ${isoFromDate(payment.reversedDate)}; a reversed payment has no cash to refund.`);
    }
    if (date! < isoFromDate(payment.receivedDate)) {
      errors.add(['date'], `${date} is before the payment was received (${isoFromDate(payment.receivedDate)}); date the refund on or after it.`, ErrorCode.OUT_OF_RANGE);
    }
    const amount = errors.check(() => parseAmount(input.amount, ['amount'], { currency: payment.currency, below: COLUMN_LIMITS.amount, what: 'A refund amount' }));
    if (amount && amount.gt(unapplied)) {
      errors.add(
        ['amount'],
        `${formatMoney(amount, payment.currency)} is more than the payment's unapplied cash; at most ${formatMoney(unapplied, payment.currency)} ${payment.currency} can be refunded.`,
        ErrorCode.OUT_OF_RANGE,
      );
    }
    errors.throwIfAny();
    await assertPeriodsOpen(tx, payment.entityId, [{ date: date!, field: ['date'] }]);

    const refund = await tx.refund.create({
      data: { paymentId: payment.id, date: dateFromIso(date!), amount: amount!.toString(), currency: payment.currency, reference: reference!, createdBy: actor.name },
    });
    const updated = await tx.payment.update({
      where: { id: payment.id },
      data: { unappliedAmount: unapplied.minus(amount!).toString(), version: { increment: 1 } },
    });
    const { entityId: _entityId, ...before } = payment;
    await recordAudit(tx, actor, [
      { action: 'refundPayment', recordType: 'Refund', recordId: refund.id, after: refund },
      { action: 'refundPayment', recordType: 'Payment', recordId: payment.id, before, after: updated },
    ]);
    return { refund, payment: updated };
  }, TX_OPTIONS);
}

export interface ReversePaymentInput {
  paymentId: string;
  date: string;
  reason: string;
}

export async function reversePayment(prisma: Db, actor: Actor, input: ReversePaymentInput): Promise<Payment> {
  const errors = new ErrorCollector();
  const paymentId = parsePaymentId(input.paymentId, errors);
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  errors.throwIfAny();

  return prisma.$transaction(async (tx) => {
    const payment = await lockPaymentOrThrow(tx, paymentId!);
    if (payment.reversedDate) {
      throw UserInputError.of(['paymentId'], `Payment ${payment.id} was already reversed on ${isoFromDate(payment.reversedDate)}.`);
    }
    // Refunded cash went back to the customer from us; the same cash cannot also have bounced.
    // Undo the refund's business outside first (or reverse only payments never refunded).
    const refunds = await tx.refund.count({ where: { paymentId: payment.id } });
    if (refunds > 0) {
      throw UserInputError.of(['paymentId'], `Payment ${payment.id} has ${refunds} refund(s); refunded cash cannot also bounce, so a refunded payment cannot be reversed.`);
    }
    const received = isoFromDate(payment.receivedDate);
    if (date! < received) {
      throw UserInputError.of(['date'], `${date} is before the payment was received (${received}); date the reversal on or after it.`, ErrorCode.OUT_OF_RANGE);
    }
    const net = await tx.$queryRaw<{ invoice_id: number; amount: string; discount: string; last_date: Date }[]>`
      SELECT invoice_id, sum(amount)::text AS amount, sum(discount)::text AS discount, max(received_date) AS last_date
      FROM payment_application WHERE payment_id = ${payment.id} GROUP BY invoice_id ORDER BY invoice_id`;
    // An undo cannot precede what it undoes: cash applied later (applyCredit) counts from its own date.
    const lastApplied = net.map((row) => isoFromDate(row.last_date)).sort().at(-1);
    if (lastApplied && date! < lastApplied) {
      throw UserInputError.of(['date'], `${date} is before the payment's last application (${lastApplied}); date the reversal on or after it.`, ErrorCode.OUT_OF_RANGE);
    }
    await assertPeriodsOpen(tx, payment.entityId, [{ date: date!, field: ['date'] }]);

    await lockInvoicesById(tx, net.map((row) => row.invoice_id));
    const rows: ApplicationRow[] = net
      .map((row) => ({ invoiceId: row.invoice_id, amount: new Money(row.amount), discount: new Money(row.discount) }))
      .filter((row) => !row.amount.isZero() || !row.discount.isZero())
      .map((row) => ({ invoiceId: row.invoiceId, kind: 'REVERSAL' as const, paymentId: payment.id, amount: row.amount.neg(), discount: row.discount.neg(), date: date! }));
    await postApplications(tx, rows);
    const updated = await tx.payment.update({
      where: { id: payment.id },
      data: { reversedDate: dateFromIso(date!), reversalReason: reason!, unappliedAmount: ZERO.toString(), version: { increment: 1 } },
    });
    const { entityId: _entityId, ...before } = payment;
    await recordAudit(tx, actor, {
      action: 'reversePayment',
      recordType: 'Payment',
      recordId: payment.id,
      before,
      after: { ...updated, reversals: rows.map((row) => ({ invoiceId: row.invoiceId, amount: row.amount, discount: row.discount })) },
    });
    return updated;
  }, TX_OPTIONS);
}
