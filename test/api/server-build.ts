// The server as `npm start` runs it: api/ compiled by esbuild (the options of `npm run
// build:server`), started with plain `node`. A test that spawns server processes builds once per
// file (under a second) instead of having tsx compile every module again in every process
// (a second or more of CPU per start). The build goes to a folder of its own under
// node_modules/.cache, so that packages and prisma/migrations are found as from dist/, and test
// files running at the same time never share one.
import { spawn, type ChildProcess } from 'node:child_process';
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

export interface ServerProcess {
  child: ChildProcess;
  /** The GraphQL endpoint it printed when ready. */
  url: string;
  exited: Promise<number | null>;
}

/**
 * Starts the built server with only `env` (plus PATH and HOME) as its environment and waits for
 * its "GraphQL API ready at …" line; rejects with its output when it exits before that.
 */
export async function startBuiltServer(built: ServerBuild, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, built.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const ready = /GraphQL API ready at (\S+)/.exec(output);
      if (ready) resolve(ready[1]!);
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
  return { child, url, exited };
}

/** kill -9, and wait until the process is gone. */
export async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

/** A GraphQL request to the server with a token; its errors, if any, thrown. */
export async function graphqlAt(server: ServerProcess, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}
