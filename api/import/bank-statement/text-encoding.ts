// A statement file's bytes as text. A camt.053 is read in the encoding its XML declaration names
// (or its byte-order mark shows; UTF-8 when it names none, as XML says). BAI2 and CSV name no
// encoding: UTF-8 when the bytes are UTF-8, else windows-1252 (the encoding of US and Western
// European banks' "ANSI" exports; a superset of ISO-8859-1's printable characters). Bytes that
// are text in neither (a PDF, a zip, a spreadsheet) are refused here, before any parsing.
import { isUtf8 } from 'node:buffer';
import { BankFileError, type BankStatementFormat } from './types.js';

/** What a refusal names as readable. */
export const ACCEPTED_ENCODINGS = 'UTF-8 (any format), the encoding a camt.053 declares in its <?xml … encoding="…"?> (ISO-8859-1, windows-1252, ISO-8859-15 and the other single-byte encodings, UTF-16 with a byte-order mark), windows-1252 for BAI2 and CSV';

/** Control characters no bank text holds: C0 controls but tab, line breaks and form feed, and the five bytes windows-1252 leaves unassigned. */
const BINARY = /[\u0000-\u0008\u000b\u000e-\u001f\u0081\u008d\u008f\u0090\u009d]/;

export function decodeStatementBytes(format: BankStatementFormat, bytes: Uint8Array): string {
  return format === 'CAMT053' ? decodeXml(bytes) : decodeBankText(bytes);
}

function decodeXml(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return decodeAs('utf-8', bytes.subarray(3), 'its byte-order mark says UTF-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeAs('utf-16le', bytes.subarray(2), 'its byte-order mark says UTF-16');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeAs('utf-16be', bytes.subarray(2), 'its byte-order mark says UTF-16');
  const declared = declaredEncoding(bytes);
  if (declared === null) return decodeAs('utf-8', bytes, 'it declares no encoding, so XML reads it as UTF-8');
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(declared, { fatal: true });
  } catch {
    throw new BankFileError(`The XML declaration names the encoding "${declared.slice(0, 40)}", which is not one Ledgerline reads; accepted: ${ACCEPTED_ENCODINGS}.`);
  }
  if (decoder.encoding.startsWith('utf-16')) {
    throw new BankFileError(`The XML declaration says encoding="${declared}" but the file is not UTF-16 (it has no byte-order mark and its declaration reads as single bytes); save it as UTF-8, or as UTF-16 with a byte-order mark.`);
  }
  // WHATWG reads ISO-8859-1 and US-ASCII as windows-1252 too (their printable characters agree).
  if (decoder.encoding === 'windows-1252') return windows1252(bytes);
  return decodeAs(decoder.encoding, bytes, `its XML declaration says encoding="${declared}"`);
}

/** The encoding="…" of an XML declaration at the very start (ASCII bytes in every encoding it can name here), or null. */
function declaredEncoding(bytes: Uint8Array): string | null {
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declaration = /^\s*<\?xml\s[^?>]*\?>/.exec(head)?.[0];
  if (!declaration) return null;
  return /\sencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]{0,39})\1/.exec(declaration)?.[2] ?? null;
}

function decodeAs(encoding: string, bytes: Uint8Array, why: string): string {
  if (encoding === 'utf-8' && isUtf8(bytes)) return utf8(bytes);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const at = encoding === 'utf-8' ? firstInvalidUtf8(bytes) : null;
    throw new BankFileError(`The file is not ${encoding.toUpperCase()} text (${why})${at === null ? '' : `: byte 0x${bytes[at]!.toString(16).padStart(2, '0')} at offset ${at} is not`}. Send the statement file as it came from the bank; accepted: ${ACCEPTED_ENCODINGS}.`);
  }
  return text;
}

function decodeBankText(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return isUtf8(bytes.subarray(start)) ? utf8(bytes.subarray(start)) : windows1252(bytes);
}

/** Checked UTF-8 bytes as text (Buffer's decoder: several times faster than TextDecoder's on megabytes). */
function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** windows-1252's characters for the bytes 0x80–0x9F (ISO-8859-1 has C1 controls there); the five unassigned ones stay controls. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * The bytes as windows-1252, refused when they hold what no text file does. By hand: Node 20's
 * TextDecoder('windows-1252') decodes as ISO-8859-1 (0x80 becomes U+0080, not €).
 */
function windows1252(bytes: Uint8Array): string {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH.charAt(c.charCodeAt(0) - 0x80));
  const found = BINARY.exec(text);
  if (found) {
    throw new BankFileError(`The file is not UTF-8 text, nor windows-1252 text: it holds the control character U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at character ${found.index + 1}, so it is not a statement (a PDF, spreadsheet or zip file?). Send the statement file as it came from the bank (camt.053 XML, BAI2 or CSV); accepted: ${ACCEPTED_ENCODINGS}.`);
  }
  return text;
}

/** Where UTF-8 decoding fails first, for the refusal (null when it does not). */
function firstInvalidUtf8(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return null;
}
