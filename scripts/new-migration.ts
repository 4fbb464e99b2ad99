// `npm run db:new-migration -- <name> [--from <git revision>]`: writes
// prisma/migrations/<timestamp>_<name>/migration.sql with the SQL that takes the schema at the
// revision (default HEAD, i.e. before your uncommitted edit of prisma/schema.prisma) to the
// working copy. Datamodel-to-datamodel diffs need no database introspection, which Prisma's
// Wasm engine cannot do here (prisma/orm#27403); the CLI still wants a reachable PostgreSQL
// (PRISMA_CLI_DATABASE_URL, default the local server), to which nothing is written.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIGRATIONS_DIR } from '../api/db/migrate.js';
import { fail } from './cli.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { from: { type: 'string', default: 'HEAD' } } });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) fail('Usage: npm run db:new-migration -- <name in snake_case> [--from <git revision>]');
const previous = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-')), 'schema.prisma');
fs.writeFileSync(previous, execFileSync('git', ['show', `${values.from}:prisma/schema.prisma`], { encoding: 'utf8' }));
const env = { ...process.env, PRISMA_CLI_DATABASE_URL: process.env.PRISMA_CLI_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' };
const sql = execFileSync(
  'npx',
  ['prisma', 'migrate', 'diff', '--from-schema-datamodel', previous, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { env, encoding: 'utf8' },
);
if (/^-- This is an empty migration/m.test(sql) || sql.trim() === '') fail('prisma/schema.prisma has no changes against that revision.', 0);
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
