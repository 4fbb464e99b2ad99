// A table column's filter (ExcelApi 1.2, https://learn.microsoft.com/en-us/javascript/api/excel/excel.filter)
// and a table's AutoFilter (ExcelApi 1.9, https://learn.microsoft.com/en-us/javascript/api/excel/excel.autofilter).
// Value filters only; a filtered table hides the rows that do not match and refuses row deletes.
import { FakeOfficeError } from '../errors.js';
import { applyValuesFilter, clearFilters, reapplyFilters } from '../filters.js';
import type { TableModel } from '../model.js';
import { FakeClientObject, defineProperties, type PropSpec } from './client-object.js';
import { payloadBytes } from './payload.js';

export interface TableColumnModel {
  table: TableModel;
  offset: number;
}

export class FakeFilter extends FakeClientObject<TableColumnModel> {
  protected readonly _type = 'Filter';

  protected _specs(): Record<string, PropSpec<TableColumnModel>> {
    return FILTER_SPECS;
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.filter#excel-excel-filter-applyvaluesfilter-member(1)
  applyValuesFilter(values: Array<string | number | { date: string }>): void {
    this._command(({ table, offset }) => {
      if (values.some((v) => typeof v === 'object')) throw new FakeOfficeError('NotImplemented', 'The fake filters on values, not on FilterDatetime.');
      applyValuesFilter(table, offset, values);
    }, payloadBytes(values), 'Filter.applyValuesFilter');
  }

  /** Filter.apply with { filterOn: 'Values', values } is the same filter. */
  apply(criteria: { filterOn?: string; values?: unknown[] }): void {
    this._command(({ table, offset }) => {
      if (criteria.filterOn !== 'Values' || !Array.isArray(criteria.values)) {
        throw new FakeOfficeError('NotImplemented', 'The fake applies value filters only ({ filterOn: "Values", values }).');
      }
      applyValuesFilter(table, offset, criteria.values);
    }, payloadBytes(criteria), 'Filter.apply');
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.filter#excel-excel-filter-clear-member(1)
  clear(): void {
    this._command(({ table, offset }) => clearFilters(table, offset), 0, 'Filter.clear');
  }
}

const FILTER_SPECS: Record<string, PropSpec<TableColumnModel>> = {
  criteria: {
    get: ({ table, offset }) => {
      const values = table.filters.get(offset);
      return values ? { filterOn: 'Values', values: [...values] } : null;
    },
  },
};
defineProperties(FakeFilter, Object.keys(FILTER_SPECS));

export class FakeAutoFilter extends FakeClientObject<TableModel> {
  protected readonly _type = 'AutoFilter';

  protected _specs(): Record<string, PropSpec<TableModel>> {
    return AUTO_FILTER_SPECS;
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.autofilter#excel-excel-autofilter-clearcriteria-member(1)
  clearCriteria(): void {
    this._command((t) => clearFilters(t), 0, 'AutoFilter.clearCriteria');
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.autofilter#excel-excel-autofilter-reapply-member(1)
  reapply(): void {
    this._command((t) => reapplyFilters(t), 0, 'AutoFilter.reapply');
  }
}

const AUTO_FILTER_SPECS: Record<string, PropSpec<TableModel>> = {
  // A table always shows its filter buttons in the fake (Excel's default for a new table).
  enabled: { get: () => true },
  isDataFiltered: { get: (t) => t.isFiltered },
  criteria: {
    get: (t) => Array.from({ length: t.columnCount }, (_, k) => {
      const values = t.filters.get(k);
      return values ? { filterOn: 'Values', values: [...values] } : {};
    }),
  },
};
defineProperties(FakeAutoFilter, Object.keys(AUTO_FILTER_SPECS));
