// The per-request context: the database, the configuration and who is calling.
import type { Config } from './config.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { Role } from './generated/prisma/enums.js';

export interface Actor {
  /** Token name (or "admin-token" for LEDGERLINE_ADMIN_TOKEN); recorded in audit records. */
  name: string;
  role: Role;
  /** Scopes idempotency keys: one token's keys never collide with another's. */
  idempotencyScope: string;
}

export interface Context {
  prisma: PrismaClient;
  config: Config;
  actor: Actor;
  /** Today's business date in LEDGERLINE_TIMEZONE. */
  today: string;
}

export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, ANALYST: 1, AR: 2, ADMIN: 3 };

export function hasRole(actor: Actor, required: Role): boolean {
  return ROLE_RANK[actor.role] >= ROLE_RANK[required];
}
