// Proxy objects with office.js semantics: methods and property writes queue commands that run
// at context.sync(); properties are readable only after load() + sync(); *OrNullObject lookups
// answer isNullObject after a sync. Each sync's payload is measured and capped like Excel on
// the web.

import { MAX_COLUMNS, MAX_ROWS, formatAddress, formatRect, isWholeColumns, isWholeRows, parseAddress, type Rect } from './a1.js';
import { FakeOfficeError, notLoaded } from './errors.js';
import {
  normalizeColor,
  type ChangedEventArgs,
  type ChangedHandler,
  type ChartModel,
  type Scalar,
  type SheetModel,
  type TableModel,
  type WorkbookModel,
} from './model.js';

interface Op {
  run: () => number | void;
  requestBytes: number;
  /** What the command is, e.g. "Range.values" or "Table.resize" (empty for lookups and loads). */
  label: string;
}

export function payloadBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = json.length;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code > 0x7f) bytes += code > 0x7ff ? (code >= 0xd800 && code <= 0xdbff ? 1 : 2) : 1;
  }
  return bytes;
}

export class FakeRequestContext {
  readonly workbook: FakeWorkbookProxy;
  readonly trackedObjects = { add: (): void => undefined, remove: (): void => undefined };
  /** @internal */
  _ops: Op[] = [];

  constructor(readonly model: WorkbookModel) {
    this.workbook = new FakeWorkbookProxy(this);
  }

  /** @internal */
  _queue(run: () => number | void, requestBytes = 0, label = ''): void {
    this._ops.push({ run, requestBytes, label });
  }

  async sync(): Promise<void> {
    const ops = this._ops;
    this._ops = [];
    const record = {
      requestBytes: ops.reduce((s, op) => s + op.requestBytes, 0),
      responseBytes: 0,
      operations: ops.length,
      commands: ops.map((op) => op.label).filter((label) => label !== ''),
    };
    this.model.syncLog.push(record);
    await Promise.resolve();
    if (record.requestBytes > this.model.options.requestLimitBytes) {
      throw new FakeOfficeError(
        'RequestPayloadSizeLimitExceeded',
        `The request payload size (${record.requestBytes} bytes) has exceeded the limit of ${this.model.options.requestLimitBytes} bytes.`,
      );
    }
    for (const op of ops) {
      const bytes = op.run();
      if (typeof bytes === 'number') record.responseBytes += bytes;
    }
    if (record.responseBytes > this.model.options.responseLimitBytes) {
      throw new FakeOfficeError(
        'ResponsePayloadSizeLimitExceeded',
        `The response payload size (${record.responseBytes} bytes) has exceeded the limit of ${this.model.options.responseLimitBytes} bytes.`,
      );
    }
  }
}

interface PropSpec<M> {
  get?: (m: M) => unknown;
  set?: (m: M, value: unknown, ctx: FakeRequestContext) => void;
  /** Counted in the request payload (values, formulas, number formats). */
  payload?: boolean;
}

/** throw: the lookup fails at sync when missing; orNull: answers isNullObject; lazy: resolved on first use (navigation properties, created objects). */
type Mode = 'throw' | 'orNull' | 'lazy';

abstract class FakeClientObject<M> {
  private _resolved = false;
  private _model: M | undefined;
  private _isNull: boolean | undefined;
  private readonly _loaded = new Map<string, unknown>();
  private readonly _nav = new Map<string, unknown>();

  protected abstract readonly _type: string;
  protected abstract _specs(): Record<string, PropSpec<M>>;

  constructor(
    readonly context: FakeRequestContext,
    private readonly _locate: () => M | undefined,
    mode: Mode,
  ) {
    if (mode === 'orNull') context._queue(() => void this._resolveOrNull());
    else if (mode === 'throw') context._queue(() => void this._resolve());
  }

  get isNullObject(): boolean {
    if (this._isNull === undefined) throw notLoaded('isNullObject', this._type);
    return this._isNull;
  }

  /** @internal Points a created proxy at the object its creating command made. */
  _bind(model: M): void {
    this._resolved = true;
    this._model = model;
    this._isNull = false;
  }

  /** @internal */
  _resolveOrNull(): M | undefined {
    if (!this._resolved) {
      this._resolved = true;
      this._model = this._locate();
      this._isNull = this._model === undefined;
    }
    return this._model;
  }

  /** @internal */
  _resolve(): M {
    const model = this._resolveOrNull();
    if (model === undefined) throw new FakeOfficeError('ItemNotFound', `The requested ${this._type} doesn't exist.`);
    return model;
  }

  protected _nested<T>(key: string, make: () => T): T {
    let value = this._nav.get(key) as T | undefined;
    if (value === undefined) {
      value = make();
      this._nav.set(key, value);
    }
    return value;
  }

  protected _command(run: (m: M) => void, requestBytes = 0, label = ''): void {
    this.context._queue(() => run(this._resolve()), requestBytes, label);
  }

  /** @internal */
  _getProperty(name: string): unknown {
    if (!this._loaded.has(name)) throw notLoaded(name, this._type);
    return this._loaded.get(name);
  }

  /** @internal */
  _setProperty(name: string, value: unknown): void {
    const spec = this._specs()[name];
    if (!spec?.set) throw new TypeError(`${this._type}.${name} is read-only`);
    this._loaded.set(name, value);
    const set = spec.set;
    this._command((m) => set(m, value, this.context), spec.payload ? payloadBytes(value) : 0, `${this._type}.${name}`);
  }

  load(option?: string | string[] | { select?: string; expand?: string }): this {
    const own: string[] = [];
    for (const name of loadNames(option)) {
      const slash = name.indexOf('/');
      const head = slash >= 0 ? name.slice(0, slash) : name;
      if (slash < 0 && this._specs()[name]?.get) {
        own.push(name);
        continue;
      }
      const nav = (this as unknown as Record<string, unknown>)[head];
      if (!(nav instanceof FakeClientObject)) throw new FakeOfficeError('InvalidArgument', `${this._type} has no property ${name}.`);
      nav.load(slash >= 0 ? name.slice(slash + 1) : undefined);
    }
    const all = own.length === 0 && loadNames(option).length === 0;
    this.context._queue(() => this._loadNow(all ? undefined : own));
    return this;
  }

  /** @internal Reads properties into the proxy now (inside a sync); returns the response bytes. */
  _loadNow(names: string[] | undefined): number {
    const specs = this._specs();
    const model = this._resolveOrNull();
    let bytes = 0;
    for (const name of names ?? Object.keys(specs).filter((k) => specs[k]?.get)) {
      const spec = specs[name];
      if (!spec?.get) throw new FakeOfficeError('InvalidArgument', `${this._type} has no property ${name}.`);
      const value = model === undefined ? null : spec.get(model);
      this._loaded.set(name, value);
      bytes += payloadBytes(value);
    }
    return bytes;
  }

  set(properties: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(properties)) {
      const target = (this as unknown as Record<string, unknown>)[key];
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && target instanceof FakeClientObject) {
        target.set(value as Record<string, unknown>);
      } else {
        (this as unknown as Record<string, unknown>)[key] = value;
      }
    }
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

function loadNames(option: string | string[] | { select?: string; expand?: string } | undefined): string[] {
  if (option === undefined) return [];
  const list = typeof option === 'string' ? option.split(',') : Array.isArray(option) ? option : [option.select ?? '', option.expand ?? ''].join(',').split(',');
  return list.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** Generates the property accessors of a proxy class from its specs. */
function defineProperties(cls: { prototype: object }, names: string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      configurable: true,
      get(this: FakeClientObject<unknown>) {
        return this._getProperty(name);
      },
      set(this: FakeClientObject<unknown>, value: unknown) {
        this._setProperty(name, value);
      },
    });
  }
}

export class FakeClientResult<T> {
  private _value: T | undefined;
  private _ready = false;

  /** @internal */
  _set(value: T): void {
    this._value = value;
    this._ready = true;
  }

  get value(): T {
    if (!this._ready) throw notLoaded('value', 'ClientResult');
    return this._value as T;
  }
}

function count(ctx: FakeRequestContext, compute: () => number): FakeClientResult<number> {
  const result = new FakeClientResult<number>();
  ctx._queue(() => result._set(compute()));
  return result;
}

// ---- collections ---------------------------------------------------------------------------------

abstract class FakeCollection<M, P extends FakeClientObject<M>> extends FakeClientObject<M[]> {
  private _items: P[] | undefined;

  protected abstract _item(model: M): P;

  protected override _specs(): Record<string, PropSpec<M[]>> {
    return { count: { get: (list) => list.length } };
  }

  get items(): P[] {
    if (!this._items) throw notLoaded('items', this._type);
    return this._items;
  }

  override load(option?: string | string[] | { select?: string; expand?: string }): this {
    const names = loadNames(option);
    const itemNames = names.map((n) => n.replace(/^items\/?/, '')).filter((n) => n !== '' && n !== 'count');
    this.context._queue(() => {
      const models = this._resolve();
      this._items = models.map((model) => {
        const item = this._item(model);
        item._bind(model);
        return item;
      });
      let bytes = names.includes('count') ? this._loadNow(['count']) : 0;
      for (const item of this._items) bytes += item._loadNow(itemNames.length > 0 ? itemNames : undefined);
      return bytes;
    });
    return this;
  }
}

defineProperties(FakeCollection, ['count']);

// ---- workbook ---------------------------------------------------------------------------------------

export class FakeWorkbookProxy {
  constructor(readonly context: FakeRequestContext) {}

  get worksheets(): FakeWorksheetCollection {
    return new FakeWorksheetCollection(this.context);
  }

  get tables(): FakeTableCollection {
    return new FakeTableCollection(this.context, () => this.context.model.tables, undefined);
  }

  getActiveCell(): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this.context.model.activeSheet;
      return sheet && { sheet, rect: { row: 0, column: 0, rowCount: 1, columnCount: 1 } };
    }, 'throw');
  }
}

export class FakeWorksheetCollection extends FakeCollection<SheetModel, FakeWorksheet> {
  protected readonly _type = 'WorksheetCollection';

  constructor(context: FakeRequestContext) {
    super(context, () => context.model.sheets, 'lazy');
    this._bind(context.model.sheets);
  }

  protected _item(model: SheetModel): FakeWorksheet {
    return new FakeWorksheet(this.context, () => model, 'lazy');
  }

  private find(key: string): SheetModel | undefined {
    return this.context.model.findSheet(key) ?? this.context.model.sheetById(key);
  }

  getItem(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.find(key), 'throw');
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.find(key), 'orNull');
  }

  getActiveWorksheet(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.activeSheet, 'throw');
  }

  getFirst(): FakeWorksheet {
    return new FakeWorksheet(this.context, () => this.context.model.sheets[0], 'throw');
  }

  add(name?: string): FakeWorksheet {
    const sheet = new FakeWorksheet(this.context, () => undefined, 'lazy');
    this.context._queue(() => sheet._bind(this.context.model.addSheet(name)), 0, 'WorksheetCollection.add');
    return sheet;
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.context.model.sheets.length);
  }
}

export class FakeWorksheet extends FakeClientObject<SheetModel> {
  protected readonly _type = 'Worksheet';

  protected _specs(): Record<string, PropSpec<SheetModel>> {
    return WORKSHEET_SPECS;
  }

  private range(rect: (s: SheetModel) => Rect, mode: Mode = 'throw'): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this._resolve();
      return { sheet, rect: rect(sheet) };
    }, mode);
  }

  getRange(address?: string): FakeRange {
    return this.range((sheet) => {
      if (address === undefined || address === '') return { row: 0, column: 0, rowCount: MAX_ROWS, columnCount: MAX_COLUMNS };
      const parsed = parseAddress(address);
      if (parsed.sheetName !== undefined && parsed.sheetName.toLowerCase() !== sheet.name.toLowerCase()) {
        throw new FakeOfficeError('InvalidArgument', `${address} is not on sheet ${sheet.name}.`);
      }
      return parsed.rect;
    });
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): FakeRange {
    return this.range((sheet) => {
      sheet.workbook.requireApi('1.7', 'Worksheet.getRangeByIndexes');
      return checkedRect({ row: startRow, column: startColumn, rowCount, columnCount });
    });
  }

  getCell(row: number, column: number): FakeRange {
    return this.range(() => checkedRect({ row, column, rowCount: 1, columnCount: 1 }));
  }

  getUsedRange(valuesOnly?: boolean): FakeRange {
    return this.range((sheet) => sheet.usedRect(valuesOnly === true) ?? { row: 0, column: 0, rowCount: 1, columnCount: 1 });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    return new FakeRange(this.context, () => {
      const sheet = this._resolve();
      const rect = sheet.usedRect(valuesOnly === true);
      return rect ? { sheet, rect } : undefined;
    }, 'orNull');
  }

  activate(): void {
    this._command((sheet) => {
      sheet.workbook.activeSheet = sheet;
    }, 0, 'Worksheet.activate');
  }

  delete(): void {
    this._command((sheet) => sheet.workbook.deleteSheet(sheet), 0, 'Worksheet.delete');
  }

  get tables(): FakeTableCollection {
    return this._nested('tables', () => new FakeTableCollection(this.context, () => {
      const sheet = this._resolve();
      return sheet.workbook.tablesOn(sheet);
    }, () => this._resolve()));
  }

  get charts(): FakeChartCollection {
    return this._nested('charts', () => new FakeChartCollection(this.context, () => this._resolve()));
  }

  get freezePanes(): FakeFreezePanes {
    return this._nested('freezePanes', () => new FakeFreezePanes(this.context, () => this._resolve()));
  }

  get notes(): FakeNoteCollection {
    return this._nested('notes', () => new FakeNoteCollection(this.context, () => this._resolve()));
  }

  get onChanged(): FakeEventHandlers {
    return this._nested('onChanged', () => new FakeEventHandlers(this.context, () => this._resolve().changedHandlers));
  }
}

const WORKSHEET_SPECS: Record<string, PropSpec<SheetModel>> = {
  name: {
    get: (s) => s.name,
    set: (s, v) => {
      const other = s.workbook.findSheet(String(v));
      if (other && other !== s) throw new FakeOfficeError('ItemAlreadyExists', `A sheet named "${String(v)}" already exists.`);
      s.name = String(v);
    },
  },
  id: { get: (s) => s.id },
  position: { get: (s) => s.workbook.sheets.indexOf(s) },
  visibility: { get: () => 'Visible' },
};
defineProperties(FakeWorksheet, Object.keys(WORKSHEET_SPECS));

function checkedRect(rect: Rect): Rect {
  if (rect.row < 0 || rect.column < 0 || rect.rowCount < 1 || rect.columnCount < 1 || rect.row + rect.rowCount > MAX_ROWS || rect.column + rect.columnCount > MAX_COLUMNS) {
    throw new FakeOfficeError('InvalidArgument', `The range (${rect.row}, ${rect.column}, ${rect.rowCount}×${rect.columnCount}) is outside the grid.`);
  }
  return rect;
}

// ---- ranges ---------------------------------------------------------------------------------------

interface RangeModel {
  sheet: SheetModel;
  rect: Rect;
}

function eachCell<T>(m: RangeModel, read: (row: number, column: number) => T): T[][] {
  if (isWholeColumns(m.rect) || isWholeRows(m.rect)) {
    throw new FakeOfficeError('NotImplemented', 'The fake does not read cell contents of whole rows or columns; use a bounded range.');
  }
  const out: T[][] = [];
  for (let i = 0; i < m.rect.rowCount; i++) {
    const row: T[] = [];
    for (let j = 0; j < m.rect.columnCount; j++) row.push(read(m.rect.row + i, m.rect.column + j));
    out.push(row);
  }
  return out;
}

function uniform<T>(m: RangeModel, read: (row: number, column: number) => T): T | null {
  const all = eachCell(m, read).flat();
  const first = all[0] as T;
  return all.every((v) => v === first) ? first : null;
}

export class FakeRange extends FakeClientObject<RangeModel> {
  protected readonly _type = 'Range';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return RANGE_SPECS;
  }

  private derived(make: (m: RangeModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._resolve();
      return { sheet: m.sheet, rect: checkedRect(make(m)) };
    }, 'throw');
  }

  getCell(row: number, column: number): FakeRange {
    return this.derived((m) => ({ row: m.rect.row + row, column: m.rect.column + column, rowCount: 1, columnCount: 1 }));
  }

  getOffsetRange(rowOffset: number, columnOffset: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + rowOffset, column: m.rect.column + columnOffset }));
  }

  getResizedRange(deltaRows: number, deltaColumns: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, rowCount: m.rect.rowCount + deltaRows, columnCount: m.rect.columnCount + deltaColumns }));
  }

  getEntireColumn(): FakeRange {
    return this.derived((m) => ({ row: 0, column: m.rect.column, rowCount: MAX_ROWS, columnCount: m.rect.columnCount }));
  }

  getEntireRow(): FakeRange {
    return this.derived((m) => ({ row: m.rect.row, column: 0, rowCount: m.rect.rowCount, columnCount: MAX_COLUMNS }));
  }

  getRow(index: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + index, rowCount: 1 }));
  }

  getColumn(index: number): FakeRange {
    return this.derived((m) => ({ ...m.rect, column: m.rect.column + index, columnCount: 1 }));
  }

  getLastRow(): FakeRange {
    return this.derived((m) => ({ ...m.rect, row: m.rect.row + m.rect.rowCount - 1, rowCount: 1 }));
  }

  getLastColumn(): FakeRange {
    return this.derived((m) => ({ ...m.rect, column: m.rect.column + m.rect.columnCount - 1, columnCount: 1 }));
  }

  getLastCell(): FakeRange {
    return this.derived((m) => ({ row: m.rect.row + m.rect.rowCount - 1, column: m.rect.column + m.rect.columnCount - 1, rowCount: 1, columnCount: 1 }));
  }

  delete(shift: 'Up' | 'Left'): void {
    this._command((m) => m.sheet.workbook.deleteRange(m.sheet, m.rect, shift), 0, 'Range.delete');
  }

  clear(applyTo: 'All' | 'Formats' | 'Contents' = 'All'): void {
    this._command((m) => m.sheet.workbook.clearRange(m.sheet, m.rect, applyTo), 0, 'Range.clear');
  }

  select(): void {
    this._command(() => undefined);
  }

  get format(): FakeRangeFormat {
    return this._nested('format', () => new FakeRangeFormat(this.context, () => this._resolve(), 'lazy'));
  }

  get worksheet(): FakeWorksheet {
    return this._nested('worksheet', () => new FakeWorksheet(this.context, () => this._resolve().sheet, 'throw'));
  }
}

const RANGE_SPECS: Record<string, PropSpec<RangeModel>> = {
  address: { get: (m) => formatAddress(m.sheet.name, m.rect) },
  addressLocal: { get: (m) => formatAddress(m.sheet.name, m.rect) },
  rowIndex: { get: (m) => m.rect.row },
  columnIndex: { get: (m) => m.rect.column },
  rowCount: { get: (m) => m.rect.rowCount },
  columnCount: { get: (m) => m.rect.columnCount },
  cellCount: { get: (m) => m.rect.rowCount * m.rect.columnCount },
  values: {
    get: (m) => eachCell(m, (r, c) => m.sheet.workbook.valueAt(m.sheet, r, c)),
    set: (m, v) => m.sheet.workbook.writeCells(m.sheet, m.rect, v, 'values', 'api'),
    payload: true,
  },
  formulas: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.formula ?? m.sheet.get(r, c)?.value ?? ''),
    set: (m, v) => m.sheet.workbook.writeCells(m.sheet, m.rect, v, 'formulas', 'api'),
    payload: true,
  },
  numberFormat: {
    get: (m) => eachCell(m, (r, c) => m.sheet.get(r, c)?.numberFormat ?? 'General'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'numberFormat', v),
    payload: true,
  },
  text: { get: (m) => eachCell(m, (r, c) => m.sheet.workbook.textAt(m.sheet, r, c)) },
  valueTypes: {
    get: (m) =>
      eachCell(m, (r, c) => {
        const v = m.sheet.workbook.valueAt(m.sheet, r, c);
        return v === '' ? 'Empty' : typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
      }),
  },
  columnHidden: {
    get: (m) => {
      let hidden = 0;
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) if (m.sheet.hiddenColumns.has(c)) hidden++;
      return hidden === 0 ? false : hidden === m.rect.columnCount ? true : null;
    },
    set: (m, v) => {
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) {
        if (v) m.sheet.hiddenColumns.add(c);
        else m.sheet.hiddenColumns.delete(c);
      }
    },
  },
};
defineProperties(FakeRange, Object.keys(RANGE_SPECS));

export class FakeRangeFormat extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFormat';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FORMAT_SPECS;
  }

  get fill(): FakeRangeFill {
    return this._nested('fill', () => new FakeRangeFill(this.context, () => this._resolve(), 'lazy'));
  }

  get font(): FakeRangeFont {
    return this._nested('font', () => new FakeRangeFont(this.context, () => this._resolve(), 'lazy'));
  }

  autofitColumns(): void {
    this._command((m) => m.sheet.workbook.autofitColumns(m.sheet, m.rect), 0, 'RangeFormat.autofitColumns');
  }

  autofitRows(): void {
    this._command(() => undefined);
  }
}

const FORMAT_SPECS: Record<string, PropSpec<RangeModel>> = {
  columnWidth: {
    get: (m) => {
      const widths = new Set<number>();
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) widths.add(m.sheet.columnWidth(c));
      return widths.size === 1 ? [...widths][0] : null;
    },
    set: (m, v) => {
      for (let c = m.rect.column; c < m.rect.column + m.rect.columnCount; c++) m.sheet.columnWidths.set(c, Number(v));
    },
  },
  rowHeight: { get: () => 15, set: () => undefined },
  horizontalAlignment: { get: () => 'General', set: () => undefined },
  wrapText: { get: () => false, set: () => undefined },
};
defineProperties(FakeRangeFormat, Object.keys(FORMAT_SPECS));

export class FakeRangeFill extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFill';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FILL_SPECS;
  }

  clear(): void {
    this._command((m) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fill', undefined), 0, 'RangeFill.clear');
  }
}

const FILL_SPECS: Record<string, PropSpec<RangeModel>> = {
  color: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.fill ?? '#FFFFFF'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fill', v),
  },
};
defineProperties(FakeRangeFill, Object.keys(FILL_SPECS));

export class FakeRangeFont extends FakeClientObject<RangeModel> {
  protected readonly _type = 'RangeFont';

  protected _specs(): Record<string, PropSpec<RangeModel>> {
    return FONT_SPECS;
  }
}

const FONT_SPECS: Record<string, PropSpec<RangeModel>> = {
  color: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.fontColor ?? '#000000'),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'fontColor', v),
  },
  bold: {
    get: (m) => uniform(m, (r, c) => m.sheet.get(r, c)?.bold ?? false),
    set: (m, v) => m.sheet.workbook.writeCellProperty(m.sheet, m.rect, 'bold', Boolean(v)),
  },
  italic: { get: () => false, set: () => undefined },
  name: { get: () => 'Calibri', set: () => undefined },
  size: { get: () => 11, set: () => undefined },
};
defineProperties(FakeRangeFont, Object.keys(FONT_SPECS));

// ---- tables ---------------------------------------------------------------------------------------

function rangeOf(ctx: FakeRequestContext, target: FakeRange | string, sheet: () => SheetModel | undefined): RangeModel {
  if (target instanceof FakeRange) return target._resolve();
  const parsed = parseAddress(target);
  const owner = parsed.sheetName !== undefined ? ctx.model.findSheet(parsed.sheetName) : sheet();
  if (!owner) throw new FakeOfficeError('InvalidArgument', `Cannot tell which sheet ${target} is on.`);
  return { sheet: owner, rect: parsed.rect };
}

export class FakeTableCollection extends FakeCollection<TableModel, FakeTable> {
  protected readonly _type = 'TableCollection';

  constructor(
    context: FakeRequestContext,
    private readonly list: () => TableModel[],
    private readonly sheet: (() => SheetModel) | undefined,
  ) {
    super(context, list, 'lazy');
  }

  protected _item(model: TableModel): FakeTable {
    return new FakeTable(this.context, () => model, 'lazy');
  }

  private find(key: string): TableModel | undefined {
    const list = this.list();
    const wanted = key.toLowerCase();
    return list.find((t) => t.name.toLowerCase() === wanted || t.id === key);
  }

  add(address: FakeRange | string, hasHeaders: boolean): FakeTable {
    const table = new FakeTable(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const target = rangeOf(this.context, address, () => this.sheet?.() ?? this.context.model.activeSheet);
      if (this.sheet && target.sheet !== this.sheet()) throw new FakeOfficeError('InvalidArgument', 'The range is on another sheet.');
      table._bind(this.context.model.addTable(target.sheet, target.rect, hasHeaders));
    }, 0, 'TableCollection.add');
    return table;
  }

  getItem(key: string): FakeTable {
    return new FakeTable(this.context, () => this.find(key), 'throw');
  }

  getItemOrNullObject(key: string): FakeTable {
    return new FakeTable(this.context, () => this.find(key), 'orNull');
  }

  getItemAt(index: number): FakeTable {
    return new FakeTable(this.context, () => this.list()[index], 'throw');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.list().length);
  }
}

export class FakeTable extends FakeClientObject<TableModel> {
  protected readonly _type = 'Table';

  protected _specs(): Record<string, PropSpec<TableModel>> {
    return TABLE_SPECS;
  }

  private range(rect: (t: TableModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const t = this._resolve();
      return { sheet: t.sheet, rect: rect(t) };
    }, 'throw');
  }

  getRange(): FakeRange {
    return this.range((t) => t.rangeRect());
  }

  getHeaderRowRange(): FakeRange {
    return this.range((t) => t.headerRect());
  }

  getDataBodyRange(): FakeRange {
    return this.range((t) => t.bodyRect());
  }

  getTotalRowRange(): FakeRange {
    return this.range((t) => {
      if (!t.showTotals) throw new FakeOfficeError('InvalidArgument', 'The table has no total row.');
      return { row: t.lastRow + 1, column: t.column, rowCount: 1, columnCount: t.columnCount };
    });
  }

  resize(newRange: FakeRange | string): void {
    this._command((t) => {
      const target = rangeOf(this.context, newRange, () => t.sheet);
      if (target.sheet !== t.sheet) throw new FakeOfficeError('InvalidArgument', 'A table cannot move to another sheet.');
      t.sheet.workbook.resizeTable(t, target.rect);
    }, 0, 'Table.resize');
  }

  delete(): void {
    this._command((t) => t.sheet.workbook.deleteTable(t, false), 0, 'Table.delete');
  }

  convertToRange(): FakeRange {
    const range = new FakeRange(this.context, () => undefined, 'lazy');
    this._command((t) => {
      range._bind({ sheet: t.sheet, rect: t.rangeRect() });
      t.sheet.workbook.deleteTable(t, true);
    }, 0, 'Table.convertToRange');
    return range;
  }

  clearFilters(): void {
    this._command(() => undefined);
  }

  reapplyFilters(): void {
    this._command(() => undefined);
  }

  get worksheet(): FakeWorksheet {
    return this._nested('worksheet', () => new FakeWorksheet(this.context, () => this._resolve().sheet, 'throw'));
  }

  get columns(): FakeTableColumnCollection {
    return this._nested('columns', () => new FakeTableColumnCollection(this.context, () => this._resolve()));
  }

  get rows(): FakeTableRowCollection {
    return this._nested('rows', () => new FakeTableRowCollection(this.context, () => this._resolve()));
  }

  get onChanged(): FakeEventHandlers {
    return this._nested('onChanged', () => new FakeEventHandlers(this.context, () => this._resolve().changedHandlers));
  }
}

const TABLE_SPECS: Record<string, PropSpec<TableModel>> = {
  name: { get: (t) => t.name, set: (t, v) => t.sheet.workbook.renameTable(t, String(v)) },
  id: { get: (t) => t.id },
  showTotals: {
    get: (t) => t.showTotals,
    set: (t, v) => {
      if (v) throw new FakeOfficeError('NotImplemented', 'The fake has no total rows.');
      t.showTotals = false;
    },
  },
  showHeaders: { get: (t) => t.showHeaders },
  showBandedRows: { get: (t) => t.showBandedRows, set: (t, v) => void (t.showBandedRows = Boolean(v)) },
  style: { get: (t) => t.style, set: (t, v) => void (t.style = String(v)) },
};
defineProperties(FakeTable, Object.keys(TABLE_SPECS));

interface TableColumnModel {
  table: TableModel;
  offset: number;
}

export class FakeTableColumnCollection extends FakeCollection<TableColumnModel, FakeTableColumn> {
  protected readonly _type = 'TableColumnCollection';

  constructor(
    context: FakeRequestContext,
    private readonly table: () => TableModel,
  ) {
    super(context, () => {
      const t = table();
      return t.headers().map((_, offset) => ({ table: t, offset }));
    }, 'lazy');
  }

  protected _item(model: TableColumnModel): FakeTableColumn {
    return new FakeTableColumn(this.context, () => model, 'lazy');
  }

  private find(key: string | number): TableColumnModel | undefined {
    const t = this.table();
    const offset = typeof key === 'number' ? key - 1 : t.columnOffset(String(key));
    return offset >= 0 && offset < t.columnCount ? { table: t, offset } : undefined;
  }

  getItem(key: string | number): FakeTableColumn {
    return new FakeTableColumn(this.context, () => this.find(key), 'throw');
  }

  getItemOrNullObject(key: string | number): FakeTableColumn {
    return new FakeTableColumn(this.context, () => this.find(key), 'orNull');
  }

  getItemAt(index: number): FakeTableColumn {
    return new FakeTableColumn(this.context, () => {
      const t = this.table();
      return index >= 0 && index < t.columnCount ? { table: t, offset: index } : undefined;
    }, 'throw');
  }

  add(index?: number | null, values?: unknown, name?: string): FakeTableColumn {
    const column = new FakeTableColumn(this.context, () => undefined, 'lazy');
    const bytes = values === undefined ? 0 : payloadBytes(values);
    this.context._queue(() => {
      const t = this.table();
      if (name !== undefined) t.sheet.workbook.requireApi('1.4', 'TableColumnCollection.add with a name');
      column._bind({ table: t, offset: t.sheet.workbook.addTableColumn(t, index, values, name) });
    }, bytes, 'TableColumnCollection.add');
    return column;
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.table().columnCount);
  }
}

export class FakeTableColumn extends FakeClientObject<TableColumnModel> {
  protected readonly _type = 'TableColumn';

  protected _specs(): Record<string, PropSpec<TableColumnModel>> {
    return TABLE_COLUMN_SPECS;
  }

  private range(rect: (m: TableColumnModel) => Rect): FakeRange {
    return new FakeRange(this.context, () => {
      const m = this._resolve();
      return { sheet: m.table.sheet, rect: rect(m) };
    }, 'throw');
  }

  getDataBodyRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.bodyRow, column: table.column + offset, rowCount: table.rowCount, columnCount: 1 }));
  }

  getHeaderRowRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.row, column: table.column + offset, rowCount: 1, columnCount: 1 }));
  }

  getRange(): FakeRange {
    return this.range(({ table, offset }) => ({ row: table.row, column: table.column + offset, rowCount: table.rowCount + 1, columnCount: 1 }));
  }

  delete(): void {
    this._command(({ table, offset }) => table.sheet.workbook.deleteTableColumn(table, offset), 0, 'TableColumn.delete');
  }
}

const TABLE_COLUMN_SPECS: Record<string, PropSpec<TableColumnModel>> = {
  name: {
    get: ({ table, offset }) => table.headers()[offset],
    set: ({ table, offset }, v) => table.sheet.workbook.writeCells(table.sheet, { row: table.row, column: table.column + offset, rowCount: 1, columnCount: 1 }, String(v), 'values', 'api'),
  },
  index: { get: ({ offset }) => offset },
  id: { get: ({ offset }) => offset + 1 },
  values: {
    get: ({ table, offset }) => {
      const out: Scalar[][] = [];
      for (let r = table.row; r <= table.lastRow; r++) out.push([table.sheet.workbook.valueAt(table.sheet, r, table.column + offset)]);
      return out;
    },
  },
};
defineProperties(FakeTableColumn, Object.keys(TABLE_COLUMN_SPECS));

interface TableRowModel {
  table: TableModel;
  index: number;
}

export class FakeTableRowCollection extends FakeCollection<TableRowModel, FakeTableRow> {
  protected readonly _type = 'TableRowCollection';

  constructor(
    context: FakeRequestContext,
    private readonly table: () => TableModel,
  ) {
    super(context, () => {
      const t = table();
      return Array.from({ length: t.rowCount }, (_, index) => ({ table: t, index }));
    }, 'lazy');
  }

  protected _item(model: TableRowModel): FakeTableRow {
    return new FakeTableRow(this.context, () => model, 'lazy');
  }

  add(index?: number | null, values?: unknown, alwaysInsert?: boolean): FakeTableRow {
    const row = new FakeTableRow(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const t = this.table();
      if (alwaysInsert !== undefined) t.sheet.workbook.requireApi('1.15', 'TableRowCollection.add with alwaysInsert');
      t.sheet.workbook.addTableRows(t, index, values);
      row._bind({ table: t, index: index === null || index === undefined ? t.rowCount - 1 : index });
    }, values === undefined ? 0 : payloadBytes(values), 'TableRowCollection.add');
    return row;
  }

  getItemAt(index: number): FakeTableRow {
    return new FakeTableRow(this.context, () => {
      const t = this.table();
      return index >= 0 && index < t.rowCount ? { table: t, index } : undefined;
    }, 'throw');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.table().rowCount);
  }
}

export class FakeTableRow extends FakeClientObject<TableRowModel> {
  protected readonly _type = 'TableRow';

  protected _specs(): Record<string, PropSpec<TableRowModel>> {
    return TABLE_ROW_SPECS;
  }

  getRange(): FakeRange {
    return new FakeRange(this.context, () => {
      const { table, index } = this._resolve();
      return { sheet: table.sheet, rect: { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount } };
    }, 'throw');
  }

  delete(): void {
    this._command(({ table, index }) =>
      table.sheet.workbook.deleteRange(table.sheet, { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount }, 'Up'),
      0,
      'TableRow.delete',
    );
  }
}

const TABLE_ROW_SPECS: Record<string, PropSpec<TableRowModel>> = {
  index: { get: ({ index }) => index },
  values: {
    get: ({ table, index }) => {
      const row: Scalar[] = [];
      for (let k = 0; k < table.columnCount; k++) row.push(table.sheet.workbook.valueAt(table.sheet, table.bodyRow + index, table.column + k));
      return [row];
    },
    set: ({ table, index }, v) =>
      table.sheet.workbook.writeCells(table.sheet, { row: table.bodyRow + index, column: table.column, rowCount: 1, columnCount: table.columnCount }, v, 'values', 'api'),
    payload: true,
  },
};
defineProperties(FakeTableRow, Object.keys(TABLE_ROW_SPECS));

// ---- charts -----------------------------------------------------------------------------------------

export class FakeChartCollection extends FakeCollection<ChartModel, FakeChart> {
  protected readonly _type = 'ChartCollection';

  constructor(
    context: FakeRequestContext,
    private readonly sheet: () => SheetModel,
  ) {
    super(context, () => sheet().charts, 'lazy');
  }

  protected _item(model: ChartModel): FakeChart {
    return new FakeChart(this.context, () => model, 'lazy');
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

  getItem(name: string): FakeChart {
    return new FakeChart(this.context, () => this.sheet().workbook.findChart(this.sheet(), name), 'throw');
  }

  getItemOrNullObject(name: string): FakeChart {
    return new FakeChart(this.context, () => {
      const sheet = this.sheet();
      sheet.workbook.requireApi('1.4', 'ChartCollection.getItemOrNullObject');
      return sheet.workbook.findChart(sheet, name);
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

// ---- freeze panes, notes, events -------------------------------------------------------------------

export class FakeFreezePanes extends FakeClientObject<SheetModel> {
  protected readonly _type = 'WorksheetFreezePanes';

  constructor(context: FakeRequestContext, locate: () => SheetModel) {
    super(context, locate, 'lazy');
  }

  protected _specs(): Record<string, PropSpec<SheetModel>> {
    return {};
  }

  freezeRows(rows = 1): void {
    this._command((sheet) => {
      sheet.workbook.requireApi('1.7', 'WorksheetFreezePanes.freezeRows');
      sheet.frozenRows = rows;
      sheet.frozenColumns = 0;
    }, 0, 'WorksheetFreezePanes.freezeRows');
  }

  freezeColumns(columns = 1): void {
    this._command((sheet) => {
      sheet.workbook.requireApi('1.7', 'WorksheetFreezePanes.freezeColumns');
      sheet.frozenColumns = columns;
      sheet.frozenRows = 0;
    });
  }

  unfreeze(): void {
    this._command((sheet) => {
      sheet.frozenRows = 0;
      sheet.frozenColumns = 0;
    });
  }
}

interface NoteModel {
  sheet: SheetModel;
  key: string;
}

function noteKey(address: FakeRange | string): string {
  if (address instanceof FakeRange) {
    const { rect } = address._resolve();
    if (rect.rowCount !== 1 || rect.columnCount !== 1) throw new FakeOfficeError('InvalidArgument', 'A note goes on a single cell.');
    return formatRect(rect);
  }
  const parsed = parseAddress(address);
  if (parsed.rect.rowCount !== 1 || parsed.rect.columnCount !== 1) throw new FakeOfficeError('InvalidArgument', 'A note goes on a single cell.');
  return formatRect(parsed.rect);
}

export class FakeNoteCollection extends FakeCollection<NoteModel, FakeNote> {
  protected readonly _type = 'NoteCollection';

  constructor(
    context: FakeRequestContext,
    private readonly sheet: () => SheetModel,
  ) {
    super(context, () => {
      const s = sheet();
      return [...s.notes.keys()].map((key) => ({ sheet: s, key }));
    }, 'lazy');
  }

  protected _item(model: NoteModel): FakeNote {
    return new FakeNote(this.context, () => model, 'lazy');
  }

  add(cellAddress: FakeRange | string, content: unknown): FakeNote {
    const note = new FakeNote(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const sheet = this.sheet();
      sheet.workbook.requireApi('1.18', 'NoteCollection.add');
      const key = noteKey(cellAddress);
      if (sheet.notes.has(key)) throw new FakeOfficeError('InvalidArgument', `Cell ${key} already has a note.`);
      sheet.notes.set(key, String(content));
      note._bind({ sheet, key });
    }, 0, 'NoteCollection.add');
    return note;
  }

  private find(address: string): NoteModel | undefined {
    const sheet = this.sheet();
    sheet.workbook.requireApi('1.18', 'NoteCollection');
    const key = noteKey(address);
    return sheet.notes.has(key) ? { sheet, key } : undefined;
  }

  getItem(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), 'throw');
  }

  getItemOrNullObject(key: string): FakeNote {
    return new FakeNote(this.context, () => this.find(key), 'orNull');
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.sheet().notes.size);
  }
}

export class FakeNote extends FakeClientObject<NoteModel> {
  protected readonly _type = 'Note';

  protected _specs(): Record<string, PropSpec<NoteModel>> {
    return NOTE_SPECS;
  }

  delete(): void {
    this._command(({ sheet, key }) => void sheet.notes.delete(key), 0, 'Note.delete');
  }
}

const NOTE_SPECS: Record<string, PropSpec<NoteModel>> = {
  content: { get: ({ sheet, key }) => sheet.notes.get(key) ?? '', set: ({ sheet, key }, v) => void sheet.notes.set(key, String(v)) },
};
defineProperties(FakeNote, Object.keys(NOTE_SPECS));

export class FakeEventHandlerResult {
  constructor(
    readonly context: FakeRequestContext,
    private readonly handlers: () => Set<ChangedHandler>,
    private readonly handler: ChangedHandler,
  ) {}

  remove(): void {
    this.context._queue(() => void this.handlers().delete(this.handler), 0, 'onChanged.remove');
  }
}

export class FakeEventHandlers {
  constructor(
    private readonly context: FakeRequestContext,
    private readonly handlers: () => Set<ChangedHandler>,
  ) {}

  add(handler: (args: ChangedEventArgs) => Promise<unknown>): FakeEventHandlerResult {
    // One wrapper per registration, so the same function registered twice is removed once.
    const registered: ChangedHandler = (args) => handler(args);
    this.context._queue(() => {
      this.context.model.requireApi('1.7', 'onChanged');
      this.handlers().add(registered);
    }, 0, 'onChanged.add');
    return new FakeEventHandlerResult(this.context, this.handlers, registered);
  }
}
