import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../api/domain/dates.js';
import { isoWeeksInYear, nextPeriod, parsePeriod, periodContaining, periodRange, type PeriodKind } from '../../../api/domain/kpis/periods.js';
import { isoDateArb, refusalOf } from '../support.js';

/** The ISO week of a date, worked out independently: the week belongs to the year of its Thursday. */
function isoWeekOracle(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** A year has 53 ISO weeks when it starts or ends on a Thursday. */
const hasWeek53 = (year: number) => new Date(Date.UTC(year, 0, 1)).getUTCDay() === 4 || new Date(Date.UTC(year, 11, 31)).getUTCDay() === 4;

const kindArb = fc.constantFrom<PeriodKind>('MONTH', 'QUARTER', 'WEEK');

describe('months', () => {
  it('2026-10 runs from 1 to 31 October: 31 days, one month', () => {
    expect(parsePeriod('2026-10')).toEqual({ code: '2026-10', kind: 'MONTH', start: '2026-10-01', end: '2026-10-31', days: 31, months: 1 });
  });

  it.each([
    ['2028-02', '2028-02-29', 29, 'February of the leap year 2028'],
    ['2026-02', '2026-02-28', 28, 'February 2026'],
    ['2026-09', '2026-09-30', 30, 'a 30-day month'],
    ['2026-12', '2026-12-31', 31, 'December'],
  ] as const)('%s ends %s and has %i days (%s)', (code, end, days, _why) => {
    const period = parsePeriod(code);
    expect(period.start).toBe(`${code}-01`);
    expect(period.end).toBe(end);
    expect(period.days).toBe(days);
  });
});

describe('quarters', () => {
  it('2026-Q4 runs from 1 October to 31 December: 92 days, three months', () => {
    expect(parsePeriod('2026-Q4')).toEqual({ code: '2026-Q4', kind: 'QUARTER', start: '2026-10-01', end: '2026-12-31', days: 92, months: 3 });
  });

  it.each([
    ['2026-Q1', '2026-01-01', '2026-03-31', 90],
    ['2028-Q1', '2028-01-01', '2028-03-31', 91], // 29 February
    ['2026-Q2', '2026-04-01', '2026-06-30', 91],
    ['2026-Q3', '2026-07-01', '2026-09-30', 92],
  ] as const)('%s runs %s..%s, %i days', (code, start, end, days) => {
    expect(parsePeriod(code)).toMatchObject({ start, end, days, months: 3 });
  });
});

describe('ISO weeks', () => {
  it('2026-W48 is Monday 23 to Sunday 29 November 2026', () => {
    expect(parsePeriod('2026-W48')).toEqual({ code: '2026-W48', kind: 'WEEK', start: '2026-11-23', end: '2026-11-29', days: 7, months: 1 });
  });

  it.each([
    ['2026-W01', '2025-12-29', '2026-01-04', 'starts in the previous December'],
    ['2021-W01', '2021-01-04', '2021-01-10', 'starts after New Year (1–3 January 2021 are 2020-W53)'],
    ['2020-W53', '2020-12-28', '2021-01-03', '2020 has 53 weeks'],
    ['2026-W53', '2026-12-28', '2027-01-03', '2026 starts on a Thursday, so it has 53 weeks'],
    ['2025-W01', '2024-12-30', '2025-01-05', 'starts in the previous December'],
  ] as const)('%s runs %s..%s (%s)', (code, start, end, _why) => {
    expect(parsePeriod(code)).toMatchObject({ code, kind: 'WEEK', start, end, days: 7 });
  });

  it.each([
    [2020, 53],
    [2021, 52],
    [2025, 52],
    [2026, 53],
    [2027, 52],
    [2032, 53],
  ])('%i has %i ISO weeks', (year, weeks) => {
    expect(isoWeeksInYear(year)).toBe(weeks);
  });

  it.each(['2025-W53', '2027-W53', '2021-W53'])('refuses %s: that year has only 52 ISO weeks', (code) => {
    const errors = refusalOf(() => parsePeriod(code));
    expect(errors[0]!.message).toContain('W01–W52');
  });

  it('writes the canonical spelling whatever the case or surrounding spaces', () => {
    expect(parsePeriod(' 2026-w48 ').code).toBe('2026-W48');
    expect(parsePeriod('2026-q4').code).toBe('2026-Q4');
  });
});

describe('refusals name the accepted forms', () => {
  it.each([
    ['2026-13', '01–12'],
    ['2026-00', '01–12'],
    ['2026-Q5', 'Q1–Q4'],
    ['2026-Q0', 'Q1–Q4'],
    ['2026-W00', 'W01–W53'],
    ['2026-W54', 'W01–W53'],
    ['Oct 2026', ''],
    ['', ''],
    ['2026-1', ''],
    ['2026-10-01', ''],
    ['26-10', ''],
    ['1899-12', '1900–2999'],
  ])('refuses "%s" as INVALID on the given field', (text, why) => {
    const errors = refusalOf(() => parsePeriod(text, ['input', 'period']));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: ['input', 'period'], code: 'INVALID' });
    for (const form of ['YYYY-MM', 'YYYY-Qn', 'YYYY-Www', '2026-10', '2026-Q4', '2026-W48']) expect(errors[0]!.message).toContain(form);
    expect(errors[0]!.message).toContain(why);
  });

  it('refuses on the field "period" when none is given', () => {
    expect(refusalOf(() => parsePeriod('2026-13'))[0]!.field).toEqual(['period']);
  });
});

describe('periodContaining', () => {
  it.each([
    ['2026-11-25', 'WEEK', '2026-W48'],
    ['2026-11-23', 'WEEK', '2026-W48'], // Monday
    ['2026-11-29', 'WEEK', '2026-W48'], // Sunday
    ['2025-12-29', 'WEEK', '2026-W01'],
    ['2027-01-01', 'WEEK', '2026-W53'],
    ['2027-01-04', 'WEEK', '2027-W01'],
    ['2021-01-03', 'WEEK', '2020-W53'],
    ['2024-12-30', 'WEEK', '2025-W01'],
    ['2026-11-25', 'MONTH', '2026-11'],
    ['2028-02-29', 'MONTH', '2028-02'],
    ['2026-11-25', 'QUARTER', '2026-Q4'],
    ['2026-03-31', 'QUARTER', '2026-Q1'],
    ['2026-04-01', 'QUARTER', '2026-Q2'],
  ] as const)('%s lies in the %s %s', (date, kind, code) => {
    expect(periodContaining(date, kind).code).toBe(code);
  });
});

describe('nextPeriod', () => {
  it.each([
    ['2026-10', '2026-11'],
    ['2026-12', '2027-01'],
    ['2026-Q3', '2026-Q4'],
    ['2026-Q4', '2027-Q1'],
    ['2026-W48', '2026-W49'],
    ['2026-W52', '2026-W53'],
    ['2026-W53', '2027-W01'],
    ['2020-W53', '2021-W01'],
    ['2025-W52', '2026-W01'],
  ])('after %s comes %s', (code, next) => {
    expect(nextPeriod(parsePeriod(code)).code).toBe(next);
  });
});

describe('periodRange', () => {
  it('lists the months from 2026-11 to 2027-02 across the year end', () => {
    expect(periodRange(parsePeriod('2026-11'), parsePeriod('2027-02'), 24).map((p) => p.code)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('lists the weeks from 2026-W52 to 2027-W01, including 2026-W53', () => {
    expect(periodRange(parsePeriod('2026-W52'), parsePeriod('2027-W01'), 10).map((p) => p.code)).toEqual(['2026-W52', '2026-W53', '2027-W01']);
  });

  it('a range from a period to itself is that one period', () => {
    expect(periodRange(parsePeriod('2026-Q4'), parsePeriod('2026-Q4'), 1).map((p) => p.code)).toEqual(['2026-Q4']);
  });

  it('takes exactly max periods and refuses one more with OUT_OF_RANGE', () => {
    expect(periodRange(parsePeriod('2026-01'), parsePeriod('2026-12'), 12)).toHaveLength(12);
    const errors = refusalOf(() => periodRange(parsePeriod('2026-01'), parsePeriod('2026-12'), 11, ['input', 'to']));
    expect(errors).toEqual([{ field: ['input', 'to'], code: 'OUT_OF_RANGE', message: expect.stringContaining('At most 11 periods') }]);
  });

  it('refuses a month and a quarter together, naming both', () => {
    const errors = refusalOf(() => periodRange(parsePeriod('2026-10'), parsePeriod('2026-Q4'), 24));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: ['to'], code: 'INVALID' });
    expect(errors[0]!.message).toContain('2026-10');
    expect(errors[0]!.message).toContain('2026-Q4');
  });

  it('refuses a range that runs backwards', () => {
    const errors = refusalOf(() => periodRange(parsePeriod('2026-12'), parsePeriod('2026-10'), 24));
    expect(errors[0]).toMatchObject({ field: ['to'], code: 'INVALID' });
    expect(errors[0]!.message).toContain('before');
  });
});

describe('period properties', () => {
  it('the period of a kind containing a date holds it, and its days count start to end inclusive', () => {
    fc.assert(
      fc.property(isoDateArb, kindArb, (date, kind) => {
        const period = periodContaining(date, kind);
        expect(period.kind).toBe(kind);
        expect(period.start <= date && date <= period.end).toBe(true);
        expect(period.days).toBe(daysBetween(period.start, period.end) + 1);
        expect(parsePeriod(period.code)).toEqual(period);
      }),
    );
  });

  it('the ISO week of any date matches the Thursday rule', () => {
    fc.assert(
      fc.property(isoDateArb, (date) => {
        const week = periodContaining(date, 'WEEK');
        expect(week.code).toBe(isoWeekOracle(date));
        expect(new Date(`${week.start}T00:00:00Z`).getUTCDay()).toBe(1); // a Monday
      }),
    );
  });

  it('a year has 53 ISO weeks exactly when it starts or ends on a Thursday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2998 }), (year) => {
        expect(isoWeeksInYear(year)).toBe(hasWeek53(year) ? 53 : 52);
        const w53 = () => parsePeriod(`${year}-W53`);
        if (hasWeek53(year)) expect(w53().code).toBe(`${year}-W53`);
        else refusalOf(w53);
      }),
    );
  });

  it('periods follow one another without gap or overlap', () => {
    fc.assert(
      fc.property(isoDateArb, kindArb, (date, kind) => {
        const period = periodContaining(date, kind);
        const next = nextPeriod(period);
        expect(next.kind).toBe(kind);
        expect(next.start).toBe(addDays(period.end, 1));
      }),
    );
  });

  it('a range of n periods has n periods, each the next of the one before', () => {
    fc.assert(
      fc.property(isoDateArb, kindArb, fc.integer({ min: 1, max: 60 }), (date, kind, count) => {
        let to = periodContaining(date, kind);
        const from = to;
        for (let i = 1; i < count; i += 1) to = nextPeriod(to);
        const periods = periodRange(from, to, count);
        expect(periods).toHaveLength(count);
        for (let i = 1; i < count; i += 1) expect(periods[i]!.start).toBe(addDays(periods[i - 1]!.end, 1));
        if (count > 1) expect(refusalOf(() => periodRange(from, to, count - 1))[0]!.code).toBe('OUT_OF_RANGE');
      }),
      { numRuns: 50 },
    );
  });
});
