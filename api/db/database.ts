// Opens the database named by a URL — embedded PGlite (`file:` / `memory://`) or a PostgreSQL
// server (`postgresql://`) — migrates it, and returns one Prisma client over @prisma/adapter-pg.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { isEmbeddedUrl, startEmbeddedPostgres } from './embedded.js';
import { applyMigrations } from './migrate.js';
import { poolSqlRunner, prismaSqlRunner, type SqlRunner, type SqlTransaction } from './sql-runner.js';

export type Prisma = PrismaClient;

/**
 * PostgreSQL's JIT compiles any query whose estimated cost passes jit_above_cost; for our
 * aggregate reports compiling costs several times what running them does and buys nothing.
 * Sessions run with it off.
 */
export const SESSION_OPTIONS = '-c jit=off';

export interface Database {
  prisma: PrismaClient;
  /** Runs the read path's statements (./sql-runner.ts). */
  sql: SqlRunner;
  /**
   * A transaction on a pg connection of its own, for exports (null on embedded PGlite, whose one
   * connection is Prisma's): their rows never pass through Prisma's query engine.
   */
  sqlTransaction: SqlTransaction | null;
  /** The postgresql:// URL actually connected to (the loopback socket for PGlite). */
  connectionString: string;
  embedded: boolean;
  /** Migrations applied by this open. */
  migrated: string[];
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Connections in the pool for a PostgreSQL server (default 10); embedded PGlite uses 1. */
  poolSize?: number;
  migrate?: boolean;
  /** Log every SQL statement to this callback (tests count statements with it). */
  onQuery?: (sql: string) => void;
  /** memory:// only: start from this data directory dump (the tests' migrated template). */
  embeddedTemplate?: Blob;
}

export async function openDatabase(databaseUrl: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const embedded = isEmbeddedUrl(databaseUrl);
  if (!embedded && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error(`DATABASE_URL "${databaseUrl}" is not supported; use file:<dir> or memory:// (embedded) or postgresql://… (a server).`);
  }
  const pglite = embedded ? await startEmbeddedPostgres(databaseUrl, { loadDataDir: options.embeddedTemplate }) : null;
  const connectionString = pglite?.connectionString ?? databaseUrl;
  try {
    const migrated = options.migrate === false ? [] : await applyMigrations(connectionString);
    // PGlite is a single PostgreSQL session: the socket multiplexes connections over it, and a
    // read from one connection issued while another is inside a transaction was seen to miss
    // rows committed just before. One connection makes the embedded mode plainly serial.
    const adapter = new PrismaPg({ connectionString, max: embedded ? 1 : (options.poolSize ?? 10), options: SESSION_OPTIONS });
    const prisma = new PrismaClient({
      adapter,
      log: options.onQuery ? [{ emit: 'event', level: 'query' }] : [],
    });
    if (options.onQuery) {
      const onQuery = options.onQuery;
      (prisma as unknown as { $on(event: 'query', cb: (e: { query: string }) => void): void }).$on('query', (e) => onQuery(e.query));
    }
    await prisma.$connect();
    const pool = embedded ? null : poolSqlRunner({ connectionString, max: options.poolSize ?? 10, options: SESSION_OPTIONS }, options.onQuery);
    return {
      prisma,
      sql: pool?.run ?? prismaSqlRunner(prisma),
      sqlTransaction: pool?.transaction ?? null,
      connectionString,
      embedded,
      migrated,
      async close() {
        await pool?.close();
        await prisma.$disconnect();
        await pglite?.stop();
      },
    };
  } catch (error) {
    await pglite?.stop();
    throw error;
  }
}
