// `npm run token -- create --role VIEWER --name powerbi [--expires 2027-06-30]`
// `npm run token -- revoke --name powerbi` · `npm run token -- list`
// Writes to the database in DATABASE_URL; on the embedded database it refuses while the
// server runs (use the createApiToken mutation then).
import { parseArgs } from 'node:util';
import type { Actor } from '../api/domain/actor.js';
import { UserInputError } from '../api/domain/errors.js';
import { Role } from '../api/generated/prisma/enums.js';
import { createApiToken, revokeApiToken } from '../api/services/admin/token.service.js';
import { fail, withDatabase } from './cli.js';

const USAGE = `Usage:
  npm run token -- create --name <name> --role <${Object.values(Role).join('|')}> [--expires <YYYY-MM-DD>]
  npm run token -- revoke --name <name>
  npm run token -- list`;

const cli: Actor = { name: 'cli', role: 'ADMIN', idempotencyScope: 'cli' };

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, role: { type: 'string' }, expires: { type: 'string' } },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const [command] = parsed.positionals;
const { name, role, expires } = parsed.values;

if (command === 'create') {
  if (!name) fail(`--name is required.\n${USAGE}`);
  const upperRole = (role ?? '').toUpperCase();
  if (!(upperRole in Role)) fail(`--role must be one of ${Object.values(Role).join(', ')} (got "${role ?? ''}").`);
  await withDatabase(async (db) => {
    try {
      const { token, secret } = await createApiToken(db.prisma, cli, { name, role: upperRole as Role, expiresAt: expires ?? null });
      console.log(`Created ${token.role} token "${token.name}"${token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : ''}.`);
      console.log('The secret is shown only now; keep it somewhere safe:\n');
      console.log(secret);
    } catch (error) {
      if (error instanceof UserInputError) fail(error.errors.map((e) => e.message).join('\n'));
      throw error;
    }
  });
} else if (command === 'revoke') {
  if (!name) fail(`--name is required.\n${USAGE}`);
  await withDatabase(async (db) => {
    try {
      await revokeApiToken(db.prisma, cli, { name });
      console.log(`Revoked token "${name}".`);
    } catch (error) {
      if (error instanceof UserInputError) fail(error.errors.map((e) => e.message).join('\n'));
      throw error;
    }
  });
} else if (command === 'list') {
  await withDatabase(async (db) => {
    const tokens = await db.prisma.apiToken.findMany({ orderBy: { id: 'asc' } });
    for (const t of tokens) {
      const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt <= new Date() ? 'expired' : 'active';
      console.log(`${t.name.padEnd(32)} ${t.role.padEnd(8)} ${t.prefix}…  ${state}${t.expiresAt ? ` (expires ${t.expiresAt.toISOString().slice(0, 10)})` : ''}`);
    }
    if (tokens.length === 0) console.log('No tokens.');
  });
} else {
  fail(USAGE);
}
