// Whatever text arrives, each parser answers a ParsedStatement or a BankFileError, never another
// exception: real files with bytes cut out, put in or changed, and arbitrary text (fast-check,
// bounded runs).
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBankStatement } from '../../../api/import/bank-statement/parse.js';
import { BankFileError, type BankCsvMapping, type BankStatementFormat } from '../../../api/import/bank-statement/types.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bank/${name}`, import.meta.url), 'utf8');

const MAPPING: BankCsvMapping = { bookingDate: 'Buchungstag', valueDate: 'Valuta', amount: 'Betrag', currency: 'Währung', remittance: 'Verwendungszweck', dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', delimiter: ';' };
const FILES: [BankStatementFormat, string][] = [
  ['CAMT053', fixture('camt053-v08-statement.xml')],
  ['BAI2', fixture('bai2-daily.bai')],
  ['CSV', fixture('bank-de-signed.csv')],
];

function outcome(format: BankStatementFormat, text: string): 'parsed' | 'refused' {
  try {
    const parsed = parseBankStatement(format, text, format === 'CSV' ? MAPPING : undefined);
    for (const credit of parsed.credits) expect(Number(credit.amount)).toBeGreaterThan(0);
    return 'parsed';
  } catch (error) {
    if (!(error instanceof BankFileError)) throw error;
    return 'refused';
  }
}

const SPLICE = ['', ',', '/', '<', '>', '"', ';', '\n', '88,', '16,165,', '&amp;', '&#0;', '<![CDATA[x]]>', '-1', '0', '9999999999999999999999', '\u0000', '\uFFFF', '</Ntry>', '<Ntry>'];

describe.each(FILES)('%s: damaged copies of a real file', (format, text) => {
  it('are parsed or refused with a BankFileError', () => {
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(40), fc.constantFrom(...SPLICE), (at, cut, insert) => {
        outcome(format, text.slice(0, at) + insert + text.slice(at + cut));
      }),
      { numRuns: 150, seed: 13 },
    );
  });
});

describe('arbitrary text', () => {
  it('is parsed or refused with a BankFileError in every format', () => {
    fc.assert(
      fc.property(fc.constantFrom<BankStatementFormat>('CAMT053', 'BAI2', 'CSV'), fc.string({ unit: 'binary', maxLength: 200 }), (format, text) => {
        outcome(format, text);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});
