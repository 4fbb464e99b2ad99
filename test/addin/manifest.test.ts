// manifest.xml: well-formed, the elements Office requires for an Excel task pane, and every
// URL in it served by the real server. `npm run manifest` rewrites it for another address.
import { JSDOM } from 'jsdom';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { addinOrigin, DEFAULT_ORIGIN, rewriteManifest } from '../../scripts/manifest.js';
import { ensureAddinBuilt } from './support/build.js';

const OFFICE = 'http://schemas.microsoft.com/office/appforoffice/1.1';
const OVERRIDES = 'http://schemas.microsoft.com/office/taskpaneappversionoverrides';
const BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const xml = fs.readFileSync(path.resolve(import.meta.dirname, '../../manifest.xml'), 'utf8');

function parse(text: string): Document {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`manifest.xml is not well-formed: ${error.textContent}`);
  return doc;
}

const all = (doc: Document, ns: string, name: string) => [...doc.getElementsByTagNameNS(ns, name)];
const one = (doc: Document, ns: string, name: string) => {
  const found = all(doc, ns, name);
  expect(found, `<${name}>`).toHaveLength(1);
  return found[0]!;
};
/** Every URL in attribute values and element text (comments aside). */
function urlsIn(text: string): string[] {
  const values = [...parse(text).querySelectorAll('*')].flatMap((e) => [...[...e.attributes].filter((a) => !a.name.startsWith('xmlns')).map((a) => a.value), ...(e.children.length === 0 ? [e.textContent ?? ''] : [])]);
  return [...new Set(values.map((v) => v.trim()).filter((v) => /^https?:\/\//.test(v)))];
}

describe('manifest.xml', () => {
  const doc = parse(xml);
  const root = doc.documentElement;

  it('is an Excel task pane add-in with the required elements in order', () => {
    expect(root.namespaceURI).toBe(OFFICE);
    expect(root.localName).toBe('OfficeApp');
    expect(root.getAttributeNS(XSI, 'type')).toBe('TaskPaneApp');
    expect(one(doc, OFFICE, 'Id').textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(one(doc, OFFICE, 'Version').textContent).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(one(doc, OFFICE, 'ProviderName').textContent).toBe('Ledgerline');
    expect(one(doc, OFFICE, 'DisplayName').getAttribute('DefaultValue')).toBe('Ledgerline');
    expect(one(doc, OFFICE, 'DefaultLocale').textContent).toBe('en-US');
    // The schema fixes the order of OfficeApp's children.
    const order = [...root.children].map((e) => e.localName);
    const expected = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions', 'VersionOverrides'];
    expect(order).toEqual(expected);
  });

  it('runs in workbooks with ExcelApi 1.7, reads and writes the document, and opens from a ribbon button', () => {
    const hosts = one(doc, OFFICE, 'Hosts');
    expect([...hosts.children].map((h) => h.getAttribute('Name'))).toEqual(['Workbook']);
    const set = all(doc, OFFICE, 'Set');
    expect(set.map((s) => [s.getAttribute('Name'), s.getAttribute('MinVersion')])).toEqual([['ExcelApi', '1.7']]);
    expect(one(doc, OFFICE, 'SourceLocation').getAttribute('DefaultValue')).toBe(`${DEFAULT_ORIGIN}/index.html`);
    expect(one(doc, OFFICE, 'Permissions').textContent).toBe('ReadWriteDocument');

    const overrides = one(doc, OVERRIDES, 'VersionOverrides');
    expect(overrides.getAttributeNS(XSI, 'type')).toBe('VersionOverridesV1_0');
    const host = all(doc, OVERRIDES, 'Host')[0]!;
    expect(host.getAttributeNS(XSI, 'type')).toBe('Workbook');
    const button = all(doc, OVERRIDES, 'Control').find((c) => c.getAttributeNS(XSI, 'type') === 'Button')!;
    expect(button).toBeDefined();
    const action = [...button.getElementsByTagNameNS(OVERRIDES, 'Action')][0]!;
    expect(action.getAttributeNS(XSI, 'type')).toBe('ShowTaskpane');
    // Every resid points at a resource that exists.
    const ids = new Set([...all(doc, BT, 'Image'), ...all(doc, BT, 'Url'), ...all(doc, BT, 'String')].map((e) => e.getAttribute('id')).filter(Boolean));
    const refs = [...overrides.querySelectorAll('*')].map((e) => e.getAttribute('resid')).filter((r): r is string => Boolean(r));
    expect(refs.length).toBeGreaterThan(8);
    expect(refs.filter((r) => !ids.has(r))).toEqual([]);
    const taskpane = all(doc, BT, 'Url').find((u) => u.getAttribute('id') === [...action.getElementsByTagNameNS(OVERRIDES, 'SourceLocation')][0]!.getAttribute('resid'));
    expect(taskpane?.getAttribute('DefaultValue')).toBe(`${DEFAULT_ORIGIN}/index.html`);
  });

  describe('every URL in it', () => {
    let app: RunningApp;
    let base: string;
    beforeAll(async () => {
      await ensureAddinBuilt();
      app = await startApp(loadConfig({ DATABASE_URL: 'memory://', LEDGERLINE_TLS: 'off', PORT: '0', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_LOG_LEVEL: 'silent', LEDGERLINE_ADMIN_TOKEN: 'manifest-test-admin' }));
      base = app.url.replace(/\/graphql$/, '');
    });
    afterAll(async () => app?.close());

    it('points at localhost:4000 and is served by the server (pages as HTML, icons as PNG of their size)', async () => {
      const urls = urlsIn(xml);
      expect(urls.length).toBeGreaterThanOrEqual(6);
      for (const url of urls) {
        expect(url.startsWith(`${DEFAULT_ORIGIN}`), url).toBe(true);
        const target = url.replace(DEFAULT_ORIGIN, base);
        const response = await fetch(target);
        expect(response.status, target).toBe(200);
        const body = Buffer.from(await response.arrayBuffer());
        if (/\.png$/.test(url)) {
          expect(response.headers.get('content-type')).toBe('image/png');
          expect(body.subarray(1, 4).toString()).toBe('PNG');
          const size = Number(/icon-(\d+)\.png$/.exec(url)?.[1]);
          expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([size, size]);
        } else if (/\.html$|:\d+$/.test(url)) {
          expect(response.headers.get('content-type')).toMatch(/^text\/html/);
          expect(body.toString()).toContain('office/office.js');
        }
      }
    });

    it('serves office.js and the Excel host scripts it loads from the package, not a CDN', async () => {
      for (const file of ['office/office.js', 'office/excel-web-16.00.js', 'office/excel-win32-16.01.js', 'office/en-us/office_strings.js']) {
        const response = await fetch(`${base}/${file}`);
        expect(response.status, file).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/javascript/);
      }
      const page = await (await fetch(`${base}/index.html`)).text();
      expect(page).not.toMatch(/appsforoffice\.microsoft\.com/);
    });
  });
});

describe('npm run manifest', () => {
  it('writes a copy for another address: every URL moved, its own Id and name, still well-formed', () => {
    const copy = rewriteManifest(xml, { origin: addinOrigin('https://ledger.example.com:8443/some/path') });
    const doc = parse(copy);
    const moved = 'https://ledger.example.com:8443';
    expect(urlsIn(copy).filter((u) => u !== moved && !u.startsWith(`${moved}/`))).toEqual([]);
    expect(urlsIn(copy)).toHaveLength(urlsIn(xml).length);
    expect(copy).not.toContain('localhost:4000');
    const id = one(doc, OFFICE, 'Id').textContent!;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).not.toBe(one(parse(xml), OFFICE, 'Id').textContent);
    expect(rewriteManifest(xml, { origin: 'https://ledger.example.com:8443' })).toBe(copy); // stable per address
    expect(one(doc, OFFICE, 'DisplayName').getAttribute('DefaultValue')).toBe('Ledgerline (ledger.example.com:8443)');
    expect(rewriteManifest(xml, { origin: DEFAULT_ORIGIN })).toBe(xml);
  });

  it('refuses an address Excel cannot load', () => {
    expect(() => addinOrigin('http://ledger.example.com')).toThrow(/HTTPS only/);
    expect(() => addinOrigin('ledger')).toThrow(/not a URL/);
    expect(() => rewriteManifest(xml, { origin: 'https://x.example.com', id: 'nope' })).toThrow(/not a GUID/);
  });
});
