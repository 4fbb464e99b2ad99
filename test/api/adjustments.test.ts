// Write-offs, refunds, payment reversals, the adjustments batch and automatic application,
// through GraphQL, with the numbers worked out by hand. Every refusal is shown to write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../api/config.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const ERRORS = 'userErrors { field message code }';
const TABLES = ['invoice', 'payment', 'payment_application', 'write_off', 'refund', 'credit_memo', 'credit_memo_line', 'audit_record', 'idempotency_key'] as const;

const DOCUMENTS = {
  createEntity: `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }`,
  createCustomer: `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }`,
  createInvoice: `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number total balance status } ${ERRORS} } }`,
  recordPayment: `mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
      payment { id unappliedAmount applications { amount discount invoice { number status balance } } } ${ERRORS} } }`,
  setFxRate: `mutation($input: SetFxRateInput!) { setFxRate(input: $input) { fxRate { currency } ${ERRORS} } }`,
  openDispute: `mutation($input: OpenDisputeInput!) { openDispute(input: $input) { invoice { number disputed } ${ERRORS} } }`,
  closePeriod: `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { periodClose { period } ${ERRORS} } }`,
  writeOffInvoices: `mutation($input: WriteOffInvoicesInput!) { writeOffInvoices(input: $input) {
      writeOffs { id date amount currency reason createdBy invoice { number balance status } } ${ERRORS} } }`,
  refundPayment: `mutation($input: RefundPaymentInput!) { refundPayment(input: $input) {
      refund { date amount currency reference payment { id } } payment { unappliedAmount version refunds { amount reference } } ${ERRORS} } }`,
  reversePayment: `mutation($input: ReversePaymentInput!) { reversePayment(input: $input) {
      payment { id reversedDate reversalReason unappliedAmount version applications { kind receivedDate amount discount } } ${ERRORS} } }`,
  postAdjustments: `mutation($input: PostAdjustmentsInput!) { postAdjustments(input: $input) {
      adjustments { kind invoiceNumber number amount currency date } ${ERRORS} } }`,
} as const;
type Name = keyof typeof DOCUMENTS;

const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';
const AGING = `query($asOf: Date!, $entityCode: String) { agingReport(asOf: $asOf, entityCode: $entityCode) { total { ${BUCKETS} } } }`;
const INVOICE = `query($number: String!) { invoice(number: $number) { number status balance amountPaid paidDate } }`;

function client(api: TestApi) {
  const call = async (name: Name, input: Record<string, unknown>, token: string) => (await api.ok(DOCUMENTS[name], { input }, token))[name];
  const write = async (name: Name, input: Record<string, unknown>, token: string = api.tokens.AR) => {
    const payload = await call(name, input, token);
    expect(payload.userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return payload;
  };
  return {
    call,
    write,
    setup: async (entity: string, customers: { code: string; terms?: string; currency?: string }[]) => {
      await write('createEntity', { code: entity, name: `Ledgerline ${entity}`, currency: 'USD' }, api.tokens.ADMIN);
      for (const c of customers) {
        await write('createCustomer', { entityCode: entity, code: c.code, name: `${c.code} Ltd`, paymentTerms: c.terms ?? 'NET30', deliveryChannel: 'POST', currency: c.currency ?? 'USD' });
      }
    },
    invoice: async (customerCode: string, issueDate: string, amount: string) =>
      (await write('createInvoice', { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] })).invoice,
    pay: async (input: Record<string, unknown>) => (await write('recordPayment', input)).payment,
    invoiceNow: async (number: string) => (await api.ok(INVOICE, { number })).invoice,
    aging: async (asOf: string, entityCode: string) => (await api.ok(AGING, { asOf, entityCode })).agingReport.total,
    digest: () => tableDigest(api.db.prisma, TABLES),
  };
}

describe('LEDGERLINE_WRITE_OFF_LIMIT', () => {
  it('defaults to 100 in the base currency, takes a decimal amount and refuses anything else at start', () => {
    expect(loadConfig({}).writeOffLimit.toFixed(2)).toBe('100.00');
    expect(loadConfig({ LEDGERLINE_WRITE_OFF_LIMIT: '250.50' }).writeOffLimit.toFixed(2)).toBe('250.50');
    expect(() => loadConfig({ LEDGERLINE_WRITE_OFF_LIMIT: '-5' })).toThrow('LEDGERLINE_WRITE_OFF_LIMIT "-5" is not an amount in the base currency');
    expect(() => loadConfig({ LEDGERLINE_WRITE_OFF_LIMIT: '1e3' })).toThrow('LEDGERLINE_WRITE_OFF_LIMIT');
  });
});

describe.each(testDatabases())('reversals, write-offs, refunds and adjustments ($name)', (database) => {
  let api: TestApi;
  let c: ReturnType<typeof client>;

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    c = client(api);
    await c.setup('AD01', [
      { code: 'REV' }, { code: 'WOF' }, { code: 'EUR', currency: 'EUR' }, { code: 'REF' }, { code: 'ADJ' },
    ]);
    await c.write('setFxRate', { currency: 'EUR', date: '2026-10-01', rate: '1.10' });
    await c.write('setFxRate', { currency: 'EUR', date: '2026-10-20', rate: '1.20' });
    await c.setup('LK01', [{ code: 'LCK' }]);
    await c.setup('AA01', [{ code: 'DISC', terms: '2/10 NET30' }, { code: 'DSP' }]);
  });
  afterAll(() => api?.close());

  it('a reversal dated after a month-end leaves that month unchanged and reopens the invoice from its date', async () => {
    const invoice = await c.invoice('REV', '2026-09-01', '1000.00'); // NET30: due 2026-10-01
    const payment = await c.pay({ customerCode: 'REV', receivedDate: '2026-09-20', amount: '1000.00', currency: 'USD', applications: [{ invoiceNumber: invoice.number, amount: '1000.00' }] });
    expect(payment.applications).toEqual([{ amount: '1000.00', discount: '0.00', invoice: { number: invoice.number, status: 'PAID', balance: '0.00' } }]);

    const { payment: reversed } = await c.write('reversePayment', { paymentId: payment.id, date: '2026-10-05', reason: 'Cheque returned unpaid' });
    expect(reversed).toEqual({
      id: payment.id,
      reversedDate: '2026-10-05',
      reversalReason: 'Cheque returned unpaid',
      unappliedAmount: '0.00',
      version: 2,
      applications: [
        { kind: 'PAYMENT', receivedDate: '2026-09-20', amount: '1000.00', discount: '0.00' },
        { kind: 'REVERSAL', receivedDate: '2026-10-05', amount: '-1000.00', discount: '0.00' },
      ],
    });
    // September's books are as they were: paid in full on the 20th.
    expect(await c.aging('2026-09-30', 'AD01')).toEqual({ current: '0.00', days1To30: '0.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '0.00' });
    // From 2026-10-05 the 1,000.00 is back, 4 days past due.
    expect(await c.aging('2026-10-05', 'AD01')).toEqual({ current: '0.00', days1To30: '1000.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '1000.00' });
    expect(await c.invoiceNow(invoice.number)).toEqual({ number: invoice.number, status: 'ISSUED', balance: '1000.00', amountPaid: '0.00', paidDate: null });
    const page = await api.ok(`{ payments(customerCode: "REV") { edges { node { reversedDate reversalReason unappliedAmount version } } } }`);
    expect(page.payments.edges).toEqual([{ node: { reversedDate: '2026-10-05', reversalReason: 'Cheque returned unpaid', unappliedAmount: '0.00', version: 2 } }]);

    const before = await c.digest();
    const again = await c.call('reversePayment', { paymentId: payment.id, date: '2026-10-06', reason: 'twice' }, api.tokens.AR);
    expect(again.userErrors).toEqual([{ field: ['paymentId'], code: 'INVALID', message: expect.stringContaining('already reversed on 2026-10-05') }]);
    const early = await c.call('reversePayment', { paymentId: '999999', date: '2026-10-06', reason: 'unknown' }, api.tokens.AR);
    expect(early.userErrors).toEqual([{ field: ['paymentId'], code: 'NOT_FOUND', message: 'No payment with id 999999 exists.' }]);
    expect(await c.digest()).toEqual(before);
  });

  it('writes off a residual: 1,000.00 paid 950.00, the 50.00 left written off closes the invoice', async () => {
    const invoice = await c.invoice('WOF', '2026-10-01', '1000.00');
    await c.pay({ customerCode: 'WOF', receivedDate: '2026-10-20', amount: '950.00', currency: 'USD', applications: [{ invoiceNumber: invoice.number, amount: '950.00' }] });
    const { writeOffs } = await c.write('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number }], date: '2026-10-31', reason: 'Short payment, not worth chasing' });
    expect(writeOffs).toEqual([{
      id: expect.any(String), date: '2026-10-31', amount: '50.00', currency: 'USD', reason: 'Short payment, not worth chasing', createdBy: 'test-ar',
      invoice: { number: invoice.number, balance: '0.00', status: 'PAID' },
    }]);
    expect(await c.invoiceNow(invoice.number)).toMatchObject({ status: 'PAID', amountPaid: '1000.00', paidDate: '2026-10-31' });
  });

  it('a write-off above the 100.00 limit: FORBIDDEN for AR with nothing written, written for ADMIN', async () => {
    const invoice = await c.invoice('WOF', '2026-10-02', '500.00');
    const before = await c.digest();
    const refused = await c.call('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '150.00' }], date: '2026-10-31', reason: 'Bad debt' }, api.tokens.AR);
    expect(refused).toEqual({
      writeOffs: null,
      userErrors: [{ field: ['invoices', '0', 'amount'], code: 'FORBIDDEN', message: 'A write-off of 150.00 USD is above the write-off limit of 100.00 USD; only an ADMIN may write off more.' }],
    });
    expect(await c.digest()).toEqual(before);

    const { writeOffs } = await c.write('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '150.00' }], date: '2026-10-31', reason: 'Bad debt' }, api.tokens.ADMIN);
    expect(writeOffs).toMatchObject([{ amount: '150.00', createdBy: 'admin-token', invoice: { balance: '350.00', status: 'PARTIALLY_PAID' } }]);
  });

  it('a EUR write-off is checked against the limit at the rate of its date', async () => {
    const invoice = await c.invoice('EUR', '2026-09-10', '200.00');
    // 90.00 EUR × 1.10 (rate of 2026-10-01) = 99.00 USD: within the limit.
    const { writeOffs } = await c.write('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '90.00' }], date: '2026-10-10', reason: 'Goodwill' });
    expect(writeOffs).toMatchObject([{ amount: '90.00', currency: 'EUR', invoice: { balance: '110.00' } }]);

    const before = await c.digest();
    // 90.00 EUR × 1.20 (rate of 2026-10-20) = 108.00 USD: above it.
    const late = await c.call('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '90.00' }], date: '2026-10-25', reason: 'Goodwill' }, api.tokens.AR);
    expect(late.userErrors).toEqual([{
      field: ['invoices', '0', 'amount'], code: 'FORBIDDEN',
      message: 'A write-off of 90.00 EUR (108.00 USD at the rate of 2026-10-25) is above the write-off limit of 100.00 USD; only an ADMIN may write off more.',
    }]);
    // No EUR rate on or before 2026-09-15: an error naming the currency, never a silent 1.0.
    const noRate = await c.call('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '10.00' }], date: '2026-09-15', reason: 'Goodwill' }, api.tokens.AR);
    expect(noRate.userErrors).toEqual([{ field: ['invoices', '0', 'amount'], code: 'FX_RATE_MISSING', message: expect.stringContaining('No FX rate for EUR on or before 2026-09-15') }]);
    expect(await c.digest()).toEqual(before);
  });

  it('refuses every bad row of a write-off batch at its path and writes nothing', async () => {
    const open = await c.invoice('WOF', '2026-10-03', '40.00');
    const before = await c.digest();
    const refused = await c.call('writeOffInvoices', {
      invoices: [{ invoiceNumber: open.number, amount: '30.00' }, { invoiceNumber: open.number, amount: '20.00' }, { invoiceNumber: 'AD01-999999' }, { invoiceNumber: open.number, amount: '0' }],
      date: '2026-10-31',
      reason: 'Cleanup',
    }, api.tokens.AR);
    expect(refused.userErrors).toEqual([
      // The second row runs against the 10.00 the first leaves.
      { field: ['invoices', '1', 'amount'], code: 'OUT_OF_RANGE', message: `20.00 is more than the open balance of invoice ${open.number} (10.00 USD); at most that can be taken off.` },
      { field: ['invoices', '2', 'invoiceNumber'], code: 'NOT_FOUND', message: 'No issued invoice numbered "AD01-999999" exists.' },
      { field: ['invoices', '3', 'amount'], code: 'OUT_OF_RANGE', message: 'A write-off amount must be greater than zero (got 0).' },
    ]);
    const tooEarly = await c.call('writeOffInvoices', { invoices: [{ invoiceNumber: open.number }], date: '2026-10-02', reason: 'Cleanup' }, api.tokens.AR);
    expect(tooEarly.userErrors).toEqual([{ field: ['date'], code: 'OUT_OF_RANGE', message: `2026-10-02 is before invoice ${open.number} was issued (2026-10-03); date it on or after the issue date.` }]);
    expect(await c.digest()).toEqual(before);
  });

  it('refunds unapplied cash: never more than is unapplied, exactly that leaves 0.00', async () => {
    const payment = await c.pay({ customerCode: 'REF', receivedDate: '2026-10-10', amount: '300.00', currency: 'USD' });
    expect(payment.unappliedAmount).toBe('300.00');
    const before = await c.digest();
    const tooMuch = await c.call('refundPayment', { paymentId: payment.id, amount: '300.01', date: '2026-10-12', reference: 'RF-1' }, api.tokens.AR);
    expect(tooMuch).toEqual({
      refund: null,
      payment: null,
      userErrors: [{ field: ['amount'], code: 'OUT_OF_RANGE', message: "300.01 is more than the payment's unapplied cash; at most 300.00 USD can be refunded." }],
    });
    const beforeReceipt = await c.call('refundPayment', { paymentId: payment.id, amount: '10.00', date: '2026-10-09', reference: 'RF-1' }, api.tokens.AR);
    expect(beforeReceipt.userErrors).toEqual([{ field: ['date'], code: 'OUT_OF_RANGE', message: '2026-10-09 is before the payment was received (2026-10-10); date the refund on or after it.' }]);
    expect(await c.digest()).toEqual(before);

    const refunded = await c.write('refundPayment', { paymentId: payment.id, amount: '300.00', date: '2026-10-12', reference: 'RF-1' });
    expect(refunded.refund).toEqual({ date: '2026-10-12', amount: '300.00', currency: 'USD', reference: 'RF-1', payment: { id: payment.id } });
    expect(refunded.payment).toEqual({ unappliedAmount: '0.00', version: 2, refunds: [{ amount: '300.00', reference: 'RF-1' }] });
    // The payments page (the SQL read path) serves the same.
    const page = await api.ok(`{ payments(customerCode: "REF") { edges { node { id unappliedAmount version reversedDate reversalReason refunds { date amount currency reference } } } } }`);
    expect(page.payments.edges).toEqual([{
      node: { id: payment.id, unappliedAmount: '0.00', version: 2, reversedDate: null, reversalReason: null, refunds: [{ date: '2026-10-12', amount: '300.00', currency: 'USD', reference: 'RF-1' }] },
    }]);

    // Refunded cash went back to the customer; it cannot also bounce.
    const after = await c.digest();
    const reversal = await c.call('reversePayment', { paymentId: payment.id, date: '2026-10-20', reason: 'Bounced' }, api.tokens.AR);
    expect(reversal.userErrors).toEqual([{ field: ['paymentId'], code: 'INVALID', message: `Payment ${payment.id} has 1 refund(s); refunded cash cannot also bounce, so a refunded payment cannot be reversed.` }]);
    expect(await c.digest()).toEqual(after);
  });

  it('postAdjustments: a credit memo and two write-offs land together; one bad row refuses all; a retry replays', async () => {
    const x = await c.invoice('ADJ', '2026-10-01', '1000.00');
    const y = await c.invoice('ADJ', '2026-10-02', '80.00');
    const batch = {
      adjustments: [
        { kind: 'CREDIT_MEMO', invoiceNumber: x.number, amount: '200.00', date: '2026-10-15', reason: 'Pricing error' },
        { kind: 'WRITE_OFF', invoiceNumber: x.number, amount: '50.00', date: '2026-10-16', reason: 'Small residual' },
        { kind: 'WRITE_OFF', invoiceNumber: y.number, date: '2026-10-16', reason: 'Small invoice, uncollectable' },
      ],
      idempotencyKey: 'adjustments-1',
    };
    const first = await c.write('postAdjustments', batch);
    expect(first.adjustments).toEqual([
      { kind: 'CREDIT_MEMO', invoiceNumber: x.number, number: 'AD01-CM-000001', amount: '200.00', currency: 'USD', date: '2026-10-15' },
      { kind: 'WRITE_OFF', invoiceNumber: x.number, number: null, amount: '50.00', currency: 'USD', date: '2026-10-16' },
      { kind: 'WRITE_OFF', invoiceNumber: y.number, number: null, amount: '80.00', currency: 'USD', date: '2026-10-16' },
    ]);
    expect(await c.invoiceNow(x.number)).toMatchObject({ status: 'PARTIALLY_PAID', balance: '750.00' });
    expect(await c.invoiceNow(y.number)).toMatchObject({ status: 'PAID', balance: '0.00' });

    const before = await c.digest();
    const retry = await c.write('postAdjustments', batch);
    expect(retry.adjustments).toEqual(first.adjustments);
    expect(await c.digest()).toEqual(before);

    const refused = await c.call('postAdjustments', {
      adjustments: [
        { kind: 'CREDIT_MEMO', invoiceNumber: x.number, amount: '100.00', date: '2026-10-20', reason: 'Pricing error' },
        { kind: 'WRITE_OFF', invoiceNumber: y.number, amount: '5.00', date: '2026-10-20', reason: 'Residual' },
        { kind: 'CREDIT_MEMO', invoiceNumber: x.number, date: '2026-10-20', reason: 'No amount' },
      ],
    }, api.tokens.AR);
    expect(refused).toEqual({
      adjustments: null,
      userErrors: [
        { field: ['adjustments', '1', 'amount'], code: 'OUT_OF_RANGE', message: `5.00 is more than the open balance of invoice ${y.number} (0.00 USD); at most that can be taken off.` },
        { field: ['adjustments', '2', 'amount'], code: 'INVALID', message: `A credit memo amount is required: greater than zero and at most the open balance of invoice ${x.number} (650.00 USD).` },
      ],
    });
    const overLimit = await c.call('postAdjustments', { adjustments: [{ kind: 'WRITE_OFF', invoiceNumber: x.number, amount: '100.01', date: '2026-10-20', reason: 'Bad debt' }] }, api.tokens.AR);
    expect(overLimit.userErrors).toEqual([{ field: ['adjustments', '0', 'amount'], code: 'FORBIDDEN', message: expect.stringContaining('above the write-off limit of 100.00 USD') }]);
    expect(await c.digest()).toEqual(before);
  });

  // PGlite serves one connection at a time; the race needs a server.
  it.runIf(database.name === 'postgresql')('two refunds racing on one payment: the payment lock lets only one through', async () => {
    const payment = await c.pay({ customerCode: 'REF', receivedDate: '2026-10-11', amount: '300.00', currency: 'USD' });
    const results = await Promise.all(['RACE-A', 'RACE-B'].map((reference) =>
      c.call('refundPayment', { paymentId: payment.id, amount: '200.00', date: '2026-10-12', reference }, api.tokens.AR)));
    const codes = results.map((r) => r.userErrors.map((e: { code: string }) => e.code).join() || 'OK').sort();
    expect(codes).toEqual(['OK', 'OUT_OF_RANGE']);
    const refused = results.find((r) => r.userErrors.length > 0)!;
    expect(refused.userErrors[0].message).toContain('at most 100.00 USD can be refunded');
  });

  describe('period locks on write-offs, refunds and reversals', () => {
    it('refuses each dated in a closed month with PERIOD_CLOSED, writing nothing', async () => {
      const invoice = await c.invoice('LCK', '2026-08-01', '500.00');
      const paid = await c.pay({ customerCode: 'LCK', receivedDate: '2026-08-10', amount: '600.00', currency: 'USD', applications: [{ invoiceNumber: invoice.number, amount: '400.00' }] });
      await c.write('closePeriod', { period: '2026-08', entityCode: 'LK01' }, api.tokens.ADMIN);
      const before = await c.digest();
      const closed = { code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-08 is closed for LK01') };
      expect((await c.call('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number }], date: '2026-08-31', reason: 'x' }, api.tokens.ADMIN)).userErrors).toEqual([{ field: ['date'], ...closed }]);
      expect((await c.call('refundPayment', { paymentId: paid.id, amount: '10.00', date: '2026-08-20', reference: 'R' }, api.tokens.AR)).userErrors).toEqual([{ field: ['date'], ...closed }]);
      expect((await c.call('reversePayment', { paymentId: paid.id, date: '2026-08-25', reason: 'Bounced' }, api.tokens.AR)).userErrors).toEqual([{ field: ['date'], ...closed }]);
      expect((await c.call('postAdjustments', { adjustments: [{ kind: 'WRITE_OFF', invoiceNumber: invoice.number, amount: '1.00', date: '2026-08-31', reason: 'x' }] }, api.tokens.AR)).userErrors)
        .toEqual([{ field: ['adjustments', '0', 'date'], ...closed }]);
      expect(await c.digest()).toEqual(before);
      // The next month is open.
      await c.write('writeOffInvoices', { invoices: [{ invoiceNumber: invoice.number, amount: '1.00' }], date: '2026-09-01', reason: 'x' });
    });
  });

  describe('automatic application', () => {
    it('2/10 NET30: a full payment of 100.00 inside the window → 100.00 applied, 0.00 discount, 0.00 unapplied', async () => {
      const invoice = await c.invoice('DISC', '2026-11-01', '100.00');
      const payment = await c.pay({ customerCode: 'DISC', receivedDate: '2026-11-05', amount: '100.00', currency: 'USD' });
      expect(payment).toMatchObject({
        unappliedAmount: '0.00',
        applications: [{ amount: '100.00', discount: '0.00', invoice: { number: invoice.number, status: 'PAID', balance: '0.00' } }],
      });
    });

    it('2/10 NET30: 98.00 inside the window leaves exactly the 2.00 discount and closes the invoice', async () => {
      const invoice = await c.invoice('DISC', '2026-11-02', '100.00');
      const payment = await c.pay({ customerCode: 'DISC', receivedDate: '2026-11-12', amount: '98.00', currency: 'USD' });
      expect(payment).toMatchObject({
        unappliedAmount: '0.00',
        applications: [{ amount: '98.00', discount: '2.00', invoice: { number: invoice.number, status: 'PAID', balance: '0.00' } }],
      });
    });

    it('auto-application never puts cash on an invoice in open dispute', async () => {
      const oldest = await c.invoice('DSP', '2026-09-01', '300.00');
      const next = await c.invoice('DSP', '2026-09-15', '200.00');
      await c.write('openDispute', { invoiceNumber: oldest.number, reason: 'Goods damaged' }, api.tokens.ANALYST);
      const payment = await c.pay({ customerCode: 'DSP', receivedDate: '2026-10-20', amount: '250.00', currency: 'USD' });
      expect(payment).toMatchObject({
        unappliedAmount: '50.00',
        applications: [{ amount: '200.00', discount: '0.00', invoice: { number: next.number, status: 'PAID', balance: '0.00' } }],
      });
      expect(await c.invoiceNow(oldest.number)).toMatchObject({ status: 'ISSUED', balance: '300.00' });
    });
  });
});
