// A bank's CSV export, read through the user's column mapping (BankCsvMapping): which header
// holds the booking date, the amount (signed, or a credit and a debit column), the currency and
// the texts. Rows are numbered as a spreadsheet shows them (header row 1). A cell that is a
// spreadsheet formula is refused: a statement holds values, and the texts go back into Excel.
import { parse } from 'csv-parse/sync';
import { isValidIsoDate } from '../../domain/dates.js';
import { Money } from '../../domain/money/money.js';
import { checkedAmount, cleanText, currencyCode, dateRange, quote } from './field-values.js';
import { BankFileError, type BankCsvMapping, type ParsedEntry, type ParsedStatement } from './types.js';

const DATE_FORMATS: Record<string, { pattern: RegExp; order: [year: number, month: number, day: number] }> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: [1, 2, 3] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: [3, 2, 1] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 2, 1] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 1, 2] },
};
/** A time after the date, as spreadsheets export date cells ("31.03.2026 00:00"), is ignored. */
const TIME_SUFFIX = /(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

const DELIMITERS: Record<string, string> = { ',': ',', ';': ';', '\t': '\t', tab: '\t' };

/** Amount grammars by decimal separator: plain digits, or digits grouped by one thousands separator. */
const AMOUNT_PATTERNS: Record<string, RegExp> = {
  '.': /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/,
  ',': /^(?:\d+|\d{1,3}([. \u00A0\u202F])\d{3}(?:\1\d{3})*)(?:,\d+)?$/,
};
const AMOUNT_EXAMPLES: Record<string, string> = { '.': '1,234.56 or -1234.56', ',': '1.234,56, 1 234,56 or -1234,56' };

type ColumnField = 'bookingDate' | 'amount' | 'credit' | 'debit' | 'currency' | 'valueDate' | 'counterparty' | 'counterpartyAccount' | 'remittance' | 'entryRef';
const COLUMN_FIELDS: ColumnField[] = ['bookingDate', 'amount', 'credit', 'debit', 'currency', 'valueDate', 'counterparty', 'counterpartyAccount', 'remittance', 'entryRef'];

interface CsvOptions {
  dateFormat: string;
  decimalSeparator: string;
  delimiter: string;
  defaultCurrency: string | null;
  account: string;
}

export function parseBankCsv(text: string, mapping: BankCsvMapping): ParsedStatement {
  const options = readOptions(mapping);
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new BankFileError('The file is empty; a CSV statement has a header row, then one row per entry.');
  let records: string[][];
  try {
    records = parse(body, { delimiter: options.delimiter, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid [^:]*:\s*/, '') : String(error);
    throw new BankFileError(`The CSV cannot be read: ${why.slice(0, 200)}. A cell holding the delimiter, a quote or a line break must be in double quotes, with its quotes doubled ("").`);
  }
  const header = records[0]!;
  const columns = findColumns(header, mapping);
  const columnName = (index: number) => cleanText(header[index]) ?? `column ${index + 1}`;

  const credits: ParsedEntry[] = [];
  const bookingDates: string[] = [];
  let debitEntries = 0;
  let lineNumber = 0;
  records.forEach((cells, index) => {
    const rowNumber = index + 1;
    cells.forEach((cell, column) => refuseFormula(cell, `row ${rowNumber}, column ${columnName(column)}`));
    if (index === 0 || cells.every((cell) => cell.trim() === '')) return;
    const row: Row = {
      cell: (field) => (columns[field] === undefined ? '' : (cells[columns[field]!] ?? '').trim()),
      mapped: (field) => columns[field] !== undefined,
      where: (field) => `row ${rowNumber}, column ${columnName(columns[field]!)}`,
    };
    const amount = signedAmountOf(row, options.decimalSeparator);
    if (amount === null) return;
    const bookingDate = dateOf(row.cell('bookingDate'), options.dateFormat, 'the booking date', row.where('bookingDate'));
    const valueText = row.cell('valueDate');
    const valueDate = valueText === '' ? null : dateOf(valueText, options.dateFormat, 'the value date', row.where('valueDate'));
    bookingDates.push(bookingDate);
    lineNumber += 1;
    if (amount.value.isNeg()) {
      debitEntries += 1;
      return;
    }
    const currencyText = row.cell('currency');
    if (currencyText === '' && options.defaultCurrency === null) {
      throw new BankFileError('the currency cell is empty and the mapping gives no defaultCurrency.', row.where('currency'));
    }
    const currency = currencyText === '' ? options.defaultCurrency! : currencyCode(currencyText.toUpperCase(), row.where('currency'));
    credits.push({
      lineNumber,
      entryRef: cleanText(row.cell('entryRef')),
      bookingDate,
      valueDate,
      amount: checkedAmount(amount.value, amount.written, currency, amount.where),
      currency,
      counterparty: cleanText(row.cell('counterparty')),
      counterpartyAccount: cleanText(row.cell('counterpartyAccount')),
      remittance: cleanText(row.cell('remittance')),
      references: [],
    });
  });
  return {
    format: 'CSV',
    account: options.account,
    statementRef: null,
    currency: options.defaultCurrency,
    ...dateRange(bookingDates),
    credits,
    debitEntries,
  };
}

function readOptions(mapping: BankCsvMapping): CsvOptions {
  const dateFormat = (cleanText(mapping.dateFormat) ?? 'YYYY-MM-DD').toUpperCase();
  if (!DATE_FORMATS[dateFormat]) {
    throw new BankFileError(`csvMapping.dateFormat ${quote(mapping.dateFormat ?? '')} is not one of ${Object.keys(DATE_FORMATS).join(', ')}.`);
  }
  const decimalSeparator = mapping.decimalSeparator ?? '.';
  if (!AMOUNT_PATTERNS[decimalSeparator]) {
    throw new BankFileError(`csvMapping.decimalSeparator ${quote(decimalSeparator)} is not "." or ",".`);
  }
  const delimiter = DELIMITERS[(mapping.delimiter ?? ',').toLowerCase()];
  if (delimiter === undefined) {
    throw new BankFileError(`csvMapping.delimiter ${quote(mapping.delimiter ?? '')} is not "," (comma), ";" (semicolon) or a tab.`);
  }
  const defaultCurrency = cleanText(mapping.defaultCurrency);
  const account = cleanText(mapping.account) ?? 'CSV';
  return {
    dateFormat,
    decimalSeparator,
    delimiter,
    defaultCurrency: defaultCurrency === null ? null : currencyCode(defaultCurrency.toUpperCase(), 'csvMapping.defaultCurrency'),
    account,
  };
}

/** The column index of each mapped field, by header text ignoring case and surrounding spaces. */
function findColumns(header: string[], mapping: BankCsvMapping): Partial<Record<ColumnField, number>> {
  const named = (field: ColumnField) => cleanText(mapping[field]);
  if (named('bookingDate') === null) throw new BankFileError('csvMapping.bookingDate must name the column that holds the booking date.');
  if (named('amount') !== null && (named('credit') !== null || named('debit') !== null)) {
    throw new BankFileError('csvMapping gives both amount and credit/debit columns; map either one signed amount column or a credit column (and a debit column).');
  }
  if (named('amount') === null && named('credit') === null) {
    throw new BankFileError('csvMapping names no amount column: map amount (one signed column, debits negative) or credit (and debit) columns.');
  }
  if (named('currency') === null && cleanText(mapping.defaultCurrency) === null) {
    throw new BankFileError('csvMapping needs a currency column or a defaultCurrency (e.g. "EUR").');
  }
  const normalized = header.map((text) => cleanText(text)?.toLowerCase() ?? '');
  const columns: Partial<Record<ColumnField, number>> = {};
  const missing: string[] = [];
  for (const field of COLUMN_FIELDS) {
    const name = named(field);
    if (name === null) continue;
    const wanted = name.toLowerCase();
    const index = normalized.indexOf(wanted);
    if (index === -1) missing.push(`${field} ${quote(name)}`);
    else if (normalized.indexOf(wanted, index + 1) !== -1) throw new BankFileError(`Two columns are headed ${quote(name)}; csvMapping.${field} must name exactly one.`);
    else columns[field] = index;
  }
  if (missing.length > 0) {
    const found = header.map((text) => cleanText(text)).filter((text) => text !== null);
    const listed = found.slice(0, 50).map((text) => quote(text!)).join(', ');
    throw new BankFileError(`the header row has no column ${missing.join(', no column ')} (matched ignoring case and surrounding spaces). The columns found are: ${listed || 'none'}.`, 'row 1');
  }
  return columns;
}

/** A cell a spreadsheet would run as a formula: "=…", "@…", or "+…"/"-…" that is not a number (a lone "-" is no formula). */
function refuseFormula(cell: string, where: string): void {
  const first = cell.charAt(0);
  const signedText = (first === '+' || first === '-') && cell.trim() !== '-' && !/^[+-]\s*[\d.,][\d.,\s\u00A0\u202F]*$/.test(cell);
  if (first === '=' || first === '@' || signedText) {
    throw new BankFileError(`a cell starting with '${first}' is a spreadsheet formula (${quote(cell)}); statements hold values only.`, where);
  }
}

interface Row {
  /** The trimmed cell of a mapped field ('' when unmapped or missing). */
  cell(field: ColumnField): string;
  mapped(field: ColumnField): boolean;
  where(field: ColumnField): string;
}

interface RowAmount {
  /** Negative for a debit. */
  value: Money;
  written: string;
  where: string;
}

/** The row's signed amount, from the amount column or the credit and debit columns; null when zero. */
function signedAmountOf(row: Row, decimalSeparator: string): RowAmount | null {
  const read = (field: ColumnField): RowAmount | null => {
    const written = row.cell(field);
    const where = row.where(field);
    return written === '' ? null : { written, where, value: decimalOf(written, decimalSeparator, where) };
  };
  if (row.mapped('amount')) {
    const amount = read('amount');
    if (amount === null) throw new BankFileError('the amount cell is empty.', row.where('amount'));
    return amount.value.isZero() ? null : amount;
  }
  const credit = read('credit');
  const debit = row.mapped('debit') ? read('debit') : null;
  if (credit === null && debit === null) {
    throw new BankFileError(`both the credit and the debit cells are empty; an entry has one of them.`, row.where('credit'));
  }
  const received = credit !== null && !credit.value.isZero() ? credit : null;
  const paid = debit !== null && !debit.value.isZero() ? debit : null;
  if (received !== null && paid !== null) {
    throw new BankFileError(`the row has both a credit (${quote(received.written)}) and a debit (${quote(paid.written)}); an entry is one or the other.`, received.where);
  }
  if (received !== null) {
    if (received.value.isNeg()) {
      throw new BankFileError(`the credit ${quote(received.written)} is negative; the credit column holds amounts received (debits go in the debit column).`, received.where);
    }
    return received;
  }
  return paid === null ? null : { ...paid, value: paid.value.abs().negated() };
}

/** A decimal number with the given separator, thousands grouped or not, signed or in parentheses. */
function decimalOf(written: string, decimalSeparator: string, where: string): Money {
  let text = written;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('+')) {
    negative = negative !== text.startsWith('-');
    text = text.slice(1).trim();
  }
  if (!AMOUNT_PATTERNS[decimalSeparator]!.test(text) || text.replace(/\D/g, '').length > 30) {
    throw new BankFileError(`${quote(written)} is not an amount with decimal separator "${decimalSeparator}"; write e.g. ${AMOUNT_EXAMPLES[decimalSeparator]}.`, where);
  }
  const plain = decimalSeparator === '.' ? text.replace(/,/g, '') : text.replace(/[. \u00A0\u202F]/g, '').replace(',', '.');
  const value = new Money(plain);
  return negative ? value.negated() : value;
}

function dateOf(text: string, format: string, what: string, where: string): string {
  const { pattern, order } = DATE_FORMATS[format]!;
  const match = pattern.exec(text.replace(TIME_SUFFIX, ''));
  const iso = match ? `${match[order[0]]}-${match[order[1]]!.padStart(2, '0')}-${match[order[2]]!.padStart(2, '0')}` : '';
  if (!isValidIsoDate(iso)) {
    throw new BankFileError(`${what} ${quote(text)} is not a calendar date in the format ${format} (csvMapping.dateFormat).`, where);
  }
  return iso;
}
