// Table filters (ExcelApi 1.2 Filter, 1.9 AutoFilter) and the user's filter: rows hide, Excel
// refuses to delete rows of a filtered table, and rows added meanwhile stay visible until reapplied.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(async () => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
  fake.setRange('Sheet1', 'A1:B5', [['Client', 'Amount'], ['Acme', 10], ['Beta', 20], ['Acme', 30], ['Gamma', 40]]);
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').tables.add('A1:B5', true).name = 'Invoices';
    await context.sync();
  });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);
const table = (context: Excel.RequestContext) => context.workbook.tables.getItem('Invoices');

describe('filtering a table column', () => {
  it('hides the rows whose cell shows none of the values; rowHidden and autoFilter tell', async () => {
    await run(async (context) => {
      table(context).columns.getItem('Client').filter.applyValuesFilter(['acme']); // case ignored, as Excel's list
      await context.sync();
      const rows = context.workbook.worksheets.getItem('Sheet1').getRange('A2:A5');
      const beta = context.workbook.worksheets.getItem('Sheet1').getRange('A3');
      const auto = table(context).autoFilter;
      rows.load('rowHidden');
      beta.load('rowHidden');
      auto.load('isDataFiltered,enabled');
      await context.sync();
      expect(rows.rowHidden).toBeNull(); // some hidden, some not
      expect(beta.rowHidden).toBe(true);
      expect(auto.isDataFiltered).toBe(true);
      expect(auto.enabled).toBe(true);
    });
    expect(fake.hiddenRows('Invoices')).toEqual([false, true, false, true]);

    await run(async (context) => {
      table(context).clearFilters();
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices')).toEqual([false, false, false, false]);
  });

  it('refuses to delete rows while filtered (InsertDeleteConflict) and changes nothing', async () => {
    fake.filterTable('Invoices', 'Client', ['Acme']);
    const before = fake.table('Invoices').rows();
    const attempts: Array<(context: Excel.RequestContext) => void> = [
      (context) => table(context).rows.getItemAt(0).delete(),
      (context) => context.workbook.worksheets.getItem('Sheet1').getRange('A3:B3').delete('Up' as Excel.DeleteShiftDirection.up),
      (context) => table(context).rows.deleteRowsAt(1, 1),
      (context) => table(context).rows.deleteRows([0]),
    ];
    for (const attempt of attempts) {
      await run(async (context) => {
        attempt(context);
        await expect(context.sync()).rejects.toMatchObject({ code: 'InsertDeleteConflict', message: expect.stringContaining('filtered') });
      });
    }
    expect(fake.table('Invoices').rows()).toEqual(before);
  });

  it('lets rows be added and the table resized; added rows stay visible until the filter is reapplied', async () => {
    fake.filterTable('Invoices', 'Client', ['Acme']);
    await run(async (context) => {
      table(context).rows.add(undefined, [['Delta', 50]]);
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices')).toEqual([false, true, false, true, false]);
    await run(async (context) => {
      table(context).reapplyFilters();
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices')).toEqual([false, true, false, true, true]);
    await run(async (context) => {
      table(context).resize('A1:B7');
      await context.sync();
    });
    expect(fake.table('Invoices').rowCount).toBe(6);
  });

  it('clears one column, all criteria, or reapplies through AutoFilter', async () => {
    fake.filterTable('Invoices', 'Client', ['Acme']);
    await run(async (context) => {
      table(context).rows.add(undefined, [['Zeta', 60]]);
      table(context).autoFilter.reapply();
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices')).toEqual([false, true, false, true, true]);
    await run(async (context) => {
      table(context).autoFilter.clearCriteria();
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices').some(Boolean)).toBe(false);
    fake.filterTable('Invoices', 'Amount', [10, 40]);
    await run(async (context) => {
      const filter = table(context).columns.getItem('Amount').filter;
      filter.load('criteria');
      await context.sync();
      expect(filter.criteria).toMatchObject({ filterOn: 'Values', values: ['10', '40'] });
      filter.clear();
      await context.sync();
    });
    expect(fake.hiddenRows('Invoices').some(Boolean)).toBe(false);
    fake.clearTableFilter('Invoices');
  });

  it('deletes rows again once the filter is cleared', async () => {
    fake.filterTable('Invoices', 'Client', ['Acme']);
    fake.clearTableFilter('Invoices');
    await run(async (context) => {
      table(context).rows.deleteRowsAt(1, 2);
      await context.sync();
    });
    expect(fake.table('Invoices').column('Client')).toEqual(['Acme', 'Gamma']);
  });

  it("fires no onChanged for the user's filter, as Excel", async () => {
    const seen: string[] = [];
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').onChanged.add(async (e) => void seen.push(e.changeType));
      await context.sync();
    });
    fake.filterTable('Invoices', 'Client', ['Beta']);
    fake.clearTableFilter('Invoices');
    await fake.settle();
    expect(seen).toEqual([]);
  });

  it('has autoFilter only from ExcelApi 1.9', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.8' });
    fake.setRange('Sheet1', 'A1:A2', [['H'], [1]]);
    await run(async (context) => {
      const t = context.workbook.worksheets.getItem('Sheet1').tables.add('A1:A2', true);
      t.columns.getItemAt(0).filter.applyValuesFilter(['1']);
      await context.sync();
      const auto = t.autoFilter;
      auto.load('isDataFiltered');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });
});
