// Entities and their FX history (weekday rates from before the first invoice to today).
import { addMonths, toDayNumber } from '../../domain/dates.js';
import type { DemoBook } from './book.js';
import { Rows, type EntityRow, type FxRateRow, type Sql } from './bulk-insert.js';
import { ADDRESS_LINE_SEPARATOR, ENTITIES, USD_ANCHORS } from './catalogue.js';
import { iso, weekday } from './days.js';

export async function insertEntities(book: DemoBook, db: Sql): Promise<void> {
  const rows = new Rows<EntityRow>(
    'entity',
    {
      id: 'int', code: 'text', name: 'text', currency: 'text', region: 'text', legal_name: 'text', address_lines: 'text', city: 'text', postal_code: 'text',
      country_code: 'text', tax_id: 'text', bank_name: 'text', iban: 'text', bic: 'text', account_number: 'text', created_at: 'timestamptz',
    },
    { address_lines: `string_to_array(address_lines, '${ADDRESS_LINE_SEPARATOR}')` },
  );
  ENTITIES.forEach((entity, i) => {
    const { letterhead } = entity;
    rows.add({
      id: i + 1, code: entity.code, name: entity.name, currency: entity.currency, region: entity.region, legal_name: letterhead.legalName,
      address_lines: letterhead.addressLines.join(ADDRESS_LINE_SEPARATOR), city: letterhead.city, postal_code: letterhead.postalCode, country_code: entity.countryCode,
      tax_id: letterhead.taxId, bank_name: letterhead.bankName, iban: letterhead.iban, bic: letterhead.bic, account_number: letterhead.accountNumber,
      created_at: book.setupTimestamp(),
    });
  });
  await rows.insert(db);
}

/**
 * Weekday rates from three months before the window to today for each book currency but the
 * base: a mean-reverting random walk around the anchors, in units of the base per one unit.
 */
export async function insertFxRates(book: DemoBook, db: Sql): Promise<void> {
  const rng = book.rng('fx');
  const base = book.options.baseCurrency;
  const walked = [...new Set([...ENTITIES.map((e) => e.currency), base])].filter((c) => c !== 'USD');
  const quoted = ENTITIES.map((e) => e.currency).filter((c) => c !== base);
  const usdValue = new Map(walked.map((c) => [c, USD_ANCHORS[c] ?? 1]));
  usdValue.set('USD', 1);
  const rows = new Rows<FxRateRow>('fx_rate', { id: 'int', currency: 'text', date: 'date', rate: 'numeric' });
  const start = toDayNumber(addMonths(iso(book.windowStart), -3));
  let id = 0;
  for (let day = start; day <= book.today; day++) {
    const wd = weekday(day);
    if (wd === 0 || wd === 6) continue;
    for (const currency of walked) {
      const anchor = USD_ANCHORS[currency] ?? 1;
      const value = usdValue.get(currency)!;
      usdValue.set(currency, value * (1 + (rng.next() - 0.5) * 0.012 + (0.006 * (anchor - value)) / anchor));
    }
    for (const currency of quoted) {
      const rate = usdValue.get(currency)! / usdValue.get(base)!;
      rows.add({ id: ++id, currency, date: iso(day), rate: Number(rate.toPrecision(6)).toFixed(10) });
    }
  }
  await rows.insert(db);
}
