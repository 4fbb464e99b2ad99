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
  parseAddress,
  shiftRowSpan,
  type Rect,
} from './a1.js';
import { FakeOfficeError } from './errors.js';
import { filteredConflict, reapplyFilters } from './filters.js';
import { FormulaError, adjustFormulaRows, evaluateFormula, shiftFormulaRows, type Scalar } from './formula.js';
import { requireMergeTopLeft } from './merged-cells.js';
import { formatValue } from './number-format.js';
import { requireEditable, type SheetProtection } from './protection.js';
import { parseTypedText, type TypedEntry } from './typed-text.js';

export type { Scalar } from './formula.js';

export interface CellModel {
  value: Scalar;
  formula?: string;
  numberFormat?: string;
  fill?: string;
  fontColor?: string;
  bold?: boolean;
  /** Cleared format.protection.locked: writable while the sheet is protected. */
  unlocked?: boolean;
  /** A list data validation rule (ExcelApi 1.8): the comma-separated items or a =range source. */
  validation?: ListValidation;
  /** DataValidation.errorAlert (ExcelApi 1.8) when set; Excel's default is a Stop alert. */
  validationAlert?: ValidationAlert;
}

export interface ValidationAlert {
  showAlert: boolean;
  style: 'Stop' | 'Warning' | 'Information';
  title: string;
  message: string;
}

export interface ListValidation {
  source: string;
  inCellDropDown: boolean;
}

export interface SortField {
  /** Column offset within the table. */
  key: number;
  ascending: boolean;
}

export type InputValue = Scalar | null | undefined;
/** Who made a change: the add-in through the API, or the user typing or pasting. */
export type EditSource = 'api' | 'user';

export interface ChangedEventArgs {
  type: 'WorksheetChanged' | 'TableChanged';
  changeType: 'RangeEdited' | 'RowInserted' | 'RowDeleted' | 'ColumnInserted' | 'ColumnDeleted' | 'CellInserted';
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
  /** Request bytes of this sync: every call with its arguments and every object path (see request-context.ts). */
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
  protection: SheetProtection | undefined;
  /** Merged areas (Range.merge): each shows its top-left cell across the area. */
  readonly merged: Rect[] = [];

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

  /**
   * Cells of `columns` from `fromRow` down move up by `count` rows (the rows above fromRow are
   * deleted). As in Excel, the moved cells keep their formulas and every formula's references to
   * moved cells follow them (references to deleted cells become #REF!); =SUM(B2:B4) below a
   * shifted block keeps pointing at B2:B4 unless those cells moved.
   */
  shiftUp(fromRow: number, column: number, columnCount: number, count: number): void {
    for (let r = fromRow - count; r < this.grid.length; r++) {
      for (let c = column; c < column + columnCount; c++) this.place(r, c, this.grid[r + count]?.[c]);
    }
    this.trim();
    this.adjustFormulas(fromRow - count, -count, { first: column, last: column + columnCount - 1 });
  }

  /** Cells of `columns` from `fromRow` down move down by `count` rows, leaving blank cells; references follow as in shiftUp. */
  shiftDown(fromRow: number, column: number, columnCount: number, count: number): void {
    for (let r = this.grid.length - 1; r >= fromRow; r--) {
      for (let c = column; c < column + columnCount; c++) {
        this.place(r + count, c, this.grid[r]?.[c]);
        this.place(r, c, undefined);
      }
    }
    this.adjustFormulas(fromRow, count, { first: column, last: column + columnCount - 1 });
  }

  /** Every formula on the sheet after rows of `columns` (or whole rows) were inserted at `at` (count > 0) or deleted (count < 0). */
  adjustFormulas(at: number, count: number, columns?: { first: number; last: number }): void {
    for (const cells of this.grid) {
      for (const cell of cells ?? []) {
        if (cell?.formula !== undefined) cell.formula = adjustFormulaRows(cell.formula, at, count, columns);
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

  /** Whole sheet rows inserted at `at` (count > 0) or deleted from it (count < 0); cells move as they are. */
  spliceRows(at: number, count: number): void {
    if (at >= this.grid.length) return;
    if (count > 0) this.grid.splice(at, 0, ...new Array<undefined>(count));
    else this.grid.splice(at, -count);
    this.trim();
  }

  place(row: number, column: number, cell: CellModel | undefined): void {
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

function copyFormats(from: CellModel, to: CellModel): void {
  for (const key of ['numberFormat', 'fill', 'fontColor', 'bold'] as const) {
    if (from[key] !== undefined) (to as unknown as Record<string, unknown>)[key] = from[key];
  }
}

export class TableModel {
  /** Calculated column formulas by column offset, as they read in the first body row. */
  readonly calculated = new Map<number, string>();
  readonly changedHandlers = new Set<ChangedHandler>();
  showTotals = false;
  showHeaders = true;
  showBandedRows = true;
  style = 'TableStyleMedium2';
  /** Value filters by column offset: the displayed texts a row must show to stay visible. */
  readonly filters = new Map<number, string[]>();
  /** Body rows the filter hid, by body row index (rows added since stay visible until reapplied). */
  hidden: boolean[] = [];
  /** The last sort applied (Table.sort.apply or the user's sort), for sort.fields and reapply(). */
  sort: { fields: SortField[]; matchCase: boolean } | undefined;

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

  get isFiltered(): boolean {
    return this.filters.size > 0;
  }

  /** Keeps the hidden flags in step with body rows removed (deleted) and inserted (inserted) at index `at`. */
  spliceHidden(at: number, deleted: number, inserted: number): void {
    if (this.hidden.length > at) this.hidden.splice(at, deleted, ...new Array<boolean>(inserted).fill(false));
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
  /** Excel's AutoCorrect option "Fill formulas in tables to create calculated columns". */
  calculatedColumnFill: boolean;
  /** Excel's editing option "Enable automatic percent entry" (on by default). */
  automaticPercentEntry: boolean;
}

export class WorkbookModel {
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly syncLog: SyncRecord[] = [];
  /** Workbook settings (Excel.SettingCollection): each value as the JSON text Excel keeps in the file. */
  readonly settings = new Map<string, string>();
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
    requireEditable(sheet, rect, 'contents');
    const at = inputMatrix(input, rect, mode);
    requireMergeTopLeft(sheet, rect, at);
    if (source === 'user') this.autoExpandTables(sheet, rect);
    const before = rect.rowCount === 1 && rect.columnCount === 1 ? this.valueAt(sheet, rect.row, rect.column) : undefined;
    const formulaCells: Array<[number, number]> = [];
    for (let i = 0; i < rect.rowCount; i++) {
      for (let j = 0; j < rect.columnCount; j++) {
        const v = at(i, j);
        // null leaves the cell as it is: https://learn.microsoft.com/en-us/office/dev/add-ins/excel/excel-add-ins-blank-null-values#null-input-in-2-d-array
        if (v === null || v === undefined) continue;
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
          cell.value = typedIntoPercentCell(v, value, cell.numberFormat, source === 'user' && rect.rowCount === 1 && rect.columnCount === 1 && this.options.automaticPercentEntry);
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
    requireEditable(sheet, rect, 'format');
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
    requireEditable(sheet, rect, applyTo === 'Formats' ? 'format' : 'contents');
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
    requireEditable(sheet, rect, 'columns');
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
    requireEditable(sheet, rect, 'delete');
    for (const t of this.tablesOn(sheet)) if (t.isFiltered && intersects(t.bodyRect(), rect)) throw filteredConflict(t);
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
        t.spliceHidden(rect.row - t.bodyRow, rect.rowCount, 0);
        if (t.rowCount === 0) {
          // A table keeps one (empty) data row, as in Excel.
          sheet.shiftDown(t.bodyRow, t.column, t.columnCount, 1);
          t.rowCount = 1;
          t.hidden = [];
        }
      } else if (t.row > rect.row) {
        t.row -= rect.rowCount;
      }
    }
    this.emitChanged(sheet, rect, 'api', removedFrom ? 'RowDeleted' : 'RangeEdited', undefined);
  }

  /**
   * Range.insert(Excel.InsertShiftDirection.down) (https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-insert-member(1)):
   * the cells of the range's columns from its top row down move down by its height. Whole rows are
   * the sheet-row Insert. A table below, within those columns, moves; one the shift would cut
   * (partly in the columns, or the insertion inside it but not across its full width) makes Excel
   * refuse ("This operation is not allowed. The operation is attempting to shift cells in a table
   * on your worksheet."). Cells inserted across a table's full width inside its body become table
   * rows; cells inserted just under a table are not part of it. References to the moved cells
   * follow them (SheetModel.shiftDown). Returns the inserted cells.
   */
  insertRange(sheet: SheetModel, rect: Rect, shift: 'Down' | 'Right'): Rect {
    if (shift !== 'Down') throw new FakeOfficeError('NotImplemented', 'The fake inserts cells with InsertShiftDirection.down only.');
    if (isWholeRows(rect)) {
      this.insertSheetRows(sheet, rect.row, rect.rowCount, 'api');
      return rect;
    }
    if (isWholeColumns(rect)) throw new FakeOfficeError('NotImplemented', 'The fake does not insert whole columns.');
    requireEditable(sheet, rect, 'insert');
    const refuse = () =>
      new FakeOfficeError('InsertDeleteConflict', 'This operation is not allowed. The operation is attempting to shift cells in a table on your worksheet.');
    const columns = { row: rect.row, column: rect.column, rowCount: MAX_ROWS - rect.row, columnCount: rect.columnCount };
    const within = (t: TableModel) => t.column >= rect.column && t.column + t.columnCount <= rect.column + rect.columnCount;
    let growing: TableModel | undefined;
    const moving: TableModel[] = [];
    for (const t of this.tablesOn(sheet)) {
      if (!intersects(columns, t.rangeRect())) continue;
      if (t.row >= rect.row) {
        if (!within(t)) throw refuse();
        moving.push(t);
      } else if (rect.row <= t.lastRow) {
        if (rect.row < t.bodyRow || rect.column !== t.column || rect.columnCount !== t.columnCount) throw refuse();
        if (t.isFiltered) throw filteredConflict(t);
        growing = t;
      }
    }
    if (sheet.rowExtent > rect.row && sheet.rowExtent + rect.rowCount > MAX_ROWS) {
      throw new FakeOfficeError('InvalidOperation', 'To prevent possible loss of data, Excel cannot shift nonblank cells off of the worksheet.');
    }
    sheet.shiftDown(rect.row, rect.column, rect.columnCount, rect.rowCount);
    for (const [key, text] of [...sheet.notes]) {
      const note = parseAddress(key).rect;
      if (note.row < rect.row || note.column < rect.column || note.column >= rect.column + rect.columnCount) continue;
      sheet.notes.delete(key);
      sheet.notes.set(formatRect({ ...note, row: note.row + rect.rowCount }), text);
    }
    for (const t of moving) t.row += rect.rowCount;
    if (growing) {
      growing.spliceHidden(rect.row - growing.bodyRow, 0, rect.rowCount);
      growing.rowCount += rect.rowCount;
      this.fillNewRows(growing, rect.row, rect.rowCount, false);
    }
    this.emitChanged(sheet, rect, 'api', 'CellInserted', undefined);
    return rect;
  }

  // ---- whole rows and sorting, as the user does them -------------------------------------------

  /**
   * The user's Insert of whole sheet rows: everything from row `at` down moves down, tables grow
   * when the rows fall inside their body and move when below, formulas adjust, and the new rows
   * take the formats of the row above (Excel's default Insert Options). Excel fires onChanged with
   * changeType RowInserted (Excel.DataChangeType, learn.microsoft.com/javascript/api/excel/excel.datachangetype).
   */
  insertSheetRows(sheet: SheetModel, at: number, count: number, source: EditSource = 'user'): void {
    requireEditable(sheet, wholeRows(at, count), 'insert');
    if (sheet.rowExtent > at && sheet.rowExtent + count > MAX_ROWS) {
      throw new FakeOfficeError('InvalidOperation', 'To prevent possible loss of data, Excel cannot shift nonblank cells off of the worksheet.');
    }
    const growing = this.tablesOn(sheet).filter((t) => t.row < at && at <= t.lastRow);
    for (const t of growing) t.spliceHidden(at - t.bodyRow, 0, count);
    this.moveRows(sheet, at, count);
    // Under a table's header row the new rows take the formats of the first data row instead.
    const headerAbove = this.tablesOn(sheet).filter((t) => t.row === at - 1);
    const width = Math.max(sheet.rowCells(at - 1)?.length ?? 0, sheet.rowCells(at + count)?.length ?? 0);
    for (let c = 0; at > 0 && c < width; c++) {
      const underHeader = headerAbove.some((t) => c >= t.column && c < t.column + t.columnCount);
      const template = sheet.get(underHeader ? at + count : at - 1, c);
      if (!template || !hasFormat(template)) continue;
      for (let r = at; r < at + count; r++) copyFormats(template, sheet.ensure(r, c));
    }
    for (const table of growing) this.fillNewRows(table, at, count, false);
    this.emitChanged(sheet, wholeRows(at, count), source, 'RowInserted', undefined);
  }

  /**
   * The user's Delete of whole sheet rows: what is below moves up, tables shrink or move, formulas
   * adjust and references to deleted rows become #REF!; onChanged carries RowDeleted. Deleting a
   * table's header row or every data row while keeping the rest is not modelled and throws.
   */
  deleteSheetRows(sheet: SheetModel, at: number, count: number): void {
    requireEditable(sheet, wholeRows(at, count), 'delete');
    const end = at + count;
    const tables = this.tablesOn(sheet);
    for (const t of tables) {
      const whole = at <= t.row && t.lastRow < end;
      if (whole) continue;
      if ((at <= t.row && t.row < end) || (at <= t.bodyRow && t.lastRow < end)) {
        throw new Error(`The fake does not model deleting rows ${at + 1}:${end} that cut table ${t.name} (${formatRect(t.rangeRect())}) without deleting all of it.`);
      }
    }
    for (const t of tables) {
      const from = Math.max(at, t.bodyRow);
      const to = Math.min(end, t.lastRow + 1);
      if (from < to) t.spliceHidden(from - t.bodyRow, to - from, 0);
    }
    this.emitChanged(sheet, wholeRows(at, count), 'user', 'RowDeleted', undefined);
    for (const t of tables) if (at <= t.row && t.lastRow < end) this.tables.splice(this.tables.indexOf(t), 1);
    this.moveRows(sheet, at, -count);
  }

  /** Moves cells, notes, tables, chart sources and formula references for inserted (count > 0) or deleted rows. */
  private moveRows(sheet: SheetModel, at: number, count: number): void {
    sheet.spliceRows(at, count);
    sheet.adjustFormulas(at, count);
    const notes = [...sheet.notes];
    sheet.notes.clear();
    for (const [key, text] of notes) {
      const { rect } = parseAddress(key);
      const span = shiftRowSpan(rect.row, rect.row, at, count);
      if (span) sheet.notes.set(formatRect({ ...rect, row: span[0] }), text);
    }
    for (const table of this.tablesOn(sheet)) {
      const [row, lastRow] = shiftRowSpan(table.row, table.lastRow, at, count)!;
      table.row = row;
      table.rowCount = lastRow - row;
      this.rebaseCalculated(table);
    }
    for (const chart of [...sheet.charts]) {
      const span = shiftRowSpan(chart.source.row, chart.source.row + chart.source.rowCount - 1, at, count);
      // Excel keeps a chart whose data is all deleted, empty; the fake drops it.
      if (!span) sheet.charts.splice(sheet.charts.indexOf(chart), 1);
      else chart.source = { ...chart.source, row: span[0], rowCount: span[1] - span[0] + 1 };
    }
  }

  /** Reads each calculated column's formula again from its first body cell that holds one. */
  private rebaseCalculated(table: TableModel): void {
    for (const offset of table.calculated.keys()) {
      for (let r = table.bodyRow; r <= table.lastRow; r++) {
        const formula = table.sheet.get(r, table.column + offset)?.formula;
        if (formula === undefined) continue;
        table.calculated.set(offset, shiftFormulaRows(formula, table.bodyRow - r));
        break;
      }
    }
  }

  /**
   * Sorts a table's body, by the user or through Table.sort.apply
   * (https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablesort#excel-excel-tablesort-apply-member(1)),
   * and records the fields for sort.fields and sort.reapply(). Whole rows move: every table column,
   * formats, notes and filter state with them. A moved formula is rewritten as a copy of it would be:
   * relative references follow the row's move, absolute ones stay, and one pushed above row 1
   * becomes #REF! (support KB Q40401 "Errors Sorting Cells That Contain References"); formulas
   * outside the sorted rows are not touched, so =SUM(B2:B4) beside the table keeps its address.
   * Order: Excel's default sort orders (https://support.microsoft.com/en-us/office/sort-data-in-a-range-or-table-62d0b95d-2a90-4610-a6ae-2e545c4a4654):
   * numbers, text (case ignored unless matchCase), FALSE before TRUE, errors, reversed when
   * descending, blanks always last. The sort is stable.
   */
  sortTable(table: TableModel, fields: SortField[], matchCase: boolean, source: EditSource): void {
    const { sheet } = table;
    requireEditable(sheet, table.bodyRect(), 'sort');
    for (const f of fields) {
      if (!Number.isInteger(f.key) || f.key < 0 || f.key >= table.columnCount) {
        throw new FakeOfficeError('InvalidArgument', `Sort key ${f.key} is not a column of table ${table.name}.`);
      }
    }
    table.sort = { fields: fields.map((f) => ({ ...f })), matchCase };
    const rows = Array.from({ length: table.rowCount }, (_, i) => table.bodyRow + i);
    const keys = new Map(rows.map((r) => [r, fields.map((f) => this.valueAt(sheet, r, table.column + f.key))]));
    const order = [...rows].sort((a, b) => {
      for (let i = 0; i < fields.length; i++) {
        const d = compareForSort(keys.get(a)![i]!, keys.get(b)![i]!, fields[i]!.ascending, matchCase);
        if (d !== 0) return d;
      }
      return 0;
    });
    const cells = new Map(rows.map((r) => [r, Array.from({ length: table.columnCount }, (_, k) => sheet.get(r, table.column + k))]));
    const target = new Map(order.map((from, i) => [from, table.bodyRow + i]));
    const hidden = [...table.hidden];
    for (const [from, to] of target) {
      cells.get(from)!.forEach((cell, k) => {
        const moved = cell?.formula === undefined ? cell : { ...cell, formula: shiftFormulaRows(cell.formula, to - from) };
        sheet.place(to, table.column + k, moved);
      });
      if (hidden.length > 0) table.hidden[to - table.bodyRow] = hidden[from - table.bodyRow] === true;
    }
    const body = table.bodyRect();
    for (const [key, text] of [...sheet.notes]) {
      const { rect } = parseAddress(key);
      if (!contains(body, rect)) continue;
      sheet.notes.delete(key);
      sheet.notes.set(formatRect({ ...rect, row: target.get(rect.row)! }), text);
    }
    this.emitChanged(sheet, table.rangeRect(), source, 'RangeEdited', undefined);
  }

  /** Table.sort.reapply(): the recorded sort again, over the rows the table has now. */
  reapplySort(table: TableModel): void {
    if (table.sort) this.sortTable(table, table.sort.fields, table.sort.matchCase, 'api');
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
    requireEditable(table.sheet, table.rangeRect(), 'table');
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
    table.hidden = table.hidden.slice(0, table.rowCount);
    for (const offset of [...table.filters.keys()]) if (offset >= table.columnCount) table.filters.delete(offset);
    for (const offset of [...table.calculated.keys()]) if (offset >= table.columnCount) table.calculated.delete(offset);
    if (table.columnCount > oldColumns) this.normalizeHeaders(table, oldColumns);
    if (table.rowCount > oldRows) this.fillNewRows(table, table.bodyRow + oldRows, table.rowCount - oldRows, true);
    this.emitChanged(table.sheet, table.rangeRect(), 'api', 'RangeEdited', undefined);
  }

  /**
   * TableRowCollection.add (https://learn.microsoft.com/en-us/javascript/api/excel/excel.tablerowcollection#excel-excel-tablerowcollection-add-member(1)):
   * inserts rows (shifting cells below down), copies the formats of the row above and fills the
   * calculated columns; the values are then written as Range.values writes them, so a null cell
   * keeps what the new row has (its calculated formula, or blank). The add page does not say what
   * null does; the general rule for null in a 2-D input does
   * (https://learn.microsoft.com/en-us/office/dev/add-ins/excel/excel-add-ins-blank-null-values#null-input-in-2-d-array).
   */
  addTableRows(table: TableModel, index: number | null | undefined, input: unknown): void {
    requireEditable(table.sheet, table.rangeRect(), 'table');
    const rows = input === undefined || input === null ? null : tableRowsInput(input, table.columnCount);
    const count = rows ? rows.length : 1;
    const at = index === null || index === undefined ? table.rowCount : index;
    if (at < 0 || at > table.rowCount) throw new FakeOfficeError('InvalidArgument', `Row index ${at} is outside the table.`);
    const firstNew = table.bodyRow + at;
    this.shiftTablesBelow(table, firstNew, count);
    table.sheet.shiftDown(firstNew, table.column, table.columnCount, count);
    table.rowCount += count;
    table.spliceHidden(at, 0, count);
    const templateRow = at > 0 ? firstNew - 1 : firstNew + count;
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < table.columnCount; k++) {
        const template = table.sheet.get(templateRow, table.column + k);
        if (template && hasFormat(template)) copyFormats(template, table.sheet.ensure(firstNew + i, table.column + k));
      }
    }
    this.fillNewRows(table, firstNew, count, false);
    if (rows) {
      const rect = { row: firstNew, column: table.column, rowCount: count, columnCount: table.columnCount };
      this.writeCells(table.sheet, rect, rows, 'values', 'api');
    }
    this.emitChanged(table.sheet, { row: firstNew, column: table.column, rowCount: count, columnCount: table.columnCount }, 'api', 'RowInserted', undefined);
  }

  /** TableColumnCollection.add: inserts a column (shifting cells on the table's rows right). */
  addTableColumn(table: TableModel, index: number | null | undefined, input: unknown, name: string | undefined): number {
    requireEditable(table.sheet, table.rangeRect(), 'table');
    const at = index === null || index === undefined ? table.columnCount : index;
    if (at < 0 || at > table.columnCount) throw new FakeOfficeError('InvalidArgument', `Column index ${at} is outside the table.`);
    shiftKeys(table.filters, (k) => (k >= at ? k + 1 : k));
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
    requireEditable(table.sheet, table.rangeRect(), 'table');
    table.filters.delete(offset);
    shiftKeys(table.filters, (k) => (k > offset ? k - 1 : k));
    reapplyFilters(table);
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

  /**
   * New table rows take the calculated columns' formulas unless the workbook's AutoCorrect option
   * "Fill formulas in tables to create calculated columns" is off
   * (https://support.microsoft.com/en-us/office/use-calculated-columns-in-an-excel-table-873fbac6-7110-4300-8f6f-aafa2ea11ce8).
   */
  private fillNewRows(table: TableModel, fromRow: number, count: number, onlyBlank: boolean): void {
    if (this.options.calculatedColumnFill) this.fillCalculated(table, fromRow, count, onlyBlank);
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
          if (singleEntry) this.fillNewRows(table, table.bodyRow, table.rowCount, true);
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
        this.fillNewRows(table, table.lastRow, 1, true);
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

function wholeRows(row: number, rowCount: number): Rect {
  return { row, column: 0, rowCount, columnCount: MAX_COLUMNS };
}

const SORT_TEXT = new Intl.Collator('en-US', { sensitivity: 'accent' });
// With "Case sensitive" on, Excel sorts lowercase before uppercase.
const SORT_TEXT_CASE = new Intl.Collator('en-US', { sensitivity: 'variant', caseFirst: 'lower' });

function compareForSort(a: Scalar, b: Scalar, ascending: boolean, matchCase = false): number {
  if (a === '' || b === '') return (a === '' ? 1 : 0) - (b === '' ? 1 : 0);
  const rank = (v: Scalar) => (typeof v === 'number' ? 0 : typeof v === 'boolean' ? 2 : DATA_ENTRY_ERRORS.has(v) ? 3 : 1);
  let order = rank(a) - rank(b);
  if (order === 0 && rank(a) !== 3) order = typeof a === 'string' ? (matchCase ? SORT_TEXT_CASE : SORT_TEXT).compare(a, String(b)) : Number(a) - Number(b);
  return ascending ? order : -order;
}

function shiftKeys<V>(map: Map<number, V>, move: (key: number) => number): void {
  const entries = [...map];
  map.clear();
  for (const [k, v] of entries) map.set(move(k), v);
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

/**
 * A number typed into a cell already formatted as a percentage, with automatic percent entry on:
 * "numbers equal to and larger than 1 are converted to percentages by default; and numbers
 * smaller than 1 are multiplied by 100 to convert them to percentages. For example, typing 10
 * or 0.1 both result in 10.00%" (support.microsoft.com, "Format numbers as percentages",
 * https://support.microsoft.com/en-us/office/format-numbers-as-percentages-de461a1f-6a8a-4a5c-a7e4-dcf2a3e0ef2b).
 * "45%" typed is already 0.45; values written through the API are taken as they are.
 */
function typedIntoPercentCell(typed: Scalar, value: Scalar, numberFormat: string | undefined, typing: boolean): Scalar {
  if (!typing || typeof value !== 'number' || !numberFormat?.includes('%')) return value;
  if (typeof typed === 'string' && typed.trim().endsWith('%')) return value;
  return Math.abs(value) >= 1 ? value / 100 : value;
}

/** What Excel does with an entered constant: text it recognises becomes a value unless the cell is '@'. */
function coerceInput(v: Scalar, numberFormat: string | undefined): TypedEntry {
  if (typeof v !== 'string' || numberFormat === '@') return { value: v };
  const text = v.trim();
  if (text === '') return { value: v };
  const entry = parseTypedText(text);
  return typeof entry.value === 'string' ? { value: v } : entry;
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
