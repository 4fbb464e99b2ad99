// BAI2 files: the specification's own example (section 3, typed here with a group currency), a
// bank's daily file with 88 continuations, funds types S, V, D and Z and type codes of every
// kind, and files whose trailers do not add up, which are refused whole.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBai2 } from '../../../api/import/bank-statement/bai2.js';
import { BankFileError } from '../../../api/import/bank-statement/types.js';
import { bai2File } from '../../fixtures/bank/camt053-builder.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/bank/${name}`, import.meta.url), 'utf8');

function refusal(text: string): string {
  try {
    parseBai2(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BankFileError);
    return (error as BankFileError).message;
  }
  throw new Error('expected the file to be refused');
}

describe("the BAI2 specification's example file", () => {
  const example = fixture('bai2-spec-example.bai');

  it('reads the one 165 detail: implied cents, the text running to the end of the record', () => {
    expect(parseBai2(example)).toEqual({
      format: 'BAI2',
      account: '0975312468',
      statementRef: '1/2004-06-20/0975312468',
      currency: 'USD',
      fromDate: '2004-06-20',
      toDate: '2004-06-20',
      debitEntries: 0,
      credits: [
        { lineNumber: 1, entryRef: 'DD1620', bookingDate: '2004-06-20', valueDate: null, amount: '15000.00', currency: 'USD', counterparty: null, counterpartyAccount: null, remittance: 'DEALER PAYMENTS', references: [] },
      ],
    });
  });

  it('refuses it as published, without a currency: the bank’s home currency cannot be told', () => {
    expect(refusal(example.replace('2359,USD,2/', '2359,,2/'))).toBe(
      "record 3 (line 3): account 0975312468 states no currency, nor does its group header (02); a BAI2 file without one is in the sending bank's home currency, which cannot be told from the file. Ask the bank to state it.",
    );
  });
});

describe("a bank's daily BAI2 file", () => {
  const daily = fixture('bai2-daily.bai');

  it('reads credits (100–399), counts debits (400–699), ignores other codes; continues 16 text and fields in 88s', () => {
    const common = { bookingDate: '2026-11-02', currency: 'USD', counterparty: null, counterpartyAccount: null };
    expect(parseBai2(daily)).toEqual({
      format: 'BAI2',
      account: '4159876543',
      statementRef: '1103001/2026-11-02/4159876543',
      currency: 'USD',
      fromDate: '2026-11-02',
      toDate: '2026-11-02',
      debitEntries: 2,
      credits: [
        { ...common, lineNumber: 1, entryRef: 'CHK-778812', valueDate: null, amount: '12500.00', remittance: 'REMITTANCE: INV-2026-00017, INV-2026-00018 FROM ACME INDUSTRIES INC', references: ['INV-2026-00017'] },
        { ...common, lineNumber: 2, entryRef: 'FED-REF-55012', valueDate: '2026-11-03', amount: '2500.75', remittance: 'ACH CREDIT ORIG CO NAME:BLUE HARBOR ORIG ID:1234567890', references: [] },
        { ...common, lineNumber: 3, entryRef: 'WIRE-20261102-9', valueDate: null, amount: '560.00', remittance: 'INCOMING WIRE FROM CORVEX AG', references: ['CUST-REF-9'] },
        // lines 4 and 5: a check paid (475) and an ACH debit with distributed availability (699, funds type D)
        { ...common, lineNumber: 6, entryRef: 'LBX-1', valueDate: null, amount: '250.00', remittance: 'LOCKBOX DEPOSIT', references: [] },
        // 909 (a custom code) is neither; then a 115 whose references and text all come in 88s
        { ...common, lineNumber: 7, entryRef: 'LBX-2', valueDate: null, amount: '300.00', remittance: 'LOCKBOX ITEMS 1 OF 1', references: ['INV-2026-00019'] },
      ],
    });
  });

  it('reads LF and CR line ends, trailing padding and a BOM alike', () => {
    const parsed = parseBai2(daily);
    expect(parseBai2(daily.replace(/\r\n/g, '\n'))).toEqual(parsed);
    expect(parseBai2(`\uFEFF${daily.replace(/\r\n/g, '   \r')}`)).toEqual(parsed);
  });

  const lines = daily.trimEnd().split('\r\n');
  const without = (index: number) => lines.filter((_, i) => i !== index).join('\n');

  it('refuses a file cut short, before its trailers', () => {
    expect(refusal(lines.slice(0, -1).join('\n'))).toBe('The file ends before its file trailer (99): it is truncated. Ask the bank for the whole file.');
    expect(refusal(lines.slice(0, 10).join('\n'))).toBe('The file ends before its account trailer (49): it is truncated. Ask the bank for the whole file.');
  });

  it('refuses a file whose control totals or record counts do not add up', () => {
    expect(refusal(without(8))).toBe(
      'record 15 (line 15): the control total is 10068225 but account 4159876543\'s amounts add up to 10053225: the file is incomplete or damaged. Ask the bank to send it again.',
    );
    expect(refusal(daily.replace('49,10068225,14/', '49,10068225,13/'))).toBe(
      'record 16 (line 16): the trailer counts "13" records in the account (03 to 49, continuations included), the file has 14: the file is incomplete or damaged. Ask the bank to send it again.',
    );
    expect(refusal(daily.replace('98,10068225,1,16/', '98,10068225,2,16/'))).toBe(
      'record 17 (line 17): the trailer counts "2" accounts in the group, the file has 1: the file is incomplete or damaged. Ask the bank to send it again.',
    );
    expect(refusal(daily.replace('99,10068225,1,18/', '99,10068226,1,18/'))).toBe(
      "record 18 (line 18): the control total is 10068226 but the file's group control totals add up to 10068225: the file is incomplete or damaged. Ask the bank to send it again.",
    );
  });

  it('refuses records out of place, after the end, or unknown', () => {
    expect(refusal(without(2))).toBe('record 4 (line 4): a transaction detail (16) record cannot come inside a group; expected account identifier (03) or group trailer (98).');
    expect(refusal(`${daily}99,0,0,2/\r\n`)).toBe('record 19 (line 19): the file goes on after its file trailer (99); a BAI2 file ends with the 99 record.');
    expect(refusal(daily.replace('16,909,', '17,909,'))).toBe('record 12 (line 12): record code 17 is not a BAI2 record; the codes are 01, 02, 03, 16, 88, 49, 98 and 99.');
    expect(refusal(`88,CONTINUED\n${daily}`)).toBe('record 1 (line 1): a continuation record (88) must follow the record it continues.');
    expect(refusal(lines.slice(2).join('\n'))).toBe('record 1 (line 1): an account identifier (03) record cannot come at the start of the file; expected file header (01).');
  });

  it.each([
    ['a funds type that does not exist', ['16,301,25000,Z,', '16,301,25000,X,'], 'record 11 (line 11): "X" is not a funds type; BAI2 funds types are 0, 1, 2, S, V, D and Z (or empty).'],
    ['an amount with a decimal point', ['16,165,1250000,', '16,165,12500.00,'], 'record 5 (line 5): "12500.00" is not a detail amount: digits only, in the currency\'s minor units (cents for USD, no decimal point).'],
    ['an impossible as-of date', ['1,261102,2400', '1,261131,2400'], 'record 2 (line 2): the as-of date "261131" is not a date; BAI2 writes YYMMDD, e.g. 260331.'],
    ['a value date that is not one', ['V,261103,', 'V,2611,'], 'record 7 (line 7): the value date "2611" is not a date; BAI2 writes YYMMDD, e.g. 260331.'],
    ['an unknown currency', ['2400,USD,2/', '2400,USX,2/'], 'record 2 (line 2): "USX" is not an ISO 4217 currency code; banks write three capital letters such as EUR, USD, GBP, JPY.'],
    ['another BAI version', ['80,1,2/', '80,1,3/'], 'record 1 (line 1): the file header gives version "3"; only BAI version 2 files are read (field 9 is 2).'],
    ['a zero credit', ['16,301,25000,', '16,301,0,'], ''],
  ])('refuses %s, naming the record', (_, [from, to], message) => {
    const damaged = daily.replace(from!, to!);
    if (message === '') {
      // the totals then no longer match either; the zero credit is found first
      expect(refusal(damaged)).toBe('record 11 (line 11): the amount "0" is not greater than zero; an entry\'s amount is positive (its direction is given separately).');
    } else {
      expect(refusal(damaged)).toBe(message);
    }
  });

  it('refuses a file of several accounts, naming them', () => {
    const second = lines.slice(2, 16).join('\n').replace('03,4159876543,', '03,4159870000,');
    const twoAccounts = [lines[0], lines[1], lines.slice(2, 16).join('\n'), second, '98,20136450,2,30/', '99,20136450,1,32/'].join('\n');
    expect(refusal(twoAccounts)).toBe('The file reports 2 accounts (4159876543, 4159870000); one import takes one account\'s statement. Ask the bank for one file per account.');
  });

  it('refuses what is not BAI2 at all', () => {
    expect(refusal('<?xml version="1.0"?><Document/>')).toBe('This is not a BAI2 file: it begins "<?xml version=\\"1.0\\"?><Document/>"; a BAI2 file begins with a file header record "01,sender,receiver,YYMMDD,HHMM,file id,…".');
    expect(refusal('')).toBe('The file is empty; a BAI2 file begins with a 01 file header record.');
    expect(refusal('\r\n  \r\n')).toBe('The file is empty; a BAI2 file begins with a 01 file header record.');
    expect(refusal('01,A,B,261103,0600,1,,,2/\n\u0000\u0001binary')).toBe('record 2 (line 2): "??binary" is not a BAI2 record; each record begins with a two-digit record code and a comma (01, 02, 03, 16, 88, 49, 98, 99).');
  });
});

describe('BAI2 variants banks write', () => {
  it('reads signed, zero-padded summary amounts and totals, an account reported twice in a group, and 88-continued summaries', () => {
    const file = [
      '01,0004,12345,261103,0829,001,80,1,2/',
      '02,12345,0004,1,261102,,CAD,/',
      '03,10200123456,CAD,040,+000000000000,,,045,+000000000000,,/',
      '88,100,000000000208500,00001,V,261101,,400,000000000002500,00001,V,261101,/',
      '16,409,000000000002500,V,261101,,,,RETURNED CHEQUE     /',
      '16,108,000000000208500,V,261101,,,,TFR 1020 0345678    /',
      '49,+00000000000422000,5/',
      '03,10200123456,CAD,040,+000000000000,,,045,+000000000000,,/',
      '16,108,000000000011500,V,261102,,,,MONTREAL            /',
      '49,+00000000000011500,3/',
      '98,+00000000000433500,2,10/',
      '99,+00000000000433500,1,12/',
    ].join('\n');
    const parsed = parseBai2(file);
    expect(parsed).toMatchObject({ account: '10200123456', currency: 'CAD', statementRef: '001/2026-11-02/10200123456', debitEntries: 1 });
    expect(parsed.credits.map((c) => [c.lineNumber, c.amount, c.valueDate, c.remittance])).toEqual([
      [2, '2085.00', '2026-11-01', 'TFR 1020 0345678'],
      [3, '115.00', '2026-11-02', 'MONTREAL'],
    ]);
  });

  it('reads one account over several days (one group each): each credit booked on its group\'s as-of date', () => {
    const day = (asOf: string, minor: number, ref: string) => [`02,LEDGERLINE,BANKUS33,1,${asOf},2359,USD,2/`, '03,555,,010,0,,/', `16,165,${minor},0,${ref},,DEPOSIT/`, `49,${minor},3/`, `98,${minor},1,5/`];
    const file = ['01,BANKUS33,LEDGERLINE,261104,0600,77,,,2/', ...day('261102', 1000, 'D1'), ...day('261103', 2000, 'D2'), '99,3000,2,12/'].join('\n');
    const parsed = parseBai2(file);
    expect(parsed).toMatchObject({ account: '555', statementRef: '77/2026-11-02/555', fromDate: '2026-11-02', toDate: '2026-11-03' });
    expect(parsed.credits.map((c) => [c.lineNumber, c.entryRef, c.bookingDate, c.amount])).toEqual([[1, 'D1', '2026-11-02', '10.00'], [2, 'D2', '2026-11-03', '20.00']]);
  });

  it('takes implied decimals from the currency: JPY none, KWD three (the bai2File builder)', () => {
    const jpy = parseBai2(bai2File({ fileId: '7', asOfDate: '261102', account: '998877', currency: 'JPY', details: [{ typeCode: 165, minorUnits: 125000, bankReference: 'B1', text: 'YEN' }] }));
    expect(jpy.credits[0]).toMatchObject({ amount: '125000', currency: 'JPY' });
    const kwd = parseBai2(bai2File({ fileId: '7', asOfDate: '261102', account: '998877', currency: 'KWD', details: [{ typeCode: 165, minorUnits: 125000 }] }));
    expect(kwd.credits[0]).toMatchObject({ amount: '125.000', currency: 'KWD' });
  });

  it('reads a long text continued over several 88 records (the bai2File builder)', () => {
    const text = 'ORIG CO NAME:ACME INDUSTRIES INC ORIG ID:9876543210 DESC DATE:261102 ENTRY DESCR:PAYMENT SEC:CCD TRACE#:021000021234567 EED:261102 IND ID:ACME01 IND NAME:LEDGERLINE DEMO INC RMR*IV*INV-2026-00017*1250.00\\';
    const file = bai2File({ fileId: '42', asOfDate: '261102', account: '123456789', currency: 'USD', details: [
      { typeCode: 175, minorUnits: 125000, bankReference: 'ACH-1', customerReference: 'INV-2026-00017', text },
      { typeCode: 495, minorUnits: 5000, bankReference: 'WIRE-OUT' },
    ] });
    expect(file.split('\n').filter((line) => line.startsWith('88,')).length).toBeGreaterThan(2);
    expect(parseBai2(file)).toMatchObject({
      statementRef: '42/2026-11-02/123456789',
      debitEntries: 1,
      credits: [{ lineNumber: 1, entryRef: 'ACH-1', amount: '1250.00', references: ['INV-2026-00017'], remittance: text }],
    });
  });
});
