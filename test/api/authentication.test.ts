// Authentication as an attacker tries it: secrets of the admin token's length with multi-byte
// characters, thousands of guesses, invalid documents sent without a token; and requests that
// ask for far more ledger work than the add-in ever does.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { clientAddress } from '../../api/client-address.js';
import { loadConfig } from '../../api/config.js';
import { ADMIN_TOKEN, startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request from a chosen loopback address (127.0.0.0/8 all reach the server). */
function post(url: string, from: string, headers: Record<string, string>, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const ME = JSON.stringify({ query: '{ me { name role } }' });

describe.each(testDatabases())('authentication over HTTP on $name', (database) => {
  let app: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await database.create();
    drop = created.drop;
    app = await startApp(loadConfig({
      DATABASE_URL: created.url,
      PORT: '0',
      LEDGERLINE_TLS: 'off',
      LEDGERLINE_DEMO_DATA: '0',
      LEDGERLINE_LOG_LEVEL: 'silent',
      LEDGERLINE_ADMIN_TOKEN: ADMIN_TOKEN,
    }));
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('a secret of the admin token\'s length with multi-byte characters is a plain 401, not a 500', async () => {
    for (const secret of ['é'.repeat(ADMIN_TOKEN.length), `${ADMIN_TOKEN.slice(0, -1)}é`, `${ADMIN_TOKEN.slice(0, -2)}€`]) {
      // Raw bytes on the wire: UTF-8, as a client that does not check would send them.
      const reply = await new Promise<Reply>((resolve, reject) => {
        const req = http.request(app.url, { method: 'POST', localAddress: '127.0.0.9', headers: { 'content-type': 'application/json' } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        });
        req.on('error', reject);
        req.setHeader('authorization', Buffer.from(`Bearer ${secret}`, 'utf8').toString('latin1'));
        req.end(ME);
      });
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(reply.body).not.toMatch(/stack|timingSafeEqual|at /);
    }
  });

  it('guessing from one address: 401 up to the limit, then 429 with Retry-After — for a right guess too; other addresses unaffected', async () => {
    const from = '127.0.0.7';
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 30; i++) {
      last = await post(app.url, from, { authorization: `Bearer llt_guess_${i}` }, ME);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(JSON.parse(last!.body).errors[0].extensions.code).toBe('RATE_LIMITED');

    // The right secret from the blocked address is refused the same way (no oracle) …
    const right = await post(app.url, from, { authorization: `Bearer ${ADMIN_TOKEN}` }, ME);
    expect(right.status).toBe(429);
    // … and the exports are behind the same door.
    const exported = await new Promise<number>((resolve, reject) => {
      http.get(app.url.replace('/graphql', '/export/invoices.csv'), { localAddress: from, headers: { authorization: 'Bearer llt_guess_x' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(exported).toBe(429);
    // Another client goes on working.
    const other = await post(app.url, '127.0.0.8', { authorization: `Bearer ${ADMIN_TOKEN}` }, ME);
    expect(JSON.parse(other.body)).toEqual({ data: { me: { name: 'admin-token', role: 'ADMIN' } } });
  });

  it('the counters live in the database, where every instance sees them', async () => {
    const rows = await app.db.prisma.requestThrottle.findMany({ where: { key: 'ip:127.0.0.7' } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.count).toBe(20); // past the limit, attempts are refused before they are even checked
  });
});

describe.each(testDatabases())('authentication and work limits in process on $name', (database) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(database, { env: { LEDGERLINE_WORK_PER_MINUTE: '100' } });
  });
  afterAll(async () => api?.close());

  it('without a valid token, an invalid document tells nothing of the schema', async () => {
    for (const token of [null, 'llt_wrong']) {
      const response = await api.gql('{ invoicez { nodes { secretField } } }', {}, token);
      expect(response.status).toBe(401);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(response)).not.toMatch(/invoicez|Did you mean|Cannot query/);
    }
    const known = await api.gql('{ invoicez { nodes { secretField } } }', {}, api.tokens.VIEWER);
    expect(known.errors![0]!.message).toMatch(/Cannot query field "invoicez"/);
  });

  it('the same wrong secret, sent again and again, is throttled per secret', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await api.gql('{ me { name } }', {}, 'llt_revoked_but_still_configured')).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual([429, 429]);
    // A valid token is not held up by someone else's wrong secret.
    expect((await api.ok('{ me { role } }', {}, api.tokens.VIEWER)).me.role).toBe('VIEWER');
  });

  it('29 aliased five-year kpiHistory calls are refused before any of them runs', async () => {
    const fields = Array.from({ length: 29 }, (_, i) => `h${i}: kpiHistory(code: "DSO", from: "2021-11", to: "2026-10") { period actual }`).join('\n');
    let response: Awaited<ReturnType<TestApi['gql']>> | undefined;
    const started = performance.now();
    const statements = await api.countQueries(async () => {
      response = await api.gql(`{ ${fields} }`, {}, api.tokens.VIEWER);
    });
    const ms = performance.now() - started;
    expect(response!.data ?? null).toBeNull();
    expect(response!.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', work: 29 * 60, maxWork: 240 });
    expect(response!.errors![0]!.message).toMatch(/1740 scans of the ledger .*h0 60.*at most 240/);
    expect(statements).toBeLessThanOrEqual(1); // the token check; no KPI was computed
    expect(ms).toBeLessThan(2000);
  });

  it('work hidden in variables and fragments is counted too', async () => {
    const query = `query($from: String!, $to: String!) { ...A ...B }
      fragment A on Query { a: kpiHistory(code: "DSO", from: $from, to: $to) { period } b: kpiHistory(code: "CEI", from: $from, to: $to) { period } }
      fragment B on Query { ... on Query { c: kpiHistory(code: "ADD", from: $from, to: $to) { period } d: kpiHistory(code: "DSO", from: $from, to: $to) { period } e: kpiHistory(code: "CEI", from: $from, to: $to) { period } } }`;
    const response = await api.gql(query, { from: '2021-11', to: '2026-10' }, api.tokens.VIEWER);
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_EXPENSIVE', work: 300 });
  });

  it('the add-in\'s pulls pass: a 60-month history, a scorecard, an aging report; then the token\'s minute budget runs out with 429', async () => {
    const history = await api.ok('{ kpiHistory(code: "DSO", from: "2021-11", to: "2026-10") { period actual } }', {}, api.tokens.ANALYST);
    expect(history.kpiHistory).toHaveLength(60);
    const reports = await api.ok('{ kpiScorecard(period: "2026-10") { code } agingReport(asOf: "2026-11-25") { total { total } } }', {}, api.tokens.ANALYST);
    expect(reports.agingReport.total.total).toBeDefined();
    // 62 of this token's 100 units are spent: 36 more pass, 12 more do not.
    await api.ok('{ kpiHistory(code: "CEI", from: "2023-11", to: "2026-10") { period } }', {}, api.tokens.ANALYST);
    const over = await api.gql('{ kpiHistory(code: "ADD", from: "2025-11", to: "2026-10") { period } }', {}, api.tokens.ANALYST);
    expect(over.status).toBe(429);
    expect(over.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    // Another token has its own budget.
    expect((await api.ok('{ kpiHistory(code: "ADD", from: "2026-01", to: "2026-10") { period } }', {}, api.tokens.VIEWER)).kpiHistory).toHaveLength(10);
  });
});

describe('the client address used for throttling', () => {
  const socket = (remoteAddress: string) => ({ remoteAddress }) as never;
  it('is the socket peer, IPv4 seen through IPv6 folded; X-Forwarded-For only behind a trusted proxy, last hop', () => {
    expect(clientAddress(socket('::ffff:10.1.2.3'), null, false)).toBe('10.1.2.3');
    expect(clientAddress(socket('10.0.0.1'), '1.1.1.1, 2.2.2.2', false)).toBe('10.0.0.1');
    expect(clientAddress(socket('10.0.0.1'), '1.1.1.1, 2.2.2.2', true)).toBe('2.2.2.2');
    expect(clientAddress(undefined, null, false)).toBeNull();
  });
});
