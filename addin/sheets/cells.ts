// Conversions between what the API sends (ISO dates, Decimal strings) and what an Excel cell
// holds (serial dates, numbers), and back. Money is shown as a number but pushed as an exact
// Decimal string: an edited number is turned into its shortest decimal text, never summed.
// Percentages are real percentage cells: the API's 0–100 "45" is the cell's 0.45 (shown 45.00%),
// and back, by moving the decimal point in the text, never by multiplying floats.
import type { CellValue, ColumnKind, ColumnSpec } from '../office/contract.js';

const DAY_MS = 86_400_000;
/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29, so later dates line up). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-11-25` → 46351. Throws on a malformed or impossible date. */
export function isoToSerial(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new Error(`"${iso}" is not a date in YYYY-MM-DD form.`);
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new Error(`"${iso}" is not a calendar date.`);
  }
  return Math.round((ms - EXCEL_EPOCH_MS) / DAY_MS);
}

/** 46351 → `2026-11-25`. A time of day (the fraction) is dropped. */
export function serialToIso(serial: number): string {
  if (!Number.isFinite(serial)) throw new Error(`${serial} is not a date serial number.`);
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/** Blank: what Excel gives for an empty cell (''), or a missing value. */
export function isBlank(value: CellValue | null | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A value from the API as the cell shows it. Nulls become '' (a null in Excel's values array
 * would leave the old cell content in place on refresh), dates serial numbers, decimals numbers.
 */
export function toCell(value: string | number | boolean | null | undefined, kind: ColumnKind): CellValue {
  if (value === null || value === undefined || value === '') return '';
  switch (kind) {
    case 'date':
      return typeof value === 'string' ? isoToSerial(value) : (value as CellValue);
    case 'percent': {
      const decimal = typeof value === 'number' ? (Number.isFinite(value) ? numberToDecimalString(value) : null) : textToDecimalString(String(value));
      return decimal === null ? String(value) : Number(shiftDecimal(decimal, -2));
    }
    case 'integer':
    case 'decimal':
    case 'money': {
      if (typeof value === 'number') return value;
      const n = Number(value);
      return Number.isFinite(n) ? n : String(value);
    }
    default:
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
  }
}

/**
 * The exact decimal text of a number as a person would write it: 1234.5 → "1234.5",
 * 1e21 → "1000000000000000000000", 3.3000000000000003 (a formula's float noise) → "3.3".
 * Excel keeps 15 significant digits, so rounding to 15 removes only binary noise.
 */
export function numberToDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`${value} is not a finite number.`);
  if (value === 0) return '0';
  const [mantissa, exponentText] = Number(value.toPrecision(15)).toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  // digits d0.d1d2… × 10^exponent: the decimal point goes after position exponent + 1.
  const point = exponent + 1;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + text;
}

const DECIMAL_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** A number typed or pasted as text ("1,234.50", " 45 ") → its decimal text, or null if it is not one. */
export function textToDecimalString(text: string): string | null {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  if (!DECIMAL_TEXT.test(cleaned)) return null;
  let [whole = '0', fraction = ''] = cleaned.replace(/^\+/, '').split('.');
  const negative = whole.startsWith('-');
  whole = whole.replace('-', '').replace(/^0+(?=\d)/, '') || '0';
  fraction = fraction.replace(/0+$/, '');
  const result = fraction ? `${whole}.${fraction}` : whole;
  return negative && result !== '0' ? `-${result}` : result;
}

/** A decimal text times 10^places, by moving its point ("45", -2 → "0.45"; "0.145", 2 → "14.5"). */
export function shiftDecimal(decimal: string, places: number): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction = ''] = decimal.replace(/^[-+]/, '').split('.');
  let digits = whole + fraction;
  let point = whole.length + places;
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const text = textToDecimalString(`${digits.slice(0, point) || '0'}.${digits.slice(point)}`) ?? '0';
  return negative && text !== '0' ? `-${text}` : text;
}

/**
 * A percentage cell's content as the 0–100 decimal text it shows: a number is the cell's
 * fraction (0.45 shows 45%), text is read as written ("45%" or "45" both mean 45).
 */
export function cellToPercentString(value: CellValue): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? shiftDecimal(numberToDecimalString(value), 2) : null;
  if (typeof value === 'string') return textToDecimalString(value.trim().replace(/\s*%$/, ''));
  return null;
}

/**
 * The kind of one cell of a column: a column of mixed units (a KPI's target, whose row says
 * PERCENT or DAYS) holds percentages only in the rows its `percentWhen` names.
 */
export function kindOf(column: Pick<ColumnSpec, 'kind' | 'percentWhen'>, row: Readonly<Record<string, unknown>> | undefined): ColumnKind {
  const when = column.percentWhen;
  if (when && row && String(row[when.column] ?? '') === when.equals) return 'percent';
  return column.kind;
}

/** How many digits a decimal text has after the point. */
export function decimalPlaces(decimal: string): number {
  const point = decimal.indexOf('.');
  return point < 0 ? 0 : decimal.length - point - 1;
}

/** Compares two decimal texts exactly ("1150.55" vs "1150.6"): −1, 0 or 1. */
export function compareDecimals(a: string, b: string): number {
  const places = Math.max(decimalPlaces(a), decimalPlaces(b));
  const x = BigInt(shiftDecimal(a, places));
  const y = BigInt(shiftDecimal(b, places));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Pads a decimal text to `places` decimals ("1300" → "1300.00"); never rounds (callers check first). */
export function padDecimal(decimal: string, places: number): string {
  if (places <= 0) return decimal;
  const have = decimalPlaces(decimal);
  if (have >= places) return decimal;
  return `${have === 0 ? `${decimal}.` : decimal}${'0'.repeat(places - have)}`;
}

/** A cell's content as decimal text: a number, or a number typed as text. Null when it is neither. */
export function cellToDecimalString(value: CellValue): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? numberToDecimalString(value) : null;
  if (typeof value === 'string') return textToDecimalString(value);
  return null;
}

/**
 * A cell's content as an ISO date: a serial number, or a date typed as text in ISO form
 * (Excel reads typed dates in the user's locale; text that stayed text must be unambiguous).
 */
export function cellToIsoDate(value: CellValue): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 1 || value > 2_958_465) return null; // 9999-12-31
    return serialToIso(value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!ISO_DATE.test(text)) return null;
    try {
      isoToSerial(text);
      return text;
    } catch {
      return null;
    }
  }
  return null;
}

/** ISO 4217 minor units where they are not 2 (money is padded to these). */
const MINOR_UNITS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function minorUnits(currency: string | undefined | null): number {
  return currency ? (MINOR_UNITS[currency.toUpperCase()] ?? 2) : 2;
}

/** The same cell content, whatever form it arrived in: numbers typed as text count as numbers. */
export function sameCell(a: CellValue | undefined, b: CellValue | undefined, kind: ColumnKind): boolean {
  if (isBlank(a) && isBlank(b)) return true;
  if (isBlank(a) || isBlank(b)) return false;
  if (kind === 'text') return String(a).trim() === String(b).trim();
  if (kind === 'date') {
    const x = cellToIsoDate(a!);
    const y = cellToIsoDate(b!);
    return x !== null && x === y;
  }
  const decimalOf = kind === 'percent' ? cellToPercentString : cellToDecimalString;
  const x = decimalOf(a!);
  const y = decimalOf(b!);
  if (x === null || y === null) return String(a).trim() === String(b).trim();
  return x === y;
}

/** How a value reads in the pane ("2026-11-25", "1,234.50", "45%", "(blank)"). */
export function displayCell(value: CellValue | undefined, kind: ColumnKind): string {
  if (isBlank(value)) return '(blank)';
  if (kind === 'date' && typeof value === 'number') return cellToIsoDate(value) ?? String(value);
  if (kind === 'percent' && typeof value === 'number') {
    const percent = cellToPercentString(value);
    return percent === null ? String(value) : `${percent}%`;
  }
  if (typeof value === 'number') {
    const decimals = kind === 'money' ? 2 : kind === 'integer' ? 0 : undefined;
    return value.toLocaleString('en-US', decimals === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: decimals, maximumFractionDigits: Math.max(decimals, 6) });
  }
  return String(value);
}

/** A record from the API as a table row: each column's field converted by its kind. */
export function toRow(columns: readonly Pick<ColumnSpec, 'key' | 'kind' | 'percentWhen'>[], record: Record<string, unknown>): Record<string, CellValue> {
  const row: Record<string, CellValue> = {};
  for (const column of columns) row[column.key] = toCell(record[column.key] as string | number | boolean | null | undefined, kindOf(column, record));
  return row;
}
