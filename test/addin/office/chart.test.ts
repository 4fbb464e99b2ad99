import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOrUpdateChart, writeTable } from '../../../addin/office/index.js';
import type { ChartSpec } from '../../../addin/office/contract.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { agingLayout, agingRows } from './fixtures.js';

const SHEET = agingLayout.sheetName;
const spec: ChartSpec = { title: 'Aging by bucket', type: 'ColumnStacked', columns: ['customer', 'current', 'd1_30', 'd31_60'] };

let fake: FakeWorkbook;
beforeEach(() => {
  fake = installFakeExcel();
});
afterEach(() => fake.uninstall());

describe('addOrUpdateChart', () => {
  it('adds a native chart over the table columns: categories first, then one series per column', async () => {
    await writeTable(agingLayout, agingRows(['Acme', 'Globex', 'Initech']));
    const result = await addOrUpdateChart(agingLayout, spec);

    expect(result).toEqual({ chartName: 'llAging_chart', created: true });
    const charts = fake.charts(SHEET);
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({
      name: 'llAging_chart',
      type: 'ColumnStacked',
      title: 'Aging by bucket',
      sourceAddress: 'B1:E4',
      seriesBy: 'Columns',
      topLeft: 'H1', // beside the table, one column clear
      categories: ['Acme', 'Globex', 'Initech'],
    });
    expect(charts[0]!.series.map((s) => s.name)).toEqual(['Current', '1-30', '31-60']);
    expect(charts[0]!.series[1]!.values).toEqual([0, 200, 400]);
  });

  it('updates the same chart on refresh instead of adding another', async () => {
    await writeTable(agingLayout, agingRows(['Acme', 'Globex', 'Initech']));
    await addOrUpdateChart(agingLayout, { ...spec, anchor: 'J3' });
    await writeTable(agingLayout, agingRows(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli']));
    const result = await addOrUpdateChart(agingLayout, { ...spec, type: 'ColumnClustered', title: 'Aging (refreshed)' });

    expect(result.created).toBe(false);
    const charts = fake.charts(SHEET);
    expect(charts).toHaveLength(1);
    expect(charts[0]).toMatchObject({ sourceAddress: 'B1:E6', type: 'ColumnClustered', title: 'Aging (refreshed)', topLeft: 'J3' });
    expect(charts[0]!.categories).toEqual(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli']);
  });

  it('draws a KPI trend against target as a line chart', async () => {
    const kpiLayout = {
      sheetName: 'KPI history',
      tableName: 'llKpiHistory',
      columns: [
        { key: 'period', header: 'Period', kind: 'text' as const },
        { key: 'actual', header: 'Actual', kind: 'percent' as const },
        { key: 'target', header: 'Target', kind: 'percent' as const },
      ],
    };
    await writeTable(kpiLayout, [
      ['2025-01', 91.5, 95],
      ['2025-02', 96.25, 95],
    ]);
    await addOrUpdateChart(kpiLayout, { title: 'On-time collection vs target', type: 'Line', columns: ['period', 'actual', 'target'] });

    const [chart] = fake.charts('KPI history');
    expect(chart).toMatchObject({ type: 'Line', categories: ['2025-01', '2025-02'] });
    expect(chart!.series).toEqual([
      { name: 'Actual', values: [91.5, 96.25] },
      { name: 'Target', values: [95, 95] },
    ]);
  });

  it('refuses columns that are not side by side in the table', async () => {
    await writeTable(agingLayout, agingRows(['Acme']));
    await expect(addOrUpdateChart(agingLayout, { ...spec, columns: ['customer', 'current', 'total'] })).rejects.toMatchObject({
      code: 'ChartColumnsNotAdjacent',
    });
    await expect(addOrUpdateChart(agingLayout, { ...spec, columns: ['customer', 'nope'] })).rejects.toMatchObject({ code: 'ColumnNotFound' });
    expect(fake.charts(SHEET)).toHaveLength(0);
  });
});
