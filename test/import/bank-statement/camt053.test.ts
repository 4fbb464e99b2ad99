// camt.053 statements as banks write them (.001.02 with a default namespace, .001.08 with an
// ns2: prefix), the builder's output, and hostile or wrong files: every refusal says what is
// wrong and what is accepted, and a DTD is never read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCamt053 } from '../../../api/import/bank-statement/camt053.js';
import { BankFileError, type ParsedStatement } from '../../../api/import/bank-statement/types.js';
import { camt053Document, type Camt053EntrySpec } from '../../fixtures/bank/camt053-builder.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bank/${name}`, import.meta.url), 'utf8');

function refusal(text: string): BankFileError {
  try {
    parseCamt053(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BankFileError);
    return error as BankFileError;
  }
  throw new Error('expected the file to be refused');
}

const ACME = { counterparty: 'Acme Industries GmbH', counterpartyAccount: 'DE02120300000000202051' };

describe('camt.053.001.02 as a bank writes it', () => {
  const statement = parseCamt053(fixture('camt053-v02-statement.xml'));

  it('reads the statement: account, id, currency, period; debits and a reversal counted, not kept', () => {
    expect({ ...statement, credits: statement.credits.length }).toEqual({
      format: 'CAMT053',
      account: 'DE89370400440532013000',
      statementRef: '0352C5320261102',
      currency: 'EUR',
      fromDate: '2026-11-02',
      toDate: '2026-11-02',
      credits: 5,
      debitEntries: 2,
    });
  });

  it('reads each credit: Ustrd lines joined, a batch split by its TxDtls amounts, Strd references, UltmtDbtr, Othr account', () => {
    const day = { bookingDate: '2026-11-02', currency: 'EUR' };
    expect(statement.credits).toEqual([
      { ...day, ...ACME, lineNumber: 1, entryRef: '2026110200451', valueDate: '2026-11-02', amount: '1250.00', remittance: 'Rechnung INV-2026-00017 Kd-Nr. ACME01 & Dank', references: ['ACME-PAY-4471'] },
      { ...day, lineNumber: 2, entryRef: '2026110200452-1', valueDate: '2026-11-03', amount: '1000.00', counterparty: 'Blue Harbor SARL', counterpartyAccount: 'FR1420041010050500013M02606', remittance: null, references: ['INV-2026-00021'] },
      { ...day, lineNumber: 3, entryRef: '2026110200452-2', valueDate: '2026-11-03', amount: '2000.00', counterparty: 'Corvex AG', counterpartyAccount: null, remittance: null, references: ['INV-2026-00022', 'INV-2026-00023', 'CRX-88120'] },
      // lines 4 and 5: a bank charge (DBIT) and a returned credit (DBIT with RvslInd)
      { ...day, lineNumber: 6, entryRef: '2026110200455', valueDate: '2026-11-02', amount: '3480.00', counterparty: 'Evergreen Retail BV', counterpartyAccount: '0001234567', remittance: null, references: ['INV-2026-00030', 'INV-2026-00031', 'RF18539007547034'] },
      // a batch whose transactions carry no amounts: one entry of the booked amount, their texts together
      { ...day, lineNumber: 7, entryRef: '2026110200456', valueDate: '2026-11-02', amount: '1750.00', counterparty: 'Fjord Analytics AS', counterpartyAccount: null, remittance: 'INV-2026-00040 INV-2026-00041', references: [] },
    ]);
  });
});

describe('a statement paginated over several messages', () => {
  it('tells its pages apart by number, so a later page is not taken for the same statement', () => {
    const v02 = fixture('camt053-v02-statement.xml');
    expect(parseCamt053(v02.replace('<LastPgInd>true</LastPgInd>', '<LastPgInd>false</LastPgInd>')).statementRef).toBe('0352C5320261102 page 1');
    expect(parseCamt053(v02.replace('<PgNb>1</PgNb>', '<PgNb>2</PgNb>')).statementRef).toBe('0352C5320261102 page 2');
    const v08 = fixture('camt053-v08-statement.xml').replace('<ns2:LglSeqNb>306</ns2:LglSeqNb>', '<ns2:StmtPgntn><ns2:PgNb>3</ns2:PgNb><ns2:LastPgInd>true</ns2:LastPgInd></ns2:StmtPgntn><ns2:LglSeqNb>306</ns2:LglSeqNb>');
    expect(parseCamt053(v08).statementRef).toBe('STMT/GB29NWBK60161331926819/20261105 page 3');
  });
});

describe('camt.053.001.08 with an ns2: prefix', () => {
  const statement = parseCamt053(fixture('camt053-v08-statement.xml'));

  it('reads the statement; a reversed direct debit (CRDT with RvslInd) is not cash received; a pending entry is left out', () => {
    expect({ ...statement, credits: statement.credits.map((c) => `${c.lineNumber} ${c.amount}`) }).toEqual({
      format: 'CAMT053',
      account: 'GB29NWBK60161331926819',
      statementRef: 'STMT/GB29NWBK60161331926819/20261105',
      currency: 'GBP',
      fromDate: '2026-11-05',
      toDate: '2026-11-05',
      credits: ['1 1200.00', '2 2000.50', '3 4000.00', '6 2520.00'],
      debitEntries: 2,
    });
  });

  it('reads Dbtr/Pty/Nm, TxDtls/Amt, DbtrAcct Othr, entities in names, CdtrRefInf in several Strd', () => {
    const day = { bookingDate: '2026-11-05', currency: 'GBP' };
    expect(statement.credits).toEqual([
      { ...day, lineNumber: 1, entryRef: 'FP-7781-001', valueDate: '2026-11-05', amount: '1200.00', counterparty: 'Galaxy Foods Ltd', counterpartyAccount: '40051512345678', remittance: 'INV-2026-00101', references: ['GLX-2026-1101'] },
      { ...day, lineNumber: 2, entryRef: 'FP-7781-002', valueDate: '2026-11-05', amount: '2000.50', counterparty: 'Hollis & Partners LLP', counterpartyAccount: null, remittance: null, references: ['INV-2026-00102'] },
      { ...day, lineNumber: 3, entryRef: 'FP-7781-003', valueDate: '2026-11-05', amount: '4000.00', counterparty: 'Ibex Technik GmbH', counterpartyAccount: 'DE44500105175407324931', remittance: 'Invoices INV-2026-00103, INV-2026-00104', references: [] },
      { ...day, lineNumber: 6, entryRef: 'CHAPS-55102', valueDate: '2026-11-06', amount: '2520.00', counterparty: 'Juno Health Inc.', counterpartyAccount: 'GB33BUKB20201555555555', remittance: null, references: ['INV-2026-00110', 'INV-2026-00111', 'JUNO-PMT-0055'] },
    ]);
  });
});

describe('the builder (for the matching tests and the benchmark)', () => {
  const entries: Camt053EntrySpec[] = [
    { amount: '500.00', bookingDate: '2026-11-02', debtorName: 'Acme Industries GmbH', debtorAccount: 'DE02120300000000202051', remittance: ['INV-1 & INV-2 <paid>'], endToEndId: 'E2E-1' },
    { amount: '75.10', bookingDate: '2026-11-03', direction: 'DBIT', remittance: ['fees'] },
    { amount: '300.00', bookingDate: '2026-11-03', transactions: [
      { amount: '100.00', debtorName: 'Blue Harbor SARL', invoiceNumbers: ['INV-3'] },
      { amount: '200.00', debtorName: 'Corvex AG', invoiceNumbers: ['INV-4', 'INV-5'], creditorReference: 'RF18539007547034' },
    ] },
    { amount: '90.00', bookingDate: '2026-11-04', reversal: true, direction: 'DBIT' },
    { amount: '1200', currency: 'JPY', bookingDate: '2026-11-04', ultimateDebtorName: 'Kyoto KK', debtorAccount: '12345678' },
  ];

  it.each(['02', '08'] as const)('writes a .001.%s statement the parser reads back', (version) => {
    for (const prefix of [undefined, 'ns2']) {
      const parsed = parseCamt053(camt053Document({ version, account: 'CH9300762011623852957', currency: 'EUR', statementId: 'S-1', entries, prefix }));
      expect(parsed).toEqual({
        format: 'CAMT053',
        account: 'CH9300762011623852957',
        statementRef: 'S-1',
        currency: 'EUR',
        fromDate: '2026-11-02',
        toDate: '2026-11-04',
        debitEntries: 2,
        credits: [
          { lineNumber: 1, entryRef: '20261100000001', bookingDate: '2026-11-02', valueDate: '2026-11-02', amount: '500.00', currency: 'EUR', counterparty: 'Acme Industries GmbH', counterpartyAccount: 'DE02120300000000202051', remittance: 'INV-1 & INV-2 <paid>', references: ['E2E-1'] },
          { lineNumber: 3, entryRef: '20261100000003-1', bookingDate: '2026-11-03', valueDate: '2026-11-03', amount: '100.00', currency: 'EUR', counterparty: 'Blue Harbor SARL', counterpartyAccount: null, remittance: null, references: ['INV-3'] },
          { lineNumber: 4, entryRef: '20261100000003-2', bookingDate: '2026-11-03', valueDate: '2026-11-03', amount: '200.00', currency: 'EUR', counterparty: 'Corvex AG', counterpartyAccount: null, remittance: null, references: ['INV-4', 'INV-5', 'RF18539007547034'] },
          { lineNumber: 6, entryRef: '20261100000005', bookingDate: '2026-11-04', valueDate: '2026-11-04', amount: '1200', currency: 'JPY', counterparty: 'Kyoto KK', counterpartyAccount: '12345678', remittance: null, references: [] },
        ],
      });
    }
  });

  it('keeps a batch whose parts do not add up to the booked amount as one entry of that amount', () => {
    const parsed = parseCamt053(camt053Document({ version: '08', account: 'ACC-1', currency: 'USD', statementId: 'S-2', entries: [
      { amount: '250.00', bookingDate: '2026-11-02', bookingText: 'LOCKBOX', transactions: [
        { amount: '100.00', remittance: ['INV-7'] },
        { amount: '100.00', remittance: ['INV-8'], debtorName: 'Lumen LLC' },
      ] },
    ] }));
    expect(parsed.credits).toEqual([
      { lineNumber: 1, entryRef: '20261100000001', bookingDate: '2026-11-02', valueDate: '2026-11-02', amount: '250.00', currency: 'USD', counterparty: 'Lumen LLC', counterpartyAccount: null, remittance: 'INV-7 INV-8', references: [] },
    ]);
    expect(parsed.account).toBe('ACC-1');
  });

  it('uses the booking text (AddtlNtryInf) as remittance when the entry has no details', () => {
    const xml = camt053Document({ version: '02', account: 'ACC-1', currency: 'USD', statementId: 'S-3', entries: [{ amount: '10.00', bookingDate: '2026-11-02', bookingText: 'DEPOSIT INV-9' }] })
      .replace(/<NtryDtls>[\s\S]*?<\/NtryDtls>/, '');
    expect(parseCamt053(xml).credits[0]).toMatchObject({ remittance: 'DEPOSIT INV-9', entryRef: '20261100000001', references: [] });
  });

  it('reads a 10,000-entry statement', () => {
    const many: Camt053EntrySpec[] = Array.from({ length: 10_000 }, (_, i) => ({
      amount: `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`,
      bookingDate: `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
      direction: i % 10 === 9 ? 'DBIT' : 'CRDT',
      debtorName: `Customer ${i % 150}`,
      debtorAccount: `DE${String(10 + (i % 89))}500105175407${String(i).padStart(6, '0')}`,
      remittance: [`Invoice INV-2026-${String(i).padStart(5, '0')}`, 'thank you'],
      invoiceNumbers: [`INV-2026-${String(i).padStart(5, '0')}`],
    }));
    const xml = camt053Document({ version: '08', account: 'DE89370400440532013000', currency: 'EUR', statementId: 'BIG', entries: many });
    const parsed = parseCamt053(xml);
    expect(parsed.credits).toHaveLength(9_000);
    expect(parsed.debitEntries).toBe(1_000);
    expect(parsed.credits.at(-1)).toMatchObject({ lineNumber: 9_999, amount: '29.98', remittance: 'Invoice INV-2026-09998 thank you', references: ['INV-2026-09998'] });
    expect([parsed.fromDate, parsed.toDate]).toEqual(['2026-11-01', '2026-11-28']);
  });
});

describe('hostile and wrong files', () => {
  const v02 = fixture('camt053-v02-statement.xml');

  it('refuses a billion-laughs DTD before parsing, never expanding it', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Id>&lol9;</Id></Stmt></BkToCstmrStmt></Document>`;
    const error = refusal(laughs);
    expect(error.message).toBe('A bank statement may not contain a DTD or entity declarations (<!DOCTYPE …>, <!ENTITY …>); banks do not send them, and they are not read.');
    expect(error.message).not.toContain('lollol');
  });

  it('refuses an external entity (file:///etc/passwd) and never reads the file', () => {
    const xxe = v02.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('0352C5320261102', '&xxe;');
    const error = refusal(xxe);
    expect(error.message).toMatch(/^A bank statement may not contain a DTD/);
    expect(error.message).not.toMatch(/root:/);
    // without the DTD the reference is an undeclared entity: left as text, never resolved
    expect(parseCamt053(v02.replace('0352C5320261102', '&xxe;')).statementRef).toBe('&xxe;');
  });

  it('refuses a truncated file, naming where it ends', () => {
    const error = refusal(v02.slice(0, Math.floor(v02.length / 2)));
    expect(error.message).toMatch(/^line \d+(, column \d+)?: the file is not well-formed XML \(truncated or damaged\?\): /);
  });

  it('refuses an HTML page, a non-XML file, an empty file and a wrong root element', () => {
    expect(refusal('<!DOCTYPE html>\n<html><head><title>Session expired</title></head><body>Please log in</body></html>').message)
      .toBe('This is an HTML page, not a camt.053 statement (it begins "<!DOCTYPE html>?<html><head><title>Sessi…"); download the statement file from the bank again.');
    expect(refusal('Date,Amount\n2026-11-02,100.00\n').message).toBe('This is not XML: it begins "Date,Amount?2026-11-02,100.00"; a camt.053 statement begins with <?xml …?> or <Document>.');
    expect(refusal('').message).toBe('The file is empty; a camt.053 statement is an XML document.');
    expect(refusal('  \n ').message).toBe('The file is empty; a camt.053 statement is an XML document.');
    expect(refusal('<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>').message)
      .toBe('The root element is <Invoice>; a camt.053 statement\'s root is <Document> in the namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 or camt.053.001.08 (any camt.053.001.xx version is read).');
  });

  it('names camt.052 and camt.054 for what they are, and other namespaces as found', () => {
    const as = (namespace: string) => v02.replace('urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"', `${namespace}"`);
    expect(refusal(as('urn:iso:std:iso:20022:tech:xsd:camt.054.001.08')).message)
      .toBe('This is camt.054, a debit/credit notification (advice of single bookings, not the statement); import the camt.053 statement of the account instead.');
    expect(refusal(as('urn:iso:std:iso:20022:tech:xsd:camt.052.001.02')).message)
      .toBe('This is camt.052, an account report (intraday entries, not the closed statement); import the camt.053 statement of the account instead.');
    expect(refusal(as('urn:iso:std:iso:20022:tech:xsd:pain.001.001.03')).message)
      .toBe('This is an ISO 20022 pain.001 message, not a camt.053 bank statement (namespace "urn:iso:std:iso:20022:tech:xsd:pain.001.…"); import the account\'s camt.053 statement.');
    expect(refusal(as('http://example.com/statement')).message)
      .toBe('The namespace "http://example.com/statement" is not camt.053; expected urn:iso:std:iso:20022:tech:xsd:camt.053.001.02 or camt.053.001.08 (any camt.053.001.xx version is read).');
    expect(refusal(v02.replace(/ xmlns="[^"]*"/, '')).message).toMatch(/^The <Document> element has no namespace; a camt.053 statement declares urn:/);
    // any camt.053.001.xx version is read
    expect(parseCamt053(as('urn:iso:std:iso:20022:tech:xsd:camt.053.001.13')).credits).toHaveLength(5);
  });

  it('refuses a file with several statements, naming them', () => {
    const two = camt053Document({ version: '02', account: 'ACC-1', currency: 'USD', statementId: 'S-1', entries: [{ amount: '1.00', bookingDate: '2026-11-02' }] })
      .replace(/(<Stmt>[\s\S]*<\/Stmt>)/, (stmt) => `${stmt}\n${stmt.replace('<Id>S-1</Id>', '<Id>S-2</Id>').replace('ACC-1', 'ACC-2')}`);
    expect(refusal(two).message).toBe('The file holds 2 statements: S-1 (ACC-1), S-2 (ACC-2). One import takes one statement; export them from the bank one by one (one account and day per file).');
  });

  const oneEntry = (entry: Partial<Camt053EntrySpec>, currency = 'EUR') =>
    camt053Document({ version: '02', account: 'ACC-1', currency, statementId: 'S-1', entries: [{ amount: '1.00', bookingDate: '2026-11-02' }, { amount: '10.00', bookingDate: '2026-11-02', ...entry }] });

  it.each([
    ['an unknown currency', oneEntry({ currency: 'EUX' }), 'Ntry 2: "EUX" is not an ISO 4217 currency code; banks write three capital letters such as EUR, USD, GBP, JPY.'],
    ['too many decimals for the currency', oneEntry({ amount: '10.5', currency: 'JPY' }), 'Ntry 2: the amount "10.5" has 1 decimals; JPY takes at most 0.'],
    ['a zero amount', oneEntry({ amount: '0.00' }), 'Ntry 2: the amount "0.00" is not greater than zero; an entry\'s amount is positive (its direction is given separately).'],
    ['a signed amount', oneEntry({ amount: '-10.00' }), 'Ntry 2: "-10.00" is not an amount: a statement amount is digits with an optional decimal point, such as 1250.00 (no sign, thousands separator or exponent).'],
    ['an exponent', oneEntry({ amount: '1e3' }), 'Ntry 2: "1e3" is not an amount: a statement amount is digits with an optional decimal point, such as 1250.00 (no sign, thousands separator or exponent).'],
    ['a huge amount', oneEntry({ amount: '1000000000000000' }), 'Ntry 2: the amount "1000000000000000" is too large; amounts must be below 1000000000000000.'],
    ['an impossible booking date', oneEntry({ bookingDate: '2026-02-30' }), 'Ntry 2: the booking date "2026-02-30" is not a calendar date; expected YYYY-MM-DD or an ISO date-time (years 1900–2999).'],
  ])('refuses %s, naming the entry', (_, xml, message) => {
    expect(refusal(xml).message).toBe(message);
  });

  it('refuses a missing booking date, a bad direction, a repeated amount and a missing account', () => {
    const xml = oneEntry({});
    expect(refusal(xml.replace(/<BookgDt><Dt>2026-11-02<\/Dt><\/BookgDt>(?![\s\S]*<BookgDt>)/, '')).message)
      .toBe('Ntry 2: the entry has no booking date (BookgDt/Dt or BookgDt/DtTm).');
    expect(refusal(xml.replace(/<CdtDbtInd>CRDT<\/CdtDbtInd>(?![\s\S]*<CdtDbtInd>CRDT)/, '<CdtDbtInd>CREDIT</CdtDbtInd>')).message)
      .toBe('Ntry 2: CdtDbtInd is "CREDIT"; it must be CRDT (credit) or DBIT (debit).');
    expect(refusal(xml.replace('<Amt Ccy="EUR">10.00</Amt>', '<Amt Ccy="EUR">10.00</Amt><Amt Ccy="EUR">99.00</Amt>')).message)
      .toBe('Ntry 2: Amt appears 2 times where one is expected.');
    expect(refusal(xml.replace('<Acct><Id><Othr><Id>ACC-1</Id></Othr></Id>', '<Acct><Id></Id>')).message)
      .toBe('Stmt: the statement names no account (Acct/Id/IBAN or Acct/Id/Othr/Id).');
  });

  it('refuses absurd nesting as unreadable, not with a crash', () => {
    const deep = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">${'<a>'.repeat(500)}${'</a>'.repeat(500)}</Document>`;
    expect(refusal(deep).message).toMatch(/^The XML cannot be read: /);
  });

  it('turns no input into an unhandled error (fuzzed slices of a real statement)', () => {
    for (let cut = 1; cut < v02.length; cut += 97) {
      let result: ParsedStatement | BankFileError;
      try {
        result = parseCamt053(v02.slice(0, cut) + v02.slice(cut + 13));
      } catch (error) {
        result = error as BankFileError;
      }
      if (result instanceof Error) expect(result).toBeInstanceOf(BankFileError);
    }
  });
});
