// Tax on invoice lines through the API (PRODUCT.md, "Tax"): per category and rate, rounded
// half away from zero to the currency; total = subtotal + taxTotal; served alike by the mutation
// payload (Prisma) and the queries (the SQL read path); refused input writes nothing; an invoice
// without tax is as it was. Also the invoice document the renderers take (loadInvoiceDocument).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInvoiceDocument } from '../../api/services/documents/invoice-document.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';
import { startExportApp, type ExportApp } from './export-fixtures.js';

const TODAY = '2026-11-25';
const ERRORS = 'userErrors { field message code }';
const INVOICE = 'number status currency subtotal taxTotal total amountPaid balance lines { lineNo description quantity unitPrice amount taxRate taxCategory }';
const CREATE_INVOICE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { ${INVOICE} } ${ERRORS} } }`;

// Every table createInvoice writes to (and the ones around it): a refused call leaves each as it was.
const TABLES = ['entity', 'invoice_sequence', 'customer', 'invoice', 'invoice_line', 'invoice_delivery', 'audit_record'] as const;

type Line = { description: string; quantity: string; unitPrice: string; taxRate?: string; taxCategory?: string };
const line = (unitPrice: string, taxRate?: string, taxCategory?: string, quantity = '1'): Line => ({
  description: `Item at ${unitPrice}`,
  quantity,
  unitPrice,
  ...(taxRate === undefined ? {} : { taxRate }),
  ...(taxCategory === undefined ? {} : { taxCategory }),
});

describe.each(testDatabases())('tax on invoice lines on $name', (database) => {
  let api: TestApi;

  const snapshot = () => tableDigest(api.db.prisma, TABLES);

  async function create(customerCode: string, lines: Line[], extra: Record<string, unknown> = {}) {
    const payload = (await api.ok(CREATE_INVOICE, { input: { customerCode, issueDate: '2026-11-02', lines, ...extra } }, api.tokens.AR)).createInvoice;
    expect(payload.userErrors).toEqual([]);
    return payload.invoice;
  }

  async function refused(lines: Line[]) {
    const before = await snapshot();
    const payload = (await api.ok(CREATE_INVOICE, { input: { customerCode: 'ACME-DE', issueDate: '2026-11-02', lines } }, api.tokens.AR)).createInvoice;
    expect(payload.invoice).toBeNull();
    expect(await snapshot()).toEqual(before);
    return payload.userErrors as { field: string[]; message: string; code: string }[];
  }

  beforeAll(async () => {
    api = await startTestApi(database, { today: TODAY });
    const entity = `mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { code } ${ERRORS} } }`;
    const customer = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { code } ${ERRORS} } }`;
    for (const input of [
      { code: 'DE01', name: 'Aurora GmbH', currency: 'EUR' },
      { code: 'JP01', name: 'Aurora K.K.', currency: 'JPY' },
      { code: 'BH01', name: 'Aurora Gulf W.L.L.', currency: 'BHD' },
    ]) expect((await api.ok(entity, { input })).createEntity.userErrors).toEqual([]);
    for (const input of [
      { entityCode: 'DE01', code: 'ACME-DE', name: 'Acme Deutschland GmbH', paymentTerms: 'NET30', deliveryChannel: 'POST' },
      { entityCode: 'JP01', code: 'SAKURA', name: 'Sakura K.K.', paymentTerms: 'EOM30', deliveryChannel: 'POST' },
      { entityCode: 'BH01', code: 'PEARL', name: 'Pearl Trading W.L.L.', paymentTerms: 'NET30', deliveryChannel: 'POST' },
    ]) expect((await api.ok(customer, { input })).createCustomer.userErrors).toEqual([]);
  });
  afterAll(async () => api?.close());

  it('mixed categories: 100.00 and 33.33 at S 20 %, 50.00 Z, 10.00 AE, 5.00 O → tax 26.67 (133.33 × 20 % = 26.666), total 225.00', async () => {
    const invoice = await create('ACME-DE', [line('100.00', '20'), line('33.33', '20', 's'), line('50.00', '0', 'Z'), line('10.00', '0', 'AE'), line('5.00')]);
    expect(invoice).toMatchObject({ number: 'DE01-000001', status: 'ISSUED', currency: 'EUR', subtotal: '198.33', taxTotal: '26.67', total: '225.00', balance: '225.00' });
    expect(invoice.lines.map((l: any) => [l.amount, l.taxRate, l.taxCategory])).toEqual([
      ['100.00', '20', 'S'], ['33.33', '20', 'S'], ['50.00', '0', 'Z'], ['10.00', '0', 'AE'], ['5.00', '0', 'O'],
    ]);
    // The read path (one SQL statement) answers as the payload (Prisma) did.
    const read = await api.ok(`{ invoice(number: "DE01-000001") { ${INVOICE} } }`);
    expect(read.invoice).toEqual(invoice);
    const page = await api.ok(`{ invoices(first: 10, filter: { entityCode: "DE01" }) { edges { node { ${INVOICE} } } } }`);
    expect(page.invoices.edges.map((e: any) => e.node)).toEqual([invoice]);
    // The total is what is owed: a payment of 225.00 pays it.
    const payment = await api.ok(`mutation($input: RecordPaymentInput!) { recordPayment(input: $input) { payment { unappliedAmount applications { invoice { status balance } } } ${ERRORS} } }`,
      { input: { customerCode: 'ACME-DE', receivedDate: '2026-11-20', amount: '225.00', currency: 'EUR', applications: [{ invoiceNumber: 'DE01-000001', amount: '225.00' }] } }, api.tokens.AR);
    expect(payment.recordPayment.payment).toEqual({ unappliedAmount: '0.00', applications: [{ invoice: { status: 'PAID', balance: '0.00' } }] });
  });

  it('rounds per currency: JPY 1235 × 10 % = 123.5 → 124; BHD 10.010 × 5 % = 0.5005 → 0.501; fractional rates', async () => {
    expect(await create('SAKURA', [line('1235', '10'), line('1005', '8')])).toMatchObject({ subtotal: '2240', taxTotal: '204', total: '2444' });
    expect(await create('PEARL', [line('10.010', '5')])).toMatchObject({ subtotal: '10.010', taxTotal: '0.501', total: '10.511' });
    const fractional = await create('ACME-DE', [line('99.99', '2.5'), line('0.625', '7.7', undefined, '2')]);
    // 99.99 × 2.5 % = 2.49975 → 2.50; 1.25 (0.625 × 2) × 7.7 % = 0.09625 → 0.10.
    expect(fractional).toMatchObject({ subtotal: '101.24', taxTotal: '2.60', total: '103.84' });
    expect(fractional.lines.map((l: any) => l.taxRate)).toEqual(['2.5', '7.7']);
  });

  it('an invoice without tax is as before: total = subtotal, tax 0, lines O at 0, the same audit record', async () => {
    const invoice = await create('ACME-DE', [line('1234.5'), line('0.005', undefined, undefined, '3')]);
    expect(invoice).toMatchObject({ subtotal: '1234.52', taxTotal: '0.00', total: '1234.52' });
    expect(invoice.lines.map((l: any) => [l.amount, l.taxRate, l.taxCategory])).toEqual([['1234.50', '0', 'O'], ['0.02', '0', 'O']]);
    const audit = await api.db.prisma.auditRecord.findFirstOrThrow({ where: { action: 'createInvoice' }, orderBy: { id: 'desc' } });
    expect(audit.after).toMatchObject({ subtotal: '1234.52', taxTotal: '0', total: '1234.52', currency: 'EUR', status: 'DRAFT' });
  });

  it.each([
    ['a rate above 100', [line('10.00', '120')], ['lines', '0', 'taxRate'], 'OUT_OF_RANGE', /from 0 to 100/],
    ['a negative rate', [line('10.00', '-5')], ['lines', '0', 'taxRate'], 'OUT_OF_RANGE', /from 0 to 100/],
    ['five decimals', [line('10.00', '19.00001')], ['lines', '0', 'taxRate'], 'INVALID', /at most 4 decimals/],
    ['a rate that is no number', [line('10.00', '20%')], ['lines', '0', 'taxRate'], 'INVALID', /not a tax rate/],
    ['an unknown category', [line('10.00', '20'), line('5.00', '0', 'K')], ['lines', '1', 'taxCategory'], 'INVALID', /use one of S .*AE \(reverse charge\)/],
    ['S at 0 %', [line('10.00', '0', 'S')], ['lines', '0', 'taxRate'], 'INVALID', /needs a rate above 0/],
    ['Z with a rate', [line('10.00', '7', 'Z')], ['lines', '0', 'taxRate'], 'INVALID', /takes rate 0, not 7/],
  ])('refuses %s, naming the line, and writes nothing', async (_name, lines, field, code, message) => {
    const errors = await refused(lines as Line[]);
    expect(errors).toEqual([{ field, code, message: expect.stringMatching(message) }]);
  });

  it('a bad tax on one line and a bad quantity on another are both named', async () => {
    const errors = await refused([line('10.00', '5', 'E'), { ...line('1.00'), quantity: '-1' }]);
    expect(errors.map((e) => e.field)).toEqual([['lines', '0', 'taxRate'], ['lines', '1', 'quantity']]);
  });

  it('loadInvoiceDocument: seller, buyer, lines, tax subtotals and balance as the API formats them; null for unknown numbers', async () => {
    const doc = await loadInvoiceDocument(api.db.prisma, ' de01-000001 ');
    expect(doc).toMatchObject({
      number: 'DE01-000001', status: 'PAID', issueDate: '2026-11-02', dueDate: '2026-12-02', paymentTerms: 'NET30', poNumber: null, currency: 'EUR',
      seller: { code: 'DE01', name: 'Aurora GmbH', legalName: null, address: { lines: [], city: null, postalCode: null, countryCode: null }, iban: null },
      buyer: { code: 'ACME-DE', name: 'Acme Deutschland GmbH', address: { lines: [], countryCode: null }, taxId: null, billingEmails: [] },
      subtotal: '198.33', taxTotal: '26.67', total: '225.00', amountPaid: '225.00', balance: '0.00', portalUrl: null,
    });
    expect(doc!.lines[1]).toEqual({ lineNo: 2, description: 'Item at 33.33', quantity: '1', unitPrice: '33.33', amount: '33.33', taxRate: '20', taxCategory: 'S' });
    expect(doc!.taxes).toEqual([
      { category: 'S', rate: '20', taxableAmount: '133.33', taxAmount: '26.67' },
      { category: 'Z', rate: '0', taxableAmount: '50.00', taxAmount: '0.00' },
      { category: 'AE', rate: '0', taxableAmount: '10.00', taxAmount: '0.00' },
      { category: 'O', rate: '0', taxableAmount: '5.00', taxAmount: '0.00' },
    ]);
    const yen = await loadInvoiceDocument(api.db.prisma, 'JP01-000001');
    expect(yen).toMatchObject({ subtotal: '2240', taxTotal: '204', total: '2444', balance: '2444', amountPaid: '0' });
    expect(yen!.lines.map((l) => [l.unitPrice, l.amount])).toEqual([['1235', '1235'], ['1005', '1005']]);
    expect(await loadInvoiceDocument(api.db.prisma, 'DE01-999999')).toBeNull();
    expect(await loadInvoiceDocument(api.db.prisma, '')).toBeNull();
  });

  it('loadInvoiceDocument: a void invoice owes nothing; a draft has no document', async () => {
    await create('ACME-DE', [line('40.00', '19')]);
    const voided = await api.ok(`mutation { voidInvoice(input: { invoiceNumber: "DE01-000004", reason: "Wrong customer" }) { invoice { status } ${ERRORS} } }`, {}, api.tokens.AR);
    expect(voided.voidInvoice).toEqual({ invoice: { status: 'VOID' }, userErrors: [] });
    expect(await loadInvoiceDocument(api.db.prisma, 'DE01-000004')).toMatchObject({ status: 'VOID', total: '47.60', taxTotal: '7.60', balance: '0.00' });
    const draft = await create('ACME-DE', [line('1.00', '19')], { issue: false });
    expect(draft).toMatchObject({ number: null, status: 'DRAFT', total: '1.19' });
    const statements = await api.countQueries(() => loadInvoiceDocument(api.db.prisma, 'DE01-000001'));
    expect(statements).toBeLessThanOrEqual(4);
  });
});

describe.each(testDatabases())('tax in the invoices export on $name', (database) => {
  let api: ExportApp;
  beforeAll(async () => {
    api = await startExportApp(database);
  });
  afterAll(async () => api?.close());

  it('lists subtotal and tax_total next to total, in CSV and NDJSON', async () => {
    await api.gql(`mutation { createEntity(input: { code: "GB01", name: "Aurora Ltd", currency: "GBP" }) { userErrors { message } } }`);
    await api.gql(`mutation { createCustomer(input: { entityCode: "GB01", code: "THAMES", name: "Thames Ltd", paymentTerms: "NET30", deliveryChannel: POST }) { userErrors { message } } }`);
    const created = await api.gql(`mutation { createInvoice(input: { customerCode: "THAMES", issueDate: "2026-11-02",
      lines: [{ description: "Survey", quantity: "3", unitPrice: "33.335", taxRate: "20" }, { description: "Book", quantity: "1", unitPrice: "12.99", taxCategory: "Z", taxRate: "0" }] }) {
      invoice { subtotal taxTotal total } ${ERRORS} } }`);
    // 3 × 33.335 = 100.005 → 100.01; 20 % of it = 20.002 → 20.00.
    expect(created.createInvoice).toEqual({ invoice: { subtotal: '113.00', taxTotal: '20.00', total: '133.00' }, userErrors: [] });
    const csv = (await (await api.get('/export/invoices.csv')).text()).split('\r\n');
    const header = csv[0]!.split(',');
    const row = csv[1]!.split(',');
    const at = (name: string) => row[header.indexOf(name)];
    expect(header.slice(header.indexOf('subtotal'), header.indexOf('total') + 1)).toEqual(['subtotal', 'tax_total', 'total']);
    expect([at('subtotal'), at('tax_total'), at('total'), at('balance')]).toEqual(['113.00', '20.00', '133.00', '133.00']);
    const [ndjson] = (await (await api.get('/export/invoices.ndjson')).text()).trim().split('\n').map((line) => JSON.parse(line));
    expect(ndjson).toMatchObject({ number: 'GB01-000001', subtotal: '113.00', taxTotal: '20.00', total: '133.00' });
  });
});
