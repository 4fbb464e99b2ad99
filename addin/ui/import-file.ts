// The import panel's plain logic: which file a kind of import takes, the size limit, reading the
// file (text, or base64 for an XLSX), a bank CSV's column mapping guessed from its header, the
// report written into the "Import report" sheet, and what the pane says about a check or an
// import. No React, no Office: the panel and its tests use these.
import type { BankStatementFormat, ImportFormat, ImportKind, ImportRecordsResult, ImportBankStatementData } from '../api/data-in-operations.js';
import type { ColumnSpec, TableLayout } from '../office/contract.js';
import type { Row } from '../sheets/types.js';

/** The server's default limit (LEDGERLINE_IMPORT_MAX_BYTES, 32 MiB): a larger file is refused before it is read. */
export const IMPORT_MAX_BYTES = 32 * 1024 * 1024;

export type ImportTarget = ImportKind | 'BANK_STATEMENT';

export const TARGET_LABELS: Record<ImportTarget, string> = {
  CUSTOMERS: 'Customers',
  CONTRACTS: 'Contracts',
  INVOICES: 'Invoices',
  PAYMENTS: 'Payments',
  BANK_STATEMENT: 'Bank statement',
};

export const FORMAT_LABELS: Record<BankStatementFormat, string> = { CAMT053: 'camt.053 (XML)', BAI2: 'BAI2', CSV: 'CSV' };

const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

/** The same words the server uses for a file over the limit (importRecords and importBankStatement word it apart). */
export function tooLargeMessage(bytes: number, target: ImportTarget, max = IMPORT_MAX_BYTES): string {
  return target === 'BANK_STATEMENT'
    ? `The file is ${bytes} bytes; at most ${max} bytes (LEDGERLINE_IMPORT_MAX_BYTES) are accepted.`
    : `The file is ${bytes} bytes; at most ${max} bytes (${(max / 1048576).toFixed(1)} MiB, LEDGERLINE_IMPORT_MAX_BYTES) are accepted. Split it into smaller files.`;
}

/** A records file's format from its name, or why it cannot be imported. */
export function recordsFormat(fileName: string, kind: ImportKind): { format: ImportFormat } | { message: string } {
  const ext = extensionOf(fileName);
  if (ext === 'csv') return { format: 'CSV' };
  if (ext === 'xlsx') return { format: 'XLSX' };
  const what = TARGET_LABELS[kind];
  if (ext === 'xls') return { message: `${fileName} is an .xls (Excel 97–2003) file: open it in Excel and save it as .xlsx, or export a .csv. ${what} are imported from .csv or .xlsx files.` };
  return { message: `${fileName} is not a .csv or .xlsx file. ${what} are imported from .csv or .xlsx files (a NetSuite or Salesforce export, or your own columns).` };
}

/** A bank statement's format as its name suggests (the user may choose another), or null. */
export function statementFormatFor(fileName: string): BankStatementFormat | null {
  const ext = extensionOf(fileName);
  if (ext === 'xml') return 'CAMT053';
  if (ext === 'bai' || ext === 'bai2' || ext === 'txt') return 'BAI2';
  if (ext === 'csv') return 'CSV';
  return null;
}

export const STATEMENT_EXTENSIONS = '.xml,.bai,.bai2,.txt,.csv';
export const RECORDS_EXTENSIONS = '.csv,.xlsx';

/** A bank CSV's mapping: which header holds what (see BankCsvMappingInput). '' = none. */
export interface CsvMapping {
  bookingDate: string;
  amount: string;
  credit: string;
  debit: string;
  currency: string;
  defaultCurrency: string;
  counterparty: string;
  counterpartyAccount: string;
  remittance: string;
  entryRef: string;
  dateFormat: string;
  decimalSeparator: string;
}
export type CsvMappingField = keyof CsvMapping;

export const EMPTY_MAPPING: CsvMapping = {
  bookingDate: '', amount: '', credit: '', debit: '', currency: '', defaultCurrency: '', counterparty: '', counterpartyAccount: '', remittance: '', entryRef: '', dateFormat: '', decimalSeparator: '',
};

/** The header columns of a mapping, with the headers banks commonly use for them (compared ignoring case, spaces and punctuation). */
export const MAPPING_HEADERS: { field: CsvMappingField; label: string; guesses: string[] }[] = [
  { field: 'bookingDate', label: 'Booking date column', guesses: ['booking date', 'bookingdate', 'date', 'posting date', 'transaction date', 'buchungstag', 'buchungsdatum'] },
  { field: 'amount', label: 'Amount column (signed)', guesses: ['amount', 'betrag', 'montant', 'importe'] },
  { field: 'credit', label: 'Credit column', guesses: ['credit', 'credit amount', 'haben', 'deposits'] },
  { field: 'debit', label: 'Debit column', guesses: ['debit', 'debit amount', 'soll', 'withdrawals'] },
  { field: 'currency', label: 'Currency column', guesses: ['currency', 'ccy', 'wahrung', 'währung', 'devise'] },
  { field: 'counterparty', label: 'Counterparty column', guesses: ['counterparty', 'payer', 'name', 'payer name', 'beneficiary', 'auftraggeber'] },
  { field: 'counterpartyAccount', label: 'Counterparty account column', guesses: ['counterparty account', 'iban', 'payer account', 'account number'] },
  { field: 'remittance', label: 'Remittance column', guesses: ['remittance', 'remittance information', 'description', 'memo', 'details', 'purpose', 'verwendungszweck'] },
  { field: 'entryRef', label: 'Reference column', guesses: ['reference', 'ref', 'entry reference', 'bank reference', 'transaction id'] },
];

const squash = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The first line of a CSV split into headers (comma, semicolon or tab, whichever it has most of; quotes removed). */
export function csvHeaders(text: string): string[] {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((d) => [d, first.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  return first.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim()).filter((h) => h !== '');
}

/** Each mapping column taken from the header that commonly names it; the rest left blank. */
export function guessMapping(headers: string[]): CsvMapping {
  const mapping = { ...EMPTY_MAPPING };
  const used = new Set<string>();
  for (const { field, guesses } of MAPPING_HEADERS) {
    const found = guesses.map(squash).map((g) => headers.find((h) => squash(h) === g && !used.has(h))).find(Boolean);
    if (found) {
      mapping[field] = found;
      used.add(found);
    }
  }
  // A signed amount column wins over credit/debit columns only when there is no credit column.
  if (mapping.credit) mapping.amount = '';
  return mapping;
}

/** The mapping as the API takes it: blanks left out. */
export function mappingInput(mapping: CsvMapping): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]));
}

/**
 * Reads a file: its text, or its bytes as base64 (an XLSX). Text is UTF-8 when the bytes are
 * valid UTF-8, else Windows-1252 (what older Excel and many banks write), as the server reads a
 * file posted to it; a byte-order mark is dropped.
 */
export function readFile(file: Blob, as: 'text' | 'base64'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new Error(`The file could not be read: ${reader.error?.message ?? 'unknown error'}. Pick it again.`));
    reader.onload = () => {
      if (as === 'base64') {
        // A data URL: "data:<type>;base64,<bytes>".
        const url = String(reader.result ?? '');
        resolve(url.slice(url.indexOf(',') + 1));
        return;
      }
      const bytes = new Uint8Array(reader.result as ArrayBuffer);
      try {
        resolve(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      } catch {
        resolve(new TextDecoder('windows-1252').decode(bytes));
      }
    };
    if (as === 'text') reader.readAsArrayBuffer(file);
    else reader.readAsDataURL(file);
  });
}

const reportColumns: ColumnSpec[] = [
  { key: 'row', header: 'Row', kind: 'integer', width: 7 },
  { key: 'key', header: 'Key', kind: 'text', width: 20 },
  { key: 'status', header: 'Status', kind: 'text', width: 11 },
  { key: 'column', header: 'Column', kind: 'text', width: 22 },
  { key: 'message', header: 'Message', kind: 'text', width: 80 },
];

export const REPORT_TABLE: TableLayout = { sheetName: 'Import report', tableName: 'llImportReport', columns: reportColumns };

/**
 * The report's lines: the file's refusals first (Status FILE, no row), then each row of the file
 * in order — one line per error (Status ERROR, the column it is about), one line for a row
 * without errors (what the import does or would do to it: CREATED, UPDATED, UNCHANGED).
 */
export function reportRows(result: ImportRecordsResult): Row[] {
  const lines: Row[] = result.userErrors.map((e) => ({ row: '', key: '', status: 'FILE', column: '', message: e.message }));
  for (const row of result.rows) {
    if (row.errors.length === 0) {
      lines.push({ row: row.row, key: row.key ?? '', status: row.status, column: '', message: '' });
      continue;
    }
    for (const error of row.errors) lines.push({ row: row.row, key: row.key ?? '', status: row.status, column: error.column ?? '', message: error.message });
  }
  return lines;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** "12 to create, 3 to update, 40 unchanged, 2 failed" (a check) or "12 created, …" (an import). */
export function countsText(result: Pick<ImportRecordsResult, 'dryRun' | 'created' | 'updated' | 'unchanged' | 'failed'>): string {
  return result.dryRun
    ? `${count(result.created)} to create, ${count(result.updated)} to update, ${count(result.unchanged)} unchanged, ${count(result.failed)} failed`
    : `${count(result.created)} created, ${count(result.updated)} updated, ${count(result.unchanged)} unchanged, ${count(result.failed)} failed`;
}

/** A check is clean when the file was read and no row has an error: then it may be imported. */
export const isClean = (result: ImportRecordsResult) => result.userErrors.length === 0 && result.failed === 0;

/** What the pane says after importing a statement. */
export function statementSummary(payload: ImportBankStatementData['importBankStatement']): { intent: 'success' | 'info'; title: string; text: string } | null {
  const statement = payload.statement;
  if (!statement) return null;
  const name = `Statement ${statement.statementRef} (account ${statement.account})`;
  const lines = statement.transactions;
  const exact = lines.filter((t) => t.status === 'EXACT').length;
  const proposed = lines.filter((t) => t.status === 'PROPOSED').length;
  const unmatched = lines.filter((t) => t.status === 'UNMATCHED').length;
  const byStatus = `${plural(exact, 'line')} matched exactly and already applied as payments, ${count(proposed)} proposed, ${count(unmatched)} unmatched`;
  if (payload.duplicate) {
    return { intent: 'info', title: `${name} was imported before`, text: `Nothing was added. As imported: ${plural(lines.length, 'credit line')} — ${byStatus}.` };
  }
  const debits = statement.debitEntries > 0 ? ` ${plural(statement.debitEntries, 'debit entry', 'debit entries')} left out (not cash received).` : '';
  return {
    intent: 'success',
    title: `Imported ${plural(lines.length, 'credit line')}: ${count(exact)} applied at once`,
    text: `${name}: ${byStatus}.${debits} The proposed and unmatched lines are in “Cash to apply”.`,
  };
}
