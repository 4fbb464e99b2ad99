// What the record-import readers return and the row converters take: a sheet as text cells
// (dates already YYYY-MM-DD, numbers exact decimal strings), rows numbered as a spreadsheet
// numbers them (the header is row 1). Pure: no database, no clock.

export type ImportKind = 'CUSTOMERS' | 'CONTRACTS' | 'INVOICES' | 'PAYMENTS';
export type ImportFormat = 'CSV' | 'XLSX';

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (header = 1, first data row = 2). */
  row: number;
  /** One text per header column; a missing cell is ''. */
  cells: string[];
  /** Columns (by index) whose cell held a number (XLSX only): a date column may then hold an Excel serial. */
  numeric?: ReadonlySet<number>;
}

export interface SheetTable {
  header: string[];
  /** Data rows that hold at least one non-blank cell, in file order. */
  rows: SheetRow[];
}

/** A sheet read as it is parsed (a CSV): the header first, then SheetTable's data rows in batches, in file order. */
export interface SheetStream {
  header: string[];
  rows: AsyncIterable<SheetRow[]> | Iterable<SheetRow[]>;
}

/** A problem with one row: `column` is the file's header text (null: the row as a whole). */
export interface RowError {
  column: string | null;
  message: string;
}
