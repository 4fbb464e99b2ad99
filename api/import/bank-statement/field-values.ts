// The values every statement format carries — currency codes, amounts, dates, free text —
// checked one way for all parsers. Each check throws a BankFileError naming where in the file
// the bad value is and what is accepted.
import { isValidIsoDate } from '../../domain/dates.js';
import { isCurrencyCode, minorUnitsOf } from '../../domain/money/currencies.js';
import { MAX_AMOUNT, Money } from '../../domain/money/money.js';
import { BankFileError } from './types.js';

/** An ISO 4217 code as written (upper case), or a BankFileError naming the entry. */
export function currencyCode(value: string, location: string): string {
  const code = value.trim();
  if (!/^[A-Z]{3}$/.test(code) || !isCurrencyCode(code)) {
    throw new BankFileError(`${quote(code)} is not an ISO 4217 currency code; banks write three capital letters such as EUR, USD, GBP, JPY.`, location);
  }
  return code;
}

/**
 * A positive amount written as a plain decimal ("1250.00", "1250"), with at most the currency's
 * minor-unit decimals, returned as an exact decimal string without leading zeros.
 */
export function positiveAmount(value: string, currency: string, location: string): string {
  const text = value.trim();
  if (!/^\d{1,18}(\.\d{1,12})?$/.test(text)) {
    throw new BankFileError(`${quote(text)} is not an amount: a statement amount is digits with an optional decimal point, such as 1250.00 (no sign, thousands separator or exponent).`, location);
  }
  return checkedAmount(new Money(text), text, currency, location);
}

/** An amount given as a count of the currency's minor units (BAI2: "125000" USD → "1250.00"). */
export function amountFromMinorUnits(digits: string, currency: string, location: string): string {
  const places = minorUnitsOf(currency);
  return checkedAmount(new Money(digits).dividedBy(new Money(10).pow(places)), digits, currency, location);
}

/** Applies the rules every entry's amount obeys and formats it with the currency's decimals. */
export function checkedAmount(amount: Money, written: string, currency: string, location: string): string {
  const places = minorUnitsOf(currency);
  if (amount.decimalPlaces() > places) {
    throw new BankFileError(`the amount ${quote(written)} has ${amount.decimalPlaces()} decimals; ${currency} takes at most ${places}.`, location);
  }
  if (amount.lte(0)) {
    throw new BankFileError(`the amount ${quote(written)} is not greater than zero; an entry's amount is positive (its direction is given separately).`, location);
  }
  if (amount.gte(MAX_AMOUNT)) {
    throw new BankFileError(`the amount ${quote(written)} is too large; amounts must be below ${MAX_AMOUNT.toFixed()}.`, location);
  }
  return amount.toFixed(places);
}

/** A YYYY-MM-DD date, also the date part of a timestamp or zoned date as written ("2026-03-31T23:59:59+01:00"). */
export function isoDatePart(value: string, what: string, location: string): string {
  const text = value.trim();
  const date = text.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}(T.*|Z|[+-]\d{2}:\d{2})?$/.test(text) || !isValidIsoDate(date)) {
    throw new BankFileError(`${what} ${quote(text)} is not a calendar date; expected YYYY-MM-DD or an ISO date-time (years 1900–2999).`, location);
  }
  return date;
}

/**
 * Free text from the file as it will be stored: control characters (NUL cannot be stored) and
 * runs of white space become one space; blank is null.
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value == null) return null;
  const text = value.replace(/[\u0000-\u001F\u007F\s]+/g, ' ').trim();
  return text === '' ? null : text;
}

/** Up to 40 characters of untrusted text, quoted, with control characters shown as "?". */
export function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown.replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, '?'));
}

/** The earliest and latest of some ISO dates (null, null for none). */
export function dateRange(dates: Iterable<string>): { fromDate: string | null; toDate: string | null } {
  let fromDate: string | null = null;
  let toDate: string | null = null;
  for (const date of dates) {
    if (fromDate === null || date < fromDate) fromDate = date;
    if (toDate === null || date > toDate) toDate = date;
  }
  return { fromDate, toDate };
}
