/// <reference types="office-js" />
// Telling the UI that the user changed something on the table's sheet. The handler only learns
// "something changed" (debounced): the UI finds the edits by diffing readTable() against what
// it pulled, because pastes and multi-cell deletes come without details.

import type { TableLayout } from './contract.js';
import { EXCEL_API_FLOOR, requireExcelApi } from './requirements.js';
import { findTableOrThrow, validateLayout } from './table-geometry.js';

export interface TableEditedOptions {
  /** Quiet time before the handler runs, so a burst of edits makes one call (default 300 ms). */
  debounceMs?: number;
}

export async function onTableEdited(
  layout: TableLayout,
  handler: () => void,
  options: TableEditedOptions = {},
): Promise<() => Promise<void>> {
  validateLayout(layout);
  requireExcelApi(EXCEL_API_FLOOR, 'Watching a table for edits');
  const debounceMs = options.debounceMs ?? 300;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let active = true;

  const registration = await Excel.run(async (context) => {
    const table = await findTableOrThrow(context, layout.tableName);
    const result = table.worksheet.onChanged.add(async (event) => {
      // From ExcelApi 1.14 our own writes say so; before that they reach the handler too, and
      // the diff against the pulled values finds nothing to push.
      if (!active || event.triggerSource === 'ThisLocalAddin') return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        if (active) handler();
      }, debounceMs);
    });
    await context.sync();
    return result;
  });

  return async () => {
    if (!active) return;
    active = false;
    if (timer !== undefined) clearTimeout(timer);
    await Excel.run(registration.context, async (context) => {
      registration.remove();
      await context.sync();
    });
  };
}
