// Project risks: probability and impact are each scored 1–5; their product is the risk's score.
import { ErrorCode, type ErrorCollector } from '../errors.js';

/** A probability or impact: a whole number from 1 to 5; anything else is collected as an error. */
export function parseScore(value: number, field: string[], what: string, errors: ErrorCollector): number | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 5) {
    errors.add(field, `${what} is a whole number from 1 to 5 (got ${value}).`, ErrorCode.OUT_OF_RANGE);
    return undefined;
  }
  return value;
}
