// Tax on invoice lines (PRODUCT.md, "Tax"): a line carries a rate (percent) and a UNCL5305
// category; tax is computed once per category and rate over the net amounts of its lines,
// rounded half away from zero to the currency's minor units, and total = Σ net + Σ tax.
//
// Accepted (Peppol BIS 3.0 rules BR-S-05, BR-Z-05, BR-E-05, BR-AE-05, BR-O-05):
// - rate: a decimal from 0 to 100 with at most 4 decimals (the column is numeric(7,4));
// - category: S, Z, E, AE or O (case-insensitive); default O when the rate is 0, S otherwise;
// - S needs a rate above 0; Z, E, AE and O need rate 0.
import type { TaxSubtotal } from '../../documents/types.js';
import { ErrorCode, UserInputError } from '../errors.js';
import { Money, ZERO, formatMoney, parseDecimal, roundMoney, sumMoney } from '../money/money.js';

/** UNCL5305 codes, in the order tax subtotals are listed. */
export const TAX_CATEGORIES = ['S', 'Z', 'E', 'AE', 'O'] as const;
export type TaxCategory = (typeof TAX_CATEGORIES)[number];

const CATEGORY_NAMES: Record<TaxCategory, string> = {
  S: 'standard rate',
  Z: 'zero rated',
  E: 'exempt',
  AE: 'reverse charge',
  O: 'outside the scope of tax',
};

export const MAX_TAX_RATE = new Money(100);
export const TAX_RATE_DECIMALS = 4;

export interface LineTax {
  rate: Money;
  category: TaxCategory;
}

export interface LineTaxParams {
  taxRate?: string | null;
  taxCategory?: string | null;
  /** The line's input path, e.g. ["lines", "2"]; errors name its taxRate / taxCategory. */
  field: string[];
}

/** Checks a line's rate and category, filling the defaults; throws a UserInputError naming the field. */
export function parseLineTax({ taxRate, taxCategory, field }: LineTaxParams): LineTax {
  const rate = taxRate === null || taxRate === undefined ? ZERO : parseTaxRate(taxRate, [...field, 'taxRate']);
  const category = taxCategory === null || taxCategory === undefined ? defaultTaxCategory(rate) : parseTaxCategory(taxCategory, [...field, 'taxCategory']);
  if (category === 'S' && rate.isZero()) {
    throw UserInputError.of([...field, 'taxRate'], 'Tax category S (standard rate) needs a rate above 0; for a 0 % line use Z, E, AE or O.');
  }
  if (category !== 'S' && !rate.isZero()) {
    throw UserInputError.of(
      [...field, 'taxRate'],
      `Tax category ${category} (${CATEGORY_NAMES[category]}) takes rate 0, not ${rate.toFixed()}; a line with a positive rate is category S.`,
    );
  }
  return { rate, category };
}

export function defaultTaxCategory(rate: Money): TaxCategory {
  return rate.isZero() ? 'O' : 'S';
}

function parseTaxRate(value: string, field: string[]): Money {
  const rate = parseDecimal(value, field, 'a tax rate');
  if (rate.decimalPlaces() > TAX_RATE_DECIMALS) {
    throw UserInputError.of(field, `A tax rate takes at most ${TAX_RATE_DECIMALS} decimals; ${value} has ${rate.decimalPlaces()}.`);
  }
  if (rate.isZero()) return ZERO; // "-0" is 0
  if (rate.isNeg() || rate.gt(MAX_TAX_RATE)) {
    throw UserInputError.of(field, `A tax rate is a percentage from 0 to 100 (e.g. 20 for 20 %); got ${value}.`, ErrorCode.OUT_OF_RANGE);
  }
  return rate;
}

function parseTaxCategory(value: string, field: string[]): TaxCategory {
  const code = String(value).trim().toUpperCase();
  const category = TAX_CATEGORIES.find((c) => c === code);
  if (!category) {
    const accepted = TAX_CATEGORIES.map((c) => `${c} (${CATEGORY_NAMES[c]})`).join(', ');
    throw UserInputError.of(field, `"${String(value).slice(0, 20)}" is not a tax category; use one of ${accepted}.`);
  }
  return category;
}

/** A line as tax sees it: its net amount (already rounded to minor units), rate and category. */
export interface TaxableLine {
  amount: Money | string;
  taxRate: Money | string;
  taxCategory: string;
}

export interface InvoiceTaxes {
  /** One per category and rate, categories in TAX_CATEGORIES order, rates ascending. */
  taxes: TaxSubtotal[];
  /** Σ net line amounts. */
  subtotal: Money;
  /** Σ of the rounded tax of each category and rate. */
  taxTotal: Money;
  /** subtotal + taxTotal. */
  total: Money;
}

/**
 * Groups lines by category and rate: tax = Σ net × rate ÷ 100, rounded half away from zero to
 * the currency's minor units per group (negative amounts round away from zero too: −0.125 →
 * −0.13). Amounts in `taxes` are formatted as the API serialises money; rates trimmed ("20").
 */
export function invoiceTaxes(lines: readonly TaxableLine[], currency: string): InvoiceTaxes {
  const groups = new Map<string, { category: string; rate: Money; net: Money }>();
  for (const line of lines) {
    const rate = new Money(line.taxRate.toString());
    const key = `${line.taxCategory}|${rate.toFixed()}`;
    const group = groups.get(key) ?? { category: line.taxCategory, rate, net: ZERO };
    group.net = group.net.plus(line.amount.toString());
    groups.set(key, group);
  }
  const rank = (category: string) => {
    const index = TAX_CATEGORIES.indexOf(category as TaxCategory);
    return index < 0 ? TAX_CATEGORIES.length : index;
  };
  const ordered = [...groups.values()].sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category) || a.rate.comparedTo(b.rate));
  const computed = ordered.map((group) => ({ ...group, tax: roundMoney(group.net.times(group.rate).div(100), currency) }));
  const subtotal = sumMoney(computed.map((group) => group.net));
  const taxTotal = sumMoney(computed.map((group) => group.tax));
  return {
    taxes: computed.map((group) => ({
      category: group.category,
      rate: group.rate.toFixed(),
      taxableAmount: formatMoney(group.net, currency),
      taxAmount: formatMoney(group.tax, currency),
    })),
    subtotal,
    taxTotal,
    total: subtotal.plus(taxTotal),
  };
}
