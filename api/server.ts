// `npm start`: runs the product and listens until stopped.
import { startApp } from './app.js';
import { loadConfig } from './config.js';

const app = await startApp(loadConfig());
console.log(`GraphQL API ready at ${app.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
