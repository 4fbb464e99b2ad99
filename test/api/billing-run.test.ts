// A billing run for a month creates the invoices the contracts say are due, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const RUN = `mutation($input: RunBillingInput!) { runBilling(input: $input) {
  invoices { number issueDate dueDate total billingPeriod contract { number } lines { description amount } }
  userErrors { field message code } } }`;

describe.each(testDatabases())('billing run on $name', (database) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(database);
    await api.ok(`mutation { createEntity(input: {code: "DE01", name: "Germany", currency: "EUR"}) { userErrors { message } } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "DE01", code: "KUNDE", name: "Kunde GmbH", paymentTerms: "NET30", deliveryChannel: PORTAL}) { userErrors { message } } }`);
    const contract = `mutation($input: CreateContractInput!) { createContract(input: $input) { contract { number schedule amountPerPeriod } userErrors { field message code } } }`;
    const base = { customerCode: 'KUNDE', description: 'Support', startDate: '2026-01-15' };
    const monthly = await api.ok(contract, { input: { ...base, number: 'C-M', schedule: 'MONTHLY', amountPerPeriod: '1200.00' } });
    expect(monthly.createContract).toEqual({ contract: { number: 'C-M', schedule: 'MONTHLY', amountPerPeriod: '1200.00' }, userErrors: [] });
    await api.ok(contract, { input: { ...base, number: 'C-Q', schedule: 'QUARTERLY', amountPerPeriod: '3000.00', paymentTerms: 'EOM' } });
    await api.ok(contract, { input: { ...base, number: 'C-A', schedule: 'ANNUAL', amountPerPeriod: '9999.99' } });
    await api.ok(contract, { input: { ...base, number: 'C-ENDED', schedule: 'MONTHLY', amountPerPeriod: '50.00', endDate: '2026-03-31' } });
    await api.ok(contract, { input: { ...base, number: 'C-MS', schedule: 'MILESTONE', amountPerPeriod: '70000.00' } });
  });
  afterAll(async () => api?.close());

  it('bills monthly and quarterly contracts due in April 2026, once', async () => {
    const first = await api.ok(RUN, { input: { period: '2026-04' } });
    expect(first.runBilling.userErrors).toEqual([]);
    // Monthly bills every month; quarterly bills Jan, Apr, Jul, Oct (from a January start);
    // annual only in January; the ended contract and the milestone contract not at all.
    expect(first.runBilling.invoices).toEqual([
      { number: 'DE01-000001', issueDate: '2026-04-01', dueDate: '2026-05-01', total: '1200.00', billingPeriod: '2026-04', contract: { number: 'C-M' }, lines: [{ description: 'Support — 2026-04', amount: '1200.00' }] },
      { number: 'DE01-000002', issueDate: '2026-04-01', dueDate: '2026-04-30', total: '3000.00', billingPeriod: '2026-04', contract: { number: 'C-Q' }, lines: [{ description: 'Support — 2026-04', amount: '3000.00' }] },
    ]);
    const again = await api.ok(RUN, { input: { period: '2026-04' } });
    expect(again.runBilling).toEqual({ invoices: [], userErrors: [] });
    expect(await api.db.prisma.invoice.count()).toBe(2);
  });

  it('bills the annual contract in its anniversary month, the first periods pro rata from the 15th', async () => {
    const january = await api.ok(RUN, { input: { period: '2026-01', issueDate: '2026-01-31' } });
    // Started 2026-01-15: a month covers 17 of 31 days, the quarter Jan–Mar 76 of 90, the year 351 of 365.
    expect(january.runBilling.invoices.map((i: any) => [i.contract.number, i.total, i.issueDate])).toEqual([
      ['C-M', '658.06', '2026-01-31'], // 1200 × 17/31 = 658.0645
      ['C-Q', '2533.33', '2026-01-31'], // 3000 × 76/90 = 2533.333
      ['C-A', '9616.43', '2026-01-31'], // 9999.99 × 351/365 = 9616.4287
      ['C-ENDED', '27.42', '2026-01-31'], // 50 × 17/31 = 27.419
    ]);
    expect(january.runBilling.invoices[0].lines).toEqual([{ description: 'Support — 2026-01 (17 of 31 days)', amount: '658.06' }]);
  });

  it('refuses a malformed period or an issue date outside it, writing nothing', async () => {
    const before = await api.db.prisma.invoice.count();
    const bad = await api.ok(RUN, { input: { period: '2026-13' } });
    expect(bad.runBilling.userErrors).toEqual([expect.objectContaining({ field: ['period'], code: 'INVALID' })]);
    const outside = await api.ok(RUN, { input: { period: '2026-05', issueDate: '2026-06-01' } });
    expect(outside.runBilling.userErrors).toEqual([expect.objectContaining({ field: ['issueDate'], code: 'OUT_OF_RANGE' })]);
    expect(await api.db.prisma.invoice.count()).toBe(before);
  });
});
