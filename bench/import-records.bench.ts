// importRecords at size: a NetSuite-style CSV of N open invoices (for a few hundred customers,
// created first) POSTed to /import/records with dryRun=false on the real server in a child
// process — reading, checking every row, the bulk lookups and the set-based writes in one
// transaction — against the floor: the same rows loaded by hand-written COPY into invoice,
// invoice_line and payment_application (ids reserved from the sequences, one psql session, one
// transaction), in the same run on the same database.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { ImportBenchRow } from './import-bench-row.js';
import { spawnServer } from './server-process.js';

const MB = 1024 * 1024;
const CUSTOMERS = 300;

interface GeneratedInvoice {
  number: string;
  externalId: string;
  customer: number;
  issueDate: string;
  dueDate: string;
  amountCents: number;
  remainingCents: number;
}

/** N invoices in 2026 up to October, Net 30, about a third partly paid; the same for a given N. */
function generate(prefix: string, count: number): GeneratedInvoice[] {
  return Array.from({ length: count }, (_, i) => {
    const month = 1 + (i % 10);
    const day = 1 + (i % 28);
    const amountCents = 10_000 + ((i * 7_919) % 990_000);
    const issue = new Date(Date.UTC(2026, month - 1, day));
    const due = new Date(issue.getTime() + 30 * 86_400_000);
    return {
      number: `${prefix}${i + 1}`,
      externalId: `${prefix}X${i + 1}`,
      customer: i % CUSTOMERS,
      issueDate: issue.toISOString().slice(0, 10),
      dueDate: due.toISOString().slice(0, 10),
      amountCents,
      remainingCents: i % 3 === 0 ? Math.floor(amountCents / 2) : amountCents,
    };
  });
}

const money = (cents: number) => `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
const plain = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const usDate = (iso: string) => `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;

function netsuiteCsv(invoices: GeneratedInvoice[]): string {
  const lines = ['"Internal ID","Document Number","Customer","Date","Due Date","Terms","Currency","Amount","Amount Remaining","PO/Check Number"'];
  for (const inv of invoices) {
    lines.push(`"${inv.externalId}","${inv.number}","BC-${inv.customer}","${usDate(inv.issueDate)}","${usDate(inv.dueDate)}","Net 30","USD","${money(inv.amountCents)}","${money(inv.remainingCents)}",""`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

function post(url: string, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function psql(databaseUrl: string, scriptFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-1', '-d', databaseUrl, '-f', scriptFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new Error(`psql could not be started (is it installed?): ${error.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** Reserves `count` ids of a table's serial sequence; returns the first. */
async function reserveIds(client: pg.Client, table: string, count: number): Promise<number> {
  const { rows } = await client.query(`SELECT nextval(pg_get_serial_sequence('${table}', 'id')) AS first`);
  const first = Number(rows[0].first);
  await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), $1)`, [first + count - 1]);
  return first;
}

async function copyBaseline(client: pg.Client, databaseUrl: string, invoices: GeneratedInvoice[], entityId: number, customerIds: number[]): Promise<number> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ledgerline-import-bench-'));
  try {
    const firstInvoice = await reserveIds(client, 'invoice', invoices.length);
    const firstLine = await reserveIds(client, 'invoice_line', invoices.length);
    const opening = invoices.filter((inv) => inv.remainingCents < inv.amountCents).length;
    const firstApplication = await reserveIds(client, 'payment_application', opening);
    const invoiceRows: string[] = [];
    const lineRows: string[] = [];
    const applicationRows: string[] = [];
    let application = firstApplication;
    invoices.forEach((inv, i) => {
      const id = firstInvoice + i;
      const paid = inv.amountCents - inv.remainingCents;
      invoiceRows.push([id, inv.number, entityId, customerIds[inv.customer], inv.issueDate, inv.dueDate, 'USD', 'NET30', plain(inv.amountCents), '0', plain(inv.amountCents), plain(paid), paid > 0 ? 'PARTIALLY_PAID' : 'ISSUED', inv.externalId, 't'].join('\t'));
      lineRows.push([firstLine + i, id, 1, `Imported invoice ${inv.number}`, '1', plain(inv.amountCents), plain(inv.amountCents)].join('\t'));
      if (paid > 0) applicationRows.push([application++, 'OPENING', id, plain(paid), '0', inv.issueDate].join('\t'));
    });
    const files = { invoice: path.join(dir, 'invoice.tsv'), line: path.join(dir, 'line.tsv'), application: path.join(dir, 'application.tsv') };
    await writeFile(files.invoice, `${invoiceRows.join('\n')}\n`);
    await writeFile(files.line, `${lineRows.join('\n')}\n`);
    await writeFile(files.application, `${applicationRows.join('\n')}\n`);
    const script = path.join(dir, 'copy.sql');
    await writeFile(script, [
      `\\copy invoice (id, number, entity_id, customer_id, issue_date, due_date, currency, payment_terms, subtotal, tax_total, total, amount_paid, status, external_id, imported) FROM '${files.invoice}'`,
      `\\copy invoice_line (id, invoice_id, line_no, description, quantity, unit_price, amount) FROM '${files.line}'`,
      `\\copy payment_application (id, kind, invoice_id, amount, discount, received_date) FROM '${files.application}'`,
    ].join('\n'));
    const started = performance.now();
    await psql(databaseUrl, script);
    return performance.now() - started;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function benchRecordsImport(options: { databaseUrl: string; invoices: number }): Promise<ImportBenchRow> {
  const adminToken = `bench-import-${crypto.randomBytes(12).toString('hex')}`;
  // The server migrates the database as it starts.
  const api = await spawnServer('API', './api-server.ts', { DATABASE_URL: options.databaseUrl, LEDGERLINE_ADMIN_TOKEN: adminToken });
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const entityCode = `BI${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
    const { rows: [entity] } = await client.query(`INSERT INTO entity (code, name, currency) VALUES ($1, 'Import bench', 'USD') RETURNING id`, [entityCode]);
    await client.query(
      `INSERT INTO customer (code, name, entity_id, currency, payment_terms, delivery_channel, billing_emails)
       SELECT 'BC-' || n, 'Bench customer ' || n, $1, 'USD', 'NET30', 'POST', '{}' FROM generate_series(0, $2 - 1) n
       ON CONFLICT (code) DO NOTHING`,
      [entity.id, CUSTOMERS],
    );
    const { rows: customers } = await client.query(`SELECT id, code FROM customer WHERE code LIKE 'BC-%'`);
    const customerIds = Array.from({ length: CUSTOMERS }, (_, n) => customers.find((c: { code: string }) => c.code === `BC-${n}`)!.id as number);
    const { rows: [{ entity_id: customersEntity }] } = await client.query(`SELECT entity_id FROM customer WHERE code = 'BC-0'`);

    const tag = crypto.randomBytes(3).toString('hex').toUpperCase();
    const csv = netsuiteCsv(generate(`BI${tag}-`, options.invoices));
    await api.gc();
    await api.resetPeak();
    const started = performance.now();
    const response = await post(`${api.origin.replace('localhost', '127.0.0.1')}/import/records?kind=INVOICES&format=CSV&dryRun=false`, adminToken, csv);
    const ms = performance.now() - started;
    const usage = await api.usage();
    const payload = JSON.parse(response.text) as { created: number; failed: number; userErrors: { message: string }[] };
    if (response.status !== 200 || payload.created !== options.invoices) {
      throw new Error(`POST /import/records answered ${response.status}: created ${payload.created}, failed ${payload.failed}, ${payload.userErrors.map((e) => e.message).join('; ').slice(0, 300)}`);
    }
    const baselineMs = await copyBaseline(client, options.databaseUrl, generate(`BC${tag}-`, options.invoices), customersEntity, customerIds);
    return {
      what: `importRecords INVOICES (POST /import/records, CSV ${(Buffer.byteLength(csv) / MB).toFixed(1)} MB)`,
      rows: options.invoices,
      ms,
      peakRssMb: usage.peakRss / MB,
      baselineLabel: 'psql \\copy into invoice, invoice_line, payment_application',
      baselineMs,
    };
  } finally {
    await client.end();
    await api.close();
  }
}
