// How a payment is applied to invoices (PRODUCT.md, "Payment", "Auto-application" and the
// discount terms): explicitly, or oldest due first skipping invoices in open dispute; never
// below zero; the rest stays unapplied cash.
import { daysBetween, type IsoDate } from '../dates.js';
import { ErrorCode, ErrorCollector } from '../errors.js';
import { Money, ZERO, formatMoney, parseAmount, roundMoney } from '../money/money.js';
import { parsePaymentTerms } from './payment-terms.js';

export interface OpenInvoice {
  id: number;
  number: string;
  customerId: number;
  currency: string;
  issueDate: IsoDate;
  dueDate: IsoDate;
  paymentTerms: string;
  total: Money;
  /** Applied so far, discounts included. */
  amountPaid: Money;
  status: 'DRAFT' | 'ISSUED' | 'PARTIALLY_PAID' | 'PAID' | 'VOID';
  /** In open dispute: automatic application leaves it alone (an explicit one may still pay it). */
  disputed?: boolean;
}

export interface RequestedApplication {
  invoiceNumber: string;
  amount: string;
}

export interface PlanApplicationParams {
  customerId: number;
  amount: Money;
  currency: string;
  receivedDate: IsoDate;
  /** Every invoice named in `requested`, or the customer's open invoices for automatic application. */
  invoices: OpenInvoice[];
  requested?: RequestedApplication[] | null;
  /** Path prefix for errors, e.g. ["input", "applications"]. */
  field?: string[];
}

export interface PlannedApplication {
  invoiceId: number;
  invoiceNumber: string;
  amount: Money;
  discount: Money;
  /** True when this application brings the balance to zero. */
  settles: boolean;
}

export interface ApplicationPlan {
  applications: PlannedApplication[];
  unapplied: Money;
}

export function openBalance(invoice: Pick<OpenInvoice, 'total' | 'amountPaid'>): Money {
  return invoice.total.minus(invoice.amountPaid);
}

/** The discount an invoice would close with if paid on `receivedDate`, or null when none applies. */
export function discountAvailable(invoice: Pick<OpenInvoice, 'paymentTerms' | 'issueDate' | 'total' | 'currency'>, receivedDate: IsoDate): Money | null {
  const terms = parsePaymentTerms(invoice.paymentTerms);
  if (terms.kind !== 'DISCOUNT') return null;
  const elapsed = daysBetween(invoice.issueDate, receivedDate);
  if (elapsed < 0 || elapsed > terms.discountDays) return null;
  return roundMoney(invoice.total.times(terms.discountPercent).div(100), invoice.currency);
}

/** Throws UserInputError (listing every problem) when the requested applications are not allowed. */
export function planApplication(params: PlanApplicationParams): ApplicationPlan {
  return params.requested && params.requested.length > 0 ? planExplicit(params) : planOldestDueFirst(params);
}

function planExplicit(params: PlanApplicationParams): ApplicationPlan {
  const field = params.field ?? ['applications'];
  const errors = new ErrorCollector();
  const byNumber = new Map(params.invoices.map((invoice) => [invoice.number, invoice]));
  const seen = new Set<string>();
  const applications: PlannedApplication[] = [];
  let applied = ZERO;

  params.requested!.forEach((request, index) => {
    const at = [...field, String(index)];
    const invoice = byNumber.get(request.invoiceNumber);
    if (!invoice) {
      errors.add([...at, 'invoiceNumber'], `No issued invoice ${request.invoiceNumber} exists.`, ErrorCode.NOT_FOUND);
      return;
    }
    if (seen.has(invoice.number)) {
      errors.add([...at, 'invoiceNumber'], `Invoice ${invoice.number} is listed twice; give one application per invoice.`, ErrorCode.DUPLICATE);
      return;
    }
    seen.add(invoice.number);
    if (invoice.customerId !== params.customerId) {
      errors.add([...at, 'invoiceNumber'], `Invoice ${invoice.number} belongs to another customer; a payment applies only to its own customer's invoices.`, ErrorCode.INVALID);
      return;
    }
    if (invoice.status === 'VOID' || invoice.status === 'DRAFT') {
      errors.add([...at, 'invoiceNumber'], `Invoice ${invoice.number} is ${invoice.status}; payments apply only to issued invoices.`, ErrorCode.INVALID);
      return;
    }
    if (invoice.currency !== params.currency) {
      errors.add([...at, 'invoiceNumber'], `Invoice ${invoice.number} is in ${invoice.currency}; a ${params.currency} payment applies only to ${params.currency} invoices.`, ErrorCode.INVALID);
      return;
    }
    const amount = errors.check(() => parseAmount(request.amount, [...at, 'amount'], { currency: params.currency, what: 'An application amount' }));
    if (!amount) return;
    const open = openBalance(invoice);
    if (amount.gt(open)) {
      errors.add([...at, 'amount'], `${formatMoney(amount, invoice.currency)} is more than the open balance of invoice ${invoice.number} (${formatMoney(open, invoice.currency)} ${invoice.currency}).`, ErrorCode.OUT_OF_RANGE);
      return;
    }
    const left = open.minus(amount);
    const discount = discountAvailable(invoice, params.receivedDate);
    const takesDiscount = discount !== null && left.gt(0) && left.eq(discount);
    applications.push({
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amount,
      discount: takesDiscount ? left : ZERO,
      settles: left.isZero() || takesDiscount,
    });
    applied = applied.plus(amount);
  });

  if (errors.ok && applied.gt(params.amount)) {
    errors.add(field, `The applications add up to ${formatMoney(applied, params.currency)}, more than the payment of ${formatMoney(params.amount, params.currency)} ${params.currency}.`, ErrorCode.OUT_OF_RANGE);
  }
  errors.throwIfAny();
  return { applications, unapplied: params.amount.minus(applied) };
}

function planOldestDueFirst(params: PlanApplicationParams): ApplicationPlan {
  const candidates = params.invoices
    .filter((invoice) => invoice.customerId === params.customerId && invoice.currency === params.currency && !invoice.disputed)
    .filter((invoice) => (invoice.status === 'ISSUED' || invoice.status === 'PARTIALLY_PAID') && openBalance(invoice).gt(0))
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.issueDate.localeCompare(b.issueDate) || a.number.localeCompare(b.number));

  const applications: PlannedApplication[] = [];
  let remaining = params.amount;
  for (const invoice of candidates) {
    if (remaining.lte(0)) break;
    const open = openBalance(invoice);
    if (remaining.gte(open)) {
      // A full payment inside the discount window pays the invoice in full: the customer
      // chose not to take the discount, and no cash is left stranded as unapplied.
      applications.push({ invoiceId: invoice.id, invoiceNumber: invoice.number, amount: open, discount: ZERO, settles: true });
      remaining = remaining.minus(open);
      continue;
    }
    // The discount is taken only when what the payment leaves open is exactly the discount.
    const discount = discountAvailable(invoice, params.receivedDate);
    const takesDiscount = discount !== null && discount.gt(0) && open.minus(remaining).eq(discount);
    applications.push({
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amount: remaining,
      discount: takesDiscount ? discount : ZERO,
      settles: takesDiscount,
    });
    remaining = ZERO;
  }
  return { applications, unapplied: remaining };
}
