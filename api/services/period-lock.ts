// Period locks (PRODUCT.md, "Period lock"): a closed month refuses every document dated in or
// before it — invoices, payments, credits, write-offs, refunds, reversals, voids — with code
// PERIOD_CLOSED naming the period. Each entity carries the last locked day (entity.locked_through,
// kept by closePeriod and reopenPeriod); a posting reads it FOR SHARE inside its own transaction,
// and closePeriod takes the entity rows FOR UPDATE, so a close racing a back-dated posting is
// ordered: the posting lands before the lock, or it waits and is refused — never after.
import { isoFromDate, type IsoDate } from '../domain/dates.js';
import { ErrorCode, UserInputError, type UserError } from '../domain/errors.js';
import type { Tx } from './db-types.js';

export interface DatedPosting {
  /** The document's date. */
  date: IsoDate;
  /** The input field that carries the date, e.g. ["receivedDate"]. */
  field: string[];
}

/**
 * Refuses (PERIOD_CLOSED) when any of `postings` is dated on or before the entity's locked
 * day. Call it inside the posting's transaction, before writing.
 */
export async function assertPeriodsOpen(tx: Tx, entityId: number, postings: DatedPosting[]): Promise<void> {
  const errors = await periodErrors(tx, entityId, postings);
  if (errors.length > 0) throw new UserInputError(errors);
}

/** The PERIOD_CLOSED errors of `postings` (none when all are open); takes the entity row FOR SHARE. */
export async function periodErrors(tx: Tx, entityId: number, postings: DatedPosting[]): Promise<UserError[]> {
  const [entity] = await tx.$queryRaw<{ code: string; locked_through: Date | null }[]>`
    SELECT code, locked_through FROM entity WHERE id = ${entityId} FOR SHARE`;
  if (!entity?.locked_through) return [];
  const lockedThrough = isoFromDate(entity.locked_through);
  const refused = postings.filter((p) => p.date <= lockedThrough);
  if (refused.length === 0) return [];
  const [close] = await tx.$queryRaw<{ period: string; scope: string }[]>`
    SELECT period, scope FROM period_close
    WHERE scope IN (${entity.code}, '*') AND locked_through = ${entity.locked_through}::date
    ORDER BY scope DESC LIMIT 1`;
  const closed = close ? `${close.period} is closed for ${close.scope === '*' ? 'all entities' : entity.code}` : `the books of ${entity.code} are closed`;
  return refused.map((p) => ({
    field: p.field,
    message: `${p.date} is in a closed period: ${closed}, so documents dated on or before ${lockedThrough} are refused. Date it after ${lockedThrough}, or ask an admin to reopen the period (reopenPeriod).`,
    code: ErrorCode.PERIOD_CLOSED,
  }));
}

/**
 * Recomputes the locked day of the given entities (all when `entityIds` is null) from the
 * closes that remain; call after closing or reopening, in the same transaction, having locked
 * the entity rows FOR UPDATE (lockEntitiesForClose).
 */
export async function refreshLockedThrough(tx: Tx, entityIds: number[] | null): Promise<void> {
  await tx.$executeRaw`
    UPDATE entity e SET locked_through = (
      SELECT max(c.locked_through) FROM period_close c WHERE c.scope IN (e.code, '*'))
    WHERE ${entityIds}::int[] IS NULL OR e.id = ANY(${entityIds}::int[])`;
}

/**
 * A close or reopen for all entities holds this key exclusively and createEntity shares it, so
 * an entity created meanwhile is either among the rows the close locks and refreshes, or is
 * created after the close committed and takes its lock from it (refreshLockedThrough).
 */
const ENTITY_SET_LOCK = 7_240_001;

/** Called by createEntity before it inserts: waits for a close or reopen for all entities in progress. */
export async function lockEntitySetForCreate(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock_shared(${ENTITY_SET_LOCK}::bigint)`;
}

/** Takes the entity rows (all when `entityIds` is null) FOR UPDATE, in id order, before a close or reopen. */
export async function lockEntitiesForClose(tx: Tx, entityIds: number[] | null): Promise<void> {
  if (entityIds === null) await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${ENTITY_SET_LOCK}::bigint)`;
  await tx.$queryRaw`
    SELECT id FROM entity WHERE ${entityIds}::int[] IS NULL OR id = ANY(${entityIds}::int[]) ORDER BY id FOR UPDATE`;
}
