// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// with the SQL that takes the last migrated schema to prisma/schema.prisma. Prisma's diff needs
// a scratch PostgreSQL to replay the existing migrations into (PRISMA_CLI_DATABASE_URL,
// default postgresql://postgres@127.0.0.1:5432/postgres); nothing is applied to it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../api/db/migrate.js';
import { fail } from './cli.js';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) fail('Usage: npm run db:new-migration -- <name in snake_case>');
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const env = { ...process.env, PRISMA_CLI_DATABASE_URL: process.env.PRISMA_CLI_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' };
const sql = execFileSync(
  'npx',
  ['prisma', 'migrate', 'diff', '--from-migrations', MIGRATIONS_DIR, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { env, encoding: 'utf8' },
);
if (/^-- This is an empty migration/m.test(sql) || sql.trim() === '') fail('The schema has no changes against the migrations.', 0);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
