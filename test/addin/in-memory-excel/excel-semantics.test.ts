// The in-memory Excel must behave like Excel where the Office layer depends on it, or the other
// tests prove nothing: these pin the semantics it models, object by object.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(() => {
  // The fake's own semantics at the newest version; the suite's ExcelApi default (api-version.setup.ts) is for the add-in's tests.
  fake = installFakeExcel({ excelApiVersion: '1.18' });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);

describe('proxy objects', () => {
  it('make properties readable only after load() and sync()', async () => {
    fake.setRange('Sheet1', 'A1:B1', [['a', 1]]);
    await run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:B1');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      range.load('values');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(range.values).toEqual([['a', 1]]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  it('apply queued writes only at sync, in order', async () => {
    await run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      range.values = [['first']];
      range.values = [['second']];
      const check = context.workbook.worksheets.getItem('Sheet1').getRange('A1');
      check.load('values');
      expect(fake.sheet('Sheet1').cells()).toEqual([]);
      await context.sync();
      expect(check.values).toEqual([['second']]);
    });
  });

  it('answer isNullObject after a sync, and fail getItem for a missing item at sync', async () => {
    await run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject('Nope');
      const present = context.workbook.worksheets.getItemOrNullObject('sheet1'); // names ignore case
      expect(() => missing.isNullObject).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      context.workbook.tables.getItem('llNothing');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
    });
  });

  it('refuses a batch that ends with commands never synced', async () => {
    await expect(
      run(async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = [['lost']];
      }),
    ).rejects.toMatchObject({ code: 'InvalidOperation' });
  });

  it('loads collection items', async () => {
    fake.addSheet('Invoices');
    await run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(['Sheet1', 'Invoices']);
    });
  });

  it('fails APIs newer than the configured requirement set with ApiNotFound', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.12' });
    fake.setRange('Sheet1', 'A1:A2', [['H'], [1]]);
    await run(async (context) => {
      const table = context.workbook.worksheets.getItem('Sheet1').tables.add('A1:A2', true);
      await context.sync();
      table.resize('A1:A5');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
    expect(Office.context.requirements.isSetSupported('ExcelApi', '1.13')).toBe(false);
  });
});

describe('ranges', () => {
  it('leave a cell alone for null and clear it for an empty string', async () => {
    fake.setRange('Sheet1', 'A1:C1', [['a', 'b', 'c']]);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:C1').values = [[null, '', 'z']] as unknown as string[][];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').values('A1:C1')).toEqual([['a', '', 'z']]);
  });

  it('take one value for a whole range, or an array of exactly its size', async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      (sheet.getRange('A1:B2') as unknown as { numberFormat: string }).numberFormat = '0.00';
      sheet.getRange('A1:B2').values = [[1, 2], [3, 4]];
      await context.sync();
      sheet.getRange('A1:B2').values = [[1, 2, 3]];
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
    expect(fake.sheet('Sheet1').numberFormats('A1:B2')).toEqual([['0.00', '0.00'], ['0.00', '0.00']]);
  });

  it("convert typed text like Excel does, except in '@' (text) cells", async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      (sheet.getRange('B1') as unknown as { numberFormat: string }).numberFormat = '@';
      sheet.getRange('A1:B1').values = [['00123', '00123']];
      sheet.getRange('A2:B2').values = [['2025-01-15', '3/4/2025']]; // en-US: 4 March
      await context.sync();
    });
    expect(fake.sheet('Sheet1').values('A1:B2')).toEqual([
      [123, '00123'],
      [45672, 45720],
    ]);
    expect(fake.sheet('Sheet1').texts('A2:B2')).toEqual([['2025-01-15', '3/4/2025']]);
  });

  it('show values through their number formats (Range.text)', async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      const formats = ['#,##0.00', 'yyyy-mm-dd', '0.00"%"', '0%', '#,##0.00##', '0'];
      formats.forEach((f, i) => ((sheet.getCell(0, i) as unknown as { numberFormat: string }).numberFormat = f));
      sheet.getRange('A1:F1').values = [[1234567.891, 45672, 12.5, 0.125, 3.14159, 41.6]];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').texts('A1:F1')).toEqual([['1,234,567.89', '2025-01-15', '12.50%', '13%', '3.1416', '42']]);
  });

  it('derive addresses like Excel', async () => {
    await run(async (context) => {
      const base = context.workbook.worksheets.getItem('Sheet1').getRange('B2:C3');
      const ranges = [base, base.getCell(1, 1), base.getOffsetRange(1, 2), base.getResizedRange(2, -1), base.getEntireColumn(), base.getLastRow()];
      ranges.forEach((r) => r.load('address'));
      await context.sync();
      expect(ranges.map((r) => r.address)).toEqual(['Sheet1!B2:C3', 'Sheet1!C3', 'Sheet1!D3:E4', 'Sheet1!B2:B5', 'Sheet1!B:C', 'Sheet1!B3:C3']);
    });
  });

  it('report the used range, or a null object on an empty sheet', async () => {
    await run(async (context) => {
      const empty = context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true);
      await context.sync();
      expect(empty.isNullObject).toBe(true);
    });
    fake.setCell('Sheet1', 'C4', 'x');
    await run(async (context) => {
      const used = context.workbook.worksheets.getItem('Sheet1').getUsedRangeOrNullObject(true);
      used.load('address');
      await context.sync();
      expect(used.address).toBe('Sheet1!C4');
    });
  });
});

describe('payload limits', () => {
  it('rejects a sync over 5 MB before applying any of it, and records each sync size', async () => {
    const big = Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${'x'.repeat(80)}`]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('B1').values = [['small']];
      sheet.getRange('A1:A60000').values = big;
      await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    });
    expect(fake.sheet('Sheet1').cells()).toEqual([]);
    expect(fake.syncs.count).toBe(1);
    expect(fake.syncs.payloadBytes[0]).toBeGreaterThan(5 * 1024 * 1024);
  });

  it('rejects a load whose response is over 5 MB', async () => {
    fake.setRange('Sheet1', 'A1:A60000', Array.from({ length: 60_000 }, (_, i) => [`row ${i} ${'x'.repeat(80)}`]));
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1:A60000').load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    });
  });
});

describe('tables', () => {
  beforeEach(() => {
    fake.setRange('Sheet1', 'A1:B3', [
      ['Item', 'Amount'],
      ['a', 10],
      ['b', 20],
    ]);
  });

  async function addTable() {
    await run(async (context) => {
      const table = context.workbook.worksheets.getItem('Sheet1').tables.add('A1:B3', true);
      table.name = 'tItems';
      await context.sync();
    });
  }

  it('fill a calculated column into rows added by rows.add and copy the row above’s formats', async () => {
    await addTable();
    fake.setCell('Sheet1', 'C1', 'Double'); // typing beside the table makes it grow
    fake.setCell('Sheet1', 'C2', '=[@Amount]*2'); // one formula in an empty column fills it
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      (sheet.getRange('B3') as unknown as { numberFormat: string }).numberFormat = '0.00';
      context.workbook.tables.getItem('tItems').rows.add(undefined, [['c', 30, null]] as unknown as string[][]);
      await context.sync();
    });
    const table = fake.table('tItems');
    expect(table.address).toBe('A1:C4');
    expect(table.column('Double')).toEqual([20, 40, 60]);
    expect(table.calculatedColumns).toEqual({ Double: '=[@Amount]*2' });
    expect(fake.sheet('Sheet1').numberFormats('B4')).toEqual([['0.00']]);
  });

  it('fill calculated columns with A1 references moved to each new row when resized', async () => {
    await addTable();
    await run(async (context) => {
      const table = context.workbook.tables.getItem('tItems');
      const column = table.columns.add(undefined, undefined, 'Plus');
      column.getDataBodyRange().formulas = [['=B2+1'], ['=B3+1']];
      context.workbook.worksheets.getItem('Sheet1').getRange('A4:B5').values = [['c', 30], ['d', 40]];
      table.resize('A1:C5');
      await context.sync();
    });
    expect(fake.table('tItems').columnFormulas('Plus')).toEqual(['=B2+1', '=B3+1', '=B4+1', '=B5+1']);
    expect(fake.table('tItems').column('Plus')).toEqual([11, 21, 31, 41]);
  });

  it('shrink when rows inside them are deleted, and refuse to shift part of a table', async () => {
    await addTable();
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A3:B3').delete('Up');
      await context.sync();
      sheet.getRange('A2').delete('Up');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
    expect(fake.table('tItems').address).toBe('A1:B2');
    expect(fake.table('tItems').rows()).toEqual([['a', 10]]);
  });

  it('make header names unique and non-empty, and keep table names unique', async () => {
    fake.setRange('Sheet1', 'D1:F2', [['Amount', 'Amount', ''], [1, 2, 3]]);
    await addTable();
    await run(async (context) => {
      const table = context.workbook.worksheets.getItem('Sheet1').tables.add('D1:F2', true);
      await context.sync();
      table.name = 'TITEMS';
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    });
    expect(fake.table('Table2').headers).toEqual(['Amount', 'Amount2', 'Column3']);
  });
});

describe('formulas', () => {
  it('evaluate arithmetic, comparisons, text and a few functions on the same sheet', () => {
    fake.setRange('Sheet1', 'A1:B1', [[120, 'Acme']]);
    const formulas = ['=A1*2+1', '=ROUND(A1/7,2)', '=IF(A1>100,"big","small")', '=A1/0', '=B1&" Ltd"', '=SUM(A1,A1,1)', '=NOPE(1)', '=-A1%'];
    fake.setRange('Sheet1', 'C1:J1', [formulas]);
    expect(fake.sheet('Sheet1').values('C1:J1')).toEqual([[241, 17.14, 'big', '#DIV/0!', 'Acme Ltd', 241, '#NAME?', -1.2]]);
    expect(fake.sheet('Sheet1').formulas('C1:D1')).toEqual([['=A1*2+1', '=ROUND(A1/7,2)']]);
  });
});

describe('events', () => {
  it('deliver user edits with details for one cell, without for a paste, and tag the add-in’s writes', async () => {
    const seen: Array<{ address: string; details?: unknown; triggerSource?: string }> = [];
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').onChanged.add(async (event) => {
        seen.push({ address: event.address, details: event.details, triggerSource: event.triggerSource });
      });
      await context.sync();
    });
    fake.setCell('Sheet1', 'B2', 5);
    fake.setRange('Sheet1', 'A1:B2', [[1, 2], [3, 4]]);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('C3').values = [['mine']];
      await context.sync();
    });
    await fake.settle();

    expect(seen).toEqual([
      { address: 'B2', details: { valueBefore: '', valueAfter: 5, valueTypeBefore: 'Empty', valueTypeAfter: 'Double' }, triggerSource: 'Unknown' },
      { address: 'A1:B2', details: undefined, triggerSource: 'Unknown' },
      { address: 'C3', details: undefined, triggerSource: 'ThisLocalAddin' },
    ]);
  });

  it('stop delivering after remove()', async () => {
    const handler = vi.fn(async () => undefined);
    const registration = await run(async (context) => {
      const result = context.workbook.worksheets.getItem('Sheet1').onChanged.add(handler);
      await context.sync();
      return result;
    });
    await Excel.run(registration.context, async (context) => {
      registration.remove();
      await context.sync();
    });
    fake.setCell('Sheet1', 'A1', 1);
    await fake.settle();
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('charts', () => {
  it('find a chart by name, re-point its data and move it', async () => {
    fake.setRange('Sheet1', 'A1:B3', [['Month', 'Sales'], ['Jan', 1], ['Feb', 2]]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      const chart = sheet.charts.add('Line', sheet.getRange('A1:B2'), 'Columns');
      chart.name = 'salesChart';
      await context.sync();
      const found = sheet.charts.getItemOrNullObject('salesChart');
      const absent = sheet.charts.getItemOrNullObject('other');
      await context.sync();
      expect([found.isNullObject, absent.isNullObject]).toEqual([false, true]);
      found.setData(sheet.getRange('A1:B3'), 'Columns');
      found.setPosition('E5');
      found.title.text = 'Sales';
      await context.sync();
    });
    expect(fake.charts('Sheet1')).toEqual([
      expect.objectContaining({ name: 'salesChart', sourceAddress: 'A1:B3', topLeft: 'E5', title: 'Sales', categories: ['Jan', 'Feb'] }),
    ]);
  });
});
