// The computed KPIs (PRODUCT.md, "KPIs computed from the ledger"), from aggregates the
// database returns. Values stay unrounded until `roundKpi`; a zero denominator gives null.
import { Money } from '../money/money.js';
import type { Period } from './periods.js';

export const COMPUTED_KPIS = [
  'DSO',
  'BEST_POSSIBLE_DSO',
  'ADD',
  'CEI',
  'PAST_DUE_PCT',
  'AR_TURNOVER',
  'DISPUTE_RATE',
  'ON_TIME_PAYMENT_RATE',
  'PROJECTS_ON_TIME_PCT',
  'PROJECTS_ON_BUDGET_PCT',
] as const;
export type ComputedKpiCode = (typeof COMPUTED_KPIS)[number];

/** Everything the formulas need for one period and scope, amounts in the reporting currency. */
export interface LedgerFigures {
  beginningAr: Money;
  endingAr: Money;
  endingCurrentAr: Money;
  creditSales: Money;
  invoicesIssued: number;
  invoicesDisputed: number;
  invoicesSettled: number;
  invoicesSettledOnTime: number;
  projectsFinished: number;
  projectsFinishedOnTime: number;
  projectsFinishedOnBudget: number;
}

function ratio(numerator: Money, denominator: Money): Money | null {
  return denominator.isZero() ? null : numerator.div(denominator);
}

function percent(numerator: number, denominator: number): Money | null {
  return denominator === 0 ? null : new Money(numerator).div(denominator).times(100);
}

/** Unrounded values of every computed KPI. */
export function computeKpis(figures: LedgerFigures, period: Period): Record<ComputedKpiCode, Money | null> {
  const { beginningAr, endingAr, endingCurrentAr, creditSales } = figures;
  const days = new Money(period.days);
  const dso = ratio(endingAr, creditSales)?.times(days) ?? null;
  const bestPossible = ratio(endingCurrentAr, creditSales)?.times(days) ?? null;
  const sales = period.kind === 'WEEK' ? creditSales : creditSales.div(period.months);
  const collectible = beginningAr.plus(sales);
  return {
    DSO: dso,
    BEST_POSSIBLE_DSO: bestPossible,
    ADD: dso !== null && bestPossible !== null ? dso.minus(bestPossible) : null,
    CEI: ratio(collectible.minus(endingAr), collectible.minus(endingCurrentAr))?.times(100) ?? null,
    PAST_DUE_PCT: ratio(endingAr.minus(endingCurrentAr), endingAr)?.times(100) ?? null,
    AR_TURNOVER: ratio(creditSales, beginningAr.plus(endingAr).div(2)),
    DISPUTE_RATE: percent(figures.invoicesDisputed, figures.invoicesIssued),
    ON_TIME_PAYMENT_RATE: percent(figures.invoicesSettledOnTime, figures.invoicesSettled),
    PROJECTS_ON_TIME_PCT: percent(figures.projectsFinishedOnTime, figures.projectsFinished),
    PROJECTS_ON_BUDGET_PCT: percent(figures.projectsFinishedOnBudget, figures.projectsFinished),
  };
}

/** Rounded to 2 decimals, half away from zero — only at the end. */
export function roundKpi(value: Money | null): Money | null {
  return value === null ? null : value.toDecimalPlaces(2, Money.ROUND_HALF_UP);
}
