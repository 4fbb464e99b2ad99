// An in-memory fake of the part of the Office/Excel JavaScript API that addin/office uses,
// installed as the globals `Excel`, `Office` and `OfficeExtension`. It runs in Node (unit tests)
// and in a browser page (end-to-end tests): no Node modules here.
//
// What it models: proxy objects readable only after load() + context.sync(); commands queued
// and applied in order at sync; *OrNullObject lookups; worksheets, ranges (values, formulas,
// number formats, fill and font colours, widths, hidden columns), tables with calculated columns
// that fill down as the table grows, charts, freeze panes, notes, onChanged events (user edits
// carry no details when they span several cells, like pastes); requirement sets (APIs newer than
// the configured ExcelApi version fail with ApiNotFound); and the request size of each sync,
// capped at 5 MB like Excel on the web.
//
// Not modelled (calls throw or are accepted without effect, as noted): whole-row/column cell
// contents (formats and values on "A:A" throw NotImplemented; columnHidden and columnWidth work),
// chart series objects, axes and legends, filters and sorting (clearFilters is a no-op), total
// rows, merged cells, conditional formats, row heights and alignment (accepted, not kept), other
// sheets in formulas, reference adjustment of formulas outside moved cells, and Excel's own
// Ctrl+Z. Differences that are stricter than Excel: Excel.run rejects a batch that ends with
// unsynced commands; derived objects of a null object throw ItemNotFound when used.

import { columnIndex, formatRect, parseAddress, type Rect } from './fake-excel/a1.js';
import { FakeOfficeError } from './fake-excel/errors.js';
import { WorkbookModel, compareVersions, type Scalar, type SheetModel, type SyncRecord, type TableModel } from './fake-excel/model.js';
import { FakeRequestContext, payloadBytes } from './fake-excel/proxies.js';

export { FakeOfficeError } from './fake-excel/errors.js';
export type { Scalar, SyncRecord } from './fake-excel/model.js';
export { payloadBytes } from './fake-excel/proxies.js';

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the fake host supports (default '1.18'). */
  excelApiVersion?: string;
  /** Largest request one sync may send (default 5 MB, as Excel on the web). */
  requestLimitBytes?: number;
  /** Largest response one sync may receive (default 5 MB). */
  responseLimitBytes?: number;
  /** Sheets the workbook starts with (default ['Sheet1']). */
  sheets?: string[];
}

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
  /** A user typing into one cell ('=…' enters a formula): fires onChanged with details. */
  setCell(sheet: string, address: string, value: Scalar): void;
  /** A user pasting a block: fires one onChanged without details. */
  setRange(sheet: string, address: string, values: Scalar[][]): void;
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

const GLOBAL_NAMES = ['Excel', 'Office', 'OfficeExtension'] as const;

export function installFakeExcel(options: FakeExcelOptions = {}): FakeWorkbook {
  const model = new WorkbookModel({
    excelApiVersion: options.excelApiVersion ?? '1.18',
    requestLimitBytes: options.requestLimitBytes ?? 5 * 1024 * 1024,
    responseLimitBytes: options.responseLimitBytes ?? 5 * 1024 * 1024,
  });
  for (const name of options.sheets ?? ['Sheet1']) model.addSheet(name);

  const scope = globalThis as unknown as Record<string, unknown>;
  const previous = GLOBAL_NAMES.map((name) => [name, Object.getOwnPropertyDescriptor(scope, name)] as const);
  scope.Excel = createExcelNamespace(model);
  scope.Office = createOfficeNamespace(model);
  scope.OfficeExtension = { Error: FakeOfficeError, ErrorCodes: { itemNotFound: 'ItemNotFound', propertyNotLoaded: 'PropertyNotLoaded' } };

  return createFakeWorkbook(model, () => {
    for (const [name, descriptor] of previous) {
      if (descriptor) Object.defineProperty(scope, name, descriptor);
      else delete scope[name];
    }
  });
}

function createExcelNamespace(model: WorkbookModel): Record<string, unknown> {
  async function run<T>(...args: unknown[]): Promise<T> {
    const batch = args[args.length - 1] as (context: FakeRequestContext) => Promise<T>;
    if (typeof batch !== 'function') throw new FakeOfficeError('InvalidArgument', 'Excel.run needs a batch function.');
    const first = args.length > 1 ? args[0] : undefined;
    const context =
      first instanceof FakeRequestContext
        ? first
        : first && typeof first === 'object' && 'context' in first && (first as { context: unknown }).context instanceof FakeRequestContext
          ? (first as { context: FakeRequestContext }).context
          : new FakeRequestContext(model);
    const result = await batch(context);
    if (context._ops.length > 0) {
      const pending = context._ops.length;
      context._ops = [];
      // Stricter than Excel: a batch that ends with unsynced commands is almost always a bug.
      throw new FakeOfficeError('InvalidOperation', `Excel.run ended with ${pending} queued command(s) never synced; await context.sync() before returning.`);
    }
    return result;
  }
  return {
    run,
    RequestContext: FakeRequestContext,
    ChartType: { columnClustered: 'ColumnClustered', columnStacked: 'ColumnStacked', line: 'Line', pie: 'Pie', barClustered: 'BarClustered' },
    ChartSeriesBy: { auto: 'Auto', columns: 'Columns', rows: 'Rows' },
    DeleteShiftDirection: { up: 'Up', left: 'Left' },
    ClearApplyTo: { all: 'All', formats: 'Formats', contents: 'Contents' },
    EventTriggerSource: { unknown: 'Unknown', thisLocalAddin: 'ThisLocalAddin' },
    EventSource: { local: 'Local', remote: 'Remote' },
    ErrorCodes: { itemNotFound: 'ItemNotFound', invalidArgument: 'InvalidArgument', apiNotFound: 'ApiNotFound' },
  };
}

function createOfficeNamespace(model: WorkbookModel): Record<string, unknown> {
  const info = { host: 'Excel', platform: 'OfficeOnline' };
  return {
    HostType: { Excel: 'Excel' },
    PlatformType: { OfficeOnline: 'OfficeOnline', PC: 'PC', Mac: 'Mac' },
    context: {
      host: 'Excel',
      platform: 'OfficeOnline',
      diagnostics: { host: 'Excel', platform: 'OfficeOnline', version: '16.0' },
      requirements: {
        isSetSupported(name: string, version?: string): boolean {
          if (name !== 'ExcelApi') return false;
          return version === undefined || compareVersions(model.options.excelApiVersion, String(version)) >= 0;
        },
      },
    },
    onReady(callback?: (i: typeof info) => void): Promise<typeof info> {
      callback?.(info);
      return Promise.resolve(info);
    },
  };
}

function createFakeWorkbook(model: WorkbookModel, uninstall: () => void): FakeWorkbook {
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
  const grid = <T>(sheet: SheetModel, rect: Rect, read: (r: number, c: number) => T): T[][] =>
    Array.from({ length: rect.rowCount }, (_, i) => Array.from({ length: rect.columnCount }, (_, j) => read(rect.row + i, rect.column + j)));
  const rectOf = (address: string): Rect => parseAddress(address).rect;

  const sheetView = (sheet: SheetModel): FakeSheetView => ({
    get name() {
      return sheet.name;
    },
    cells() {
      const used = sheet.usedRect(true);
      if (!used) return [];
      return grid(sheet, { row: 0, column: 0, rowCount: used.row + used.rowCount, columnCount: used.column + used.columnCount }, (r, c) => model.valueAt(sheet, r, c));
    },
    values: (address) => grid(sheet, rectOf(address), (r, c) => model.valueAt(sheet, r, c)),
    formulas: (address) => grid(sheet, rectOf(address), (r, c) => sheet.get(r, c)?.formula ?? sheet.get(r, c)?.value ?? ''),
    texts: (address) => grid(sheet, rectOf(address), (r, c) => model.textAt(sheet, r, c)),
    numberFormats: (address) => grid(sheet, rectOf(address), (r, c) => sheet.get(r, c)?.numberFormat ?? 'General'),
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
    const columnOrThrow = (header: string): number => {
      const offset = table.columnOffset(header);
      if (offset < 0) throw new Error(`Table ${table.name} has no column "${header}" (columns: ${table.headers().join(', ')}).`);
      return offset;
    };
    return {
      id: table.id,
      name: table.name,
      sheetName: table.sheet.name,
      address: formatRect(table.rangeRect()),
      headers: table.headers(),
      rowCount: table.rowCount,
      rows: () => grid(table.sheet, table.bodyRect(), (r, c) => model.valueAt(table.sheet, r, c)),
      column: (header) => {
        const c = table.column + columnOrThrow(header);
        return grid(table.sheet, { ...table.bodyRect(), column: c, columnCount: 1 }, (r) => model.valueAt(table.sheet, r, c)).map((row) => row[0]!);
      },
      columnFormulas: (header) => {
        const c = table.column + columnOrThrow(header);
        return grid(table.sheet, { ...table.bodyRect(), column: c, columnCount: 1 }, (r) => table.sheet.get(r, c)?.formula ?? table.sheet.get(r, c)?.value ?? '').map((row) => row[0]!);
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
      model.writeCells(sheetOrThrow(sheet), rect, value, 'values', 'user');
    },
    setRange(sheet, address, values) {
      model.writeCells(sheetOrThrow(sheet), rectOf(address), values, 'values', 'user');
    },
    table: (name) => tableView(tableOrThrow(name)),
    hasTable: (name) => model.findTable(name) !== undefined,
    charts: (sheetName) =>
      sheetOrThrow(sheetName).charts.map((chart) => {
        const { source } = chart;
        const column = (k: number) =>
          grid(chart.sheet, { row: source.row + 1, column: source.column + k, rowCount: source.rowCount - 1, columnCount: 1 }, (r, c) => model.valueAt(chart.sheet, r, c)).map((row) => row[0]!);
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
      return grid(s, rectOf(address), (r, c) => s.get(r, c)?.fill ?? null);
    },
    fontColors: (sheet, address) => {
      const s = sheetOrThrow(sheet);
      return grid(s, rectOf(address), (r, c) => s.get(r, c)?.fontColor ?? null);
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

/** JSON payload size in bytes, as the fake measures a sync (exported for benchmarks). */
export const measurePayload = payloadBytes;
