// A small book for the export tests, made through the API as a user would: a yen entity and a
// dollar one, hostile text, a void, a partly applied payment, a project and a risk.
import pino from 'pino';
import { expect } from 'vitest';
import { startApp, type RunningApp } from '../../api/app.js';
import { loadConfig } from '../../api/config.js';
import type { TestDatabase } from '../support/databases.js';

export const TOKEN = 'export-test-admin-token-123';

export interface ExportApp {
  app: RunningApp;
  base: string;
  /** The server's log lines at debug level, parsed. */
  log: { msg: string; [key: string]: unknown }[];
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  get(path: string, token?: string | null): Promise<Response>;
  close(): Promise<void>;
}

export async function startExportApp(database: TestDatabase, env: Record<string, string> = {}): Promise<ExportApp> {
  const { url, drop } = await database.create();
  const log: ExportApp['log'] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void log.push(JSON.parse(line)) });
  const app = await startApp(loadConfig({ DATABASE_URL: url, PORT: '0', LEDGERLINE_TLS: 'off', LEDGERLINE_DEMO_DATA: '0', LEDGERLINE_ADMIN_TOKEN: TOKEN, LEDGERLINE_LOG_LEVEL: 'silent', ...env }), logger);
  const base = app.url.replace('/graphql', '');
  return {
    app,
    base,
    log,
    async gql(query, variables) {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data: any; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    },
    get: (path, token = TOKEN) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} }),
    async close() {
      await app.close();
      await drop();
    },
  };
}

export async function seedBook(api: ExportApp): Promise<void> {
  const run = async (mutation: string, variables?: Record<string, unknown>) => {
    const data = await api.gql(mutation, variables);
    for (const payload of Object.values(data) as { userErrors?: unknown[] }[]) expect(payload.userErrors ?? []).toEqual([]);
  };
  await run(`mutation { createEntity(input: {code: "JP01", name: "Japan", currency: "JPY"}) { userErrors { message } } }`);
  await run(`mutation { createEntity(input: {code: "US01", name: "United States", currency: "USD"}) { userErrors { message } } }`);
  await run(`mutation { setFxRate(input: {currency: "JPY", date: "2026-10-31", rate: "0.0067"}) { userErrors { message } } }`);
  await run(`mutation { setFxRate(input: {currency: "JPY", date: "2026-11-24", rate: "0.0065"}) { userErrors { message } } }`);
  await run(`mutation { createCustomer(input: {entityCode: "JP01", code: "EVIL", name: "=HYPERLINK(\\"x\\")", paymentTerms: "NET30", deliveryChannel: POST}) { userErrors { message } } }`);
  await run(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { userErrors { message } } }`, {
    i: { entityCode: 'US01', code: 'ACME', name: 'Acme, Inc.', paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: ['ap@acme.example', 'cfo@acme.example'], creditLimit: '5000', collector: 'dana' },
  });
  // 3 × 3,333.33 JPY = 9,999.99 → rounded to whole yen: 10000.
  await run(`mutation { createInvoice(input: {customerCode: "EVIL", issueDate: "2026-10-01", lines: [{description: "Licence", quantity: "3", unitPrice: "3333.33"}]}) { userErrors { message } } }`);
  await run(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-10-15", poNumber: "-12.50", lines: [{description: "Support", quantity: "3", unitPrice: "410.005"}]}) { userErrors { message } } }`);
  await run(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-09-01", poNumber: "@SUM(A1)", lines: [{description: "Setup", quantity: "1", unitPrice: "100.00"}]}) { userErrors { message } } }`);
  await run(`mutation { recordPayment(input: {customerCode: "ACME", receivedDate: "2026-11-10", amount: "500.00", currency: "USD", reference: "WIRE 1", applications: [{invoiceNumber: "US01-000001", amount: "450.25"}]}) { userErrors { message } } }`);
  await run(`mutation { createProject(input: {code: "FIN-1", name: "Close faster, \\"really\\"", entityCode: "US01", owner: "ana", startDate: "2026-01-01", baselineEndDate: "2026-12-31", forecastEndDate: "2027-01-10", budget: "125000.50", actualCost: "40000.25", percentComplete: "45.5", currency: "USD", status: ACTIVE}) { userErrors { message } } }`);
  await run(`mutation { createRisk(input: {projectCode: "FIN-1", title: "=cmd|' /C calc'!A0", probability: 4, impact: 5, owner: "ana", mitigation: "Line one\\nline two"}) { userErrors { message } } }`);
  await run(`mutation { createRisk(input: {projectCode: "FIN-1", title: "Vendor late", probability: 2, impact: 3, owner: "ben", status: CLOSED}) { userErrors { message } } }`);
}

/** Splits a CSV body into rows of cells (RFC 4180: quoted cells may hold commas, quotes, line ends). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(cell), (cell = '');
    else if (char === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += char;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
