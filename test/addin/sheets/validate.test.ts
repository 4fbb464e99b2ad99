// Values are checked before anything is sent; each problem names its cell and says what is
// accepted. A row with any problem is held back.
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import { kpiScorecardLayout, projectsLayout, risksLayout, worklistLayout } from '../../../addin/sheets/layouts/index.js';
import type { DatasetLayout, Row } from '../../../addin/sheets/types.js';
import { columnOf } from '../../../addin/sheets/types.js';
import { parseCell, validateEdits } from '../../../addin/sheets/validate.js';

function check(layout: DatasetLayout, pulled: Row, edited: Partial<Row>) {
  const current = [{ ...pulled, ...edited } as Row];
  return validateEdits(readSheet(layout, baselineOf(layout, [pulled]), current).edits, current, layout);
}

const project: Row = {
  code: 'P1', name: 'P1', entityCode: 'US01', owner: 'Ada', status: 'ACTIVE', health: 'GREEN', startDate: isoToSerial('2026-01-01'),
  baselineEndDate: isoToSerial('2026-12-31'), forecastEndDate: isoToSerial('2026-12-31'), actualEndDate: '', currency: 'USD', budget: 1000,
  actualCost: 100, budgetVariance: 900, percentComplete: 0.1, scheduleVarianceDays: 0, cpi: 1, spi: 1, version: 3,
};
const kpi = (over: Partial<Row> = {}): Row => ({
  code: 'DSO', name: 'Days sales outstanding', period: '2026-10', entityCode: '', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED',
  actual: 45, target: 40, status: 'AT_RISK', currency: 'USD', closed: 'No', targetVersion: 1, actualVersion: '', ...over,
});

describe('parseCell', () => {
  it('flags text in a number column, a bad date and a percentage over 100', () => {
    expect(parseCell('forty', columnOf(projectsLayout, 'actualCost'))).toEqual({ ok: false, message: 'Actual cost: "forty" is not a number.' });
    expect(parseCell('31/12/2026', columnOf(projectsLayout, 'forecastEndDate'))).toEqual({ ok: false, message: 'Forecast end: "31/12/2026" is not a date. Enter it as YYYY-MM-DD.' });
    expect(parseCell(1.2, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: false, message: '% complete: 120% is over 100%.' });
    expect(parseCell(-0.05, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: false, message: '% complete: -5% is out of range (0–100).' });
    expect(parseCell(6, columnOf(risksLayout, 'impact'))).toEqual({ ok: false, message: 'Impact (1–5): 6 is out of range (1–5).' });
    expect(parseCell(2.5, columnOf(risksLayout, 'impact'))).toEqual({ ok: false, message: 'Impact (1–5): "2.5" is not a whole number (1–5).' });
    expect(parseCell('Paused', columnOf(projectsLayout, 'status'))).toEqual({ ok: false, message: 'Status: "Paused" is not one of PLANNED, ACTIVE, ON_HOLD, DONE, CANCELLED.' });
    expect(parseCell('', columnOf(projectsLayout, 'forecastEndDate'))).toEqual({ ok: false, message: 'Forecast end: cannot be left blank.' });
  });

  it('turns accepted values into what the API takes', () => {
    expect(parseCell('on hold', columnOf(projectsLayout, 'status'))).toEqual({ ok: true, value: 'ON_HOLD' });
    expect(parseCell(isoToSerial('2027-03-31'), columnOf(projectsLayout, 'forecastEndDate'))).toEqual({ ok: true, value: '2027-03-31' });
    expect(parseCell('', columnOf(projectsLayout, 'actualEndDate'))).toEqual({ ok: true, value: null });
    expect(parseCell(1300, columnOf(projectsLayout, 'actualCost'), { currency: 'USD' })).toEqual({ ok: true, value: '1300.00' });
    expect(parseCell(1234.56, columnOf(projectsLayout, 'actualCost'), { currency: 'USD' })).toEqual({ ok: true, value: '1234.56' });
    expect(parseCell(1300, columnOf(projectsLayout, 'actualCost'), { currency: 'JPY' })).toEqual({ ok: true, value: '1300' });
    // A percentage cell holds the fraction; what is sent is the percentage it shows, exactly.
    expect(parseCell(0.625, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '62.5' });
    expect(parseCell(0.145, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '14.5' });
    expect(parseCell(0.07, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '7' });
    expect(parseCell(1, columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '100' });
    // Text that stayed text is read as it shows: "45%" and "45" are both 45.
    expect(parseCell('45%', columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '45' });
    expect(parseCell('45', columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: true, value: '45' });
    expect(parseCell('most', columnOf(projectsLayout, 'percentComplete'))).toEqual({ ok: false, message: '% complete: "most" is not a number.' });
  });

  it("bounds money decimals by the row's currency", () => {
    expect(parseCell(1300.5, columnOf(projectsLayout, 'actualCost'), { currency: 'JPY' })).toEqual({ ok: false, message: 'Actual cost: 1300.5 has too many decimals (JPY takes at most 0).' });
    expect(parseCell(10.125, columnOf(projectsLayout, 'actualCost'), { currency: 'USD' })).toMatchObject({ ok: false });
    expect(parseCell(-5, columnOf(projectsLayout, 'actualCost'), { currency: 'USD' })).toMatchObject({ ok: false, message: 'Actual cost: -5 is out of range (at least 0).' });
  });
});

describe('validateEdits', () => {
  it('holds back a row with any problem and lets the others through', () => {
    const pulled = [project, { ...project, code: 'P2' }];
    const current = [{ ...project, percentComplete: 1.5, status: 'ON_HOLD' }, { ...project, code: 'P2', percentComplete: 0.55 }];
    const { rows, problems } = validateEdits(readSheet(projectsLayout, baselineOf(projectsLayout, pulled), current).edits, current, projectsLayout);
    expect(problems).toEqual([{ rowKey: 'P1', row: 0, column: 'percentComplete', message: '% complete: 150% is over 100%.' }]);
    expect(rows.map((r) => [r.rowKey, r.edits.map((e) => [e.column, e.value])])).toEqual([['P2', [['percentComplete', '55']]]]);
  });

  it('asks for an actual end date with status DONE', () => {
    expect(check(projectsLayout, project, { status: 'DONE' }).problems).toEqual([
      { rowKey: 'P1', row: 0, column: 'status', message: 'P1: setting status DONE needs an actual end date.' },
    ]);
    expect(check(projectsLayout, project, { status: 'DONE', actualEndDate: isoToSerial('2026-11-20') }).problems).toEqual([]);
  });

  it('takes actuals only for manual KPIs, and keeps percentages within 0–100', () => {
    expect(check(kpiScorecardLayout, kpi(), { actual: 44 }).problems[0]?.message).toBe('DSO is computed from the ledger; only manual KPIs take entered actuals.');
    const nps = kpi({ code: 'NPS', source: 'MANUAL', unit: 'PERCENT', actual: 0.4, target: 0.5 });
    expect(check(kpiScorecardLayout, nps, { actual: 0.44 }).rows[0]?.edits.map((e) => e.value)).toEqual(['44']);
    // PERCENT rows are percentage cells (1.2 shows 120%); a DAYS row's 120 is 120 days.
    expect(check(kpiScorecardLayout, kpi({ code: 'CEI', unit: 'PERCENT', target: 0.8 }), { target: 1.2 }).problems[0]?.message).toBe('Target: 120% is over 100%.');
    expect(check(kpiScorecardLayout, kpi(), { target: 120 }).rows[0]?.edits.map((e) => e.value)).toEqual(['120']);
    expect(check(kpiScorecardLayout, kpi(), { target: -1 }).problems[0]?.message).toBe('DSO counts days: a target cannot be negative (-1).');
  });

  it('needs both a promise date and an amount on the worklist', () => {
    const item: Row = {
      customerCode: 'C1', customerName: 'Acme', entityCode: 'US01', currency: 'USD', pastDue: 5000, oldestDaysPastDue: 40, brokenPromises: 0, priority: 200000,
      lastActivity: '', lastActivityKind: '', nextFollowUp: '', action: '', note: '', promiseDate: '', promiseAmount: '', customerCurrency: 'USD',
    };
    expect(check(worklistLayout, item, { promiseDate: isoToSerial('2026-12-05') }).problems).toEqual([
      { rowKey: 'C1', row: 0, column: 'promiseAmount', message: 'C1: a promise to pay needs an amount as well as a date.' },
    ]);
    expect(check(worklistLayout, item, { action: 'promise to pay' }).problems[0]?.column).toBe('promiseDate');
    expect(check(worklistLayout, item, { action: 'Call', note: 'Left a voicemail' }).problems).toEqual([]);
  });
});
