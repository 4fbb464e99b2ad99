// Shared by the command line tools: open the configured database, report failures plainly.
import { loadConfig, type Config } from '../api/config.js';
import { openDatabase, type Database } from '../api/db/database.js';

export async function withDatabase<T>(fn: (db: Database, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let db: Database;
  try {
    db = await openDatabase(config.databaseUrl);
  } catch (error) {
    console.error(`Cannot open the database: ${(error as Error).message}`);
    process.exit(1);
  }
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

export function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}
