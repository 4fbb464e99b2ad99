// setKpiTargets and setKpiActuals: versioned, atomic, idempotent batches of values per KPI,
// period and scope (an entity, or "*" for all entities).
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { BatchRefused, ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { parsePeriod } from '../../domain/kpis/periods.js';
import { checkValueForUnit } from '../../domain/kpis/units.js';
import { Money, parseAmount } from '../../domain/money/money.js';
import type { KpiDefinition } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit.js';
import { versionConflict } from '../batch.js';
import type { Db, Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';

/** The scope of figures for all entities together; otherwise a scope is an entity code. */
export const ALL_ENTITIES = '*';

/** An entity code, or null for all entities, as the API shows a scope. */
export function entityCodeOfScope(scope: string): string | null {
  return scope === ALL_ENTITIES ? null : scope;
}

export interface KpiValueInput {
  kpiCode: string;
  period: string;
  entityCode?: string | null;
  value: string;
  expectedVersion?: number | null;
}

export interface KpiValueConflict {
  kpiCode: string;
  period: string;
  entityCode: string | null;
  currentValue: string | null;
  currentVersion: number | null;
}

type Table = 'kpi_target' | 'kpi_actual';
const WHAT: Record<Table, { list: 'targets' | 'actuals'; noun: string; operation: string }> = {
  kpi_target: { list: 'targets', noun: 'target', operation: 'setKpiTargets' },
  kpi_actual: { list: 'actuals', noun: 'actual', operation: 'setKpiActuals' },
};

interface ExistingRow {
  id: number;
  kpi_id: number;
  period: string;
  scope: string;
  value: string;
  version: number;
}

export async function setKpiValues(
  table: Table,
  prisma: Db,
  actor: Actor,
  input: { rows: KpiValueInput[]; idempotencyKey?: string | null },
): Promise<number[]> {
  const { list, noun, operation } = WHAT[table];
  return runIdempotent(
    prisma,
    { actor, operation, key: input.idempotencyKey, payload: input.rows },
    async (tx) => {
      const errors = new ErrorCollector();
      if (input.rows.length === 0) errors.add([list], `Give at least one ${noun}.`);
      if (input.rows.length > MAX_BATCH_ROWS) errors.add([list], `${input.rows.length} rows given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
      errors.throwIfAny();

      const definitions = new Map((await tx.kpiDefinition.findMany()).map((d) => [d.code, d]));
      const entityCodes = new Set((await tx.entity.findMany({ select: { code: true } })).map((e) => e.code));
      const seen = new Map<string, number>();
      const rows = input.rows.map((row, index) => {
        const at = [list, String(index)];
        const kpi = definitions.get(row.kpiCode.trim().toUpperCase());
        if (!kpi) errors.add([...at, 'kpiCode'], `No KPI with code "${row.kpiCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
        else if (table === 'kpi_actual' && kpi.source !== 'MANUAL') {
          errors.add([...at, 'kpiCode'], `${kpi.code} is computed from the ledger; only MANUAL KPIs take entered actuals.`, ErrorCode.INVALID);
        }
        const period = errors.check(() => parsePeriod(row.period, [...at, 'period']));
        const entityCode = row.entityCode ? row.entityCode.trim().toUpperCase() : null;
        if (entityCode !== null && !entityCodes.has(entityCode)) {
          errors.add([...at, 'entityCode'], `No entity with code "${row.entityCode!.slice(0, 20)}" exists (leave it empty for all entities).`, ErrorCode.NOT_FOUND);
        }
        const value = errors.check(() => parseAmount(row.value, [...at, 'value'], { decimals: 6, positive: false, below: COLUMN_LIMITS.kpiValue, what: `A ${noun} value` }));
        if (value && kpi) checkValueForUnit(value, kpi.unit, [...at, 'value'], errors, noun);
        if (row.expectedVersion !== null && row.expectedVersion !== undefined && (!Number.isInteger(row.expectedVersion) || row.expectedVersion < 1)) {
          errors.add([...at, 'expectedVersion'], 'expectedVersion is the version the edit was based on: a whole number from 1.', ErrorCode.INVALID);
        }
        const scope = entityCode ?? '*';
        if (kpi && period) {
          const key = `${kpi.id}|${period.code}|${scope}`;
          if (seen.has(key)) errors.add(at, `Row ${seen.get(key)} already sets ${kpi.code} for ${period.code} (${entityCode ?? 'all entities'}); one row per KPI, period and scope.`, ErrorCode.DUPLICATE);
          else seen.set(key, index);
        }
        return { kpi, period, scope, entityCode, value, expectedVersion: row.expectedVersion ?? null };
      });
      errors.throwIfAny();

      const valid = rows as { kpi: KpiDefinition; period: { code: string }; scope: string; entityCode: string | null; value: Money; expectedVersion: number | null }[];
      const existing = await lockExisting(tx, table, valid.map((r) => ({ kpiId: r.kpi.id, period: r.period.code, scope: r.scope })));
      const byKey = new Map(existing.map((row) => [`${row.kpi_id}|${row.period}|${row.scope}`, row]));
      const conflicts: KpiValueConflict[] = [];
      const updates: { row: (typeof valid)[number]; current: ExistingRow }[] = [];
      const inserts: (typeof valid)[number][] = [];
      for (const row of valid) {
        const current = byKey.get(`${row.kpi.id}|${row.period.code}|${row.scope}`) ?? null;
        if (versionConflict(current, row.expectedVersion)) {
          conflicts.push({ kpiCode: row.kpi.code, period: row.period.code, entityCode: row.entityCode, currentValue: current ? new Money(current.value).toFixed() : null, currentVersion: current?.version ?? null });
        } else if (current) updates.push({ row, current });
        else inserts.push(row);
      }
      if (conflicts.length > 0) throw new BatchRefused([], conflicts);

      const ids: number[] = [];
      if (updates.length > 0) {
        const updated = await tx.$queryRawUnsafe<{ id: number }[]>(
          `UPDATE ${table} t SET value = u.value, version = t.version + 1, updated_by = $4, updated_at = now()
           FROM unnest($1::int[], $2::numeric[], $3::int[]) AS u(id, value, version)
           WHERE t.id = u.id AND t.version = u.version RETURNING t.id`,
          updates.map((u) => u.current.id),
          updates.map((u) => u.row.value.toString()),
          updates.map((u) => u.current.version),
          actor.name,
        );
        ids.push(...updated.map((r) => r.id));
      }
      if (inserts.length > 0) {
        const inserted = await tx.$queryRawUnsafe<{ id: number }[]>(
          `INSERT INTO ${table} (kpi_id, period, scope, value, updated_by, updated_at)
           SELECT kpi_id, period, scope, value, $5, now() FROM unnest($1::int[], $2::text[], $3::text[], $4::numeric[]) AS r(kpi_id, period, scope, value)
           ON CONFLICT (kpi_id, period, scope) DO NOTHING RETURNING id`,
          inserts.map((r) => r.kpi.id),
          inserts.map((r) => r.period.code),
          inserts.map((r) => r.scope),
          inserts.map((r) => r.value.toString()),
          actor.name,
        );
        if (inserted.length !== inserts.length) {
          // Another writer created one of these in the meantime: report it as a conflict.
          throw new BatchRefused([], await conflictsAfterRace(tx, table, inserts.map((r) => ({ kpi: r.kpi, period: r.period.code, scope: r.scope, entityCode: r.entityCode }))));
        }
        ids.push(...inserted.map((r) => r.id));
      }
      await recordAudit(tx, actor, [
        ...updates.map(({ row, current }) => ({
          action: operation, recordType: table === 'kpi_target' ? 'KpiTarget' : 'KpiActual', recordId: current.id,
          before: { kpiCode: row.kpi.code, period: row.period.code, scope: row.scope, value: new Money(current.value).toFixed(), version: current.version },
          after: { value: row.value.toFixed(), version: current.version + 1 },
        })),
        ...inserts.map((row, i) => ({
          action: operation, recordType: table === 'kpi_target' ? 'KpiTarget' : 'KpiActual', recordId: ids[updates.length + i]!,
          after: { kpiCode: row.kpi.code, period: row.period.code, scope: row.scope, value: row.value.toFixed(), version: 1 },
        })),
      ]);
      return ids;
    },
    (ids) => ids,
  );
}

async function lockExisting(tx: Tx, table: Table, keys: { kpiId: number; period: string; scope: string }[]): Promise<ExistingRow[]> {
  return tx.$queryRawUnsafe<ExistingRow[]>(
    `SELECT t.id, t.kpi_id, t.period, t.scope, t.value::text AS value, t.version
     FROM ${table} t JOIN unnest($1::int[], $2::text[], $3::text[]) AS k(kpi_id, period, scope)
       ON t.kpi_id = k.kpi_id AND t.period = k.period AND t.scope = k.scope
     ORDER BY t.id FOR UPDATE OF t`,
    keys.map((k) => k.kpiId),
    keys.map((k) => k.period),
    keys.map((k) => k.scope),
  );
}

async function conflictsAfterRace(tx: Tx, table: Table, rows: { kpi: KpiDefinition; period: string; scope: string; entityCode: string | null }[]): Promise<KpiValueConflict[]> {
  const current = await lockExisting(tx, table, rows.map((r) => ({ kpiId: r.kpi.id, period: r.period, scope: r.scope })));
  const byKey = new Map(current.map((row) => [`${row.kpi_id}|${row.period}|${row.scope}`, row]));
  return rows.flatMap((r) => {
    const now = byKey.get(`${r.kpi.id}|${r.period}|${r.scope}`);
    return now ? [{ kpiCode: r.kpi.code, period: r.period, entityCode: r.entityCode, currentValue: new Money(now.value).toFixed(), currentVersion: now.version }] : [];
  });
}
