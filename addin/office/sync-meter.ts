/// <reference types="office-js" />
// Counts what each context.sync() carries, so a write can report its largest sync and the
// tests can hold it to the limit.

import type { CellValue, ColumnSpec } from './contract.js';
import { applyColumnColours, numberFormatFor, setNumberFormat } from './column-styles.js';
import { jsonBytes } from './payload.js';

export class SyncMeter {
  syncs = 0;
  largestSyncBytes = 0;
  private pendingBytes = 0;

  constructor(private readonly context: Excel.RequestContext) {}

  writeValues(range: Excel.Range, values: CellValue[][]): void {
    range.values = values;
    this.pendingBytes += jsonBytes(values);
  }

  addRows(table: Excel.Table, rows: Array<Array<CellValue | null>>): void {
    // null leaves a cell alone: the user's own columns (calculated ones fill themselves).
    table.rows.add(undefined, rows as CellValue[][]);
    this.pendingBytes += jsonBytes(rows);
  }

  /** Number format, fill and font of a column's cells (number format first: '@' keeps text as text). */
  styleColumn(range: Excel.Range, column: ColumnSpec): void {
    const format = numberFormatFor(column);
    setNumberFormat(range, format);
    this.pendingBytes += jsonBytes(format);
    applyColumnColours(range, column);
  }

  /** A number format for one cell (or range) apart from its column's. */
  formatCell(range: Excel.Range, format: string): void {
    setNumberFormat(range, format);
    this.pendingBytes += jsonBytes(format);
  }

  async sync(): Promise<void> {
    await this.context.sync();
    this.syncs += 1;
    this.largestSyncBytes = Math.max(this.largestSyncBytes, this.pendingBytes);
    this.pendingBytes = 0;
  }
}
