// `npm start`: runs the product and listens until stopped.
import { startApp } from './app.js';
import { loadConfig } from './config.js';

let app;
try {
  app = await startApp(loadConfig());
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
