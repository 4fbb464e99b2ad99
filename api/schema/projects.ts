// Projects: the portfolio with earned value and health, risks and their heat map, the parts
// of a project, and escalations to management.
import { builder } from '../builder.js';
import { toBatchPayload, toPayload } from '../errors.js';
import { Money } from '../domain/money/money.js';
import { projectFigures, riskScore, scheduleVarianceDays, type ProjectFigures } from '../domain/projects/figures.js';
import { LIMITS } from '../domain/text.js';
import type { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { addMilestone, addProjectDocument, addProjectVendor, addStakeholder, addStatusReport, raiseEscalation, resolveEscalation, updateMilestone } from '../services/projects/project-parts.service.js';
import { createProject, updateProjects, type ProjectConflict } from '../services/projects/project.service.js';
import { createRisk, updateRisks, type RiskConflict } from '../services/projects/risk.service.js';
import { checkDateArg, checkMatchArg, checkPageSize, entityIdForArg } from '../services/reporting.js';
import { countReadWithPage, readOne, readPage } from '../read/connection.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../read/updated-since.js';
import { iso, isoOrNull, money, payloadType } from './common.js';

const ProjectStatusEnum = builder.enumType('ProjectStatus', { values: ['PLANNED', 'ACTIVE', 'ON_HOLD', 'DONE', 'CANCELLED'] as const });
const RiskStatusEnum = builder.enumType('RiskStatus', { values: ['OPEN', 'MITIGATING', 'ACCEPTED', 'CLOSED'] as const });
const RaciEnum = builder.enumType('Raci', { values: ['RESPONSIBLE', 'ACCOUNTABLE', 'CONSULTED', 'INFORMED'] as const });
const MilestoneStatusEnum = builder.enumType('MilestoneStatus', { values: ['PLANNED', 'DONE', 'MISSED'] as const });
const EscalationStatusEnum = builder.enumType('EscalationStatus', { values: ['OPEN', 'RESOLVED'] as const });
const RagEnum = builder.enumType('Rag', { values: ['GREEN', 'AMBER', 'RED'] as const });

const OPEN_RISK: Prisma.RiskWhereInput = { status: { in: ['OPEN', 'MITIGATING'] } };
const OPEN_RISK_STATUSES = new Set<string>(['OPEN', 'MITIGATING']);
/** 2 decimals, half away from zero; never "-0.00". */
const round2 = (value: Money | null) => {
  if (value === null) return null;
  const rounded = value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
  return (rounded.isZero() ? rounded.abs() : rounded).toFixed(2);
};

const ProjectFiguresRef = builder.objectRef<ProjectFigures & { asOf: string; currency: string }>('ProjectFigures').implement({
  description: 'Earned value as of a date (calendar days; elapsed = as-of − start, capped at the baseline length) and health.',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (f) => f.asOf }),
    plannedValue: t.field({ type: 'Decimal', description: 'PV = budget × elapsed share of the baseline.', resolve: (f) => money(f.plannedValue, f.currency) }),
    earnedValue: t.field({ type: 'Decimal', description: 'EV = percent complete ÷ 100 × budget.', resolve: (f) => money(f.earnedValue, f.currency) }),
    actualCost: t.field({ type: 'Decimal', resolve: (f) => money(f.actualCost, f.currency) }),
    cpi: t.field({ type: 'Decimal', nullable: true, description: 'EV ÷ AC; null when AC is 0.', resolve: (f) => round2(f.cpi) }),
    spi: t.field({ type: 'Decimal', nullable: true, description: 'EV ÷ PV; null when PV is 0.', resolve: (f) => round2(f.spi) }),
    eac: t.field({ type: 'Decimal', nullable: true, description: 'Budget ÷ CPI; null when CPI is null or 0.', resolve: (f) => (f.eac ? money(f.eac, f.currency) : null) }),
    scheduleVariance: t.field({ type: 'Decimal', description: 'EV − PV.', resolve: (f) => money(f.scheduleVariance, f.currency) }),
    costVariance: t.field({ type: 'Decimal', description: 'EV − AC.', resolve: (f) => money(f.costVariance, f.currency) }),
    scheduleSlipPct: t.field({ type: 'Decimal', nullable: true, description: '(forecast end − baseline end) ÷ baseline days × 100.', resolve: (f) => round2(f.scheduleSlip?.times(100) ?? null) }),
    costOverrunPct: t.field({ type: 'Decimal', nullable: true, description: '((EAC or budget) ÷ budget − 1) × 100.', resolve: (f) => round2(f.costOverrun?.times(100) ?? null) }),
    health: t.field({ type: RagEnum, resolve: (f) => f.health }),
  }),
});

const ProjectRef = builder.prismaObject('Project', {
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    entity: t.relation('entity', { nullable: true }),
    owner: t.exposeString('owner'),
    sponsor: t.exposeString('sponsor', { nullable: true }),
    scope: t.exposeString('scope', { nullable: true }),
    objectives: t.exposeString('objectives', { nullable: true }),
    status: t.field({ type: ProjectStatusEnum, resolve: (p) => p.status }),
    startDate: t.field({ type: 'Date', resolve: (p) => iso(p.startDate) }),
    baselineEndDate: t.field({ type: 'Date', resolve: (p) => iso(p.baselineEndDate) }),
    forecastEndDate: t.field({ type: 'Date', nullable: true, resolve: (p) => isoOrNull(p.forecastEndDate) }),
    actualEndDate: t.field({ type: 'Date', nullable: true, resolve: (p) => isoOrNull(p.actualEndDate) }),
    budget: t.field({ type: 'Decimal', resolve: (p) => money(p.budget, p.currency) }),
    actualCost: t.field({ type: 'Decimal', resolve: (p) => money(p.actualCost, p.currency) }),
    currency: t.exposeString('currency'),
    percentComplete: t.field({ type: 'Decimal', resolve: (p) => new Money(p.percentComplete.toString()).toFixed() }),
    budgetVariance: t.field({ type: 'Decimal', description: 'Budget − actual cost.', resolve: (p) => money(new Money(p.budget.toString()).minus(p.actualCost.toString()), p.currency) }),
    scheduleVarianceDays: t.int({
      nullable: true,
      description: 'Actual (else forecast) end − baseline end, in days.',
      resolve: (p) => scheduleVarianceDays({ baselineEndDate: iso(p.baselineEndDate), forecastEndDate: isoOrNull(p.forecastEndDate), actualEndDate: isoOrNull(p.actualEndDate) }),
    }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (p) => p.updatedAt }),
    figures: t.field({
      type: ProjectFiguresRef,
      args: { asOf: t.arg({ type: 'Date', required: false, description: 'Default today.' }) },
      // The same selection as the risks field, so a query asking for both reads them once.
      select: { risks: { orderBy: { id: 'asc' } } },
      resolve: (p, args, ctx) => {
        const asOf = checkDateArg(args.asOf ?? ctx.today, 'asOf');
        const facts = {
          status: p.status,
          startDate: iso(p.startDate),
          baselineEndDate: iso(p.baselineEndDate),
          forecastEndDate: isoOrNull(p.forecastEndDate),
          actualEndDate: isoOrNull(p.actualEndDate),
          budget: new Money(p.budget.toString()),
          actualCost: new Money(p.actualCost.toString()),
          percentComplete: new Money(p.percentComplete.toString()),
          openRiskScores: p.risks.filter((r) => OPEN_RISK_STATUSES.has(r.status)).map((r) => riskScore(r.probability, r.impact)),
        };
        return { ...projectFigures(facts, asOf), asOf, currency: p.currency };
      },
    }),
    milestones: t.relation('milestones', { query: { orderBy: { dueDate: 'asc' } } }),
    risks: t.relation('risks', { query: { orderBy: { id: 'asc' } } }),
    stakeholders: t.relation('stakeholders', { query: { orderBy: { id: 'asc' } } }),
    vendors: t.relation('vendors', { query: { orderBy: { id: 'asc' } } }),
    documents: t.relation('documents', { query: { orderBy: { id: 'asc' } } }),
    statusReports: t.relation('statusReports', { query: { orderBy: { reportDate: 'desc' } } }),
    escalations: t.relation('escalations', { query: { orderBy: { raisedDate: 'desc' } } }),
  }),
});

builder.prismaObject('Milestone', {
  fields: (t) => ({
    id: t.exposeID('id'),
    project: t.relation('project'),
    name: t.exposeString('name'),
    dueDate: t.field({ type: 'Date', resolve: (m) => iso(m.dueDate) }),
    completedDate: t.field({ type: 'Date', nullable: true, resolve: (m) => isoOrNull(m.completedDate) }),
    status: t.field({ type: MilestoneStatusEnum, resolve: (m) => m.status }),
    version: t.exposeInt('version'),
  }),
});

const RiskRef = builder.prismaObject('Risk', {
  fields: (t) => ({
    id: t.exposeID('id'),
    project: t.relation('project'),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    probability: t.exposeInt('probability'),
    impact: t.exposeInt('impact'),
    score: t.int({ description: 'Probability × impact (1–25).', resolve: (r) => riskScore(r.probability, r.impact) }),
    owner: t.exposeString('owner'),
    mitigation: t.exposeString('mitigation', { nullable: true }),
    status: t.field({ type: RiskStatusEnum, resolve: (r) => r.status }),
    version: t.exposeInt('version'),
  }),
});

builder.prismaObject('Stakeholder', {
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), role: t.exposeString('role'), raci: t.field({ type: RaciEnum, resolve: (s) => s.raci }) }),
});
builder.prismaObject('ProjectVendor', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    service: t.exposeString('service'),
    contractRef: t.exposeString('contractRef', { nullable: true }),
    contact: t.exposeString('contact', { nullable: true }),
  }),
});
builder.prismaObject('ProjectDocument', {
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    url: t.exposeString('url'),
    addedBy: t.exposeString('addedBy'),
    addedAt: t.field({ type: 'DateTime', resolve: (d) => d.addedAt }),
  }),
});
builder.prismaObject('StatusReport', {
  fields: (t) => ({
    id: t.exposeID('id'),
    reportDate: t.field({ type: 'Date', resolve: (r) => iso(r.reportDate) }),
    rag: t.field({ type: RagEnum, resolve: (r) => r.rag }),
    summary: t.exposeString('summary'),
    author: t.exposeString('author'),
  }),
});
const EscalationRef = builder.prismaObject('Escalation', {
  fields: (t) => ({
    id: t.exposeID('id'),
    project: t.relation('project'),
    raisedDate: t.field({ type: 'Date', resolve: (e) => iso(e.raisedDate) }),
    raisedBy: t.exposeString('raisedBy'),
    escalatedTo: t.exposeString('escalatedTo'),
    summary: t.exposeString('summary'),
    status: t.field({ type: EscalationStatusEnum, resolve: (e) => e.status }),
    resolvedDate: t.field({ type: 'Date', nullable: true, resolve: (e) => isoOrNull(e.resolvedDate) }),
    resolution: t.exposeString('resolution', { nullable: true }),
    version: t.exposeInt('version'),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries

const ProjectFilter = builder.inputType('ProjectFilter', {
  fields: (t) => ({
    status: t.field({ type: [ProjectStatusEnum], required: false }),
    entityCode: t.string({ required: false }),
    owner: t.string({ required: false }),
    search: t.string({ required: false, description: 'Part of the code or name.' }),
    updatedSince: t.field({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
  }),
});

/** A row of the read path stands in for Prisma's record: the type's fields serve either (api/read/values.ts). */
type ProjectRow = Prisma.ProjectGetPayload<object>;

builder.queryField('projects', (t) =>
  t.prismaConnection({
    type: 'Project',
    cursor: 'id',
    args: { filter: t.arg({ type: ProjectFilter, required: false }) },
    totalCount: async (_parent, args, ctx, info) => countReadWithPage(info) ?? ctx.prisma.project.count({ where: await projectWhere(ctx.prisma, args.filter) }),
    // One SQL statement builds the page with what it asks for (api/read/).
    resolve: async (query, _root, args, ctx, info) => {
      checkPageSize(args);
      return readPage<ProjectRow>(ctx, info, 'Project', { ...query, where: await projectWhere(ctx.prisma, args.filter), orderBy: { code: 'asc' } });
    },
  }),
);

async function projectWhere(prisma: PrismaClient, filter: typeof ProjectFilter.$inferInput | null | undefined): Promise<Prisma.ProjectWhereInput> {
  if (!filter) return {};
  const where: Prisma.ProjectWhereInput = {};
  const since = updatedSinceWhere(filter.updatedSince, 'filter.updatedSince');
  if (since.updatedAt) where.updatedAt = since.updatedAt;
  const entityId = await entityIdForArg(prisma, filter.entityCode);
  if (entityId !== null) where.entityId = entityId;
  if (filter.status?.length) where.status = { in: filter.status };
  if (filter.owner) where.owner = { equals: checkMatchArg(filter.owner, 'filter.owner', LIMITS.name), mode: 'insensitive' };
  if (filter.search) {
    const search = checkMatchArg(filter.search, 'filter.search');
    where.OR = [{ code: { contains: search, mode: 'insensitive' } }, { name: { contains: search, mode: 'insensitive' } }];
  }
  return where;
}

builder.queryField('project', (t) =>
  t.prismaField({
    type: 'Project',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx, info) => readOne<ProjectRow>(ctx, info, 'Project', { ...query, where: { code: args.code.trim().toUpperCase() } }),
  }),
);

builder.queryField('risks', (t) =>
  t.prismaField({
    type: ['Risk'],
    description: 'Risks across projects, highest score first (at most 5,000).',
    args: { projectCode: t.arg.string({ required: false }), openOnly: t.arg.boolean({ required: false }) },
    resolve: async (query, _root, args, ctx) => {
      const rows = await ctx.prisma.risk.findMany({
        ...query,
        where: {
          ...(args.projectCode ? { project: { code: args.projectCode.trim().toUpperCase() } } : {}),
          ...(args.openOnly ? OPEN_RISK : {}),
        },
        orderBy: { id: 'asc' },
        take: 5000,
      });
      return rows.sort((a, b) => riskScore(b.probability, b.impact) - riskScore(a.probability, a.impact) || a.id - b.id);
    },
  }),
);

const RiskHeatCellRef = builder.objectRef<{ probability: number; impact: number; count: number }>('RiskHeatCell').implement({
  fields: (t) => ({
    probability: t.exposeInt('probability'),
    impact: t.exposeInt('impact'),
    score: t.int({ resolve: (c) => riskScore(c.probability, c.impact) }),
    count: t.exposeInt('count'),
  }),
});

builder.queryField('riskHeatMap', (t) =>
  t.field({
    type: [RiskHeatCellRef],
    description: 'Open risks (OPEN or MITIGATING) counted per probability × impact cell: all 25 cells, zeros included.',
    args: { entityCode: t.arg.string({ required: false }), projectCode: t.arg.string({ required: false }) },
    resolve: async (_root, args, ctx) => {
      const entityId = await entityIdForArg(ctx.prisma, args.entityCode);
      const groups = await ctx.prisma.risk.groupBy({
        by: ['probability', 'impact'],
        where: {
          ...OPEN_RISK,
          ...(entityId !== null ? { project: { entityId } } : {}),
          ...(args.projectCode ? { project: { code: args.projectCode.trim().toUpperCase() } } : {}),
        },
        _count: { _all: true },
      });
      const counts = new Map(groups.map((g) => [`${g.probability}x${g.impact}`, g._count._all]));
      const cells = [];
      for (let probability = 5; probability >= 1; probability--) {
        for (let impact = 1; impact <= 5; impact++) cells.push({ probability, impact, count: counts.get(`${probability}x${impact}`) ?? 0 });
      }
      return cells;
    },
  }),
);

builder.queryField('escalations', (t) =>
  t.prismaField({
    type: ['Escalation'],
    description: 'Escalations to management, newest first.',
    args: { status: t.arg({ type: EscalationStatusEnum, required: false, defaultValue: 'OPEN' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.escalation.findMany({ ...query, where: args.status ? { status: args.status } : {}, orderBy: [{ raisedDate: 'desc' }, { id: 'desc' }], take: 5000 }),
  }),
);

// ---------------------------------------------------------------------------------------------
// Mutations

const reloadProject = (prisma: PrismaClient, query: object, project: { id: number }) => prisma.project.findUniqueOrThrow({ ...query, where: { id: project.id } });

const CreateProjectInput = builder.inputType('CreateProjectInput', {
  fields: (t) => ({
    code: t.string(),
    name: t.string(),
    entityCode: t.string({ required: false }),
    owner: t.string(),
    sponsor: t.string({ required: false }),
    scope: t.string({ required: false }),
    objectives: t.string({ required: false }),
    startDate: t.field({ type: 'Date' }),
    baselineEndDate: t.field({ type: 'Date' }),
    budget: t.field({ type: 'Decimal' }),
    currency: t.string(),
    status: t.field({ type: ProjectStatusEnum, required: false, description: 'Default PLANNED; DONE requires actualEndDate.' }),
    forecastEndDate: t.field({ type: 'Date', required: false, description: 'Default the baseline end; not before the start.' }),
    actualEndDate: t.field({ type: 'Date', required: false, description: 'Not before the start.' }),
    actualCost: t.field({ type: 'Decimal', required: false, description: 'Default 0; in the project currency, never negative.' }),
    percentComplete: t.field({ type: 'Decimal', required: false, description: 'Default 0; 0–100, at most 4 decimals.' }),
  }),
});
builder.mutationField('createProject', (t) =>
  t.field({
    type: payloadType('CreateProjectPayload', 'project', ProjectRef, { reload: reloadProject }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: CreateProjectInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('project', () => createProject(ctx.prisma, ctx.actor, input)),
  }),
);

const ProjectConflictRef = builder.objectRef<ProjectConflict>('ProjectConflict').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    currentVersion: t.exposeInt('currentVersion'),
    project: t.field({ type: ProjectRef, description: 'The current record.', resolve: (c) => c.project }),
  }),
});
const ProjectChangeInput = builder.inputType('ProjectChangeInput', {
  fields: (t) => ({
    code: t.string(),
    expectedVersion: t.int({ required: false, description: 'The version the edit was based on (required).' }),
    status: t.field({ type: ProjectStatusEnum, required: false }),
    forecastEndDate: t.field({ type: 'Date', required: false }),
    actualEndDate: t.field({ type: 'Date', required: false, description: 'An empty string clears it.' }),
    actualCost: t.field({ type: 'Decimal', required: false }),
    percentComplete: t.field({ type: 'Decimal', required: false }),
    owner: t.string({ required: false }),
  }),
});
const UpdateProjectsInput = builder.inputType('UpdateProjectsInput', {
  fields: (t) => ({
    changes: t.field({ type: [ProjectChangeInput], required: false, defaultValue: [], description: 'Edits of existing projects; may be empty when there are creates.' }),
    creates: t.field({
      type: [CreateProjectInput],
      required: false,
      description:
        'New projects (as createProject takes them), written in the same transaction as the changes. A code already taken, or given twice, is refused as DUPLICATE at ["creates", i, "code"].',
    }),
    idempotencyKey: t.string({ required: false, description: 'A retry with the same key and payload returns the first answer, creating nothing twice.' }),
  }),
});
/** The batch's records in the order of the ids the service returns (changes, then creates). */
function inIdOrder<T extends { id: number }>(rows: T[], ids: number[]): T[] {
  const position = new Map(ids.map((id, index) => [id, index]));
  return rows.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}
builder.mutationField('updateProjects', (t) =>
  t.field({
    type: payloadType('UpdateProjectsPayload', 'projects', ProjectRef, {
      list: true,
      reload: async (prisma, query, ids: number[]) => inIdOrder(await prisma.project.findMany({ ...query, where: { id: { in: ids } } }), ids),
      extra: (f) => ({ conflicts: f.field({ type: [ProjectConflictRef], resolve: (p: { conflicts: ProjectConflict[] }) => p.conflicts }) }),
    }),
    description:
      'Edits existing projects and creates new ones in one transaction. Atomic: one conflicting or invalid change or create refuses the whole batch, and nothing is written. `projects` lists the changed projects in `changes` order, then the created ones in `creates` order.',
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: UpdateProjectsInput, required: true }) },
    resolve: (_root, { input }, ctx) => toBatchPayload('projects', () => updateProjects(ctx.prisma, ctx.actor, input)) as never,
  }),
);

const CreateRiskInput = builder.inputType('CreateRiskInput', {
  fields: (t) => ({
    projectCode: t.string(),
    title: t.string(),
    description: t.string({ required: false }),
    probability: t.int({ description: '1–5' }),
    impact: t.int({ description: '1–5' }),
    owner: t.string(),
    mitigation: t.string({ required: false }),
    status: t.field({ type: RiskStatusEnum, required: false }),
  }),
});
builder.mutationField('createRisk', (t) =>
  t.field({
    type: payloadType('CreateRiskPayload', 'risk', RiskRef, { reload: (prisma, query, risk: { id: number }) => prisma.risk.findUniqueOrThrow({ ...query, where: { id: risk.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: CreateRiskInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('risk', () => createRisk(ctx.prisma, ctx.actor, input)),
  }),
);

const RiskConflictRef = builder.objectRef<RiskConflict>('RiskConflict').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    currentVersion: t.exposeInt('currentVersion'),
    risk: t.field({ type: RiskRef, description: 'The current record.', resolve: (c) => c.risk }),
  }),
});
const RiskChangeInput = builder.inputType('RiskChangeInput', {
  fields: (t) => ({
    id: t.id(),
    expectedVersion: t.int({ required: false }),
    probability: t.int({ required: false }),
    impact: t.int({ required: false }),
    status: t.field({ type: RiskStatusEnum, required: false }),
    mitigation: t.string({ required: false }),
  }),
});
const UpdateRisksInput = builder.inputType('UpdateRisksInput', {
  fields: (t) => ({
    changes: t.field({ type: [RiskChangeInput], required: false, defaultValue: [], description: 'Edits of existing risks; may be empty when there are creates.' }),
    creates: t.field({
      type: [CreateRiskInput],
      required: false,
      description: 'New risks (as createRisk takes them), written in the same transaction as the changes; the server assigns their ids.',
    }),
    idempotencyKey: t.string({ required: false, description: 'A retry with the same key and payload returns the first answer, creating nothing twice.' }),
  }),
});
builder.mutationField('updateRisks', (t) =>
  t.field({
    type: payloadType('UpdateRisksPayload', 'risks', RiskRef, {
      list: true,
      reload: async (prisma, query, ids: number[]) => inIdOrder(await prisma.risk.findMany({ ...query, where: { id: { in: ids } } }), ids),
      extra: (f) => ({ conflicts: f.field({ type: [RiskConflictRef], resolve: (p: { conflicts: RiskConflict[] }) => p.conflicts }) }),
    }),
    description:
      'Edits existing risks and creates new ones in one transaction, atomic like updateProjects. `risks` lists the changed risks in `changes` order, then the created ones in `creates` order.',
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: UpdateRisksInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      toBatchPayload('risks', () => updateRisks(ctx.prisma, ctx.actor, { ...input, changes: (input.changes ?? []).map((c) => ({ ...c, id: String(c.id) })) })) as never,
  }),
);

// The parts of a project: one input, payload and mutation each.

const AddMilestoneInput = builder.inputType('AddMilestoneInput', {
  fields: (t) => ({ projectCode: t.string(), name: t.string(), dueDate: t.field({ type: 'Date' }) }),
});
builder.mutationField('addMilestone', (t) =>
  t.field({
    type: payloadType('AddMilestonePayload', 'milestone', 'Milestone', { reload: (prisma, query, m: { id: number }) => prisma.milestone.findUniqueOrThrow({ ...query, where: { id: m.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: AddMilestoneInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('milestone', () => addMilestone(ctx.prisma, ctx.actor, input)),
  }),
);

const UpdateMilestoneInput = builder.inputType('UpdateMilestoneInput', {
  fields: (t) => ({ id: t.id(), expectedVersion: t.int(), status: t.field({ type: MilestoneStatusEnum }), completedDate: t.field({ type: 'Date', required: false }) }),
});
builder.mutationField('updateMilestone', (t) =>
  t.field({
    type: payloadType('UpdateMilestonePayload', 'milestone', 'Milestone', { reload: (prisma, query, m: { id: number }) => prisma.milestone.findUniqueOrThrow({ ...query, where: { id: m.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: UpdateMilestoneInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('milestone', () => updateMilestone(ctx.prisma, ctx.actor, { ...input, id: String(input.id) })),
  }),
);

const AddStakeholderInput = builder.inputType('AddStakeholderInput', {
  fields: (t) => ({ projectCode: t.string(), name: t.string(), role: t.string(), raci: t.field({ type: RaciEnum }) }),
});
builder.mutationField('addStakeholder', (t) =>
  t.field({
    type: payloadType('AddStakeholderPayload', 'stakeholder', 'Stakeholder', { reload: (prisma, query, s: { id: number }) => prisma.stakeholder.findUniqueOrThrow({ ...query, where: { id: s.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: AddStakeholderInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('stakeholder', () => addStakeholder(ctx.prisma, ctx.actor, input)),
  }),
);

const AddProjectVendorInput = builder.inputType('AddProjectVendorInput', {
  fields: (t) => ({ projectCode: t.string(), name: t.string(), service: t.string(), contractRef: t.string({ required: false }), contact: t.string({ required: false }) }),
});
builder.mutationField('addProjectVendor', (t) =>
  t.field({
    type: payloadType('AddProjectVendorPayload', 'projectVendor', 'ProjectVendor', { reload: (prisma, query, v: { id: number }) => prisma.projectVendor.findUniqueOrThrow({ ...query, where: { id: v.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: AddProjectVendorInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('projectVendor', () => addProjectVendor(ctx.prisma, ctx.actor, input)),
  }),
);

const AddProjectDocumentInput = builder.inputType('AddProjectDocumentInput', {
  fields: (t) => ({ projectCode: t.string(), title: t.string(), url: t.string() }),
});
builder.mutationField('addProjectDocument', (t) =>
  t.field({
    type: payloadType('AddProjectDocumentPayload', 'projectDocument', 'ProjectDocument', { reload: (prisma, query, d: { id: number }) => prisma.projectDocument.findUniqueOrThrow({ ...query, where: { id: d.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: AddProjectDocumentInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('projectDocument', () => addProjectDocument(ctx.prisma, ctx.actor, input)),
  }),
);

const AddStatusReportInput = builder.inputType('AddStatusReportInput', {
  fields: (t) => ({ projectCode: t.string(), reportDate: t.field({ type: 'Date', required: false }), rag: t.field({ type: RagEnum }), summary: t.string() }),
});
builder.mutationField('addStatusReport', (t) =>
  t.field({
    type: payloadType('AddStatusReportPayload', 'statusReport', 'StatusReport', { reload: (prisma, query, r: { id: number }) => prisma.statusReport.findUniqueOrThrow({ ...query, where: { id: r.id } }) }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: AddStatusReportInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('statusReport', () => addStatusReport(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

const reloadEscalation = (prisma: PrismaClient, query: object, escalation: { id: number }) => prisma.escalation.findUniqueOrThrow({ ...query, where: { id: escalation.id } });

const RaiseEscalationInput = builder.inputType('RaiseEscalationInput', {
  fields: (t) => ({ projectCode: t.string(), escalatedTo: t.string(), summary: t.string(), raisedDate: t.field({ type: 'Date', required: false }) }),
});
builder.mutationField('raiseEscalation', (t) =>
  t.field({
    type: payloadType('RaiseEscalationPayload', 'escalation', EscalationRef, { reload: reloadEscalation }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: RaiseEscalationInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('escalation', () => raiseEscalation(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

const ResolveEscalationInput = builder.inputType('ResolveEscalationInput', {
  fields: (t) => ({ id: t.id(), resolution: t.string() }),
});
builder.mutationField('resolveEscalation', (t) =>
  t.field({
    type: payloadType('ResolveEscalationPayload', 'escalation', EscalationRef, { reload: reloadEscalation }),
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: ResolveEscalationInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('escalation', () => resolveEscalation(ctx.prisma, ctx.actor, { ...input, id: String(input.id) }, ctx.today)),
  }),
);
