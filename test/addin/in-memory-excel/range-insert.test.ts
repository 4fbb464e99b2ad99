// Range.insert(Excel.InsertShiftDirection.down) of cells (ExcelApi 1.1): only the range's columns
// shift; tables below move or make Excel refuse; cells under a table do not join it.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(() => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);
const DOWN = 'Down' as Excel.InsertShiftDirection.down;

async function addTable(address: string, name: string): Promise<void> {
  await run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').tables.add(address, true).name = name;
    await context.sync();
  });
}

describe('Range.insert down', () => {
  it("shifts only the range's columns and returns the inserted cells", async () => {
    fake.setRange('Sheet1', 'A1:C3', [['a1', 'b1', 'c1'], ['a2', 'b2', 'c2'], ['a3', 'b3', 'c3']]);
    await run(async (context) => {
      const inserted = context.workbook.worksheets.getItem('Sheet1').getRange('B2:B3').insert(DOWN);
      inserted.load('address');
      await context.sync();
      expect(inserted.address).toBe('Sheet1!B2:B3');
    });
    expect(fake.sheet('Sheet1').values('A1:C5')).toEqual([
      ['a1', 'b1', 'c1'],
      ['a2', '', 'c2'],
      ['a3', '', 'c3'],
      ['', 'b2', ''],
      ['', 'b3', ''],
    ]);
  });

  it('moves a table below that lies within the columns', async () => {
    fake.setRange('Sheet1', 'B4:C5', [['Client', 'Amount'], ['Acme', 10]]);
    await addTable('B4:C5', 'Below');
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A2:D3').insert(DOWN);
      await context.sync();
    });
    expect(fake.table('Below').address).toBe('B6:C7');
  });

  it('refuses to shift part of a table, and changes nothing', async () => {
    fake.setRange('Sheet1', 'B4:C5', [['Client', 'Amount'], ['Acme', 10]]);
    fake.setCell('Sheet1', 'B2', 'keep');
    await addTable('B4:C5', 'Below');
    for (const address of ['B2:B3', 'C5:D5']) {
      await run(async (context) => {
        context.workbook.worksheets.getItem('Sheet1').getRange(address).insert(DOWN);
        await expect(context.sync()).rejects.toMatchObject({ code: 'InsertDeleteConflict', message: expect.stringContaining('shift cells in a table') });
      });
    }
    expect(fake.table('Below').address).toBe('B4:C5');
    expect(fake.sheet('Sheet1').values('B2')).toEqual([['keep']]);
  });

  it('does not extend a table when cells are inserted just under it, but grows it when inserted across its body', async () => {
    fake.setRange('Sheet1', 'A1:B3', [['Client', 'Amount'], ['Acme', 10], ['Beta', 20]]);
    fake.setCell('Sheet1', 'A5', 'below');
    await addTable('A1:B3', 'Invoices');
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A4:B4').insert(DOWN);
      await context.sync();
    });
    expect(fake.table('Invoices').address).toBe('A1:B3');
    expect(fake.sheet('Sheet1').values('A6')).toEqual([['below']]);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A3:B3').insert(DOWN);
      await context.sync();
    });
    expect(fake.table('Invoices').address).toBe('A1:B4');
    expect(fake.table('Invoices').column('Client')).toEqual(['Acme', '', 'Beta']);
  });
});

describe('references to shifted cells', () => {
  it('follow the cells they point at; a moved formula keeps references to cells that did not move', async () => {
    fake.setRange('Sheet1', 'A1:B4', [['Client', 'Amount'], ['Acme', 10], ['Beta', 20], ['Gamma', 30]]);
    fake.setCell('Sheet1', 'A6', 'TOTAL');
    fake.setCell('Sheet1', 'B6', '=SUM(B2:B4)');
    fake.setCell('Sheet1', 'D1', '=B3*2');
    await addTable('A1:B4', 'Invoices');
    await run(async (context) => {
      // Two rows inserted inside the table: the total moves down two rows, its range grows.
      context.workbook.tables.getItem('Invoices').rows.add(1, [['New1', 1], ['New2', 2]]);
      await context.sync();
    });
    expect(fake.sheet('Sheet1').formulas('B8')).toEqual([['=SUM(B2:B6)']]);
    expect(fake.sheet('Sheet1').formulas('D1')).toEqual([['=B5*2']]);
    await run(async (context) => {
      // Appended at the end: the total moves, and still sums the same cells (Excel keeps =SUM(B2:B6)).
      context.workbook.tables.getItem('Invoices').rows.add(undefined, [['Late', 5]]);
      await context.sync();
    });
    expect(fake.sheet('Sheet1').formulas('B9')).toEqual([['=SUM(B2:B6)']]);
    await run(async (context) => {
      context.workbook.tables.getItem('Invoices').rows.getItemAt(3).delete(); // Beta, referenced by D1
      await context.sync();
    });
    expect(fake.sheet('Sheet1').formulas('B8:B8')).toEqual([['=SUM(B2:B5)']]);
    expect(fake.sheet('Sheet1').formulas('D1')).toEqual([['=#REF!*2']]);
  });
});
