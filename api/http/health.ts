// GET /health: proves the database answers (PGlite's socket queue can wedge; this shows it).
import type http from 'node:http';
import type { Database } from '../db/database.js';

const DATABASE_TIMEOUT_MS = 5000;

export async function health(db: Database, res: http.ServerResponse): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${DATABASE_TIMEOUT_MS / 1000} s`)), DATABASE_TIMEOUT_MS);
  });
  try {
    await Promise.race([db.prisma.$queryRaw`SELECT 1`, timeout]);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  } catch (error) {
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', error: (error as Error).message }));
  } finally {
    clearTimeout(timer);
  }
}
