// The embedded database: PGlite (PostgreSQL in WebAssembly) behind a loopback socket, so the
// runtime uses the very driver adapter and SQL that a PostgreSQL server gets.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  /** A postgresql:// URL for the socket on 127.0.0.1. */
  connectionString: string;
  /** The data directory, or null for memory:// */
  dataDir: string | null;
  /** The data directory as a tarball (PGlite's dumpDataDir), for loadDataDir. */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

/** `file:./data/x` → absolute directory; `memory://` → null. */
export function embeddedDataDir(databaseUrl: string): string | null {
  if (databaseUrl.startsWith('memory://')) return null;
  return path.resolve(databaseUrl.replace(/^file:(\/\/)?/, ''));
}

export function isEmbeddedUrl(databaseUrl: string): boolean {
  return databaseUrl.startsWith('file:') || databaseUrl.startsWith('memory://');
}

/**
 * `loadDataDir`: a dump (PGlite's dumpDataDir) to start an in-memory database from instead of an
 * empty one — a new PGlite runs initdb (2–4 s), loading a dump takes about half a second; the
 * tests start each file's database from one migrated dump.
 */
export async function startEmbeddedPostgres(databaseUrl: string, options: { loadDataDir?: Blob } = {}): Promise<EmbeddedPostgres> {
  const dataDir = embeddedDataDir(databaseUrl);
  const release = dataDir ? takeDataDirLock(dataDir) : () => {};
  try {
    const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
    const port = await freePort();
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 16 });
    await server.start();
    return {
      connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
      dataDir,
      dump: () => db.dumpDataDir('none'),
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * PGlite allows one process per data directory. Whoever opens it (the server or a command
 * line tool) holds a pid file; a second opener is refused while that process lives.
 */
export function takeDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockFile, 'utf8'));
      if (holder && (holder === process.pid || processIsAlive(holder))) {
        throw new Error(
          `The embedded database ${dataDir} is in use by process ${holder} (a running Ledgerline server?). ` +
            'Stop that process first, or do this through the running server (e.g. the createApiToken mutation).',
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock the embedded database ${dataDir}.`);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
