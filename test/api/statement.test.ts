// Customer statements: a worked example with every kind of line the ledger has today (invoices,
// a partial payment, a payment taking a 2/10 NET30 discount, a void), the balances of the demo
// book against the aging report, refusals, and sendStatements queuing through the outbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../api/domain/dates.js';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const BUCKETS = 'current days1To30 days31To60 days61To90 over90 total';
const STATEMENT = `query($code: String!, $from: Date!, $to: Date!, $currency: String) {
  customerStatement(customerCode: $code, from: $from, to: $to, currency: $currency) {
    customer { code } currency from to openingBalance closingBalance unappliedCash otherCurrencies
    lines { date kind reference amount balance }
    aging { ${BUCKETS} }
  }
}`;
const AGING = `query($asOf: Date!, $currency: String) { agingReport(asOf: $asOf, currency: $currency) { customers { customer { code } buckets { total } } } }`;
const SEND = `mutation($input: SendStatementsInput!) { sendStatements(input: $input) { statementsQueued ${ERRORS} } }`;

function writer(api: TestApi) {
  return async function write(name: string, inputType: string, input: Record<string, unknown>, result = 'id') {
    const data = await api.ok(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${result} ${ERRORS} } }`, { input }, api.tokens.AR);
    expect(data[name].userErrors, `${name} ${JSON.stringify(input)}`).toEqual([]);
    return data[name];
  };
}

describe.each(testDatabases())('statements on $name', (database) => {
  describe('a worked example', () => {
    let api: TestApi;
    const statement = async (from: string, to: string, code = 'ACME', currency?: string) =>
      (await api.ok(STATEMENT, { code, from, to, currency })).customerStatement;

    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      const write = writer(api);
      await api.ok(`mutation { createEntity(input: { code: "US01", name: "Ledgerline Inc.", currency: "USD" }) { ${ERRORS} } }`);
      const customer = (code: string, extra: Record<string, unknown> = {}) =>
        write('createCustomer', 'CreateCustomerInput', { entityCode: 'US01', code, name: `${code} Corp`, paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: [`ap@${code.toLowerCase()}.example`], ...extra }, 'customer { code }');
      await customer('ACME');
      await customer('QUIET');
      await customer('POSTAL', { deliveryChannel: 'POST', billingEmails: [] });
      const invoice = (customerCode: string, issueDate: string, amount: string, extra: Record<string, unknown> = {}) =>
        write('createInvoice', 'CreateInvoiceInput', { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }], ...extra }, 'invoice { number }');
      await invoice('ACME', '2026-09-05', '1000'); // US01-000001, due 2026-10-05
      await invoice('ACME', '2026-10-03', '500'); // US01-000002, due 2026-11-02
      await invoice('ACME', '2026-10-12', '300'); // US01-000003, voided 2026-10-20
      await invoice('ACME', '2026-10-15', '1000', { paymentTerms: '2/10 NET30' }); // US01-000004
      await invoice('ACME', '2026-11-02', '200'); // US01-000005, after the period
      await invoice('ACME', '2026-10-07', '80', { currency: 'EUR' }); // US01-000006, in EUR: a statement of its own
      await invoice('POSTAL', '2026-10-01', '50'); // US01-000007
      const pay = (input: Record<string, unknown>) => write('recordPayment', 'RecordPaymentInput', { customerCode: 'ACME', currency: 'USD', ...input }, 'payment { id }');
      // 450 received, 400 applied to US01-000001: 50 stays unapplied.
      await pay({ receivedDate: '2026-10-10', amount: '450.00', reference: 'WIRE-1010', applications: [{ invoiceNumber: 'US01-000001', amount: '400.00' }] });
      // 980 within 10 days of a 2/10 NET30 invoice of 1,000: paid, 20 discount taken.
      await pay({ receivedDate: '2026-10-20', amount: '980.00', reference: 'WIRE-1020', applications: [{ invoiceNumber: 'US01-000004', amount: '980.00' }] });
      await write('voidInvoice', 'VoidInvoiceInput', { invoiceNumber: 'US01-000003', reason: 'Issued twice', voidDate: '2026-10-20' }, 'invoice { number }');
    });
    afterAll(async () => api?.close());

    it('lists each movement signed by its effect, with the running balance from the opening balance to the closing one', async () => {
      const october = await statement('2026-10-01', '2026-10-31');
      expect(october).toEqual({
        customer: { code: 'ACME' },
        currency: 'USD',
        from: '2026-10-01',
        to: '2026-10-31',
        openingBalance: '1000.00',
        closingBalance: '1100.00',
        unappliedCash: '50.00',
        otherCurrencies: ['EUR'],
        lines: [
          { date: '2026-10-03', kind: 'INVOICE', reference: 'US01-000002', amount: '500.00', balance: '1500.00' },
          { date: '2026-10-10', kind: 'PAYMENT', reference: 'WIRE-1010', amount: '-400.00', balance: '1100.00' },
          { date: '2026-10-12', kind: 'INVOICE', reference: 'US01-000003', amount: '300.00', balance: '1400.00' },
          { date: '2026-10-15', kind: 'INVOICE', reference: 'US01-000004', amount: '1000.00', balance: '2400.00' },
          { date: '2026-10-20', kind: 'PAYMENT', reference: 'WIRE-1020', amount: '-980.00', balance: '1420.00' },
          { date: '2026-10-20', kind: 'DISCOUNT', reference: 'US01-000004', amount: '-20.00', balance: '1400.00' },
          { date: '2026-10-20', kind: 'VOID', reference: 'US01-000003', amount: '-300.00', balance: '1100.00' },
        ],
        // US01-000001: 600 open, due 2026-10-05, 26 days past due; US01-000002: 500, due 2026-11-02.
        aging: { current: '500.00', days1To30: '600.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '1100.00' },
      });
    });

    it('the opening balance is the closing balance of the day before; an invoice issued and voided inside a period nets to zero', async () => {
      const september = await statement('2026-09-01', '2026-09-30');
      expect(september).toMatchObject({ openingBalance: '0.00', closingBalance: '1000.00', lines: [{ date: '2026-09-05', kind: 'INVOICE', amount: '1000.00', balance: '1000.00' }] });
      const november = await statement('2026-11-01', TODAY);
      expect(november).toMatchObject({ openingBalance: '1100.00', closingBalance: '1300.00', lines: [{ kind: 'INVOICE', reference: 'US01-000005', amount: '200.00', balance: '1300.00' }] });
      // A period that ends on the void date: the invoice issued and voided inside it nets to zero.
      const voidWeek = await statement('2026-10-12', '2026-10-20');
      expect(voidWeek.lines.filter((l: { reference: string }) => l.reference === 'US01-000003').map((l: { amount: string }) => l.amount)).toEqual(['300.00', '-300.00']);
    });

    it('invoices in another currency have a statement of their own, untranslated', async () => {
      const euro = await statement('2026-10-01', '2026-10-31', 'ACME', 'EUR');
      expect(euro).toMatchObject({
        currency: 'EUR', openingBalance: '0.00', closingBalance: '80.00', unappliedCash: '0.00', otherCurrencies: ['USD'],
        lines: [{ date: '2026-10-07', kind: 'INVOICE', reference: 'US01-000006', amount: '80.00', balance: '80.00' }],
      });
    });

    it('a customer without activity gets an empty statement', async () => {
      expect(await statement('2026-10-01', '2026-10-31', 'QUIET')).toMatchObject({ openingBalance: '0.00', closingBalance: '0.00', lines: [], otherCurrencies: [] });
    });

    it('refuses an unknown customer, a period that ends before it starts, one over five years, and a date that is none', async () => {
      const error = async (variables: Record<string, unknown>) => {
        const response = await api.gql(STATEMENT, variables);
        expect(response.data).toBeNull();
        return response.errors![0]!;
      };
      expect(await error({ code: 'NOBODY', from: '2026-10-01', to: '2026-10-31' })).toMatchObject({ message: expect.stringContaining('NOBODY'), extensions: { code: 'NOT_FOUND' } });
      expect(await error({ code: 'ACME', from: '2026-10-31', to: '2026-10-01' })).toMatchObject({ message: expect.stringContaining('before it starts'), extensions: { code: 'OUT_OF_RANGE' } });
      expect(await error({ code: 'ACME', from: '2021-10-01', to: '2026-10-01' })).toMatchObject({ message: expect.stringContaining('latest to is 2026-09-30'), extensions: { code: 'OUT_OF_RANGE' } });
      expect(await api.ok(STATEMENT, { code: 'ACME', from: '2021-10-01', to: '2026-09-30' })).toBeTruthy();
      expect(await error({ code: 'ACME', from: '2026-02-30', to: '2026-10-01' })).toMatchObject({ extensions: { code: 'INVALID', field: ['from'] } });
    });

    it('sendStatements queues one statement per customer with activity or a balance, once per period', async () => {
      const before = await api.db.prisma.invoiceDelivery.count({ where: { kind: 'STATEMENT' } });
      const refused = await api.ok(SEND, { input: { asOf: '2026-10-31', customerCodes: ['ACME', 'NOBODY'] } }, api.tokens.AR);
      expect(refused.sendStatements).toEqual({ statementsQueued: null, userErrors: [{ field: ['customerCodes', '1'], code: 'NOT_FOUND', message: expect.stringContaining('NOBODY') }] });
      const forbidden = await api.gql(SEND, { input: { asOf: '2026-10-31' } }, api.tokens.ANALYST);
      expect(forbidden.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(await api.db.prisma.invoiceDelivery.count({ where: { kind: 'STATEMENT' } })).toBe(before);

      const first = await api.ok(SEND, { input: { asOf: '2026-10-31', entityCode: 'US01' } }, api.tokens.AR);
      // ACME and POSTAL had activity in October; QUIET had none and owes nothing.
      expect(first.sendStatements).toEqual({ statementsQueued: 2, userErrors: [] });
      const queued = await api.db.prisma.invoiceDelivery.findMany({ where: { kind: 'STATEMENT' }, include: { customer: true }, orderBy: { id: 'asc' } });
      expect(queued.map((d) => [d.customer.code, d.channel, d.recipient, d.status, d.statementFrom?.toISOString().slice(0, 10), d.statementTo?.toISOString().slice(0, 10)])).toEqual([
        ['ACME', 'EMAIL', 'ap@acme.example', 'PENDING', '2026-10-01', '2026-10-31'],
        ['POSTAL', 'POST', expect.stringContaining('POSTAL Corp'), 'PENDING', '2026-10-01', '2026-10-31'],
      ]);
      const again = await api.ok(SEND, { input: { asOf: '2026-10-31' } }, api.tokens.AR);
      expect(again.sendStatements).toEqual({ statementsQueued: 0, userErrors: [] });
      // The next month is another period; only ACME has a balance or activity in November.
      const november = await api.ok(SEND, { input: { asOf: '2026-11-25', customerCodes: ['ACME', 'QUIET'] } }, api.tokens.AR);
      expect(november.sendStatements).toEqual({ statementsQueued: 1, userErrors: [] });
    });
  });

  describe('credits, write-offs and reversals', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      const write = writer(api);
      await api.ok(`mutation { createEntity(input: { code: "US01", name: "Ledgerline Inc.", currency: "USD" }) { ${ERRORS} } }`);
      await write('createCustomer', 'CreateCustomerInput', { entityCode: 'US01', code: 'ACME', name: 'ACME Corp', paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: ['ap@acme.example'] }, 'customer { code }');
      const invoice = (issueDate: string, amount: string) =>
        write('createInvoice', 'CreateInvoiceInput', { customerCode: 'ACME', issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] }, 'invoice { number }');
      await invoice('2026-10-01', '500'); // US01-000001
      // 600 received, 500 applied: 100 unapplied cash, applied to the next invoice when it comes.
      const { payment } = await write('recordPayment', 'RecordPaymentInput', {
        customerCode: 'ACME', currency: 'USD', receivedDate: '2026-10-05', amount: '600.00', reference: 'CHK-1', applications: [{ invoiceNumber: 'US01-000001', amount: '500.00' }],
      }, 'payment { id }');
      await invoice('2026-10-08', '100'); // US01-000002
      await write('applyCredit', 'ApplyCreditInput', { paymentId: payment.id, applications: [{ invoiceNumber: 'US01-000002', amount: '100.00' }], date: '2026-10-09' }, 'applications { amount }');
      await write('createCreditMemo', 'CreateCreditMemoInput', { customerCode: 'ACME', date: '2026-10-10', reason: 'Goodwill', lines: [{ description: 'Goodwill', quantity: '1', unitPrice: '40' }] }, 'creditMemo { number }');
      // The cheque bounces: both of its applications are undone.
      await write('reversePayment', 'ReversePaymentInput', { paymentId: payment.id, date: '2026-10-15', reason: 'Returned unpaid' }, 'payment { id }');
      await write('applyCredit', 'ApplyCreditInput', { creditMemoNumber: 'US01-CM-000001', applications: [{ invoiceNumber: 'US01-000001', amount: '40.00' }], date: '2026-10-16' }, 'applications { amount }');
      await write('writeOffInvoices', 'WriteOffInvoicesInput', { invoices: [{ invoiceNumber: 'US01-000002' }], date: '2026-10-20', reason: 'Small balance' }, 'writeOffs { id }');
    });
    afterAll(async () => api?.close());

    it('lists the later application of cash, the reversal, the credit and the write-off; open credit is shown apart', async () => {
      const october = (await api.ok(STATEMENT, { code: 'ACME', from: '2026-10-01', to: '2026-10-31' })).customerStatement;
      expect(october).toMatchObject({
        openingBalance: '0.00',
        closingBalance: '460.00',
        unappliedCash: '0.00',
        lines: [
          { date: '2026-10-01', kind: 'INVOICE', reference: 'US01-000001', amount: '500.00', balance: '500.00' },
          { date: '2026-10-05', kind: 'PAYMENT', reference: 'CHK-1', amount: '-500.00', balance: '0.00' },
          { date: '2026-10-08', kind: 'INVOICE', reference: 'US01-000002', amount: '100.00', balance: '100.00' },
          { date: '2026-10-09', kind: 'PAYMENT', reference: 'CHK-1', amount: '-100.00', balance: '0.00' },
          { date: '2026-10-15', kind: 'REVERSAL', reference: 'CHK-1', amount: '600.00', balance: '600.00' },
          { date: '2026-10-16', kind: 'CREDIT', reference: 'US01-CM-000001', amount: '-40.00', balance: '560.00' },
          { date: '2026-10-20', kind: 'WRITE_OFF', reference: 'US01-000002', amount: '-100.00', balance: '460.00' },
        ],
        // US01-000001: 500 − 500 + 500 − 40; US01-000002: 100 − 100 + 100 − 100. Neither is due before 2026-10-31.
        aging: { current: '460.00', total: '460.00' },
      });
      const openCredit = async (to: string) => (await api.ok(`{ customerStatement(customerCode: "ACME", from: "2026-10-01", to: "${to}") { openCredit closingBalance } }`)).customerStatement;
      // Before the memo was applied its 40.00 is open credit beside the balance, not in it.
      expect(await openCredit('2026-10-12')).toEqual({ openCredit: '40.00', closingBalance: '0.00' });
      expect(await openCredit('2026-10-31')).toEqual({ openCredit: '0.00', closingBalance: '460.00' });
    });
  });

  describe('on the demo book', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 2000, seed: 7 });
    });
    afterAll(async () => api?.close());

    it("closing balance = the customer's aging total as of `to`, opening = as of the day before `from`, opening + Σ lines = closing", async () => {
      // The busiest customers, and one with a void and one with a discount taken (not necessarily among them).
      const chosen = await api.db.prisma.$queryRaw<{ code: string; currency: string }[]>`
        (SELECT c.code, c.currency::text AS currency FROM customer c JOIN invoice i ON i.customer_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.code LIMIT 3)
        UNION (SELECT c.code, c.currency::text FROM customer c JOIN invoice i ON i.customer_id = c.id WHERE i.void_date BETWEEN '2025-06-01' AND '2026-11-25' ORDER BY c.code LIMIT 1)
        UNION (SELECT c.code, c.currency::text FROM customer c JOIN invoice i ON i.customer_id = c.id JOIN payment_application a ON a.invoice_id = i.id
               WHERE a.discount > 0 AND a.received_date BETWEEN '2025-06-01' AND '2026-11-25' ORDER BY c.code LIMIT 1)`;
      const periods: [string, string][] = [['2025-06-01', '2025-12-31'], ['2026-01-01', '2026-06-30'], ['2026-07-01', '2026-09-15'], ['2026-09-16', TODAY]];
      const agingTotal = async (asOf: string, code: string, currency: string) => {
        const report = (await api.ok(AGING, { asOf, currency })).agingReport;
        return report.customers.find((c: { customer: { code: string } }) => c.customer.code === code)?.buckets.total ?? null;
      };
      const kinds = new Set<string>();
      for (const { code, currency } of chosen) {
        for (const [from, to] of periods) {
          const s = (await api.ok(STATEMENT, { code, from, to })).customerStatement;
          expect(s.currency).toBe(currency);
          const zero = (0).toFixed(currency === 'JPY' ? 0 : 2);
          expect(s.closingBalance, `${code} ${to}`).toBe((await agingTotal(to, code, currency)) ?? zero);
          expect(s.openingBalance, `${code} ${from}`).toBe((await agingTotal(addDays(from, -1), code, currency)) ?? zero);
          const minor = (amount: string) => BigInt(amount.replace('.', ''));
          expect(s.lines.reduce((sum: bigint, l: { amount: string }) => sum + minor(l.amount), minor(s.openingBalance))).toBe(minor(s.closingBalance));
          expect(s.aging.total).toBe(s.closingBalance);
          if (s.lines.length > 0) expect(s.lines.at(-1).balance).toBe(s.closingBalance);
          for (const line of s.lines) kinds.add(line.kind);
        }
      }
      // The sample has every kind of line the ledger has today to add up.
      expect([...kinds].sort()).toEqual(['DISCOUNT', 'INVOICE', 'PAYMENT', 'VOID']);
    });
  });
});

