import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Reads LEDGERLINE_FAKE_EXCEL_API and passes it to installFakeExcel as the default ExcelApi version.
const FAKE_EXCEL_API_SETUP = 'test/addin/in-memory-excel/api-version.setup.ts';
// The oldest ExcelApi version the add-in supports; the Office layer's and the workflow tests run again there.
const OLDEST_EXCEL_API = '1.7';

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node loads its CommonJS build for every package, while
    // Vite would pick the .mjs build for our files. One instance, or schema types mismatch.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
    projects: [
      {
        extends: true,
        test: {
          name: 'all',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          setupFiles: [FAKE_EXCEL_API_SETUP],
          // Finds the browser for the browser tests once per run (see test/support/browser.ts).
          globalSetup: ['test/support/browser-setup.ts'],
        },
      },
      {
        // The Office layer and the workflows again on a host at the oldest supported ExcelApi
        // version (the fake's default is the newest), where APIs it lacks fail with ApiNotFound,
        // as in Excel: every dataset's pull, edit and push through the real Office layer takes its
        // 1.7 paths there — a table grown by rows.add (no Table.resize), no enum dropdowns (data
        // validation), marked cells without notes, change events without triggerSource. The UI
        // tests (React with fakes) do not touch the Office API and run once.
        extends: true,
        test: {
          name: `addin-excel-api-${OLDEST_EXCEL_API}`,
          include: ['test/addin/workflow/**/*.test.ts', 'test/addin/office/**/*.test.ts'],
          env: { NODE_ENV: 'test', LEDGERLINE_FAKE_EXCEL_API: OLDEST_EXCEL_API },
          setupFiles: [FAKE_EXCEL_API_SETUP],
        },
      },
    ],
  },
});
