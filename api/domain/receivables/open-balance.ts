// An invoice in the books and its open balance as of a date (PRODUCT.md, "Invoices in the
// books" and "Open balance as of a date D"), and the status payments move it to.
import type { IsoDate } from '../dates.js';
import { ZERO, type Money } from '../money/money.js';

export type InvoiceStatus = 'DRAFT' | 'ISSUED' | 'PARTIALLY_PAID' | 'PAID' | 'VOID';

/** A payment application: the amount applied and any discount taken with it. */
export interface Settlement {
  receivedDate: IsoDate;
  amount: Money;
  discount: Money;
}

export interface BookedInvoice {
  status: InvoiceStatus;
  issueDate: IsoDate;
  voidDate: IsoDate | null;
  total: Money;
  applications: readonly Settlement[];
}

/** Counts from its issue date (a draft never counts) until its void date. */
export function inBooksOn(invoice: Pick<BookedInvoice, 'status' | 'issueDate' | 'voidDate'>, asOf: IsoDate): boolean {
  return invoice.status !== 'DRAFT' && invoice.issueDate <= asOf && (invoice.voidDate === null || invoice.voidDate > asOf);
}

/** Applications plus discounts, those received on or before `asOf` when it is given. */
export function settledAmount(applications: readonly Settlement[], asOf?: IsoDate): Money {
  return applications.filter((a) => asOf === undefined || a.receivedDate <= asOf).reduce((sum, a) => sum.plus(a.amount).plus(a.discount), ZERO);
}

/** Total minus the applications and discounts received on or before `asOf`; zero when not in the books then. */
export function openBalanceAsOf(invoice: BookedInvoice, asOf: IsoDate): Money {
  if (!inBooksOn(invoice, asOf)) return ZERO;
  return invoice.total.minus(settledAmount(invoice.applications, asOf));
}

/** The status of an issued invoice of `total` once `settled` (applications plus discounts) is received. */
export function statusAfterSettlement(total: Money, settled: Money): Extract<InvoiceStatus, 'ISSUED' | 'PARTIALLY_PAID' | 'PAID'> {
  if (settled.lte(0)) return 'ISSUED';
  return settled.gte(total) ? 'PAID' : 'PARTIALLY_PAID';
}
