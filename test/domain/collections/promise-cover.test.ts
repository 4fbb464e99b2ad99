import { describe, expect, it } from 'vitest';
import { coverPromise, type PromiseCandidate } from '../../../api/domain/collections/promise-cover.js';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { Money } from '../../../api/domain/money/money.js';

const invoice = (number: string, currency: string, openNow: string, over: Partial<PromiseCandidate> = {}): PromiseCandidate => ({
  id: Number(number.slice(-3)), number, currency, openNow: new Money(openNow), inDispute: false, underPromise: false, ...over,
});

function cover(candidates: PromiseCandidate[], amount: string | null, currency = 'EUR') {
  const errors = new ErrorCollector();
  const result = coverPromise({ customerCode: 'EURCO', currency, asOf: '2026-11-20', candidates, amount: amount === null ? null : new Money(amount) }, ['promiseAmount'], errors);
  return { result: result && { numbers: result.invoices.map((i) => i.number), total: result.total.toFixed() }, errors: errors.errors.map((e) => e.message) };
}

describe('which invoices a promise made against the worklist covers', () => {
  const book = [
    invoice('DE01-001', 'EUR', '900.00'),
    invoice('DE01-002', 'EUR', '333.33', { inDispute: true }),
    invoice('DE01-003', 'EUR', '250.55'),
    invoice('DE01-004', 'USD', '200.00'),
    invoice('DE01-005', 'EUR', '0', {}), // paid since the worklist's date
    invoice('DE01-006', 'EUR', '80.00', { underPromise: true }),
  ];

  it('the undisputed, unpromised, still open invoices in its currency, up to exactly what they owe', () => {
    expect(cover(book, '1150.55')).toEqual({ result: { numbers: ['DE01-001', 'DE01-003'], total: '1150.55' }, errors: [] });
    expect(cover(book, '0.01')).toEqual({ result: { numbers: ['DE01-001', 'DE01-003'], total: '1150.55' }, errors: [] });
    expect(cover(book, '200.00', 'USD')).toEqual({ result: { numbers: ['DE01-004'], total: '200' }, errors: [] });
  });

  it('refuses a cent more, naming the bound and what was left out', () => {
    expect(cover(book, '1150.56').errors).toEqual([
      'The promise of EUR 1150.56 is more than the EUR 1150.55 past due as of 2026-11-20 on the invoices it covers (DE01-001, DE01-003); left out: DE01-002 in open dispute; DE01-006 under an unbroken promise; DE01-005 paid since. Promise at most 1150.55, or name the invoices (not-yet-due ones too) with invoiceNumbers.',
    ]);
  });

  it('pads the bound to the currency: whole yen', () => {
    expect(cover([invoice('JP01-001', 'JPY', '120000')], '120001', 'JPY').errors[0]).toContain('more than the JPY 120000 past due');
  });

  it('says why there is nothing to cover', () => {
    expect(cover([], '10.00').errors).toEqual(['EURCO has nothing past due as of 2026-11-20, so a promise to pay has no invoice to cover. To promise invoices not yet due, name them with invoiceNumbers.']);
    expect(cover([invoice('DE01-004', 'USD', '200.00'), invoice('DE01-007', 'GBP', '5.00')], '10.00').errors).toEqual([
      'EURCO has nothing past due in EUR as of 2026-11-20; its past-due invoices are in GBP, USD. Log the promise in that currency or name its invoices.',
    ]);
    expect(cover([book[1]!, book[4]!], '10.00').errors).toEqual(['EURCO has nothing past due in EUR as of 2026-11-20 that a promise can cover: DE01-002 in open dispute; DE01-005 paid since.']);
  });

  it('still says what it would cover when the amount was refused already', () => {
    expect(cover(book, null)).toEqual({ result: { numbers: ['DE01-001', 'DE01-003'], total: '1150.55' }, errors: [] });
  });
});
