// CSV statements through a column mapping: a German export (semicolons, DD.MM.YYYY, decimal
// comma, one signed amount column) and a US one (MM/DD/YYYY, credit and debit columns), and the
// refusals, each naming the row as a spreadsheet numbers it and the column by its header.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBankCsv } from '../../../api/import/bank-statement/csv.js';
import { BankFileError, type BankCsvMapping } from '../../../api/import/bank-statement/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bank/${name}`, import.meta.url), 'utf8');

function refusal(text: string, mapping: BankCsvMapping): string {
  try {
    parseBankCsv(text, mapping);
  } catch (error) {
    expect(error).toBeInstanceOf(BankFileError);
    return (error as BankFileError).message;
  }
  throw new Error('expected the file to be refused');
}

const GERMAN: BankCsvMapping = {
  bookingDate: 'buchungstag',
  valueDate: ' Valuta ',
  amount: 'Betrag',
  currency: 'Währung',
  counterparty: 'Auftraggeber / Empfänger',
  counterpartyAccount: 'IBAN / Kontonummer',
  remittance: 'Verwendungszweck',
  entryRef: 'Referenz',
  account: 'DE89370400440532013000',
  dateFormat: 'DD.MM.YYYY',
  decimalSeparator: ',',
  delimiter: ';',
};

const US: BankCsvMapping = {
  bookingDate: 'Posting Date',
  credit: 'Credit',
  debit: 'Debit',
  remittance: 'Description',
  entryRef: 'Reference',
  counterparty: 'Payer',
  defaultCurrency: 'USD',
  dateFormat: 'MM/DD/YYYY',
};

describe('a German bank export: semicolons, DD.MM.YYYY, decimal comma, signed amounts', () => {
  it('reads credits with thousands separators, counts the debit, skips the blank and the zero row', () => {
    expect(parseBankCsv(fixture('bank-de-signed.csv'), GERMAN)).toEqual({
      format: 'CSV',
      account: 'DE89370400440532013000',
      statementRef: null,
      currency: null,
      fromDate: '2026-11-02',
      toDate: '2026-11-03',
      debitEntries: 1,
      credits: [
        { lineNumber: 1, entryRef: '2026110200451', bookingDate: '2026-11-02', valueDate: '2026-11-02', amount: '1250.00', currency: 'EUR', counterparty: 'Acme Industries GmbH', counterpartyAccount: 'DE02120300000000202051', remittance: 'Rechnung INV-2026-00017; Kd-Nr. ACME01', references: [] },
        { lineNumber: 2, entryRef: '2026110200452', bookingDate: '2026-11-02', valueDate: '2026-11-03', amount: '1000.50', currency: 'EUR', counterparty: 'Blue Harbor SARL', counterpartyAccount: 'FR1420041010050500013M02606', remittance: 'INV-2026-00021', references: [] },
        { lineNumber: 4, entryRef: null, bookingDate: '2026-11-03', valueDate: null, amount: '2000.00', currency: 'EUR', counterparty: 'Corvex AG', counterpartyAccount: null, remittance: 'Zahlung INV-2026-00022 "Dank"', references: [] },
      ],
    });
  });
});

describe('a US bank export: MM/DD/YYYY, credit and debit columns, a default currency', () => {
  it('reads it, the account "CSV" when the mapping names none', () => {
    expect(parseBankCsv(fixture('bank-us-credit-debit.csv'), US)).toEqual({
      format: 'CSV',
      account: 'CSV',
      statementRef: null,
      currency: 'USD',
      fromDate: '2026-11-02',
      toDate: '2026-11-03',
      debitEntries: 1,
      credits: [
        { lineNumber: 1, entryRef: 'ACH-1', bookingDate: '2026-11-02', valueDate: null, amount: '12500.00', currency: 'USD', counterparty: 'ACME INDUSTRIES INC', counterpartyAccount: null, remittance: 'ACH CREDIT ACME INDUSTRIES INV-2026-00017', references: [] },
        { lineNumber: 3, entryRef: 'WIRE-9', bookingDate: '2026-11-03', valueDate: null, amount: '560.00', currency: 'USD', counterparty: 'Corvex AG', counterpartyAccount: null, remittance: 'WIRE IN CORVEX AG', references: [] },
      ],
    });
  });

  it('reads a credit column alone, and negative debits and (parenthesised) amounts', () => {
    const text = 'Date,Amount,Text\n2026-11-02,(45.00),fee\n2026-11-02,"1,000",in\n2026-11-03,-2.5,out\n2026-11-04,+7.25,in\n';
    const parsed = parseBankCsv(text, { bookingDate: 'Date', amount: 'Amount', remittance: 'Text', defaultCurrency: 'usd' });
    expect(parsed.credits.map((c) => [c.lineNumber, c.amount])).toEqual([[2, '1000.00'], [4, '7.25']]);
    expect(parsed.debitEntries).toBe(2);
    const credits = parseBankCsv('Date,In\n2026-11-02,5\n', { bookingDate: 'Date', credit: 'In', defaultCurrency: 'JPY' });
    expect(credits.credits.map((c) => c.amount)).toEqual(['5']);
  });
});

describe('refusals', () => {
  const us = fixture('bank-us-credit-debit.csv');
  const row = (line: string) => `${us}${line}\n`;

  it('lists the headers found when a mapped one is missing', () => {
    expect(refusal(us, { ...US, credit: 'Deposits', entryRef: 'Ref' })).toBe(
      'row 1: the header row has no column credit "Deposits", no column entryRef "Ref" (matched ignoring case and surrounding spaces). The columns found are: "Posting Date", "Description", "Debit", "Credit", "Reference", "Payer".',
    );
    expect(refusal('Date,date,Amount\n', { bookingDate: 'DATE', amount: 'Amount', defaultCurrency: 'USD' })).toBe('Two columns are headed "DATE"; csvMapping.bookingDate must name exactly one.');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")', 'row 5, column Description: a cell starting with \'=\' is a spreadsheet formula ("=HYPERLINK(\\"http://evil.example\\",\\"click\\"…"); statements hold values only.'],
    ['@SUM(A1:A9)', "row 5, column Description: a cell starting with '@' is a spreadsheet formula (\"@SUM(A1:A9)\"); statements hold values only."],
    ['+cmd|calc', "row 5, column Description: a cell starting with '+' is a spreadsheet formula (\"+cmd|calc\"); statements hold values only."],
    ['-2+3+cmd|calc', "row 5, column Description: a cell starting with '-' is a spreadsheet formula (\"-2+3+cmd|calc\"); statements hold values only."],
  ])('refuses a formula cell %s, naming row and column', (formula, message) => {
    expect(refusal(row(`11/04/2026,"${formula.replace(/"/g, '""')}",,1.00,R,P`), US)).toBe(message);
  });

  it.each([
    ['an impossible date', '02/30/2026,x,,1.00,R,P', 'row 5, column Posting Date: the booking date "02/30/2026" is not a calendar date in the format MM/DD/YYYY (csvMapping.dateFormat).'],
    ['a date in another format', '2026-11-04,x,,1.00,R,P', 'row 5, column Posting Date: the booking date "2026-11-04" is not a calendar date in the format MM/DD/YYYY (csvMapping.dateFormat).'],
    ['an amount with the other decimal separator', '11/04/2026,x,,"1.234,50",R,P', 'row 5, column Credit: "1.234,50" is not an amount with decimal separator "."; write e.g. 1,234.56 or -1234.56.'],
    ['too many decimals', '11/04/2026,x,,1.005,R,P', 'row 5, column Credit: the amount "1.005" has 3 decimals; USD takes at most 2.'],
    ['both a credit and a debit', '11/04/2026,x,2.00,1.00,R,P', 'row 5, column Credit: the row has both a credit ("1.00") and a debit ("2.00"); an entry is one or the other.'],
    ['neither', '11/04/2026,x,,,R,P', 'row 5, column Credit: both the credit and the debit cells are empty; an entry has one of them.'],
    ['a negative credit', '11/04/2026,x,,-1.00,R,P', 'row 5, column Credit: the credit "-1.00" is negative; the credit column holds amounts received (debits go in the debit column).'],
    ['an amount too large', '11/04/2026,x,,"1,000,000,000,000,000.00",R,P', 'row 5, column Credit: the amount "1,000,000,000,000,000.00" is too large; amounts must be below 1000000000000000.'],
  ])('refuses %s, naming row and column', (_, line, message) => {
    expect(refusal(row(line), US)).toBe(message);
  });

  it('refuses a bad currency cell and a missing one without a default', () => {
    const mapping: BankCsvMapping = { bookingDate: 'Date', amount: 'Amount', currency: 'Ccy' };
    expect(refusal('Date,Amount,Ccy\n2026-11-02,1.00,EURO\n', mapping)).toBe('row 2, column Ccy: "EURO" is not an ISO 4217 currency code; banks write three capital letters such as EUR, USD, GBP, JPY.');
    expect(refusal('Date,Amount,Ccy\n2026-11-02,1.00,\n', mapping)).toBe('row 2, column Ccy: the currency cell is empty and the mapping gives no defaultCurrency.');
    expect(refusal('Date,Amount,Ccy\n2026-11-02,,EUR\n', mapping)).toBe('row 2, column Amount: the amount cell is empty.');
  });

  it.each([
    [{ bookingDate: ' ' }, 'csvMapping.bookingDate must name the column that holds the booking date.'],
    [{ bookingDate: 'D', defaultCurrency: 'USD' }, 'csvMapping names no amount column: map amount (one signed column, debits negative) or credit (and debit) columns.'],
    [{ bookingDate: 'D', amount: 'A', credit: 'C', defaultCurrency: 'USD' }, 'csvMapping gives both amount and credit/debit columns; map either one signed amount column or a credit column (and a debit column).'],
    [{ bookingDate: 'D', amount: 'A' }, 'csvMapping needs a currency column or a defaultCurrency (e.g. "EUR").'],
    [{ bookingDate: 'D', amount: 'A', defaultCurrency: 'XYZ' }, 'csvMapping.defaultCurrency: "XYZ" is not an ISO 4217 currency code; banks write three capital letters such as EUR, USD, GBP, JPY.'],
    [{ bookingDate: 'D', amount: 'A', defaultCurrency: 'USD', dateFormat: 'D/M/YY' }, 'csvMapping.dateFormat "D/M/YY" is not one of YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY.'],
    [{ bookingDate: 'D', amount: 'A', defaultCurrency: 'USD', decimalSeparator: "'" }, 'csvMapping.decimalSeparator "\'" is not "." or ",".'],
    [{ bookingDate: 'D', amount: 'A', defaultCurrency: 'USD', delimiter: '|' }, 'csvMapping.delimiter "|" is not "," (comma), ";" (semicolon) or a tab.'],
  ])('refuses the mapping %j', (mapping, message) => {
    expect(refusal('D,A\n2026-11-02,1.00\n', mapping as BankCsvMapping)).toBe(message);
  });

  it('refuses an empty file and a broken quote', () => {
    expect(refusal('', US)).toBe('The file is empty; a CSV statement has a header row, then one row per entry.');
    expect(refusal('\uFEFF \n', US)).toBe('The file is empty; a CSV statement has a header row, then one row per entry.');
    expect(refusal(row('11/04/2026,"unclosed,,1.00,R,P'), US)).toMatch(/^The CSV cannot be read: .*A cell holding the delimiter, a quote or a line break must be in double quotes, with its quotes doubled \(""\)\.$/);
  });

  it('reads tab-separated files, dates with a time and DD/MM/YYYY', () => {
    const parsed = parseBankCsv('Date\tAmount\n31/12/2026 00:00\t1 234,5\n', { bookingDate: 'date', amount: 'amount', defaultCurrency: 'EUR', delimiter: '\t', dateFormat: 'dd/mm/yyyy', decimalSeparator: ',' });
    expect(parsed.credits.map((c) => [c.bookingDate, c.amount])).toEqual([['2026-12-31', '1234.50']]);
  });
});
