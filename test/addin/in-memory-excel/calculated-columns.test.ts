// What new table rows get: null cells are left alone (Microsoft's rule for null in a 2-D input),
// calculated columns fill unless the AutoCorrect option is off (installFakeExcel's
// calculatedColumnFill), and formulasR1C1 lets the add-in fill a column itself.

import { afterEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);

async function tableWithCalculatedColumn(calculatedColumnFill?: boolean): Promise<void> {
  fake = installFakeExcel({ excelApiVersion: '1.18', ...(calculatedColumnFill === undefined ? {} : { calculatedColumnFill }) });
  fake.setRange('Sheet1', 'A1:C3', [['Client', 'Amount', 'Double'], ['Acme', 10, ''], ['Beta', 20, '']]);
  await run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').tables.add('A1:C3', true).name = 'Invoices';
    await context.sync();
  });
  fake.setCell('Sheet1', 'C2', '=[@Amount]*2');
}

describe('new table rows', () => {
  it('keep the calculated formula where rows.add passes null, and take a value where it passes one', async () => {
    await tableWithCalculatedColumn();
    await run(async (context) => {
      context.workbook.tables.getItem('Invoices').rows.add(undefined, [['Gamma', 30, null], ['Delta', 40, 'manual']] as unknown as string[][]);
      await context.sync();
    });
    expect(fake.table('Invoices').columnFormulas('Double')).toEqual(['=[@Amount]*2', '=[@Amount]*2', '=[@Amount]*2', 'manual']);
  });

  it('get blanks in calculated columns when "Fill formulas in tables" is off: rows.add, resize, the user\'s Insert', async () => {
    await tableWithCalculatedColumn(false);
    // With the option off, even one formula typed into the column does not fill it.
    expect(fake.table('Invoices').columnFormulas('Double')).toEqual(['=[@Amount]*2', '']);
    fake.setCell('Sheet1', 'C3', '=[@Amount]*2');
    await run(async (context) => {
      const table = context.workbook.tables.getItem('Invoices');
      table.rows.add(undefined, [['Gamma', 30, null]] as unknown as string[][]);
      await context.sync();
      table.resize('A1:C5');
      await context.sync();
    });
    fake.insertRows('Sheet1', '3:3');
    expect(fake.table('Invoices').columnFormulas('Double')).toEqual(['=[@Amount]*2', '', '=[@Amount]*2', '', '']);
  });
});

describe('formulasR1C1', () => {
  it('reads formulas relative to each cell and writes them back as A1', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.18' });
    fake.setRange('Sheet1', 'A1:B2', [[1, '=A1*2'], [3, '=SUM($A$1:A2)']]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      const range = sheet.getRange('A1:B2');
      range.load('formulasR1C1');
      await context.sync();
      expect(range.formulasR1C1).toEqual([[1, '=RC[-1]*2'], [3, '=SUM(R1C1:RC[-1])']]);
      sheet.getRange('C1:C2').formulasR1C1 = [['=RC[-2]+R[1]C[-1]'], ['=R1C3']];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').formulas('C1:C2')).toEqual([['=A1+B2'], ['=$C$1']]);
    expect(fake.sheet('Sheet1').values('C1')).toEqual([[5]]); // 1 + SUM(A1:A2)
  });

  it('fills a whole column with one R1C1 formula', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.18' });
    fake.setRange('Sheet1', 'A1:A3', [[1], [2], [3]]);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('B1:B3').formulasR1C1 = [['=RC[-1]+1']];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').values('B1:B3')).toEqual([[2], [3], [4]]);
  });
});
