// Named operations over GET, for BI tools that cannot POST a body (Power BI's Web.Contents):
// GET /graphql?documentId=<id>&variables=<json> with a bearer token runs the committed document;
// arbitrary documents still run over POST as before.
import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSISTED_OPERATIONS } from '../../api/persisted-operations.js';
import { buildYoga } from '../../api/yoga.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

describe('the persisted operations catalogue', () => {
  it('holds valid queries only, each named as its id', () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    for (const [id, text] of Object.entries(PERSISTED_OPERATIONS)) {
      const document = parse(text);
      expect(validate(schema, document), id).toEqual([]);
      const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
      expect(operations.map((o) => [o.operation, o.name?.value]), id).toEqual([['query', id]]);
    }
  });
});

describe.each(testDatabases())('persisted operations over GET on $name', (database) => {
  let api: TestApi;
  let yoga: ReturnType<typeof buildYoga>;
  const get = async (params: Record<string, string>, token: string | null = api.tokens.VIEWER) => {
    const response = await yoga.fetch(`http://localhost/graphql?${new URLSearchParams(params)}`, {
      // What Power Query sends: no accept header of its own choosing.
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    yoga = buildYoga({ prisma: api.db.prisma, config: api.config, today: () => '2026-11-25' });
    await api.ok(`mutation { createEntity(input: {code: "JP01", name: "Japan", currency: "JPY"}) { userErrors { message } } }`);
    await api.ok(`mutation { createCustomer(input: {entityCode: "JP01", code: "SAKURA", name: "Sakura KK", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    for (const day of ['01', '02', '03']) {
      await api.ok(`mutation { createInvoice(input: {customerCode: "SAKURA", issueDate: "2026-10-${day}", lines: [{description: "Fee", quantity: "1", unitPrice: "1500"}]}) { userErrors { message } } }`);
    }
  });
  afterAll(async () => api?.close());

  it('runs a named query from the URL, with the same answer as the document POSTed, for any role', async () => {
    const variables = { asOf: '2026-11-25', currency: 'JPY' };
    const viaGet = await get({ documentId: 'agingReport', variables: JSON.stringify(variables) });
    expect(viaGet.status).toBe(200);
    expect(viaGet.body.errors).toBeUndefined();
    expect(viaGet.body.data.agingReport.total).toEqual({ current: '0', days1To30: '4500', days31To60: '0', days61To90: '0', over90: '0', total: '4500' });
    const viaPost = await api.gql(PERSISTED_OPERATIONS.agingReport, variables, api.tokens.VIEWER);
    expect(viaPost.data).toEqual(viaGet.body.data);
  });

  it('pages through invoices with first/after in the variables', async () => {
    const first = await get({ documentId: 'invoicesPage', variables: JSON.stringify({ filter: { entityCode: 'JP01' }, first: 2 }) });
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data.invoices;
    expect(page.totalCount).toBe(3);
    expect(page.edges.map((e: any) => [e.node.number, e.node.total])).toEqual([['JP01-000001', '1500'], ['JP01-000002', '1500']]);
    const second = await get({ documentId: 'invoicesPage', variables: JSON.stringify({ filter: { entityCode: 'JP01' }, first: 2, after: page.pageInfo.endCursor }) });
    expect(second.body.data.invoices.edges.map((e: any) => e.node.number)).toEqual(['JP01-000003']);
    expect(second.body.data.invoices.pageInfo.hasNextPage).toBe(false);
  });

  it('invoicesSince: what changed since a watermark, a void included as a row with its status', async () => {
    const all = await get({ documentId: 'invoicesSince', variables: JSON.stringify({ since: '2000-01-01T00:00:00Z' }) });
    expect(all.body.errors).toBeUndefined();
    const watermark = all.body.data.invoices.edges.map((e: any) => e.node.updatedAt as string).sort().at(-1);
    const before = await get({ documentId: 'invoicesSince', variables: JSON.stringify({ since: watermark }) });
    expect(before.body.data.invoices.edges.map((e: any) => e.node.updatedAt)).toContain(watermark);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const voided = await api.ok(`mutation { voidInvoice(input: {invoiceNumber: "JP01-000002", reason: "Duplicate", voidDate: "2026-11-20"}) { userErrors { message } } }`);
    expect(voided.voidInvoice.userErrors).toEqual([]);
    const since = new Date(Date.parse(watermark) + 1).toISOString();
    const changed = await get({ documentId: 'invoicesSince', variables: JSON.stringify({ since }) });
    expect(changed.body.data.invoices.edges.map((e: any) => [e.node.number, e.node.status, e.node.voidDate, e.node.balance])).toEqual([['JP01-000002', 'VOID', '2026-11-20', '0']]);
  });

  it('takes documentId in a POST body too, and still runs any document POSTed', async () => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${api.tokens.ANALYST}` },
      body: JSON.stringify({ documentId: 'kpiScorecard', variables: { period: '2026-10', entityCode: 'JP01', currency: 'JPY' } }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.kpiScorecard.length).toBeGreaterThan(3);
    expect((await api.ok(`{ me { role } }`, {}, api.tokens.AR)).me.role).toBe('AR');
  });

  it('refuses without a token, an unknown id, a missing document, bad variables and mutations over GET', async () => {
    const anonymous = await get({ documentId: 'agingReport', variables: '{"asOf":"2026-11-25"}' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.data).toBeUndefined();

    const unknown = await get({ documentId: 'dropEverything' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]!.message).toMatch(/persisted operations are: invoicesPage, invoicesSince, paymentsPage/);

    const nothing = await get({});
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors![0]!.message).toMatch(/documentId/);

    const missingVariable = await get({ documentId: 'agingReport' });
    expect(missingVariable.body.errors![0]!.message).toMatch(/\$asOf/);
    expect(missingVariable.body.data).toBeUndefined();

    const badVariable = await get({ documentId: 'agingReport', variables: '{"asOf":"2026-02-30"}' });
    expect(badVariable.body.errors![0]!.message).toMatch(/YYYY-MM-DD|date/i);

    const garbage = await yoga.fetch('http://localhost/graphql?documentId=agingReport&variables=%7Bnot-json', { headers: { authorization: `Bearer ${api.tokens.VIEWER}` } });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/variables parameter must be a JSON object/);
    expect((await get({ documentId: 'agingReport', variables: '[1]' })).status).toBe(400);

    const mutation = await get({ query: 'mutation { createEntity(input: {code: "XX01", name: "X", currency: "USD"}) { userErrors { message } } }' }, api.tokens.ADMIN);
    expect(mutation.status).toBe(405);
    expect((await api.ok(`{ entities { code } }`)).entities.map((e: any) => e.code)).toEqual(['JP01']);
  });
});
