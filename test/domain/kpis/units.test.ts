import { describe, expect, it } from 'vitest';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { checkValueForUnit, type KpiUnit } from '../../../api/domain/kpis/units.js';
import { Money } from '../../../api/domain/money/money.js';

function refusals(value: string, unit: KpiUnit) {
  const errors = new ErrorCollector();
  checkValueForUnit(new Money(value), unit, ['targets', '0', 'value'], errors, 'target');
  return errors.errors;
}

describe('KPI values by unit', () => {
  it.each([
    ['0', 'PERCENT'], ['100', 'PERCENT'], ['0', 'DAYS'], ['45.5', 'DAYS'], ['0', 'RATIO'], ['3', 'COUNT'], ['-250.00', 'CURRENCY'],
  ] as const)('%s %s is accepted', (value, unit) => {
    expect(refusals(value, unit)).toEqual([]);
  });

  it.each([
    ['100.01', 'PERCENT', 'A percentage target must be from 0 to 100 (got 100.01).'],
    ['-0.5', 'PERCENT', 'A percentage target must be from 0 to 100 (got -0.5).'],
    ['-1', 'DAYS', 'A days target cannot be negative (got -1).'],
    ['-0.1', 'RATIO', 'A ratio target cannot be negative (got -0.1).'],
    ['-2', 'COUNT', 'A count target cannot be negative (got -2).'],
  ] as const)('%s %s is refused as out of range', (value, unit, message) => {
    expect(refusals(value, unit)).toEqual([{ field: ['targets', '0', 'value'], message, code: 'OUT_OF_RANGE' }]);
  });
});
