// The HTTP boundary of the real server: requests that used to kill the process (a bad percent
// sequence, an unparsable request target) answered 400 with the server still up; random bytes
// as paths, headers and bodies answered or closed, and nothing written; CORS only for allowed
// origins; security headers on every kind of response; CSV cells that a spreadsheet would run
// as formulas defused.
import http from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { csvCell } from '../../api/export.js';
import { requestHandler } from '../../api/http/boundary.js';
import { buildYoga } from '../../api/yoga.js';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const ADMIN = 'boundary-admin-token-0123456789';
const ALLOWED = 'https://bi.example.com';
const PUBLIC_URL = 'https://ledger.example.com/';
const FOREIGN = 'https://evil.example.net';

interface RawResponse {
  /** null: the server closed the connection without an answer. */
  status: number | null;
  head: string;
  body: string;
}

/** Sends bytes as they are over a fresh socket and reads until the server closes it. */
function raw(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within 5 s to ${JSON.stringify(request.toString('latin1').slice(0, 80))}`));
    }, 5000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1];
      resolve({ status: status ? Number(status) : null, head, body: rest.join('\r\n\r\n') });
    });
    // No half-close: Node answers a client that has stopped sending by closing the connection.
    socket.write(request);
  });
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`;

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Rows of the tables a request could write to: the audit trail and the business tables. */
async function rowCounts(app: RunningApp): Promise<Record<string, number>> {
  const p = app.db.prisma;
  return {
    audit: await p.auditRecord.count(),
    entities: await p.entity.count(),
    customers: await p.customer.count(),
    invoices: await p.invoice.count(),
    payments: await p.payment.count(),
    tokens: await p.apiToken.count(),
    projects: await p.project.count(),
    kpiTargets: await p.kpiTarget.count(),
  };
}

describe.each(testDatabases())('the HTTP boundary on $name', (database) => {
  let app: RunningApp;
  let port: number;
  let base: string;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    dropDatabase = created.drop;
    app = await startApp(loadConfig({
      DATABASE_URL: created.url, PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_ADMIN_TOKEN: ADMIN, LEDGERLINE_LOG_LEVEL: 'silent',
      LEDGERLINE_CORS_ORIGINS: `${ALLOWED}, https://other.example.com`, LEDGERLINE_PUBLIC_URL: PUBLIC_URL,
    }));
    base = app.url.replace(/\/graphql$/, '');
    port = Number(new URL(base).port);
  });
  afterAll(async () => {
    await app?.close();
    await dropDatabase?.();
  });

  it('answers the requests that used to end the process with 400, and keeps serving', async () => {
    for (const path of ['/%ff', '/a%', '/graphql%ff', '/%C0%AE%C0%AE/etc/passwd', '/export/%ff.csv', '/%00']) {
      const response = await raw(port, get(path));
      expect(response.status, path).toBe(400);
      expect(response.body, path).toContain('Bad request: the path');
    }
    const target = await raw(port, get('http://[bad/'));
    expect(target.status).toBe(400);
    expect(target.body).toContain('Bad request: the request target');
    const host = await raw(port, 'GET /health HTTP/1.1\r\nHost: a/b@c\r\nConnection: close\r\n\r\n');
    expect(host.status).toBe(400);
    // Well-formed paths outside the pane's folder are plain 404s: the traversal guard holds.
    for (const path of ['/no-such-file.js', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd', '//etc/passwd', '/office/..%2f..%2fpackage.json']) {
      const response = await raw(port, get(path));
      expect(response.status, path).toBe(404);
      expect(response.body, path).not.toMatch(/root:|"name"/);
    }
    expect((await raw(port, get('/health'))).status).toBe(200);
    // The absolute form of a request target is routed by its path.
    expect((await raw(port, get('http://example.com/health'))).status).toBe(200);
  });

  it('lets only its own origin, LEDGERLINE_PUBLIC_URL\'s and LEDGERLINE_CORS_ORIGINS call it from a browser', async () => {
    const post = (origin: string) => request(app.url, { method: 'POST', headers: { origin, 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: '{"query":"{ me { role } }"}' });
    for (const origin of [ALLOWED, 'https://ledger.example.com', base]) {
      const response = await post(origin);
      expect(JSON.parse(response.body), origin).toEqual({ data: { me: { role: 'ADMIN' } } });
      expect(response.headers['access-control-allow-origin'], origin).toBe(origin);
      expect(response.headers['access-control-allow-credentials'], origin).toBe('true');
      expect(response.headers.vary).toMatch(/Origin/);
    }
    for (const origin of [FOREIGN, 'null', 'https://bi.example.com.evil.example.net', 'http://bi.example.com']) {
      const response = await post(origin);
      expect(response.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(response.headers['access-control-allow-credentials'], origin).toBeUndefined();
    }

    const preflight = (origin: string, path: string) => request(`${base}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    for (const path of ['/graphql', '/export/invoices.csv', '/health']) {
      const allowed = await preflight(ALLOWED, path);
      expect(allowed.status, path).toBe(204);
      expect(allowed.headers['access-control-allow-origin'], path).toBe(ALLOWED);
      expect(allowed.headers['access-control-allow-methods'], path).toMatch(/POST/);
      expect(allowed.headers['access-control-allow-headers'], path).toMatch(/authorization/);
      const foreign = await preflight(FOREIGN, path);
      expect(foreign.status, path).toBe(403);
      expect(Object.keys(foreign.headers).filter((name) => name.startsWith('access-control-')), path).toEqual([]);
    }

    const exported = await request(`${base}/export/invoices.csv`, { headers: { origin: ALLOWED, authorization: `Bearer ${ADMIN}` } });
    expect(exported.status).toBe(200);
    expect(exported.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(exported.headers['access-control-expose-headers']).toMatch(/content-disposition/);
  });

  it('sends the security headers on pages, API answers, exports and errors', async () => {
    const responses = {
      pane: await request(`${base}/`),
      graphql: await request(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { role } }"}' }),
      graphiql: await request(app.url, { headers: { accept: 'text/html' } }),
      health: await request(`${base}/health`),
      export: await request(`${base}/export/invoices.csv`, { headers: { authorization: `Bearer ${ADMIN}` } }),
      notFound: await request(`${base}/missing.html`),
      badRequest: await request(`${base}/%ff`),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([name, r]) => [name, r.status]))).toEqual({
      pane: 200, graphql: 401, graphiql: 200, health: 200, export: 200, notFound: 404, badRequest: 400,
    });
    for (const [name, response] of Object.entries(responses)) {
      expect(response.headers['x-content-type-options'], name).toBe('nosniff');
      expect(response.headers['referrer-policy'], name).toBe('no-referrer');
      expect(response.headers['content-security-policy'], name).toMatch(/frame-ancestors [^;]+/);
    }
    const pane = directives(responses.pane.headers['content-security-policy']);
    expect(pane['script-src']).toEqual(["'self'"]);
    expect(pane['frame-ancestors']).toEqual(expect.arrayContaining(["'self'", 'https://*.officeapps.live.com', 'https://*.sharepoint.com', 'https://*.office.com']));
    expect(pane['object-src']).toEqual(["'none'"]);
    // The API's answers are never to be framed or to run anything.
    expect(directives(responses.graphql.headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
    expect(directives(responses.export.headers['content-security-policy'])).toMatchObject({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
  });

  it('survives random bytes as paths, headers and JSON bodies, and writes nothing', async () => {
    const seeded = await request(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ query: 'mutation { createEntity(input: {code: "FZ01", name: "Fuzz", currency: "EUR"}) { userErrors { message } } }' }),
    });
    expect(JSON.parse(seeded.body)).toEqual({ data: { createEntity: { userErrors: [] } } });
    const before = await rowCounts(app);

    // Bytes other than CR and LF: those would end the request line or header early and turn
    // one random request into two, or into one that waits for a body that never comes.
    const bytes = (max: number) => fc.uint8Array({ maxLength: max }).map((array) => Buffer.from(array.filter((b) => b !== 13 && b !== 10)));
    const percentish = fc.array(fc.constantFrom('%', 'f', 'F', 'C0', 'AE', '2e', '2f', '00', '/', '.', 'graphql', 'export', 'health', '?', '#', '\\', 'é', '\u{1F600}'), { maxLength: 12 }).map((parts) => Buffer.from(parts.join('')));
    const path = fc.oneof(bytes(60).map((b) => Buffer.concat([Buffer.from('/'), b])), bytes(40), percentish.map((b) => Buffer.concat([Buffer.from('/'), b])));
    const method = fc.constantFrom('GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'DELETE');
    const headerName = fc.constantFrom('Authorization', 'Origin', 'Content-Type', 'Accept', 'X-Forwarded-For', 'Access-Control-Request-Method', 'Cookie', 'X-Anything');
    const body = fc.oneof(
      fc.json().map((text) => Buffer.from(text)),
      fc.record({ query: fc.oneof(fc.string(), fc.constantFrom('{ me { role } }', 'mutation { createEntity(input: {}) { entity { code } } }', '{ __schema { types { name } } }')), variables: fc.jsonValue() }).map((value) => Buffer.from(JSON.stringify(value))),
      bytes(200),
    );
    const contentType = fc.constantFrom('application/json', 'application/graphql-response+json', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain', 'application/json; charset=utf-16');
    const token = fc.constantFrom(`Bearer ${ADMIN}`, 'Bearer nope', '');

    const fuzzed = fc.oneof(
      fc.record({ method, path }).map(({ method: m, path: p }) => Buffer.concat([Buffer.from(`${m} `), p, Buffer.from(' HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')])),
      fc.record({ path: fc.constantFrom('/graphql', '/health', '/export/invoices.csv', '/', '/index.html'), name: headerName, value: bytes(80) }).map(({ path: p, name, value }) =>
        Buffer.concat([Buffer.from(`GET ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n${name}: `), value, Buffer.from('\r\n\r\n')])),
      fc.record({ body, contentType, token, path: fc.constantFrom('/graphql', '/graphql', '/export/aging.csv', '/') }).map(({ body: b, contentType: type, token: t, path: p }) =>
        Buffer.concat([Buffer.from(`POST ${p} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: ${type}\r\n${t ? `Authorization: ${t}\r\n` : ''}Content-Length: ${b.length}\r\n\r\n`), b])),
    );

    await fc.assert(
      fc.asyncProperty(fuzzed, async (bytesOut) => {
        const response = await raw(port, bytesOut);
        // An answer with a status line, or a connection closed without one (a parse error Node refused).
        if (response.status !== null) expect(response.status).toBeLessThan(600);
        else expect(response.head).toBe('');
      }),
      { numRuns: 150 },
    );

    expect((await raw(port, get('/health'))).status).toBe(200);
    expect(await rowCounts(app)).toEqual(before);
  }, 30_000);
});

describe('the connection cap', () => {
  let app: RunningApp;
  let port: number;
  beforeAll(async () => {
    app = await startApp(loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_ADMIN_TOKEN: ADMIN, LEDGERLINE_LOG_LEVEL: 'silent', LEDGERLINE_MAX_CONNECTIONS: '3' }));
    port = Number(new URL(app.url).port);
  });
  afterAll(async () => app?.close());

  it('closes connections beyond LEDGERLINE_MAX_CONNECTIONS at once, and serves again when some end', async () => {
    const open = await Promise.all([1, 2, 3].map(() => new Promise<net.Socket>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    })));
    // Give the server the moment it takes to count the three as open.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = await raw(port, get('/health'));
    expect(refused).toEqual({ status: null, head: '', body: '' });
    for (const socket of open) socket.destroy();
    await expect.poll(async () => (await raw(port, get('/health'))).status).toBe(200);
  });
});

describe.each(testDatabases())('CSV exports of hostile text on $name', (database) => {
  let api: TestApi;
  let server: http.Server;
  let base: string;
  const hostile = [`-2+3+cmd|' /C calc'!A0`, '=1+1', '+1', '@SUM(A1)', `-1+cmd|'/C calc'!A0`];

  beforeAll(async () => {
    api = await startTestApi(database);
    // The boundary the server uses, over the test's database; data made through yoga.fetch.
    const yoga = buildYoga({ prisma: api.db.prisma, config: api.config });
    server = http.createServer(requestHandler({ yoga, db: api.db, config: api.config, logger: pino({ level: 'silent' }) }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;

    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    const poNumbers = [...hostile, '-12.50', '1234'];
    for (const [i, name] of hostile.entries()) {
      const created = await api.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { userErrors { message } } }`, {
        i: { entityCode: 'US01', code: `H${i}`, name, paymentTerms: 'NET30', deliveryChannel: 'POST' },
      });
      expect(created.createCustomer.userErrors).toEqual([]);
    }
    for (const [i, poNumber] of poNumbers.entries()) {
      const created = await api.ok(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { userErrors { message } } }`, {
        i: { customerCode: `H${i % hostile.length}`, issueDate: '2026-10-01', poNumber, lines: [{ description: 'Fee', quantity: '1', unitPrice: '10.00' }] },
      });
      expect(created.createInvoice.userErrors).toEqual([]);
    }
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await api?.close();
  });

  it('prefixes an apostrophe to every cell a spreadsheet would run, and leaves plain numbers bare', async () => {
    const response = await fetch(`${base}/export/invoices.csv`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(response.status).toBe(200);
    const [header, ...rows] = parseCsv(await response.text());
    const column = (name: string) => rows.map((row) => row[header!.indexOf(name)]);
    expect(column('customer_name')).toEqual([
      `'-2+3+cmd|' /C calc'!A0`, "'=1+1", "'+1", "'@SUM(A1)", `'-1+cmd|'/C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`, "'=1+1",
    ]);
    expect(column('po_number')).toEqual([`'-2+3+cmd|' /C calc'!A0`, "'=1+1", "'+1", "'@SUM(A1)", `'-1+cmd|'/C calc'!A0`, '-12.50', '1234']);
    expect(column('total')).toEqual(Array(7).fill('10.00'));
  });

  it('csvCell: only a whole number skips the apostrophe', () => {
    expect(csvCell(`-2+3+cmd|' /C calc'!A0`)).toBe(`'-2+3+cmd|' /C calc'!A0`);
    expect(csvCell('-1+1')).toBe("'-1+1");
    expect(csvCell('-1e5')).toBe("'-1e5");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@x')).toBe("'@x");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`);
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('1234')).toBe('1234');
    expect(csvCell(-7)).toBe('-7');
    expect(csvCell('2026-10-01')).toBe('2026-10-01');
  });
});

function directives(header: string | string[] | undefined): Record<string, string[]> {
  return Object.fromEntries(String(header ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

/** RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; rows end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i += 1;
    } else {
      cell += ch;
    }
  }
  return rows;
}
