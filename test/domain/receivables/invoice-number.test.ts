import { describe, expect, it } from 'vitest';
import { invoiceNumber } from '../../../api/domain/receivables/invoice-number.js';

describe('invoice numbers carry the entity and a six-digit sequence', () => {
  it.each([
    ['US01', 123, 'US01-000123'],
    ['DE01', 1, 'DE01-000001'],
    ['JP01', 999_999, 'JP01-999999'],
    ['GB01', 1_234_567, 'GB01-1234567'], // past a million the number grows rather than wraps
  ])('%s #%i is %s', (entity, sequence, expected) => {
    expect(invoiceNumber(entity, sequence)).toBe(expected);
  });
});
