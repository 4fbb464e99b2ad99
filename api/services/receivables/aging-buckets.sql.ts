// The aging buckets in SQL, built from the domain's bounds (AGING_BUCKET_BOUNDS), so the
// database and api/domain/receivables/aging.ts cannot disagree on where a bucket starts.
import { AGING_BUCKET_BOUNDS, type AgingBucket } from '../../domain/receivables/aging.js';
import { Prisma } from '../../generated/prisma/client.js';

/** SQL that is true when `daysSql` (days past due) falls in `bucket`. */
export function inAgingBucketSql(bucket: AgingBucket, daysSql: Prisma.Sql): Prisma.Sql {
  const { from, to } = AGING_BUCKET_BOUNDS.find((bounds) => bounds.bucket === bucket)!;
  const conditions = [
    ...(from === null ? [] : [Prisma.sql`${daysSql} >= ${Prisma.raw(String(from))}`]),
    ...(to === null ? [] : [Prisma.sql`${daysSql} <= ${Prisma.raw(String(to))}`]),
  ];
  return Prisma.sql`(${Prisma.join(conditions, ' AND ')})`;
}

/** SQL that is true when `daysSql` is past due (any bucket but current). */
export function pastDueSql(daysSql: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NOT ${inAgingBucketSql('current', daysSql)}`;
}

/** `sum(amount) FILTER (…)::text AS "<bucket>"` for each bucket, in report order. */
export function agingBucketSumsSql(amountSql: Prisma.Sql, daysSql: Prisma.Sql): Prisma.Sql {
  return Prisma.join(
    AGING_BUCKET_BOUNDS.map(({ bucket }) => Prisma.sql`(sum(${amountSql}) FILTER (WHERE ${inAgingBucketSql(bucket, daysSql)}))::text AS ${Prisma.raw(`"${bucket}"`)}`),
    ',\n      ',
  );
}

/** Each bucket's `sum(amount) FILTER (…)` over the rows `keepSql` keeps, in report order. */
export function agingBucketSums(amountSql: Prisma.Sql, daysSql: Prisma.Sql, keepSql: Prisma.Sql): { bucket: AgingBucket; sum: Prisma.Sql }[] {
  return AGING_BUCKET_BOUNDS.map(({ bucket }) => ({ bucket, sum: Prisma.sql`sum(${amountSql}) FILTER (WHERE ${keepSql} AND ${inAgingBucketSql(bucket, daysSql)})` }));
}
