// context.workbook: the entry to worksheets, tables, settings and the active cell.
import { FakeRange } from './range.js';
import type { FakeRequestContext } from './request-context.js';
import { FakeSettingCollection } from './settings.js';
import { FakeTableCollection } from './table.js';
import { FakeWorksheetCollection } from './worksheet.js';

export class FakeWorkbookProxy {
  constructor(readonly context: FakeRequestContext) {}

  get worksheets(): FakeWorksheetCollection {
    return new FakeWorksheetCollection(this.context);
  }

  get settings(): FakeSettingCollection {
    return new FakeSettingCollection(this.context);
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
