// Project risks: probability 1–5 × impact 1–5 = score; edits from Excel come as a versioned batch.
import type { Actor } from '../../domain/actor.js';
import { BatchRefused, ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { LIMITS, optionalText, requireText } from '../../domain/text.js';
import type { Prisma, Risk } from '../../generated/prisma/client.js';
import type { RiskStatus } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { versionConflict } from '../batch.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { isRowId } from '../lookups.js';
import { parseScore } from '../../domain/projects/risks.js';

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

/** A new risk's input, checked; its project is looked up with the others of its batch. */
interface NewRisk {
  projectCode: string;
  data: Omit<Prisma.RiskCreateManyInput, 'projectId'>;
}

/** Checks a new risk's fields (paths under `at`), collecting every problem; undefined when any. */
function checkNewRisk(input: CreateRiskInput, at: string[], errors: ErrorCollector): NewRisk | undefined {
  const before = errors.errors.length;
  const title = errors.check(() => requireText(input.title, [...at, 'title'], { max: LIMITS.name, what: 'The risk title' }));
  const description = errors.check(() => optionalText(input.description, [...at, 'description'], { max: LIMITS.note, what: 'The description' }));
  const owner = errors.check(() => requireText(input.owner, [...at, 'owner'], { max: LIMITS.name, what: 'The owner' }));
  const mitigation = errors.check(() => optionalText(input.mitigation, [...at, 'mitigation'], { max: LIMITS.note, what: 'The mitigation' }));
  const probability = parseScore(input.probability, [...at, 'probability'], 'Probability', errors);
  const impact = parseScore(input.impact, [...at, 'impact'], 'Impact', errors);
  if (errors.errors.length > before) return undefined;
  return {
    projectCode: input.projectCode.trim().toUpperCase(),
    data: { title: title!, description, owner: owner!, mitigation, probability: probability!, impact: impact!, status: input.status ?? 'OPEN' },
  };
}

/**
 * Writes checked new risks once their projects are found (NOT_FOUND collected into `errors`);
 * returns them in input order, or undefined when any project is missing.
 */
async function insertRisks(tx: Tx, items: { risk: NewRisk; at: string[] }[], errors: ErrorCollector): Promise<Risk[] | undefined> {
  const codes = [...new Set(items.map((i) => i.risk.projectCode))];
  const projects = new Map((await tx.project.findMany({ where: { code: { in: codes } }, select: { id: true, code: true } })).map((p) => [p.code, p.id]));
  for (const { risk, at } of items) {
    if (!projects.has(risk.projectCode)) errors.add([...at, 'projectCode'], `No project with code "${risk.projectCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  }
  if (!errors.ok) return undefined;
  const created = await tx.risk.createManyAndReturn({ data: items.map(({ risk }) => ({ ...risk.data, projectId: projects.get(risk.projectCode)! })) });
  // One INSERT hands out ids in the order of its rows: sorted by id, they are in input order.
  return created.sort((a, b) => a.id - b.id);
}

export async function createRisk(prisma: Db, actor: Actor, input: CreateRiskInput): Promise<Risk> {
  const errors = new ErrorCollector();
  const checked = checkNewRisk(input, [], errors);
  return prisma.$transaction(async (tx) => {
    const [risk] = (checked && (await insertRisks(tx, [{ risk: checked, at: [] }], errors))) ?? [];
    errors.throwIfAny();
    await recordAudit(tx, actor, { action: 'createRisk', recordType: 'Risk', recordId: risk!.id, after: risk });
    return risk!;
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

export interface UpdateRisksInput {
  changes?: RiskChange[] | null;
  /** New risks, written in the same transaction as the changes. */
  creates?: CreateRiskInput[] | null;
  idempotencyKey?: string | null;
}

/**
 * The batch from Excel: edits of existing risks and new ones, all written or none. Returns the
 * ids of the changed risks in `changes` order, then of the created ones in `creates` order.
 */
export async function updateRisks(prisma: Db, actor: Actor, input: UpdateRisksInput): Promise<number[]> {
  const changes = input.changes ?? [];
  const creates = input.creates ?? [];
  return runIdempotent(
    prisma,
    // A batch of changes only hashes as before creates existed, so its keys stay valid.
    { actor, operation: 'updateRisks', key: input.idempotencyKey, payload: creates.length > 0 ? { changes, creates } : changes },
    async (tx) => {
      const errors = new ErrorCollector();
      if (changes.length + creates.length === 0) errors.add(['changes'], 'Give at least one change or one risk to create.');
      if (changes.length + creates.length > MAX_BATCH_ROWS) errors.add(['changes'], `At most ${MAX_BATCH_ROWS} changes and creates per batch.`, ErrorCode.OUT_OF_RANGE);
      errors.throwIfAny();
      const ids = changes.map((c) => Number(c.id));
      const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM risk WHERE id = ANY(${ids.filter(isRowId)}::int[]) ORDER BY id FOR UPDATE`;
      const risks = new Map((await tx.risk.findMany({ where: { id: { in: locked.map((r) => r.id) } } })).map((r) => [r.id, r]));
      const seen = new Set<number>();
      const conflicts: RiskConflict[] = [];
      const writes: { risk: Risk; data: Record<string, unknown> }[] = [];
      changes.forEach((change, index) => {
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
      const fresh = creates.flatMap((create, index) => {
        const at = ['creates', String(index)];
        const risk = checkNewRisk(create, at, errors);
        return risk ? [{ risk, at }] : [];
      });
      // Refused before anything is written: an invalid change or create, or a conflict.
      if (!errors.ok || conflicts.length > 0) throw new BatchRefused(errors.errors, conflicts);
      const created = fresh.length > 0 ? await insertRisks(tx, fresh, errors) : [];
      if (!created) throw new BatchRefused(errors.errors, []);
      for (const { risk, data } of writes) await tx.risk.update({ where: { id: risk.id }, data: { ...data, version: { increment: 1 } } });
      await recordAudit(tx, actor, writes.map(({ risk, data }) => ({
        action: 'updateRisks', recordType: 'Risk', recordId: risk.id,
        before: Object.fromEntries([...Object.keys(data).map((k) => [k, risk[k as keyof Risk]]), ['version', risk.version]]),
        after: { ...data, version: risk.version + 1 },
      })));
      await recordAudit(tx, actor, created.map((risk) => ({ action: 'updateRisks', recordType: 'Risk', recordId: risk.id, after: risk })));
      return [...writes.map((w) => w.risk.id), ...created.map((r) => r.id)];
    },
    (stored) => stored,
  );
}
