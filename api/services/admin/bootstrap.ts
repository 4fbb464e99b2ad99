// A newcomer can use GraphiQL at once: when no LEDGERLINE_ADMIN_TOKEN is set and the database
// has no tokens yet, an ADMIN token is created and its secret returned (to be printed once).
import type { Config } from '../../config.js';
import type { Db } from '../db-types.js';
import { createApiToken } from './token.service.js';

export async function bootstrapAdminToken(prisma: Db, config: Config): Promise<string | null> {
  if (config.adminToken) return null;
  if ((await prisma.apiToken.count()) > 0) return null;
  const { secret } = await createApiToken(prisma, { name: 'system', role: 'ADMIN', idempotencyScope: 'system' }, { name: 'admin', role: 'ADMIN' });
  return secret;
}
