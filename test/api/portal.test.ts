// The customer portal over real HTTP: a link made with createPortalLink opens a page with only
// that customer's open invoices and balance, escaped; its PDFs come through the same link; an
// expired, revoked, altered or unknown link and another customer's invoice all get the same 404.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedUrl, requestHandler } from '../../api/http/boundary.js';
import { issuePortalLink } from '../../api/services/collections/portal.service.js';
import { buildYoga } from '../../api/yoga.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const CREATE = `mutation($input: CreatePortalLinkInput!) { createPortalLink(input: $input) { portalLink { url expiresAt } ${ERRORS} } }`;
const REVOKE = `mutation($input: RevokePortalLinksInput!) { revokePortalLinks(input: $input) { revoked ${ERRORS} } }`;

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  return text;
}

describe.each(testDatabases())('customer portal on $name', (database) => {
  let api: TestApi;
  let server: http.Server;
  let origin: string;
  const numbers: Record<string, string> = {};

  /** GraphQL over the real server, so links are made for the origin the request came to. */
  async function graphql(query: string, input: Record<string, unknown>, token = api.tokens.AR) {
    const response = await fetch(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { input } }),
    });
    return (await response.json()) as { data?: any; errors?: { extensions: { code: string } }[] };
  }
  async function link(customerCode: string, expiresInDays?: number): Promise<string> {
    const { data } = await graphql(CREATE, { customerCode, ...(expiresInDays ? { expiresInDays } : {}) });
    expect(data.createPortalLink.userErrors).toEqual([]);
    return data.createPortalLink.portalLink.url;
  }
  const page = (url: string) => fetch(url, { redirect: 'manual' });

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    const yoga = buildYoga({ prisma: api.db.prisma, config: api.config, today: () => TODAY });
    server = http.createServer(requestHandler({ yoga, db: api.db, config: api.config, logger: pino({ level: 'silent' }), today: () => TODAY }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const write = async (name: string, inputType: string, input: Record<string, unknown>, result: string) => {
      const data = await api.ok(`mutation($input: ${inputType}!) { ${name}(input: $input) { ${result} ${ERRORS} } }`, { input });
      expect(data[name].userErrors, name).toEqual([]);
      return data[name];
    };
    await write('createEntity', 'CreateEntityInput', { code: 'US01', name: 'Ledgerline Inc.', currency: 'USD' }, 'entity { code }');
    for (const [code, name] of [['ACME', 'Acme <b>Tools</b> & "Sons"'], ['OTHER', 'Other Corp']]) {
      await write('createCustomer', 'CreateCustomerInput', { entityCode: 'US01', code, name, paymentTerms: 'NET30', deliveryChannel: 'POST' }, 'customer { code }');
    }
    const invoice = async (key: string, customerCode: string, issueDate: string, amount: string, description = 'Services') => {
      numbers[key] = (await write('createInvoice', 'CreateInvoiceInput', { customerCode, issueDate, lines: [{ description, quantity: '1', unitPrice: amount }] }, 'invoice { number }')).invoice.number;
    };
    await invoice('overdue', 'ACME', '2026-09-01', '1000'); // part paid: 750 open, 55 days overdue
    await invoice('current', 'ACME', '2026-11-10', '250');
    await invoice('paid', 'ACME', '2026-10-01', '300');
    await invoice('void', 'ACME', '2026-10-02', '99');
    await invoice('other', 'OTHER', '2026-10-05', '4321');
    await write('recordPayment', 'RecordPaymentInput', {
      customerCode: 'ACME', receivedDate: '2026-11-01', amount: '550.00', currency: 'USD', reference: 'WIRE-1',
      applications: [{ invoiceNumber: numbers.overdue, amount: '250.00' }, { invoiceNumber: numbers.paid, amount: '300.00' }],
    }, 'payment { id }');
    await write('voidInvoice', 'VoidInvoiceInput', { invoiceNumber: numbers.void, reason: 'Duplicate', voidDate: '2026-10-03' }, 'invoice { number }');
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await api?.close();
  });

  it('shows only that customer’s open invoices and balance, escaped, with headers that keep the link private', async () => {
    const url = await link('ACME');
    expect(url).toMatch(new RegExp(`^${origin}/portal/[A-Za-z0-9_-]{43}$`));
    const response = await page(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain('Acme &lt;b&gt;Tools&lt;/b&gt; &amp; &quot;Sons&quot;');
    expect(html).not.toContain('<b>Tools</b>');
    expect(html).toContain(numbers.overdue);
    expect(html).toContain(numbers.current);
    expect(html).toContain('750.00');
    expect(html).toContain('55 days overdue');
    // Open balance: 750 + 250.
    expect(html).toContain('USD 1000.00');
    // Not the paid or void invoice as open ones (the statement may mention them), never another customer's.
    const openTable = html.slice(html.indexOf('<h2>Open invoices</h2>'), html.indexOf('<h2>Statement'));
    expect(openTable).not.toContain(numbers.paid);
    expect(openTable).not.toContain(numbers.void);
    expect(html).not.toContain(numbers.other);
    expect(html).not.toContain('4321');
    expect(html).not.toContain('<script');
  });

  it('serves the customer’s PDFs through the same link, and 404 for another customer’s invoice', async () => {
    const url = await link('ACME');
    const invoice = await page(`${url}/invoices/${numbers.overdue}.pdf`);
    expect(invoice.status).toBe(200);
    expect(invoice.headers.get('content-type')).toBe('application/pdf');
    expect(invoice.headers.get('cache-control')).toBe('no-store');
    const invoiceText = await pdfText(await invoice.arrayBuffer());
    expect(invoiceText).toContain(numbers.overdue);
    expect(invoiceText).toContain('1000.00');

    const statement = await page(`${url}/statement.pdf`);
    expect(statement.status).toBe(200);
    expect(statement.headers.get('content-type')).toBe('application/pdf');
    const statementText = await pdfText(await statement.arrayBuffer());
    expect(statementText).toContain('Acme <b>Tools</b>');
    expect(statementText).toContain(numbers.current);

    const notFound = await (await page(`${origin}/portal/${'A'.repeat(43)}`)).text();
    const foreign = await page(`${url}/invoices/${numbers.other}.pdf`);
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe(notFound);
    const missing = await page(`${url}/invoices/US01-999999.pdf`);
    expect(missing.status).toBe(404);
    expect((await page(`${url}/elsewhere`)).status).toBe(404);
  });

  it('answers the same 404 for an unknown, altered, expired or revoked link; stores only the hash', async () => {
    const url = await link('ACME');
    const token = url.split('/').at(-1)!;
    const notFound = await page(`${origin}/portal/${'A'.repeat(43)}`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('cache-control')).toBe('no-store');
    const body = await notFound.text();
    const expect404 = async (target: string) => {
      const response = await page(target);
      expect(response.status, target).toBe(404);
      expect(await response.text()).toBe(body);
    };

    const altered = `${token.slice(0, 10)}${token[10] === 'x' ? 'y' : 'x'}${token.slice(11)}`;
    await expect404(`${origin}/portal/${altered}`);
    await expect404(`${origin}/portal/${token.slice(0, -1)}`);
    await expect404(`${origin}/portal/not-a-token`);
    await expect404(`${origin}/portal/${altered}/statement.pdf`);

    const stored = await api.db.prisma.portalLink.findMany();
    expect(stored.map((row) => row.tokenHash)).toContain(crypto.createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(token);

    // A link that expired a day ago.
    const customer = await api.db.prisma.customer.findUniqueOrThrow({ where: { code: 'ACME' } });
    const expired = await api.db.prisma.$transaction((tx) =>
      issuePortalLink(tx, { customerId: customer.id, createdBy: 'test', expiresInDays: 1, baseUrl: origin, now: new Date(Date.now() - 2 * 86_400_000) }));
    expect(expired.expiresAt.getTime()).toBeLessThan(Date.now());
    await expect404(expired.url);

    // Revoking closes every live link of the customer, the one above included; OTHER's stay.
    const otherUrl = await link('OTHER');
    expect((await page(url)).status).toBe(200);
    const live = await api.db.prisma.portalLink.count({ where: { customerId: customer.id, revokedAt: null, expiresAt: { gt: new Date() } } });
    const { data } = await graphql(REVOKE, { customerCode: 'ACME' });
    expect(data.revokePortalLinks).toEqual({ revoked: live, userErrors: [] });
    await expect404(url);
    await expect404(`${url}/invoices/${numbers.overdue}.pdf`);
    expect((await page(otherUrl)).status).toBe(200);
    expect((await graphql(REVOKE, { customerCode: 'ACME' })).data.revokePortalLinks).toEqual({ revoked: 0, userErrors: [] });
  });

  it('refuses a link for an unknown customer or an expiry outside 1–365 days, writing nothing; needs the AR role', async () => {
    const before = await api.db.prisma.portalLink.count();
    for (const [input, field, code] of [
      [{ customerCode: 'NOBODY' }, ['customerCode'], 'NOT_FOUND'],
      [{ customerCode: 'ACME', expiresInDays: 0 }, ['expiresInDays'], 'OUT_OF_RANGE'],
      [{ customerCode: 'ACME', expiresInDays: 366 }, ['expiresInDays'], 'OUT_OF_RANGE'],
    ] as const) {
      const { data } = await graphql(CREATE, input);
      expect(data.createPortalLink).toEqual({ portalLink: null, userErrors: [{ field, code, message: expect.any(String) }] });
    }
    const forbidden = await graphql(CREATE, { customerCode: 'ACME' }, api.tokens.ANALYST);
    expect(forbidden.errors![0]!.extensions.code).toBe('FORBIDDEN');
    expect(await api.db.prisma.portalLink.count()).toBe(before);

    const { data } = await graphql(CREATE, { customerCode: 'ACME', expiresInDays: 365 });
    const days = (Date.parse(data.createPortalLink.portalLink.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThanOrEqual(365);
  });
});

describe('portal links in the log', () => {
  it('a failed request under /portal/ is logged without the link', () => {
    expect(loggedUrl('/portal/abcDEF123_-xyz/invoices/US01-000001.pdf')).toBe('/portal/<link>/invoices/US01-000001.pdf');
    expect(loggedUrl('/portal/abcDEF123?x=1')).toBe('/portal/<link>?x=1');
    expect(loggedUrl('/graphql?query=x')).toBe('/graphql?query=x');
  });
});
