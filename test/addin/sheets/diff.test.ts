// Edits are found by diffing the sheet against the pull, so typing, pasting, filling down and
// sorting all count; refreshing can keep unpushed edits on the versions they were based on.
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { adoptBaseline, diffEdits, overlayEdits } from '../../../addin/sheets/diff.js';
import { kpiScorecardLayout, projectsLayout, worklistLayout } from '../../../addin/sheets/layouts/index.js';
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
  percentComplete: 30,
  scheduleVarianceDays: 0,
  cpi: 1.2,
  spi: 0.9,
  version: 1,
  ...over,
});

describe('diffEdits', () => {
  const pulled = [project('P1'), project('P2'), project('P3')];

  it('finds typed and pasted values in editable columns only', () => {
    const current = [
      project('P1', { status: 'ON_HOLD', name: 'Renamed in the sheet' }),
      project('P2', { actualCost: '26,000.50', percentComplete: 40 }), // a paste that stayed text, and a typed number
      project('P3'),
    ];
    expect(diffEdits(pulled, current, projectsLayout)).toEqual([
      { rowKey: 'P1', row: 0, column: 'status', before: 'ACTIVE', after: 'ON_HOLD' },
      { rowKey: 'P2', row: 1, column: 'actualCost', before: 25000, after: '26,000.50' },
      { rowKey: 'P2', row: 1, column: 'percentComplete', before: 30, after: 40 },
    ]);
  });

  it('matches rows by key after the user sorts the table, and reports the row where it is now', () => {
    const current = [project('P3', { forecastEndDate: isoToSerial('2027-02-28') }), project('P1'), project('P2')];
    expect(diffEdits(pulled, current, projectsLayout)).toEqual([
      { rowKey: 'P3', row: 0, column: 'forecastEndDate', before: isoToSerial('2026-12-31'), after: isoToSerial('2027-02-28') },
    ]);
  });

  it('ignores rows the user added or deleted and the same value in another form', () => {
    const current = [project('P1', { actualCost: '25000' }), project('P2'), project('P3'), project('NEW', { status: 'DONE' })];
    expect(diffEdits(pulled, current, projectsLayout)).toEqual([]);
    expect(diffEdits(pulled, current.slice(1), projectsLayout)).toEqual([]);
  });
});

describe('overlayEdits (refresh keeping unpushed edits)', () => {
  it('puts the edits back on the fresh rows with the version they were based on', () => {
    const pulled = [project('P1'), project('P2')];
    const current = [project('P1', { status: 'ON_HOLD' }), project('P2')];
    // Meanwhile the server moved P1 to version 2 (someone changed its cost) and P2 to version 5.
    const fresh = [project('P1', { actualCost: 30000, version: 2 }), project('P2', { version: 5, percentComplete: 50 })];
    const edits = diffEdits(pulled, current, projectsLayout);
    const { sheet, baseline, kept, lost } = overlayEdits(projectsLayout, fresh, current, edits);
    expect(kept).toBe(1);
    expect(lost).toBe(0);
    expect(sheet[0]).toMatchObject({ status: 'ON_HOLD', actualCost: 30000, version: 1 });
    expect(baseline[0]).toMatchObject({ status: 'ACTIVE', actualCost: 30000, version: 1 });
    expect(sheet[1]).toEqual(fresh[1]);
    // The edit is still pending against the new baseline, and nothing else is.
    expect(diffEdits(baseline, sheet, projectsLayout)).toEqual([{ rowKey: 'P1', row: 0, column: 'status', before: 'ACTIVE', after: 'ON_HOLD' }]);
  });

  it('counts edits to rows that left the dataset as lost', () => {
    const pulled = [project('P1')];
    const current = [project('P1', { status: 'CANCELLED' })];
    const result = overlayEdits(projectsLayout, [project('P9')], current, diffEdits(pulled, current, projectsLayout));
    expect(result).toMatchObject({ kept: 0, lost: 1 });
  });
});

describe('adoptBaseline (a table pulled before the pane was opened)', () => {
  it('finds the edits on rows whose version the server still has, none where it moved on', () => {
    const server = [project('P1'), project('P2', { status: 'ON_HOLD', version: 2 }), project('P3', { actualCost: 30000 })];
    const sheet = [
      project('P1', { status: 'DONE', percentComplete: 100 }), // edited by the user, version 1 = the server's
      project('P2', { status: 'CANCELLED' }), // version 1 in the sheet, 2 on the server: cannot tell, no edit assumed
      project('P3'), // same version, another value: the server's value is what was pulled, so the sheet's is an edit
      project('P9', { status: 'DONE' }), // gone from the server
    ];
    const edits = diffEdits(adoptBaseline(projectsLayout, server, sheet), sheet, projectsLayout);
    expect(edits.map((e) => [e.rowKey, e.column, e.before, e.after])).toEqual([
      ['P1', 'status', 'ACTIVE', 'DONE'],
      ['P1', 'percentComplete', 30, 100],
      ['P3', 'actualCost', 30000, 25000],
    ]);
  });

  it('reads each KPI value against its own version', () => {
    const kpi = (over: Partial<Row>): Row => ({ code: 'DSO', period: '2026-10', entityCode: '', source: 'COMPUTED', target: 45, targetVersion: 3, actual: 41.2, actualVersion: '', ...over });
    const server = [kpi({ target: 40, targetVersion: 4 }), kpi({ code: 'INVOICE_ACCURACY', source: 'MANUAL', target: 98, actual: 97, actualVersion: 2 })];
    const sheet = [kpi({ target: 44 }), kpi({ code: 'INVOICE_ACCURACY', source: 'MANUAL', target: 98, actual: 99, actualVersion: 2 })];
    const edits = diffEdits(adoptBaseline(kpiScorecardLayout, server, sheet), sheet, kpiScorecardLayout);
    expect(edits.map((e) => [e.rowKey.split('|')[0], e.column, e.before, e.after])).toEqual([['INVOICE_ACCURACY', 'actual', 97, 99]]);
  });

  it('takes entry columns without a version as the server pulls them (blank)', () => {
    const item = (over: Partial<Row>): Row => ({ customerCode: 'C1', customerName: 'Acme', nextFollowUp: isoToSerial('2026-12-01'), action: '', note: '', promiseDate: '', promiseAmount: '', ...over });
    const sheet = [item({ action: 'CALL', note: 'Left a message' })];
    const edits = diffEdits(adoptBaseline(worklistLayout, [item({})], sheet), sheet, worklistLayout);
    expect(edits.map((e) => [e.column, e.after])).toEqual([['action', 'CALL'], ['note', 'Left a message']]);
  });
});
