import { afterEach, describe, expect, it, vi } from 'vitest';
import { isExcelApiSupported, onTableEdited, writeTable } from '../../../addin/office/index.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { invoiceLayout, invoiceRows } from './fixtures.js';

const SHEET = invoiceLayout.sheetName;

let fake: FakeWorkbook;
afterEach(() => {
  vi.useRealTimers();
  fake.uninstall();
});

async function setUp(excelApiVersion = '1.18') {
  fake = installFakeExcel({ excelApiVersion });
  await writeTable(invoiceLayout, invoiceRows(5));
  await fake.settle();
  vi.useFakeTimers();
}

describe('onTableEdited', () => {
  it('calls the handler once, 300 ms after a burst of edits (pastes included)', async () => {
    await setUp();
    const handler = vi.fn();
    const unsubscribe = await onTableEdited(invoiceLayout, handler);

    fake.setRange(SHEET, 'F2:G3', [
      [1, 2],
      [3, 4],
    ]);
    fake.setCell(SHEET, 'H4', 'disputed');
    await fake.settle();
    vi.advanceTimersByTime(299);
    expect(handler).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(handler).toHaveBeenCalledTimes(1);

    await unsubscribe();
  });

  it('ignores the add-in’s own writes where Excel says who wrote (ExcelApi 1.14+)', async () => {
    await setUp();
    const handler = vi.fn();
    const unsubscribe = await onTableEdited(invoiceLayout, handler);

    await writeTable(invoiceLayout, invoiceRows(7));
    await fake.settle();
    vi.advanceTimersByTime(1_000);
    expect(handler).not.toHaveBeenCalled();

    await unsubscribe();
  });

  it('stops after unsubscribing, including a call still waiting out the debounce', async () => {
    await setUp();
    const handler = vi.fn();
    const unsubscribe = await onTableEdited(invoiceLayout, handler);
    expect(fake.changedHandlerCount(SHEET)).toBe(1);

    fake.setCell(SHEET, 'H2', 'edit');
    await fake.settle();
    await unsubscribe();
    fake.setCell(SHEET, 'H3', 'another');
    await fake.settle();
    vi.advanceTimersByTime(1_000);

    expect(handler).not.toHaveBeenCalled();
    expect(fake.changedHandlerCount(SHEET)).toBe(0);
    await unsubscribe(); // twice is harmless
  });

  it('works on the ExcelApi 1.7 floor, where own writes also reach the handler', async () => {
    await setUp('1.7');
    const handler = vi.fn();
    const unsubscribe = await onTableEdited(invoiceLayout, handler, { debounceMs: 50 });

    fake.setCell(SHEET, 'H2', 'edit');
    await fake.settle();
    vi.advanceTimersByTime(50);
    expect(handler).toHaveBeenCalledTimes(1);

    await unsubscribe();
  });

  it('fails for a table that does not exist', async () => {
    fake = installFakeExcel();
    await expect(onTableEdited(invoiceLayout, () => undefined)).rejects.toMatchObject({ code: 'TableNotFound' });
  });
});

describe('isExcelApiSupported', () => {
  it('asks Office which requirement sets the host has', () => {
    fake = installFakeExcel({ excelApiVersion: '1.12' });
    expect(isExcelApiSupported('1.7')).toBe(true);
    expect(isExcelApiSupported('1.12')).toBe(true);
    expect(isExcelApiSupported('1.13')).toBe(false);
  });

  it('says so when Office.js is not there', () => {
    fake = installFakeExcel();
    fake.uninstall();
    expect(() => isExcelApiSupported('1.7')).toThrow(expect.objectContaining({ code: 'OfficeNotReady' }));
    fake = installFakeExcel();
  });

  it('stops writeTable below the ExcelApi 1.7 floor', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.6' });
    await expect(writeTable(invoiceLayout, invoiceRows(1))).rejects.toMatchObject({ code: 'ExcelApiNotSupported' });
  });
});
