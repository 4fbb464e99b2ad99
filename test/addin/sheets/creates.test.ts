// Rows the analyst adds to the Projects, Risks and KPI scorecard tables: how a new row's cells
// become one create item of the dataset's batch mutation, and how the created records in the
// answer become the row's cells (key and version included).
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { kpiScorecardLayout, projectsLayout, risksLayout } from '../../../addin/sheets/layouts/index.js';
import { columnOf, RowProblem, type BatchSpec, type BuildContext, type CreateSpec, type DatasetLayout, type ParsedEdit, type Row, type RowEdits } from '../../../addin/sheets/types.js';
import { parseCell } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const TODAY = '2026-11-25';

function batchWithCreates(layout: DatasetLayout, field: string): BatchSpec & { creates: CreateSpec } {
  const batch = layout.push!.batches.find((b) => b.field === field);
  expect(batch?.creates).toBeDefined();
  return batch as BatchSpec & { creates: CreateSpec };
}

/** A new row as the pane hands it over: its filled create cells, each parsed as an edit would be. */
function newRow(layout: DatasetLayout, spec: CreateSpec, cells: Row, row = 7): RowEdits {
  const edits: ParsedEdit[] = Object.entries(cells)
    .filter(([column, value]) => spec.columns.includes(column) && value !== '')
    .map(([column, after]) => {
      const parsed = parseCell(after, columnOf(layout, column), cells);
      if (!parsed.ok) throw new Error(parsed.message);
      return { rowKey: '', row, column, before: '', after, value: parsed.value };
    });
  return { rowKey: '', row, current: cells, edits };
}

const context = (api = fakeApi({})): BuildContext => ({ api, today: TODAY, filters: {} });

const projectNode = (code: string, over: Record<string, unknown> = {}) => ({
  code, name: `Project ${code}`, owner: 'ana.silva', status: 'PLANNED', startDate: '2026-01-01', baselineEndDate: '2026-04-11', forecastEndDate: '2026-04-11',
  actualEndDate: null, budget: '4000.00', actualCost: '0.00', currency: 'USD', percentComplete: '0', budgetVariance: '4000.00', scheduleVarianceDays: 0,
  version: 1, entity: { code: 'US01' }, figures: { cpi: null, spi: null, health: 'GREEN' }, ...over,
});

const riskNode = (id: string, over: Record<string, unknown> = {}) => ({
  id, title: `Risk ${id}`, owner: 'pm', probability: 2, impact: 3, score: 6, status: 'OPEN', mitigation: null, version: 1, project: { code: 'P-1', name: 'Project P-1' }, ...over,
});

describe('Projects: a new row creates a project in updateProjects', () => {
  const batch = batchWithCreates(projectsLayout, 'updateProjects');

  it('sends createProject fields in "creates", required ones being those createProject needs', () => {
    expect(batch.creates.listName).toBe('creates');
    expect(batch.creates.required).toEqual(['code', 'name', 'owner', 'startDate', 'baselineEndDate', 'currency', 'budget']);
    expect(batch.creates.columns).toEqual(expect.arrayContaining(['entityCode', 'status', 'forecastEndDate', 'actualCost', 'percentComplete']));
    // Every create column exists in the table.
    for (const column of batch.creates.columns) expect(columnOf(projectsLayout, column).key).toBe(column);
  });

  it('turns the filled cells into one item: dates ISO, money as exact text in the row currency, percent as shown', async () => {
    const cells: Row = {
      code: 'P-NEW', name: 'ERP cutover', entityCode: 'JP01', owner: 'ken.sato', status: 'Active', startDate: isoToSerial('2026-12-01'),
      baselineEndDate: isoToSerial('2027-03-31'), currency: 'JPY', budget: 1500000, percentComplete: 0.125, actualCost: '', forecastEndDate: '',
      health: '', version: '',
    };
    const input = await batch.creates.toInput(newRow(projectsLayout, batch.creates, cells), context());
    expect(input).toEqual({
      code: 'P-NEW', name: 'ERP cutover', entityCode: 'JP01', owner: 'ken.sato', status: 'ACTIVE', startDate: '2026-12-01', baselineEndDate: '2027-03-31',
      currency: 'JPY', budget: '1500000', percentComplete: '12.5',
    });
    expect(input).not.toHaveProperty('expectedVersion');
  });

  it('refuses a JPY budget with cents before sending: the row currency bounds the decimals', () => {
    const parsed = parseCell(1500.5, columnOf(projectsLayout, 'budget'), { currency: 'JPY' });
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/JPY takes at most 0/) });
  });

  it('maps the created projects, the last `count` of the payload, to rows with code and version', () => {
    const payload = { projects: [projectNode('P-1', { version: 4, status: 'ACTIVE' }), projectNode('P-NEW-B'), projectNode('P-NEW-A', { budget: '99.50' })] };
    const rows = batch.creates.written(payload, 2);
    expect(rows.map((r) => [r.code, r.version, r.budget, r.startDate, r.entityCode, r.health])).toEqual([
      ['P-NEW-B', 1, 4000, isoToSerial('2026-01-01'), 'US01', 'GREEN'],
      ['P-NEW-A', 1, 99.5, isoToSerial('2026-01-01'), 'US01', 'GREEN'],
    ]);
    expect(batch.creates.written(payload, 0)).toEqual([]);
    expect(batch.creates.written({ projects: null }, 2)).toEqual([]);
  });
});

describe('Risks: a new row creates a risk in updateRisks', () => {
  const batch = batchWithCreates(risksLayout, 'updateRisks');

  it('sends the risk without an id (the server assigns it)', async () => {
    expect(batch.creates.listName).toBe('creates');
    expect(batch.creates.required).toEqual(['projectCode', 'title', 'owner', 'probability', 'impact']);
    const cells: Row = { projectCode: 'P-1', title: 'Key person leaves', owner: 'cfo', probability: 3, impact: '5', score: '', status: 'mitigating', mitigation: 'Deputy named', id: '', version: '' };
    const input = await batch.creates.toInput(newRow(risksLayout, batch.creates, cells), context());
    expect(input).toEqual({ projectCode: 'P-1', title: 'Key person leaves', owner: 'cfo', probability: 3, impact: 5, status: 'MITIGATING', mitigation: 'Deputy named' });
  });

  it('maps the created risks to rows carrying their new id and version', () => {
    const payload = { risks: [riskNode('11', { version: 3 }), riskNode('42', { title: 'FX swing', score: 4 }), riskNode('43')] };
    const rows = batch.creates.written(payload, 2);
    expect(rows.map((r) => [r.id, r.version, r.title, r.projectCode, r.score])).toEqual([
      ['42', 1, 'FX swing', 'P-1', 4],
      ['43', 1, 'Risk 43', 'P-1', 6],
    ]);
  });
});

describe('KPI scorecard: a new row sets a new target in setKpiTargets', () => {
  const batch = batchWithCreates(kpiScorecardLayout, 'setKpiTargets');
  const definitions = fakeApi({
    FilterChoices: () => ({
      entities: [{ code: 'US01', name: 'US', currency: 'USD' }],
      kpiDefinitions: [
        { code: 'DSO', name: 'Days sales outstanding', unit: 'DAYS', source: 'COMPUTED', cadence: 'MONTHLY' },
        { code: 'PAST_DUE_PCT', name: 'Past due %', unit: 'PERCENT', source: 'COMPUTED', cadence: 'MONTHLY' },
      ],
    }),
  });

  it('goes in the batch own "targets" list, without an expectedVersion', async () => {
    expect(batch.creates.listName).toBe('targets');
    expect(batch.creates.required).toEqual(['code', 'period', 'target']);
    const shared = context(definitions);
    const dso = await batch.creates.toInput(newRow(kpiScorecardLayout, batch.creates, { code: 'dso', period: '2026-12', entityCode: 'us01', target: 42.5 }), shared);
    expect(dso).toEqual({ kpiCode: 'DSO', period: '2026-12', entityCode: 'US01', value: '42.5' });
    expect(dso).not.toHaveProperty('expectedVersion');
    // A blank entity is all entities; a PERCENT KPI's cell is read as the percentage it shows.
    const pct = await batch.creates.toInput(newRow(kpiScorecardLayout, batch.creates, { code: 'PAST_DUE_PCT', period: '2026-12', entityCode: '', target: 0.15 }), shared);
    expect(pct).toEqual({ kpiCode: 'PAST_DUE_PCT', period: '2026-12', entityCode: null, value: '15' });
    // One look-up of the definitions for the whole push.
    expect(definitions.calls.map((c) => c.operation)).toEqual(['FilterChoices']);
  });

  it('refuses an unknown KPI, or a percentage outside 0–100, on the cell', async () => {
    const shared = context(definitions);
    const unknown = batch.creates.toInput(newRow(kpiScorecardLayout, batch.creates, { code: 'NOPE', period: '2026-12', target: 1 }), shared);
    await expect(unknown).rejects.toBeInstanceOf(RowProblem);
    await expect(unknown).rejects.toMatchObject({ column: 'code', message: expect.stringContaining('DSO, PAST_DUE_PCT') });
    const typedWithoutPercent = batch.creates.toInput(newRow(kpiScorecardLayout, batch.creates, { code: 'PAST_DUE_PCT', period: '2026-12', target: 15 }), shared);
    await expect(typedWithoutPercent).rejects.toMatchObject({ column: 'target', message: expect.stringContaining('1500 is not within 0–100') });
  });

  it('picks the created targets, the last `count` of the payload, as rows with key, unit and version', () => {
    const payload = {
      targets: [
        { kpiCode: 'DSO', period: '2026-11', entityCode: 'US01', value: '38', version: 2, kpi: { name: 'Days sales outstanding', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED' } },
        { kpiCode: 'DSO', period: '2026-12', entityCode: 'US01', value: '42.5', version: 1, kpi: { name: 'Days sales outstanding', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED' } },
        { kpiCode: 'PAST_DUE_PCT', period: '2026-12', entityCode: null, value: '15', version: 1, kpi: { name: 'Past due %', unit: 'PERCENT', direction: 'LOWER_IS_BETTER', source: 'COMPUTED' } },
      ],
    };
    expect(batch.creates.written(payload, 2)).toEqual([
      { code: 'DSO', name: 'Days sales outstanding', period: '2026-12', entityCode: 'US01', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED', target: 42.5, targetVersion: 1 },
      // A percentage cell holds the fraction, as in the pulled rows.
      { code: 'PAST_DUE_PCT', name: 'Past due %', period: '2026-12', entityCode: '', unit: 'PERCENT', direction: 'LOWER_IS_BETTER', source: 'COMPUTED', target: 0.15, targetVersion: 1 },
    ]);
    expect(batch.creates.written(payload, 0)).toEqual([]);
  });

  it('leaves the KPI history without creates (its rows are one KPI over periods pulled)', async () => {
    const { kpiHistoryLayout } = await import('../../../addin/sheets/layouts/index.js');
    expect(kpiHistoryLayout.push!.batches.every((b) => b.creates === undefined)).toBe(true);
  });
});
