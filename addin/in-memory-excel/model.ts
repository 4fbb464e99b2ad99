// The in-memory workbook behind the fake Excel API: sheets of sparse cells, tables with
// calculated columns, charts, notes and change events. The proxy layer (proxies/) turns the
// Excel JavaScript API calls into calls on this model at context.sync().

import {
  MAX_COLUMNS,
  MAX_ROWS,
  columnLetters,
  contains,
  formatRect,
  intersects,
  isWholeColumns,
  isWholeRows,
  type Rect,
} from './a1.js';
import { FakeOfficeError } from './errors.js';
import { FormulaError, evaluateFormula, shiftFormulaRows, type Scalar } from './formula.js';
import { formatValue, serialFromDate } from './number-format.js';

export type { Scalar } from './formula.js';

export interface CellModel {
  value: Scalar;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
}

export type InputValue = Scalar | null | undefined;
/** Who made a change: the add-in through the API, or the user typing or pasting. */
export type EditSource = 'api' | 'user';

export interface ChangedEventArgs {
  type: 'WorksheetChanged' | 'TableChanged';
  changeType: 'RangeEdited' | 'RowInserted' | 'RowDeleted' | 'ColumnInserted' | 'ColumnDeleted';
  source: 'Local';
  address: string;
  worksheetId: string;
  tableId?: string;
  /** Only for single-cell edits, as in Excel (pastes and multi-cell deletes have none). */
  details?: { valueBefore: Scalar; valueAfter: Scalar; valueTypeBefore: string; valueTypeAfter: string };
  /** ExcelApi 1.14 and later only. */
  triggerSource?: 'ThisLocalAddin' | 'Unknown';
}

export type ChangedHandler = (args: ChangedEventArgs) => unknown;

export interface ChartModel {
  id: string;
  name: string;
  type: string;
  title: string;
  sheet: SheetModel;
  source: Rect;
  seriesBy: 'Auto' | 'Columns' | 'Rows';
  topLeft: string;
  bottomRight?: string;
}

export interface SyncRecord {
  /** JSON bytes (UTF-8) of the values, formulas and number formats written by this sync. */
  requestBytes: number;
  /** JSON bytes of the property values this sync loaded. */
  responseBytes: number;
  /** Commands in the batch. */
  operations: number;
  /** Names of the commands that change the workbook, in order (e.g. "Range.values", "Table.resize"). */
  commands: string[];
}

const DEFAULT_WIDTH = 48;
const DATA_ENTRY_ERRORS = new Set(['#VALUE!', '#DIV/0!', '#NAME?', '#REF!', '#N/A', '#NUM!']);

export class SheetModel {
  private grid: Array<Array<CellModel | undefined> | undefined> = [];
  readonly hiddenColumns = new Set<number>();
  readonly columnWidths = new Map<number, number>();
  readonly notes = new Map<string, string>();
  readonly charts: ChartModel[] = [];
  readonly changedHandlers = new Set<ChangedHandler>();
  frozenRows = 0;
  frozenColumns = 0;

  constructor(
    readonly workbook: WorkbookModel,
    readonly id: string,
    public name: string,
  ) {}

  get(row: number, column: number): CellModel | undefined {
    return this.grid[row]?.[column];
  }

  ensure(row: number, column: number): CellModel {
    let cells = this.grid[row];
    if (!cells) cells = this.grid[row] = [];
    let cell = cells[column];
    if (!cell) cell = cells[column] = { value: '' };
    return cell;
  }

  /** One past the last row that holds anything. */
  get rowExtent(): number {
    return this.grid.length;
  }

  rowCells(row: number): ReadonlyArray<CellModel | undefined> | undefined {
    return this.grid[row];
  }

  columnWidth(column: number): number {
    return this.columnWidths.get(column) ?? DEFAULT_WIDTH;
  }

  /** The smallest rectangle holding every value or formula (and, unless valuesOnly, format). */
  usedRect(valuesOnly: boolean): Rect | null {
    let top = -1;
    let bottom = -1;
    let left = Number.POSITIVE_INFINITY;
    let right = -1;
    this.grid.forEach((cells, r) => {
      cells?.forEach((cell, c) => {
        if (!cell) return;
        const used = cell.value !== '' || cell.formula !== undefined || (!valuesOnly && hasFormat(cell));
        if (!used) return;
        if (top < 0) top = r;
        bottom = r;
        left = Math.min(left, c);
        right = Math.max(right, c);
      });
    });
    if (top < 0) return null;
    return { row: top, column: left, rowCount: bottom - top + 1, columnCount: right - left + 1 };
  }

  /** Cells of `columns` from `fromRow` down move up by `count` rows (the rows above fromRow are overwritten). */
  shiftUp(fromRow: number, column: number, columnCount: number, count: number): void {
    for (let r = fromRow - count; r < this.grid.length; r++) {
      for (let c = column; c < column + columnCount; c++) {
        const moved = this.grid[r + count]?.[c];
        this.place(r, c, moved && moveCell(moved, -count));
      }
    }
    this.trim();
  }

  /** Cells of `columns` from `fromRow` down move down by `count` rows, leaving blank cells. */
  shiftDown(fromRow: number, column: number, columnCount: number, count: number): void {
    for (let r = this.grid.length - 1; r >= fromRow; r--) {
      for (let c = column; c < column + columnCount; c++) {
        const moved = this.grid[r]?.[c];
        this.place(r + count, c, moved && moveCell(moved, count));
        this.place(r, c, undefined);
      }
    }
  }

  /** Cells of `rows` from `fromColumn` rightwards move right by `count` columns. */
  shiftRight(row: number, rowCount: number, fromColumn: number, count: number): void {
    for (let r = row; r < row + rowCount; r++) {
      const cells = this.grid[r];
      if (cells && cells.length > fromColumn) cells.splice(fromColumn, 0, ...new Array<undefined>(count));
    }
  }

  shiftLeft(row: number, rowCount: number, fromColumn: number, count: number): void {
    for (let r = row; r < row + rowCount; r++) {
      const cells = this.grid[r];
      if (cells && cells.length > fromColumn - count) cells.splice(fromColumn - count, count);
    }
  }

  clearCell(row: number, column: number): void {
    this.place(row, column, undefined);
  }

  private place(row: number, column: number, cell: CellModel | undefined): void {
    if (!cell) {
      const cells = this.grid[row];
      if (cells && column < cells.length) cells[column] = undefined;
      return;
    }
    let cells = this.grid[row];
    if (!cells) cells = this.grid[row] = [];
    cells[column] = cell;
  }

  private trim(): void {
    while (this.grid.length > 0) {
      const last = this.grid[this.grid.length - 1];
      if (last && last.some((c) => c !== undefined)) break;
      this.grid.pop();
    }
  }
}

function hasFormat(cell: CellModel): boolean {
  return (
    cell.numberFormat !== undefined || cell.fill !== undefined || cell.fontColor !== undefined || cell.bold !== undefined
  );
}

function moveCell(cell: CellModel, rows: number): CellModel {
  return cell.formula === undefined ? cell : { ...cell, formula: shiftFormulaRows(cell.formula, rows) };
}

export class TableModel {
  /** Calculated column formulas by column offset, as they read in the first body row. */
  readonly calculated = new Map<number, string>();
  readonly changedHandlers = new Set<ChangedHandler>();
  showTotals = false;
  showHeaders = true;
  showBandedRows = true;
  style = 'TableStyleMedium2';

  constructor(
    readonly id: string,
    public name: string,
    public sheet: SheetModel,
    /** Header row (0-based). */
    public row: number,
    public column: number,
    public columnCount: number,
    /** Data body rows (at least one). */
    public rowCount: number,
  ) {}

  get bodyRow(): number {
    return this.row + 1;
  }

  get lastRow(): number {
    return this.row + this.rowCount;
  }

  rangeRect(): Rect {
    return { row: this.row, column: this.column, rowCount: this.rowCount + 1, columnCount: this.columnCount };
  }

  headerRect(): Rect {
    return { row: this.row, column: this.column, rowCount: 1, columnCount: this.columnCount };
  }

  bodyRect(): Rect {
    return { row: this.bodyRow, column: this.column, rowCount: this.rowCount, columnCount: this.columnCount };
  }

  headers(): string[] {
    const names: string[] = [];
    for (let k = 0; k < this.columnCount; k++) {
      const cell = this.sheet.get(this.row, this.column + k);
      names.push(cell ? String(cell.value) : '');
    }
    return names;
  }

  columnOffset(name: string): number {
    const wanted = name.toLowerCase();
    return this.headers().findIndex((h) => h.toLowerCase() === wanted);
  }

  formulaForRow(offset: number, row: number): string | undefined {
    const formula = this.calculated.get(offset);
    return formula === undefined ? undefined : shiftFormulaRows(formula, row - this.bodyRow);
  }
}

export interface WorkbookOptions {
  excelApiVersion: string;
  requestLimitBytes: number;
  responseLimitBytes: number;
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly syncLog: SyncRecord[] = [];
  activeSheet: SheetModel | undefined;
  private nextId = 1;
  private pendingEvents: Array<{ handler: ChangedHandler; args: ChangedEventArgs }> = [];
  private flushScheduled = false;

  constructor(readonly options: WorkbookOptions) {}

  newId(prefix: string): string {
    return `{${prefix}-${String(this.nextId++).padStart(8, '0')}}`;
  }

  supports(version: string): boolean {
    return compareVersions(this.options.excelApiVersion, version) >= 0;
  }

  requireApi(version: string, what: string): void {
    if (!this.supports(version)) {
      throw new FakeOfficeError('ApiNotFound', `${what} needs ExcelApi ${version}; this workbook supports ${this.options.excelApiVersion}.`);
    }
  }

  // ---- sheets -------------------------------------------------------------------------------

  findSheet(name: string): SheetModel | undefined {
    const wanted = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === wanted);
  }

  sheetById(id: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  addSheet(name?: string): SheetModel {
    let sheetName = name;
    if (sheetName === undefined) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`)) n++;
      sheetName = `Sheet${n}`;
    }
    if (sheetName.length === 0 || sheetName.length > 31 || /[\\/?*[\]:]/.test(sheetName) || /^'|'$/.test(sheetName)) {
      throw new FakeOfficeError('InvalidArgument', `The sheet name "${sheetName}" is not valid.`);
    }
    if (this.findSheet(sheetName)) {
      throw new FakeOfficeError('ItemAlreadyExists', `A sheet named "${sheetName}" already exists.`);
    }
    const sheet = new SheetModel(this, this.newId('sheet'), sheetName);
    this.sheets.push(sheet);
    this.activeSheet ??= sheet;
    return sheet;
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.length === 1) throw new FakeOfficeError('InvalidOperation', 'A workbook must keep one sheet.');
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (const table of this.tablesOn(sheet)) this.tables.splice(this.tables.indexOf(table), 1);
    if (this.activeSheet === sheet) this.activeSheet = this.sheets[0];
  }

  // ---- cells ---------------------------------------------------------------------------------

  valueAt(sheet: SheetModel, row: number, column: number, visiting = new Set<string>()): Scalar {
    const cell = sheet.get(row, column);
    if (!cell) return '';
    if (cell.formula === undefined) return cell.value;
    const key = `${sheet.id}:${row}:${column}`;
    if (visiting.has(key)) return 0; // a circular reference: Excel warns and shows 0
    visiting.add(key);
    try {
      return evaluateFormula(cell.formula, {
        cell: (r, c) => this.valueAt(sheet, r, c, visiting),
        thisRow: (name, tableName) => this.thisRowValue(sheet, row, column, name, tableName, visiting),
      });
    } finally {
      visiting.delete(key);
    }
  }

  private thisRowValue(
    sheet: SheetModel,
    row: number,
    column: number,
    name: string,
    tableName: string | undefined,
    visiting: Set<string>,
  ): Scalar | FormulaError {
    const table = tableName
      ? this.findTable(tableName)
      : this.tablesOn(sheet).find((t) => contains(t.rangeRect(), { row, column, rowCount: 1, columnCount: 1 }));
    if (!table || row < table.bodyRow || row > table.lastRow) return new FormulaError('#VALUE!');
    const offset = table.columnOffset(name);
    if (offset < 0) return new FormulaError('#REF!');
    return this.valueAt(table.sheet, row, table.column + offset, visiting);
  }

  textAt(sheet: SheetModel, row: number, column: number): string {
    return formatValue(this.valueAt(sheet, row, column), sheet.get(row, column)?.numberFormat ?? 'General');
  }

  /** Writes values (or formulas) the way Range.values / Range.formulas do. */
  writeCells(sheet: SheetModel, rect: Rect, input: unknown, mode: 'values' | 'formulas', source: EditSource): void {
    requireBounded(rect, mode);
    const at = inputMatrix(input, rect, mode);
    if (source === 'user') this.autoExpandTables(sheet, rect);
    const before = rect.rowCount === 1 && rect.columnCount === 1 ? this.valueAt(sheet, rect.row, rect.column) : undefined;
    const formulaCells: Array<[number, number]> = [];
    for (let i = 0; i < rect.rowCount; i++) {
      for (let j = 0; j < rect.columnCount; j++) {
        const v = at(i, j);
        if (v === null || v === undefined) continue; // null leaves the cell as it is
        const r = rect.row + i;
        const c = rect.column + j;
        const cell = sheet.ensure(r, c);
        if (typeof v === 'string' && v.length > 1 && v.startsWith('=') && cell.numberFormat !== '@') {
          cell.formula = v;
          cell.value = '';
          formulaCells.push([r, c]);
        } else {
          delete cell.formula;
          const { value, impliedFormat } = coerceInput(v, cell.numberFormat);
          cell.value = value;
          if (impliedFormat && (cell.numberFormat === undefined || cell.numberFormat === 'General')) {
            cell.numberFormat = impliedFormat;
          }
        }
      }
    }
    if (formulaCells.length > 0) this.detectCalculatedColumns(sheet, rect, formulaCells);
    this.emitChanged(sheet, rect, source, 'RangeEdited', before);
  }

  /** Applies one property to every cell of rect: a single value, [[value]] or a same-sized 2-D array. */
  writeCellProperty<K extends 'numberFormat' | 'fill' | 'fontColor' | 'bold'>(
    sheet: SheetModel,
    rect: Rect,
    key: K,
    input: unknown,
  ): void {
    requireBounded(rect, key);
    const at = key === 'numberFormat' ? inputMatrix(input, rect, key) : () => input as InputValue;
    for (let i = 0; i < rect.rowCount; i++) {
      for (let j = 0; j < rect.columnCount; j++) {
        const v = at(i, j);
        if (v === null) continue;
        const cell = sheet.ensure(rect.row + i, rect.column + j);
        if (v === undefined || (key === 'numberFormat' && v === '')) delete cell[key];
        else (cell as unknown as Record<string, unknown>)[key] = key === 'fill' || key === 'fontColor' ? normalizeColor(String(v)) : v;
      }
    }
  }

  clearRange(sheet: SheetModel, rect: Rect, applyTo: 'All' | 'Formats' | 'Contents'): void {
    requireBounded(rect, 'clear');
    for (let i = 0; i < rect.rowCount; i++) {
      for (let j = 0; j < rect.columnCount; j++) {
        const cell = sheet.get(rect.row + i, rect.column + j);
        if (!cell) continue;
        if (applyTo !== 'Formats') {
          cell.value = '';
          delete cell.formula;
        }
        if (applyTo !== 'Contents') {
          delete cell.numberFormat;
          delete cell.fill;
          delete cell.fontColor;
          delete cell.bold;
        }
      }
    }
    if (applyTo !== 'Formats') this.emitChanged(sheet, rect, 'api', 'RangeEdited', undefined);
  }

  autofitColumns(sheet: SheetModel, rect: Rect): void {
    const lastRow = Math.min(rect.row + rect.rowCount, sheet.rowExtent);
    for (let c = rect.column; c < rect.column + rect.columnCount && c < MAX_COLUMNS; c++) {
      let longest = 0;
      for (let r = rect.row; r < lastRow; r++) {
        if (sheet.get(r, c)) longest = Math.max(longest, this.textAt(sheet, r, c).length);
      }
      if (longest > 0) sheet.columnWidths.set(c, Math.round(longest * 5.7 + 10));
    }
  }

  /** Range.delete: shift cells up or left; tables in the way grow, shrink or move as in Excel. */
  deleteRange(sheet: SheetModel, rect: Rect, shift: 'Up' | 'Left'): void {
    if (shift === 'Left') {
      for (const t of this.tablesOn(sheet)) {
        const rows = { ...rect, column: 0, columnCount: MAX_COLUMNS };
        if (intersects(rows, t.rangeRect()) && t.column + t.columnCount > rect.column) {
          throw new FakeOfficeError('InvalidOperation', 'This operation would shift cells in a table (the fake supports deleting left only beside tables).');
        }
      }
      sheet.shiftLeft(rect.row, rect.rowCount, rect.column + rect.columnCount, rect.columnCount);
      this.emitChanged(sheet, rect, 'api', 'RangeEdited', undefined);
      return;
    }
    const columns = { row: rect.row, column: rect.column, rowCount: MAX_ROWS - rect.row, columnCount: rect.columnCount };
    const affected = this.tablesOn(sheet).filter((t) => intersects(columns, t.rangeRect()));
    let removedFrom: TableModel | undefined;
    for (const t of affected) {
      const inside = intersects(rect, t.rangeRect());
      const spansTable = rect.column === t.column && rect.columnCount === t.columnCount;
      if (inside) {
        if (!spansTable || rect.row < t.bodyRow || rect.row + rect.rowCount - 1 > t.lastRow) {
          throw new FakeOfficeError('InvalidOperation', 'This operation is not allowed: it is attempting to shift cells in a table on your worksheet.');
        }
        removedFrom = t;
      } else if (t.row > rect.row && !contains(columns, t.rangeRect())) {
        throw new FakeOfficeError('InvalidOperation', 'This operation is not allowed: it is attempting to shift cells in a table on your worksheet.');
      }
    }
    sheet.shiftUp(rect.row + rect.rowCount, rect.column, rect.columnCount, rect.rowCount);
    for (const t of affected) {
      if (t === removedFrom) {
        t.rowCount -= rect.rowCount;
        if (t.rowCount === 0) {
          // A table keeps one (empty) data row, as in Excel.
          sheet.shiftDown(t.bodyRow, t.column, t.columnCount, 1);
          t.rowCount = 1;
        }
      } else if (t.row > rect.row) {
        t.row -= rect.rowCount;
      }
    }
    this.emitChanged(sheet, rect, 'api', removedFrom ? 'RowDeleted' : 'RangeEdited', undefined);
  }

  // ---- tables --------------------------------------------------------------------------------

  findTable(name: string): TableModel | undefined {
    const wanted = name.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === wanted);
  }

  tableById(id: string): TableModel | undefined {
    return this.tables.find((t) => t.id === id);
  }

  tablesOn(sheet: SheetModel): TableModel[] {
    return this.tables.filter((t) => t.sheet === sheet);
  }

  addTable(sheet: SheetModel, rect: Rect, hasHeaders: boolean): TableModel {
    if (!hasHeaders) throw new FakeOfficeError('NotImplemented', 'The fake creates tables from ranges with headers only.');
    if (isWholeColumns(rect) || isWholeRows(rect)) throw new FakeOfficeError('InvalidArgument', 'A table needs a bounded range.');
    const bodyRows = Math.max(1, rect.rowCount - 1);
    const range = { ...rect, rowCount: bodyRows + 1 };
    for (const t of this.tablesOn(sheet)) {
      if (intersects(t.rangeRect(), range)) throw new FakeOfficeError('InvalidOperation', 'A table cannot overlap another table.');
    }
    let n = this.tables.length + 1;
    while (this.findTable(`Table${n}`)) n++;
    const table = new TableModel(this.newId('table'), `Table${n}`, sheet, rect.row, rect.column, rect.columnCount, bodyRows);
    this.normalizeHeaders(table, 0);
    this.tables.push(table);
    return table;
  }

  renameTable(table: TableModel, name: string): void {
    if (!/^[A-Za-z_\\][A-Za-z0-9_.\\]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || name.length > 255) {
      throw new FakeOfficeError('InvalidArgument', `"${name}" is not a valid table name.`);
    }
    const other = this.findTable(name);
    if (other && other !== table) throw new FakeOfficeError('ItemAlreadyExists', `A table named "${name}" already exists.`);
    table.name = name;
  }

  private normalizeHeaders(table: TableModel, fromOffset: number): void {
    const seen = new Set(table.headers().slice(0, fromOffset).map((h) => h.toLowerCase()));
    for (let k = fromOffset; k < table.columnCount; k++) {
      const cell = table.sheet.ensure(table.row, table.column + k);
      const current = cell.formula === undefined ? cell.value : this.valueAt(table.sheet, table.row, table.column + k);
      let name = current === '' ? `Column${k + 1}` : String(current);
      const base = name;
      for (let i = 2; seen.has(name.toLowerCase()); i++) name = `${base}${i}`;
      seen.add(name.toLowerCase());
      delete cell.formula;
      cell.value = name;
    }
  }

  /** Table.resize: same header row and left column; new rows take the calculated columns. */
  resizeTable(table: TableModel, rect: Rect): void {
    this.requireApi('1.13', 'Table.resize');
    if (rect.row !== table.row || rect.column !== table.column || rect.rowCount < 2) {
      throw new FakeOfficeError('InvalidArgument', 'The new table range must keep the header row and left column and hold one data row.');
    }
    for (const t of this.tablesOn(table.sheet)) {
      if (t !== table && intersects(t.rangeRect(), rect)) throw new FakeOfficeError('InvalidOperation', 'A table cannot overlap another table.');
    }
    const oldRows = table.rowCount;
    const oldColumns = table.columnCount;
    table.rowCount = rect.rowCount - 1;
    table.columnCount = rect.columnCount;
    for (const offset of [...table.calculated.keys()]) if (offset >= table.columnCount) table.calculated.delete(offset);
    if (table.columnCount > oldColumns) this.normalizeHeaders(table, oldColumns);
    if (table.rowCount > oldRows) this.fillCalculated(table, table.bodyRow + oldRows, table.rowCount - oldRows, true);
    this.emitChanged(table.sheet, table.rangeRect(), 'api', 'RangeEdited', undefined);
  }

  /** TableRowCollection.add: inserts rows (shifting cells below down), copies the formats of the row above. */
  addTableRows(table: TableModel, index: number | null | undefined, input: unknown): void {
    const rows = input === undefined || input === null ? null : tableRowsInput(input, table.columnCount);
    const count = rows ? rows.length : 1;
    const at = index === null || index === undefined ? table.rowCount : index;
    if (at < 0 || at > table.rowCount) throw new FakeOfficeError('InvalidArgument', `Row index ${at} is outside the table.`);
    const firstNew = table.bodyRow + at;
    this.shiftTablesBelow(table, firstNew, count);
    table.sheet.shiftDown(firstNew, table.column, table.columnCount, count);
    table.rowCount += count;
    const templateRow = at > 0 ? firstNew - 1 : firstNew + count;
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < table.columnCount; k++) {
        const template = table.sheet.get(templateRow, table.column + k);
        if (template && hasFormat(template)) {
          const cell = table.sheet.ensure(firstNew + i, table.column + k);
          for (const key of ['numberFormat', 'fill', 'fontColor', 'bold'] as const) {
            if (template[key] !== undefined) (cell as unknown as Record<string, unknown>)[key] = template[key];
          }
        }
      }
    }
    this.fillCalculated(table, firstNew, count, false);
    if (rows) {
      const rect = { row: firstNew, column: table.column, rowCount: count, columnCount: table.columnCount };
      this.writeCells(table.sheet, rect, rows, 'values', 'api');
    }
    this.emitChanged(table.sheet, { row: firstNew, column: table.column, rowCount: count, columnCount: table.columnCount }, 'api', 'RowInserted', undefined);
  }

  /** TableColumnCollection.add: inserts a column (shifting cells on the table's rows right). */
  addTableColumn(table: TableModel, index: number | null | undefined, input: unknown, name: string | undefined): number {
    const at = index === null || index === undefined ? table.columnCount : index;
    if (at < 0 || at > table.columnCount) throw new FakeOfficeError('InvalidArgument', `Column index ${at} is outside the table.`);
    const column = table.column + at;
    table.sheet.shiftRight(table.row, table.rowCount + 1, column, 1);
    const shifted = new Map<number, string>();
    for (const [offset, formula] of table.calculated) shifted.set(offset >= at ? offset + 1 : offset, formula);
    table.calculated.clear();
    for (const [offset, formula] of shifted) table.calculated.set(offset, formula);
    table.columnCount += 1;
    if (input !== undefined && input !== null) {
      const values = tableColumnInput(input);
      const withHeader = values.length === table.rowCount + 1;
      if (!withHeader && values.length !== table.rowCount) {
        throw new FakeOfficeError('InvalidArgument', "The number of rows in the input array doesn't match the table.");
      }
      const rect = { row: withHeader ? table.row : table.bodyRow, column, rowCount: values.length, columnCount: 1 };
      this.writeCells(table.sheet, rect, values, 'values', 'api');
    }
    if (name !== undefined) table.sheet.ensure(table.row, column).value = name;
    this.normalizeHeaders(table, 0);
    this.emitChanged(table.sheet, { row: table.row, column, rowCount: table.rowCount + 1, columnCount: 1 }, 'api', 'ColumnInserted', undefined);
    return at;
  }

  deleteTableColumn(table: TableModel, offset: number): void {
    if (table.columnCount === 1) throw new FakeOfficeError('InvalidOperation', 'A table keeps at least one column.');
    const column = table.column + offset;
    table.sheet.shiftLeft(table.row, table.rowCount + 1, column + 1, 1);
    const shifted = new Map<number, string>();
    for (const [k, formula] of table.calculated) if (k !== offset) shifted.set(k > offset ? k - 1 : k, formula);
    table.calculated.clear();
    for (const [k, formula] of shifted) table.calculated.set(k, formula);
    table.columnCount -= 1;
    this.emitChanged(table.sheet, { row: table.row, column, rowCount: table.rowCount + 1, columnCount: 1 }, 'api', 'ColumnDeleted', undefined);
  }

  deleteTable(table: TableModel, keepCells: boolean): void {
    if (!keepCells) this.clearRange(table.sheet, table.rangeRect(), 'All');
    this.tables.splice(this.tables.indexOf(table), 1);
  }

  private shiftTablesBelow(table: TableModel, fromRow: number, count: number): void {
    for (const t of this.tablesOn(table.sheet)) {
      if (t === table || t.row < fromRow) continue;
      const within = t.column >= table.column && t.column + t.columnCount <= table.column + table.columnCount;
      const overlaps = t.column < table.column + table.columnCount && table.column < t.column + t.columnCount;
      if (overlaps && !within) throw new FakeOfficeError('InsertDeleteConflict', 'Inserting rows would shift part of another table.');
      if (within) t.row += count;
    }
  }

  /** Puts each calculated column's formula into `count` rows from `fromRow`. */
  private fillCalculated(table: TableModel, fromRow: number, count: number, onlyBlank: boolean): void {
    for (const offset of table.calculated.keys()) {
      for (let r = fromRow; r < fromRow + count; r++) {
        const cell = table.sheet.ensure(r, table.column + offset);
        if (onlyBlank && (cell.value !== '' || cell.formula !== undefined)) continue;
        cell.formula = table.formulaForRow(offset, r);
        cell.value = '';
      }
    }
  }

  /**
   * Excel turns a formula into a calculated column when it fills a whole table column, or when it
   * is entered in one cell of an otherwise empty table column (it then fills the column).
   */
  private detectCalculatedColumns(sheet: SheetModel, rect: Rect, formulaCells: Array<[number, number]>): void {
    for (const table of this.tablesOn(sheet)) {
      const body = table.bodyRect();
      if (!intersects(body, rect)) continue;
      const columns = new Set<number>();
      for (const [r, c] of formulaCells) if (contains(body, { row: r, column: c, rowCount: 1, columnCount: 1 })) columns.add(c);
      for (const c of columns) {
        const offset = c - table.column;
        const templates = new Set<string>();
        let blanks = 0;
        for (let r = table.bodyRow; r <= table.lastRow; r++) {
          const cell = sheet.get(r, c);
          if (cell?.formula !== undefined) templates.add(shiftFormulaRows(cell.formula, table.bodyRow - r));
          else if (!cell || cell.value === '') blanks++;
        }
        if (templates.size !== 1) continue;
        const [template] = templates as unknown as [string];
        const formulaCount = table.rowCount - blanks;
        const singleEntry = rect.rowCount === 1 && rect.columnCount === 1 && formulaCount === 1;
        if (formulaCount === table.rowCount || singleEntry) {
          table.calculated.set(offset, template);
          if (singleEntry) this.fillCalculated(table, table.bodyRow, table.rowCount, true);
        }
      }
    }
  }

  /** Typing right beside a table or just below it makes the table grow, as Excel's AutoExpansion does. */
  private autoExpandTables(sheet: SheetModel, rect: Rect): void {
    if (rect.rowCount !== 1 || rect.columnCount !== 1) return;
    for (const table of this.tablesOn(sheet)) {
      if (rect.column === table.column + table.columnCount && rect.row >= table.row && rect.row <= table.lastRow) {
        const clash = this.tablesOn(sheet).some((t) => t !== table && intersects(t.rangeRect(), { ...table.rangeRect(), columnCount: table.columnCount + 1 }));
        if (clash) return;
        table.columnCount += 1;
        this.normalizeHeaders(table, table.columnCount - 1);
        return;
      }
      if (rect.row === table.lastRow + 1 && rect.column >= table.column && rect.column < table.column + table.columnCount) {
        const clash = this.tablesOn(sheet).some((t) => t !== table && intersects(t.rangeRect(), { ...table.rangeRect(), rowCount: table.rowCount + 2 }));
        if (clash) return;
        table.rowCount += 1;
        this.fillCalculated(table, table.lastRow, 1, true);
        return;
      }
    }
  }

  // ---- charts --------------------------------------------------------------------------------

  findChart(sheet: SheetModel, name: string): ChartModel | undefined {
    const wanted = name.toLowerCase();
    return sheet.charts.find((c) => c.name.toLowerCase() === wanted);
  }

  addChart(sheet: SheetModel, type: string, source: Rect, seriesBy: ChartModel['seriesBy']): ChartModel {
    let n = sheet.charts.length + 1;
    while (this.sheets.some((s) => this.findChart(s, `Chart ${n}`))) n++;
    const topLeft = `${columnLetters(source.column + source.columnCount + 1)}${source.row + 1}`;
    const chart: ChartModel = { id: this.newId('chart'), name: `Chart ${n}`, type, title: '', sheet, source, seriesBy, topLeft };
    sheet.charts.push(chart);
    return chart;
  }

  // ---- events --------------------------------------------------------------------------------

  emitChanged(
    sheet: SheetModel,
    rect: Rect,
    source: EditSource,
    changeType: ChangedEventArgs['changeType'],
    valueBefore: Scalar | undefined,
  ): void {
    const tables = this.tablesOn(sheet).filter((t) => intersects(t.rangeRect(), rect) && t.changedHandlers.size > 0);
    if (sheet.changedHandlers.size === 0 && tables.length === 0) return;
    const base: ChangedEventArgs = {
      type: 'WorksheetChanged',
      changeType,
      source: 'Local',
      address: formatRect(rect),
      worksheetId: sheet.id,
    };
    if (this.supports('1.14')) base.triggerSource = source === 'api' ? 'ThisLocalAddin' : 'Unknown';
    if (valueBefore !== undefined && rect.rowCount === 1 && rect.columnCount === 1 && source === 'user') {
      const after = this.valueAt(sheet, rect.row, rect.column);
      base.details = { valueBefore, valueAfter: after, valueTypeBefore: valueType(valueBefore), valueTypeAfter: valueType(after) };
    }
    for (const handler of sheet.changedHandlers) this.pendingEvents.push({ handler, args: { ...base } });
    for (const table of tables) {
      for (const handler of table.changedHandlers) {
        this.pendingEvents.push({ handler, args: { ...base, type: 'TableChanged', tableId: table.id } });
      }
    }
    this.scheduleEvents();
  }

  private scheduleEvents(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Events reach the add-in asynchronously, after the change; a handler's failure surfaces as
    // an unhandled rejection rather than disappearing.
    void Promise.resolve().then(async () => {
      this.flushScheduled = false;
      const events = this.pendingEvents;
      this.pendingEvents = [];
      for (const { handler, args } of events) await handler(args);
    });
  }
}

function valueType(v: Scalar): string {
  if (v === '') return 'Empty';
  if (typeof v === 'number') return 'Double';
  if (typeof v === 'boolean') return 'Boolean';
  return DATA_ENTRY_ERRORS.has(v) ? 'Error' : 'String';
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function requireBounded(rect: Rect, what: string): void {
  if (isWholeColumns(rect) || isWholeRows(rect)) {
    throw new FakeOfficeError('NotImplemented', `The fake does not set ${what} on whole rows or columns; use a bounded range.`);
  }
}

/** Excel's "single input copy": one value (or [[value]]) fills the range; otherwise the sizes must match. */
function inputMatrix(input: unknown, rect: Rect, what: string): (i: number, j: number) => InputValue {
  if (!Array.isArray(input)) {
    if (input === null || input === undefined) throw new FakeOfficeError('InvalidArgument', `${what} cannot be set to ${String(input)}.`);
    checkScalar(input, what);
    return () => input as Scalar;
  }
  const rows = input as unknown[];
  if (rows.length === 1 && Array.isArray(rows[0]) && rows[0].length === 1 && (rect.rowCount !== 1 || rect.columnCount !== 1)) {
    const single = rows[0][0] as InputValue;
    return () => single;
  }
  if (rows.length !== rect.rowCount || rows.some((r) => !Array.isArray(r) || r.length !== rect.columnCount)) {
    throw new FakeOfficeError(
      'InvalidArgument',
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}: ${rows.length} rows for ${rect.rowCount}×${rect.columnCount}).`,
    );
  }
  for (const row of rows as unknown[][]) for (const v of row) if (v !== null && v !== undefined) checkScalar(v, what);
  return (i, j) => (rows[i] as InputValue[])[j];
}

function checkScalar(v: unknown, what: string): void {
  if (typeof v === 'number' && !Number.isFinite(v)) throw new FakeOfficeError('InvalidArgument', `${what}: ${v} is not a valid cell value.`);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
    throw new FakeOfficeError('InvalidArgument', `${what}: ${typeof v} is not a valid cell value.`);
  }
}

function tableRowsInput(input: unknown, columnCount: number): InputValue[][] {
  const rows = Array.isArray(input) ? (Array.isArray(input[0]) ? (input as InputValue[][]) : [input as InputValue[]]) : [[input as InputValue]];
  for (const row of rows) {
    if (row.length !== columnCount) {
      throw new FakeOfficeError('InvalidArgument', `A table row needs ${columnCount} values; got ${row.length}.`);
    }
  }
  return rows;
}

function tableColumnInput(input: unknown): InputValue[][] {
  if (!Array.isArray(input)) return [[input as InputValue]];
  return (input as unknown[]).map((r) => (Array.isArray(r) ? (r as InputValue[]) : [r as InputValue]));
}

/** What Excel does with a typed constant: numbers, booleans and dates in text are converted unless the cell is '@'. */
function coerceInput(v: Scalar, numberFormat: string | undefined): { value: Scalar; impliedFormat?: string } {
  if (typeof v !== 'string' || numberFormat === '@') return { value: v };
  const text = v.trim();
  if (text === '') return { value: v };
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { value: Number(text) };
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return { value: Number(text.replace(/,/g, '')), impliedFormat: '#,##0.00' };
  const percent = /^([+-]?\d+(\.\d+)?)%$/.exec(text);
  if (percent) return { value: Number(percent[1]) / 100, impliedFormat: '0%' };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return { value: serialFromDate(Number(iso[1]), Number(iso[2]), Number(iso[3])), impliedFormat: 'yyyy-mm-dd' };
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text); // en-US: month first
  if (us) return { value: serialFromDate(Number(us[3]), Number(us[1]), Number(us[2])), impliedFormat: 'm/d/yyyy' };
  return { value: v };
}

const NAMED_COLORS: Record<string, string> = {
  white: '#FFFFFF',
  black: '#000000',
  red: '#FF0000',
  green: '#008000',
  blue: '#0000FF',
  yellow: '#FFFF00',
  gray: '#808080',
  grey: '#808080',
  orange: '#FFA500',
};

function normalizeColor(color: string): string {
  const named = NAMED_COLORS[color.toLowerCase()];
  if (named) return named;
  if (/^#[0-9a-f]{6}$/i.test(color)) return color.toUpperCase();
  throw new FakeOfficeError('InvalidArgument', `"${color}" is not a color Excel accepts.`);
}
