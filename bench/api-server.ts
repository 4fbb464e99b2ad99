// The real API as a user runs it (startApp: HTTP boundary, Yoga, exports), in a child process
// of the benchmark: `spawnServer('API', './api-server.ts', { DATABASE_URL, LEDGERLINE_ADMIN_TOKEN })`.
// Plain HTTP on a free port; the bench's admin token; per-token work budget out of the way so a
// load run measures speed, not the rate limit.
import pino from 'pino';
import { startApp } from '../api/app.js';
import { loadConfig } from '../api/config.js';
import { reportStartFailure, serveParent } from './server-process.js';

try {
  const config = loadConfig({
    ...process.env,
    LEDGERLINE_TLS: 'off',
    PORT: '0',
    LEDGERLINE_DEMO_DATA: '0',
    LEDGERLINE_GRAPHIQL: 'off',
    LEDGERLINE_WORK_PER_MINUTE: '1000000000',
    LEDGERLINE_LOG_LEVEL: process.env.LEDGERLINE_LOG_LEVEL ?? 'warn',
  });
  if (!config.adminToken) throw new Error('LEDGERLINE_ADMIN_TOKEN is required');
  const app = await startApp(config, pino({ level: config.logLevel }));
  serveParent(new URL(app.url).origin, () => app.close());
} catch (error) {
  reportStartFailure(error);
}
