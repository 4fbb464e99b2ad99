// Billing schedules: which period a contract bills, pro rata by days at its start and end, and
// which contract version a period bills with.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromDayNumber, toDayNumber } from '../../../api/domain/dates.js';
import { Money } from '../../../api/domain/money/money.js';
import {
  billingPeriodIn,
  isPeriodStart,
  parseBillingMonth,
  periodCharge,
  periodStartOn,
  versionInForce,
  type BillingScheduleKind,
} from '../../../api/domain/receivables/billing-schedule.js';
import { amountArb } from '../support.js';

const month = (period: string) => parseBillingMonth(period, ['period']);
const charge = (amount: string, currency: string, period: { first: string; last: string }, startDate: string, endDate: string | null = null) => {
  const result = periodCharge({ amountPerPeriod: new Money(amount), currency, period, startDate, endDate });
  return { ...result, amount: result.amount.toFixed() };
};

describe('billing periods', () => {
  it('anchors quarters and years on the first day of the start month', () => {
    const quarterly = { schedule: 'QUARTERLY' as const, startDate: '2026-01-17', endDate: null };
    expect(billingPeriodIn(quarterly, month('2026-01'))).toEqual({ first: '2026-01-01', last: '2026-03-31' });
    expect(billingPeriodIn(quarterly, month('2026-02'))).toBeNull();
    expect(billingPeriodIn(quarterly, month('2026-04'))).toEqual({ first: '2026-04-01', last: '2026-06-30' });
    expect(billingPeriodIn({ schedule: 'ANNUAL', startDate: '2026-03-05', endDate: null }, month('2027-03'))).toEqual({ first: '2027-03-01', last: '2028-02-29' });
    expect(billingPeriodIn({ schedule: 'MONTHLY', startDate: '2026-10-17', endDate: null }, month('2026-11'))).toEqual({ first: '2026-11-01', last: '2026-11-30' });
    expect(billingPeriodIn({ schedule: 'MILESTONE', startDate: '2026-10-17', endDate: null }, month('2026-10'))).toBeNull();
  });

  it('finds the period containing a day, and knows the periods first days', () => {
    const quarterly = { schedule: 'QUARTERLY' as const, startDate: '2026-01-17' };
    expect(periodStartOn(quarterly, '2026-05-20')).toBe('2026-04-01');
    expect(periodStartOn(quarterly, '2026-01-17')).toBe('2026-01-01');
    expect(isPeriodStart(quarterly, '2026-07-01')).toBe(true);
    expect(isPeriodStart(quarterly, '2026-08-01')).toBe(false);
    expect(isPeriodStart({ schedule: 'MONTHLY', startDate: '2026-10-17' }, '2027-01-01')).toBe(true);
    expect(isPeriodStart({ schedule: 'MONTHLY', startDate: '2026-10-17' }, '2027-01-15')).toBe(false);
  });
});

describe('pro rata by days', () => {
  it('bills $3,100.00 from the 17th of a 31-day month as 15/31: $1,500.00', () => {
    expect(charge('3100', 'USD', { first: '2026-10-01', last: '2026-10-31' }, '2026-10-17')).toEqual({ amount: '1500', proRata: true, daysCovered: 15, daysInPeriod: 31 });
  });

  it('bills a whole period in full, and an end inside a period by its days: 3100 × 10/31 = 1000.00', () => {
    expect(charge('3100', 'USD', { first: '2026-11-01', last: '2026-11-30' }, '2026-10-17', '2026-12-10')).toEqual({ amount: '3100', proRata: false, daysCovered: 30, daysInPeriod: 30 });
    expect(charge('3100', 'USD', { first: '2026-12-01', last: '2026-12-31' }, '2026-10-17', '2026-12-10')).toEqual({ amount: '1000', proRata: true, daysCovered: 10, daysInPeriod: 31 });
  });

  it('prorates a quarter and a year over their days: 3000 × 76/90 = 2533.33, 9999.99 × 351/365 = 9616.43', () => {
    expect(charge('3000', 'USD', { first: '2026-01-01', last: '2026-03-31' }, '2026-01-15')).toEqual({ amount: '2533.33', proRata: true, daysCovered: 76, daysInPeriod: 90 });
    expect(charge('9999.99', 'USD', { first: '2026-01-01', last: '2026-12-31' }, '2026-01-15')).toEqual({ amount: '9616.43', proRata: true, daysCovered: 351, daysInPeriod: 365 });
  });

  it('rounds half away from zero to the currency minor units: USD 0.70 × 1/28 = 0.025 → 0.03; JPY 100001 × 14/28 = 50000.5 → 50001', () => {
    expect(charge('0.70', 'USD', { first: '2026-02-01', last: '2026-02-28' }, '2026-02-28').amount).toBe('0.03');
    expect(charge('100001', 'JPY', { first: '2026-02-01', last: '2026-02-28' }, '2026-02-15').amount).toBe('50001');
  });

  it('never bills more than the amount per period, and bills it exactly for whole periods', () => {
    const kinds: Exclude<BillingScheduleKind, 'MILESTONE'>[] = ['MONTHLY', 'QUARTERLY', 'ANNUAL'];
    const dayArb = fc.integer({ min: toDayNumber('2024-01-01'), max: toDayNumber('2030-12-31') });
    fc.assert(
      fc.property(amountArb(2, 1, 10_000_000), fc.constantFrom(...kinds), dayArb, fc.integer({ min: 0, max: 800 }), fc.boolean(), fc.integer({ min: 0, max: 40 }), (amount, schedule, startDay, length, ended, periodIndex) => {
        const startDate = fromDayNumber(startDay);
        const endDate = ended ? addDays(startDate, length) : null;
        const first = periodStartOn({ schedule, startDate }, addDays(startDate, periodIndex * 31));
        const period = billingPeriodIn({ schedule, startDate, endDate: null }, month(first.slice(0, 7)))!;
        const result = periodCharge({ amountPerPeriod: new Money(amount), currency: 'USD', period, startDate, endDate });
        expect(result.amount.lte(amount)).toBe(true);
        expect(result.amount.gte(0)).toBe(true);
        expect(result.daysInPeriod).toBe(daysBetween(period.first, period.last) + 1);
        const whole = startDate <= period.first && (endDate === null || endDate >= period.last);
        expect(result.proRata).toBe(!whole);
        if (whole) expect(result.amount.toFixed(2)).toBe(amount);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the version in force', () => {
  const versions = [
    { version: 1, effectiveFrom: '2026-10-17' },
    { version: 2, effectiveFrom: '2027-01-01' },
  ];
  it('bills a period with the latest version effective on its first day (or the start, for the first period)', () => {
    expect(versionInForce(versions, '2026-10-01', '2026-10-17')?.version).toBe(1);
    expect(versionInForce(versions, '2026-12-01', '2026-10-17')?.version).toBe(1);
    expect(versionInForce(versions, '2027-01-01', '2026-10-17')?.version).toBe(2);
    expect(versionInForce(versions, '2027-02-01', '2026-10-17')?.version).toBe(2);
  });
});
