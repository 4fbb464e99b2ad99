// The workbook as a test or a demo script sees it (`window.__fakeExcel` on `?host=fake`): read
// sheets, tables and charts as Excel would show them, and act as the user (type, paste, insert
// and delete rows, sort and filter a table, protect a sheet), which fires the same change events
// as in Excel (filters and protection fire none). The members PRODUCT.md lists are kept stable.
import { columnIndex, formatRect, isWholeRows, parseAddress, type Rect } from './a1.js';
import { applyValuesFilter, clearFilters } from './filters.js';
import { mergeRange } from './merged-cells.js';
import type { Scalar, SheetModel, SyncRecord, TableModel, WorkbookModel } from './model.js';
import { checkTypedEntry } from './validation.js';

export interface FakeSheetView {
  readonly name: string;
  /** Values from A1 to the last used cell (formulas evaluated; '' for blank). */
  cells(): Scalar[][];
  values(address: string): Scalar[][];
  /** The formula of each cell, or its value when it has none. */
  formulas(address: string): Scalar[][];
  /** Displayed text under each cell's number format. */
  texts(address: string): string[][];
  numberFormats(address: string): string[][];
  readonly frozenRows: number;
  /** Letters of the hidden columns, in order. */
  hiddenColumns(): string[];
  /** Width in points of a column given by letter. */
  columnWidth(column: string): number;
  readonly tableNames: string[];
}

export interface FakeTableView {
  /** Stays the same while the table lives: a refresh that recreated the table would change it. */
  readonly id: string;
  readonly name: string;
  readonly sheetName: string;
  /** Sheet-less address of the whole table, e.g. "A1:F11". */
  readonly address: string;
  readonly headers: string[];
  readonly rowCount: number;
  /** Data body values (formulas evaluated). */
  rows(): Scalar[][];
  /** Body values of one column by header. */
  column(header: string): Scalar[];
  /** Body formulas of one column by header (the value where a cell has no formula). */
  columnFormulas(header: string): Scalar[];
  /** Calculated column formulas as they read in the first data row, by header. */
  readonly calculatedColumns: Record<string, string>;
}

export interface FakeChartView {
  readonly name: string;
  readonly type: string;
  readonly title: string;
  readonly sourceAddress: string;
  readonly seriesBy: string;
  readonly topLeft: string;
  /** Read from the source as Excel would plot it by columns: first column = categories. */
  readonly categories: Scalar[];
  readonly series: Array<{ name: string; values: Scalar[] }>;
}

export interface FakeSyncLog {
  readonly count: number;
  /** Request bytes of each sync, in order. */
  readonly payloadBytes: number[];
  readonly largestPayloadBytes: number;
  readonly records: readonly SyncRecord[];
  /** Forget the syncs so far (e.g. after setting a workbook up). */
  reset(): void;
}

export interface FakeWorkbook {
  readonly model: WorkbookModel;
  sheet(name: string): FakeSheetView;
  addSheet(name: string): FakeSheetView;
  /**
   * A user typing into one cell ('=…' enters a formula): text is read as en-US Excel reads it
   * ("45%", "1,234.50", "$1,234.50", "12/31/2026", "TRUE"; see typed-text.ts), anything it does not
   * recognise stays text. Fires onChanged with details.
   */
  setCell(sheet: string, address: string, value: Scalar): void;
  /** A user pasting a block, each cell read as setCell reads it: fires one onChanged without details. */
  setRange(sheet: string, address: string, values: Scalar[][]): void;
  /** The user's Insert of whole sheet rows ("5:5"): everything below moves down, tables grow or move, formulas adjust. */
  insertRows(sheet: string, address: string): void;
  /** The user's Delete of whole sheet rows ("5:7"): what is below moves up; references to deleted rows become #REF!. */
  deleteRows(sheet: string, address: string): void;
  /**
   * The user's sort of a table's body by one column, in Excel's default sort order (blanks last);
   * the table remembers it, so the API's table.sort.fields shows it and sort.reapply() repeats it.
   */
  sortTable(name: string, header: string, ascending: boolean): void;
  /** The user's filter of a table column to these values (as the cells display them): other rows hide. No onChanged. */
  filterTable(name: string, header: string, values: Array<string | number>): void;
  /** The user's Clear Filter on a table: every row shows again. No onChanged. */
  clearTableFilter(name: string): void;
  /** Whether a filter hides each row of the table's body, in order. */
  hiddenRows(name: string): boolean[];
  /** The user's Review > Protect Sheet without a password (default options: only unlocked cells editable). */
  protectSheet(sheet: string): void;
  unprotectSheet(sheet: string): void;
  /** The user's Merge & Center of a block: the top-left value stays, the rest are emptied. */
  mergeCells(sheet: string, address: string): void;
  /** Addresses of the sheet's merged areas ("B2:D2"). */
  mergedAreas(sheet: string): string[];
  /** The source of a cell's list validation ("A,B,C" or "=$F$1:$F$3"), or null when it has none. */
  validation(sheet: string, address: string): string | null;
  table(name: string): FakeTableView;
  hasTable(name: string): boolean;
  charts(sheet: string): FakeChartView[];
  /** Fill colour of each cell ('#RRGGBB'), null where there is none. */
  fills(sheet: string, address: string): Array<Array<string | null>>;
  /** Font colour of each cell, null where it was never set. */
  fontColors(sheet: string, address: string): Array<Array<string | null>>;
  notes(sheet: string): Record<string, string>;
  readonly syncs: FakeSyncLog;
  /** Handlers registered on a sheet's onChanged. */
  changedHandlerCount(sheet: string): number;
  /** Resolves once queued events have been delivered. */
  settle(): Promise<void>;
  /** Removes the globals (restoring any that were there before). */
  uninstall(): void;
}

export function createFakeWorkbook(model: WorkbookModel, uninstall: () => void): FakeWorkbook {
  const sheetOrThrow = (name: string): SheetModel => {
    const sheet = model.findSheet(name);
    if (!sheet) throw new Error(`The fake workbook has no sheet "${name}" (sheets: ${model.sheets.map((s) => s.name).join(', ')}).`);
    return sheet;
  };
  const tableOrThrow = (name: string): TableModel => {
    const table = model.findTable(name);
    if (!table) throw new Error(`The fake workbook has no table "${name}" (tables: ${model.tables.map((t) => t.name).join(', ') || 'none'}).`);
    return table;
  };
  const columnOffsetOrThrow = (table: TableModel, header: string): number => {
    const offset = table.columnOffset(header);
    if (offset < 0) throw new Error(`Table ${table.name} has no column "${header}" (columns: ${table.headers().join(', ')}).`);
    return offset;
  };
  const grid = <T>(rect: Rect, read: (r: number, c: number) => T): T[][] =>
    Array.from({ length: rect.rowCount }, (_, i) => Array.from({ length: rect.columnCount }, (_, j) => read(rect.row + i, rect.column + j)));
  const rectOf = (address: string): Rect => parseAddress(address).rect;
  const rowsOf = (address: string, what: string): Rect => {
    const rect = rectOf(address);
    if (!isWholeRows(rect)) throw new Error(`${what} takes whole rows such as "5:5", not ${address}.`);
    return rect;
  };

  const sheetView = (sheet: SheetModel): FakeSheetView => ({
    get name() {
      return sheet.name;
    },
    cells() {
      const used = sheet.usedRect(true);
      if (!used) return [];
      return grid({ row: 0, column: 0, rowCount: used.row + used.rowCount, columnCount: used.column + used.columnCount }, (r, c) => model.valueAt(sheet, r, c));
    },
    values: (address) => grid(rectOf(address), (r, c) => model.valueAt(sheet, r, c)),
    formulas: (address) => grid(rectOf(address), (r, c) => sheet.get(r, c)?.formula ?? sheet.get(r, c)?.value ?? ''),
    texts: (address) => grid(rectOf(address), (r, c) => model.textAt(sheet, r, c)),
    numberFormats: (address) => grid(rectOf(address), (r, c) => sheet.get(r, c)?.numberFormat ?? 'General'),
    get frozenRows() {
      return sheet.frozenRows;
    },
    hiddenColumns: () => [...sheet.hiddenColumns].sort((a, b) => a - b).map((c) => formatRect({ row: 0, column: c, rowCount: 1, columnCount: 1 }).replace(/\d+$/, '')),
    columnWidth: (column) => sheet.columnWidth(columnIndex(column)),
    get tableNames() {
      return model.tablesOn(sheet).map((t) => t.name);
    },
  });

  const tableView = (table: TableModel): FakeTableView => {
    const columnOrThrow = (header: string): number => columnOffsetOrThrow(table, header);
    return {
      id: table.id,
      name: table.name,
      sheetName: table.sheet.name,
      address: formatRect(table.rangeRect()),
      headers: table.headers(),
      rowCount: table.rowCount,
      rows: () => grid(table.bodyRect(), (r, c) => model.valueAt(table.sheet, r, c)),
      column: (header) => {
        const c = table.column + columnOrThrow(header);
        return grid({ ...table.bodyRect(), column: c, columnCount: 1 }, (r) => model.valueAt(table.sheet, r, c)).map((row) => row[0]!);
      },
      columnFormulas: (header) => {
        const c = table.column + columnOrThrow(header);
        return grid({ ...table.bodyRect(), column: c, columnCount: 1 }, (r) => table.sheet.get(r, c)?.formula ?? table.sheet.get(r, c)?.value ?? '').map((row) => row[0]!);
      },
      calculatedColumns: Object.fromEntries([...table.calculated].map(([offset, formula]) => [table.headers()[offset] ?? String(offset), formula])),
    };
  };

  const syncs: FakeSyncLog = {
    get count() {
      return model.syncLog.length;
    },
    get payloadBytes() {
      return model.syncLog.map((s) => s.requestBytes);
    },
    get largestPayloadBytes() {
      return model.syncLog.reduce((m, s) => Math.max(m, s.requestBytes), 0);
    },
    get records() {
      return model.syncLog;
    },
    reset() {
      model.syncLog.length = 0;
    },
  };

  return {
    model,
    sheet: (name) => sheetView(sheetOrThrow(name)),
    addSheet: (name) => sheetView(model.addSheet(name)),
    setCell(sheet, address, value) {
      const rect = rectOf(address);
      if (rect.rowCount !== 1 || rect.columnCount !== 1) throw new Error(`setCell takes one cell; use setRange for ${address}.`);
      const target = sheetOrThrow(sheet);
      // Typing is checked against the cell's list validation; a paste (setRange) is not, as in Excel.
      checkTypedEntry(target, rect.row, rect.column, value);
      model.writeCells(target, rect, value, 'values', 'user');
    },
    setRange(sheet, address, values) {
      model.writeCells(sheetOrThrow(sheet), rectOf(address), values, 'values', 'user');
    },
    insertRows(sheet, address) {
      const { row, rowCount } = rowsOf(address, 'insertRows');
      model.insertSheetRows(sheetOrThrow(sheet), row, rowCount);
    },
    deleteRows(sheet, address) {
      const { row, rowCount } = rowsOf(address, 'deleteRows');
      model.deleteSheetRows(sheetOrThrow(sheet), row, rowCount);
    },
    sortTable(name, header, ascending) {
      const table = tableOrThrow(name);
      model.sortTable(table, [{ key: columnOffsetOrThrow(table, header), ascending }], false, 'user');
    },
    filterTable(name, header, values) {
      const table = tableOrThrow(name);
      applyValuesFilter(table, columnOffsetOrThrow(table, header), values);
    },
    clearTableFilter: (name) => clearFilters(tableOrThrow(name)),
    hiddenRows: (name) => {
      const table = tableOrThrow(name);
      return Array.from({ length: table.rowCount }, (_, i) => table.hidden[i] === true);
    },
    protectSheet(sheet) {
      const target = sheetOrThrow(sheet);
      if (target.protection) throw new Error(`Sheet ${sheet} is already protected.`);
      target.protection = { options: {} };
    },
    unprotectSheet(sheet) {
      sheetOrThrow(sheet).protection = undefined;
    },
    mergeCells: (sheet, address) => mergeRange(sheetOrThrow(sheet), rectOf(address), false),
    mergedAreas: (sheet) => sheetOrThrow(sheet).merged.map(formatRect),
    validation(sheet, address) {
      const { row, column } = rectOf(address);
      return sheetOrThrow(sheet).get(row, column)?.validation?.source ?? null;
    },
    table: (name) => tableView(tableOrThrow(name)),
    hasTable: (name) => model.findTable(name) !== undefined,
    charts: (sheetName) =>
      sheetOrThrow(sheetName).charts.map((chart) => {
        const { source } = chart;
        const column = (k: number) =>
          grid({ row: source.row + 1, column: source.column + k, rowCount: source.rowCount - 1, columnCount: 1 }, (r, c) => model.valueAt(chart.sheet, r, c)).map((row) => row[0]!);
        return {
          name: chart.name,
          type: chart.type,
          title: chart.title,
          sourceAddress: formatRect(source),
          seriesBy: chart.seriesBy,
          topLeft: chart.topLeft,
          categories: column(0),
          series: Array.from({ length: source.columnCount - 1 }, (_, i) => ({
            name: String(model.valueAt(chart.sheet, source.row, source.column + i + 1)),
            values: column(i + 1),
          })),
        };
      }),
    fills: (sheet, address) => {
      const s = sheetOrThrow(sheet);
      return grid(rectOf(address), (r, c) => s.get(r, c)?.fill ?? null);
    },
    fontColors: (sheet, address) => {
      const s = sheetOrThrow(sheet);
      return grid(rectOf(address), (r, c) => s.get(r, c)?.fontColor ?? null);
    },
    notes: (sheet) => Object.fromEntries(sheetOrThrow(sheet).notes),
    syncs,
    changedHandlerCount: (sheet) => sheetOrThrow(sheet).changedHandlers.size,
    async settle() {
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    uninstall,
  };
}
