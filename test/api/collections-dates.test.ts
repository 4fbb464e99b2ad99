// Collection activities are logged on the day they are entered; the worklist must still read
// them sensibly for any as-of date, and dates after today are taken as given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const WORKLIST = `query($asOf: Date!) { collectionsWorklist(asOf: $asOf) { customer { code } pastDue brokenPromises lastActivity } }`;
const LOG = `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { collectionActivities { activityDate } userErrors { field message code } } }`;

describe.each(testDatabases())('collections over time on $name', (database) => {
  let api: TestApi;
  const numbers: Record<string, string> = {};
  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    for (const code of ['BROKE', 'DISPUTED', 'PENDING']) {
      await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "${code}", name: "${code}", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
      const created = await api.ok(`mutation { createInvoice(input: {customerCode: "${code}", issueDate: "2026-09-01", lines: [{description: "x", quantity: "1", unitPrice: "1000.00"}]}) { invoice { number } } }`);
      numbers[code] = created.createInvoice.invoice.number; // due 2026-10-01
    }
  });
  afterAll(async () => api?.close());

  it('takes a promise logged today but dated in the past, and counts it broken when unpaid', async () => {
    const logged = await api.ok(LOG, { input: { activities: [
      { customerCode: 'BROKE', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.BROKE], promiseDate: '2026-11-20', promiseAmount: '400.00' },
      { customerCode: 'PENDING', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.PENDING], promiseDate: '2026-12-05', promiseAmount: '1000.00' },
      { customerCode: 'DISPUTED', kind: 'DISPUTE', invoiceNumbers: [numbers.DISPUTED], note: 'wrong quantity' },
    ] } }, api.tokens.ANALYST);
    expect(logged.logCollectionActivities.userErrors).toEqual([]);
    expect(logged.logCollectionActivities.collectionActivities.map((a: any) => a.activityDate)).toEqual(['2026-11-25', '2026-11-25', '2026-11-25']);
    // The disputed invoice and the one under a pending promise are left out; the broken promise leads.
    const today = (await api.ok(WORKLIST, { asOf: '2026-11-25' })).collectionsWorklist;
    expect(today).toEqual([{ customer: { code: 'BROKE' }, pastDue: '1000.00', brokenPromises: 1, lastActivity: '2026-11-25' }]);
    // As of 11-10 both promises were still ahead of their dates, so both invoices were under them.
    expect((await api.ok(WORKLIST, { asOf: '2026-11-10' })).collectionsWorklist).toEqual([]);
  });

  it('counts payments made before a promise that was recorded after its own date', async () => {
    await api.ok(`mutation { recordPayment(input: {customerCode: "PENDING", receivedDate: "2026-11-01", amount: "300.00", currency: "USD"}) { userErrors { message } } }`, {}, api.tokens.AR);
    // Logged today, dated 11-10, for 300.00: the 11-01 payment kept it.
    await api.ok(LOG, { input: { activities: [{ customerCode: 'PENDING', kind: 'PROMISE_TO_PAY', invoiceNumbers: [numbers.PENDING], promiseDate: '2026-11-10', promiseAmount: '300.00' }] } }, api.tokens.ANALYST);
    const item = (await api.ok(WORKLIST, { asOf: '2026-12-10' })).collectionsWorklist.find((i: any) => i.customer.code === 'PENDING');
    expect(item).toMatchObject({ pastDue: '700.00', brokenPromises: 1 }); // only the 12-05 promise, unpaid since, is broken
  });

  it('records a post-dated payment and leaves it out of balances before its date', async () => {
    const paid = await api.ok(`mutation { recordPayment(input: {customerCode: "BROKE", receivedDate: "2026-12-01", amount: "1000.00", currency: "USD"}) { payment { receivedDate } userErrors { message } } }`, {}, api.tokens.AR);
    expect(paid.recordPayment).toEqual({ payment: { receivedDate: '2026-12-01' }, userErrors: [] });
    const aging = async (asOf: string) => (await api.ok(`query($asOf: Date!) { agingReport(asOf: $asOf) { total { total } } }`, { asOf })).agingReport.total.total;
    expect(await aging('2026-11-25')).toBe('2700.00'); // 3 × 1,000.00 less PENDING's 300.00
    expect(await aging('2026-12-01')).toBe('1700.00');
  });

  it('shows unapplied cash apart from balances, as of its received date', async () => {
    // Named explicitly: automatic application leaves an invoice in open dispute alone.
    const paid = await api.ok(`mutation($number: String!) { recordPayment(input: {customerCode: "DISPUTED", receivedDate: "2026-11-24", amount: "1250.00", currency: "USD",
      applications: [{ invoiceNumber: $number, amount: "1000.00" }]}) { payment { unappliedAmount } userErrors { message } } }`, { number: numbers.DISPUTED }, api.tokens.AR);
    expect(paid.recordPayment.payment.unappliedAmount).toBe('250.00');
    const aging = async (asOf: string) => (await api.ok(`query($asOf: Date!) { agingReport(asOf: $asOf) { unappliedCash total { total } customers { customer { code } unappliedCash } } }`, { asOf })).agingReport;
    const now = await aging('2026-11-25');
    expect(now.unappliedCash).toBe('250.00');
    expect(now.customers.map((c: any) => c.customer.code)).not.toContain('DISPUTED'); // its invoice is paid; the 250.00 is not a negative balance
    const before = await aging('2026-11-23');
    expect(before.unappliedCash).toBe('0.00');
  });
});
