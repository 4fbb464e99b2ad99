// `npm run db:migrate`: applies pending migrations to DATABASE_URL (the server also does this on start).
import { withDatabase } from './cli.js';

await withDatabase(async (db) => {
  console.log(db.migrated.length > 0 ? `Applied: ${db.migrated.join(', ')}` : 'The database is up to date.');
});
