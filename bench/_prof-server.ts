import pino from 'pino';
import { startApp } from '../api/app.js';
import { loadConfig } from '../api/config.js';
const config = loadConfig({ ...process.env, LEDGERLINE_TLS: 'off', PORT: '4555', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_GRAPHIQL: 'off', LEDGERLINE_WORK_PER_MINUTE: '1000000000', LEDGERLINE_LOG_LEVEL: 'warn' });
const app = await startApp(config, pino({ level: 'warn' }));
console.log('ready', app.url);
process.on('SIGINT', async () => { await app.close(); process.exit(0); });
