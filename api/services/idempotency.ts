// Idempotency keys (PRODUCT.md, "Writes from Excel are safe"): scoped to the token, kept at
// least 24 hours; a retry with the same payload replays the first answer without writing;
// the same key with another payload is refused; a refused call does not use up its key
// (the key row is written in the same transaction as the work and rolls back with it).
import crypto from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { ErrorCode, UserInputError } from '../domain/errors.js';
import { requireText } from '../domain/text.js';
import { TX_OPTIONS, type Db, type Tx } from './db-types.js';

export const KEY_RETENTION_HOURS = 48;

export interface IdempotentCall {
  actor: Actor;
  operation: string;
  key: string | null | undefined;
  /** The request without its key; hashed to recognise a changed payload. */
  payload: unknown;
}

/**
 * Runs `work` in one transaction. With a key, the JSON it returns is stored; a retry gets
 * `replay(stored)` instead of running `work` again.
 */
export async function runIdempotent<Stored, Result>(
  prisma: Db,
  call: IdempotentCall,
  work: (tx: Tx) => Promise<Stored>,
  replay: (stored: Stored, tx: Tx) => Promise<Result> | Result,
): Promise<Result> {
  if (call.key === null || call.key === undefined) {
    return prisma.$transaction(async (tx) => replay(await work(tx), tx), TX_OPTIONS);
  }
  const key = requireText(call.key, ['idempotencyKey'], { max: 200, what: 'The idempotency key' });
  const requestHash = hashPayload(call.operation, call.payload);
  return prisma.$transaction(async (tx) => {
    // Blocks behind a concurrent holder of the same key until it commits or rolls back.
    const inserted = await tx.$executeRaw`
      INSERT INTO idempotency_key (actor, key, operation, request_hash)
      VALUES (${call.actor.idempotencyScope}, ${key}, ${call.operation}, ${requestHash})
      ON CONFLICT DO NOTHING`;
    if (inserted === 0) {
      const previous = await tx.idempotencyKey.findUniqueOrThrow({
        where: { actor_key: { actor: call.actor.idempotencyScope, key } },
      });
      if (previous.requestHash !== requestHash || previous.operation !== call.operation) {
        throw UserInputError.of(
          ['idempotencyKey'],
          `Idempotency key "${key}" was already used for a different request; use a new key for a new request.`,
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
        );
      }
      return replay(previous.response as Stored, tx);
    }
    const stored = await work(tx);
    await tx.idempotencyKey.update({
      where: { actor_key: { actor: call.actor.idempotencyScope, key } },
      data: { response: stored as never },
    });
    await tx.$executeRaw`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => ${KEY_RETENTION_HOURS})`;
    return replay(stored, tx);
  }, TX_OPTIONS);
}

export function hashPayload(operation: string, payload: unknown): string {
  return crypto.createHash('sha256').update(operation).update('\0').update(stableJson(payload)).digest('hex');
}

function stableJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
