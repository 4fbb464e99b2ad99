// Imports customers, contracts, open invoices or payments from a CSV or XLSX file into the
// database named by DATABASE_URL — the importRecords mutation from the command line.
//
//   npm run import -- <customers|contracts|invoices|payments> <file> [--entity US01] [--commit] [--map "Header=field" …]
//
// A dry run unless --commit. Prints the counts and every bad row; exits 1 when any row failed
// or the file was refused, 2 on a usage error.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { todayIn } from '../api/config.js';
import type { Actor } from '../api/domain/actor.js';
import type { ImportFormat, ImportKind } from '../api/import/records/types.js';
import { importRecords } from '../api/services/imports/import-records.service.js';
import { fail, withDatabase } from './cli.js';

const USAGE = `Usage: npm run import -- <customers|contracts|invoices|payments> <file.csv|file.xlsx> [options]

  --entity CODE          the entity of rows without an Entity/Subsidiary column
  --commit               write the records (without it: a dry run that only reports)
  --map "Header=field"   read the column "Header" as field (repeatable), e.g. --map "Cust No=customerCode"
  --help                 show this

The database is DATABASE_URL (default file:./data/ledgerline, the embedded one; stop the server first).`;

const KINDS: Record<string, ImportKind> = { customers: 'CUSTOMERS', contracts: 'CONTRACTS', invoices: 'INVOICES', payments: 'PAYMENTS' };
const FORMATS: Record<string, ImportFormat> = { '.csv': 'CSV', '.txt': 'CSV', '.xlsx': 'XLSX' };

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: true,
      options: { entity: { type: 'string' }, commit: { type: 'boolean' }, map: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [kindName = '', file, ...extra] = positionals;
  const kind = KINDS[kindName.toLowerCase()];
  if (!kind || !file || extra.length > 0) fail(`Give the kind (customers, contracts, invoices or payments) and one file.\n\n${USAGE}`);
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format) fail(`${file}: the file must end in .csv or .xlsx (the format is taken from the extension).`);
  const mapping = (values.map ?? []).map((entry) => {
    const at = entry.lastIndexOf('=');
    if (at <= 0 || at === entry.length - 1) fail(`--map takes "Header=field" (got "${entry}").`);
    return { header: entry.slice(0, at), field: entry.slice(at + 1) };
  });
  let content: Buffer;
  try {
    if (!(await stat(file)).isFile()) fail(`${file} is not a file.`);
    content = await readFile(file);
  } catch (error) {
    return fail(`Cannot read ${file}: ${(error as Error).message}`, 1);
  }

  return withDatabase(async (db, config) => {
    const actor: Actor = { name: 'cli', role: 'ADMIN', idempotencyScope: 'cli' };
    const dryRun = !values.commit;
    const result = await importRecords(db.prisma, actor, { kind, format, content, entityCode: values.entity ?? null, mapping, dryRun }, {
      maxBytes: config.importMaxBytes,
      today: todayIn(config.timeZone),
    });
    const ignored = result.columns.filter((c) => c.field === null).map((c) => c.header).filter((h) => h !== '');
    if (ignored.length > 0) console.log(`Columns ignored: ${ignored.join(', ')}`);
    for (const error of result.userErrors) console.error(`Refused: ${error.message}`);
    for (const row of result.rows) {
      for (const error of row.errors) console.error(`Row ${row.row}${error.column ? `, ${error.column}` : ''}: ${error.message}`);
    }
    const counts = `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged`;
    if (result.userErrors.length > 0 || result.failed > 0) {
      const failed = result.failed > 0 ? `${result.failed} of ${result.rows.length} rows failed; the others would be ${counts}` : 'the file was refused';
      console.log(`${dryRun ? 'Dry run' : 'Nothing imported'}: ${failed}.`);
      return 1;
    }
    console.log(dryRun ? `Dry run (nothing written; add --commit to import): would be ${counts}.` : `Imported: ${counts}.`);
    return 0;
  });
}

process.exit(await main(process.argv.slice(2)));
