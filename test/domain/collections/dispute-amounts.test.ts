// How much a dispute may cover, and what a credit memo resolving it is for (PRODUCT.md,
// "Collections depth"), with the numbers of test/api/collections-depth.test.ts.
import { describe, expect, it } from 'vitest';
import { checkDisputedAmount, disputeCreditAmount } from '../../../api/domain/collections/disputes.js';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { Money } from '../../../api/domain/money/money.js';

function refusals(amount: string, openBalance: string, currency = 'USD') {
  const errors = new ErrorCollector();
  checkDisputedAmount({ amount: new Money(amount), invoiceNumber: 'US01-000007', currency, openBalance: new Money(openBalance) }, ['amount'], errors);
  return errors.errors;
}

describe('the amount a dispute may cover', () => {
  it('up to the open balance, exactly', () => {
    expect(refusals('150.00', '500.00')).toEqual([]);
    expect(refusals('300.00', '300.00')).toEqual([]);
  });

  it('not a cent more, named in the currency', () => {
    expect(refusals('300.01', '300.00')).toEqual([{
      field: ['amount'],
      code: 'OUT_OF_RANGE',
      message: 'The disputed amount USD 300.01 is more than the open balance of invoice US01-000007, USD 300.00; dispute at most the open balance (or leave amount out to dispute all of it).',
    }]);
    expect(refusals('1001', '1000', 'JPY')[0]!.message).toContain('JPY 1001 is more than the open balance of invoice US01-000007, JPY 1000;');
  });
});

describe('what a credit memo resolving a dispute is for', () => {
  it('the disputed amount', () => {
    expect(disputeCreditAmount(new Money('150.00'), new Money('500.00')).toFixed(2)).toBe('150.00');
  });

  it('the whole open balance when the dispute named no amount', () => {
    expect(disputeCreditAmount(null, new Money('300.00')).toFixed(2)).toBe('300.00');
  });

  it('never more than is open now (a payment came in since the dispute was opened)', () => {
    expect(disputeCreditAmount(new Money('150.00'), new Money('120.50')).toFixed(2)).toBe('120.50');
    expect(disputeCreditAmount(new Money('150.00'), new Money(0)).toFixed(2)).toBe('0.00');
  });
});
