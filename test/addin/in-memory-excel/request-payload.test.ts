// The request of a sync is the whole batch office.js sends, not only the values written: every
// call with its arguments and every object it refers to counts toward Excel on the web's 5 MB.

import { afterEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

describe('request payload', () => {
  it('counts calls and objects, so many small calls without values exceed the limit', async () => {
    fake = installFakeExcel({ requestLimitBytes: 20_000 });
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      for (let r = 1; r <= 100; r++) sheet.getRange(`A${r}`).format.font.bold = true;
      await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    });
    expect(fake.sheet('Sheet1').values('A1')).toEqual([['']]);
  });

  it('records more than the values for a write: the call, its range and its arguments', async () => {
    fake = installFakeExcel();
    const values = [['x'.repeat(1000)]];
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').values = values;
      await context.sync();
    });
    const [bytes] = fake.syncs.payloadBytes;
    expect(bytes).toBeGreaterThan(JSON.stringify(values).length + 200);
    expect(bytes).toBeLessThan(JSON.stringify(values).length + 1_000);
  });
});
