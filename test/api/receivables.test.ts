// Small ledgers with answers worked out by hand: due dates, invoice numbers, line rounding,
// payment application and discounts, aging as of a date (with FX), disputes, the collections
// worklist, roles and the audit trail. Each describe block starts its own database.
import { forgetAuthentications } from '../../api/services/admin/authenticate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const INVOICE = 'id number status issueDate dueDate currency paymentTerms total amountPaid balance paidDate disputed voidDate';
const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';

const DOCUMENTS = {
  createEntity: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code currency } ${ERRORS} } }`,
  createCustomer: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code currency paymentTerms } ${ERRORS} } }`,
  createInvoice: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { ${INVOICE} lines { lineNo quantity unitPrice amount } } ${ERRORS} } }`,
  issueInvoice: `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { ${INVOICE} } ${ERRORS} } }`,
  voidInvoice: `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { invoice { ${INVOICE} voidReason } ${ERRORS} } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
      payment { id amount currency unappliedAmount applications { amount discount invoice { number status balance paidDate } } } ${ERRORS} } }`,
  setFxRate: `mutation($input: SetFxRateInput!) { setFxRate(input: $input) { fxRate { currency date rate } ${ERRORS} } }`,
  openDispute: `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { invoice { number disputed } ${ERRORS} } }`,
  resolveDispute: `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { invoice { number disputed } ${ERRORS} } }`,
  logCollectionActivities: `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) {
      collectionActivities { id kind activityDate actor promiseDate promiseAmount currency nextFollowUp invoices { number } } ${ERRORS} } }`,
  createApiToken: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { name role } ${ERRORS} } }`,
  revokeApiToken: `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { name revokedAt } ${ERRORS} } }`,
} as const;
type MutationName = keyof typeof DOCUMENTS;

const AGING = `query($asOf: Date!, $entityCode: String, $currency: String) {
  agingReport(asOf: $asOf, entityCode: $entityCode, currency: $currency) {
    asOf currency total { ${BUCKETS} } customers { customer { code } buckets { ${BUCKETS} } }
  }
}`;
const WORKLIST = `query($asOf: Date!, $entityCode: String) {
  collectionsWorklist(asOf: $asOf, entityCode: $entityCode, includeSnoozed: true) {
    customer { code } currency pastDue oldestDaysPastDue brokenPromises lastActivity lastActivityKind nextFollowUp priority
  }
}`;

type Buckets = { current: string; days1To30: string; days31To60: string; days61To90: string; over90: string; total: string };
const buckets = (current: string, days1To30: string, days31To60: string, days61To90: string, over90: string, total: string): Buckets =>
  ({ current, days1To30, days31To60, days61To90, over90, total });

/** Minor units of a formatted amount ("1234.56" → 123456n); all amounts of one report share a scale. */
const minor = (amount: string) => BigInt(amount.replace('.', ''));

/** The five buckets add up to the total, for each customer and in total, and the customers add up to the total. */
function expectBucketsAddUp(report: { total: Buckets; customers: { buckets: Buckets }[] }) {
  const keys = ['current', 'days1To30', 'days31To60', 'days61To90', 'over90'] as const;
  for (const row of [report.total, ...report.customers.map((c) => c.buckets)]) {
    expect(keys.reduce((sum, key) => sum + minor(row[key]), 0n)).toBe(minor(row.total));
  }
  for (const key of [...keys, 'total'] as const) {
    expect(report.customers.reduce((sum, c) => sum + minor(c.buckets[key]), 0n)).toBe(minor(report.total[key]));
  }
}

/** Mutations that must succeed, and the reports, for one test API. */
function ledger(api: TestApi) {
  async function write(name: MutationName, input: Record<string, unknown>, token: string = api.tokens.ADMIN) {
    const payload = (await api.ok(DOCUMENTS[name], { input }, token))[name];
    expect(payload.userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return payload;
  }
  return {
    write,
    entity: (code: string, currency: string) => write('createEntity', { code, name: `Ledgerline ${code}`, currency }),
    customer: (code: string, entityCode: string, paymentTerms = 'NET30', extra: Record<string, unknown> = {}) =>
      write('createCustomer', { entityCode, code, name: `${code} Ltd`, paymentTerms, deliveryChannel: 'POST', ...extra }, api.tokens.AR),
    /** An invoice of one line, 1 × amount, unless lines are given. */
    invoice: async (customerCode: string, issueDate: string, amount: string, extra: Record<string, unknown> = {}) =>
      (await write('createInvoice', { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }], ...extra }, api.tokens.AR)).invoice,
    pay: async (input: Record<string, unknown>, token: string = api.tokens.AR) => (await write('recordPayment', input, token)).payment,
    rate: (currency: string, date: string, rate: string) => write('setFxRate', { currency, date, rate }, api.tokens.AR),
    activities: async (activities: Record<string, unknown>[], token: string = api.tokens.ANALYST) =>
      (await write('logCollectionActivities', { activities }, token)).collectionActivities,
    aging: async (asOf: string, args: { entityCode?: string; currency?: string } = {}) => (await api.ok(AGING, { asOf, ...args })).agingReport,
    worklist: async (asOf: string, entityCode?: string) => (await api.ok(WORKLIST, { asOf, entityCode })).collectionsWorklist,
    invoiceByNumber: async (number: string) =>
      (await api.ok(`query($n: String!) { invoice(number: $n) { ${INVOICE} disputes { reason openedDate openedBy resolvedDate resolution resolvedBy } } }`, { n: number })).invoice,
  };
}

describe.each(testDatabases())('receivables on $name', (database) => {
  describe('invoices: due dates, numbers and line totals', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.entity('DE01', 'EUR');
      await l.entity('JP01', 'JPY');
      await l.entity('GB01', 'GBP');
      await l.customer('ACME', 'US01');
      await l.customer('MUELLER', 'DE01', 'EOM');
      await l.customer('KAITO', 'JP01');
      await l.customer('TERMS', 'GB01', 'NET30');
    });
    afterAll(async () => api?.close());

    it('numbers run per entity without gaps; a draft gets its number only when issued', async () => {
      const first = await l.invoice('ACME', '2026-11-02', '100');
      expect(first).toMatchObject({ number: 'US01-000001', status: 'ISSUED' });

      const draft = await l.invoice('ACME', '2026-11-03', '250', { issue: false });
      expect(draft).toMatchObject({ number: null, status: 'DRAFT', total: '250.00' });

      expect(await l.invoice('MUELLER', '2026-11-03', '100')).toMatchObject({ number: 'DE01-000001' });
      expect(await l.invoice('ACME', '2026-11-04', '100')).toMatchObject({ number: 'US01-000002' });

      // Refused calls use up no number: a bad invoice, and issuing an invoice that is not a draft.
      const bad = await api.ok(DOCUMENTS.createInvoice, { input: { customerCode: 'ACME', issueDate: '2026-11-05', lines: [{ description: 'x', quantity: '-1', unitPrice: '1' }] } }, api.tokens.AR);
      expect(bad.createInvoice.invoice).toBeNull();
      const again = await api.ok(DOCUMENTS.issueInvoice, { input: { id: first.id } }, api.tokens.AR);
      expect(again.issueInvoice.userErrors).toEqual([{ field: ['id'], code: 'INVALID', message: expect.stringContaining('only a DRAFT') }]);

      const issued = (await l.write('issueInvoice', { id: draft.id }, api.tokens.AR)).invoice;
      expect(issued).toMatchObject({ id: draft.id, number: 'US01-000003', status: 'ISSUED', issueDate: '2026-11-03', dueDate: '2026-12-03', total: '250.00' });
      expect(await l.invoice('ACME', '2026-11-06', '100')).toMatchObject({ number: 'US01-000004' });

      const numbers = await api.ok(`{ invoices(first: 100, filter: {entityCode: "US01"}, orderBy: NUMBER_ASC) { edges { node { number } } } }`);
      expect(numbers.invoices.edges.map((e: { node: { number: string } }) => e.node.number)).toEqual(['US01-000001', 'US01-000002', 'US01-000003', 'US01-000004']);
    });

    it.each([
      // terms, issue date, due date — why
      ['NET30', '2026-01-31', '2026-03-02'], // 31 Jan + 30 days; February 2026 has 28 days
      ['NET0', '2026-03-05', '2026-03-05'],
      ['EOM', '2026-02-10', '2026-02-28'], // last day of the issue month
      ['EOM', '2028-02-03', '2028-02-29'], // a leap year
      ['EOM30', '2026-02-10', '2026-03-30'], // 28 Feb + 30 days
      ['EOM15', '2026-12-20', '2027-01-15'], // 31 Dec + 15 days, into the next year
      ['2/10 NET30', '2026-03-05', '2026-04-04'], // due at NET30; the discount only changes what closes it
      ['MFI15', '2026-03-20', '2026-04-15'], // the 15th of the month following the issue month
      ['MFI31', '2026-01-15', '2026-02-28'], // February is shorter: its last day
      ['MFI31', '2026-12-05', '2027-01-31'], // December → January of the next year
      ['DUE_ON_RECEIPT', '2026-03-05', '2026-03-05'],
    ])('terms %s issued %s are due %s', async (paymentTerms, issueDate, dueDate) => {
      const invoice = await l.invoice('TERMS', issueDate, '100', { paymentTerms });
      expect(invoice).toMatchObject({ issueDate, dueDate, paymentTerms, status: 'ISSUED' });
    });

    it('terms written loosely are understood and stored in their canonical spelling', async () => {
      // "net 45" is NET45: 1 Mar + 45 days = 15 Apr.
      expect(await l.invoice('TERMS', '2026-03-01', '100', { paymentTerms: 'net 45' })).toMatchObject({ paymentTerms: 'NET45', dueDate: '2026-04-15' });
      expect(await l.invoice('TERMS', '2026-03-01', '100', { paymentTerms: '2 / 10 net 30' })).toMatchObject({ paymentTerms: '2/10 NET30', dueDate: '2026-03-31' });
    });

    it("an invoice without terms takes the customer's", async () => {
      // MUELLER's terms are EOM: issued 10 Nov, due 30 Nov.
      expect(await l.invoice('MUELLER', '2026-11-10', '100')).toMatchObject({ paymentTerms: 'EOM', dueDate: '2026-11-30', currency: 'EUR' });
    });

    it('invoices issued at the same time get consecutive numbers, none twice, none skipped', async () => {
      const existing = (await api.ok(`{ invoices(filter: {entityCode: "DE01"}) { totalCount } }`)).invoices.totalCount;
      const issued = await Promise.all(Array.from({ length: 8 }, (_, i) => l.invoice('MUELLER', '2026-11-12', String(10 + i))));
      // The next eight numbers after those already issued, in some order.
      expect(issued.map((invoice) => invoice.number).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `DE01-${String(existing + i + 1).padStart(6, '0')}`));
    });

    it('each line total is rounded to cents, half away from zero, before the invoice is totalled', async () => {
      const invoice = await l.invoice('ACME', '2026-11-10', '1', {
        lines: [
          { description: 'a', quantity: '3', unitPrice: '3.3333' }, // 9.9999 → 10.00
          { description: 'b', quantity: '1.5', unitPrice: '0.015' }, // 0.0225 → 0.02
          { description: 'c', quantity: '0.5', unitPrice: '0.05' }, // 0.025 → 0.03 (half away from zero; half-even would give 0.02)
          { description: 'd', quantity: '1', unitPrice: '0.005' }, // 0.005 → 0.01
        ],
      });
      expect(invoice.lines).toEqual([
        { lineNo: 1, quantity: '3', unitPrice: '3.3333', amount: '10.00' },
        { lineNo: 2, quantity: '1.5', unitPrice: '0.015', amount: '0.02' },
        { lineNo: 3, quantity: '0.5', unitPrice: '0.05', amount: '0.03' },
        { lineNo: 4, quantity: '1', unitPrice: '0.005', amount: '0.01' },
      ]);
      // 10.00 + 0.02 + 0.03 + 0.01 = 10.06 (the unrounded products add up to 10.0524, which would be 10.05).
      expect(invoice).toMatchObject({ total: '10.06', balance: '10.06' });
    });

    it('a zero-decimal currency rounds each line to whole units and shows no decimals', async () => {
      const invoice = await l.invoice('KAITO', '2026-11-10', '1', {
        lines: [
          { description: 'a', quantity: '1.5', unitPrice: '101' }, // 151.5 → 152
          { description: 'b', quantity: '2.5', unitPrice: '1' }, // 2.5 → 3 (half-even would give 2)
          { description: 'c', quantity: '3', unitPrice: '10.5' }, // 31.5 → 32; a JPY unit price may carry 2 decimals
        ],
      });
      expect(invoice.lines.map((line: { amount: string }) => line.amount)).toEqual(['152', '3', '32']);
      // 152 + 3 + 32 = 187 (the unrounded products add up to 185).
      expect(invoice).toMatchObject({ number: 'JP01-000001', currency: 'JPY', total: '187', balance: '187' });
    });
  });

  describe('payments: oldest due first, explicit applications, early-payment discounts', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.customer('OLDEST', 'US01');
      await l.customer('SPLIT', 'US01');
      await l.customer('DISC', 'US01', '2/10 NET30');
    });
    afterAll(async () => api?.close());

    it('a payment without applications settles the oldest due first and keeps the rest as unapplied cash', async () => {
      const a = await l.invoice('OLDEST', '2026-08-01', '1000.00'); // NET30 → due 2026-08-31
      const b = await l.invoice('OLDEST', '2026-07-01', '500.00', { paymentTerms: 'NET60' }); // due 2026-08-30: issued before A, due before A
      const c = await l.invoice('OLDEST', '2026-09-01', '700.00'); // due 2026-10-01
      expect([a.dueDate, b.dueDate, c.dueDate]).toEqual(['2026-08-31', '2026-08-30', '2026-10-01']);

      // 2,000.00 → B 500.00, A 1,000.00, C 500.00 of 700.00; nothing left over.
      const first = await l.pay({ customerCode: 'OLDEST', receivedDate: '2026-10-15', amount: '2000.00', currency: 'USD' });
      expect(first).toMatchObject({ amount: '2000.00', unappliedAmount: '0.00' });
      expect(first.applications).toEqual([
        { amount: '500.00', discount: '0.00', invoice: { number: b.number, status: 'PAID', balance: '0.00', paidDate: '2026-10-15' } },
        { amount: '1000.00', discount: '0.00', invoice: { number: a.number, status: 'PAID', balance: '0.00', paidDate: '2026-10-15' } },
        { amount: '500.00', discount: '0.00', invoice: { number: c.number, status: 'PARTIALLY_PAID', balance: '200.00', paidDate: null } },
      ]);

      // 450.00 → C's last 200.00; 250.00 stays unapplied.
      const second = await l.pay({ customerCode: 'OLDEST', receivedDate: '2026-10-20', amount: '450.00', currency: 'USD', reference: 'wire 42' });
      expect(second).toMatchObject({ unappliedAmount: '250.00' });
      expect(second.applications).toEqual([{ amount: '200.00', discount: '0.00', invoice: { number: c.number, status: 'PAID', balance: '0.00', paidDate: '2026-10-20' } }]);

      const unapplied = await api.ok(`{ payments(customerCode: "OLDEST", unappliedOnly: true) { edges { node { amount unappliedAmount reference } } } }`);
      expect(unapplied.payments.edges).toEqual([{ node: { amount: '450.00', unappliedAmount: '250.00', reference: 'wire 42' } }]);
      // Unapplied cash never nets against balances: OLDEST owes nothing, and is not shown at -250.00.
      const aging = await l.aging(TODAY, { entityCode: 'US01' });
      expect(aging.customers.map((c: { customer: { code: string } }) => c.customer.code)).not.toContain('OLDEST');
    });

    it('payments racing for the same invoice never take it below zero', async () => {
      await l.customer('RACE', 'US01');
      const invoice = await l.invoice('RACE', '2026-11-01', '1000.00');
      const pay = () =>
        api.ok(DOCUMENTS.recordPayment, {
          input: { customerCode: 'RACE', receivedDate: '2026-11-10', amount: '600.00', currency: 'USD', applications: [{ invoiceNumber: invoice.number, amount: '600.00' }] },
        }, api.tokens.AR);
      const results = (await Promise.all([pay(), pay()])).map((data) => data.recordPayment);
      // One 600.00 lands; the other finds 400.00 open and is refused.
      expect(results.filter((r) => r.payment !== null)).toHaveLength(1);
      expect(results.find((r) => r.payment === null).userErrors).toEqual([
        { field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('400.00') },
      ]);
      expect(await l.invoiceByNumber(invoice.number)).toMatchObject({ amountPaid: '600.00', balance: '400.00', status: 'PARTIALLY_PAID' });
    });

    it('explicit applications are honoured, whatever is due first', async () => {
      const x = await l.invoice('SPLIT', '2026-11-01', '800.00');
      const y = await l.invoice('SPLIT', '2026-11-03', '300.00');
      // 1,000.00: 300.00 to Y (due later), 200.00 to X; 500.00 unapplied.
      const payment = await l.pay({
        customerCode: 'SPLIT', receivedDate: '2026-11-10', amount: '1000.00', currency: 'USD',
        applications: [{ invoiceNumber: y.number, amount: '300.00' }, { invoiceNumber: x.number.toLowerCase(), amount: '200.00' }],
      });
      expect(payment).toMatchObject({ unappliedAmount: '500.00' });
      expect(payment.applications).toEqual([
        { amount: '300.00', discount: '0.00', invoice: { number: y.number, status: 'PAID', balance: '0.00', paidDate: '2026-11-10' } },
        { amount: '200.00', discount: '0.00', invoice: { number: x.number, status: 'PARTIALLY_PAID', balance: '600.00', paidDate: null } },
      ]);
      expect(await l.invoiceByNumber(x.number)).toMatchObject({ amountPaid: '200.00', balance: '600.00' });
    });

    it('2/10 NET30: paying 98 % within 10 days (inclusive) closes the invoice as PAID with the discount', async () => {
      const d1 = await l.invoice('DISC', '2026-11-02', '1000.00');
      expect(d1.dueDate).toBe('2026-12-02');
      // Day 10 after issue is the last discount day: 980.00 + 20.00 discount closes 1,000.00.
      const payment = await l.pay({ customerCode: 'DISC', receivedDate: '2026-11-12', amount: '980.00', currency: 'USD' });
      expect(payment).toMatchObject({ unappliedAmount: '0.00' });
      expect(payment.applications).toEqual([{ amount: '980.00', discount: '20.00', invoice: { number: d1.number, status: 'PAID', balance: '0.00', paidDate: '2026-11-12' } }]);
      expect(await l.invoiceByNumber(d1.number)).toMatchObject({ amountPaid: '1000.00', balance: '0.00', status: 'PAID' });
    });

    it('2/10 NET30: the same 98 % on day 11 leaves 2 % open', async () => {
      const d2 = await l.invoice('DISC', '2026-11-02', '500.00');
      const payment = await l.pay({
        customerCode: 'DISC', receivedDate: '2026-11-13', amount: '490.00', currency: 'USD',
        applications: [{ invoiceNumber: d2.number, amount: '490.00' }],
      });
      expect(payment.applications).toEqual([{ amount: '490.00', discount: '0.00', invoice: { number: d2.number, status: 'PARTIALLY_PAID', balance: '10.00', paidDate: null } }]);
    });

    it('2/10 NET30: an explicit application of 98 % on the issue day takes the discount', async () => {
      const d3 = await l.invoice('DISC', '2026-11-20', '250.00');
      // 2 % of 250.00 = 5.00.
      const payment = await l.pay({
        customerCode: 'DISC', receivedDate: '2026-11-20', amount: '245.00', currency: 'USD',
        applications: [{ invoiceNumber: d3.number, amount: '245.00' }],
      });
      expect(payment.applications).toEqual([{ amount: '245.00', discount: '5.00', invoice: { number: d3.number, status: 'PAID', balance: '0.00', paidDate: '2026-11-20' } }]);
      // Only the day-11 invoice's 10.00 is still open (due 2026-12-02, current).
      const aging = await l.aging(TODAY, { entityCode: 'US01' });
      expect(aging.customers.find((c: { customer: { code: string } }) => c.customer.code === 'DISC').buckets).toEqual(buckets('10.00', '0.00', '0.00', '0.00', '0.00', '10.00'));
    });
  });

  describe('aging as of a date, per customer and entity, in a reporting currency', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    beforeAll(async () => {
      // These examples pick the latest rate among weeks-old ones; the age limit has its own tests (fx-age.test.ts).
      api = await startTestApi(database, { today: TODAY, env: { LEDGERLINE_FX_MAX_AGE_DAYS: '90' } });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.entity('DE01', 'EUR');
      await l.entity('JP01', 'JPY');
      await l.customer('NORTH', 'US01');
      await l.customer('SOUTH', 'US01');
      await l.customer('BERLIN', 'DE01');
      await l.customer('OSAKA', 'JP01');
      // NORTH, as of 2026-11-25: 8,000.00 invoiced 15 days ago (due 12-10) is current; 4,000.00 invoiced 40 days ago (due 11-15) is 10 days past due.
      await l.invoice('NORTH', '2026-11-10', '8000.00');
      await l.invoice('NORTH', '2026-10-16', '4000.00');
      // SOUTH, NET30, one invoice at each bucket edge (days past due on 2026-11-25 = 11-25 − due date):
      await l.invoice('SOUTH', '2026-10-26', '700.00'); // due 11-25: 0 days → current
      await l.invoice('SOUTH', '2026-09-26', '100.00'); // due 10-26: 30 days → 1–30
      await l.invoice('SOUTH', '2026-09-25', '200.00'); // due 10-25: 31 days → 31–60
      await l.invoice('SOUTH', '2026-08-27', '300.00'); // due 09-26: 60 days → 31–60
      await l.invoice('SOUTH', '2026-08-26', '400.00'); // due 09-25: 61 days → 61–90
      await l.invoice('SOUTH', '2026-07-28', '500.00'); // due 08-27: 90 days → 61–90
      await l.invoice('SOUTH', '2026-07-27', '600.00'); // due 08-26: 91 days → over 90
      // BERLIN in EUR: 1,000.00 due 10-31 (25 days → 1–30); 333.33, 0.99 and 0.99 current.
      await l.invoice('BERLIN', '2026-10-01', '1000.00');
      await l.invoice('BERLIN', '2026-11-20', '333.33');
      await l.invoice('BERLIN', '2026-11-20', '0.99');
      await l.invoice('BERLIN', '2026-11-21', '0.99');
      // OSAKA in JPY: 100,000 due 10-01 (55 days → 31–60).
      await l.invoice('OSAKA', '2026-09-01', '100000');
      // USD per unit. The EUR rate of 11-26 is after 11-25 and must not be used for it.
      await l.rate('EUR', '2026-10-01', '1.0800');
      await l.rate('EUR', '2026-11-20', '1.1050');
      await l.rate('EUR', '2026-11-26', '1.2000');
      await l.rate('JPY', '2026-11-01', '0.0067');
      await l.rate('GBP', '2026-11-15', '1.2700');
    });
    afterAll(async () => api?.close());

    it('one entity in its own currency: NORTH is 8,000 current and 4,000 in 1–30; SOUTH fills every bucket at its edges', async () => {
      const report = await l.aging(TODAY, { entityCode: 'US01' });
      expect(report).toMatchObject({ asOf: TODAY, currency: 'USD' });
      expect(report.customers).toEqual([
        { customer: { code: 'NORTH' }, buckets: buckets('8000.00', '4000.00', '0.00', '0.00', '0.00', '12000.00') },
        // current 700; 1–30 100; 31–60 200 + 300; 61–90 400 + 500; over 90 600.
        { customer: { code: 'SOUTH' }, buckets: buckets('700.00', '100.00', '500.00', '900.00', '600.00', '2800.00') },
      ]);
      expect(report.total).toEqual(buckets('8700.00', '4100.00', '500.00', '900.00', '600.00', '14800.00'));
      expectBucketsAddUp(report);
    });

    it('all entities in the base currency: each foreign invoice translated at the latest rate on or before the date and rounded', async () => {
      const report = await l.aging(TODAY);
      expect(report.currency).toBe('USD');
      expect(report.customers).toEqual([
        // EUR at 1.1050 (11-20; the 11-26 rate is later): 1,000.00 → 1,105.00; 333.33 → 368.32965 → 368.33; 0.99 → 1.09395 → 1.09, twice.
        // current = 368.33 + 1.09 + 1.09 = 370.51 (translating the sum 335.31 instead would give 370.52).
        { customer: { code: 'BERLIN' }, buckets: buckets('370.51', '1105.00', '0.00', '0.00', '0.00', '1475.51') },
        { customer: { code: 'NORTH' }, buckets: buckets('8000.00', '4000.00', '0.00', '0.00', '0.00', '12000.00') },
        // JPY at 0.0067: 100,000 → 670.00.
        { customer: { code: 'OSAKA' }, buckets: buckets('0.00', '0.00', '670.00', '0.00', '0.00', '670.00') },
        { customer: { code: 'SOUTH' }, buckets: buckets('700.00', '100.00', '500.00', '900.00', '600.00', '2800.00') },
      ]);
      // current 8,700.00 + 370.51; 1–30 4,100.00 + 1,105.00; 31–60 500.00 + 670.00; total 14,800.00 + 1,475.51 + 670.00.
      expect(report.total).toEqual(buckets('9070.51', '5205.00', '1170.00', '900.00', '600.00', '16945.51'));
      expectBucketsAddUp(report);
    });

    it('one entity in a third currency: amount × rate(EUR) ÷ rate(GBP), rounded per invoice', async () => {
      // rate(EUR) 1.1050, rate(GBP) 1.2700: 1,000.00 → 870.0787 → 870.08; 333.33 → 290.0233 → 290.02; 0.99 → 0.8614 → 0.86, twice.
      // current = 290.02 + 0.86 + 0.86 = 291.74 (unrounded 291.7461 would give 291.75).
      const report = await l.aging(TODAY, { entityCode: 'DE01', currency: 'gbp' });
      expect(report.currency).toBe('GBP');
      expect(report.total).toEqual(buckets('291.74', '870.08', '0.00', '0.00', '0.00', '1161.82'));
      expectBucketsAddUp(report);
    });

    it('the base currency translated into EUR: amount ÷ rate(EUR)', async () => {
      // 8,000.00 ÷ 1.1050 = 7,239.8190 → 7,239.82; 4,000.00 ÷ 1.1050 = 3,619.9095 → 3,619.91.
      const report = await l.aging(TODAY, { entityCode: 'US01', currency: 'EUR' });
      expect(report.customers[0]).toEqual({ customer: { code: 'NORTH' }, buckets: buckets('7239.82', '3619.91', '0.00', '0.00', '0.00', '10859.73') });
      expectBucketsAddUp(report);
    });

    it('a JPY ledger reported in EUR', async () => {
      // 100,000 × 0.0067 ÷ 1.1050 = 606.3348 → 606.33.
      const report = await l.aging(TODAY, { entityCode: 'JP01', currency: 'EUR' });
      expect(report.total).toEqual(buckets('0.00', '0.00', '606.33', '0.00', '0.00', '606.33'));
    });

    it('an entity reported in its own currency needs no rate, and JPY shows no decimals', async () => {
      // As of 10-15 no JPY rate exists yet (first one 11-01); 100,000 due 10-01 is 14 days past due.
      const report = await l.aging('2026-10-15', { entityCode: 'JP01', currency: 'JPY' });
      expect(report.total).toEqual(buckets('0', '100000', '0', '0', '0', '100000'));
      // In USD on the same date the rate is missing, and the error names JPY.
      const missing = await api.gql(AGING, { asOf: '2026-10-15', entityCode: 'JP01' });
      expect(missing.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('No FX rate for JPY'), extensions: expect.objectContaining({ code: 'FX_RATE_MISSING' }) })]);
    });

    it('the rate used is the latest on or before the as-of date', async () => {
      // 11-19: only the 10-01 rate (1.08) applies; 1,000.00 (due 10-31, 19 days) → 1,080.00; the 11-20 invoices are not issued yet.
      expect((await l.aging('2026-11-19', { entityCode: 'DE01' })).total).toEqual(buckets('0.00', '1080.00', '0.00', '0.00', '0.00', '1080.00'));
      // 11-26: 1.20; 1,000.00 → 1,200.00 (26 days); 333.33 → 399.996 → 400.00; 0.99 → 1.188 → 1.19, twice → current 402.38.
      expect((await l.aging('2026-11-26', { entityCode: 'DE01' })).total).toEqual(buckets('402.38', '1200.00', '0.00', '0.00', '0.00', '1602.38'));
    });
  });

  describe('aging as of a date: payments, voids and drafts in time', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    let i1: { number: string };
    let i2: { number: string };
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.customer('ASOF', 'US01');
      i1 = await l.invoice('ASOF', '2026-10-01', '1000.00'); // due 10-31; 400.00 received 11-20
      i2 = await l.invoice('ASOF', '2026-11-01', '500.00'); // due 12-01; voided as of 11-15
      const i3 = await l.invoice('ASOF', '2026-10-10', '200.00'); // due 11-09; paid in full 11-10
      await l.invoice('ASOF', '2026-11-05', '300.00', { issue: false }); // a draft: never in the books
      await l.pay({ customerCode: 'ASOF', receivedDate: '2026-11-20', amount: '400.00', currency: 'USD', applications: [{ invoiceNumber: i1.number, amount: '400.00' }] });
      await l.pay({ customerCode: 'ASOF', receivedDate: '2026-11-10', amount: '200.00', currency: 'USD', applications: [{ invoiceNumber: i3.number, amount: '200.00' }] });
      await l.write('voidInvoice', { invoiceNumber: i2.number, reason: 'billed in error', voidDate: '2026-11-15' }, api.tokens.AR);
    });
    afterAll(async () => api?.close());

    it.each([
      // as of, current, 1–30, total — why
      ['2026-09-30', '0.00', '0.00', '0.00'], // nothing issued yet
      ['2026-11-09', '700.00', '1000.00', '1700.00'], // I1 9 days past due; I2 current; I3 due that day, current
      ['2026-11-10', '500.00', '1000.00', '1500.00'], // I3 paid that day
      ['2026-11-14', '500.00', '1000.00', '1500.00'], // I2 is still in the books the day before its void date
      ['2026-11-15', '0.00', '1000.00', '1000.00'], // I2 void from 11-15
      ['2026-11-19', '0.00', '1000.00', '1000.00'], // the 400.00 received 11-20 does not count yet
      ['2026-11-20', '0.00', '600.00', '600.00'],
      ['2026-11-25', '0.00', '600.00', '600.00'], // the 300.00 draft never counts
    ])('as of %s: current %s, 1–30 %s, total %s', async (asOf, current, days1To30, total) => {
      const report = await l.aging(asOf);
      expect(report.total).toEqual(buckets(current, days1To30, '0.00', '0.00', '0.00', total));
      expect(report.customers.length).toBe(total === '0.00' ? 0 : 1);
    });

    it('a voided invoice shows its void date and reason; voiding defaults to today', async () => {
      // Out of the books since 11-15: nothing is open on it today.
      expect(await l.invoiceByNumber(i2.number)).toMatchObject({ status: 'VOID', voidDate: '2026-11-15', total: '500.00', balance: '0.00' });
      const i4 = await l.invoice('ASOF', '2026-11-20', '100.00');
      const voided = (await l.write('voidInvoice', { invoiceNumber: i4.number, reason: 'duplicate' }, api.tokens.AR)).invoice;
      expect(voided).toMatchObject({ status: 'VOID', voidDate: TODAY, voidReason: 'duplicate', balance: '0.00' });
      // In the books from 11-20 up to the day before today.
      expect((await l.aging('2026-11-24')).total.current).toBe('100.00');
      expect((await l.aging(TODAY)).total.current).toBe('0.00');
    });
  });

  describe('disputes and the collections worklist', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    const numbers = {} as Record<'ALPHA1' | 'ALPHA2' | 'ALPHA3' | 'BRAVO' | 'CHARLIE' | 'DELTA' | 'ECHO' | 'FOXTROT' | 'GOLF' | 'HOTEL' | 'INDIA', string>;
    beforeAll(async () => {
      // One EUR rate of 2026-11-01 serves the whole month of worklists; the age limit has its own tests (fx-age.test.ts).
      api = await startTestApi(database, { today: TODAY, env: { LEDGERLINE_FX_MAX_AGE_DAYS: '90' } });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.entity('DE01', 'EUR');
      await l.rate('EUR', '2026-11-01', '1.10');
      for (const code of ['ALPHA', 'BRAVO', 'DELTA', 'ECHO', 'FOXTROT', 'GOLF', 'HOTEL', 'INDIA']) await l.customer(code, 'US01');
      await l.customer('CHARLIE', 'DE01');
      // Days past due on 2026-11-25 in the comments; all NET30.
      numbers.ALPHA1 = (await l.invoice('ALPHA', '2026-09-26', '1000.00')).number; // due 10-26: 30 days
      numbers.ALPHA2 = (await l.invoice('ALPHA', '2026-10-16', '500.00')).number; // due 11-15: 10 days
      numbers.ALPHA3 = (await l.invoice('ALPHA', '2026-11-10', '300.00')).number; // due 12-10: not past due
      numbers.BRAVO = (await l.invoice('BRAVO', '2026-10-06', '2000.00')).number; // due 11-05: 20 days
      numbers.CHARLIE = (await l.invoice('CHARLIE', '2026-10-11', '1000.00')).number; // €, due 11-10: 15 days
      numbers.DELTA = (await l.invoice('DELTA', '2026-09-01', '100.00')).number; // due 10-01: 55 days
      numbers.ECHO = (await l.invoice('ECHO', '2026-09-01', '5000.00')).number; // due 10-01: 55 days; disputed from 11-22
      numbers.FOXTROT = (await l.invoice('FOXTROT', '2026-09-01', '3000.00')).number; // due 10-01: 55 days; promised for 11-30
      numbers.GOLF = (await l.invoice('GOLF', '2026-09-16', '800.00')).number; // due 10-16: 40 days; promise kept
      numbers.HOTEL = (await l.invoice('HOTEL', '2026-09-16', '1000.00')).number; // due 10-16: 40 days; promise broken
      numbers.INDIA = (await l.invoice('INDIA', '2026-09-01', '700.00')).number; // due 10-01: 55 days; disputed, then resolved

      await l.activities([
        { customerCode: 'ALPHA', kind: 'CALL', activityDate: '2026-11-18', note: 'AP says next week', nextFollowUp: '2026-11-28' },
        { customerCode: 'ALPHA', kind: 'EMAIL', activityDate: '2026-11-20', note: 'sent statement', nextFollowUp: '2026-12-02' },
        // DELTA promised 100.00 by 11-20 and paid nothing: broken.
        { customerCode: 'DELTA', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.DELTA], activityDate: '2026-11-01', promiseDate: '2026-11-20', promiseAmount: '100.00', nextFollowUp: '2026-11-21' },
        // GOLF promised 300.00 by 11-15 and paid it on 11-10: kept.
        { customerCode: 'GOLF', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.GOLF], activityDate: '2026-11-01', promiseDate: '2026-11-15', promiseAmount: '300.00' },
        // HOTEL promised 600.00 by 11-15 and paid 200.00: broken.
        { customerCode: 'HOTEL', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.HOTEL], activityDate: '2026-11-01', promiseDate: '2026-11-15', promiseAmount: '600.00' },
        // FOXTROT promised all of it by 11-30: pending on 11-25.
        { customerCode: 'FOXTROT', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.FOXTROT], activityDate: '2026-11-20', promiseDate: '2026-11-30', promiseAmount: '3000.00' },
        // ECHO disputes its invoice on 11-22.
        { customerCode: 'ECHO', kind: 'DISPUTE', invoiceNumbers: [numbers.ECHO], activityDate: '2026-11-22', note: 'price disagreement' },
      ]);
      await l.pay({ customerCode: 'GOLF', receivedDate: '2026-11-10', amount: '300.00', currency: 'USD' });
      await l.pay({ customerCode: 'HOTEL', receivedDate: '2026-11-12', amount: '200.00', currency: 'USD' });
      await l.write('openDispute', { invoiceNumber: numbers.INDIA, reason: 'goods not received' }, api.tokens.ANALYST);
    });
    afterAll(async () => api?.close());

    it('one item per customer with past-due balance: broken promises first, then by priority', async () => {
      expect(await l.worklist(TODAY)).toEqual([
        // Broken promises first, by priority: HOTEL 800.00 × 40 = 32,000.00; DELTA 100.00 × 55 = 5,500.00.
        { customer: { code: 'HOTEL' }, currency: 'USD', pastDue: '800.00', oldestDaysPastDue: 40, brokenPromises: 1, lastActivity: '2026-11-01', lastActivityKind: 'PROMISE_TO_PAY', nextFollowUp: null, priority: '32000.00' },
        { customer: { code: 'DELTA' }, currency: 'USD', pastDue: '100.00', oldestDaysPastDue: 55, brokenPromises: 1, lastActivity: '2026-11-01', lastActivityKind: 'PROMISE_TO_PAY', nextFollowUp: '2026-11-21', priority: '5500.00' },
        // BRAVO 2,000.00 × 20 = 40,000.00.
        { customer: { code: 'BRAVO' }, currency: 'USD', pastDue: '2000.00', oldestDaysPastDue: 20, brokenPromises: 0, lastActivity: null, lastActivityKind: null, nextFollowUp: null, priority: '40000.00' },
        // ALPHA 1,000.00 × 30 + 500.00 × 10 = 35,000.00; the 300.00 not yet due is not past due.
        { customer: { code: 'ALPHA' }, currency: 'USD', pastDue: '1500.00', oldestDaysPastDue: 30, brokenPromises: 0, lastActivity: '2026-11-20', lastActivityKind: 'EMAIL', nextFollowUp: '2026-12-02', priority: '35000.00' },
        // GOLF kept its promise: 500.00 left × 40 = 20,000.00.
        { customer: { code: 'GOLF' }, currency: 'USD', pastDue: '500.00', oldestDaysPastDue: 40, brokenPromises: 0, lastActivity: '2026-11-01', lastActivityKind: 'PROMISE_TO_PAY', nextFollowUp: null, priority: '20000.00' },
        // CHARLIE €1,000.00 × 1.10 = 1,100.00 × 15 = 16,500.00.
        { customer: { code: 'CHARLIE' }, currency: 'USD', pastDue: '1100.00', oldestDaysPastDue: 15, brokenPromises: 0, lastActivity: null, lastActivityKind: null, nextFollowUp: null, priority: '16500.00' },
        // Left out: ECHO and INDIA (open disputes), FOXTROT (promise pending until 11-30).
      ]);
    });

    it('a worklist per entity', async () => {
      expect((await l.worklist(TODAY, 'DE01')).map((item: { customer: { code: string } }) => item.customer.code)).toEqual(['CHARLIE']);
    });

    it('a disputed invoice leaves the worklist but stays in aging', async () => {
      const aging = await l.aging(TODAY, { entityCode: 'US01' });
      const row = (code: string) => aging.customers.find((c: { customer: { code: string } }) => c.customer.code === code)?.buckets;
      // Both 55 days past due → 31–60.
      expect(row('ECHO')).toEqual(buckets('0.00', '0.00', '5000.00', '0.00', '0.00', '5000.00'));
      expect(row('INDIA')).toEqual(buckets('0.00', '0.00', '700.00', '0.00', '0.00', '700.00'));
      const disputed = await api.ok(`{ invoices(first: 10, filter: {disputed: true}, orderBy: NUMBER_ASC) { edges { node { number disputed } } } }`);
      expect(disputed.invoices.edges.map((e: { node: { number: string } }) => e.node.number)).toEqual([numbers.ECHO, numbers.INDIA]);
    });

    it('a DISPUTE activity opens a dispute on its invoice, as openDispute does', async () => {
      expect(await l.invoiceByNumber(numbers.ECHO)).toMatchObject({
        disputed: true,
        disputes: [{ reason: 'price disagreement', openedDate: '2026-11-22', openedBy: 'test-analyst', resolvedDate: null, resolution: null, resolvedBy: null }],
      });
      // Disputes are what collectors know now: ECHO stays out of a worklist as of any date while
      // its dispute is open, even one before the day it was logged.
      const before = await l.worklist('2026-11-21');
      expect(before.map((item: { customer: { code: string } }) => item.customer.code)).not.toContain('ECHO');
    });

    it('resolving a dispute brings the invoice back to the worklist', async () => {
      expect(await l.invoiceByNumber(numbers.INDIA)).toMatchObject({ disputed: true, disputes: [{ reason: 'goods not received', openedDate: TODAY, openedBy: 'test-analyst', resolvedDate: null }] });
      const resolved = (await l.write('resolveDispute', { invoiceNumber: numbers.INDIA, resolution: 'proof of delivery sent' }, api.tokens.ANALYST)).invoice;
      expect(resolved).toEqual({ number: numbers.INDIA, disputed: false });
      expect(await l.invoiceByNumber(numbers.INDIA)).toMatchObject({
        disputed: false,
        disputes: [{ reason: 'goods not received', resolvedDate: TODAY, resolution: 'proof of delivery sent', resolvedBy: 'test-analyst' }],
      });
      // INDIA 700.00 × 55 = 38,500.00: between BRAVO (40,000.00) and ALPHA (35,000.00).
      const codes = (await l.worklist(TODAY)).map((item: { customer: { code: string } }) => item.customer.code);
      expect(codes).toEqual(['HOTEL', 'DELTA', 'BRAVO', 'INDIA', 'ALPHA', 'GOLF', 'CHARLIE']);
      // A dispute resolved on a day still leaves the invoice out of worklists as of earlier days.
      expect((await l.worklist('2026-11-24')).map((item: { customer: { code: string } }) => item.customer.code)).not.toContain('INDIA');
    });

    it('a promise whose date passes without payments reaching its amount becomes broken', async () => {
      // On 12-01 FOXTROT's 11-30 promise has passed unpaid: 3,000.00 × 61 = 183,000.00, first of the broken ones.
      const items = await l.worklist('2026-12-01');
      expect(items.slice(0, 3).map((item: { customer: { code: string }; brokenPromises: number }) => [item.customer.code, item.brokenPromises])).toEqual([
        ['FOXTROT', 1],
        ['HOTEL', 1], // 800.00 × 46 = 36,800.00
        ['DELTA', 1], // 100.00 × 61 = 6,100.00
      ]);
      expect(items[0]).toMatchObject({ pastDue: '3000.00', oldestDaysPastDue: 61, priority: '183000.00', lastActivity: '2026-11-20' });
      // On the promise date itself it is still pending.
      expect((await l.worklist('2026-11-30')).map((item: { customer: { code: string } }) => item.customer.code)).not.toContain('FOXTROT');
    });

    it('last activity and next follow-up are the latest logged', async () => {
      const alpha = (await l.worklist('2026-11-19')).find((item: { customer: { code: string } }) => item.customer.code === 'ALPHA');
      // The CALL of 11-18 and the EMAIL of 11-20: the latest wins, whatever the worklist date.
      expect(alpha).toMatchObject({ lastActivity: '2026-11-20', lastActivityKind: 'EMAIL', nextFollowUp: '2026-12-02' });
    });

    it('logged activities say who logged them, and a promise carries its currency', async () => {
      const [call, promise] = await l.activities([
        { customerCode: 'BRAVO', kind: 'CALL', note: 'no answer', nextFollowUp: '2026-11-27' },
        { customerCode: 'CHARLIE', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.CHARLIE], promiseDate: '2026-12-05', promiseAmount: '1000' },
      ]);
      expect(call).toMatchObject({ kind: 'CALL', activityDate: TODAY, actor: 'test-analyst', nextFollowUp: '2026-11-27', invoices: [] });
      expect(promise).toMatchObject({ kind: 'PROMISE_TO_PAY', promiseDate: '2026-12-05', promiseAmount: '1000.00', currency: 'EUR', invoices: [{ number: numbers.CHARLIE }] });
      const items = await l.worklist(TODAY);
      expect(items.find((item: { customer: { code: string } }) => item.customer.code === 'BRAVO')).toMatchObject({ lastActivity: TODAY, lastActivityKind: 'CALL', nextFollowUp: '2026-11-27' });
      // CHARLIE's only past-due invoice is now under a pending promise.
      expect(items.map((item: { customer: { code: string } }) => item.customer.code)).not.toContain('CHARLIE');
    });
  });

  describe('roles, tokens and the audit trail', () => {
    let api: TestApi;
    let l: ReturnType<typeof ledger>;
    let number: string;
    const auditCount = async () => api.db.prisma.auditRecord.count();
    const code = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => response.errors?.[0]?.extensions?.code;

    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      l = ledger(api);
      await l.entity('US01', 'USD');
      await l.customer('ACME', 'US01');
      number = (await l.invoice('ACME', '2026-11-01', '1000.00')).number;
    });
    afterAll(async () => api?.close());

    const createInvoice = { input: { customerCode: 'ACME', issueDate: '2026-11-20', lines: [{ description: 'x', quantity: '1', unitPrice: '1' }] } };
    const recordPayment = { input: { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '1.00', currency: 'USD' } };
    const logCall = { input: { activities: [{ customerCode: 'ACME', kind: 'CALL' }] } };

    it('a VIEWER reads everything but writes nothing', async () => {
      const read = await api.ok(`{ me { name role } invoices(first: 10) { totalCount } agingReport(asOf: "${TODAY}") { total { total } } collectionsWorklist(asOf: "${TODAY}") { priority } }`, {}, api.tokens.VIEWER);
      expect(read).toMatchObject({ me: { name: 'test-viewer', role: 'VIEWER' }, invoices: { totalCount: 1 }, agingReport: { total: { total: '1000.00' } } });
      const before = await auditCount();
      for (const [document, variables] of [
        [DOCUMENTS.createInvoice, createInvoice],
        [DOCUMENTS.recordPayment, recordPayment],
        [DOCUMENTS.logCollectionActivities, logCall],
        [DOCUMENTS.openDispute, { input: { invoiceNumber: number, reason: 'x' } }],
        [DOCUMENTS.setFxRate, { input: { currency: 'EUR', date: TODAY, rate: '1.1' } }],
      ] as const) {
        const response = await api.gql(document, variables, api.tokens.VIEWER);
        expect(code(response), document).toBe('FORBIDDEN');
        expect(response.errors?.[0]?.message).toContain('VIEWER');
      }
      expect(await auditCount()).toBe(before);
      expect(await api.db.prisma.invoice.count()).toBe(1);
      expect(await api.db.prisma.payment.count()).toBe(0);
    });

    it('an ANALYST logs activities and disputes but cannot record payments or invoices', async () => {
      const logged = await api.gql(DOCUMENTS.logCollectionActivities, logCall, api.tokens.ANALYST);
      expect(logged.data.logCollectionActivities.userErrors).toEqual([]);
      const payments = await api.db.prisma.payment.count();
      expect(code(await api.gql(DOCUMENTS.recordPayment, recordPayment, api.tokens.ANALYST))).toBe('FORBIDDEN');
      expect(code(await api.gql(DOCUMENTS.createInvoice, createInvoice, api.tokens.ANALYST))).toBe('FORBIDDEN');
      expect(await api.db.prisma.payment.count()).toBe(payments);
    });

    it('AR records payments but cannot create entities or tokens; auditRecords are for ADMIN', async () => {
      expect((await api.gql(DOCUMENTS.recordPayment, recordPayment, api.tokens.AR)).data.recordPayment.userErrors).toEqual([]);
      expect(code(await api.gql(DOCUMENTS.createEntity, { input: { code: 'DE01', name: 'DE', currency: 'EUR' } }, api.tokens.AR))).toBe('FORBIDDEN');
      expect(code(await api.gql(DOCUMENTS.createApiToken, { input: { name: 'mine', role: 'ADMIN' } }, api.tokens.AR))).toBe('FORBIDDEN');
      expect(code(await api.gql(`{ auditRecords(first: 1) { edges { node { id } } } }`, {}, api.tokens.AR))).toBe('FORBIDDEN');
    });

    it('no, a malformed, or an unknown token is UNAUTHENTICATED', async () => {
      for (const token of [null, 'llt_not-a-real-token', 'two words']) {
        const response = await api.gql(`{ me { name } }`, {}, token);
        expect(response.status, String(token)).toBe(401);
        expect(code(response)).toBe('UNAUTHENTICATED');
      }
    });

    it('a revoked token is UNAUTHENTICATED at once', async () => {
      const created = (await l.write('createApiToken', { name: 'powerbi', role: 'VIEWER' })).token;
      expect(await api.ok(`{ me { name role } }`, {}, created)).toEqual({ me: { name: 'powerbi', role: 'VIEWER' } });
      await l.write('revokeApiToken', { name: 'powerbi' });
      const response = await api.gql(`{ me { name } }`, {}, created);
      expect(code(response)).toBe('UNAUTHENTICATED');
      // The name can be used again for a replacement.
      const replacement = (await l.write('createApiToken', { name: 'powerbi', role: 'VIEWER' })).token;
      expect(await api.ok(`{ me { name } }`, {}, replacement)).toEqual({ me: { name: 'powerbi' } });
    });

    it('an expired token is UNAUTHENTICATED', async () => {
      const created = (await l.write('createApiToken', { name: 'tableau', role: 'VIEWER', expiresAt: '2099-01-01T00:00:00Z' })).token;
      expect(await api.ok(`{ me { name } }`, {}, created)).toEqual({ me: { name: 'tableau' } });
      await api.db.prisma.apiToken.update({ where: { name: 'tableau' }, data: { expiresAt: new Date('2020-01-01T00:00:00Z') } });
      // Changed behind the API's back: this process forgets the second it remembered the token for, as a revocation makes it.
      forgetAuthentications();
      expect(code(await api.gql(`{ me { name } }`, {}, created))).toBe('UNAUTHENTICATED');
    });

    it('every write leaves an audit record: who, what, old → new', async () => {
      const audit = async (recordType: string, recordId: string) =>
        (await api.ok(`query($t: String, $id: String) { auditRecords(recordType: $t, recordId: $id, first: 50) { edges { node { actor action before after } } } }`, { t: recordType, id: recordId }))
          .auditRecords.edges.map((e: { node: unknown }) => e.node)
          .reverse(); // oldest first

      expect(await audit('Entity', 'US01')).toEqual([{ actor: 'admin-token', action: 'createEntity', before: null, after: expect.objectContaining({ code: 'US01', currency: 'USD' }) }]);
      expect(await audit('Customer', 'ACME')).toEqual([{ actor: 'test-ar', action: 'createCustomer', before: null, after: expect.objectContaining({ code: 'ACME', paymentTerms: 'NET30' }) }]);

      // A draft issued later: created, then numbered (null → US01-000002).
      const draft = await l.invoice('ACME', '2026-11-21', '50.00', { issue: false });
      await l.write('issueInvoice', { id: draft.id }, api.tokens.AR);
      // An invoice's trail is kept under its id, from draft to void (the number is in the values).
      expect(await audit('Invoice', draft.id)).toEqual([
        { actor: 'test-ar', action: 'createInvoice', before: null, after: expect.objectContaining({ status: 'DRAFT', number: null }) },
        { actor: 'test-ar', action: 'issueInvoice', before: { status: 'DRAFT', number: null }, after: { status: 'ISSUED', number: 'US01-000002' } },
      ]);

      // Void, dispute and resolve on US01-000002.
      await l.write('openDispute', { invoiceNumber: 'US01-000002', reason: 'wrong PO' }, api.tokens.ANALYST);
      await l.write('resolveDispute', { invoiceNumber: 'US01-000002', resolution: 'PO corrected' }, api.tokens.ANALYST);
      await l.write('voidInvoice', { invoiceNumber: 'US01-000002', reason: 'reissued', voidDate: '2026-11-22' }, api.tokens.AR);
      expect((await audit('Invoice', draft.id)).slice(2)).toEqual([
        { actor: 'test-analyst', action: 'openDispute', before: { disputed: false }, after: { number: 'US01-000002', disputed: true, reason: 'wrong PO' } },
        { actor: 'test-analyst', action: 'resolveDispute', before: { disputed: true }, after: { number: 'US01-000002', disputed: false, resolution: 'PO corrected' } },
        { actor: 'test-ar', action: 'voidInvoice', before: { status: 'ISSUED' }, after: { number: 'US01-000002', status: 'VOID', voidDate: '2026-11-22', voidReason: 'reissued' } },
      ]);

      // An FX rate changed: none → 1.1 → 1.2.
      await l.rate('EUR', '2026-11-01', '1.1');
      await l.rate('EUR', '2026-11-01', '1.2');
      expect(await audit('FxRate', 'EUR@2026-11-01')).toEqual([
        { actor: 'test-ar', action: 'setFxRate', before: null, after: { rate: '1.1' } },
        { actor: 'test-ar', action: 'setFxRate', before: { rate: '1.1' }, after: { rate: '1.2' } },
      ]);

      // A payment, with what it was applied to.
      const payment = await l.pay({ customerCode: 'ACME', receivedDate: '2026-11-23', amount: '100.00', currency: 'USD', applications: [{ invoiceNumber: number, amount: '100.00' }] });
      expect(await audit('Payment', payment.id)).toEqual([
        { actor: 'test-ar', action: 'recordPayment', before: null, after: expect.objectContaining({ amount: '100', currency: 'USD', applications: [expect.objectContaining({ invoiceNumber: number, amount: '100' })] }) },
      ]);

      // Activities and tokens.
      const [activity] = await l.activities([{ customerCode: 'ACME', kind: 'NOTE', note: 'audit me' }]);
      expect(await audit('CollectionActivity', activity.id)).toEqual([
        { actor: 'test-analyst', action: 'logCollectionActivity', before: null, after: expect.objectContaining({ kind: 'NOTE', note: 'audit me' }) },
      ]);
      expect((await audit('ApiToken', 'powerbi')).map((r: { action: string; actor: string }) => [r.action, r.actor])).toEqual([
        ['createApiToken', 'admin-token'],
        ['revokeApiToken', 'admin-token'],
        ['createApiToken', 'admin-token'],
      ]);
    });

    it('a refused write leaves no audit record', async () => {
      const before = await auditCount();
      const refused = await api.ok(DOCUMENTS.recordPayment, { input: { ...recordPayment.input, amount: '1.001' } }, api.tokens.AR);
      expect(refused.recordPayment.userErrors).toHaveLength(1);
      expect(await auditCount()).toBe(before);
    });
  });
});
