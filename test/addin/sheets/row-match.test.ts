// Which sheet row is which record, never by position: edits, copied rows, overwritten keys, new
// and deleted rows (readSheet); what a refresh writes where (planRefresh); and the baseline of a
// table pulled before the pane was opened (adoptBaseline).
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { adoptBaseline } from '../../../addin/sheets/diff.js';
import { agingLayout, kpiScorecardLayout, projectsLayout, worklistLayout } from '../../../addin/sheets/layouts/index.js';
import { planRefresh } from '../../../addin/sheets/refresh-plan.js';
import { baselineOf, readSheet, ROW_KEY_COLUMN } from '../../../addin/sheets/row-match.js';
import type { Row } from '../../../addin/sheets/types.js';

const project = (code: string, over: Partial<Row> = {}): Row => ({
  code,
  name: `Project ${code}`,
  entityCode: 'US01',
  owner: 'Ada',
  status: 'ACTIVE',
  health: 'GREEN',
  startDate: isoToSerial('2026-01-01'),
  baselineEndDate: isoToSerial('2026-12-31'),
  forecastEndDate: isoToSerial('2026-12-31'),
  actualEndDate: '',
  currency: 'USD',
  budget: 100000,
  actualCost: 25000,
  budgetVariance: 75000,
  percentComplete: 0.3,
  scheduleVarianceDays: 0,
  cpi: 1.2,
  spi: 0.9,
  version: 1,
  [ROW_KEY_COLUMN]: code,
  ...over,
});

const pulled = [project('P1'), project('P2'), project('P3')];
const baseline = baselineOf(projectsLayout, pulled);

describe('readSheet — edits', () => {
  it('finds typed and pasted values in editable columns; a read-only edit is a note, not an edit', () => {
    const current = [project('P1', { status: 'ON_HOLD', name: 'Renamed in the sheet' }), project('P2', { actualCost: '26,000.50', percentComplete: 0.4 }), project('P3')];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.edits).toEqual([
      { rowKey: 'P1', row: 0, column: 'status', before: 'ACTIVE', after: 'ON_HOLD' },
      { rowKey: 'P2', row: 1, column: 'actualCost', before: 25000, after: '26,000.50' },
      { rowKey: 'P2', row: 1, column: 'percentComplete', before: 0.3, after: 0.4 },
    ]);
    expect(reading.notes).toEqual([expect.objectContaining({ rowKey: 'P1', row: 0, column: 'name', message: expect.stringContaining('read-only') })]);
    expect(reading.problems).toEqual([]);
  });

  it('matches rows by key after a sort, and reports the row where it is now', () => {
    const current = [project('P3', { forecastEndDate: isoToSerial('2027-02-28') }), project('P1'), project('P2')];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.edits).toEqual([{ rowKey: 'P3', row: 0, column: 'forecastEndDate', before: isoToSerial('2026-12-31'), after: isoToSerial('2027-02-28') }]);
    expect([...reading.rowOf]).toEqual([['P3', 0], ['P1', 1], ['P2', 2]]);
  });

  it('a deleted row is a note: not deleted on the server, back with the next refresh', () => {
    const reading = readSheet(projectsLayout, baseline, [project('P1'), project('P3')]);
    expect(reading.edits).toEqual([]);
    expect(reading.notes).toEqual([expect.objectContaining({ rowKey: 'P2', row: -1, message: expect.stringContaining('not deleted on the server') })]);
  });
});

describe('readSheet — keys are sacred', () => {
  it('a copied row (renamed, status set) is a new row, not an edit of the original', () => {
    // The analyst copied FIN-005's row (hidden row key included) to row 3, renamed it and set its status.
    const current = [project('P1'), project('P2'), project('P3'), project('P2', { name: 'Copy of P2', status: 'CANCELLED' })];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.rowOf.get('P2')).toBe(1);
    expect(reading.edits).toEqual([]);
    // Its code is still P2: a new row with a code already taken cannot be created.
    expect(reading.problems).toEqual([expect.objectContaining({ rowKey: '#3', row: 3, column: 'code', message: expect.stringContaining('P2 is already in the table') })]);
    expect(reading.newRows).toEqual([]);

    const renamed = readSheet(projectsLayout, baseline, [...current.slice(0, 3), project('P9', { name: 'Copy of P2', status: 'CANCELLED', [ROW_KEY_COLUMN]: 'P2' })]);
    expect(renamed.problems).toEqual([]);
    expect(renamed.edits).toEqual([]);
    expect(renamed.newRows).toEqual([{ rowKey: 'P9', row: 3 }]);
  });

  it('two rows that cannot be told apart are both problems, neither pushed', () => {
    const current = [project('P1'), project('P2', { status: 'DONE' }), project('P3'), project('P2')];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.edits).toEqual([]);
    expect(reading.problems.map((p) => [p.row, p.column])).toEqual([[1, 'code'], [3, 'code']]);
    expect(reading.problems[0]!.message).toContain('on 2 rows (table rows 2, 4)');
    expect(reading.unresolved.get('P2')).toEqual([1, 3]);
  });

  it('an overwritten key keeps the row’s edit pending on its true key, and is a problem until typed back', () => {
    const current = [project('P1'), project('P2X', { name: 'Project P2', status: 'ON_HOLD', [ROW_KEY_COLUMN]: 'P2' }), project('P3')];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.edits).toEqual([{ rowKey: 'P2', row: 1, column: 'status', before: 'ACTIVE', after: 'ON_HOLD' }]);
    expect(reading.problems).toEqual([expect.objectContaining({ rowKey: 'P2', row: 1, column: 'code', message: expect.stringContaining('type P2 back') })]);
    expect(reading.notes).toEqual([]);
  });

  it('a typed new row is a create where the dataset creates rows; without a code it is a problem', () => {
    const typed = { [ROW_KEY_COLUMN]: '' };
    const current = [...pulled, project('P7', typed), project('', { ...typed, name: 'No code yet' })];
    const reading = readSheet(projectsLayout, baseline, current);
    expect(reading.newRows).toEqual([{ rowKey: 'P7', row: 3 }]);
    expect(reading.problems).toEqual([expect.objectContaining({ rowKey: '#4', column: 'code', message: expect.stringContaining('A new row needs its Project') })]);
  });

  it('a dataset that does not create rows lists an added row as not pushed; a blank row is nothing', () => {
    const aging = (code: string, over: Partial<Row> = {}): Row => ({ customerCode: code, customerName: code, current: 1, total: 1, [ROW_KEY_COLUMN]: code, ...over });
    const base = baselineOf(agingLayout, [aging('C1')]);
    const reading = readSheet(agingLayout, base, [aging('C1'), aging('C9', { [ROW_KEY_COLUMN]: '' }), { customerCode: '', [ROW_KEY_COLUMN]: '' }]);
    expect(reading.newRows).toEqual([]);
    expect(reading.notes).toEqual([expect.objectContaining({ row: 1, message: expect.stringContaining('this dataset does not create rows') })]);
  });
});

describe('planRefresh — rows matched by key', () => {
  it('writes each record onto its own row after a sort, appends new records, removes gone ones', () => {
    const current = [project('P3'), project('P1'), project('P2')];
    const fresh = [project('P1', { actualCost: 1 }), project('P2', { actualCost: 2 }), project('P4')];
    const plan = planRefresh(projectsLayout, fresh, current, readSheet(projectsLayout, baseline, current), true);
    expect(plan.rows.map((r) => r?.code ?? null)).toEqual([null, 'P1', 'P2']);
    expect(plan.rows[1]).toMatchObject({ actualCost: 1, [ROW_KEY_COLUMN]: 'P1' });
    expect(plan.append.map((r) => r.code)).toEqual(['P4']);
    expect(plan.remove).toEqual([0]);
    expect(plan).toMatchObject({ added: 1, removed: 1, kept: 0, lost: 0 });
  });

  it('keeps an unpushed edit on the version it was based on, and the analyst’s rows as they are', () => {
    const current = [project('P1', { status: 'ON_HOLD' }), project('P2'), project('P3'), project('P8', { [ROW_KEY_COLUMN]: '' })];
    // Meanwhile the server moved P1 to version 2 (someone changed its cost).
    const fresh = [project('P1', { actualCost: 30000, version: 2 }), project('P2'), project('P3')];
    const plan = planRefresh(projectsLayout, fresh, current, readSheet(projectsLayout, baseline, current), true);
    expect(plan.rows[0]).toMatchObject({ status: 'ON_HOLD', actualCost: 30000, version: 1 });
    expect(plan.baseline.get('P1')).toMatchObject({ status: 'ACTIVE', actualCost: 30000, version: 1 });
    expect(plan.rows[3]).toBeNull();
    expect(plan.remove).toEqual([]);
    expect(plan.kept).toBe(1);
    // The edit is still pending against the new baseline, and nothing else is.
    const after = current.map((row, i) => plan.rows[i] ?? row);
    expect(readSheet(projectsLayout, plan.baseline, after).edits).toEqual([{ rowKey: 'P1', row: 0, column: 'status', before: 'ACTIVE', after: 'ON_HOLD' }]);
  });

  it('discard: the server’s rows, one per record — added rows and copies go, an overwritten key is restored', () => {
    const current = [project('P1', { status: 'ON_HOLD' }), project('P2X', { [ROW_KEY_COLUMN]: 'P2' }), project('P3'), project('P3'), project('P8', { [ROW_KEY_COLUMN]: '' })];
    const plan = planRefresh(projectsLayout, pulled, current, readSheet(projectsLayout, baseline, current), false);
    expect(plan.rows.map((r) => r?.code ?? null)).toEqual(['P1', 'P2', 'P3', null, null]);
    expect(plan.rows[0]).toMatchObject({ status: 'ACTIVE' });
    expect(plan.remove).toEqual([3, 4]);
  });

  it('a row a filtered table kept for a gone record is removed next time, or written over if the record is back', () => {
    const current = [project('P1'), project('P2'), project('P3')];
    const gone = new Set(['P2']);
    const base = baselineOf(projectsLayout, [project('P1'), project('P3')]);
    const reading = readSheet(projectsLayout, base, current, gone);
    expect(reading.stale).toEqual([1]);
    expect(reading.newRows).toEqual([]);
    expect(planRefresh(projectsLayout, [project('P1'), project('P3')], current, reading, true).remove).toEqual([1]);
    const back = planRefresh(projectsLayout, [project('P1'), project('P2', { actualCost: 9 }), project('P3')], current, reading, true);
    expect(back.remove).toEqual([]);
    expect(back.append).toEqual([]);
    expect(back.rows[1]).toMatchObject({ code: 'P2', actualCost: 9 });
  });

  it('counts edits to records that left the dataset as lost', () => {
    const current = [project('P1', { status: 'CANCELLED' }), project('P2'), project('P3')];
    const plan = planRefresh(projectsLayout, [project('P2'), project('P3')], current, readSheet(projectsLayout, baseline, current), true);
    expect(plan).toMatchObject({ lost: 1, remove: [0] });
  });
});

describe('adoptBaseline (a table pulled before the pane was opened)', () => {
  it('finds the edits on rows whose version the server still has, none where it moved on', () => {
    const server = [project('P1'), project('P2', { status: 'ON_HOLD', version: 2 }), project('P3', { actualCost: 30000 })];
    const sheet = [
      project('P1', { status: 'DONE', percentComplete: 1 }), // edited by the user, version 1 = the server's
      project('P2', { status: 'CANCELLED' }), // version 1 in the sheet, 2 on the server: cannot tell, no edit assumed
      project('P3'), // same version, another value: the server's value is what was pulled, so the sheet's is an edit
      project('P9', { status: 'DONE' }), // gone from the server: pulled before, removed by the next refresh
    ];
    const adopted = adoptBaseline(projectsLayout, server, sheet);
    expect(readSheet(projectsLayout, adopted, sheet).edits.map((e) => [e.rowKey, e.column, e.before, e.after])).toEqual([
      ['P1', 'status', 'ACTIVE', 'DONE'],
      ['P1', 'percentComplete', 0.3, 1],
      ['P3', 'actualCost', 30000, 25000],
    ]);
    expect(adopted.has('P9')).toBe(true);
  });

  it('reads each KPI value against its own version', () => {
    const kpi = (over: Partial<Row>): Row => ({ code: 'DSO', period: '2026-10', entityCode: '', source: 'COMPUTED', target: 45, targetVersion: 3, actual: 41.2, actualVersion: '', ...over });
    const server = [kpi({ target: 40, targetVersion: 4 }), kpi({ code: 'INVOICE_ACCURACY', source: 'MANUAL', target: 98, actual: 97, actualVersion: 2 })];
    const sheet = [kpi({ target: 44 }), kpi({ code: 'INVOICE_ACCURACY', source: 'MANUAL', target: 98, actual: 99, actualVersion: 2 })];
    const edits = readSheet(kpiScorecardLayout, adoptBaseline(kpiScorecardLayout, server, sheet), sheet).edits;
    expect(edits.map((e) => [e.rowKey.split('|')[0], e.column, e.before, e.after])).toEqual([['INVOICE_ACCURACY', 'actual', 97, 99]]);
  });

  it('takes entry columns without a version as the server pulls them (blank)', () => {
    const item = (over: Partial<Row>): Row => ({ customerCode: 'C1', customerName: 'Acme', nextFollowUp: isoToSerial('2026-12-01'), action: '', note: '', promiseDate: '', promiseAmount: '', ...over });
    const sheet = [item({ action: 'CALL', note: 'Left a message' })];
    const edits = readSheet(worklistLayout, adoptBaseline(worklistLayout, [item({})], sheet), sheet).edits;
    expect(edits.map((e) => [e.column, e.after])).toEqual([['action', 'CALL'], ['note', 'Left a message']]);
  });
});
