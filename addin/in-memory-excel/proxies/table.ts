// Tables, their columns and their rows: add, resize, convert to a range, delete; calculated
// columns fill down in the model as rows are added; filters (table-filter.ts) and sort (table-sort.ts).
import { parseAddress, type Rect } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import { clearFilters, reapplyFilters } from '../filters.js';
import type { Scalar, SheetModel, TableModel } from '../model.js';
import { requireEditable } from '../protection.js';
import { FakeClientObject, FakeClientResult, FakeCollection, FakeKeyedCollection, count, defineProperties, type Mode, type PropSpec } from './client-object.js';
import { FakeEventHandlers } from './events.js';
import { payloadBytes } from './payload.js';
import { FakeRange, type RangeModel } from './range.js';
import type { FakeRequestContext } from './request-context.js';
import { FakeAutoFilter, FakeFilter, type TableColumnModel } from './table-filter.js';
import { FakeTableSort } from './table-sort.js';
import { FakeWorksheet } from './worksheet.js';

function rangeOf(ctx: FakeRequestContext, target: FakeRange | string, sheet: () => SheetModel | undefined): RangeModel {
  if (target instanceof FakeRange) return target._resolve();
  const parsed = parseAddress(target);
  const owner = parsed.sheetName !== undefined ? ctx.model.findSheet(parsed.sheetName) : sheet();
  if (!owner) throw new FakeOfficeError('InvalidArgument', `Cannot tell which sheet ${target} is on.`);
  return { sheet: owner, rect: parsed.rect };
}

export class FakeTableCollection extends FakeKeyedCollection<TableModel, FakeTable> {
  protected readonly _type = 'TableCollection';

  constructor(
    context: FakeRequestContext,
    private readonly list: () => TableModel[],
    private readonly sheet: (() => SheetModel) | undefined,
  ) {
    super(context, list, 'lazy');
  }

  protected _proxy(locate: () => TableModel | undefined, mode: Mode): FakeTable {
    return new FakeTable(this.context, locate, mode);
  }

  protected _find(key: string): TableModel | undefined {
    const list = this.list();
    const wanted = key.toLowerCase();
    return list.find((t) => t.name.toLowerCase() === wanted || t.id === key);
  }

  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    const table = new FakeTable(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const target = rangeOf(this.context, address, () => this.sheet?.() ?? this.context.model.activeSheet);
      if (this.sheet && target.sheet !== this.sheet()) throw new FakeOfficeError('InvalidArgument', 'The range is on another sheet.');
      requireEditable(target.sheet, target.rect, 'table');
      table._bind(this.context.model.addTable(target.sheet, target.rect, hasHeaders));
    }, 0, 'TableCollection.add');
    return table;
  }



  getItemAt(index: number): FakeTable {
    return new FakeTable(this.context, () => this.list()[index], 'throw');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.list().length);
  }
}

export class FakeTable extends FakeClientObject<TableModel> {
  protected readonly _type = 'Table';

  protected _specs(): Record<string, PropSpec<TableModel>> {
    return TABLE_SPECS;
  }

  private range(rect: (t: TableModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._resolve();
      return { sheet: t.sheet, rect: rect(t) };
    }, 'throw');
  }

  getRange(): FakeRange {
    return this.range((t) => t.rangeRect());
  }

  getHeaderRowRange(): FakeRange {
    return this.range((t) => t.headerRect());
  }

  getDataBodyRange(): FakeRange {
    return this.range((t) => t.bodyRect());
  }

  getTotalRowRange(): FakeRange {
    return this.range((t) => {
      if (!t.showTotals) throw new FakeOfficeError('InvalidArgument', 'The table has no total row.');
      return { row: t.lastRow + 1, column: t.column, rowCount: 1, columnCount: t.columnCount };
    });
  }

  resize(newRange: FakeRange | string): void {
    this._command((t) => {
      const target = rangeOf(this.context, newRange, () => t.sheet);
      if (target.sheet !== t.sheet) throw new FakeOfficeError('InvalidArgument', 'A table cannot move to another sheet.');
      t.sheet.workbook.resizeTable(t, target.rect);
    }, 0, 'Table.resize');
  }

  delete(): void {
    this._command((t) => t.sheet.workbook.deleteTable(t, false), 0, 'Table.delete');
  }

  convertToRange(): FakeRange {
    const range = new FakeRange(this.context, () => undefined, 'lazy');
    this._command((t) => {
      range._bind({ sheet: t.sheet, rect: t.rangeRect() });
      t.sheet.workbook.deleteTable(t, true);
    }, 0, 'Table.convertToRange');
    return range;
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.table#excel-excel-table-clearfilters-member(1)
  clearFilters(): void {
    this._command((t) => {
      t.sheet.workbook.requireApi('1.2', 'Table.clearFilters');
      clearFilters(t);
    }, 0, 'Table.clearFilters');
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.table#excel-excel-table-reapplyfilters-member(1)
  reapplyFilters(): void {
    this._command((t) => {
      t.sheet.workbook.requireApi('1.2', 'Table.reapplyFilters');
      reapplyFilters(t);
    }, 0, 'Table.reapplyFilters');
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.table#excel-excel-table-sort-member
  get sort(): FakeTableSort {
    return this._nested('sort', () => new FakeTableSort(this.context, () => {
      const t = this._resolve();
      t.sheet.workbook.requireApi('1.2', 'Table.sort');
      return t;
    }, 'lazy'));
  }

  // ExcelApi 1.9: https://learn.microsoft.com/en-us/javascript/api/excel/excel.table#excel-excel-table-autofilter-member
  get autoFilter(): FakeAutoFilter {
    return this._nested('autoFilter', () => new FakeAutoFilter(this.context, () => {
      const t = this._resolve();
      t.sheet.workbook.requireApi('1.9', 'Table.autoFilter');
      return t;
    }, 'lazy'));
  }

  get worksheet(): FakeWorksheet {
    return this._nested('worksheet', () => new FakeWorksheet(this.context, () => this._resolve().sheet, 'throw'));
  }

  get columns(): FakeTableColumnCollection {
    return this._nested('columns', () => new FakeTableColumnCollection(this.context, () => this._resolve()));
  }

  get rows(): FakeTableRowCollection {
    return this._nested('rows', () => new FakeTableRowCollection(this.context, () => this._resolve()));
  }

  get onChanged(): FakeEventHandlers {
    return this._nested('onChanged', () => new FakeEventHandlers(this.context, () => this._resolve().changedHandlers));
  }
}

const TABLE_SPECS: Record<string, PropSpec<TableModel>> = {
  name: { get: (t) => t.name, set: (t, v) => t.sheet.workbook.renameTable(t, String(v)) },
  id: { get: (t) => t.id },
  showTotals: {
    get: (t) => t.showTotals,
    set: (t, v) => {
      if (v) throw new FakeOfficeError('NotImplemented', 'The fake has no total rows.');
      t.showTotals = false;
    },
  },
  showHeaders: { get: (t) => t.showHeaders },
  showBandedRows: { get: (t) => t.showBandedRows, set: (t, v) => void (t.showBandedRows = Boolean(v)) },
  style: { get: (t) => t.style, set: (t, v) => void (t.style = String(v)) },
};
defineProperties(FakeTable, Object.keys(TABLE_SPECS));

export class FakeTableColumnCollection extends FakeKeyedCollection<TableColumnModel, FakeTableColumn, string | number> {
  protected readonly _type = 'TableColumnCollection';

  constructor(
    context: FakeRequestContext,
    private readonly table: () => TableModel,
  ) {
    super(context, () => {
      const t = table();
      return t.headers().map((_, offset) => ({ table: t, offset }));
    }, 'lazy');
  }

  protected _proxy(locate: () => TableColumnModel | undefined, mode: Mode): FakeTableColumn {
    return new FakeTableColumn(this.context, locate, mode);
  }

  protected _find(key: string | number): TableColumnModel | undefined {
    const t = this.table();
    const offset = typeof key === 'number' ? key - 1 : t.columnOffset(String(key));
    return offset >= 0 && offset < t.columnCount ? { table: t, offset } : undefined;
  }



  getItemAt(index: number): FakeTableColumn {
    return new FakeTableColumn(this.context, () => {
      const t = this.table();
      return index >= 0 && index < t.columnCount ? { table: t, offset: index } : undefined;
    }, 'throw');
  }

  add(index?: number | null, values?: unknown, name?: string): FakeTableColumn {
    const column = new FakeTableColumn(this.context, () => undefined, 'lazy');
    const bytes = values === undefined ? 0 : payloadBytes(values);
    this.context._queue(() => {
      const t = this.table();
      if (name !== undefined) t.sheet.workbook.requireApi('1.4', 'TableColumnCollection.add with a name');
      column._bind({ table: t, offset: t.sheet.workbook.addTableColumn(t, index, values, name) });
    }, bytes, 'TableColumnCollection.add');
    return column;
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.table().columnCount);
  }
}

export class FakeTableColumn extends FakeClientObject<TableColumnModel> {
  protected readonly _type = 'TableColumn';

  protected _specs(): Record<string, PropSpec<TableColumnModel>> {
    return TABLE_COLUMN_SPECS;
  }

  private range(rect: (m: TableColumnModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._resolve();
      return { sheet: m.table.sheet, rect: rect(m) };
    }, 'throw');
  }

  getDataBodyRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.bodyRow, column: table.column + offset, rowCount: table.rowCount, columnCount: 1 }));
  }

  getHeaderRowRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.row, column: table.column + offset, rowCount: 1, columnCount: 1 }));
  }

  getRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.row, column: table.column + offset, rowCount: table.rowCount + 1, columnCount: 1 }));
  }

  delete(): void {
    this._command(({ table, offset }) => table.sheet.workbook.deleteTableColumn(table, offset), 0, 'TableColumn.delete');
  }

  // ExcelApi 1.2: https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablecolumn#excel-excel-tablecolumn-filter-member
  get filter(): FakeFilter {
    return this._nested('filter', () => new FakeFilter(this.context, () => {
      const m = this._resolve();
      m.table.sheet.workbook.requireApi('1.2', 'TableColumn.filter');
      return m;
    }, 'lazy'));
  }
}

const TABLE_COLUMN_SPECS: Record<string, PropSpec<TableColumnModel>> = {
  name: {
    get: ({ table, offset }) => table.headers()[offset],
    set: ({ table, offset }, v) => table.sheet.workbook.writeCells(table.sheet, { row: table.row, column: table.column + offset, rowCount: 1, columnCount: 1 }, String(v), 'values', 'api'),
  },
  index: { get: ({ offset }) => offset },
  id: { get: ({ offset }) => offset + 1 },
  values: {
    get: ({ table, offset }) => {
      const out: Scalar[][] = [];
      for (let r = table.row; r <= table.lastRow; r++) out.push([table.sheet.workbook.valueAt(table.sheet, r, table.column + offset)]);
      return out;
    },
  },
};
defineProperties(FakeTableColumn, Object.keys(TABLE_COLUMN_SPECS));

interface TableRowModel {
  table: TableModel;
  index: number;
}

export class FakeTableRowCollection extends FakeCollection<TableRowModel, FakeTableRow> {
  protected readonly _type = 'TableRowCollection';

  constructor(
    context: FakeRequestContext,
    private readonly table: () => TableModel,
  ) {
    super(context, () => {
      const t = table();
      return Array.from({ length: t.rowCount }, (_, index) => ({ table: t, index }));
    }, 'lazy');
  }

  protected _proxy(locate: () => TableRowModel | undefined, mode: Mode): FakeTableRow {
    return new FakeTableRow(this.context, locate, mode);
  }

  add(index?: number | null, values?: unknown, alwaysInsert?: boolean): FakeTableRow {
    const row = new FakeTableRow(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const t = this.table();
      if (alwaysInsert !== undefined) t.sheet.workbook.requireApi('1.15', 'TableRowCollection.add with alwaysInsert');
      t.sheet.workbook.addTableRows(t, index, values);
      row._bind({ table: t, index: index === null || index === undefined ? t.rowCount - 1 : index });
    }, values === undefined ? 0 : payloadBytes(values), 'TableRowCollection.add');
    return row;
  }

  /**
   * ExcelApiOnline 1.1 (https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-deleterows-member(1)):
   * deletes the rows at these indexes (or these TableRow objects); refused while the table is filtered.
   * The set is web-only, and the fake host is Excel on the web, so it is always there.
   */
  deleteRows(rows: Array<number | FakeTableRow>): void {
    this.context._queue(() => {
      const t = this.table();
      const indexes = rows.map((r) => (typeof r === 'number' ? r : r._resolve().index));
      for (const i of indexes) if (!Number.isInteger(i) || i < 0 || i >= t.rowCount) throw new FakeOfficeError('InvalidArgument', `Row index ${i} is outside the table.`);
      // Bottom up, so earlier deletes do not move the rows still to delete.
      for (const i of [...new Set(indexes)].sort((a, b) => b - a)) {
        t.sheet.workbook.deleteRange(t.sheet, { row: t.bodyRow + i, column: t.column, rowCount: 1, columnCount: t.columnCount }, 'Up');
      }
    }, payloadBytes(rows.map((r) => (typeof r === 'number' ? r : 0))), 'TableRowCollection.deleteRows');
  }

  /** ExcelApiOnline 1.1: `count` rows (default 1) from `index`. */
  deleteRowsAt(index: number, count = 1): void {
    this.context._queue(() => {
      const t = this.table();
      if (!Number.isInteger(index) || index < 0 || count < 1 || index + count > t.rowCount) {
        throw new FakeOfficeError('InvalidArgument', `Rows ${index}..${index + count - 1} are outside the table.`);
      }
      t.sheet.workbook.deleteRange(t.sheet, { row: t.bodyRow + index, column: t.column, rowCount: count, columnCount: t.columnCount }, 'Up');
    }, payloadBytes([index, count]), 'TableRowCollection.deleteRowsAt');
  }

  getItemAt(index: number): FakeTableRow {
    return new FakeTableRow(this.context, () => {
      const t = this.table();
      return index >= 0 && index < t.rowCount ? { table: t, index } : undefined;
    }, 'throw');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.table().rowCount);
  }
}

export class FakeTableRow extends FakeClientObject<TableRowModel> {
  protected readonly _type = 'TableRow';

  protected _specs(): Record<string, PropSpec<TableRowModel>> {
    return TABLE_ROW_SPECS;
  }

  getRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const { table, index } = this._resolve();
      return { sheet: table.sheet, rect: { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount } };
    }, 'throw');
  }

  delete(): void {
    this._command(({ table, index }) =>
      table.sheet.workbook.deleteRange(table.sheet, { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount }, 'Up'),
      0,
      'TableRow.delete',
    );
  }
}

const TABLE_ROW_SPECS: Record<string, PropSpec<TableRowModel>> = {
  index: { get: ({ index }) => index },
  values: {
    get: ({ table, index }) => {
      const row: Scalar[] = [];
      for (let k = 0; k < table.columnCount; k++) row.push(table.sheet.workbook.valueAt(table.sheet, table.bodyRow + index, table.column + k));
      return [row];
    },
    set: ({ table, index }, v) =>
      table.sheet.workbook.writeCells(table.sheet, { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount }, v, 'values', 'api'),
  },
};
defineProperties(FakeTableRow, Object.keys(TABLE_ROW_SPECS));
