// Titles of saved tables and the names of a new table: valid in Excel (sheet names of at most 31
// characters without [ ] : * ? / \, table names of letters, digits and underscores) and unique.
import { describe, expect, it } from 'vitest';
import { agingLayout, kpiHistoryLayout, risksLayout } from '../../../addin/sheets/layouts/index.js';
import { formFilters, newTableNames, queryTitle, sameFilters, savedFilters, scopeLabel, uniqueSheetName, uniqueTableName } from '../../../addin/ui/table-names.js';

const none = { sheetNames: [], tableNames: [] };

describe('titles and saved filters', () => {
  it('titles a table by dataset, entity, then the other filters', () => {
    expect(queryTitle(agingLayout, { asOf: '2026-11-30', entityCode: 'us01', currency: '' })).toBe('Aging · US01 · as of 2026-11-30');
    expect(queryTitle(agingLayout, { asOf: '2026-11-30', entityCode: '', currency: 'eur' })).toBe('Aging · as of 2026-11-30 · in EUR');
    expect(queryTitle(kpiHistoryLayout, { kpiCode: 'dso', from: '2025-12', to: '2026-11', entityCode: 'DE01' })).toBe('KPI history · DE01 · DSO · 2025-12 to 2026-11');
    expect(queryTitle(risksLayout, { projectCode: '', openOnly: 'true' })).toBe('Risks · open only');
  });

  it('saves the layout’s filters only, trimmed, codes in capitals, blanks left out; and gives every key back to the form', () => {
    const saved = savedFilters(agingLayout, { asOf: ' 2026-11-30 ', entityCode: 'de01', currency: '', period: '2026-10' });
    expect(saved).toEqual({ asOf: '2026-11-30', entityCode: 'DE01' });
    expect(formFilters(agingLayout, saved)).toEqual({ asOf: '2026-11-30', entityCode: 'DE01', currency: '' });
    // A risk table saved with "open only" unticked comes back unticked, not with the default.
    expect(formFilters(risksLayout, {})).toEqual({ projectCode: '', openOnly: '' });
  });

  it('compares filters as the server reads them', () => {
    expect(sameFilters(agingLayout, { asOf: '2026-11-30', entityCode: 'de01' }, { asOf: '2026-11-30', entityCode: 'DE01 ', currency: '' })).toBe(true);
    expect(sameFilters(agingLayout, { asOf: '2026-11-30', entityCode: 'DE01' }, { asOf: '2026-10-31', entityCode: 'DE01' })).toBe(false);
  });
});

describe('the names of a new table', () => {
  const us01 = { asOf: '2026-11-30', entityCode: 'US01', currency: '' };

  it('names it after the dataset and the entity, then what else differs', () => {
    expect(newTableNames(agingLayout, { ...us01, entityCode: 'de01' }, us01, none)).toEqual({ sheetName: 'Aging DE01', tableName: 'llAging_DE01' });
    expect(newTableNames(agingLayout, { ...us01, entityCode: 'DE01', asOf: '2026-10-31' }, us01, none)).toEqual({ sheetName: 'Aging DE01 2026-10-31', tableName: 'llAging_DE01_2026_10_31' });
    expect(scopeLabel(agingLayout, { ...us01, entityCode: '' }, us01)).toBe('All');
    expect(scopeLabel(agingLayout, { ...us01, currency: 'EUR' }, us01)).toBe('US01 EUR');
    expect(scopeLabel(agingLayout, us01, null)).toBe('US01 2026-11-30');
  });

  it('keeps sheet names valid: at most 31 characters, no [ ] : * ? / \\, no apostrophe at either end', () => {
    const long = uniqueSheetName('KPI history DE01 DSO 2025-12 2026-11 EUR', []);
    expect(long).toBe('KPI history DE01 DSO 2025-12 20');
    expect(long).toHaveLength(31);
    expect(uniqueSheetName("'Risks [PRJ/1]: *open?'", [])).toBe('Risks -PRJ-1- -open-');
  });

  it('makes both unique in the workbook, whatever the case', () => {
    expect(uniqueSheetName('Aging DE01', ['aging de01', 'Aging DE01 (2)'])).toBe('Aging DE01 (3)');
    expect(uniqueSheetName('A'.repeat(40), ['A'.repeat(31)])).toBe(`${'A'.repeat(27)} (2)`);
    expect(uniqueTableName('llAging_DE01', ['LLAGING_DE01'])).toBe('llAging_DE01_2');
    expect(uniqueTableName('llRisks_PRJ-1 “x”', [])).toBe('llRisks_PRJ_1_x');
    expect(uniqueTableName('2026', [])).toBe('ll_2026');
  });
});
