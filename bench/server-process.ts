// A server under benchmark runs in a child process of its own, so its CPU time and resident
// memory are its own and not the load generator's. The two sides talk over Node's IPC channel:
// the child says where it listens; the parent asks for its figures, a GC, or for it to stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a server process reports about itself. */
export interface ServerUsage {
  /** Resident set size now, bytes. */
  rss: number;
  /** Largest RSS sampled (every 10 ms) since the last resetPeak, bytes. */
  peakRss: number;
  /** CPU time used by the process since it started (user + system), milliseconds. */
  cpuMs: number;
}

export interface ServerProcess {
  name: string;
  /** Where it listens, e.g. http://localhost:41234 (no path). */
  origin: string;
  pid: number;
  usage(): Promise<ServerUsage>;
  /** Runs a full garbage collection in the server, then reports. */
  gc(): Promise<ServerUsage>;
  resetPeak(): Promise<ServerUsage>;
  close(): Promise<void>;
}

type Request = { id: number; type: 'usage' | 'gc' | 'reset-peak' | 'close' };
type Message = { type: 'ready'; origin: string } | { type: 'failed'; message: string } | ({ id: number; type: 'answer' } & ServerUsage);

/** As `npm start` sets it (package.json): see the README's "Memory". */
const MALLOC_ARENAS = '2';

/**
 * Starts `script` (a server file under bench/) in a child Node process and waits until it
 * listens. It runs from the build (`npm run build:server`, which `npm run bench` does first),
 * as `npm start` runs the product: plain Node, no TypeScript loader in its memory or its time.
 */
export async function spawnServer(name: string, script: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const path = fileURLToPath(new URL(`../dist/bench/${script.replace(/^\.\//, '').replace(/\.ts$/, '.js')}`, import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', path], {
    env: { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENAS, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (usage: ServerUsage) => void>();
  let nextId = 1;
  const origin = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: Message) => {
      if (message.type === 'ready') resolve(message.origin);
      else if (message.type === 'failed') reject(new Error(`${name} could not start: ${message.message}`));
      else pending.get(message.id)?.(message), pending.delete(message.id);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
  });
  const ask = (type: Request['type']) =>
    new Promise<ServerUsage>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, type } satisfies Request, (error) => error && reject(error));
    });
  return {
    name,
    origin,
    pid: child.pid!,
    usage: () => ask('usage'),
    gc: () => ask('gc'),
    resetPeak: () => ask('reset-peak'),
    close: () => stop(child, ask),
  };
}

async function stop(child: ChildProcess, ask: (type: Request['type']) => Promise<ServerUsage>): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void ask('close').catch(() => undefined);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * The child's side: call once the server listens. Samples RSS every 10 ms for the peak (a
 * sample can be late while the event loop is busy, so a short spike may be missed).
 */
export function serveParent(origin: string, close: () => Promise<void>): void {
  if (!process.send) throw new Error('run this file through spawnServer (bench/server-process.ts)');
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  sampler.unref();
  const usage = (): ServerUsage => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    const cpu = process.cpuUsage();
    return { rss, peakRss, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  process.on('message', async (request: Request) => {
    if (request.type === 'gc') {
      // Two passes: the first can leave objects with finalizers for the second.
      global.gc?.();
      global.gc?.();
    }
    if (request.type === 'reset-peak') peakRss = process.memoryUsage.rss();
    const answer = { id: request.id, type: 'answer' as const, ...usage() };
    if (request.type === 'close') {
      clearInterval(sampler);
      await close().catch(() => undefined);
      process.send!(answer, () => process.exit(0));
      return;
    }
    process.send!(answer);
  });
  // The parent went away without asking: do not linger.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', origin } satisfies Message);
}

/** The child's side when start-up fails. */
export function reportStartFailure(error: unknown): never {
  process.send?.({ type: 'failed', message: (error as Error).message } satisfies Message);
  process.exit(1);
}
