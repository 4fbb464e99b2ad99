// A refresh matched by key, at the Office layer: rows written where their record is, rows added
// without overwriting what is below the table, rows removed (or refused by a filtered table),
// the user's sort, calculated columns, renamed headers and enum dropdowns.
import { afterEach, describe, expect, it } from 'vitest';
import { readTable, syncTable, writeTable } from '../../../addin/office/index.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import type { TableLayout } from '../../../addin/office/contract.js';
import { invoiceLayout, invoiceRows } from './fixtures.js';

const SHEET = invoiceLayout.sheetName;
const TABLE = invoiceLayout.tableName;

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

const numbers = () => fake.table(TABLE).column('Number');

describe.each([
  ['ExcelApi 1.18', '1.18'],
  ['ExcelApi 1.7', '1.7'],
])('syncTable, %s', (_label, excelApiVersion) => {
  it('adds rows without overwriting a TOTAL row right under the table: it moves down', async () => {
    fake = installFakeExcel({ excelApiVersion });
    const rows = invoiceRows(3);
    await writeTable(invoiceLayout, rows);
    // Typed right under the table, Excel would take the row into it; typed a row lower and the
    // gap row deleted, the total sits right under the table, outside it.
    fake.setCell(SHEET, 'E6', 'TOTAL');
    fake.setCell(SHEET, 'F6', '=SUM(F2:F4)');
    fake.deleteRows(SHEET, '5:5');
    expect(fake.table(TABLE).address).toBe('A1:H4');
    const more = invoiceRows(6);
    await syncTable(invoiceLayout, { rows: [null, null, null], append: more.slice(3), remove: [] });
    expect(fake.table(TABLE).rows()).toEqual(more);
    expect(fake.table(TABLE).address).toBe('A1:H7');
    expect(fake.sheet(SHEET).values('E8:E8')).toEqual([['TOTAL']]);
    expect(fake.sheet(SHEET).formulas('F8:F8')).toEqual([['=SUM(F2:F4)']]); // Excel keeps its references
  });

  it('writes only the rows given, where they are: a user’s own column stays with its row after a sort', async () => {
    fake = installFakeExcel({ excelApiVersion });
    await writeTable(invoiceLayout, invoiceRows(3));
    fake.setCell(SHEET, 'I1', 'My note'); // typed beside the header: the table takes the column in
    fake.setRange(SHEET, 'I2:I4', [['first'], ['second'], ['third']]);
    fake.sortTable(TABLE, 'Number', false); // 0003, 0002, 0001
    expect(numbers()).toEqual(['0003', '0002', '0001']);
    const fresh = invoiceRows(3, 5000);
    await syncTable(invoiceLayout, { rows: [fresh[2]!, null, fresh[0]!], append: [], remove: [] });
    const table = fake.table(TABLE);
    expect(numbers()).toEqual(['0003', '0002', '0001']);
    expect(table.column('Amount')).toEqual([5021, 110.5, 5000]);
    expect(table.column('My note')).toEqual(['third', 'second', 'first']);
  });

  it('removes rows from the middle, bottom up, leaving the rest and what is below in place', async () => {
    fake = installFakeExcel({ excelApiVersion });
    await writeTable(invoiceLayout, invoiceRows(5));
    fake.setCell(SHEET, 'C8', 'below');
    const result = await syncTable(invoiceLayout, { rows: [null, null, null, null, null], append: [], remove: [1, 3] });
    expect(result.notRemoved).toEqual([]);
    expect(numbers()).toEqual(['0001', '0003', '0005']);
    expect(fake.sheet(SHEET).values('C6:C6')).toEqual([['below']]);
  });

  it('a filtered table refuses to lose rows (InsertDeleteConflict): they are reported, nothing else lost', async () => {
    fake = installFakeExcel({ excelApiVersion });
    await writeTable(invoiceLayout, invoiceRows(5));
    fake.filterTable(TABLE, 'Customer', ['Customer 1', 'Customer 2', 'Customer 3']);
    const fresh = invoiceRows(5, 700);
    const result = await syncTable(invoiceLayout, { rows: fresh, append: [], remove: [4] });
    expect(result.notRemoved).toEqual([4]);
    expect(fake.table(TABLE).column('Amount')).toEqual(fresh.map((r) => r[5]));
  });

  it('fills the user’s calculated column in new rows itself, whatever Excel’s AutoCorrect option', async () => {
    fake = installFakeExcel({ excelApiVersion, calculatedColumnFill: false });
    await writeTable(invoiceLayout, invoiceRows(2));
    fake.setCell(SHEET, 'I1', 'Double');
    fake.setCell(SHEET, 'I2', '=[@Amount]*2');
    fake.setCell(SHEET, 'I3', '=[@Amount]*2');
    await syncTable(invoiceLayout, { rows: [null, null], append: invoiceRows(4).slice(2), remove: [] });
    expect(fake.table(TABLE).column('Double')).toEqual([200, 221, 242, 263]);
  });
});

describe('syncTable — headers and dropdowns', () => {
  it('puts a renamed header back instead of adding a second column', async () => {
    fake = installFakeExcel();
    await writeTable(invoiceLayout, invoiceRows(2));
    fake.setCell(SHEET, 'F1', 'Amount (USD)');
    await expect(readTable(invoiceLayout)).rejects.toMatchObject({ code: 'ColumnNotFound', message: expect.stringContaining('renamed “Amount (USD)”') });
    const result = await syncTable(invoiceLayout, { rows: [], append: [], remove: [] });
    expect(result.restoredHeaders).toEqual(['Amount']);
    expect(fake.table(TABLE).headers).toEqual(invoiceLayout.columns.map((c) => c.header));
    expect(await readTable(invoiceLayout)).toEqual(invoiceRows(2));
  });

  const statusLayout: TableLayout = {
    sheetName: 'Projects',
    tableName: 'llProjects',
    columns: [
      { key: 'code', header: 'Project', kind: 'text' },
      { key: 'status', header: 'Status', kind: 'text', editable: true, options: ['ACTIVE', 'ON_HOLD', 'DONE'] },
    ],
  };

  it('gives enum columns an in-cell dropdown where Excel has data validation (1.8), a pick list rather than a gate', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.8' });
    await writeTable(statusLayout, [['P1', 'ACTIVE'], ['P2', 'DONE']]);
    expect(fake.validation('Projects', 'B2')).toBe('ACTIVE,ON_HOLD,DONE');
    expect(fake.validation('Projects', 'A2')).toBeNull();
    fake.setCell('Projects', 'B3', 'On hold'); // typed the way people say it: the pane reads it as ON_HOLD
    expect(fake.sheet('Projects').values('B3:B3')).toEqual([['On hold']]);
  });

  it('works without dropdowns on ExcelApi 1.7 (Office 2019)', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.7' });
    await writeTable(statusLayout, [['P1', 'ACTIVE']]);
    expect(fake.validation('Projects', 'B2')).toBeNull();
  });

  it('a protected sheet refuses the refresh with Excel’s error; nothing is half written', async () => {
    fake = installFakeExcel();
    await writeTable(invoiceLayout, invoiceRows(2));
    fake.protectSheet(SHEET);
    await expect(syncTable(invoiceLayout, { rows: invoiceRows(2, 900), append: [], remove: [] })).rejects.toThrow(/protected/i);
    expect(fake.table(TABLE).rows()).toEqual(invoiceRows(2));
  });
});
