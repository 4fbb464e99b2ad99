// Refused input: every mutation answers with userErrors naming the field and a stable code,
// and writes nothing (every table is fingerprinted before and after the call). Query arguments
// that cannot be answered get a clear GraphQL error instead of a guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TODAY = '2026-11-25';
const LONG = 'x'.repeat(5000);

const ERRORS = 'userErrors { field message code }';
const MUTATIONS = {
  createEntity: { result: 'entity', document: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }` },
  createCustomer: { result: 'customer', document: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }` },
  createInvoice: { result: 'invoice', document: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number total status } ${ERRORS} } }` },
  issueInvoice: { result: 'invoice', document: `mutation($input: IssueInvoiceInput!) { issueInvoice(input: $input) { invoice { number status } ${ERRORS} } }` },
  voidInvoice: { result: 'invoice', document: `mutation($input: VoidInvoiceInput!) { voidInvoice(input: $input) { invoice { number status } ${ERRORS} } }` },
  recordPayment: { result: 'payment', document: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id unappliedAmount } ${ERRORS} } }` },
  setFxRate: { result: 'fxRate', document: `mutation($input: SetFxRateInput!) { setFxRate(input: $input) { fxRate { currency rate } ${ERRORS} } }` },
  openDispute: { result: 'invoice', document: `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { invoice { number disputed } ${ERRORS} } }` },
  resolveDispute: { result: 'invoice', document: `mutation($input: ResolveDisputeInput!) { resolveDispute(input: $input) { invoice { number disputed } ${ERRORS} } }` },
  logCollectionActivities: {
    result: 'collectionActivities',
    document: `mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { collectionActivities { id } ${ERRORS} } }`,
  },
  createApiToken: { result: 'token', document: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token ${ERRORS} } }` },
  revokeApiToken: { result: 'apiToken', document: `mutation($input: RevokeApiTokenInput!) { revokeApiToken(input: $input) { apiToken { name } ${ERRORS} } }` },
  createKpiDefinition: { result: 'kpiDefinition', document: `mutation($input: CreateKpiDefinitionInput!) { createKpiDefinition(input: $input) { kpiDefinition { code } ${ERRORS} } }` },
  setKpiTargets: { result: 'targets', document: `mutation($input: SetKpiTargetsInput!) { setKpiTargets(input: $input) { targets { value } ${ERRORS} } }` },
  setKpiActuals: { result: 'actuals', document: `mutation($input: SetKpiActualsInput!) { setKpiActuals(input: $input) { actuals { value } ${ERRORS} } }` },
  closePeriod: { result: 'periodClose', document: `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { periodClose { period } ${ERRORS} } }` },
  createProject: { result: 'project', document: `mutation($input: CreateProjectInput!) { createProject(input: $input) { project { code version } ${ERRORS} } }` },
  updateProjects: { result: 'projects', document: `mutation($input: UpdateProjectsInput!) { updateProjects(input: $input) { projects { code } ${ERRORS} } }` },
} as const;
type MutationName = keyof typeof MUTATIONS;

// Every table the API writes to; a refused call must leave each one exactly as it was.
const TABLES = [
  'entity', 'invoice_sequence', 'customer', 'invoice', 'invoice_line', 'invoice_delivery', 'payment',
  'payment_application', 'fx_rate', 'collection_activity', 'collection_activity_invoice', 'dispute',
  'api_token', 'audit_record', 'idempotency_key', 'kpi_definition', 'kpi_target', 'kpi_actual', 'period_close', 'kpi_snapshot', 'project',
] as const;

const line = (quantity: string, unitPrice: string, description = 'Consulting') => ({ description, quantity, unitPrice });

describe.each(testDatabases())('refused input on $name', (database) => {
  let api: TestApi;

  const snapshot = () => tableDigest(api.db.prisma, TABLES);

  /** Runs a mutation that must be refused; checks the result is null and nothing was written; returns its userErrors. */
  async function refused(name: MutationName, input: Record<string, unknown>, token: string = api.tokens.ADMIN) {
    const before = await snapshot();
    const response = await api.gql(MUTATIONS[name].document, { input }, token);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    const payload = response.data[name];
    expect(payload.userErrors.length, `${name} should have been refused`).toBeGreaterThan(0);
    expect(payload[MUTATIONS[name].result]).toBeNull();
    expect(await snapshot()).toEqual(before);
    return payload.userErrors as { field: string[]; message: string; code: string }[];
  }

  async function accepted(name: MutationName, input: Record<string, unknown>, token: string = api.tokens.ADMIN) {
    const payload = (await api.ok(MUTATIONS[name].document, { input }, token))[name];
    expect(payload.userErrors).toEqual([]);
    return payload[MUTATIONS[name].result];
  }

  const invoiceByNumber = (number: string) =>
    api.ok(`query($n: String!) { invoice(number: $n) { number status total balance voidDate disputed version applications { amount } } }`, { n: number }).then((d) => d.invoice);

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await accepted('createEntity', { code: 'US01', name: 'Ledgerline Inc.', currency: 'USD' });
    await accepted('createEntity', { code: 'JP01', name: 'Ledgerline KK', currency: 'JPY' });
    await accepted('createEntity', { code: 'DE01', name: 'Ledgerline GmbH', currency: 'EUR' });
    const customer = (entityCode: string, code: string, extra: Record<string, unknown> = {}) =>
      accepted('createCustomer', { entityCode, code, name: `${code} Corp`, paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: [`ap@${code.toLowerCase()}.example`], ...extra });
    await customer('US01', 'ACME');
    await customer('US01', 'GLOBEX');
    await customer('US01', 'POCO', { poRequired: true });
    await customer('JP01', 'KAITO');
    await customer('DE01', 'BERLIN');
    // US01-000001 ACME 1,000.00 open; US01-000002 ACME 500.00 with 100.00 paid; US01-000003 GLOBEX 700.00.
    await accepted('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-01', lines: [line('1', '1000')] });
    await accepted('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-05', lines: [line('1', '500')] });
    await accepted('createInvoice', { customerCode: 'GLOBEX', issueDate: '2026-11-06', lines: [line('1', '700')] });
    await accepted('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '100.00', currency: 'USD', applications: [{ invoiceNumber: 'US01-000002', amount: '100.00' }] });
    // JP01-000001 KAITO ¥10,000; DE01-000001 BERLIN €2,000, past due by 2026-11-25 (due 2026-10-01).
    await accepted('createInvoice', { customerCode: 'KAITO', issueDate: '2026-11-02', lines: [line('1', '10000')] });
    await accepted('createInvoice', { customerCode: 'BERLIN', issueDate: '2026-09-01', lines: [line('1', '2000')] });
    // A JPY rate exists, an EUR rate does not.
    await accepted('setFxRate', { currency: 'JPY', date: '2026-11-01', rate: '0.0067' });
  });
  afterAll(async () => api?.close());

  describe('unknown records are NOT_FOUND', () => {
    it('a customer for an unknown entity', async () => {
      const errors = await refused('createCustomer', { entityCode: 'ZZ01', code: 'NEWCO', name: 'New Co', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      expect(errors).toEqual([{ field: ['entityCode'], code: 'NOT_FOUND', message: expect.stringContaining('ZZ01') }]);
    });

    it('an invoice for an unknown customer', async () => {
      const errors = await refused('createInvoice', { customerCode: 'NOBODY', issueDate: '2026-11-20', lines: [line('1', '10')] });
      expect(errors).toEqual([{ field: ['customerCode'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') }]);
    });

    it('a payment from an unknown customer', async () => {
      const errors = await refused('recordPayment', { customerCode: 'NOBODY', receivedDate: '2026-11-20', amount: '10.00', currency: 'USD' });
      expect(errors).toEqual([{ field: ['customerCode'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') }]);
    });

    it('a payment applied to an unknown invoice', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000001', amount: '5.00' }, { invoiceNumber: 'US01-999999', amount: '5.00' }],
      });
      expect(errors).toEqual([{ field: ['applications', '1', 'invoiceNumber'], code: 'NOT_FOUND', message: expect.stringContaining('US01-999999') }]);
    });

    it('voiding, disputing or resolving an unknown invoice', async () => {
      const notFound = [{ field: ['invoiceNumber'], code: 'NOT_FOUND', message: expect.stringContaining('US01-999999') }];
      expect(await refused('voidInvoice', { invoiceNumber: 'US01-999999', reason: 'duplicate' })).toEqual(notFound);
      expect(await refused('openDispute', { invoiceNumber: 'US01-999999', reason: 'wrong price' })).toEqual(notFound);
      expect(await refused('resolveDispute', { invoiceNumber: 'US01-999999', resolution: 'credited' })).toEqual(notFound);
    });

    it('issuing an unknown draft', async () => {
      expect(await refused('issueInvoice', { id: '987654' })).toEqual([{ field: ['id'], code: 'NOT_FOUND', message: expect.stringContaining('987654') }]);
      expect(await refused('issueInvoice', { id: 'not-an-id' })).toEqual([{ field: ['id'], code: 'NOT_FOUND', message: expect.any(String) }]);
    });

    it('a collection activity for an unknown customer or invoice', async () => {
      const errors = await refused('logCollectionActivities', {
        activities: [
          { customerCode: 'ACME', kind: 'CALL', note: 'left a voicemail' },
          { customerCode: 'NOBODY', kind: 'CALL' },
          { customerCode: 'ACME', kind: 'NOTE', note: 'see invoice', invoiceNumbers: ['US01-999999'] },
        ],
      });
      expect(errors).toEqual([
        { field: ['activities', '1', 'customerCode'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') },
        { field: ['activities', '2', 'invoiceNumbers', '0'], code: 'NOT_FOUND', message: expect.stringContaining('US01-999999') },
      ]);
    });

    it('revoking an unknown token', async () => {
      expect(await refused('revokeApiToken', { name: 'nobody' })).toEqual([{ field: ['name'], code: 'NOT_FOUND', message: expect.stringContaining('nobody') }]);
    });
  });

  describe('currencies must be ISO 4217', () => {
    it.each([
      ['createEntity', { code: 'XX01', name: 'X', currency: 'XYZ' }],
      ['createCustomer', { entityCode: 'US01', code: 'EUROCO', name: 'Euro Co', currency: 'EURO', paymentTerms: 'NET30', deliveryChannel: 'POST' }],
      ['createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', currency: 'US$', lines: [line('1', '10')] }],
      ['recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.00', currency: 'ABC' }],
      ['setFxRate', { currency: 'EUX', date: '2026-11-20', rate: '1.1' }],
    ] as const)('%s refuses an unknown currency', async (name, input) => {
      const errors = await refused(name, input);
      expect(errors).toEqual([{ field: ['currency'], code: 'INVALID', message: expect.stringContaining('ISO 4217') }]);
    });
  });

  describe('amounts carry no more decimals than their currency allows', () => {
    it('a USD payment of 10.001', async () => {
      const errors = await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.001', currency: 'USD' });
      expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: 'A payment amount in USD takes at most 2 decimals; 10.001 has 3.' }]);
    });

    it('a payment amount written as words', async () => {
      const errors = await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: 'ten', currency: 'USD' });
      expect(errors).toEqual([{
        field: ['amount'],
        code: 'INVALID',
        message: '"ten" is not a payment amount: write a decimal number such as 1234.50 (digits, an optional point, no thousands separators or exponent).',
      }]);
    });

    it('a JPY payment of 10.5', async () => {
      const errors = await refused('recordPayment', { customerCode: 'KAITO', receivedDate: '2026-11-20', amount: '10.5', currency: 'JPY' });
      expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: 'A payment amount in JPY takes at most 0 decimals; 10.5 has 1.' }]);
    });

    it('a USD application of 5.001', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000001', amount: '5.001' }],
      });
      expect(errors).toEqual([{ field: ['applications', '0', 'amount'], code: 'INVALID', message: expect.stringContaining('at most 2') }]);
    });

    it('unit prices take two decimals more than the currency: USD 10.00001 and JPY 10.123 are refused', async () => {
      const usd = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [line('1', '10.00001')] });
      expect(usd).toEqual([{ field: ['lines', '0', 'unitPrice'], code: 'INVALID', message: expect.stringContaining('at most 4') }]);
      const jpy = await refused('createInvoice', { customerCode: 'KAITO', issueDate: '2026-11-20', lines: [line('1', '10.123')] });
      expect(jpy).toEqual([{ field: ['lines', '0', 'unitPrice'], code: 'INVALID', message: expect.stringContaining('at most 2') }]);
    });

    it("a credit limit is checked against the customer's currency, which defaults to the entity's", async () => {
      // JP01 bills in JPY, so a credit limit of 100.5 has a decimal too many.
      const errors = await refused('createCustomer', { entityCode: 'JP01', code: 'TANAKA', name: 'Tanaka KK', paymentTerms: 'NET30', deliveryChannel: 'POST', creditLimit: '100.5' });
      expect(errors).toEqual([{ field: ['creditLimit'], code: 'INVALID', message: expect.stringContaining('JPY') }]);
      const negative = await refused('createCustomer', { entityCode: 'US01', code: 'NEGCO', name: 'Neg Co', paymentTerms: 'NET30', deliveryChannel: 'POST', creditLimit: '-1.00' });
      expect(negative).toEqual([{ field: ['creditLimit'], code: 'OUT_OF_RANGE', message: expect.stringContaining('negative') }]);
    });

    it('a unit price is checked against the invoice currency, not the customer default', async () => {
      // ACME bills in USD, but this invoice is in JPY: 10.5 is a valid JPY unit price, 10.505 is not.
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', currency: 'JPY', lines: [line('1', '10.505')] });
      expect(errors).toEqual([{ field: ['lines', '0', 'unitPrice'], code: 'INVALID', message: expect.stringContaining('JPY') }]);
    });

    it('quantities take at most 4 decimals', async () => {
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [line('1.00001', '10')] });
      expect(errors).toEqual([{ field: ['lines', '0', 'quantity'], code: 'INVALID', message: expect.stringContaining('at most 4') }]);
    });

    it('numbers must be plain decimals: no exponent, separators or words', async () => {
      for (const amount of ['1e3', '1,000.00', 'ten', '']) {
        const errors = await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount, currency: 'USD' });
        expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: expect.stringContaining('decimal number') }]);
      }
    });

    it('the limits themselves are accepted (USD unit price 10.0001, JPY unit price 10.12, quantity 1.2345)', async () => {
      const usd = await accepted('createInvoice', { customerCode: 'GLOBEX', issueDate: '2026-11-20', lines: [line('1.2345', '10.0001')] });
      // 1.2345 × 10.0001 = 12.34512345 → 12.35
      expect(usd).toMatchObject({ total: '12.35', status: 'ISSUED' });
      const jpy = await accepted('createInvoice', { customerCode: 'KAITO', issueDate: '2026-11-20', lines: [line('1', '10.12')] });
      expect(jpy).toMatchObject({ total: '10', status: 'ISSUED' });
    });
  });

  describe('amounts too large for the ledger are refused, not failed in the database', () => {
    it('a payment of 18 digits', async () => {
      const errors = await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '999999999999999999', currency: 'USD' });
      expect(errors).toEqual([{ field: ['amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('too large') }]);
    });

    it('a quantity of 15 digits, or a line total above the limit', async () => {
      const quantity = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [line('999999999999999', '1')] });
      expect(quantity).toEqual([{ field: ['lines', '0', 'quantity'], code: 'OUT_OF_RANGE', message: expect.stringContaining('too large') }]);
      // 99,999,999 × 99,999,999 ≈ 10^16: each number is fine, their product is not.
      const product = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [line('1', '10'), line('99999999', '99999999')] });
      expect(product).toEqual([{ field: ['lines', '1', 'unitPrice'], code: 'OUT_OF_RANGE', message: expect.stringContaining('line total') }]);
    });

    it('an invoice total above the limit', async () => {
      const big = line('1', '900000000000000');
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [big, big] });
      expect(errors).toEqual([{ field: ['lines'], code: 'OUT_OF_RANGE', message: expect.stringContaining('total is too large') }]);
    });

    it('an FX rate of 18 digits', async () => {
      const errors = await refused('setFxRate', { currency: 'EUR', date: '2026-11-20', rate: '999999999999999999' });
      expect(errors).toEqual([{ field: ['rate'], code: 'OUT_OF_RANGE', message: expect.stringContaining('too large') }]);
    });
  });

  describe('quantities, prices and payments must be above zero', () => {
    it.each([
      ['zero quantity', line('0', '10'), 'quantity'],
      ['negative quantity', line('-1', '10'), 'quantity'],
      ['zero unit price', line('1', '0'), 'unitPrice'],
      ['negative unit price', line('1', '-5.00'), 'unitPrice'],
    ])('%s', async (_label, bad, field) => {
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [bad] });
      expect(errors).toEqual([{ field: ['lines', '0', field], code: 'OUT_OF_RANGE', message: expect.stringContaining('greater than zero') }]);
    });

    it.each(['0', '0.00', '-10.00'])('a payment of %s', async (amount) => {
      const errors = await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount, currency: 'USD' });
      expect(errors).toEqual([{ field: ['amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('greater than zero') }]);
    });

    it('an application of zero', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000001', amount: '0' }],
      });
      expect(errors).toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.any(String) }]);
    });

    it('an FX rate of zero or below', async () => {
      for (const rate of ['0', '-1.1']) {
        const errors = await refused('setFxRate', { currency: 'EUR', date: '2026-11-20', rate });
        expect(errors).toEqual([{ field: ['rate'], code: 'OUT_OF_RANGE', message: expect.any(String) }]);
      }
    });
  });

  describe('dates must be calendar dates', () => {
    const notADate = (field: string[]) => [{ field, code: 'INVALID', message: expect.stringMatching(/2026-02-30.*YYYY-MM-DD/) }];

    it('an invoice issued on 2026-02-30', async () => {
      expect(await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-02-30', lines: [line('1', '10')] })).toEqual(notADate(['issueDate']));
    });

    it('a payment received on 2026-02-30', async () => {
      expect(await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-02-30', amount: '10.00', currency: 'USD' })).toEqual(notADate(['receivedDate']));
    });

    it('a void dated 2026-02-30', async () => {
      expect(await refused('voidInvoice', { invoiceNumber: 'US01-000001', reason: 'typo', voidDate: '2026-02-30' })).toEqual(notADate(['voidDate']));
    });

    it('an FX rate dated 2026-02-30', async () => {
      expect(await refused('setFxRate', { currency: 'EUR', date: '2026-02-30', rate: '1.1' })).toEqual(notADate(['date']));
    });

    it('a promise to pay on 2026-02-30', async () => {
      const errors = await refused('logCollectionActivities', {
        activities: [{ customerCode: 'ACME', kind: 'PROMISE_TO_PAY', invoiceNumbers: ['US01-000001'], promiseDate: '2026-02-30', promiseAmount: '100.00' }],
      });
      expect(errors).toEqual(notADate(['activities', '0', 'promiseDate']));
    });

    it('other spellings of a date', async () => {
      for (const issueDate of ['25/11/2026', '2026-11-25T00:00:00Z', '2026-1-5', '2026-13-01']) {
        const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate, lines: [line('1', '10')] });
        expect(errors).toEqual([{ field: ['issueDate'], code: 'INVALID', message: expect.stringContaining('YYYY-MM-DD') }]);
      }
    });
  });

  describe('payment applications', () => {
    it('above the open balance is OUT_OF_RANGE and leaves the invoice as it was', async () => {
      const before = await invoiceByNumber('US01-000002');
      // US01-000002: 500.00 total, 100.00 paid → 400.00 open.
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-21', amount: '500.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000002', amount: '400.01' }],
      });
      expect(errors).toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/400\.01.*400\.00/) }]);
      expect(await invoiceByNumber('US01-000002')).toEqual(before);
      expect(before).toMatchObject({ balance: '400.00', status: 'PARTIALLY_PAID' });
    });

    it("to another customer's invoice", async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-21', amount: '100.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000003', amount: '100.00' }],
      });
      expect(errors).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('another customer') }]);
    });

    it('applications adding up to more than the payment', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-21', amount: '100.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000001', amount: '60.00' }, { invoiceNumber: 'US01-000002', amount: '40.01' }],
      });
      expect(errors).toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/100\.01.*100\.00/) }]);
    });

    it('the same invoice twice in one payment', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-21', amount: '100.00', currency: 'USD',
        applications: [{ invoiceNumber: 'US01-000001', amount: '10.00' }, { invoiceNumber: 'US01-000001', amount: '10.00' }],
      });
      expect(errors).toEqual([{ field: ['applications', '1', 'invoiceNumber'], code: 'DUPLICATE', message: expect.any(String) }]);
    });

    it('a payment in another currency than the invoice', async () => {
      const errors = await refused('recordPayment', {
        customerCode: 'ACME', receivedDate: '2026-11-21', amount: '100.00', currency: 'EUR',
        applications: [{ invoiceNumber: 'US01-000001', amount: '100.00' }],
      });
      expect(errors).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('USD') }]);
    });
  });

  describe('void invoices and idempotency keys', () => {
    it('a void invoice takes no payment and no dispute', async () => {
      const created = await accepted('createInvoice', { customerCode: 'GLOBEX', issueDate: '2026-11-21', lines: [line('1', '75')] });
      await accepted('voidInvoice', { invoiceNumber: created.number, reason: 'sent to the wrong customer' });
      const payment = await refused('recordPayment', {
        customerCode: 'GLOBEX', receivedDate: '2026-11-22', amount: '75.00', currency: 'USD',
        applications: [{ invoiceNumber: created.number, amount: '75.00' }],
      });
      expect(payment).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('VOID') }]);
      const dispute = await refused('openDispute', { invoiceNumber: created.number, reason: 'wrong price' }, api.tokens.ANALYST);
      expect(dispute).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('void') }]);
    });

    it('a refused payment does not use up its idempotency key; another payload under a used key is refused', async () => {
      // A customer with no invoices, so the cash stays unapplied and touches no other test's invoices.
      await accepted('createCustomer', { entityCode: 'US01', code: 'CASHCO', name: 'Cash Co', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      const input = { customerCode: 'CASHCO', receivedDate: '2026-11-22', amount: '10.00', currency: 'USD', idempotencyKey: 'bank-file-7' };
      const errors = await refused('recordPayment', { ...input, amount: '10.001' }, api.tokens.AR);
      expect(errors).toEqual([{ field: ['amount'], code: 'INVALID', message: expect.any(String) }]);
      const first = await accepted('recordPayment', input, api.tokens.AR);
      expect(first.unappliedAmount).toBe('10.00');
      // A retry answers with the same payment and writes nothing.
      const before = await snapshot();
      const retry = await accepted('recordPayment', input, api.tokens.AR);
      expect(retry).toEqual(first);
      expect(await snapshot()).toEqual(before);
      const reused = await refused('recordPayment', { ...input, amount: '11.00' }, api.tokens.AR);
      expect(reused).toEqual([{ field: ['idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.stringContaining('bank-file-7') }]);
    });
  });

  describe('codes and names are unique', () => {
    it('a duplicate entity code, in any letter case', async () => {
      for (const code of ['US01', 'us01']) {
        const errors = await refused('createEntity', { code, name: 'Another US', currency: 'USD' });
        expect(errors).toEqual([{ field: ['code'], code: 'DUPLICATE', message: expect.stringContaining('US01') }]);
      }
    });

    it('a duplicate customer code, also across entities', async () => {
      const errors = await refused('createCustomer', { entityCode: 'DE01', code: 'acme', name: 'Acme GmbH', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      expect(errors).toEqual([{ field: ['code'], code: 'DUPLICATE', message: expect.stringContaining('ACME') }]);
    });

    it('a duplicate API token name', async () => {
      const errors = await refused('createApiToken', { name: 'test-viewer', role: 'VIEWER' });
      expect(errors).toEqual([{ field: ['name'], code: 'DUPLICATE', message: expect.stringContaining('test-viewer') }]);
    });

    it('a second open dispute on the same invoice', async () => {
      await accepted('openDispute', { invoiceNumber: 'US01-000003', reason: 'wrong quantity' }, api.tokens.ANALYST);
      const errors = await refused('openDispute', { invoiceNumber: 'US01-000003', reason: 'still wrong' }, api.tokens.ANALYST);
      expect(errors).toEqual([{ field: ['invoiceNumber'], code: 'DUPLICATE', message: expect.stringContaining('already in dispute') }]);
      await accepted('resolveDispute', { invoiceNumber: 'US01-000003', resolution: 'quantity confirmed' }, api.tokens.ANALYST);
      const again = await refused('resolveDispute', { invoiceNumber: 'US01-000003', resolution: 'twice' }, api.tokens.ANALYST);
      expect(again).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('no open dispute') }]);
    });
  });

  describe('customer requirements', () => {
    it('a missing PO number where the customer requires one', async () => {
      const errors = await refused('createInvoice', { customerCode: 'POCO', issueDate: '2026-11-20', lines: [line('1', '10')] });
      expect(errors).toEqual([{ field: ['poNumber'], code: 'INVALID', message: expect.stringContaining('PO number') }]);
      const blank = await refused('createInvoice', { customerCode: 'POCO', issueDate: '2026-11-20', poNumber: '   ', lines: [line('1', '10')] });
      expect(blank).toEqual([{ field: ['poNumber'], code: 'INVALID', message: expect.stringContaining('PO number') }]);
    });

    it('issuing a draft without a PO number for such a customer', async () => {
      const draft = await accepted('createInvoice', { customerCode: 'POCO', issueDate: '2026-11-20', issue: false, lines: [line('1', '10')] });
      expect(draft).toMatchObject({ number: null, status: 'DRAFT' });
      const errors = await refused('issueInvoice', { id: draft.id });
      expect(errors).toEqual([{ field: ['id'], code: 'INVALID', message: expect.stringContaining('PO number') }]);
    });

    it('a customer invoiced by EMAIL without a billing email, or with a malformed one', async () => {
      const none = await refused('createCustomer', { entityCode: 'US01', code: 'MAILCO', name: 'Mail Co', paymentTerms: 'NET30', deliveryChannel: 'EMAIL' });
      expect(none).toEqual([{ field: ['billingEmails'], code: 'INVALID', message: expect.any(String) }]);
      const bad = await refused('createCustomer', { entityCode: 'US01', code: 'MAILCO', name: 'Mail Co', paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: ['ap@mail.example', 'not an email'] });
      expect(bad).toEqual([{ field: ['billingEmails', '1'], code: 'INVALID', message: expect.stringContaining('not an email') }]);
    });
  });

  describe('oversized text', () => {
    it('a 5,000-character entity or customer name', async () => {
      const entity = await refused('createEntity', { code: 'FR01', name: LONG, currency: 'EUR' });
      expect(entity).toEqual([{ field: ['name'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/5000 characters.*at most 200/) }]);
      const customer = await refused('createCustomer', { entityCode: 'US01', code: 'BIGCO', name: LONG, paymentTerms: 'NET30', deliveryChannel: 'POST' });
      expect(customer).toEqual([{ field: ['name'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/5000 characters.*at most 200/) }]);
    });

    it('a 5,000-character code', async () => {
      const errors = await refused('createCustomer', { entityCode: 'US01', code: 'C'.repeat(5000), name: 'Code Co', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      expect(errors).toEqual([{ field: ['code'], code: 'OUT_OF_RANGE', message: expect.stringContaining('at most 32') }]);
    });

    it('a 5,000-character line description', async () => {
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [line('1', '10'), line('1', '10', LONG)] });
      expect(errors).toEqual([{ field: ['lines', '1', 'description'], code: 'OUT_OF_RANGE', message: expect.stringContaining('at most 500') }]);
    });

    it('a 5,000-character payment reference, void reason, dispute reason and activity note', async () => {
      const tooLong = (field: string[]) => [{ field, code: 'OUT_OF_RANGE', message: expect.stringContaining('5000 characters') }];
      expect(await refused('recordPayment', { customerCode: 'ACME', receivedDate: '2026-11-20', amount: '10.00', currency: 'USD', reference: LONG })).toEqual(tooLong(['reference']));
      expect(await refused('voidInvoice', { invoiceNumber: 'US01-000001', reason: LONG })).toEqual(tooLong(['reason']));
      expect(await refused('openDispute', { invoiceNumber: 'US01-000001', reason: LONG })).toEqual(tooLong(['reason']));
      expect(await refused('logCollectionActivities', { activities: [{ customerCode: 'ACME', kind: 'NOTE', note: `${LONG}${LONG}` }] })).toEqual([
        { field: ['activities', '0', 'note'], code: 'OUT_OF_RANGE', message: expect.stringContaining('10000 characters') },
      ]);
    });

    it('blank required text', async () => {
      const errors = await refused('voidInvoice', { invoiceNumber: 'US01-000001', reason: '   ' });
      expect(errors).toEqual([{ field: ['reason'], code: 'INVALID', message: expect.stringContaining('required') }]);
    });
  });

  describe('payment terms', () => {
    const listsAcceptedForms = expect.stringMatching(/NET<n>.*EOM.*2\/10 NET30.*MFI.*DUE_ON_RECEIPT/);

    it.each(['NET', '30 days', 'NET 30 days', 'EOM+30', '2/10', 'NET366', 'MFI32', '10/30 NET10'])('a customer with terms "%s"', async (paymentTerms) => {
      const errors = await refused('createCustomer', { entityCode: 'US01', code: 'TERMCO', name: 'Term Co', paymentTerms, deliveryChannel: 'POST' });
      expect(errors).toEqual([{ field: ['paymentTerms'], code: 'INVALID', message: listsAcceptedForms }]);
    });

    it('an invoice with terms "30 days"', async () => {
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', paymentTerms: '30 days', lines: [line('1', '10')] });
      expect(errors).toEqual([{ field: ['paymentTerms'], code: 'INVALID', message: listsAcceptedForms }]);
    });
  });

  describe('FX rates', () => {
    it('a rate for the base currency is refused', async () => {
      const errors = await refused('setFxRate', { currency: 'USD', date: '2026-11-20', rate: '1' });
      expect(errors).toEqual([{ field: ['currency'], code: 'INVALID', message: expect.stringContaining('base currency') }]);
      const lower = await refused('setFxRate', { currency: 'usd', date: '2026-11-20', rate: '1.0000' });
      expect(lower).toEqual([{ field: ['currency'], code: 'INVALID', message: expect.stringContaining('base currency') }]);
    });

    it('a rate with more than 10 decimals', async () => {
      const errors = await refused('setFxRate', { currency: 'EUR', date: '2026-11-20', rate: '1.12345678901' });
      expect(errors).toEqual([{ field: ['rate'], code: 'INVALID', message: expect.stringContaining('at most 10') }]);
    });
  });

  describe('voiding', () => {
    it('an invoice with a payment applied cannot be voided', async () => {
      const before = await invoiceByNumber('US01-000002');
      const errors = await refused('voidInvoice', { invoiceNumber: 'US01-000002', reason: 'billed twice' });
      expect(errors).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('payments, credits or write-offs applied') }]);
      expect(await invoiceByNumber('US01-000002')).toEqual(before);
    });

    it('a void date before the issue date', async () => {
      // US01-000001 was issued on 2026-11-01.
      const before = await invoiceByNumber('US01-000001');
      const errors = await refused('voidInvoice', { invoiceNumber: 'US01-000001', reason: 'billed twice', voidDate: '2026-10-31' });
      expect(errors).toEqual([{ field: ['voidDate'], code: 'OUT_OF_RANGE', message: expect.stringMatching(/2026-10-31.*2026-11-01/) }]);
      expect(await invoiceByNumber('US01-000001')).toEqual(before);
      expect(before).toMatchObject({ status: 'ISSUED', voidDate: null });
    });

    it('an invoice that is already void', async () => {
      const created = await accepted('createInvoice', { customerCode: 'GLOBEX', issueDate: '2026-11-21', lines: [line('1', '1')] });
      await accepted('voidInvoice', { invoiceNumber: created.number, reason: 'test' });
      const errors = await refused('voidInvoice', { invoiceNumber: created.number, reason: 'again' });
      expect(errors).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('already void') }]);
    });
  });

  describe('batches are atomic', () => {
    it('an invoice whose third line of four is bad names that line and writes nothing', async () => {
      const errors = await refused('createInvoice', {
        customerCode: 'ACME',
        issueDate: '2026-11-20',
        lines: [line('1', '10'), line('2', '20'), line('-3', '30'), line('4', '40')],
      });
      expect(errors).toEqual([{ field: ['lines', '2', 'quantity'], code: 'OUT_OF_RANGE', message: expect.any(String) }]);
    });

    it('every bad line is reported at once', async () => {
      const errors = await refused('createInvoice', {
        customerCode: 'ACME',
        issueDate: '2026-11-20',
        lines: [line('1', '10'), line('1.123456', '10'), line('1', '10', ''), line('1', '10.000001')],
      });
      expect(errors.map((e) => e.field)).toEqual([
        ['lines', '1', 'quantity'],
        ['lines', '2', 'description'],
        ['lines', '3', 'unitPrice'],
      ]);
    });

    it('an invoice without lines', async () => {
      const errors = await refused('createInvoice', { customerCode: 'ACME', issueDate: '2026-11-20', lines: [] });
      expect(errors).toEqual([{ field: ['lines'], code: 'INVALID', message: expect.stringContaining('at least one line') }]);
    });

    it('a refused invoice does not use up a number', async () => {
      const next = await accepted('createInvoice', { customerCode: 'GLOBEX', issueDate: '2026-11-22', lines: [line('1', '5')] });
      const numbers = (await api.ok(`{ invoices(first: 100, filter: {entityCode: "US01"}, orderBy: NUMBER_ASC) { edges { node { number } } } }`)).invoices.edges
        .map((e: { node: { number: string | null } }) => e.node.number)
        .filter(Boolean);
      // Numbers US01-000001 … US01-00000n without a gap, the newest last.
      expect(numbers).toEqual(numbers.map((_: string, i: number) => `US01-${String(i + 1).padStart(6, '0')}`));
      expect(numbers.at(-1)).toBe(next.number);
    });

    it('a batch of collection activities with one bad row writes none of them', async () => {
      const errors = await refused('logCollectionActivities', {
        activities: [
          { customerCode: 'ACME', kind: 'CALL', note: 'called AP' },
          { customerCode: 'ACME', kind: 'PROMISE_TO_PAY', invoiceNumbers: ['US01-000001'], promiseDate: '2026-12-01' },
          { customerCode: 'ACME', kind: 'DISPUTE', invoiceNumbers: ['US01-000001'], note: 'price' },
        ],
      });
      expect(errors).toEqual([{ field: ['activities', '1', 'promiseAmount'], code: 'INVALID', message: expect.stringContaining('amount') }]);
      // The DISPUTE row in the refused batch did not open a dispute.
      expect((await invoiceByNumber('US01-000001')).disputed).toBe(false);
    });

    it('an activity naming the same invoice twice', async () => {
      const errors = await refused('logCollectionActivities', { activities: [{ customerCode: 'ACME', kind: 'CALL', invoiceNumbers: ['US01-000001', 'us01-000001'] }] });
      expect(errors).toEqual([{ field: ['activities', '0', 'invoiceNumbers', '1'], code: 'DUPLICATE', message: expect.stringContaining('listed twice') }]);
    });

    it('two DISPUTE rows for the same invoice in one batch', async () => {
      const errors = await refused('logCollectionActivities', {
        activities: [
          { customerCode: 'ACME', kind: 'DISPUTE', invoiceNumbers: ['US01-000001'], note: 'price' },
          { customerCode: 'ACME', kind: 'DISPUTE', invoiceNumbers: ['US01-000001'], note: 'quantity' },
        ],
      });
      expect(errors).toEqual([{ field: ['activities', '1', 'invoiceNumbers'], code: 'DUPLICATE', message: expect.stringContaining('already in dispute') }]);
    });

    it('a promise to pay dated before the day it was made', async () => {
      const errors = await refused('logCollectionActivities', {
        activities: [{ customerCode: 'ACME', kind: 'PROMISE_TO_PAY', invoiceNumbers: ['US01-000001'], activityDate: '2026-11-20', promiseDate: '2026-11-19', promiseAmount: '100.00' }],
      });
      expect(errors).toEqual([{ field: ['activities', '0', 'promiseDate'], code: 'OUT_OF_RANGE', message: expect.any(String) }]);
    });

    it("an activity naming another customer's invoice", async () => {
      const errors = await refused('logCollectionActivities', { activities: [{ customerCode: 'ACME', kind: 'CALL', invoiceNumbers: ['US01-000003'] }] });
      expect(errors).toEqual([{ field: ['activities', '0', 'invoiceNumbers', '0'], code: 'INVALID', message: expect.stringContaining('another customer') }]);
    });
  });

  describe('several problems in one input are all reported', () => {
    it('a customer with a bad code, terms, email and currency', async () => {
      const errors = await refused('createCustomer', {
        entityCode: 'US01', code: 'BAD CODE', name: 'Bad Co', currency: 'XXY', paymentTerms: 'NET', deliveryChannel: 'EMAIL', billingEmails: ['nope'],
      });
      expect(errors.map((e) => e.field).sort()).toEqual([['billingEmails', '0'], ['code'], ['currency'], ['paymentTerms']].sort());
    });
  });

  describe('query arguments', () => {
    it('agingReport with asOf "2026-13-01"', async () => {
      const response = await api.gql(`{ agingReport(asOf: "2026-13-01") { total { total } } }`);
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/asOf "2026-13-01" is not a calendar date.*YYYY-MM-DD/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    });

    it('an unknown entity or customer in a query argument is NOT_FOUND, as in a mutation input', async () => {
      for (const query of [
        `{ agingReport(asOf: "2026-11-25", entityCode: "ZZ99") { total { total } } }`,
        `{ kpiScorecard(period: "2026-10", entityCode: "ZZ99") { code } }`,
        `{ collectionsWorklist(asOf: "2026-11-25", entityCode: "ZZ99") { pastDue } }`,
        `{ invoices(first: 1, filter: {entityCode: "ZZ99"}) { edges { node { number } } } }`,
      ]) {
        const response = await api.gql(query);
        expect(response.data, query).toBeNull();
        expect(response.errors, query).toEqual([expect.objectContaining({ message: expect.stringContaining('ZZ99'), extensions: expect.objectContaining({ code: 'NOT_FOUND', argument: 'entityCode' }) })]);
      }
      const customer = await api.gql(`{ invoices(first: 1, filter: {customerCode: "NOBODY"}) { edges { node { number } } } }`);
      expect(customer.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('NOBODY'), extensions: expect.objectContaining({ code: 'NOT_FOUND', argument: 'filter.customerCode' }) })]);
    });

    it('agingReport in an unknown reporting currency', async () => {
      const response = await api.gql(`{ agingReport(asOf: "2026-11-25", currency: "XYZ") { total { total } } }`);
      expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('ISO 4217'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    });

    it('a missing FX rate names the currency (FX_RATE_MISSING), never a silent 1.0', async () => {
      // DE01-000001 is €2,000 and no EUR rate exists; JPY has one, so only EUR is named.
      const all = await api.gql(`{ agingReport(asOf: "2026-11-25") { total { total } } }`);
      expect(all.data).toBeNull();
      expect(all.errors).toEqual([expect.objectContaining({ message: expect.stringMatching(/No FX rate for EUR on or before 2026-11-25/), extensions: expect.objectContaining({ code: 'FX_RATE_MISSING' }) })]);
      const worklist = await api.gql(`{ collectionsWorklist(asOf: "2026-11-25") { pastDue } }`);
      expect(worklist.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('EUR'), extensions: expect.objectContaining({ code: 'FX_RATE_MISSING' }) })]);
      // A reporting currency without a rate is named too.
      const gbp = await api.gql(`{ agingReport(asOf: "2026-11-25", entityCode: "US01", currency: "GBP") { total { total } } }`);
      expect(gbp.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('GBP'), extensions: expect.objectContaining({ code: 'FX_RATE_MISSING' }) })]);
      // Restricted to an entity that needs no rate, the report answers.
      const us = await api.ok(`{ agingReport(asOf: "2026-11-25", entityCode: "US01") { currency total { total } } }`);
      expect(us.agingReport.currency).toBe('USD');
    });

    it('a page size above the maximum is refused, naming the maximum (1000)', async () => {
      const refusedPage = (response: { data?: unknown; errors?: unknown[] }, what: string) => {
        expect(response.data ?? null, what).toBeNull();
        expect(response.errors, what).toEqual([
          expect.objectContaining({ message: expect.stringMatching(/(first|last) must be .*1000 \(the maximum page size\)/), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
        ]);
      };
      for (const query of [
        `{ invoices(first: 5000) { edges { node { number } } } }`,
        `{ invoices(last: 1001) { edges { node { number } } } }`,
        `{ customers(first: 5000) { edges { node { code } } } }`,
        `{ payments(first: 5000) { edges { node { id } } } }`,
        `{ collectionActivities(first: 5000) { edges { node { id } } } }`,
        `{ auditRecords(first: 5000) { edges { node { id } } } }`,
        `{ collectionsWorklist(asOf: "2026-11-25", entityCode: "US01", first: 5000) { pastDue } }`,
      ]) {
        refusedPage(await api.gql(query), query);
      }
      // The same through a variable, as the add-in and BI tools send it.
      refusedPage(await api.gql(`query($n: Int) { invoices(first: $n) { edges { node { number } } } }`, { n: 5000 }), 'variable');
      refusedPage(await api.gql(`query($n: Int) { collectionsWorklist(asOf: "2026-11-25", entityCode: "US01", first: $n) { pastDue } }`, { n: 1001 }), 'variable');
    });

    it('a full page of the maximum size, with every invoice column an add-in sheet shows, is served', async () => {
      const response = await api.gql(`{
        invoices(first: 1000, orderBy: NUMBER_ASC) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node {
            id number status issueDate dueDate currency paymentTerms poNumber total amountPaid balance paidDate
            daysPastDue disputed voidDate voidReason version customer { code name } entity { code }
          } }
        }
      }`);
      expect(response.errors).toBeUndefined();
      expect(response.data.invoices.edges.length).toBe(response.data.invoices.totalCount);
    });

    it('invoice filters with impossible dates', async () => {
      const response = await api.gql(`{ invoices(first: 10, filter: {issueDateFrom: "2026-02-30"}) { edges { node { number } } } }`);
      expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('2026-02-30'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    });
  });

  describe('numbers too large for their column are OUT_OF_RANGE naming the field, never an internal error', () => {
    const tooLarge = (field: string[], limit: string) => [{ field, code: 'OUT_OF_RANGE', message: expect.stringContaining(`below ${limit}`) }];

    it('KPI targets and manual actuals of 15 digits (the columns hold 14), either sign', async () => {
      await accepted('createKpiDefinition', { code: 'HEADCOUNT', name: 'Collectors', unit: 'CURRENCY', direction: 'HIGHER_IS_BETTER', cadence: 'MONTHLY' });
      const row = (value: string) => ({ kpiCode: 'HEADCOUNT', period: '2026-10', value });
      expect(await refused('setKpiTargets', { targets: [{ ...row('1'), period: '2026-09' }, row('999999999999999')] })).toEqual(tooLarge(['targets', '1', 'value'], '100000000000000'));
      expect(await refused('setKpiActuals', { actuals: [row('999999999999999')] })).toEqual(tooLarge(['actuals', '0', 'value'], '100000000000000'));
      expect(await refused('setKpiActuals', { actuals: [row('-999999999999999')] })).toEqual([{ field: ['actuals', '0', 'value'], code: 'OUT_OF_RANGE', message: expect.stringContaining('above -100000000000000') }]);
      // The largest value the column holds is accepted.
      const [target] = await accepted('setKpiTargets', { targets: [row('99999999999999.999999')] });
      expect(target.value).toBe('99999999999999.999999');
    });

    it('a project budget of 18 digits', async () => {
      const project = { code: 'BIGBUDGET', name: 'Big', owner: 'Dana', startDate: '2026-01-01', baselineEndDate: '2026-12-31', currency: 'USD' };
      expect(await refused('createProject', { ...project, budget: '999999999999999999' })).toEqual([{
        field: ['budget'], code: 'OUT_OF_RANGE', message: 'A budget is too large: it must be greater than zero and below 1000000000000000 (got 999999999999999999).',
      }]);
    });

    it('an actual cost of 18 digits in a project batch', async () => {
      await accepted('createProject', { code: 'BIGCOST', name: 'Costly', owner: 'Dana', startDate: '2026-01-01', baselineEndDate: '2026-12-31', budget: '1000.00', currency: 'USD' });
      const errors = await refused('updateProjects', { changes: [{ code: 'BIGCOST', expectedVersion: 1, actualCost: '999999999999999999' }] });
      expect(errors).toEqual(tooLarge(['changes', '0', 'actualCost'], '1000000000000000'));
    });
  });

  describe('dates, periods and searches', () => {
    it('a token expiring on 2027-02-30 is refused naming expiresAt, not stored as 2027-03-02', async () => {
      const errors = await refused('createApiToken', { name: 'feb30', role: 'VIEWER', expiresAt: '2027-02-30' });
      expect(errors).toEqual([{ field: ['expiresAt'], code: 'INVALID', message: expect.stringContaining('"2027-02-30" is not an ISO 8601 date') }]);
      expect(await refused('createApiToken', { name: 'feb30', role: 'VIEWER', expiresAt: '2027-01-31T24:30:00Z' })).toEqual([expect.objectContaining({ field: ['expiresAt'], code: 'INVALID' })]);
    });

    it('a period that is not over cannot be closed: 2999-12, or this month', async () => {
      expect(await refused('closePeriod', { period: '2999-12' })).toEqual([{ field: ['period'], code: 'OUT_OF_RANGE', message: '2999-12 runs until 2999-12-31; a period can be closed once it is over, from 3000-01-01.' }]);
      // Today is 2026-11-25: November and its quarter are still running; the week that ended on Sunday 2026-11-22 is over.
      expect(await refused('closePeriod', { period: '2026-11' })).toEqual([expect.objectContaining({ field: ['period'], code: 'OUT_OF_RANGE' })]);
      expect(await refused('closePeriod', { period: '2026-Q4' })).toEqual([expect.objectContaining({ field: ['period'], code: 'OUT_OF_RANGE' })]);
      expect((await accepted('closePeriod', { period: '2026-W47', entityCode: 'US01' })).period).toBe('2026-W47');
    });

    it('customers(search:) takes %, _ and \\ literally', async () => {
      await accepted('createCustomer', { entityCode: 'US01', code: 'COTTON', name: '100% Cotton', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      await accepted('createCustomer', { entityCode: 'US01', code: 'SNAKE_CASE', name: 'Snake Case Ltd', paymentTerms: 'NET30', deliveryChannel: 'POST' });
      const codes = async (search: string) =>
        (await api.ok(`query($s: String) { customers(first: 100, search: $s) { edges { node { code } } } }`, { s: search })).customers.edges.map((e: { node: { code: string } }) => e.node.code);
      expect(await codes('%')).toEqual(['COTTON']);
      expect(await codes('_')).toEqual(['SNAKE_CASE']);
      expect(await codes('\\')).toEqual([]);
      expect(await codes('0% c')).toEqual(['COTTON']);
    });

    it('projects(filter: {search, owner}) take % and _ literally', async () => {
      await accepted('createProject', { code: 'HALF_WAY', name: 'Close 50% faster', owner: 'Dana', startDate: '2026-01-01', baselineEndDate: '2026-12-31', budget: '1000.00', currency: 'USD' });
      const codes = async (filter: Record<string, string>) =>
        (await api.ok(`query($f: ProjectFilter) { projects(first: 100, filter: $f) { edges { node { code } } } }`, { f: filter })).projects.edges.map((e: { node: { code: string } }) => e.node.code);
      expect(await codes({ search: '%' })).toEqual(['HALF_WAY']);
      expect(await codes({ search: '_' })).toEqual(['HALF_WAY']);
      expect(await codes({ owner: '%' })).toEqual([]);
      expect(await codes({ owner: 'dana' })).toContain('HALF_WAY');
    });

    it('a search of 101 characters is refused by name, not cut short', async () => {
      for (const [query, argument] of [
        ['query($s: String) { customers(first: 10, search: $s) { edges { node { code } } } }', 'search'],
        ['query($s: String) { projects(first: 10, filter: {search: $s}) { edges { node { code } } } }', 'filter.search'],
      ] as const) {
        const response = await api.gql(query, { s: 'a'.repeat(101) });
        expect(response.data).toBeNull();
        expect(response.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('101 characters long; at most 100'), extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument }) })]);
      }
      const exactly = await api.ok(`query($s: String) { customers(first: 10, search: $s) { totalCount } }`, { s: 'a'.repeat(100) });
      expect(exactly.customers.totalCount).toBe(0);
    });
  });
});
