// Every write leaves an audit record: who, when, which record, old → new.
import type { Actor } from '../domain/actor.js';
import type { Tx } from './db-types.js';

export interface AuditEntry {
  action: string;
  recordType: string;
  recordId: string | number;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: Tx, actor: Actor, entries: AuditEntry | AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  await tx.auditRecord.createMany({
    data: list.map((entry) => ({
      actor: actor.name,
      action: entry.action,
      recordType: entry.recordType,
      recordId: String(entry.recordId),
      before: toJson(entry.before),
      after: toJson(entry.after),
    })),
  });
}

/** Decimals and Dates become strings; undefined becomes SQL NULL. */
function toJson(value: unknown): never {
  if (value === undefined || value === null) return undefined as never;
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as never;
}
