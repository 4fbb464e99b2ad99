// The contract between the add-in's Office layer (addin/office/, the only code that touches
// Excel) and the rest (addin/sheets/ layouts, addin/ui/ React). Plain data only.

/** What a cell holds as Excel's `values` take it: dates as serial numbers, '' for empty. */
export type CellValue = string | number | boolean;

export type ColumnKind = 'text' | 'integer' | 'decimal' | 'money' | 'date' | 'percent';

export interface ColumnSpec {
  /** Field of the row object this column shows. */
  key: string;
  header: string;
  kind: ColumnKind;
  /** Editable columns are styled apart (light yellow fill) and diffed for pushes. */
  editable?: boolean;
  /** Key and version columns are hidden from view but kept in the table. */
  hidden?: boolean;
  /** Excel number format; defaults by kind (money '#,##0.00', date 'yyyy-mm-dd', percent '0.00%': the cell holds the fraction). */
  numberFormat?: string;
  /**
   * A column of mixed units: the rows whose `column` cell equals `equals` hold percentages (the
   * percent kind's format and fraction values), the others the column's own kind.
   */
  percentWhen?: { column: string; equals: string };
  /** Column width in characters (approximate). */
  width?: number;
  /** The values the column takes (an enum): an in-cell dropdown where Excel has data validation (ExcelApi 1.8). */
  options?: readonly string[];
}

export interface TableLayout {
  sheetName: string;
  /** Excel table name, e.g. "llInvoices" (letters, digits, underscore). */
  tableName: string;
  columns: ColumnSpec[];
}

export interface WriteOptions {
  /** Called after each chunk's sync. */
  onProgress?: (rowsWritten: number, totalRows: number) => void;
  /** Stops between chunks; the table is left with the rows written so far. */
  signal?: AbortSignal;
  /** Upper bound of one sync's payload in bytes (default 4 MB: Excel on the web caps ~5 MB). */
  maxPayloadBytes?: number;
}

export interface WriteResult {
  rows: number;
  syncs: number;
  /** The largest payload sent in one sync, in bytes (JSON length of the values written). */
  largestSyncBytes: number;
  /** True when the table already existed and was refreshed in place. */
  refreshed: boolean;
}

export type CellMark = 'conflict' | 'invalid' | 'pending' | 'none';

export interface MarkedCell {
  /** 0-based data row (header excluded). */
  row: number;
  column: string;
  mark: CellMark;
  /** Shown as the cell's note where supported. */
  note?: string;
}

export interface ChartSpec {
  title: string;
  type: 'ColumnClustered' | 'Line' | 'ColumnStacked';
  /** Column keys: the first gives the categories, the rest the series. */
  columns: string[];
  /** Cell where the chart's top-left corner goes, e.g. "M2". */
  anchor?: string;
}
