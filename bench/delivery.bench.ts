// A billing run of N contract invoices (default 5,000) for customers invoiced by EMAIL, then the
// outbox drained by the delivery worker to an SMTP server in this process: each mail renders its
// invoice PDF, issues a portal link and goes over SMTP. Printed beside the same billing run
// without delivery (the run alone), on embedded PGlite and, when given, a PostgreSQL server.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../api/config.js';
import { openDatabase } from '../api/db/database.js';
import type { Actor } from '../api/domain/actor.js';
import { createDeliveryWorker } from '../api/delivery/worker.js';
import { runBilling } from '../api/services/receivables/contract.service.js';

export interface DeliveryBenchRow {
  database: string;
  invoices: number;
  billingMs: number;
  deliveryMs: number;
  mails: number;
}

const ACTOR: Actor = { name: 'bench', role: 'ADMIN', idempotencyScope: 'bench' };
const CUSTOMERS = 50;

export async function benchDelivery(options: { label: string; databaseUrl: string; invoices: number; drop?: () => Promise<void> }): Promise<DeliveryBenchRow> {
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        mails += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  const db = await openDatabase(options.databaseUrl);
  try {
    const config = loadConfig({ DATABASE_URL: options.databaseUrl, LEDGERLINE_SMTP_URL: `smtp://127.0.0.1:${port}`, LEDGERLINE_PUBLIC_URL: 'https://ledger.example.com' });
    await seedContracts(db.prisma, options.invoices);

    const billingStarted = performance.now();
    const { invoices } = await runBilling(db.prisma, ACTOR, { period: '2026-11' });
    const billingMs = performance.now() - billingStarted;
    if (invoices.length !== options.invoices) throw new Error(`the billing run issued ${invoices.length} invoices, not ${options.invoices}`);

    const worker = createDeliveryWorker({ prisma: db.prisma, config, batchSize: 100 });
    const deliveryStarted = performance.now();
    while ((await worker.runOnce()) > 0);
    const deliveryMs = performance.now() - deliveryStarted;
    await worker.stop();
    const [left] = await db.prisma.$queryRaw<{ pending: number; sent: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'SENT')::int AS sent FROM invoice_delivery`;
    if (left!.pending !== 0 || left!.sent !== options.invoices || mails !== options.invoices) {
      throw new Error(`expected ${options.invoices} mails sent; ${mails} arrived, ${left!.sent} SENT, ${left!.pending} PENDING`);
    }
    return { database: options.label, invoices: options.invoices, billingMs, deliveryMs, mails };
  } finally {
    await db.close();
    await options.drop?.();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }
}

/** One entity, 50 EMAIL customers with one billing email each, and N monthly contracts among them. */
async function seedContracts(prisma: import('../api/generated/prisma/client.js').PrismaClient, contracts: number): Promise<void> {
  await prisma.$executeRawUnsafe(`INSERT INTO entity (code, name, currency, legal_name, address_lines, city, postal_code, country_code)
    VALUES ('US01', 'Ledgerline US', 'USD', 'Ledgerline US Inc.', ARRAY['1 Main Street'], 'Springfield', '12345', 'US')`);
  await prisma.$executeRawUnsafe(`INSERT INTO invoice_sequence (entity_id, next_number) SELECT id, 1 FROM entity WHERE code = 'US01'
    ON CONFLICT DO NOTHING`);
  await prisma.$executeRawUnsafe(`INSERT INTO customer (code, name, entity_id, currency, payment_terms, delivery_channel, billing_emails)
    SELECT 'C' || lpad(n::text, 3, '0'), 'Customer ' || n, e.id, 'USD', 'NET30', 'EMAIL', ARRAY['ap' || n || '@customer.example']
    FROM generate_series(1, ${CUSTOMERS}) n, entity e WHERE e.code = 'US01'`);
  await prisma.$executeRawUnsafe(`INSERT INTO contract (number, customer_id, start_date, schedule, amount_per_period, currency, description)
    SELECT 'K-' || lpad(n::text, 6, '0'), c.id, DATE '2026-01-01', 'MONTHLY', 100 + n % 900 + 0.5, 'USD', 'Managed service'
    FROM generate_series(1, ${contracts}) n JOIN customer c ON c.code = 'C' || lpad((1 + n % ${CUSTOMERS})::text, 3, '0')`);
}

export function printDeliveryTable(rows: DeliveryBenchRow[]): void {
  if (rows.length === 0) return;
  console.log('\nDelivery: a billing run through the outbox to an in-process SMTP server (each mail renders its invoice PDF)');
  console.log(['database', 'invoices', 'billing run alone (s)', 'delivery (s)', 'run + delivery (s)', 'PDFs mailed / s'].join(' | '));
  for (const row of rows) {
    console.log([
      row.database,
      row.invoices.toLocaleString('en-US'),
      (row.billingMs / 1000).toFixed(1),
      (row.deliveryMs / 1000).toFixed(1),
      ((row.billingMs + row.deliveryMs) / 1000).toFixed(1),
      (row.mails / (row.deliveryMs / 1000)).toFixed(0),
    ].join(' | '));
  }
}
