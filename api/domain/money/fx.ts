// Translation into a reporting currency (PRODUCT.md, "Currency"): amount × rate(C) ÷ rate(R),
// rates in units of the base currency per unit, rounded to R's minor units half away from zero.
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
