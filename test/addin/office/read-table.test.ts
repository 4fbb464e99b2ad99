import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../../addin/office/index.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { INVOICE_COLUMN as COL, invoiceLayout, invoiceRows } from './fixtures.js';

const SHEET = invoiceLayout.sheetName;

let fake: FakeWorkbook;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

describe('readTable', () => {
  it('returns what was pulled, in layout column order', async () => {
    const rows = invoiceRows(4);
    await writeTable(invoiceLayout, rows);
    expect(await readTable(invoiceLayout)).toEqual(rows);
  });

  it('returns what the user typed and pasted since the pull', async () => {
    const rows = invoiceRows(4);
    await writeTable(invoiceLayout, rows);
    fake.setCell(SHEET, `${COL.note}3`, 'disputed');
    fake.setRange(SHEET, `${COL.amount}4:${COL.collected}5`, [
      [999.99, 50],
      [1, 0],
    ]);

    const read = await readTable(invoiceLayout);

    expect(read[1]![7]).toBe('disputed');
    expect(read[2]!.slice(5, 7)).toEqual([999.99, 50]);
    expect(read[3]!.slice(5, 7)).toEqual([1, 0]);
    expect(read[0]).toEqual(rows[0]); // untouched rows read back as pulled
  });

  it('ignores the user’s own columns and follows the table when it grows by typing below it', async () => {
    await writeTable(invoiceLayout, invoiceRows(2));
    fake.setCell(SHEET, 'I1', 'Double');
    fake.setCell(SHEET, 'I2', '=[@Amount]*2');
    fake.setCell(SHEET, `${COL.note}4`, 'new row typed by the user');

    const read = await readTable(invoiceLayout);

    expect(read).toHaveLength(3);
    expect(read[2]).toEqual(['', '', '', '', '', '', '', 'new row typed by the user']);
    expect(read.every((row) => row.length === invoiceLayout.columns.length)).toBe(true);
  });

  it('reads a large table in several syncs', async () => {
    await writeTable(invoiceLayout, invoiceRows(1_000));
    fake.syncs.reset();

    const read = await readTable(invoiceLayout, { maxCellsPerSync: 2_000 });

    expect(read).toEqual(invoiceRows(1_000));
    expect(fake.syncs.count).toBeGreaterThanOrEqual(2 + 4); // lookup, geometry, then 250 rows a sync
  });

  it('names a missing table or column', async () => {
    await expect(readTable(invoiceLayout)).rejects.toMatchObject({ code: 'TableNotFound' });
    await writeTable(invoiceLayout, invoiceRows(2));
    fake.setCell(SHEET, 'D1', 'Client'); // the user renamed the Customer header
    await expect(readTable(invoiceLayout)).rejects.toMatchObject({ code: 'ColumnNotFound', message: expect.stringContaining('"Customer"') });
  });
});
