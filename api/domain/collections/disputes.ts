// Which invoices a dispute may be opened on (by openDispute or a DISPUTE collection activity):
// not a void one, and not one already in dispute; how much of an invoice a dispute may cover;
// and what a credit memo resolving it is for.
import { ErrorCode, type ErrorCollector } from '../errors.js';
import { formatMoney, Money } from '../money/money.js';

export const DISPUTE_REASONS = ['PRICING', 'QUANTITY', 'SERVICE', 'DUPLICATE', 'NOT_RECEIVED', 'OTHER'] as const;
export type DisputeReasonCode = (typeof DISPUTE_REASONS)[number];

export interface DisputeCandidate {
  number: string | null;
  status: string;
  /** In dispute already, or made so by an earlier row of the same batch. */
  disputed: boolean;
}

/** Collects why a dispute cannot be opened on `invoice`, if it cannot. */
export function checkDisputable(invoice: DisputeCandidate, field: string[], errors: ErrorCollector): void {
  if (invoice.status === 'VOID') errors.add(field, `Invoice ${invoice.number} is void; it cannot be disputed.`);
  if (invoice.disputed) errors.add(field, `Invoice ${invoice.number} is already in dispute.`, ErrorCode.DUPLICATE);
}

export interface DisputedAmountParams {
  /** Already parsed to the invoice currency's minor units and > 0. */
  amount: Money;
  invoiceNumber: string | null;
  currency: string;
  openBalance: Money;
}

/** Collects why `amount` cannot be disputed: more than the invoice's open balance. */
export function checkDisputedAmount(params: DisputedAmountParams, field: string[], errors: ErrorCollector): void {
  const { amount, currency, openBalance } = params;
  if (amount.gt(openBalance)) {
    errors.add(
      field,
      `The disputed amount ${currency} ${formatMoney(amount, currency)} is more than the open balance of invoice ${params.invoiceNumber}, ${currency} ${formatMoney(openBalance, currency)}; dispute at most the open balance (or leave amount out to dispute all of it).`,
      ErrorCode.OUT_OF_RANGE,
    );
  }
}

/**
 * What a credit memo resolving a dispute is for: the disputed amount, or the whole open balance
 * when the dispute named none, never more than is open now (payments may have come in since).
 */
export function disputeCreditAmount(disputed: Money | null, openBalance: Money): Money {
  if (disputed === null) return openBalance;
  return Money.min(disputed, openBalance);
}
