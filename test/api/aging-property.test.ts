// The aging report (one SQL statement) held to the domain reference: random small ledgers —
// invoices in two or three currencies with FX rates, drafts, voids, partial payments with
// discounts, unapplied cash, due dates on and around every bucket edge — written set-based,
// then agingReport (total and per customer, per entity and for all, in a reporting currency)
// must equal what api/domain computes from the same rows, to the cent.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../api/domain/dates.js';
import { translate, type Rates } from '../../api/domain/money/fx.js';
import { formatMoney, Money, ZERO } from '../../api/domain/money/money.js';
import { minorUnitsOf } from '../../api/domain/money/currencies.js';
import { AGING_BUCKETS, ageItems, type AgingBuckets, type AgingItem } from '../../api/domain/receivables/aging.js';
import { openBalanceAsOf, settledAmount, statusAfterSettlement, type BookedInvoice, type Settlement } from '../../api/domain/receivables/open-balance.js';
import { LEDGER_TABLES } from '../../api/seed/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { decimalFromMinor } from '../domain/support.js';
import { testDatabases } from '../support/databases.js';

const AS_OF = '2026-06-30';
const ENTITIES = ['E1', 'E2'] as const;
/** Days past due on, either side of and inside every bucket edge. */
const DAYS_PAST_DUE = [-10, -1, 0, 1, 2, 29, 30, 31, 32, 59, 60, 61, 62, 89, 90, 91, 92, 200];

interface LedgerInvoice extends BookedInvoice {
  customer: number;
  currency: string;
  dueDate: string;
  applications: (Settlement & { unapplied: Money })[];
}

interface Ledger {
  currencies: string[];
  reportCurrency: string;
  /** Per currency (USD, the base, has none): [date, rate] rows, one at or before AS_OF and maybe one after. */
  rates: Map<string, [string, Money][]>;
  customers: { entity: (typeof ENTITIES)[number]; currency: string }[];
  invoices: LedgerInvoice[];
  /** Payments applied to nothing: [customer, received date, amount]. */
  unapplied: [number, string, Money][];
}

const money = (minor: number, currency: string) => new Money(decimalFromMinor(minor, minorUnitsOf(currency)));
const later = (a: string, b: string) => (a > b ? a : b);

const ledgerArb: fc.Arbitrary<Ledger> = fc
  .record({
    currencies: fc.subarray(['EUR', 'JPY', 'GBP'], { minLength: 1, maxLength: 2 }).map((others) => ['USD', ...others]),
    reportIndex: fc.nat(),
    customers: fc.array(fc.record({ entity: fc.constantFrom(...ENTITIES), currencyIndex: fc.nat() }), { minLength: 1, maxLength: 4 }),
    rates: fc.array(fc.record({ before: fc.integer({ min: 1, max: 40 }), rate: fc.integer({ min: 1, max: 3_000_000 }), later: fc.option(fc.integer({ min: 1, max: 3_000_000 })) }), { minLength: 3, maxLength: 3 }),
    invoices: fc.array(
      fc.record({
        customerIndex: fc.nat(),
        daysPastDue: fc.constantFrom(...DAYS_PAST_DUE),
        termDays: fc.constantFrom(0, 15, 30, 45),
        totalMinor: fc.integer({ min: 1, max: 50_000_000 }),
        kind: fc.constantFrom('OPEN', 'OPEN', 'OPEN', 'DRAFT', 'VOID'),
        voidIn: fc.integer({ min: -3, max: 3 }),
        payments: fc.array(fc.record({ share: fc.integer({ min: 1, max: 100 }), receivedIn: fc.integer({ min: -40, max: 5 }), discount: fc.boolean(), extraMinor: fc.option(fc.integer({ min: 1, max: 99_999 })) }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    unapplied: fc.array(fc.record({ customerIndex: fc.nat(), receivedIn: fc.integer({ min: -5, max: 5 }), minor: fc.integer({ min: 1, max: 1_000_000 }) }), { maxLength: 2 }),
  })
  .map((draw) => {
    const { currencies } = draw;
    const customers = draw.customers.map((c) => ({ entity: c.entity, currency: currencies[c.currencyIndex % currencies.length]! }));
    const rates = new Map<string, [string, Money][]>();
    currencies.slice(1).forEach((currency, i) => {
      const { before, rate, later } = draw.rates[i]!;
      // Rates of 0.000001 to 3 units of USD, with up to six decimals.
      rates.set(currency, [[addDays(AS_OF, -before), new Money(rate).div(1_000_000)], ...(later ? [[addDays(AS_OF, 1), new Money(later).div(1_000_000)] as [string, Money]] : [])]);
    });
    const invoices = draw.invoices.map((plan): LedgerInvoice => {
      const customer = plan.customerIndex % customers.length;
      const currency = customers[customer]!.currency;
      const dueDate = addDays(AS_OF, -plan.daysPastDue);
      const issueDate = addDays(dueDate, -plan.termDays);
      const total = money(plan.totalMinor, currency);
      const base = { customer, currency, dueDate, issueDate, total, voidDate: null, applications: [] };
      if (plan.kind === 'DRAFT') return { ...base, status: 'DRAFT' };
      // Voided around the as-of date, never before the issue date, with nothing applied.
      if (plan.kind === 'VOID') return { ...base, status: 'VOID', voidDate: later(issueDate, addDays(AS_OF, plan.voidIn)) };
      let openMinor = plan.totalMinor;
      const applications = plan.payments.flatMap((payment, i) => {
        const last = i === plan.payments.length - 1;
        const amountMinor = Math.min(openMinor, Math.max(1, Math.floor((plan.totalMinor * payment.share) / 100)));
        if (amountMinor <= 0) return [];
        // A discount closes the invoice: the rest of it is taken as discount.
        const discountMinor = last && payment.discount ? openMinor - amountMinor : 0;
        openMinor -= amountMinor + discountMinor;
        const receivedDate = later(issueDate, addDays(AS_OF, payment.receivedIn));
        return [{ receivedDate, amount: money(amountMinor, currency), discount: money(discountMinor, currency), unapplied: payment.extraMinor ? money(payment.extraMinor, currency) : ZERO }];
      });
      return { ...base, applications, status: statusAfterSettlement(total, settledAmount(applications)) };
    });
    const unapplied = draw.unapplied.map(({ customerIndex, receivedIn, minor }): [number, string, Money] => {
      const customer = customerIndex % customers.length;
      return [customer, addDays(AS_OF, receivedIn), money(minor, customers[customer]!.currency)];
    });
    return { currencies, reportCurrency: currencies[draw.reportIndex % currencies.length]!, rates, customers, invoices, unapplied };
  });

/** Writes the ledger set-based, ids given, in place of whatever the last run left. */
async function writeLedger(api: TestApi, ledger: Ledger): Promise<void> {
  const db = api.db.prisma;
  const date = (iso: string) => new Date(`${iso}T00:00:00Z`);
  await db.$executeRawUnsafe(`TRUNCATE ${LEDGER_TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  await db.entity.createMany({ data: ENTITIES.map((code, i) => ({ id: i + 1, code, name: code, currency: 'USD' })) });
  await db.fxRate.createMany({ data: [...ledger.rates].flatMap(([currency, rows]) => rows.map(([day, rate]) => ({ currency, date: date(day), rate: rate.toString() }))) });
  await db.customer.createMany({
    data: ledger.customers.map((c, i) => ({ id: i + 1, code: `C${i + 1}`, name: `C${i + 1}`, entityId: ENTITIES.indexOf(c.entity) + 1, currency: c.currency, paymentTerms: 'NET30', deliveryChannel: 'EMAIL' as const })),
  });
  await db.invoice.createMany({
    data: ledger.invoices.map((invoice, i) => ({
      id: i + 1,
      number: invoice.status === 'DRAFT' ? null : `INV-${i + 1}`,
      entityId: ENTITIES.indexOf(ledger.customers[invoice.customer]!.entity) + 1,
      customerId: invoice.customer + 1,
      issueDate: date(invoice.issueDate),
      dueDate: date(invoice.dueDate),
      currency: invoice.currency,
      paymentTerms: 'NET30',
      subtotal: invoice.total.toString(),
      total: invoice.total.toString(),
      amountPaid: settledAmount(invoice.applications).toString(),
      paidDate: invoice.status === 'PAID' ? date(invoice.applications.map((a) => a.receivedDate).sort().at(-1)!) : null,
      status: invoice.status,
      voidDate: invoice.voidDate ? date(invoice.voidDate) : null,
    })),
  });
  const applied = ledger.invoices.flatMap((invoice, i) => invoice.applications.map((a) => ({ ...a, invoiceId: i + 1, customerId: invoice.customer + 1, currency: invoice.currency })));
  const loose = ledger.unapplied.map(([customer, receivedDate, amount]) => ({ customerId: customer + 1, currency: ledger.customers[customer]!.currency, receivedDate, amount: ZERO, unapplied: amount }));
  await db.payment.createMany({
    data: [...applied, ...loose].map((p, i) => ({ id: i + 1, customerId: p.customerId, receivedDate: date(p.receivedDate), currency: p.currency, amount: p.amount.plus(p.unapplied).toString(), unappliedAmount: p.unapplied.toString() })),
  });
  await db.paymentApplication.createMany({
    data: applied.map((a, i) => ({ paymentId: i + 1, invoiceId: a.invoiceId, amount: a.amount.toString(), discount: a.discount.toString(), receivedDate: date(a.receivedDate) })),
  });
}

/** The report as the domain computes it from the same ledger, serialised as the API does. */
function referenceReport(ledger: Ledger, entityCode: string | null) {
  const rates: Rates = new Map([
    ['USD', new Money(1)],
    ...[...ledger.rates].map(([currency, rows]) => [currency, rows.filter(([day]) => day <= AS_OF).at(-1)![1]] as const),
  ]);
  const inScope = (customer: number) => entityCode === null || ledger.customers[customer]!.entity === entityCode;
  const toReport = (amount: Money, currency: string) => translate(amount, currency, ledger.reportCurrency, rates)!;
  const shown = (buckets: AgingBuckets) => Object.fromEntries(Object.entries(buckets).map(([key, amount]) => [key, formatMoney(amount, ledger.reportCurrency)]));

  const items = new Map<number, AgingItem[]>();
  for (const invoice of ledger.invoices) {
    const open = openBalanceAsOf(invoice, AS_OF);
    if (!inScope(invoice.customer) || open.isZero()) continue;
    items.set(invoice.customer, [...(items.get(invoice.customer) ?? []), { dueDate: invoice.dueDate, amount: toReport(open, invoice.currency) }]);
  }
  const unapplied = [
    ...ledger.invoices.flatMap((invoice) => invoice.applications.map((a) => [invoice.customer, a.receivedDate, a.unapplied] as const)),
    ...ledger.unapplied,
  ].filter(([customer, day, amount]) => inScope(customer) && day <= AS_OF && amount.gt(0));
  const unappliedOf = (customer: number | null) =>
    unapplied.filter(([c]) => customer === null || c === customer).reduce((sum, [c, , amount]) => sum.plus(toReport(amount, ledger.customers[c]!.currency)), ZERO);

  const customers = [...items]
    .map(([customer, list]) => ({ customer, buckets: ageItems(list, AS_OF) }))
    .filter(({ buckets }) => [...AGING_BUCKETS, 'total' as const].some((key) => !buckets[key].isZero()))
    .sort((a, b) => `C${a.customer + 1}`.localeCompare(`C${b.customer + 1}`));
  return {
    currency: ledger.reportCurrency,
    total: shown(ageItems([...items.values()].flat(), AS_OF)),
    unappliedCash: formatMoney(unappliedOf(null), ledger.reportCurrency),
    customers: customers.map(({ customer, buckets }) => ({
      customer: { code: `C${customer + 1}` },
      buckets: shown(buckets),
      unappliedCash: formatMoney(unappliedOf(customer), ledger.reportCurrency),
    })),
  };
}

const BUCKETS = `${AGING_BUCKETS.join(' ')} total`;
// The drawn rates are up to 40 days old: the property is about translation, so any age is allowed.
const AGING = `query($asOf: Date!, $entityCode: String, $currency: String) {
  agingReport(asOf: $asOf, entityCode: $entityCode, currency: $currency, allowStaleRates: true) {
    currency total { ${BUCKETS} } unappliedCash customers { customer { code } buckets { ${BUCKETS} } unappliedCash }
  }
}`;

describe.each(testDatabases())('agingReport equals the domain reference on random ledgers ($name)', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database, { today: AS_OF });
  });
  afterAll(() => api?.close());

  it('to the cent: total and per customer, per entity and for all, in a reporting currency', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, async (ledger) => {
        await writeLedger(api, ledger);
        for (const entityCode of [null, ...ENTITIES]) {
          const { agingReport } = await api.ok(AGING, { asOf: AS_OF, entityCode, currency: ledger.reportCurrency });
          expect(agingReport).toEqual(referenceReport(ledger, entityCode));
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
