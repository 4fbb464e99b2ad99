// The demo book's deliveries look as the code paths leave them: emails SENT with a Message-ID (or
// FAILED with a relay's 5xx answer, then resent), EDI SENT and DELIVERED only with a recorded
// acknowledgement, letters in their day's print batch, portal uploads recorded with their id or
// still to do. A fresh demo server's worker mails nobody: no demo email waits to be sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../../api/delivery/worker.js';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { startSmtpServer, type TestSmtpServer } from './delivery-support.js';

const TODAY = '2026-11-25';

/** Rows that break a rule; each query must find none. */
const VIOLATIONS: Record<string, string> = {
  'EMAIL rows waiting to be sent': `SELECT id FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'PENDING'`,
  'EMAIL rows without a Message-ID, or others with one': `SELECT id FROM invoice_delivery WHERE (channel = 'EMAIL') <> (message_id IS NOT NULL)`,
  'SENT rows without sentAt or with an error': `SELECT id FROM invoice_delivery WHERE status = 'SENT' AND (sent_at IS NULL OR last_error IS NOT NULL)`,
  'DELIVERED rows without a recorded reference': `SELECT id FROM invoice_delivery WHERE status = 'DELIVERED' AND reference IS NULL`,
  'DELIVERED emails or letters (nobody records those in the demo)': `SELECT id FROM invoice_delivery WHERE status = 'DELIVERED' AND channel IN ('EMAIL', 'POST')`,
  'FAILED rows without the reason': `SELECT id FROM invoice_delivery WHERE status = 'FAILED' AND last_error IS NULL`,
  'failed emails without a 5xx answer': `SELECT id FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'FAILED' AND last_error !~ '^5[0-9][0-9] '`,
  'a "997 accepted" without a recorded reference': `SELECT id FROM invoice_delivery WHERE (last_error ILIKE '%accepted%' OR reference ILIKE '%accepted%')`,
  'letters SENT outside a print batch': `SELECT id FROM invoice_delivery WHERE channel = 'POST' AND status <> 'PENDING' AND print_batch IS NULL`,
  'a print batch on another day than the letter was sent': `SELECT id FROM invoice_delivery WHERE print_batch IS NOT NULL AND print_batch <> (sent_at AT TIME ZONE 'UTC')::date`,
  'portal uploads the worker tried': `SELECT id FROM invoice_delivery WHERE channel = 'PORTAL' AND attempts > 0`,
  'PENDING rows other than portal uploads before today': `SELECT id FROM invoice_delivery WHERE status = 'PENDING' AND channel <> 'PORTAL' AND created_at < '${TODAY}'::date`,
  'deliveries before their invoice was issued': `SELECT d.id FROM invoice_delivery d JOIN invoice i ON i.id = d.invoice_id WHERE d.created_at::date < i.issue_date`,
  'deliveries of drafts': `SELECT d.id FROM invoice_delivery d JOIN invoice i ON i.id = d.invoice_id WHERE i.status = 'DRAFT'`,
  'EMAIL recipients that are not one address': `SELECT id FROM invoice_delivery WHERE channel = 'EMAIL' AND recipient !~ '^[^@, ]+@[^@, ]+$'`,
  'a failed email without a later resend that was SENT': `
    SELECT f.id FROM invoice_delivery f WHERE f.channel = 'EMAIL' AND f.status = 'FAILED' AND f.created_at::date < '${TODAY}'::date - 1
      AND NOT EXISTS (SELECT 1 FROM invoice_delivery r WHERE r.invoice_id = f.invoice_id AND r.id > f.id AND r.status = 'SENT')`,
};

/** What the book must show at least once. */
const PRESENT: Record<string, string> = {
  'emails SENT': `SELECT count(*) FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'SENT'`,
  'emails FAILED with a 550': `SELECT count(*) FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'FAILED' AND last_error LIKE '550 5.1.1 <%'`,
  'emails that took a second try': `SELECT count(*) FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'SENT' AND attempts = 2`,
  'EDI acknowledged': `SELECT count(*) FROM invoice_delivery WHERE channel = 'EDI' AND status = 'DELIVERED' AND reference ~ '^997-[0-9]{9}$'`,
  'EDI sent, not yet acknowledged': `SELECT count(*) FROM invoice_delivery WHERE channel = 'EDI' AND status = 'SENT'`,
  'letters printed': `SELECT count(*) FROM invoice_delivery WHERE channel = 'POST' AND status = 'SENT'`,
  'portal uploads recorded': `SELECT count(*) FROM invoice_delivery WHERE channel = 'PORTAL' AND status = 'DELIVERED' AND reference ~ '^UPL-'`,
  'portal uploads to do': `SELECT count(*) FROM invoice_delivery WHERE channel = 'PORTAL' AND status = 'PENDING'`,
  'customers with two billing emails, two deliveries per invoice': `
    SELECT count(*) FROM (SELECT invoice_id FROM invoice_delivery WHERE channel = 'EMAIL' AND status = 'SENT' GROUP BY invoice_id HAVING count(*) > 1) x`,
};

describe.each(testDatabases())('demo deliveries on $name', (database) => {
  let api: TestApi;
  let smtp: TestSmtpServer;
  let ediDir: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    ediDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-demo-edi-'));
    api = await startTestApi(database, { today: TODAY, env: { LEDGERLINE_SMTP_URL: smtp.url, LEDGERLINE_EDI_DIR: ediDir } });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 2000, seed: 7 });
  });
  afterAll(async () => {
    await api?.close();
    await smtp?.close();
    fs.rmSync(ediDir, { recursive: true, force: true });
  });

  it.each(Object.entries(VIOLATIONS))('holds: no %s', async (_, sql) => {
    expect(await api.db.prisma.$queryRawUnsafe<unknown[]>(`${sql} LIMIT 5`)).toEqual([]);
  });

  it.each(Object.entries(PRESENT))('has %s', async (_, sql) => {
    const [row] = await api.db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT (${sql})::int AS n`);
    expect(row!.n).toBeGreaterThan(0);
  });

  it('gives the worker of a fresh demo server no email to send', async () => {
    const worker = createDeliveryWorker({ prisma: api.db.prisma, config: api.config });
    while ((await worker.runOnce()) > 0);
    await worker.stop();
    expect(smtp.tries).toEqual([]);
    expect(smtp.received).toEqual([]);
  });
});
