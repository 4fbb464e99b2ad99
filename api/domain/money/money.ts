// The one place money is parsed, rounded and formatted. Amounts are decimal.js values;
// rounding is half away from zero (ROUND_HALF_UP in decimal.js), to the currency's minor units.
import { Decimal } from 'decimal.js';
import { ErrorCode, UserInputError } from '../errors.js';
import { isCurrencyCode, minorUnitsOf } from './currencies.js';

export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 60 });
export type Money = Decimal;

export const ZERO = new Money(0);

const DECIMAL_PATTERN = /^-?\d{1,18}(\.\d{1,12})?$/;

/** Parses a decimal string exactly ("1234.50"); refuses exponents, blanks and garbage. */
export function parseDecimal(value: string, field: string[], what = 'an amount'): Money {
  const text = String(value).trim();
  if (!DECIMAL_PATTERN.test(text)) {
    throw UserInputError.of(field, `"${truncate(text)}" is not ${what}: write a decimal number such as 1234.50 (digits, an optional point, no thousands separators or exponent).`);
  }
  return new Money(text);
}

export function decimalPlaces(value: Money): number {
  return value.decimalPlaces();
}

/**
 * Money columns are numeric(20,4): 16 integer digits. Stored amounts stay below 10^15, so a
 * value that would overflow its column is refused as input instead of failing in the database.
 */
export const MAX_AMOUNT = new Money('1e15');

export interface AmountRules {
  /** The currency whose minor units bound the decimals; omit when `decimals` is given. */
  currency?: string;
  /** Decimals allowed, overriding the currency's (quantities take 4). */
  decimals?: number;
  /** Decimals allowed beyond the currency's minor units (unit prices take 2). */
  extraDecimals?: number;
  /** Refuse zero and negative values (default true). */
  positive?: boolean;
  /** Refuse values of this size or more (e.g. MAX_AMOUNT for a money column). */
  below?: Money;
  what?: string;
}

/** Parses an amount and checks its scale against the currency and its sign. */
export function parseAmount(value: string, field: string[], rules: AmountRules): Money {
  // `what` starts a sentence here ("A payment amount …") and sits inside one in parseDecimal's.
  const what = rules.what ?? 'An amount';
  const amount = parseDecimal(value, field, what.charAt(0).toLowerCase() + what.slice(1));
  const allowed = rules.decimals ?? minorUnitsOf(rules.currency!) + (rules.extraDecimals ?? 0);
  const inCurrency = rules.currency && rules.decimals === undefined ? ` in ${rules.currency}` : '';
  if (amount.decimalPlaces() > allowed) {
    throw UserInputError.of(
      field,
      `${what}${inCurrency} takes at most ${allowed} decimals; ${value} has ${amount.decimalPlaces()}.`,
      ErrorCode.INVALID,
    );
  }
  if ((rules.positive ?? true) && amount.lte(0)) {
    throw UserInputError.of(field, `${what} must be greater than zero (got ${value}).`, ErrorCode.OUT_OF_RANGE);
  }
  if (rules.below && amount.abs().gte(rules.below)) {
    const limit = rules.below.toFixed();
    const message = (rules.positive ?? true)
      ? `${what} is too large: it must be greater than zero and below ${limit} (got ${value}).`
      : amount.isNeg()
        ? `${what} is too small: it must be above -${limit} (got ${value}).`
        : `${what} is too large: it must be below ${limit} (got ${value}).`;
    throw UserInputError.of(field, message, ErrorCode.OUT_OF_RANGE);
  }
  return amount;
}

/** Rounds to the currency's minor units, half away from zero. */
export function roundMoney(amount: Money | string | number, currency: string): Money {
  return new Money(amount).toDecimalPlaces(minorUnitsOf(currency), Money.ROUND_HALF_UP);
}

/** Serialises padded to the currency's minor units: "1234.50", JPY "1234". */
export function formatMoney(amount: Money | string | { toString(): string }, currency: string): string {
  // Rounding before toFixed: toFixed alone writes "-0.00" for an amount like -0.001.
  return roundMoney(amount.toString(), currency).toFixed(minorUnitsOf(currency));
}

export function sumMoney(values: Iterable<Money>): Money {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** Checks a currency code against ISO 4217 and returns it upper-cased. */
export function parseCurrency(value: string, field: string[]): string {
  const code = String(value).trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !isCurrencyCode(code)) {
    throw UserInputError.of(field, `"${truncate(String(value))}" is not an ISO 4217 currency code; use three letters such as USD, EUR, GBP, JPY.`);
  }
  return code;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Whole minor units as an exact decimal string with `places` decimals: (123450, 2) → "1234.50",
 * (1234, 0) → "1234". For bulk generators that add amounts as safe integers.
 */
export function fromMinorUnits(minor: number, places: number): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(places + 1, '0');
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

/** An amount whole in the currency's minor units → the count of them: (1234.50, USD) → 123450. */
export function toMinorUnits(amount: Money, currency: string): number {
  return amount.times(10 ** minorUnitsOf(currency)).toNumber();
}
