// Translation into a reporting currency (PRODUCT.md, "Currency"): amount × rate(C) ÷ rate(R),
// rates in units of the base currency per unit, rounded to R's minor units half away from zero.
import { addDays, type IsoDate } from '../dates.js';
import { roundMoney, type Money } from './money.js';

/** Each currency's rate as of a date; the base currency's is 1. */
export type Rates = ReadonlyMap<string, Money>;

/** The amount in `to`, or null when a rate it needs is missing (the caller names the currency). */
export function translate(amount: Money, from: string, to: string, rates: Rates): Money | null {
  if (from === to) return amount;
  const fromRate = rates.get(from);
  const toRate = rates.get(to);
  if (!fromRate || !toRate) return null;
  return roundMoney(amount.times(fromRate).div(toRate), to);
}

/** A rate a report translated with: units of the base currency per unit, and the rate's date. */
export interface FxRateUsed {
  currency: string;
  rate: Money;
  date: string;
}

/**
 * True when a rate dated `rateDate` is too old for a report as of `asOf`: older than
 * `maxAgeDays` days before it (a rate dated exactly asOf − maxAgeDays is still fine).
 */
export function isStaleRate(rateDate: IsoDate, asOf: IsoDate, maxAgeDays: number): boolean {
  return rateDate < addDays(asOf, -maxAgeDays);
}

export interface RatesUsedParams {
  /** The currencies of the amounts translated (any order, repeats allowed). */
  currencies: string[];
  reportCurrency: string;
  baseCurrency: string;
  rates: ReadonlyMap<string, { rate: Money; date: IsoDate | null }>;
}

/**
 * The rates a translation into `reportCurrency` used, by currency: each foreign currency's,
 * and the report currency's own when anything was translated; never the base currency's
 * (1 by definition, no row). Currencies without a rate are left out (the caller refuses them).
 */
export function ratesUsed(params: RatesUsedParams): FxRateUsed[] {
  const foreign = [...new Set(params.currencies)].filter((code) => code !== params.reportCurrency);
  if (foreign.length === 0) return [];
  return [...new Set([...foreign, params.reportCurrency])]
    .filter((code) => code !== params.baseCurrency)
    .sort()
    .flatMap((currency) => {
      const found = params.rates.get(currency);
      return found?.date ? [{ currency, rate: found.rate, date: found.date }] : [];
    });
}
