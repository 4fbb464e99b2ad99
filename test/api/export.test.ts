// Flat exports over real HTTP, for BI tools: every dataset as CSV and NDJSON, same tokens, money
// exactly as the API writes it (yen without decimals), formula-looking text defused in CSV,
// and refused parameters answered 400 in JSON before any row is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../api/export.js';
import { Prisma } from '../../api/generated/prisma/client.js';
import { csvTextSql } from '../../api/exports/csv.js';
import { lineSql, type Column } from '../../api/exports/sql-format.js';
import { testDatabases } from '../support/databases.js';
import { ISO_MS, parseCsv, seedBook, startExportApp, type ExportApp } from './export-fixtures.js';

/** The CSV body without its updated_at column (checked apart: it is the clock of the write). */
async function csvRows(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  const rows = parseCsv(await response.text());
  const at = rows[0]!.indexOf('updated_at');
  expect(at).toBe(rows[0]!.length - 1);
  for (const row of rows.slice(1)) expect(row[at]).toMatch(ISO_MS);
  return rows.map((row) => row.slice(0, at));
}

async function ndjsonRows(response: Response): Promise<Record<string, unknown>[]> {
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
  const text = await response.text();
  if (text) expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').filter(Boolean).map((line) => {
    const { updatedAt, ...rest } = JSON.parse(line) as Record<string, unknown>;
    expect(updatedAt).toMatch(ISO_MS);
    return rest;
  });
}

describe.each(testDatabases())('exports on $name', (database) => {
  let api: ExportApp;
  beforeAll(async () => {
    api = await startExportApp(database);
    await seedBook(api);
  });
  afterAll(async () => api?.close());

  it('invoices: one row per invoice in id order, money padded to the currency, CSV-defused text', async () => {
    const response = await api.get('/export/invoices.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="invoices.csv"');
    expect((await csvRows(response)).map((row) => row.join('|'))).toEqual([
      'number|entity|customer_code|customer_name|status|issue_date|due_date|currency|payment_terms|po_number|subtotal|tax_total|total|amount_paid|balance|disputed|paid_date|void_date|void_reason|version',
      // 3 × 3,333.33 JPY = 9,999.99 → whole yen: 10000.
      `JP01-000001|JP01|EVIL|'=HYPERLINK("x")|ISSUED|2026-10-01|2026-10-31|JPY|NET30||10000|0|10000|0|10000|false||||2`,
      // 3 × 410.005 = 1,230.015 → 1230.02; 450.25 applied; a bare number keeps no apostrophe.
      'US01-000001|US01|ACME|Acme, Inc.|PARTIALLY_PAID|2026-10-15|2026-11-14|USD|NET30|-12.50|1230.02|0.00|1230.02|450.25|779.77|false||||3',
      `US01-000002|US01|ACME|Acme, Inc.|ISSUED|2026-09-01|2026-10-01|USD|NET30|'@SUM(A1)|100.00|0.00|100.00|0.00|100.00|false||||2`,
    ]);
    const raw = await (await api.get('/export/invoices.csv?entityCode=JP01')).text();
    expect(raw.split('\r\n')[1]).toMatch(/^JP01-000001,JP01,EVIL,"'=HYPERLINK\(""x""\)",ISSUED,/);
  });

  it('invoices as NDJSON: the same values typed, the raw text, and the filters of the GraphQL list', async () => {
    const rows = await ndjsonRows(await api.get('/export/invoices.ndjson?customerCode=evil'));
    expect(rows).toEqual([{
      number: 'JP01-000001', entity: 'JP01', customerCode: 'EVIL', customerName: '=HYPERLINK("x")', status: 'ISSUED', issueDate: '2026-10-01', dueDate: '2026-10-31',
      currency: 'JPY', paymentTerms: 'NET30', poNumber: null, subtotal: '10000', taxTotal: '0', total: '10000', amountPaid: '0', balance: '10000', disputed: false, paidDate: null, voidDate: null, voidReason: null, version: 2,
    }]);
    const numbers = async (query: string) => (await ndjsonRows(await api.get(`/export/invoices.ndjson?${query}`))).map((row) => row.number);
    expect(await numbers('status=partially_paid')).toEqual(['US01-000001']);
    expect(await numbers('currency=usd&issueDateFrom=2026-10-01')).toEqual(['US01-000001']);
    expect(await numbers('dueDateTo=2026-10-31&open=true')).toEqual(['JP01-000001', 'US01-000002']);
    expect(await numbers('disputed=true')).toEqual([]);
    // The GraphQL list with the same filter gives the same invoices.
    const data = await api.gql(`{ invoices(filter: {currency: "USD", issueDateFrom: "2026-10-01"}) { edges { node { number total amountPaid balance } } } }`);
    expect(data.invoices.edges.map((e: any) => e.node)).toEqual([{ number: 'US01-000001', total: '1230.02', amountPaid: '450.25', balance: '779.77' }]);
  });

  it('payments, customers, projects and risks, in CSV and NDJSON', async () => {
    expect(await csvRows(await api.get('/export/payments.csv'))).toEqual([
      ['id', 'entity', 'customer_code', 'customer_name', 'received_date', 'amount', 'currency', 'reference', 'unapplied_amount'],
      ['1', 'US01', 'ACME', 'Acme, Inc.', '2026-11-10', '500.00', 'USD', 'WIRE 1', '49.75'],
    ]);
    expect(await ndjsonRows(await api.get('/export/payments.ndjson?unappliedOnly=true&receivedFrom=2026-11-01'))).toEqual([
      { id: 1, entity: 'US01', customerCode: 'ACME', customerName: 'Acme, Inc.', receivedDate: '2026-11-10', amount: '500.00', currency: 'USD', reference: 'WIRE 1', unappliedAmount: '49.75' },
    ]);
    expect(await csvRows(await api.get('/export/customers.csv'))).toEqual([
      ['code', 'name', 'entity', 'currency', 'payment_terms', 'credit_limit', 'delivery_channel', 'billing_emails', 'portal_url', 'po_required', 'collector', 'version'],
      ['ACME', 'Acme, Inc.', 'US01', 'USD', 'NET30', '5000.00', 'EMAIL', 'ap@acme.example; cfo@acme.example', '', 'false', 'dana', '1'],
      ['EVIL', `'=HYPERLINK("x")`, 'JP01', 'JPY', 'NET30', '', 'POST', '', '', 'false', '', '1'],
    ]);
    expect(await ndjsonRows(await api.get('/export/customers.ndjson?search=acm'))).toEqual([{
      code: 'ACME', name: 'Acme, Inc.', entity: 'US01', currency: 'USD', paymentTerms: 'NET30', creditLimit: '5000.00', deliveryChannel: 'EMAIL',
      billingEmails: ['ap@acme.example', 'cfo@acme.example'], portalUrl: null, poRequired: false, collector: 'dana', version: 1,
    }]);
    expect(await csvRows(await api.get('/export/projects.csv'))).toEqual([
      ['code', 'name', 'entity', 'owner', 'sponsor', 'status', 'start_date', 'baseline_end_date', 'forecast_end_date', 'actual_end_date', 'budget', 'actual_cost', 'currency', 'percent_complete', 'budget_variance', 'schedule_variance_days', 'version'],
      ['FIN-1', 'Close faster, "really"', 'US01', 'ana', '', 'ACTIVE', '2026-01-01', '2026-12-31', '2027-01-10', '', '125000.50', '40000.25', 'USD', '45.5', '85000.25', '10', '1'],
    ]);
    const project = await api.gql(`{ project(code: "FIN-1") { budget actualCost percentComplete budgetVariance scheduleVarianceDays } }`);
    expect(project.project).toEqual({ budget: '125000.50', actualCost: '40000.25', percentComplete: '45.5', budgetVariance: '85000.25', scheduleVarianceDays: 10 });
    expect(await ndjsonRows(await api.get('/export/projects.ndjson?status=DONE'))).toEqual([]);
    expect(await csvRows(await api.get('/export/risks.csv'))).toEqual([
      ['id', 'project_code', 'title', 'description', 'probability', 'impact', 'score', 'owner', 'mitigation', 'status', 'version'],
      ['1', 'FIN-1', `'=cmd|' /C calc'!A0`, '', '4', '5', '20', 'ana', 'Line one\nline two', 'OPEN', '1'],
      ['2', 'FIN-1', 'Vendor late', '', '2', '3', '6', 'ben', '', 'CLOSED', '1'],
    ]);
    expect(await ndjsonRows(await api.get('/export/risks.ndjson?openOnly=true&projectCode=fin-1'))).toEqual([
      { id: 1, projectCode: 'FIN-1', title: `=cmd|' /C calc'!A0`, description: null, probability: 4, impact: 5, score: 20, owner: 'ana', mitigation: 'Line one\nline two', status: 'OPEN', version: 1 },
    ]);
  });

  it('aging: the GraphQL report’s figures per customer and in total, in the reporting currency', async () => {
    const response = await api.get('/export/aging.csv?asOf=2026-11-25&currency=JPY');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aging-2026-11-25.csv"');
    const rows = await csvRows(response);
    expect(rows).toEqual([
      ['as_of', 'currency', 'customer_code', 'customer_name', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90', 'total', 'unapplied_cash'],
      // USD → JPY at 1 / 0.0065: 779.77 → 119965, 100.00 → 15385, 49.75 → 7654.
      ['2026-11-25', 'JPY', 'ACME', 'Acme, Inc.', '0', '119965', '15385', '0', '0', '135350', '7654'],
      ['2026-11-25', 'JPY', 'EVIL', `'=HYPERLINK("x")`, '0', '10000', '0', '0', '0', '10000', '0'],
      ['2026-11-25', 'JPY', 'TOTAL', '', '0', '129965', '15385', '0', '0', '145350', '7654'],
    ]);
    const report = (await api.gql(`{ agingReport(asOf: "2026-11-25", currency: "JPY") { total { days1To30 days31To60 total } unappliedCash customers { customer { code } buckets { total } } } }`)).agingReport;
    expect(report.total).toEqual({ days1To30: '129965', days31To60: '15385', total: '145350' });
    expect(report.customers.map((c: any) => [c.customer.code, c.buckets.total])).toEqual([['ACME', '135350'], ['EVIL', '10000']]);
    const usd = await ndjsonRows(await api.get('/export/aging.ndjson?asOf=2026-11-25&entityCode=JP01'));
    expect(usd).toEqual([
      { asOf: '2026-11-25', currency: 'USD', customerCode: 'EVIL', customerName: '=HYPERLINK("x")', current: '0.00', days1To30: '65.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '65.00', unappliedCash: '0.00' },
      { asOf: '2026-11-25', currency: 'USD', customerCode: 'TOTAL', customerName: '', current: '0.00', days1To30: '65.00', days31To60: '0.00', days61To90: '0.00', over90: '0.00', total: '65.00', unappliedCash: '0.00' },
    ]);
  });

  it('the collections worklist and the KPI scorecard and history: the GraphQL figures, row for row', async () => {
    const worklist = await ndjsonRows(await api.get('/export/worklist.ndjson?asOf=2026-11-25'));
    const graphql = (await api.gql(`{ collectionsWorklist(asOf: "2026-11-25") { customer { code } currency pastDue oldestDaysPastDue priority billingCurrency pastDueInBillingCurrency } }`)).collectionsWorklist;
    expect(worklist.map((row) => [row.customerCode, row.currency, row.pastDue, row.oldestDaysPastDue, row.priority, row.billingCurrency, row.pastDueInBillingCurrency]))
      .toEqual(graphql.map((item: any) => [item.customer.code, item.currency, item.pastDue, item.oldestDaysPastDue, item.priority, item.billingCurrency, item.pastDueInBillingCurrency]));
    expect(worklist.map((row) => [row.customerCode, row.pastDue, row.oldestDaysPastDue])).toEqual([['ACME', '879.77', 55], ['EVIL', '65.00', 25]]);
    expect((await csvRows(await api.get('/export/worklist.csv?asOf=2026-11-25&first=1'))).slice(1).map((row) => row[1])).toEqual(['ACME']);

    const scorecard = await ndjsonRows(await api.get('/export/kpi-scorecard.ndjson?period=2026-10'));
    const values = (await api.gql(`{ kpiScorecard(period: "2026-10") { code period actual liveActual target tolerance status closed restated } }`)).kpiScorecard;
    expect(values.length).toBeGreaterThan(3);
    expect(scorecard.map((row) => ({ code: row.code, period: row.period, actual: row.actual, liveActual: row.liveActual, target: row.target, tolerance: row.tolerance, status: row.status, closed: row.closed, restated: row.restated }))).toEqual(values);
    const csv = await csvRows(await api.get('/export/kpi-scorecard.csv?period=2026-10'));
    expect(csv[0]).toEqual(['code', 'name', 'unit', 'direction', 'source', 'period', 'entity_code', 'currency', 'actual', 'live_actual', 'target', 'tolerance', 'status', 'closed', 'restated']);
    expect(csv).toHaveLength(values.length + 1);

    const history = await ndjsonRows(await api.get('/export/kpi-history.ndjson?code=dso&from=2026-09&to=2026-11'));
    const graphqlHistory = (await api.gql(`{ kpiHistory(code: "DSO", from: "2026-09", to: "2026-11") { period actual status } }`)).kpiHistory;
    expect(history.map((row) => ({ period: row.period, actual: row.actual, status: row.status }))).toEqual(graphqlHistory);
    expect(history.map((row) => row.period)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  it('refuses a missing token, unknown datasets and bad parameters in JSON, streaming nothing', async () => {
    expect((await api.get('/export/invoices.csv', null)).status).toBe(401);
    expect((await api.get('/export/risks.ndjson', 'llt_wrong_token')).status).toBe(401);
    const refusals: [string, number, RegExp][] = [
      ['/export/aging.csv?asOf=2026-02-30', 400, /YYYY-MM-DD/],
      ['/export/invoices.csv?status=OPEN', 400, /PARTIALLY_PAID/],
      ['/export/invoices.csv?foo=1', 400, /accepts entityCode, customerCode, status/],
      ['/export/invoices.csv?status=PAID&status=VOID', 400, /more than once/],
      ['/export/invoices.ndjson?overdue=yes', 400, /true or false/],
      ['/export/invoices.csv?updatedSince=yesterday', 400, /ISO 8601/],
      ['/export/invoices.csv?updatedSince=2026-13-01T00:00:00Z', 400, /ISO 8601/],
      ['/export/payments.csv?receivedFrom=2026-11-31', 400, /calendar date/],
      ['/export/customers.csv?search=' + 'x'.repeat(500), 400, /at most/],
      ['/export/invoices.csv?currency=XXZ', 400, /ISO 4217/],
      ['/export/invoices.csv?entityCode=%27%20OR%201%3D1--', 404, /No entity/],
      ['/export/risks.csv?projectCode=NOPE', 404, /No project/],
      ['/export/worklist.csv?first=abc', 400, /first/],
      ['/export/worklist.csv?first=100000', 400, /1000/],
      ['/export/kpi-scorecard.csv', 400, /period is required/],
      ['/export/kpi-scorecard.csv?period=2026-13', 400, /period/],
      ['/export/kpi-history.csv?code=NOPE&from=2026-01&to=2026-02', 404, /NOPE/],
      ['/export/aging.csv?asOf=2026-11-25&currency=EUR', 400, /EUR|rate/],
      ['/export/ledger.csv', 404, /available: \/export\/invoices/],
      ['/export/invoices.xlsx', 404, /available/],
      ['/export/invoices.csv.csv', 404, /available/],
      ['/export/INVOICES.csv', 404, /available/],
    ];
    for (const [path, status, message] of refusals) {
      const response = await api.get(path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toBe('application/json; charset=utf-8');
      expect(response.headers.get('content-disposition'), path).toBeNull();
      const body = (await response.json()) as { error: string };
      expect(body.error, path).toMatch(message);
    }
    const unknown = (await (await api.get('/export/payments.csv?entity=US01')).json()) as { parameter: string; accepted: string[] };
    expect(unknown).toMatchObject({ parameter: 'entity', accepted: ['entityCode', 'customerCode', 'receivedFrom', 'receivedTo', 'unappliedOnly', 'updatedSince', 'updatedBefore'] });
    const post = await fetch(`${api.base}/export/invoices.csv`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    expect(post.status).toBe(405);
    // A search with LIKE wildcards matches them literally.
    expect(await ndjsonRows(await api.get('/export/customers.ndjson?search=%25'))).toEqual([]);
  });

  const hostile = ['a,b', 'say "hi"', '-12.50', '@cmd', '=1+1', '\t=1', '\r=1', 'x\ny', '=A1,"x"', '1234', '-1e5', '+1', '-', `-2+3+cmd|' /C calc'!A0`, 'plain', ''];

  it('defuses text in SQL exactly as csvCell does in Node', async () => {
    const prisma = api.app.db.prisma;
    for (const text of hostile) {
      const [row] = await prisma.$queryRaw<{ cell: string }[]>(Prisma.sql`SELECT ${csvTextSql(Prisma.sql`${text}::text`)} AS cell`);
      expect(row!.cell, JSON.stringify(text)).toBe(csvCell(text));
    }
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(null)).toBe('');
  });

  it('writes a whole CSV line in SQL as csvLine does, whichever cell holds the hostile text', async () => {
    const prisma = api.app.db.prisma;
    // A unit separator is what the line's one test joins the cells with.
    for (const text of [...hostile, '\x1f=1', 'a\x1f@b']) {
      const columns: Column[] = [
        { name: 'a', sql: Prisma.sql`${text}::text`, kind: 'text' },
        { name: 'b', sql: Prisma.sql`'2026-01-01'::text`, kind: 'formatted' },
        { name: 'c', sql: Prisma.sql`ARRAY['x', ${text}::text]`, kind: 'list' },
        { name: 'd', sql: Prisma.sql`'plain'::text`, kind: 'text' },
        { name: 'e', sql: Prisma.sql`NULL::text`, kind: 'text' },
      ];
      const [row] = await prisma.$queryRaw<{ line: string }[]>(Prisma.sql`SELECT ${lineSql(columns, 'csv')} AS line`);
      expect(row!.line, JSON.stringify(text)).toBe(csvLine([text, '2026-01-01', `x; ${text}`, 'plain', null]));
    }
  });
});

describe('report exports spend the token’s ledger-work budget, as GraphQL does', () => {
  let api: ExportApp;
  beforeAll(async () => {
    api = await startExportApp(testDatabases()[0]!, { LEDGERLINE_WORK_PER_MINUTE: '14' });
  });
  afterAll(async () => api?.close());

  it('a 12-month KPI history costs 12 scans; past the minute’s budget the answer is 429 with Retry-After', async () => {
    expect((await api.get('/export/kpi-history.csv?code=DSO&from=2026-01&to=2026-12')).status).toBe(200);
    expect((await api.get('/export/aging.csv?asOf=2026-11-25')).status).toBe(200);
    const refused = await api.get('/export/kpi-history.ndjson?code=DSO&from=2026-01&to=2026-12');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { code: string }).code).toBe('RATE_LIMITED');
    // Row exports are no ledger scans: they still run.
    expect((await api.get('/export/customers.csv')).status).toBe(200);
  });
});
