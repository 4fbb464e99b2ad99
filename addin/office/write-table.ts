/// <reference types="office-js" />
// Pulling a dataset into a named Excel table. The first pull creates sheet and table. A refresh
// (syncTable) follows a plan made by key: rows written where their record is, new rows appended,
// gone rows removed; the layout's columns are found by header (a renamed one put back), and
// everything else stays: the user's own columns beside or inside the table, their calculated
// columns, the sort, and whatever is below the table (it moves down, never overwritten). Values
// go in as ranges, in chunks sized by payload, one sync each.

import type { CellValue, ColumnSpec, TableLayout, WriteOptions, WriteResult } from './contract.js';
import { rangeAddress } from './addresses.js';
import { columnWidthPoints, DEFAULT_NUMBER_FORMATS, numberFormatFor } from './column-styles.js';
import { OfficeLayerError } from './errors.js';
import { DEFAULT_MAX_PAYLOAD_BYTES, jsonBytes, planChunks, type Chunk } from './payload.js';
import { EXCEL_API_DATA_VALIDATION, EXCEL_API_FLOOR, EXCEL_API_TABLE_RESIZE, isExcelApiSupported, requireExcelApi } from './requirements.js';
import { FORMAT_CELL_BYTES, STYLE_COLUMN_BYTES, SyncMeter, WRITE_RANGE_BYTES } from './sync-meter.js';
import { contiguousRuns, findRenamedColumns, layoutOffsets, loadTableGeometry, validateLayout, type ColumnRun, type TableGeometry } from './table-geometry.js';

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

/** What a refresh does to an existing table, by sheet row (data rows, 0-based, header excluded). */
export interface TablePlan {
  /** Per data row now: the layout's values to write over it, or null to leave the row alone. */
  rows: readonly (RowInput | null)[];
  /** Rows added at the end; the sheet below the table moves down to make room, never overwritten. */
  append: readonly RowInput[];
  /** Data rows to delete (after the writes), ascending. */
  remove: readonly number[];
}

export interface SyncResult extends WriteResult {
  /** Rows the plan wanted removed that are still there: the table is filtered (Excel refuses, InsertDeleteConflict). */
  notRemoved: number[];
  /** Layout headers the user had renamed, put back (found between their neighbours). */
  restoredHeaders: string[];
}

/**
 * Writes `rows` as the table's data rows, in that order (a first pull creates sheet and table).
 * On a refresh, row i goes over data row i; surplus rows of the table are deleted. Cancelled
 * between chunks, the table keeps exactly the new rows written so far.
 */
export async function writeTable(layout: TableLayout, rows: readonly RowInput[], options: WriteOptions = {}): Promise<SyncResult> {
  validateLayout(layout);
  const cells = toCells(layout, rows); // bad rows are refused before anything is sent
  return run(layout, (bodyRowCount) => ({
    rows: cells.slice(0, bodyRowCount),
    append: cells.slice(bodyRowCount),
    remove: Array.from({ length: Math.max(0, bodyRowCount - Math.max(cells.length, 1)) }, (_, i) => Math.max(cells.length, 1) + i),
    blankAll: cells.length === 0,
    trimOnCancel: true,
  }), options);
}

/**
 * A refresh matched by key: writes the plan's rows where they are, appends and removes rows. The
 * user's own columns stay with their rows. Cancelled between chunks, what was written stays
 * (each row written is a whole record) and the rest is left as it was.
 */
export async function syncTable(layout: TableLayout, plan: TablePlan, options: WriteOptions = {}): Promise<SyncResult> {
  validateLayout(layout);
  // Bad rows are refused before anything is sent; each row is converted once.
  const rows = plan.rows.map((row, i) => (row === null ? null : toCells(layout, [row], i)[0]!));
  const append = toCells(layout, plan.append, plan.rows.length);
  return run(layout, (bodyRowCount) => {
    if (rows.length > bodyRowCount) {
      throw new OfficeLayerError('InvalidRows', `The plan has ${rows.length} rows for table ${layout.tableName}, which has ${bodyRowCount}: read the table again.`);
    }
    return { rows, append, remove: plan.remove, blankAll: false, trimOnCancel: false };
  }, options);
}

/** A plan in Excel's cell values, checked. */
interface ResolvedPlan {
  rows: readonly (CellValue[] | null)[];
  append: CellValue[][];
  remove: readonly number[];
  /** Nothing left: blank our cells in the one data row Excel keeps. */
  blankAll: boolean;
  trimOnCancel: boolean;
}

async function run(layout: TableLayout, planFor: (bodyRowCount: number) => ResolvedPlan, options: WriteOptions): Promise<SyncResult> {
  requireExcelApi(EXCEL_API_FLOOR, 'Writing a table');
  const maxBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  const { signal, onProgress } = options;
  signal?.throwIfAborted();
  const canResize = isExcelApiSupported(EXCEL_API_TABLE_RESIZE);

  return Excel.run(async (context) => {
    const meter = new SyncMeter(context);
    const existing = context.workbook.tables.getItemOrNullObject(layout.tableName);
    const namedSheet = context.workbook.worksheets.getItemOrNullObject(layout.sheetName);
    await meter.sync();

    if (existing.isNullObject) {
      const cells = planFor(0).append;
      const target = await createTable(context, layout, namedSheet, cells, maxBytes, meter, canResize, signal, onProgress);
      await finishTable(layout, target, meter, cells.length > 0);
      return { rows: cells.length, syncs: meter.syncs, largestSyncBytes: meter.largestSyncBytes, refreshed: false, notRemoved: [], restoredHeaders: [] };
    }

    const { target, restoredHeaders } = await prepareRefresh(layout, existing, meter, canResize);
    const plan = planFor(target.bodyRowCount);
    const inPlace = [...plan.rows];
    const appended = [...plan.append];
    // A table showing only the blank row Excel keeps: the first new row goes into it.
    if (inPlace.length === 0 && target.bodyRowCount === 1 && appended.length > 0) inPlace.push(appended.shift()!);
    const total = inPlace.filter(Boolean).length + appended.length;
    let done = 0;
    const progress = (rows: number) => {
      done += rows;
      onProgress?.(done, total);
    };
    const stop = async () => {
      if (!signal?.aborted) return;
      if (plan.trimOnCancel) await trimTable(target, layout, done, meter);
      signal.throwIfAborted();
    };

    for (const segment of segmentsOf(inPlace)) {
      for (const chunk of planWrite(layout, segment.rows, target, maxBytes, 0)) {
        await stop();
        writeRows(layout, target, segment.start + chunk.start, segment.rows.slice(chunk.start, chunk.end), meter);
        await meter.sync();
        progress(chunk.end - chunk.start);
      }
    }
    if (appended.length > 0) {
      const calculated = await calculatedColumns(layout, target, meter);
      for (const chunk of planWrite(layout, appended, target, maxBytes, 0)) {
        await stop();
        growTable(layout, target, appended.slice(chunk.start, chunk.end), calculated, meter);
        await meter.sync();
        progress(chunk.end - chunk.start);
      }
    }
    const notRemoved = await removeRows(target, layout, plan.remove, plan.blankAll, meter);
    await finishTable(layout, target, meter, appended.length > 0);
    return { rows: total, syncs: meter.syncs, largestSyncBytes: meter.largestSyncBytes, refreshed: true, notRemoved, restoredHeaders };
  });
}

/** Runs of consecutive rows to write, by their data-row index. */
function segmentsOf(rows: readonly (CellValue[] | null)[]): { start: number; rows: CellValue[][] }[] {
  const segments: { start: number; rows: CellValue[][] }[] = [];
  rows.forEach((row, i) => {
    if (!row) return;
    const last = segments[segments.length - 1];
    if (last && last.start + last.rows.length === i) last.rows.push(row);
    else segments.push({ start: i, rows: [row] });
  });
  return segments;
}

/** Rows as Excel values (`firstIndex`: the first row's number in messages): null/undefined and non-finite numbers become '' so that stale cells are cleared. */
function toCells(layout: TableLayout, rows: readonly RowInput[], firstIndex = 0): CellValue[][] {
  const width = layout.columns.length;
  return rows.map((row, index) => {
    const r = firstIndex + index;
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
  // sends whole table rows, with null for each column that is not ours. Each chunk also styles
  // every column, writes each run, and may insert rows and fill calculated columns.
  const perRow = 1 + 2 * (target.runs.length - 1) + (target.growth === 'rowsAdd' ? 5 * (target.columnCount - layout.columns.length) : 0);
  const formats = layout.columns.reduce((sum, column) => sum + jsonBytes(numberFormatFor(column)), 0);
  const percentFormatBytes = FORMAT_CELL_BYTES + jsonBytes(DEFAULT_NUMBER_FORMATS.percent);
  const chunkCalls = layout.columns.length * STYLE_COLUMN_BYTES + (target.runs.length + 4) * WRITE_RANGE_BYTES + (target.columnCount - layout.columns.length) * WRITE_RANGE_BYTES;
  return planChunks({
    rowBytes: cells.map((row) => jsonBytes(row) + perRow + percentCellsOf(layout, row).length * percentFormatBytes),
    maxBytes,
    fixedBytes: 2 * (target.runs.length + 1) + formats + chunkCalls,
    firstChunkExtraBytes,
  });
}

async function createTable(
  context: Excel.RequestContext,
  layout: TableLayout,
  namedSheet: Excel.Worksheet,
  cells: CellValue[][],
  maxBytes: number,
  meter: SyncMeter,
  canResize: boolean,
  signal: AbortSignal | undefined,
  onProgress: WriteOptions['onProgress'],
): Promise<WriteTarget> {
  const width = layout.columns.length;
  // The header row, and creating sheet and table: widths, hidden columns, freeze panes, names.
  const headerBytes = jsonBytes(layout.columns.map((c) => c.header)) + 1 + layout.columns.length * 2 * WRITE_RANGE_BYTES + 12 * WRITE_RANGE_BYTES;
  const firstTarget = { runs: [{ tableOffset: 0, layoutIndexes: layout.columns.map((_, i) => i) }], columnCount: width, growth: 'resize' as const };
  const chunks = planWrite(layout, cells, firstTarget, maxBytes, headerBytes);
  signal?.throwIfAborted();
  const first = chunks[0] ?? { start: 0, end: 0 };
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
  if (chunks.length > 0) onProgress?.(first.end, cells.length);

  const offsets = layout.columns.map((_, i) => i);
  const target: WriteTarget = { sheet, table, headerRow: 0, firstColumn: 0, columnCount: width, bodyRowCount, offsets, runs: contiguousRuns(offsets), growth: canResize ? 'resize' : 'rowsAdd' };
  for (const chunk of chunks.slice(1)) {
    if (signal?.aborted) {
      // The table keeps exactly the rows written so far.
      signal.throwIfAborted();
    }
    growTable(layout, target, cells.slice(chunk.start, chunk.end), [], meter);
    await meter.sync();
    onProgress?.(chunk.end, cells.length);
  }
  return target;
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

async function prepareRefresh(layout: TableLayout, table: Excel.Table, meter: SyncMeter, canResize: boolean): Promise<{ target: WriteTarget; restoredHeaders: string[] }> {
  const sync = () => meter.sync();
  let geometry = await loadTableGeometry(table, sync);
  const restoredHeaders = restoreRenamedHeaders(layout, geometry);
  let offsets = layoutOffsets(layout.columns, geometry.headers);
  const missing = layout.columns.filter((_, i) => offsets[i]! < 0);
  if (missing.length > 0 || restoredHeaders.length > 0) {
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
    restoredHeaders,
    target: {
      sheet,
      table,
      headerRow,
      firstColumn,
      columnCount: geometry.columnCount,
      bodyRowCount: geometry.bodyRowCount,
      offsets,
      runs: contiguousRuns(offsets),
      growth: canResize && !geometry.showTotals ? 'resize' : 'rowsAdd',
    },
  };
}

/** Queues the header cells of renamed layout columns back to their names; returns those headers. */
function restoreRenamedHeaders(layout: TableLayout, geometry: TableGeometry): string[] {
  const restored: string[] = [];
  for (const { column, tableOffset } of findRenamedColumns(layout, geometry)) {
    geometry.sheet.getRangeByIndexes(geometry.headerRow, geometry.firstColumn + tableOffset, 1, 1).values = [[column.header]];
    geometry.headers[tableOffset] = column.header;
    restored.push(column.header);
  }
  return restored;
}

/** Writes rows at data rows [start, start + rows.length) of the layout columns (inside or just below the body). */
function writeRows(layout: TableLayout, target: WriteTarget, start: number, rows: CellValue[][], meter: SyncMeter): void {
  const top = target.headerRow + 1 + start;
  styleRows(layout, target, top, rows, meter);
  for (const run of target.runs) {
    const inLayoutOrder = run.layoutIndexes.every((index, k) => index === k) && run.layoutIndexes.length === layout.columns.length;
    const values = inLayoutOrder ? rows : rows.map((row) => run.layoutIndexes.map((index) => row[index]!));
    meter.writeValues(target.sheet.getRangeByIndexes(top, target.firstColumn + run.tableOffset, rows.length, run.layoutIndexes.length), values);
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

/** The user's calculated columns (the same R1C1 formula in the first and last data row): new rows get it explicitly. */
async function calculatedColumns(layout: TableLayout, target: WriteTarget, meter: SyncMeter): Promise<{ tableOffset: number; formula: string }[]> {
  const ours = new Set(target.offsets);
  if (ours.size === target.columnCount) return [];
  const top = target.headerRow + 1;
  const first = target.sheet.getRangeByIndexes(top, target.firstColumn, 1, target.columnCount);
  const last = target.sheet.getRangeByIndexes(top + target.bodyRowCount - 1, target.firstColumn, 1, target.columnCount);
  first.load('formulasR1C1');
  last.load('formulasR1C1');
  await meter.sync();
  const a = (first.formulasR1C1 as unknown[][])[0] ?? [];
  const b = (last.formulasR1C1 as unknown[][])[0] ?? [];
  const found: { tableOffset: number; formula: string }[] = [];
  for (let offset = 0; offset < target.columnCount; offset++) {
    if (ours.has(offset)) continue;
    const formula = a[offset];
    if (typeof formula === 'string' && formula.startsWith('=') && formula === b[offset]) found.push({ tableOffset: offset, formula });
  }
  return found;
}

/**
 * Adds rows at the end of the table. Where Excel has Table.resize, whole sheet rows are inserted
 * under the table first (a total, a note or another table below moves down, never overwritten),
 * the values written into them and the table resized over them; otherwise rows.add (which
 * inserts too). The user's calculated columns are filled explicitly: Excel fills them only when
 * the user's AutoCorrect option says so.
 */
function growTable(layout: TableLayout, target: WriteTarget, rows: CellValue[][], calculated: { tableOffset: number; formula: string }[], meter: SyncMeter): void {
  const start = target.bodyRowCount;
  const top = target.headerRow + 1 + start;
  if (target.growth === 'resize') {
    meter.insertRows(target.sheet.getRangeByIndexes(top, 0, rows.length, 1).getEntireRow());
    writeRows(layout, target, start, rows, meter);
    target.table.resize(rangeAddress(target.headerRow, target.firstColumn, start + rows.length + 1, target.columnCount));
  } else {
    const full = rows.map((row) => {
      const cells: Array<CellValue | null> = new Array<CellValue | null>(target.columnCount).fill(null);
      target.offsets.forEach((offset, i) => (cells[offset] = row[i]!));
      return cells;
    });
    meter.addRows(target.table, full);
    // New rows copy the formats of the row above, marks included: restore the column style.
    styleRows(layout, target, top, rows, meter);
  }
  for (const { tableOffset, formula } of calculated) {
    meter.writeFormulasR1C1(target.sheet.getRangeByIndexes(top, target.firstColumn + tableOffset, rows.length, 1), rows.map(() => [formula]));
  }
  target.bodyRowCount = start + rows.length;
}

/**
 * Deletes data rows (bottom up, one run of adjacent rows per sync, so what was removed is known
 * when Excel refuses: a filtered table cannot lose rows, InsertDeleteConflict). Returns the rows
 * still there. Excel keeps one data row: when all go, our cells in it are blanked.
 */
async function removeRows(target: WriteTarget, layout: TableLayout, remove: readonly number[], blankAll: boolean, meter: SyncMeter): Promise<number[]> {
  const runs: { start: number; count: number }[] = [];
  for (const row of [...remove].sort((a, b) => b - a)) {
    const last = runs[runs.length - 1];
    if (last && last.start === row + 1) {
      last.start = row;
      last.count += 1;
    } else runs.push({ start: row, count: 1 });
  }
  const keepOne = blankAll || remove.length >= target.bodyRowCount;
  for (let i = 0; i < runs.length; i++) {
    const run = runs[i]!;
    // The first data row stays when every row goes (a table keeps one).
    const start = keepOne && run.start === 0 ? 1 : run.start;
    const count = run.count - (start - run.start);
    if (count > 0) {
      target.sheet.getRangeByIndexes(target.headerRow + 1 + start, target.firstColumn, count, target.columnCount).delete('Up');
      try {
        await meter.sync();
      } catch (error) {
        if ((error as { code?: string }).code !== 'InsertDeleteConflict') throw error;
        return runs.slice(i).flatMap((r) => Array.from({ length: r.count }, (_, k) => r.start + k)).sort((a, b) => a - b);
      }
      target.bodyRowCount -= count;
    }
  }
  if (keepOne) {
    const top = target.headerRow + 1;
    for (const run of target.runs) {
      meter.writeValues(target.sheet.getRangeByIndexes(top, target.firstColumn + run.tableOffset, 1, run.layoutIndexes.length), [run.layoutIndexes.map(() => '')]);
    }
    styleRows(layout, target, top, [layout.columns.map(() => '')], meter);
    await meter.sync();
  }
  return [];
}

/** Shrinks the body to `rowCount` rows (a cancelled positional write keeps only the new rows written). */
async function trimTable(target: WriteTarget, layout: TableLayout, rowCount: number, meter: SyncMeter): Promise<void> {
  const keep = Math.max(rowCount, 1);
  const surplus = Array.from({ length: Math.max(0, target.bodyRowCount - keep) }, (_, i) => keep + i);
  await removeRows(target, layout, surplus, rowCount === 0, meter);
}

/**
 * After the rows: an in-cell dropdown on each column with a list of values (ExcelApi 1.8, so
 * Office 2019 without it still works), and the user's sort applied again when rows were added.
 */
async function finishTable(layout: TableLayout, target: WriteTarget, meter: SyncMeter, added: boolean): Promise<void> {
  if (isExcelApiSupported(EXCEL_API_DATA_VALIDATION)) {
    layout.columns.forEach((column, i) => {
      if (!column.options || column.options.length === 0) return;
      const range = target.sheet.getRangeByIndexes(target.headerRow + 1, target.firstColumn + target.offsets[i]!, target.bodyRowCount, 1);
      range.dataValidation.clear();
      range.dataValidation.rule = { list: { inCellDropDown: true, source: column.options.join(',') } };
      // A dropdown to pick from, not a gate: "On hold" typed is fine (the pane reads it as
      // ON_HOLD), and a wrong value is flagged by the pane with what is accepted.
      range.dataValidation.errorAlert = { showAlert: false, style: 'Information' as Excel.DataValidationAlertStyle, title: '', message: '' };
    });
  }
  if (added) {
    const sort = target.table.sort;
    sort.load('fields');
    await meter.sync();
    if (sort.fields.length > 0) sort.reapply();
  }
  // Also sends what the refresh queued without a sync of its own (hidden columns, headers put back).
  await meter.sync();
}
