// How the worker treats an SMTP relay that refuses: a 4xx is tried again after the configured
// wait (attempts counted, the answer kept), a 5xx is final (FAILED with the server's words), and
// 4xx on every try ends FAILED after the last try. An unreachable relay is a 4xx. Without a
// relay configured, email waits and says why, its tries untouched, while the other channels go
// on. Two workers on one database never send the same delivery twice.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker, NO_SMTP_REASON } from '../../api/delivery/worker.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { startSmtpServer, type TestSmtpServer } from './delivery-support.js';

const ERRORS = 'userErrors { field message code }';
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { id number } ${ERRORS} } }`;
const DELIVERIES = `query($number: String!) { invoice(number: $number) { deliveries { id recipient status attempts lastError sentAt messageId } } }`;
/** Tries: the first, then one after each wait. */
const RETRY_SECONDS = '0.3,0.6';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setUp(api: TestApi, customers: { code: string; channel: string; emails?: string[] }[]) {
  const write = async (document: string, name: string, input: Record<string, unknown>) => {
    const payload = (await api.ok(document, { input }))[name];
    expect(payload.userErrors).toEqual([]);
    return payload;
  };
  await write(`mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }`, 'createEntity', { code: 'US01', name: 'Ledgerline US', currency: 'USD' });
  for (const c of customers) {
    await write(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }`, 'createCustomer', {
      entityCode: 'US01', code: c.code, name: `${c.code} Inc`, paymentTerms: 'NET30', deliveryChannel: c.channel, billingEmails: c.emails ?? [],
    });
  }
  return {
    invoice: async (customerCode: string) =>
      (await write(CREATE_INVOICE, 'createInvoice', { customerCode, issueDate: '2026-11-20', lines: [{ description: 'Support', quantity: '1', unitPrice: '100.00' }] })).invoice,
    deliveries: async (number: string) => (await api.ok(DELIVERIES, { number })).invoice.deliveries,
  };
}

/** The wait the worker set: next_attempt_at − the moment of the update, in ms. */
async function waitSet(api: TestApi, id: string): Promise<number> {
  const [row] = await api.db.prisma.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM next_attempt_at - updated_at) * 1000)::float8 AS ms FROM invoice_delivery WHERE id = ${Number(id)}`;
  return row!.ms;
}

describe.each(testDatabases())('SMTP refusals and retries on $name', (database) => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let book: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    api = await startTestApi(database, { env: { LEDGERLINE_SMTP_URL: smtp.url, LEDGERLINE_DELIVERY_RETRY_SECONDS: RETRY_SECONDS } });
    book = await setUp(api, [
      { code: 'GREY', channel: 'EMAIL', emails: ['ap@grey.example'] },
      { code: 'BUSY', channel: 'EMAIL', emails: ['ap@busy.example'] },
      { code: 'MANY', channel: 'EMAIL', emails: ['a@many.example', 'b@many.example'] },
    ]);
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
  });

  it('tries again after a 451, then records the 550 as final', async () => {
    smtp.answer = (rcpt, n) =>
      rcpt === 'ap@grey.example' ? (n === 1 ? { code: 451, message: '4.7.1 Greylisted, try again later' } : { code: 550, message: '5.1.1 <ap@grey.example>: Recipient address rejected: User unknown' }) : null;
    const worker = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    const issued = await book.invoice('GREY');

    expect(await worker.runOnce()).toBe(1);
    const [first] = await book.deliveries(issued.number);
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(first.lastError).toMatch(/^451 4\.7\.1 Greylisted/);
    expect(await waitSet(api, first.id)).toBeCloseTo(300, -1);
    // Not due before the wait is over.
    expect(await worker.runOnce()).toBe(0);

    await sleep(350);
    expect(await worker.runOnce()).toBe(1);
    const [second] = await book.deliveries(issued.number);
    expect(second).toMatchObject({ status: 'FAILED', attempts: 2, sentAt: null });
    expect(second.lastError).toBe('550 5.1.1 <ap@grey.example>: Recipient address rejected: User unknown');

    // FAILED is final: nothing is tried again.
    await sleep(700);
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.tries.filter((rcpt) => rcpt === 'ap@grey.example')).toHaveLength(2);
    expect(smtp.received).toHaveLength(0);
    await worker.stop();
  });

  it('gives up after the last try when every answer is 451', async () => {
    smtp.answer = (rcpt) => (rcpt === 'ap@busy.example' ? { code: 451, message: '4.3.2 System busy, try again later' } : null);
    const worker = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    const issued = await book.invoice('BUSY');
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await worker.runOnce()).toBe(1);
      const [row] = await book.deliveries(issued.number);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe('451 4.3.2 System busy, try again later');
      if (attempt < 3) {
        expect(row.status).toBe('PENDING');
        waits.push(await waitSet(api, row.id));
        await sleep(waits.at(-1)! + 50);
      } else {
        expect(row.status).toBe('FAILED');
      }
    }
    expect(waits.map((ms) => Math.round(ms / 100) * 100)).toEqual([300, 600]);
    await sleep(100);
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.tries.filter((rcpt) => rcpt === 'ap@busy.example')).toHaveLength(3);
    await worker.stop();
  });

  it('never lets two workers on one database send the same delivery', async () => {
    smtp.answer = () => null;
    const before = smtp.received.length;
    const numbers: string[] = [];
    for (let i = 0; i < 10; i++) numbers.push((await book.invoice('MANY')).number);
    const workers = [0, 1].map(() => createDeliveryWorker({ prisma: api.db.prisma, config: api.config, batchSize: 3 }));
    let claimed = 0;
    for (let round = 0; round < 20 && claimed < 20; round++) {
      claimed += (await Promise.all(workers.map((w) => w.runOnce()))).reduce((a, b) => a + b, 0);
    }
    expect(claimed).toBe(20);
    const mails = smtp.received.slice(before);
    expect(mails).toHaveLength(20);
    expect(new Set(mails.map((m) => m.mail.messageId)).size).toBe(20);
    for (const number of numbers) {
      expect((await book.deliveries(number)).map((d: any) => [d.status, d.attempts])).toEqual([['SENT', 1], ['SENT', 1]]);
    }
    await Promise.all(workers.map((w) => w.stop()));
  });
});

describe.each(testDatabases())('no SMTP relay, or an unreachable one, on $name', (database) => {
  let api: TestApi;
  let ediDir: string;
  let book: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    ediDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-edi-'));
    api = await startTestApi(database, { env: { LEDGERLINE_EDI_DIR: ediDir, LEDGERLINE_DELIVERY_RETRY_SECONDS: RETRY_SECONDS } });
    book = await setUp(api, [
      { code: 'MAILME', channel: 'EMAIL', emails: ['ap@mailme.example'] },
      { code: 'EDIME', channel: 'EDI' },
    ]);
  });
  afterAll(async () => {
    await api?.close();
    fs.rmSync(ediDir, { recursive: true, force: true });
  });

  it('keeps email PENDING with the reason, tries unused, while EDI goes out', async () => {
    expect(api.config.smtpUrl).toBeNull();
    const worker = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    const mail = await book.invoice('MAILME');
    const edi = await book.invoice('EDIME');
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(0);
    const [waiting] = await book.deliveries(mail.number);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 0, sentAt: null, lastError: NO_SMTP_REASON });
    expect(NO_SMTP_REASON).toBe('No SMTP server configured (LEDGERLINE_SMTP_URL): the email waits.');
    expect((await book.deliveries(edi.number))[0]).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(fs.existsSync(path.join(ediDir, `${edi.number}.xml`))).toBe(true);
    await worker.stop();
  });

  it('treats a relay that refuses the connection as a passing failure', async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const worker = createDeliveryWorker({ prisma: api.db.prisma, config: { ...api.config, smtpUrl: `smtp://127.0.0.1:${port}` } });
    const mail = await book.invoice('MAILME');
    expect(await worker.runOnce()).toBeGreaterThanOrEqual(1);
    const [row] = await book.deliveries(mail.number);
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1, sentAt: null });
    expect(row.lastError).toMatch(/ECONNREFUSED/);
    await worker.stop();
  });
});
