// Starts the whole product: database (migrated, demo data on a new one), the GraphQL API at
// /graphql, the add-in's files, and /health — over HTTPS unless LEDGERLINE_TLS=off.
import http from 'node:http';
import https from 'node:https';
import pino, { type Logger } from 'pino';
import { todayIn, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { bootstrapAdminToken } from './services/admin/bootstrap.js';
import { completeFirstStart } from './services/admin/installation.js';
import { capConnections, requestHandler, SERVER_TIMEOUTS } from './http/boundary.js';
import { developmentCertificate } from './tls.js';
import { buildYoga } from './yoga.js';
import { createDeliveryWorker } from './delivery/worker.js';
import { configureOutbox } from './delivery/outbox.js';

export interface RunningApp {
  url: string;
  db: Database;
  close(): Promise<void>;
}

export async function startApp(config: Config, logger: Logger = pino({ level: config.logLevel })): Promise<RunningApp> {
  const db = await openDatabase(config.databaseUrl);
  configureOutbox({ mailFrom: config.mailFrom });
  try {
    const started = Date.now();
    const firstStart = await completeFirstStart(db.prisma, {
      demoData: config.demoData,
      today: todayIn(config.timeZone),
      baseCurrency: config.baseCurrency,
      demoInvoices: config.demoInvoices,
    });
    if (firstStart.installed && firstStart.demo) logger.info({ ...firstStart.demo, ms: Date.now() - started }, 'demo data loaded');
    // PGlite runs without autovacuum, so nothing else gathers planner statistics there.
    if (db.embedded || firstStart.installed) await db.prisma.$executeRawUnsafe('ANALYZE');
    const yoga = buildYoga({ prisma: db.prisma, sql: db.sql, config, logger });
    const handler = requestHandler({ yoga, db, config, logger });
    const tls = config.tls ? await developmentCertificate() : null;
    const server = tls ? https.createServer({ key: tls.key, cert: tls.cert, ...SERVER_TIMEOUTS }, handler) : http.createServer(SERVER_TIMEOUTS, handler);
    capConnections(server, config.maxConnections, logger);
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
    // Sends what the outbox holds (LEDGERLINE_DELIVERY_WORKER=off leaves it to another instance).
    const worker = config.deliveryWorker ? createDeliveryWorker({ prisma: db.prisma, config, serverUrl: url, logger }) : null;
    worker?.start();
    return {
      url,
      db,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await worker?.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
