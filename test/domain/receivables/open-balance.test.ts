import { describe, expect, it } from 'vitest';
import { Money } from '../../../api/domain/money/money.js';
import { inBooksOn, openBalanceAsOf, statusAfterSettlement, type BookedInvoice } from '../../../api/domain/receivables/open-balance.js';

const m = (text: string) => new Money(text);
/** 1,000.00 issued 2026-03-01; 400 received 2026-03-20, then 580 with a 20 discount on 2026-04-05. */
const invoice: BookedInvoice = {
  status: 'PAID',
  issueDate: '2026-03-01',
  voidDate: null,
  total: m('1000.00'),
  applications: [
    { receivedDate: '2026-03-20', amount: m('400.00'), discount: m('0') },
    { receivedDate: '2026-04-05', amount: m('580.00'), discount: m('20.00') },
  ],
};

describe('open balance as of a date', () => {
  it.each([
    ['2026-02-28', '0'], // not issued yet: not in the books
    ['2026-03-01', '1000'],
    ['2026-03-19', '1000'],
    ['2026-03-20', '600'], // received on the day counts
    ['2026-04-04', '600'],
    ['2026-04-05', '0'], // the discount closes it
  ])('as of %s is %s', (asOf, expected) => {
    expect(openBalanceAsOf(invoice, asOf).toFixed()).toBe(expected);
  });

  it('a draft never counts; a void invoice counts until its void date', () => {
    expect(inBooksOn({ ...invoice, status: 'DRAFT' }, '2026-06-01')).toBe(false);
    const voided = { ...invoice, status: 'VOID', voidDate: '2026-03-10', applications: [] } as const;
    expect(openBalanceAsOf(voided, '2026-03-09').toFixed()).toBe('1000');
    expect(openBalanceAsOf(voided, '2026-03-10').toFixed()).toBe('0');
  });
});

describe('the status settlements move an issued invoice to', () => {
  it.each([
    ['0', 'ISSUED'],
    ['0.01', 'PARTIALLY_PAID'],
    ['999.99', 'PARTIALLY_PAID'],
    ['1000.00', 'PAID'],
  ] as const)('%s settled of 1,000.00 is %s', (settled, status) => {
    expect(statusAfterSettlement(m('1000.00'), m(settled))).toBe(status);
  });
});
