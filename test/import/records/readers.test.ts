// The record-import readers: CSV (BOM, sniffed delimiter, quoted line breaks, spreadsheet row
// numbers, binary refused) and XLSX (first sheet or the kind's, Excel dates, exact numbers,
// cached formula results, rich text; the zip guard refuses a bomb before inflating it all).
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../api/domain/errors.js';
import { readCsv, readCsvStream, sniffDelimiter } from '../../../api/import/records/read-csv.js';
import { cellText, checkZipBomb, excelNumberText, readXlsx } from '../../../api/import/records/read-xlsx.js';

const MB = 1024 * 1024;
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error.errors.map((e) => e.message).join(' | ');
    throw error;
  }
  throw new Error('not refused');
};
const asyncRefusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserInputError) return error.errors.map((e) => e.message).join(' | ');
    throw error;
  }
  throw new Error('not refused');
};

describe('readCsv', () => {
  it('reads a Salesforce export: quoted fields with line breaks and doubled quotes, rows numbered as a spreadsheet shows them', () => {
    const table = readCsv(readFileSync(new URL('../../fixtures/import/salesforce-accounts.csv', import.meta.url)));
    expect(table.header[0]).toBe('Account Name');
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(table.rows[2]!.cells[2]).toBe('"The Quad", 1 High Street\r\nFloor 2');
    expect(table.rows[1]!.cells[3]).toBe('Berlin');
  });

  it('strips a BOM, sniffs ";" and tab, skips blank rows but keeps the numbering, pads short rows', () => {
    const semicolon = readCsv('\uFEFFcode;name;currency\r\nA;Alpha;EUR\r\n\r\n;;\r\nB;Beta\r\n');
    expect(semicolon).toEqual({ header: ['code', 'name', 'currency'], rows: [{ row: 2, cells: ['A', 'Alpha', 'EUR'] }, { row: 5, cells: ['B', 'Beta', ''] }] });
    expect(sniffDelimiter('a\tb\tc\n1,2\t3')).toBe('\t');
    expect(sniffDelimiter('single\n1')).toBe(',');
    expect(readCsv(Buffer.from('code,name\nC-1,Caf\xe9\n', 'latin1')).rows[0]!.cells[1]).toBe('Café');
  });

  it('refuses binary content, a zip, an empty file and broken quoting, saying what it accepts', () => {
    expect(refusal(() => readCsv(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2])))).toContain('not a CSV: it holds binary data');
    expect(refusal(() => readCsv(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0])))).toContain('zip archive (an XLSX workbook?)');
    expect(refusal(() => readCsv('  \n'))).toContain('The file is empty');
    expect(refusal(() => readCsv('code,name\nC-1,"unterminated\n'))).toContain('The CSV cannot be read');
  });

  it('streams the same rows in batches as it parses (readCsvStream), across many 64 KiB slices, and refuses the same files', async () => {
    const rows = async (content: string | Uint8Array) => {
      const sheet = await readCsvStream(content);
      const all = [];
      for await (const batch of sheet.rows) all.push(...batch);
      return { header: sheet.header, rows: all };
    };
    const salesforce = readFileSync(new URL('../../fixtures/import/salesforce-accounts.csv', import.meta.url));
    expect(await rows(salesforce)).toEqual(readCsv(salesforce));
    expect(await rows('\uFEFFcode;name;currency\r\nA;Alpha;EUR\r\n\r\n;;\r\nB;Beta\r\n')).toEqual(readCsv('\uFEFFcode;name;currency\r\nA;Alpha;EUR\r\n\r\n;;\r\nB;Beta\r\n'));
    expect((await rows(Buffer.from('code,name\nC-1,Caf\xe9\n', 'latin1'))).rows[0]!.cells[1]).toBe('Café');
    // 20,000 rows (about 600 KB: ten slices, twenty batches), quoted line breaks and multi-byte characters across slice edges.
    const many = ['code,name', ...Array.from({ length: 20_000 }, (_, i) => `C-${i},"Caf\u00e9 ${'é'.repeat(i % 7)}\n${i}"`)].join('\r\n');
    const streamed = await rows(many);
    expect(streamed.rows).toHaveLength(20_000);
    expect(streamed).toEqual(readCsv(many));
    await expect(readCsvStream('  \n')).rejects.toThrow(UserInputError);
    expect(await asyncRefusal(readCsvStream(new Uint8Array([0x50, 0x4b, 3, 4, 20, 0])))).toContain('zip archive (an XLSX workbook?)');
    expect(await asyncRefusal(rows(`${many}\r\nC-x,"unterminated\n`))).toContain('The CSV cannot be read');
  });
});

describe('readXlsx', () => {
  const limit = 8 * 32 * MB;

  it('reads the committed Salesforce workbook: the sheet named for the kind, rich text, a formula\'s cached result, date cells', async () => {
    const bytes = readFileSync(new URL('../../fixtures/import/salesforce-accounts.xlsx', import.meta.url));
    const table = await readXlsx(bytes, { maxUnpackedBytes: limit, sheetNames: ['customers', 'accounts'] });
    expect(table.header).toEqual(['Account Name', 'Account Number', 'Billing Street', 'Billing City', 'Billing Country', 'Credit Limit', 'Customer Since', 'Terms']);
    expect(table.rows.map((r) => [r.row, ...r.cells])).toEqual([
      [2, 'Hooli Inc', 'C-3001', '1 Hacker Way', 'Palo Alto', 'US', '250000', '2024-01-15', 'Net 45'],
      [3, 'Pied Piper', 'C-3002', '5230 Newell Road', 'Palo Alto', 'United States', '12500', '2025-06-01', '1% 10 Net 30'],
    ]);
    expect(table.rows[0]!.numeric?.has(5)).toBe(true);
    const first = await readXlsx(bytes, { maxUnpackedBytes: limit });
    expect(first.header).toEqual(['Exported from Salesforce, report "All accounts"']);
  });

  it('writes numbers as Excel keeps them: 15 significant digits, no float noise, no exponent', () => {
    expect(excelNumberText(1234.5)).toBe('1234.5');
    expect(excelNumberText(0.1 + 0.2)).toBe('0.3');
    expect(excelNumberText(1000.3000000000001)).toBe('1000.3');
    expect(excelNumberText(-2469)).toBe('-2469');
    expect(excelNumberText(123456789012.34)).toBe('123456789012.34');
    expect(excelNumberText(1e-7)).toBe('0.0000001');
    expect(cellText({ formula: 'A1*2', result: new Date(Date.UTC(2026, 8, 1)) } as never)).toEqual({ text: '2026-09-01', numeric: false });
    expect(cellText({ error: '#N/A' } as never)).toEqual({ text: '#N/A', numeric: false });
    expect(cellText(true)).toEqual({ text: 'TRUE', numeric: false });
  });

  it('refuses what is not an xlsx', async () => {
    expect(await asyncRefusal(readXlsx(Buffer.from('Internal ID,Amount\n1,2\n'), { maxUnpackedBytes: limit }))).toContain('not an XLSX workbook');
    const notAWorkbook = zipSync({ 'readme.txt': new TextEncoder().encode('hello') });
    expect(await asyncRefusal(readXlsx(notAWorkbook, { maxUnpackedBytes: limit }))).toContain('without xl/workbook.xml');
    expect(await asyncRefusal(readXlsx(notAWorkbook.subarray(0, notAWorkbook.length - 10), { maxUnpackedBytes: limit }))).toContain('not an XLSX workbook');
  });

  it('refuses a zip bomb whose directory lies about its sizes, counting what it inflates', () => {
    // 16 MB of zeros packs into a few KB; the directory is then made to declare 1 KB.
    const bomb = zipSync({ 'xl/workbook.xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': new Uint8Array(16 * MB) }, { level: 1 });
    const view = new DataView(bomb.buffer, bomb.byteOffset, bomb.byteLength);
    for (let at = 0; at < bomb.length - 4; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint32(at + 24, 1024, true);
    expect(refusal(() => checkZipBomb(bomb, 2 * MB))).toMatch(/unpacks to more than 2097152 bytes.*\(a zip bomb\?\): xl\/worksheets\/sheet1.xml inflates past the total/);
    // The same part under a larger total is refused for its ratio alone.
    expect(refusal(() => checkZipBomb(bomb, 1024 * MB))).toContain('inflates more than 250 times its packed size');
    expect(refusal(() => checkZipBomb(zipSync(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`p${i}`, new Uint8Array(0)]))), limit))).toContain('10001 parts');
  });

  it('reads a workbook built with exceljs: date cells, serial numbers and the header row found below empty rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Invoices');
    sheet.getCell('A3').value = 'Document Number';
    sheet.getCell('B3').value = 'Date';
    sheet.getCell('A4').value = 'INV-1';
    sheet.getCell('B4').value = new Date(Date.UTC(2026, 1, 28));
    sheet.getCell('A6').value = 'INV-2';
    sheet.getCell('B6').value = 46332;
    const table = await readXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()), { maxUnpackedBytes: limit });
    expect(table.header).toEqual(['Document Number', 'Date']);
    expect(table.rows.map((r) => [r.row, ...r.cells])).toEqual([[4, 'INV-1', '2026-02-28'], [6, 'INV-2', '46332']]);
  });
});
