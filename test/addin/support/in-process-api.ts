// The add-in's own API client, its requests answered by a server running in this process
// (test/support/api.ts): the workflow tests drive the real client against the real schema.
import { createLedgerApi, type LedgerApi } from '../../../addin/api/client.js';
import type { TestApi } from '../../support/api.js';

export function inProcessLedgerApi(api: TestApi, token: string): LedgerApi {
  return createLedgerApi({
    serverUrl: 'https://localhost:4000',
    token,
    isOnline: () => true,
    fetch: async (_url, init) => {
      const { query, variables } = JSON.parse(String(init!.body)) as { query: string; variables?: Record<string, unknown> };
      const { status, ...body } = await api.gql(query, variables, token);
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    },
  });
}
