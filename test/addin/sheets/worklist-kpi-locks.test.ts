// The worklist's collections depth (collector filter, snoozed customers, credit limit, hold and
// disputes) and the scorecard of a closed period (Closed, Snapshot currency, the note the pane
// keeps in view; actuals frozen, targets still editable).
import { describe, expect, it } from 'vitest';
import type { KpiValue } from '../../../addin/api/operations.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { closedPeriodNote } from '../../../addin/sheets/layouts/kpis.js';
import { kpiScorecardLayout, worklistLayout } from '../../../addin/sheets/layouts/index.js';
import { planBatches } from '../../../addin/sheets/push.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import type { Row } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const ITEM = {
  customer: { code: 'ACME', name: 'Acme Corp', currency: 'USD', entity: { code: 'US01' } },
  currency: 'USD', pastDue: '1200.00', oldestDaysPastDue: 40, brokenPromises: 0, lastActivity: null, lastActivityKind: null, nextFollowUp: null, priority: '48000',
  billingCurrency: 'USD', pastDueInBillingCurrency: '1200.00', pastDueInOtherCurrencies: [],
  collector: 'maria', creditLimit: '1000.00', overCreditLimit: true, onCreditHold: false, openDisputes: 2, snoozedUntil: null,
};

describe('the worklist by collector', () => {
  it('passes the collector and Include snoozed to the query, and shows limit, hold and disputes read-only', async () => {
    const api = fakeApi({ CollectionsWorklist: () => ({ collectionsWorklist: [ITEM, { ...ITEM, customer: { ...ITEM.customer, code: 'BETA' }, collector: null, creditLimit: null, overCreditLimit: false, onCreditHold: true, openDisputes: 0, snoozedUntil: '2026-12-04' }] }) });
    const rows = await worklistLayout.pull({ asOf: '2026-11-30', entityCode: '', collector: ' maria ', includeSnoozed: 'true' }, { api });
    await worklistLayout.pull({ asOf: '2026-11-30', entityCode: '', collector: '', includeSnoozed: '' }, { api });
    expect(api.calls.map((c) => c.variables)).toEqual([
      { asOf: '2026-11-30', entityCode: null, collector: 'maria', includeSnoozed: true },
      { asOf: '2026-11-30', entityCode: null, collector: null, includeSnoozed: false },
    ]);
    expect(rows.map((r) => [r.collector, r.creditLimit, r.overCreditLimit, r.onCreditHold, r.openDisputes, r.snoozedUntil])).toEqual([
      ['maria', 1000, 'Yes', 'No', 2, ''],
      ['', '', 'No', 'Yes', 0, isoToSerial('2026-12-04')],
    ]);
    const headers = worklistLayout.table.columns.filter((c) => ['collector', 'creditLimit', 'overCreditLimit', 'onCreditHold', 'openDisputes'].includes(c.key));
    expect(headers.map((c) => [c.header, c.editable ?? false])).toEqual([['Collector', false], ['Credit limit', false], ['Over limit', false], ['Credit hold', false], ['Open disputes', false]]);
    expect(worklistLayout.filters.map((f) => f.key)).toEqual(['asOf', 'entityCode', 'collector', 'includeSnoozed']);
    expect(worklistLayout.defaultFilters('2026-11-30')).toEqual({ asOf: '2026-11-30', entityCode: '', collector: '', includeSnoozed: '' });
    expect(worklistLayout.describeFilters!({ asOf: '2026-11-30', entityCode: 'us01', collector: 'maria', includeSnoozed: 'true' })).toBe('as of 2026-11-30, entity US01, collector maria, snoozed included');
  });
});

const kpi = (over: Partial<KpiValue>): KpiValue => ({
  code: 'DSO', name: 'Days sales outstanding', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'MANUAL', period: '2026-10', entityCode: 'US01', currency: 'USD',
  actual: '45.5', actualVersion: 3, target: '40', targetVersion: 2, status: 'AT_RISK', closed: true, snapshotCurrency: 'USD', ...over,
});

async function scorecard(values: KpiValue[], filters = { period: '2026-10', entityCode: 'US01', currency: '' }): Promise<Row[]> {
  return kpiScorecardLayout.pull(filters, { api: fakeApi({ KpiScorecard: () => ({ kpiScorecard: values }) }) });
}

describe('the scorecard of a closed period', () => {
  it('shows Closed and Snapshot currency, and a note naming the period and entity', async () => {
    const rows = await scorecard([kpi({})]);
    expect(rows.map((r) => [r.closed, r.snapshotCurrency])).toEqual([['Yes', 'USD']]);
    expect(kpiScorecardLayout.pullNote!(rows, {})).toBe('2026-10 is closed for US01: actuals are the close snapshot. Targets can still be set; actuals can no longer be entered.');
  });

  it('says the actuals are live figures in a currency the close did not snapshot; no note while open', async () => {
    const eur = await scorecard([kpi({ currency: 'EUR', entityCode: null })]);
    expect(closedPeriodNote(eur)).toBe('2026-10 is closed for all entities: actuals in EUR are the live figures (the close snapshot is in USD). Targets can still be set; actuals can no longer be entered.');
    expect(closedPeriodNote(await scorecard([kpi({ closed: false, snapshotCurrency: null })]))).toBeNull();
  });

  it('keeps targets editable and refuses an entered actual, before anything is sent', async () => {
    const pulled = await scorecard([kpi({})]);
    const edited = [{ ...pulled[0]!, target: 38, actual: 44 }];
    const reading = readSheet(kpiScorecardLayout, baselineOf(kpiScorecardLayout, pulled), edited);
    const { rows, problems } = validateEdits(reading.edits, edited, kpiScorecardLayout);
    expect(problems.map((p) => [p.column, p.message])).toEqual([['actual', '2026-10 is closed for US01: its actuals are frozen (reopening the period is for an admin). Targets can still be set.']]);
    expect(rows).toEqual([]);

    const targetOnly = [{ ...pulled[0]!, target: 38 }];
    const ok = validateEdits(readSheet(kpiScorecardLayout, baselineOf(kpiScorecardLayout, pulled), targetOnly).edits, targetOnly, kpiScorecardLayout);
    expect(ok.problems).toEqual([]);
    const { batches } = await planBatches(kpiScorecardLayout, ok.rows, { api: fakeApi({}), today: '2026-11-30', filters: {} });
    expect(batches.map((b) => [b.spec.field, b.items.map((i) => i.input)])).toEqual([['setKpiTargets', [{ kpiCode: 'DSO', period: '2026-10', entityCode: 'US01', value: '38', expectedVersion: 2 }]]]);
  });
});
