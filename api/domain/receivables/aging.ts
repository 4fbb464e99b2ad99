// Aging by days past due (PRODUCT.md, "Aging as of D"). The bucket bounds below are data:
// agingBucketFor reads them, and the SQL of the aging report and the KPIs is built from them
// (api/services/receivables/aging-buckets.sql.ts), so the rule is written once.
import { daysBetween, type IsoDate } from '../dates.js';
import { Money, ZERO } from '../money/money.js';

/** Days past due = as-of date − due date; zero or less is not past due. */
export function daysPastDue(dueDate: IsoDate, asOf: IsoDate): number {
  return daysBetween(dueDate, asOf);
}

/** Each bucket's inclusive bounds in days past due; null is unbounded. In report order. */
export const AGING_BUCKET_BOUNDS = [
  { bucket: 'current', from: null, to: 0 },
  { bucket: 'days1To30', from: 1, to: 30 },
  { bucket: 'days31To60', from: 31, to: 60 },
  { bucket: 'days61To90', from: 61, to: 90 },
  { bucket: 'over90', from: 91, to: null },
] as const;

export type AgingBucket = (typeof AGING_BUCKET_BOUNDS)[number]['bucket'];
export const AGING_BUCKETS: readonly AgingBucket[] = AGING_BUCKET_BOUNDS.map((bounds) => bounds.bucket);
export type AgingBuckets = Record<AgingBucket | 'total', Money>;

export function agingBucketFor(daysPastDue: number): AgingBucket {
  const found = AGING_BUCKET_BOUNDS.find(({ from, to }) => (from === null || daysPastDue >= from) && (to === null || daysPastDue <= to));
  return found!.bucket;
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
    const bucket = agingBucketFor(daysPastDue(item.dueDate, asOf));
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
