// No N+1: the SQL statements behind a page of invoices with customer and lines do not grow
// with the page size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const PAGE = `query Page($first: Int!) {
  invoices(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { number total balance customer { code name entity { code } } lines { lineNo amount } } }
  }
}`;

describe.each(testDatabases())('query shape on $name', (database) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi(database);
    await api.ok(`mutation { createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } } }`);
    for (let c = 0; c < 5; c++) {
      await api.ok(`mutation { createCustomer(input: {entityCode: "US01", code: "C${c}", name: "Customer ${c}", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    }
    // 600 invoices with two lines each, inserted set-based to keep the test quick.
    await api.db.prisma.$executeRaw`
      INSERT INTO invoice (number, entity_id, customer_id, issue_date, due_date, currency, payment_terms, subtotal, total, status)
      SELECT 'US01-' || lpad(g::text, 6, '0'), 1, 1 + g % 5, DATE '2026-01-01' + g % 300, DATE '2026-01-31' + g % 300, 'USD', 'NET30', 30, 30, 'ISSUED'
      FROM generate_series(1, 600) g`;
    await api.db.prisma.$executeRaw`
      INSERT INTO invoice_line (invoice_id, line_no, description, quantity, unit_price, amount)
      SELECT i.id, l, 'Line ' || l, 1, 15, 15 FROM invoice i CROSS JOIN generate_series(1, 2) l`;
  });
  afterAll(async () => api?.close());

  it('a page of 500 invoices with customer and lines costs as many statements as a page of 10', async () => {
    let small: any;
    let large: any;
    const smallCount = await api.countQueries(async () => (small = await api.ok(PAGE, { first: 10 })));
    const largeCount = await api.countQueries(async () => (large = await api.ok(PAGE, { first: 500 })));
    expect(small.invoices.edges).toHaveLength(10);
    expect(large.invoices.edges).toHaveLength(500);
    expect(large.invoices.edges[499].node.lines).toHaveLength(2);
    expect(large.invoices.totalCount).toBe(600);
    expect(largeCount).toBe(smallCount);
    // The token check (one statement, also for LEDGERLINE_ADMIN_TOKEN: is the caller throttled?),
    // and one statement that builds the page with its customers, their entities, its lines and
    // totalCount (the SQL read path, api/read/).
    expect(largeCount).toBeLessThanOrEqual(2);
  });

  it('pages follow each other with the cursor, without overlap', async () => {
    const first = await api.ok(`{ invoices(first: 250) { pageInfo { endCursor hasNextPage } edges { node { number } } } }`);
    const after = first.invoices.pageInfo.endCursor;
    const second = await api.ok(`query($after: String) { invoices(first: 1000, after: $after) { pageInfo { hasNextPage } edges { node { number } } } }`, { after });
    const numbers = [...first.invoices.edges, ...second.invoices.edges].map((e: any) => e.node.number);
    expect(new Set(numbers).size).toBe(600);
    expect(second.invoices.pageInfo.hasNextPage).toBe(false);
  });
});
