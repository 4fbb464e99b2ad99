// Tests that load the task pane from the real server need addin/dist: build it when it is
// missing or older than its sources. Test files run in parallel processes, so one builds at
// a time (a lock directory) and the others wait and then find it fresh.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addinIsStale, buildAddin } from '../../../scripts/build-addin.js';

const LOCK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../addin/.build-lock');

export async function ensureAddinBuilt(): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 200) {
    try {
      fs.mkdirSync(LOCK);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    try {
      if (addinIsStale()) await buildAddin({ quiet: true });
      return;
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
  throw new Error(`Waited 2 minutes for another test's add-in build (remove ${LOCK} if no build is running).`);
}
