// `npm run bench [-- --sizes 100000,1000000 --pglite 100000 --currency EUR]`
// Checks that the API and hand-written SQL on the same data give the same figures in the
// reporting currency asked (default the base currency), then prints each operation's median
// time through both in the same run and their ratio; and the add-in's pull of 50,000 invoice
// rows into the fake workbook and push of 5,000 KPI target edits (on PostgreSQL 100k and
// PGlite). PostgreSQL datasets are seeded once into databases named ledgerline_bench_<size> on
// BENCH_DATABASE_URL's server and reused.
import { parseArgs } from 'node:util';
import { isCurrencyCode } from '../api/domain/money/currencies.js';
import { BENCH_BASE_CURRENCY, FiguresDiffer, pgliteDataset, postgresDataset, printTable, type BenchOptions, type Dataset, type Row } from './harness.js';
import { benchAddin } from './addin.bench.js';
import { benchKpis } from './kpis.bench.js';
import { benchReceivables } from './receivables.bench.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    pglite: { type: 'string', default: '100000' },
    currency: { type: 'string', default: BENCH_BASE_CURRENCY },
  },
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const sizes = values.sizes.split(',').filter(Boolean).map(Number);
const pgliteSizes = values.pglite.split(',').filter(Boolean).map(Number);
if ([...sizes, ...pgliteSizes].some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error('--sizes and --pglite take comma-separated invoice counts, e.g. --sizes 100000,1000000');
  process.exit(2);
}
const options: BenchOptions = { currency: values.currency.toUpperCase() };
if (!isCurrencyCode(options.currency)) {
  console.error(`--currency takes an ISO 4217 code, e.g. --currency EUR; got ${values.currency}`);
  process.exit(2);
}

const suites: ((data: Dataset, options: BenchOptions) => Promise<Row[]>)[] = [benchReceivables, benchKpis];
const rows: Row[] = [];
const datasets: (() => Promise<Dataset>)[] = [
  ...sizes.map((n) => () => postgresDataset(serverUrl, n)),
  ...pgliteSizes.map((n) => () => pgliteDataset(n)),
];
for (const open of datasets) {
  const data = await open();
  try {
    for (const suite of suites) rows.push(...(await suite(data, options)));
    // The add-in's figures are throughputs, not ratios: printed as they are measured.
    if (data.label.startsWith('PostgreSQL 100,000') || data.label.startsWith('PGlite')) await benchAddin(data);
  } catch (error) {
    if (!(error instanceof FiguresDiffer)) throw error;
    console.error(`\n${data.label} — ${error.message}\nNo timings: a ratio means nothing unless both sides give the same figures.`);
    process.exitCode = 1;
    break;
  } finally {
    await data.close();
  }
}
if (!process.exitCode) printTable(rows);
