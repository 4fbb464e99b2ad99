// Racing bank writers on the PostgreSQL server (PGlite runs one transaction at a time, so races
// are real only there): two confirmBankMatches of the same 20 lines at once pay each line once
// and the loser hears CONFLICT for every line; overlapping confirms in opposite orders neither
// deadlock nor pay a line twice; the same statement imported several times at once is stored
// once and every other import answers duplicate: true.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type GraphQLResponse, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { camt053Statement, type StatementEntry } from '../fixtures/bank/statement-200.js';

const ERRORS = 'userErrors { field message code }';
const IMPORT = `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) { statement { id transactions { id status } } duplicate ${ERRORS} } }`;
const CONFIRM = `mutation($input: ConfirmBankMatchesInput!) { confirmBankMatches(input: $input) { transactions { id status payment { id } } ${ERRORS} } }`;
const LINES = 20;
const [server] = testDatabases().filter((database) => database.name === 'postgresql');

describe.skipIf(server === undefined)('bank races on the PostgreSQL server', () => {
  let api: TestApi;
  let round = 0;

  beforeAll(async () => {
    api = await startTestApi(server!, { today: '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { ${ERRORS} } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "ACME", name: "Acme", paymentTerms: "NET30", deliveryChannel: POST}) { ${ERRORS} } }`);
  });
  afterAll(async () => api?.close());

  const send = (query: string, input: Record<string, unknown>) => api.gql(query, { input }, api.tokens.AR);
  const payload = (response: GraphQLResponse, name: string) => {
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data[name];
  };

  /** A statement of 20 unmatched 100.00 lines, and 20 open 100.00 invoices of ACME for them. */
  async function unmatchedLines(): Promise<string[]> {
    round += 1;
    const customer = await api.db.prisma.customer.findUniqueOrThrow({ where: { code: 'ACME' } });
    await api.db.prisma.invoice.createMany({
      data: Array.from({ length: LINES }, (_, i) => ({
        number: `R${round}-${i}`, entityId: customer.entityId, customerId: customer.id, issueDate: new Date('2026-10-01'), dueDate: new Date('2026-10-31'),
        currency: 'USD', paymentTerms: 'NET30', subtotal: '100.00', total: '100.00', status: 'ISSUED' as const,
      })),
    });
    const entries: StatementEntry[] = Array.from({ length: LINES }, () => ({ credit: true, amount: '100.00', currency: 'USD', ustrd: 'unknown payer' }));
    const imported = payload(await send(IMPORT, { entityCode: 'US01', format: 'CAMT053', content: camt053Statement(entries, { statementId: `RACE-${round}` }) }), 'importBankStatement');
    expect(imported.userErrors).toEqual([]);
    return imported.statement.transactions.map((line: { id: string }) => line.id);
  }

  async function expectEachLinePaidOnce(ids: string[]) {
    const payments = await api.db.prisma.payment.findMany({ where: { bankTransactionId: { in: ids.map(Number) } }, include: { applications: true } });
    expect(payments).toHaveLength(ids.length);
    const lines = await api.db.prisma.bankTransaction.findMany({ where: { id: { in: ids.map(Number) } } });
    expect(lines.every((line) => line.status === 'CONFIRMED' && line.version === 2)).toBe(true);
    const invoices = await api.db.prisma.invoice.findMany({ where: { number: { startsWith: `R${round}-` } }, include: { applications: true } });
    for (const invoice of invoices) {
      const applied = invoice.applications.reduce((sum, a) => sum.plus(a.amount), invoice.amountPaid.minus(invoice.amountPaid));
      expect(applied.eq(invoice.amountPaid)).toBe(true);
      expect(invoice.amountPaid.lte(invoice.total)).toBe(true);
    }
    expect(invoices.every((invoice) => invoice.status === 'PAID')).toBe(true);
  }

  it('two confirms of the same 20 lines at once: each line is paid once; the other answers CONFLICT for every line', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const ids = await unmatchedLines();
      const matches = ids.map((transactionId) => ({ transactionId, customerCode: 'ACME' }));
      const [a, b] = await Promise.all([send(CONFIRM, { matches }), send(CONFIRM, { matches: [...matches].reverse() })]);
      const answers = [payload(a, 'confirmBankMatches'), payload(b, 'confirmBankMatches')];
      const won = answers.filter((p) => p.userErrors.length === 0);
      const lost = answers.filter((p) => p.userErrors.length > 0);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].transactions).toBeNull();
      expect(lost[0].userErrors).toHaveLength(LINES);
      expect(lost[0].userErrors.every((e: { code: string; message: string }) => e.code === 'CONFLICT' && /CONFIRMED already: it was applied as payment \d+/.test(e.message))).toBe(true);
      await expectEachLinePaidOnce(ids);
    }
  });

  it('overlapping confirms in opposite orders: no deadlock, no line paid twice', async () => {
    const ids = await unmatchedLines();
    const first = ids.slice(0, 14).map((transactionId) => ({ transactionId, customerCode: 'ACME' }));
    const second = ids.slice(6).map((transactionId) => ({ transactionId, customerCode: 'ACME' })).reverse();
    const answers = (await Promise.all([send(CONFIRM, { matches: first }), send(CONFIRM, { matches: second })])).map((r) => payload(r, 'confirmBankMatches'));
    expect(answers.filter((p) => p.userErrors.length === 0)).toHaveLength(1);
    const paid = await api.db.prisma.payment.count({ where: { bankTransactionId: { in: ids.map(Number) } } });
    expect(paid).toBe(14);
    const rest = answers[0].userErrors.length === 0 ? ids.slice(14) : ids.slice(0, 6);
    expect(payload(await send(CONFIRM, { matches: rest.map((transactionId) => ({ transactionId, customerCode: 'ACME' })) }), 'confirmBankMatches').userErrors).toEqual([]);
    await expectEachLinePaidOnce(ids);
  });

  it('the same statement imported four times at once: stored once, the others answer duplicate: true', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const content = camt053Statement([{ credit: true, amount: '5.00', currency: 'USD', ustrd: `attempt ${attempt}` }], { statementId: `TWICE-${attempt}` });
      const answers = (await Promise.all(Array.from({ length: 4 }, () => send(IMPORT, { entityCode: 'US01', format: 'CAMT053', content })))).map((r) => payload(r, 'importBankStatement'));
      expect(answers.every((p) => p.userErrors.length === 0)).toBe(true);
      expect(answers.filter((p) => !p.duplicate)).toHaveLength(1);
      expect(new Set(answers.map((p) => p.statement.id)).size).toBe(1);
      expect(await api.db.prisma.bankStatement.count({ where: { statementRef: `TWICE-${attempt}` } })).toBe(1);
      expect(await api.db.prisma.bankTransaction.count({ where: { statement: { statementRef: `TWICE-${attempt}` } } })).toBe(1);
    }
  });
});
