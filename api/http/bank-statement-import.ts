// POST /import/bank-statement?entityCode=US01&format=CAMT053|BAI2|CSV with the statement file as
// the body (UTF-8, or the encoding a camt.053 declares, or windows-1252 for BAI2 and CSV; for CSV
// the column mapping as query parameters named like BankCsvMappingInput's fields, e.g.
// &bookingDate=Date&amount=Amount&defaultCurrency=EUR).
// Bearer token of role AR. The answer is importBankStatement's payload as JSON: the statement with
// its lines and their matches, duplicate, userErrors. The body is counted as it arrives: past
// LEDGERLINE_IMPORT_MAX_BYTES the request is answered 413 and not read further.
import type http from 'node:http';
import type { Config } from '../config.js';
import { hasRole } from '../domain/actor.js';
import { ErrorCode } from '../domain/errors.js';
import { formatMoney } from '../domain/money/money.js';
import { toPayload } from '../errors.js';
import { decodeStatementBytes } from '../import/bank-statement/text-encoding.js';
import { BankFileError, type BankCsvMapping, type BankStatementFormat } from '../import/bank-statement/types.js';
import { importBankStatement } from '../services/bank/bank-statement.service.js';
import type { Db } from '../services/db-types.js';
import { answerJson, authenticateRequest } from './bearer.js';

export const BANK_STATEMENT_IMPORT_PATH = '/import/bank-statement';

const FORMATS: readonly BankStatementFormat[] = ['CAMT053', 'BAI2', 'CSV'];
const USAGE = 'POST /import/bank-statement?entityCode=<entity>&format=CAMT053|BAI2|CSV with the statement file as the body (for CSV also the column mapping: bookingDate=<header>&amount=<header> or credit=&debit=, currency= or defaultCurrency=, …)';
const MAPPING_KEYS = [
  'bookingDate', 'amount', 'credit', 'debit', 'currency', 'defaultCurrency', 'valueDate', 'counterparty', 'counterpartyAccount',
  'remittance', 'entryRef', 'account', 'dateFormat', 'decimalSeparator', 'delimiter',
] as const;

class BodyTooLarge extends Error {}

export function bankStatementImportHandler(prisma: Db, config: Config) {
  return async function handleBankStatementImport(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      return answerJson(res, 405, { error: `A bank statement is imported with ${USAGE}; got ${String(req.method).slice(0, 10)}.` }, { allow: 'POST' });
    }
    const actor = await authenticateRequest(prisma, config, req, res);
    if (!actor) return;
    if (!hasRole(actor, 'AR')) {
      return answerJson(res, 403, { error: `FORBIDDEN: importing a bank statement needs the AR role or above; this token's role is ${actor.role}.`, code: 'FORBIDDEN' });
    }
    const entityCode = url.searchParams.get('entityCode')?.trim() ?? '';
    const format = (url.searchParams.get('format') ?? '').trim().toUpperCase() as BankStatementFormat;
    if (entityCode === '' || !FORMATS.includes(format)) {
      const problem = entityCode === '' ? 'entityCode is missing' : `format ${JSON.stringify((url.searchParams.get('format') ?? '').slice(0, 20))} is not one of CAMT053, BAI2, CSV`;
      return answerJson(res, 400, { error: `${problem}: ${USAGE}.`, code: 'BAD_USER_INPUT', accepted: { formats: FORMATS } });
    }
    let body: Buffer;
    try {
      body = await readBody(req, config.importMaxBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      res.once('finish', () => req.destroy());
      return answerJson(res, 413, { error: `The file is larger than ${config.importMaxBytes} bytes, the most accepted (LEDGERLINE_IMPORT_MAX_BYTES).`, code: ErrorCode.OUT_OF_RANGE, maxBytes: config.importMaxBytes }, { connection: 'close' });
    }
    let content: string;
    try {
      content = decodeStatementBytes(format, body);
    } catch (error) {
      if (!(error instanceof BankFileError)) throw error;
      return answerJson(res, 400, { error: error.message, code: 'BAD_USER_INPUT' });
    }
    const mapping = format === 'CSV' ? csvMapping(url) : null;
    const payload = await toPayload('imported', () => importBankStatement(prisma, actor, config, { entityCode, format, content, csvMapping: mapping }));
    if (!payload.imported) {
      const status = payload.userErrors.some((e) => e.code === ErrorCode.NOT_FOUND) ? 404 : 400;
      return answerJson(res, status, { statement: null, duplicate: false, userErrors: payload.userErrors });
    }
    answerJson(res, 200, { statement: await statementJson(prisma, payload.imported.statement.id), duplicate: payload.imported.duplicate, userErrors: [] });
  };
}

/**
 * The body's bytes; BodyTooLarge as soon as more than `maxBytes` are announced or have come (the
 * rest is not read: the caller answers 413 and closes the connection).
 */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function csvMapping(url: URL): BankCsvMapping | null {
  const entries = MAPPING_KEYS.map((key) => [key, url.searchParams.get(key)] as const).filter(([, value]) => value !== null);
  if (entries.length === 0) return null;
  return Object.fromEntries(entries) as unknown as BankCsvMapping;
}

interface StatementRow {
  id: number;
  entity_code: string;
  format: string;
  account: string;
  statement_ref: string;
  currency: string | null;
  from_date: string | null;
  to_date: string | null;
  debit_entries: number;
  created_at: string;
}

interface LineRow {
  id: number;
  line_number: number;
  entry_ref: string | null;
  booking_date: string;
  value_date: string | null;
  amount: string;
  currency: string;
  counterparty: string | null;
  counterparty_account: string | null;
  remittance: string | null;
  references: string[];
  status: string;
  customer_code: string | null;
  customer_name: string | null;
  match_rule: number | null;
  confidence: string | null;
  proposed_applications: { invoiceNumber: string; amount: string; discount: string }[];
  payment_id: number | null;
  version: number;
  updated_at: string;
}

interface PaymentApplicationRow {
  payment_id: number;
  invoice_number: string;
  amount: string;
  discount: string;
}

/** A timestamp as Date.toISOString writes it (UTC, milliseconds, Z). */
const ISO_TIMESTAMP = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The statement as the mutation's payload shows it: lines in order with their matches. Three
 * plain reads (the statement, its lines with their customer and payment, the payments'
 * applications), numbers and dates as text: no row objects per relation, no Decimal or Date per value.
 */
async function statementJson(prisma: Db, id: number) {
  const [statement] = await prisma.$queryRawUnsafe<StatementRow[]>(
    `SELECT s.id, e.code AS entity_code, s.format::text AS format, s.account, s.statement_ref, s.currency,
            to_char(s.from_date, 'YYYY-MM-DD') AS from_date, to_char(s.to_date, 'YYYY-MM-DD') AS to_date, s.debit_entries,
            to_char(s.created_at AT TIME ZONE 'UTC', ${ISO_TIMESTAMP}) AS created_at
     FROM bank_statement s JOIN entity e ON e.id = s.entity_id WHERE s.id = $1`,
    id,
  );
  if (!statement) throw new Error(`bank statement ${id} is gone`);
  const lines = await prisma.$queryRawUnsafe<LineRow[]>(
    `SELECT t.id, t.line_number, t.entry_ref, to_char(t.booking_date, 'YYYY-MM-DD') AS booking_date, to_char(t.value_date, 'YYYY-MM-DD') AS value_date,
            t.amount::text AS amount, t.currency, t.counterparty, t.counterparty_account, t.remittance, t."references", t.status::text AS status,
            c.code AS customer_code, c.name AS customer_name, t.match_rule, t.confidence::text AS confidence, t.proposed_applications,
            p.id AS payment_id, t.version, to_char(t.updated_at AT TIME ZONE 'UTC', ${ISO_TIMESTAMP}) AS updated_at
     FROM bank_transaction t
     LEFT JOIN customer c ON c.id = t.customer_id
     LEFT JOIN payment p ON p.bank_transaction_id = t.id
     WHERE t.statement_id = $1
     ORDER BY t.line_number`,
    id,
  );
  const applied = await prisma.$queryRawUnsafe<PaymentApplicationRow[]>(
    `SELECT a.payment_id, i.number AS invoice_number, a.amount::text AS amount, a.discount::text AS discount
     FROM bank_transaction t
     JOIN payment p ON p.bank_transaction_id = t.id
     JOIN payment_application a ON a.payment_id = p.id AND a.kind = 'PAYMENT'
     JOIN invoice i ON i.id = a.invoice_id
     WHERE t.statement_id = $1
     ORDER BY a.id`,
    id,
  );
  const applicationsOf = new Map<number, PaymentApplicationRow[]>();
  for (const row of applied) {
    const list = applicationsOf.get(row.payment_id);
    if (list) list.push(row);
    else applicationsOf.set(row.payment_id, [row]);
  }
  return {
    id: String(statement.id),
    entity: { code: statement.entity_code },
    format: statement.format,
    account: statement.account,
    statementRef: statement.statement_ref,
    currency: statement.currency,
    fromDate: statement.from_date,
    toDate: statement.to_date,
    debitEntries: statement.debit_entries,
    createdAt: statement.created_at,
    transactions: lines.map((line) => {
      const money = (value: string) => formatMoney(value, line.currency);
      const applications = line.payment_id !== null
        ? (applicationsOf.get(line.payment_id) ?? []).map((a) => ({ invoiceNumber: a.invoice_number, amount: money(a.amount), discount: money(a.discount) }))
        : line.proposed_applications.map((a) => ({ invoiceNumber: a.invoiceNumber, amount: money(a.amount), discount: money(a.discount) }));
      return {
        id: String(line.id),
        lineNumber: line.line_number,
        entryRef: line.entry_ref,
        bookingDate: line.booking_date,
        valueDate: line.value_date,
        amount: money(line.amount),
        currency: line.currency,
        counterparty: line.counterparty,
        counterpartyAccount: line.counterparty_account,
        remittance: line.remittance,
        references: line.references,
        status: line.status,
        match: line.status === 'UNMATCHED' || line.customer_code === null
          ? null
          : { customer: { code: line.customer_code, name: line.customer_name }, applications, confidence: Number(line.confidence ?? 1), rule: line.match_rule ?? 0 },
        payment: line.payment_id !== null ? { id: String(line.payment_id) } : null,
        version: line.version,
        updatedAt: line.updated_at,
      };
    }),
  };
}
