// What a KPI value may be, by the KPI's unit (PRODUCT.md, "Status against target").
import { ErrorCode, type ErrorCollector } from '../errors.js';
import type { Money } from '../money/money.js';

export type KpiUnit = 'DAYS' | 'PERCENT' | 'RATIO' | 'CURRENCY' | 'COUNT';

/** Percentages 0–100; day counts, ratios and counts not negative; currency amounts anything. */
export function checkValueForUnit(value: Money, unit: KpiUnit, field: string[], errors: ErrorCollector, noun: string): void {
  if (unit === 'PERCENT' && (value.lt(0) || value.gt(100))) {
    errors.add(field, `A percentage ${noun} must be from 0 to 100 (got ${value.toFixed()}).`, ErrorCode.OUT_OF_RANGE);
  } else if ((unit === 'DAYS' || unit === 'COUNT' || unit === 'RATIO') && value.lt(0)) {
    errors.add(field, `A ${unit.toLowerCase()} ${noun} cannot be negative (got ${value.toFixed()}).`, ErrorCode.OUT_OF_RANGE);
  }
}
