// The format the user chose picks the parser; a CSV needs its mapping, the others take none.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBankStatement } from '../../../api/import/bank-statement/parse.js';
import { BankFileError } from '../../../api/import/bank-statement/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bank/${name}`, import.meta.url), 'utf8');

describe('parseBankStatement', () => {
  it('reads each format with its parser', () => {
    expect(parseBankStatement('CAMT053', fixture('camt053-v02-statement.xml')).format).toBe('CAMT053');
    expect(parseBankStatement('BAI2', fixture('bai2-daily.bai'), null).format).toBe('BAI2');
    const csv = parseBankStatement('CSV', fixture('bank-us-credit-debit.csv'), { bookingDate: 'Posting Date', credit: 'Credit', debit: 'Debit', defaultCurrency: 'USD', dateFormat: 'MM/DD/YYYY' });
    expect([csv.format, csv.credits.length]).toEqual(['CSV', 2]);
  });

  it('asks for the mapping of a CSV, and refuses one for the other formats', () => {
    expect(() => parseBankStatement('CSV', fixture('bank-us-credit-debit.csv'))).toThrow(new BankFileError(
      'A CSV statement needs csvMapping: the header texts of the columns that hold the booking date and the amount (one signed amount column, or a credit and a debit column), and a currency column or defaultCurrency.',
    ));
    expect(() => parseBankStatement('BAI2', fixture('bai2-daily.bai'), { bookingDate: 'Date', amount: 'Amount' })).toThrow(new BankFileError(
      'csvMapping is for CSV statements only; a BAI2 file names its own fields. Leave csvMapping out, or import with format CSV.',
    ));
  });

  it('refuses a file given as the wrong format with what it is expected to be', () => {
    expect(() => parseBankStatement('BAI2', fixture('camt053-v02-statement.xml'))).toThrow(/^This is not a BAI2 file: it begins "<\?xml/);
    expect(() => parseBankStatement('CAMT053', fixture('bai2-daily.bai'))).toThrow(/^This is not XML: it begins "01,121000248,LEDGERLINE/);
  });
});
