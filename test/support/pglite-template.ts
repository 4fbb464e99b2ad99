// Each API test file starts its embedded database from one migrated PGlite dump instead of an
// empty one: a new PGlite runs initdb (2–4 s on these machines), loading a dump about 0.5 s.
// The vitest global setup writes the dump once per run (and per set of migrations: its name
// carries their checksums); startTestApi loads it, and migrations then find nothing to do.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../api/db/embedded.js';
import { applyMigrations, readMigrations } from '../../api/db/migrate.js';

function templatePath(): string {
  const digest = crypto.createHash('sha256').update(readMigrations().map((m) => `${m.name}:${m.checksum}`).join('\n')).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `ledgerline-test-pglite-${digest}.tar`);
}

/** Writes the migrated template unless this set of migrations already has one. */
export async function writePgliteTemplate(): Promise<void> {
  const target = templatePath();
  if (fs.existsSync(target)) return;
  const pglite = await startEmbeddedPostgres('memory://');
  try {
    await applyMigrations(pglite.connectionString);
    const dump = await pglite.dump();
    const temporary = `${target}.${process.pid}`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, target);
  } finally {
    await pglite.stop();
  }
}

/** The migrated template, or undefined when the global setup has not written one. */
export function pgliteTemplate(): Blob | undefined {
  const target = templatePath();
  return fs.existsSync(target) ? new Blob([fs.readFileSync(target)]) : undefined;
}
