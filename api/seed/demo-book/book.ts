// The demo book generator: its state, and the order the parts of the book are written in.
import { addMonths, isoOf, parts, toDayNumber } from '../../domain/dates.js';
import { minorUnitsOf } from '../../domain/money/currencies.js';
import { Money } from '../../domain/money/money.js';
import { dueDateFor, formatPaymentTerms, parsePaymentTerms, type PaymentTerms } from '../../domain/receivables/payment-terms.js';
import type { SeedSummary } from '../demo-data.js';
import { Batch, Rows, type PaymentRow, type SequenceRow, type Sql } from './bulk-insert.js';
import { CATALOGUE, DEMO_MONTHS, ENTITIES, PER_USD, type Product } from './catalogue.js';
import { generateCollections } from './collections.js';
import { insertCustomersAndContracts } from './customers.js';
import { iso, monthPeriod, timestamp, weekday } from './days.js';
import { adhocPerMonth, generateMonth } from './invoices.js';
import type { ContractPlan, CustomerPlan, GeneratorOptions, PastDue } from './plans.js';
import { Random } from './random.js';
import { insertEntities, insertFxRates } from './reference-data.js';

export class DemoBook {
  readonly today: number;
  /** First day of the first of the 24 months. */
  readonly windowStart: number;
  readonly customers: CustomerPlan[] = [];
  readonly contracts: ContractPlan[] = [];
  /** Per month of the window: the contract billings falling in it. */
  readonly billings: { contract: ContractPlan; day: number }[][] = [];
  readonly pastDue: PastDue[] = [];
  readonly termsCache = new Map<string, { parsed: PaymentTerms; canonical: string; index: number }>();
  readonly dueCache = new Map<number, number>();
  readonly prices = new Map<string, { text: string; product: Product }[]>();
  readonly nextNumber: number[] = ENTITIES.map(() => 1);
  readonly ids = { invoice: 0, line: 0, delivery: 0, payment: 0, application: 0, dispute: 0, activity: 0 };
  customerCumulative = new Float64Array(0);

  constructor(readonly options: GeneratorOptions) {
    this.today = toDayNumber(options.today);
    const { year, month } = parts(options.today);
    this.windowStart = toDayNumber(addMonths(isoOf(year, month, 1), -(DEMO_MONTHS - 1)));
    for (const currency of Object.keys(PER_USD)) {
      this.prices.set(
        currency,
        CATALOGUE.map((product) => {
          const [num, den] = PER_USD[currency]!;
          const places = minorUnitsOf(currency) + (product.roundPrice ? 0 : 2);
          return { text: new Money(product.usdPrice).times(num).div(den).toDecimalPlaces(places, Money.ROUND_HALF_UP).toFixed(places), product };
        }),
      );
    }
  }

  rng(label: string): Random {
    return new Random(this.options.seed, label);
  }

  async run(db: Sql): Promise<SeedSummary> {
    const setup = new Batch();
    await insertEntities(this, db);
    await insertFxRates(this, db);
    await insertCustomersAndContracts(this, db);

    const adhoc = adhocPerMonth(this);
    let pending: Promise<void> = Promise.resolve();
    let invoiceCount = 0;
    for (let m = 0; m < DEMO_MONTHS; m++) {
      // Generating a month overlaps with the database inserting the one before (generation
      // yields now and then so the insert's statements keep going).
      const batch = await generateMonth(this, m, adhoc[m]!);
      invoiceCount += batch.invoices.length;
      const message = `${monthPeriod(this.monthStart(m))}: ${batch.invoices.length} invoices (${invoiceCount} so far)`;
      await pending;
      pending = batch.insert(db).then(() => this.options.progress?.(message));
      pending.catch(() => undefined); // handled: the next `await pending` rethrows it
    }
    await pending;

    generateCollections(this, setup);
    await setup.insert(db);
    await this.finish(db);
    return {
      entities: ENTITIES.length,
      customers: this.customers.length,
      invoices: invoiceCount,
      payments: this.ids.payment,
      activities: this.ids.activity,
    };
  }

  setupTimestamp(): string {
    return timestamp(this.windowStart - 120, 9 * 60);
  }

  terms(text: string): { parsed: PaymentTerms; canonical: string; index: number } {
    let cached = this.termsCache.get(text);
    if (!cached) {
      const parsed = parsePaymentTerms(text);
      cached = { parsed, canonical: formatPaymentTerms(parsed), index: this.termsCache.size };
      this.termsCache.set(text, cached);
    }
    return cached;
  }

  dueDay(terms: string, issueDay: number): number {
    const { parsed, index } = this.terms(terms);
    const key = index * 1_000_000 + issueDay;
    let due = this.dueCache.get(key);
    if (due === undefined) {
      due = toDayNumber(dueDateFor(parsed, iso(issueDay)));
      this.dueCache.set(key, due);
    }
    return due;
  }

  monthStart(m: number): number {
    return toDayNumber(addMonths(iso(this.windowStart), m));
  }

  monthIndex(day: number): number {
    const a = parts(iso(this.windowStart));
    const b = parts(iso(day));
    return (b.year - a.year) * 12 + (b.month - a.month);
  }

  dayWeight(day: number): number {
    const wd = weekday(day);
    return wd === 0 ? 0.02 : wd === 6 ? 0.05 : 1;
  }

  /** Payments of the month being generated, and the ones batchable receipts of a customer on one day share (payments.ts). */
  monthPayments: { payment: PaymentRow; applied: number }[] = [];
  readonly sharedPayments = new Map<string, { payment: PaymentRow; applied: number }>();

  async finish(db: Sql): Promise<void> {
    const sequences = new Rows<SequenceRow>('invoice_sequence', { entity_id: 'int', next_number: 'int' });
    ENTITIES.forEach((_, i) => sequences.add({ entity_id: i + 1, next_number: this.nextNumber[i]! }));
    await sequences.insert(db);
    for (const table of ['entity', 'customer', 'contract', 'invoice', 'invoice_line', 'invoice_delivery', 'payment', 'payment_application', 'fx_rate', 'collection_activity', 'dispute']) {
      await db.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), COALESCE(max(id), 0) + 1, false) FROM ${table}`);
    }
  }
}
