// Writing an export: one server-side cursor per export, read in batches inside one read-only
// transaction, each batch written only once the client has taken the previous one ('drain'),
// so memory stays at one batch whatever the row count. A client that goes away, or stops
// reading for too long, ends the cursor and its transaction: the loop stops at its next write
// and the transaction is rolled back.
import type http from 'node:http';
import { Prisma } from '../generated/prisma/client.js';
import type { SqlTransaction } from '../db/sql-runner.js';
import type { Db } from '../services/db-types.js';
import type { OrderKey } from './row-datasets.js';

export const EXPORT_LIMITS = {
  /** Rows per FETCH: about 0.3–1 MB of text. */
  batchRows: 2000,
  /**
   * A full garbage collection after about this much text, where the process allows one
   * (`node --expose-gc`, as `npm start` runs it): a batch's rows and strings outlive a
   * young-generation collection while they are written, so V8 promotes them and, left to
   * itself, let the heap grow by ~250 MB over a 1M-row export before collecting. Every 16 MB:
   * peak RSS ~235 MB instead of ~450, for about 11 collections in a 1M-row export.
   */
  collectEveryChars: 16 * 1024 * 1024,
  /**
   * A client that takes nothing for this long is cut off: its transaction holds a connection —
   * on embedded PGlite the only session, so every other request waits meanwhile.
   */
  stallMs: 30_000,
  /** The whole export's transaction (a 1M-row export takes about a minute here). */
  maxMs: 30 * 60_000,
  /** Waiting for a connection from the pool. */
  maxWaitMs: 10_000,
} as const;

/** The client closed the connection or stopped reading: nothing more can be sent. */
export class ClientGone extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ClientGone';
  }
}

/** Writes to a response, resolving when it may be written again. */
export class ResponseSink {
  private closed = false;
  private readonly waiters = new Set<(error?: Error) => void>();

  constructor(private readonly res: http.ServerResponse, private readonly stallMs = EXPORT_LIMITS.stallMs) {
    res.once('close', () => {
      this.closed = true;
      for (const wake of this.waiters) wake(new ClientGone('the client closed the connection'));
    });
  }

  get gone(): boolean {
    return this.closed || this.res.destroyed;
  }

  async write(chunk: string): Promise<void> {
    if (this.gone) throw new ClientGone('the client closed the connection');
    if (this.res.write(chunk)) return;
    await new Promise<void>((resolve, reject) => {
      const wake = (error?: Error) => {
        clearTimeout(timer);
        this.res.off('drain', onDrain);
        this.waiters.delete(wake);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => wake();
      const timer = setTimeout(() => {
        wake(new ClientGone(`the client read nothing for ${this.stallMs / 1000} s`));
        this.res.destroy();
      }, this.stallMs);
      this.waiters.add(wake);
      this.res.once('drain', onDrain);
    });
  }
}

/** What a row export reads: `line`, one text per row, over `from` … `where`, in `order`. */
export interface RowSelect {
  line: Prisma.Sql;
  from: Prisma.Sql;
  where: readonly Prisma.Sql[];
  order: readonly OrderKey[];
}

let cursors = 0;
/** `global.gc` when the process was started with --expose-gc. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** The export's one statement: its lines in order. */
function selectSql(select: RowSelect): Prisma.Sql {
  const order = Prisma.join(select.order.map((key) => Prisma.sql`${key.sql} ${Prisma.raw(key.descending ? 'DESC' : 'ASC')}`));
  return Prisma.sql`SELECT ${select.line} AS line FROM ${select.from}
    ${select.where.length > 0 ? Prisma.sql`WHERE ${Prisma.join(select.where, ' AND ')}` : Prisma.empty} ORDER BY ${order}`;
}

/** The statements of an export's transaction: `exec` for those without rows. */
interface ExportStatements {
  exec(sql: Prisma.Sql): Promise<unknown>;
  lines(text: string): Promise<{ line: string }[]>;
}

/**
 * Streams the lines of `select` through one server-side cursor, a batch at a time. `start` is
 * called once the first batch is read (so an error in the statement is still answered before
 * any byte is sent); returns the number of rows written. With `transaction` (a pg connection of
 * its own, on a PostgreSQL server) the rows come straight from the driver; without, through
 * Prisma's interactive transaction (embedded PGlite).
 */
export async function streamBatches(prisma: Db, options: {
  select: RowSelect;
  today: string;
  sink: ResponseSink;
  start(): Promise<void> | void;
  transaction?: SqlTransaction | null;
  batchRows?: number;
}): Promise<number> {
  if (options.transaction) {
    return options.transaction((run) => streamInTransaction({
      exec: (sql) => run(sql.text, sql.values),
      lines: (text) => run<{ line: string }>(text, []),
    }, options));
  }
  return prisma.$transaction((tx) => streamInTransaction({
    exec: (sql) => tx.$executeRaw(sql),
    lines: (text) => tx.$queryRawUnsafe<{ line: string }[]>(text),
  }, options), { maxWait: EXPORT_LIMITS.maxWaitMs, timeout: EXPORT_LIMITS.maxMs });
}

async function streamInTransaction(statements: ExportStatements, options: {
  select: RowSelect;
  today: string;
  sink: ResponseSink;
  start(): Promise<void> | void;
  batchRows?: number;
}): Promise<number> {
  const batch = options.batchRows ?? EXPORT_LIMITS.batchRows;
  const cursor = `ledgerline_export_${(cursors = (cursors + 1) % 1_000_000)}`;
  const started = Date.now();
  await statements.exec(Prisma.sql`SET TRANSACTION READ ONLY`);
  // DateStyle ISO: dates are written as their own text (dateSql in sql-format.ts).
  await statements.exec(Prisma.sql`SELECT set_config('ledgerline.today', ${options.today}, true), set_config('DateStyle', 'ISO', true)`);
  await statements.exec(Prisma.sql`DECLARE ${Prisma.raw(cursor)} NO SCROLL CURSOR FOR ${selectSql(options.select)}`);
  let rows = 0;
  let written = 0;
  for (let first = true; ; first = false) {
    if (Date.now() - started > EXPORT_LIMITS.maxMs) throw new Error(`An export ran longer than ${EXPORT_LIMITS.maxMs / 60_000} minutes and was ended.`);
    const lines = await statements.lines(`FETCH ${batch} FROM ${cursor}`);
    if (first) await options.start();
    let chunk = '';
    for (const { line } of lines) chunk += line;
    if (chunk) await options.sink.write(chunk);
    rows += lines.length;
    written += chunk.length;
    if (written >= EXPORT_LIMITS.collectEveryChars) {
      written = 0;
      collectGarbage?.();
    }
    if (lines.length < batch) break;
  }
  await statements.exec(Prisma.sql`CLOSE ${Prisma.raw(cursor)}`);
  return rows;
}
