// Checks edited values before anything is sent: text in a number column, a date Excel did not
// recognise, a percentage over 100, a value outside a list. Each problem names the cell, so the
// pane can flag it (markCells 'invalid') and list it.
import type { CellValue } from '../office/contract.js';
import { cellToDecimalString, cellToIsoDate, cellToPercentString, decimalPlaces, displayCell, isBlank, kindOf, minorUnits, numberToDecimalString, padDecimal } from './cells.js';
import { columnOf, type AddinColumn, type CreateSpec, type DatasetLayout, type Edit, type ParsedEdit, type Problem, type Row, type RowEdits } from './types.js';

/** What an edited cell means to the API, or why it cannot be sent. */
export type Parsed = { ok: true; value: string | number | null } | { ok: false; message: string };

/** "On hold" → "ON_HOLD": enum values may be typed the way people say them. */
function enumValue(text: string): string {
  return text.trim().toUpperCase().replace(/[\s-]+/g, '_');
}

export function parseCell(value: CellValue, spec: AddinColumn, row: Row = {}): Parsed {
  // A percentage cell is checked and sent as the percentage it shows (0.45 → "45"), in the
  // rows of a mixed column too (a KPI target whose unit is PERCENT).
  const kind = kindOf(spec, row);
  const column: AddinColumn = kind === spec.kind ? spec : { ...spec, kind, numberFormat: undefined };
  // Numbers as typed ("1300.5"), dates and percentages as the cell shows them.
  const shown = typeof value === 'number' && kind !== 'date' && kind !== 'percent' && Number.isFinite(value) ? numberToDecimalString(value) : displayCell(value, kind);
  const fail = (message: string): Parsed => ({ ok: false, message: `${column.header}: ${message}` });
  if (isBlank(value)) {
    if (column.clearable) return { ok: true, value: null };
    return fail(column.options ? `choose one of ${column.options.join(', ')}.` : 'cannot be left blank.');
  }
  if (typeof value === 'boolean') return fail(`"${shown}" is not a ${column.kind === 'text' ? 'text' : column.kind} value.`);

  switch (column.kind) {
    case 'text': {
      const text = String(value).trim();
      if (column.options) {
        const chosen = enumValue(text);
        if (!column.options.includes(chosen)) return fail(`"${text}" is not one of ${column.options.join(', ')}.`);
        return { ok: true, value: chosen };
      }
      return { ok: true, value: text };
    }
    case 'date': {
      const iso = cellToIsoDate(value);
      if (iso === null) return fail(`"${shown}" is not a date. Enter it as YYYY-MM-DD.`);
      return { ok: true, value: iso };
    }
    case 'integer': {
      const decimal = cellToDecimalString(value);
      if (decimal === null) return fail(`"${shown}" is not a number.`);
      if (decimal.includes('.')) return fail(`"${shown}" is not a whole number${range(column)}.`);
      const n = Number(decimal);
      if (outside(n, column)) return fail(`${shown} is out of range${range(column)}.`);
      return { ok: true, value: n };
    }
    case 'decimal':
    case 'money':
    case 'percent': {
      const decimal = column.kind === 'percent' ? cellToPercentString(value) : cellToDecimalString(value);
      const currency = column.kind === 'money' && column.currencyColumn ? String(row[column.currencyColumn] ?? '') : '';
      // A percentage left as text in an amount (a text-formatted cell keeps "10%") is not guessed into an amount.
      if (decimal === null && column.kind === 'money' && /%\s*$/.test(String(value))) return fail(`"${shown}" is a percentage, not an amount: type the amount itself${currency ? ` in ${currency}` : ''}.`);
      if (decimal === null) return fail(`"${shown}" is not a number.`);
      const n = Number(decimal);
      const bounds = column.kind === 'percent' ? { min: column.min ?? 0, max: column.max ?? 100 } : column;
      if (outside(n, bounds)) {
        return fail(column.kind === 'percent' && n > (bounds.max ?? 100) ? `${shown} is over ${bounds.max ?? 100}%.` : `${shown} is out of range${range(bounds)}.`);
      }
      const scale = column.kind === 'money' ? (column.scale ?? minorUnits(currency)) : column.scale;
      if (scale !== undefined && decimalPlaces(decimal) > scale) {
        const unit = column.kind === 'money' && currency ? `${currency} takes` : 'takes';
        return fail(`${shown} has too many decimals (${unit} at most ${scale}).`);
      }
      return { ok: true, value: column.kind === 'money' ? padDecimal(decimal, scale ?? 2) : decimal };
    }
  }
}

function outside(n: number, bounds: { min?: number; max?: number }): boolean {
  return (bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max);
}

function range(bounds: { min?: number; max?: number }): string {
  if (bounds.min !== undefined && bounds.max !== undefined) return ` (${bounds.min}–${bounds.max})`;
  if (bounds.min !== undefined) return ` (at least ${bounds.min})`;
  if (bounds.max !== undefined) return ` (at most ${bounds.max})`;
  return '';
}

export interface Validated {
  /** Rows with at least one edit, every edit parsed; only rows without problems. */
  rows: RowEdits[];
  problems: Problem[];
}

/** Parses every edit and applies the layout's row rules; a row with any problem is held back. */
export function validateEdits(edits: Edit[], current: Row[], layout: DatasetLayout): Validated {
  const byRow = new Map<string, Edit[]>();
  for (const edit of edits) byRow.set(edit.rowKey, [...(byRow.get(edit.rowKey) ?? []), edit]);
  const rows: RowEdits[] = [];
  const problems: Problem[] = [];
  for (const [rowKey, rowEdits] of byRow) {
    const index = rowEdits[0]!.row;
    const row = current[index] ?? {};
    const parsed: ParsedEdit[] = [];
    const rowProblems: Problem[] = [];
    for (const edit of rowEdits) {
      const result = parseCell(edit.after, columnOf(layout, edit.column), row);
      if (result.ok) parsed.push({ ...edit, value: result.value });
      else rowProblems.push({ rowKey, row: index, column: edit.column, message: result.message });
    }
    const candidate: RowEdits = { rowKey, row: index, current: row, edits: parsed };
    if (rowProblems.length === 0 && layout.push?.validateRow) {
      for (const problem of layout.push.validateRow(candidate, layout)) rowProblems.push({ ...problem, rowKey, row: index });
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else rows.push(candidate);
  }
  return { rows, problems };
}

/** New rows' cells, checked like edits: each filled create column parsed, every required one filled. */
export function validateNewRows(rows: { rowKey: string; row: number }[], current: Row[], layout: DatasetLayout, creates: CreateSpec): Validated {
  const valid: RowEdits[] = [];
  const problems: Problem[] = [];
  for (const { rowKey, row: index } of rows) {
    const row = current[index] ?? {};
    const parsed: ParsedEdit[] = [];
    const rowProblems: Problem[] = [];
    for (const key of creates.columns) {
      const spec = columnOf(layout, key);
      const value = row[key] ?? '';
      if (isBlank(value)) {
        if (creates.required.includes(key)) rowProblems.push({ rowKey, row: index, column: key, message: `${spec.header}: a new row needs one.` });
        continue;
      }
      const result = parseCell(value, spec, row);
      if (result.ok) parsed.push({ rowKey, row: index, column: key, before: '', after: value, value: result.value });
      else rowProblems.push({ rowKey, row: index, column: key, message: result.message });
    }
    const candidate: RowEdits = { rowKey, row: index, current: row, edits: parsed };
    if (rowProblems.length === 0 && layout.push?.validateRow) {
      for (const problem of layout.push.validateRow(candidate, layout)) rowProblems.push({ ...problem, rowKey, row: index });
    }
    if (rowProblems.length > 0) problems.push(...rowProblems);
    else valid.push(candidate);
  }
  return { rows: valid, problems };
}
