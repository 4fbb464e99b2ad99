// Disputes: an invoice in open dispute stays in its balance but leaves the collections worklist.
// A dispute carries a reason code, the amount disputed (null: the whole open balance) and an
// owner; resolving one may issue a credit memo for the disputed amount in the same transaction.
import { hasRole, type Actor } from '../../domain/actor.js';
import { checkDisputable, checkDisputedAmount, disputeCreditAmount, type DisputeReasonCode } from '../../domain/collections/disputes.js';
import { dateFromIso, parseIsoDate } from '../../domain/dates.js';
import { ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { formatMoney, MAX_AMOUNT, Money, parseAmount } from '../../domain/money/money.js';
import { LIMITS, optionalText, requireText } from '../../domain/text.js';
import type { Invoice } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findInvoiceOrThrow, lockInvoice } from '../lookups.js';
import { creditInvoiceInTx } from '../receivables/credit-memo.service.js';

export interface OpenDisputeInput {
  invoiceNumber: string;
  reason: string;
  reasonCode?: DisputeReasonCode | null;
  /** In the invoice's currency; null: the whole open balance. */
  amount?: string | null;
  owner?: string | null;
}

/** What a dispute says beside its invoice, as openDisputeOn takes it. */
export interface DisputeDetails {
  reason: string;
  reasonCode?: DisputeReasonCode | null;
  /** Unparsed: its scale is checked against the invoice's currency once the invoice is locked. */
  amount?: string | null;
  owner?: string | null;
}

export async function openDispute(prisma: Db, actor: Actor, input: OpenDisputeInput, today: string): Promise<Invoice> {
  const errors = new ErrorCollector();
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.reason, what: 'The reason' }));
  const owner = errors.check(() => optionalText(input.owner, ['owner'], { max: LIMITS.name, what: 'The owner' }));
  return prisma.$transaction(async (tx) => {
    const invoice = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    return openDisputeOn(tx, actor, invoice!.id, { reason: reason!, reasonCode: input.reasonCode, amount: input.amount, owner }, today, ['invoiceNumber']);
  }, TX_OPTIONS);
}

/**
 * Shared with logging a DISPUTE collection activity. The invoice is locked and read again
 * before its state is checked, so of racing writers one opens the dispute.
 */
export async function openDisputeOn(tx: Tx, actor: Actor, invoiceId: number, details: DisputeDetails, date: string, field: string[]): Promise<Invoice> {
  const invoice = (await lockInvoice(tx, invoiceId))!;
  const refusals = new ErrorCollector();
  checkDisputable(invoice, field, refusals);
  const amount = details.amount == null ? null : (refusals.check(() => parseDisputedAmount(details.amount!, invoice)) ?? null);
  refusals.throwIfAny();
  const reasonCode = details.reasonCode ?? 'OTHER';
  const owner = details.owner ?? null;
  await tx.dispute.create({
    data: { invoiceId: invoice.id, reason: details.reason, reasonCode, amount: amount?.toString() ?? null, owner, openedDate: dateFromIso(date), openedBy: actor.name },
  });
  const updated = await tx.invoice.update({ where: { id: invoice.id }, data: { disputed: true, version: { increment: 1 } } });
  await recordAudit(tx, actor, {
    action: 'openDispute',
    recordType: 'Invoice',
    recordId: invoice.id,
    before: { disputed: false },
    after: {
      number: invoice.number,
      disputed: true,
      reason: details.reason,
      // The structured details when set, so a plain dispute's record reads as it always has.
      ...(reasonCode === 'OTHER' ? {} : { reasonCode }),
      ...(amount === null ? {} : { amount: formatMoney(amount, invoice.currency) }),
      ...(owner === null ? {} : { owner }),
    },
  });
  return updated;
}

function openBalanceOf(invoice: Invoice): Money {
  return new Money(invoice.total.toString()).minus(invoice.amountPaid.toString());
}

/** The disputed amount: more than zero, in the invoice currency's minor units, at most its open balance. */
function parseDisputedAmount(value: string, invoice: Invoice): Money {
  const amount = parseAmount(value, ['amount'], { currency: invoice.currency, below: MAX_AMOUNT, what: 'The disputed amount' });
  const errors = new ErrorCollector();
  checkDisputedAmount({ amount, invoiceNumber: invoice.number, currency: invoice.currency, openBalance: openBalanceOf(invoice) }, ['amount'], errors);
  errors.throwIfAny();
  return amount;
}

export interface ResolveDisputeInput {
  invoiceNumber: string;
  resolution: string;
  /** Issue a credit memo for the disputed amount (AR: a money document). */
  creditMemo?: boolean | null;
  /** The credit memo's date; default today. */
  creditMemoDate?: string | null;
}

/** Where the credit memo's own refusals belong among resolveDispute's inputs. */
const CREDIT_FIELDS: Record<string, string[]> = { date: ['creditMemoDate'], amount: ['creditMemo'], reason: ['resolution'] };

export async function resolveDispute(prisma: Db, actor: Actor, input: ResolveDisputeInput, today: string): Promise<Invoice> {
  const errors = new ErrorCollector();
  const resolution = errors.check(() => requireText(input.resolution, ['resolution'], { max: LIMITS.reason, what: 'The resolution' }));
  const withCredit = input.creditMemo === true;
  if (withCredit && !hasRole(actor, 'AR')) {
    errors.add(['creditMemo'], `Resolving a dispute with a credit memo issues a money document, which needs the AR role (this token has ${actor.role}); resolve it without creditMemo, or ask AR.`, ErrorCode.FORBIDDEN);
  }
  if (!withCredit && input.creditMemoDate != null) errors.add(['creditMemoDate'], 'creditMemoDate is the date of the credit memo; give it only with creditMemo: true.');
  const creditMemoDate = withCredit ? errors.check(() => parseIsoDate(input.creditMemoDate ?? today, ['creditMemoDate'])) : undefined;
  // Refused by role or input before anything is read or written.
  errors.throwIfAny();
  return prisma.$transaction(async (tx) => {
    const found = await errors.checkAsync(() => findInvoiceOrThrow(tx, input.invoiceNumber, ['invoiceNumber']));
    errors.throwIfAny();
    // Locked before the dispute is looked up: of racing resolutions, one finds it open.
    const invoice = (await lockInvoice(tx, found!.id))!;
    const open = await tx.dispute.findFirst({ where: { invoiceId: invoice.id, resolvedDate: null }, orderBy: { id: 'desc' } });
    if (!invoice.disputed || !open) {
      throw UserInputError.of(['invoiceNumber'], `Invoice ${invoice.number} has no open dispute to resolve.`);
    }
    let credit: { id: number; number: string; amount: string } | null = null;
    if (withCredit) {
      const amount = disputeCreditAmount(open.amount === null ? null : new Money(open.amount.toString()), openBalanceOf(invoice));
      if (amount.lte(0)) {
        throw UserInputError.of(['creditMemo'], `Invoice ${invoice.number} has nothing open to credit; resolve the dispute without creditMemo.`, ErrorCode.OUT_OF_RANGE);
      }
      const reason = `Dispute resolved: ${resolution}`.slice(0, LIMITS.reason);
      const memo = await withFieldsOf(() => creditInvoiceInTx(tx, actor, { invoiceId: invoice.id, date: creditMemoDate!, reason, amount }));
      credit = { id: memo.id, number: memo.number, amount: formatMoney(amount, invoice.currency) };
    }
    await tx.dispute.update({
      where: { id: open.id },
      data: { resolvedDate: dateFromIso(today), resolution: resolution!, resolvedBy: actor.name, creditMemoId: credit?.id ?? null },
    });
    const updated = await tx.invoice.update({ where: { id: invoice.id }, data: { disputed: false, version: { increment: 1 } } });
    await recordAudit(tx, actor, {
      action: 'resolveDispute',
      recordType: 'Invoice',
      recordId: invoice.id,
      before: { disputed: true },
      after: { number: invoice.number, disputed: false, resolution, ...(credit ? { creditMemo: credit.number, creditAmount: credit.amount } : {}) },
    });
    return updated;
  }, TX_OPTIONS);
}

/** Runs the credit memo's issue, naming its refusals by resolveDispute's inputs (its `date` is creditMemoDate …). */
async function withFieldsOf<T>(issue: () => Promise<T>): Promise<T> {
  try {
    return await issue();
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    throw new UserInputError(error.errors.map((e) => ({ ...e, field: CREDIT_FIELDS[e.field[0] ?? ''] ?? e.field })));
  }
}
