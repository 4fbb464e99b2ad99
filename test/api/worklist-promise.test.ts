// The worklist in the customer's billing currency, and a promise to pay logged against the
// worklist's date: the server picks the invoices past due on that date in the promise's
// currency, leaves disputed ones out and refuses more than they owe.
//
// Worked example (today 2026-11-25, worklist as of 2026-11-20, EUR at 1.10 USD): EURCO bills in
// EUR, NET30.
//   A  issued 09-01, due 10-01, EUR 1,000.00, EUR 100.00 paid 11-10 → EUR 900.00 open, 50 days
//   B  issued 09-15, due 10-15, EUR   333.33, in open dispute        → left out
//   C  issued 10-10, due 11-09, EUR   250.55                          → 11 days
//   D  issued 10-25, due 11-24, EUR   400.00, past due only from 11-25 → not yet on 11-20
//   E  issued 09-01, due 10-01, USD   200.00 (billed in USD once)     → listed apart
// As of 11-20: past due in EUR = 900.00 + 250.55 = 1,150.55; in USD 200.00 apart; in the base
// currency 990.00 + 275.61 (250.55 × 1.10 = 275.605, rounded half away) + 200.00 = 1,465.61.
// A promise with asOf 11-20 covers A and C, in EUR, for at most 1,150.55.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const WORKLIST = `query($asOf: Date!) { collectionsWorklist(asOf: $asOf) {
  customer { code } currency pastDue billingCurrency pastDueInBillingCurrency pastDueInOtherCurrencies { currency amount } } }`;
const LOG = `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) {
  collectionActivities { customer { code } kind currency promiseDate promiseAmount invoices { number } }
  userErrors { field message code } } }`;
const ACTIVITY_COUNT = `{ collectionActivities(first: 1) { totalCount } }`;

describe.each(testDatabases())('a promise to pay against the worklist on $name', (database) => {
  let api: TestApi;
  const n: Record<string, string> = {};

  const invoice = async (customerCode: string, issueDate: string, amount: string, currency?: string) => {
    const created = await api.ok(
      `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number } userErrors { message } } }`,
      { input: { customerCode, issueDate, ...(currency ? { currency } : {}), lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] } },
      api.tokens.AR,
    );
    expect(created.createInvoice.userErrors).toEqual([]);
    return created.createInvoice.invoice.number as string;
  };
  const customer = async (code: string) => {
    const created = await api.ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { userErrors { message } } }`, {
      input: { entityCode: 'DE01', code, name: `${code} GmbH`, currency: 'EUR', paymentTerms: 'NET30', deliveryChannel: 'POST' },
    }, api.tokens.AR);
    expect(created.createCustomer.userErrors).toEqual([]);
  };
  const log = async (activities: Record<string, unknown>[]) => (await api.ok(LOG, { input: { activities } }, api.tokens.ANALYST)).logCollectionActivities;
  const activityCount = async () => (await api.ok(ACTIVITY_COUNT)).collectionActivities.totalCount as number;
  const item = async (asOf: string, code: string) => (await api.ok(WORKLIST, { asOf })).collectionsWorklist.find((i: { customer: { code: string } }) => i.customer.code === code);
  const promise = (over: Record<string, unknown> = {}) => ({ customerCode: 'EURCO', kind: 'PROMISE_TO_PAY', asOf: '2026-11-20', promiseDate: '2026-12-05', promiseAmount: '1150.55', ...over });

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "DE01", name: "DE", currency: "EUR"}) { userErrors { message } } }`);
    await api.ok(`mutation { setFxRate(input: {currency: "EUR", date: "2026-11-18", rate: "1.10"}) { userErrors { message } } }`, {}, api.tokens.AR);
    for (const code of ['EURCO', 'DISPCO', 'NEWCO']) await customer(code);
    n.A = await invoice('EURCO', '2026-09-01', '1000.00');
    n.B = await invoice('EURCO', '2026-09-15', '333.33');
    n.C = await invoice('EURCO', '2026-10-10', '250.55');
    n.D = await invoice('EURCO', '2026-10-25', '400.00');
    n.E = await invoice('EURCO', '2026-09-01', '200.00', 'USD');
    n.DISPUTED = await invoice('DISPCO', '2026-09-01', '500.00');
    n.NOT_DUE = await invoice('NEWCO', '2026-11-01', '700.00'); // due 12-01
    const paid = await api.ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { userErrors { message } } }`, {
      input: { customerCode: 'EURCO', receivedDate: '2026-11-10', amount: '100.00', currency: 'EUR', applications: [{ invoiceNumber: n.A, amount: '100.00' }] },
    }, api.tokens.AR);
    expect(paid.recordPayment.userErrors).toEqual([]);
    for (const number of [n.B, n.DISPUTED]) {
      const opened = await api.ok(`mutation($input: OpenDisputeInput!) { openDispute(input: $input) { userErrors { message } } }`, { input: { invoiceNumber: number, reason: 'Wrong quantity' } }, api.tokens.ANALYST);
      expect(opened.openDispute.userErrors).toEqual([]);
    }
  });
  afterAll(async () => api?.close());

  it('shows past due in the billing currency exactly, other currencies apart, beside the base-currency figure', async () => {
    expect(await item('2026-11-20', 'EURCO')).toEqual({
      customer: { code: 'EURCO' },
      currency: 'USD',
      pastDue: '1465.61',
      billingCurrency: 'EUR',
      pastDueInBillingCurrency: '1150.55',
      pastDueInOtherCurrencies: [{ currency: 'USD', amount: '200.00' }],
    });
    // D is past due from 11-25 on.
    expect(await item('2026-11-25', 'EURCO')).toMatchObject({ pastDueInBillingCurrency: '1550.55', pastDue: '1905.61' });
    // A customer whose only past-due invoice is disputed is not on the worklist.
    expect(await item('2026-11-20', 'DISPCO')).toBeUndefined();
  });

  it('refuses a promise for more than the invoices past due on the date owe, naming them and what was left out, and writes nothing', async () => {
    const before = await activityCount();
    const refused = await log([promise({ promiseAmount: '1150.56' })]);
    expect(refused.collectionActivities).toBeNull();
    expect(refused.userErrors).toEqual([{
      field: ['activities', '0', 'promiseAmount'],
      code: 'OUT_OF_RANGE',
      message: `The promise of EUR 1150.56 is more than the EUR 1150.55 past due as of 2026-11-20 on the invoices it covers (${n.A}, ${n.C}); left out: ${n.B} in open dispute. Promise at most 1150.55, or name the invoices (not-yet-due ones too) with invoiceNumbers.`,
    }]);
    expect(await activityCount()).toBe(before);
  });

  it('says why when there is nothing a promise can cover: only disputed invoices, nothing past due yet, a date after today', async () => {
    const before = await activityCount();
    const refused = await log([
      promise({ customerCode: 'DISPCO', promiseAmount: '10.00' }),
      promise({ customerCode: 'NEWCO', promiseAmount: '10.00' }),
      promise({ asOf: '2026-11-26' }),
      promise({ invoiceNumbers: [n.A] }),
      promise({ currency: 'GBP', promiseAmount: '10.00' }),
    ]);
    expect(refused.userErrors).toEqual([
      { field: ['activities', '2', 'asOf'], code: 'OUT_OF_RANGE', message: 'asOf 2026-11-26 is after the day the promise is made (2026-11-25); a promise covers invoices already past due. Name invoices not yet due with invoiceNumbers.' },
      { field: ['activities', '3', 'asOf'], code: 'INVALID', message: 'Give either invoiceNumbers or asOf, not both: with asOf the promise covers the invoices past due on that date.' },
      { field: ['activities', '0', 'promiseAmount'], code: 'OUT_OF_RANGE', message: `DISPCO has nothing past due in EUR as of 2026-11-20 that a promise can cover: ${n.DISPUTED} in open dispute.` },
      { field: ['activities', '1', 'promiseAmount'], code: 'OUT_OF_RANGE', message: 'NEWCO has nothing past due as of 2026-11-20, so a promise to pay has no invoice to cover. To promise invoices not yet due, name them with invoiceNumbers.' },
      { field: ['activities', '4', 'promiseAmount'], code: 'OUT_OF_RANGE', message: 'EURCO has nothing past due in GBP as of 2026-11-20; its past-due invoices are in EUR, USD. Log the promise in that currency or name its invoices.' },
    ]);
    expect(await activityCount()).toBe(before);
  });

  it('does not let two rows of one batch promise the same invoices', async () => {
    const refused = await log([promise({ promiseAmount: '500.00' }), promise({ promiseAmount: '500.00' })]);
    expect(refused.userErrors).toEqual([{
      field: ['activities', '1', 'promiseAmount'],
      code: 'OUT_OF_RANGE',
      message: `EURCO has nothing past due in EUR as of 2026-11-20 that a promise can cover: ${n.B} in open dispute; ${n.A}, ${n.C} under an unbroken promise.`,
    }]);
  });

  it('covers exactly the non-disputed invoices past due on the sheet date, in EUR, and the worklist then leaves them out', async () => {
    const logged = await log([promise()]);
    expect(logged.userErrors).toEqual([]);
    const [activity] = logged.collectionActivities;
    expect({ ...activity, invoices: activity.invoices.map((i: { number: string }) => i.number).sort() }).toEqual({
      customer: { code: 'EURCO' }, kind: 'PROMISE_TO_PAY', currency: 'EUR', promiseDate: '2026-12-05', promiseAmount: '1150.55', invoices: [n.A, n.C].sort(),
    });
    // Under an unbroken promise, A and C leave the worklist; the USD invoice stays, apart.
    expect(await item('2026-11-20', 'EURCO')).toMatchObject({ pastDue: '200.00', pastDueInBillingCurrency: '0.00', pastDueInOtherCurrencies: [{ currency: 'USD', amount: '200.00' }] });
    // A promise in the other currency covers the USD invoice.
    const usd = await log([promise({ currency: 'USD', promiseAmount: '200.00' })]);
    expect(usd.userErrors).toEqual([]);
    expect(usd.collectionActivities[0]).toMatchObject({ currency: 'USD', promiseAmount: '200.00', invoices: [{ number: n.E }] });
  });

  it('still takes a promise that names its invoices (not-yet-due ones too), in their currency', async () => {
    const named = await log([{ customerCode: 'NEWCO', kind: 'PROMISE_TO_PAY', invoiceNumbers: [n.NOT_DUE], promiseDate: '2026-12-15', promiseAmount: '700.00' }]);
    expect(named.userErrors).toEqual([]);
    expect(named.collectionActivities[0]).toMatchObject({ currency: 'EUR', invoices: [{ number: n.NOT_DUE }] });
    const mismatch = await log([{ customerCode: 'NEWCO', kind: 'PROMISE_TO_PAY', invoiceNumbers: [n.NOT_DUE], currency: 'USD', promiseDate: '2026-12-15', promiseAmount: '700.00' }]);
    expect(mismatch.userErrors).toEqual([{ field: ['activities', '0', 'currency'], code: 'INVALID', message: "The promise is in USD but its invoices are in EUR; a promise is in its invoices' currency." }]);
  });
});
