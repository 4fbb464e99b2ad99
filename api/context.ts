// The per-request context: the database, the configuration and who is calling.
import type { Config } from './config.js';
import type { SqlRunner } from './db/sql-runner.js';
import type { Actor } from './domain/actor.js';
import type { PrismaClient } from './generated/prisma/client.js';

export interface Context {
  prisma: PrismaClient;
  /** Runs the read path's one-statement reads. */
  sql: SqlRunner;
  config: Config;
  actor: Actor;
  /** Today's business date in LEDGERLINE_TIMEZONE. */
  today: string;
}
