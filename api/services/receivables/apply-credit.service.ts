// applyCredit (PRODUCT.md, "Credit memo"): a credit memo's open credit or a payment's unapplied
// cash goes onto invoices of the same customer and currency, so neither is ever stuck. The
// source row is locked FOR UPDATE before its unapplied amount is read, then the invoices
// (settlement.ts): racing calls on one source queue behind each other and never apply more
// than it holds.
import type { Actor } from '../../domain/actor.js';
import { isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_APPLICATIONS } from '../../domain/limits.js';
import { Money } from '../../domain/money/money.js';
import { planCreditApplication, type CreditSource } from '../../domain/receivables/credit-application.js';
import type { RequestedApplication } from '../../domain/receivables/payment-application.js';
import type { CreditMemo, Payment, PaymentApplication } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { assertPeriodsOpen } from '../period-lock.js';
import { lockInvoicesByNumber, lockPaymentOrThrow, postApplications } from './settlement.js';

export interface ApplyCreditInput {
  creditMemoNumber?: string | null;
  paymentId?: string | null;
  applications: RequestedApplication[];
  date: string;
}

export interface AppliedCredit {
  applications: PaymentApplication[];
  /** The source after the call: one of the two is set. */
  creditMemo: CreditMemo | null;
  payment: Payment | null;
}

interface LockedSource {
  credit: CreditSource;
  entityId: number;
  creditMemoId?: number;
  paymentId?: number;
}

export async function applyCredit(prisma: Db, actor: Actor, input: ApplyCreditInput): Promise<AppliedCredit> {
  const errors = new ErrorCollector();
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const memoNumber = input.creditMemoNumber?.trim().toUpperCase() || null;
  const paymentId = input.paymentId === null || input.paymentId === undefined || String(input.paymentId).trim() === '' ? null : Number(input.paymentId);
  if ((memoNumber === null) === (paymentId === null)) {
    errors.add(['creditMemoNumber'], 'Give exactly one source: creditMemoNumber (open credit) or paymentId (unapplied cash).');
  }
  if (input.applications.length > MAX_APPLICATIONS) errors.add(['applications'], `At most ${MAX_APPLICATIONS} applications per call.`, ErrorCode.OUT_OF_RANGE);
  errors.throwIfAny();
  const requested = input.applications.map((a) => ({ ...a, invoiceNumber: a.invoiceNumber.trim().toUpperCase() }));

  return prisma.$transaction(async (tx) => {
    const source = memoNumber !== null ? await lockCreditMemo(tx, memoNumber) : await lockPayment(tx, paymentId!);
    const invoices = await lockInvoicesByNumber(tx, requested.map((a) => a.invoiceNumber));
    const plan = planCreditApplication({ source: source.credit, invoices, requested, date: date! });
    await assertPeriodsOpen(tx, source.entityId, [{ date: date!, field: ['date'] }]);

    const before = { unappliedAmount: source.credit.unapplied.toString() };
    const after = { unappliedAmount: plan.unapplied.toString(), version: { increment: 1 } };
    await postApplications(tx, plan.applications.map((a) => ({
      invoiceId: a.invoiceId,
      kind: source.creditMemoId ? ('CREDIT' as const) : ('PAYMENT' as const),
      creditMemoId: source.creditMemoId,
      paymentId: source.paymentId,
      amount: a.amount,
      date: date!,
    })));
    const creditMemo = source.creditMemoId ? await tx.creditMemo.update({ where: { id: source.creditMemoId }, data: after }) : null;
    const payment = source.paymentId ? await tx.payment.update({ where: { id: source.paymentId }, data: after }) : null;
    // The rows just written are the source's latest, one per invoice named.
    const applications = await tx.paymentApplication.findMany({
      where: { ...(source.creditMemoId ? { creditMemoId: source.creditMemoId } : { paymentId: source.paymentId }), invoiceId: { in: plan.applications.map((a) => a.invoiceId) } },
      orderBy: { id: 'desc' },
      take: plan.applications.length,
    });
    await recordAudit(tx, actor, {
      action: 'applyCredit',
      recordType: creditMemo ? 'CreditMemo' : 'Payment',
      recordId: (creditMemo ?? payment)!.id,
      before,
      after: { unappliedAmount: plan.unapplied.toString(), date, applications: plan.applications },
    });
    return { applications: applications.reverse(), creditMemo, payment };
  }, TX_OPTIONS);
}

async function lockCreditMemo(tx: Tx, number: string): Promise<LockedSource> {
  const [memo] = await tx.$queryRaw<{ id: number; number: string; entity_id: number; customer_id: number; currency: string; date: Date; unapplied_amount: string }[]>`
    SELECT id, number, entity_id, customer_id, currency, date, unapplied_amount::text AS unapplied_amount
    FROM credit_memo WHERE number = ${number} FOR UPDATE`;
  if (!memo) throw UserInputError.of(['creditMemoNumber'], `No credit memo numbered "${number.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return {
    credit: { label: `credit memo ${memo.number}`, customerId: memo.customer_id, currency: memo.currency, date: isoFromDate(memo.date), unapplied: new Money(memo.unapplied_amount) },
    entityId: memo.entity_id,
    creditMemoId: memo.id,
  };
}

async function lockPayment(tx: Tx, id: number): Promise<LockedSource> {
  const payment = await lockPaymentOrThrow(tx, id);
  if (payment.reversedDate) {
    throw UserInputError.of(['paymentId'], `Payment ${payment.id} was reversed on ${isoFromDate(payment.reversedDate)}; a reversed payment has no cash to apply.`);
  }
  return {
    credit: { label: `payment ${payment.id}`, customerId: payment.customerId, currency: payment.currency, date: isoFromDate(payment.receivedDate), unapplied: new Money(payment.unappliedAmount.toString()) },
    entityId: payment.entityId,
    paymentId: payment.id,
  };
}
