import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundKpi } from '../../../api/domain/kpis/formulas.js';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { kpiStatus, parseTolerance, type KpiDirection, type KpiStatus } from '../../../api/domain/kpis/status.js';
import { Money } from '../../../api/domain/money/money.js';
import { decimalFromMinor } from '../support.js';

const status = (actual: string | null, target: string | null, direction: KpiDirection, tolerance = '0.10') =>
  kpiStatus({ actual: actual === null ? null : new Money(actual), target: target === null ? null : new Money(target), direction, tolerance: new Money(tolerance) });

const SEVERITY: Record<KpiStatus, number> = { ON_TRACK: 0, AT_RISK: 1, OFF_TRACK: 2, NO_TARGET: -1, NO_DATA: -1 };

describe('lower is better (e.g. DSO), target 40 days, tolerance 10 %', () => {
  it.each([
    ['12', 'ON_TRACK'],
    ['39.99', 'ON_TRACK'],
    ['40', 'ON_TRACK'],
    ['40.01', 'AT_RISK'],
    ['44', 'AT_RISK'], // 40 × 1.1, the edge
    ['44.00', 'AT_RISK'],
    ['44.01', 'OFF_TRACK'],
    ['90', 'OFF_TRACK'],
  ] as const)('an actual of %s days is %s', (actual, expected) => {
    expect(status(actual, '40', 'LOWER_IS_BETTER')).toBe(expected);
  });
});

describe('higher is better (e.g. CEI), target 90 %, tolerance 10 %', () => {
  it.each([
    ['100', 'ON_TRACK'],
    ['90.01', 'ON_TRACK'],
    ['90', 'ON_TRACK'],
    ['89.99', 'AT_RISK'],
    ['81', 'AT_RISK'], // 90 × 0.9, the edge
    ['80.99', 'OFF_TRACK'],
    ['0', 'OFF_TRACK'],
  ] as const)('an actual of %s % is %s', (actual, expected) => {
    expect(status(actual, '90', 'HIGHER_IS_BETTER')).toBe(expected);
  });
});

describe('other tolerances', () => {
  it.each([
    ['40', 'LOWER_IS_BETTER', 'ON_TRACK'],
    ['40.01', 'LOWER_IS_BETTER', 'OFF_TRACK'],
    ['90', 'HIGHER_IS_BETTER', 'ON_TRACK'],
    ['89.99', 'HIGHER_IS_BETTER', 'OFF_TRACK'],
  ] as const)('with tolerance 0 there is no amber band: %s against %s is %s', (actual, direction, expected) => {
    expect(status(actual, direction === 'LOWER_IS_BETTER' ? '40' : '90', direction, '0')).toBe(expected);
  });

  it.each([
    ['50', 'AT_RISK'], // 40 × 1.25
    ['50.01', 'OFF_TRACK'],
    ['44.01', 'AT_RISK'],
  ] as const)('lower is better, target 40, tolerance 25 %: %s is %s', (actual, expected) => {
    expect(status(actual, '40', 'LOWER_IS_BETTER', '0.25')).toBe(expected);
  });

  it.each([
    ['60', 'AT_RISK'], // 80 × 0.75
    ['59.99', 'OFF_TRACK'],
    ['71.99', 'AT_RISK'],
  ] as const)('higher is better, target 80, tolerance 25 %: %s is %s', (actual, expected) => {
    expect(status(actual, '80', 'HIGHER_IS_BETTER', '0.25')).toBe(expected);
  });
});

describe('missing target or actual', () => {
  it.each(['LOWER_IS_BETTER', 'HIGHER_IS_BETTER'] as const)('%s: no target is NO_TARGET, with or without an actual', (direction) => {
    expect(status('45', null, direction)).toBe('NO_TARGET');
    expect(status(null, null, direction)).toBe('NO_TARGET');
  });

  it.each(['LOWER_IS_BETTER', 'HIGHER_IS_BETTER'] as const)('%s: a target without an actual is NO_DATA', (direction) => {
    expect(status(null, '40', direction)).toBe('NO_DATA');
    expect(status(null, '0', direction)).toBe('NO_DATA');
  });
});

describe('a target of 0', () => {
  it('lower is better (e.g. dispute rate 0 %): only 0 is on track, anything above is off track', () => {
    expect(status('0', '0', 'LOWER_IS_BETTER')).toBe('ON_TRACK');
    expect(status('0.01', '0', 'LOWER_IS_BETTER')).toBe('OFF_TRACK');
  });

  it('higher is better: every non-negative actual is on track', () => {
    expect(status('0', '0', 'HIGHER_IS_BETTER')).toBe('ON_TRACK');
    expect(status('12.5', '0', 'HIGHER_IS_BETTER')).toBe('ON_TRACK');
  });
});

describe('the rounded actual is compared', () => {
  it('DSO 44.004 shows as 44.00 and is AT_RISK against 40; 44.005 shows as 44.01 and is OFF_TRACK', () => {
    const against40 = (unrounded: string) =>
      kpiStatus({ actual: roundKpi(new Money(unrounded)), target: new Money('40'), direction: 'LOWER_IS_BETTER', tolerance: new Money('0.10') });
    expect(against40('44.004')).toBe('AT_RISK');
    expect(against40('44.005')).toBe('OFF_TRACK');
  });
});

describe('status properties', () => {
  // Actuals and targets in hundredths, tolerance in whole percent: the rule in integers.
  const centsArb = fc.integer({ min: 0, max: 10_000_000 });
  const percentArb = fc.integer({ min: 0, max: 50 });
  const directionArb = fc.constantFrom<KpiDirection>('LOWER_IS_BETTER', 'HIGHER_IS_BETTER');

  it('matches the published rule worked in whole numbers', () => {
    fc.assert(
      fc.property(centsArb, centsArb, percentArb, directionArb, (actual, target, tolerance, direction) => {
        let expected: KpiStatus;
        if (direction === 'LOWER_IS_BETTER') {
          expected = actual <= target ? 'ON_TRACK' : actual * 100 <= target * (100 + tolerance) ? 'AT_RISK' : 'OFF_TRACK';
        } else {
          expected = actual >= target ? 'ON_TRACK' : actual * 100 >= target * (100 - tolerance) ? 'AT_RISK' : 'OFF_TRACK';
        }
        expect(status(decimalFromMinor(actual, 2), decimalFromMinor(target, 2), direction, decimalFromMinor(tolerance, 2))).toBe(expected);
      }),
    );
  });

  it('moving the actual the wrong way never improves the status', () => {
    fc.assert(
      fc.property(centsArb, centsArb, centsArb, percentArb, directionArb, (a, b, target, tolerance, direction) => {
        const [better, worse] = direction === 'LOWER_IS_BETTER' ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
        const at = (actual: number) => SEVERITY[status(decimalFromMinor(actual, 2), decimalFromMinor(target, 2), direction, decimalFromMinor(tolerance, 2))];
        expect(at(worse)).toBeGreaterThanOrEqual(at(better));
      }),
    );
  });
});

describe('a KPI tolerance: a share of the target from 0 to 1, at most 4 decimals', () => {
  const parse = (value: string | null) => {
    const errors = new ErrorCollector();
    return { tolerance: parseTolerance(value, ['tolerance'], errors).toFixed(), codes: errors.errors.map((e) => e.code) };
  };

  it.each([
    [null, '0.1'], // left out: 10 %
    ['0', '0'],
    ['0.0525', '0.0525'],
    ['1', '1'],
  ])('%s gives %s', (value, tolerance) => {
    expect(parse(value)).toEqual({ tolerance, codes: [] });
  });

  it.each(['-0.01', '1.01', '0.12345'])('%s is refused as out of range', (value) => {
    expect(parse(value).codes).toEqual(['OUT_OF_RANGE']);
  });

  it('text that is no number is refused as invalid', () => {
    expect(parse('ten percent').codes).toEqual(['INVALID']);
  });
});
