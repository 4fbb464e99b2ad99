// KPI definitions, the scorecard, history and period close.
import type { Actor } from '../../domain/actor.js';
import { addDays, dateFromIso, isoFromDate } from '../../domain/dates.js';
import { ArgumentError, DomainError, ErrorCode, ErrorCollector, UserInputError } from '../../domain/errors.js';
import { MAX_HISTORY_PERIODS } from '../../domain/limits.js';
import { computeKpis, roundKpi, type ComputedKpiCode } from '../../domain/kpis/formulas.js';
import { parsePeriod, periodRange, type Period } from '../../domain/kpis/periods.js';
import { kpiStatus, parseTolerance, type KpiStatus } from '../../domain/kpis/status.js';
import { Money, parseCurrency } from '../../domain/money/money.js';
import { LIMITS, optionalText, parseCode, requireText } from '../../domain/text.js';
import type { KpiDefinition } from '../../generated/prisma/client.js';
import type { KpiCadence, KpiDirection, KpiUnit } from '../../generated/prisma/enums.js';
import { recordAudit } from '../audit.js';
import { refuseIfTaken } from '../db-errors.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';
import { findEntityOrThrow } from '../lookups.js';
import { lockEntitiesForClose, refreshLockedThrough } from '../period-lock.js';
import { asArgument, checkCurrencyArg, type RateAgeParams } from '../reporting.js';
import { ALL_ENTITIES } from './kpi-values.service.js';
import { ledgerFigures } from './ledger-figures.sql.js';

export interface KpiValue {
  definition: KpiDefinition;
  period: string;
  entityCode: string | null;
  currency: string;
  /** Rounded; the snapshot's when the period is closed. */
  actual: Money | null;
  /** Rounded live figure (differs from `actual` when restated after close). */
  liveActual: Money | null;
  target: Money | null;
  targetVersion: number | null;
  /** Version of the manual actual, for pushing edits back. */
  actualVersion: number | null;
  status: KpiStatus;
  closed: boolean;
  restated: boolean;
  /** The currency of the close's snapshot shown; when closed without a snapshot in `currency`, the close's first currency (actual is then live). Null when not closed. */
  snapshotCurrency: string | null;
}

export interface ScorecardParams extends RateAgeParams {
  period: string;
  entityCode?: string | null;
  currency?: string | null;
  baseCurrency: string;
  /** Only these KPI codes (history). */
  codes?: string[];
}

function periodArg(value: string, argument: string): Period {
  try {
    return parsePeriod(value, [argument]);
  } catch (error) {
    if (error instanceof UserInputError) throw new ArgumentError(argument, `${argument}: ${error.errors[0]!.message}`);
    throw error;
  }
}

async function scopeArg(prisma: Db, entityCode: string | null | undefined): Promise<{ entityId: number | null; scope: string; entityCode: string | null }> {
  if (!entityCode) return { entityId: null, scope: ALL_ENTITIES, entityCode: null };
  const entity = await asArgument('entityCode', () => findEntityOrThrow(prisma, entityCode, ['entityCode']));
  return { entityId: entity.id, scope: entity.code, entityCode: entity.code };
}

/** Unrounded values of every KPI (computed and manual) for one period and scope. */
async function liveValues(prisma: Db | Tx, definitions: KpiDefinition[], period: Period, scope: { entityId: number | null; scope: string }, fx: RateAgeParams & { currency: string; baseCurrency: string }) {
  const needsLedger = definitions.some((d) => d.source === 'COMPUTED');
  const computed = needsLedger ? computeKpis(await ledgerFigures(prisma, { ...fx, period, entityId: scope.entityId }), period) : null;
  const manual = await prisma.kpiActual.findMany({ where: { period: period.code, scope: scope.scope } });
  const manualById = new Map(manual.map((a) => [a.kpiId, a]));
  return new Map(
    definitions.map((d) => {
      if (d.source === 'COMPUTED') return [d.id, { value: computed?.[d.code as ComputedKpiCode] ?? null, version: null }] as const;
      const entered = manualById.get(d.id);
      return [d.id, { value: entered ? new Money(entered.value.toString()) : null, version: entered?.version ?? null }] as const;
    }),
  );
}

export async function kpiScorecard(prisma: Db, params: ScorecardParams): Promise<KpiValue[]> {
  const period = periodArg(params.period, 'period');
  const currency = checkCurrencyArg(params.currency, params.baseCurrency);
  const scope = await scopeArg(prisma, params.entityCode);
  const definitions = await prisma.kpiDefinition.findMany({
    where: params.codes ? { code: { in: params.codes } } : {},
    orderBy: [{ source: 'asc' }, { id: 'asc' }],
  });
  const live = await liveValues(prisma, definitions, period, scope, { currency, baseCurrency: params.baseCurrency, fxMaxAgeDays: params.fxMaxAgeDays, allowStaleRates: params.allowStaleRates });
  const targets = new Map((await prisma.kpiTarget.findMany({ where: { period: period.code, scope: scope.scope } })).map((t) => [t.kpiId, t]));
  const close = await prisma.periodClose.findUnique({ where: { period_scope: { period: period.code, scope: scope.scope } }, include: { snapshots: true } });
  const inCurrency = close?.snapshots.filter((s) => s.currency === currency) ?? [];
  // Closed, but not snapshotted in this currency: the live figure, flagged closed, naming the close's currency.
  const snapshot = inCurrency.length > 0 ? new Map(inCurrency.map((s) => [s.kpiId, s.value])) : null;
  const liveWhileClosed = close !== null && snapshot === null;

  return definitions.map((definition) => {
    const liveActual = roundKpi(live.get(definition.id)!.value);
    const frozen = snapshot?.has(definition.id) ? snapshot.get(definition.id)! : undefined;
    const actual = frozen === undefined ? liveActual : roundKpi(frozen === null ? null : new Money(frozen.toString()));
    const target = targets.get(definition.id);
    const targetValue = target ? new Money(target.value.toString()) : null;
    return {
      definition,
      period: period.code,
      entityCode: scope.entityCode,
      currency,
      actual,
      liveActual,
      target: targetValue,
      targetVersion: target?.version ?? null,
      actualVersion: live.get(definition.id)!.version,
      status: kpiStatus({ actual, target: targetValue, direction: definition.direction, tolerance: new Money(definition.tolerance.toString()) }),
      closed: frozen !== undefined || liveWhileClosed,
      restated: frozen !== undefined && !sameValue(actual, liveActual),
      snapshotCurrency: frozen !== undefined ? currency : liveWhileClosed ? close.currency : null,
    };
  });
}

function sameValue(a: Money | null, b: Money | null): boolean {
  return a === null || b === null ? a === b : a.eq(b);
}

export interface HistoryParams extends RateAgeParams {
  code: string;
  from: string;
  to: string;
  entityCode?: string | null;
  currency?: string | null;
  baseCurrency: string;
}

export async function kpiHistory(prisma: Db, params: HistoryParams): Promise<KpiValue[]> {
  const from = periodArg(params.from, 'from');
  const to = periodArg(params.to, 'to');
  const periods = await asArgument('to', () => periodRange(from, to, MAX_HISTORY_PERIODS, ['to']));
  const code = params.code.trim().toUpperCase();
  if (!(await prisma.kpiDefinition.findUnique({ where: { code } }))) {
    throw new ArgumentError('code', `No KPI with code "${params.code.slice(0, 40)}" exists.`, ErrorCode.NOT_FOUND);
  }
  const values: KpiValue[] = [];
  for (const period of periods) {
    values.push(...(await kpiScorecard(prisma, { ...params, period: period.code, codes: [code] })));
  }
  return values;
}

export interface CreateKpiDefinitionInput {
  code: string;
  name: string;
  description?: string | null;
  unit: KpiUnit;
  direction: KpiDirection;
  cadence: KpiCadence;
  tolerance?: string | null;
}

export async function createKpiDefinition(prisma: Db, actor: Actor, input: CreateKpiDefinitionInput): Promise<KpiDefinition> {
  const errors = new ErrorCollector();
  const code = errors.check(() => parseCode(input.code, ['code'], 'The KPI code'));
  const name = errors.check(() => requireText(input.name, ['name'], { max: LIMITS.name, what: 'The KPI name' }));
  const description = errors.check(() => optionalText(input.description, ['description'], { max: LIMITS.note, what: 'The description' }));
  const tolerance = parseTolerance(input.tolerance, ['tolerance'], errors);
  return prisma.$transaction(async (tx) => {
    const duplicate = `A KPI with code ${code} already exists.`;
    if (code && (await tx.kpiDefinition.findUnique({ where: { code } }))) errors.add(['code'], duplicate, ErrorCode.DUPLICATE);
    errors.throwIfAny();
    const definition = await refuseIfTaken(tx.kpiDefinition.create({
      data: { code: code!, name: name!, description, unit: input.unit, direction: input.direction, cadence: input.cadence, source: 'MANUAL', tolerance: tolerance.toString() },
    }), ['code'], duplicate);
    await recordAudit(tx, actor, { action: 'createKpiDefinition', recordType: 'KpiDefinition', recordId: definition.code, after: definition });
    return definition;
  }, TX_OPTIONS);
}

/** At most this many reporting currencies are snapshotted by one close. */
const MAX_CLOSE_CURRENCIES = 10;

export interface ClosePeriodInput {
  period: string;
  entityCode?: string | null;
  /** Reporting currencies to snapshot; default the base currency. */
  currencies?: string[] | null;
}

/**
 * Snapshots every KPI's actual (unrounded) for the period and scope, once per reporting
 * currency, so reported history does not move silently when back-dated entries arrive, and
 * locks postings dated on or before the period's last day for the scope's entity (every entity
 * for all). Only a period that is over (its last day before today) can be closed: its figures
 * are still moving until then. The entity rows are locked before the figures are computed, in
 * the same transaction: a back-dated posting that committed first is in the snapshot, one that
 * waits on the lock is refused (PERIOD_CLOSED).
 */
export async function closePeriod(prisma: Db, actor: Actor, input: ClosePeriodInput, baseCurrency: string, today: string) {
  const errors = new ErrorCollector();
  const period = errors.check(() => parsePeriod(input.period, ['period']));
  if (period && period.end >= today) {
    errors.add(['period'], `${period.code} runs until ${period.end}; a period can be closed once it is over, from ${addDays(period.end, 1)}.`, ErrorCode.OUT_OF_RANGE);
  }
  const currencies = closeCurrencies(input.currencies, baseCurrency, errors);
  let scope = { entityId: null as number | null, scope: ALL_ENTITIES, entityCode: null as string | null };
  if (input.entityCode) {
    const entity = await errors.checkAsync(() => findEntityOrThrow(prisma, input.entityCode!, ['entityCode']));
    if (entity) scope = { entityId: entity.id, scope: entity.code, entityCode: entity.code };
  }
  errors.throwIfAny();
  const duplicate = `${period!.code} is already closed for ${scope.entityCode ?? 'all entities'}.`;
  const entityIds = scope.entityId === null ? null : [scope.entityId];
  return prisma.$transaction(async (tx) => {
    await lockEntitiesForClose(tx, entityIds);
    if (await tx.periodClose.findUnique({ where: { period_scope: { period: period!.code, scope: scope.scope } } })) {
      throw UserInputError.of(['period'], duplicate, ErrorCode.DUPLICATE);
    }
    const definitions = await tx.kpiDefinition.findMany();
    const snapshots = [];
    for (const [index, currency] of currencies.entries()) {
      const values = await liveValues(tx, definitions, period!, scope, { currency, baseCurrency }).catch((error: unknown) => {
        // A currency the ledger cannot be translated into is the caller's choice of currency.
        if (error instanceof DomainError && error.code === ErrorCode.FX_RATE_MISSING) throw UserInputError.of(['currencies', String(index)], error.message, error.code);
        throw error;
      });
      snapshots.push(...definitions.map((d) => ({ kpiId: d.id, currency, value: values.get(d.id)!.value?.toString() ?? null })));
    }
    const close = await refuseIfTaken(tx.periodClose.create({
      data: {
        period: period!.code,
        scope: scope.scope,
        currency: currencies[0]!,
        currencies,
        lockedThrough: dateFromIso(period!.end),
        closedBy: actor.name,
        snapshots: { create: snapshots },
      },
    }), ['period'], duplicate);
    await refreshLockedThrough(tx, entityIds);
    await recordAudit(tx, actor, {
      action: 'closePeriod',
      recordType: 'PeriodClose',
      recordId: `${period!.code}/${scope.scope}`,
      after: { period: close.period, scope: close.scope, currencies, lockedThrough: period!.end, snapshots: snapshots.length },
    });
    return close;
  }, TX_OPTIONS);
}

/** The currencies asked for a close: each an ISO code, repeats dropped, at most MAX_CLOSE_CURRENCIES; none: the base currency. */
function closeCurrencies(asked: string[] | null | undefined, baseCurrency: string, errors: ErrorCollector): string[] {
  if (!asked || asked.length === 0) return [baseCurrency];
  const codes = asked.map((value, index) => errors.check(() => parseCurrency(value, ['currencies', String(index)])));
  const unique = [...new Set(codes.filter((code): code is string => code !== undefined))];
  if (unique.length > MAX_CLOSE_CURRENCIES) {
    errors.add(['currencies'], `${unique.length} currencies given; a close snapshots at most ${MAX_CLOSE_CURRENCIES} reporting currencies.`, ErrorCode.OUT_OF_RANGE);
  }
  return unique;
}

export interface ReopenPeriodInput {
  period: string;
  entityCode?: string | null;
  reason: string;
}

/**
 * Removes a close (its snapshots go with it) and lifts its lock: the entity's locked day falls
 * back to the latest close that remains. Returns the close as it was.
 */
export async function reopenPeriod(prisma: Db, actor: Actor, input: ReopenPeriodInput) {
  const errors = new ErrorCollector();
  const period = errors.check(() => parsePeriod(input.period, ['period']));
  const reason = errors.check(() => requireText(input.reason, ['reason'], { max: LIMITS.note, what: 'The reason' }));
  let scope = { entityId: null as number | null, scope: ALL_ENTITIES, entityCode: null as string | null };
  if (input.entityCode) {
    const entity = await errors.checkAsync(() => findEntityOrThrow(prisma, input.entityCode!, ['entityCode']));
    if (entity) scope = { entityId: entity.id, scope: entity.code, entityCode: entity.code };
  }
  errors.throwIfAny();
  const entityIds = scope.entityId === null ? null : [scope.entityId];
  return prisma.$transaction(async (tx) => {
    await lockEntitiesForClose(tx, entityIds);
    const close = await tx.periodClose.findUnique({ where: { period_scope: { period: period!.code, scope: scope.scope } }, include: { snapshots: { include: { kpi: true } } } });
    if (!close) {
      throw UserInputError.of(['period'], `${period!.code} is not closed for ${scope.entityCode ?? 'all entities'}; only a closed period can be reopened.`, ErrorCode.NOT_FOUND);
    }
    await tx.periodClose.delete({ where: { id: close.id } });
    await refreshLockedThrough(tx, entityIds);
    const { snapshots, ...closed } = close;
    await recordAudit(tx, actor, {
      action: 'reopenPeriod',
      recordType: 'PeriodClose',
      recordId: `${close.period}/${close.scope}`,
      before: { ...closed, lockedThrough: isoFromDate(close.lockedThrough), snapshots: snapshots.map((s) => ({ kpiCode: s.kpi.code, currency: s.currency, value: s.value?.toString() ?? null })) },
      after: { reason },
    });
    return closed;
  }, TX_OPTIONS);
}
