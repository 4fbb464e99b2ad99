// The KPI scorecard (every KPI for one period) and one KPI's history. Targets are edited in
// both; manual KPIs' actuals in the scorecard. Each goes back through its own atomic batch
// (setKpiTargets, setKpiActuals) with the version from the hidden version column. A row the
// analyst adds to the scorecard (KPI, period, entity, target) sets a new target in the same
// setKpiTargets batch, without an expectedVersion.
import { FILTER_CHOICES, KPI_HISTORY, KPI_SCORECARD, SET_KPI_ACTUALS, SET_KPI_TARGETS, type FilterChoicesData, type KpiConflict, type KpiRecord, type KpiValue } from '../../api/operations.js';
import { cellToPercentString, kindOf, toCell, toRow } from '../cells.js';
import { RowProblem, type AddinColumn, type BatchSpec, type BuildContext, type CreateSpec, type DatasetLayout, type PushSpec, type Row, type RowEdits } from '../types.js';
import { describe, monthsBefore, optional, previousMonth, scope, upper, versionIn, YES_NO } from './common.js';

const kpiKey = (code: string, period: string, entityCode: string | null) => `${code}|${period}|${entityCode ?? ''}`;

function kpiRow(columns: AddinColumn[], v: KpiValue): Row {
  return toRow(columns, { ...v, entityCode: v.entityCode ?? '', closed: YES_NO(v.closed) });
}

/** A target or actual batch: `column` is the edited column, `versionColumn` its hidden version. */
function kpiValueBatch(kind: 'targets' | 'actuals', column: string, versionColumn: string): BatchSpec {
  // The value back from the server as the pushed row's cell: a fraction where the KPI is a percentage.
  const cellOf = (value: string | null, row: Row | undefined) => toCell(value, kindOf({ kind: 'decimal', percentWhen: PERCENT_ROWS }, row));
  return {
    name: kind === 'targets' ? 'KPI targets' : 'KPI actuals',
    field: kind === 'targets' ? 'setKpiTargets' : 'setKpiActuals',
    listName: kind,
    document: kind === 'targets' ? SET_KPI_TARGETS : SET_KPI_ACTUALS,
    columns: [column],
    toInput: (row: RowEdits) => ({
      kpiCode: String(row.current.code),
      period: String(row.current.period),
      entityCode: optional(String(row.current.entityCode ?? '')),
      value: row.edits.find((e) => e.column === column)!.value,
      expectedVersion: versionIn(row.current[versionColumn]),
    }),
    written: (payload: Record<string, KpiRecord[] | null>, rowOf) =>
      (payload[kind] ?? []).map((r) => {
        const rowKey = kpiKey(r.kpiCode, r.period, r.entityCode);
        return { rowKey, cells: { [column]: cellOf(r.value, rowOf(rowKey)), [versionColumn]: r.version } };
      }),
    conflicts: (payload: { conflicts: KpiConflict[] }, rowOf) =>
      payload.conflicts.map((c) => {
        const rowKey = kpiKey(c.kpiCode, c.period, c.entityCode);
        return { rowKey, cells: { [column]: cellOf(c.currentValue, rowOf(rowKey)), [versionColumn]: c.currentVersion ?? '' }, version: c.currentVersion };
      }),
  };
}

/** Units the API bounds: a percentage from 0 to 100, days never negative. */
function checkUnit(row: RowEdits, columns: string[]) {
  const problems: { column: string; message: string }[] = [];
  for (const edit of row.edits) {
    if (!columns.includes(edit.column) || typeof edit.value !== 'string') continue;
    const n = Number(edit.value);
    const what = edit.column === 'target' ? 'target' : 'actual';
    if (row.current.unit === 'PERCENT' && (n < 0 || n > 100)) problems.push({ column: edit.column, message: `${row.current.code} is a percentage: a ${what} of ${edit.value} is not within 0–100.` });
    if (row.current.unit === 'DAYS' && n < 0) problems.push({ column: edit.column, message: `${row.current.code} counts days: a ${what} cannot be negative (${edit.value}).` });
  }
  return problems;
}

/** KPIs of several units share the value columns: PERCENT rows hold real percentage cells. */
const PERCENT_ROWS = { column: 'unit', equals: 'PERCENT' };

const valueColumns = (editableActual: boolean): AddinColumn[] => [
  { key: 'actual', header: 'Actual', kind: 'decimal', numberFormat: '#,##0.00', width: 12, editable: editableActual, versionColumn: 'actualVersion', scale: 4, percentWhen: PERCENT_ROWS },
  { key: 'target', header: 'Target', kind: 'decimal', numberFormat: '#,##0.00', width: 12, editable: true, versionColumn: 'targetVersion', scale: 4, percentWhen: PERCENT_ROWS },
  { key: 'status', header: 'Status', kind: 'text', width: 11 },
];

const scorecardColumns: AddinColumn[] = [
  { key: 'code', header: 'KPI', kind: 'text', width: 22 },
  { key: 'name', header: 'Name', kind: 'text', width: 32 },
  { key: 'period', header: 'Period', kind: 'text', width: 9 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'unit', header: 'Unit', kind: 'text', width: 9 },
  { key: 'direction', header: 'Better', kind: 'text', width: 18 },
  { key: 'source', header: 'Source', kind: 'text', width: 10 },
  ...valueColumns(true),
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'closed', header: 'Closed', kind: 'text', width: 7 },
  { key: 'snapshotCurrency', header: 'Snapshot currency', kind: 'text', width: 9 },
  { key: 'targetVersion', header: 'Target version', kind: 'integer', hidden: true },
  { key: 'actualVersion', header: 'Actual version', kind: 'integer', hidden: true },
];

/**
 * The note kept in view when the scorecard pulled holds closed periods: which period and scope,
 * and whether its actuals are the close snapshot or, in a currency the close did not snapshot,
 * the live figure. Targets stay editable: closing freezes actuals, not targets.
 */
export function closedPeriodNote(rows: Row[]): string | null {
  const closed = rows.filter((r) => r.closed === 'Yes');
  if (closed.length === 0) return null;
  const scopes = new Map<string, Row>();
  for (const row of closed) scopes.set(`${row.period}|${row.entityCode}`, row);
  const sentences = [...scopes.values()].map((row) => {
    const where = row.entityCode ? `for ${row.entityCode}` : 'for all entities';
    const snapshot = String(row.snapshotCurrency ?? '');
    const actuals = snapshot === '' || snapshot === row.currency ? 'actuals are the close snapshot' : `actuals in ${row.currency} are the live figures (the close snapshot is in ${snapshot})`;
    return `${row.period} is closed ${where}: ${actuals}.`;
  });
  return `${sentences.join(' ')} Targets can still be set; actuals can no longer be entered.`;
}

type KpiDefinitionChoice = FilterChoicesData['kpiDefinitions'][number];

// One look-up of the KPI definitions per push, however many rows it creates.
const definitionsOf = new WeakMap<BuildContext, Promise<Map<string, KpiDefinitionChoice>>>();
function kpiDefinitions(context: BuildContext): Promise<Map<string, KpiDefinitionChoice>> {
  let definitions = definitionsOf.get(context);
  if (!definitions) {
    definitions = context.api.query<FilterChoicesData>(FILTER_CHOICES, {}, context.signal).then((data) => new Map(data.kpiDefinitions.map((d) => [d.code, d])));
    definitionsOf.set(context, definitions);
  }
  return definitions;
}

/**
 * A scorecard row the analyst added: a target for a KPI, period and scope that has none yet.
 * Its unit is looked up, as the new row's unit cell is usually blank: a PERCENT KPI's target
 * cell is read as the percentage it shows (45% → "45"), as in the pulled rows.
 */
const targetCreates: CreateSpec = {
  listName: 'targets',
  columns: ['code', 'period', 'entityCode', 'target'],
  required: ['code', 'period', 'target'],
  async toInput(row, context) {
    const value = (column: string) => row.edits.find((e) => e.column === column);
    const code = String(value('code')?.value ?? '').trim().toUpperCase();
    const definitions = await kpiDefinitions(context);
    const kpi = definitions.get(code);
    if (!kpi) throw new RowProblem('code', `No KPI with code "${code}"; choose one of ${[...definitions.keys()].join(', ')}.`);
    const target = value('target')!;
    let decimal = target.value === null ? null : String(target.value);
    if (kpi.unit === 'PERCENT') {
      decimal = cellToPercentString(target.after);
      const n = Number(decimal);
      if (decimal === null || !(n >= 0 && n <= 100)) {
        throw new RowProblem('target', `${code} is a percentage: a target of ${decimal ?? target.after} is not within 0–100 (type 45% for 45 percent).`);
      }
    }
    return { kpiCode: code, period: String(value('period')?.value ?? '').trim(), entityCode: upper(String(value('entityCode')?.value ?? '')), value: decimal };
  },
  // setKpiTargets lists targets by id: the new ones come last, in the order they were sent.
  written: (payload: { targets: KpiRecord[] | null }, count) =>
    (count > 0 ? (payload.targets ?? []).slice(-count) : []).map((r) => {
      const record = { code: r.kpiCode, period: r.period, entityCode: r.entityCode ?? '', ...r.kpi, target: r.value, targetVersion: r.version };
      return toRow(scorecardColumns.filter((c) => c.key in record), record);
    }),
};

const scorecardPush: PushSpec = {
  batches: [{ ...kpiValueBatch('targets', 'target', 'targetVersion'), creates: targetCreates }, kpiValueBatch('actuals', 'actual', 'actualVersion')],
  validateRow(row) {
    const problems = checkUnit(row, ['target', 'actual']);
    if (row.edits.some((e) => e.column === 'actual') && row.current.source !== 'MANUAL') {
      problems.push({ column: 'actual', message: `${row.current.code} is computed from the ledger; only manual KPIs take entered actuals.` });
    } else if (row.edits.some((e) => e.column === 'actual') && row.current.closed === 'Yes') {
      problems.push({ column: 'actual', message: `${row.current.period} is closed${row.current.entityCode ? ` for ${row.current.entityCode}` : ''}: its actuals are frozen (reopening the period is for an admin). Targets can still be set.` });
    }
    return problems;
  },
};

export const kpiScorecardLayout: DatasetLayout = {
  id: 'kpiScorecard',
  title: 'KPI scorecard',
  description: 'Every KPI for one period with its target and status. Edit targets, and actuals of manual KPIs; add a row (KPI, period, entity, target) to set a new target.',
  table: { sheetName: 'KPI scorecard', tableName: 'llKpiScorecard', columns: scorecardColumns },
  keyColumns: ['code', 'period', 'entityCode'],
  filters: [{ key: 'period', required: true }, { key: 'entityCode' }, { key: 'currency' }],
  defaultFilters: (today) => ({ period: previousMonth(today), entityCode: '', currency: '' }),
  describeFilters: (f) => describe([String(f.period), scope(f), upper(f.currency) && `in ${upper(f.currency)}`]),
  rowLabel: (row) => `${row.code} ${row.period}${row.entityCode ? ` ${row.entityCode}` : ''}`,
  async pull(filters, context) {
    const data = await context.api.query<{ kpiScorecard: KpiValue[] }>(
      KPI_SCORECARD,
      { period: optional(filters.period), entityCode: upper(filters.entityCode), currency: upper(filters.currency) },
      context.signal,
    );
    context.onFetched?.(data.kpiScorecard.length, data.kpiScorecard.length);
    return data.kpiScorecard.map((v) => kpiRow(scorecardColumns, v));
  },
  pullNote: (rows) => closedPeriodNote(rows),
  push: scorecardPush,
};

// Period, actual and target side by side: the trend chart's categories and series.
const historyColumns: AddinColumn[] = [
  { key: 'code', header: 'KPI', kind: 'text', width: 22 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'name', header: 'Name', kind: 'text', width: 32 },
  { key: 'unit', header: 'Unit', kind: 'text', width: 9 },
  { key: 'period', header: 'Period', kind: 'text', width: 9 },
  ...valueColumns(false),
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'targetVersion', header: 'Target version', kind: 'integer', hidden: true },
];

export const kpiHistoryLayout: DatasetLayout = {
  id: 'kpiHistory',
  title: 'KPI history',
  description: 'One KPI over a run of periods, oldest first, with a trend chart against its target. Edit targets.',
  table: { sheetName: 'KPI history', tableName: 'llKpiHistory', columns: historyColumns },
  keyColumns: ['code', 'period', 'entityCode'],
  filters: [{ key: 'kpiCode', required: true }, { key: 'from', required: true }, { key: 'to', required: true }, { key: 'entityCode' }, { key: 'currency' }],
  defaultFilters: (today) => ({ kpiCode: 'DSO', from: monthsBefore(previousMonth(today), 11), to: previousMonth(today), entityCode: '', currency: '' }),
  describeFilters: (f) => describe([String(f.kpiCode).toUpperCase(), `${f.from} to ${f.to}`, scope(f), upper(f.currency) && `in ${upper(f.currency)}`]),
  rowLabel: (row) => `${row.code} ${row.period}${row.entityCode ? ` ${row.entityCode}` : ''}`,
  chart: { title: 'KPI trend vs target', type: 'Line', columns: ['period', 'actual', 'target'], anchor: 'L2' },
  async pull(filters, context) {
    const data = await context.api.query<{ kpiHistory: KpiValue[] }>(
      KPI_HISTORY,
      { code: upper(filters.kpiCode), from: optional(filters.from), to: optional(filters.to), entityCode: upper(filters.entityCode), currency: upper(filters.currency) },
      context.signal,
    );
    context.onFetched?.(data.kpiHistory.length, data.kpiHistory.length);
    return data.kpiHistory.map((v) => kpiRow(historyColumns, v));
  },
  push: {
    batches: [kpiValueBatch('targets', 'target', 'targetVersion')],
    validateRow: (row) => checkUnit(row, ['target']),
  },
};
