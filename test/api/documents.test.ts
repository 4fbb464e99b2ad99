// The document files over real HTTP: an issued invoice as PDF (its text read back: number,
// customer, due date, total as the API formats it) and as a UBL e-invoice valid against the
// OASIS UBL 2.1 schema; a customer's statement; the day's print batch of letters sent by post;
// and the refusals — no token 401, unknown numbers 404, malformed paths and dates 400 saying
// what is accepted, hostile paths never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../support/databases.js';
import { pdfPages, pdfText, ublSchemaErrors } from '../documents/fixtures.js';
import { dunningLetterPdf } from '../../api/services/documents/documents.service.js';
import { startExportApp, type ExportApp } from './export-fixtures.js';

const PRINT_DAY = '2026-11-20';

describe.each(testDatabases())('document files on $name', (database) => {
  let api: ExportApp;
  let viewer: string;
  const invoices: Record<string, { number: string; total: string; dueDate: string }> = {};

  const run = async (mutation: string, variables: Record<string, unknown>) => {
    const data = await api.gql(mutation, variables);
    for (const payload of Object.values(data) as { userErrors?: unknown[] }[]) expect(payload.userErrors ?? []).toEqual([]);
    return data;
  };
  const invoice = async (key: string, input: Record<string, unknown>) => {
    const data = await run(`mutation($i: CreateInvoiceInput!) { createInvoice(input: $i) { invoice { number total dueDate } userErrors { message } } }`, { i: input });
    invoices[key] = data.createInvoice.invoice;
  };

  beforeAll(async () => {
    // The worker stays off: this test plays its part for the print batch (POST → SENT in a batch).
    api = await startExportApp(database, { LEDGERLINE_DELIVERY_WORKER: 'off' });
    viewer = (await api.gql(`mutation { createApiToken(input: {name: "bi", role: VIEWER}) { token userErrors { message } } }`)).createApiToken.token;
    const entity = `mutation($i: CreateEntityInput!) { createEntity(input: $i) { userErrors { message } } }`;
    await run(entity, { i: { code: 'DE01', name: 'Germany', currency: 'EUR', legalName: 'Ledgerline Deutschland GmbH', addressLines: ['Friedrichstraße 68'], city: 'Berlin', postalCode: '10117', countryCode: 'DE', taxId: 'DE123456789', bankName: 'Berliner Bank', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' } });
    await run(entity, { i: { code: 'JP01', name: 'Japan', currency: 'JPY' } });
    const customer = `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { userErrors { message } } }`;
    await run(customer, { i: { entityCode: 'DE01', code: 'ACME', name: 'Acme Handels AG', paymentTerms: 'NET30', deliveryChannel: 'EMAIL', billingEmails: ['ap@acme.example'], billingAddressLines: ['Hauptstraße 1'], billingCity: 'München', billingPostalCode: '80331', billingCountryCode: 'DE', taxId: 'DE987654321' } });
    await run(customer, { i: { entityCode: 'DE01', code: 'AMP', name: 'A & B <Ltd> "Ünïcode" 東京', paymentTerms: 'NET30', deliveryChannel: 'POST', billingAddressLines: ['1 <Main> & Co Street'], billingCity: 'Paris', billingPostalCode: '75001', billingCountryCode: 'FR' } });
    await run(customer, { i: { entityCode: 'JP01', code: 'YEN', name: 'Yen Trading KK', paymentTerms: 'EOM', deliveryChannel: 'POST' } });

    // 2 × 500 + 234.50 = 1234.50 net; 19 % → 234.555 → 234.56 tax; total 1469.06.
    await invoice('taxed', { customerCode: 'ACME', issueDate: '2026-11-02', poNumber: 'PO-7781', lines: [
      { description: 'Consulting', quantity: '2', unitPrice: '500', taxRate: '19' },
      { description: 'Travel expenses', quantity: '1', unitPrice: '234.50', taxRate: '19' },
    ] });
    await run(`mutation { recordPayment(input: {customerCode: "ACME", receivedDate: "2026-11-10", amount: "469.06", currency: "EUR", reference: "WIRE 1", applications: [{invoiceNumber: "DE01-000001", amount: "469.06"}]}) { userErrors { message } } }`, {});
    await invoice('hostile', { customerCode: 'AMP', issueDate: '2026-11-03', lines: [{ description: 'Widgets <b>bold</b> & “quotes” 😀', quantity: '3', unitPrice: '10.005' }] });
    await invoice('yen', { customerCode: 'YEN', issueDate: '2026-11-04', lines: [{ description: 'Licence', quantity: '3', unitPrice: '3333.33', taxRate: '10' }] });
    await invoice('hostile2', { customerCode: 'AMP', issueDate: '2026-11-05', lines: [{ description: 'Second', quantity: '1', unitPrice: '99' }] });
    await run(`mutation { createInvoice(input: {customerCode: "ACME", issueDate: "2026-11-06", issue: false, lines: [{description: "Draft", quantity: "1", unitPrice: "1"}]}) { invoice { number } userErrors { message } } }`, {});

    // What the outbox worker does with POST deliveries: SENT, in the day's print batch.
    await api.app.db.prisma.invoiceDelivery.updateMany({ where: { channel: 'POST' }, data: { status: 'SENT', sentAt: new Date(), printBatch: new Date(`${PRINT_DAY}T00:00:00Z`) } });
  });
  afterAll(async () => api?.close());

  it('GET /invoices/<number>.pdf: a PDF whose text has the number, customer, due date and total as the API writes them; the same text every time', async () => {
    const { number, total, dueDate } = invoices.taxed!;
    expect({ number, total, dueDate }).toEqual({ number: 'DE01-000001', total: '1469.06', dueDate: '2026-12-02' });
    const response = await api.get(`/invoices/${number}.pdf`, viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="DE01-000001.pdf"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await pdfText(bytes);
    for (const expected of [number, 'Acme Handels AG', dueDate, total, 'Ledgerline Deutschland GmbH', 'Hauptstraße 1', 'Tax ID: DE123456789',
      '1 Consulting 2 500.00 19% S 1000.00', 'Subtotal 1234.50', 'Tax 234.56', 'Total EUR 1469.06', 'Amount paid 469.06', 'Balance due EUR 1000.00', 'IBAN: DE89 3704 0044 0532 0130 00']) {
      expect(text).toContain(expected);
    }
    const again = new Uint8Array(await (await api.get(`/invoices/${number.toLowerCase()}.pdf`, viewer)).arrayBuffer());
    expect(await pdfText(again)).toBe(text);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('GET /invoices/<number>.xml: a UBL invoice valid against the UBL 2.1 schema, its ID the number and PayableAmount the total', async () => {
    for (const key of ['taxed', 'hostile', 'yen'] as const) {
      const { number, total } = invoices[key]!;
      const response = await api.get(`/invoices/${number}.xml`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${number}.xml"`);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const xml = await response.text();
      expect(await ublSchemaErrors(xml)).toEqual([]);
      expect(xml).toContain(`<cbc:ID>${number}</cbc:ID>`);
      expect(xml).toMatch(new RegExp(`<cbc:PayableAmount currencyID="(EUR|JPY)">${total}</cbc:PayableAmount>`));
      expect(xml).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>');
      expect(xml).toContain('<cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>');
    }
    const taxed = await (await api.get('/invoices/DE01-000001.xml')).text();
    expect(taxed).toMatch(/<cac:TaxSubtotal>\s*<cbc:TaxableAmount currencyID="EUR">1234.50<\/cbc:TaxableAmount>\s*<cbc:TaxAmount currencyID="EUR">234.56<\/cbc:TaxAmount>/);
    expect(taxed).toContain('<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>');
    const hostile = await (await api.get(`/invoices/${invoices.hostile!.number}.xml`)).text();
    expect(hostile).toContain('<cbc:RegistrationName>A &amp; B &lt;Ltd&gt; &quot;Ünïcode&quot; 東京</cbc:RegistrationName>');
    expect(invoices.yen).toMatchObject({ number: 'JP01-000001', total: '11000' });
  });

  it('GET /customers/<code>/statement.pdf: the statement of the period with the invoice and the payment, closing at the open balance', async () => {
    const response = await api.get('/customers/acme/statement.pdf?from=2026-11-01&to=2026-11-30', viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="statement-ACME-2026-11-01-2026-11-30.pdf"');
    const text = await pdfText(new Uint8Array(await response.arrayBuffer()));
    for (const expected of ['STATEMENT OF ACCOUNT', 'Acme Handels AG', 'Period 2026-11-01 to 2026-11-30', '2026-11-01 Opening balance 0.00', '2026-11-02 Invoice DE01-000001 1469.06 1469.06', 'WIRE 1 -469.06 1000.00', '2026-11-30 Closing balance 1000.00']) {
      expect(text).toContain(expected);
    }
  });

  it('GET /print/<date>.pdf: the POST deliveries of that day, one document each from its own page, in delivery order; an empty day is 404', async () => {
    const response = await api.get(`/print/${PRINT_DAY}.pdf`, viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="print-${PRINT_DAY}.pdf"`);
    const pages = await pdfPages(new Uint8Array(await response.arrayBuffer()));
    const numbers = pages.map((page) => /Invoice number (\S+)/.exec(page)?.[1]);
    expect(numbers).toEqual([invoices.hostile!.number, invoices.yen!.number, invoices.hostile2!.number]);
    expect(pages[0]).toContain('A & B <Ltd> "Ünïcode" ??');
    expect(pages[1]).toContain('Yen Trading KK');
    for (const page of pages) expect(page).toMatch(/Page 1 of 1$/);

    const empty = await api.get('/print/2026-11-21.pdf', viewer);
    expect(empty.status).toBe(404);
    expect((await empty.json()).error).toBe('Nothing was put in the print batch of 2026-11-21: no letter was sent by post that day.');
  });

  it('dunning letters and statements by post: dunningLetterPdf renders a recorded letter, and both join the day’s print batch', async () => {
    await run(`mutation($i: SetDunningLevelsInput!) { setDunningLevels(input: $i) { userErrors { message } } }`, {
      i: { levels: [{ level: 1, minDaysOverdue: 1, combine: 'AND', subject: 'Reminder for {{customerName}}', body: 'Dear {{customerName}},\n\nplease pay {{currency}} {{overdueBalance}} for {{invoiceNumbers}}.' }] },
    });
    await run(`mutation { setFxRate(input: {currency: "EUR", date: "2026-12-18", rate: "1.08"}) { userErrors { message } } }`, {});
    await run(`mutation { runDunning(input: {asOf: "2026-12-20", dryRun: false, customerCodes: ["AMP"]}) { letters { customer { code } } userErrors { message } } }`, {});
    await run(`mutation { sendStatements(input: {asOf: "2026-12-20", customerCodes: ["AMP"]}) { userErrors { message } } }`, {});
    const prisma = api.app.db.prisma;
    const letter = await prisma.dunningLetter.findFirstOrThrow({ where: { customer: { code: 'AMP' } } });
    // 3 × 10.005 = 30.015 → 30.02, and 99.00: 129.02 overdue.
    const letterText = await pdfText(new Uint8Array((await dunningLetterPdf(prisma, letter.id, { portalUrl: 'https://ar.example.com/portal/t0k3n' }))!));
    for (const expected of ['PAYMENT REMINDER', 'Reminder for A & B <Ltd> "Ünïcode" ??', 'please pay EUR 129.02 for DE01-000002, DE01-000003.', `DE01-000002 2026-11-03 ${invoices.hostile!.dueDate} 17 30.02`, 'Overdue balance 129.02', 'https://ar.example.com/portal/t0k3n']) {
      expect(letterText).toContain(expected);
    }
    expect(await dunningLetterPdf(prisma, letter.id + 1000)).toBeNull();

    const queued = await prisma.invoiceDelivery.updateMany({ where: { channel: 'POST', status: 'PENDING' }, data: { status: 'SENT', sentAt: new Date(), printBatch: new Date('2026-12-21T00:00:00Z') } });
    expect(queued.count).toBe(2);
    const pages = await pdfPages(new Uint8Array(await (await api.get('/print/2026-12-21.pdf', viewer)).arrayBuffer()));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('PAYMENT REMINDER');
    expect(pages[0]).toContain('Reminder for A & B <Ltd>');
    expect(pages[1]).toContain('STATEMENT OF ACCOUNT');
    expect(pages[1]).toContain('Period 2026-12-01 to 2026-12-20');
    expect(pages[1]).toContain('Closing balance 129.02');
  });

  it('no token 401, unknown or draft numbers 404, malformed paths and dates 400 naming what is accepted, hostile paths never 500', async () => {
    for (const path of ['/invoices/DE01-000001.pdf', '/invoices/DE01-000001.xml', '/customers/ACME/statement.pdf?from=2026-11-01&to=2026-11-30', `/print/${PRINT_DAY}.pdf`]) {
      const response = await api.get(path, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect((await response.json()).code).toBe('UNAUTHENTICATED');
      expect((await api.get(path, 'not-a-token')).status).toBe(401);
    }
    const expectRefusal = async (path: string, status: number, message: RegExp) => {
      const response = await api.get(path, viewer);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-type'), path).toMatch(/^(application\/json|text\/plain); charset=utf-8$/);
      const body = await response.text();
      // The boundary answers a malformed target itself, in text; the document routes in JSON.
      const error = body.startsWith('{') ? (JSON.parse(body) as { error: string }).error : body;
      expect(error, path).toMatch(message);
      return body;
    };
    await expectRefusal('/invoices/DE01-999999.pdf', 404, /No issued invoice is numbered "DE01-999999"/);
    await expectRefusal('/invoices/DE01-999999.xml', 404, /No issued invoice/);
    // DE01-000001…3 are issued; the draft made after them has no number, so the next one names nothing.
    await expectRefusal('/invoices/DE01-000004.pdf', 404, /No issued invoice/);
    await expectRefusal('/customers/NOBODY/statement.pdf?from=2026-11-01&to=2026-11-30', 404, /No customer with code "NOBODY" exists/);
    const accepted = await expectRefusal('/invoices/DE01-000001.txt', 400, /is not a document path/);
    expect(JSON.parse(accepted).accepted).toEqual(['/invoices/<number>.pdf', '/invoices/<number>.xml', '/customers/<code>/statement.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD', '/print/<YYYY-MM-DD>.pdf']);
    await expectRefusal('/invoices/', 400, /not a document path/);
    await expectRefusal('/print/2026-02-30.pdf', 400, /"2026-02-30" is not a calendar date: a print batch is \/print\/YYYY-MM-DD.pdf/);
    await expectRefusal('/print/today.pdf', 400, /not a calendar date/);
    await expectRefusal('/customers/ACME/statement.pdf?from=2026-11-01', 400, /needs from and to: .*to is missing/);
    await expectRefusal('/customers/ACME/statement.pdf?from=01/11/2026&to=2026-11-30', 400, /is not a calendar date; write YYYY-MM-DD/);
    await expectRefusal('/customers/ACME/statement.pdf?from=2026-12-01&to=2026-11-30', 400, /before it starts/);
    await expectRefusal(`/invoices/${'9'.repeat(5000)}.pdf`, 400, /An invoice number is 1 to 100 printable characters; got 5000 characters/);
    await expectRefusal('/invoices/%20%20.pdf', 400, /An invoice number is 1 to 100 printable characters/);
    await expectRefusal('/invoices/..%2f..%2fetc%2fpasswd.pdf', 404, /No issued invoice is numbered "..\/..\/etc\/passwd"/);
    await expectRefusal('/invoices/..%2F..%2F..%2Fetc%2Fpasswd.xml', 404, /No issued invoice/);
    await expectRefusal('/invoices/%00.pdf', 400, /NUL/);
    await expectRefusal('/invoices/DE01%00-000001.pdf', 400, /NUL/);
    await expectRefusal('/invoices/%E0%A4%A.pdf', 400, /percent-encoded/);
    await expectRefusal('/print/..%2F..%2Fetc%2Fpasswd.pdf', 400, /not a calendar date/);
    await expectRefusal('/customers/..%2F..%2Fetc/statement.pdf?from=2026-11-01&to=2026-11-30', 404, /No customer with code "..\/..\/etc" exists/);
    await expectRefusal("/invoices/x'%20OR%201=1--.pdf", 404, /No issued invoice/);
    const post = await fetch(`${api.base}/invoices/DE01-000001.pdf`, { method: 'POST', headers: { authorization: `Bearer ${viewer}` } });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${api.base}/invoices/DE01-000001.pdf`, { method: 'HEAD', headers: { authorization: `Bearer ${viewer}` } });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(api.log.filter((line) => line.msg === 'request failed')).toEqual([]);
  });
});
