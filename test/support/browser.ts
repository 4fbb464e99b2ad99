// Headless Chromium for the browser tests (the task pane end to end, GraphiQL): one set of
// launch options, and where to find the browser, so a machine without one can skip clearly.
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The first Chromium found on this machine, or null. */
export function chromiumPath(): string | null {
  return CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? null;
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
