// Data in end to end: the pane's operations and its "Cash to apply" session on the in-memory
// Excel, talking through the add-in's own client to the real API in process (a fresh PGlite
// database). A CSV statement is imported (the exact match applied at once); the analyst sorts the
// lines, types a percentage (refused in the pane), confirms a line for a customer that does not
// exist (refused by the server on that line's cell, nothing applied), fixes it and applies both
// lines in one confirmation after saying yes; a refresh leaves the sheet empty. A renamed header
// stops the push until restored. A records file is checked (a dry run) and then imported.
import { parse, validate } from 'graphql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../../api/schema/index.js';
import type { LedgerApi } from '../../../addin/api/client.js';
import { inProcessLedgerApi, openBalances, seedSmallBook } from '../support/in-process-api.js';
import * as dataIn from '../../../addin/api/data-in-operations.js';
import { IMPORT_BANK_STATEMENT, IMPORT_RECORDS, type ImportBankStatementData, type ImportRecordsData } from '../../../addin/api/data-in-operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { cashToApplyLayout } from '../../../addin/sheets/layouts/cash-to-apply.js';
import { reportRows, statementSummary } from '../../../addin/ui/import-file.js';
import { DatasetSession } from '../../../addin/workflow/dataset-session.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { testDatabases } from '../../support/databases.js';

const TODAY = '2026-11-25';
const [database] = testDatabases(); // PGlite: the add-in's side is what is under test here

let api: TestApi;
let workbook: FakeWorkbook;
let session: DatasetSession | null = null;
const numbers: Record<string, string> = {};

const clientFor = (token: string): LedgerApi => inProcessLedgerApi(api, token);

const balances = () => openBalances(api);

beforeAll(async () => {
  api = await startTestApi(database!, { today: TODAY });
  Object.assign(numbers, await seedSmallBook(api, { issueDate: '2026-10-01', customerName: (code) => `${code} Trading`, amounts: { ALPHA: '2000.00', BETA: '800.00', GAMMA: '1000.00' } }));
});

afterAll(async () => {
  await api?.close();
});

beforeEach(() => {
  workbook = installFakeExcel();
});

afterEach(async () => {
  await session?.dispose();
  session = null;
  workbook.uninstall();
});

const table = () => workbook.table(cashToApplyLayout.table.tableName);
const column = (header: string) => table().column(header);

/** Types into the cell under `header` on the line whose Counterparty is `payer` (wherever sorting put it). */
function type(payer: string, header: string, value: string): void {
  const { rect } = parseAddress(table().address);
  const bodyRow = column('Counterparty').indexOf(payer);
  expect(bodyRow).toBeGreaterThanOrEqual(0);
  workbook.setCell(cashToApplyLayout.table.sheetName, formatRect({ row: rect.row + 1 + bodyRow, column: rect.column + table().headers.indexOf(header), rowCount: 1, columnCount: 1 }), value);
}

describe('the operations', () => {
  it('validate against the server’s schema', () => {
    const documents = Object.entries(dataIn as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && /^\s*(query|mutation)/.test(entry[1]));
    expect(documents.map(([name]) => name).sort()).toEqual(['BANK_TRANSACTIONS_PAGE', 'CONFIRM_BANK_MATCHES', 'IMPORT_BANK_STATEMENT', 'IMPORT_RECORDS']);
    for (const [, document] of documents) expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});

describe('cash to apply', () => {
  it('imports a statement, then applies the proposed and unmatched lines in one confirmation, refusals marked on their line and nothing applied until all pass', async () => {
    const client = clientFor(api.tokens.AR);
    const csv = [
      'Booking date,Amount,Currency,Counterparty,Remittance,Reference',
      `2026-11-20,2000.00,USD,ALPHA Trading,Invoice ${numbers.ALPHA},R1`,
      `2026-11-21,500.00,USD,BETA Trading,Part payment ${numbers.BETA},R2`,
      '2026-11-22,300.00,USD,Someone Else,thanks,R3',
      '2026-11-22,-25.00,USD,Bank,fee,R4',
    ].join('\n');
    const mapping = { bookingDate: 'Booking date', amount: 'Amount', currency: 'Currency', counterparty: 'Counterparty', remittance: 'Remittance', entryRef: 'Reference' };
    const imported = await client.mutate<ImportBankStatementData>(IMPORT_BANK_STATEMENT, { input: { entityCode: 'US01', format: 'CSV', content: csv, csvMapping: mapping } });
    expect(imported.importBankStatement.userErrors).toEqual([]);
    expect(statementSummary(imported.importBankStatement)).toMatchObject({
      intent: 'success',
      title: 'Imported 3 credit lines: 1 applied at once',
      text: expect.stringContaining('1 line matched exactly and already applied as payments, 1 proposed, 1 unmatched. 1 debit entry left out'),
    });
    expect((await balances())[numbers.ALPHA!]).toBeUndefined();

    session = new DatasetSession({ layout: cashToApplyLayout, office: fromOfficeLayer(officeLayer), api: client, today: () => TODAY, newKey: () => crypto.randomUUID(), scanDelayMs: 60_000 });
    await session.pull({ entityCode: 'US01' });
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Pulled 2 rows into “Cash to apply”' });
    expect(column('Counterparty')).toEqual(['BETA Trading', 'Someone Else']);
    expect(column('Status')).toEqual(['PROPOSED', 'UNMATCHED']);
    expect(column('Customer')).toEqual(['BETA', '']);
    expect(column('Invoices')).toEqual([numbers.BETA, '']);

    // Sorted by amount: the lines are found by their id, not by position.
    workbook.sortTable(cashToApplyLayout.table.tableName, 'Amount', true);
    expect(column('Counterparty')).toEqual(['Someone Else', 'BETA Trading']);
    type('BETA Trading', 'Amounts', '10%');
    type('BETA Trading', 'Confirm', 'x');
    type('Someone Else', 'Customer', 'NOBODY');
    type('Someone Else', 'Confirm', 'x');
    await session.scan();
    expect(session.getState().problems.map((p) => [p.header, p.message])).toEqual([
      ['Amounts', expect.stringContaining('"10%" is a percentage, not an amount: type the amount itself in USD.')],
    ]);
    await session.push();
    expect(session.getState().notice).toMatchObject({ intent: 'error', title: '1 value to fix before pushing' });
    expect(session.getState().confirmation).toBeNull();

    // A renamed header stops the push until it is put back.
    const { rect } = parseAddress(table().address);
    workbook.setCell(cashToApplyLayout.table.sheetName, formatRect({ row: rect.row, column: rect.column + table().headers.indexOf('Confirm'), rowCount: 1, columnCount: 1 }), 'OK?');
    await session.push();
    expect(session.getState().notice).toMatchObject({ title: 'A column header was renamed or deleted' });
    expect(session.getState().confirmation).toBeNull();
    await session.restoreHeaders();
    expect(table().headers).toContain('Confirm');

    type('BETA Trading', 'Amounts', '500');
    // A copy of BETA's line (its hidden id too) pasted into a new row: both rows refused, nothing sent.
    const beta = column('Counterparty').indexOf('BETA Trading');
    const sheetRow = (bodyRow: number) => parseAddress(table().address).rect.row + 2 + bodyRow;
    const lastColumn = (n: number) => formatRect({ row: n - 1, column: parseAddress(table().address).rect.column + table().headers.length - 1, rowCount: 1, columnCount: 1 });
    const copied = workbook.sheet(cashToApplyLayout.table.sheetName).values(`A${sheetRow(beta)}:${lastColumn(sheetRow(beta))}`);
    workbook.insertRows(cashToApplyLayout.table.sheetName, `${sheetRow(1)}:${sheetRow(1)}`);
    workbook.setRange(cashToApplyLayout.table.sheetName, `A${sheetRow(1)}:${lastColumn(sheetRow(1))}`, copied);
    expect(column('Counterparty').filter((c) => c === 'BETA Trading')).toHaveLength(2);
    await session.push();
    expect(session.getState().notice).toMatchObject({ intent: 'error', title: '2 values to fix before pushing' });
    expect(session.getState().problems.map((p) => p.message)).toEqual([
      expect.stringContaining('is on 2 rows (table rows'),
      expect.stringContaining('is on 2 rows (table rows'),
    ]);
    expect(session.getState().confirmation).toBeNull();
    workbook.deleteRows(cashToApplyLayout.table.sheetName, `${sheetRow(1)}:${sheetRow(1)}`);
    expect(column('Counterparty')).toEqual(['Someone Else', 'BETA Trading']);

    await session.push();
    expect(session.getState().confirmation).toMatchObject({ title: 'Apply 2 bank lines as payments (USD 800.00)?' });
    await session.push({ confirmed: session.getState().confirmation!.signature });
    // No customer NOBODY: the whole confirmation is refused, the refusal on that line's Customer.
    expect(session.getState().notice).toMatchObject({ intent: 'error', title: 'The server refused 1 value' });
    expect(session.getState().problems.map((p) => [p.label, p.header])).toEqual([['2026-11-22 USD 300.00 Someone Else', 'Customer']]);
    expect(await balances()).toEqual({ [numbers.BETA!]: '800.00', [numbers.GAMMA!]: '1000.00' });

    type('Someone Else', 'Customer', 'GAMMA');
    await session.push();
    expect(session.getState().confirmation).toMatchObject({ title: 'Apply 2 bank lines as payments (USD 800.00)?' });
    await session.push({ confirmed: session.getState().confirmation!.signature });
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Applied 2 bank lines as payments (USD 800.00)' });
    expect(session.getState().problems).toEqual([]);
    expect(session.getState().edits).toEqual([]);
    expect(column('Confirm')).toEqual(['', '']);
    const results = Object.fromEntries(column('Counterparty').map((payer, i) => [payer, column('Result')[i]]));
    expect(results).toEqual({
      'BETA Trading': `Payment of USD 500.00 from BETA: ${numbers.BETA} 500.00`,
      'Someone Else': `Payment of USD 300.00 from GAMMA: ${numbers.GAMMA} 300.00`,
    });
    expect(await balances()).toEqual({ [numbers.BETA!]: '300.00', [numbers.GAMMA!]: '700.00' });

    // The applied lines leave the sheet with the next refresh.
    await session.pull({ entityCode: 'US01' });
    expect(session.getState().notice).toMatchObject({ title: 'Refreshed 0 rows into “Cash to apply”' });
    // (An Excel table keeps one blank row.)
    expect(column('Counterparty').filter((c) => c !== '')).toEqual([]);
  });
});

describe('importing records', () => {
  it('checks a customers file (nothing written), then imports it; the report has a line per row', async () => {
    const client = clientFor(api.tokens.AR);
    const csv = 'code,name,paymentTerms,deliveryChannel\nDELTA,Delta Ltd,NET30,POST\nEPSILON,Epsilon GmbH,NET45,POST\n';
    const input = { kind: 'CUSTOMERS', format: 'CSV', content: csv, entityCode: 'US01' };
    const checked = (await client.mutate<ImportRecordsData>(IMPORT_RECORDS, { input: { ...input, dryRun: true } })).importRecords;
    expect(checked).toMatchObject({ dryRun: true, created: 2, failed: 0, userErrors: [] });
    expect(reportRows(checked).map((r) => [r.row, r.key, r.status])).toEqual([[2, 'DELTA', 'CREATED'], [3, 'EPSILON', 'CREATED']]);
    const before = await api.ok(`{ customers(first: 50) { edges { node { code } } } }`);
    expect(before.customers.edges.map((e: { node: { code: string } }) => e.node.code)).not.toContain('DELTA');

    const done = (await client.mutate<ImportRecordsData>(IMPORT_RECORDS, { input: { ...input, dryRun: false } })).importRecords;
    expect(done).toMatchObject({ dryRun: false, created: 2, failed: 0, userErrors: [] });
    const after = await api.ok(`{ customers(first: 50) { edges { node { code } } } }`);
    expect(after.customers.edges.map((e: { node: { code: string } }) => e.node.code)).toEqual(expect.arrayContaining(['DELTA', 'EPSILON']));
  });
});
