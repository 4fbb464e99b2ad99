// Workbook settings (ExcelApi 1.4): key-value pairs the add-in keeps in the file, per add-in.
// https://learn.microsoft.com/en-us/javascript/api/excel/excel.settingcollection and
// https://learn.microsoft.com/en-us/javascript/api/excel/excel.setting
// Values are kept as JSON text, as Excel persists them: what is read back is a copy, never
// the object that was added (a Date comes back as its JSON text here).
import { FakeOfficeError } from '../errors.js';
import type { WorkbookModel } from '../model.js';
import { FakeClientObject, FakeClientResult, FakeKeyedCollection, count, defineProperties, type Mode, type PropSpec } from './client-object.js';
import type { FakeRequestContext } from './request-context.js';

const SETTINGS_API = '1.4';

interface SettingModel {
  workbook: WorkbookModel;
  key: string;
}

function jsonText(value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) throw new FakeOfficeError('InvalidArgument', 'A setting needs a value that can be saved as JSON.');
  return text;
}

export class FakeSettingCollection extends FakeKeyedCollection<SettingModel, FakeSetting> {
  protected readonly _type = 'SettingCollection';

  constructor(context: FakeRequestContext) {
    const workbook = context.model;
    super(context, () => {
      workbook.requireApi(SETTINGS_API, 'SettingCollection');
      return [...workbook.settings.keys()].map((key) => ({ workbook, key }));
    }, 'lazy');
  }

  protected _proxy(locate: () => SettingModel | undefined, mode: Mode): FakeSetting {
    return new FakeSetting(this.context, locate, mode);
  }

  protected _find(key: string): SettingModel | undefined {
    const workbook = this.context.model;
    workbook.requireApi(SETTINGS_API, 'SettingCollection');
    return workbook.settings.has(key) ? { workbook, key } : undefined;
  }

  /** Sets or adds the setting. */
  add(key: string, value: unknown): FakeSetting {
    const setting = new FakeSetting(this.context, () => undefined, 'lazy');
    this.context._queue(() => {
      const workbook = this.context.model;
      workbook.requireApi(SETTINGS_API, 'SettingCollection.add');
      if (typeof key !== 'string' || key === '') throw new FakeOfficeError('InvalidArgument', 'A setting needs a key.');
      workbook.settings.set(key, jsonText(value));
      setting._bind({ workbook, key });
    }, 0, 'SettingCollection.add');
    return setting;
  }

  getCount(): FakeClientResult<number> {
    return count(this.context, () => this.context.model.settings.size);
  }
}

export class FakeSetting extends FakeClientObject<SettingModel> {
  protected readonly _type = 'Setting';

  protected _specs(): Record<string, PropSpec<SettingModel>> {
    return SETTING_SPECS;
  }

  delete(): void {
    this._command(({ workbook, key }) => void workbook.settings.delete(key), 0, 'Setting.delete');
  }
}

const SETTING_SPECS: Record<string, PropSpec<SettingModel>> = {
  key: { get: ({ key }) => key },
  value: {
    get: ({ workbook, key }) => {
      const text = workbook.settings.get(key);
      return text === undefined ? null : JSON.parse(text);
    },
    set: ({ workbook, key }, value) => void workbook.settings.set(key, jsonText(value)),
  },
};
defineProperties(FakeSetting, Object.keys(SETTING_SPECS));
