// Payment terms: parsing the accepted forms and computing due dates (PRODUCT.md, "Due dates").
import { addDays, daysInMonth, endOfMonth, isoOf, parts, type IsoDate } from '../dates.js';
import { UserInputError } from '../errors.js';
import { Money } from '../money/money.js';

export type PaymentTerms =
  | { kind: 'NET'; days: number }
  | { kind: 'EOM'; days: number }
  | { kind: 'DISCOUNT'; discountPercent: Money; discountDays: number; netDays: number }
  | { kind: 'MFI'; day: number }
  | { kind: 'DUE_ON_RECEIPT' };

export const ACCEPTED_TERMS =
  'NET<n> (e.g. NET30), EOM, EOM<n> (e.g. EOM30), <d>/<x> NET<n> (e.g. 2/10 NET30), MFI<day> (e.g. MFI15) or DUE_ON_RECEIPT';

const MAX_DAYS = 365;

/** Parses terms (case and spacing forgiven) or throws a UserInputError naming the accepted forms. */
export function parsePaymentTerms(value: string, field: string[] = ['paymentTerms']): PaymentTerms {
  const text = String(value).trim().toUpperCase().replace(/\s+/g, ' ');
  const refuse = (why = ''): never => {
    throw UserInputError.of(field, `"${String(value).slice(0, 40)}" is not a payment term${why}; accepted: ${ACCEPTED_TERMS}.`);
  };
  const days = (digits: string): number => {
    const n = Number(digits);
    if (n > MAX_DAYS) refuse(` (at most ${MAX_DAYS} days)`);
    return n;
  };
  if (text === 'DUE_ON_RECEIPT') return { kind: 'DUE_ON_RECEIPT' };
  let match = /^NET ?(\d{1,3})$/.exec(text);
  if (match) return { kind: 'NET', days: days(match[1]!) };
  match = /^EOM ?(\d{1,3})?$/.exec(text);
  if (match) return { kind: 'EOM', days: match[1] ? days(match[1]) : 0 };
  match = /^MFI ?(\d{1,2})$/.exec(text);
  if (match) {
    const day = Number(match[1]);
    if (day < 1 || day > 31) refuse(' (the day of the month must be 1–31)');
    return { kind: 'MFI', day };
  }
  match = /^(\d{1,2}(?:\.\d{1,2})?) ?\/ ?(\d{1,3}) NET ?(\d{1,3})$/.exec(text);
  if (match) {
    const discountPercent = new Money(match[1]!);
    const discountDays = days(match[2]!);
    const netDays = days(match[3]!);
    if (discountPercent.lte(0)) refuse(' (the discount must be above 0 %)');
    if (discountDays > netDays) refuse(' (the discount period cannot be longer than the net period)');
    return { kind: 'DISCOUNT', discountPercent, discountDays, netDays };
  }
  return refuse();
}

/** The canonical spelling, e.g. "2/10 NET30". */
export function formatPaymentTerms(terms: PaymentTerms): string {
  switch (terms.kind) {
    case 'NET':
      return `NET${terms.days}`;
    case 'EOM':
      return terms.days === 0 ? 'EOM' : `EOM${terms.days}`;
    case 'DISCOUNT':
      return `${terms.discountPercent.toString()}/${terms.discountDays} NET${terms.netDays}`;
    case 'MFI':
      return `MFI${terms.day}`;
    case 'DUE_ON_RECEIPT':
      return 'DUE_ON_RECEIPT';
  }
}

export function dueDateFor(terms: PaymentTerms, issueDate: IsoDate): IsoDate {
  switch (terms.kind) {
    case 'NET':
      return addDays(issueDate, terms.days);
    case 'EOM':
      return addDays(endOfMonth(issueDate), terms.days);
    case 'DISCOUNT':
      return addDays(issueDate, terms.netDays);
    case 'MFI': {
      const { year, month } = parts(issueDate);
      const nextYear = month === 12 ? year + 1 : year;
      const nextMonth = month === 12 ? 1 : month + 1;
      return isoOf(nextYear, nextMonth, Math.min(terms.day, daysInMonth(nextYear, nextMonth)));
    }
    case 'DUE_ON_RECEIPT':
      return issueDate;
  }
}

/** Last day on which an early-payment discount may be taken, or null when the terms have none. */
export function discountDeadline(terms: PaymentTerms, issueDate: IsoDate): IsoDate | null {
  return terms.kind === 'DISCOUNT' ? addDays(issueDate, terms.discountDays) : null;
}
