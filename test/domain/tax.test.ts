import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../api/domain/errors.js';
import { Money, formatMoney } from '../../api/domain/money/money.js';
import { invoiceTaxes, parseLineTax, type TaxableLine } from '../../api/domain/receivables/tax.js';

const line = (amount: string, taxRate: string, taxCategory: string): TaxableLine => ({ amount: new Money(amount), taxRate: new Money(taxRate), taxCategory });

function figures(lines: TaxableLine[], currency: string) {
  const result = invoiceTaxes(lines, currency);
  return {
    taxes: result.taxes,
    subtotal: formatMoney(result.subtotal, currency),
    taxTotal: formatMoney(result.taxTotal, currency),
    total: formatMoney(result.total, currency),
  };
}

describe('tax per category and rate: Σ net × rate ÷ 100, rounded half away from zero', () => {
  it('100.00 S 20 %, 33.33 S 20 %, 50.00 Z 0 → tax 26.67 (133.33 × 20 % = 26.666), total 210.00', () => {
    expect(figures([line('100.00', '20', 'S'), line('33.33', '20', 'S'), line('50.00', '0', 'Z')], 'EUR')).toEqual({
      taxes: [
        { category: 'S', rate: '20', taxableAmount: '133.33', taxAmount: '26.67' },
        { category: 'Z', rate: '0', taxableAmount: '50.00', taxAmount: '0.00' },
      ],
      subtotal: '183.33',
      taxTotal: '26.67',
      total: '210.00',
    });
  });

  it('rounds once per group, not per line: two lines of 0.01 at 25 % → 0.005 → 0.01 (per line it would be 0.00)', () => {
    expect(figures([line('0.01', '25', 'S'), line('0.01', '25', 'S')], 'USD').taxTotal).toBe('0.01');
  });

  it('half a cent rounds away from zero: 0.625 × 20 % = 0.125 → 0.13, and −0.625 → −0.13', () => {
    expect(figures([line('0.63', '19.8413', 'S')], 'USD').taxTotal).toBe('0.13'); // 0.12500019
    expect(figures([line('0.625', '20', 'S')], 'USD').taxes[0]!.taxAmount).toBe('0.13');
    expect(figures([line('-0.625', '20', 'S')], 'USD').taxes[0]!.taxAmount).toBe('-0.13');
    expect(figures([line('-10.00', '20', 'S')], 'USD')).toMatchObject({ subtotal: '-10.00', taxTotal: '-2.00', total: '-12.00' });
  });

  it('JPY has no minor units: 1235 × 10 % = 123.5 → 124, 1005 × 8 % = 80.4 → 80', () => {
    expect(figures([line('1235', '10', 'S'), line('1005', '8', 'S')], 'JPY')).toEqual({
      taxes: [
        { category: 'S', rate: '8', taxableAmount: '1005', taxAmount: '80' },
        { category: 'S', rate: '10', taxableAmount: '1235', taxAmount: '124' },
      ],
      subtotal: '2240',
      taxTotal: '204',
      total: '2444',
    });
  });

  it('BHD has three: 10.010 × 5 % = 0.5005 → 0.501', () => {
    expect(figures([line('10.010', '5', 'S')], 'BHD')).toMatchObject({ taxTotal: '0.501', total: '10.511' });
  });

  it('fractional rates keep their decimals: 7.7 % and 8.1 % are two groups; 2.5 % of 99.99 = 2.49975 → 2.50', () => {
    const result = figures([line('100.00', '7.7', 'S'), line('100.00', '8.1', 'S'), line('99.99', '2.5', 'S')], 'CHF');
    expect(result.taxes.map((t) => [t.rate, t.taxAmount])).toEqual([['2.5', '2.50'], ['7.7', '7.70'], ['8.1', '8.10']]);
    expect(result.total).toBe('318.29');
  });

  it('lists categories as S, Z, E, AE, O whatever the line order; no tax lines → subtotal = total', () => {
    const result = figures([line('5', '0', 'O'), line('4', '0', 'AE'), line('3', '0', 'E'), line('2', '0', 'Z'), line('1', '10', 'S')], 'USD');
    expect(result.taxes.map((t) => t.category)).toEqual(['S', 'Z', 'E', 'AE', 'O']);
    expect(figures([line('12.34', '0', 'O')], 'USD')).toMatchObject({ subtotal: '12.34', taxTotal: '0.00', total: '12.34' });
  });

  it('reads stored decimals as Prisma gives them (rate 20.0000, amount as text)', () => {
    expect(figures([{ amount: '10.0000', taxRate: '20.0000', taxCategory: 'S' }, { amount: '5', taxRate: '20', taxCategory: 'S' }], 'USD').taxes).toEqual([
      { category: 'S', rate: '20', taxableAmount: '15.00', taxAmount: '3.00' },
    ]);
  });

  it('property: total = subtotal + Σ group tax, each group within half a minor unit of its exact tax', () => {
    const lineArb = fc.record({
      cents: fc.integer({ min: -1_000_000, max: 1_000_000 }),
      rate: fc.constantFrom('0', '5', '7.7', '19', '20', '21', '12.3456'),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 20 }), (raw) => {
        const lines = raw.map((r) => line(new Money(r.cents).div(100).toFixed(), r.rate, r.rate === '0' ? 'Z' : 'S'));
        const result = invoiceTaxes(lines, 'USD');
        const sum = result.taxes.reduce((s, t) => s.plus(t.taxAmount), new Money(0));
        expect(sum.eq(result.taxTotal)).toBe(true);
        expect(result.total.eq(result.subtotal.plus(result.taxTotal))).toBe(true);
        for (const t of result.taxes) {
          const exact = new Money(t.taxableAmount).times(t.rate).div(100);
          expect(exact.minus(t.taxAmount).abs().lte('0.005')).toBe(true);
          expect(new Money(t.taxAmount).decimalPlaces()).toBeLessThanOrEqual(2);
        }
      }),
    );
  });
});

describe('a line’s rate and category', () => {
  const at = ['lines', '0'];
  const refused = (taxRate: string | null, taxCategory: string | null) => {
    try {
      parseLineTax({ taxRate, taxCategory, field: at });
    } catch (error) {
      if (error instanceof UserInputError) return error.errors[0];
      throw error;
    }
    throw new Error('accepted');
  };

  it('defaults: no rate → 0 and O; a rate above 0 → S; categories are case-insensitive', () => {
    expect(parseLineTax({ field: at })).toEqual({ rate: new Money(0), category: 'O' });
    expect(parseLineTax({ taxRate: '0', field: at }).category).toBe('O');
    expect(parseLineTax({ taxRate: '20', field: at })).toEqual({ rate: new Money(20), category: 'S' });
    expect(parseLineTax({ taxRate: '0', taxCategory: ' ae ', field: at }).category).toBe('AE');
    expect(parseLineTax({ taxRate: '100', taxCategory: 'S', field: at }).rate.toFixed()).toBe('100');
    expect(parseLineTax({ taxRate: '7.6543', field: at }).rate.toFixed()).toBe('7.6543');
    expect(parseLineTax({ taxRate: '-0', field: at }).rate.isNeg()).toBe(false);
  });

  it.each([
    ['-1', null, 'taxRate', 'OUT_OF_RANGE', /from 0 to 100/],
    ['100.01', null, 'taxRate', 'OUT_OF_RANGE', /from 0 to 100/],
    ['20.12345', null, 'taxRate', 'INVALID', /at most 4 decimals/],
    ['20%', null, 'taxRate', 'INVALID', /not a tax rate/],
    ['1e1', null, 'taxRate', 'INVALID', /not a tax rate/],
    ['20', 'X', 'taxCategory', 'INVALID', /use one of S \(standard rate\), Z .*, O \(outside the scope of tax\)/],
    ['20', 'Z', 'taxRate', 'INVALID', /Z \(zero rated\) takes rate 0, not 20/],
    ['5', 'E', 'taxRate', 'INVALID', /E \(exempt\) takes rate 0/],
    ['5', 'AE', 'taxRate', 'INVALID', /AE \(reverse charge\) takes rate 0/],
    ['5', 'O', 'taxRate', 'INVALID', /O .* takes rate 0/],
    ['0', 'S', 'taxRate', 'INVALID', /S \(standard rate\) needs a rate above 0/],
    [null, 'S', 'taxRate', 'INVALID', /needs a rate above 0/],
  ])('rate %s, category %s is refused on %s (%s)', (rate, category, field, code, message) => {
    const error = refused(rate, category)!;
    expect(error.field).toEqual([...at, field]);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
