// Credit memos (PRODUCT.md, "Credit memo"): numbered per entity without gaps (US01-CM-000001,
// the entity's sequence row incremented under its row lock in the issuing transaction, as
// invoice numbers are), lines priced and taxed like invoice lines. Issued against an invoice,
// a memo goes onto it at once up to its open balance (a CREDIT application dated the memo's
// date); what is left, or all of a memo issued alone, is open credit for applyCredit.
import type { Actor } from '../../domain/actor.js';
import { parseIsoDate, dateFromIso, type IsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_LINES } from '../../domain/limits.js';
import { MAX_AMOUNT, Money, ZERO, roundMoney } from '../../domain/money/money.js';
import { checkCreditTarget, creditSplit } from '../../domain/receivables/credit-application.js';
import { creditMemoNumber } from '../../domain/receivables/invoice-number.js';
import { openBalance } from '../../domain/receivables/payment-application.js';
import { LIMITS, requireText } from '../../domain/text.js';
import type { CreditMemo, Customer } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import type { Db, Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { findCustomerOrThrow } from '../lookups.js';
import { assertPeriodsOpen } from '../period-lock.js';
import { priceLines, totalsOf, type InvoiceLineInput, type PricedLine } from './invoice.service.js';
import { lockInvoicesById, lockInvoicesByNumber, postApplications, type LockedInvoice } from './settlement.js';

export interface CreateCreditMemoInput {
  customerCode: string;
  invoiceNumber?: string | null;
  date: string;
  reason: string;
  lines: InvoiceLineInput[];
  idempotencyKey?: string | null;
}

export async function createCreditMemo(prisma: Db, actor: Actor, input: CreateCreditMemoInput): Promise<CreditMemo> {
  const { idempotencyKey, ...payload } = input;
  const errors = new ErrorCollector();
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  if (input.lines.length === 0) errors.add(['lines'], 'A credit memo needs at least one line.');
  if (input.lines.length > MAX_LINES) errors.add(['lines'], `${input.lines.length} lines given; at most ${MAX_LINES} are accepted.`, ErrorCode.OUT_OF_RANGE);

  return runIdempotent(
    prisma,
    { actor, operation: 'createCreditMemo', key: idempotencyKey, payload },
    async (tx) => {
      const customer = await errors.checkAsync(() => findCustomerOrThrow(tx, input.customerCode, ['customerCode']));
      const invoiceNumber = input.invoiceNumber?.trim().toUpperCase();
      const [invoice] = invoiceNumber ? await lockInvoicesByNumber(tx, [invoiceNumber]) : [];
      if (invoiceNumber && !invoice) errors.add(['invoiceNumber'], `No issued invoice numbered "${invoiceNumber.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
      const currency = invoice?.currency ?? customer?.currency;
      const lines = currency ? priceLines(input.lines, currency, errors) : [];
      if (currency && totalsOf(lines, currency).total.gte(MAX_AMOUNT)) {
        errors.add(['lines'], `The credit memo total is too large; it must be below ${MAX_AMOUNT.toFixed()}.`, ErrorCode.OUT_OF_RANGE);
      }
      errors.throwIfAny();
      const memo = await insertCreditMemo(tx, actor, { customer: customer!, invoice: invoice ?? null, date: date!, reason: reason!, currency: currency!, lines });
      return { creditMemoId: memo.id };
    },
    (stored, tx) => tx.creditMemo.findUniqueOrThrow({ where: { id: stored.creditMemoId } }),
  );
}

export interface CreditInvoiceParams {
  invoiceId: number;
  date: IsoDate;
  reason: string;
  /** Gross (tax included): the memo has one line of this amount, tax category O at rate 0. */
  amount: Money;
}

/**
 * Issues a one-line credit memo against an invoice inside the caller's transaction (resolving a
 * dispute with a credit, adjustments): numbered, applied up to the invoice's open balance,
 * period-checked and audited as createCreditMemo does. Throws UserInputError when refused.
 */
export async function creditInvoiceInTx(tx: Tx, actor: Actor, params: CreditInvoiceParams): Promise<CreditMemo> {
  const [invoice] = await lockInvoicesById(tx, [params.invoiceId]);
  if (!invoice) throw UserInputError.of(['invoiceNumber'], `No invoice with id ${params.invoiceId} exists.`, ErrorCode.NOT_FOUND);
  const amount = new Money(params.amount);
  if (amount.lte(0) || !roundMoney(amount, invoice.currency).eq(amount)) {
    throw UserInputError.of(['amount'], `A credit amount must be greater than zero with at most the minor units of ${invoice.currency} (got ${amount.toFixed()}).`, ErrorCode.OUT_OF_RANGE);
  }
  const reason = requireText(params.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' });
  const customer = await tx.customer.findUniqueOrThrow({ where: { id: invoice.customerId } });
  return insertCreditMemo(tx, actor, {
    customer,
    invoice,
    date: params.date,
    reason,
    currency: invoice.currency,
    lines: [{ description: reason.slice(0, LIMITS.description), quantity: new Money(1), unitPrice: amount, amount, tax: { rate: ZERO, category: 'O' } }],
  });
}

interface NewCreditMemo {
  customer: Customer;
  /** Locked (settlement.ts); null for open credit. */
  invoice: LockedInvoice | null;
  date: IsoDate;
  reason: string;
  currency: string;
  lines: PricedLine[];
}

/** Checks the invoice and the period, numbers the memo, writes it with its lines and its CREDIT application. */
async function insertCreditMemo(tx: Tx, actor: Actor, params: NewCreditMemo): Promise<CreditMemo> {
  const { customer, invoice, date, currency } = params;
  if (invoice) {
    const errors = new ErrorCollector();
    checkCreditTarget(invoice, { customerId: customer.id, currency, date, what: 'a credit memo' }, errors, { invoice: ['invoiceNumber'], date: ['date'] });
    errors.throwIfAny();
  }
  const entityId = invoice?.entityId ?? customer.entityId;
  await assertPeriodsOpen(tx, entityId, [{ date, field: ['date'] }]);

  const { subtotal, taxTotal, total } = totalsOf(params.lines, currency);
  const { applied, unapplied } = invoice ? creditSplit(total, openBalance(invoice)) : { applied: ZERO, unapplied: total };
  const [sequence] = await tx.$queryRaw<{ number: number; code: string }[]>`
    UPDATE invoice_sequence s SET next_credit_memo_number = s.next_credit_memo_number + 1
    FROM entity e WHERE e.id = s.entity_id AND s.entity_id = ${entityId}
    RETURNING s.next_credit_memo_number - 1 AS number, e.code`;
  const memo = await tx.creditMemo.create({
    data: {
      number: creditMemoNumber(sequence!.code, sequence!.number),
      entityId,
      customerId: customer.id,
      invoiceId: invoice?.id ?? null,
      date: dateFromIso(date),
      currency,
      reason: params.reason,
      subtotal: subtotal.toString(),
      taxTotal: taxTotal.toString(),
      total: total.toString(),
      unappliedAmount: unapplied.toString(),
      createdBy: actor.name,
      lines: {
        create: params.lines.map((line, index) => ({
          lineNo: index + 1,
          description: line.description,
          quantity: line.quantity.toString(),
          unitPrice: line.unitPrice.toString(),
          amount: line.amount.toString(),
          taxRate: (line.tax?.rate ?? ZERO).toString(),
          taxCategory: line.tax?.category ?? 'O',
        })),
      },
    },
  });
  if (invoice && applied.gt(0)) {
    await postApplications(tx, [{ invoiceId: invoice.id, kind: 'CREDIT', creditMemoId: memo.id, amount: applied, date }]);
  }
  await recordAudit(tx, actor, {
    action: 'createCreditMemo',
    recordType: 'CreditMemo',
    recordId: memo.id,
    after: { ...memo, lines: params.lines, applications: invoice && applied.gt(0) ? [{ invoiceNumber: invoice.number, amount: applied }] : [] },
  });
  return memo;
}
