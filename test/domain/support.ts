// Shared helpers for the pure domain tests: catching refusals and building exact money.
import fc from 'fast-check';
import { UserInputError, type UserError } from '../../api/domain/errors.js';
import { Money } from '../../api/domain/money/money.js';

/** Runs `fn` and returns the user errors it was refused with; fails when it is not refused. */
export function refusalOf(fn: () => unknown): UserError[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error.errors;
    throw error;
  }
  throw new Error('expected a UserInputError, but the input was accepted');
}

/** An integer number of minor units as a decimal string: (123456, 2) → "1234.56", (-5, 2) → "-0.05". */
export function decimalFromMinor(minor: number | bigint, decimals: number): string {
  const value = BigInt(minor);
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(decimals + 1, '0');
  return decimals === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export const money = (text: string): Money => new Money(text);

/** Amounts as whole minor units turned into decimal strings, so no float is ever involved. */
export function amountArb(decimals: number, minMinor: number, maxMinor: number): fc.Arbitrary<string> {
  return fc.integer({ min: minMinor, max: maxMinor }).map((minor) => decimalFromMinor(minor, decimals));
}

/** Calendar dates between 1990 and 2090 as ISO strings, generated without the code under test. */
export const isoDateArb: fc.Arbitrary<string> = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
