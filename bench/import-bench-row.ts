// One figure of an import benchmark: the product's path against a hand-written baseline on
// the same rows in the same run.
import { printColumns } from './http.bench.js';

export interface ImportBenchRow {
  what: string;
  rows: number;
  ms: number;
  peakRssMb: number;
  baselineLabel: string;
  baselineMs: number;
}

/** The import figures: time and rows per second of both paths, their ratio, the server's peak RSS. */
export function printImportTable(rows: ImportBenchRow[]): void {
  if (rows.length === 0) return;
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const header = ['import', 'rows', 'API s', 'API rows/s', 'server peak RSS MB', 'baseline', 'baseline s', 'baseline rows/s', 'API/baseline'];
  const lines = rows.map((r) => [
    r.what, n(r.rows), n(r.ms / 1000, 2), n(r.rows / (r.ms / 1000)), n(r.peakRssMb),
    r.baselineLabel, n(r.baselineMs / 1000, 2), n(r.rows / (r.baselineMs / 1000)), (r.ms / r.baselineMs).toFixed(2),
  ]);
  printColumns(header, lines, 1);
}
