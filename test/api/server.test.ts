// The real server over real HTTPS: the development certificate, /health, GraphQL with the
// ADMIN token a new database prints once, and the embedded data-directory lock.
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/database.js';

function request(url: string, ca: Buffer, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = https.request(url, { method: options.method ?? 'GET', headers: options.headers, ca }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the server on an embedded data directory', () => {
  let app: RunningApp;
  let printed = '';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledgerline-server-'));
  const databaseUrl = `file:${path.join(dataDir, 'db')}`;

  beforeAll(async () => {
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => void (printed += `${args.join(' ')}\n`));
    try {
      app = await startApp(loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_LOG_LEVEL: 'silent' }));
    } finally {
      log.mockRestore();
    }
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves GraphQL over HTTPS with the development certificate and the printed ADMIN token', async () => {
    expect(app.url).toMatch(/^https:\/\/localhost:\d+\/graphql$/);
    const token = /\b(llt_[A-Za-z0-9_-]+)/.exec(printed)?.[1];
    expect(token).toBeDefined();
    const ca = fs.readFileSync(path.join(os.homedir(), '.office-addin-dev-certs', 'ca.crt'));
    const health = await request(app.url.replace('/graphql', '/health'), ca);
    expect(health).toEqual({ status: 200, body: '{"status":"ok"}' });
    const me = await request(app.url, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { name role } }' }),
    });
    expect(JSON.parse(me.body)).toEqual({ data: { me: { name: 'admin', role: 'ADMIN' } } });
    const anonymous = await request(app.url, ca, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ me { name } }"}' });
    expect(JSON.parse(anonymous.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a second opener of the data directory while the server holds it', async () => {
    await expect(openDatabase(databaseUrl)).rejects.toThrow(/in use by process \d+/);
  });
});
