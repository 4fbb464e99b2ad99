// The API against the floor over HTTP, under load. Both run as child processes on the same
// database: the real API (bench/api-server.ts: startApp, plain HTTP, the bench's admin token)
// and the floor (bench/floor-server.ts: node:http + pg, one statement building the whole body).
// First each request's response bodies from both are checked byte-identical — a difference
// stops the run, listing it — then autocannon drives each request at each server in
// interleaved rounds (API, floor, API, floor, …) after a warm-up, and the table shows req/s,
// p50 and p99 latency, the servers' CPU per request, and API ÷ floor req/s against the aim.
import autocannon from 'autocannon';
import { FiguresDiffer } from './harness.js';
import { floorQueries, type FloorQuery } from './floor-queries.js';
import { spawnServer, type ServerProcess } from './server-process.js';

export interface HttpBenchOptions {
  /** PostgreSQL URL of the seeded bench database. */
  databaseUrl: string;
  datasetLabel: string;
  adminToken: string;
  rounds: number;
  /** Seconds per round per server. */
  seconds: number;
  warmupSeconds: number;
  connections: number;
  /** Keys of FloorQuery to run (default all). */
  only?: string[];
}

/** Issue #10's aims: API ÷ floor requests per second. */
export const HTTP_AIMS: Record<string, number> = { invoices500: 0.5, invoice: 0.35, customers: 0.4 };

export interface Side {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuMsPerRequest: number;
}

export interface HttpRow {
  dataset: string;
  query: string;
  key: string;
  api: Side;
  floor: Side;
  ratio: number;
  aim: number | undefined;
}

export async function benchHttp(options: HttpBenchOptions): Promise<HttpRow[]> {
  const invoiceNumber = await pickInvoiceNumber(options.databaseUrl);
  // The statements need the floor's minor-units CASE; the bench only needs the request bodies.
  const queries = floorQueries(() => 'NULL', invoiceNumber).filter((q) => !options.only || options.only.includes(q.key));
  const env = { DATABASE_URL: options.databaseUrl };
  const servers: ServerProcess[] = [];
  try {
    const api = await spawnServer('API', './api-server.ts', { ...env, LEDGERLINE_ADMIN_TOKEN: options.adminToken });
    servers.push(api);
    const floor = await spawnServer('floor', './floor-server.ts', env);
    servers.push(floor);
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${options.adminToken}` };
    const target = (server: ServerProcess, q: FloorQuery) => ({
      url: `${server.origin.replace('localhost', '127.0.0.1')}/graphql`,
      method: 'POST' as const,
      headers,
      body: JSON.stringify({ query: q.query, variables: q.variables }),
    });

    for (const q of queries) await assertSameBodies(q, target(api, q), target(floor, q));

    const rows: HttpRow[] = [];
    for (const q of queries) {
      process.stdout.write(`http ${options.datasetLabel}: ${q.label} `);
      for (const server of [api, floor]) await load(target(server, q), options.warmupSeconds, options.connections);
      const runs: Record<'api' | 'floor', Side[]> = { api: [], floor: [] };
      for (let round = 0; round < options.rounds; round++) {
        for (const [side, server] of [['api', api], ['floor', floor]] as const) {
          const before = await server.usage();
          const result = await load(target(server, q), options.seconds, options.connections);
          const after = await server.usage();
          runs[side].push({
            requestsPerSecond: result.requests.total / (result.duration || options.seconds),
            p50Ms: result.latency.p50,
            p99Ms: result.latency.p99,
            cpuMsPerRequest: (after.cpuMs - before.cpuMs) / Math.max(1, result.requests.total),
          });
          process.stdout.write('.');
        }
      }
      const apiSide = medianSide(runs.api);
      const floorSide = medianSide(runs.floor);
      const ratio = apiSide.requestsPerSecond / floorSide.requestsPerSecond;
      console.log(` ${ratio.toFixed(2)}`);
      rows.push({ dataset: options.datasetLabel, query: q.label, key: q.key, api: apiSide, floor: floorSide, ratio, aim: HTTP_AIMS[q.key] });
    }
    return rows;
  } finally {
    for (const server of servers) await server.close();
  }
}

/** An invoice in the middle of the book, with lines: the same one for every request. */
async function pickInvoiceNumber(databaseUrl: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ number: string }>(
      `SELECT i.number FROM invoice i WHERE i.number IS NOT NULL AND EXISTS (SELECT 1 FROM invoice_line l WHERE l.invoice_id = i.id)
       ORDER BY i.id OFFSET (SELECT count(*) / 2 FROM invoice) LIMIT 1`,
    );
    if (!rows[0]) throw new Error('the bench database has no issued invoice with lines');
    return rows[0].number;
  } finally {
    await client.end();
  }
}

interface Target {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

async function load(target: Target, seconds: number, connections: number): Promise<autocannon.Result> {
  const result = await autocannon({ ...target, connections, pipelining: 1, duration: seconds });
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) throw new Error(`${target.url}: ${failed} of ${result.requests.total} requests failed (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
  return result;
}

/** Each figure's median over the rounds. */
function medianSide(runs: Side[]): Side {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  return {
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    cpuMsPerRequest: median(runs.map((r) => r.cpuMsPerRequest)),
  };
}

/** Throws FiguresDiffer, showing where, unless both servers answer with the same bytes. */
async function assertSameBodies(q: FloorQuery, api: Target, floor: Target): Promise<void> {
  const fetchBody = async (t: Target) => {
    const response = await fetch(t.url, { method: t.method, headers: t.headers, body: t.body });
    const text = await response.text();
    if (!response.ok) throw new Error(`${t.url} answered ${response.status} to ${q.label}: ${text.slice(0, 500)}`);
    return text;
  };
  const [apiBody, floorBody] = await Promise.all([fetchBody(api), fetchBody(floor)]);
  if (apiBody === floorBody) return;
  throw new FiguresDiffer(`${q.label}: the API's and the floor's response bodies differ (API ≠ floor):\n  ${describeDifference(apiBody, floorBody)}`);
}

/** The differing values by JSON path (first ten), or the first differing bytes when both parse alike. */
export function describeDifference(api: string, floor: string): string {
  const differences: string[] = [];
  const walk = (at: string, a: unknown, b: unknown) => {
    if (differences.length >= 10) return;
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      const keysA = Object.keys(a);
      const keysB = Object.keys(b);
      if (!Array.isArray(a) && keysA.join() !== keysB.join() && new Set([...keysA, ...keysB]).size === keysA.length) {
        differences.push(`${at || '(top)'}: keys in order ${JSON.stringify(keysA)} ≠ ${JSON.stringify(keysB)}`);
      }
      for (const key of new Set([...keysA, ...keysB])) walk(at ? `${at}.${key}` : key, (a as any)[key], (b as any)[key]);
    } else if (a !== b) {
      differences.push(`${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    }
  };
  try {
    walk('', JSON.parse(api), JSON.parse(floor));
  } catch {
    /* not JSON on one side: the bytes below say where */
  }
  if (differences.length > 0) return differences.join('\n  ');
  let i = 0;
  while (i < api.length && api[i] === floor[i]) i++;
  return `same values, different bytes from offset ${i} (lengths ${api.length} / ${floor.length}):\n  API   …${JSON.stringify(api.slice(Math.max(0, i - 60), i + 60))}\n  floor …${JSON.stringify(floor.slice(Math.max(0, i - 60), i + 60))}`;
}

export function printHttpTable(rows: HttpRow[]): void {
  if (rows.length === 0) return;
  const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const header = ['dataset', 'query', 'API req/s', 'API p50/p99 ms', 'API CPU ms/req', 'floor req/s', 'floor p50/p99 ms', 'floor CPU ms/req', 'API/floor', 'aim'];
  const lines = rows.map((r) => [
    r.dataset, r.query,
    n(r.api.requestsPerSecond), `${n(r.api.p50Ms)} / ${n(r.api.p99Ms)}`, n(r.api.cpuMsPerRequest, 2),
    n(r.floor.requestsPerSecond), `${n(r.floor.p50Ms)} / ${n(r.floor.p99Ms)}`, n(r.floor.cpuMsPerRequest, 2),
    r.ratio.toFixed(2), r.aim === undefined ? '' : `≥ ${r.aim} ${r.ratio >= r.aim ? 'met' : 'NOT MET'}`,
  ]);
  printColumns(header, lines, 2);
}

/** A plain-text table: the first `textColumns` columns left-aligned, the rest right-aligned. */
export function printColumns(header: string[], lines: string[][], textColumns: number): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(`\n${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const line of lines) console.log(fmt(line));
}
