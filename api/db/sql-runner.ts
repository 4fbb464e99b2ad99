// Runs one SQL statement with its parameters and gives its rows: the read path's only way to
// the database. On a PostgreSQL server it is a pg pool of its own, so a page costs its
// statement and nothing more; Prisma's raw query (which the embedded PGlite, with its one
// connection, keeps using) adds its engine's serialisation of every row on top.
import pg from 'pg';
import type { PrismaClient } from '../generated/prisma/client.js';

export type SqlRunner = <Row>(text: string, values: readonly unknown[]) => Promise<Row[]>;

/** Statements through Prisma's raw query: the embedded database's one connection, or a transaction's. */
export function prismaSqlRunner(prisma: Pick<PrismaClient, '$queryRawUnsafe'>): SqlRunner {
  return <Row>(text: string, values: readonly unknown[]) => prisma.$queryRawUnsafe<Row[]>(text, ...values);
}

/** Where a statement can run: a runner as it is, or a Prisma client or transaction through its raw query. */
export type SqlSource = SqlRunner | Pick<PrismaClient, '$queryRawUnsafe'>;

export function runnerOf(source: SqlSource): SqlRunner {
  return typeof source === 'function' ? source : prismaSqlRunner(source);
}

/** Runs `work` in one transaction on one connection of its own, its statements through `run`. */
export type SqlTransaction = <T>(work: (run: SqlRunner) => Promise<T>) => Promise<T>;

export interface PoolSqlRunner {
  run: SqlRunner;
  transaction: SqlTransaction;
  close(): Promise<void>;
}

/** @param onQuery told each statement's text, as Prisma's query event is (tests count statements). */
export function poolSqlRunner(options: pg.PoolConfig, onQuery?: (sql: string) => void): PoolSqlRunner {
  const pool = new pg.Pool(options);
  // An idle client's error (the server restarted) is the pool's to handle; without a listener it would crash the process.
  pool.on('error', () => {});
  return {
    run: async <Row>(text: string, values: readonly unknown[]) => {
      onQuery?.(text);
      return (await pool.query({ text, values: values as unknown[] })).rows as Row[];
    },
    transaction: async <T>(work: (run: SqlRunner) => Promise<T>): Promise<T> => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const run = async <Row>(text: string, values: readonly unknown[]) => {
          onQuery?.(text);
          return (await client.query({ text, values: values as unknown[] })).rows as Row[];
        };
        const result = await work(run);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection whose ROLLBACK fails is not handed out again.
        await client.query('ROLLBACK').catch(() => void (broken = true));
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
