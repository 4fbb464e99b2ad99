// @vitest-environment jsdom
// The import panel and "Cash to apply" in the pane: a records file is checked first (a dry run)
// — its report written into the "Import report" sheet, the counts shown — and Import is offered
// only after a clean check of the same file, sending the very content checked; an XLSX goes as
// base64; a file over the limit is refused before anything is read or sent. A bank statement is
// imported for an entity and "Cash to apply" is refreshed; applying lines asks "Apply N bank lines
// as payments (…)?" first.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BankTransactionNode, ImportRecordsResult } from '../../../addin/api/data-in-operations.js';
import type { Role } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { cashToApplyLayout } from '../../../addin/sheets/layouts/cash-to-apply.js';
import { csvHeaders, guessMapping, reportRows, tooLargeMessage } from '../../../addin/ui/import-file.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';
import { renderPane } from '../support/pane.js';

const LINE: BankTransactionNode = {
  id: 't1', lineNumber: 1, entryRef: 'E1', bookingDate: '2026-11-20', valueDate: null, amount: '1250.00', currency: 'USD', counterparty: 'Acme Inc', counterpartyAccount: null,
  remittance: 'US01-000001', references: [], status: 'PROPOSED', payment: null,
  match: { customer: { code: 'ACME', name: 'Acme Inc' }, applications: [{ invoiceNumber: 'US01-000001', amount: '1000.00', discount: '0.00' }], confidence: 0.8, rule: 2 },
  statement: { id: 's1', account: 'DE89', statementRef: 'STMT-1', entity: { code: 'US01' } },
};

const result = (dryRun: boolean, failed = 0): ImportRecordsResult => ({
  dryRun, created: 2, updated: 1, unchanged: 0, failed, columns: [{ header: 'Document Number', field: 'number' }],
  rows: [
    { row: 2, key: 'INV1', status: 'CREATED', errors: [] },
    { row: 3, key: 'INV2', status: 'UPDATED', errors: [] },
    ...(failed > 0 ? [{ row: 4, key: 'INV3', status: 'ERROR' as const, errors: [{ column: 'Amount', message: '"10%" is not an amount.' }, { column: null, message: 'Customer ZED does not exist.' }] }] : []),
    { row: 5, key: 'INV4', status: 'CREATED', errors: [] },
  ],
  userErrors: [],
});

let workbook: FakeWorkbook;
let sent: Record<string, any>[];
let lines: BankTransactionNode[];

function openPane(role: Role, answers: { records?: (input: any) => ImportRecordsResult } = {}) {
  workbook = installFakeExcel();
  sent = [];
  lines = [LINE];
  const api = fakeApi({
    Me: () => ({ me: { name: 'carlos', role } }),
    FilterChoices: () => ({ entities: [{ code: 'US01', name: 'United States', currency: 'USD' }], kpiDefinitions: [] }),
    InvoicesPage: () => ({ invoices: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } }),
    BankTransactionsPage: () => ({ bankTransactions: { pageInfo: { hasNextPage: false, endCursor: null }, edges: lines.map((node) => ({ node })) } }),
    ImportRecords: ({ input }) => {
      sent.push(input);
      return { importRecords: (answers.records ?? ((i) => result(i.dryRun)))(input) };
    },
    ImportBankStatement: ({ input }) => {
      sent.push(input);
      return {
        importBankStatement: {
          statement: { id: 's1', account: 'DE89', statementRef: 'STMT-1', currency: 'USD', fromDate: '2026-11-20', toDate: '2026-11-20', debitEntries: 2, transactions: [{ id: 't0', status: 'EXACT', amount: '80.00', currency: 'USD' }, { id: 't1', status: 'PROPOSED', amount: '1250.00', currency: 'USD' }] },
          duplicate: false,
          userErrors: [],
        },
      };
    },
    ConfirmBankMatches: ({ input }) => {
      sent.push(input);
      lines = [];
      return { confirmBankMatches: { transactions: [{ ...LINE, status: 'CONFIRMED', payment: { id: 'p1', amount: '1250.00', unappliedAmount: '250.00' } }], userErrors: [] } };
    },
  });
  renderPane({ api, today: '2026-11-25', newKey: () => 'key' });
  return api;
}

afterEach(() => {
  cleanup();
  workbook.uninstall();
});

const panel = async () => screen.findByRole('region', { name: 'Import a file' });
const choose = async (target: string) => fireEvent.change(within(await panel()).getByRole('combobox', { name: 'What the file holds' }), { target: { value: target } });
const pick = async (file: File) => fireEvent.change(within(await panel()).getByLabelText('File'), { target: { files: [file] } });
const button = async (name: string) => within(await panel()).getByRole('button', { name });

describe('importing records', () => {
  it('checks a CSV first, writes the report sheet, and imports only after a clean check of the same file, sending what was checked', async () => {
    openPane('AR', { records: (input) => result(input.dryRun, input.dryRun && sent.length === 1 ? 1 : 0) });
    await choose('INVOICES');
    await pick(new File(['Document Number,Amount\nINV1,100\n'], 'open-invoices.csv', { type: 'text/csv' }));
    expect((await button('Import')).hasAttribute('disabled')).toBe(true);

    // The first check finds a bad row: the report lists each error with its row and column.
    fireEvent.click(await button('Check'));
    await screen.findByText('1 row has errors');
    expect(sent[0]).toEqual({ kind: 'INVOICES', format: 'CSV', content: 'Document Number,Amount\nINV1,100\n', entityCode: null, dryRun: true });
    expect(workbook.table('llImportReport').headers).toEqual(['Row', 'Key', 'Status', 'Column', 'Message']);
    expect(workbook.table('llImportReport').rows()).toEqual([
      [2, 'INV1', 'CREATED', '', ''],
      [3, 'INV2', 'UPDATED', '', ''],
      [4, 'INV3', 'ERROR', 'Amount', '"10%" is not an amount.'],
      [4, 'INV3', 'ERROR', '', 'Customer ZED does not exist.'],
      [5, 'INV4', 'CREATED', '', ''],
    ]);
    expect(within(await panel()).getByLabelText('Import counts').textContent).toBe('2 to create, 1 to update, 0 unchanged, 1 failed');
    expect((await button('Import')).hasAttribute('disabled')).toBe(true);

    // Checked again (fixed on the server's side here): clean, so Import is offered.
    fireEvent.click(await button('Check'));
    await screen.findByText('Check passed: 2 to create, 1 to update, 0 unchanged, 0 failed');
    await waitFor(async () => expect((await button('Import')).hasAttribute('disabled')).toBe(false));
    fireEvent.click(await button('Import'));
    await screen.findByText('Imported invoices: 2 created, 1 updated, 0 unchanged, 0 failed');
    expect(sent[2]).toEqual({ ...sent[1], dryRun: false });
    expect((await button('Import')).hasAttribute('disabled')).toBe(true);
  });

  it('a clean check holds for that file and entity only: another file needs its own check', async () => {
    openPane('AR');
    await pick(new File(['code,name\nACME,Acme\n'], 'customers.csv'));
    fireEvent.click(await button('Check'));
    await screen.findByText(/^Check passed/);
    await waitFor(async () => expect((await button('Import')).hasAttribute('disabled')).toBe(false));
    await pick(new File(['code,name\nBETA,Beta\n'], 'customers2.csv'));
    expect((await button('Import')).hasAttribute('disabled')).toBe(true);
  });

  it('sends an XLSX as base64, and says which files an import takes', async () => {
    openPane('AR');
    await choose('PAYMENTS');
    await pick(new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04])], 'payments.xlsx'));
    fireEvent.click(await button('Check'));
    await screen.findByText(/^Check passed/);
    expect(sent[0]).toMatchObject({ kind: 'PAYMENTS', format: 'XLSX', content: 'UEsDBA==' });

    await pick(new File(['x'], 'payments.xls'));
    fireEvent.click(await button('Check'));
    await screen.findByText('Not a file this import takes');
    expect(screen.getByText(/payments\.xls is an \.xls \(Excel 97–2003\) file: open it in Excel and save it as \.xlsx/)).toBeTruthy();
    expect(sent).toHaveLength(1);
  });

  it('refuses a file over 32 MB in the pane, with the server’s words, before reading it', async () => {
    openPane('AR');
    const big = new File(['x'], 'huge.csv');
    Object.defineProperty(big, 'size', { value: 40 * 1024 * 1024 });
    await pick(big);
    fireEvent.click(await button('Check'));
    await screen.findByText('huge.csv is too large');
    expect(screen.getByText(`${tooLargeMessage(40 * 1024 * 1024, 'CUSTOMERS')} Nothing was sent.`)).toBeTruthy();
    expect(tooLargeMessage(40 * 1024 * 1024, 'CUSTOMERS')).toBe('The file is 41943040 bytes; at most 33554432 bytes (32.0 MiB, LEDGERLINE_IMPORT_MAX_BYTES) are accepted. Split it into smaller files.');
    expect(tooLargeMessage(40 * 1024 * 1024, 'BANK_STATEMENT')).toBe('The file is 41943040 bytes; at most 33554432 bytes (LEDGERLINE_IMPORT_MAX_BYTES) are accepted.');
    expect(sent).toEqual([]);
  });

  it('reads a file that is not UTF-8 as Windows-1252, as the server reads a posted file', async () => {
    openPane('AR');
    // "Müller" in Windows-1252: ü is the single byte 0xFC, not valid UTF-8.
    await pick(new File([new Uint8Array([0x63, 0x6f, 0x64, 0x65, 0x2c, 0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x4d, 0x2c, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a])], 'customers.csv'));
    fireEvent.click(await button('Check'));
    await screen.findByText(/^Check passed/);
    expect(sent[0]!.content).toBe('code,name\nM,Müller\n');
  });

  it('tells an analyst that importing needs an AR token', async () => {
    openPane('ANALYST');
    await screen.findByText('Importing needs an AR token (yours is ANALYST).');
    expect((await button('Check')).hasAttribute('disabled')).toBe(true);
  });

  it('writes file-level refusals into the report too', () => {
    expect(reportRows({ ...result(true), rows: [], userErrors: [{ field: ['input', 'content'], message: 'Not a CSV file.', code: 'INVALID' }] })).toEqual([{ row: '', key: '', status: 'FILE', column: '', message: 'Not a CSV file.' }]);
  });
});

describe('importing a bank statement and applying its lines', () => {
  it('imports for the entity chosen, says how many were applied at once, and refreshes Cash to apply; applying asks first', async () => {
    openPane('AR');
    await choose('BANK_STATEMENT');
    await pick(new File(['<Document/>'], 'camt053.xml'));
    expect((within(await panel()).getByRole('combobox', { name: 'Statement format' }) as HTMLSelectElement).value).toBe('CAMT053');
    fireEvent.click(await button('Import statement'));
    await screen.findByText('Choose the entity');
    expect(sent).toEqual([]);

    fireEvent.change(within(await panel()).getByRole('combobox', { name: 'Statement entity' }), { target: { value: 'US01' } });
    fireEvent.click(await button('Import statement'));
    await screen.findByText('Imported 2 credit lines: 1 applied at once');
    expect(screen.getByText(/Statement STMT-1 \(account DE89\): 1 line matched exactly and already applied as payments, 1 proposed, 0 unmatched\. 2 debit entries left out/)).toBeTruthy();
    expect(sent[0]).toEqual({ entityCode: 'US01', format: 'CAMT053', content: '<Document/>', csvMapping: null });

    // Cash to apply is picked and pulled.
    await screen.findByText('Pulled 1 row into “Cash to apply”');
    expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLSelectElement).value).toBe('cashToApply');
    const table = workbook.table(cashToApplyLayout.table.tableName);
    expect(table.column('Invoices')).toEqual(['US01-000001']);

    const { rect } = parseAddress(table.address);
    workbook.setCell(cashToApplyLayout.table.sheetName, formatRect({ row: rect.row + 1, column: rect.column + table.headers.indexOf('Confirm'), rowCount: 1, columnCount: 1 }), 'x');
    fireEvent.click(screen.getByRole('button', { name: 'Apply confirmed lines…' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Apply 1 bank line as payments (USD 1,250.00)?' });
    expect(sent).toHaveLength(1);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply confirmed lines', hidden: true }));
    await screen.findByText('Applied 1 bank line as payments (USD 1,250.00)');
    expect(sent[1]!.matches).toEqual([{ transactionId: 't1', customerCode: 'ACME' }]);
    expect(workbook.table(cashToApplyLayout.table.tableName).column('Result')).toEqual(['Payment of USD 1,250.00 from ACME: US01-000001 1,000.00; USD 250.00 unapplied']);
  });

  it('guesses a CSV statement’s columns from its header line and sends the mapping', async () => {
    openPane('AR');
    await choose('BANK_STATEMENT');
    await pick(new File(['Booking Date;Betrag;Währung;Name;Verwendungszweck\n2026-11-20;1250,00;EUR;Acme;INV1\n'], 'statement.csv'));
    const columns = await screen.findByRole('group', { name: 'CSV columns' });
    await waitFor(() => expect((within(columns).getByRole('textbox', { name: 'Booking date column' }) as HTMLInputElement).value).toBe('Booking Date'));
    fireEvent.change(within(columns).getByRole('combobox', { name: 'Decimal separator' }), { target: { value: ',' } });
    fireEvent.change(within(await panel()).getByRole('combobox', { name: 'Statement entity' }), { target: { value: 'US01' } });
    fireEvent.click(await button('Import statement'));
    await screen.findByText(/^Imported 2 credit lines/);
    expect(sent[0]!.csvMapping).toEqual({ bookingDate: 'Booking Date', amount: 'Betrag', currency: 'Währung', counterparty: 'Name', remittance: 'Verwendungszweck', decimalSeparator: ',' });
  });

  it('reads headers with any of the usual delimiters; credit and debit columns win over a signed amount', () => {
    expect(csvHeaders('\uFEFF"Date"\t"Credit"\t"Debit"\t"Amount"\r\n')).toEqual(['Date', 'Credit', 'Debit', 'Amount']);
    expect(guessMapping(['Date', 'Credit', 'Debit', 'Amount'])).toMatchObject({ bookingDate: 'Date', credit: 'Credit', debit: 'Debit', amount: '' });
  });
});
