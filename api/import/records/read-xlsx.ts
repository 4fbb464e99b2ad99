// Reads the first worksheet of an XLSX workbook (or the one named after the kind) into a
// SheetTable. Before exceljs sees the bytes, a zip guard walks the central directory and
// inflates every part with a running byte count, so a zip bomb is refused after inflating at
// most the allowed total, never all of it. Cells become text: dates (date-typed cells) →
// YYYY-MM-DD, numbers → exact decimal strings of at most 15 significant digits (what Excel
// itself keeps, so 0.1+0.2 noise never shows), formula cells → their cached result (the value
// Excel last computed and saved; the import takes values, never formulas), rich text → its
// plain text, hyperlinks → their text, booleans → TRUE/FALSE. Pure: bytes in, table out.
import ExcelJS from 'exceljs';
import { Inflate } from 'fflate';
import { ErrorCode, UserInputError } from '../../domain/errors.js';
import { Money } from '../../domain/money/money.js';
import type { SheetRow, SheetTable } from './types.js';

const FIELD = ['input', 'content'];
const MAX_ENTRIES = 10_000;
/** A part that inflates more than this many times its packed size is not a spreadsheet. */
const MAX_RATIO = 250;
/** Parts smaller than this are never refused for their ratio (tiny XML compresses oddly). */
const RATIO_FLOOR = 1024 * 1024;
const MAX_COLUMNS = 500;

export interface XlsxReadOptions {
  /** Total bytes the parts may inflate to (8 × the import size limit). */
  maxUnpackedBytes: number;
  /** Worksheet names to prefer, compared ignoring case (e.g. "Invoices"); else the first sheet. */
  sheetNames?: string[];
}

function notXlsx(why: string): UserInputError {
  return UserInputError.of(FIELD, `This file is not an XLSX workbook (${why}); save it from Excel as "Excel Workbook (.xlsx)", or export CSV and import with format CSV.`);
}

function bomb(limit: number, why: string): UserInputError {
  return UserInputError.of(FIELD, `This XLSX unpacks to more than ${limit} bytes, or a part to more than ${MAX_RATIO} times its packed size (a zip bomb?): ${why}. Nothing was read; a workbook within the import size limit never unpacks that far.`, ErrorCode.OUT_OF_RANGE);
}

interface ZipEntry {
  name: string;
  method: number;
  packedSize: number;
  size: number;
  localOffset: number;
}

/** The central directory's entries; refuses what is not a zip or is damaged. */
function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22 || view.getUint32(0, true) !== 0x04034b50) throw notXlsx('it does not start like a zip archive');
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notXlsx('the zip archive has no central directory; is it cut short?');
  const count = view.getUint16(eocd + 10, true);
  const dirOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || dirOffset === 0xffffffff) throw notXlsx('a ZIP64 archive; a workbook is never that large');
  if (count > MAX_ENTRIES) throw UserInputError.of(FIELD, `This XLSX holds ${count} parts; at most ${MAX_ENTRIES} are accepted (a zip bomb?).`, ErrorCode.OUT_OF_RANGE);
  const entries: ZipEntry[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw notXlsx('its zip directory is damaged');
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      packedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Refuses a zip whose parts would inflate past `maxUnpackedBytes` in all, or one part past
 * MAX_RATIO × its packed size, by inflating them in chunks and counting — the sizes the
 * directory declares are not trusted. Nothing inflated is kept.
 */
export function checkZipBomb(bytes: Uint8Array, maxUnpackedBytes: number): string[] {
  const entries = zipEntries(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxUnpackedBytes) throw bomb(maxUnpackedBytes, `its parts declare ${declared} bytes`);
  let total = 0;
  for (const entry of entries) {
    const local = entry.localOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== 0x04034b50) throw notXlsx(`its part ${entry.name.slice(0, 60)} is damaged`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const packed = bytes.subarray(start, start + entry.packedSize);
    if (packed.length !== entry.packedSize) throw notXlsx('it is cut short');
    const partLimit = Math.max(RATIO_FLOOR, entry.packedSize * MAX_RATIO);
    if (entry.method === 0) {
      total += packed.length;
    } else if (entry.method === 8) {
      let part = 0;
      const inflate = new Inflate((chunk) => {
        part += chunk.length;
        if (total + part > maxUnpackedBytes) throw bomb(maxUnpackedBytes, `${entry.name.slice(0, 60)} inflates past the total`);
        if (part > partLimit) throw bomb(maxUnpackedBytes, `${entry.name.slice(0, 60)} inflates more than ${MAX_RATIO} times its packed size`);
      });
      try {
        for (let offset = 0; offset < packed.length; offset += 16_384) {
          inflate.push(packed.subarray(offset, offset + 16_384), offset + 16_384 >= packed.length);
        }
        if (packed.length === 0) inflate.push(new Uint8Array(0), true);
      } catch (error) {
        if (error instanceof UserInputError) throw error;
        throw notXlsx(`its part ${entry.name.slice(0, 60)} cannot be inflated`);
      }
      total += part;
    } else {
      throw notXlsx(`its part ${entry.name.slice(0, 60)} uses zip method ${entry.method}; workbooks use deflate`);
    }
  }
  return entries.map((e) => e.name);
}

/** A number as Excel keeps it: at most 15 significant digits, written out without exponent. */
export function excelNumberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return new Money(value.toPrecision(15)).toFixed();
}

function dateText(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

type CellValue = ExcelJS.CellValue;

/** A cell's value as text; `numeric` when Excel stored a number (a date column may hold a serial). */
export function cellText(value: CellValue): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: excelNumberText(value), numeric: true };
  if (typeof value === 'string') return { text: value, numeric: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', numeric: false };
  if (value instanceof Date) return { text: dateText(value), numeric: false };
  if ('richText' in value) return { text: value.richText.map((run) => run.text).join(''), numeric: false };
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('error' in value) return { text: String(value.error), numeric: false };
  if ('text' in value) return cellText(value.text as CellValue);
  return { text: '', numeric: false };
}

export async function readXlsx(bytes: Uint8Array, options: XlsxReadOptions): Promise<SheetTable> {
  const names = checkZipBomb(bytes, options.maxUnpackedBytes);
  if (!names.includes('xl/workbook.xml')) throw notXlsx('a zip archive without xl/workbook.xml');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw notXlsx(`Excel's parts cannot be read: ${String(error instanceof Error ? error.message : error).slice(0, 120)}`);
  }
  const wanted = (options.sheetNames ?? []).map((n) => n.toLowerCase());
  const sheet = workbook.worksheets.find((ws) => wanted.includes(ws.name.trim().toLowerCase())) ?? workbook.worksheets[0];
  if (!sheet) throw notXlsx('the workbook has no worksheet');
  let header: string[] | null = null;
  const rows: SheetRow[] = [];
  // The first row that holds anything is the header; rows keep the numbers the sheet shows.
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const width = header?.length ?? Math.min(row.cellCount, MAX_COLUMNS + 1);
    const cells: string[] = [];
    const numeric = new Set<number>();
    for (let c = 1; c <= width; c++) {
      const { text, numeric: isNumber } = cellText(row.getCell(c).value);
      cells.push(text);
      if (isNumber) numeric.add(c - 1);
    }
    if (header === null) {
      if (cells.every((cell) => cell.trim() === '')) return;
      if (cells.length > MAX_COLUMNS) throw UserInputError.of(FIELD, `The header row has more than ${MAX_COLUMNS} columns; at most ${MAX_COLUMNS} are accepted.`, ErrorCode.OUT_OF_RANGE);
      header = cells.map((cell) => cell.trim());
      return;
    }
    if (cells.every((cell) => cell.trim() === '')) return;
    rows.push({ row: rowNumber, cells, numeric });
  });
  if (header === null) throw UserInputError.of(FIELD, `Sheet "${sheet.name}" is empty; its row 1 must hold the column names, then one row per record.`);
  return { header, rows };
}
