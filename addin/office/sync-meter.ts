/// <reference types="office-js" />
// Counts what each context.sync() carries, so a write can report its largest sync and the
// tests can hold it to the limit. Excel on the web's 5 MB cap is on the whole request: every
// queued call and every object it names cost bytes besides the values (an estimate of the JSON
// office.js sends; the in-memory Excel counts the same way).

import type { CellValue, ColumnSpec } from './contract.js';
import { applyColumnColours, numberFormatFor, setNumberFormat } from './column-styles.js';
import { jsonBytes } from './payload.js';

/** Bytes of one queued call (its envelope and name) and of one object it creates or names. */
export const CALL_BYTES = 110;
export const OBJECT_BYTES = 150;
/** What styling one column's range costs besides its format string: range, format, fill, font; four calls. */
export const STYLE_COLUMN_BYTES = 4 * OBJECT_BYTES + 5 * CALL_BYTES;
/** What writing one range costs besides its values. */
export const WRITE_RANGE_BYTES = OBJECT_BYTES + 2 * CALL_BYTES;
/** One cell's own number format (a percentage in a mixed column). */
export const FORMAT_CELL_BYTES = OBJECT_BYTES + 2 * CALL_BYTES;

export class SyncMeter {
  syncs = 0;
  largestSyncBytes = 0;
  private pendingBytes = 0;

  constructor(private readonly context: Excel.RequestContext) {}

  writeValues(range: Excel.Range, values: CellValue[][]): void {
    range.values = values;
    this.pendingBytes += WRITE_RANGE_BYTES + jsonBytes(values);
  }

  addRows(table: Excel.Table, rows: Array<Array<CellValue | null>>): void {
    // null leaves a cell alone: the user's own columns (calculated ones fill themselves).
    table.rows.add(undefined, rows as CellValue[][]);
    this.pendingBytes += WRITE_RANGE_BYTES + jsonBytes(rows);
  }

  /** Inserts whole sheet rows (shifting everything below down). */
  insertRows(entireRows: Excel.Range): void {
    entireRows.insert('Down' as Excel.InsertShiftDirection);
    this.pendingBytes += 3 * OBJECT_BYTES + 3 * CALL_BYTES;
  }

  writeFormulasR1C1(range: Excel.Range, formulas: string[][]): void {
    range.formulasR1C1 = formulas;
    this.pendingBytes += WRITE_RANGE_BYTES + jsonBytes(formulas);
  }

  /** Number format, fill and font of a column's cells (number format first: '@' keeps text as text). */
  styleColumn(range: Excel.Range, column: ColumnSpec): void {
    const format = numberFormatFor(column);
    setNumberFormat(range, format);
    this.pendingBytes += STYLE_COLUMN_BYTES + jsonBytes(format);
    applyColumnColours(range, column);
  }

  /** A number format for one cell (or range) apart from its column's. */
  formatCell(range: Excel.Range, format: string): void {
    setNumberFormat(range, format);
    this.pendingBytes += FORMAT_CELL_BYTES + jsonBytes(format);
  }

  async sync(): Promise<void> {
    await this.context.sync();
    this.syncs += 1;
    this.largestSyncBytes = Math.max(this.largestSyncBytes, this.pendingBytes);
    this.pendingBytes = 0;
  }
}
