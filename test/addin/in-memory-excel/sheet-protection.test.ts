// Protected sheets (WorksheetProtection, ExcelApi 1.2; passwords 1.7): locked cells refuse every
// kind of change with AccessDenied, unlocked cells stay writable, and the user is refused too.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(async () => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
  fake.setRange('Sheet1', 'A1:B3', [['Client', 'Amount'], ['Acme', 10], ['Beta', 20]]);
  await Excel.run(async (context) => {
    const sheet = context.workbook.worksheets.getItem('Sheet1');
    sheet.tables.add('A1:B3', true).name = 'Invoices';
    sheet.getRange('D1:D3').format.protection.locked = false; // the user's input column
    sheet.protection.protect();
    await context.sync();
  });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);
const sheetOf = (context: Excel.RequestContext) => context.workbook.worksheets.getItem('Sheet1');
const denied = { code: 'AccessDenied', message: expect.stringContaining('protected sheet') };

describe('a protected sheet', () => {
  it('says so, and refuses writes, formats, inserts, deletes, table rows and notes on locked cells', async () => {
    const before = fake.sheet('Sheet1').formulas('A1:B3');
    const attempts: Array<(context: Excel.RequestContext) => void> = [
      (c) => void (sheetOf(c).getRange('B2').values = [[99]]),
      (c) => void (sheetOf(c).getRange('B2').formulas = [['=1+1']]),
      (c) => void (sheetOf(c).getRange('B2').numberFormat = [['0.00']]),
      (c) => void (sheetOf(c).getRange('B2').format.fill.color = '#FF0000'),
      (c) => void (sheetOf(c).getRange('B2').format.font.color = '#FF0000'),
      (c) => sheetOf(c).getRange('B2').clear(),
      (c) => void sheetOf(c).getRange('F5:F6').insert('Down' as Excel.InsertShiftDirection.down),
      (c) => sheetOf(c).getRange('F5').delete('Up' as Excel.DeleteShiftDirection.up),
      (c) => void c.workbook.tables.getItem('Invoices').rows.add(undefined, [['Gamma', 30]]),
      (c) => c.workbook.tables.getItem('Invoices').resize('A1:B5'),
      (c) => void sheetOf(c).notes.add('B2', 'checked'),
      (c) => void (sheetOf(c).getRange('B2').format.protection.locked = false),
    ];
    for (const attempt of attempts) {
      await run(async (context) => {
        attempt(context);
        await expect(context.sync()).rejects.toMatchObject(denied);
      });
    }
    expect(fake.sheet('Sheet1').formulas('A1:B3')).toEqual(before);
    expect(fake.table('Invoices').rowCount).toBe(2);
    await run(async (context) => {
      const protection = sheetOf(context).protection;
      protection.load('protected');
      await context.sync();
      expect(protection.protected).toBe(true);
    });
  });

  it('keeps unlocked cells writable, by the add-in and by the user', async () => {
    await run(async (context) => {
      sheetOf(context).getRange('D2').values = [['ok']];
      const lock = sheetOf(context).getRange('D1:E1').format.protection;
      lock.load('locked');
      await context.sync();
      expect(lock.locked).toBeNull(); // D unlocked, E locked
    });
    fake.setCell('Sheet1', 'D3', 'typed');
    expect(fake.sheet('Sheet1').values('D2:D3')).toEqual([['ok'], ['typed']]);
  });

  it("refuses the user's typing in a locked cell", () => {
    expect(() => fake.setCell('Sheet1', 'B2', '5')).toThrow(expect.objectContaining(denied));
    expect(() => fake.setRange('Sheet1', 'B2:B3', [[1], [2]])).toThrow(expect.objectContaining(denied));
    expect(fake.sheet('Sheet1').values('B2')).toEqual([[10]]);
  });

  it('allows what the protection options allow', async () => {
    await run(async (context) => {
      sheetOf(context).protection.unprotect();
      sheetOf(context).protection.protect({ allowFormatCells: true });
      await context.sync();
      sheetOf(context).getRange('B2').format.fill.color = '#FFFF00';
      await context.sync();
      sheetOf(context).getRange('B2').values = [[1]];
      await expect(context.sync()).rejects.toMatchObject(denied);
    });
    expect(fake.fills('Sheet1', 'B2')).toEqual([['#FFFF00']]);
  });

  it('writes again once unprotected, by the API or by the user', async () => {
    await run(async (context) => {
      sheetOf(context).protection.unprotect();
      sheetOf(context).getRange('B2').values = [[11]];
      await context.sync();
    });
    fake.protectSheet('Sheet1');
    expect(() => fake.setCell('Sheet1', 'B3', '21')).toThrow(expect.objectContaining({ code: 'AccessDenied' }));
    fake.unprotectSheet('Sheet1');
    fake.setCell('Sheet1', 'B3', '21');
    expect(fake.table('Invoices').column('Amount')).toEqual([11, 21]);
  });

  it('fails protect() on a protected sheet, and unprotect() with the wrong password', async () => {
    await run(async (context) => {
      sheetOf(context).protection.protect();
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      sheetOf(context).protection.unprotect();
      sheetOf(context).protection.protect({}, 'secret');
      await context.sync();
      sheetOf(context).protection.unprotect('guess');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      sheetOf(context).protection.unprotect('secret');
      await context.sync();
    });
  });

  it('takes a password only from ExcelApi 1.7', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.6' });
    await run(async (context) => {
      sheetOf(context).protection.protect({}, 'secret');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
      sheetOf(context).protection.protect();
      await context.sync();
    });
  });
});
