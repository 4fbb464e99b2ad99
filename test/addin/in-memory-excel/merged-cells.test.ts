// Merged cells (Range.merge / unmerge, ExcelApi 1.2): the top-left cell holds the area's content;
// writing into another cell of the area is refused, and a table's cells cannot be merged.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(() => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);

describe('merged cells', () => {
  it('keep only the top-left value and refuse writes into the rest of the area', async () => {
    fake.setRange('Sheet1', 'B2:D2', [['Title', 'x', 'y']]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('B2:D2').merge();
      await context.sync();
      sheet.getRange('C2').values = [['nope']];
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation', message: expect.stringContaining('merged') });
      sheet.getRange('B2').values = [['New title']];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').values('B2:D2')).toEqual([['New title', '', '']]);
    expect(fake.mergedAreas('Sheet1')).toEqual(['B2:D2']);
    expect(() => fake.setCell('Sheet1', 'D2', 'typed')).toThrow(/merged/);
  });

  it('merge across makes one area per row; unmerge frees the cells', async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('A1:B2').merge(true);
      await context.sync();
    });
    expect(fake.mergedAreas('Sheet1')).toEqual(['A1:B1', 'A2:B2']);
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('B1').unmerge();
      await context.sync();
    });
    expect(fake.mergedAreas('Sheet1')).toEqual(['A2:B2']);
    fake.setCell('Sheet1', 'B1', 'free');
  });

  it("refuses to merge a table's cells", async () => {
    fake.setRange('Sheet1', 'A1:B2', [['H1', 'H2'], [1, 2]]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.tables.add('A1:B2', true);
      await context.sync();
      sheet.getRange('A2:B2').merge();
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
  });
});
