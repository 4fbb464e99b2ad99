// Fixed-window counters in the database, so that every instance behind a load balancer counts
// the same failures and the same work. A key is a subject ("ip:10.0.0.7", "secret:ab12…",
// "work:token:7"); its window starts at its first hit and lasts `windowSeconds`.
import { runnerOf, type SqlSource } from '../../db/sql-runner.js';

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

/**
 * Adds `units` to each key's window and returns the counts after the hit. `source`: the request's
 * statement runner (a pool connection on a server, no Prisma round on the way) or a Prisma client.
 */
export async function spend(source: SqlSource, keys: string[], units: number, rule: ThrottleRule): Promise<ThrottleState[]> {
  if (keys.length === 0) return [];
  const run = runnerOf(source);
  const rows = await run<{ key: string; count: number; retry_after: number }>(
    `INSERT INTO request_throttle AS t (key, window_started_at, count)
     SELECT k, now(), $1::int FROM unnest($2::text[]) AS k
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3::int) THEN $1::int ELSE t.count + $1::int END,
       window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(secs => $3::int) THEN now() ELSE t.window_started_at END
     RETURNING key, count,
       greatest(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => $3::int) - now())))::int AS retry_after`,
    [units, keys, rule.windowSeconds],
  );
  // Windows are at most an hour long; older ones are dropped when a new window opens.
  if (rows.some((row) => row.count === units)) await run(`DELETE FROM request_throttle WHERE window_started_at < now() - interval '1 hour'`, []);
  const byKey = new Map(rows.map((row) => [row.key, { count: row.count, retryAfterSeconds: row.retry_after }]));
  return keys.map((key) => byKey.get(key)!);
}
