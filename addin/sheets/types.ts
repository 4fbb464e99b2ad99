// What a dataset is to the add-in: a table layout (columns, which are editable or hidden),
// how to pull its rows from the API, and how edited cells become one batch mutation.
// Adding a dataset is adding one file in layouts/ that exports a DatasetLayout.
import type { LedgerApi } from '../api/client.js';
import type { Role } from '../api/operations.js';
import type { CellValue, ChartSpec, ColumnSpec, TableLayout } from '../office/contract.js';

/** One table row as cells, keyed by column key. */
export type Row = Record<string, CellValue>;

export interface AddinColumn extends ColumnSpec {
  min?: number;
  max?: number;
  /** Decimals allowed in an edited number (money: the row's currency decides). */
  scale?: number;
  /** Whether an edit may blank the cell (clear the value). */
  clearable?: boolean;
  /** Hidden column holding the version an edit of this column is based on. */
  versionColumn?: string;
  /** Money: the column naming the row's currency (its minor units bound the decimals). */
  currencyColumn?: string;
}

export interface DatasetTable extends TableLayout {
  columns: AddinColumn[];
}

export type DatasetId = 'invoices' | 'aging' | 'worklist' | 'deliveries' | 'dunning' | 'adjustments' | 'cashToApply' | 'projects' | 'risks' | 'kpiScorecard' | 'kpiHistory';

export type FilterKey =
  | 'entityCode'
  | 'asOf'
  | 'period'
  | 'currency'
  | 'kpiCode'
  | 'from'
  | 'to'
  | 'projectCode'
  | 'openOnly'
  | 'search'
  | 'deliveryStatus'
  | 'deliveryChannel'
  | 'collector'
  | 'includeSnoozed';

/** Filter values as the pane holds them: text, '' for none; checkboxes 'true' / ''. */
export type Filters = Partial<Record<FilterKey, string>>;

export interface PullContext {
  api: LedgerApi;
  signal?: AbortSignal;
  /** Rows fetched so far, and the total when the API says it. */
  onFetched?(fetched: number, total: number | null): void;
}

export interface DatasetLayout {
  id: DatasetId;
  title: string;
  /** One line for the pane: what the dataset is and what can be edited. */
  description: string;
  table: DatasetTable;
  /** Columns that identify a row across pulls (hidden ones included). */
  keyColumns: string[];
  /** Filters the pane offers, in order; required ones must be filled to pull; `options`: a pick list (blank: all). */
  filters: { key: FilterKey; required?: boolean; options?: readonly string[] }[];
  /** Filter values to start with; `today` is the pane's calendar date. */
  defaultFilters(today: string): Filters;
  /** Named filter settings the pane offers as one click, e.g. the portal uploads still to do. */
  presets?: { label: string; filters: Filters }[];
  /** Fetches every row (paging as needed) as cells in column-key order. */
  pull(filters: Filters, context: PullContext): Promise<Row[]>;
  /** Plain-language summary of the filters, e.g. "as of 2026-11-25, DE01". */
  describeFilters?(filters: Filters): string;
  chart?: ChartSpec;
  /** Editable datasets only: how edits become batch mutations. */
  push?: PushSpec;
  /** A short label for a row in lists ("PRJ-001", "DSO 2026-10 US01"). */
  rowLabel(row: Row): string;
  /** What the pane keeps in view about the rows pulled (e.g. the period is closed), or null. */
  pullNote?(rows: Row[], filters: Filters): string | null;
}

/** A cell the user changed since the pull. `row` is the 0-based data row in the sheet now. */
export interface Edit {
  rowKey: string;
  row: number;
  column: string;
  before: CellValue;
  after: CellValue;
}

/** An edit whose value passed the checks: what the API takes (Decimal text, ISO date, enum, int) or null for cleared. */
export interface ParsedEdit extends Edit {
  value: string | number | null;
}

/** A value refused before sending (or by the server): shown on the cell and in the pane. */
export interface Problem {
  rowKey: string;
  row: number;
  column: string;
  message: string;
}

export interface RowEdits {
  rowKey: string;
  row: number;
  /** The row as it is in the sheet now. */
  current: Row;
  edits: ParsedEdit[];
}

export interface BuildContext {
  api: LedgerApi;
  signal?: AbortSignal;
  /** The pane's calendar date, YYYY-MM-DD. */
  today: string;
  /** The filters the table was pulled with (e.g. the worklist's as-of date). */
  filters: Filters;
}

/** One batch mutation's items, and which sheet row and columns each item carries. */
export interface BatchItem {
  rowKey: string;
  row: number;
  columns: string[];
  input: Record<string, unknown>;
  /** A new row, sent in the batch's creates list. */
  create?: boolean;
}

export interface BatchSpec {
  /** For the pane: "KPI targets". */
  name: string;
  /** The mutation field, e.g. setKpiTargets. */
  field: string;
  /** The list in its input, e.g. targets ('' for a 'row' batch, whose input is one record). */
  listName: string;
  /** The mutation document: one $input variable. */
  document: string;
  /** Which edited columns go through this batch. */
  columns: string[];
  /**
   * How the rows are sent. 'list' (the default): the edited rows' items in `listName` of one
   * mutation, with an idempotency key. 'row': one mutation per edited row, its item the whole
   * input (a mutation of one record, e.g. recordDelivery). 'table': every row of the table is
   * offered to `toInput`, edited or not (null leaves it out), and `tableInput` makes the one
   * mutation's input (an act on the table as it stands, e.g. sending the proposed letters).
   */
  sends?: 'list' | 'row' | 'table';
  /** Turns a row's edits (of this batch's columns) into one input item; async for look-ups. Null: the row is not sent ('table' only). */
  toInput(row: RowEdits, context: BuildContext): Promise<Record<string, unknown> | null> | Record<string, unknown> | null;
  /** 'table' only: the mutation's input from the items of the rows sent, in sheet order. */
  tableInput?(items: Record<string, unknown>[], context: BuildContext): Record<string, unknown>;
  /**
   * A push that does something that cannot be taken back (sends mail, posts documents): the
   * question the pane asks first, for these items; `pulled` gives an item's row as pulled.
   */
  confirm?(items: BatchItem[], pulled: (rowKey: string) => Row | undefined): { title: string; text: string };
  /** The words on the row for a refusal whose server message needs the sheet's context (e.g. who may post it). */
  refusal?(error: { field: string[]; message: string; code?: string }, item: BatchItem): string;
  /** The success notice's words for a written batch whose items are acts rather than cell changes ("3 dunning letters sent"), from its payload. */
  done?(payload: any): string;
  /** The written records in the payload → the row they belong to and its new cells (version included); `rowOf` gives the sheet row pushed (its unit decides a mixed column's kind). */
  written(payload: any, rowOf: (rowKey: string) => Row | undefined): { rowKey: string; cells: Row }[];
  /** The conflicts in the payload → the row and the server's current cells (version included). */
  conflicts?(payload: any, rowOf: (rowKey: string) => Row | undefined): { rowKey: string; cells: Row; version: number | null }[];
  /** Cells to set after a successful push beyond the written record (e.g. clear the entry columns). */
  afterPush?(row: RowEdits): Row;
  /**
   * Rows the analyst added to the table, created by the same mutation as the edits (one atomic
   * batch). A dataset without it lists new rows as "not pushed: this dataset does not create rows".
   */
  creates?: CreateSpec;
}

/** How a row the analyst added becomes a record: sent in the batch's input list `listName`. */
export interface CreateSpec {
  /** The input list, e.g. "creates" (may be the batch's own list, as setKpiTargets upserts). */
  listName: string;
  /** Columns a new row fills; their values are checked like edits (kind, options, bounds). */
  columns: string[];
  /** Columns a new row must fill. */
  required: string[];
  /** A new row's filled cells (as `edits`, before = '') → one input item; may throw RowProblem. */
  toInput(row: RowEdits, context: BuildContext): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** The created records in the payload, in the order their inputs were sent → their cells (key and version included). */
  written(payload: any, count: number): Row[];
}

export interface PushSpec {
  batches: BatchSpec[];
  /** The least role the push's mutations take, when more than an analyst (default ANALYST). */
  role?: Role;
  /** The push button's words when it acts on the table as it stands (a 'table' batch), e.g. "Send letters". */
  label?: string;
  /** Rules that span columns or depend on the row (e.g. actuals only for manual KPIs). */
  validateRow?(row: RowEdits, layout: DatasetLayout): Omit<Problem, 'rowKey' | 'row'>[];
}

/** Thrown while building a batch when a row cannot be sent as it is (e.g. a promise with no past-due invoice). */
export class RowProblem extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
    this.name = 'RowProblem';
  }
}

export function rowKeyOf(layout: Pick<DatasetLayout, 'keyColumns'>, row: Row): string {
  return layout.keyColumns.map((key) => String(row[key] ?? '')).join('|');
}

export function columnOf(layout: DatasetLayout, key: string): AddinColumn {
  const column = layout.table.columns.find((c) => c.key === key);
  if (!column) throw new Error(`The ${layout.title} layout has no column "${key}".`);
  return column;
}
