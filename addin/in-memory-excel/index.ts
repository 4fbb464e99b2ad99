// An in-memory Excel: the part of the Office/Excel JavaScript API that addin/office uses,
// installed as the globals `Excel`, `Office` and `OfficeExtension`. It is the tests' workbook
// and the product's demo host (`?host=fake`, see fake-host.ts). It runs in Node (unit tests)
// and in a browser page (end-to-end tests, demos): no Node modules here.
//
// The files: model.ts holds the workbook (cells, tables, charts, notes, events; formula.ts and
// number-format.ts compute what cells show); proxies/ holds the office.js objects, one file per
// Excel object, that turn API calls into model calls at context.sync(); scripting.ts is the
// view tests and demo scripts read and drive the workbook through (`window.__fakeExcel`).
//
// What it models: proxy objects readable only after load() + context.sync(); commands queued
// and applied in order at sync; *OrNullObject lookups; worksheets, ranges (values, formulas in A1
// and R1C1, number formats, fill and font colours, widths, hidden columns, Range.insert down and
// Range.delete), tables with calculated columns that fill down as the table grows (unless the
// option calculatedColumnFill is false, Excel's AutoCorrect "Fill formulas in tables"), value
// filters (Filter, Table.clearFilters/reapplyFilters, AutoFilter) that hide rows and make Excel
// refuse row deletes with InsertDeleteConflict, the API's sort (Table.sort) and the user's,
// sheet protection with cell locks (AccessDenied on locked cells), list data validation, merged
// cells (writes only into an area's top-left cell), charts, freeze panes, notes, onChanged events
// (user edits carry no details when they span several cells, like pastes); requirement sets (APIs newer than the configured ExcelApi version fail
// with ApiNotFound); and the request size of each sync (every call, argument and object, not only
// values), capped at 5 MB like Excel on the web. The user's own acts (scripting.ts) are modelled
// too: typed text read as en-US Excel reads it (typed-text.ts) and checked against list
// validation, pastes (not checked), Insert and Delete of whole sheet rows with formula references
// adjusted (as they are for cells the API shifts), the sort of a table by one column, filtering a table, protecting a sheet.
//
// Not modelled (calls throw or are accepted without effect, as noted): whole-row/column cell
// contents (formats and values on "A:A" throw NotImplemented; columnHidden and columnWidth work),
// chart series objects, axes and legends, filters other than values (custom, top items, dates
// throw NotImplemented), rows hidden by hand (rowHidden is read-only and shows filtered rows),
// validation rules other than lists, total rows, merged areas moving when rows are inserted or
// deleted (merge, unmerge and the top-left rule are modelled), conditional formats, row heights
// and alignment (accepted, not kept), other sheets in formulas, references to a range only partly
// inside cells shifted by Range.insert/delete or rows.add (kept as they are), inserting cells to the
// right, whole-row or whole-column cell locks (they count as locked), the 1904 date system, and
// Excel's own Ctrl+Z. Differences that are stricter than Excel: Excel.run rejects a batch that
// ends with unsynced commands; derived objects of a null object throw ItemNotFound when used.

import { FakeOfficeError } from './errors.js';
import { WorkbookModel, compareVersions } from './model.js';
import { FakeRequestContext } from './proxies/request-context.js';
import { createFakeWorkbook, type FakeWorkbook } from './scripting.js';

export type { FakeWorkbook } from './scripting.js';

export interface FakeExcelOptions {
  /** Highest ExcelApi requirement set the fake host supports (default '1.18'). */
  excelApiVersion?: string;
  /** Largest request one sync may send (default 5 MB, as Excel on the web). */
  requestLimitBytes?: number;
  /** Largest response one sync may receive (default 5 MB). */
  responseLimitBytes?: number;
  /** Sheets the workbook starts with (default ['Sheet1']). */
  sheets?: string[];
  /**
   * Excel's AutoCorrect option "Fill formulas in tables to create calculated columns" (default true):
   * when false, new table rows (rows.add, resize, the user's Insert) get blanks in calculated columns.
   */
  calculatedColumnFill?: boolean;
  /** Excel's editing option "Enable automatic percent entry" (default true): 45 typed into a percentage cell is 45%. */
  automaticPercentEntry?: boolean;
}

let defaults: FakeExcelOptions = {};

/**
 * Options every later installFakeExcel() starts from (its own options win). The test setup uses it
 * to run the suite at another ExcelApi version; nothing here reads the environment.
 */
export function setFakeExcelDefaults(options: FakeExcelOptions): void {
  defaults = { ...options };
}

const GLOBAL_NAMES = ['Excel', 'Office', 'OfficeExtension'] as const;

export function installFakeExcel(given: FakeExcelOptions = {}): FakeWorkbook {
  const options = { ...defaults, ...given };
  const model = new WorkbookModel({
    excelApiVersion: options.excelApiVersion ?? '1.18',
    requestLimitBytes: options.requestLimitBytes ?? 5 * 1024 * 1024,
    responseLimitBytes: options.responseLimitBytes ?? 5 * 1024 * 1024,
    calculatedColumnFill: options.calculatedColumnFill ?? true,
    automaticPercentEntry: options.automaticPercentEntry ?? true,
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
    InsertShiftDirection: { down: 'Down', right: 'Right' },
    SortOn: { value: 'Value', cellColor: 'CellColor', fontColor: 'FontColor', icon: 'Icon' },
    FilterOn: { values: 'Values', custom: 'Custom', topItems: 'TopItems', bottomItems: 'BottomItems' },
    DataValidationType: { none: 'None', list: 'List', inconsistent: 'Inconsistent' },
    ClearApplyTo: { all: 'All', formats: 'Formats', contents: 'Contents' },
    EventTriggerSource: { unknown: 'Unknown', thisLocalAddin: 'ThisLocalAddin' },
    EventSource: { local: 'Local', remote: 'Remote' },
    ErrorCodes: {
      accessDenied: 'AccessDenied',
      apiNotFound: 'ApiNotFound',
      insertDeleteConflict: 'InsertDeleteConflict',
      invalidArgument: 'InvalidArgument',
      invalidOperation: 'InvalidOperation',
      itemNotFound: 'ItemNotFound',
    },
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
          // The fake host is Excel on the web, which has the web-only set ExcelApiOnline 1.1
          // (https://learn.microsoft.com/en-us/javascript/api/requirement-sets/excel/excel-api-online-requirement-set).
          if (name === 'ExcelApiOnline') return version === undefined || compareVersions('1.1', String(version)) >= 0;
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
