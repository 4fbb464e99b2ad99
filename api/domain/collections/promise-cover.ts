// Which invoices a promise to pay logged from the worklist covers (PRODUCT.md, Collections), when
// the collector names the worklist's date instead of invoices: the customer's invoices past due
// as of that date, in the promise's currency, that the worklist counts there (not in open
// dispute, not under an unbroken promise) and that are still open on the day the promise is
// made. A promise may not exceed what those invoices still owe: more would cover invoices not
// yet due, and a collector who means that names them with invoiceNumbers. Capping silently
// would record an amount the customer never promised, so it is refused instead.
import { ErrorCode, type ErrorCollector } from '../errors.js';
import { formatMoney, sumMoney, type Money } from '../money/money.js';

export interface PromiseCandidate {
  id: number;
  number: string;
  currency: string;
  /** Open balance on the day the promise is made (payments after the worklist's date count). */
  openNow: Money;
  /** In a dispute open as of the worklist's date (as the worklist reads disputes). */
  inDispute: boolean;
  /** Under an unbroken promise as of the worklist's date, or promised by an earlier row of the same batch. */
  underPromise: boolean;
}

export interface PromiseCoverParams {
  customerCode: string;
  /** The promise's currency (the customer's billing currency unless the caller names another). */
  currency: string;
  /** The worklist's as-of date. */
  asOf: string;
  /** The customer's invoices past due as of `asOf` with an open balance then, any currency, oldest due first. */
  candidates: readonly PromiseCandidate[];
  /** The promised amount, or null when it was refused already (then only the cover is checked). */
  amount: Money | null;
}

export interface PromiseCover {
  invoices: PromiseCandidate[];
  /** What the covered invoices still owe: the most that may be promised. */
  total: Money;
}

/**
 * The invoices the promise covers and what they owe, or null with the reason collected under
 * `field` (the promise amount: the cell the collector typed).
 */
export function coverPromise(params: PromiseCoverParams, field: string[], errors: ErrorCollector): PromiseCover | null {
  const { customerCode, currency, asOf, candidates } = params;
  if (candidates.length === 0) {
    errors.add(field, `${customerCode} has nothing past due as of ${asOf}, so a promise to pay has no invoice to cover. To promise invoices not yet due, name them with invoiceNumbers.`, ErrorCode.OUT_OF_RANGE);
    return null;
  }
  const inCurrency = candidates.filter((i) => i.currency === currency);
  if (inCurrency.length === 0) {
    const others = [...new Set(candidates.map((i) => i.currency))].sort();
    errors.add(field, `${customerCode} has nothing past due in ${currency} as of ${asOf}; its past-due invoices are in ${others.join(', ')}. Log the promise in that currency or name its invoices.`, ErrorCode.OUT_OF_RANGE);
    return null;
  }
  const covered = inCurrency.filter((i) => !i.inDispute && !i.underPromise && i.openNow.gt(0));
  const leftOut = leftOutReasons(inCurrency);
  if (covered.length === 0) {
    errors.add(field, `${customerCode} has nothing past due in ${currency} as of ${asOf} that a promise can cover: ${leftOut}.`, ErrorCode.OUT_OF_RANGE);
    return null;
  }
  const total = sumMoney(covered.map((i) => i.openNow));
  if (params.amount && params.amount.gt(total)) {
    const numbers = covered.map((i) => i.number).join(', ');
    errors.add(
      field,
      `The promise of ${currency} ${formatMoney(params.amount, currency)} is more than the ${currency} ${formatMoney(total, currency)} past due as of ${asOf} on the invoices it covers (${numbers})${leftOut ? `; left out: ${leftOut}` : ''}. Promise at most ${formatMoney(total, currency)}, or name the invoices (not-yet-due ones too) with invoiceNumbers.`,
      ErrorCode.OUT_OF_RANGE,
    );
    return null;
  }
  return { invoices: covered, total };
}

/** "DE01-000002 in open dispute; DE01-000005 under an unbroken promise", or '' when none is left out. */
function leftOutReasons(invoices: readonly PromiseCandidate[]): string {
  const groups: [string, PromiseCandidate[]][] = [
    ['in open dispute', invoices.filter((i) => i.inDispute)],
    ['under an unbroken promise', invoices.filter((i) => !i.inDispute && i.underPromise)],
    ['paid since', invoices.filter((i) => !i.inDispute && !i.underPromise && i.openNow.lte(0))],
  ];
  return groups
    .filter(([, list]) => list.length > 0)
    .map(([reason, list]) => `${list.map((i) => i.number).join(', ')} ${reason}`)
    .join('; ');
}
