// FX age (PRODUCT.md, "FX age"): a report names the rate it used per currency, and refuses a
// rate older than LEDGERLINE_FX_MAX_AGE_DAYS (default 7) before its as-of date unless the query
// passes allowStaleRates: true. A rate dated asOf − 7 is fine; asOf − 8 is stale.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const AGING = `query($asOf: Date!, $currency: String, $allowStaleRates: Boolean) {
  agingReport(asOf: $asOf, currency: $currency, allowStaleRates: $allowStaleRates) {
    currency total { current days1To30 total } rates { currency rate date } } }`;

describe.each(testDatabases())('FX age on $name', (database) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US01", currency: "USD"}) { userErrors { message } } }`);
    for (const [code, currency] of [['C-EU', 'EUR'], ['C-US', 'USD']]) {
      await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "${code}", name: "${code}", currency: "${currency}", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    }
    const invoice = async (customerCode: string, issueDate: string, amount: string) => {
      const result = await api.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { userErrors { message } } }`, {
        input: { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] },
      });
      expect(result.createInvoice.userErrors).toEqual([]);
    };
    await invoice('C-EU', '2026-10-01', '200.00'); // due 10-31: 25 days past due on 11-25
    await invoice('C-EU', '2026-11-01', '1000.00'); // due 12-01: current
    await invoice('C-US', '2026-11-01', '550.00');
    await api.ok(`mutation { setFxRate(input: {currency: "EUR", date: "2026-11-17", rate: "1.10"}) { userErrors { message } } }`);
  });
  afterAll(async () => api?.close());

  it('refuses a rate 8 days older than the as-of date, naming the currency and the date', async () => {
    const stale = await api.gql(AGING, { asOf: '2026-11-25' });
    expect(stale.data).toBeNull();
    expect(stale.errors?.[0]?.extensions?.code).toBe('FX_RATE_STALE');
    expect(stale.errors?.[0]?.message).toContain('EUR (latest rate dated 2026-11-17)');
    expect(stale.errors?.[0]?.message).toContain('older than 7 days before 2026-11-25');
  });

  it('answers with the stale rate when allowed, and lists it', async () => {
    const { agingReport } = await api.ok(AGING, { asOf: '2026-11-25', allowStaleRates: true });
    // €1,000 × 1.10 + $550 current; €200 × 1.10 = $220 1–30 days past due.
    expect(agingReport).toEqual({
      currency: 'USD',
      total: { current: '1650.00', days1To30: '220.00', total: '1870.00' },
      rates: [{ currency: 'EUR', rate: '1.1', date: '2026-11-17' }],
    });
  });

  it('takes a rate exactly 7 days old without asking', async () => {
    const { agingReport } = await api.ok(AGING, { asOf: '2026-11-24' });
    expect(agingReport.total.total).toBe('1870.00');
    expect(agingReport.rates).toEqual([{ currency: 'EUR', rate: '1.1', date: '2026-11-17' }]);
  });

  it("lists the reporting currency's own rate when it is not the base currency, and none for the base", async () => {
    // In EUR: €1,200 + $550 ÷ 1.10 = €500; the USD amounts need EUR's rate, USD's is 1 (no row).
    const { agingReport } = await api.ok(AGING, { asOf: '2026-11-24', currency: 'EUR' });
    expect(agingReport).toMatchObject({ currency: 'EUR', total: { total: '1700.00' }, rates: [{ currency: 'EUR', rate: '1.1', date: '2026-11-17' }] });
    // Before any EUR rate there is none to be stale: the missing rate is named as before.
    const missing = await api.gql(AGING, { asOf: '2026-11-10' });
    expect(missing.errors?.[0]?.extensions?.code).toBe('FX_RATE_MISSING');
  });

  it('applies the same rule to the KPIs (as of the period end) and to the worklist', async () => {
    // November ends 11-30: the 11-17 rate is 13 days old.
    const card = await api.gql(`{ kpiScorecard(period: "2026-11") { code actual } }`);
    expect(card.errors?.[0]).toMatchObject({ extensions: { code: 'FX_RATE_STALE' }, message: expect.stringContaining('2026-11-17') });
    const allowed = await api.ok(`{ kpiScorecard(period: "2026-11", allowStaleRates: true) { code actual } }`);
    // Ending AR $1,870 ÷ credit sales $1,650 × 30 days = 34.0
    expect(allowed.kpiScorecard.find((v: { code: string }) => v.code === 'DSO').actual).toBe('34.00');
    const history = await api.gql(`{ kpiHistory(code: "DSO", from: "2026-11", to: "2026-11") { period actual } }`);
    expect(history.errors?.[0]?.extensions?.code).toBe('FX_RATE_STALE');
    const historyAllowed = await api.ok(`{ kpiHistory(code: "DSO", from: "2026-11", to: "2026-11", allowStaleRates: true) { period actual } }`);
    expect(historyAllowed.kpiHistory).toEqual([{ period: '2026-11', actual: '34.00' }]);

    const worklist = await api.gql(`{ collectionsWorklist(asOf: "2026-11-25") { customer { code } pastDue } }`);
    expect(worklist.errors?.[0]?.extensions?.code).toBe('FX_RATE_STALE');
    const worklistAllowed = await api.ok(`{ collectionsWorklist(asOf: "2026-11-25", allowStaleRates: true) { customer { code } pastDue } }`);
    expect(worklistAllowed.collectionsWorklist).toEqual([{ customer: { code: 'C-EU' }, pastDue: '220.00' }]);
  });
});
