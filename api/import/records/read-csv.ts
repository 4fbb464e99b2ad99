// Reads a CSV export (NetSuite, Salesforce, Excel's "Save as CSV") into a SheetTable: UTF-8
// with or without BOM (Windows-1252 when the bytes are not UTF-8, as older Excel writes), the
// delimiter — ",", ";" or tab — sniffed from the header line, quoted fields with delimiters,
// doubled quotes and line breaks. A row's number counts records, not lines, as a spreadsheet
// opening the file would. Pure: bytes or text in, the table or a UserInputError out.
// readCsv returns the whole table; readCsvStream hands the rows over as they are parsed, so an
// import of 100,000 rows never holds them all as text cells at once.
import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse, type Options, type Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ErrorCode, UserInputError } from '../../domain/errors.js';
import type { SheetRow, SheetStream, SheetTable } from './types.js';

const FIELD = ['input', 'content'];
const MAX_COLUMNS = 500;
/** Bytes handed to the streaming parser at a time. */
const SLICE = 64 * 1024;
/** Records handed over at a time by readCsvStream. */
const RECORD_BATCH = 1_000;

const zipRefusal = () =>
  UserInputError.of(FIELD, 'This file is a zip archive (an XLSX workbook?), not a CSV; import it with format XLSX, or save the sheet as CSV.');

/** A control byte no text file holds (tab, line breaks, form feed and ESC aside). */
const isControlByte = (b: number) => b <= 0x08 || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f);

/**
 * The file as UTF-8 bytes: refuses binary content (an XLSX, a PDF …) saying what to send
 * instead; bytes that are not UTF-8 are read as Windows-1252. Text stays as it is, re-encoded.
 */
function csvBytes(content: string | Uint8Array): Buffer {
  let bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) throw zipRefusal();
  if (typeof content !== 'string' && bytes.indexOf(0) !== -1) throw notText();
  if (!isUtf8(bytes)) bytes = Buffer.from(new TextDecoder('latin1').decode(bytes), 'utf8');
  const head = Math.min(bytes.length, 65_536);
  for (let i = 0; i < head; i++) if (isControlByte(bytes[i]!)) throw notText();
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.subarray(bom);
}

function notText(): UserInputError {
  return UserInputError.of(FIELD, 'This file is not a CSV: it holds binary data (control bytes). Export the report as CSV (comma, semicolon or tab separated, UTF-8), or send an XLSX workbook with format XLSX.');
}

/** The delimiter the header line uses most: ",", ";" or tab (a one-column file: ","). */
export function sniffDelimiter(text: string): string {
  const headerLine = text.slice(0, Math.max(0, text.search(/\r?\n|$/)));
  const counts = [',', ';', '\t'].map((d) => ({ d, n: headerLine.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

/** The checked bytes and csv-parse's options for them; refuses an empty file. */
function prepare(content: string | Uint8Array): { bytes: Buffer; options: Options } {
  const bytes = csvBytes(content);
  if (bytes.every((b) => b === 0x20 || (b >= 0x09 && b <= 0x0d))) {
    throw UserInputError.of(FIELD, 'The file is empty; the first line must be the header row (column names), then one line per record.');
  }
  const lineEnd = bytes.indexOf(0x0a);
  const headerLine = bytes.subarray(0, lineEnd === -1 ? Math.min(bytes.length, 65_536) : lineEnd).toString('utf8');
  return { bytes, options: { delimiter: sniffDelimiter(headerLine), relax_column_count: true, skip_empty_lines: false, trim: false } };
}

function unreadable(error: unknown): UserInputError {
  const why = error instanceof Error ? error.message.replace(/^Invalid [^:]*:\s*/, '') : String(error);
  return UserInputError.of(FIELD, `The CSV cannot be read: ${why.slice(0, 200)}. A field holding the delimiter, a quote or a line break must be in double quotes, with its quotes doubled ("").`);
}

function checkHeader(header: string[]): string[] {
  if (header.length > MAX_COLUMNS) {
    throw UserInputError.of(FIELD, `The header row has ${header.length} columns; at most ${MAX_COLUMNS} are accepted.`, ErrorCode.OUT_OF_RANGE);
  }
  return header.map((h) => h.trim());
}

/** A record as a data row (numbered from its index among the file's records), or null when blank. */
function sheetRow(cells: string[], index: number, width: number): SheetRow | null {
  if (cells.every((cell) => cell.trim() === '')) return null;
  if (cells.length !== width) cells = Array.from({ length: width }, (_, c) => cells[c] ?? '');
  return { row: index + 1, cells };
}

export function readCsv(content: string | Uint8Array): SheetTable {
  const { bytes, options } = prepare(content);
  let records: string[][];
  try {
    records = parseSync(bytes, options) as string[][];
  } catch (error) {
    throw unreadable(error);
  }
  const header = checkHeader(records[0] ?? []);
  const rows: SheetRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const row = sheetRow(records[i]!, i, header.length);
    if (row) rows.push(row);
  }
  return { header, rows };
}

/**
 * The same reading as readCsv, as it parses: the header is read before this resolves, the rows
 * come in batches of about RECORD_BATCH (a promise per batch, not per row). A refusal
 * (broken quoting further down) surfaces from the iteration.
 */
export async function readCsvStream(content: string | Uint8Array): Promise<SheetStream> {
  const { bytes, options } = prepare(content);
  const slices = function* () {
    for (let at = 0; at < bytes.length; at += SLICE) yield bytes.subarray(at, at + SLICE);
  };
  const batches = recordBatches(Readable.from(slices(), { objectMode: false }).pipe(parse(options)));
  let pending: string[][] = [];
  while (pending.length === 0) {
    const next = await batches.next();
    if (next.done) break;
    pending = next.value;
  }
  const header = checkHeader(pending[0] ?? []);
  async function* rows(): AsyncGenerator<SheetRow[]> {
    let index = 1;
    for (let records = pending.slice(1); ; ) {
      const batch: SheetRow[] = [];
      for (const record of records) {
        const row = sheetRow(record, index++, header.length);
        if (row) batch.push(row);
      }
      if (batch.length > 0) yield batch;
      const next = await batches.next();
      if (next.done) return;
      records = next.value;
    }
  }
  return { header, rows: rows() };
}

/** The parser's records in batches of RECORD_BATCH (the last one shorter); its error as a refusal. */
async function* recordBatches(parser: Parser): AsyncGenerator<string[][]> {
  let batch: string[][] = [];
  let ended = false;
  let failure: unknown = null;
  let wake = () => {};
  parser.on('data', (record: string[]) => {
    batch.push(record);
    if (batch.length >= RECORD_BATCH) {
      parser.pause();
      wake();
    }
  });
  parser.on('end', () => ((ended = true), wake()));
  parser.on('error', (error) => ((failure = error), wake()));
  for (;;) {
    if (failure !== null) throw unreadable(failure);
    if (batch.length >= RECORD_BATCH || ended) {
      const full = batch;
      batch = [];
      if (full.length > 0) yield full;
      if (ended) return;
      parser.resume();
      continue;
    }
    // Events come only between turns, so none is missed between this check and the wait.
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
