// Edits are found by diffing the sheet against the pull, so typing, pasting, filling down and
// sorting all count; refreshing can keep unpushed edits on the versions they were based on.
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { diffEdits, missingRows, overlayEdits } from '../../../addin/sheets/diff.js';
import { projectsLayout } from '../../../addin/sheets/layouts/index.js';
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

  it('ignores rows the user added and the same value in another form', () => {
    const current = [project('P1', { actualCost: '25000' }), project('P2'), project('P3'), project('NEW', { status: 'DONE' })];
    expect(diffEdits(pulled, current, projectsLayout)).toEqual([]);
    expect(missingRows(pulled, current.slice(1), projectsLayout)).toEqual(['P1']);
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
