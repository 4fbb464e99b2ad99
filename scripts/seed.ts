// Loads the demo book into the database named by DATABASE_URL (default: the embedded one).
//
//   npm run seed -- [--invoices N] [--customers N] [--seed N] [--today YYYY-MM-DD] [--reset]
//
// The embedded data directory is locked while a server runs; this refuses then, as it refuses
// a database that already has entities unless --reset (which replaces the book atomically).
import { parseArgs } from 'node:util';
import { loadConfig, todayIn } from '../api/config.js';
import { openDatabase, type Database } from '../api/db/database.js';
import { isEmbeddedUrl } from '../api/db/embedded.js';
import { isValidIsoDate } from '../api/domain/dates.js';
import { DEFAULT_DEMO_INVOICES, DEFAULT_DEMO_SEED, defaultCustomerCount, seedDemoData } from '../api/seed/demo-data.js';
import { seedDemoPortfolio } from '../api/seed/demo-portfolio.js';

const USAGE = `Usage: npm run seed -- [--invoices N] [--customers N] [--seed N] [--today YYYY-MM-DD] [--reset]

  --invoices N         invoices to generate over 24 months (default ${DEFAULT_DEMO_INVOICES})
  --customers N        customers (default 150 per 20,000 invoices, at least 150; at least 4)
  --seed N             random seed; the same seed and today give the same book (default ${DEFAULT_DEMO_SEED})
  --today YYYY-MM-DD   the date the book ends on (default: today in LEDGERLINE_TIMEZONE)
  --reset              replace the ledger of a database that already has one
                       (API tokens, users and migrations are kept)
  --help               show this

The database is DATABASE_URL (default file:./data/ledgerline, the embedded one).`;

interface SeedOptions {
  invoices: number;
  customers?: number;
  seed: number;
  today?: string;
  reset: boolean;
}

class UsageError extends Error {}

function wholeNumber(value: string | undefined, flag: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.replaceAll('_', '').replaceAll(',', '');
  const n = /^\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${flag} takes a whole number of at least ${min} (got "${value}").`);
  return n;
}

function parseSeedArgs(argv: string[]): SeedOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        invoices: { type: 'string' },
        customers: { type: 'string' },
        seed: { type: 'string' },
        today: { type: 'string' },
        reset: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  if (values.today !== undefined && !isValidIsoDate(values.today)) {
    throw new UsageError(`--today takes a calendar date YYYY-MM-DD, e.g. 2026-11-25 (got "${values.today}").`);
  }
  return {
    invoices: wholeNumber(values.invoices, 'invoices', 1) ?? DEFAULT_DEMO_INVOICES,
    customers: wholeNumber(values.customers, 'customers', 4),
    seed: wholeNumber(values.seed, 'seed', 0) ?? DEFAULT_DEMO_SEED,
    today: values.today,
    reset: values.reset ?? false,
  };
}

/** The URL without its password, for messages. */
function describeUrl(url: string): string {
  try {
    if (!/^postgres(ql)?:/.test(url)) return url;
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

async function main(argv: string[]): Promise<number> {
  let options: SeedOptions | 'help';
  try {
    options = parseSeedArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const today = options.today ?? todayIn(config.timeZone);
  const where = describeUrl(config.databaseUrl);
  const started = Date.now();
  let db: Database;
  try {
    db = await openDatabase(config.databaseUrl, { poolSize: 2 });
  } catch (error) {
    console.error(`Cannot open ${where}: ${(error as Error).message}`);
    if (isEmbeddedUrl(config.databaseUrl)) {
      console.error('Seeding needs the embedded database to itself: stop the server, seed, then start the server again.');
    }
    return 1;
  }
  try {
    const [{ n: entities } = { n: 0 }] = await db.prisma.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM entity');
    if (entities > 0 && !options.reset) {
      console.error(`${where} already has ${entities} entities; nothing was written. Add --reset to replace its ledger with the demo book (API tokens and users are kept).`);
      return 1;
    }
    const customers = options.customers ?? defaultCustomerCount(options.invoices);
    console.log(
      `Seeding ${where}: ${options.invoices} invoices, ${customers} customers, seed ${options.seed}, today ${today}${entities > 0 ? ' (replacing the existing ledger)' : ''}`,
    );
    const seedStarted = Date.now();
    const summary = await seedDemoData(db.prisma, {
      today,
      baseCurrency: config.baseCurrency,
      invoices: options.invoices,
      customers,
      seed: options.seed,
      reset: options.reset,
      onProgress: (message) => console.log(`  ${message}`),
    });
    const portfolio = await seedDemoPortfolio(db.prisma, { today, reset: options.reset });
    const seconds = ((Date.now() - seedStarted) / 1000).toFixed(1);
    console.log(
      `Done in ${seconds} s (${((Date.now() - started) / 1000).toFixed(1)} s with opening the database): ` +
        `${summary.entities} entities, ${summary.customers} customers, ${summary.invoices} invoices, ` +
        `${summary.payments} payments, ${summary.activities} collection activities; ` +
        `${portfolio.projects} projects, ${portfolio.targets} KPI targets.`,
    );
    return 0;
  } catch (error) {
    console.error(`Seeding ${where} failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await db.close();
  }
}

process.exit(await main(process.argv.slice(2)));
