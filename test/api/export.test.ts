// Flat CSV exports over real HTTP, for BI tools: same tokens, exact money, streamed pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import { csvCell } from '../../api/export.js';

const TOKEN = 'export-test-admin-token-123';

describe('CSV exports', () => {
  let app: RunningApp;
  let base: string;
  const gql = async (query: string) => {
    const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as { data: any; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const get = (path: string, token: string | null = TOKEN) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  beforeAll(async () => {
    app = await startApp(loadConfig({ DATABASE_URL: 'memory://', PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_ADMIN_TOKEN: TOKEN, LEDGERLINE_LOG_LEVEL: 'silent' }));
    base = app.url.replace('/graphql', '');
    await gql(`mutation { createEntity(input: {code: "JP01", name: "Japan", currency: "JPY"}) { userErrors { message } } }`);
    await gql(`mutation { createCustomer(input: {entityCode: "JP01", code: "EVIL", name: "=HYPERLINK(\\"x\\")", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
    await gql(`mutation { createInvoice(input: {customerCode: "EVIL", issueDate: "2026-10-01", lines: [{description: "Licence", quantity: "3", unitPrice: "3333.33"}]}) { userErrors { message } } }`);
  });
  afterAll(async () => app?.close());

  it('streams invoices with money padded to the currency and formula-looking text defused', async () => {
    const response = await get('/export/invoices.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('number,entity,customer_code,customer_name,status,issue_date,due_date,currency,payment_terms,po_number,total,amount_paid,balance,disputed,paid_date,void_date');
    // 3 × 3,333.33 JPY = 9,999.99 → rounded to whole yen: 10000.
    expect(lines[1]).toBe(`JP01-000001,JP01,EVIL,"'=HYPERLINK(""x"")",ISSUED,2026-10-01,2026-10-31,JPY,NET30,,10000,0,10000,false,,`);
    expect(lines).toHaveLength(2);
  });

  it('exports the aging report as of a date, with a total row', async () => {
    const response = await get('/export/aging.csv?asOf=2026-11-25&currency=JPY');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toEqual([
      'as_of,currency,customer_code,customer_name,current,days_1_30,days_31_60,days_61_90,over_90,total',
      `2026-11-25,JPY,EVIL,"'=HYPERLINK(""x"")",0,10000,0,0,0,10000`, // due 10-31: 25 days past due
      '2026-11-25,JPY,TOTAL,,0,10000,0,0,0,10000',
    ]);
  });

  it('refuses a missing token, a bad date and an unknown status with a clear message', async () => {
    expect((await get('/export/invoices.csv', null)).status).toBe(401);
    const bad = await get('/export/aging.csv?asOf=2026-02-30');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/YYYY-MM-DD/);
    const status = await get('/export/invoices.csv?status=OPEN');
    expect(status.status).toBe(400);
    expect(((await status.json()) as { error: string }).error).toMatch(/PARTIALLY_PAID/);
    const missingRate = await get('/export/aging.csv?asOf=2026-11-25&currency=USD');
    expect(missingRate.status).toBe(400);
    expect(await missingRate.json()).toEqual({ error: expect.stringMatching(/JPY/), code: 'FX_RATE_MISSING' });
    const unknownEntity = await get('/export/invoices.csv?entityCode=ZZ99');
    expect(unknownEntity.status).toBe(404);
    expect(await unknownEntity.json()).toEqual({ error: expect.stringContaining('ZZ99'), code: 'NOT_FOUND' });
  });

  it('quotes cells the CSV way', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell(null)).toBe('');
  });
});
