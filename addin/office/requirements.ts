/// <reference types="office-js" />
// Requirement sets: ExcelApi 1.7 (events, getRangeByIndexes, freeze panes) is the floor; newer
// sets are used when the host has them (Table.resize 1.13, event triggerSource 1.14, notes 1.18).

import { OfficeLayerError } from './errors.js';

export const EXCEL_API_FLOOR = '1.7';
/** Table.resize: grow a table over values already written below it. */
export const EXCEL_API_TABLE_RESIZE = '1.13';
/** Data validation: in-cell dropdown lists on enum columns. */
export const EXCEL_API_DATA_VALIDATION = '1.8';
/** Cell notes (NoteCollection). */
export const EXCEL_API_NOTES = '1.18';

/** Whether the host supports ExcelApi `version`; throws when Office.js has not initialised. */
export function isExcelApiSupported(version: string): boolean {
  const requirements = typeof Office === 'undefined' ? undefined : Office.context?.requirements;
  if (!requirements) {
    throw new OfficeLayerError('OfficeNotReady', 'Office.js is not ready: call this after Office.onReady() has resolved, inside Excel.');
  }
  return requirements.isSetSupported('ExcelApi', version);
}

export function requireExcelApi(version: string, feature: string): void {
  if (!isExcelApiSupported(version)) {
    throw new OfficeLayerError('ExcelApiNotSupported', `${feature} needs Excel JavaScript API ${version} or later; this version of Excel does not have it.`);
  }
}
