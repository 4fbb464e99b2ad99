// The server as `npm start` runs it: api/ compiled by esbuild (the options of `npm run
// build:server`), started with plain `node`. A test that spawns server processes builds once per
// file (under a second) instead of having tsx compile every module again in every process
// (a second or more of CPU per start). The build goes to a folder of its own under
// node_modules/.cache, so that packages and prisma/migrations are found as from dist/, and test
// files running at the same time never share one.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ServerBuild {
  /** The arguments for `node`: the built api/server.js. */
  args: string[];
  remove(): void;
}

export async function buildServer(): Promise<ServerBuild> {
  const cache = path.join(ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(cache, 'ledgerline-test-server-'));
  try {
    await build({
      absWorkingDir: ROOT,
      entryPoints: ['api/**/*.ts'],
      outbase: '.',
      outdir,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
    });
  } catch (error) {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
  return {
    args: ['--enable-source-maps', path.join(outdir, 'api', 'server.js')],
    remove: () => fs.rmSync(outdir, { recursive: true, force: true }),
  };
}
