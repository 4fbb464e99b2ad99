// Table.sort (ExcelApi 1.2) and the user's sort share one model: apply, fields, reapply, clear;
// whole rows move, and moved formulas behave as copies, as in Excel.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(async () => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
  fake.setRange('Sheet1', 'A1:B4', [['Client', 'Amount'], ['beta', 20], ['Acme', 30], ['acme', 10]]);
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').tables.add('A1:B4', true).name = 'Invoices';
    await context.sync();
  });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);
const table = (context: Excel.RequestContext) => context.workbook.tables.getItem('Invoices');

describe('Table.sort', () => {
  it('applies sort fields (by column index within the table) and shows them after load', async () => {
    await run(async (context) => {
      table(context).sort.apply([{ key: 1, ascending: false }]);
      await context.sync();
      const sort = table(context).sort;
      sort.load('fields,matchCase');
      await context.sync();
      expect(sort.fields).toEqual([{ key: 1, ascending: false, sortOn: 'Value' }]);
      expect(sort.matchCase).toBe(false);
    });
    expect(fake.table('Invoices').rows()).toEqual([['Acme', 30], ['beta', 20], ['acme', 10]]);
  });

  it('sorts by several keys, case-sensitive when matchCase (lowercase first)', async () => {
    await run(async (context) => {
      table(context).sort.apply([{ key: 0, ascending: true }, { key: 1, ascending: true }], true);
      await context.sync();
    });
    expect(fake.table('Invoices').column('Client')).toEqual(['acme', 'Acme', 'beta']);
  });

  it("records the user's sort, and reapply() sorts again including rows added since", async () => {
    fake.sortTable('Invoices', 'Amount', true);
    await run(async (context) => {
      const sort = table(context).sort;
      sort.load('fields');
      table(context).rows.add(undefined, [['Zeta', 5]]);
      await context.sync();
      expect(sort.fields).toEqual([{ key: 1, ascending: true, sortOn: 'Value' }]);
      table(context).sort.reapply();
      await context.sync();
    });
    expect(fake.table('Invoices').column('Amount')).toEqual([5, 10, 20, 30]);

    await run(async (context) => {
      table(context).sort.clear();
      const sort = table(context).sort;
      sort.load('fields');
      await context.sync();
      expect(sort.fields).toEqual([]);
    });
  });

  it('refuses a key outside the table', async () => {
    await run(async (context) => {
      table(context).sort.apply([{ key: 2 }]);
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });
});

describe('formulas in sorted rows', () => {
  it('move as copies: same-row references follow, absolute ones stay, one pushed above row 1 becomes #REF!', () => {
    // Microsoft's example (KB Q40401): sorting A1:C3 by A turns B3 "=A1" moved to row 1 into
    // #REF!, B1 "=A3" moved to row 3 into =A5, and the absolute column C keeps its rows.
    fake.setRange('Sheet1', 'D1:F4', [['K', 'Rel', 'Abs'], [3, '=D2', '=$D$2'], [2, '=D3', '=$D$3'], [1, '=D2', '=$D$2']]);
    fake.setCell('Sheet1', 'H1', '=SUM(D2:D4)');
    return Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').tables.add('D1:F4', true).name = 'Keys';
      await context.sync();
      context.workbook.tables.getItem('Keys').sort.apply([{ key: 0 }]);
      await context.sync();
    }).then(() => {
      // Row 4 (=D2, moved up 2 rows to row 2) points at row 0: #REF!. Row 2 (=D2) moves to row 4: =D4.
      expect(fake.sheet('Sheet1').formulas('D2:F4')).toEqual([
        [1, '=#REF!', '=$D$2'],
        [2, '=D3', '=$D$3'],
        [3, '=D4', '=$D$2'],
      ]);
      // A formula outside the sorted rows is not rewritten by a sort.
      expect(fake.sheet('Sheet1').formulas('H1')).toEqual([['=SUM(D2:D4)']]);
    });
  });
});
