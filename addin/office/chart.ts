/// <reference types="office-js" />
// A native chart over the table's columns (categories = first column, series = the rest),
// created once and re-pointed at the table on every refresh.

import type { ChartSpec, TableLayout } from './contract.js';
import { cellAddress } from './addresses.js';
import { OfficeLayerError } from './errors.js';
import { EXCEL_API_FLOOR, requireExcelApi } from './requirements.js';
import { findTableOrThrow, loadTableGeometry, requireLayoutOffsets, validateLayout } from './table-geometry.js';

export interface ChartResult {
  chartName: string;
  created: boolean;
}

export function chartNameFor(layout: TableLayout): string {
  return `${layout.tableName}_chart`;
}

export async function addOrUpdateChart(layout: TableLayout, spec: ChartSpec): Promise<ChartResult> {
  validateLayout(layout);
  requireExcelApi(EXCEL_API_FLOOR, 'Charts');
  if (spec.columns.length < 2) {
    throw new OfficeLayerError('InvalidLayout', `Chart "${spec.title}" needs a category column and at least one series column.`);
  }
  const chartName = chartNameFor(layout);
  return Excel.run(async (context) => {
    const table = await findTableOrThrow(context, layout.tableName);
    const geometry = await loadTableGeometry(table, () => context.sync());
    const tableOffsets = requireLayoutOffsets(layout, geometry);
    const offsets = spec.columns.map((key) => {
      const index = layout.columns.findIndex((c) => c.key === key);
      if (index < 0) throw new OfficeLayerError('ColumnNotFound', `Chart "${spec.title}": layout ${layout.tableName} has no column "${key}".`);
      return tableOffsets[index]!;
    });
    // setData takes one rectangular range: the chart's columns must sit side by side, in order.
    if (offsets.some((offset, i) => offset !== offsets[0]! + i)) {
      throw new OfficeLayerError(
        'ChartColumnsNotAdjacent',
        `Chart "${spec.title}" needs columns ${spec.columns.join(', ')} side by side in table ${layout.tableName}; a column was moved or inserted between them.`,
      );
    }
    const source = geometry.sheet.getRangeByIndexes(geometry.headerRow, geometry.firstColumn + offsets[0]!, geometry.bodyRowCount + 1, offsets.length);
    const existing = geometry.sheet.charts.getItemOrNullObject(chartName);
    await context.sync();

    let chart: Excel.Chart;
    const created = existing.isNullObject;
    if (created) {
      chart = geometry.sheet.charts.add(spec.type, source, 'Columns');
      chart.name = chartName;
      chart.setPosition(spec.anchor ?? cellAddress(geometry.headerRow, geometry.firstColumn + geometry.columnCount + 1));
    } else {
      chart = existing;
      chart.setData(source, 'Columns');
      chart.chartType = spec.type;
    }
    chart.title.text = spec.title;
    await context.sync();
    return { chartName, created };
  });
}
