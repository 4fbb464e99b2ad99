import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

describe.each(testDatabases())('smoke on $name', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database);
  });
  afterAll(async () => api?.close());

  it('creates and ages an invoice', async () => {
    const e = await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { entity { code } userErrors { field message code } } }`);
    expect(e.createEntity.userErrors).toEqual([]);
    const c = await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "ACME", name: "Acme", paymentTerms: "NET30", deliveryChannel: EMAIL, billingEmails: ["ap@acme.com"]}) { customer { code currency } userErrors { field message code } } }`);
    expect(c.createCustomer).toEqual({ customer: { code: 'ACME', currency: 'USD' }, userErrors: [] });
    const i = await api.ok(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-11-10", lines: [{description: "x", quantity: "1", unitPrice: "8000"}]}) { invoice { number dueDate total balance status } userErrors { field message code } } }`);
    expect(i.createInvoice.invoice).toEqual({ number: 'US01-000001', dueDate: '2026-12-10', total: '8000.00', balance: '8000.00', status: 'ISSUED' });
    const a = await api.ok(`{ agingReport(asOf: "2026-11-25") { currency total { current days1To30 total } customers { customer { code name } buckets { total } } } }`);
    expect(a.agingReport).toEqual({ currency: 'USD', total: { current: '8000.00', days1To30: '0.00', total: '8000.00' }, customers: [{ customer: { code: 'ACME', name: 'Acme' }, buckets: { total: '8000.00' } }] });
    const p = await api.ok(`mutation { recordPayment(input: {customerCode: "ACME", receivedDate: "2026-11-20", amount: "3000.00", currency: "USD"}) { payment { amount unappliedAmount applications { amount invoice { number balance status } } } userErrors { field message code } } }`);
    expect(p.recordPayment.payment.applications).toEqual([{ amount: '3000.00', invoice: { number: 'US01-000001', balance: '5000.00', status: 'PARTIALLY_PAID' } }]);
    const w = await api.ok(`{ collectionsWorklist(asOf: "2027-01-25") { customer { code } pastDue oldestDaysPastDue priority brokenPromises } }`);
    expect(w.collectionsWorklist).toEqual([{ customer: { code: 'ACME' }, pastDue: '5000.00', oldestDaysPastDue: 46, priority: '230000.00', brokenPromises: 0 }]);
    const none = await api.gql(`{ me { name } }`, {}, null);
    expect(none.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forbidden = await api.gql(`mutation { createEntity(input: {code: "DE01", name: "DE", currency: "EUR"}) { entity { code } } }`, {}, api.tokens.VIEWER);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
