// Where the project's files are, whether the server runs from its sources (api/…, through tsx)
// or from the build `npm start` makes (dist/api/…): the nearest folder up from this module
// that holds prisma/migrations.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'prisma', 'migrations'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No prisma/migrations folder above ${from}: run Ledgerline from its project folder.`);
  }
}

export const PROJECT_ROOT = projectRoot(path.dirname(fileURLToPath(import.meta.url)));
