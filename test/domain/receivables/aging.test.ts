import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../api/domain/dates.js';
import { formatMoney, Money, sumMoney } from '../../../api/domain/money/money.js';
import { AGING_BUCKET_BOUNDS, AGING_BUCKETS, addBuckets, ageItems, agingBucketFor, daysPastDue, type AgingBuckets } from '../../../api/domain/receivables/aging.js';
import { dueDateFor, parsePaymentTerms } from '../../../api/domain/receivables/payment-terms.js';
import { amountArb, isoDateArb } from '../support.js';

/** Buckets as the report serialises them, so expectations read like the report. */
const written = (buckets: AgingBuckets) =>
  Object.fromEntries(Object.entries(buckets).map(([bucket, amount]) => [bucket, formatMoney(amount, 'USD')]));

describe('the published Net 30 example', () => {
  it('$8,000 invoiced 15 days ago is Current and $4,000 invoiced 40 days ago is 1–30 days past due', () => {
    const asOf = '2026-03-31';
    const net30 = parsePaymentTerms('NET30');
    const recent = { issueDate: '2026-03-16', amount: '8000.00' };
    const older = { issueDate: '2026-02-19', amount: '4000.00' };
    expect(daysBetween(recent.issueDate, asOf)).toBe(15);
    expect(daysBetween(older.issueDate, asOf)).toBe(40);

    const recentDue = dueDateFor(net30, recent.issueDate);
    const olderDue = dueDateFor(net30, older.issueDate);
    expect(recentDue).toBe('2026-04-15'); // due in 15 days
    expect(olderDue).toBe('2026-03-21'); // 10 days past due
    expect(daysBetween(olderDue, asOf)).toBe(10);

    const buckets = ageItems(
      [
        { dueDate: recentDue, amount: new Money(recent.amount) },
        { dueDate: olderDue, amount: new Money(older.amount) },
      ],
      asOf,
    );
    expect(written(buckets)).toEqual({
      current: '8000.00',
      days1To30: '4000.00',
      days31To60: '0.00',
      days61To90: '0.00',
      over90: '0.00',
      total: '12000.00',
    });
  });
});

describe('days past due = as-of date − due date', () => {
  it.each([
    ['2026-03-21', '2026-03-31', 10],
    ['2026-03-31', '2026-03-31', 0],
    ['2026-04-15', '2026-03-31', -15],
    ['2024-02-28', '2024-03-01', 2], // across a leap day
  ])('due %s, as of %s: %i', (dueDate, asOf, days) => {
    expect(daysPastDue(dueDate, asOf)).toBe(days);
  });
});

describe('bucket boundaries, by days past due = as-of date − due date', () => {
  it('the bounds cover every day once, in report order', () => {
    expect(AGING_BUCKET_BOUNDS.map((b) => b.bucket)).toEqual([...AGING_BUCKETS]);
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (days) => {
        const holding = AGING_BUCKET_BOUNDS.filter(({ from, to }) => (from === null || days >= from) && (to === null || days <= to));
        expect(holding).toHaveLength(1);
        expect(agingBucketFor(days) === 'current').toBe(days <= 0);
      }),
    );
  });

  it.each([
    [-30, 'current'],
    [-1, 'current'],
    [0, 'current'], // due today is not past due
    [1, 'days1To30'],
    [30, 'days1To30'],
    [31, 'days31To60'],
    [60, 'days31To60'],
    [61, 'days61To90'],
    [90, 'days61To90'],
    [91, 'over90'],
    [365, 'over90'],
  ] as const)('%i days past due is %s', (daysPastDue, bucket) => {
    expect(agingBucketFor(daysPastDue)).toBe(bucket);
    const asOf = '2026-06-30';
    const buckets = ageItems([{ dueDate: addDays(asOf, -daysPastDue), amount: new Money('100.00') }], asOf);
    for (const name of AGING_BUCKETS) expect(formatMoney(buckets[name], 'USD')).toBe(name === bucket ? '100.00' : '0.00');
    expect(formatMoney(buckets.total, 'USD')).toBe('100.00');
  });

  it('an empty ledger ages to zero everywhere', () => {
    expect(written(ageItems([], '2026-06-30'))).toEqual({
      current: '0.00',
      days1To30: '0.00',
      days31To60: '0.00',
      days61To90: '0.00',
      over90: '0.00',
      total: '0.00',
    });
  });

  it('adds customer buckets into the report total bucket by bucket', () => {
    const asOf = '2026-06-30';
    const acme = ageItems([{ dueDate: '2026-06-15', amount: new Money('100.10') }], asOf);
    const globex = ageItems(
      [
        { dueDate: '2026-06-15', amount: new Money('0.20') },
        { dueDate: '2026-01-01', amount: new Money('50.00') },
      ],
      asOf,
    );
    expect(written(addBuckets(acme, globex))).toEqual({
      current: '0.00',
      days1To30: '100.30',
      days31To60: '0.00',
      days61To90: '0.00',
      over90: '50.00',
      total: '150.30',
    });
  });
});

describe('aging properties', () => {
  const itemsArb = fc.array(
    fc.record({
      dueDate: isoDateArb,
      amount: amountArb(2, 1, 1_000_000_000).map((text) => new Money(text)),
    }),
    { maxLength: 60 },
  );

  it('the buckets always add up exactly to the total, and the total to the open amounts', () => {
    fc.assert(
      fc.property(itemsArb, isoDateArb, (items, asOf) => {
        const buckets = ageItems(items, asOf);
        const bucketSum = sumMoney(AGING_BUCKETS.map((name) => buckets[name]));
        expect(bucketSum.toFixed()).toBe(buckets.total.toFixed());
        expect(buckets.total.toFixed()).toBe(sumMoney(items.map((item) => item.amount)).toFixed());
      }),
    );
  });

  it('each item lands in the bucket of its own days past due', () => {
    fc.assert(
      fc.property(itemsArb, isoDateArb, (items, asOf) => {
        const buckets = ageItems(items, asOf);
        for (const name of AGING_BUCKETS) {
          const expected = sumMoney(items.filter((item) => agingBucketFor(daysBetween(item.dueDate, asOf)) === name).map((item) => item.amount));
          expect(buckets[name].toFixed()).toBe(expected.toFixed());
        }
      }),
    );
  });

  it('aging two groups and adding them equals aging them together', () => {
    fc.assert(
      fc.property(itemsArb, itemsArb, isoDateArb, (a, b, asOf) => {
        expect(written(addBuckets(ageItems(a, asOf), ageItems(b, asOf)))).toEqual(written(ageItems([...a, ...b], asOf)));
      }),
    );
  });
});
