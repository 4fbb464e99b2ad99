// `npm run build:addin [-- --if-stale]`: builds the task pane into addin/dist with Vite.
// --if-stale (what `npm start` runs first) builds only when a source file is newer than the build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADDIN = path.join(ROOT, 'addin');
const BUILT = path.join(ADDIN, 'dist', 'index.html');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function addinIsStale(): boolean {
  if (!fs.existsSync(BUILT)) return true;
  const built = fs.statSync(BUILT).mtimeMs;
  return newestSource(ADDIN) > built || fs.statSync(path.join(ROOT, 'package-lock.json')).mtimeMs > built;
}

export async function buildAddin(options: { quiet?: boolean } = {}): Promise<void> {
  await build({ configFile: path.join(ADDIN, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !addinIsStale()) {
    console.log('The add-in build in addin/dist is up to date.');
  } else {
    await buildAddin();
  }
}
