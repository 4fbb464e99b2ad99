// Contracts: recurring billing on a schedule from a start to an optional end.
import { addMonths, toDayNumber } from '../../domain/dates.js';
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { Money, fromMinorUnits, roundMoney, toMinorUnits } from '../../domain/money/money.js';
import type { BillingSchedule } from '../../generated/prisma/enums.js';
import type { DemoBook } from './book.js';
import { Rows, type ContractRow } from './bulk-insert.js';
import { CONTRACT_KINDS, DEMO_MONTHS, ENTITIES, roundFigure } from './catalogue.js';
import { poNumber } from './customers.js';
import { iso, timestamp } from './days.js';
import type { ContractPlan } from './plans.js';
import { Random } from './random.js';

/**
 * A few contracts per customer. Those that would bill in the window are kept there while a
 * budget of ~30 % of the invoices lasts; the rest ran out before the window began.
 */
export function contractsFor(book: DemoBook, rng: Random): Rows<ContractRow> {
  const rows = new Rows<ContractRow>('contract', {
    id: 'int', number: 'text', customer_id: 'int', start_date: 'date', end_date: 'date', payment_terms: 'text', schedule: '"BillingSchedule"',
    amount_per_period: 'numeric', currency: 'text', po_number: 'text', description: 'text', created_at: 'timestamptz',
  });
  for (let m = 0; m < DEMO_MONTHS; m++) book.billings.push([]);
  let budget = Math.floor(book.options.invoices * 0.3);
  for (const customer of book.customers) {
    const count = rng.weighted([[1, 45], [2, 40], [3, 15]] as const);
    for (let k = 0; k < count; k++) {
      const kind = rng.weighted(CONTRACT_KINDS);
      const id = book.contracts.length + 1;
      const currency = customer.currency;
      let quantity = '1';
      let unitPrice: string;
      let amountMinor: number;
      if (kind.seats) {
        quantity = String(rng.int(2, 60) * 5);
        unitPrice = book.prices.get(currency)![1]!.text;
        amountMinor = toMinorUnits(roundMoney(new Money(quantity).times(unitPrice), currency), currency);
      } else {
        const units = roundFigure(rng.int(kind.usdFee[0] / 100, kind.usdFee[1] / 100) * 100, currency, currency === 'JPY' ? 10_000 : 50);
        amountMinor = units * 10 ** minorUnitsOf(currency);
        unitPrice = fromMinorUnits(amountMinor, customer.places);
      }
      const months = rng.pick([12, 24, 36]);
      const evergreen = kind.schedule !== 'MILESTONE' && rng.chance(0.3);
      let start = toDayNumber(addMonths(iso(book.windowStart), -rng.int(0, 30)));
      let end: number | null = evergreen ? null : toDayNumber(addMonths(iso(start), months)) - 1;
      let dates = billingDays(book, kind.schedule, start, end, rng);
      if (dates.length > budget) {
        // A contract that ran its course before the window.
        start = toDayNumber(addMonths(iso(book.windowStart), -rng.int(40, 60)));
        end = toDayNumber(addMonths(iso(start), months)) - 1;
        dates = [];
      }
      budget -= dates.length;
      const terms = rng.chance(0.25) ? book.terms(rng.weighted(ENTITIES[customer.entity]!.terms)).canonical : null;
      const entityCode = ENTITIES[customer.entity]!.code;
      const contract: ContractPlan = {
        id,
        customer: customer.id - 1,
        number: `CTR-${entityCode}-${String(id).padStart(5, '0')}`,
        terms,
        po: customer.poRequired || rng.chance(0.4) ? poNumber(customer, rng) : null,
        lineDescription: kind.seats ? `${kind.description} (${quantity} seats)` : kind.description,
        quantity,
        unitPrice,
        amountMinor,
      };
      book.contracts.push(contract);
      for (const day of dates) book.billings[book.monthIndex(day)]!.push({ contract, day });
      rows.add({
        id,
        number: contract.number,
        customer_id: customer.id,
        start_date: iso(start),
        end_date: end === null ? null : iso(end),
        payment_terms: terms,
        schedule: kind.schedule,
        amount_per_period: fromMinorUnits(amountMinor, customer.places),
        currency,
        po_number: contract.po,
        description: kind.seats ? `${kind.description}, ${quantity} seats` : kind.description,
        created_at: timestamp(start - 14, 10 * 60),
      });
    }
  }
  return rows;
}

/** Billing days inside the window and up to today: the first of each period's month. */
export function billingDays(book: DemoBook, schedule: BillingSchedule, start: number, end: number | null, rng: Random): number[] {
  const days: number[] = [];
  const inWindow = (day: number) => day >= book.windowStart && day <= book.today && day >= start && (end === null || day <= end);
  if (schedule === 'MILESTONE') {
    let day = start + rng.int(30, 90);
    for (let k = rng.int(2, 4); k > 0; k--, day += rng.int(45, 120)) {
      if (inWindow(day)) days.push(day);
    }
    return days;
  }
  const step = schedule === 'MONTHLY' ? 1 : schedule === 'QUARTERLY' ? 3 : 12;
  for (let k = 0; ; k += step) {
    const day = toDayNumber(addMonths(iso(start), k));
    if (day > book.today || (end !== null && day > end)) break;
    if (inWindow(day)) days.push(day);
  }
  return days;
}
