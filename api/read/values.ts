// Field values the GraphQL types serve from either source: a row of the SQL read path comes
// with its decimals already formatted as text (once, in SQL); a record Prisma loaded (mutation
// payloads, other queries) carries Decimal objects, formatted here once per value.
import { formatMoney } from '../domain/money/money.js';

/** Money padded to its currency's minor units ("1234.50", JPY "1234"). */
export function moneyText(value: string | { toString(): string }, currency: string): string {
  return typeof value === 'string' ? value : formatMoney(value, currency);
}

export function moneyTextOrNull(value: string | { toString(): string } | null, currency: string | null): string | null {
  return value === null || currency === null ? null : moneyText(value, currency);
}

/** A decimal without trailing zeros ("1.5" for 1.5000), as Decimal#toFixed() writes it. */
export function decimalText(value: string | { toFixed(): string }): string {
  return typeof value === 'string' ? value : value.toFixed();
}

/** A row of the SQL read path carries a value the database computed under this key. */
export function computed<T>(row: object, key: string): T | undefined {
  return (row as Record<string, T | undefined>)[key];
}
