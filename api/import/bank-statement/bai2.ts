// BAI2 (BAI Cash Management Balance Reporting Specifications, version 2): the US banks' prior-
// and current-day file. Records: 01 file header, 02 group header, 03 account identifier and
// summaries, 16 transaction detail, 88 continuation of the record before, 49/98/99 account,
// group and file trailers with control totals and record counts, which are verified: a file
// whose totals do not add up is truncated or damaged and is refused whole.
import { isValidIsoDate } from '../../domain/dates.js';
import { amountFromMinorUnits, cleanText, currencyCode, dateRange, quote } from './field-values.js';
import { BankFileError, type ParsedEntry, type ParsedStatement } from './types.js';

interface PhysicalRecord {
  code: string;
  /** The text after "NN,". */
  body: string;
  line: number;
  /** Position among the file's records, from 1 (blank lines are not records). */
  number: number;
}

/** A record with the 88 records that continue it. */
interface LogicalRecord {
  code: string;
  parts: PhysicalRecord[];
  where: string;
}

/** Detail type codes: 100–399 credits, 400–699 debits; the rest (loans, custom) are not counted. */
const isCredit = (typeCode: number) => typeCode >= 100 && typeCode <= 399;
const isDebit = (typeCode: number) => typeCode >= 400 && typeCode <= 699;

const RECORD_NAMES: Record<string, string> = {
  '01': 'file header (01)',
  '02': 'group header (02)',
  '03': 'account identifier (03)',
  '16': 'transaction detail (16)',
  '49': 'account trailer (49)',
  '88': 'continuation (88)',
  '98': 'group trailer (98)',
  '99': 'file trailer (99)',
};

export function parseBai2(text: string): ParsedStatement {
  const records = logicalRecords(physicalRecords(text.replace(/^\uFEFF/, '')));
  return new Bai2Reader(records).read();
}

function physicalRecords(text: string): PhysicalRecord[] {
  const records: PhysicalRecord[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trimEnd();
    if (line.trim() === '') continue;
    const number = records.length + 1;
    const match = /^(\d{2}),/.exec(line);
    if (!match) {
      if (number === 1) {
        throw new BankFileError(`This is not a BAI2 file: it begins ${quote(line)}; a BAI2 file begins with a file header record "01,sender,receiver,YYMMDD,HHMM,file id,…".`);
      }
      throw new BankFileError(`${quote(line)} is not a BAI2 record; each record begins with a two-digit record code and a comma (01, 02, 03, 16, 88, 49, 98, 99).`, `record ${number} (line ${i + 1})`);
    }
    records.push({ code: match[1]!, body: line.slice(3), line: i + 1, number });
  }
  if (records.length === 0) throw new BankFileError('The file is empty; a BAI2 file begins with a 01 file header record.');
  return records;
}

function logicalRecords(physical: PhysicalRecord[]): LogicalRecord[] {
  const records: LogicalRecord[] = [];
  for (const record of physical) {
    const where = `record ${record.number} (line ${record.line})`;
    if (record.code === '88') {
      const previous = records.at(-1);
      if (previous === undefined) throw new BankFileError('a continuation record (88) must follow the record it continues.', where);
      previous.parts.push(record);
    } else {
      if (!RECORD_NAMES[record.code]) {
        throw new BankFileError(`record code ${record.code} is not a BAI2 record; the codes are 01, 02, 03, 16, 88, 49, 98 and 99.`, where);
      }
      records.push({ code: record.code, parts: [record], where });
    }
  }
  return records;
}

/**
 * Reads the comma-separated fields of a record and its continuations. A "/" ends a physical
 * record's fields (the fields not written take their defaults); the text field of a 16 is the
 * rest of the record, commas included, continued by its 88 records.
 */
class FieldReader {
  private part = 0;
  private position = 0;
  private closed = false;

  constructor(private readonly record: LogicalRecord) {}

  /** The next field, '' when defaulted or past the end. */
  next(): string {
    if (!this.advance()) return '';
    const body = this.record.parts[this.part]!.body;
    let end = this.position;
    while (end < body.length && body[end] !== ',' && body[end] !== '/') end += 1;
    const field = body.slice(this.position, end).trim();
    if (end >= body.length || body[end] === '/') this.closed = true;
    this.position = end + 1;
    return field;
  }

  /** True when no field is left in this record or its continuations. */
  exhausted(): boolean {
    return !this.advance();
  }

  /** The rest of the record as text: each physical part without its trailing "/", joined by a space. */
  rest(): string {
    const pieces: string[] = [];
    while (this.advance()) {
      pieces.push(this.record.parts[this.part]!.body.slice(this.position));
      this.nextPart();
    }
    return pieces.map((piece) => piece.trimEnd().replace(/\/$/, '').trim()).filter((piece) => piece !== '').join(' ');
  }

  /** Moves to the next physical part when this one has no field left; false at the end. */
  private advance(): boolean {
    while (this.part < this.record.parts.length) {
      if (!this.closed && this.position < this.record.parts[this.part]!.body.length) return true;
      this.nextPart();
    }
    return false;
  }

  private nextPart(): void {
    this.part += 1;
    this.position = 0;
    this.closed = false;
  }
}

interface Group {
  asOfDate: string;
  currency: string | null;
  total: bigint;
  accounts: number;
  firstRecord: number;
}

interface Account {
  number: string;
  currency: string;
  total: bigint;
  firstRecord: number;
}

class Bai2Reader {
  private fileId = '';
  private group: Group | null = null;
  private account: Account | null = null;
  private fileTotal = 0n;
  private groups = 0;
  private ended = false;

  private readonly accounts = new Set<string>();
  private readonly asOfDates: string[] = [];
  private statementDate: string | null = null;
  private statementCurrency: string | null = null;
  private readonly credits: ParsedEntry[] = [];
  private debitEntries = 0;
  private lineNumber = 0;

  constructor(private readonly records: LogicalRecord[]) {}

  read(): ParsedStatement {
    for (const record of this.records) {
      if (this.ended) throw new BankFileError('the file goes on after its file trailer (99); a BAI2 file ends with the 99 record.', record.where);
      this.dispatch(record);
    }
    if (!this.ended) {
      const missing = this.account ? 'account trailer (49)' : this.group ? 'group trailer (98)' : 'file trailer (99)';
      throw new BankFileError(`The file ends before its ${missing}: it is truncated. Ask the bank for the whole file.`);
    }
    if (this.accounts.size === 0) throw new BankFileError('The file reports no account (no 03 record).');
    if (this.accounts.size > 1) {
      const listed = [...this.accounts].slice(0, 10).join(', ');
      throw new BankFileError(`The file reports ${this.accounts.size} accounts (${listed}${this.accounts.size > 10 ? ', …' : ''}); one import takes one account's statement. Ask the bank for one file per account.`);
    }
    const [account] = this.accounts;
    const { fromDate, toDate } = dateRange(this.asOfDates);
    return {
      format: 'BAI2',
      account: account!,
      statementRef: `${this.fileId}/${this.statementDate}/${account}`,
      currency: this.statementCurrency,
      fromDate,
      toDate,
      credits: this.credits,
      debitEntries: this.debitEntries,
    };
  }

  private dispatch(record: LogicalRecord): void {
    const expected = this.account ? ['16', '49'] : this.group ? ['03', '98'] : this.fileId ? ['02', '99'] : ['01'];
    if (!expected.includes(record.code)) {
      const context = this.account ? 'inside an account' : this.group ? 'inside a group' : this.fileId ? 'between groups' : 'at the start of the file';
      const name = RECORD_NAMES[record.code]!;
      throw new BankFileError(`${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name} record cannot come ${context}; expected ${expected.map((code) => RECORD_NAMES[code]).join(' or ')}.`, record.where);
    }
    const fields = new FieldReader(record);
    switch (record.code) {
      case '01': return this.fileHeader(fields, record);
      case '02': return this.groupHeader(fields, record);
      case '03': return this.accountHeader(fields, record);
      case '16': return this.transaction(fields, record);
      case '49': return this.accountTrailer(fields, record);
      case '98': return this.groupTrailer(fields, record);
      default: return this.fileTrailer(fields, record);
    }
  }

  private fileHeader(fields: FieldReader, record: LogicalRecord): void {
    fields.next(); // sender
    fields.next(); // receiver
    yymmdd(fields.next(), 'the file creation date', record.where);
    fields.next(); // creation time
    const fileId = fields.next();
    if (fileId === '') throw new BankFileError('the file header has no file identification number (field 6).', record.where);
    fields.next(); // physical record length
    fields.next(); // block size
    const version = fields.next();
    if (version !== '2') {
      throw new BankFileError(`the file header gives version ${quote(version)}; only BAI version 2 files are read (field 9 is 2).`, record.where);
    }
    this.fileId = cleanText(fileId)!;
  }

  private groupHeader(fields: FieldReader, record: LogicalRecord): void {
    fields.next(); // ultimate receiver
    fields.next(); // originator
    fields.next(); // group status
    const asOfDate = yymmdd(fields.next(), 'the as-of date', record.where);
    fields.next(); // as-of time
    const currency = fields.next();
    this.group = {
      asOfDate,
      currency: currency === '' ? null : currencyCode(currency, record.where),
      total: 0n,
      accounts: 0,
      firstRecord: record.parts[0]!.number,
    };
    this.groups += 1;
  }

  private accountHeader(fields: FieldReader, record: LogicalRecord): void {
    const group = this.group!;
    const number = cleanText(fields.next());
    if (number === null) throw new BankFileError('the account identifier record has no account number (field 2).', record.where);
    const currencyText = fields.next();
    const currencyName = currencyText !== '' ? currencyCode(currencyText, record.where) : group.currency;
    if (currencyName === null) {
      throw new BankFileError(`account ${number} states no currency, nor does its group header (02); a BAI2 file without one is in the sending bank's home currency, which cannot be told from the file. Ask the bank to state it.`, record.where);
    }
    let summaries = 0n;
    while (!fields.exhausted()) {
      const typeCode = fields.next();
      const amount = fields.next();
      fields.next(); // item count
      readFundsType(fields, record.where);
      if (typeCode !== '' && !/^\d{3}$/.test(typeCode)) {
        throw new BankFileError(`${quote(typeCode)} is not a summary type code (three digits).`, record.where);
      }
      summaries += signedAmount(amount, 'a summary amount', record.where);
    }
    this.account = { number, currency: currencyName, total: summaries, firstRecord: record.parts[0]!.number };
    group.accounts += 1;
    if (!this.accounts.has(number)) {
      this.accounts.add(number);
      if (this.statementDate === null) {
        this.statementDate = group.asOfDate;
        this.statementCurrency = currencyName;
      }
    }
    this.asOfDates.push(group.asOfDate);
  }

  private transaction(fields: FieldReader, record: LogicalRecord): void {
    const account = this.account!;
    const typeText = fields.next();
    if (!/^\d{3}$/.test(typeText)) throw new BankFileError(`${quote(typeText)} is not a detail type code (three digits, e.g. 165).`, record.where);
    const amountText = fields.next();
    if (!/^\d{1,18}$/.test(amountText)) {
      throw new BankFileError(`${quote(amountText)} is not a detail amount: digits only, in the currency's minor units (cents for USD, no decimal point).`, record.where);
    }
    const funds = readFundsType(fields, record.where);
    const bankReference = cleanText(fields.next());
    const customerReference = cleanText(fields.next());
    const text = cleanText(fields.rest());
    account.total += BigInt(amountText);

    const typeCode = Number(typeText);
    if (isDebit(typeCode)) {
      this.lineNumber += 1;
      this.debitEntries += 1;
      return;
    }
    if (!isCredit(typeCode)) return;
    this.lineNumber += 1;
    this.credits.push({
      lineNumber: this.lineNumber,
      entryRef: bankReference,
      bookingDate: this.group!.asOfDate,
      valueDate: funds.valueDate,
      amount: amountFromMinorUnits(amountText, account.currency, record.where),
      currency: account.currency,
      counterparty: null,
      counterpartyAccount: null,
      remittance: text,
      references: customerReference === null ? [] : [customerReference],
    });
  }

  private accountTrailer(fields: FieldReader, record: LogicalRecord): void {
    const account = this.account!;
    const total = signedAmount(fields.next(), 'the account control total', record.where);
    checkTotal(total, account.total, `account ${account.number}'s amounts`, record.where);
    checkCount(fields.next(), lastNumber(record) - account.firstRecord + 1, 'records in the account (03 to 49, continuations included)', record.where);
    this.group!.total += total;
    this.account = null;
  }

  private groupTrailer(fields: FieldReader, record: LogicalRecord): void {
    const group = this.group!;
    const total = signedAmount(fields.next(), 'the group control total', record.where);
    checkTotal(total, group.total, "the group's account control totals", record.where);
    checkCount(fields.next(), group.accounts, 'accounts in the group', record.where);
    checkCount(fields.next(), lastNumber(record) - group.firstRecord + 1, 'records in the group (02 to 98, continuations included)', record.where);
    this.fileTotal += total;
    this.group = null;
  }

  private fileTrailer(fields: FieldReader, record: LogicalRecord): void {
    const total = signedAmount(fields.next(), 'the file control total', record.where);
    checkTotal(total, this.fileTotal, "the file's group control totals", record.where);
    checkCount(fields.next(), this.groups, 'groups in the file', record.where);
    checkCount(fields.next(), lastNumber(record), 'records in the file (01 to 99, continuations included)', record.where);
    this.ended = true;
  }
}

/** Funds type and the fields some types add: S three amounts, V a value date and time, D distributions. */
function readFundsType(fields: FieldReader, where: string): { valueDate: string | null } {
  const type = fields.next().toUpperCase();
  switch (type) {
    case '':
    case '0':
    case '1':
    case '2':
    case 'Z':
      return { valueDate: null };
    case 'S':
      for (let i = 0; i < 3; i += 1) signedAmount(fields.next(), 'an availability amount', where);
      return { valueDate: null };
    case 'V': {
      const date = fields.next();
      fields.next(); // value time
      return { valueDate: date === '' ? null : yymmdd(date, 'the value date', where) };
    }
    case 'D': {
      const count = fields.next();
      if (!/^\d{1,3}$/.test(count)) throw new BankFileError(`funds type D gives ${quote(count)} distributions; expected a number of (days, amount) pairs.`, where);
      for (let i = 0; i < Number(count); i += 1) {
        if (fields.exhausted()) throw new BankFileError(`funds type D announces ${count} distributions but the record ends after ${i}.`, where);
        fields.next(); // availability in days
        signedAmount(fields.next(), 'a distribution amount', where);
      }
      return { valueDate: null };
    }
    default:
      throw new BankFileError(`${quote(type)} is not a funds type; BAI2 funds types are 0, 1, 2, S, V, D and Z (or empty).`, where);
  }
}

/** A control total or summary amount: optionally signed digits in minor units; empty is zero. */
function signedAmount(text: string, what: string, where: string): bigint {
  if (text === '') return 0n;
  if (!/^[+-]?\d{1,20}$/.test(text)) {
    throw new BankFileError(`${what} ${quote(text)} is not an amount: digits with an optional sign, in minor units (no decimal point).`, where);
  }
  return BigInt(text);
}

function checkTotal(stated: bigint, computed: bigint, what: string, where: string): void {
  if (stated !== computed) {
    throw new BankFileError(`the control total is ${stated} but ${what} add up to ${computed}: the file is incomplete or damaged. Ask the bank to send it again.`, where);
  }
}

function checkCount(text: string, computed: number, what: string, where: string): void {
  if (!/^\d{1,9}$/.test(text) || Number(text) !== computed) {
    throw new BankFileError(`the trailer counts ${quote(text)} ${what}, the file has ${computed}: the file is incomplete or damaged. Ask the bank to send it again.`, where);
  }
}

function lastNumber(record: LogicalRecord): number {
  return record.parts.at(-1)!.number;
}

/** YYMMDD as an ISO date; BAI2 years are two digits, read as 2000–2099. */
function yymmdd(text: string, what: string, where: string): string {
  const iso = /^\d{6}$/.test(text) ? `20${text.slice(0, 2)}-${text.slice(2, 4)}-${text.slice(4, 6)}` : '';
  if (!isValidIsoDate(iso)) throw new BankFileError(`${what} ${quote(text)} is not a date; BAI2 writes YYMMDD, e.g. 260331.`, where);
  return iso;
}
