// Cell notes (ExcelApi 1.18): one per cell, by address.
import { formatRect, parseAddress } from '../a1.js';
import { FakeOfficeError } from '../errors.js';
import type { SheetModel } from '../model.js';
import { requireEditable } from '../protection.js';
import { FakeClientObject, FakeClientResult, FakeKeyedCollection, count, defineProperties, type Mode, type PropSpec } from './client-object.js';
import { FakeRange } from './range.js';
import type { FakeRequestContext } from './request-context.js';

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

export class FakeNoteCollection extends FakeKeyedCollection<NoteModel, FakeNote> {
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

  protected _proxy(locate: () => NoteModel | undefined, mode: Mode): FakeNote {
    return new FakeNote(this.context, locate, mode);
  }

  add(cellAddress: FakeRange | string, content: unknown): FakeNote {
    const note = new FakeNote(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const sheet = this.sheet();
      sheet.workbook.requireApi('1.18', 'NoteCollection.add');
      const key = noteKey(cellAddress);
      requireEditable(sheet, parseAddress(key).rect, 'notes');
      if (sheet.notes.has(key)) throw new FakeOfficeError('InvalidArgument', `Cell ${key} already has a note.`);
      sheet.notes.set(key, String(content));
      note._bind({ sheet, key });
    }, 0, 'NoteCollection.add');
    return note;
  }

  protected _find(address: string): NoteModel | undefined {
    const sheet = this.sheet();
    sheet.workbook.requireApi('1.18', 'NoteCollection');
    const key = noteKey(address);
    return sheet.notes.has(key) ? { sheet, key } : undefined;
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
    this._command(({ sheet, key }) => {
      requireEditable(sheet, parseAddress(key).rect, 'notes');
      sheet.notes.delete(key);
    }, 0, 'Note.delete');
  }
}

const NOTE_SPECS: Record<string, PropSpec<NoteModel>> = {
  content: {
    get: ({ sheet, key }) => sheet.notes.get(key) ?? '',
    set: ({ sheet, key }, v) => {
      requireEditable(sheet, parseAddress(key).rect, 'notes');
      sheet.notes.set(key, String(v));
    },
  },
};
defineProperties(FakeNote, Object.keys(NOTE_SPECS));
