// Vitest global setup: writes the API tests' migrated PGlite template (./pglite-template.ts);
// finds the browser tests' browser once per run (so a bundled one is unpacked and tried once),
// says in one line why they are skipped when there is none — or, under CI=true, makes them
// fail — and hands the result to the test files.
import type { TestProject } from 'vitest/node';
import { BROWSER_VARIABLE, findTestBrowser } from './browser.js';
import { writePgliteTemplate } from './pglite-template.js';

export default async function setup(project: TestProject): Promise<void> {
  await writePgliteTemplate();
  const search = await findTestBrowser();
  if ('missing' in search && process.env.CI === 'true') {
    project.provide('testBrowser', { error: `No browser for the browser tests, and CI=true requires them: ${search.missing}. Set ${BROWSER_VARIABLE} to a Chrome or Chromium executable.` });
    return;
  }
  if ('missing' in search) console.warn(`Browser tests skipped: ${search.missing}. Set ${BROWSER_VARIABLE} to a Chrome or Chromium executable to run them.`);
  project.provide('testBrowser', search);
}
