// `npm run bench [-- --sizes 100000,1000000 --pglite 100000 --currency EUR --only reports,addin,http,exports,delivery,imports]`
// Checks that the API and hand-written SQL on the same data give the same figures in the
// reporting currency asked (default the base currency), then prints each operation's median
// time through both in the same run and their ratio; and the add-in's pull of 50,000 invoice
// rows into the fake workbook and push of 5,000 KPI target edits (on PostgreSQL 100k and
// PGlite). PostgreSQL datasets are seeded once into databases named ledgerline_bench_<size> on
// BENCH_DATABASE_URL's server and reused.
// On PostgreSQL datasets it also runs the API over HTTP against the floor server under load
// (http, on --http-sizes, default 100k) and times the CSV export against psql's \copy
// (exports, on --export-sizes, default 100k and 1M); see bench/http.bench.ts and
// bench/exports.bench.ts. delivery: a billing run of --delivery-invoices (default 5,000) invoices
// mailed through the outbox to an in-process SMTP server, against the run alone, on PGlite and
// the server (bench/delivery.bench.ts). imports: --import-invoices (default 100,000) open invoices
// from a NetSuite-style CSV and a camt.053 of --bank-entries (default 10,000) entries, each through
// the server's POST endpoint against hand-written COPY/INSERT of the same rows, on scratch
// databases (bench/import-records.bench.ts, bench/bank-import.bench.ts). --only picks the parts.
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { isCurrencyCode } from '../api/domain/money/currencies.js';
import { BENCH_BASE_CURRENCY, FiguresDiffer, pgliteDataset, postgresDataset, printTable, type BenchOptions, type Dataset, type Row } from './harness.js';
import { benchAddin } from './addin.bench.js';
import { benchDelivery, printDeliveryTable, type DeliveryBenchRow } from './delivery.bench.js';
import { benchExports, printExportTable, type ExportRow } from './exports.bench.js';
import { benchBankImport } from './bank-import.bench.js';
import { printImportTable, type ImportBenchRow } from './import-bench-row.js';
import { benchRecordsImport } from './import-records.bench.js';
import { benchHttp, printHttpTable, type HttpRow } from './http.bench.js';
import { benchKpis } from './kpis.bench.js';
import { benchReceivables } from './receivables.bench.js';
import { scratchDatabase } from '../test/support/databases.js';

const PARTS = ['reports', 'addin', 'http', 'exports', 'delivery', 'imports'] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    pglite: { type: 'string', default: '100000' },
    currency: { type: 'string', default: BENCH_BASE_CURRENCY },
    only: { type: 'string', default: PARTS.join(',') },
    'http-sizes': { type: 'string', default: '100000' },
    'import-invoices': { type: 'string', default: '100000' },
    'bank-entries': { type: 'string', default: '10000' },
    'http-rounds': { type: 'string', default: '3' },
    'http-seconds': { type: 'string', default: '5' },
    'http-warmup': { type: 'string', default: '2' },
    'http-connections': { type: 'string', default: '4' },
    'http-queries': { type: 'string', default: '' },
    'export-sizes': { type: 'string', default: '100000,1000000' },
    'export-runs': { type: 'string', default: '3' },
    'delivery-invoices': { type: 'string', default: '5000' },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const counts = (text: string) => text.split(',').filter(Boolean).map(Number);
const sizes = counts(values.sizes);
const pgliteSizes = counts(values.pglite);
const httpSizes = counts(values['http-sizes']);
const exportSizes = counts(values['export-sizes']);
if ([...sizes, ...pgliteSizes, ...httpSizes, ...exportSizes].some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error('--sizes, --pglite, --http-sizes and --export-sizes take comma-separated invoice counts, e.g. --sizes 100000,1000000');
  process.exit(2);
}
const only = values.only.split(',').map((p) => p.trim()).filter(Boolean);
if (only.length === 0 || only.some((p) => !PARTS.includes(p as Part))) {
  console.error(`--only takes a comma-separated list of ${PARTS.join(', ')}; got ${values.only}`);
  process.exit(2);
}
const runs = (part: Part) => only.includes(part);
const whole = (name: keyof typeof values, min: number) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} takes a whole number of at least ${min}; got ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const http = {
  rounds: whole('http-rounds', 1),
  seconds: whole('http-seconds', 1),
  warmupSeconds: whole('http-warmup', 0),
  connections: whole('http-connections', 1),
  only: values['http-queries'] ? values['http-queries'].split(',') : undefined,
};
const exportRuns = whole('export-runs', 1);
const deliveryInvoices = whole('delivery-invoices', 1);
const importInvoices = whole('import-invoices', 1);
const bankEntries = whole('bank-entries', 1);
const options: BenchOptions = { currency: values.currency.toUpperCase() };
if (!isCurrencyCode(options.currency)) {
  console.error(`--currency takes an ISO 4217 code, e.g. --currency EUR; got ${values.currency}`);
  process.exit(2);
}
// The token the API servers started by the http and exports parts accept (never stored).
const adminToken = `bench-${crypto.randomBytes(12).toString('hex')}`;

const suites: ((data: Dataset, options: BenchOptions) => Promise<Row[]>)[] = [benchReceivables, benchKpis];
const rows: Row[] = [];
const httpRows: HttpRow[] = [];
const exportRows: ExportRow[] = [];
const datasets: { size: number; server: boolean; open: () => Promise<Dataset> }[] = [
  ...sizes.map((n) => ({ size: n, server: true, open: () => postgresDataset(serverUrl, n) })),
  ...pgliteSizes.map((n) => ({ size: n, server: false, open: () => pgliteDataset(n) })),
];
/** Runs one part; a check that fails stops that part on this dataset, says why, and fails the run. */
async function part(data: Dataset, name: Part, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof FiguresDiffer)) throw error;
    console.error(`\n${data.label}, ${name} — ${error.message}\nNo timings for it: a ratio means nothing unless both sides give the same answer.`);
    process.exitCode = 1;
  }
}

for (const { size, server, open } of datasets) {
  const wantHttp = runs('http') && server && httpSizes.includes(size);
  const wantExports = runs('exports') && server && exportSizes.includes(size);
  const wantAddin = runs('addin') && (size === 100_000 || !server);
  if (!runs('reports') && !wantHttp && !wantExports && !wantAddin) continue;
  const data = await open();
  try {
    if (runs('reports')) await part(data, 'reports', async () => {
      for (const suite of suites) rows.push(...(await suite(data, options)));
    });
    // The add-in's figures are throughputs, not ratios: printed as they are measured.
    if (wantAddin) await part(data, 'addin', async () => void (await benchAddin(data)));
    // The servers under load run in child processes of their own on the dataset's database.
    const servers = { databaseUrl: data.db.connectionString, datasetLabel: data.label, adminToken };
    if (wantHttp) await part(data, 'http', async () => void httpRows.push(...(await benchHttp({ ...servers, ...http }))));
    if (wantExports) await part(data, 'exports', async () => void exportRows.push(...(await benchExports({ ...servers, runs: exportRuns }))));
  } finally {
    await data.close();
  }
}
const deliveryRows: DeliveryBenchRow[] = [];
if (runs('delivery')) {
  deliveryRows.push(await benchDelivery({ label: 'PGlite', databaseUrl: 'memory://', invoices: deliveryInvoices }));
  const scratch = await scratchDatabase(serverUrl, 'ledgerline_bench_delivery');
  deliveryRows.push(await benchDelivery({ label: 'PostgreSQL', databaseUrl: scratch.url, invoices: deliveryInvoices, drop: scratch.drop }));
}
const importRows: ImportBenchRow[] = [];
if (runs('imports')) {
  for (const run of [(url: string) => benchRecordsImport({ databaseUrl: url, invoices: importInvoices }), (url: string) => benchBankImport({ databaseUrl: url, entries: bankEntries })]) {
    const scratch = await scratchDatabase(serverUrl, 'ledgerline_bench_imports');
    try {
      importRows.push(await run(scratch.url));
    } finally {
      await scratch.drop();
    }
  }
}
// Only what passed its checks is in the tables.
if (rows.length > 0) printTable(rows);
printDeliveryTable(deliveryRows);
printHttpTable(httpRows);
printExportTable(exportRows);
printImportTable(importRows);
