// One entry to the statement parsers: the format the user chose picks the parser.
import { parseBai2 } from './bai2.js';
import { parseCamt053 } from './camt053.js';
import { parseBankCsv } from './csv.js';
import { BankFileError, type BankCsvMapping, type BankStatementFormat, type ParsedStatement } from './types.js';

export function parseBankStatement(format: BankStatementFormat, text: string, mapping?: BankCsvMapping | null): ParsedStatement {
  if (format !== 'CSV' && mapping) {
    throw new BankFileError(`csvMapping is for CSV statements only; a ${format === 'BAI2' ? 'BAI2' : 'camt.053'} file names its own fields. Leave csvMapping out, or import with format CSV.`);
  }
  switch (format) {
    case 'CAMT053':
      return parseCamt053(text);
    case 'BAI2':
      return parseBai2(text);
    case 'CSV':
      if (!mapping) {
        throw new BankFileError('A CSV statement needs csvMapping: the header texts of the columns that hold the booking date and the amount (one signed amount column, or a credit and a debit column), and a currency column or defaultCurrency.');
      }
      return parseBankCsv(text, mapping);
    default:
      throw new BankFileError(`${String(format)} is not a statement format; the formats are CAMT053, BAI2 and CSV.`);
  }
}
