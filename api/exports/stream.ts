// Writing an export: one server-side cursor per export, read in batches inside one read-only
// transaction, each batch written only once the client has taken the previous one ('drain'),
// so memory stays at one batch whatever the row count. A client that goes away, or stops
// reading for too long, ends the cursor and its transaction: the loop stops at its next write
// and the transaction is rolled back.
import type http from 'node:http';
import { Prisma } from '../generated/prisma/client.js';
import type { Db } from '../services/db-types.js';

export const EXPORT_LIMITS = {
  /** Rows per FETCH: about 0.3–1 MB of text per batch. */
  batchRows: 2000,
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

let cursors = 0;

/**
 * Streams the text column `line` of `query` through a cursor. `start` is called once the first
 * batch is read (so an error in the statement is still answered before any byte is sent);
 * returns the number of rows written.
 */
export async function streamCursor(prisma: Db, options: {
  query: Prisma.Sql;
  today: string;
  sink: ResponseSink;
  start(): Promise<void> | void;
  batchRows?: number;
}): Promise<number> {
  const batch = options.batchRows ?? EXPORT_LIMITS.batchRows;
  const cursor = `ledgerline_export_${(cursors = (cursors + 1) % 1_000_000)}`;
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe('SET TRANSACTION READ ONLY');
    await tx.$queryRaw`SELECT set_config('ledgerline.today', ${options.today}, true)`;
    await tx.$executeRaw(Prisma.sql`DECLARE ${Prisma.raw(cursor)} NO SCROLL CURSOR FOR ${options.query}`);
    let rows = 0;
    for (let first = true; ; first = false) {
      const lines = await tx.$queryRawUnsafe<{ line: string }[]>(`FETCH ${batch} FROM ${cursor}`);
      if (first) await options.start();
      if (lines.length > 0) {
        let chunk = '';
        for (const { line } of lines) chunk += line;
        await options.sink.write(chunk);
        rows += lines.length;
      }
      if (lines.length < batch) break;
    }
    await tx.$executeRawUnsafe(`CLOSE ${cursor}`);
    return rows;
  }, { maxWait: EXPORT_LIMITS.maxWaitMs, timeout: EXPORT_LIMITS.maxMs });
}
