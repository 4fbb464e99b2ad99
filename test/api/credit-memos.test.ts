// Credit memos and applyCredit: the issue's worked example (a $1,000.00 invoice, a $200.00 credit
// memo on day 10, a $50.00 write-off on day 40) through aging, DSO and the statement; gapless
// memo numbers; open credit and unapplied cash applied later; every refusal writing nothing;
// ten racing applyCredit calls on one memo never applying more than it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';
const MEMO = 'number date currency total subtotal taxTotal unappliedAmount invoice { number } applications { kind amount receivedDate invoice { number } }';
const CREATE_MEMO = `mutation($input: CreateCreditMemoInput!) { createCreditMemo(input: $input) { creditMemo { ${MEMO} } ${ERRORS} } }`;
const APPLY = `mutation($input: ApplyCreditInput!) { applyCredit(input: $input) {
  applications { kind amount receivedDate invoice { number balance } creditMemo { number } payment { id } }
  creditMemo { number unappliedAmount version } payment { id unappliedAmount } ${ERRORS} } }`;
const AGING = `query($asOf: Date!) { agingReport(asOf: $asOf, allowStaleRates: true) { total { ${BUCKETS} } customers { customer { code } buckets { ${BUCKETS} } } } }`;
const DSO = `query($period: String!) { kpiScorecard(period: $period) { code actual } }`;
const STATEMENT = `query($code: String!, $from: Date!, $to: Date!) {
  customerStatement(customerCode: $code, from: $from, to: $to) {
    openingBalance closingBalance unappliedCash openCredit lines { date kind reference amount balance } aging { total }
  }
}`;
/** Every table a credit, an application or its audit could write to. */
const TABLES = ['credit_memo', 'credit_memo_line', 'payment_application', 'invoice', 'payment', 'invoice_sequence', 'audit_record', 'idempotency_key'];

async function setUp(api: TestApi) {
  const write = async (name: string, inputType: string, input: Record<string, unknown>, result: string) => {
    const data = await api.ok(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${result} ${ERRORS} } }`, { input }, api.tokens.AR);
    expect(data[name].userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return data[name];
  };
  await api.ok(`mutation { createEntity(input: { code: "US01", name: "Ledgerline Inc.", currency: "USD" }) { ${ERRORS} } }`);
  for (const code of ['ACME', 'BETA']) {
    await write('createCustomer', 'CreateCustomerInput', { entityCode: 'US01', code, name: `${code} Corp`, paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: [`ap@${code.toLowerCase()}.example`] }, 'customer { code }');
  }
  const invoice = async (customerCode: string, issueDate: string, amount: string, extra: Record<string, unknown> = {}) =>
    (await write('createInvoice', 'CreateInvoiceInput', { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }], ...extra }, 'invoice { number }')).invoice.number as string;
  return { write, invoice };
}

async function createMemo(api: TestApi, input: Record<string, unknown>) {
  return (await api.ok(CREATE_MEMO, { input: { customerCode: 'ACME', reason: 'Goodwill', ...input } }, api.tokens.AR)).createCreditMemo;
}

async function applyCredit(api: TestApi, input: Record<string, unknown>) {
  return (await api.ok(APPLY, { input }, api.tokens.AR)).applyCredit;
}

const line = (unitPrice: string, extra: Record<string, unknown> = {}) => ({ description: 'Credit', quantity: '1', unitPrice, ...extra });

describe.each(testDatabases())('credit memos on $name', (database) => {
  describe("the issue's worked example", () => {
    let api: TestApi;
    const dso = async (period: string) => (await api.ok(DSO, { period })).kpiScorecard.find((v: { code: string }) => v.code === 'DSO').actual;
    const aging = async (asOf: string) => (await api.ok(AGING, { asOf })).agingReport;

    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      const { invoice } = await setUp(api);
      expect(await invoice('ACME', '2026-09-01', '1000.00')).toBe('US01-000001'); // day 0, NET30: due 2026-10-01
      expect(await invoice('BETA', '2026-10-05', '500.00')).toBe('US01-000002'); // due 2026-11-04
    });
    afterAll(async () => api?.close());

    it('the credit memo applies to the invoice at once, dated its date; DSO of September falls with it', async () => {
      // Before the credit: September's ending AR 1,000.00 ÷ credit sales 1,000.00 × 30 days = 30.00.
      expect(await dso('2026-09')).toBe('30.00');
      const created = await createMemo(api, { invoiceNumber: 'US01-000001', date: '2026-09-11', reason: 'Damaged goods', lines: [line('200.00')] });
      expect(created).toEqual({
        creditMemo: {
          number: 'US01-CM-000001', date: '2026-09-11', currency: 'USD', total: '200.00', subtotal: '200.00', taxTotal: '0.00', unappliedAmount: '0.00',
          invoice: { number: 'US01-000001' },
          applications: [{ kind: 'CREDIT', amount: '200.00', receivedDate: '2026-09-11', invoice: { number: 'US01-000001' } }],
        },
        userErrors: [],
      });
      // After: ending AR 800.00 ÷ 1,000.00 × 30 = 24.00 (the invoice still counts in full as a credit sale).
      expect(await dso('2026-09')).toBe('24.00');
      const write = await api.ok(`mutation($input: WriteOffInvoicesInput!) { writeOffInvoices(input: $input) { ${ERRORS} } }`,
        { input: { invoices: [{ invoiceNumber: 'US01-000001', amount: '50.00' }], date: '2026-10-11', reason: 'Small balance' } }, api.tokens.AR);
      expect(write.writeOffInvoices.userErrors).toEqual([]);
      const invoice = await api.ok(`{ invoice(number: "US01-000001") { balance status amountPaid } }`);
      expect(invoice.invoice).toEqual({ balance: '750.00', status: 'PARTIALLY_PAID', amountPaid: '250.00' });
    });

    it('aging as of day 5, 15 and 45 counts each document from its date', async () => {
      const acme = (report: { customers: { customer: { code: string }; buckets: unknown }[] }) => report.customers.find((c) => c.customer.code === 'ACME')!.buckets;
      // Day 5 (2026-09-06): nothing but the invoice, not yet due.
      expect(acme(await aging('2026-09-06'))).toEqual({ current: '1000.00', days1To30: '0.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '1000.00' });
      // Day 15 (2026-09-16): 1,000.00 − the 200.00 credit of day 10, still not due.
      expect(acme(await aging('2026-09-16'))).toEqual({ current: '800.00', days1To30: '0.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '800.00' });
      // Day 45 (2026-10-16): 15 days past due; 800.00 − the 50.00 write-off of day 40.
      const day45 = await aging('2026-10-16');
      expect(acme(day45)).toEqual({ current: '0.00', days1To30: '750.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '750.00' });
      // BETA's 500.00 of 2026-10-05 is current.
      expect(day45.total).toEqual({ current: '500.00', days1To30: '750.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '1250.00' });
    });

    it('DSO of October counts the write-off', async () => {
      // Ending AR on 2026-10-31: ACME 750.00 + BETA 500.00 = 1,250.00; credit sales in October: BETA's 500.00;
      // 1,250.00 ÷ 500.00 × 31 days = 77.50 (without the write-off: 1,300.00 ÷ 500.00 × 31 = 80.60).
      expect(await dso('2026-10')).toBe('77.50');
    });

    it('invoices list the credit with its memo, through the SQL read path and through Prisma', async () => {
      const page = await api.ok(`{ invoices(first: 5, filter: { customerCode: "ACME" }) { edges { node { number balance
        applications { kind amount receivedDate payment { id } creditMemo { number total unappliedAmount reason lines { description amount } customer { code } } } } } } }`);
      expect(page.invoices.edges[0].node).toEqual({
        number: 'US01-000001',
        balance: '750.00',
        applications: [
          { kind: 'CREDIT', amount: '200.00', receivedDate: '2026-09-11', payment: null,
            creditMemo: { number: 'US01-CM-000001', total: '200.00', unappliedAmount: '0.00', reason: 'Damaged goods', lines: [{ description: 'Credit', amount: '200.00' }], customer: { code: 'ACME' } } },
          { kind: 'WRITE_OFF', amount: '50.00', receivedDate: '2026-10-11', payment: null, creditMemo: null },
        ],
      });
      const memo = await api.ok(`{ creditMemo(number: "US01-CM-000001") { number customer { code } invoice { number } lines { lineNo quantity unitPrice taxRate taxCategory } applications { amount invoice { number } } version } }`);
      expect(memo.creditMemo).toEqual({
        number: 'US01-CM-000001', customer: { code: 'ACME' }, invoice: { number: 'US01-000001' },
        lines: [{ lineNo: 1, quantity: '1', unitPrice: '200', taxRate: '0', taxCategory: 'O' }],
        applications: [{ amount: '200.00', invoice: { number: 'US01-000001' } }],
        version: 1,
      });
    });

    it('the statement lists the invoice, the credit and the write-off with the running balance', async () => {
      const statement = (await api.ok(STATEMENT, { code: 'ACME', from: '2026-09-01', to: '2026-10-31' })).customerStatement;
      expect(statement).toEqual({
        openingBalance: '0.00',
        closingBalance: '750.00',
        unappliedCash: '0.00',
        openCredit: '0.00',
        lines: [
          { date: '2026-09-01', kind: 'INVOICE', reference: 'US01-000001', amount: '1000.00', balance: '1000.00' },
          { date: '2026-09-11', kind: 'CREDIT', reference: 'US01-CM-000001', amount: '-200.00', balance: '800.00' },
          { date: '2026-10-11', kind: 'WRITE_OFF', reference: 'US01-000001', amount: '-50.00', balance: '750.00' },
        ],
        aging: { total: '750.00' },
      });
      // A period that starts after the credit opens with it.
      const october = (await api.ok(STATEMENT, { code: 'ACME', from: '2026-10-01', to: '2026-10-31' })).customerStatement;
      expect(october).toMatchObject({ openingBalance: '800.00', closingBalance: '750.00', lines: [{ kind: 'WRITE_OFF', amount: '-50.00', balance: '750.00' }] });
    });
  });

  describe('open credit and unapplied cash', () => {
    let api: TestApi;
    const digest = () => tableDigest(api.db.prisma, TABLES);
    /** A refused applyCredit: its errors, and nothing written. */
    const refusedApply = async (input: Record<string, unknown>) => {
      const before = await digest();
      const result = await applyCredit(api, input);
      expect(result.applications).toBeNull();
      expect(await digest()).toEqual(before);
      return result.userErrors;
    };

    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      const { invoice, write } = await setUp(api);
      await invoice('ACME', '2026-10-01', '300.00'); // US01-000001
      await invoice('ACME', '2026-10-02', '100.00'); // US01-000002
      await invoice('BETA', '2026-10-03', '100.00'); // US01-000003
      await invoice('ACME', '2026-10-04', '100.00', { currency: 'EUR' }); // US01-000004
      await invoice('ACME', '2026-10-05', '100.00'); // US01-000005, voided
      await write('voidInvoice', 'VoidInvoiceInput', { invoiceNumber: 'US01-000005', reason: 'Issued twice', voidDate: '2026-10-06' }, 'invoice { number }');
      await invoice('ACME', '2026-11-01', '100.00'); // US01-000006
      await write('setFxRate', 'SetFxRateInput', { currency: 'EUR', date: '2026-09-30', rate: '1.1' }, 'fxRate { currency }');
    });
    afterAll(async () => api?.close());

    it('numbers memos per entity without gaps; a refused memo uses no number', async () => {
      const first = await createMemo(api, { date: '2026-10-10', lines: [line('100.00')] });
      expect(first).toMatchObject({ creditMemo: { number: 'US01-CM-000001', total: '100.00', unappliedAmount: '100.00', invoice: null, applications: [] }, userErrors: [] });

      const before = await digest();
      const refused = await createMemo(api, { invoiceNumber: 'US01-000001', date: '2026-10-10', lines: [line('10.00'), line('1.00001')] });
      expect(refused.creditMemo).toBeNull();
      expect(refused.userErrors).toEqual([
        { field: ['lines', '1', 'unitPrice'], code: 'INVALID', message: expect.stringContaining('at most 4 decimals') },
      ]);
      const otherCustomer = await createMemo(api, { invoiceNumber: 'US01-000003', date: '2026-10-10', lines: [line('10.00')] });
      expect(otherCustomer.userErrors).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('another customer') }]);
      const beforeIssue = await createMemo(api, { invoiceNumber: 'US01-000006', date: '2026-10-10', lines: [line('10.00')] });
      expect(beforeIssue.userErrors).toEqual([{ field: ['date'], code: 'OUT_OF_RANGE', message: expect.stringContaining('before invoice US01-000006 was issued (2026-11-01)') }]);
      const voided = await createMemo(api, { invoiceNumber: 'US01-000005', date: '2026-10-10', lines: [line('10.00')] });
      expect(voided.userErrors).toEqual([{ field: ['invoiceNumber'], code: 'INVALID', message: expect.stringContaining('VOID') }]);
      const empty = await createMemo(api, { date: '2026-10-10', reason: ' ', lines: [] });
      expect(empty.userErrors.map((e: { field: string[] }) => e.field)).toEqual([['reason'], ['lines']]);
      expect(await digest()).toEqual(before);

      // Taxed lines as on an invoice; against an invoice in EUR the memo is in EUR.
      const taxed = await createMemo(api, { invoiceNumber: 'US01-000004', date: '2026-10-10', lines: [line('20.00', { taxRate: '20' }), line('5.00')] });
      expect(taxed).toMatchObject({
        creditMemo: {
          number: 'US01-CM-000002', currency: 'EUR', subtotal: '25.00', taxTotal: '4.00', total: '29.00', unappliedAmount: '0.00',
          applications: [{ kind: 'CREDIT', amount: '29.00', receivedDate: '2026-10-10', invoice: { number: 'US01-000004' } }],
        },
        userErrors: [],
      });
      const audit = await api.db.prisma.auditRecord.count({ where: { action: 'createCreditMemo' } });
      expect(audit).toBe(2);
    });

    it('a memo larger than the open balance closes the invoice; the rest is open credit', async () => {
      const result = await createMemo(api, { invoiceNumber: 'US01-000002', date: '2026-10-12', lines: [line('130.00')] });
      expect(result.creditMemo).toMatchObject({ number: 'US01-CM-000003', total: '130.00', unappliedAmount: '30.00', applications: [{ amount: '100.00' }] });
      expect((await api.ok(`{ invoice(number: "US01-000002") { balance status } }`)).invoice).toEqual({ balance: '0.00', status: 'PAID' });
      const open = await api.ok(`{ creditMemos(first: 10, customerCode: "ACME", openOnly: true) { totalCount edges { node { number unappliedAmount } } } }`);
      expect(open.creditMemos).toEqual({
        totalCount: 2,
        edges: [{ node: { number: 'US01-CM-000001', unappliedAmount: '100.00' } }, { node: { number: 'US01-CM-000003', unappliedAmount: '30.00' } }],
      });
      const tooMany = await api.gql(`{ creditMemos(first: 5000) { totalCount } }`);
      expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', maxPageSize: 1000 });
    });

    it('applyCredit applies open credit later, dated the day it is applied; each refusal names its field and writes nothing', async () => {
      const bad = (invoiceNumber: string, amount = '10.00', extra: Record<string, unknown> = {}) =>
        refusedApply({ creditMemoNumber: 'US01-CM-000001', applications: [{ invoiceNumber, amount }], date: '2026-10-20', ...extra });
      expect(await bad('US01-000001', '100.01')).toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: expect.stringContaining('more than the 100.00 USD the credit memo US01-CM-000001 has left') }]);
      expect(await bad('US01-000002')).toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('open balance of invoice US01-000002 (0.00 USD)') }]);
      expect(await bad('US01-000003')).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('another customer') }]);
      expect(await bad('US01-000004')).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('in EUR') }]);
      expect(await bad('US01-000005')).toEqual([{ field: ['applications', '0', 'invoiceNumber'], code: 'INVALID', message: expect.stringContaining('VOID') }]);
      expect(await bad('US01-000001', '10.00', { date: '2026-10-09' })).toEqual([{ field: ['date'], code: 'OUT_OF_RANGE', message: expect.stringContaining('before the credit memo US01-CM-000001 (2026-10-10)') }]);
      expect(await bad('US01-000001', '10.00', { paymentId: '1' })).toEqual([{ field: ['creditMemoNumber'], code: 'INVALID', message: expect.stringContaining('exactly one source') }]);
      expect(await bad('US01-000001', '10.00', { creditMemoNumber: null })).toEqual([{ field: ['creditMemoNumber'], code: 'INVALID', message: expect.stringContaining('exactly one source') }]);
      expect(await bad('US01-000001', '0')).toEqual([{ field: ['applications', '0', 'amount'], code: 'OUT_OF_RANGE', message: expect.stringContaining('greater than zero') }]);
      expect(await bad('US01-000001', '10.00', { creditMemoNumber: 'US01-CM-999999' })).toEqual([{ field: ['creditMemoNumber'], code: 'NOT_FOUND', message: expect.stringContaining('US01-CM-999999') }]);

      const applied = await applyCredit(api, { creditMemoNumber: 'us01-cm-000001', applications: [{ invoiceNumber: 'US01-000001', amount: '60.00' }], date: '2026-10-20' });
      expect(applied).toEqual({
        applications: [{ kind: 'CREDIT', amount: '60.00', receivedDate: '2026-10-20', invoice: { number: 'US01-000001', balance: '240.00' }, creditMemo: { number: 'US01-CM-000001' }, payment: null }],
        creditMemo: { number: 'US01-CM-000001', unappliedAmount: '40.00', version: 2 },
        payment: null,
        userErrors: [],
      });
      // Reports before the day it was applied do not see it.
      const aging = async (asOf: string) => (await api.ok(AGING, { asOf })).agingReport.customers.find((c: { customer: { code: string } }) => c.customer.code === 'ACME').buckets.total;
      // US01-000001's 300.00 (240.00 from the 20th) + the EUR invoice's 100.00 − 29.00 credited = 71.00 × 1.1 = 78.10.
      expect(await aging('2026-10-19')).toBe('378.10');
      expect(await aging('2026-10-20')).toBe('318.10');
    });

    it('applyCredit applies the unapplied cash of an over-payment; a reversed payment cannot be applied', async () => {
      const paid = await api.ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { id unappliedAmount } ${ERRORS} } }`, {
        input: { customerCode: 'ACME', receivedDate: '2026-10-22', amount: '150.00', currency: 'USD', reference: 'WIRE-22', applications: [{ invoiceNumber: 'US01-000001', amount: '100.00' }] },
      }, api.tokens.AR);
      const payment = paid.recordPayment.payment;
      expect(payment.unappliedAmount).toBe('50.00');
      expect(await refusedApply({ paymentId: payment.id, applications: [{ invoiceNumber: 'US01-000001', amount: '50.01' }], date: '2026-10-25' }))
        .toEqual([{ field: ['applications'], code: 'OUT_OF_RANGE', message: expect.stringContaining(`payment ${payment.id} has left`) }]);
      expect(await refusedApply({ paymentId: payment.id, applications: [{ invoiceNumber: 'US01-000001', amount: '5.00' }], date: '2026-10-21' }))
        .toEqual([{ field: ['date'], code: 'OUT_OF_RANGE', message: expect.stringContaining('before the payment') }]);
      expect(await refusedApply({ paymentId: '999999', applications: [{ invoiceNumber: 'US01-000001', amount: '5.00' }], date: '2026-10-25' }))
        .toEqual([{ field: ['paymentId'], code: 'NOT_FOUND', message: expect.stringContaining('999999') }]);

      const applied = await applyCredit(api, { paymentId: payment.id, applications: [{ invoiceNumber: 'US01-000001', amount: '50.00' }], date: '2026-10-25' });
      expect(applied).toEqual({
        applications: [{ kind: 'PAYMENT', amount: '50.00', receivedDate: '2026-10-25', invoice: { number: 'US01-000001', balance: '90.00' }, creditMemo: null, payment: { id: payment.id } }],
        creditMemo: null,
        payment: { id: payment.id, unappliedAmount: '0.00' },
        userErrors: [],
      });

      // The statement: the later application of the cash is a PAYMENT line on its own day; open credit is apart.
      const statement = (await api.ok(STATEMENT, { code: 'ACME', from: '2026-10-01', to: '2026-10-31' })).customerStatement;
      expect(statement).toEqual({
        openingBalance: '0.00',
        closingBalance: '90.00',
        unappliedCash: '0.00',
        // US01-CM-000001's 40.00 left and US01-CM-000003's 30.00.
        openCredit: '70.00',
        lines: [
          { date: '2026-10-01', kind: 'INVOICE', reference: 'US01-000001', amount: '300.00', balance: '300.00' },
          { date: '2026-10-02', kind: 'INVOICE', reference: 'US01-000002', amount: '100.00', balance: '400.00' },
          { date: '2026-10-05', kind: 'INVOICE', reference: 'US01-000005', amount: '100.00', balance: '500.00' },
          { date: '2026-10-06', kind: 'VOID', reference: 'US01-000005', amount: '-100.00', balance: '400.00' },
          { date: '2026-10-12', kind: 'CREDIT', reference: 'US01-CM-000003', amount: '-100.00', balance: '300.00' },
          { date: '2026-10-20', kind: 'CREDIT', reference: 'US01-CM-000001', amount: '-60.00', balance: '240.00' },
          { date: '2026-10-22', kind: 'PAYMENT', reference: 'WIRE-22', amount: '-100.00', balance: '140.00' },
          { date: '2026-10-25', kind: 'PAYMENT', reference: 'WIRE-22', amount: '-50.00', balance: '90.00' },
        ],
        aging: { total: '90.00' },
      });

      await api.db.prisma.payment.update({ where: { id: Number(payment.id) }, data: { reversedDate: new Date('2026-10-26'), unappliedAmount: '10.00' } });
      expect(await refusedApply({ paymentId: payment.id, applications: [{ invoiceNumber: 'US01-000001', amount: '5.00' }], date: '2026-10-27' }))
        .toEqual([{ field: ['paymentId'], code: 'INVALID', message: expect.stringContaining('reversed on 2026-10-26') }]);
    });

    it('a credit in a closed period is refused with PERIOD_CLOSED', async () => {
      await api.db.prisma.entity.update({ where: { code: 'US01' }, data: { lockedThrough: new Date('2026-10-31') } });
      try {
        const before = await digest();
        const memo = await createMemo(api, { date: '2026-10-31', lines: [line('5.00')] });
        expect(memo.userErrors).toEqual([{ field: ['date'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-10-31') }]);
        expect(await refusedApply({ creditMemoNumber: 'US01-CM-000001', applications: [{ invoiceNumber: 'US01-000001', amount: '5.00' }], date: '2026-10-31' }))
          .toEqual([{ field: ['date'], code: 'PERIOD_CLOSED', message: expect.stringContaining('2026-10-31') }]);
        expect(await digest()).toEqual(before);
      } finally {
        await api.db.prisma.entity.update({ where: { code: 'US01' }, data: { lockedThrough: null } });
      }
    });

    it('a retry with the same idempotency key returns the first memo without writing; only AR writes credits', async () => {
      const input = { customerCode: 'ACME', date: '2026-11-02', reason: 'Retry', lines: [line('7.00')], idempotencyKey: 'cm-retry-1' };
      const first = (await api.ok(CREATE_MEMO, { input }, api.tokens.AR)).createCreditMemo;
      const before = await digest();
      const again = (await api.ok(CREATE_MEMO, { input }, api.tokens.AR)).createCreditMemo;
      expect(again).toEqual(first);
      expect(await digest()).toEqual(before);
      const reused = (await api.ok(CREATE_MEMO, { input: { ...input, reason: 'Other' } }, api.tokens.AR)).createCreditMemo;
      expect(reused.userErrors).toEqual([{ field: ['idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED', message: expect.any(String) }]);
      for (const [query, variables] of [
        [CREATE_MEMO, { input: { ...input, idempotencyKey: null } }],
        [APPLY, { input: { creditMemoNumber: first.creditMemo.number, applications: [{ invoiceNumber: 'US01-000001', amount: '1.00' }], date: '2026-11-02' } }],
      ] as const) {
        const refused = await api.gql(query, variables, api.tokens.ANALYST);
        expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      }
      expect(await digest()).toEqual(before);
    });
  });

  describe.runIf(database.name === 'postgresql')('racing', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      const { invoice } = await setUp(api);
      for (let i = 0; i < 10; i += 1) await invoice('ACME', '2026-10-01', '50.00');
    });
    afterAll(async () => api?.close());

    it('ten concurrent applyCredit of 30.00 on one memo of 100.00: three succeed, 10.00 stays open', async () => {
      const memo = await createMemo(api, { date: '2026-10-05', lines: [line('100.00')] });
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        applyCredit(api, { creditMemoNumber: memo.creditMemo.number, applications: [{ invoiceNumber: `US01-${String(i + 1).padStart(6, '0')}`, amount: '30.00' }], date: '2026-10-06' })));
      expect(results.filter((r) => r.userErrors.length === 0)).toHaveLength(3);
      for (const refused of results.filter((r) => r.userErrors.length > 0)) expect(refused.userErrors[0].field).toEqual(['applications']);
      const after = await api.ok(`{ creditMemo(number: "${memo.creditMemo.number}") { unappliedAmount applications { amount } } }`);
      expect(after.creditMemo.unappliedAmount).toBe('10.00');
      expect(after.creditMemo.applications.reduce((sum: number, a: { amount: string }) => sum + Math.round(Number(a.amount) * 100), 0)).toBe(9000);
    });
  });
});
