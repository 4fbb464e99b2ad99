// Importing the books (PRODUCT.md, "Importing the books"): Salesforce accounts and contracts,
// NetSuite open invoices and customer payments, from CSV and XLSX, through the mutation and
// POST /import/records. Dry runs write nothing; a real run writes all or nothing; the same file
// twice changes nothing; every refused file (binary, too large, a zip bomb, a missing column, a
// formula) is answered with a clear error and the tables are unchanged.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../api/db/database.js';
import { requestHandler } from '../../api/http/boundary.js';
import type { Actor } from '../../api/domain/actor.js';
import { importRecords } from '../../api/services/imports/import-records.service.js';
import { buildYoga } from '../../api/yoga.js';
import { startTestApi, type TestApi } from '../support/api.js';
import { scratchDatabase, testDatabases } from '../support/databases.js';
import { tableDigest } from '../support/digest.js';

const TABLES = ['customer', 'contract', 'contract_version', 'invoice', 'invoice_line', 'invoice_sequence', 'payment', 'payment_application', 'audit_record'];
const ADMIN: Actor = { name: 'test-import', role: 'ADMIN', idempotencyScope: 'test-import' };
const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url), 'utf8');

const IMPORT = `mutation($input: ImportRecordsInput!) { importRecords(input: $input) {
  dryRun created updated unchanged failed columns { header field }
  rows { row key status errors { column message } }
  errorRows: rows(onlyErrors: true) { row }
  userErrors { field message code } } }`;

/** An XLSX-shaped zip whose sheet inflates to 300 MB (under 1 MB packed); built once per file (~5 s). */
let bombBytes: Uint8Array | undefined;
function zipBomb(): Uint8Array {
  bombBytes ??= zipSync({ '[Content_Types].xml': new Uint8Array(10), 'xl/workbook.xml': new Uint8Array(10), 'xl/worksheets/sheet1.xml': new Uint8Array(300 * 1024 * 1024) }, { level: 9 });
  return bombBytes;
}

describe.each(testDatabases())('importing the books on $name', (database) => {
  let api: TestApi;
  const digest = () => tableDigest(api.db.prisma, TABLES);
  const run = async (input: Record<string, unknown>, token?: string) => {
    const data = await api.ok(IMPORT, { input }, token ?? api.tokens.AR);
    return data.importRecords;
  };

  beforeAll(async () => {
    api = await startTestApi(database, { today: '2026-11-25' });
    await api.ok(`mutation { a: createEntity(input: {code: "US01", name: "US", currency: "USD"}) { userErrors { message } }
      b: createEntity(input: {code: "DE01", name: "DE", currency: "EUR"}) { userErrors { message } } }`);
  });
  afterAll(async () => api?.close());

  it('imports a Salesforce accounts report: a dry run writes nothing, the real run creates, the same file again changes nothing', async () => {
    const content = fixture('salesforce-accounts.csv');
    const before = await digest();
    const dry = await run({ kind: 'CUSTOMERS', format: 'CSV', content, entityCode: 'US01' });
    expect(dry).toMatchObject({ dryRun: true, created: 3, updated: 0, unchanged: 0, failed: 0, userErrors: [] });
    expect(dry.rows.map((r: any) => [r.row, r.key, r.status])).toEqual([[2, 'C-1001', 'CREATED'], [3, 'C-1002', 'CREATED'], [4, 'C-1003', 'CREATED']]);
    expect(dry.columns).toContainEqual({ header: 'Billing State/Province', field: null });
    expect(dry.columns).toContainEqual({ header: 'Account Number', field: 'code' });
    expect(await digest()).toEqual(before);

    const real = await run({ kind: 'CUSTOMERS', format: 'CSV', content, entityCode: 'US01', dryRun: false });
    expect(real).toMatchObject({ dryRun: false, created: 3, failed: 0, userErrors: [] });
    const audits = await api.db.prisma.auditRecord.findMany({ where: { action: 'importRecords' }, select: { actor: true, recordId: true, after: true } });
    expect(audits).toEqual([{ actor: 'test-ar', recordId: 'CUSTOMERS', after: { kind: 'CUSTOMERS', format: 'CSV', entityCode: 'US01', rows: 3, created: 3, updated: 0, unchanged: 0 } }]);
    const initech = await api.ok(`{ customer(code: "C-1003") { name currency paymentTerms deliveryChannel billingEmails billingAddressLines billingCity billingPostalCode billingCountryCode collector } }`);
    expect(initech.customer).toEqual({
      name: 'Initech Ltd', currency: 'USD', paymentTerms: 'NET30', deliveryChannel: 'POST', billingEmails: [],
      billingAddressLines: ['"The Quad", 1 High Street', 'Floor 2'], billingCity: 'London', billingPostalCode: 'EC1A 1BB', billingCountryCode: 'GB', collector: 'Bob Porter',
    });
    const globex = await api.ok(`{ customer(code: "C-1002") { deliveryChannel billingEmails billingCountryCode } }`);
    expect(globex.customer).toEqual({ deliveryChannel: 'EMAIL', billingEmails: ['rechnung@globex.example', 'ap@globex.example'], billingCountryCode: 'DE' });

    const after = await digest();
    const again = await run({ kind: 'CUSTOMERS', format: 'CSV', content, entityCode: 'US01', dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 0 });
    // Nothing changed but the import's own audit record.
    expect({ ...(await digest()), audit_record: null }).toEqual({ ...after, audit_record: null });
  });

  it('imports Salesforce contracts: the term in months sets the end date, description and schedule default', async () => {
    const result = await run({ kind: 'CONTRACTS', format: 'CSV', content: fixture('salesforce-contracts.csv'), dryRun: false });
    expect(result).toMatchObject({ created: 2, failed: 0, userErrors: [] });
    const { contracts } = await api.ok(`{ contracts(customerCode: "C-1003") { startDate endDate schedule amountPerPeriod currency description customer { code } } }`);
    expect(contracts).toHaveLength(1);
    expect(contracts[0]).toEqual({ startDate: '2026-03-15', endDate: '2028-03-14', schedule: 'MONTHLY', amountPerPeriod: '900.00', currency: 'USD', description: 'Contract CT-5002', customer: { code: 'C-1003' } });
    const again = await run({ kind: 'CONTRACTS', format: 'CSV', content: fixture('salesforce-contracts.csv'), dryRun: false });
    expect(again).toMatchObject({ created: 0, unchanged: 2 });
  });

  it('imports NetSuite open invoices with their open amounts (the worked example), outside the sequence', async () => {
    const content = fixture('netsuite-open-invoices.csv');
    const sequences = await tableDigest(api.db.prisma, ['invoice_sequence']);
    const result = await run({ kind: 'INVOICES', format: 'CSV', content, dryRun: false });
    expect(result).toMatchObject({ created: 4, failed: 0, userErrors: [] });
    const { invoice } = await api.ok(`{ invoice(number: "INV10023") { total balance amountPaid status imported externalId issueDate dueDate paymentTerms poNumber
      applications { kind amount receivedDate payment { id } } } }`);
    expect(invoice).toEqual({
      total: '1000.00', balance: '400.00', amountPaid: '600.00', status: 'PARTIALLY_PAID', imported: true, externalId: '81234',
      issueDate: '2026-09-01', dueDate: '2026-10-01', paymentTerms: 'NET30', poNumber: 'PO-77',
      applications: [{ kind: 'OPENING', amount: '600.00', receivedDate: '2026-09-01', payment: null }],
    });
    const terms = await api.ok(`{ a: invoice(number: "INV10031") { paymentTerms dueDate status } b: invoice(number: "INV10049") { paymentTerms dueDate } }`);
    expect(terms).toEqual({ a: { paymentTerms: '2/10 NET30', dueDate: '2026-11-04', status: 'ISSUED' }, b: { paymentTerms: 'DUE_ON_RECEIPT', dueDate: '2026-11-02' } });
    const aging = await api.ok(`{ agingReport(asOf: "2026-10-15", entityCode: "US01", currency: "USD") { customers { customer { code } buckets { current days1To30 } } } }`);
    expect(aging.agingReport.customers.find((c: any) => c.customer.code === 'C-1001').buckets).toEqual({ current: '1250.00', days1To30: '400.00' });
    expect(await tableDigest(api.db.prisma, ['invoice_sequence'])).toEqual(sequences);

    const before = await digest();
    const again = await run({ kind: 'INVOICES', format: 'CSV', content, dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect({ ...(await digest()), audit_record: null }).toEqual({ ...before, audit_record: null });
  });

  it('updates an imported invoice whose open amount moved in the source, and refuses one already paid here', async () => {
    const lower = fixture('netsuite-open-invoices.csv').replace('"3,480.50","3,480.50"', '"3,480.50","3,000.00"');
    const result = await run({ kind: 'INVOICES', format: 'CSV', content: lower, dryRun: false });
    expect(result).toMatchObject({ updated: 1, unchanged: 3, failed: 0 });
    const { invoice } = await api.ok(`{ invoice(number: "INV10044") { balance amountPaid applications { kind amount } } }`);
    expect(invoice).toEqual({ balance: '3000.00', amountPaid: '480.50', applications: [{ kind: 'OPENING', amount: '480.50' }] });

    await api.ok(`mutation { recordPayment(input: {customerCode: "C-1003", receivedDate: "2026-11-20", amount: "100.00", currency: "USD", applications: [{invoiceNumber: "INV10044", amount: "100.00"}]}) { userErrors { message } } }`);
    const before = await digest();
    const refused = await run({ kind: 'INVOICES', format: 'CSV', content: fixture('netsuite-open-invoices.csv'), dryRun: false });
    expect(refused.failed).toBe(1);
    expect(refused.rows[2]).toMatchObject({ row: 4, key: '81302', status: 'ERROR', errors: [{ column: null, message: expect.stringContaining('applied to it in Ledgerline since it was imported') }] });
    expect(refused.userErrors).toEqual([{ field: ['input', 'content'], code: 'INVALID', message: '1 of 4 rows have errors; nothing was imported — fix them and import again; run with dryRun: true to see them.' }]);
    expect(await digest()).toEqual(before);
  });

  it('imports NetSuite payments: the unapplied amount comes over, applied to the named invoice', async () => {
    const result = await run({ kind: 'PAYMENTS', format: 'CSV', content: fixture('netsuite-customer-payments.csv'), dryRun: false });
    expect(result).toMatchObject({ created: 2, failed: 0, userErrors: [] });
    const payments = await api.ok(`{ payments(customerCode: "C-1001") { edges { node { externalId amount unappliedAmount reference receivedDate applications { invoice { number } amount } } } } }`);
    expect(payments.payments.edges.map((e: any) => e.node)).toEqual([
      { externalId: '90011', amount: '250.00', unappliedAmount: '0.00', reference: 'CHK 10443', receivedDate: '2026-11-10', applications: [{ invoice: { number: 'INV10031' }, amount: '250.00' }] },
    ]);
    const { invoice } = await api.ok(`{ invoice(number: "INV10031") { balance status } }`);
    expect(invoice).toEqual({ balance: '1000.00', status: 'PARTIALLY_PAID' });
    const again = await run({ kind: 'PAYMENTS', format: 'CSV', content: fixture('netsuite-customer-payments.csv'), dryRun: false });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
  });

  it('refuses a formula cell, lists every bad row with its column, and writes nothing', async () => {
    const before = await digest();
    const content = `${fixture('formula-cell.csv')}C-2004,Wayne Enterprises,US01,Net 99999,POST,\nC-2001,Umbrella again,US01,NET30,POST,\n`;
    const result = await run({ kind: 'CUSTOMERS', format: 'CSV', content, dryRun: false });
    expect(result).toMatchObject({ created: 2, failed: 3 });
    expect(result.errorRows).toEqual([{ row: 3 }, { row: 5 }, { row: 6 }]);
    expect(result.rows[1].errors).toEqual([{ column: 'name', message: expect.stringContaining("A cell starting with '=' is a formula; the import takes values only") }]);
    expect(result.rows[3].errors).toEqual([{ column: 'paymentTerms', message: expect.stringContaining('is not a payment term') }]);
    expect(result.rows[4].errors).toEqual([{ column: 'code', message: 'C-2001 is also on row 2; a file may hold each customer code once.' }]);
    expect(result.userErrors[0].message).toBe('3 of 5 rows have errors; nothing was imported — fix them and import again; run with dryRun: true to see them.');
    expect(await digest()).toEqual(before);
  });

  it('refuses files it cannot take, each with a clear error and nothing written', async () => {
    const before = await digest();
    const refusal = async (input: Record<string, unknown>) => {
      const result = await run({ kind: 'INVOICES', dryRun: false, ...input });
      expect(result.rows).toEqual([]);
      return result.userErrors;
    };
    const binary = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0xfe]).toString('latin1');
    expect(await refusal({ format: 'CSV', content: binary })).toEqual([{ field: ['input', 'content'], code: 'INVALID', message: expect.stringContaining('not a CSV: it holds binary data') }]);
    expect(await refusal({ format: 'CSV', content: '"Internal ID","Customer"\n1,C-1001\n' })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('No column holds number') }),
      expect.objectContaining({ message: expect.stringContaining('No column holds issueDate') }),
      expect.objectContaining({ message: expect.stringMatching(/No column holds amount, .*"Amount"/) }),
    ]);
    expect(await refusal({ format: 'XLSX', content: Buffer.from('just text').toString('base64') })).toEqual([expect.objectContaining({ message: expect.stringContaining('not an XLSX workbook') })]);
    // 50 MB is past the GraphQL request limit too; the service refuses it before reading (POST /import/records: 413 below).
    const big = await importRecords(api.db.prisma, ADMIN, { kind: 'INVOICES', format: 'CSV', content: 'x'.repeat(50 * 1024 * 1024), dryRun: false }, { maxBytes: api.config.importMaxBytes, today: '2026-11-25' });
    expect(big).toMatchObject({ rows: [], userErrors: [{ field: ['input', 'content'], code: 'OUT_OF_RANGE', message: expect.stringContaining(`at most ${api.config.importMaxBytes} bytes`) }] });
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal({ format: 'XLSX', content: Buffer.from(bomb).toString('base64') })).toEqual([{ field: ['input', 'content'], code: 'OUT_OF_RANGE', message: expect.stringContaining('(a zip bomb?)') }]);
    expect(await refusal({ format: 'CSV', content: fixture('netsuite-open-invoices.csv'), entityCode: 'XX99' })).toEqual([{ field: ['input', 'entityCode'], code: 'NOT_FOUND', message: expect.stringContaining('No entity with code XX99') }]);
    expect(await digest()).toEqual(before);
    const forbidden = await api.gql(IMPORT, { input: { kind: 'INVOICES', format: 'CSV', content: 'a' } }, api.tokens.ANALYST);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('imports an XLSX with real Excel dates, number cells and a formula result, and refuses a row in a closed period', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Open invoices');
    sheet.addRow(['Internal ID', 'Document Number', 'Customer', 'Date', 'Due Date', 'Amount', 'Amount Remaining', 'Memo']);
    sheet.addRow(['X-1', 'INV20001', 'C-1002', new Date(Date.UTC(2026, 10, 2)), new Date(Date.UTC(2026, 11, 2)), 1234.5, 0.1 + 0.2 + 1000, { richText: [{ text: 'Consulting ' }, { text: 'November' }] }]);
    sheet.addRow(['X-2', 'INV20002', 'C-1002', 46332, null, { formula: 'F2*2', result: 2469 }, 2469, null]);
    sheet.addRow(['X-3', 'INV20003', 'C-1002', new Date(Date.UTC(2026, 9, 30)), null, 10, 10, null]);
    sheet.getCell('D3').numFmt = 'General';
    const content = Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');

    await api.ok(`mutation { closePeriod(input: {period: "2026-10", entityCode: "US01"}) { userErrors { message } } }`);
    const before = await digest();
    const refused = await run({ kind: 'INVOICES', format: 'XLSX', content, dryRun: false });
    expect(refused.failed).toBe(1);
    expect(refused.rows[2]).toMatchObject({ row: 4, status: 'ERROR', errors: [{ column: 'Date', message: expect.stringContaining('2026-10-30 is in a closed period') }] });
    expect(await digest()).toEqual(before);

    const twoRows = Buffer.from(await (async () => {
      sheet.spliceRows(4, 1);
      return workbook.xlsx.writeBuffer();
    })()).toString('base64');
    const result = await run({ kind: 'INVOICES', format: 'XLSX', content: twoRows, dryRun: false });
    expect(result).toMatchObject({ created: 2, failed: 0, userErrors: [] });
    const data = await api.ok(`{ a: invoice(number: "INV20001") { issueDate dueDate total balance lines { description } }
      b: invoice(number: "INV20002") { issueDate dueDate total balance } }`);
    expect(data).toEqual({
      a: { issueDate: '2026-11-02', dueDate: '2026-12-02', total: '1234.50', balance: '1000.30', lines: [{ description: 'Consulting November' }] },
      b: { issueDate: '2026-11-06', dueDate: '2026-12-06', total: '2469.00', balance: '2469.00' },
    });
  });

  it('answers POST /import/records with the payload, 413 over the limit, 405/401/403/400 like the other file routes', async () => {
    const yoga = buildYoga({ prisma: api.db.prisma, sql: api.db.sql, config: api.config, today: () => '2026-11-25' });
    const server = http.createServer(requestHandler({ yoga: yoga as never, db: api.db, config: api.config, logger: pino({ level: 'silent' }), today: () => '2026-11-25' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/import/records`;
    const post = (query: string, body: BodyInit, token: string | null = api.tokens.AR, method = 'POST') =>
      fetch(`${base}${query}`, { method, body: method === 'POST' ? body : undefined, headers: token ? { authorization: `Bearer ${token}` } : {} });
    try {
      const ok = await post('?kind=INVOICES&format=CSV', fixture('netsuite-open-invoices.csv'));
      expect(ok.status).toBe(200);
      const body = await ok.json();
      // INV10031 and INV10044 have been paid here since they were imported: the file's open amounts no longer apply.
      expect(body).toMatchObject({ dryRun: true, unchanged: 2, failed: 2, userErrors: [] });
      expect(body.rows).toHaveLength(4);
      expect((await post('?kind=INVOICES&format=CSV', 'x', api.tokens.AR, 'GET')).status).toBe(405);
      expect((await post('?kind=INVOICES&format=CSV', 'x', null)).status).toBe(401);
      expect((await post('?kind=INVOICES&format=CSV', 'x', api.tokens.VIEWER)).status).toBe(403);
      const bad = await post('?kind=THINGS&format=PDF', 'x');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toContain('kind must be one of CUSTOMERS, CONTRACTS, INVOICES, PAYMENTS');
      const tooLarge = await post('?kind=INVOICES&format=CSV', new Uint8Array(api.config.importMaxBytes + 1));
      expect(tooLarge.status).toBe(413);
      expect((await tooLarge.json()).error).toContain(`larger than ${api.config.importMaxBytes} bytes`);
      const refused = await post('?kind=INVOICES&format=CSV&dryRun=false', fixture('netsuite-open-invoices.csv'));
      expect(refused.status).toBe(400);
      expect((await refused.json()).userErrors[0].message).toContain('nothing was imported');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('takes a file of many chunks in one transaction: a late bad row or broken quoting rolls back the chunks written before', async () => {
    // Chunks of two rows, so five rows are three chunks (a real import takes 1,000 at a time).
    const service = (input: Record<string, unknown>, chunkRows = 2) =>
      importRecords(api.db.prisma, ADMIN, { kind: 'INVOICES', format: 'CSV', content: '', dryRun: false, ...input }, { maxBytes: api.config.importMaxBytes, today: '2026-11-25', chunkRows });
    expect(await service({ kind: 'CUSTOMERS', content: 'code,name,currency\nC-9001,Chunky Inc,USD\n', entityCode: 'US01' })).toMatchObject({ created: 1, failed: 0 });
    const header = '"Internal ID","Document Number","Customer","Date","Amount","Amount Remaining"';
    const line = (i: number, customer = 'C-9001', number = `INV9000${i}`) => `"CH-${i}","${number}","${customer}","11/${i}/2026","100.00","60.00"`;
    const good = [header, ...[1, 2, 3, 4, 5].map((i) => line(i))].join('\n');

    const before = await digest();
    const late = await service({ content: [header, ...[1, 2, 3, 4].map((i) => line(i)), line(5, 'C-NOPE')].join('\n') });
    expect(late).toMatchObject({ failed: 1, userErrors: [{ field: ['input', 'content'], code: 'INVALID', message: '1 of 5 rows have errors; nothing was imported — fix them and import again; run with dryRun: true to see them.' }] });
    expect(late.rows.map((r) => [r.row, r.key, r.status])).toEqual([[2, 'CH-1', 'CREATED'], [3, 'CH-2', 'CREATED'], [4, 'CH-3', 'CREATED'], [5, 'CH-4', 'CREATED'], [6, 'CH-5', 'ERROR']]);
    expect(late.rows[4]!.errors).toEqual([{ column: 'Customer', message: expect.stringContaining('No customer with code C-NOPE exists') }]);
    expect(await digest()).toEqual(before);

    const broken = await service({ content: `${good}\n"CH-6","INV90006\n` });
    expect(broken).toMatchObject({ rows: [], userErrors: [{ field: ['input', 'content'], code: 'INVALID', message: expect.stringContaining('The CSV cannot be read') }] });
    expect(await digest()).toEqual(before);

    // The same invoice number under two external ids, chunks apart: the second row is refused, on a dry run too.
    const twice = await service({ content: `${good}\n${line(6, 'C-9001', 'INV90001')}\n`, dryRun: true });
    expect(twice.rows[5]).toEqual({ row: 7, key: 'CH-6', status: 'ERROR', errors: [{ column: 'Document Number', message: 'Invoice number INV90001 is also on row 2; a file may hold each invoice number once.' }] });

    expect(await service({ content: good })).toMatchObject({ created: 5, failed: 0, userErrors: [] });
    expect(await api.db.prisma.invoice.count({ where: { externalId: { startsWith: 'CH-' }, imported: true } })).toBe(5);
    expect(await service({ content: good }, 3)).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 0 });

    // Payments chunks apart applying to one invoice: the later one takes only what the earlier left open.
    const payments = 'Internal ID,Customer,Date,Amount,Applied To\nCP-1,C-9001,11/20/2026,50.00,INV90001\nCP-2,C-9001,11/20/2026,5.00,INV90002\nCP-3,C-9001,11/21/2026,30.00,INV90001\n';
    expect(await service({ kind: 'PAYMENTS', content: payments })).toMatchObject({ created: 3, failed: 0, userErrors: [] });
    const paid = await api.ok(`{ a: invoice(number: "INV90001") { balance status } b: invoice(number: "INV90002") { balance } }`);
    expect(paid).toEqual({ a: { balance: '0.00', status: 'PAID' }, b: { balance: '55.00' } });
    const cp3 = await api.db.prisma.payment.findUnique({ where: { externalId: 'CP-3' }, select: { amount: true, unappliedAmount: true } });
    expect([cp3?.amount.toString(), cp3?.unappliedAmount.toString()]).toEqual(['30', '20']);
  });
});

describe('npm run import', () => {
  const exec = promisify(execFile);
  const cli = (url: string, ...args: string[]) =>
    exec('npx', ['tsx', 'scripts/import.ts', ...args], { env: { ...process.env, DATABASE_URL: url }, cwd: fileURLToPath(new URL('../..', import.meta.url)) })
      .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
      .catch((error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }));

  it('dry-runs by default, prints every bad row and exits 1, and imports with --commit', async () => {
    // A scratch database on the server when there is one (quicker), else an embedded one in a directory.
    const dir = await mkdtemp(path.join(tmpdir(), 'ledgerline-import-'));
    const server = process.env.TEST_DATABASE_URL ? await scratchDatabase(process.env.TEST_DATABASE_URL, 'ledgerline_import_cli') : null;
    const url = server?.url ?? `file:${dir}/db`;
    const open = () => openDatabase(url);
    let db = await open();
    await db.prisma.entity.create({ data: { code: 'US01', name: 'US', currency: 'USD' } });
    await db.close();
    try {
      const bad = await cli(url, 'customers', 'test/fixtures/import/formula-cell.csv', '--commit');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("Row 3, name: A cell starting with '=' is a formula; the import takes values only");
      expect(bad.stdout).toContain('Nothing imported: 1 of 3 rows failed; the others would be 2 created, 0 updated, 0 unchanged.');
      const good = await cli(url, 'customers', 'test/fixtures/import/salesforce-accounts.xlsx', '--entity', 'US01', '--commit', '--map', 'Customer Since=collector');
      expect(good).toMatchObject({ code: 0, stderr: '' });
      expect(good.stdout).toContain('Imported: 2 created, 0 updated, 0 unchanged.');
      db = await open();
      const customers = await db.prisma.customer.findMany({ orderBy: { code: 'asc' }, select: { code: true, name: true, paymentTerms: true, creditLimit: true, collector: true } });
      expect(customers.map((c) => ({ ...c, creditLimit: c.creditLimit?.toString() }))).toEqual([
        { code: 'C-3001', name: 'Hooli Inc', paymentTerms: 'NET45', creditLimit: '250000', collector: '2024-01-15' },
        { code: 'C-3002', name: 'Pied Piper', paymentTerms: '1/10 NET30', creditLimit: '12500', collector: '2025-06-01' },
      ]);
      await db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
      await server?.drop();
    }
  }, 60_000);
});
