// FX rates are data: units of the base currency per one unit of a currency, per date.
import type { Actor } from '../../domain/actor.js';
import { COLUMN_LIMITS } from '../../domain/column-limits.js';
import { dateFromIso, parseIsoDate } from '../../domain/dates.js';
import { DomainError, ErrorCode, ErrorCollector } from '../../domain/errors.js';
import { Money, parseAmount, parseCurrency } from '../../domain/money/money.js';
import { recordAudit } from '../audit.js';
import { TX_OPTIONS, type Db, type Tx } from '../db-types.js';

export interface SetFxRateInput {
  currency: string;
  date: string;
  rate: string;
}

export async function setFxRate(prisma: Db, actor: Actor, baseCurrency: string, input: SetFxRateInput) {
  const errors = new ErrorCollector();
  const currency = errors.check(() => parseCurrency(input.currency, ['currency']));
  if (currency === baseCurrency) {
    errors.add(['currency'], `${currency} is the base currency; its rate is 1 by definition and cannot be set.`);
  }
  const date = errors.check(() => parseIsoDate(input.date, ['date']));
  const rate = errors.check(() => parseAmount(input.rate, ['rate'], { decimals: 10, below: COLUMN_LIMITS.fxRate, what: 'A rate' }));
  errors.throwIfAny();
  return prisma.$transaction(async (tx) => {
    const key = { currency_date: { currency: currency!, date: dateFromIso(date!) } };
    const before = await tx.fxRate.findUnique({ where: key });
    const fxRate = await tx.fxRate.upsert({
      where: key,
      create: { currency: currency!, date: dateFromIso(date!), rate: rate!.toString() },
      update: { rate: rate!.toString(), version: { increment: 1 } },
    });
    await recordAudit(tx, actor, {
      action: 'setFxRate',
      recordType: 'FxRate',
      recordId: `${currency}@${date}`,
      before: before ? { rate: before.rate.toString() } : undefined,
      after: { rate: fxRate.rate.toString() },
    });
    return fxRate;
  }, TX_OPTIONS);
}

/** Latest rate on or before `asOf` for every currency that has one. Base currency maps to 1. */
export async function ratesAsOf(tx: Tx | Db, asOf: string, baseCurrency: string): Promise<Map<string, Money>> {
  const rows = await tx.$queryRaw<{ currency: string; rate: string }[]>`
    SELECT DISTINCT ON (currency) currency, rate::text AS rate
    FROM fx_rate WHERE date <= ${asOf}::date ORDER BY currency, date DESC`;
  const rates = new Map(rows.map((row) => [row.currency, new Money(row.rate)]));
  rates.set(baseCurrency, new Money(1));
  return rates;
}

export function missingRateError(currencies: string[], asOf: string): DomainError {
  const list = [...new Set(currencies)].sort().join(', ');
  return new DomainError(
    ErrorCode.FX_RATE_MISSING,
    `No FX rate for ${list} on or before ${asOf}; set one with setFxRate (units of the base currency per one unit).`,
  );
}
