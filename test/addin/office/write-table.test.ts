import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTable, writeTable } from '../../../addin/office/index.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { INVOICE_COLUMN as COL, JAN_15_2025, invoiceLayout, invoiceRows } from './fixtures.js';

const SHEET = invoiceLayout.sheetName;
const TABLE = invoiceLayout.tableName;

let fake: FakeWorkbook;
afterEach(() => fake.uninstall());

describe('writeTable — first pull', () => {
  beforeEach(() => {
    fake = installFakeExcel();
  });

  it('creates the sheet and a named table with the header and rows from A1', async () => {
    const rows = invoiceRows(3);
    const result = await writeTable(invoiceLayout, rows);

    expect(result).toMatchObject({ rows: 3, refreshed: false });
    const table = fake.table(TABLE);
    expect(table.sheetName).toBe(SHEET);
    expect(table.address).toBe('A1:H4');
    expect(table.headers).toEqual(invoiceLayout.columns.map((c) => c.header));
    expect(table.rows()).toEqual(rows);
    expect(fake.sheet(SHEET).frozenRows).toBe(1);
  });

  it('formats numbers, real dates and real percentages (the fraction shown as %); text keeps leading zeros', async () => {
    await writeTable(invoiceLayout, invoiceRows(2));
    const sheet = fake.sheet(SHEET);

    expect(sheet.numberFormats('A2:H2')[0]).toEqual(['@', '0', '@', '@', 'yyyy-mm-dd', '#,##0.00', '0.00%', '@']);
    expect(sheet.values(`${COL.issueDate}2`)[0]![0]).toBe(JAN_15_2025); // a serial number, not a string
    expect(sheet.texts('C2:G3')).toEqual([
      ['0001', 'Customer 1', '2025-01-15', '100.00', '12.50%'],
      ['0002', 'Customer 2', '2025-01-16', '110.50', '100.00%'],
    ]);
  });

  it('hides key and version columns, fills editable columns yellow and greys read-only ones', async () => {
    await writeTable(invoiceLayout, invoiceRows(2));

    expect(fake.sheet(SHEET).hiddenColumns()).toEqual(['A', 'B']);
    expect(fake.fills(SHEET, 'C2:H3')).toEqual([
      [null, null, null, null, null, '#FFF8D6'],
      [null, null, null, null, null, '#FFF8D6'],
    ]);
    expect(fake.fontColors(SHEET, 'F2:H2')).toEqual([['#595959', '#595959', '#000000']]);
    expect(fake.fills(SHEET, 'H1')).toEqual([[null]]); // the header keeps the table style
    expect(fake.sheet(SHEET).columnWidth('H')).toBeGreaterThan(fake.sheet(SHEET).columnWidth('G'));
  });

  it('writes an empty pull as a table with one blank row, which reads back as no rows', async () => {
    const result = await writeTable(invoiceLayout, []);

    expect(result.rows).toBe(0);
    expect(fake.table(TABLE).address).toBe('A1:H2');
    expect(await readTable(invoiceLayout)).toEqual([]);
  });

  it('refuses to write over data already on an existing sheet', async () => {
    fake.addSheet(SHEET);
    fake.setCell(SHEET, 'B3', 'my numbers');

    await expect(writeTable(invoiceLayout, invoiceRows(3))).rejects.toMatchObject({ code: 'SheetNotEmpty' });
    expect(fake.hasTable(TABLE)).toBe(false);
    expect(fake.sheet(SHEET).values('B3')).toEqual([['my numbers']]);
  });

  it('uses an existing empty sheet of that name', async () => {
    fake.addSheet(SHEET);
    await writeTable(invoiceLayout, invoiceRows(2));
    expect(fake.table(TABLE).sheetName).toBe(SHEET);
  });

  it('rejects rows that do not match the layout before touching the workbook', async () => {
    await expect(writeTable(invoiceLayout, [['too', 'short']])).rejects.toMatchObject({ code: 'InvalidRows' });
    expect(fake.syncs.count).toBe(0);
  });
});

describe.each([
  ['ExcelApi 1.18 (values below, then Table.resize)', '1.18'],
  ['ExcelApi 1.7 (rows.add per chunk)', '1.7'],
])('writeTable — refresh in place, %s', (_label, excelApiVersion) => {
  let tableId: string;

  beforeEach(async () => {
    fake = installFakeExcel({ excelApiVersion });
    await writeTable(invoiceLayout, invoiceRows(5));
    tableId = fake.table(TABLE).id;
    // The user adds a calculated column inside the table (typing a header beside it makes the
    // table grow; a formula in its first cell fills down) ...
    fake.setCell(SHEET, 'I1', 'Double');
    fake.setCell(SHEET, 'I2', '=[@Amount]*2');
    // ... an A1-style formula column inside the table ...
    fake.setCell(SHEET, 'J1', 'Plus one');
    fake.setCell(SHEET, 'J2', `=${COL.amount}2+1`);
    // ... and, beyond a gap, their own notes outside it.
    fake.setCell(SHEET, 'L1', 'My notes');
    fake.setCell(SHEET, 'L2', 'phoned');
  });

  it('has the user columns in place before the refresh', () => {
    const table = fake.table(TABLE);
    expect(table.headers.slice(-2)).toEqual(['Double', 'Plus one']);
    expect(table.column('Double')).toEqual([200, 221, 242, 263, 284]);
    expect(table.column('Plus one')).toEqual([101, 111.5, 122, 132.5, 143]);
  });

  it('with more rows: same table, formula columns fill down and recalculate, user cells untouched', async () => {
    const rows = invoiceRows(8, 1000);
    const result = await writeTable(invoiceLayout, rows);

    expect(result).toMatchObject({ rows: 8, refreshed: true });
    const table = fake.table(TABLE);
    expect(table.id).toBe(tableId);
    expect(table.address).toBe('A1:J9');
    expect(table.rows().map((r) => r.slice(0, 8))).toEqual(rows);
    expect(table.column('Double')).toEqual(rows.map((r) => (r[5] as number) * 2));
    expect(table.column('Plus one')).toEqual(rows.map((r) => (r[5] as number) + 1));
    expect(table.columnFormulas('Double')).toEqual(new Array(8).fill('=[@Amount]*2'));
    expect(table.columnFormulas('Plus one')[7]).toBe('=F9+1');
    expect(fake.sheet(SHEET).values('L1:L2')).toEqual([['My notes'], ['phoned']]);
    // New rows look like the old ones.
    expect(fake.sheet(SHEET).numberFormats('E9:G9')).toEqual([['yyyy-mm-dd', '#,##0.00', '0.00%']]);
    expect(fake.fills(SHEET, 'H9')).toEqual([['#FFF8D6']]);
  });

  it('with fewer rows: the table shrinks, nothing stale is left below, formulas recalculate', async () => {
    const rows = invoiceRows(3, 500);
    await writeTable(invoiceLayout, rows);

    const table = fake.table(TABLE);
    expect(table.id).toBe(tableId);
    expect(table.address).toBe('A1:J4');
    expect(table.rows().map((r) => r.slice(0, 8))).toEqual(rows);
    expect(table.column('Double')).toEqual([1000, 1021, 1042]);
    expect(fake.sheet(SHEET).values('A5:J6')).toEqual([new Array(10).fill(''), new Array(10).fill('')]);
    expect(fake.sheet(SHEET).values('L1:L2')).toEqual([['My notes'], ['phoned']]);
  });

  it('to no rows keeps the table with one blank row and the formula columns', async () => {
    await writeTable(invoiceLayout, []);

    expect(fake.table(TABLE).address).toBe('A1:J2');
    expect(fake.table(TABLE).rows()[0]!.slice(0, 8)).toEqual(new Array(8).fill(''));
    expect(fake.table(TABLE).columnFormulas('Double')).toEqual(['=[@Amount]*2']);
    expect(await readTable(invoiceLayout)).toEqual([]);
  });

  it('writes null as empty so stale values are cleared', async () => {
    const rows: Array<Array<string | number | boolean | null>> = invoiceRows(5);
    rows[0]![7] = null; // the note "call Monday" is gone on the server
    rows[1]![5] = null;
    await writeTable(invoiceLayout, rows);

    expect(fake.sheet(SHEET).values(`${COL.note}2`)).toEqual([['']]);
    expect(fake.sheet(SHEET).values(`${COL.amount}3`)).toEqual([['']]);
    expect(fake.table(TABLE).column('Double')[1]).toBe(0);
  });

  it('finds its columns by header after the user moved them apart', async () => {
    // The user inserts their own column between Customer and Issued.
    await Excel.run(async (context) => {
      context.workbook.tables.getItem(TABLE).columns.add(4, undefined, 'Region');
      await context.sync();
    });
    fake.setCell(SHEET, 'E2', 'North');
    const rows = invoiceRows(6, 300);
    await writeTable(invoiceLayout, rows);

    const table = fake.table(TABLE);
    expect(table.headers.slice(0, 6)).toEqual(['Invoice ID', 'Version', 'Number', 'Customer', 'Region', 'Issued']);
    expect(table.column('Region')[0]).toBe('North');
    expect(table.column('Amount')).toEqual(rows.map((r) => r[5]));
    expect(await readTable(invoiceLayout)).toEqual(rows);
  });

  it('puts back a layout column the user deleted, at the end of the table', async () => {
    await Excel.run(async (context) => {
      context.workbook.tables.getItem(TABLE).columns.getItem('Collector note').delete();
      await context.sync();
    });
    const rows = invoiceRows(5);
    await writeTable(invoiceLayout, rows);

    const table = fake.table(TABLE);
    expect(table.headers.at(-1)).toBe('Collector note');
    expect(table.column('Collector note')).toEqual(rows.map((r) => r[7]));
    expect(await readTable(invoiceLayout)).toEqual(rows);
  });
});

/** Rows of a realistic size (~140 bytes of JSON): 50,000 of them are about 7 MB. */
function largeRows(count: number) {
  return invoiceRows(count).map((row, i) => {
    row[3] = `Customer ${i % 997} Holdings GmbH & Co. KG`;
    row[7] = `Follow-up ${i}: promised to pay after the quarterly close`;
    return row;
  });
}

describe('writeTable — large pulls', () => {
  it('writes 50,000 rows in chunks, every sync under 4 MB, as few ranges per chunk', async () => {
    fake = installFakeExcel();
    const rows = largeRows(50_000);
    const progress: number[] = [];
    const result = await writeTable(invoiceLayout, rows, { onProgress: (written) => progress.push(written) });

    expect(result.rows).toBe(50_000);
    expect(result.syncs).toBe(fake.syncs.count);
    expect(result.syncs).toBeGreaterThanOrEqual(3); // lookup + at least two chunks
    expect(result.syncs).toBeLessThan(10);
    expect(result.largestSyncBytes).toBeLessThan(4_000_000);
    expect(result.largestSyncBytes).toBeGreaterThan(2_000_000); // chunks are filled, not tiny
    expect(Math.max(...fake.syncs.payloadBytes)).toBeLessThan(4_000_000);
    // The estimate (values, calls and objects) is within 0.2 % of what the fake counts.
    expect(Math.abs(fake.syncs.largestPayloadBytes - result.largestSyncBytes) / fake.syncs.largestPayloadBytes).toBeLessThan(0.002);
    expect(fake.syncs.records.every((s) => s.operations < 200)).toBe(true); // ranges, not row by row
    expect(progress.at(-1)).toBe(50_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const table = fake.table(TABLE);
    expect(table.rowCount).toBe(50_000);
    expect(table.rows()[49_999]).toEqual(rows[49_999]);
  }, 60_000);

  it('honours a smaller payload limit, counting calls and objects as well as values', async () => {
    fake = installFakeExcel();
    const result = await writeTable(invoiceLayout, invoiceRows(600), { maxPayloadBytes: 30_000 });

    expect(result.largestSyncBytes).toBeLessThanOrEqual(30_000);
    expect(Math.max(...fake.syncs.payloadBytes)).toBeLessThanOrEqual(30_000);
    expect(result.syncs).toBeGreaterThanOrEqual(4); // ~38 kB of rows and ~16 kB of calls per chunk: the lookup and three chunks or more
    expect(fake.table(TABLE).rows()).toEqual(invoiceRows(600));
  });

  it('fails on a row that cannot fit in one sync', async () => {
    fake = installFakeExcel();
    const rows = invoiceRows(2);
    rows[1]![7] = 'x'.repeat(10_000);
    await expect(writeTable(invoiceLayout, rows, { maxPayloadBytes: 5_000 })).rejects.toMatchObject({ code: 'RowTooLarge' });
  });

  it('is held to the 5 MB request cap by the fake (the reason for chunking)', async () => {
    fake = installFakeExcel();
    await expect(writeTable(invoiceLayout, largeRows(50_000), { maxPayloadBytes: 8_000_000 })).rejects.toMatchObject({
      code: 'RequestPayloadSizeLimitExceeded',
    });
  }, 60_000);
});

describe('writeTable — how the table grows', () => {
  function commandsOfChunks(fake: FakeWorkbook): string[][] {
    return fake.syncs.records.map((s) => s.commands).filter((c) => c.includes('Range.values') || c.includes('TableRowCollection.add'));
  }

  it('writes values below the table and resizes it once per chunk where Excel has Table.resize', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.13' });
    await writeTable(invoiceLayout, invoiceRows(800), { maxPayloadBytes: 30_000 });

    const chunks = commandsOfChunks(fake);
    expect(chunks.length).toBeGreaterThan(2);
    for (const commands of chunks.slice(1)) {
      expect(commands.filter((c) => c === 'Table.resize')).toHaveLength(1);
      expect(commands.filter((c) => c === 'Range.values')).toHaveLength(1);
      expect(commands).not.toContain('TableRowCollection.add');
    }
  });

  it('adds each chunk with one rows.add on the ExcelApi 1.7 floor', async () => {
    fake = installFakeExcel({ excelApiVersion: '1.7' });
    await writeTable(invoiceLayout, invoiceRows(800), { maxPayloadBytes: 30_000 });

    const chunks = commandsOfChunks(fake);
    expect(chunks.length).toBeGreaterThan(2);
    for (const commands of chunks.slice(1)) {
      expect(commands.filter((c) => c === 'TableRowCollection.add')).toHaveLength(1);
      expect(commands).not.toContain('Table.resize');
    }
    expect(fake.table(TABLE).rows()).toEqual(invoiceRows(800));
  });

  it('refreshes without deleting or re-adding the table', async () => {
    fake = installFakeExcel();
    await writeTable(invoiceLayout, invoiceRows(10));
    fake.syncs.reset();
    await writeTable(invoiceLayout, invoiceRows(4));

    const commands = fake.syncs.records.flatMap((s) => s.commands);
    expect(commands).not.toContain('Table.delete');
    expect(commands).not.toContain('TableCollection.add');
    expect(commands.filter((c) => c === 'Range.delete')).toHaveLength(1);
  });
});

describe('writeTable — cancelling', () => {
  it('stops between chunks of a first pull, leaving the table with the rows written so far', async () => {
    fake = installFakeExcel();
    const controller = new AbortController();
    const progress: number[] = [];
    const pull = writeTable(invoiceLayout, invoiceRows(1_200), {
      maxPayloadBytes: 30_000,
      signal: controller.signal,
      onProgress: (written) => {
        progress.push(written);
        if (progress.length === 2) controller.abort();
      },
    });

    await expect(pull).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress).toHaveLength(2);
    expect(fake.table(TABLE).rowCount).toBe(progress[1]);
    expect(fake.table(TABLE).rows()).toEqual(invoiceRows(progress[1]!));
  });

  it('stops a refresh between chunks without leaving stale rows under the new ones', async () => {
    fake = installFakeExcel();
    await writeTable(invoiceLayout, invoiceRows(1_200));
    const controller = new AbortController();
    let written = 0;
    const fresh = invoiceRows(1_200, 9_000);
    const refresh = writeTable(invoiceLayout, fresh, {
      maxPayloadBytes: 30_000,
      signal: controller.signal,
      onProgress: (n) => {
        written = n;
        controller.abort();
      },
    });

    await expect(refresh).rejects.toMatchObject({ name: 'AbortError' });
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(1_200);
    expect(fake.table(TABLE).rows()).toEqual(fresh.slice(0, written));
  });

  it('does nothing when cancelled before it starts', async () => {
    fake = installFakeExcel();
    const controller = new AbortController();
    controller.abort();
    await expect(writeTable(invoiceLayout, invoiceRows(3), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.syncs.count).toBe(0);
    expect(fake.hasTable(TABLE)).toBe(false);
  });
});

describe('writeTable — a column of mixed units (KPI targets)', () => {
  const kpiLayout = {
    sheetName: 'KPIs',
    tableName: 'llKpis',
    columns: [
      { key: 'code', header: 'KPI', kind: 'text' as const },
      { key: 'unit', header: 'Unit', kind: 'text' as const },
      { key: 'target', header: 'Target', kind: 'decimal' as const, numberFormat: '#,##0.00', editable: true, percentWhen: { column: 'unit', equals: 'PERCENT' } },
    ],
  };

  it.each(['1.18', '1.7'])('gives only the PERCENT rows the percent format, on the first pull and on a refresh that grows (ExcelApi %s)', async (excelApiVersion) => {
    fake = installFakeExcel({ excelApiVersion });
    await writeTable(kpiLayout, [['DSO', 'DAYS', 40], ['CEI', 'PERCENT', 0.9]]);
    const sheet = fake.sheet('KPIs');
    expect(sheet.numberFormats('C2:C3')).toEqual([['#,##0.00'], ['0.00%']]);
    expect(sheet.texts('C2:C3')).toEqual([['40.00'], ['90.00%']]);

    // The rows change places and one more comes: each cell's format follows its row's unit.
    await writeTable(kpiLayout, [['CEI', 'PERCENT', 0.625], ['DSO', 'DAYS', 38], ['NPS', 'PERCENT', 0.45]]);
    expect(sheet.numberFormats('C2:C4')).toEqual([['0.00%'], ['#,##0.00'], ['0.00%']]);
    expect(sheet.texts('C2:C4')).toEqual([['62.50%'], ['38.00'], ['45.00%']]);
  });
});
