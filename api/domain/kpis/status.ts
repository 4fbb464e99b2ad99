// Status against target (PRODUCT.md): compares the rounded actual with the target, with the
// KPI's tolerance t.
import { Money } from '../money/money.js';

export type KpiStatus = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_TARGET' | 'NO_DATA';
export type KpiDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

export interface StatusParams {
  actual: Money | null;
  target: Money | null;
  direction: KpiDirection;
  tolerance: Money;
}

export function kpiStatus({ actual, target, direction, tolerance }: StatusParams): KpiStatus {
  if (target === null) return 'NO_TARGET';
  if (actual === null) return 'NO_DATA';
  const one = new Money(1);
  if (direction === 'LOWER_IS_BETTER') {
    if (actual.lte(target)) return 'ON_TRACK';
    return actual.lte(target.times(one.plus(tolerance))) ? 'AT_RISK' : 'OFF_TRACK';
  }
  if (actual.gte(target)) return 'ON_TRACK';
  return actual.gte(target.times(one.minus(tolerance))) ? 'AT_RISK' : 'OFF_TRACK';
}
