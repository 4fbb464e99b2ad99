// Project risks: probability 1–5 × impact 1–5 = score; edits from Excel come as a versioned batch.
import type { Actor } from '../../domain/actor.js';
import { BatchRefused, ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { LIMITS, optionalText, requireText } from '../../domain/text.js';
import type { Risk } from '../../generated/prisma/client.js';
import type { RiskStatus } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { versionConflict } from '../batch.js';
import { TX_OPTIONS, type Db } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { isRowId } from '../lookups.js';
import { parseScore } from '../../domain/projects/risks.js';
import { findProjectOrThrow } from './project.service.js';

export interface CreateRiskInput {
  projectCode: string;
  title: string;
  description?: string | null;
  probability: number;
  impact: number;
  owner: string;
  mitigation?: string | null;
  status?: RiskStatus | null;
}

export async function createRisk(prisma: Db, actor: Actor, input: CreateRiskInput): Promise<Risk> {
  const errors = new ErrorCollector();
  const title = errors.check(() => requireText(input.title, ['title'], { max: LIMITS.name, what: 'The risk title' }));
  const description = errors.check(() => optionalText(input.description, ['description'], { max: LIMITS.note, what: 'The description' }));
  const owner = errors.check(() => requireText(input.owner, ['owner'], { max: LIMITS.name, what: 'The owner' }));
  const mitigation = errors.check(() => optionalText(input.mitigation, ['mitigation'], { max: LIMITS.note, what: 'The mitigation' }));
  const probability = parseScore(input.probability, ['probability'], 'Probability', errors);
  const impact = parseScore(input.impact, ['impact'], 'Impact', errors);
  return prisma.$transaction(async (tx) => {
    const project = await errors.checkAsync(() => findProjectOrThrow(tx, input.projectCode, ['projectCode']));
    errors.throwIfAny();
    const risk = await tx.risk.create({
      data: { projectId: project!.id, title: title!, description, owner: owner!, mitigation, probability: probability!, impact: impact!, status: input.status ?? 'OPEN' },
    });
    await recordAudit(tx, actor, { action: 'createRisk', recordType: 'Risk', recordId: risk.id, after: risk });
    return risk;
  }, TX_OPTIONS);
}

export interface RiskChange {
  id: string;
  expectedVersion?: number | null;
  probability?: number | null;
  impact?: number | null;
  status?: RiskStatus | null;
  mitigation?: string | null;
}

export interface RiskConflict {
  id: string;
  currentVersion: number;
  risk: Risk;
}

export async function updateRisks(prisma: Db, actor: Actor, input: { changes: RiskChange[]; idempotencyKey?: string | null }): Promise<number[]> {
  return runIdempotent(
    prisma,
    { actor, operation: 'updateRisks', key: input.idempotencyKey, payload: input.changes },
    async (tx) => {
      const errors = new ErrorCollector();
      if (input.changes.length === 0) errors.add(['changes'], 'Give at least one change.');
      if (input.changes.length > MAX_BATCH_ROWS) errors.add(['changes'], `At most ${MAX_BATCH_ROWS} changes per batch.`, ErrorCode.OUT_OF_RANGE);
      errors.throwIfAny();
      const ids = input.changes.map((c) => Number(c.id));
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM risk WHERE id = ANY(${ids.filter(isRowId)}::int[]) ORDER BY id FOR UPDATE`;
      const risks = new Map((await tx.risk.findMany({ where: { id: { in: locked.map((r) => r.id) } } })).map((r) => [r.id, r]));
      const seen = new Set<number>();
      const conflicts: RiskConflict[] = [];
      const writes: { risk: Risk; data: Record<string, unknown> }[] = [];
      input.changes.forEach((change, index) => {
        const at = ['changes', String(index)];
        const risk = risks.get(ids[index]!);
        if (!risk) return errors.add([...at, 'id'], `No risk with id "${String(change.id).slice(0, 20)}" exists.`, ErrorCode.NOT_FOUND);
        if (seen.has(risk.id)) return errors.add([...at, 'id'], `Risk ${risk.id} is changed twice in this batch; one row per risk.`, ErrorCode.DUPLICATE);
        seen.add(risk.id);
        const data: Record<string, unknown> = {};
        if (change.probability !== undefined && change.probability !== null) data.probability = parseScore(change.probability, [...at, 'probability'], 'Probability', errors);
        if (change.impact !== undefined && change.impact !== null) data.impact = parseScore(change.impact, [...at, 'impact'], 'Impact', errors);
        if (change.status) data.status = change.status;
        if (change.mitigation !== undefined && change.mitigation !== null) {
          data.mitigation = errors.check(() => optionalText(change.mitigation, [...at, 'mitigation'], { max: LIMITS.note, what: 'The mitigation' }));
        }
        if (Object.keys(data).length === 0) errors.add(at, 'Nothing to change; editable: probability, impact, status, mitigation.');
        if (versionConflict(risk, change.expectedVersion)) conflicts.push({ id: String(risk.id), currentVersion: risk.version, risk });
        else writes.push({ risk, data });
      });
      if (!errors.ok || conflicts.length > 0) throw new BatchRefused(errors.errors, conflicts);
      for (const { risk, data } of writes) await tx.risk.update({ where: { id: risk.id }, data: { ...data, version: { increment: 1 } } });
      await recordAudit(tx, actor, writes.map(({ risk, data }) => ({
        action: 'updateRisks', recordType: 'Risk', recordId: risk.id,
        before: Object.fromEntries([...Object.keys(data).map((k) => [k, risk[k as keyof Risk]]), ['version', risk.version]]),
        after: { ...data, version: risk.version + 1 },
      })));
      return writes.map((w) => w.risk.id);
    },
    (stored) => stored,
  );
}
