// The databases an API test runs on: embedded PGlite always, and the PostgreSQL server when
// TEST_DATABASE_URL is set (CI sets it). Each test file gets a fresh database of its own.
// Tests never read DATABASE_URL, so a test run cannot touch a real database.
import crypto from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  name: 'pglite' | 'postgresql';
  /** A URL for openDatabase; call once per test file. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const pglite: TestDatabase = {
  name: 'pglite',
  create: async () => ({ url: 'memory://', drop: async () => {} }),
};

function postgres(serverUrl: string): TestDatabase {
  return { name: 'postgresql', create: () => scratchDatabase(serverUrl, 'ledgerline_test') };
}

/** A new empty database on the server, named `<prefix>_<random>`, and how to drop it (the bench uses it too). */
export async function scratchDatabase(serverUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function testDatabases(): TestDatabase[] {
  const serverUrl = process.env.TEST_DATABASE_URL;
  return serverUrl ? [pglite, postgres(serverUrl)] : [pglite];
}
