// KPIs: definitions, the scorecard and history, targets, manual actuals and period close.
import { builder } from '../builder.js';
import { toBatchPayload, toPayload } from '../errors.js';
import { Money } from '../domain/money/money.js';
import type { KpiTarget, KpiActual } from '../generated/prisma/client.js';
import { closePeriod, createKpiDefinition, kpiHistory, kpiScorecard, reopenPeriod, type KpiValue } from '../services/kpis/kpi.service.js';
import { entityCodeOfScope, setKpiValues, type KpiValueConflict } from '../services/kpis/kpi-values.service.js';
import { iso, payloadType } from './common.js';

const KpiUnitEnum = builder.enumType('KpiUnit', { values: ['DAYS', 'PERCENT', 'RATIO', 'CURRENCY', 'COUNT'] as const });
const KpiDirectionEnum = builder.enumType('KpiDirection', { values: ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const });
const KpiCadenceEnum = builder.enumType('KpiCadence', { values: ['WEEKLY', 'MONTHLY', 'QUARTERLY'] as const });
const KpiSourceEnum = builder.enumType('KpiSource', { values: ['COMPUTED', 'MANUAL'] as const });
const KpiStatusEnum = builder.enumType('KpiStatus', { values: ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NO_TARGET', 'NO_DATA'] as const });

const decimal = (value: { toString(): string }) => new Money(value.toString()).toFixed();
const kpiValueText = (value: Money | null) => (value === null ? null : value.toFixed(2));

const KpiDefinitionRef = builder.prismaObject('KpiDefinition', {
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    unit: t.field({ type: KpiUnitEnum, resolve: (d) => d.unit }),
    direction: t.field({ type: KpiDirectionEnum, resolve: (d) => d.direction }),
    cadence: t.field({ type: KpiCadenceEnum, resolve: (d) => d.cadence }),
    source: t.field({ type: KpiSourceEnum, resolve: (d) => d.source }),
    tolerance: t.field({ type: 'Decimal', description: 'Share of the target within which a miss is AT_RISK (0.1 = 10 %).', resolve: (d) => decimal(d.tolerance) }),
    version: t.exposeInt('version'),
  }),
});

const KpiValueRef = builder.objectRef<KpiValue>('KpiValue').implement({
  description: 'A KPI for one period and scope: actual (rounded to 2 decimals), target and status.',
  fields: (t) => ({
    code: t.string({ resolve: (v) => v.definition.code }),
    name: t.string({ resolve: (v) => v.definition.name }),
    unit: t.field({ type: KpiUnitEnum, resolve: (v) => v.definition.unit }),
    direction: t.field({ type: KpiDirectionEnum, resolve: (v) => v.definition.direction }),
    source: t.field({ type: KpiSourceEnum, resolve: (v) => v.definition.source }),
    period: t.exposeString('period'),
    entityCode: t.exposeString('entityCode', { nullable: true, description: 'Null: all entities.' }),
    currency: t.exposeString('currency', { description: 'Reporting currency of the figures behind the value.' }),
    actual: t.field({ type: 'Decimal', nullable: true, description: "Null when there is no value (e.g. a zero denominator). The close snapshot's once the period is closed.", resolve: (v) => kpiValueText(v.actual) }),
    actualVersion: t.int({ nullable: true, description: 'Version of a MANUAL actual, to push an edit back.', resolve: (v) => v.actualVersion }),
    liveActual: t.field({ type: 'Decimal', nullable: true, description: 'The figure computed now from the ledger.', resolve: (v) => kpiValueText(v.liveActual) }),
    target: t.field({ type: 'Decimal', nullable: true, resolve: (v) => (v.target ? v.target.toFixed() : null) }),
    targetVersion: t.int({ nullable: true, resolve: (v) => v.targetVersion }),
    tolerance: t.field({ type: 'Decimal', resolve: (v) => decimal(v.definition.tolerance) }),
    status: t.field({ type: KpiStatusEnum, resolve: (v) => v.status }),
    closed: t.boolean({ description: 'The period is closed: actual is its snapshot.', resolve: (v) => v.closed }),
    restated: t.boolean({ description: 'Closed, and the live figure now differs from the snapshot.', resolve: (v) => v.restated }),
    snapshotCurrency: t.string({
      nullable: true,
      description: "The reporting currency of the close's snapshot: this value's currency when actual is the snapshot; the close's first currency when the period was closed without a snapshot in this currency (actual is then the live figure). Null when not closed.",
      resolve: (v) => v.snapshotCurrency,
    }),
  }),
});

builder.queryField('kpiDefinitions', (t) =>
  t.prismaField({ type: ['KpiDefinition'], resolve: (query, _root, _args, ctx) => ctx.prisma.kpiDefinition.findMany({ ...query, orderBy: [{ source: 'asc' }, { id: 'asc' }] }) }),
);

const STALE_RATES = 'Compute with FX rates older than LEDGERLINE_FX_MAX_AGE_DAYS before the period end instead of refusing (FX_RATE_STALE).';

builder.queryField('kpiScorecard', (t) =>
  t.field({
    type: [KpiValueRef],
    description: 'Every KPI for a period (2026-10, 2026-Q4 or 2026-W48), for an entity or all entities (entityCode null), in a reporting currency.',
    args: {
      period: t.arg.string({ required: true }),
      entityCode: t.arg.string({ required: false }),
      currency: t.arg.string({ required: false }),
      allowStaleRates: t.arg.boolean({ required: false, description: STALE_RATES }),
    },
    resolve: (_root, args, ctx) => kpiScorecard(ctx.prisma, { ...args, baseCurrency: ctx.config.baseCurrency, fxMaxAgeDays: ctx.config.fxMaxAgeDays }),
  }),
);

builder.queryField('kpiHistory', (t) =>
  t.field({
    type: [KpiValueRef],
    description: 'One KPI over a run of periods of one kind (at most 60), oldest first.',
    args: {
      code: t.arg.string({ required: true }),
      from: t.arg.string({ required: true }),
      to: t.arg.string({ required: true }),
      entityCode: t.arg.string({ required: false }),
      currency: t.arg.string({ required: false }),
      allowStaleRates: t.arg.boolean({ required: false, description: STALE_RATES }),
    },
    resolve: (_root, args, ctx) => kpiHistory(ctx.prisma, { ...args, baseCurrency: ctx.config.baseCurrency, fxMaxAgeDays: ctx.config.fxMaxAgeDays }),
  }),
);

function kpiRecordFields<T extends KpiTarget | KpiActual>(name: 'KpiTarget' | 'KpiActual') {
  return builder.prismaObject(name, {
    fields: (t: any) => ({
      kpiCode: t.string({ select: { kpi: { select: { code: true } } }, resolve: (r: T & { kpi: { code: string } }) => r.kpi.code }),
      kpi: t.relation('kpi', { description: "The KPI's definition: its unit says how to read the value (PERCENT: 0–100)." }),
      period: t.exposeString('period'),
      entityCode: t.string({ nullable: true, description: 'Null: all entities.', resolve: (r: T) => entityCodeOfScope(r.scope) }),
      value: t.field({ type: 'Decimal', resolve: (r: T) => decimal(r.value) }),
      version: t.exposeInt('version'),
      updatedBy: t.exposeString('updatedBy'),
      updatedAt: t.field({ type: 'DateTime', resolve: (r: T) => r.updatedAt }),
    }),
  } as never);
}
const KpiTargetRef = kpiRecordFields('KpiTarget');
const KpiActualRef = kpiRecordFields('KpiActual');

const KpiValueConflictRef = builder.objectRef<KpiValueConflict>('KpiValueConflict').implement({
  description: 'A row whose expectedVersion is not the current one: nothing in the batch was written.',
  fields: (t) => ({
    kpiCode: t.exposeString('kpiCode'),
    period: t.exposeString('period'),
    entityCode: t.exposeString('entityCode', { nullable: true }),
    currentValue: t.field({ type: 'Decimal', nullable: true, resolve: (c) => c.currentValue }),
    currentVersion: t.exposeInt('currentVersion', { nullable: true }),
  }),
});

const KpiValueInput = builder.inputType('KpiValueInput', {
  fields: (t) => ({
    kpiCode: t.string(),
    period: t.string({ description: '2026-10, 2026-Q4 or 2026-W48.' }),
    entityCode: t.string({ required: false, description: 'Null: all entities.' }),
    value: t.field({ type: 'Decimal' }),
    expectedVersion: t.int({ required: false, description: 'The version the edit was based on; required to change an existing value.' }),
  }),
});

const ATOMIC_BATCH = 'Atomic: a row that conflicts or fails validation refuses the whole batch, and nothing is written.';
const conflictsField = (t: any) => ({ conflicts: t.field({ type: [KpiValueConflictRef], resolve: (p: { conflicts: KpiValueConflict[] }) => p.conflicts }) });

const SetKpiTargetsInput = builder.inputType('SetKpiTargetsInput', {
  fields: (t) => ({ targets: t.field({ type: [KpiValueInput] }), idempotencyKey: t.string({ required: false }) }),
});
const SetKpiTargetsPayload = payloadType('SetKpiTargetsPayload', 'targets', KpiTargetRef, {
  list: true,
  reload: (prisma, query, ids: number[]) => prisma.kpiTarget.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
  extra: conflictsField,
});
builder.mutationField('setKpiTargets', (t) =>
  t.field({
    type: SetKpiTargetsPayload,
    description: ATOMIC_BATCH,
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: SetKpiTargetsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      toBatchPayload('targets', () => setKpiValues('kpi_target', ctx.prisma, ctx.actor, { rows: input.targets, idempotencyKey: input.idempotencyKey })) as never,
  }),
);

const SetKpiActualsInput = builder.inputType('SetKpiActualsInput', {
  fields: (t) => ({ actuals: t.field({ type: [KpiValueInput] }), idempotencyKey: t.string({ required: false }) }),
});
const SetKpiActualsPayload = payloadType('SetKpiActualsPayload', 'actuals', KpiActualRef, {
  list: true,
  reload: (prisma, query, ids: number[]) => prisma.kpiActual.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
  extra: conflictsField,
});
builder.mutationField('setKpiActuals', (t) =>
  t.field({
    type: SetKpiActualsPayload,
    description: ATOMIC_BATCH,
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: SetKpiActualsInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      toBatchPayload('actuals', () => setKpiValues('kpi_actual', ctx.prisma, ctx.actor, { rows: input.actuals, idempotencyKey: input.idempotencyKey })) as never,
  }),
);

const CreateKpiDefinitionInput = builder.inputType('CreateKpiDefinitionInput', {
  fields: (t) => ({
    code: t.string(),
    name: t.string(),
    description: t.string({ required: false }),
    unit: t.field({ type: KpiUnitEnum }),
    direction: t.field({ type: KpiDirectionEnum }),
    cadence: t.field({ type: KpiCadenceEnum }),
    tolerance: t.field({ type: 'Decimal', required: false, description: 'Default 0.10 (10 %).' }),
  }),
});
const CreateKpiDefinitionPayload = payloadType('CreateKpiDefinitionPayload', 'kpiDefinition', KpiDefinitionRef);
builder.mutationField('createKpiDefinition', (t) =>
  t.field({
    type: CreateKpiDefinitionPayload,
    description: 'Adds a MANUAL KPI, whose actuals users enter with setKpiActuals.',
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: CreateKpiDefinitionInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('kpiDefinition', () => createKpiDefinition(ctx.prisma, ctx.actor, input)),
  }),
);

const PeriodCloseRef = builder.prismaObject('PeriodClose', {
  fields: (t) => ({
    period: t.exposeString('period'),
    entityCode: t.string({ nullable: true, resolve: (c) => entityCodeOfScope(c.scope) }),
    currency: t.exposeString('currency', { description: 'The first reporting currency snapshotted.' }),
    currencies: t.exposeStringList('currencies', { description: 'Every reporting currency snapshotted at close.' }),
    lockedThrough: t.field({ type: 'Date', description: 'Documents dated on or before this day are refused (PERIOD_CLOSED) while the period is closed.', resolve: (c) => iso(c.lockedThrough) }),
    closedBy: t.exposeString('closedBy'),
    closedAt: t.field({ type: 'DateTime', resolve: (c) => c.closedAt }),
  }),
});
const ClosePeriodInput = builder.inputType('ClosePeriodInput', {
  fields: (t) => ({
    period: t.string(),
    entityCode: t.string({ required: false, description: 'Null: every entity.' }),
    currencies: t.stringList({ required: false, description: 'Reporting currencies to snapshot (at most 10); default the base currency.' }),
  }),
});
const ClosePeriodPayload = payloadType('ClosePeriodPayload', 'periodClose', PeriodCloseRef);
builder.mutationField('closePeriod', (t) =>
  t.field({
    type: ClosePeriodPayload,
    description:
      "Snapshots the period's KPI actuals per reporting currency (the scorecard then shows the snapshot and flags restatements) and locks postings: documents dated on or before the period's last day, of the entity (or every entity), are refused with PERIOD_CLOSED.",
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: ClosePeriodInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('periodClose', () => closePeriod(ctx.prisma, ctx.actor, input, ctx.config.baseCurrency, ctx.today)),
  }),
);

const ReopenPeriodInput = builder.inputType('ReopenPeriodInput', {
  fields: (t) => ({
    period: t.string(),
    entityCode: t.string({ required: false, description: 'Null: the close for every entity.' }),
    reason: t.string({ description: 'Why the closed period is reopened; kept in the audit record.' }),
  }),
});
const ReopenPeriodPayload = payloadType('ReopenPeriodPayload', 'periodClose', PeriodCloseRef);
builder.mutationField('reopenPeriod', (t) =>
  t.field({
    type: ReopenPeriodPayload,
    description: 'Removes a close and its snapshots and lifts its posting lock (audited with the reason); periodClose is the close as it was.',
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: ReopenPeriodInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('periodClose', () => reopenPeriod(ctx.prisma, ctx.actor, input)),
  }),
);
