// confirmBankMatches is one transaction: a real server process (as `npm start` runs it) killed
// with SIGKILL while it confirms 1,000 lines leaves all of them confirmed or none. After the
// restart the lines, their payments (bank_transaction_id) and the invoice they pay agree; the
// confirm sent again then completes, and each line is paid once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { camt053Statement, type StatementEntry } from '../fixtures/bank/statement-200.js';
import { buildServer, graphqlAt, kill9, startBuiltServer, type ServerBuild, type ServerProcess } from './server-build.js';

const ADMIN = 'bank-crash-test-admin-token-0123';
const ERRORS = 'userErrors { field message code }';
const LINES = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let built: ServerBuild;

type Server = ServerProcess;

/** As `npm start` runs it: node on the built server (test/api/server-build.ts). */
function startServer(databaseUrl: string): Promise<Server> {
  return startBuiltServer(built, { DATABASE_URL: databaseUrl, LEDGERLINE_ADMIN_TOKEN: ADMIN, LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_DELIVERY_WORKER: 'off' });
}

const gql = (server: Server, query: string, variables: Record<string, unknown> = {}) => graphqlAt(server, ADMIN, query, variables);

/** Waits (at most 20 s) until a transaction of another session has written a payment for a line. */
async function untilLinesLocked(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (let i = 0; i < 400; i++) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'payment' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()`);
      if (rows[0].n > 0) return;
      await sleep(50);
    }
    throw new Error('the confirm never started writing payments');
  } finally {
    await client.end();
  }
}

const CONFIRM = `mutation($input: ConfirmBankMatchesInput!) { confirmBankMatches(input: $input) { transactions { id } ${ERRORS} } }`;

/** What the database holds after the restart, read through the API. */
async function state(server: Server, statementId: string) {
  const data = await gql(server, `query($id: ID!) {
    bankStatement(id: $id) { transactions { id status version payment { id amount bankTransactionId applications { amount invoice { number } } } } }
    invoice(number: "US01-000001") { status amountPaid balance applications { kind amount } } }`, { id: statementId });
  return { lines: data.bankStatement.transactions as any[], invoice: data.invoice };
}

function expectConsistent(lines: any[], invoice: any): number {
  const confirmed = lines.filter((line) => line.status === 'CONFIRMED');
  expect(confirmed.length === 0 || confirmed.length === LINES, `${confirmed.length} of ${LINES} confirmed`).toBe(true);
  for (const line of lines) {
    if (line.status === 'CONFIRMED') {
      expect(line).toMatchObject({ version: 2, payment: { amount: '1.00', bankTransactionId: line.id, applications: [{ amount: '1.00', invoice: { number: 'US01-000001' } }] } });
    } else {
      expect(line).toMatchObject({ status: 'UNMATCHED', version: 1, payment: null });
    }
  }
  const applied = invoice.applications.filter((a: any) => a.kind === 'PAYMENT').length;
  expect(applied).toBe(confirmed.length);
  expect(invoice.amountPaid).toBe(`${confirmed.length}.00`);
  expect(invoice.status).toBe(confirmed.length === LINES ? 'PAID' : 'ISSUED');
  return confirmed.length;
}

beforeAll(async () => {
  built = await buildServer();
});
afterAll(() => built?.remove());

// The databases side by side, each with its own server process.
describe.concurrent.each(testDatabases())('confirmBankMatches across kill -9 on $name', (database) => {
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let work: string;
  let server: Server | null = null;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-bank-crash-'));
    if (database.name === 'pglite') {
      databaseUrl = `file:${path.join(work, 'data')}`;
      drop = async () => {};
    } else {
      ({ url: databaseUrl, drop } = await database.create());
    }
  });
  afterAll(async () => {
    if (server) await kill9(server);
    await drop?.();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('1,000 lines: all confirmed or none after the kill; consistent; the retry completes', async () => {
    server = await startServer(databaseUrl);
    const write = async (mutation: string, input: string) => {
      const data = await gql(server!, `mutation { ${mutation}(input: ${input}) { ${ERRORS} } }`);
      expect(data[mutation].userErrors).toEqual([]);
    };
    await write('createEntity', '{ code: "US01", name: "Ledgerline US", currency: "USD" }');
    await write('createCustomer', '{ entityCode: "US01", code: "ACME", name: "Acme Inc", paymentTerms: "NET30", deliveryChannel: POST }');
    await write('createInvoice', '{ customerCode: "ACME", issueDate: "2026-10-01", lines: [{ description: "Audit", quantity: "1000", unitPrice: "1.00" }] }');
    const entries: StatementEntry[] = Array.from({ length: LINES }, () => ({ credit: true, amount: '1.00', currency: 'USD' }));
    const imported = (await gql(server, `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) { statement { id transactions { id status } } ${ERRORS} } }`,
      { input: { entityCode: 'US01', format: 'CAMT053', content: camt053Statement(entries, { statementId: 'CRASH-1' }) } })).importBankStatement;
    expect(imported.userErrors).toEqual([]);
    const statementId = imported.statement.id as string;
    const matches = imported.statement.transactions.map((line: { id: string }) => ({ transactionId: line.id, customerCode: 'ACME' }));
    expect(imported.statement.transactions.every((line: { status: string }) => line.status === 'UNMATCHED')).toBe(true);

    // The confirm is sent, and the server killed while it works (the answer never comes): on the
    // server once its transaction holds the lines' locks; on PGlite (one process) after a while.
    const pending = gql(server, CONFIRM, { input: { matches } }).catch(() => null);
    if (database.name === 'pglite') await sleep(600);
    else await untilLinesLocked(databaseUrl);
    await kill9(server);
    await pending;

    server = await startServer(databaseUrl);
    const after = await state(server, statementId);
    const confirmed = expectConsistent(after.lines, after.invoice);

    if (confirmed === 0) {
      const retry = (await gql(server, CONFIRM, { input: { matches } })).confirmBankMatches;
      expect(retry.userErrors).toEqual([]);
      expect(retry.transactions).toHaveLength(LINES);
    }
    const final = await state(server, statementId);
    expect(expectConsistent(final.lines, final.invoice)).toBe(LINES);
  });
});
