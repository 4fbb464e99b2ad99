// Starts the whole product: database (migrated, demo data on a new one), the GraphQL API at
// /graphql, the add-in's files, and /health — over HTTPS unless LEDGERLINE_TLS=off.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { todayIn, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { seedDemoData } from './seed/demo-data.js';
import { seedDemoPortfolio } from './seed/demo-portfolio.js';
import { bootstrapAdminToken } from './services/admin/bootstrap.js';
import { handleExport } from './export.js';
import { developmentCertificate } from './tls.js';
import { buildYoga } from './yoga.js';

export const ADDIN_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../addin/dist');

export interface RunningApp {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function startApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<RunningApp> {
  const db = await openDatabase(config.databaseUrl);
  try {
    const isNew = db.migrated.length > 0 && (await db.prisma.entity.count()) === 0;
    if (isNew && config.demoData) {
      const started = Date.now();
      const today = todayIn(config.timeZone);
      const book = await seedDemoData(db.prisma, { today, baseCurrency: config.baseCurrency });
      const portfolio = await seedDemoPortfolio(db.prisma, { today });
      logger.info({ ...book, ...portfolio, ms: Date.now() - started }, 'demo data loaded');
    }
    // PGlite runs without autovacuum, so nothing else gathers planner statistics there.
    if (db.embedded || isNew) await db.prisma.$executeRawUnsafe('ANALYZE');
    const yoga = buildYoga({ prisma: db.prisma, config, logger });
    const handler: http.RequestListener = (req, res) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (pathname === '/graphql') return void yoga(req, res);
      if (pathname === '/health') return void health(db, res);
      if (pathname.startsWith('/export/')) {
        return void handleExport(req, res, db.prisma, config).catch((error: unknown) => {
          logger.error({ err: error }, 'export failed');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end();
        });
      }
      serveStatic(pathname, res);
    };
    const tls = config.tls ? await developmentCertificate() : null;
    const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, resolve);
    });
    const { port } = server.address() as { port: number };
    const url = `${tls ? 'https' : 'http'}://localhost:${port}/graphql`;
    // Only once the server listens: a start that fails must not create a token nobody saw.
    const bootstrap = await bootstrapAdminToken(db.prisma, config);
    if (bootstrap) {
      // Printed once, at the first start of a new database: the only time the secret is shown.
      console.log(`\nAn ADMIN token was created for this new database (shown only now):\n\n  ${bootstrap}\n\nUse it as "Authorization: Bearer <token>".\n`);
    }
    return {
      url,
      db,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Proves the database answers (PGlite's socket queue can wedge; a health check shows it). */
async function health(db: Database, res: http.ServerResponse): Promise<void> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('database did not answer within 5 s')), 5000).unref());
  try {
    await Promise.race([db.prisma.$queryRaw`SELECT 1`, timeout]);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
  } catch (error) {
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', error: (error as Error).message }));
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.map': 'application/json',
};

function serveStatic(pathname: string, res: http.ServerResponse): void {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = path.resolve(ADDIN_DIST, relative);
  if (!file.startsWith(ADDIN_DIST + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found. The API is at /graphql.');
    return;
  }
  res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}
