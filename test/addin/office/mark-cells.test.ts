import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { markCells, writeTable } from '../../../addin/office/index.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { invoiceLayout, invoiceRows } from './fixtures.js';

const SHEET = invoiceLayout.sheetName;

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

describe('markCells', () => {
  beforeEach(async () => {
    fake = installFakeExcel();
    await writeTable(invoiceLayout, invoiceRows(4));
  });

  it('colours conflicts red, invalid cells orange and pending cells blue', async () => {
    await markCells(invoiceLayout, [
      { row: 0, column: 'amount', mark: 'conflict' },
      { row: 1, column: 'note', mark: 'invalid' },
      { row: 2, column: 'customer', mark: 'pending' },
    ]);

    expect(fake.fills(SHEET, 'F2')).toEqual([['#FFC7CE']]);
    expect(fake.fills(SHEET, 'H3')).toEqual([['#FFD8A8']]);
    expect(fake.fills(SHEET, 'D4')).toEqual([['#DDEBF7']]);
    expect(fake.fills(SHEET, 'F3:H3')).toEqual([[null, null, '#FFD8A8']]); // neighbours untouched
  });

  it("puts a cell back to its column's normal look with 'none'", async () => {
    await markCells(invoiceLayout, [
      { row: 0, column: 'amount', mark: 'conflict' },
      { row: 1, column: 'note', mark: 'invalid' },
    ]);
    await markCells(invoiceLayout, [
      { row: 0, column: 'amount', mark: 'none' },
      { row: 1, column: 'note', mark: 'none' },
    ]);

    expect(fake.fills(SHEET, 'F2')).toEqual([[null]]);
    expect(fake.fontColors(SHEET, 'F2')).toEqual([['#595959']]);
    expect(fake.fills(SHEET, 'H3')).toEqual([['#FFF8D6']]);
  });

  it('explains a mark in a note and removes only its own notes (ExcelApi 1.18)', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.18' });
    await writeTable(invoiceLayout, invoiceRows(4));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(SHEET).notes.add('H4', 'the user’s own note');
      await context.sync();
    });
    await markCells(invoiceLayout, [
      { row: 0, column: 'amount', mark: 'conflict', note: 'Changed on the server to 120.00' },
      { row: 2, column: 'note', mark: 'invalid', note: 'Too long' },
    ]);
    expect(fake.notes(SHEET)).toEqual({ F2: 'Ledgerline: Changed on the server to 120.00', H4: 'the user’s own note' });

    await markCells(invoiceLayout, [
      { row: 0, column: 'amount', mark: 'none' },
      { row: 2, column: 'note', mark: 'none' },
    ]);
    expect(fake.notes(SHEET)).toEqual({ H4: 'the user’s own note' });
  });

  it('still colours cells where the host has no notes (ExcelApi below 1.18)', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.7' });
    await writeTable(invoiceLayout, invoiceRows(2));
    await markCells(invoiceLayout, [{ row: 1, column: 'amount', mark: 'conflict', note: 'ignored here' }]);
    expect(fake.fills(SHEET, 'F3')).toEqual([['#FFC7CE']]);
    expect(fake.notes(SHEET)).toEqual({});
  });

  it('rejects cells outside the table or layout without colouring any', async () => {
    await expect(markCells(invoiceLayout, [{ row: 0, column: 'amount', mark: 'conflict' }, { row: 4, column: 'amount', mark: 'conflict' }])).rejects.toMatchObject({
      code: 'RowOutOfRange',
    });
    await expect(markCells(invoiceLayout, [{ row: 0, column: 'nope', mark: 'conflict' }])).rejects.toMatchObject({ code: 'ColumnNotFound' });
    expect(fake.fills(SHEET, 'F2')).toEqual([[null]]);
  });

  it('marks thousands of cells in a few syncs', async () => {
    await writeTable(invoiceLayout, invoiceRows(3_000));
    fake.syncs.reset();
    await markCells(invoiceLayout, Array.from({ length: 3_000 }, (_, row) => ({ row, column: 'note', mark: 'pending' as const })));
    expect(fake.syncs.count).toBeLessThanOrEqual(2 + 3 * 2);
    expect(fake.fills(SHEET, 'H3001')).toEqual([['#DDEBF7']]);
  });
});
