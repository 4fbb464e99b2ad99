// Charts on a sheet: type, source data, position and title (series, axes and legends are not
// modelled).
import { formatRect } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import type { ChartModel, SheetModel } from '../model.js';
import { FakeClientObject, FakeClientResult, FakeKeyedCollection, count, defineProperties, type Mode, type PropSpec } from './client-object.js';
import type { FakeRange } from './range.js';
import type { FakeRequestContext } from './request-context.js';
import { FakeWorksheet } from './worksheet.js';

export class FakeChartCollection extends FakeKeyedCollection<ChartModel, FakeChart> {
  protected readonly _type = 'ChartCollection';

  constructor(
    context: FakeRequestContext,
    private readonly sheet: () => SheetModel,
  ) {
    super(context, () => sheet().charts, 'lazy');
  }

  protected _proxy(locate: () => ChartModel | undefined, mode: Mode): FakeChart {
    return new FakeChart(this.context, locate, mode);
  }

  add(type: string, sourceData: FakeRange, seriesBy: 'Auto' | 'Columns' | 'Rows' = 'Auto'): FakeChart {
    const chart = new FakeChart(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const sheet = this.sheet();
      const source = sourceData._resolve();
      if (source.sheet !== sheet) throw new FakeOfficeError('InvalidArgument', 'The fake keeps a chart on the sheet of its data.');
      chart._bind(sheet.workbook.addChart(sheet, type, source.rect, seriesBy));
    }, 0, 'ChartCollection.add');
    return chart;
  }

  protected _find(name: string): ChartModel | undefined {
    return this.sheet().workbook.findChart(this.sheet(), name);
  }

  override getItemOrNullObject(name: string): FakeChart {
    return this._proxy(() => {
      this.sheet().workbook.requireApi('1.4', 'ChartCollection.getItemOrNullObject');
      return this._find(name);
    }, 'orNull');
  }

  getItemAt(index: number): FakeChart {
    return new FakeChart(this.context, () => this.sheet().charts[index], 'throw');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.sheet().charts.length);
  }
}

export class FakeChart extends FakeClientObject<ChartModel> {
  protected readonly _type = 'Chart';

  protected _specs(): Record<string, PropSpec<ChartModel>> {
    return CHART_SPECS;
  }

  setData(sourceData: FakeRange, seriesBy: 'Auto' | 'Columns' | 'Rows' = 'Auto'): void {
    this._command((chart) => {
      const source = sourceData._resolve();
      if (source.sheet !== chart.sheet) throw new FakeOfficeError('InvalidArgument', 'The fake keeps a chart on the sheet of its data.');
      chart.source = source.rect;
      chart.seriesBy = seriesBy;
    }, 0, 'Chart.setData');
  }

  setPosition(startCell: FakeRange | string, endCell?: FakeRange | string): void {
    this._command((chart) => {
      chart.topLeft = cellAddress(startCell);
      if (endCell === undefined) delete chart.bottomRight;
      else chart.bottomRight = cellAddress(endCell);
    }, 0, 'Chart.setPosition');
  }

  delete(): void {
    this._command((chart) => void chart.sheet.charts.splice(chart.sheet.charts.indexOf(chart), 1), 0, 'Chart.delete');
  }

  get title(): FakeChartTitle {
    return this._nested('title', () => new FakeChartTitle(this.context, () => this._resolve(), 'lazy'));
  }

  get worksheet(): FakeWorksheet {
    return this._nested('worksheet', () => new FakeWorksheet(this.context, () => this._resolve().sheet, 'throw'));
  }
}

function cellAddress(target: FakeRange | string): string {
  if (typeof target === 'string') return target.replace(/^.*!/, '').replace(/\$/g, '').toUpperCase();
  const { rect } = target._resolve();
  return formatRect({ ...rect, rowCount: 1, columnCount: 1 });
}

const CHART_TYPES = new Set(['ColumnClustered', 'ColumnStacked', 'ColumnStacked100', 'BarClustered', 'BarStacked', 'Line', 'LineMarkers', 'LineStacked', 'Pie', 'Area', 'AreaStacked', 'XYScatter', 'Doughnut']);

const CHART_SPECS: Record<string, PropSpec<ChartModel>> = {
  name: {
    get: (c) => c.name,
    set: (c, v) => {
      const other = c.sheet.workbook.findChart(c.sheet, String(v));
      if (other && other !== c) throw new FakeOfficeError('ItemAlreadyExists', `A chart named "${String(v)}" already exists on this sheet.`);
      c.name = String(v);
    },
  },
  id: { get: (c) => c.id },
  chartType: {
    get: (c) => c.type,
    set: (c, v) => {
      c.sheet.workbook.requireApi('1.7', 'Chart.chartType');
      if (!CHART_TYPES.has(String(v))) throw new FakeOfficeError('InvalidArgument', `The fake does not know chart type ${String(v)}.`);
      c.type = String(v);
    },
  },
};
defineProperties(FakeChart, Object.keys(CHART_SPECS));

export class FakeChartTitle extends FakeClientObject<ChartModel> {
  protected readonly _type = 'ChartTitle';

  protected _specs(): Record<string, PropSpec<ChartModel>> {
    return CHART_TITLE_SPECS;
  }
}

const CHART_TITLE_SPECS: Record<string, PropSpec<ChartModel>> = {
  text: { get: (c) => c.title, set: (c, v) => void (c.title = String(v)) },
  visible: { get: (c) => c.title !== '', set: () => undefined },
};
defineProperties(FakeChartTitle, Object.keys(CHART_TITLE_SPECS));
