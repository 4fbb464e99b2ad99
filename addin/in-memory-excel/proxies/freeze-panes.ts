// A worksheet's freeze panes: frozen rows or columns.
import type { SheetModel } from '../model.js';
import { FakeClientObject, type PropSpec } from './client-object.js';
import type { FakeRequestContext } from './request-context.js';

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
