// Applying credit to invoices (PRODUCT.md, "Credit memo"): a credit memo's open credit or a
// payment's unapplied cash goes onto issued invoices of the same customer and currency, dated on
// or after both the source and the invoice, never more than an invoice's open balance nor more
// than the source holds.
import { daysBetween, type IsoDate } from '../dates.js';
import { ErrorCode, ErrorCollector } from '../errors.js';
import { Money, ZERO, formatMoney, parseAmount } from '../money/money.js';
import { openBalance, type OpenInvoice, type RequestedApplication } from './payment-application.js';

/** What the credit comes from, as read under its row lock. */
export interface CreditSource {
  /** For messages: "credit memo US01-CM-000001", "payment 12". */
  label: string;
  customerId: number;
  currency: string;
  /** The memo's date or the payment's received date. */
  date: IsoDate;
  /** Open credit or unapplied cash now. */
  unapplied: Money;
}

export interface PlanCreditParams {
  source: CreditSource;
  /** Every invoice named in `requested`, as locked. */
  invoices: OpenInvoice[];
  requested: RequestedApplication[];
  /** The day the credit is applied: the applications count from it. */
  date: IsoDate;
}

export interface PlannedCredit {
  invoiceId: number;
  invoiceNumber: string;
  amount: Money;
}

export interface CreditPlan {
  applications: PlannedCredit[];
  /** What the source holds afterwards. */
  unapplied: Money;
}

/**
 * Why `invoice` cannot take credit of `customerId` in `currency` dated `date` (added to
 * `errors` under `at`); true when it can.
 */
export function checkCreditTarget(
  invoice: Pick<OpenInvoice, 'number' | 'customerId' | 'currency' | 'status' | 'issueDate'>,
  target: { customerId: number; currency: string; date: IsoDate; what: string },
  errors: ErrorCollector,
  at: { invoice: string[]; date: string[] },
): boolean {
  if (invoice.customerId !== target.customerId) {
    errors.add(at.invoice, `Invoice ${invoice.number} belongs to another customer; ${target.what} applies only to its own customer's invoices.`);
    return false;
  }
  if (invoice.status === 'VOID' || invoice.status === 'DRAFT') {
    errors.add(at.invoice, `Invoice ${invoice.number} is ${invoice.status}; credit applies only to issued invoices.`);
    return false;
  }
  if (invoice.currency !== target.currency) {
    errors.add(at.invoice, `Invoice ${invoice.number} is in ${invoice.currency}; ${target.what} in ${target.currency} applies only to ${target.currency} invoices.`);
    return false;
  }
  if (daysBetween(invoice.issueDate, target.date) < 0) {
    errors.add(at.date, `${target.date} is before invoice ${invoice.number} was issued (${invoice.issueDate}); credit it on or after its issue date.`, ErrorCode.OUT_OF_RANGE);
    return false;
  }
  return true;
}

/** How much of a credit of `total` goes onto an invoice with `open` balance at once; the rest is open credit. */
export function creditSplit(total: Money, open: Money): { applied: Money; unapplied: Money } {
  const applied = Money.max(ZERO, Money.min(total, open));
  return { applied, unapplied: total.minus(applied) };
}

/** Throws UserInputError (listing every problem) when the applications are not allowed. */
export function planCreditApplication(params: PlanCreditParams): CreditPlan {
  const { source, date } = params;
  const errors = new ErrorCollector();
  if (params.requested.length === 0) errors.add(['applications'], 'Give at least one application: { invoiceNumber, amount }.');
  if (daysBetween(source.date, date) < 0) {
    errors.add(['date'], `${date} is before the ${source.label} (${source.date}); apply it on or after that date.`, ErrorCode.OUT_OF_RANGE);
  }
  const byNumber = new Map(params.invoices.map((invoice) => [invoice.number, invoice]));
  const seen = new Set<string>();
  const applications: PlannedCredit[] = [];
  let applied = ZERO;

  params.requested.forEach((request, index) => {
    const at = ['applications', String(index)];
    const invoice = byNumber.get(request.invoiceNumber);
    if (!invoice) {
      errors.add([...at, 'invoiceNumber'], `No issued invoice ${request.invoiceNumber.slice(0, 40)} exists.`, ErrorCode.NOT_FOUND);
      return;
    }
    if (seen.has(invoice.number)) {
      errors.add([...at, 'invoiceNumber'], `Invoice ${invoice.number} is listed twice; give one application per invoice.`, ErrorCode.DUPLICATE);
      return;
    }
    seen.add(invoice.number);
    const target = { customerId: source.customerId, currency: source.currency, date, what: `the ${source.label}` };
    if (!checkCreditTarget(invoice, target, errors, { invoice: [...at, 'invoiceNumber'], date: ['date'] })) return;
    const amount = errors.check(() => parseAmount(request.amount, [...at, 'amount'], { currency: source.currency, what: 'An application amount' }));
    if (!amount) return;
    const open = openBalance(invoice);
    if (amount.gt(open)) {
      errors.add([...at, 'amount'], `${formatMoney(amount, invoice.currency)} is more than the open balance of invoice ${invoice.number} (${formatMoney(open, invoice.currency)} ${invoice.currency}).`, ErrorCode.OUT_OF_RANGE);
      return;
    }
    applications.push({ invoiceId: invoice.id, invoiceNumber: invoice.number, amount });
    applied = applied.plus(amount);
  });

  if (errors.ok && applied.gt(source.unapplied)) {
    errors.add(
      ['applications'],
      `The applications add up to ${formatMoney(applied, source.currency)}, more than the ${formatMoney(source.unapplied, source.currency)} ${source.currency} the ${source.label} has left to apply.`,
      ErrorCode.OUT_OF_RANGE,
    );
  }
  errors.throwIfAny();
  return { applications, unapplied: source.unapplied.minus(applied) };
}
