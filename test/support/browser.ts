// Headless Chromium for the browser tests (the task pane end to end, GraphiQL). The browser is
// found once per run by browser-setup.ts, in this order: LEDGERLINE_TEST_BROWSER (a path, or
// `@sparticuz/chromium` to insist on the package's), a Chrome or Chromium installed on the
// system, the Linux x64 Chromium inside the @sparticuz/chromium package. Test files take it
// with `testBrowser()` and skip themselves when it is null.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { inject } from 'vitest';

export const BROWSER_VARIABLE = 'LEDGERLINE_TEST_BROWSER';
/** The variable's value that asks for the npm package's Chromium even where the system has one. */
const BUNDLED = '@sparticuz/chromium';

export interface TestBrowser {
  executablePath: string;
  args: string[];
}

/** The run's browser; or why there is none (the tests skip); or an error (the tests fail). */
export type BrowserSearch = { browser: TestBrowser } | { missing: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    testBrowser: BrowserSearch;
  }
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Google Chrome's and Chromium's usual install locations.
const SYSTEM_BROWSERS: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};

// Its serverless flags, less the two that switch off the same-origin policy and mixed-content
// blocking: the tests check what a browser refuses.
const BUNDLED_ARGS_REFUSED = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/** The browser found for this run, or null when there is none (the run has said why once). */
export function testBrowser(): TestBrowser | null {
  const search = inject('testBrowser');
  if ('error' in search) throw new Error(search.error);
  return 'browser' in search ? search.browser : null;
}

export function launchTestBrowser(browser: TestBrowser): Promise<Browser> {
  return chromium.launch({ executablePath: browser.executablePath, args: browser.args });
}

export async function findTestBrowser(): Promise<BrowserSearch> {
  const explicit = process.env[BROWSER_VARIABLE];
  if (explicit === BUNDLED) {
    const bundled = await startableBundledChromium();
    return 'browser' in bundled ? bundled : { error: `${BROWSER_VARIABLE}=${BUNDLED}, but ${bundled.missing}.` };
  }
  if (explicit) {
    if (!fs.existsSync(explicit)) return { error: `${BROWSER_VARIABLE}=${explicit}: no such file. Point it at a Chrome or Chromium executable (or ${BUNDLED}), or unset it to use one found on this machine.` };
    return { browser: { executablePath: explicit, args: ARGS } };
  }
  const system = SYSTEM_BROWSERS[process.platform]?.find((candidate) => fs.existsSync(candidate));
  if (system) return { browser: { executablePath: system, args: ARGS } };
  const bundled = await startableBundledChromium();
  return 'browser' in bundled ? bundled : { missing: `no Chrome or Chromium on this machine, and ${bundled.missing}` };
}

async function startableBundledChromium(): Promise<{ browser: TestBrowser } | { missing: string }> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { missing: `${BUNDLED} carries a Linux x64 build only` };
  try {
    const browser = await bundledChromium();
    // It needs a few system libraries (libnss3): one launch tells whether this machine has them.
    await (await launchTestBrowser(browser)).close();
    return { browser };
  } catch (error) {
    return { missing: `${BUNDLED}'s did not start: ${String((error as Error).message ?? error).split('\n')[0]}` };
  }
}

/**
 * The package's Chromium, unpacked once per version. Its executablePath() unpacks into the temp
 * directory under fixed names and reuses whatever it finds there — half written, or another
 * version's — so it runs here in a child process with a fresh temp directory, which is then
 * renamed into place; a run unpacking at the same time loses the rename and uses the winner's.
 */
async function bundledChromium(): Promise<TestBrowser> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(BUNDLED);
  const version = (JSON.parse(fs.readFileSync(path.resolve(path.dirname(entry), '../../package.json'), 'utf8')) as { version: string }).version;
  const home = path.join(os.tmpdir(), `ledgerline-chromium-${version}`);
  if (!fs.existsSync(path.join(home, 'chromium'))) {
    const staging = fs.mkdtempSync(`${home}-`);
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', `await (await import(${JSON.stringify(entry)})).default.executablePath()`], {
        env: { ...process.env, TMPDIR: staging },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      fs.renameSync(staging, home);
    } catch (error) {
      if (!fs.existsSync(path.join(home, 'chromium'))) throw error;
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return {
    executablePath: path.join(home, 'chromium'),
    args: [...new Set([...sparticuz.args.filter((arg) => !BUNDLED_ARGS_REFUSED.has(arg)), ...ARGS])],
  };
}
