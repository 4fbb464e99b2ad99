// The acts `window.__fakeExcel` offers tests and demos (PRODUCT.md, "Scripting the demo
// workbook"): typing, pasting, inserting and deleting whole rows, sorting a table. Each test
// checks what the user would see afterwards, and the change events the add-in would receive.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';

let fake: FakeWorkbook;
beforeEach(() => {
  // The fake's own semantics at the newest version; the suite's ExcelApi default (api-version.setup.ts) is for the add-in's tests.
  fake = installFakeExcel({ excelApiVersion: '1.18' });
});
afterEach(() => fake.uninstall());

const DEC_31_2026 = 46387;

interface Seen {
  type: string;
  changeType: string;
  address: string;
  details?: unknown;
}

/** Records the onChanged events of the sheet and of the named tables. */
async function listen(tables: string[]): Promise<Seen[]> {
  const seen: Seen[] = [];
  const record = async (event: Excel.WorksheetChangedEventArgs | Excel.TableChangedEventArgs) => {
    seen.push({ type: event.type, changeType: event.changeType, address: event.address, ...(event.details ? { details: event.details } : {}) });
  };
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').onChanged.add(record);
    for (const name of tables) context.workbook.tables.getItem(name).onChanged.add(record);
    await context.sync();
  });
  return seen;
}

async function addTable(address: string, name: string): Promise<void> {
  await Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').tables.add(address, true).name = name;
    await context.sync();
  });
}

describe('setCell reads typed text as en-US Excel does', () => {
  const typed = (text: string) => {
    fake.setCell('Sheet1', 'A1', text);
    const sheet = fake.sheet('Sheet1');
    return { value: sheet.values('A1')[0]![0], format: sheet.numberFormats('A1')[0]![0], text: sheet.texts('A1')[0]![0] };
  };
  beforeEach(() => {
    fake.addSheet('Typed');
  });

  it.each([
    ['45%', { value: 0.45, format: '0%', text: '45%' }],
    ['12.5%', { value: 0.125, format: '0.00%', text: '12.50%' }],
    ['1,234.50', { value: 1234.5, format: '#,##0.00', text: '1,234.50' }],
    ['1,234', { value: 1234, format: '#,##0', text: '1,234' }],
    ['$1,234.50', { value: 1234.5, format: '"$"#,##0.00', text: '$1,234.50' }],
    ['-$5', { value: -5, format: '"$"#,##0', text: '-$5' }],
    ['12/31/2026', { value: DEC_31_2026, format: 'm/d/yyyy', text: '12/31/2026' }],
    ['12/31/26', { value: DEC_31_2026, format: 'm/d/yyyy', text: '12/31/2026' }],
    ['2026-12-31', { value: DEC_31_2026, format: 'yyyy-mm-dd', text: '2026-12-31' }],
    ['Dec 31, 2026', { value: DEC_31_2026, format: 'd-mmm-yy', text: '31-Dec-26' }],
    ['31-Dec-2026', { value: DEC_31_2026, format: 'd-mmm-yy', text: '31-Dec-26' }],
    ['TRUE', { value: true, format: 'General', text: 'TRUE' }],
    ['false', { value: false, format: 'General', text: 'FALSE' }],
    ['00123', { value: 123, format: 'General', text: '123' }],
  ])('%s', (text, expected) => {
    expect(typed(text)).toEqual(expected);
  });

  it.each(['31/12/2026', '2/30/2026', 'Dec 32, 2026', '12.5 %', '$-5-', 'FIN-005'])('keeps %s as text', (text) => {
    expect(typed(text)).toEqual({ value: text, format: 'General', text });
  });

  it('reads a two-digit year by the 2029 rule', () => {
    fake.setCell('Sheet1', 'A1', '1/1/29');
    fake.setCell('Sheet1', 'A2', '1/1/30');
    expect(fake.sheet('Sheet1').texts('A1:A2')).toEqual([['1/1/2029'], ['1/1/1930']]);
  });

  it('enters a formula for text starting with =, and fires onChanged with details', async () => {
    const seen = await listen([]);
    fake.setRange('Sheet1', 'B2:B4', [[1], [2], [3]]);
    await fake.settle();
    seen.length = 0;
    fake.setCell('Sheet1', 'A1', '=SUM(B2:B4)');
    fake.setCell('Sheet1', 'B2', '31/12/2026');
    await fake.settle();
    expect(fake.sheet('Sheet1').formulas('A1')).toEqual([['=SUM(B2:B4)']]);
    expect(fake.sheet('Sheet1').values('A1')).toEqual([[5]]);
    expect(seen).toEqual([
      { type: 'WorksheetChanged', changeType: 'RangeEdited', address: 'A1', details: { valueBefore: '', valueAfter: 6, valueTypeBefore: 'Empty', valueTypeAfter: 'Double' } },
      { type: 'WorksheetChanged', changeType: 'RangeEdited', address: 'B2', details: { valueBefore: 1, valueAfter: '31/12/2026', valueTypeBefore: 'Double', valueTypeAfter: 'String' } },
    ]);
  });
});

describe('setRange pastes a block', () => {
  it('reads each cell as typed text, with one event without details', async () => {
    const seen = await listen([]);
    fake.setRange('Sheet1', 'A1:B2', [
      ['45%', '31/12/2026'],
      ['$1,234.50', 'TRUE'],
    ]);
    await fake.settle();
    expect(fake.sheet('Sheet1').values('A1:B2')).toEqual([
      [0.45, '31/12/2026'],
      [1234.5, true],
    ]);
    expect(fake.sheet('Sheet1').texts('A1:B2')).toEqual([
      ['45%', '31/12/2026'],
      ['$1,234.50', 'TRUE'],
    ]);
    expect(seen).toEqual([{ type: 'WorksheetChanged', changeType: 'RangeEdited', address: 'A1:B2' }]);
  });
});

describe('insertRows and deleteRows act on whole sheet rows', () => {
  beforeEach(async () => {
    fake.setRange('Sheet1', 'A1:B4', [
      ['Item', 'Amount'],
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    await addTable('A1:B4', 'tItems');
    fake.setCell('Sheet1', 'C1', 'Double');
    fake.setCell('Sheet1', 'C2', '=[@Amount]*2');
    fake.setRange('Sheet1', 'A8:B9', [
      ['Key', 'Value'],
      ['x', 1],
    ]);
    await addTable('A8:B9', 'tBelow');
    fake.setRange('Sheet1', 'E1:G1', [['=SUM(B2:B4)', '=B3*2', '=$B$4+B10']]);
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem('Sheet1');
      (sheet.getRange('B2:B4') as unknown as { numberFormat: string }).numberFormat = '0.00';
      sheet.getRange('A4').format.fill.color = '#FFC7CE';
      sheet.notes.add('A3', 'checked');
      await context.sync();
    });
  });

  it('insert: the table around the row grows, the one below moves, formulas adjust', async () => {
    const seen = await listen(['tItems', 'tBelow']);
    fake.insertRows('Sheet1', '3:3');
    await fake.settle();
    const items = fake.table('tItems');
    expect(items.address).toBe('A1:C5');
    expect(items.rows()).toEqual([
      ['a', 10, 20],
      ['', '', 0],
      ['b', 20, 40],
      ['c', 30, 60],
    ]);
    expect(items.columnFormulas('Double')).toEqual(['=[@Amount]*2', '=[@Amount]*2', '=[@Amount]*2', '=[@Amount]*2']);
    expect(fake.table('tBelow').address).toBe('A9:B10');
    expect(fake.table('tBelow').rows()).toEqual([['x', 1]]);
    expect(fake.sheet('Sheet1').formulas('E1:G1')).toEqual([['=SUM(B2:B5)', '=B4*2', '=$B$5+B11']]);
    expect(fake.sheet('Sheet1').numberFormats('B3')).toEqual([['0.00']]); // the format of the row above
    expect(fake.fills('Sheet1', 'A4:A5')).toEqual([[null], ['#FFC7CE']]);
    expect(fake.notes('Sheet1')).toEqual({ A4: 'checked' });
    expect(seen).toEqual([
      { type: 'WorksheetChanged', changeType: 'RowInserted', address: '3:3' },
      { type: 'TableChanged', changeType: 'RowInserted', address: '3:3' },
    ]);

    fake.setCell('Sheet1', 'B3', 5);
    expect(fake.sheet('Sheet1').values('E1')).toEqual([[65]]); // =SUM(B2:B5) counts the new row
  });

  it('insert above a table moves it whole, and its calculated column keeps filling', () => {
    fake.insertRows('Sheet1', '1:2');
    expect(fake.table('tItems').address).toBe('A3:C6');
    expect(fake.table('tItems').column('Double')).toEqual([20, 40, 60]);
    expect(fake.sheet('Sheet1').formulas('E3:G3')).toEqual([['=SUM(B4:B6)', '=B5*2', '=$B$6+B12']]);
    expect(fake.sheet('Sheet1').values('E3')).toEqual([[60]]);
  });

  it('delete: the table shrinks, the one below moves up, a reference to a deleted row becomes #REF!', async () => {
    const seen = await listen(['tItems', 'tBelow']);
    fake.deleteRows('Sheet1', '3:3');
    await fake.settle();
    expect(fake.table('tItems').address).toBe('A1:C3');
    expect(fake.table('tItems').rows()).toEqual([
      ['a', 10, 20],
      ['c', 30, 60],
    ]);
    expect(fake.table('tBelow').address).toBe('A7:B8');
    expect(fake.sheet('Sheet1').formulas('E1:G1')).toEqual([['=SUM(B2:B3)', '=#REF!*2', '=$B$3+B9']]);
    expect(fake.sheet('Sheet1').values('E1:G1')).toEqual([[40, '#REF!', 30]]);
    expect(fake.fills('Sheet1', 'A3')).toEqual([['#FFC7CE']]);
    expect(fake.notes('Sheet1')).toEqual({});
    expect(seen).toEqual([
      { type: 'WorksheetChanged', changeType: 'RowDeleted', address: '3:3' },
      { type: 'TableChanged', changeType: 'RowDeleted', address: '3:3' },
    ]);
  });

  it('delete: rows spanning a whole table remove it; a range losing its last rows shrinks', () => {
    fake.deleteRows('Sheet1', '4:9');
    expect(fake.hasTable('tBelow')).toBe(false);
    expect(fake.table('tItems').address).toBe('A1:C3');
    expect(fake.sheet('Sheet1').formulas('E1:G1')).toEqual([['=SUM(B2:B3)', '=B3*2', '=#REF!+B4']]);
  });

  it('delete: refuses to cut a table header off its rows (not modelled)', () => {
    expect(() => fake.deleteRows('Sheet1', '1:1')).toThrow(/tItems/);
    expect(() => fake.deleteRows('Sheet1', '2:4')).toThrow(/tItems/);
    expect(() => fake.deleteRows('Sheet1', 'A5:B5')).toThrow(/whole rows/);
    expect(fake.table('tItems').address).toBe('A1:C4');
  });
});

describe('sortTable sorts a table body by one column', () => {
  beforeEach(async () => {
    fake.setRange('Sheet1', 'A1:C9', [
      ['Key', 'Mine', 'Echo'],
      [3, 'm1', '=B2'],
      ['Banana', 'm2', '=B3'],
      ['', 'm3', '=B4'],
      [true, 'm4', '=B5'],
      ['apple', 'm5', '=B6'],
      [1, 'm6', '=B7'],
      [false, 'm7', '=B8'],
      ['#N/A', 'm8', '=B9'],
    ]);
    await addTable('A1:C9', 'tSort');
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').notes.add('B3', 'mine');
      await context.sync();
    });
  });

  it('ascending: numbers, text ignoring case, FALSE, TRUE, errors, blanks; whole rows move', async () => {
    const seen = await listen(['tSort']);
    fake.sortTable('tSort', 'key', true);
    await fake.settle();
    const table = fake.table('tSort');
    expect(table.column('Key')).toEqual([1, 3, 'apple', 'Banana', false, true, '#N/A', '']);
    expect(table.column('Mine')).toEqual(['m6', 'm1', 'm5', 'm2', 'm7', 'm4', 'm8', 'm3']);
    expect(table.columnFormulas('Echo')).toEqual(['=B2', '=B3', '=B4', '=B5', '=B6', '=B7', '=B8', '=B9']);
    expect(table.column('Echo')).toEqual(['m6', 'm1', 'm5', 'm2', 'm7', 'm4', 'm8', 'm3']);
    expect(table.address).toBe('A1:C9');
    expect(fake.notes('Sheet1')).toEqual({ B5: 'mine' });
    expect(seen).toEqual([
      { type: 'WorksheetChanged', changeType: 'RangeEdited', address: 'A1:C9' },
      { type: 'TableChanged', changeType: 'RangeEdited', address: 'A1:C9' },
    ]);
  });

  it('descending reverses the order but keeps blanks last, and equal keys keep their order', () => {
    fake.setCell('Sheet1', 'A3', 3);
    fake.sortTable('tSort', 'Key', false);
    const table = fake.table('tSort');
    expect(table.column('Key')).toEqual(['#N/A', true, false, 'apple', 3, 3, 1, '']);
    expect(table.column('Mine')).toEqual(['m8', 'm4', 'm7', 'm5', 'm1', 'm2', 'm6', 'm3']);
  });

  it('names the columns when the header is unknown', () => {
    expect(() => fake.sortTable('tSort', 'Name', true)).toThrow(/Key, Mine, Echo/);
  });
});

describe('typing into a percentage cell (automatic percent entry)', () => {
  async function percentCells() {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Sheet1').getRange('A1:A5');
      range.numberFormat = [['0.00%'], ['0.00%'], ['0.00%'], ['0.00%'], ['0.00%']];
      await context.sync();
    });
  }

  it('45 and 45% both mean 45 %; 0.5 typed is 50 %, as Excel’s option says', async () => {
    await percentCells();
    fake.setCell('Sheet1', 'A1', '45');
    fake.setCell('Sheet1', 'A2', '45%');
    fake.setCell('Sheet1', 'A3', 45);
    fake.setCell('Sheet1', 'A4', '0.5');
    expect(fake.sheet('Sheet1').values('A1:A4')).toEqual([[0.45], [0.45], [0.45], [0.5]]);
    expect(fake.sheet('Sheet1').texts('A1:A4')).toEqual([['45.00%'], ['45.00%'], ['45.00%'], ['50.00%']]);
  });

  it('with the option off, or written through the API, the number is taken as it is', async () => {
    fake.uninstall();
    fake = installFakeExcel({ excelApiVersion: '1.18', automaticPercentEntry: false });
    await percentCells();
    fake.setCell('Sheet1', 'A1', '45');
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Sheet1').getRange('A2').values = [[45]];
      await context.sync();
    });
    expect(fake.sheet('Sheet1').values('A1:A2')).toEqual([[45], [45]]);
  });
});
