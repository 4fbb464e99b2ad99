// Benchmark plumbing: datasets seeded once and reused, in-process API calls, timing with
// medians, and a table of figures with the API / hand-written SQL ratio from the same run.
import crypto from 'node:crypto';
import { Decimal } from 'decimal.js';
import pg from 'pg';
import { loadConfig } from '../api/config.js';
import { SESSION_OPTIONS, openDatabase, type Database } from '../api/db/database.js';
import { seedDemoData } from '../api/seed/demo-data.js';
import { seedAdjustments } from './adjustments-seed.js';
import { buildYoga } from '../api/yoga.js';

export const BENCH_TODAY = '2026-11-25';
export const BENCH_BASE_CURRENCY = 'USD';
const ADMIN = `bench-${crypto.randomBytes(8).toString('hex')}`;

export interface Dataset {
  label: string;
  db: Database;
  /** A plain pg pool on the same database, for the hand-written SQL baselines. */
  sql: pg.Pool;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** A PostgreSQL database named after its size, seeded on first use and reused afterwards. */
export async function postgresDataset(serverUrl: string, invoices: number): Promise<Dataset> {
  const name = `ledgerline_bench_${invoices}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return dataset(`PostgreSQL ${invoices.toLocaleString('en-US')}`, url.toString(), invoices);
}

export async function pgliteDataset(invoices: number): Promise<Dataset> {
  return dataset(`PGlite ${invoices.toLocaleString('en-US')}`, 'memory://', invoices);
}

async function dataset(label: string, databaseUrl: string, invoices: number): Promise<Dataset> {
  const db = await openDatabase(databaseUrl);
  const have = await db.prisma.invoice.count();
  if (have < invoices * 0.9) {
    if (have > 0) await db.prisma.$executeRawUnsafe(TRUNCATE_LEDGER);
    const started = Date.now();
    process.stdout.write(`seeding ${label} … `);
    await seedDemoData(db.prisma, { today: BENCH_TODAY, baseCurrency: BENCH_BASE_CURRENCY, invoices });
    await db.prisma.$executeRawUnsafe('ANALYZE');
    console.log(`${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if ((await db.prisma.creditMemo.count()) === 0) {
    const started = Date.now();
    process.stdout.write(`adding credit memos and write-offs to 5 % of ${label}'s invoices … `);
    const added = await seedAdjustments(db.prisma, BENCH_TODAY);
    await db.prisma.$executeRawUnsafe('ANALYZE');
    console.log(`${added.creditMemos.toLocaleString('en-US')} credit memos, ${added.writeOffs.toLocaleString('en-US')} write-offs, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const config = loadConfig({ DATABASE_URL: databaseUrl, LEDGERLINE_ADMIN_TOKEN: ADMIN, LEDGERLINE_TLS: 'off', LEDGERLINE_BASE_CURRENCY: BENCH_BASE_CURRENCY });
  const yoga = buildYoga({ prisma: db.prisma, sql: db.sql, config, today: () => BENCH_TODAY });
  const sql = new pg.Pool({ connectionString: db.connectionString, max: 1, options: SESSION_OPTIONS });
  return {
    label,
    db,
    sql,
    async gql(query, variables) {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    },
    async close() {
      await sql.end();
      await db.close();
    },
  };
}

const TRUNCATE_LEDGER = `TRUNCATE collection_activity_invoice, collection_activity, dispute, payment_application, refund, write_off,
  credit_memo_line, credit_memo, payment,
  invoice_delivery, invoice_line, invoice, contract, customer, invoice_sequence, entity, fx_rate, audit_record,
  idempotency_key RESTART IDENTITY CASCADE`;

/** What the run compares: the figures of both sides in the reporting currency asked. */
export interface BenchOptions {
  currency: string;
}

/**
 * Throws, listing the first differences, unless the API and the baseline give the same figures.
 * Amounts compare by value ("1234.50" = 1234.5), so both sides agree to the cent or better.
 */
export function assertSameFigures(operation: string, api: unknown, baseline: unknown): void {
  const differences: string[] = [];
  collectDifferences('', canonical(api), canonical(baseline), differences);
  if (differences.length > 0) {
    const shown = differences.slice(0, 10).join('\n  ');
    throw new FiguresDiffer(`${operation}: the API and the hand-written SQL disagree (API ≠ SQL) at ${differences.length} place(s):\n  ${shown}`);
  }
}

export class FiguresDiffer extends Error {}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Numbers and numeric strings as one decimal spelling; other values as they are. */
function canonical(value: unknown): unknown {
  if (typeof value === 'number' || (typeof value === 'string' && DECIMAL.test(value))) return new Decimal(value).toString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, canonical(item)]));
  return value;
}

function collectDifferences(at: string, api: unknown, baseline: unknown, out: string[]): void {
  if (api !== null && baseline !== null && typeof api === 'object' && typeof baseline === 'object') {
    const keys = new Set([...Object.keys(api), ...Object.keys(baseline)]);
    for (const key of keys) collectDifferences(at ? `${at}.${key}` : key, (api as Record<string, unknown>)[key], (baseline as Record<string, unknown>)[key], out);
  } else if (api !== baseline) {
    out.push(`${at}: ${JSON.stringify(api)} ≠ ${JSON.stringify(baseline)}`);
  }
}

export interface Timing {
  medianMs: number;
  minMs: number;
}

/**
 * Medians of `runs` timed calls of the API and of its baseline after `warmup` untimed ones,
 * timed in alternation (API, SQL, SQL, API, …) so that a change in the machine's load during
 * the run falls on both sides alike rather than on one block of samples.
 */
export async function timePair(api: () => Promise<unknown>, baseline: () => Promise<unknown>, runs = 9, warmup = 2): Promise<{ api: Timing; baseline: Timing }> {
  for (let i = 0; i < warmup; i++) await api(), await baseline();
  const samples = { api: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const order = i % 2 === 0 ? (['api', 'baseline'] as const) : (['baseline', 'api'] as const);
    for (const side of order) samples[side].push(await sample(side === 'api' ? api : baseline));
  }
  return { api: timing(samples.api), baseline: timing(samples.baseline) };
}

async function sample(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function timing(samples: number[]): Timing {
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)]!, minMs: samples[0]! };
}

export interface Row {
  dataset: string;
  operation: string;
  api: Timing;
  baseline: Timing;
}

export function printTable(rows: Row[]): void {
  const header = ['dataset', 'operation', 'API ms (median)', 'SQL ms (median)', 'ratio API/SQL'];
  const lines = rows.map((r) => [r.dataset, r.operation, r.api.medianMs.toFixed(1), r.baseline.medianMs.toFixed(1), (r.api.medianMs / r.baseline.medianMs).toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(fmt(line));
}
