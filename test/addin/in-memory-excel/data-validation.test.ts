// List data validation (Range.dataValidation, ExcelApi 1.8): the rule is kept per cell; the user's
// typing is checked against it like Excel's Stop alert, a paste and the API's writes are not.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(async () => {
  fake = installFakeExcel({ excelApiVersion: '1.18' });
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').getRange('B2:B4').dataValidation.rule = { list: { inCellDropDown: true, source: 'Open,Paid,Disputed' } };
    await context.sync();
  });
});
afterEach(() => fake.uninstall());

const run = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Excel.run(batch);
const STOP = "This value doesn't match the data validation restrictions defined for this cell.";

describe('list validation', () => {
  it('reads back as rule and type, per cell', async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      const validated = sheet.getRange('B2:B4').dataValidation;
      const mixed = sheet.getRange('B4:B5').dataValidation;
      validated.load('rule,type');
      mixed.load('type');
      await context.sync();
      expect(validated.rule).toEqual({ list: { inCellDropDown: true, source: 'Open,Paid,Disputed' } });
      expect(validated.type).toBe('List');
      expect(mixed.type).toBe('Inconsistent');
    });
    expect(fake.validation('Sheet1', 'B3')).toBe('Open,Paid,Disputed');
    expect(fake.validation('Sheet1', 'B5')).toBeNull();
  });

  it('refuses a typed value not in the list (case ignored) and keeps the cell as it was', () => {
    fake.setCell('Sheet1', 'B2', 'paid');
    expect(() => fake.setCell('Sheet1', 'B2', 'Lost')).toThrow(STOP);
    expect(fake.sheet('Sheet1').values('B2')).toEqual([['paid']]);
    fake.setCell('Sheet1', 'B2', ''); // a blank is allowed
  });

  it('lets a paste and the add-in write anything, as Excel does', async () => {
    fake.setRange('Sheet1', 'B2:B3', [['Lost'], ['Open']]);
    await run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('B4');
      range.values = [['Written']];
      const validation = context.workbook.worksheets.getItem('Sheet1').getRange('B2:B4').dataValidation;
      validation.load('valid');
      await context.sync();
      expect(validation.valid).toBe(false);
    });
    expect(fake.sheet('Sheet1').values('B2:B4')).toEqual([['Lost'], ['Open'], ['Written']]);
  });

  it('takes a range as the source, and is gone after clear()', async () => {
    fake.setRange('Sheet1', 'F1:F2', [['North'], ['South']]);
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('B2:B4').dataValidation.clear();
      sheet.getRange('C2').dataValidation.rule = { list: { inCellDropDown: true, source: '=$F$1:$F$2' } };
      await context.sync();
    });
    expect(fake.validation('Sheet1', 'B2')).toBeNull();
    expect(() => fake.setCell('Sheet1', 'C2', 'East')).toThrow(STOP);
    fake.setCell('Sheet1', 'C2', 'South');
  });

  it('exists only from ExcelApi 1.8', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.7' });
    await run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A1').dataValidation.rule = { list: { inCellDropDown: true, source: 'A' } };
      await expect(context.sync()).rejects.toMatchObject({ code: 'ApiNotFound' });
    });
  });
});

describe('the error alert', () => {
  it('lets a typed value in when the alert is off or only warns, and shows a Stop alert’s own message', async () => {
    await run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      sheet.getRange('B2').dataValidation.errorAlert = { showAlert: false, style: 'Stop' as Excel.DataValidationAlertStyle, title: '', message: '' };
      sheet.getRange('B3').dataValidation.errorAlert = { showAlert: true, style: 'Warning' as Excel.DataValidationAlertStyle, title: '', message: '' };
      sheet.getRange('B4').dataValidation.errorAlert = { showAlert: true, style: 'Stop' as Excel.DataValidationAlertStyle, title: 'Status', message: 'Pick a status from the list.' };
      const alert = sheet.getRange('B2').dataValidation;
      alert.load('errorAlert');
      await context.sync();
      expect(alert.errorAlert).toEqual({ showAlert: false, style: 'Stop', title: '', message: '' });
    });
    fake.setCell('Sheet1', 'B2', 'Lost');
    fake.setCell('Sheet1', 'B3', 'Lost');
    expect(() => fake.setCell('Sheet1', 'B4', 'Lost')).toThrow('Pick a status from the list.');
    expect(fake.sheet('Sheet1').values('B2:B4')).toEqual([['Lost'], ['Lost'], ['']]);
  });
});
