// Status against target (PRODUCT.md): compares the rounded actual with the target, with the
// KPI's tolerance t.
import { ErrorCode, type ErrorCollector } from '../errors.js';
import { Money, parseDecimal } from '../money/money.js';

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

/** The tolerance a KPI gets unless told otherwise: 10 %. */
export const DEFAULT_TOLERANCE = new Money('0.10');

/** A tolerance: a share of the target from 0 to 1, at most 4 decimals; left out, the default. */
export function parseTolerance(value: string | null | undefined, field: string[], errors: ErrorCollector): Money {
  if (value === null || value === undefined) return DEFAULT_TOLERANCE;
  const given = errors.check(() => parseDecimal(value, field, 'a tolerance'));
  if (given && (given.lt(0) || given.gt(1) || given.decimalPlaces() > 4)) {
    errors.add(field, 'The tolerance is a share of the target from 0 to 1 (0.10 = 10 %), at most 4 decimals.', ErrorCode.OUT_OF_RANGE);
    return DEFAULT_TOLERANCE;
  }
  return given ?? DEFAULT_TOLERANCE;
}
