import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Money, formatMoney, parseAmount, parseCurrency, roundMoney, sumMoney } from '../../../api/domain/money/money.js';
import { decimalFromMinor, refusalOf } from '../support.js';

describe('roundMoney: half away from zero, to the currency minor units', () => {
  it.each([
    ['1.005', 'USD', '1.01'],
    ['-1.005', 'USD', '-1.01'],
    ['1.004', 'USD', '1'],
    ['0.125', 'USD', '0.13'], // banker's rounding would give 0.12
    ['0.135', 'USD', '0.14'],
    ['-0.125', 'USD', '-0.13'],
    ['2.5', 'JPY', '3'],
    ['3.5', 'JPY', '4'],
    ['-2.5', 'JPY', '-3'],
    ['2.4999', 'JPY', '2'],
    ['1.0005', 'KWD', '1.001'],
    ['-1.0005', 'KWD', '-1.001'],
    ['1.0004', 'KWD', '1'],
    ['12.34567', 'CLF', '12.3457'],
    ['1234.5', 'USD', '1234.5'],
  ])('%s %s rounds to %s', (amount, currency, expected) => {
    expect(roundMoney(amount, currency).toString()).toBe(expected);
  });

  it('rounds a decimal value, not its binary float approximation', () => {
    expect(roundMoney(new Money('1.005'), 'USD').toFixed(2)).toBe('1.01');
  });
});

describe('formatMoney: padded to the currency minor units', () => {
  it.each([
    ['1234.5', 'USD', '1234.50'],
    ['1234', 'USD', '1234.00'],
    ['0', 'USD', '0.00'],
    ['-12.3', 'USD', '-12.30'],
    ['1234', 'JPY', '1234'],
    ['1234.5', 'JPY', '1235'],
    ['1.5', 'KWD', '1.500'],
    ['1.005', 'USD', '1.01'],
    ['123456789012345678.9', 'USD', '123456789012345678.90'], // never exponent notation
    ['0.0000001', 'EUR', '0.00'],
  ])('%s %s is written "%s"', (amount, currency, expected) => {
    expect(formatMoney(amount, currency)).toBe(expected);
  });

  it('never writes a negative zero ("-0.00") for an amount that rounds to zero', () => {
    expect(formatMoney('-0.001', 'USD')).toBe('0.00');
    expect(formatMoney('-0.4', 'JPY')).toBe('0');
    expect(formatMoney(new Money('-0'), 'USD')).toBe('0.00');
  });
});

describe('parseAmount', () => {
  const usd = { currency: 'USD' };

  it.each([
    ['10', 'USD', '10'],
    ['10.5', 'USD', '10.5'],
    ['10.50', 'USD', '10.5'],
    ['1234.56', 'USD', '1234.56'],
    ['10', 'JPY', '10'],
    ['10.001', 'KWD', '10.001'],
    [' 99.99 ', 'USD', '99.99'],
  ])('accepts %s %s', (text, currency, expected) => {
    expect(parseAmount(text, ['amount'], { currency }).toString()).toBe(expected);
  });

  it('refuses more decimals than USD allows, naming the limit', () => {
    const errors = refusalOf(() => parseAmount('10.001', ['input', 'amount'], usd));
    expect(errors).toEqual([{ field: ['input', 'amount'], code: 'INVALID', message: expect.stringContaining('at most 2') }]);
    expect(errors[0]!.message).toContain('USD');
  });

  it('refuses any decimals in JPY', () => {
    const errors = refusalOf(() => parseAmount('10.5', ['amount'], { currency: 'JPY' }));
    expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: expect.stringContaining('at most 0') }]);
  });

  it('refuses a fourth decimal in KWD', () => {
    expect(refusalOf(() => parseAmount('10.0001', ['amount'], { currency: 'KWD' }))[0]!.code).toBe('INVALID');
  });

  it.each(['0', '0.00', '-5', '-0.01'])('refuses %s as not greater than zero (OUT_OF_RANGE)', (text) => {
    const errors = refusalOf(() => parseAmount(text, ['amount'], usd));
    expect(errors).toEqual([{ field: ['amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('greater than zero') }]);
  });

  it('accepts zero and negative values when the caller allows them', () => {
    expect(parseAmount('0', ['amount'], { ...usd, positive: false }).toString()).toBe('0');
    expect(parseAmount('-12.50', ['amount'], { ...usd, positive: false }).toString()).toBe('-12.5');
  });

  it.each(['1e5', '1E5', 'abc', '1,000.00', '1 000', '', '   ', '.5', '5.', '+5', '$5', 'Infinity', 'NaN', '0x10', '1.2.3', '--1'])(
    'refuses "%s" as not a decimal number',
    (text) => {
      const errors = refusalOf(() => parseAmount(text, ['amount'], usd));
      expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: expect.stringContaining('decimal number') }]);
    },
  );

  it('accepts unit prices with two decimals more than the currency', () => {
    const unitPrice = { currency: 'USD', extraDecimals: 2, what: 'a unit price' };
    expect(parseAmount('10.1234', ['unitPrice'], unitPrice).toString()).toBe('10.1234');
    expect(parseAmount('0.25', ['unitPrice'], { ...unitPrice, currency: 'JPY' }).toString()).toBe('0.25');
    const errors = refusalOf(() => parseAmount('10.12345', ['lines', '0', 'unitPrice'], unitPrice));
    expect(errors).toEqual([{ field: ['lines', '0', 'unitPrice'], code: 'INVALID', message: expect.stringContaining('at most 4') }]);
    expect(refusalOf(() => parseAmount('0.125', ['unitPrice'], { ...unitPrice, currency: 'JPY' }))[0]!.code).toBe('INVALID');
  });

  it('accepts quantities with up to four decimals whatever the currency', () => {
    const quantity = { decimals: 4, what: 'a quantity' };
    expect(parseAmount('1.2345', ['quantity'], quantity).toString()).toBe('1.2345');
    expect(refusalOf(() => parseAmount('1.23456', ['quantity'], quantity))[0]!.message).toContain('at most 4');
  });
});

describe('parseCurrency', () => {
  it.each([
    ['USD', 'USD'],
    ['usd', 'USD'],
    [' eur ', 'EUR'],
    ['JPY', 'JPY'],
    ['kwd', 'KWD'],
  ])('accepts %s as %s', (text, expected) => {
    expect(parseCurrency(text, ['currency'])).toBe(expected);
  });

  it.each(['usdd', 'XYZ', '', 'US', '12$', 'U S D', 'dollar'])('refuses "%s"', (text) => {
    const errors = refusalOf(() => parseCurrency(text, ['input', 'currency']));
    expect(errors).toEqual([{ field: ['input', 'currency'], code: 'INVALID', message: expect.stringContaining('ISO 4217') }]);
  });
});

describe('money properties', () => {
  const currencies = [
    ['USD', 2],
    ['JPY', 0],
    ['KWD', 3],
    ['EUR', 2],
    ['CLF', 4],
  ] as const;
  const currencyArb = fc.constantFrom(...currencies);

  it('rounding moves an amount by at most half a minor unit and lands on a whole minor unit', () => {
    fc.assert(
      fc.property(currencyArb, fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 4 }), ([currency, units], raw, extra) => {
        const amount = new Money(decimalFromMinor(raw, units + extra));
        const rounded = roundMoney(amount, currency);
        expect(rounded.decimalPlaces()).toBeLessThanOrEqual(units);
        const halfUnit = new Money(1).div(new Money(10).pow(units)).div(2);
        expect(rounded.minus(amount).abs().lte(halfUnit)).toBe(true);
      }),
    );
  });

  it('rounding is symmetric around zero and idempotent', () => {
    fc.assert(
      fc.property(currencyArb, fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), ([currency, units], raw) => {
        const amount = new Money(decimalFromMinor(raw, units + 2));
        const rounded = roundMoney(amount, currency);
        expect(roundMoney(amount.neg(), currency).eq(rounded.neg())).toBe(true);
        expect(roundMoney(rounded, currency).eq(rounded)).toBe(true);
      }),
    );
  });

  it('a formatted amount has exactly the currency decimals and parses back to the same value', () => {
    fc.assert(
      fc.property(currencyArb, fc.bigInt({ min: 1n, max: 10n ** 14n }), ([currency, units], minor) => {
        const text = formatMoney(new Money(decimalFromMinor(minor, units)), currency);
        expect(text).toBe(decimalFromMinor(minor, units));
        expect(parseAmount(text, ['amount'], { currency }).eq(new Money(decimalFromMinor(minor, units)))).toBe(true);
      }),
    );
  });

  it('sums of amounts are exact, to the last minor unit', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { maxLength: 50 }), (minors) => {
        const total = sumMoney(minors.map((minor) => new Money(decimalFromMinor(minor, 2))));
        const expected = minors.reduce((sum, minor) => sum + BigInt(minor), 0n);
        expect(formatMoney(total, 'USD')).toBe(formatMoney(decimalFromMinor(expected, 2), 'USD'));
      }),
    );
  });

  it('an amount is accepted exactly when it has no more decimals than its currency', () => {
    fc.assert(
      fc.property(currencyArb, fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 1, max: 9 }), ([currency, units], minor, lastDigit) => {
        const allowed = decimalFromMinor(minor, units);
        expect(parseAmount(allowed, ['amount'], { currency }).toFixed(units)).toBe(allowed);
        const oneDecimalTooMany = decimalFromMinor(BigInt(minor) * 10n + BigInt(lastDigit), units + 1);
        expect(refusalOf(() => parseAmount(oneDecimalTooMany, ['amount'], { currency }))[0]!.code).toBe('INVALID');
      }),
    );
  });
});
