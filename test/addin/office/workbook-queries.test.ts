// The tables a workbook remembers, in its settings: saved, replaced and forgotten by table name;
// read back with whether each table is still there and on which sheet; a hand-edited or foreign
// setting skipped entry by entry (and kept as it was when another entry is saved). Also the
// in-memory Excel's SettingCollection these run on.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { writeTable } from '../../../addin/office/write-table.js';
import {
  QUERIES_SETTING_KEY,
  forgetWorkbookQuery,
  parseQueriesSetting,
  readWorkbookNames,
  readWorkbookQueries,
  saveWorkbookQuery,
  type WorkbookQuery,
} from '../../../addin/office/workbook-queries.js';
import type { TableLayout } from '../../../addin/office/contract.js';

const us01: WorkbookQuery = {
  tableName: 'llAging',
  sheetName: 'Aging',
  datasetId: 'aging',
  filters: { asOf: '2026-11-30', entityCode: 'US01' },
  title: 'Aging · US01 · as of 2026-11-30',
  pulledAt: '2026-11-30T09:00:00.000Z',
};
const de01: WorkbookQuery = { ...us01, tableName: 'llAging_DE01', sheetName: 'Aging DE01', filters: { asOf: '2026-11-30', entityCode: 'DE01' }, title: 'Aging · DE01 · as of 2026-11-30' };

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

/** The setting as Excel keeps it, read through the API as another add-in or script would. */
async function settingValue(): Promise<unknown> {
  return Excel.run(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(QUERIES_SETTING_KEY);
    setting.load('value');
    await context.sync();
    return setting.isNullObject ? undefined : setting.value;
  });
}

/** Someone (a colleague's script, a hand edit) puts `value` in the setting. */
async function putSetting(value: unknown): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.settings.add(QUERIES_SETTING_KEY, value);
    await context.sync();
  });
}

describe('saved queries in the workbook settings', () => {
  beforeEach(() => {
    fake = installFakeExcel();
  });

  it('reads nothing from a workbook that never had one', async () => {
    expect(await readWorkbookQueries()).toEqual({ queries: [], ignored: [] });
  });

  it('saves queries under one key as { version, queries }, and reads them back in order', async () => {
    await saveWorkbookQuery(us01);
    await saveWorkbookQuery(de01);
    expect(await settingValue()).toEqual({ version: 1, queries: [us01, de01] });
    const { queries, ignored } = await readWorkbookQueries();
    expect(ignored).toEqual([]);
    expect(queries).toEqual([{ ...us01, inWorkbook: false }, { ...de01, inWorkbook: false }]);
  });

  it('replaces the query of the same table (any case) in its place, and forgets one without touching the other', async () => {
    await saveWorkbookQuery(us01);
    await saveWorkbookQuery(de01);
    const moved = { ...us01, tableName: 'LLAGING', filters: { asOf: '2026-12-31', entityCode: 'US01' }, title: 'Aging · US01 · as of 2026-12-31' };
    await saveWorkbookQuery(moved);
    expect((await readWorkbookQueries()).queries.map((q) => [q.tableName, q.filters.asOf])).toEqual([['LLAGING', '2026-12-31'], ['llAging_DE01', '2026-11-30']]);

    await forgetWorkbookQuery('llaging');
    expect((await readWorkbookQueries()).queries.map((q) => q.tableName)).toEqual(['llAging_DE01']);
    const syncs = fake.syncs.count;
    await forgetWorkbookQuery('llNothing'); // nothing to forget: read, no write
    expect(fake.syncs.records.slice(syncs).flatMap((r) => r.commands)).toEqual([]);
  });

  it('keeps only the known fields: nothing else (a token, a server) reaches the workbook', async () => {
    await saveWorkbookQuery({ ...us01, token: 'llt_secret', serverUrl: 'https://ledger.test' } as WorkbookQuery);
    expect(JSON.stringify(await settingValue())).not.toMatch(/llt_|ledger\.test/);
    expect(await settingValue()).toEqual({ version: 1, queries: [us01] });
  });

  it('refuses to save a query whose names Excel would not take', async () => {
    await expect(saveWorkbookQuery({ ...us01, tableName: 'Aging DE01' })).rejects.toMatchObject({ code: 'InvalidLayout' });
    await expect(saveWorkbookQuery({ ...us01, sheetName: 'Aging: DE01' })).rejects.toThrow(/cannot contain/);
    expect(await settingValue()).toBeUndefined();
  });

  it('says whether each table is still in the workbook, and on which sheet it is now', async () => {
    const layout: TableLayout = { sheetName: 'Aging DE01', tableName: 'llAging_DE01', columns: [{ key: 'customerCode', header: 'Customer', kind: 'text' }] };
    await writeTable(layout, [['C1']]);
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Aging DE01').name = 'Germany';
      await context.sync();
    });
    await saveWorkbookQuery(us01);
    await saveWorkbookQuery(de01);
    const { queries } = await readWorkbookQueries();
    expect(queries.map((q) => [q.tableName, q.sheetName, q.inWorkbook])).toEqual([
      ['llAging', 'Aging', false],
      ['llAging_DE01', 'Germany', true],
    ]);
    expect(await readWorkbookNames()).toEqual({ sheetNames: ['Sheet1', 'Germany'], tableNames: ['llAging_DE01'] });
  });

  it('skips hand-edited or foreign entries, says which and why, and keeps them when another is saved', async () => {
    const foreign = [
      us01,
      'a note someone typed',
      { ...de01, tableName: 'Aging DE01' },
      { ...de01, sheetName: 'Aging/DE01' },
      { ...de01, filters: { entityCode: 42 } },
      { ...de01, title: '' },
      { ...de01, pulledAt: 'yesterday' },
      { ...us01, title: 'A second llAging' },
    ];
    await putSetting({ version: 1, queries: foreign });
    const { queries, ignored } = await readWorkbookQueries();
    expect(queries.map((q) => q.title)).toEqual([us01.title]);
    expect(ignored).toEqual([
      'Saved table 2: not an object.',
      'Saved table 3 (Aging DE01): no valid table name (letters, digits and underscores).',
      'Saved table 4 (llAging_DE01): sheet name "Aging/DE01": a sheet name cannot contain [ ] : * ? / \\.',
      'Saved table 5 (llAging_DE01): filter "entityCode" is not a text value.',
      'Saved table 6 (llAging_DE01): no title.',
      'Saved table 7 (llAging_DE01): pulledAt is not a date and time.',
      'Saved table 8 (llAging): listed twice; the first is used.',
    ]);

    const invoices: WorkbookQuery = { tableName: 'llInvoices', sheetName: 'Open invoices', datasetId: 'invoices', filters: {}, title: 'Open invoices' };
    await saveWorkbookQuery(invoices);
    expect(await settingValue()).toEqual({ version: 1, queries: [...foreign, invoices] });
    // Saving a table's query takes the place of every entry naming that table, readable or not.
    await saveWorkbookQuery(de01);
    expect(await settingValue()).toEqual({ version: 1, queries: [us01, foreign[1], foreign[2], de01, foreign[7], invoices] });
  });

  it('ignores a setting that is not a list of tables as a whole, and replaces it on the next save', async () => {
    await putSetting(42);
    expect(await readWorkbookQueries()).toEqual({ queries: [], ignored: ['The workbook setting "ledgerline.queries" is not a list of tables; it was ignored.'] });
    await saveWorkbookQuery(us01);
    expect((await readWorkbookQueries()).queries.map((q) => q.tableName)).toEqual(['llAging']);
  });

  it('reads a list kept as JSON text, or a bare array', () => {
    expect(parseQueriesSetting(JSON.stringify({ queries: [us01] })).queries).toEqual([us01]);
    expect(parseQueriesSetting([de01]).queries).toEqual([de01]);
    expect(parseQueriesSetting('{not json').ignored).toHaveLength(1);
  });
});

describe('the in-memory SettingCollection', () => {
  beforeEach(() => {
    fake = installFakeExcel();
  });

  it('adds, overwrites, lists, counts and deletes settings; values come back as copies', async () => {
    const value = { a: [1, 2], b: 'x' };
    await Excel.run(async (context) => {
      const settings = context.workbook.settings;
      settings.add('one', value);
      settings.add('two', 'text');
      settings.add('two', 2);
      await context.sync();
    });
    value.b = 'changed after adding';
    const read = await Excel.run(async (context) => {
      const settings = context.workbook.settings;
      const one = settings.getItem('one');
      one.load('key,value');
      const missing = settings.getItemOrNullObject('three');
      settings.load('items/key,items/value');
      const count = settings.getCount();
      await context.sync();
      return { one: one.value, key: one.key, missing: missing.isNullObject, items: settings.items.map((s) => [s.key, s.value]), count: count.value };
    });
    expect(read).toEqual({ one: { a: [1, 2], b: 'x' }, key: 'one', missing: true, items: [['one', { a: [1, 2], b: 'x' }], ['two', 2]], count: 2 });

    await Excel.run(async (context) => {
      context.workbook.settings.getItem('one').delete();
      const two = context.workbook.settings.getItem('two');
      two.value = { now: true };
      await context.sync();
    });
    const after = await Excel.run(async (context) => {
      const settings = context.workbook.settings.load('items/key,items/value');
      await context.sync();
      return settings.items.map((s) => [s.key, s.value]);
    });
    expect(after).toEqual([['two', { now: true }]]);
  });

  it('fails like Excel: getItem of a missing key at sync, and on a host without ExcelApi 1.4', async () => {
    await expect(
      Excel.run(async (context) => {
        context.workbook.settings.getItem('nothing');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.3' });
    await expect(
      Excel.run(async (context) => {
        context.workbook.settings.add('k', 1);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ApiNotFound' });
  });
});
