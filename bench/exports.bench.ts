// The invoices CSV export over HTTP against psql's \copy of the same columns (read from the
// export's header) from the same database, in alternating runs. The API runs in a child process
// (bench/api-server.ts), so the RSS figures are the server's own: idle after start, one export of no rows and a GC,
// the peak sampled during each export, and after each export and a GC. Each side's rows are
// counted and must match the invoice count, and the headers must match, or the run stops.
import { spawn } from 'node:child_process';
import http from 'node:http';
import pg from 'pg';
import { FiguresDiffer } from './harness.js';
import { minorUnitsSql, type MinorUnitsSql } from './floor-queries.js';
import { printColumns } from './http.bench.js';
import { spawnServer } from './server-process.js';

export interface ExportBenchOptions {
  databaseUrl: string;
  datasetLabel: string;
  adminToken: string;
  /** Runs of each side (alternating); the medians are shown. */
  runs: number;
}

/** Issue #10's aims for the export. */
export const EXPORT_AIMS = { ratioToPsql: 3, peakRssMb: 300, backToIdleMb: 20 };

export interface ExportRow {
  dataset: string;
  rows: number;
  apiSeconds: number;
  apiMegabytes: number;
  psqlSeconds: number;
  apiCpuSeconds: number;
  idleRssMb: number;
  /** The largest peak over the runs. */
  peakRssMb: number;
  /** After each export and a GC, in run order: a step after the first run is warm-up, a rise on every run a leak. */
  afterRssMb: number[];
}

/**
 * Each invoices-export column psql copies, as SQL over `invoice i JOIN entity e JOIN customer c`:
 * money rounded to the currency's minor units, dates ISO, timestamps ISO in UTC.
 */
function invoiceColumns(minorUnits: MinorUnitsSql): Record<string, string> {
  const mu = minorUnits('i.currency');
  const today = `(now() AT TIME ZONE 'UTC')::date`;
  return {
    number: 'i.number',
    entity: 'e.code',
    customer_code: 'c.code',
    customer_name: 'c.name',
    status: 'i.status',
    issue_date: 'i.issue_date',
    due_date: 'i.due_date',
    currency: 'i.currency',
    payment_terms: 'i.payment_terms',
    po_number: 'i.po_number',
    subtotal: `round(i.subtotal, ${mu})`,
    tax_total: `round(i.tax_total, ${mu})`,
    total: `round(i.total, ${mu})`,
    amount_paid: `round(i.amount_paid, ${mu})`,
    balance: `round(CASE WHEN i.void_date <= ${today} THEN 0 ELSE i.total - i.amount_paid END, ${mu})`,
    disputed: `CASE WHEN i.disputed THEN 'true' ELSE 'false' END`,
    paid_date: 'i.paid_date',
    void_date: 'i.void_date',
    void_reason: 'i.void_reason',
    version: 'i.version',
    updated_at: `to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    created_at: `to_char(i.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  };
}

/** psql's statement for the columns the API's export has, in its order (read from its header). */
function copySql(header: string, minorUnits: MinorUnitsSql): string {
  const known = invoiceColumns(minorUnits);
  const names = header.split(',');
  const unknown = names.filter((name) => !(name in known));
  if (unknown.length > 0) {
    throw new FiguresDiffer(`the invoices export has columns psql's side does not know: ${unknown.join(', ')}; add them to invoiceColumns in bench/exports.bench.ts`);
  }
  return `SELECT ${names.map((name) => `${known[name]} AS ${name}`).join(', ')}
  FROM invoice i JOIN entity e ON e.id = i.entity_id JOIN customer c ON c.id = i.customer_id ORDER BY i.id`;
}

const MB = 1024 * 1024;

export async function benchExports(options: ExportBenchOptions): Promise<ExportRow[]> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  let invoices: number;
  let minorUnits: MinorUnitsSql;
  try {
    invoices = Number((await client.query('SELECT count(*) AS n FROM invoice')).rows[0].n);
    minorUnits = await minorUnitsSql(client);
  } finally {
    await client.end();
  }
  const api = await spawnServer('API', './api-server.ts', { DATABASE_URL: options.databaseUrl, LEDGERLINE_ADMIN_TOKEN: options.adminToken });
  try {
    const url = `${api.origin.replace('localhost', '127.0.0.1')}/export/invoices.csv`;
    // Idle is the level of a server that has loaded its export code and opened its connections
    // (one export of no rows), after a GC: what the memory should come back to after each export.
    await timedDownload(`${url}?updatedSince=2100-01-01T00:00:00Z`, options.adminToken);
    const idle = await api.gc();
    const apiRuns: { seconds: number; bytes: number; cpuSeconds: number; peakRss: number; afterRss: number }[] = [];
    const psqlRuns: number[] = [];
    process.stdout.write(`exports ${options.datasetLabel}: ${invoices.toLocaleString('en-US')} invoices `);
    for (let run = 0; run < options.runs; run++) {
      const before = await api.resetPeak();
      const download = await timedDownload(url, options.adminToken);
      const usage = await api.usage();
      const after = await api.gc();
      checkRows('GET /export/invoices.csv', download.lines - 1, invoices);
      apiRuns.push({ seconds: download.seconds, bytes: download.bytes, cpuSeconds: (usage.cpuMs - before.cpuMs) / 1000, peakRss: usage.peakRss, afterRss: after.rss });
      process.stdout.write('.');

      const psql = await timedPsql(options.databaseUrl, copySql(download.header, minorUnits));
      checkRows('psql \\copy', psql.lines - 1, invoices);
      if (psql.header !== download.header) throw new FiguresDiffer(`psql's columns are not the export's:\n  API  ${download.header}\n  psql ${psql.header}`);
      psqlRuns.push(psql.seconds);
      process.stdout.write('.');
    }
    const row: ExportRow = {
      dataset: options.datasetLabel,
      rows: invoices,
      apiSeconds: median(apiRuns.map((r) => r.seconds)),
      apiMegabytes: apiRuns[0]!.bytes / MB,
      psqlSeconds: median(psqlRuns),
      apiCpuSeconds: median(apiRuns.map((r) => r.cpuSeconds)),
      idleRssMb: idle.rss / MB,
      peakRssMb: Math.max(...apiRuns.map((r) => r.peakRss)) / MB,
      afterRssMb: apiRuns.map((r) => r.afterRss / MB),
    };
    console.log(` ${(row.apiSeconds / row.psqlSeconds).toFixed(2)}× psql`);
    return [row];
  } finally {
    await api.close();
  }
}

function checkRows(what: string, got: number, expected: number): void {
  if (got !== expected) throw new FiguresDiffer(`${what} gave ${got.toLocaleString('en-US')} rows, the database holds ${expected.toLocaleString('en-US')} invoices`);
}

interface Download {
  seconds: number;
  bytes: number;
  /** Line feeds counted (header included); no exported value holds one in the bench data. */
  lines: number;
  /** The first line without its line ending: the column names. */
  header: string;
}

/** Reads a stream to its end, counting bytes and line feeds. */
async function countStream(stream: NodeJS.ReadableStream): Promise<Omit<Download, 'seconds'>> {
  let bytes = 0;
  let lines = 0;
  let start = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (start.length < 4096) start = Buffer.concat([start, chunk.subarray(0, 4096)]);
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  const text = start.toString('utf8');
  return { bytes, lines, header: text.slice(0, text.indexOf('\n')).replace(/\r$/, '') };
}

/** Time from the request to the last byte of the response. */
function timedDownload(url: string, token: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`${url} answered ${response.statusCode}`));
      }
      countStream(response).then((counted) => resolve({ seconds: (performance.now() - started) / 1000, ...counted }), reject);
    });
    request.on('error', reject);
  });
}

/** `psql -c "\copy (<sql>) TO STDOUT WITH (FORMAT csv, HEADER)"`, its output counted like the download. */
function timedPsql(databaseUrl: string, sql: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // \copy takes its whole command on one line.
    const command = `\\copy (${sql.replace(/\s+/g, ' ')}) TO STDOUT WITH (FORMAT csv, HEADER)`;
    const psql = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', databaseUrl, '-c', command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    psql.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    psql.on('error', (error) => reject(new Error(`psql could not be started (is it installed?): ${error.message}`)));
    const counted = countStream(psql.stdout);
    psql.on('close', (code) => {
      if (code !== 0) return reject(new Error(`psql \\copy failed (exit ${code}): ${stderr.trim()}`));
      counted.then((result) => resolve({ seconds: (performance.now() - started) / 1000, ...result }), reject);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function printExportTable(rows: ExportRow[]): void {
  if (rows.length === 0) return;
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const met = (ok: boolean) => (ok ? 'met' : 'NOT MET');
  const header = ['dataset', 'export', 'API s', 'API rows/s', 'API CPU s', 'psql s', 'API/psql', 'RSS idle MB', 'peak MB (+idle)', 'after each run + GC MB', 'aims'];
  const lines = rows.map((r) => {
    const ratio = r.apiSeconds / r.psqlSeconds;
    const aims = [
      `time ≤ ${EXPORT_AIMS.ratioToPsql}× ${met(ratio <= EXPORT_AIMS.ratioToPsql)}`,
      `peak ≤ ${EXPORT_AIMS.peakRssMb} MB ${met(r.peakRssMb <= EXPORT_AIMS.peakRssMb)}`,
      `back to idle (±${EXPORT_AIMS.backToIdleMb} MB) ${met(r.afterRssMb.at(-1)! - r.idleRssMb <= EXPORT_AIMS.backToIdleMb)}`,
    ].join('; ');
    return [
      r.dataset, `invoices.csv, ${n(r.rows)} rows (${n(r.apiMegabytes, 1)} MB)`,
      n(r.apiSeconds, 2), n(r.rows / r.apiSeconds), n(r.apiCpuSeconds, 2), n(r.psqlSeconds, 2), ratio.toFixed(2),
      n(r.idleRssMb), `${n(r.peakRssMb)} (+${n(r.peakRssMb - r.idleRssMb)})`, r.afterRssMb.map((mb) => n(mb)).join(' / '), aims,
    ];
  });
  printColumns(header, lines, 2);
  console.log('RSS: the API server process\'s own (a child process of the bench), sampled every 10 ms in it; idle is after start, one export of no rows and a GC.');
}
