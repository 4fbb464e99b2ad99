// The Office layer: the only code that touches Excel. Everything here runs inside Excel.run and
// throws on failure (OfficeLayerError for our own checks, Excel's errors unchanged).

export type * from './contract.js';
export { writeTable, syncTable, type RowInput, type SyncResult, type TablePlan } from './write-table.js';
export { readTable, type ReadOptions } from './read-table.js';
export { markCells, NOTE_PREFIX } from './mark-cells.js';
export { addOrUpdateChart, chartNameFor, type ChartResult } from './chart.js';
export { onTableEdited, type TableEditedOptions } from './table-events.js';
export {
  readWorkbookQueries,
  saveWorkbookQuery,
  forgetWorkbookQuery,
  readWorkbookNames,
  QUERIES_SETTING_KEY,
  type WorkbookQuery,
  type SavedWorkbookQuery,
  type WorkbookQueries,
} from './workbook-queries.js';
export { isExcelApiSupported, requireExcelApi, EXCEL_API_FLOOR } from './requirements.js';
export { OfficeLayerError, type OfficeLayerErrorCode } from './errors.js';
export { DEFAULT_NUMBER_FORMATS, EDITABLE_FILL, MARK_FILLS, READ_ONLY_FONT, numberFormatFor } from './column-styles.js';
export { DEFAULT_MAX_PAYLOAD_BYTES } from './payload.js';
