// The urql client: the server address as typed becomes one key, and what goes wrong on the
// wire is told apart — a refused token, a server that is not Ledgerline, no network — and
// Cancel stops a request in flight.
import { describe, expect, it } from 'vitest';
import { ApiError, createLedgerApi, normalizeServerUrl } from '../../../addin/api/client.js';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function failure(fetch: typeof globalThis.fetch, online = true): Promise<ApiError> {
  const api = createLedgerApi({ serverUrl: 'https://ledger.test', token: 'llt_x', fetch, isOnline: () => online });
  const error = await api.query('query Me { me { name role } }').then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('normalizeServerUrl', () => {
  it('keys a server by its base address however it was typed', () => {
    expect(normalizeServerUrl('localhost:4000')).toBe('https://localhost:4000');
    expect(normalizeServerUrl(' https://Ledger.Example.com/graphql/ ')).toBe('https://ledger.example.com');
    expect(normalizeServerUrl('http://10.0.0.5:4000/ledger/graphql')).toBe('http://10.0.0.5:4000/ledger');
    expect(() => normalizeServerUrl('')).toThrow(/Enter the server address/);
    expect(() => normalizeServerUrl('ftp://x')).toThrow(/not an http\(s\) address/);
    expect(() => normalizeServerUrl('https://')).toThrow(/not a web address/);
  });
});

describe('createLedgerApi', () => {
  it('sends the token as a bearer header to <server>/graphql and returns data', async () => {
    const seen: { url: string; auth: string | null; body: string }[] = [];
    const api = createLedgerApi({
      serverUrl: 'https://ledger.test/',
      token: 'llt_x',
      fetch: async (input, init) => {
        seen.push({ url: String(input), auth: new Headers(init?.headers).get('authorization'), body: String(init?.body) });
        return json(200, { data: { me: { name: 'maria', role: 'ANALYST' } } });
      },
    });
    expect(await api.query('query Me { me { name role } }')).toEqual({ me: { name: 'maria', role: 'ANALYST' } });
    expect(seen[0]).toMatchObject({ url: 'https://ledger.test/graphql', auth: 'Bearer llt_x' });
    expect(JSON.parse(seen[0]!.body)).toMatchObject({ operationName: 'Me' });
  });

  it('reads UNAUTHENTICATED (HTTP 401) as a refused token', async () => {
    const error = await failure(async () => json(401, { errors: [{ message: 'The token is unknown, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } }] }));
    expect(error.kind).toBe('unauthenticated');
    expect(error.message).toMatch(/unknown, expired or revoked/);
  });

  it('reads a page without the API as the wrong address', async () => {
    const error = await failure(async () => new Response('Not found. The API is at /graphql.', { status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/plain' } }));
    expect(error.kind).toBe('not-ledgerline');
    expect(error.message).toBe('https://ledger.test answered (HTTP 404) but has no Ledgerline API at /graphql. Check the address.');
  });

  it('tells no network from an unreachable server', async () => {
    const refused = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect((await failure(refused, false)).kind).toBe('offline');
    const unreachable = await failure(refused, true);
    expect(unreachable.kind).toBe('unreachable');
    expect(unreachable.message).toMatch(/Could not reach https:\/\/ledger\.test\. Check the address, that the server is running/);
  });

  it('passes other GraphQL errors on with the server message', async () => {
    const error = await failure(async () => json(200, { errors: [{ message: 'first must be at most 1000', extensions: { code: 'BAD_USER_INPUT' } }] }));
    expect(error).toMatchObject({ kind: 'graphql', message: 'first must be at most 1000' });
  });

  it('aborts the request in flight on Cancel', async () => {
    let aborted = false;
    const api = createLedgerApi({
      serverUrl: 'https://ledger.test',
      token: 'llt_x',
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    });
    const controller = new AbortController();
    const pending = api.query('query Me { me { name } }', {}, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' });
    expect(aborted).toBe(true);
  });
});
