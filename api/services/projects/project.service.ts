// Projects: creation, the versioned batch of edits from Excel, and the parts (milestones,
// risks, stakeholders, vendors, documents, status reports, escalations).
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, daysBetween, isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { BatchRefused, ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { parseAmount, parseCurrency, parseDecimal } from '../../domain/money/money.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import type { Project } from '../../generated/prisma/client.js';
import type { ProjectStatus } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { versionConflict } from '../batch.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';
import { findEntityOrThrow } from '../lookups.js';

export interface CreateProjectInput {
  code: string;
  name: string;
  entityCode?: string | null;
  owner: string;
  sponsor?: string | null;
  scope?: string | null;
  objectives?: string | null;
  startDate: string;
  baselineEndDate: string;
  budget: string;
  currency: string;
}

export async function createProject(prisma: Db, actor: Actor, input: CreateProjectInput): Promise<Project> {
  const errors = new ErrorCollector();
  const code = errors.check(() => parseCode(input.code, ['code'], 'The project code'));
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The project name' }));
  const owner = errors.check(() => requireText(input.owner, ['owner'], { max: LIMITS.name, what: 'The owner' }));
  const sponsor = errors.check(() => optionalText(input.sponsor, ['sponsor'], { max: LIMITS.name, what: 'The sponsor' }));
  const scope = errors.check(() => optionalText(input.scope, ['scope'], { max: LIMITS.note, what: 'The scope' }));
  const objectives = errors.check(() => optionalText(input.objectives, ['objectives'], { max: LIMITS.note, what: 'The objectives' }));
  const startDate = errors.check(() => parseIsoDate(input.startDate, ['startDate']));
  const baselineEnd = errors.check(() => parseIsoDate(input.baselineEndDate, ['baselineEndDate']));
  if (startDate && baselineEnd && daysBetween(startDate, baselineEnd) <= 0) {
    errors.add(['baselineEndDate'], `The baseline end ${baselineEnd} must be after the start ${startDate}.`, ErrorCode.OUT_OF_RANGE);
  }
  const currency = errors.check(() => parseCurrency(input.currency, ['currency']));
  const budget = currency ? errors.check(() => parseAmount(input.budget, ['budget'], { currency, below: COLUMN_LIMITS.amount, what: 'A budget' })) : undefined;
  return prisma.$transaction(async (tx) => {
    let entityId: number | null = null;
    if (input.entityCode) {
      entityId = (await errors.checkAsync(() => findEntityOrThrow(tx, input.entityCode!, ['entityCode'])))?.id ?? null;
    }
    const duplicate = `A project with code ${code} already exists.`;
    if (code && (await tx.project.findUnique({ where: { code } }))) errors.add(['code'], duplicate, ErrorCode.DUPLICATE);
    errors.throwIfAny();
    const project = await refuseIfTaken(tx.project.create({
      data: {
        code: code!, name: name!, entityId, owner: owner!, sponsor, scope, objectives,
        startDate: dateFromIso(startDate!), baselineEndDate: dateFromIso(baselineEnd!), forecastEndDate: dateFromIso(baselineEnd!),
        budget: budget!.toString(), currency: currency!,
      },
    }), ['code'], duplicate);
    await recordAudit(tx, actor, { action: 'createProject', recordType: 'Project', recordId: project.code, after: project });
    return project;
  }, TX_OPTIONS);
}

export interface ProjectChange {
  code: string;
  expectedVersion?: number | null;
  status?: ProjectStatus | null;
  forecastEndDate?: string | null;
  actualEndDate?: string | null;
  actualCost?: string | null;
  percentComplete?: string | null;
  owner?: string | null;
}

export interface ProjectConflict {
  code: string;
  currentVersion: number;
  project: Project;
}

const EDITABLE = ['status', 'forecastEndDate', 'actualEndDate', 'actualCost', 'percentComplete', 'owner'] as const;

export async function updateProjects(prisma: Db, actor: Actor, input: { changes: ProjectChange[]; idempotencyKey?: string | null }): Promise<number[]> {
  return runIdempotent(
    prisma,
    { actor, operation: 'updateProjects', key: input.idempotencyKey, payload: input.changes },
    async (tx) => {
      const errors = new ErrorCollector();
      if (input.changes.length === 0) errors.add(['changes'], 'Give at least one change.');
      if (input.changes.length > MAX_BATCH_ROWS) errors.add(['changes'], `${input.changes.length} changes given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
      errors.throwIfAny();
      const codes = input.changes.map((c) => c.code.trim().toUpperCase());
      const projects = await lockProjects(tx, codes);
      const byCode = new Map(projects.map((p) => [p.code, p]));
      const seen = new Map<string, number>();
      const conflicts: ProjectConflict[] = [];
      const writes: { project: Project; data: Record<string, unknown>; before: Record<string, unknown>; after: Record<string, unknown> }[] = [];

      input.changes.forEach((change, index) => {
        const at = ['changes', String(index)];
        const code = codes[index]!;
        const project = byCode.get(code);
        if (!project) return errors.add([...at, 'code'], `No project with code "${change.code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
        if (seen.has(code)) return errors.add([...at, 'code'], `Row ${seen.get(code)} already changes ${code}; one row per project.`, ErrorCode.DUPLICATE);
        seen.set(code, index);
        const data: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        const before: Record<string, unknown> = {};
        const set = (key: string, value: unknown, shown: unknown, previous: unknown) => {
          data[key] = value;
          after[key] = shown;
          before[key] = previous;
        };
        if (change.status) set('status', change.status, change.status, project.status);
        const start = isoFromDate(project.startDate);
        for (const key of ['forecastEndDate', 'actualEndDate'] as const) {
          if (change[key] === undefined || change[key] === null) continue;
          if (change[key] === '') {
            if (key === 'forecastEndDate') errors.add([...at, key], 'A forecast end cannot be cleared; give a date.');
            else set(key, null, null, project[key] ? isoFromDate(project[key]!) : null);
            continue;
          }
          const date = errors.check(() => parseIsoDate(change[key]!, [...at, key]));
          if (date && daysBetween(start, date) < 0) errors.add([...at, key], `${date} is before the project start ${start}.`, ErrorCode.OUT_OF_RANGE);
          else if (date) set(key, dateFromIso(date), date, project[key] ? isoFromDate(project[key]!) : null);
        }
        if (change.actualCost !== undefined && change.actualCost !== null) {
          const cost = errors.check(() => parseAmount(change.actualCost!, [...at, 'actualCost'], { currency: project.currency, positive: false, below: COLUMN_LIMITS.amount, what: 'An actual cost' }));
          if (cost && cost.lt(0)) errors.add([...at, 'actualCost'], 'An actual cost cannot be negative.', ErrorCode.OUT_OF_RANGE);
          else if (cost) set('actualCost', cost.toString(), cost.toFixed(), project.actualCost.toString());
        }
        if (change.percentComplete !== undefined && change.percentComplete !== null) {
          const pct = errors.check(() => parseDecimal(change.percentComplete!, [...at, 'percentComplete'], 'a percentage'));
          if (pct && (pct.lt(0) || pct.gt(100) || pct.decimalPlaces() > 4)) {
            errors.add([...at, 'percentComplete'], `Percent complete is from 0 to 100 with at most 4 decimals (got ${change.percentComplete}).`, ErrorCode.OUT_OF_RANGE);
          } else if (pct) set('percentComplete', pct.toString(), pct.toFixed(), project.percentComplete.toString());
        }
        if (change.owner !== undefined && change.owner !== null) {
          const owner = errors.check(() => requireText(change.owner, [...at, 'owner'], { max: LIMITS.name, what: 'The owner' }));
          if (owner) set('owner', owner, owner, project.owner);
        }
        const status = (data.status as ProjectStatus | undefined) ?? project.status;
        const actualEnd = 'actualEndDate' in data ? data.actualEndDate : project.actualEndDate;
        if (status === 'DONE' && !actualEnd) errors.add([...at, 'actualEndDate'], 'Setting status DONE requires an actual end date.');
        if (Object.keys(data).length === 0 && !EDITABLE.some((k) => change[k] !== undefined)) {
          errors.add(at, `Nothing to change; editable: ${EDITABLE.join(', ')}.`);
        }
        if (versionConflict(project, change.expectedVersion)) conflicts.push({ code, currentVersion: project.version, project });
        else writes.push({ project, data, before, after });
      });
      if (!errors.ok || conflicts.length > 0) throw new BatchRefused(errors.errors, conflicts);

      for (const write of writes) {
        await tx.project.update({ where: { id: write.project.id }, data: { ...write.data, version: { increment: 1 } } });
      }
      await recordAudit(tx, actor, writes.map((w) => ({
        action: 'updateProjects', recordType: 'Project', recordId: w.project.code,
        before: { ...w.before, version: w.project.version }, after: { ...w.after, version: w.project.version + 1 },
      })));
      return writes.map((w) => w.project.id);
    },
    (ids) => ids,
  );
}

async function lockProjects(tx: Tx, codes: string[]): Promise<Project[]> {
  const locked = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM project WHERE code = ANY(${codes}::text[]) ORDER BY id FOR UPDATE`;
  return tx.project.findMany({ where: { id: { in: locked.map((r) => r.id) } } });
}

export async function findProjectOrThrow(tx: Tx, code: string, field: string[]): Promise<Project> {
  const project = await tx.project.findUnique({ where: { code: code.trim().toUpperCase() } });
  if (!project) throw UserInputError.of(field, `No project with code "${code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  return project;
}
