// Each layout: how rows come from the API (paging through connections), and how edits become
// the variables of its one batch mutation — with expectedVersion from the hidden version
// column — and how the answer maps back to cells.
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import { agingLayout, invoicesLayout, kpiHistoryLayout, kpiScorecardLayout, projectsLayout, risksLayout, worklistLayout } from '../../../addin/sheets/layouts/index.js';
import { batchSignature, batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import type { DatasetLayout, Row } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const TODAY = '2026-11-25';

async function plan(layout: DatasetLayout, pulled: Row[], current: Row[], api = fakeApi({})) {
  const { rows, problems } = validateEdits(readSheet(layout, baselineOf(layout, pulled), current).edits, current, layout);
  expect(problems).toEqual([]);
  return planBatches(layout, rows, { api, today: TODAY, filters: {} });
}

const kpiRow = (over: Partial<Row> = {}): Row => ({
  code: 'DSO', name: 'DSO', period: '2026-10', entityCode: '', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED',
  actual: 45, target: 40, status: 'AT_RISK', currency: 'USD', closed: 'No', targetVersion: 2, actualVersion: '', ...over,
});

describe('pulling', () => {
  it('pages through open invoices 1,000 at a time with after, reporting progress', async () => {
    const node = (n: number) => ({
      number: `US01-${String(n).padStart(6, '0')}`, status: 'ISSUED', issueDate: '2026-10-01', dueDate: '2026-10-31', daysPastDue: 25, currency: 'USD',
      total: '100.00', amountPaid: '0.00', balance: '100.00', disputed: false, poNumber: null, paymentTerms: 'NET30', entity: { code: 'US01' }, customer: { code: 'C1', name: 'Acme' },
    });
    const api = fakeApi({
      InvoicesPage: (v) =>
        v.after === null
          ? { invoices: { totalCount: 1001, pageInfo: { hasNextPage: true, endCursor: 'c1000' }, edges: Array.from({ length: 1000 }, (_, i) => ({ node: node(i + 1) })) } }
          : { invoices: { totalCount: 1001, pageInfo: { hasNextPage: false, endCursor: 'c1001' }, edges: [{ node: node(1001) }] } },
    });
    const progress: [number, number | null][] = [];
    const rows = await invoicesLayout.pull({ entityCode: 'us01', currency: '' }, { api, onFetched: (d, t) => progress.push([d, t]) });
    expect(api.calls.map((c) => [c.variables.first, c.variables.after, c.variables.filter])).toEqual([
      [1000, null, { open: true, entityCode: 'US01', currency: null }],
      [1000, 'c1000', { open: true, entityCode: 'US01', currency: null }],
    ]);
    expect(progress).toEqual([[1000, 1001], [1001, 1001]]);
    expect(rows).toHaveLength(1001);
    expect(rows[0]).toEqual({
      number: 'US01-000001', customerCode: 'C1', customerName: 'Acme', entityCode: 'US01', issueDate: isoToSerial('2026-10-01'), dueDate: isoToSerial('2026-10-31'),
      daysPastDue: 25, currency: 'USD', total: 100, amountPaid: 0, balance: 100, status: 'ISSUED', disputed: 'No', paymentTerms: 'NET30', poNumber: '',
    });
  });

  it('lists aging customers largest first with the report currency', async () => {
    const buckets = (total: string) => ({ current: '0.00', days1To30: '0.00', days31To60: '0.00', days61To90: '0.00', over90: total, total });
    const api = fakeApi({
      AgingReport: () => ({ agingReport: { asOf: TODAY, currency: 'EUR', total: buckets('30.00'), customers: [
        { customer: { code: 'A', name: 'Small', entity: { code: 'DE01' } }, buckets: buckets('10.00') },
        { customer: { code: 'B', name: 'Large', entity: { code: 'DE01' } }, buckets: buckets('20.00') },
      ] } }),
    });
    const rows = await agingLayout.pull({ asOf: TODAY, currency: 'eur' }, { api });
    expect(api.calls[0]!.variables).toEqual({ asOf: TODAY, entityCode: null, currency: 'EUR' });
    expect(rows.map((r) => [r.customerCode, r.over90, r.currency])).toEqual([['B', 20, 'EUR'], ['A', 10, 'EUR']]);
    expect(agingLayout.chart).toMatchObject({ title: 'Aging by bucket', columns: ['customerName', 'current', 'days1To30', 'days31To60', 'days61To90', 'over90'] });
    expect(kpiHistoryLayout.chart).toMatchObject({ title: 'KPI trend vs target', type: 'Line', columns: ['period', 'actual', 'target'] });
  });
});

describe('percent KPIs', () => {
  it('pulls the values of PERCENT KPIs as percentage cells (62.5 → 0.625), the others as numbers', async () => {
    const value = (code: string, unit: string, actual: string | null, target: string | null) => ({
      code, name: code, unit, direction: 'HIGHER_IS_BETTER', source: 'COMPUTED', period: '2026-10', entityCode: null, currency: 'USD',
      actual, actualVersion: null, target, targetVersion: 1, status: 'ON_TRACK', closed: false,
    });
    const api = fakeApi({ KpiScorecard: () => ({ kpiScorecard: [value('DSO', 'DAYS', '45.5', '40'), value('CEI', 'PERCENT', '62.5', null)] }) });
    const rows = await kpiScorecardLayout.pull({ period: '2026-10' }, { api });
    expect(rows.map((r) => [r.code, r.actual, r.target])).toEqual([['DSO', 45.5, 40], ['CEI', 0.625, '']]);
  });
});

describe('edits → batch mutation variables', () => {
  it('KPI scorecard: a target edit goes to setKpiTargets with the target version; a manual actual to setKpiActuals', async () => {
    const pulled = [kpiRow(), kpiRow({ code: 'NPS', source: 'MANUAL', unit: 'PERCENT', actual: '', target: '', targetVersion: '', actualVersion: '' })];
    // NPS is a PERCENT KPI: its cells hold fractions (0.7 shows 70%), its values go out as shown.
    const current = [kpiRow({ target: 38.5 }), { ...pulled[1]!, actual: 0.61, target: 0.7 }];
    const { batches, problems } = await plan(kpiScorecardLayout, pulled, current);
    expect(problems).toEqual([]);
    expect(batches.map((b) => [b.spec.field, batchVariables(b, 'key-1')])).toEqual([
      ['setKpiTargets', { input: { targets: [
        { kpiCode: 'DSO', period: '2026-10', entityCode: null, value: '38.5', expectedVersion: 2 },
        { kpiCode: 'NPS', period: '2026-10', entityCode: null, value: '70', expectedVersion: null },
      ], idempotencyKey: 'key-1' } }],
      ['setKpiActuals', { input: { actuals: [{ kpiCode: 'NPS', period: '2026-10', entityCode: null, value: '61', expectedVersion: null }], idempotencyKey: 'key-1' } }],
    ]);
  });

  it('KPI history: targets per period and entity', async () => {
    const row = (period: string, target: Row[string], version: Row[string]): Row => ({ period, code: 'CEI', entityCode: 'DE01', name: 'CEI', unit: 'PERCENT', actual: 0.8, target, status: 'ON_TRACK', currency: 'USD', targetVersion: version });
    const pulled = [row('2026-09', '', ''), row('2026-10', 0.85, 4)];
    const { batches } = await plan(kpiHistoryLayout, pulled, [row('2026-09', 0.82, ''), row('2026-10', 0.865, 4)]);
    expect(batchVariables(batches[0]!, 'k').input.targets).toEqual([
      { kpiCode: 'CEI', period: '2026-09', entityCode: 'DE01', value: '82', expectedVersion: null },
      { kpiCode: 'CEI', period: '2026-10', entityCode: 'DE01', value: '86.5', expectedVersion: 4 },
    ]);
  });

  it('projects: only the changed fields, with the row version; a cleared actual end is sent as ""', async () => {
    const base: Row = { code: 'P1', status: 'ACTIVE', forecastEndDate: isoToSerial('2026-12-31'), actualEndDate: isoToSerial('2026-11-01'), actualCost: 100, percentComplete: 0.1, currency: 'USD', version: 7 };
    const { batches } = await plan(projectsLayout, [base], [{ ...base, status: 'on hold', actualEndDate: '', actualCost: 1250.5, percentComplete: 0.625 }]);
    expect(batches[0]!.spec.field).toBe('updateProjects');
    expect(batchVariables(batches[0]!, 'k').input.changes).toEqual([
      { code: 'P1', expectedVersion: 7, status: 'ON_HOLD', actualEndDate: '', actualCost: '1250.50', percentComplete: '62.5' },
    ]);
  });

  it('risks: probability, impact, status and mitigation by risk id', async () => {
    const base: Row = { projectCode: 'P1', title: 'T', owner: 'O', probability: 3, impact: 4, score: 12, status: 'OPEN', mitigation: 'Weekly calls', id: '17', version: 2 };
    const { batches } = await plan(risksLayout, [base], [{ ...base, probability: 4, status: 'Mitigating', mitigation: '' }]);
    expect(batchVariables(batches[0]!, 'k')).toEqual({ input: { changes: [{ id: '17', expectedVersion: 2, probability: 4, status: 'MITIGATING', mitigation: '' }], idempotencyKey: 'k' } });
  });

  describe('worklist → logCollectionActivities', () => {
    const item = (code: string, over: Partial<Row> = {}): Row => ({
      customerCode: code, customerName: code, entityCode: 'US01', currency: 'USD', pastDue: 5000, oldestDaysPastDue: 40, brokenPromises: 0, priority: 1,
      lastActivity: '', lastActivityKind: '', nextFollowUp: isoToSerial('2026-12-01'), action: '', note: '', promiseDate: '', promiseAmount: '', customerCurrency: 'EUR', ...over,
    });

    // More in test/addin/sheets/worklist-promise.test.ts.
    it("a promise date and amount make a PROMISE_TO_PAY for the sheet's as-of date in the billing currency; the server picks the invoices", async () => {
      const api = fakeApi({});
      const pulled = [item('C1'), item('C2')];
      const current = [
        item('C1', { promiseDate: isoToSerial('2026-12-10'), promiseAmount: 170, note: 'AP confirmed' }),
        item('C2', { action: 'call', note: 'No answer', nextFollowUp: isoToSerial('2026-11-28') }),
      ];
      const { batches } = await plan(worklistLayout, pulled, current, api);
      expect(api.calls).toEqual([]);
      expect(batchVariables(batches[0]!, 'k').input.activities).toEqual([
        { customerCode: 'C1', note: 'AP confirmed', nextFollowUp: '2026-12-01', kind: 'PROMISE_TO_PAY', asOf: TODAY, currency: 'EUR', promiseDate: '2026-12-10', promiseAmount: '170.00' },
        { customerCode: 'C2', note: 'No answer', nextFollowUp: '2026-11-28', kind: 'CALL' },
      ]);
    });

    it('a note alone is logged as a NOTE; a past follow-up date is not carried on', async () => {
      const pulled = [item('C1', { nextFollowUp: isoToSerial('2026-11-01') })];
      const { batches } = await plan(worklistLayout, pulled, [{ ...pulled[0]!, note: 'Sent statement' }]);
      expect(batchVariables(batches[0]!, 'k').input.activities).toEqual([{ customerCode: 'C1', note: 'Sent statement', nextFollowUp: null, kind: 'NOTE' }]);
    });

    it('a promise for a customer with nothing past due in its billing currency is held back with a reason', async () => {
      const pulled = [item('C1', { pastDueInBillingCurrency: 0, pastDueInOtherCurrencies: '' })];
      const current = [{ ...pulled[0]!, promiseDate: isoToSerial('2026-12-10'), promiseAmount: 10 }];
      const { rows, problems } = validateEdits(readSheet(worklistLayout, baselineOf(worklistLayout, pulled), current).edits, current, worklistLayout);
      expect(rows).toEqual([]);
      expect(problems).toEqual([{ rowKey: 'C1', row: 0, column: 'promiseAmount', message: "C1 has nothing past due in EUR on this worklist's date that a promise can cover; log a promise in another currency in the API, naming its invoices." }]);
    });
  });
});

describe('answers → cells', () => {
  const pulled = [kpiRow(), kpiRow({ code: 'CEI', unit: 'PERCENT', target: 0.8, targetVersion: 1 })];
  const current = [kpiRow({ target: 38 }), kpiRow({ code: 'CEI', unit: 'PERCENT', target: 0.85, targetVersion: 1 })];

  it('a written batch gives each row its new version and the value the server holds', async () => {
    const { batches } = await plan(kpiScorecardLayout, pulled, current);
    const outcome = readOutcome(kpiScorecardLayout, batches[0]!, {
      targets: [
        { kpiCode: 'CEI', period: '2026-10', entityCode: null, value: '85', version: 2 },
        { kpiCode: 'DSO', period: '2026-10', entityCode: null, value: '38', version: 3 },
      ],
      conflicts: [],
      userErrors: [],
    }, current);
    expect(outcome).toEqual({ status: 'written', updates: [
      { rowKey: 'DSO|2026-10|', row: 0, cells: { target: 38, targetVersion: 3 } },
      { rowKey: 'CEI|2026-10|', row: 1, cells: { target: 0.85, targetVersion: 2 } }, // a PERCENT KPI: the cell's fraction
    ] });
  });

  it("a conflict lists the server's value beside the user's; a userError's field path lands on its cell", async () => {
    const { batches } = await plan(kpiScorecardLayout, pulled, current);
    const outcome = readOutcome(kpiScorecardLayout, batches[0]!, {
      targets: null,
      conflicts: [{ kpiCode: 'DSO', period: '2026-10', entityCode: null, currentValue: '35', currentVersion: 3 }],
      userErrors: [{ field: ['targets', '1', 'value'], message: 'A percentage target is from 0 to 100.', code: 'OUT_OF_RANGE' }],
    }, current);
    expect(outcome).toEqual({
      status: 'refused',
      problems: [{ rowKey: 'CEI|2026-10|', row: 1, column: 'target', message: 'A percentage target is from 0 to 100.' }],
      conflicts: [{
        rowKey: 'DSO|2026-10|', row: 0, label: 'DSO 2026-10', batch: 'KPI targets', version: 3,
        serverCells: { target: 35, targetVersion: 3 },
        cells: [{ column: 'target', header: 'Target', kind: 'decimal', mine: 38, server: 35 }],
      }],
    });
  });

  it('the same payload keeps its signature (so a retry reuses its idempotency key); another payload does not', async () => {
    const a = (await plan(kpiScorecardLayout, pulled, current)).batches[0]!;
    const b = (await plan(kpiScorecardLayout, pulled, current)).batches[0]!;
    const c = (await plan(kpiScorecardLayout, pulled, [kpiRow({ target: 39 }), current[1]!])).batches[0]!;
    expect(batchSignature(a)).toBe(batchSignature(b));
    expect(batchSignature(a)).not.toBe(batchSignature(c));
  });
});
