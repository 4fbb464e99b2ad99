// GraphiQL on the real server, in headless Chromium: served from the package (no CDN, nothing
// fetched from outside localhost), working under the page's Content-Security-Policy, running
// `{ me { name role } }` with the token typed into its headers pane. LEDGERLINE_GRAPHIQL=off
// removes the page.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { launchTestBrowser, testBrowser } from '../support/browser.js';

const ADMIN = 'graphiql-admin-token-0123456789';
const BROWSER = testBrowser();

const start = (env: Record<string, string> = {}) =>
  startApp(loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_ADMIN_TOKEN: ADMIN, LEDGERLINE_LOG_LEVEL: 'silent', ...env }));

/** What a browser's address bar sends for GET /graphql. */
const asBrowser = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });

describe('GraphiQL', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start();
  });
  afterAll(async () => app?.close());

  it('is one self-contained page: no script, style, image or font from another address', async () => {
    const response = await asBrowser(app.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Ledgerline GraphQL</title>');
    // Attributes and CSS url()s that would make the browser fetch something.
    const references = [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')]+)/gi)].map(([, attribute, css]) => attribute ?? css!);
    expect(references.filter((reference) => /^(https?:)?\/\//i.test(reference))).toEqual([]);
    // Its inline script runs by hash: no 'unsafe-inline', no 'unsafe-eval', no other source.
    const scriptSrc = /script-src ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1]?.split(' ');
    expect(scriptSrc?.length).toBeGreaterThan(0);
    for (const source of scriptSrc ?? []) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  describe.skipIf(!BROWSER)('in a browser', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchTestBrowser(BROWSER!);
    });
    afterAll(async () => browser?.close());

    it('runs { me { name role } } with the token set in its headers pane, and nothing leaves localhost', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const outside: string[] = [];
      const problems: string[] = [];
      await page.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === 'localhost' || url.hostname === '127.0.0.1') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      page.on('pageerror', (error) => problems.push(error.message));
      // A CSP refusal is reported on the console; GraphiQL's first schema fetch (before a token is set) is a 401 there too.
      page.on('console', (message) => {
        if (message.type() === 'error' && !/status of 401/.test(message.text())) problems.push(message.text());
      });

      await page.goto(app.url);
      const queryEditor = page.locator('.graphiql-query-editor .monaco-editor');
      await queryEditor.waitFor();
      /** Replaces an editor's text as a user would; the editor closes brackets and quotes as it goes, so what it added after the cursor goes too. */
      const replaceText = async (editor: typeof queryEditor, text: string) => {
        await editor.click();
        await page.keyboard.press('ControlOrMeta+A');
        await page.keyboard.insertText(text);
        await page.keyboard.press('ControlOrMeta+Shift+End');
        await page.keyboard.press('Delete');
        // The editor renders spaces as no-break spaces.
        await expect.poll(async () => (await editor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ')).toBe(text);
      };
      await page.getByRole('button', { name: 'Headers' }).click();
      await replaceText(page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor'), JSON.stringify({ Authorization: `Bearer ${ADMIN}` }));
      await replaceText(queryEditor, '{ me { name role } }');
      await page.getByRole('button', { name: /^Execute query/ }).click();

      const result = page.locator('.graphiql-response');
      await expect.poll(() => result.innerText(), { timeout: 15_000 }).toMatch(/"role":\s*"ADMIN"/);
      expect(outside).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });
  });
});

describe('LEDGERLINE_GRAPHIQL=off', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await start({ LEDGERLINE_GRAPHIQL: 'off' });
  });
  afterAll(async () => app?.close());

  it('answers a browser at /graphql without the page, and the API still works', async () => {
    const response = await asBrowser(app.url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = await response.text();
    expect(body).not.toMatch(/<html|GraphiQL/i);
    const me = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query: '{ me { role } }' }) });
    expect(await me.json()).toEqual({ data: { me: { role: 'ADMIN' } } });
  });
});
