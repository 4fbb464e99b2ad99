// Headers recognised per kind (NetSuite, Salesforce, the API's names, a mapping), cell values
// as the sources write them (US dates, Excel serials, "(1,234.50)", NetSuite terms, country
// names), and rows converted with every problem listed under the file's header.
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../api/domain/errors.js';
import { excelSerialDate, importAmount, importCountry, importDate, importEmails, importTerms } from '../../../api/import/records/cells.js';
import { normalizeHeader, planColumns } from '../../../api/import/records/columns.js';
import { convertRows, type ContractRecord, type InvoiceRecord } from '../../../api/import/records/rows.js';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error.errors.map((e) => e.message).join(' | ');
    throw error;
  }
  throw new Error('not refused');
};
const NETSUITE = ['Internal ID', 'Document Number', 'Customer', 'Date', 'Due Date', 'Terms', 'Currency', 'Amount', 'Amount Remaining', 'PO/Check Number'];

describe('columns', () => {
  it('recognises NetSuite saved-search headers ignoring case, spaces and punctuation', () => {
    expect(normalizeHeader(' PO/Check  Number ')).toBe('pochecknumber');
    const plan = planColumns('INVOICES', [...NETSUITE, 'Memo (Main)', 'Status']);
    expect(plan.columns).toEqual([
      { header: 'Internal ID', field: 'externalId' },
      { header: 'Document Number', field: 'number' },
      { header: 'Customer', field: 'customerCode' },
      { header: 'Date', field: 'issueDate' },
      { header: 'Due Date', field: 'dueDate' },
      { header: 'Terms', field: 'paymentTerms' },
      { header: 'Currency', field: 'currency' },
      { header: 'Amount', field: 'amount' },
      { header: 'Amount Remaining', field: 'amountRemaining' },
      { header: 'PO/Check Number', field: 'poNumber' },
      { header: 'Memo (Main)', field: null },
      { header: 'Status', field: null },
    ]);
    expect(planColumns('CUSTOMERS', ['CODE', 'name', 'payment_terms', 'billingEmails']).at.get('paymentTerms')).toBe(2);
  });

  it('lets a mapping override recognition, and refuses a missing required column naming the headers it accepts', () => {
    const plan = planColumns('INVOICES', ['Ref', 'Cust', 'Invoice Date', 'Total', 'Document Number'], [{ header: 'ref', field: 'number' }, { header: 'Cust', field: 'customerCode' }]);
    expect(plan.columns.map((c) => c.field)).toEqual(['number', 'customerCode', 'issueDate', 'amount', null]);
    expect(refusal(() => planColumns('INVOICES', ['Document Number', 'Date', 'Amount']))).toBe(
      'No column holds customerCode, which invoices need; name a column "customerCode" or "customer" or "Customer" or "Account Number" or "Customer ID" or "Customer Code", or map one with mapping: [{header, field: "customerCode"}].',
    );
    expect(refusal(() => planColumns('PAYMENTS', NETSUITE, [{ header: 'Nope', field: 'amount' }, { header: 'Date', field: 'colour' }]))).toMatch(/The file has no column "Nope".*"colour" is not a field of payments; accepted: externalId, customerCode/);
  });
});

describe('cell values', () => {
  it('reads dates: ISO, NetSuite US M/D/YYYY, Excel serials only from number cells', () => {
    expect(importDate('2026-09-01')).toBe('2026-09-01');
    expect(importDate('9/1/2026')).toBe('2026-09-01');
    expect(importDate('12/31/2026 11:59 pm')).toBe('2026-12-31');
    expect(importDate('46266', true)).toBe('2026-09-01');
    expect(excelSerialDate(1)).toBe('1900-01-01');
    expect(excelSerialDate(61)).toBe('1900-03-01');
    expect(refusal(() => importDate('46266'))).toContain('is not a date; write YYYY-MM-DD (2026-09-01) or M/D/YYYY');
    expect(refusal(() => importDate('31/12/2026'))).toContain('is not a date');
    expect(refusal(() => importDate('2/30/2026'))).toContain('is not a date');
  });

  it('reads amounts exactly: thousands separators, accounting negatives, currency signs; refuses a decimal comma', () => {
    expect(importAmount('1,250.00')).toBe('1250.00');
    expect(importAmount('(1,234.50)')).toBe('-1234.50');
    expect(importAmount('$ 1,000,000.10')).toBe('1000000.10');
    expect(importAmount('-$5')).toBe('-5');
    expect(importAmount('0.1')).toBe('0.1');
    expect(refusal(() => importAmount('1.234,50'))).toContain('is not an amount');
    expect(refusal(() => importAmount('12,34'))).toContain('is not an amount');
    expect(refusal(() => importAmount('1e5'))).toContain('is not an amount');
  });

  it('reads NetSuite terms, emails and countries', () => {
    expect(['Net 30', 'Net 15', 'Due on receipt', '2% 10 Net 30', '1.5% 10, Net 45', 'NET60', 'End of Month'].map(importTerms)).toEqual(['NET30', 'NET15', 'DUE_ON_RECEIPT', '2/10 NET30', '1.5/10 NET45', 'NET60', 'EOM']);
    expect(refusal(() => importTerms('Net 999'))).toContain('is not a payment term');
    expect(importEmails('a@x.example; b@y.example,c@z.example')).toEqual(['a@x.example', 'b@y.example', 'c@z.example']);
    expect(refusal(() => importEmails('a@x.example; nope'))).toContain('"nope" is not an email address');
    expect(['US', 'de', 'United States', 'Germany', 'UK', 'United Kingdom', 'Côte d’Ivoire'].map(importCountry)).toEqual(['US', 'DE', 'US', 'DE', 'GB', 'GB', 'CI']);
    expect(refusal(() => importCountry('Atlantis'))).toContain('is not a country this import knows');
  });
});

describe('convertRows', () => {
  const invoices = (cells: string[][], header = NETSUITE) =>
    convertRows<InvoiceRecord>('INVOICES', planColumns('INVOICES', header), cells.map((c, i) => ({ row: i + 2, cells: c })));

  it('reads a NetSuite invoice row (the worked example)', () => {
    const [row] = invoices([['81234', 'INV10023', 'c-1001', '9/1/2026', '', 'Net 30', 'USD', '1,000.00', '400.00', 'PO-77']]);
    expect(row).toEqual({
      row: 2, key: '81234', errors: [],
      record: { externalId: '81234', number: 'INV10023', customerCode: 'C-1001', entityCode: undefined, issueDate: '2026-09-01', dueDate: null, paymentTerms: 'NET30', currency: 'USD', amount: '1000.00', amountRemaining: '400.00', poNumber: 'PO-77', description: undefined },
    });
  });

  it('lists every problem of a row under its header; formulas refused, negatives allowed only where numbers go', () => {
    const [row] = invoices([['81235', '=1+1', '', '13/45/2026', '', 'Net 30', 'USD', '-12', '@SUM(A1)', '-PO']]);
    expect(row!.record).toBeNull();
    expect(row!.errors).toEqual([
      { column: 'Document Number', message: "A cell starting with '=' is a formula; the import takes values only (paste the column as values, or remove the '=')." },
      { column: 'Customer', message: 'The customer code is required; this cell is blank.' },
      { column: 'Date', message: expect.stringContaining('"13/45/2026" is not a date') },
      { column: 'Amount Remaining', message: expect.stringContaining("A cell starting with '@' is a formula") },
      { column: 'PO/Check Number', message: expect.stringContaining("A cell starting with '-' is a formula") },
    ]);
  });

  it('refuses the same key twice on its second row; the external id defaults to the document number', () => {
    const header = ['Document Number', 'Customer', 'Date', 'Amount'];
    const rows = invoices([['INV-1', 'C-1', '2026-09-01', '10'], ['INV-2', 'C-1', '2026-09-01', '10'], ['inv-1', 'C-2', '2026-09-02', '20']], header);
    expect(rows.map((r) => [r.key, r.errors])).toEqual([
      ['INV-1', []],
      ['INV-2', []],
      ['INV-1', [{ column: 'Document Number', message: 'INV-1 is also on row 2; a file may hold each number once.' }]],
    ]);
  });

  it('brings over only the unapplied cash of a payment, refusing one fully applied in the source', () => {
    const header = ['Internal ID', 'Customer', 'Date', 'Amount', 'Amount Remaining'];
    const rows = convertRows('PAYMENTS', planColumns('PAYMENTS', header), [
      { row: 2, cells: ['90011', 'C-1', '11/10/2026', '2,000.00', '250.00'] },
      { row: 3, cells: ['90012', 'C-1', '11/10/2026', '2,000.00', '0.00'] },
    ]);
    expect(rows[0]!.record).toMatchObject({ externalId: '90011', amount: '250.00' });
    expect(rows[1]!.errors).toEqual([{ column: 'Amount Remaining', message: expect.stringContaining('leave fully applied payments out of the file') }]);
  });

  it('ends a Salesforce contract a day before start + term months, and checks an end date given as well', () => {
    const header = ['Contract Number', 'Account Number', 'Contract Start Date', 'Contract Term (months)', 'Contract End Date', 'Amount Per Period'];
    const rows = convertRows<ContractRecord>('CONTRACTS', planColumns('CONTRACTS', header), [
      { row: 2, cells: ['CT-1', 'C-1', '1/31/2026', '1', '', '100'] },
      { row: 3, cells: ['CT-2', 'C-1', '2026-01-01', '12', '2026-12-30', '100'] },
    ]);
    expect(rows[0]!.record?.endDate).toBe('2026-02-27');
    expect(rows[1]!.errors).toEqual([{ column: 'Contract End Date', message: expect.stringContaining('does not agree with the term of 12 months from 2026-01-01 (which ends 2026-12-31)') }]);
  });
});
