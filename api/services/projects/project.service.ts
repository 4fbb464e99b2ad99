// Projects: creation, the versioned batch of edits from Excel, and the parts (milestones,
// risks, stakeholders, vendors, documents, status reports, escalations).
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, daysBetween, isoFromDate, parseIsoDate } from '../../domain/dates.js';
import { BatchRefused, ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_BATCH_ROWS } from '../../domain/limits.js';
import { parseAmount, parseCurrency, parseDecimal, type Money } from '../../domain/money/money.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import type { Prisma, Project } from '../../generated/prisma/client.js';
import type { ProjectStatus } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { versionConflict } from '../batch.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { runIdempotent } from '../idempotency.js';

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
  /** Optional progress a project may start with (a row added in Excel can fill them). */
  status?: ProjectStatus | null;
  forecastEndDate?: string | null;
  actualEndDate?: string | null;
  actualCost?: string | null;
  percentComplete?: string | null;
}

/** A new project's input, checked; what is left to check needs the database (entity, code taken). */
interface NewProject {
  code: string;
  entityCode: string | null;
  data: Omit<Prisma.ProjectCreateManyInput, 'entityId'>;
}

const duplicateCode = (code: string) => `A project with code ${code} already exists.`;

/** Checks a new project's fields (paths under `at`), collecting every problem; undefined when any. */
function checkNewProject(input: CreateProjectInput, at: string[], errors: ErrorCollector): NewProject | undefined {
  const before = errors.errors.length;
  const code = errors.check(() => parseCode(input.code, [...at, 'code'], 'The project code'));
  const name = errors.check(() => requireText(input.name, [...at, 'name'], { max: LIMITS.name, what: 'The project name' }));
  const owner = errors.check(() => requireText(input.owner, [...at, 'owner'], { max: LIMITS.name, what: 'The owner' }));
  const sponsor = errors.check(() => optionalText(input.sponsor, [...at, 'sponsor'], { max: LIMITS.name, what: 'The sponsor' }));
  const scope = errors.check(() => optionalText(input.scope, [...at, 'scope'], { max: LIMITS.note, what: 'The scope' }));
  const objectives = errors.check(() => optionalText(input.objectives, [...at, 'objectives'], { max: LIMITS.note, what: 'The objectives' }));
  const startDate = errors.check(() => parseIsoDate(input.startDate, [...at, 'startDate']));
  const baselineEnd = errors.check(() => parseIsoDate(input.baselineEndDate, [...at, 'baselineEndDate']));
  if (startDate && baselineEnd && daysBetween(startDate, baselineEnd) <= 0) {
    errors.add([...at, 'baselineEndDate'], `The baseline end ${baselineEnd} must be after the start ${startDate}.`, ErrorCode.OUT_OF_RANGE);
  }
  const currency = errors.check(() => parseCurrency(input.currency, [...at, 'currency']));
  const budget = currency ? errors.check(() => parseAmount(input.budget, [...at, 'budget'], { currency, below: COLUMN_LIMITS.amount, what: 'A budget' })) : undefined;
  const given = (value: string | null | undefined): value is string => value !== undefined && value !== null && value !== '';
  const forecastEnd = given(input.forecastEndDate) && startDate ? checkEndDate(input.forecastEndDate, startDate, [...at, 'forecastEndDate'], errors) : undefined;
  const actualEnd = given(input.actualEndDate) && startDate ? checkEndDate(input.actualEndDate, startDate, [...at, 'actualEndDate'], errors) : undefined;
  const actualCost = given(input.actualCost) && currency ? checkActualCost(input.actualCost, currency, [...at, 'actualCost'], errors) : undefined;
  const percentComplete = given(input.percentComplete) ? checkPercentComplete(input.percentComplete, [...at, 'percentComplete'], errors) : undefined;
  if (input.status === 'DONE' && !given(input.actualEndDate)) errors.add([...at, 'actualEndDate'], 'Setting status DONE requires an actual end date.');
  if (errors.errors.length > before) return undefined;
  return {
    code: code!,
    entityCode: input.entityCode ? input.entityCode.trim().toUpperCase() : null,
    data: {
      code: code!, name: name!, owner: owner!, sponsor, scope, objectives,
      startDate: dateFromIso(startDate!), baselineEndDate: dateFromIso(baselineEnd!),
      forecastEndDate: dateFromIso(forecastEnd ?? baselineEnd!),
      actualEndDate: actualEnd ? dateFromIso(actualEnd) : null,
      budget: budget!.toString(), currency: currency!,
      ...(input.status ? { status: input.status } : {}),
      ...(actualCost ? { actualCost: actualCost.toString() } : {}),
      ...(percentComplete ? { percentComplete: percentComplete.toString() } : {}),
    },
  };
}

/** A forecast or actual end: a date, not before the project's start. */
function checkEndDate(value: string, start: string, field: string[], errors: ErrorCollector): string | undefined {
  const date = errors.check(() => parseIsoDate(value, field));
  if (date && daysBetween(start, date) < 0) {
    errors.add(field, `${date} is before the project start ${start}.`, ErrorCode.OUT_OF_RANGE);
    return undefined;
  }
  return date;
}

function checkActualCost(value: string, currency: string, field: string[], errors: ErrorCollector): Money | undefined {
  const cost = errors.check(() => parseAmount(value, field, { currency, positive: false, below: COLUMN_LIMITS.amount, what: 'An actual cost' }));
  if (cost && cost.lt(0)) {
    errors.add(field, 'An actual cost cannot be negative.', ErrorCode.OUT_OF_RANGE);
    return undefined;
  }
  return cost;
}

function checkPercentComplete(value: string, field: string[], errors: ErrorCollector): Money | undefined {
  const pct = errors.check(() => parseDecimal(value, field, 'a percentage'));
  if (pct && (pct.lt(0) || pct.gt(100) || pct.decimalPlaces() > 4)) {
    errors.add(field, `Percent complete is from 0 to 100 with at most 4 decimals (got ${value}).`, ErrorCode.OUT_OF_RANGE);
    return undefined;
  }
  return pct;
}

/**
 * Writes checked new projects: resolves their entities and refuses a code already taken or
 * given twice (DUPLICATE on the later item), collecting into `errors`. Writes only when
 * `errors` is empty after the checks; returns the new projects in input order, or undefined.
 */
async function insertProjects(tx: Tx, items: { project: NewProject; at: string[] }[], errors: ErrorCollector): Promise<Project[] | undefined> {
  const entityCodes = [...new Set(items.flatMap((i) => (i.project.entityCode ? [i.project.entityCode] : [])))];
  const entities = new Map((await tx.entity.findMany({ where: { code: { in: entityCodes } }, select: { id: true, code: true } })).map((e) => [e.code, e.id]));
  const taken = new Set((await tx.project.findMany({ where: { code: { in: items.map((i) => i.project.code) } }, select: { code: true } })).map((p) => p.code));
  const seen = new Map<string, number>();
  for (const [index, { project, at }] of items.entries()) {
    if (project.entityCode && !entities.has(project.entityCode)) {
      errors.add([...at, 'entityCode'], `No entity with code "${project.entityCode.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
    }
    if (taken.has(project.code)) errors.add([...at, 'code'], duplicateCode(project.code), ErrorCode.DUPLICATE);
    else if (seen.has(project.code)) errors.add([...at, 'code'], `Item ${seen.get(project.code)} already creates ${project.code}; one item per project.`, ErrorCode.DUPLICATE);
    else seen.set(project.code, index);
  }
  if (!errors.ok) return undefined;
  // ON CONFLICT DO NOTHING, so a code a racing writer took meanwhile is found without
  // aborting the transaction, and refused like a code taken before.
  const created = await tx.project.createManyAndReturn({
    data: items.map(({ project }) => ({ ...project.data, entityId: project.entityCode ? entities.get(project.entityCode)! : null })),
    skipDuplicates: true,
  });
  const byCode = new Map(created.map((p) => [p.code, p]));
  for (const { project, at } of items) if (!byCode.has(project.code)) errors.add([...at, 'code'], duplicateCode(project.code), ErrorCode.DUPLICATE);
  if (!errors.ok) return undefined;
  return items.map(({ project }) => byCode.get(project.code)!);
}

export async function createProject(prisma: Db, actor: Actor, input: CreateProjectInput): Promise<Project> {
  const errors = new ErrorCollector();
  const checked = checkNewProject(input, [], errors);
  return prisma.$transaction(async (tx) => {
    const [project] = (checked && (await insertProjects(tx, [{ project: checked, at: [] }], errors))) ?? [];
    errors.throwIfAny();
    await recordAudit(tx, actor, { action: 'createProject', recordType: 'Project', recordId: project!.code, after: project });
    return project!;
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

export interface UpdateProjectsInput {
  changes?: ProjectChange[] | null;
  /** New projects, written in the same transaction as the changes. */
  creates?: CreateProjectInput[] | null;
  idempotencyKey?: string | null;
}

/**
 * The batch from Excel: edits of existing projects and new ones, all written or none.
 * Returns the ids of the changed projects in `changes` order, then of the created ones in
 * `creates` order.
 */
export async function updateProjects(prisma: Db, actor: Actor, input: UpdateProjectsInput): Promise<number[]> {
  const changes = input.changes ?? [];
  const creates = input.creates ?? [];
  return runIdempotent(
    prisma,
    // A batch of changes only hashes as before creates existed, so its keys stay valid.
    { actor, operation: 'updateProjects', key: input.idempotencyKey, payload: creates.length > 0 ? { changes, creates } : changes },
    async (tx) => {
      const errors = new ErrorCollector();
      if (changes.length + creates.length === 0) errors.add(['changes'], 'Give at least one change or one project to create.');
      if (changes.length + creates.length > MAX_BATCH_ROWS) {
        errors.add(['changes'], `${changes.length + creates.length} changes and creates given; at most ${MAX_BATCH_ROWS} per batch.`, ErrorCode.OUT_OF_RANGE);
      }
      errors.throwIfAny();
      const codes = changes.map((c) => c.code.trim().toUpperCase());
      const projects = await lockProjects(tx, codes);
      const byCode = new Map(projects.map((p) => [p.code, p]));
      const seen = new Map<string, number>();
      const conflicts: ProjectConflict[] = [];
      const writes: { project: Project; data: Record<string, unknown>; before: Record<string, unknown>; after: Record<string, unknown> }[] = [];

      changes.forEach((change, index) => {
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
          const date = checkEndDate(change[key]!, start, [...at, key], errors);
          if (date) set(key, dateFromIso(date), date, project[key] ? isoFromDate(project[key]!) : null);
        }
        if (change.actualCost !== undefined && change.actualCost !== null) {
          const cost = checkActualCost(change.actualCost, project.currency, [...at, 'actualCost'], errors);
          if (cost) set('actualCost', cost.toString(), cost.toFixed(), project.actualCost.toString());
        }
        if (change.percentComplete !== undefined && change.percentComplete !== null) {
          const pct = checkPercentComplete(change.percentComplete, [...at, 'percentComplete'], errors);
          if (pct) set('percentComplete', pct.toString(), pct.toFixed(), project.percentComplete.toString());
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
      const fresh = creates.flatMap((create, index) => {
        const at = ['creates', String(index)];
        const project = checkNewProject(create, at, errors);
        return project ? [{ project, at }] : [];
      });
      // Refused before anything is written: an invalid change or create, or a conflict.
      if (!errors.ok || conflicts.length > 0) throw new BatchRefused(errors.errors, conflicts);
      const created = fresh.length > 0 ? await insertProjects(tx, fresh, errors) : [];
      if (!created) throw new BatchRefused(errors.errors, []);

      for (const write of writes) {
        await tx.project.update({ where: { id: write.project.id }, data: { ...write.data, version: { increment: 1 } } });
      }
      await recordAudit(tx, actor, [
        ...writes.map((w) => ({
          action: 'updateProjects', recordType: 'Project', recordId: w.project.code,
          before: { ...w.before, version: w.project.version }, after: { ...w.after, version: w.project.version + 1 },
        })),
        ...created.map((project) => ({ action: 'updateProjects', recordType: 'Project', recordId: project.code, after: project })),
      ]);
      return [...writes.map((w) => w.project.id), ...created.map((p) => p.id)];
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
