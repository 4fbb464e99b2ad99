// Table.sort (ExcelApi 1.2, https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablesort):
// apply, fields after load, reapply (over the rows the table has now) and clear.
import { FakeOfficeError } from '../errors.js';
import type { SortField, TableModel } from '../model.js';
import { FakeClientObject, defineProperties, type PropSpec } from './client-object.js';
import { payloadBytes } from './payload.js';

interface ApiSortField {
  key: number;
  ascending?: boolean;
  sortOn?: string;
  color?: string;
}

function sortFields(fields: ApiSortField[]): SortField[] {
  if (!Array.isArray(fields) || fields.length === 0) throw new FakeOfficeError('InvalidArgument', 'Table.sort.apply needs at least one SortField.');
  return fields.map((f) => {
    if (f.sortOn !== undefined && f.sortOn !== 'Value') throw new FakeOfficeError('NotImplemented', `The fake sorts on cell values, not ${f.sortOn}.`);
    return { key: f.key, ascending: f.ascending !== false };
  });
}

export class FakeTableSort extends FakeClientObject<TableModel> {
  protected readonly _type = 'TableSort';

  protected _specs(): Record<string, PropSpec<TableModel>> {
    return TABLE_SORT_SPECS;
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablesort#excel-excel-tablesort-apply-member(1)
  apply(fields: ApiSortField[], matchCase = false, method?: string): void {
    this._command((t) => {
      if (method !== undefined && method !== 'PinYin') throw new FakeOfficeError('InvalidArgument', `"${method}" is not a SortMethod.`);
      t.sheet.workbook.sortTable(t, sortFields(fields), matchCase, 'api');
    }, payloadBytes([fields, matchCase]), 'TableSort.apply');
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablesort#excel-excel-tablesort-reapply-member(1)
  reapply(): void {
    this._command((t) => t.sheet.workbook.reapplySort(t), 0, 'TableSort.reapply');
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablesort#excel-excel-tablesort-clear-member(1)
  // Forgets the sort; the rows stay in the order it left them, as in Excel.
  clear(): void {
    this._command((t) => void (t.sort = undefined), 0, 'TableSort.clear');
  }
}

const TABLE_SORT_SPECS: Record<string, PropSpec<TableModel>> = {
  fields: { get: (t) => (t.sort?.fields ?? []).map((f) => ({ key: f.key, ascending: f.ascending, sortOn: 'Value' })) },
  matchCase: { get: (t) => t.sort?.matchCase ?? false },
  method: { get: () => 'PinYin' },
};
defineProperties(FakeTableSort, Object.keys(TABLE_SORT_SPECS));
