// A statement file's bytes as text: a camt.053 in the encoding it declares (or its byte-order mark
// shows), BAI2 and CSV in UTF-8 or else windows-1252, binary files refused.
import { describe, expect, it } from 'vitest';
import { decodeStatementBytes } from '../../../api/import/bank-statement/text-encoding.js';
import { BankFileError } from '../../../api/import/bank-statement/types.js';

/** windows-1252 bytes of a text of Latin-1 letters and the euro sign. */
const cp1252 = (text: string) => Uint8Array.from([...text].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0))));
const utf8 = (text: string) => new TextEncoder().encode(text);
const xml = (declaration: string) => `${declaration}<Document><Nm>Müller € Søn</Nm></Document>`;

function refusal(run: () => unknown): BankFileError {
  try {
    run();
  } catch (error) {
    if (error instanceof BankFileError) return error;
    throw error;
  }
  throw new Error('expected a BankFileError');
}

describe('decodeStatementBytes', () => {
  it('reads a camt.053 in the encoding its XML declaration names, UTF-8 when it names none', () => {
    for (const encoding of ['ISO-8859-1', 'iso-8859-1', 'windows-1252', 'cp1252', 'latin1']) {
      const text = xml(`<?xml version="1.0" encoding="${encoding}"?>`);
      expect(decodeStatementBytes('CAMT053', cp1252(text))).toBe(text);
    }
    const fifteen = xml(`<?xml version='1.0' encoding='ISO-8859-15'?>`);
    expect(decodeStatementBytes('CAMT053', Uint8Array.from([...fifteen].map((c) => (c === '€' ? 0xa4 : c.charCodeAt(0)))))).toBe(fifteen);
    for (const declaration of ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', '']) {
      expect(decodeStatementBytes('CAMT053', utf8(xml(declaration)))).toBe(xml(declaration));
    }
  });

  it('reads the byte-order marks of UTF-8 and UTF-16', () => {
    const text = xml('<?xml version="1.0" encoding="UTF-16"?>');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(decodeStatementBytes('CAMT053', le)).toBe(text);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(decodeStatementBytes('CAMT053', Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text);
    expect(decodeStatementBytes('CAMT053', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(xml(''))]))).toBe(xml(''));
  });

  it('refuses a camt.053 whose bytes are not what it declares, or that declares an encoding not read', () => {
    expect(refusal(() => decodeStatementBytes('CAMT053', cp1252(xml('<?xml version="1.0" encoding="UTF-8"?>')))).message)
      .toMatch(/^The file is not UTF-8 text \(its XML declaration says encoding="UTF-8"\): byte 0xfc at offset 53 is not\. Send the statement file as it came from the bank; accepted: UTF-8 \(any format\)/);
    expect(refusal(() => decodeStatementBytes('CAMT053', cp1252(xml('')))).message).toMatch(/^The file is not UTF-8 text \(it declares no encoding, so XML reads it as UTF-8\): byte 0xfc at offset 15 is not\./);
    expect(refusal(() => decodeStatementBytes('CAMT053', utf8(xml('<?xml version="1.0" encoding="EBCDIC-CP-US"?>')))).message)
      .toMatch(/^The XML declaration names the encoding "EBCDIC-CP-US", which is not one Ledgerline reads; accepted: /);
    expect(refusal(() => decodeStatementBytes('CAMT053', utf8(xml('<?xml version="1.0" encoding="UTF-16"?>')))).message)
      .toMatch(/^The XML declaration says encoding="UTF-16" but the file is not UTF-16 \(it has no byte-order mark/);
  });

  it('reads BAI2 and CSV as UTF-8 when they are, else as windows-1252', () => {
    const csv = 'Date;Amount;Payer;Text\n2026-11-20;9,00;Jürgen Weiß;Rechnung über 9 € – „bezahlt“\n';
    expect(decodeStatementBytes('CSV', utf8(csv))).toBe(csv);
    expect(decodeStatementBytes('CSV', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(csv)]))).toBe(csv);
    const ansi = Uint8Array.from([...csv].map((c) => ({ '€': 0x80, '–': 0x96, '„': 0x84, '“': 0x93 })[c] ?? c.charCodeAt(0)));
    expect(decodeStatementBytes('CSV', ansi)).toBe(csv);
    expect(decodeStatementBytes('BAI2', cp1252('16,165,1250000,0,CHK-1,,ZAHLUNG MÜLLER/\n'))).toBe('16,165,1250000,0,CHK-1,,ZAHLUNG MÜLLER/\n');
  });

  it('refuses bytes that are text in neither encoding, naming the first control character', () => {
    expect(refusal(() => decodeStatementBytes('BAI2', Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xe2]))).message)
      .toMatch(/^The file is not UTF-8 text, nor windows-1252 text: it holds the control character U\+0000 at character 5, so it is not a statement/);
    expect(refusal(() => decodeStatementBytes('CSV', Uint8Array.from([0x44, 0x81, 0x0a]))).message).toMatch(/control character U\+0081 at character 2/);
    expect(refusal(() => decodeStatementBytes('CAMT053', cp1252(`<?xml version="1.0" encoding="windows-1252"?><a>\u0001</a>`))).message).toMatch(/U\+0001/);
  });
});
