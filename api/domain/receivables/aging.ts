// Aging by days past due (PRODUCT.md, "Aging as of D"). The database computes the same
// buckets in SQL (api/services/receivables/aging.sql.ts); this is the reference the tests hold it to.
import { daysBetween, type IsoDate } from '../dates.js';
import { Money, ZERO } from '../money/money.js';

export const AGING_BUCKETS = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingBuckets = Record<AgingBucket | 'total', Money>;

export function agingBucketFor(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days1To30';
  if (daysPastDue <= 60) return 'days31To60';
  if (daysPastDue <= 90) return 'days61To90';
  return 'over90';
}

export function emptyBuckets(): AgingBuckets {
  return { current: ZERO, days1To30: ZERO, days31To60: ZERO, days61To90: ZERO, over90: ZERO, total: ZERO };
}

export interface AgingItem {
  dueDate: IsoDate;
  /** Open amount, already translated and rounded to the reporting currency. */
  amount: Money;
}

export function ageItems(items: Iterable<AgingItem>, asOf: IsoDate): AgingBuckets {
  const buckets = emptyBuckets();
  for (const item of items) {
    const bucket = agingBucketFor(daysBetween(item.dueDate, asOf));
    buckets[bucket] = buckets[bucket].plus(item.amount);
    buckets.total = buckets.total.plus(item.amount);
  }
  return buckets;
}

export function addBuckets(a: AgingBuckets, b: AgingBuckets): AgingBuckets {
  const sum = emptyBuckets();
  for (const key of [...AGING_BUCKETS, 'total'] as const) sum[key] = a[key].plus(b[key]);
  return sum;
}

export { Money };
