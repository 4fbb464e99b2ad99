// FX age: "older than N days before the as-of date" is stale, exactly N days is not; a report
// lists the rate of each currency it translated and the reporting currency's own, never the base's.
import { describe, expect, it } from 'vitest';
import { isStaleRate, ratesUsed } from '../../../api/domain/money/fx.js';
import { Money } from '../../../api/domain/money/money.js';

describe('isStaleRate', () => {
  it.each([
    ['2026-11-18', false], // asOf − 7
    ['2026-11-17', true], // asOf − 8
    ['2026-11-25', false],
  ])('a rate dated %s for a report as of 2026-11-25 (7 days) is stale: %s', (date, stale) => {
    expect(isStaleRate(date, '2026-11-25', 7)).toBe(stale);
  });

  it('takes 0 days as "only a rate dated on the as-of date"', () => {
    expect(isStaleRate('2026-11-25', '2026-11-25', 0)).toBe(false);
    expect(isStaleRate('2026-11-24', '2026-11-25', 0)).toBe(true);
  });
});

describe('ratesUsed', () => {
  const rates = new Map([
    ['USD', { rate: new Money(1), date: null }],
    ['EUR', { rate: new Money('1.1'), date: '2026-11-17' }],
    ['JPY', { rate: new Money('0.0065'), date: '2026-11-20' }],
  ]);
  const used = (currencies: string[], reportCurrency: string) =>
    ratesUsed({ currencies, reportCurrency, baseCurrency: 'USD', rates }).map((r) => `${r.currency} ${r.rate.toFixed()} ${r.date}`);

  it('lists each foreign currency once, alphabetically, without the base currency', () => {
    expect(used(['USD', 'JPY', 'EUR', 'JPY'], 'USD')).toEqual(['EUR 1.1 2026-11-17', 'JPY 0.0065 2026-11-20']);
  });

  it("adds the reporting currency's own rate when it is not the base currency", () => {
    expect(used(['USD'], 'EUR')).toEqual(['EUR 1.1 2026-11-17']);
    expect(used(['JPY', 'EUR'], 'EUR')).toEqual(['EUR 1.1 2026-11-17', 'JPY 0.0065 2026-11-20']);
  });

  it('lists nothing when nothing was translated', () => {
    expect(used(['EUR', 'EUR'], 'EUR')).toEqual([]);
    expect(used([], 'USD')).toEqual([]);
  });
});
