// ISO 20022 camt.053 (BankToCustomerStatement), versions .001.02 to .001.13: the statement a bank
// sends at the end of the day. Read with fast-xml-parser (xml-document.ts) after refusing any DTD,
// so no entity declared in the file is ever expanded and no external one is ever fetched.
import { Money } from '../../domain/money/money.js';
import { cleanText, currencyCode, dateRange, isoDatePart, positiveAmount, quote } from './field-values.js';
import { BankFileError, type ParsedEntry, type ParsedStatement } from './types.js';
import { readXml, XmlDepthError, XmlSyntaxError, type XmlNode, type XmlValue } from './xml-document.js';

const CAMT053_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/;
const ISO20022_NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.\d{3}\.\d{2}$/;
const EXPECTED_NAMESPACES = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 or camt.053.001.08 (any camt.053.001.xx version is read)';

/** What the other ISO 20022 cash-management messages are, for the refusal. */
const OTHER_CAMT_MESSAGES: Record<string, string> = {
  'camt.052': 'camt.052, an account report (intraday entries, not the closed statement)',
  'camt.054': 'camt.054, a debit/credit notification (advice of single bookings, not the statement)',
};

/** Deeper nesting than this is refused (a camt.053 nests about a dozen levels). */
const MAX_DEPTH = 100;

export function parseCamt053(text: string): ParsedStatement {
  const xml = text.replace(/^\uFEFF/, '');
  const document = readDocument(xml);
  const bankToCustomer = child(document, 'BkToCstmrStmt', 'Document');
  if (bankToCustomer === undefined || typeof bankToCustomer === 'string') {
    throw new BankFileError('The camt.053 document has no BkToCstmrStmt (bank-to-customer statement) element.');
  }
  const statements = children(bankToCustomer, 'Stmt');
  if (statements.length === 0) throw new BankFileError('The camt.053 document holds no statement (Stmt element).');
  if (statements.length > 1) {
    const named = statements.map((stmt, i) => `${textAt(stmt, ['Id'], `Stmt ${i + 1}`) ?? `Stmt ${i + 1}`} (${accountOf(stmt, `Stmt ${i + 1}`) ?? 'no account'})`);
    throw new BankFileError(`The file holds ${statements.length} statements: ${named.slice(0, 10).join(', ')}${statements.length > 10 ? ', …' : ''}. One import takes one statement; export them from the bank one by one (one account and day per file).`);
  }
  return readStatement(statements[0]!, child(bankToCustomer, 'GrpHdr', 'BkToCstmrStmt'));
}

function readDocument(xml: string): XmlNode {
  if (xml.trim() === '') throw new BankFileError('The file is empty; a camt.053 statement is an XML document.');
  const rootAt = rootStart(xml);
  if (/^<(!doctype\s+html|html)\b/i.test(xml.slice(rootAt, rootAt + 20))) {
    throw new BankFileError(`This is an HTML page, not a camt.053 statement (it begins ${quote(xml.trim())}); download the statement file from the bank again.`);
  }
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) {
    throw new BankFileError('A bank statement may not contain a DTD or entity declarations (<!DOCTYPE …>, <!ENTITY …>); banks do not send them, and they are not read.');
  }
  if (!xml.trimStart().startsWith('<')) {
    throw new BankFileError(`This is not XML: it begins ${quote(xml.trim())}; a camt.053 statement begins with <?xml …?> or <Document>.`);
  }
  let parsed: Record<string, XmlValue>;
  try {
    parsed = readXml(xml, MAX_DEPTH);
  } catch (error) {
    if (error instanceof XmlSyntaxError) {
      throw new BankFileError(`the file is not well-formed XML (truncated or damaged?): ${error.message}`, error.location);
    }
    if (error instanceof XmlDepthError) throw new BankFileError(`The XML cannot be read: ${error.message}; a camt.053 statement nests about a dozen.`);
    throw error;
  }
  const roots = Object.keys(parsed);
  const rootName = /^<([^\s/>]+)/.exec(xml.slice(rootAt, rootAt + 200))?.[1] ?? null;
  if (roots.length !== 1 || rootName === null) {
    throw new BankFileError(`An XML document has one root element; this file has ${roots.length} (${roots.slice(0, 5).map((name) => `<${name}>`).join(', ')}).`);
  }
  const localName = roots[0]!;
  const root = parsed[localName]!;
  if (localName !== 'Document') {
    throw new BankFileError(`The root element is <${rootName.slice(0, 40)}>; a camt.053 statement's root is <Document> in the namespace ${EXPECTED_NAMESPACES}.`);
  }
  if (Array.isArray(root)) throw new BankFileError('An XML document has one root element; this file has several <Document> elements.');
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : null;
  const namespace = typeof root === 'string' ? undefined : attribute(root, prefix ? `xmlns:${prefix}` : 'xmlns');
  checkNamespace(namespace);
  return root;
}

/** Where the root element starts: past white space, the XML declaration, processing instructions and comments. */
function rootStart(xml: string): number {
  let at = 0;
  for (;;) {
    while (at < xml.length && /\s/.test(xml.charAt(at))) at += 1;
    const close = xml.startsWith('<?', at) ? '?>' : xml.startsWith('<!--', at) ? '-->' : null;
    if (close === null) return at;
    const end = xml.indexOf(close, at + 2);
    if (end === -1) return xml.length;
    at = end + close.length;
  }
}

function checkNamespace(namespace: string | undefined): void {
  if (namespace === undefined || namespace.trim() === '') {
    throw new BankFileError(`The <Document> element has no namespace; a camt.053 statement declares ${EXPECTED_NAMESPACES}.`);
  }
  if (CAMT053_NAMESPACE.test(namespace)) return;
  const message = ISO20022_NAMESPACE.exec(namespace)?.[1];
  if (message && OTHER_CAMT_MESSAGES[message]) {
    throw new BankFileError(`This is ${OTHER_CAMT_MESSAGES[message]}; import the camt.053 statement of the account instead.`);
  }
  if (message) {
    throw new BankFileError(`This is an ISO 20022 ${message} message, not a camt.053 bank statement (namespace ${quote(namespace)}); import the account's camt.053 statement.`);
  }
  throw new BankFileError(`The namespace ${quote(namespace)} is not camt.053; expected ${EXPECTED_NAMESPACES}.`);
}

function readStatement(stmt: XmlNode, groupHeader: XmlNode | undefined): ParsedStatement {
  const where = 'Stmt';
  const account = accountOf(stmt, where);
  if (account === null) throw new BankFileError('the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id).', where);
  const currencyText = textAt(stmt, ['Acct', 'Ccy'], where);
  const currency = currencyText === null ? null : currencyCode(currencyText, `${where}, Acct/Ccy`);
  const from = textAt(stmt, ['FrToDt', 'FrDtTm'], where);
  const to = textAt(stmt, ['FrToDt', 'ToDtTm'], where);

  const credits: ParsedEntry[] = [];
  let debitEntries = 0;
  let lineNumber = 0;
  const bookingDates: string[] = [];
  children(stmt, 'Ntry').forEach((ntry, index) => {
    const entry = readEntry(ntry, `Ntry ${index + 1}`, currency);
    if (entry === null) return;
    bookingDates.push(entry.bookingDate);
    if (!entry.credit) {
      debitEntries += 1;
      lineNumber += 1;
      return;
    }
    for (const part of entry.parts) {
      lineNumber += 1;
      credits.push({ lineNumber, ...part });
    }
  });
  const booked = dateRange(bookingDates);
  return {
    format: 'CAMT053',
    account,
    statementRef: statementRef(stmt, groupHeader, where),
    currency,
    fromDate: from === null ? booked.fromDate : isoDatePart(from, 'FrToDt/FrDtTm', where),
    toDate: to === null ? booked.toDate : isoDatePart(to, 'FrToDt/ToDtTm', where),
    credits,
    debitEntries,
  };
}

/**
 * Stmt/Id. A statement paginated over several messages (GrpHdr/MsgPgntn, or Stmt/StmtPgntn from
 * .08 on) repeats its Id on every page, so the pages of a paginated one are told apart by number.
 */
function statementRef(stmt: XmlNode, groupHeader: XmlNode | undefined, where: string): string | null {
  const id = cleanText(textAt(stmt, ['Id'], where));
  const pagination = nodeAt(stmt, ['StmtPgntn'], where) ?? (groupHeader && nodeAt(groupHeader, ['MsgPgntn'], 'GrpHdr'));
  if (id === null || pagination === undefined) return id;
  const page = cleanText(textAt(pagination, ['PgNb'], where));
  const last = textAt(pagination, ['LastPgInd'], where);
  if (page === null || (page === '1' && (last === 'true' || last === '1'))) return id;
  return `${id} page ${page}`;
}

function accountOf(stmt: XmlNode, where: string): string | null {
  return cleanText(textAt(stmt, ['Acct', 'Id', 'IBAN'], where) ?? textAt(stmt, ['Acct', 'Id', 'Othr', 'Id'], where));
}

interface ReadEntry {
  credit: boolean;
  bookingDate: string;
  parts: Omit<ParsedEntry, 'lineNumber'>[];
}

/** One Ntry: null when not booked (pending or information only), else its credit parts. */
function readEntry(ntry: XmlNode, where: string, accountCurrency: string | null): ReadEntry | null {
  // .02 writes <Sts>BOOK</Sts>, .08 <Sts><Cd>BOOK</Cd></Sts>.
  const status = textAt(ntry, ['Sts'], where) ?? textAt(ntry, ['Sts', 'Cd'], where);
  if (status !== null && status !== 'BOOK') return null;

  const amount = readAmount(ntry, ['Amt'], where, accountCurrency);
  if (amount === null) throw new BankFileError('the entry has no amount (Amt).', where);
  const direction = textAt(ntry, ['CdtDbtInd'], where);
  if (direction !== 'CRDT' && direction !== 'DBIT') {
    throw new BankFileError(`CdtDbtInd is ${direction === null ? 'missing' : quote(direction)}; it must be CRDT (credit) or DBIT (debit).`, where);
  }
  const reversal = textAt(ntry, ['RvslInd'], where);
  const bookingText = textAt(ntry, ['BookgDt', 'Dt'], where) ?? textAt(ntry, ['BookgDt', 'DtTm'], where);
  if (bookingText === null) throw new BankFileError('the entry has no booking date (BookgDt/Dt or BookgDt/DtTm).', where);
  const bookingDate = isoDatePart(bookingText, 'the booking date', where);
  const valueText = textAt(ntry, ['ValDt', 'Dt'], where) ?? textAt(ntry, ['ValDt', 'DtTm'], where);
  const valueDate = valueText === null ? null : isoDatePart(valueText, 'the value date', where);
  // A reversal is never a customer's payment, whichever direction the bank books it in.
  if (direction === 'DBIT' || reversal === 'true' || reversal === '1') return { credit: false, bookingDate, parts: [] };

  // The bank's reference: the entry's AcctSvcrRef, else its transaction's, else the entry's NtryRef.
  const servicerRef = cleanText(textAt(ntry, ['AcctSvcrRef'], where));
  const ntryRef = cleanText(textAt(ntry, ['NtryRef'], where));
  const transactions = children(ntry, 'NtryDtls').flatMap((details) => children(details, 'TxDtls'));
  const read = transactions.map((tx, i) => readTransaction(tx, `${where}, TxDtls ${i + 1}`, amount.currency));
  const base = { bookingDate, valueDate, currency: amount.currency };
  if (read.length > 1 && splitsExactly(read, amount)) {
    return {
      credit: true,
      bookingDate,
      parts: read.map((tx) => ({ ...base, ...tx.details, amount: tx.amount!.amount, entryRef: tx.entryRef ?? servicerRef ?? ntryRef })),
    };
  }
  const details = mergeDetails(read.map((tx) => tx.details));
  if (details.remittance === null) details.remittance = cleanText(textAt(ntry, ['AddtlNtryInf'], where));
  const txRef = read.length === 1 ? read[0]!.entryRef : null;
  return { credit: true, bookingDate, parts: [{ ...base, ...details, amount: amount.amount, entryRef: servicerRef ?? txRef ?? ntryRef }] };
}

interface Amount {
  amount: string;
  currency: string;
}

function readAmount(node: XmlNode, path: string[], where: string, fallbackCurrency: string | null): Amount | null {
  const amountNode = nodeAt(node, path, where);
  if (amountNode === undefined) return null;
  const text = nodeText(amountNode);
  if (text === null) throw new BankFileError(`${path.join('/')} holds no amount.`, where);
  const ccy = typeof amountNode === 'string' ? undefined : attribute(amountNode, 'Ccy');
  if (ccy === undefined && fallbackCurrency === null) {
    throw new BankFileError(`${path.join('/')} has no currency (Ccy attribute) and the account states none (Acct/Ccy).`, where);
  }
  const currency = ccy === undefined ? fallbackCurrency! : currencyCode(ccy, where);
  return { amount: positiveAmount(text, currency, where), currency };
}

interface ReadTransaction {
  amount: Amount | null;
  entryRef: string | null;
  details: Details;
}

type Details = Pick<ParsedEntry, 'counterparty' | 'counterpartyAccount' | 'remittance' | 'references'>;

function readTransaction(tx: XmlNode, where: string, entryCurrency: string): ReadTransaction {
  // .08 gives each transaction its own Amt; .02 only AmtDtls.
  const amount = readAmount(tx, ['Amt'], where, entryCurrency) ?? readAmount(tx, ['AmtDtls', 'TxAmt', 'Amt'], where, entryCurrency);
  const parties = ['RltdPties'];
  const counterparty = partyName(tx, [...parties, 'Dbtr'], where) ?? partyName(tx, [...parties, 'UltmtDbtr'], where);
  const counterpartyAccount = textAt(tx, [...parties, 'DbtrAcct', 'Id', 'IBAN'], where) ?? textAt(tx, [...parties, 'DbtrAcct', 'Id', 'Othr', 'Id'], where);
  const remittanceInfo = nodeAt(tx, ['RmtInf'], where);
  const unstructured = remittanceInfo === undefined ? [] : children(remittanceInfo, 'Ustrd').map(nodeText);
  const references: (string | null)[] = [];
  for (const structured of remittanceInfo === undefined ? [] : children(remittanceInfo, 'Strd')) {
    for (const document of children(structured, 'RfrdDocInf')) references.push(textAt(document, ['Nb'], where));
    references.push(textAt(structured, ['CdtrRefInf', 'Ref'], where));
  }
  const endToEnd = textAt(tx, ['Refs', 'EndToEndId'], where);
  if (endToEnd !== null && endToEnd.toUpperCase() !== 'NOTPROVIDED') references.push(endToEnd);
  const remittance = cleanText(unstructured.filter((line) => line !== null).join(' ')) ?? cleanText(textAt(tx, ['AddtlTxInf'], where));
  return {
    amount,
    entryRef: cleanText(textAt(tx, ['Refs', 'AcctSvcrRef'], where)),
    details: {
      counterparty: cleanText(counterparty),
      counterpartyAccount: cleanText(counterpartyAccount),
      remittance,
      references: unique(references),
    },
  };
}

/** .02 names a party <Dbtr><Nm>, .08 <Dbtr><Pty><Nm>. */
function partyName(tx: XmlNode, path: string[], where: string): string | null {
  return textAt(tx, [...path, 'Nm'], where) ?? textAt(tx, [...path, 'Pty', 'Nm'], where);
}

/** A batch is split into its transactions only when each has an amount and they add up to the entry. */
function splitsExactly(transactions: ReadTransaction[], entry: Amount): boolean {
  let total = new Money(0);
  for (const tx of transactions) {
    if (tx.amount === null || tx.amount.currency !== entry.currency) return false;
    total = total.plus(tx.amount.amount);
  }
  return total.eq(entry.amount);
}

/** One entry for several transactions: every reference, all remittance text, the first named payer. */
function mergeDetails(details: Details[]): Details {
  return {
    counterparty: details.find((d) => d.counterparty !== null)?.counterparty ?? null,
    counterpartyAccount: details.find((d) => d.counterpartyAccount !== null)?.counterpartyAccount ?? null,
    remittance: cleanText(details.map((d) => d.remittance ?? '').join(' ')),
    references: unique(details.flatMap((d) => d.references)),
  };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.map(cleanText).filter((value): value is string => value !== null))];
}

// --- reading the parsed tree -------------------------------------------------------------

function child(node: XmlNode, name: string, where: string): XmlNode | undefined {
  if (typeof node === 'string' || !Object.hasOwn(node, name)) return undefined;
  const value = node[name]!;
  if (Array.isArray(value)) throw new BankFileError(`${name} appears ${value.length} times where one is expected.`, where);
  return value;
}

function children(node: XmlNode, name: string): XmlNode[] {
  if (typeof node === 'string' || !Object.hasOwn(node, name)) return [];
  const value = node[name]!;
  return Array.isArray(value) ? value : [value];
}

function nodeAt(node: XmlNode, path: string[], where: string): XmlNode | undefined {
  let current: XmlNode | undefined = node;
  for (const name of path) {
    if (current === undefined) return undefined;
    current = child(current, name, where);
  }
  return current;
}

/** The element's text, trimmed; null when absent, empty or an element with children only. */
function textAt(node: XmlNode, path: string[], where: string): string | null {
  const found = nodeAt(node, path, where);
  return found === undefined ? null : nodeText(found);
}

function nodeText(node: XmlNode): string | null {
  const text = typeof node === 'string' ? node : node['#text'];
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

function attribute(node: { [name: string]: XmlValue }, name: string): string | undefined {
  const value = Object.hasOwn(node, `@${name}`) ? node[`@${name}`] : undefined;
  return typeof value === 'string' ? value.trim() : undefined;
}
