// Bank statements in: the 200-entry camt.053 fixture matched entry by entry against its book
// (every rule, with the outcome each entry must get), the issue's worked example through aging,
// duplicates, period locks, confirmBankMatches (proposal, corrected, oldest first, refusals with
// their paths, idempotent replay), bankTransactions paging without N+1, POST /import/bank-statement,
// and every hostile file refused with a clear userError and nothing written.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestHandler } from '../../api/http/boundary.js';
import { buildYoga } from '../../api/yoga.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';
import { bankBook, camt053Statement, type BankBook, type StatementEntry } from '../fixtures/bank/statement-200.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const LINE = `id lineNumber bookingDate amount currency counterparty remittance references status version
  match { customer { code } applications { invoiceNumber amount discount } confidence rule }
  payment { id amount receivedDate reference bankTransactionId applications { amount invoice { number } } }`;
const IMPORT = `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  statement { id account statementRef currency debitEntries entity { code } transactions { ${LINE} } } duplicate ${ERRORS} } }`;
const CONFIRM = `mutation($input: ConfirmBankMatchesInput!) { confirmBankMatches(input: $input) { transactions { ${LINE} } ${ERRORS} } }`;
const TABLES = ['bank_statement', 'bank_transaction', 'payment', 'payment_application', 'invoice', 'audit_record', 'idempotency_key'];
const FIXTURE = new URL('../fixtures/bank/statement-200.camt053.xml', import.meta.url);

async function createEntity(api: TestApi, code = 'US01') {
  const data = await api.ok(`mutation { createEntity(input: { code: "${code}", name: "Ledgerline ${code}", currency: "USD" }) { ${ERRORS} } }`);
  expect(data.createEntity.userErrors).toEqual([]);
}

/** The book's customers and invoices, written set-based (the matching reads them like any other). */
async function seedBook(api: TestApi, book: Pick<BankBook, 'customers' | 'invoices'>, entityCode = 'US01') {
  const prisma = api.db.prisma;
  const entity = await prisma.entity.findUniqueOrThrow({ where: { code: entityCode } });
  await prisma.customer.createMany({
    data: book.customers.map((c) => ({
      code: c.code, name: c.name, entityId: entity.id, currency: 'USD', paymentTerms: 'NET30', deliveryChannel: 'EMAIL' as const,
      billingEmails: ['ap@example.com'], bankAccounts: c.bankAccounts,
    })),
  });
  const ids = new Map((await prisma.customer.findMany({ select: { id: true, code: true } })).map((c) => [c.code, c.id]));
  await prisma.invoice.createMany({
    data: book.invoices.map((i) => ({
      number: i.number, entityId: entity.id, customerId: ids.get(i.customerCode)!, issueDate: new Date(i.issueDate), dueDate: new Date(i.dueDate),
      currency: i.currency, paymentTerms: 'NET30', subtotal: i.total, total: i.total, status: 'ISSUED' as const, disputed: i.disputed ?? false,
    })),
  });
}

async function importStatement(api: TestApi, content: string, extra: Record<string, unknown> = {}, token?: string) {
  return (await api.ok(IMPORT, { input: { entityCode: 'US01', format: 'CAMT053', content, ...extra } }, token ?? api.tokens.AR)).importBankStatement;
}

const entry = (e: Partial<StatementEntry>): StatementEntry => ({ credit: true, amount: '100.00', currency: 'USD', ...e });

describe.each(testDatabases())('bank statements on $name', (database) => {
  describe('the 200-entry camt.053 statement', () => {
    let api: TestApi;
    const book = bankBook();
    let imported: any;

    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      await createEntity(api);
      await seedBook(api, book);
      imported = await importStatement(api, readFileSync(FIXTURE, 'utf8'));
    });
    afterAll(async () => api?.close());

    it('the committed file is what its generator writes', () => {
      expect(readFileSync(FIXTURE, 'utf8')).toBe(camt053Statement(book.entries));
    });

    it('every credit entry gets its expected outcome; debits are counted, not kept', () => {
      expect(imported.userErrors).toEqual([]);
      expect(imported.duplicate).toBe(false);
      const { statement } = imported;
      expect(statement).toMatchObject({ account: 'DE89 3704 0044 0532 0130 00', statementRef: 'STMT-2026-11-20-001', currency: 'USD', debitEntries: 13, entity: { code: 'US01' } });
      expect(statement.transactions).toHaveLength(book.expected.length);
      const outcome = (line: any) => ({
        lineNumber: line.lineNumber,
        status: line.status,
        customerCode: line.match?.customer.code ?? null,
        rule: line.match?.rule ?? null,
        confidence: line.match?.confidence ?? null,
        applications: (line.match?.applications ?? []).map((a: any) => ({ invoiceNumber: a.invoiceNumber, amount: a.amount })),
      });
      const expected = book.expected.map(({ scenario: _scenario, ...rest }) => rest);
      expect(statement.transactions.map(outcome)).toEqual(expected);
      // Every scenario is in the file.
      expect(new Set(book.expected.map((e) => e.scenario)).size).toBe(13);
    });

    it('EXACT lines are payments dated the booking day with the line id; their invoices are paid', async () => {
      const exact = imported.statement.transactions.filter((line: any) => line.status === 'EXACT');
      expect(exact.length).toBeGreaterThan(40);
      for (const line of exact) {
        expect(line.payment).toMatchObject({ amount: line.amount, receivedDate: '2026-11-20', bankTransactionId: line.id, reference: expect.stringMatching(/^BANKREF-/) });
        expect(line.payment.applications.map((a: any) => a.invoice.number)).toEqual(line.match.applications.map((a: any) => a.invoiceNumber));
      }
      const paid = await api.db.prisma.invoice.findMany({ where: { number: { in: exact.flatMap((l: any) => l.match.applications.map((a: any) => a.invoiceNumber)) } } });
      expect(paid.every((i) => i.status === 'PAID' && i.amountPaid.eq(i.total))).toBe(true);
      const proposedOrUnmatched = imported.statement.transactions.filter((line: any) => line.status !== 'EXACT');
      expect(proposedOrUnmatched.every((line: any) => line.payment === null)).toBe(true);
      const audit = await api.db.prisma.auditRecord.findMany({ where: { action: 'importBankStatement' } });
      expect(audit).toHaveLength(1);
    });

    it('the same file again, or the same statement id in another file, is a duplicate: nothing added', async () => {
      const before = await tableDigest(api.db.prisma, TABLES);
      const again = await importStatement(api, readFileSync(FIXTURE, 'utf8'));
      expect(again).toMatchObject({ duplicate: true, userErrors: [], statement: { id: imported.statement.id } });
      expect(again.statement.transactions).toHaveLength(book.expected.length);
      const sameId = await importStatement(api, camt053Statement([entry({ ustrd: 'another file' })]));
      expect(sameId).toMatchObject({ duplicate: true, statement: { id: imported.statement.id } });
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
    });

    it('bankTransactions pages in id order by status, entity and statement; the statement count does not grow with the page', async () => {
      const PAGE = `query($first: Int, $after: String, $status: [BankTransactionStatus!]) {
        bankTransactions(first: $first, after: $after, status: $status, entityCode: "US01", statementId: "${imported.statement.id}") {
          totalCount pageInfo { hasNextPage endCursor } edges { node { ${LINE} statement { id } } } } }`;
      const proposed = imported.statement.transactions.filter((l: any) => l.status === 'PROPOSED').map((l: any) => l.id);
      let after: string | null = null;
      const seen: string[] = [];
      do {
        const page: any = (await api.ok(PAGE, { first: 10, after, status: ['PROPOSED'] })).bankTransactions;
        expect(page.totalCount).toBe(proposed.length);
        seen.push(...page.edges.map((e: any) => e.node.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual(proposed);
      const small = await api.countQueries(() => api.ok(PAGE, { first: 5 }));
      const large = await api.countQueries(() => api.ok(PAGE, { first: 150 }));
      expect(large).toBe(small);
      const statement = await api.countQueries(() => api.ok(`{ bankStatement(id: "${imported.statement.id}") { transactions { ${LINE} } } }`));
      expect(statement).toBeLessThan(12);
      const bad = await api.gql(`{ bankTransactions(statementId: "x") { totalCount } }`);
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'statementId' });
    });

    it('confirmBankMatches refuses bad matches listing every one with its path, and writes nothing', async () => {
      const lines = imported.statement.transactions;
      const exact = lines.find((l: any) => l.status === 'EXACT');
      const proposed = lines.find((l: any) => l.status === 'PROPOSED' && l.match.rule === 3);
      const before = await tableDigest(api.db.prisma, TABLES);
      const result = (await api.ok(CONFIRM, { input: { matches: [
        { transactionId: exact.id, customerCode: exact.match.customer.code },
        { transactionId: '999999', customerCode: 'BK0000' },
        { transactionId: proposed.id, customerCode: 'NOPE' },
        { transactionId: proposed.id, customerCode: 'BK0000' },
      ] } }, api.tokens.AR)).confirmBankMatches;
      expect(result.transactions).toBeNull();
      expect(result.userErrors).toEqual([
        { field: ['input', 'matches', '3', 'transactionId'], message: expect.stringContaining('listed twice'), code: 'DUPLICATE' },
      ]);
      const second = (await api.ok(CONFIRM, { input: { matches: [
        { transactionId: exact.id, customerCode: exact.match.customer.code },
        { transactionId: '999999', customerCode: 'BK0000' },
        { transactionId: proposed.id, customerCode: 'NOPE' },
      ] } }, api.tokens.AR)).confirmBankMatches;
      expect(second.userErrors).toEqual([
        { field: ['input', 'matches', '0', 'transactionId'], message: expect.stringMatching(new RegExp(`EXACT already: it was applied as payment ${exact.payment.id}`)), code: 'CONFLICT' },
        { field: ['input', 'matches', '1', 'transactionId'], message: 'No bank transaction with id 999999 exists.', code: 'NOT_FOUND' },
        { field: ['input', 'matches', '2', 'customerCode'], message: 'No customer with code "NOPE" exists.', code: 'NOT_FOUND' },
      ]);
      const overApplied = (await api.ok(CONFIRM, { input: { matches: [
        { transactionId: proposed.id, customerCode: proposed.match.customer.code, applications: [{ invoiceNumber: proposed.match.applications[0].invoiceNumber, amount: '999999.00' }] },
      ] } }, api.tokens.AR)).confirmBankMatches;
      expect(overApplied.userErrors).toEqual([
        { field: ['input', 'matches', '0', 'applications', '0', 'amount'], message: expect.stringContaining('more than the open balance'), code: 'OUT_OF_RANGE' },
      ]);
      const viewer = await api.gql(CONFIRM, { input: { matches: [{ transactionId: proposed.id, customerCode: 'BK0000' }] } }, api.tokens.VIEWER);
      expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
    });

    it('confirms the proposal as it is, a corrected one and an unmatched line oldest first, in one call; a retry with the key replays', async () => {
      const lines = imported.statement.transactions;
      const byRule3 = lines.find((l: any) => l.status === 'PROPOSED' && l.match.rule === 3 && l.match.applications.length === 2);
      const byRule2 = lines.find((l: any) => l.status === 'PROPOSED' && l.match.rule === 2 && l.match.applications.length === 2);
      const unmatched = lines.find((l: any) => l.status === 'UNMATCHED' && l.counterparty?.startsWith('Bank Customer'));
      const unmatchedCustomer = unmatched.counterparty.replace('Bank Customer ', 'BK').replace(' GmbH', '');
      const [olderOfRule2, newerOfRule2] = byRule2.match.applications;
      const input = {
        idempotencyKey: 'confirm-1',
        matches: [
          { transactionId: byRule3.id, customerCode: byRule3.match.customer.code },
          { transactionId: byRule2.id, customerCode: byRule2.match.customer.code, applications: [{ invoiceNumber: newerOfRule2.invoiceNumber, amount: '20.00' }] },
          { transactionId: unmatched.id, customerCode: unmatchedCustomer },
        ],
      };
      const result = (await api.ok(CONFIRM, { input }, api.tokens.AR)).confirmBankMatches;
      expect(result.userErrors).toEqual([]);
      const [first, second, third] = result.transactions;
      expect(first).toMatchObject({ id: byRule3.id, status: 'CONFIRMED', version: 2, match: { customer: byRule3.match.customer, rule: 3, confidence: 1, applications: byRule3.match.applications } });
      expect(first.payment.applications.map((a: any) => [a.invoice.number, a.amount])).toEqual(byRule3.match.applications.map((a: any) => [a.invoiceNumber, a.amount]));
      expect(second).toMatchObject({ status: 'CONFIRMED', match: { rule: 2, applications: [{ invoiceNumber: newerOfRule2.invoiceNumber, amount: '20.00', discount: '0.00' }] } });
      expect(olderOfRule2.invoiceNumber).not.toBe(newerOfRule2.invoiceNumber);
      // The unmatched line's amount is one cent more than the customer's only invoice: paid in full, a cent unapplied.
      expect(third).toMatchObject({ status: 'CONFIRMED', match: { customer: { code: unmatchedCustomer }, rule: 0, confidence: 1 } });
      expect(third.payment.applications).toHaveLength(1);
      const unapplied = await api.db.prisma.payment.findUniqueOrThrow({ where: { id: Number(third.payment.id) } });
      expect(unapplied.unappliedAmount.toFixed(2)).toBe('0.01');

      const before = await tableDigest(api.db.prisma, TABLES);
      const replay = (await api.ok(CONFIRM, { input }, api.tokens.AR)).confirmBankMatches;
      expect(replay.userErrors).toEqual([]);
      expect(replay.transactions.map((l: any) => l.payment.id)).toEqual(result.transactions.map((l: any) => l.payment.id));
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
      const again = (await api.ok(CONFIRM, { input: { matches: [input.matches[0]] } }, api.tokens.AR)).confirmBankMatches;
      expect(again.userErrors).toEqual([{ field: ['input', 'matches', '0', 'transactionId'], message: expect.stringContaining(`CONFIRMED already: it was applied as payment ${first.payment.id}`), code: 'CONFLICT' }]);
    });
    it('an import sends as many SQL statements for 40 entries as for 4', async () => {
      const statement = (id: string, count: number) => camt053Statement(Array.from({ length: count }, (_, n) => entry({
        amount: `${n + 1}.00`, counterparty: `Bank Customer ${String(n).padStart(4, '0')} GmbH`, counterpartyAccount: `GB29NWBK6016133192${String(n).padStart(4, '0')}`, ustrd: `US01-B${String(n).padStart(4, '0')}A`,
      })), { statementId: id });
      const small = await api.countQueries(() => importStatement(api, statement('COUNT-4', 4)));
      const large = await api.countQueries(() => importStatement(api, statement('COUNT-40', 40)));
      expect(large).toBe(small);
    });
  });

  describe("the issue's worked example and the period lock", () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      await createEntity(api);
      for (const [code, name, issueDate] of [['ACME', 'Acme, Inc.', '2026-10-01'], ['BETA', 'Beta LLC', '2026-08-03']]) {
        const customer = await api.ok(`mutation { createCustomer(input: { entityCode: "US01", code: "${code}", name: "${name}", paymentTerms: "NET30", deliveryChannel: EMAIL, billingEmails: ["ap@example.com"] }) { ${ERRORS} } }`, {}, api.tokens.AR);
        expect(customer.createCustomer.userErrors).toEqual([]);
        const invoice = await api.ok(`mutation { createInvoice(input: { customerCode: "${code}", issueDate: "${issueDate}", lines: [{ description: "Services", quantity: "1", unitPrice: "1000.00" }] }) { invoice { number } ${ERRORS} } }`, {}, api.tokens.AR);
        expect(invoice.createInvoice.userErrors).toEqual([]);
      }
    });
    afterAll(async () => api?.close());

    it('a $1,000.00 NET30 invoice and a camt.053 credit of 1,000.00 naming it: EXACT, the invoice PAID, aging 0', async () => {
      const result = await importStatement(api, camt053Statement([entry({ amount: '1000.00', counterparty: 'ACME INC', ustrd: 'Invoice US01-000001' })], { statementId: 'WORKED-1' }));
      expect(result.userErrors).toEqual([]);
      const [line] = result.statement.transactions;
      expect(line).toMatchObject({ status: 'EXACT', amount: '1000.00', match: { customer: { code: 'ACME' }, rule: 1, confidence: 1, applications: [{ invoiceNumber: 'US01-000001', amount: '1000.00', discount: '0.00' }] } });
      const invoice = await api.ok(`{ invoice(number: "US01-000001") { status balance amountPaid } }`);
      expect(invoice.invoice).toEqual({ status: 'PAID', balance: '0.00', amountPaid: '1000.00' });
      const before = await api.ok(`{ agingReport(asOf: "2026-11-19", allowStaleRates: true) { customers { customer { code } buckets { total } } } }`);
      expect(before.agingReport.customers.find((c: any) => c.customer.code === 'ACME').buckets.total).toBe('1000.00');
      const aging = await api.ok(`{ agingReport(asOf: "2026-11-25", allowStaleRates: true) { total { total } customers { customer { code } buckets { total } } } }`);
      // ACME owes nothing after the payment of 2026-11-20; only BETA's invoice is open.
      expect(aging.agingReport.customers.find((c: any) => c.customer.code === 'ACME')?.buckets.total ?? '0.00').toBe('0.00');
      expect(aging.agingReport.total.total).toBe('1000.00');
    });

    it('a booking date in a closed period: the match stays PROPOSED; confirming it answers PERIOD_CLOSED', async () => {
      const closed = await api.ok(`mutation { closePeriod(input: { period: "2026-10", entityCode: "US01" }) { ${ERRORS} } }`);
      expect(closed.closePeriod.userErrors).toEqual([]);
      const content = camt053Statement([entry({ amount: '1000.00', ustrd: 'US01-000002' })], { statementId: 'CLOSED-1' }).replace(/2026-11-20/g, '2026-10-20');
      const result = await importStatement(api, content);
      expect(result.userErrors).toEqual([]);
      const [line] = result.statement.transactions;
      expect(line).toMatchObject({ status: 'PROPOSED', payment: null, match: { rule: 1, applications: [{ invoiceNumber: 'US01-000002', amount: '1000.00' }] } });
      const before = await tableDigest(api.db.prisma, TABLES);
      const confirm = (await api.ok(CONFIRM, { input: { matches: [{ transactionId: line.id, customerCode: 'BETA' }] } }, api.tokens.AR)).confirmBankMatches;
      expect(confirm.userErrors).toEqual([{ field: ['input', 'matches', '0', 'transactionId'], message: expect.stringContaining('closed period'), code: 'PERIOD_CLOSED' }]);
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
    });
  });

  describe('BAI2 and CSV statements', () => {
    let api: TestApi;
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/bank/${name}`, import.meta.url), 'utf8');
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY });
      await createEntity(api);
      await seedBook(api, {
        customers: [{ code: 'ACMEIND', name: 'Acme Industries, Inc.', bankAccounts: [] }, { code: 'CORVEX', name: 'Corvex AG', bankAccounts: [] }],
        invoices: [
          { number: 'INV-2026-00017', customerCode: 'ACMEIND', issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'USD', total: '12500.00' },
          { number: 'INV-2026-00020', customerCode: 'CORVEX', issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'USD', total: '560.00' },
        ],
      });
    });
    afterAll(async () => api?.close());

    it('a CSV with its column mapping: the named invoice paid at once, the payer found by name, debits counted; its reference is the file digest', async () => {
      const content = fixture('bank-us-credit-debit.csv');
      const csvMapping = { bookingDate: 'Posting Date', credit: 'Credit', debit: 'Debit', defaultCurrency: 'USD', dateFormat: 'MM/DD/YYYY', remittance: 'Description', entryRef: 'Reference', counterparty: 'Payer', account: '4159876543' };
      const result = await importStatement(api, content, { format: 'CSV', csvMapping });
      expect(result.userErrors).toEqual([]);
      const digest = crypto.createHash('sha256').update(content).digest('hex');
      expect(result.statement).toMatchObject({ account: '4159876543', statementRef: digest, debitEntries: expect.any(Number) });
      const [acme, corvex] = result.statement.transactions;
      expect(acme).toMatchObject({ status: 'EXACT', amount: '12500.00', match: { customer: { code: 'ACMEIND' }, rule: 1 }, payment: { reference: 'ACH-1' } });
      expect(corvex).toMatchObject({ status: 'PROPOSED', amount: '560.00', match: { customer: { code: 'CORVEX' }, rule: 3, confidence: 0.5, applications: [{ invoiceNumber: 'INV-2026-00020', amount: '560.00' }] } });
    });

    it('a BAI2 file: its credits kept in file order with the bank’s references, the paid invoice now rule 2', async () => {
      const result = await importStatement(api, fixture('bai2-daily.bai'), { format: 'BAI2' });
      expect(result.userErrors).toEqual([]);
      expect(result.statement.statementRef).toEqual(expect.any(String));
      const lines = result.statement.transactions;
      expect(lines.length).toBeGreaterThan(2);
      expect(lines.map((l: any) => l.lineNumber)).toEqual([...lines.map((l: any) => l.lineNumber)].sort((a: number, b: number) => a - b));
      // 12,500.00 naming INV-2026-00017 (paid by the CSV) and INV-2026-00018 (no such invoice): rule 2, nothing left to apply.
      expect(lines[0]).toMatchObject({ amount: '12500.00', status: 'PROPOSED', match: { customer: { code: 'ACMEIND' }, rule: 2, applications: [] } });
    });
  });

  describe('hostile files', () => {
    let api: TestApi;
    let server: http.Server;
    let base: string;
    beforeAll(async () => {
      api = await startTestApi(database, { today: TODAY, env: { LEDGERLINE_IMPORT_MAX_BYTES: '4096' } });
      await createEntity(api);
      await seedBook(api, { customers: [{ code: 'ACME', name: 'Acme', bankAccounts: [] }], invoices: [{ number: 'US01-000001', customerCode: 'ACME', issueDate: '2026-10-01', dueDate: '2026-10-31', currency: 'USD', total: '100.00' }] });
      const yoga = buildYoga({ prisma: api.db.prisma, sql: api.db.sql, config: api.config, today: () => TODAY });
      server = http.createServer(requestHandler({ yoga, db: api.db, config: api.config, logger: pino({ level: 'silent' }) }));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await api?.close();
    });

    const refused = async (content: string, extra: Record<string, unknown> = {}) => {
      const before = await tableDigest(api.db.prisma, TABLES);
      const result = await importStatement(api, content, extra);
      expect(result.statement).toBeNull();
      expect(result.duplicate).toBe(false);
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
      return result.userErrors;
    };

    it('each is a clear userError and nothing is written', async () => {
      const debitOnly = camt053Statement([entry({ credit: false })], { statementId: 'D-1' });
      expect(await refused(debitOnly)).toEqual([{ field: ['input', 'content'], message: expect.stringMatching(/no credit entries \(1 debit entries/), code: 'INVALID' }]);
      const wrongCurrency = camt053Statement([entry({ currency: 'XYZ' })], { statementId: 'C-1' });
      expect(await refused(wrongCurrency)).toEqual([{ field: ['input', 'content'], message: expect.stringMatching(/XYZ/), code: 'INVALID' }]);
      expect(await refused('%PDF-1.7 garbage \u0000\u0001')).toEqual([{ field: ['input', 'content'], message: expect.stringMatching(/not XML/), code: 'INVALID' }]);
      expect(await refused('x'.repeat(5000))).toEqual([{ field: ['input', 'content'], message: 'The file is 5000 bytes; at most 4096 bytes (LEDGERLINE_IMPORT_MAX_BYTES) are accepted.', code: 'OUT_OF_RANGE' }]);
      expect(await refused(camt053Statement([entry({})], { statementId: 'E-1' }), { entityCode: 'NOPE' })).toEqual([
        { field: ['input', 'entityCode'], message: 'No entity with code "NOPE" exists.', code: 'NOT_FOUND' },
      ]);
      expect(await refused('Date,Amount\n2026-11-20,5.00\n', { format: 'CSV' })).toEqual([{ field: ['input', 'content'], message: expect.stringMatching(/needs csvMapping/), code: 'INVALID' }]);
      const viewer = await api.gql(IMPORT, { input: { entityCode: 'US01', format: 'CAMT053', content: debitOnly } }, api.tokens.VIEWER);
      expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it('POST /import/bank-statement answers the payload; refuses other methods, no token, small roles, bad parameters and a large body', async () => {
      const post = (query: string, body: string, token: string | null = api.tokens.AR, method = 'POST') =>
        fetch(`${base}/import/bank-statement${query}`, { method, body: method === 'GET' ? undefined : body, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const content = camt053Statement([entry({ amount: '100.00', ustrd: 'US01-000001' }), entry({ amount: '7.00', counterparty: 'Nobody' })], { statementId: 'HTTP-1' });
      const ok = await post('?entityCode=US01&format=camt053', content);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-security-policy')).toContain("default-src 'none'");
      const body = await ok.json();
      expect(body).toMatchObject({
        duplicate: false, userErrors: [],
        statement: { statementRef: 'HTTP-1', entity: { code: 'US01' }, transactions: [
          { lineNumber: 1, status: 'EXACT', amount: '100.00', match: { customer: { code: 'ACME' }, rule: 1, confidence: 1, applications: [{ invoiceNumber: 'US01-000001', amount: '100.00', discount: '0.00' }] }, payment: { id: expect.any(String) } },
          { lineNumber: 2, status: 'UNMATCHED', match: null, payment: null },
        ] },
      });
      const again = await post('?entityCode=US01&format=CAMT053', content);
      expect(await again.json()).toMatchObject({ duplicate: true, statement: { id: body.statement.id } });

      const before = await tableDigest(api.db.prisma, TABLES);
      expect((await post('?entityCode=US01&format=CAMT053', '', api.tokens.AR, 'GET')).status).toBe(405);
      expect((await post('?entityCode=US01&format=CAMT053', content, null)).status).toBe(401);
      expect((await post('?entityCode=US01&format=CAMT053', content, api.tokens.VIEWER)).status).toBe(403);
      const noEntity = await post('?format=CAMT053', content);
      expect(noEntity.status).toBe(400);
      expect((await noEntity.json()).error).toMatch(/entityCode is missing/);
      const badFormat = await post('?entityCode=US01&format=MT940', content);
      expect(badFormat.status).toBe(400);
      expect(await badFormat.json()).toMatchObject({ error: expect.stringMatching(/"MT940" is not one of CAMT053, BAI2, CSV/), accepted: { formats: ['CAMT053', 'BAI2', 'CSV'] } });
      const large = await post('?entityCode=US01&format=CAMT053', 'x'.repeat(10_000));
      expect(large.status).toBe(413);
      expect((await large.json()).error).toMatch(/larger than 4096 bytes/);
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        // No Content-Length: the body is counted as it arrives and refused past the limit.
        const request = http.request(`${base}/import/bank-statement?entityCode=US01&format=CAMT053`, { method: 'POST', headers: { authorization: `Bearer ${api.tokens.AR}` } }, (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode!, body: text }));
        });
        request.on('error', reject);
        for (let i = 0; i < 8; i++) request.write('y'.repeat(1000));
        request.end();
      });
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body)).toMatchObject({ code: 'OUT_OF_RANGE', maxBytes: 4096 });
      // 0x81 is neither UTF-8 nor a windows-1252 character (Latin-1 text is read: see the next test).
      const latin1 = await fetch(`${base}/import/bank-statement?entityCode=US01&format=CSV`, { method: 'POST', body: new Uint8Array([0x44, 0x81, 0x0a]), headers: { authorization: `Bearer ${api.tokens.AR}` } });
      expect(latin1.status).toBe(400);
      expect((await latin1.json()).error).toMatch(/not UTF-8 text/);
      const garbage = await post('?entityCode=US01&format=CAMT053', 'not a statement');
      expect(garbage.status).toBe(400);
      expect(await garbage.json()).toMatchObject({ statement: null, userErrors: [{ field: ['input', 'content'], code: 'INVALID' }] });
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
    });

    it('POST /import/bank-statement reads a camt.053 in the encoding it declares, BAI2 and CSV in windows-1252, and refuses what is neither', async () => {
      const post = (query: string, body: Uint8Array<ArrayBuffer>) =>
        fetch(`${base}/import/bank-statement${query}`, { method: 'POST', body, headers: { authorization: `Bearer ${api.tokens.AR}` } });
      /** windows-1252 bytes of a text of Latin-1 letters and the euro sign. */
      const cp1252 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
      const latin = (encoding: string, statementId: string) => cp1252(
        camt053Statement([entry({ amount: '8.00', counterparty: 'Müller & Söhne', ustrd: 'Überweisung für März' })], { statementId })
          .replace('encoding="UTF-8"', `encoding="${encoding}"`),
      );
      for (const [encoding, statementId] of [['ISO-8859-1', 'ENC-1'], ['windows-1252', 'ENC-2']] as const) {
        const camt = await post('?entityCode=US01&format=CAMT053', latin(encoding, statementId));
        expect(camt.status).toBe(200);
        expect((await camt.json()).statement.transactions).toMatchObject([{ counterparty: 'Müller & Söhne', remittance: 'Überweisung für März' }]);
      }
      const csv = await post(
        '?entityCode=US01&format=CSV&bookingDate=Datum&amount=Betrag&defaultCurrency=USD&counterparty=Auftraggeber&remittance=Verwendungszweck&delimiter=;&decimalSeparator=,&account=ENC-CSV',
        cp1252('Datum;Betrag;Auftraggeber;Verwendungszweck\n2026-11-20;9,00;Jürgen Weiß;Rechnung über 9 €\n'),
      );
      expect(csv.status).toBe(200);
      expect((await csv.json()).statement.transactions).toMatchObject([{ amount: '9.00', counterparty: 'Jürgen Weiß', remittance: 'Rechnung über 9 €' }]);
      const bai2 = readFileSync(new URL('../fixtures/bank/bai2-daily.bai', import.meta.url), 'utf8');
      expect(/[^\x00-\x7f]/.test(bai2)).toBe(false);
      const bai2Latin = await post('?entityCode=US01&format=BAI2', cp1252(bai2.replace(',1103001,', ',1103999,').replace(/(\n16,[^\n]*?)(\/?\r?\n)/, '$1 Zahlung Müller$2')));
      expect(bai2Latin.status).toBe(200);
      expect(JSON.stringify(await bai2Latin.json())).toContain('Zahlung Müller');

      const before = await tableDigest(api.db.prisma, TABLES);
      const undeclared = await post('?entityCode=US01&format=CAMT053', latin('UTF-8', 'ENC-3'));
      expect(undeclared.status).toBe(400);
      expect((await undeclared.json()).error).toMatch(/^The file is not UTF-8 text \(its XML declaration says encoding="UTF-8"\): byte 0xfc at offset \d+ is not\. /);
      const unknown = await post('?entityCode=US01&format=CAMT053', latin('X-MAC-KLINGON', 'ENC-4'));
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).error).toMatch(/^The XML declaration names the encoding "X-MAC-KLINGON", which is not one Ledgerline reads; accepted: UTF-8 /);
      const binary = await post('?entityCode=US01&format=BAI2', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xe2, 0xe3]));
      expect(binary.status).toBe(400);
      expect((await binary.json()).error).toMatch(/not UTF-8 text, nor windows-1252 text: it holds the control character U\+0000 at character 5/);
      expect(await tableDigest(api.db.prisma, TABLES)).toEqual(before);
    });
  });
});
