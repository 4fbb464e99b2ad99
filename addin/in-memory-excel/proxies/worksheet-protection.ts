// Worksheet.protection (ExcelApi 1.2, https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheetprotection):
// protect and unprotect, with an optional password from ExcelApi 1.7; protection.ts decides what a
// protected sheet refuses.
import { FakeOfficeError } from '../errors.js';
import type { SheetModel } from '../model.js';
import type { ProtectionOptions } from '../protection.js';
import { FakeClientObject, defineProperties, type PropSpec } from './client-object.js';
import { payloadBytes } from './payload.js';
import type { FakeRequestContext } from './request-context.js';

export class FakeWorksheetProtection extends FakeClientObject<SheetModel> {
  protected readonly _type = 'WorksheetProtection';

  constructor(context: FakeRequestContext, locate: () => SheetModel) {
    super(context, () => {
      const sheet = locate();
      sheet.workbook.requireApi('1.2', 'Worksheet.protection');
      return sheet;
    }, 'lazy');
  }

  protected _specs(): Record<string, PropSpec<SheetModel>> {
    return PROTECTION_SPECS;
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheetprotection#excel-excel-worksheetprotection-protect-member(1)
  // "Fails if the worksheet has already been protected."
  protect(options?: ProtectionOptions, password?: string): void {
    this._command((sheet) => {
      if (password !== undefined) sheet.workbook.requireApi('1.7', 'WorksheetProtection.protect with a password');
      if (sheet.protection) throw new FakeOfficeError('InvalidOperation', `Sheet ${sheet.name} is already protected.`);
      sheet.protection = { options: { ...options }, ...(password === undefined ? {} : { password }) };
    }, payloadBytes([options ?? null, password ?? null]), 'WorksheetProtection.protect');
  }

  // https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheetprotection#excel-excel-worksheetprotection-unprotect-member(1)
  unprotect(password?: string): void {
    this._command((sheet) => {
      if (password !== undefined) sheet.workbook.requireApi('1.7', 'WorksheetProtection.unprotect with a password');
      if (sheet.protection?.password !== undefined && sheet.protection.password !== password) {
        // Excel's message for a wrong password.
        throw new FakeOfficeError('InvalidArgument', "The password you supplied is not correct. Verify that the CAPS LOCK key is off and be sure to use the correct capitalization.");
      }
      sheet.protection = undefined;
    }, payloadBytes(password ?? null), 'WorksheetProtection.unprotect');
  }
}

const PROTECTION_SPECS: Record<string, PropSpec<SheetModel>> = {
  protected: { get: (s) => s.protection !== undefined },
  options: { get: (s) => ({ ...(s.protection?.options ?? {}) }) },
};
defineProperties(FakeWorksheetProtection, Object.keys(PROTECTION_SPECS));
