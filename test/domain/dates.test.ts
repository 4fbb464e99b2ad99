import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, endOfMonth, isValidIsoDate, parseIsoDate, parseIsoTimestamp } from '../../api/domain/dates.js';
import { isoDateArb, refusalOf } from './support.js';

describe('parseIsoDate', () => {
  it.each(['2026-03-31', '2028-02-29', '2000-02-29', '2026-12-31', '2026-01-01'])('accepts the calendar date %s', (text) => {
    expect(parseIsoDate(text, ['issueDate'])).toBe(text);
  });

  it.each([
    ['2026-02-30', 'February has no 30th'],
    ['2027-02-29', '2027 is not a leap year'],
    ['1900-02-29', '1900 is not a leap year (century rule)'],
    ['2026-04-31', 'April has 30 days'],
    ['2026-13-01', 'there is no 13th month'],
    ['2026-00-10', 'there is no month 0'],
    ['2026-03-00', 'there is no day 0'],
    ['31/03/2026', 'day-first European spelling'],
    ['03/31/2026', 'US spelling'],
    ['2026-3-31', 'unpadded month'],
    ['2026-03-31T00:00:00Z', 'a timestamp, not a date'],
    ['', 'empty'],
    ['tomorrow', 'words'],
  ])('refuses %s (%s) with INVALID on the given field', (text) => {
    const errors = refusalOf(() => parseIsoDate(text, ['input', 'issueDate']));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: ['input', 'issueDate'], code: 'INVALID' });
    expect(errors[0]!.message).toContain('YYYY-MM-DD');
  });

  it('forgives surrounding spaces', () => {
    expect(parseIsoDate(' 2026-03-31 ', ['d'])).toBe('2026-03-31');
  });
});

describe('parseIsoTimestamp', () => {
  it.each([
    ['2027-02-28', '2027-02-28T00:00:00.000Z'],
    ['2027-01-31T18:00:00Z', '2027-01-31T18:00:00.000Z'],
    ['2027-01-31T18:00', '2027-01-31T18:00:00.000Z'],
    ['2027-01-31T18:00:00.250+02:00', '2027-01-31T16:00:00.250Z'],
  ])('accepts %s as %s (no offset means UTC)', (text, instant) => {
    expect(parseIsoTimestamp(text, ['expiresAt']).toISOString()).toBe(instant);
  });

  it.each([
    ['2027-02-30', 'February has no 30th (Date would roll it to March 2nd)'],
    ['2027-04-31', 'April has 30 days'],
    ['2027-01-31T24:00:00Z', 'hour 24'],
    ['2027-01-31T23:60:00Z', 'minute 60'],
    ['2027-01-31T18:00:00+25:00', 'an offset of 25 hours'],
    ['31/01/2027', 'day-first spelling'],
    ['next year', 'words'],
  ])('refuses %s (%s) with INVALID on the given field', (text) => {
    const errors = refusalOf(() => parseIsoTimestamp(text, ['expiresAt']));
    expect(errors).toEqual([{ field: ['expiresAt'], code: 'INVALID', message: expect.stringContaining('ISO 8601') }]);
  });
});

describe('addDays', () => {
  it.each([
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-03-08', 1, '2026-03-09'], // US daylight saving starts; calendar dates do not care
    ['2026-10-25', 1, '2026-10-26'], // EU daylight saving ends
    ['2026-01-15', 365, '2027-01-15'],
    ['2028-01-15', 366, '2029-01-15'],
  ] as const)('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-03-31', '2026-03-31', 0],
    ['2026-02-19', '2026-03-31', 40],
    ['2026-03-31', '2026-02-19', -40],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-02-28', '2026-03-01', 1],
    ['2028-02-28', '2028-03-01', 2],
  ] as const)('from %s to %s is %i days', (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-01-15', 1, '2026-02-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-08-31', -6, '2026-02-28'],
    ['2026-03-31', 0, '2026-03-31'],
    ['2026-11-30', 3, '2027-02-28'],
  ] as const)('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});

describe('endOfMonth', () => {
  it.each([
    ['2026-01-10', '2026-01-31'],
    ['2026-02-01', '2026-02-28'],
    ['2028-02-01', '2028-02-29'],
    ['2026-04-30', '2026-04-30'],
    ['2026-12-05', '2026-12-31'],
  ])('the month of %s ends on %s', (date, expected) => {
    expect(endOfMonth(date)).toBe(expected);
  });
});

describe('date arithmetic properties', () => {
  it('adding the days between two dates to the first gives the second', () => {
    fc.assert(
      fc.property(isoDateArb, isoDateArb, (a, b) => {
        expect(addDays(a, daysBetween(a, b))).toBe(b);
      }),
    );
  });

  it('the days between a date and that date plus n is n, and the result is a valid date', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -3000, max: 3000 }), (date, n) => {
        const later = addDays(date, n);
        expect(isValidIsoDate(later)).toBe(true);
        expect(daysBetween(date, later)).toBe(n);
      }),
    );
  });

  it('adding months moves exactly that many calendar months and keeps the day or clamps it to the month end', () => {
    fc.assert(
      fc.property(isoDateArb, fc.integer({ min: -120, max: 120 }), (date, months) => {
        const result = addMonths(date, months);
        expect(isValidIsoDate(result)).toBe(true);
        const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7));
        expect(monthIndex(result) - monthIndex(date)).toBe(months);
        const day = Number(date.slice(8, 10));
        const resultDay = Number(result.slice(8, 10));
        expect(resultDay === day || (resultDay < day && result === endOfMonth(result))).toBe(true);
      }),
    );
  });
});
