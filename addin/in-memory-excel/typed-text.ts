// How en-US Excel reads text entered into a cell (typed by the user, pasted, or written through
// Range.values): numbers, percentages, amounts with separators or a currency symbol, dates and
// logical values become values, each with the built-in number format Excel applies; anything else
// stays text. Microsoft Knowledge Base Q159491, "Excel automatically applies a built-in number
// format" (library.thedatadungeon.com/msdn-2000-04/kboffice/Source/excel/q159491.content.htm).

import type { Scalar } from './formula.js';
import { serialFromDate } from './number-format.js';

export interface TypedEntry {
  value: Scalar;
  /** The number format Excel gives a General cell for this entry. */
  impliedFormat?: string;
}

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** `text` is trimmed and not empty. */
export function parseTypedText(text: string): TypedEntry {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return { value: Number(text) };
  // Q159491: a thousands separator applies the comma style, with two decimals when decimals were
  // typed ("123,456" → #,##0, "123,456.00" → #,##0.00).
  const grouped = /^([+-]?\d{1,3}(?:,\d{3})+)(\.\d*)?$/.exec(text);
  if (grouped) return { value: Number(text.replace(/,/g, '')), impliedFormat: grouped[2] ? '#,##0.00' : '#,##0' };
  // Q159491: a leading currency symbol (en-US: "$") applies the currency format, the symbol beside
  // the number and two decimals when decimals were typed.
  const currency = /^(-?)\$(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/.exec(text);
  if (currency && !(currency[1] && currency[2])) {
    const magnitude = Number(`${currency[3]!.replace(/,/g, '')}${currency[4] ?? ''}`);
    return { value: currency[1] || currency[2] ? -magnitude : magnitude, impliedFormat: currency[4] ? '"$"#,##0.00' : '"$"#,##0' };
  }
  // Q159491: a trailing percent sign divides by 100 and applies the percentage format, with two
  // decimals when decimals were typed ("45%" → 0.45 as 0%, "12.5%" → 0.125 as 0.00%).
  const percent = /^([+-]?(\d+\.?(\d*)|\.(\d+)))%$/.exec(text);
  if (percent) return { value: Number(percent[1]) / 100, impliedFormat: percent[3] || percent[4] ? '0.00%' : '0%' };
  if (/^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  return parseTypedDate(text) ?? { value: text };
}

/**
 * Dates en-US Excel recognises, stored as serial numbers of the 1900 date system ("Date systems in
 * Excel", support.microsoft.com/en-us/office/date-systems-in-excel-e7fe7167-48a9-4b96-bb53-5612a800b487).
 * The day order is the short date style's, month first in en-US, so "31/12/2026" has no month 31
 * and stays text (KB 214391, "How Excel works with two-digit year numbers",
 * support.microsoft.com/kb/214391: "Excel first interprets dates according to the date ordering
 * defined by the Short date style ... M/d/yy"). Month names are read in "Dec 31, 2026" and
 * "31-Dec-2026" (KB 214327, "Wrong date returned when you enter month and digits").
 */
function parseTypedDate(text: string): TypedEntry | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (iso) return dateEntry(Number(iso[1]), Number(iso[2]), Number(iso[3]), 'yyyy-mm-dd');
  const monthFirst = /^(\d{1,2})([/-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(text);
  if (monthFirst) return dateEntry(fullYear(monthFirst[4]!), Number(monthFirst[1]), Number(monthFirst[3]), 'm/d/yyyy');
  const named = /^([A-Za-z]+)\.? (\d{1,2}),? (\d{2}|\d{4})$/.exec(text);
  if (named) return dateEntry(fullYear(named[3]!), monthNumber(named[1]!), Number(named[2]), 'd-mmm-yy');
  const dayFirst = /^(\d{1,2})([- ])([A-Za-z]+)\2(\d{2}|\d{4})$/.exec(text);
  if (dayFirst) return dateEntry(fullYear(dayFirst[4]!), monthNumber(dayFirst[3]!), Number(dayFirst[1]), 'd-mmm-yy');
  return null;
}

/** KB 214391's 2029 rule: a two-digit year from 00 to 29 is 20xx, from 30 to 99 is 19xx. */
function fullYear(digits: string): number {
  const year = Number(digits);
  if (digits.length === 4) return year;
  return year <= 29 ? 2000 + year : 1900 + year;
}

/** A month's full name or its three-letter abbreviation, 0 for anything else. */
function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTH_NAMES.findIndex((m) => m === lower || (lower.length === 3 && m.startsWith(lower)));
  return index + 1;
}

function dateEntry(year: number, month: number, day: number, format: string): TypedEntry | null {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  return { value: serialFromDate(year, month, day), impliedFormat: format };
}
