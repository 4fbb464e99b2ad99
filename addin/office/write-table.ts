/// <reference types="office-js" />
// Pulling a dataset into a named Excel table: the first pull creates sheet and table; a refresh
// rewrites the layout's columns in place (found by header), grows or shrinks the table body and
// leaves everything else alone — the user's own columns beside or inside the table, their
// calculated columns (which fill down as the table grows) and the table itself. Values go in as
// ranges, in chunks sized by payload, one sync each.

import type { CellValue, ColumnSpec, TableLayout, WriteOptions, WriteResult } from './contract.js';
import { rangeAddress } from './addresses.js';
import { columnWidthPoints, DEFAULT_NUMBER_FORMATS, numberFormatFor } from './column-styles.js';
import { OfficeLayerError } from './errors.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, jsonBytes, planChunks, type Chunk } from './payload.js';
import { EXCEL_API_FLOOR, EXCEL_API_TABLE_RESIZE, isExcelApiSupported, requireExcelApi } from './requirements.js';
import { SyncMeter } from './sync-meter.js';
import { contiguousRuns, layoutOffsets, loadTableGeometry, validateLayout, type ColumnRun } from './table-geometry.js';

/** A row as the sheets layer may hand it over: null/undefined are written as '' (empty). */
export type RowInput = ReadonlyArray<CellValue | null | undefined>;

interface WriteTarget {
  sheet: Excel.Worksheet;
  table: Excel.Table;
  headerRow: number;
  firstColumn: number;
  columnCount: number;
  bodyRowCount: number;
  /** Table column offset of each layout column. */
  offsets: number[];
  runs: ColumnRun[];
  /** How the body grows: values below then Table.resize (ExcelApi 1.13), or rows.add per chunk. */
  growth: 'resize' | 'rowsAdd';
}

export async function writeTable(layout: TableLayout, rows: readonly RowInput[], options: WriteOptions = {}): Promise<WriteResult> {
  validateLayout(layout);
  requireExcelApi(EXCEL_API_FLOOR, 'Writing a table');
  const cells = toCells(layout, rows);
  const maxBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const canResize = isExcelApiSupported(EXCEL_API_TABLE_RESIZE);

  return Excel.run(async (context) => {
    const meter = new SyncMeter(context);
    const existing = context.workbook.tables.getItemOrNullObject(layout.tableName);
    const namedSheet = context.workbook.worksheets.getItemOrNullObject(layout.sheetName);
    await meter.sync();
    const refreshed = !existing.isNullObject;

    let target: WriteTarget;
    let chunks: Chunk[];
    let written = 0;
    let nextChunk = 0;
    if (refreshed) {
      target = await prepareRefresh(layout, existing, meter, canResize);
      chunks = planWrite(layout, cells, target, maxBytes, 0);
    } else {
      const headerBytes = jsonBytes(layout.columns.map((c) => c.header)) + 1;
      const firstTarget = { runs: [{ tableOffset: 0, layoutIndexes: layout.columns.map((_, i) => i) }], columnCount: layout.columns.length, growth: 'resize' as const };
      chunks = planWrite(layout, cells, firstTarget, maxBytes, headerBytes);
      signal?.throwIfAborted();
      const first = chunks[0] ?? { start: 0, end: 0 };
      target = await createTable(context, layout, namedSheet, cells, first, meter, canResize);
      written = first.end;
      nextChunk = 1;
      if (chunks.length > 0) onProgress?.(written, cells.length);
    }

    for (let i = nextChunk; i < chunks.length; i++) {
      if (signal?.aborted) {
        // The table keeps exactly the new rows written so far, never a mix of new and stale ones.
        if (written > 0 || !refreshed) await trimTable(target, layout, written, meter);
        signal.throwIfAborted();
      }
      const chunk = chunks[i]!;
      writeChunk(layout, target, cells, chunk, meter);
      await meter.sync();
      written = chunk.end;
      onProgress?.(written, cells.length);
    }

    if (target.bodyRowCount > Math.max(cells.length, 1) || (refreshed && cells.length === 0)) {
      await trimTable(target, layout, cells.length, meter);
    }
    return { rows: cells.length, syncs: meter.syncs, largestSyncBytes: meter.largestSyncBytes, refreshed };
  });
}

/** Rows as Excel values: null/undefined and non-finite numbers become '' so that stale cells are cleared. */
function toCells(layout: TableLayout, rows: readonly RowInput[]): CellValue[][] {
  const width = layout.columns.length;
  return rows.map((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new OfficeLayerError('InvalidRows', `Row ${r} has ${Array.isArray(row) ? row.length : 0} values; layout ${layout.tableName} has ${width} columns.`);
    }
    return row.map((value, c) => {
      if (value === null || value === undefined) return '';
      if (typeof value === 'number') return Number.isFinite(value) ? value : '';
      if (typeof value === 'string' || typeof value === 'boolean') return value;
      throw new OfficeLayerError(
        'InvalidRows',
        `Row ${r}, column ${layout.columns[c]!.header}: ${Object.prototype.toString.call(value)} is not a cell value (dates must be Excel serial numbers).`,
      );
    });
  });
}

function planWrite(
  layout: TableLayout,
  cells: CellValue[][],
  target: Pick<WriteTarget, 'runs' | 'columnCount' | 'growth'>,
  maxBytes: number,
  firstChunkExtraBytes: number,
): Chunk[] {
  // Rows split into several runs cost a pair of brackets and a comma more per extra run; rows.add
  // sends whole table rows, with null for each column that is not ours.
  const perRow = 1 + 2 * (target.runs.length - 1) + (target.growth === 'rowsAdd' ? 5 * (target.columnCount - layout.columns.length) : 0);
  const formats = layout.columns.reduce((sum, column) => sum + jsonBytes(numberFormatFor(column)), 0);
  const percentFormatBytes = jsonBytes(DEFAULT_NUMBER_FORMATS.percent);
  return planChunks({
    rowBytes: cells.map((row) => jsonBytes(row) + perRow + percentCellsOf(layout, row).length * percentFormatBytes),
    maxBytes,
    fixedBytes: 2 * (target.runs.length + 1) + 2 * formats,
    firstChunkExtraBytes,
  });
}

async function createTable(
  context: Excel.RequestContext,
  layout: TableLayout,
  namedSheet: Excel.Worksheet,
  cells: CellValue[][],
  first: Chunk,
  meter: SyncMeter,
  canResize: boolean,
): Promise<WriteTarget> {
  const width = layout.columns.length;
  const bodyRowCount = Math.max(first.end, 1); // a table has at least one (possibly blank) data row
  let sheet: Excel.Worksheet;
  if (namedSheet.isNullObject) {
    sheet = context.workbook.worksheets.add(layout.sheetName);
  } else {
    sheet = namedSheet;
    await requireRoomForTable(sheet, layout, Math.max(cells.length, 1) + 1, meter);
  }

  layout.columns.forEach((column, i) => meter.styleColumn(sheet.getRangeByIndexes(1, i, bodyRowCount, 1), column));
  formatPercentCells(layout, sheet, 1, 0, layout.columns.map((_, i) => i), cells.slice(0, first.end), meter);
  meter.writeValues(sheet.getRangeByIndexes(0, 0, first.end + 1, width), [layout.columns.map((c) => c.header), ...cells.slice(0, first.end)]);
  const table = sheet.tables.add(rangeAddress(0, 0, bodyRowCount + 1, width), true);
  table.name = layout.tableName;
  sheet.getRangeByIndexes(0, 0, first.end + 1, width).format.autofitColumns();
  layout.columns.forEach((column, i) => {
    const header = sheet.getRangeByIndexes(0, i, 1, 1);
    if (column.width !== undefined) header.format.columnWidth = columnWidthPoints(column.width);
    if (column.hidden) header.getEntireColumn().columnHidden = true;
  });
  sheet.freezePanes.freezeRows(1);
  sheet.activate();
  await meter.sync();

  const offsets = layout.columns.map((_, i) => i);
  return { sheet, table, headerRow: 0, firstColumn: 0, columnCount: width, bodyRowCount, offsets, runs: contiguousRuns(offsets), growth: canResize ? 'resize' : 'rowsAdd' };
}

/** A first pull onto an existing sheet must not overwrite what is already there. */
async function requireRoomForTable(sheet: Excel.Worksheet, layout: TableLayout, rowCount: number, meter: SyncMeter): Promise<void> {
  const used = sheet.getUsedRangeOrNullObject(true);
  used.load('address,rowIndex,columnIndex');
  await meter.sync();
  if (!used.isNullObject && used.rowIndex < rowCount && used.columnIndex < layout.columns.length) {
    throw new OfficeLayerError(
      'SheetNotEmpty',
      `Sheet "${layout.sheetName}" already has data (${used.address}) where the ${layout.tableName} table would go. Clear or rename that sheet, then pull again.`,
    );
  }
}

async function prepareRefresh(layout: TableLayout, table: Excel.Table, meter: SyncMeter, canResize: boolean): Promise<WriteTarget> {
  const sync = () => meter.sync();
  let geometry = await loadTableGeometry(table, sync);
  let offsets = layoutOffsets(layout.columns, geometry.headers);
  const missing = layout.columns.filter((_, i) => offsets[i]! < 0);
  if (missing.length > 0) {
    // A column the user deleted (or a layout that gained one) comes back at the table's end.
    for (const column of missing) table.columns.add(undefined, undefined, column.header);
    geometry = await loadTableGeometry(table, sync);
    offsets = layoutOffsets(layout.columns, geometry.headers);
  }
  const { sheet, headerRow, firstColumn } = geometry;
  layout.columns.forEach((column, i) => {
    if (column.hidden) sheet.getRangeByIndexes(headerRow, firstColumn + offsets[i]!, 1, 1).getEntireColumn().columnHidden = true;
  });
  return {
    sheet,
    table,
    headerRow,
    firstColumn,
    columnCount: geometry.columnCount,
    bodyRowCount: geometry.bodyRowCount,
    offsets,
    runs: contiguousRuns(offsets),
    growth: canResize && !geometry.showTotals ? 'resize' : 'rowsAdd',
  };
}

function writeChunk(layout: TableLayout, target: WriteTarget, cells: CellValue[][], chunk: Chunk, meter: SyncMeter): void {
  const inPlaceEnd = Math.min(chunk.end, target.bodyRowCount);
  if (chunk.start < inPlaceEnd) writeRows(layout, target, cells, chunk.start, inPlaceEnd, meter);
  if (chunk.end > target.bodyRowCount) growTable(layout, target, cells, Math.max(chunk.start, target.bodyRowCount), chunk.end, meter);
}

/** Writes rows [start, end) of the layout columns at their table positions (inside or just below the body). */
function writeRows(layout: TableLayout, target: WriteTarget, cells: CellValue[][], start: number, end: number, meter: SyncMeter): void {
  const top = target.headerRow + 1 + start;
  const count = end - start;
  const slice = cells.slice(start, end);
  styleRows(layout, target, top, slice, meter);
  for (const run of target.runs) {
    const inLayoutOrder = run.layoutIndexes.every((index, k) => index === k) && run.layoutIndexes.length === layout.columns.length;
    const values = inLayoutOrder ? slice : slice.map((row) => run.layoutIndexes.map((index) => row[index]!));
    meter.writeValues(target.sheet.getRangeByIndexes(top, target.firstColumn + run.tableOffset, count, run.layoutIndexes.length), values);
  }
}

/** The columns' styles over rows written from `top`, then the percent format on the percent cells of mixed columns. */
function styleRows(layout: TableLayout, target: WriteTarget, top: number, rows: CellValue[][], meter: SyncMeter): void {
  layout.columns.forEach((column: ColumnSpec, i) => {
    meter.styleColumn(target.sheet.getRangeByIndexes(top, target.firstColumn + target.offsets[i]!, rows.length, 1), column);
  });
  formatPercentCells(layout, target.sheet, top, target.firstColumn, target.offsets, rows, meter);
}

/** Layout indexes of a row's cells that hold percentages by their row (a column's percentWhen). */
function percentCellsOf(layout: TableLayout, row: readonly CellValue[]): number[] {
  const indexes: number[] = [];
  layout.columns.forEach((column, i) => {
    const when = column.percentWhen;
    if (!when) return;
    const by = layout.columns.findIndex((c) => c.key === when.column);
    if (by >= 0 && String(row[by] ?? '') === when.equals) indexes.push(i);
  });
  return indexes;
}

/** One cell at a time: a mixed column (KPI targets of several units) has its own format per row. */
function formatPercentCells(layout: TableLayout, sheet: Excel.Worksheet, top: number, firstColumn: number, offsets: readonly number[], rows: readonly CellValue[][], meter: SyncMeter): void {
  if (!layout.columns.some((c) => c.percentWhen)) return;
  rows.forEach((row, r) => {
    for (const i of percentCellsOf(layout, row)) meter.formatCell(sheet.getRangeByIndexes(top + r, firstColumn + offsets[i]!, 1, 1), DEFAULT_NUMBER_FORMATS.percent);
  });
}

function growTable(layout: TableLayout, target: WriteTarget, cells: CellValue[][], start: number, end: number, meter: SyncMeter): void {
  if (target.growth === 'resize') {
    writeRows(layout, target, cells, start, end, meter);
    target.table.resize(rangeAddress(target.headerRow, target.firstColumn, end + 1, target.columnCount));
  } else {
    const rows = cells.slice(start, end).map((row) => {
      const full: Array<CellValue | null> = new Array<CellValue | null>(target.columnCount).fill(null);
      target.offsets.forEach((offset, i) => (full[offset] = row[i]!));
      return full;
    });
    meter.addRows(target.table, rows);
    // New rows copy the formats of the row above, marks included: restore the column style.
    styleRows(layout, target, target.headerRow + 1 + start, cells.slice(start, end), meter);
  }
  target.bodyRowCount = end;
}

/** Shrinks the body to `rowCount` rows (deleting the surplus rows inside the table, so nothing beside it moves). */
async function trimTable(target: WriteTarget, layout: TableLayout, rowCount: number, meter: SyncMeter): Promise<void> {
  const keep = Math.max(rowCount, 1);
  let queued = false;
  if (target.bodyRowCount > keep) {
    target.sheet
      .getRangeByIndexes(target.headerRow + 1 + keep, target.firstColumn, target.bodyRowCount - keep, target.columnCount)
      .delete('Up');
    target.bodyRowCount = keep;
    queued = true;
  }
  if (rowCount === 0) {
    // Excel keeps one data row: blank our cells in it.
    const top = target.headerRow + 1;
    for (const run of target.runs) {
      meter.writeValues(target.sheet.getRangeByIndexes(top, target.firstColumn + run.tableOffset, 1, run.layoutIndexes.length), [run.layoutIndexes.map(() => '')]);
    }
    styleRows(layout, target, top, [layout.columns.map(() => '')], meter);
    queued = true;
  }
  if (queued) await meter.sync();
}
