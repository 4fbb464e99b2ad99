// Fixed-window counters in the database, so that every instance behind a load balancer counts
// the same failures and the same work. A key is a subject ("ip:10.0.0.7", "secret:ab12…",
// "work:token:7"); its window starts at its first hit and lasts `windowSeconds`.
import type { Db } from '../db-types.js';

export interface ThrottleRule {
  /** Most units a key may spend in one window. */
  limit: number;
  /** 1 to 3600. */
  windowSeconds: number;
}

export interface ThrottleState {
  /** Units spent in the current window, this hit included. */
  count: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

/** Adds `units` to each key's window and returns the counts after the hit. */
export async function spend(prisma: Db, keys: string[], units: number, rule: ThrottleRule): Promise<ThrottleState[]> {
  if (keys.length === 0) return [];
  const rows = await prisma.$queryRaw<{ key: string; count: number; retry_after: number }[]>`
    INSERT INTO request_throttle AS t (key, window_started_at, count)
    SELECT k, now(), ${units}::int FROM unnest(${keys}::text[]) AS k
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${rule.windowSeconds}) THEN ${units}::int ELSE t.count + ${units}::int END,
      window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => ${rule.windowSeconds}) THEN now() ELSE t.window_started_at END
    RETURNING key, count,
      greatest(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => ${rule.windowSeconds}) - now())))::int AS retry_after`;
  if (rows.some((row) => row.count === units)) await forgetOldWindows(prisma);
  const byKey = new Map(rows.map((row) => [row.key, { count: row.count, retryAfterSeconds: row.retry_after }]));
  return keys.map((key) => byKey.get(key)!);
}

/** Windows are at most an hour long; older ones are dropped when a new window opens. */
async function forgetOldWindows(prisma: Db): Promise<void> {
  await prisma.$executeRaw`DELETE FROM request_throttle WHERE window_started_at < now() - interval '1 hour'`;
}
