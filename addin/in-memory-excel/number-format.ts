// Display text of a value under the number formats the add-in uses (Range.text). Covers
// General, '@', fixed decimals with optional digits and grouping, percent (real % or a quoted
// "%" literal) and dates; other formats fall back to General.

import type { Scalar } from './formula.js';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function serialFromDate(year: number, month: number, day: number): number {
  return (Date.UTC(year, month - 1, day) - EXCEL_EPOCH_MS) / DAY_MS;
}

function dateFromSerial(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS);
}

export function formatValue(value: Scalar, numberFormat: string): string {
  if (value === '') return '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  const section = (numberFormat.split(';')[0] ?? 'General').trim();
  if (section === '' || section === 'General' || section === '@') return generalText(value);
  const bare = section.replace(/"[^"]*"/g, '').replace(/\\./g, '');
  if (/[ymd]/i.test(bare) && !/[0#]/.test(bare)) return formatDate(value, section);
  return formatNumber(value, section);
}

function generalText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(11)));
}

function formatDate(serial: number, format: string): string {
  const d = dateFromSerial(serial);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return format.replace(/"([^"]*)"|yyyy|yy|mmmm|mmm|mm|m|dd|d/gi, (token, literal?: string) => {
    if (literal !== undefined) return literal;
    switch (token.toLowerCase()) {
      case 'yyyy':
        return String(y);
      case 'yy':
        return String(y % 100).padStart(2, '0');
      case 'mmmm':
      case 'mmm':
        return MONTHS[m - 1]!;
      case 'mm':
        return String(m).padStart(2, '0');
      case 'm':
        return String(m);
      case 'dd':
        return String(day).padStart(2, '0');
      default:
        return String(day);
    }
  });
}

function formatNumber(value: number, format: string): string {
  const percent = /%/.test(format.replace(/"[^"]*"/g, ''));
  let n = percent ? value * 100 : value;
  const numeric = /[#0,.]+/.exec(format.replace(/"[^"]*"/g, (s) => ' '.repeat(s.length)));
  if (!numeric) return generalText(value);
  const pattern = numeric[0];
  const [intPart = '', fracPart = ''] = pattern.split('.');
  const minDecimals = (fracPart.match(/0/g) ?? []).length;
  const maxDecimals = minDecimals + (fracPart.match(/#/g) ?? []).length;
  const grouping = intPart.includes(',');
  const negative = n < 0;
  n = Math.abs(n);
  let text = n.toFixed(maxDecimals);
  if (maxDecimals > minDecimals) {
    const [i, f = ''] = text.split('.');
    let frac = f;
    while (frac.length > minDecimals && frac.endsWith('0')) frac = frac.slice(0, -1);
    text = frac ? `${i}.${frac}` : i!;
  }
  if (grouping) {
    const [i = '', f] = text.split('.');
    const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    text = f !== undefined ? `${grouped}.${f}` : grouped;
  }
  const prefixEnd = numeric.index;
  const before = format.slice(0, prefixEnd).replace(/"([^"]*)"/g, '$1');
  const after = format.slice(prefixEnd + pattern.length).replace(/"([^"]*)"/g, '$1');
  return `${negative ? '-' : ''}${before}${text}${after}`;
}
