import { describe, expect, it } from 'vitest';
import { ErrorCollector } from '../../../api/domain/errors.js';
import { parseScore } from '../../../api/domain/projects/risks.js';

describe('risk probability and impact are whole numbers from 1 to 5', () => {
  it.each([1, 3, 5])('%i is accepted', (value) => {
    const errors = new ErrorCollector();
    expect(parseScore(value, ['impact'], 'Impact', errors)).toBe(value);
    expect(errors.errors).toEqual([]);
  });

  it.each([0, 6, 2.5, -1, Number.NaN])('%s is refused as out of range', (value) => {
    const errors = new ErrorCollector();
    expect(parseScore(value, ['risks', '1', 'impact'], 'Impact', errors)).toBeUndefined();
    expect(errors.errors).toEqual([{ field: ['risks', '1', 'impact'], message: `Impact is a whole number from 1 to 5 (got ${value}).`, code: 'OUT_OF_RANGE' }]);
  });
});
