import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPUTED_KPIS, computeKpis, roundKpi, type ComputedKpiCode, type LedgerFigures } from '../../../api/domain/kpis/formulas.js';
import { parsePeriod } from '../../../api/domain/kpis/periods.js';
import { Money } from '../../../api/domain/money/money.js';
import { amountArb, decimalFromMinor } from '../support.js';

type AmountName = 'beginningAr' | 'endingAr' | 'endingCurrentAr' | 'creditSales';
type Counts = Omit<LedgerFigures, AmountName>;

/** Ledger figures for one period: amounts as decimal strings, nothing unless given. */
function ledger(figures: Partial<Record<AmountName, string> & Counts> = {}): LedgerFigures {
  const amount = (value: string | undefined) => new Money(value ?? '0');
  return {
    invoicesIssued: figures.invoicesIssued ?? 0,
    invoicesDisputed: figures.invoicesDisputed ?? 0,
    invoicesSettled: figures.invoicesSettled ?? 0,
    invoicesSettledOnTime: figures.invoicesSettledOnTime ?? 0,
    projectsFinished: figures.projectsFinished ?? 0,
    projectsFinishedOnTime: figures.projectsFinishedOnTime ?? 0,
    projectsFinishedOnBudget: figures.projectsFinishedOnBudget ?? 0,
    beginningAr: amount(figures.beginningAr),
    endingAr: amount(figures.endingAr),
    endingCurrentAr: amount(figures.endingCurrentAr),
    creditSales: amount(figures.creditSales),
  };
}

/** A KPI as the API writes it: rounded at the end, two decimals, or null. */
const shown = (value: Money | null) => (value === null ? null : roundKpi(value)!.toFixed(2));

function kpisShown(figures: LedgerFigures, period: string): Record<ComputedKpiCode, string | null> {
  const values = computeKpis(figures, parsePeriod(period));
  return Object.fromEntries(COMPUTED_KPIS.map((code) => [code, shown(values[code])])) as Record<ComputedKpiCode, string | null>;
}

describe('the published DSO example, a 30-day month (2026-09)', () => {
  const september = ledger({ creditSales: '10000.00', endingAr: '15000.00', endingCurrentAr: '4000.00', beginningAr: '12000.00' });

  it('DSO = 15,000 ÷ 10,000 × 30 = 45 days', () => {
    expect(kpisShown(september, '2026-09').DSO).toBe('45.00');
  });

  it('best possible DSO = 4,000 ÷ 10,000 × 30 = 12 days', () => {
    expect(kpisShown(september, '2026-09').BEST_POSSIBLE_DSO).toBe('12.00');
  });

  it('average days delinquent = 45 − 12 = 33 days', () => {
    expect(kpisShown(september, '2026-09').ADD).toBe('33.00');
  });

  it('in a 31-day month the same figures give DSO 46.5 and best possible 12.4', () => {
    const october = kpisShown(september, '2026-10');
    expect([october.DSO, october.BEST_POSSIBLE_DSO, october.ADD]).toEqual(['46.50', '12.40', '34.10']);
  });

  it('past-due share = (15,000 − 4,000) ÷ 15,000 = 73.33 %, AR turnover = 10,000 ÷ 13,500 = 0.74', () => {
    const values = kpisShown(september, '2026-09');
    expect(values.PAST_DUE_PCT).toBe('73.33');
    expect(values.AR_TURNOVER).toBe('0.74');
  });
});

describe('the published CEI example', () => {
  const figures = ledger({ beginningAr: '6200.00', creditSales: '10890.00', endingAr: '6340.00', endingCurrentAr: '3590.00' });

  it('for the quarter 2026-Q4, S = 10,890 ÷ 3 = 3,630: (6,200 + 3,630 − 6,340) ÷ (6,200 + 3,630 − 3,590) = 55.93 %', () => {
    expect(kpisShown(figures, '2026-Q4').CEI).toBe('55.93');
  });

  it('for a month the whole sales count: (6,200 + 10,890 − 6,340) ÷ (6,200 + 10,890 − 3,590) = 79.63 %', () => {
    expect(kpisShown(figures, '2026-10').CEI).toBe('79.63');
  });

  it("for a week S is the week's sales, not divided by anything", () => {
    expect(kpisShown(figures, '2026-W48').CEI).toBe('79.63');
  });

  it('the quarter figures give DSO 6,340 ÷ 10,890 × 92 = 53.56 days', () => {
    expect(kpisShown(figures, '2026-Q4').DSO).toBe('53.56');
  });

  it('CEI is 100 % when nothing at the end is past due', () => {
    expect(kpisShown(ledger({ beginningAr: '500.00', creditSales: '900.00', endingAr: '700.00', endingCurrentAr: '700.00' }), '2026-Q1').CEI).toBe('100.00');
  });
});

describe('counted KPIs on small numbers', () => {
  it.each([
    ['DISPUTE_RATE', { invoicesIssued: 40, invoicesDisputed: 3 }, '7.50'],
    ['DISPUTE_RATE', { invoicesIssued: 3, invoicesDisputed: 0 }, '0.00'],
    ['ON_TIME_PAYMENT_RATE', { invoicesSettled: 3, invoicesSettledOnTime: 2 }, '66.67'],
    ['ON_TIME_PAYMENT_RATE', { invoicesSettled: 6, invoicesSettledOnTime: 1 }, '16.67'],
    ['PROJECTS_ON_TIME_PCT', { projectsFinished: 3, projectsFinishedOnTime: 1 }, '33.33'],
    ['PROJECTS_ON_BUDGET_PCT', { projectsFinished: 2, projectsFinishedOnBudget: 2 }, '100.00'],
    ['PROJECTS_ON_BUDGET_PCT', { projectsFinished: 8, projectsFinishedOnBudget: 1 }, '12.50'],
  ] as const)('%s with %o is %s', (code, counts, expected) => {
    expect(kpisShown(ledger(counts), '2026-10')[code]).toBe(expected);
  });

  it('projects on time and on budget are counted separately', () => {
    const values = kpisShown(ledger({ projectsFinished: 4, projectsFinishedOnTime: 3, projectsFinishedOnBudget: 1 }), '2026-Q4');
    expect([values.PROJECTS_ON_TIME_PCT, values.PROJECTS_ON_BUDGET_PCT]).toEqual(['75.00', '25.00']);
  });
});

describe('a zero denominator gives no value, never 0 or infinity', () => {
  it('an empty ledger has no value for any KPI', () => {
    const values = computeKpis(ledger(), parsePeriod('2026-10'));
    for (const code of COMPUTED_KPIS) expect(values[code], code).toBeNull();
  });

  it('no credit sales: no DSO, best possible DSO or ADD, while the other KPIs stand', () => {
    const values = kpisShown(ledger({ beginningAr: '1000.00', endingAr: '800.00', endingCurrentAr: '200.00', invoicesSettled: 2, invoicesSettledOnTime: 1 }), '2026-10');
    expect([values.DSO, values.BEST_POSSIBLE_DSO, values.ADD]).toEqual([null, null, null]);
    expect(values.AR_TURNOVER).toBe('0.00'); // no sales over a non-zero average AR is a real 0
    expect(values.PAST_DUE_PCT).toBe('75.00');
    expect(values.CEI).toBe('25.00'); // (1,000 − 800) ÷ (1,000 − 200)
    expect(values.ON_TIME_PAYMENT_RATE).toBe('50.00');
  });

  it('no ending AR: no past-due share, but DSO is a real 0', () => {
    const values = kpisShown(ledger({ beginningAr: '100.00', creditSales: '500.00' }), '2026-10');
    expect(values.PAST_DUE_PCT).toBeNull();
    expect([values.DSO, values.BEST_POSSIBLE_DSO, values.ADD, values.CEI]).toEqual(['0.00', '0.00', '0.00', '100.00']);
  });

  it('no AR at the start or the end: no AR turnover', () => {
    expect(kpisShown(ledger({ creditSales: '500.00' }), '2026-10').AR_TURNOVER).toBeNull();
  });

  it('beginning AR + S − ending current AR = 0: no CEI', () => {
    // 300 + 900 ÷ 3 − 600 = 0 in a quarter
    expect(kpisShown(ledger({ beginningAr: '300.00', creditSales: '900.00', endingAr: '800.00', endingCurrentAr: '600.00' }), '2026-Q4').CEI).toBeNull();
  });

  it.each([
    ['DISPUTE_RATE', 'no invoices issued in the period'],
    ['ON_TIME_PAYMENT_RATE', 'no invoice settled in the period'],
    ['PROJECTS_ON_TIME_PCT', 'no project finished in the period'],
    ['PROJECTS_ON_BUDGET_PCT', 'no project finished in the period'],
  ] as const)('%s has no value when there was %s', (code, _why) => {
    expect(computeKpis(ledger({ creditSales: '100.00', endingAr: '50.00' }), parsePeriod('2026-10'))[code]).toBeNull();
  });
});

describe('rounding only at the end', () => {
  // Sales 3,000 in a 30-day month: DSO = ending AR ÷ 100.
  const figures = ledger({ creditSales: '3000.00', endingAr: '1000.50', endingCurrentAr: '500.40' });

  it('ADD is the rounded difference of the unrounded DSO 10.005 and best possible DSO 5.004: 5.00, not 10.01 − 5.00 = 5.01', () => {
    const values = computeKpis(figures, parsePeriod('2026-09'));
    expect(values.DSO!.toFixed()).toBe('10.005');
    expect(values.BEST_POSSIBLE_DSO!.toFixed()).toBe('5.004');
    expect(values.ADD!.toFixed()).toBe('5.001');
    expect(kpisShown(figures, '2026-09')).toMatchObject({ DSO: '10.01', BEST_POSSIBLE_DSO: '5.00', ADD: '5.00' });
  });

  it.each([
    ['1.005', '1.01'],
    ['-1.005', '-1.01'],
    ['2.675', '2.68'], // 2.67499999… as a float
    ['1.004', '1.00'],
    ['1.0049999', '1.00'],
    ['-1.004', '-1.00'],
    ['55.9294871794871794871794871794871794871794', '55.93'],
    ['0.005', '0.01'],
    ['-0.005', '-0.01'],
    ['-0.004', '0.00'],
    ['45', '45.00'],
  ])('%s rounds half away from zero to %s', (value, expected) => {
    expect(shown(new Money(value))).toBe(expected);
  });

  it('no value stays no value', () => {
    expect(roundKpi(null)).toBeNull();
  });
});

describe('KPI properties', () => {
  const minorArb = (max: number) => fc.integer({ min: 0, max });
  const periodArb = fc.constantFrom('2026-09', '2026-10', '2028-02', '2026-Q1', '2026-Q4', '2026-W48', '2020-W53');

  it('rounding matches rounding thousandths of a unit in whole numbers, half away from zero', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (thousandths) => {
        const magnitude = Math.abs(thousandths);
        const hundredths = Math.floor(magnitude / 10) + (magnitude % 10 >= 5 ? 1 : 0);
        const expected = decimalFromMinor(hundredths === 0 ? 0 : Math.sign(thousandths) * hundredths, 2);
        expect(shown(new Money(decimalFromMinor(thousandths, 3)))).toBe(expected);
      }),
    );
  });

  it('ADD = DSO − best possible DSO before rounding, and DSO ≥ best possible DSO ≥ 0', () => {
    fc.assert(
      fc.property(minorArb(1e10), minorArb(1e10), minorArb(1e10), periodArb, (sales, ending, current, code) => {
        const [endingAr, endingCurrentAr] = [Math.max(ending, current), Math.min(ending, current)];
        const values = computeKpis(
          ledger({ creditSales: decimalFromMinor(sales, 2), endingAr: decimalFromMinor(endingAr, 2), endingCurrentAr: decimalFromMinor(endingCurrentAr, 2) }),
          parsePeriod(code),
        );
        if (sales === 0) {
          expect([values.DSO, values.BEST_POSSIBLE_DSO, values.ADD]).toEqual([null, null, null]);
          return;
        }
        expect(values.ADD!.toFixed()).toBe(values.DSO!.minus(values.BEST_POSSIBLE_DSO!).toFixed());
        expect(values.DSO!.gte(values.BEST_POSSIBLE_DSO!)).toBe(true);
        expect(values.BEST_POSSIBLE_DSO!.gte(0)).toBe(true);
      }),
    );
  });

  it('DSO × credit sales = ending AR × days in the period, to the cent', () => {
    fc.assert(
      fc.property(amountArb(2, 1, 1e11), amountArb(2, 0, 1e11), periodArb, (sales, endingAr, code) => {
        const period = parsePeriod(code);
        const dso = computeKpis(ledger({ creditSales: sales, endingAr }), period).DSO!;
        expect(dso.times(sales).toDecimalPlaces(2).toFixed()).toBe(new Money(endingAr).times(period.days).toFixed());
      }),
    );
  });

  it('KPIs do not depend on the unit: all amounts × 100 give the same values', () => {
    fc.assert(
      fc.property(minorArb(1e9), minorArb(1e9), minorArb(1e9), minorArb(1e9), periodArb, (beginning, sales, ending, current, code) => {
        const [endingAr, endingCurrentAr] = [Math.max(ending, current), Math.min(ending, current)];
        const inCents = { beginningAr: decimalFromMinor(beginning, 2), creditSales: decimalFromMinor(sales, 2), endingAr: decimalFromMinor(endingAr, 2), endingCurrentAr: decimalFromMinor(endingCurrentAr, 2) };
        const inUnits = { beginningAr: String(beginning), creditSales: String(sales), endingAr: String(endingAr), endingCurrentAr: String(endingCurrentAr) };
        expect(kpisShown(ledger(inCents), code)).toEqual(kpisShown(ledger(inUnits), code));
      }),
    );
  });

  it('a counted KPI is null exactly when its denominator is zero, and otherwise between 0 and 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (total, part) => {
        const share = Math.min(part, total);
        const values = computeKpis(
          ledger({ invoicesIssued: total, invoicesDisputed: share, invoicesSettled: total, invoicesSettledOnTime: share, projectsFinished: total, projectsFinishedOnTime: share, projectsFinishedOnBudget: share }),
          parsePeriod('2026-10'),
        );
        for (const code of ['DISPUTE_RATE', 'ON_TIME_PAYMENT_RATE', 'PROJECTS_ON_TIME_PCT', 'PROJECTS_ON_BUDGET_PCT'] as const) {
          if (total === 0) expect(values[code]).toBeNull();
          else {
            expect(values[code]!.gte(0) && values[code]!.lte(100)).toBe(true);
            expect(values[code]!.times(total).toDecimalPlaces(6).toFixed()).toBe(String(share * 100));
          }
        }
      }),
    );
  });
});
