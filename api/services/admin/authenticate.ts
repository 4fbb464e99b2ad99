// Who is calling: one check for every entry point (GraphQL, exports, files). A bearer secret is
// compared by its SHA-256 digest only — fixed length, constant time — and failed attempts are
// counted per client address and per presented secret in the database, so that guessing is
// throttled across every instance: past the limit, an address gets 429 until its window ends,
// whatever it sends (a right guess included, or the 429 itself would tell it was right).
import crypto from 'node:crypto';
import type { Config } from '../../config.js';
import type { Actor } from '../../domain/actor.js';
import type { Role } from '../../generated/prisma/enums.js';
import type { Db } from '../db-types.js';
import { spend, type ThrottleRule } from './throttle.js';
import { hashToken } from './token.service.js';

export interface Credentials {
  /** The Authorization header as sent, or null. */
  authorization: string | null;
  /** The client's address, or null for in-process calls (which are not throttled by address). */
  clientAddress: string | null;
}

export interface AuthenticationOptions {
  adminToken: string | undefined;
  /** Failed attempts allowed per address (and per secret) in each window. */
  failures: ThrottleRule;
  now?: Date;
}

export type Refusal =
  | { code: 'UNAUTHENTICATED'; status: 401; message: string }
  | { code: 'RATE_LIMITED'; status: 429; message: string; retryAfterSeconds: number };

export type Authentication = { actor: Actor; refusal?: never } | { actor?: never; refusal: Refusal };

/** The settings of a configuration: its admin token, and failures counted per minute. */
export function authenticationOptions(config: Pick<Config, 'adminToken' | 'authFailuresPerMinute'>): AuthenticationOptions {
  return { adminToken: config.adminToken, failures: { limit: config.authFailuresPerMinute, windowSeconds: 60 } };
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i;

/**
 * Tokens that authenticated in the last second, by digest: a client sending many requests
 * costs one lookup a second instead of one statement per request (on a small query, half of
 * its time in the database round trips). Remembered per client address; revoking a token, or
 * any failed attempt (a block may follow), forgets them all at once; another server instance on
 * the same database stops accepting a revoked token within CACHE_MS.
 */
const CACHE_MS = 1_000;
const CACHE_LIMIT = 1_000;
const recent = new Map<string, { actor: Actor; until: number; expiresAt: Date | null }>();

/** Called when a token is revoked: the next request of every token is looked up again. */
export function forgetAuthentications(): void {
  recent.clear();
}

export async function authenticate(prisma: Db, credentials: Credentials, options: AuthenticationOptions): Promise<Authentication> {
  const header = credentials.authorization;
  if (!header) return unauthenticated('No token: send Authorization: Bearer <token>.');
  const secret = BEARER.exec(header)?.[1] ?? null;
  const digest = hashToken(secret ?? header);
  // Per address: a token remembered from one client is looked up again from another (a blocked one).
  const cacheKey = `${credentials.clientAddress ?? ''} ${digest}`;
  const cached = secret === null ? undefined : recent.get(cacheKey);
  if (cached && cached.until > Date.now() && !(cached.expiresAt && cached.expiresAt <= (options.now ?? new Date()))) return { actor: cached.actor };
  const keys = [...(credentials.clientAddress ? [`ip:${credentials.clientAddress}`] : []), `secret:${digest.slice(0, 32)}`];

  // One statement: the token behind the digest, and whether this caller is blocked.
  const [row] = await prisma.$queryRaw<TokenRow[]>`
    SELECT t.id, t.name, t.role::text AS role, t.expires_at, t.revoked_at,
      (SELECT max(greatest(1, ceil(extract(epoch FROM r.window_started_at + make_interval(secs => ${options.failures.windowSeconds}) - now()))))::int
         FROM request_throttle r
        WHERE r.key = ANY(${keys}::text[]) AND r.count >= ${options.failures.limit}
          AND r.window_started_at > now() - make_interval(secs => ${options.failures.windowSeconds})) AS blocked_for
    FROM (SELECT 1) AS one LEFT JOIN api_token t ON t.token_hash = ${digest}`;
  if (row?.blocked_for) return rateLimited(row.blocked_for);

  const actor = secret === null ? null : actorFor(row!, digest, options);
  if (actor) {
    if (recent.size >= CACHE_LIMIT) recent.clear();
    recent.set(cacheKey, { actor, until: Date.now() + CACHE_MS, expiresAt: row!.expires_at });
    return { actor };
  }

  // Someone is failing: from now on every request is looked up, so a block is seen at once.
  forgetAuthentications();
  const counts = await spend(prisma, keys, 1, options.failures);
  const over = counts.filter((c) => c.count > options.failures.limit);
  if (over.length > 0) return rateLimited(Math.max(...over.map((c) => c.retryAfterSeconds)));
  return secret === null
    ? unauthenticated('Malformed Authorization header: send Authorization: Bearer <token>.')
    : unauthenticated('The token is unknown, expired or revoked.');
}

interface TokenRow {
  id: number | null;
  name: string | null;
  role: Role | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  blocked_for: number | null;
}

function actorFor(row: TokenRow, digest: string, options: AuthenticationOptions): Actor | null {
  if (options.adminToken && digestsEqual(digest, hashToken(options.adminToken))) {
    return { name: 'admin-token', role: 'ADMIN', idempotencyScope: 'admin-token' };
  }
  const now = options.now ?? new Date();
  if (row.id === null || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  return { name: row.name!, role: row.role!, idempotencyScope: `token:${row.id}` };
}

/** Both are hex SHA-256 digests: equal length whatever was sent, compared in constant time. */
function digestsEqual(a: string, b: string): boolean {
  return crypto.timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
}

function unauthenticated(message: string): Authentication {
  return { refusal: { code: 'UNAUTHENTICATED', status: 401, message } };
}

function rateLimited(retryAfterSeconds: number): Authentication {
  return {
    refusal: {
      code: 'RATE_LIMITED',
      status: 429,
      message: `Too many failed attempts to authenticate; try again in ${retryAfterSeconds} s.`,
      retryAfterSeconds,
    },
  };
}
