// Worksheets and their collection: ranges by address or index, and the sheet's tables, charts,
// freeze panes, notes, protection and onChanged event.
import { MAX_COLUMNS, MAX_ROWS, parseAddress, type Rect } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import type { SheetModel } from '../model.js';
import { FakeChartCollection } from './chart.js';
import { FakeClientObject, FakeClientResult, FakeKeyedCollection, count, defineProperties, type Mode, type PropSpec } from './client-object.js';
import { FakeEventHandlers } from './events.js';
import { FakeFreezePanes } from './freeze-panes.js';
import { FakeNoteCollection } from './notes.js';
import { FakeRange, checkedRect } from './range.js';
import type { FakeRequestContext } from './request-context.js';
import { FakeTableCollection } from './table.js';
import { FakeWorksheetProtection } from './worksheet-protection.js';

export class FakeWorksheetCollection extends FakeKeyedCollection<SheetModel, FakeWorksheet> {
  protected readonly _type = 'WorksheetCollection';

  constructor(context: FakeRequestContext) {
    super(context, () => context.model.sheets, 'lazy');
    this._bind(context.model.sheets);
  }

  protected _proxy(locate: () => SheetModel | undefined, mode: Mode): FakeWorksheet {
    return new FakeWorksheet(this.context, locate, mode);
  }

  protected _find(key: string): SheetModel | undefined {
    return this.context.model.findSheet(key) ?? this.context.model.sheetById(key);
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

  get protection(): FakeWorksheetProtection {
    return this._nested('protection', () => new FakeWorksheetProtection(this.context, () => this._resolve()));
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
