import { describe, expect, it } from 'vitest';
import { isCurrencyCode, minorUnitsOf } from '../../../api/domain/money/currencies.js';

describe('ISO 4217 minor units', () => {
  it.each([
    ['USD', 2],
    ['EUR', 2],
    ['GBP', 2],
    ['CHF', 2],
    ['JPY', 0],
    ['KRW', 0],
    ['ISK', 0],
    ['KWD', 3],
    ['BHD', 3],
    ['JOD', 3],
    ['TND', 3],
    ['CLF', 4],
  ])('%s has %i decimals', (code, units) => {
    expect(isCurrencyCode(code)).toBe(true);
    expect(minorUnitsOf(code)).toBe(units);
  });

  it.each(['XYZ', 'usd', 'USDD', '', 'DEM'])('"%s" is not a current ISO 4217 code', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
    expect(() => minorUnitsOf(code)).toThrow(/Unknown currency/);
  });
});
