// The first start of `npm start` on a new embedded database, killed (-9, or Ctrl-C) at random
// points and started again, ten kills in all on two databases side by side (five each): the next
// start ends with the complete demo book, the same as an uninterrupted first start — never an
// empty or half-filled one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.js';
import { buildServer, type ServerBuild } from './server-build.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-first-start-'));
let built: ServerBuild;

function startServer(dataDir: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  // One process, as `npm start` runs it: node on the built server.
  const child = spawn(process.execPath, built.args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: `file:${dataDir}`,
      PORT: '0',
      LEDGERLINE_TLS: 'off',
      LEDGERLINE_ADMIN_TOKEN: 'first-start-test-admin-token',
      LEDGERLINE_DEMO_INVOICES: '500',
      LEDGERLINE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('GraphQL API ready at')) resolve();
    });
    void exited.then((code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
  ready.catch(() => {}); // a killed start never gets ready; only awaited where it must
  return { child, ready, exited };
}

/** What a user of the demo book would look at, counted straight from the database. */
async function book(dataDir: string) {
  const db = await openDatabase(`file:${dataDir}`, { migrate: false });
  try {
    const [row] = await db.prisma.$queryRaw<Record<string, string>[]>`
      SELECT (SELECT count(*) FROM entity)::text AS entities, (SELECT count(*) FROM customer)::text AS customers,
             (SELECT count(*) FROM invoice)::text AS invoices, (SELECT coalesce(sum(total), 0) FROM invoice)::text AS invoiced,
             (SELECT count(*) FROM payment)::text AS payments, (SELECT coalesce(sum(amount), 0) FROM payment_application)::text AS applied,
             (SELECT count(*) FROM project)::text AS projects, (SELECT count(*) FROM risk)::text AS risks,
             (SELECT count(*) FROM kpi_target)::text AS targets, (SELECT count(*) FROM installation)::text AS installed`;
    return row!;
  } finally {
    await db.close();
  }
}

/** A small deterministic generator, so that a failing run can be repeated. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('an interrupted first start', () => {
  beforeAll(async () => {
    built = await buildServer();
  });
  afterAll(() => {
    built?.remove();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('killed ten times at random points (five on each of two databases), the next start completes the whole demo book', async () => {
    // The reference: one uninterrupted first start, which also tells how long one takes.
    const reference = path.join(work, 'reference');
    const began = performance.now();
    const first = startServer(reference);
    await first.ready;
    const fullStart = performance.now() - began;
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // Counted while the interrupted starts run.
    const referenceBook = book(reference);
    referenceBook.catch(() => {}); // awaited below

    const seed = Date.now() % 100_000;
    // Both chains run to their end before a failure of either is reported (no server left behind).
    const settled = await Promise.allSettled(['interrupted-a', 'interrupted-b'].map(async (name, chain) => {
      const dataDir = path.join(work, name);
      const next = random(seed * 2 + chain);
      const kills: string[] = [];
      for (let run = 0; run < 5; run++) {
        const start = startServer(dataDir);
        const delay = Math.round(fullStart * (0.15 + 0.85 * next()));
        // A start that gets ready first has nothing left to interrupt: killed at once, as the
        // reference was stopped.
        let timer: NodeJS.Timeout | undefined;
        const readyFirst = await Promise.race([
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), delay))),
          start.ready.then(() => true, () => false),
          start.exited.then(() => false),
        ]);
        clearTimeout(timer);
        const signal = run === 4 ? 'SIGINT' : 'SIGKILL';
        start.child.kill(signal);
        await start.exited;
        kills.push(`${signal}@${readyFirst ? 'ready' : `${delay}ms`}`);
      }
      const last = startServer(dataDir);
      await last.ready;
      last.child.kill('SIGTERM');
      return { dataDir, kills, exit: await last.exited };
    }));
    const runs = settled.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    const expected = await referenceBook;
    expect(expected).toMatchObject({ entities: '4', installed: '1', projects: '30' });
    expect(Number(expected.invoices)).toBe(500);
    for (const [chain, { dataDir, kills, exit }] of runs.entries()) {
      expect(exit).toBe(0);
      expect(await book(dataDir), `seed ${seed}, chain ${chain}; kills ${kills.join(', ')}`).toEqual(expected);
    }
  }, 600_000);
});
