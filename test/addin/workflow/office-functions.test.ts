// Every dataset layout through the real Office layer on the fake workbook: the adapter turns
// the pane's rows (objects by column key) into the layer's arrays and back, the layer accepts
// each layout, and the charted datasets get their chart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as officeLayer from '../../../addin/office/index.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { LAYOUTS } from '../../../addin/sheets/layouts/index.js';
import type { DatasetLayout, Row } from '../../../addin/sheets/types.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';

const office = fromOfficeLayer(officeLayer);
let fake: FakeWorkbook;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

function sample(layout: DatasetLayout, i: number): Row {
  const row: Row = {};
  for (const column of layout.table.columns) {
    row[column.key] = { text: `${column.key}-${i}`, integer: i + 1, decimal: 1.5 + i, money: 1234.5 + i, date: isoToSerial('2026-11-25') + i, percent: 40 + i }[column.kind];
  }
  return row;
}

describe.each(LAYOUTS.map((l) => [l.title, l] as const))('%s', (_title, layout) => {
  it('writes rows into its own sheet and table and reads them back by column key', async () => {
    const rows = [sample(layout, 0), sample(layout, 1), sample(layout, 2)];
    const result = await office.writeTable(layout.table, rows);
    expect(result).toMatchObject({ rows: 3, refreshed: false });
    expect(fake.table(layout.table.tableName).sheetName).toBe(layout.table.sheetName);
    expect(fake.table(layout.table.tableName).headers).toEqual(layout.table.columns.map((c) => c.header));
    expect(await office.readTable(layout.table)).toEqual(rows);
    const hidden = layout.table.columns.filter((c) => c.hidden).length;
    expect(fake.sheet(layout.table.sheetName).hiddenColumns()).toHaveLength(hidden);
    if (layout.chart) {
      await office.addOrUpdateChart(layout.table, layout.chart);
      expect(fake.charts(layout.table.sheetName).map((c) => [c.title, c.series.length])).toEqual([[layout.chart.title, layout.chart.columns.length - 1]]);
    }
  });
});
