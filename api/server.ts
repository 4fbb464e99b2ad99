// `npm start`: runs the product and listens until stopped.
//
// Signal handlers are set before anything else loads: Ctrl-C during start-up ends the process at
// once (a first start writes its demo book in one transaction, so an interrupted one leaves
// nothing and is done again next time); once the server listens, it closes cleanly.
import type { RunningApp } from './app.js';

let app: RunningApp | undefined;
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping || !app) {
      if (!app) console.error(`Stopped (${signal}) during start-up; the next start completes the setup.`);
      process.exit(130);
    }
    stopping = true;
    void app.close().then(() => process.exit(0), () => process.exit(1));
  });
}

const { default: pino } = await import('pino');
const { loadConfig } = await import('./config.js');
const { startApp } = await import('./app.js');

let config;
try {
  config = loadConfig();
} catch (error) {
  console.error(`Ledgerline could not start: ${(error as Error).message}`);
  process.exit(1);
}
const logger = pino({ level: config.logLevel });
// Every request is handled inside its own boundary; anything that still escapes is logged and
// the process goes on serving (a crash would cut off the writes of every other request).
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

try {
  app = await startApp(config, logger);
} catch (error) {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use by another program; start on another one with PORT=<number>.`);
  } else {
    console.error(`Ledgerline could not start: ${(error as Error).message}`);
  }
  process.exit(1);
}
console.log(`GraphQL API ready at ${app.url}`);
