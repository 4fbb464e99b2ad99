import { describe, expect, it } from 'vitest';
import { translate } from '../../../api/domain/money/fx.js';
import { Money } from '../../../api/domain/money/money.js';

const rates = new Map([
  ['USD', new Money(1)],
  ['EUR', new Money('1.1')],
  ['JPY', new Money('0.0065')],
]);

describe('translation: amount × rate(C) ÷ rate(R), rounded to R', () => {
  it.each([
    ['100.00', 'EUR', 'USD', '110'],
    ['100.00', 'USD', 'EUR', '90.91'], // 90.9090… rounded to cents
    ['1000', 'JPY', 'USD', '6.5'],
    ['100.00', 'EUR', 'JPY', '16923'], // 16,923.08 rounded to whole yen
    ['0.05', 'JPY', 'JPY', '0.05'], // C = R needs no rate and no rounding
  ])('%s %s in %s is %s', (amount, from, to, expected) => {
    expect(translate(new Money(amount), from, to, rates)!.toFixed()).toBe(expected);
  });

  it('half away from zero: 0.005 EUR at 1 is 0.01 and −0.005 is −0.01', () => {
    const even = new Map([...rates, ['EUR', new Money(1)]]);
    expect(translate(new Money('0.005'), 'EUR', 'USD', even)!.toFixed()).toBe('0.01');
    expect(translate(new Money('-0.005'), 'EUR', 'USD', even)!.toFixed()).toBe('-0.01');
  });

  it('a missing rate is null, never 1', () => {
    expect(translate(new Money('1'), 'GBP', 'USD', rates)).toBeNull();
    expect(translate(new Money('1'), 'USD', 'GBP', rates)).toBeNull();
  });
});
