// An in-process API for tests: a fresh migrated database, the Yoga instance called through
// yoga.fetch (real HTTP semantics, no port), and a token for every role.
import { loadConfig, type Config } from '../../api/config.js';
import type { Actor } from '../../api/domain/actor.js';
import { openDatabase, type Database } from '../../api/db/database.js';
import { forgetAuthentications } from '../../api/services/admin/authenticate.js';
import { createApiToken } from '../../api/services/admin/token.service.js';
import { buildYoga } from '../../api/yoga.js';
import type { TestDatabase } from './databases.js';
import { pgliteTemplate } from './pglite-template.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
}

export interface TestApi {
  db: Database;
  config: Config;
  tokens: { ADMIN: string; AR: string; ANALYST: string; VIEWER: string };
  /** Sets the business date the API sees as today. */
  setToday(date: string): void;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  /** Runs a query and fails on any GraphQL error; returns data. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** Number of SQL statements executed while `fn` runs. */
  countQueries(fn: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

export async function startTestApi(database: TestDatabase, options: { today?: string; env?: Record<string, string> } = {}): Promise<TestApi> {
  const { url, drop } = await database.create();
  let counting = 0;
  const db = await openDatabase(url, { onQuery: () => void (counting += 1), embeddedTemplate: url === 'memory://' ? pgliteTemplate() : undefined });
  const config = loadConfig({ DATABASE_URL: url, LEDGERLINE_ADMIN_TOKEN: ADMIN_TOKEN, LEDGERLINE_TLS: 'off', ...options.env });
  let today = options.today ?? '2026-11-25';
  const yoga = buildYoga({ prisma: db.prisma, sql: db.sql, config, today: () => today });
  const system: Actor = { name: 'test-setup', role: 'ADMIN', idempotencyScope: 'test-setup' };
  const tokens = { ADMIN: ADMIN_TOKEN, AR: '', ANALYST: '', VIEWER: '' };
  for (const role of ['AR', 'ANALYST', 'VIEWER'] as const) {
    tokens[role] = (await createApiToken(db.prisma, system, { name: `test-${role.toLowerCase()}`, role })).secret;
  }

  const gql = async <T>(query: string, variables?: Record<string, unknown>, token: string | null = ADMIN_TOKEN): Promise<GraphQLResponse<T>> => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: response.status, ...body };
  };

  return {
    db,
    config,
    tokens,
    setToday: (date) => void (today = date),
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string | null) {
      const result = await gql<T>(query, variables, token);
      if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      return result.data as T;
    },
    async countQueries(fn) {
      // Every count includes the token check: a token is otherwise remembered for a second, so
      // whether a count had the lookup in it would depend on how long the test had run.
      forgetAuthentications();
      const before = counting;
      await fn();
      return counting - before;
    },
    async close() {
      await db.close();
      await drop();
    },
  };
}
