import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysBetween, endOfMonth } from '../../../api/domain/dates.js';
import { discountDeadline, dueDateFor, formatPaymentTerms, parsePaymentTerms } from '../../../api/domain/receivables/payment-terms.js';
import { isoDateArb, refusalOf } from '../support.js';

const dueDate = (terms: string, issueDate: string) => dueDateFor(parsePaymentTerms(terms), issueDate);

describe('due dates, one worked example per form', () => {
  it.each([
    ['NET0', '2026-03-15', '2026-03-15', 'due the day it is issued'],
    ['NET30', '2026-03-01', '2026-03-31', 'inside one month'],
    ['NET30', '2026-01-15', '2026-02-14', 'across a month end'],
    ['NET30', '2026-12-15', '2027-01-14', 'across a year end'],
    ['NET30', '2028-02-15', '2028-03-16', 'across 29 February 2028'],
    ['NET60', '2026-11-10', '2027-01-09', 'two months, across a year end'],
    ['EOM', '2026-01-10', '2026-01-31', 'end of January'],
    ['EOM', '2026-01-31', '2026-01-31', 'issued on the month end itself'],
    ['EOM', '2028-02-05', '2028-02-29', 'February in the leap year 2028'],
    ['EOM', '2027-02-05', '2027-02-28', 'February in 2027'],
    ['EOM', '2026-12-01', '2026-12-31', 'December'],
    ['EOM30', '2026-01-15', '2026-03-02', 'January 31 + 30 days, through a 28-day February'],
    ['EOM15', '2026-12-05', '2027-01-15', 'December 31 + 15 days'],
    ['2/10 NET30', '2026-01-15', '2026-02-14', 'due at NET30'],
    ['MFI15', '2026-01-31', '2026-02-15', 'the 15th of the following month'],
    ['MFI15', '2026-01-01', '2026-02-15', 'from the first of the month too'],
    ['MFI31', '2026-01-10', '2026-02-28', '31 clamped to February 2026'],
    ['MFI31', '2028-01-10', '2028-02-29', '31 clamped to February 2028'],
    ['MFI31', '2026-03-01', '2026-04-30', '31 clamped to April'],
    ['MFI15', '2026-12-20', '2027-01-15', 'December issue, January of the next year'],
    ['MFI1', '2026-12-31', '2027-01-01', 'the 1st of January next year'],
    ['DUE_ON_RECEIPT', '2026-03-31', '2026-03-31', 'the issue date'],
  ])('%s issued %s is due %s (%s)', (terms, issueDate, expected) => {
    expect(dueDate(terms, issueDate)).toBe(expected);
  });
});

describe('early-payment discount deadline', () => {
  it('2/10 NET30 gives a 2 % discount until the issue date + 10 days', () => {
    const terms = parsePaymentTerms('2/10 NET30');
    expect(terms).toMatchObject({ kind: 'DISCOUNT', discountDays: 10, netDays: 30 });
    expect(terms.kind === 'DISCOUNT' && terms.discountPercent.toString()).toBe('2');
    expect(discountDeadline(terms, '2026-01-15')).toBe('2026-01-25');
    expect(discountDeadline(terms, '2026-12-25')).toBe('2027-01-04');
  });

  it('takes fractional percentages such as 1.5/15 NET45', () => {
    const terms = parsePaymentTerms('1.5/15 NET45');
    expect(terms.kind === 'DISCOUNT' && terms.discountPercent.toString()).toBe('1.5');
    expect(discountDeadline(terms, '2026-01-15')).toBe('2026-01-30');
    expect(dueDateFor(terms, '2026-01-15')).toBe('2026-03-01');
  });

  it.each(['NET30', 'EOM', 'EOM30', 'MFI15', 'DUE_ON_RECEIPT'])('%s has no discount deadline', (terms) => {
    expect(discountDeadline(parsePaymentTerms(terms), '2026-01-15')).toBeNull();
  });
});

describe('refusing anything else', () => {
  it.each([
    ['NET', 'no number of days'],
    ['NET-5', 'negative days'],
    ['30 days', 'prose'],
    ['Net 30 days', 'prose around a valid form'],
    ['MFI0', 'there is no day 0'],
    ['MFI32', 'there is no day 32'],
    ['5/40 NET30', 'discount period longer than the net period'],
    ['0/10 NET30', 'a 0 % discount'],
    ['EOM-1', 'negative days after the month end'],
    ['NET30.5', 'fractional days'],
    ['COD', 'an unsupported form'],
    ['', 'empty'],
    ['   ', 'blank'],
  ])('refuses "%s" (%s) and names the accepted forms', (text) => {
    const errors = refusalOf(() => parsePaymentTerms(text));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: ['paymentTerms'], code: 'INVALID' });
    const message = errors[0]!.message;
    for (const form of ['NET<n>', 'EOM', 'EOM<n>', '2/10 NET30', 'MFI<day>', 'DUE_ON_RECEIPT']) expect(message).toContain(form);
  });

  it('reports the refusal on the field it was given', () => {
    const errors = refusalOf(() => parsePaymentTerms('NET', ['input', 'paymentTerms']));
    expect(errors[0]!.field).toEqual(['input', 'paymentTerms']);
  });
});

describe('case and spacing are forgiven', () => {
  it.each([
    ['net 30', 'NET30'],
    ['Net30', 'NET30'],
    ['  NET   30  ', 'NET30'],
    ['eom', 'EOM'],
    ['eom 30', 'EOM30'],
    ['2/10 net30', '2/10 NET30'],
    ['2 / 10 net 30', '2/10 NET30'],
    ['mfi 15', 'MFI15'],
    ['due_on_receipt', 'DUE_ON_RECEIPT'],
    ['1.50/10 NET30', '1.5/10 NET30'],
  ])('"%s" is read as %s', (text, canonical) => {
    expect(formatPaymentTerms(parsePaymentTerms(text))).toBe(canonical);
  });
});

describe('payment terms properties', () => {
  const termsArb = fc.oneof(
    fc.integer({ min: 0, max: 365 }).map((n) => `NET${n}`),
    fc.constant('EOM'),
    fc.integer({ min: 1, max: 365 }).map((n) => `EOM${n}`),
    fc.integer({ min: 1, max: 31 }).map((day) => `MFI${day}`),
    fc.constant('DUE_ON_RECEIPT'),
    fc
      .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 305 }))
      .map(([percent, discountDays, extra]) => `${percent}/${discountDays} NET${discountDays + extra}`),
  );

  it('the canonical spelling reads back as the same terms', () => {
    fc.assert(
      fc.property(termsArb, (text) => {
        expect(formatPaymentTerms(parsePaymentTerms(text))).toBe(text);
        expect(formatPaymentTerms(parsePaymentTerms(text.toLowerCase()))).toBe(text);
      }),
    );
  });

  it('an invoice is never due before it is issued, and a discount never outlasts the due date', () => {
    fc.assert(
      fc.property(termsArb, isoDateArb, (text, issueDate) => {
        const terms = parsePaymentTerms(text);
        const due = dueDateFor(terms, issueDate);
        expect(daysBetween(issueDate, due)).toBeGreaterThanOrEqual(0);
        const deadline = discountDeadline(terms, issueDate);
        if (deadline !== null) expect(daysBetween(deadline, due)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('NET<n> is exactly n days after issue; EOM<n> exactly n days after the month end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 }), isoDateArb, (n, issueDate) => {
        expect(daysBetween(issueDate, dueDate(`NET${n}`, issueDate))).toBe(n);
        expect(daysBetween(endOfMonth(issueDate), dueDate(n === 0 ? 'EOM' : `EOM${n}`, issueDate))).toBe(n);
      }),
    );
  });

  it('MFI<day> falls in the following month, on that day or that month\'s last day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), isoDateArb, (day, issueDate) => {
        const due = dueDate(`MFI${day}`, issueDate);
        const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
        expect(monthIndex(due) - monthIndex(issueDate)).toBe(1);
        const dueDay = Number(due.slice(8, 10));
        expect(dueDay === day || (dueDay < day && due === endOfMonth(due))).toBe(true);
      }),
    );
  });
});
