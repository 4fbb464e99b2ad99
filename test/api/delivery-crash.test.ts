// The outbox survives kill -9. A real server process (as `npm start` runs it) issues an invoice
// with its worker off and is killed; started again with the worker on, it mails the invoice
// exactly once; a further start sends nothing again. A worker killed while the relay was
// accepting the mail leaves the delivery leased; the next start sends it again after the lease
// with the same Message-ID, so the receiver can tell it is the same mail. The embedded database
// and the PostgreSQL server run side by side, each with its own relay and server processes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { startSmtpServer, type TestSmtpServer } from './delivery-support.js';
import { buildServer, graphqlAt, kill9, startBuiltServer, type ServerBuild, type ServerProcess } from './server-build.js';

const ADMIN = 'delivery-crash-test-admin-token';
const ERRORS = 'userErrors { field message code }';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let built: ServerBuild;

type Server = ServerProcess;

/** One process, as `npm start` runs it: node on the built server. */
function startServer(databaseUrl: string, env: Record<string, string>): Promise<Server> {
  return startBuiltServer(built, {
    DATABASE_URL: databaseUrl,
    LEDGERLINE_ADMIN_TOKEN: ADMIN,
    LEDGERLINE_DEMO_DATA: '0',
    LEDGERLINE_DELIVERY_POLL_MS: '100',
    ...env,
  });
}

const gql = (server: Server, query: string, variables: Record<string, unknown> = {}) => graphqlAt(server, ADMIN, query, variables);

async function write(server: Server, mutation: string, inputType: string, input: Record<string, unknown>, selection: string) {
  const data = await gql(server, `mutation($input: ${inputType}!) { ${mutation}(input: $input) { ${selection} ${ERRORS} } }`, { input });
  expect(data[mutation].userErrors).toEqual([]);
  return data[mutation];
}

const deliveries = async (server: Server, number: string) =>
  (await gql(server, `query($n: String!) { invoice(number: $n) { deliveries { status attempts messageId sentAt } } }`, { n: number })).invoice.deliveries;

beforeAll(async () => {
  built = await buildServer();
});
afterAll(() => built?.remove());

// The databases side by side; each one's tests in order (the second goes on from the first).
describe.concurrent.each(testDatabases())('delivery across kill -9 on $name', (database) => {
  let smtp: TestSmtpServer;
  let databaseUrl: string;
  let drop: () => Promise<void>;
  let work: string;
  let server: Server | null = null;
  const leaseEnv = () => ({ LEDGERLINE_SMTP_URL: smtp.url, LEDGERLINE_MAIL_FROM: 'billing@crash.example', LEDGERLINE_DELIVERY_LEASE_SECONDS: '2' });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-delivery-crash-'));
    // PGlite keeps one process's data in a directory; the server database is made per test file.
    if (database.name === 'pglite') {
      databaseUrl = `file:${path.join(work, 'data')}`;
      drop = async () => {};
    } else {
      ({ url: databaseUrl, drop } = await database.create());
    }
  });
  afterAll(async () => {
    if (server) await kill9(server);
    await smtp?.close();
    await drop?.();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it.sequential('sends a delivery queued before a kill -9 exactly once after the restart, and never again', async () => {
    const env = { LEDGERLINE_SMTP_URL: smtp.url, LEDGERLINE_MAIL_FROM: 'billing@crash.example' };
    server = await startServer(databaseUrl, { ...env, LEDGERLINE_DELIVERY_WORKER: 'off' });
    await write(server, 'createEntity', 'CreateEntityInput', { code: 'US01', name: 'Ledgerline US', currency: 'USD' }, 'entity { code }');
    await write(server, 'createCustomer', 'CreateCustomerInput',
      { entityCode: 'US01', code: 'ACME', name: 'Acme Inc', paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: ['ap@acme.example'] }, 'customer { code }');
    const { invoice } = await write(server, 'createInvoice', 'CreateInvoiceInput',
      { customerCode: 'ACME', issueDate: '2026-11-20', lines: [{ description: 'Audit', quantity: '1', unitPrice: '2500.00' }] }, 'invoice { number }');
    const [queued] = await deliveries(server, invoice.number);
    expect(queued).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(queued.messageId).toMatch(/@crash\.example>$/);
    await sleep(300);
    expect(smtp.received).toHaveLength(0);
    await kill9(server);

    server = await startServer(databaseUrl, env);
    const [mail] = await smtp.waitFor(1, 15_000);
    expect(mail!.envelopeTo).toEqual(['ap@acme.example']);
    expect(mail!.mail.subject).toContain(invoice.number);
    expect(mail!.mail.messageId).toBe(queued.messageId);
    for (let i = 0; i < 50 && (await deliveries(server, invoice.number))[0].status !== 'SENT'; i++) await sleep(100);
    expect((await deliveries(server, invoice.number))[0]).toMatchObject({ status: 'SENT', attempts: 1 });
    await kill9(server);

    // This start goes on running for the next test (hence its lease setting).
    server = await startServer(databaseUrl, leaseEnv());
    await sleep(1500);
    expect(smtp.received).toHaveLength(1);
    expect((await deliveries(server, invoice.number))[0]).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it.sequential('sends a mail whose sender died mid-send again after the lease, with the same Message-ID', async () => {
    const before = smtp.received.length;
    let release!: () => void;
    smtp.holdData = new Promise<void>((resolve) => (release = resolve));
    // On the server the previous test left running (started with the short lease).
    const { invoice } = await write(server!, 'createInvoice', 'CreateInvoiceInput',
      { customerCode: 'ACME', issueDate: '2026-11-21', lines: [{ description: 'Audit', quantity: '1', unitPrice: '10.00' }] }, 'invoice { number }');
    // The relay has the whole message but holds its answer; the sender dies waiting.
    for (let i = 0; i < 600 && smtp.held === 0; i++) await sleep(25);
    expect(smtp.held).toBe(1);
    await kill9(server!);
    release();
    smtp.holdData = null;
    await smtp.waitFor(before + 1, 5000);

    server = await startServer(databaseUrl, leaseEnv());
    const mails = await smtp.waitFor(before + 2, 15_000);
    const [first, second] = mails.slice(before);
    expect(first!.mail.subject).toContain(invoice.number);
    expect(second!.mail.messageId).toBe(first!.mail.messageId);
    for (let i = 0; i < 50 && (await deliveries(server, invoice.number))[0].status !== 'SENT'; i++) await sleep(100);
    expect((await deliveries(server, invoice.number))[0]).toMatchObject({ status: 'SENT', attempts: 2, messageId: first!.mail.messageId });
    await kill9(server);
    server = null;
  });
});
