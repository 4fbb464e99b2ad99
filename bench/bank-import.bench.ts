// importBankStatement at size: a camt.053 (.001.08) of N credit entries against a seeded book
// (N/10 customers with bank accounts, N open invoices, created set-based), POSTed to
// /import/bank-statement on the real server in a child process — parsing, the set-based matching
// reads, the lines written in one INSERT, the EXACT ones applied as payments, all in one
// transaction — against the floor: the same lines loaded by a hand-written multi-row INSERT
// (INSERT … SELECT FROM unnest) into bank_statement / bank_transaction in one transaction, with no
// parsing or matching, in the same run on the same database.
// The entries: 60 % name their invoice in Ustrd with its exact balance (EXACT), 20 % pay one open
// invoice's balance from the customer's account without naming it (rule 3, PROPOSED), 20 % name
// nothing and match no amount (UNMATCHED).
import crypto from 'node:crypto';
import pg from 'pg';
import { camt053Document, type Camt053EntrySpec } from '../test/fixtures/bank/camt053-builder.js';
import type { ImportBenchRow } from './import-bench-row.js';
import { spawnServer } from './server-process.js';

const MB = 1024 * 1024;
const BOOKING_DATE = '2026-11-20';

const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
/** The open balance of invoice n, in cents: distinct enough that rule 3 finds one invoice. */
const invoiceCents = (n: number) => 10_000 + ((n * 7_919) % 990_000);

interface BenchEntry {
  amount: string;
  account: string | null;
  remittance: string;
}

function entriesFor(tag: string, count: number): BenchEntry[] {
  return Array.from({ length: count }, (_, n) => {
    const kind = n % 10;
    const customer = n % Math.max(1, Math.floor(count / 10));
    if (kind < 6) return { amount: cents(invoiceCents(n)), account: null, remittance: `Invoice ${tag}-${n} thank you` };
    if (kind < 8) return { amount: cents(invoiceCents(n)), account: accountOf(tag, customer), remittance: 'November services' };
    return { amount: cents(1_000_001 + n), account: null, remittance: `Payment ref ${n}` };
  });
}

const accountOf = (tag: string, customer: number) => `GB${tag}${String(customer).padStart(12, '0')}`;

export async function benchBankImport(options: { databaseUrl: string; entries: number }): Promise<ImportBenchRow> {
  const adminToken = `bench-bank-${crypto.randomBytes(12).toString('hex')}`;
  const api = await spawnServer('API', './api-server.ts', { DATABASE_URL: options.databaseUrl, LEDGERLINE_ADMIN_TOKEN: adminToken });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const tag = crypto.randomBytes(3).toString('hex').toUpperCase();
    const entityCode = `BB${tag}`;
    const customers = Math.max(1, Math.floor(options.entries / 10));
    const { rows: [entity] } = await client.query(`INSERT INTO entity (code, name, currency) VALUES ($1, 'Bank import bench', 'USD') RETURNING id`, [entityCode]);
    await client.query(
      `INSERT INTO customer (code, name, entity_id, currency, payment_terms, delivery_channel, billing_emails, bank_accounts)
       SELECT $2 || '-' || n, 'Bank bench customer ' || $2 || ' ' || n, $1, 'USD', 'NET30', 'POST', '{}',
              ARRAY['GB' || $2 || lpad(n::text, 12, '0')]
       FROM generate_series(0, $3 - 1) n`,
      [entity.id, entityCode, customers],
    );
    await client.query(
      `INSERT INTO invoice (number, entity_id, customer_id, issue_date, due_date, currency, payment_terms, subtotal, total, status)
       SELECT $2 || '-' || n, $1, c.id, DATE '2026-10-01' + (n % 28), DATE '2026-10-31' + (n % 28), 'USD', 'NET30',
              (10000 + (n::bigint * 7919) % 990000) / 100.0, (10000 + (n::bigint * 7919) % 990000) / 100.0, 'ISSUED'
       FROM generate_series(0, $3 - 1) n JOIN customer c ON c.code = $2 || '-' || (n % $4)`,
      [entity.id, entityCode, options.entries, customers],
    );

    const entries = entriesFor(entityCode, options.entries);
    const content = camt053Document({
      version: '08',
      account: `DE89370400440532${tag.slice(0, 4)}`,
      currency: 'USD',
      statementId: `BENCH-${tag}`,
      entries: entries.map((e): Camt053EntrySpec => ({
        amount: e.amount, bookingDate: BOOKING_DATE, debtorName: 'Payer', ...(e.account ? { debtorAccount: e.account } : {}), remittance: [e.remittance],
      })),
    });
    await api.gc();
    await api.resetPeak();
    const started = performance.now();
    const response = await fetch(`${api.origin.replace('localhost', '127.0.0.1')}/import/bank-statement?entityCode=${entityCode}&format=CAMT053`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/xml' },
      body: content,
    });
    const body = (await response.json()) as { statement: { transactions: { status: string }[] } | null; userErrors: { message: string }[] };
    const ms = performance.now() - started;
    const usage = await api.usage();
    const lines = body.statement?.transactions ?? [];
    const exact = lines.filter((line) => line.status === 'EXACT').length;
    if (response.status !== 200 || lines.length !== options.entries || exact !== entries.filter((_, n) => n % 10 < 6).length) {
      throw new Error(`POST /import/bank-statement answered ${response.status}: ${lines.length} lines, ${exact} EXACT; ${body.userErrors.map((e) => e.message).join('; ').slice(0, 300)}`);
    }
    const baselineMs = await insertBaseline(client, entity.id, tag, entries);
    return {
      what: `importBankStatement (POST /import/bank-statement, camt.053 ${(Buffer.byteLength(content) / MB).toFixed(1)} MB, ${exact} EXACT payments)`,
      rows: options.entries,
      ms,
      peakRssMb: usage.peakRss / MB,
      baselineLabel: 'multi-row INSERT into bank_statement, bank_transaction (no parsing, matching or payments)',
      baselineMs,
    };
  } finally {
    await client.end();
    await api.close();
  }
}

/** The floor: the statement and its lines written by hand in one transaction. */
async function insertBaseline(client: pg.Client, entityId: number, tag: string, entries: BenchEntry[]): Promise<number> {
  const started = performance.now();
  await client.query('BEGIN');
  try {
    const { rows: [statement] } = await client.query(
      `INSERT INTO bank_statement (entity_id, format, account, statement_ref, digest, currency, from_date, to_date)
       VALUES ($1, 'CAMT053', $2, $3, $4, 'USD', $5, $5) RETURNING id`,
      [entityId, `BASELINE-${tag}`, `BASELINE-${tag}`, crypto.randomBytes(32).toString('hex'), BOOKING_DATE],
    );
    await client.query(
      `INSERT INTO bank_transaction (statement_id, entity_id, line_number, booking_date, value_date, amount, currency, counterparty, counterparty_account, remittance, status)
       SELECT $1, $2, line_number, $3::date, $3::date, amount, 'USD', 'Payer', account, remittance, 'UNMATCHED'
       FROM unnest($4::int[], $5::numeric[], $6::text[], $7::text[]) AS t(line_number, amount, account, remittance)`,
      [statement.id, entityId, BOOKING_DATE, entries.map((_, i) => i + 1), entries.map((e) => e.amount), entries.map((e) => e.account), entries.map((e) => e.remittance)],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return performance.now() - started;
}
