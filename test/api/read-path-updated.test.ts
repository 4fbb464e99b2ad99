// Incremental refresh: every record a connection serves carries updatedAt (ISO 8601, UTC, with
// milliseconds), and each connection takes updatedSince (records with updatedAt >= it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../api/seed/demo-data.js';
import { seedDemoPortfolio } from '../../api/seed/demo-portfolio.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** connection → [table, how to ask (`%s` = the updatedSince argument, or empty)] */
const CONNECTIONS: Record<string, [string, (since: string) => string]> = {
  invoices: ['invoice', (since) => `invoices(first: 1000${since ? `, filter: { updatedSince: ${since} }` : ''})`],
  customers: ['customer', (since) => `customers(first: 1000${since ? `, updatedSince: ${since}` : ''})`],
  payments: ['payment', (since) => `payments(first: 1000${since ? `, updatedSince: ${since}` : ''})`],
  projects: ['project', (since) => `projects(first: 1000${since ? `, filter: { updatedSince: ${since} }` : ''})`],
  collectionActivities: ['collection_activity', (since) => `collectionActivities(first: 1000${since ? `, updatedSince: ${since}` : ''})`],
};

describe.each(testDatabases())('updatedAt and updatedSince on $name', (database) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    await seedDemoData(api.db.prisma, { today: TODAY, baseCurrency: 'USD', invoices: 120, seed: 3 });
    await seedDemoPortfolio(api.db.prisma, { today: TODAY });
    // Everything last changed on 1 June; the records with ids 2 and 3 later (3 by a millisecond).
    // The touch trigger would stamp the time of this update; it is off for the fixture only.
    for (const [table] of Object.values(CONNECTIONS)) {
      await api.db.prisma.$executeRawUnsafe(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_touch_updated_at`);
      await api.db.prisma.$executeRawUnsafe(`UPDATE ${table} SET updated_at = CASE id
        WHEN 2 THEN TIMESTAMPTZ '2026-11-20 08:30:00.250+00' WHEN 3 THEN TIMESTAMPTZ '2026-11-20 08:30:00.251+00'
        ELSE TIMESTAMPTZ '2026-06-01 00:00:00+00' END`);
      await api.db.prisma.$executeRawUnsafe(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_touch_updated_at`);
    }
  });
  afterAll(async () => api?.close());

  it.each(Object.keys(CONNECTIONS))('%s: updatedAt is the row\'s, to the millisecond, in UTC', async (connection) => {
    const [, ask] = CONNECTIONS[connection]!;
    const data = await api.ok(`{ ${ask('')} { totalCount edges { node { id updatedAt } } } }`);
    const nodes = data[connection].edges.map((edge: any) => edge.node);
    expect(nodes.length).toBeGreaterThan(3);
    for (const node of nodes) expect(node.updatedAt).toMatch(ISO_MS);
    expect(nodes.find((node: any) => node.id === '2').updatedAt).toBe('2026-11-20T08:30:00.250Z');
    expect(nodes.find((node: any) => node.id === '1').updatedAt).toBe('2026-06-01T00:00:00.000Z');
  });

  it.each(Object.keys(CONNECTIONS))('%s: updatedSince keeps the records changed at or after it', async (connection) => {
    const [, ask] = CONNECTIONS[connection]!;
    const ids = async (since: string) => {
      const data = await api.ok(`{ ${ask(since)} { totalCount edges { node { id } } } }`);
      expect(data[connection].totalCount).toBe(data[connection].edges.length);
      return data[connection].edges.map((edge: any) => edge.node.id).sort();
    };
    expect(await ids('"2026-11-20T08:30:00.250Z"')).toEqual(['2', '3']);
    expect(await ids('"2026-11-20T09:30:00.251+01:00"')).toEqual(['3']);
    expect(await ids('"2026-11-20T08:30:00.252Z"')).toEqual([]);
    expect(await ids('"2026-11-20"')).toEqual(['2', '3']);
    const all = await api.ok(`{ ${ask('')} { totalCount } }`);
    expect((await ids('"2026-06-01T00:00:00Z"')).length).toBe(all[connection].totalCount);
  });

  it.each(Object.keys(CONNECTIONS))('%s: an updatedSince that is no timestamp is refused by name', async (connection) => {
    const [, ask] = CONNECTIONS[connection]!;
    const result = await api.gql(`{ ${ask('"last tuesday"')} { edges { node { id } } } }`);
    expect(result.data?.[connection] ?? null).toBeNull();
    const argument = ['invoices', 'projects'].includes(connection) ? 'filter.updatedSince' : 'updatedSince';
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.errors?.[0]?.message).toContain(`${argument}: "last tuesday" is not an ISO 8601 date or timestamp`);
  });

  it('a record written through Prisma (a mutation payload) shows updatedAt the same way', async () => {
    const data = await api.ok(`mutation { createCustomer(input: { entityCode: "US01", code: "FRESH-1", name: "Fresh", paymentTerms: "NET30", deliveryChannel: POST }) {
      customer { code updatedAt } userErrors { message } } }`);
    expect(data.createCustomer.userErrors).toEqual([]);
    const written = data.createCustomer.customer.updatedAt;
    expect(written).toMatch(ISO_MS);
    const read = await api.ok(`{ customers(first: 5, updatedSince: "${written}") { edges { node { code updatedAt } } } }`);
    expect(read.customers.edges.map((edge: any) => edge.node)).toEqual([{ code: 'FRESH-1', updatedAt: written }]);
  });
});
