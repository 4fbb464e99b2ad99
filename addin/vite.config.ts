// Builds the task pane into addin/dist (served by the API server at /). office.js comes from
// the @microsoft/office-js package — the CDN cannot be reached — and is copied into
// dist/office/ as part of the build (only the Excel host files, locale strings and helpers).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const OFFICE_DIST = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');

/** office.js loads the host's own script (excel-win32-16.01.js, excel-web-16.00.js, …) and strings beside itself. */
function officeFile(relative: string): boolean {
  const name = path.basename(relative);
  if (name.endsWith('.debug.js') || name.endsWith('.d.ts') || name.includes('vsdoc')) return false;
  if (!relative.includes(path.sep)) return name === 'office.js' || /^excel/.test(name) || /^(o15apptofilemappingtable|es6-promise)\.js$/.test(name);
  // Locale folders hold office_strings.js; telemetry and the error UI are loaded on demand.
  return name === 'office_strings.js' || /^(telemetry|ariatelemetry|agaveerrorux)[\\/]/.test(relative);
}

function copyOfficeJs(): Plugin {
  let outDir = '';
  return {
    name: 'ledgerline-copy-office-js',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const target = path.join(outDir, 'office');
      fs.rmSync(target, { recursive: true, force: true });
      for (const relative of fs.readdirSync(OFFICE_DIST, { recursive: true }) as string[]) {
        const source = path.join(OFFICE_DIST, relative);
        if (!fs.statSync(source).isFile() || !officeFile(relative)) continue;
        fs.mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
        fs.copyFileSync(source, path.join(target, relative));
      }
    },
  };
}

/** The dev server serves office.js from the package, as the build copies it. */
function serveOfficeJs(): Plugin {
  return {
    name: 'ledgerline-serve-office-js',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/office/', (req, res, next) => {
        const relative = decodeURIComponent((req.url ?? '').split('?')[0]!).replace(/^\/+/, '');
        const file = path.resolve(OFFICE_DIST, relative);
        if (!file.startsWith(OFFICE_DIST + path.sep) || !fs.existsSync(file)) return next();
        res.setHeader('content-type', 'text/javascript; charset=utf-8');
        fs.createReadStream(file).pipe(res);
      });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), copyOfficeJs(), serveOfficeJs()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1500,
  },
});
