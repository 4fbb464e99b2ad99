// The document files, read with a bearer token of any role (the same check and throttling as
// GraphQL and the exports):
//   GET /invoices/<number>.pdf      the invoice as a PDF
//   GET /invoices/<number>.xml      the invoice as a UBL 2.1 / Peppol BIS 3.0 e-invoice
//   GET /customers/<code>/statement.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
//   GET /print/<YYYY-MM-DD>.pdf     the day's POST batch
// The path is matched on its percent-encoded form and each segment decoded once, so an encoded
// "/" stays inside its segment; what a segment may hold is checked before any query. Refusals
// are JSON naming what is accepted: 400 for a malformed path or date, 404 for an unknown number,
// customer or an empty print day. Nothing is cached: the documents change as payments arrive.
import type http from 'node:http';
import type { Config } from '../config.js';
import { isValidIsoDate } from '../domain/dates.js';
import { httpErrorFor } from '../errors.js';
import { answerJson, authenticateRequest } from './bearer.js';
import type { Db } from '../services/db-types.js';
import { invoicePdf, invoiceUbl, printBatchPdf, statementPdf } from '../services/documents/documents.service.js';

const DOCUMENT_PREFIXES = ['/invoices/', '/customers/', '/print/'] as const;

export function isDocumentPath(pathname: string): boolean {
  return DOCUMENT_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

const ACCEPTED = [
  '/invoices/<number>.pdf',
  '/invoices/<number>.xml',
  '/customers/<code>/statement.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD',
  '/print/<YYYY-MM-DD>.pdf',
];

const INVOICE_PATH = /^\/invoices\/([^/]+)\.(pdf|xml)$/;
const STATEMENT_PATH = /^\/customers\/([^/]+)\/statement\.pdf$/;
const PRINT_PATH = /^\/print\/([^/]+)\.pdf$/;

/** Invoice numbers and customer codes are short printable text; anything else names nothing. */
const MAX_KEY_LENGTH = 100;

class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

interface DocumentFile {
  contentType: string;
  fileName: string;
  body: Buffer;
}

export function documentsHandler(prisma: Db, config: Config) {
  return async function handleDocument(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const fail = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => answerJson(res, status, body, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(405, { error: `Documents are read with GET; got ${String(req.method).slice(0, 10)}.` }, { allow: 'GET, HEAD' });
    }
    if (!(await authenticateRequest(prisma, config, req, res))) return;
    let file: DocumentFile;
    try {
      file = await documentFor(prisma, url);
    } catch (error) {
      const refusal = error instanceof Refused ? error : httpErrorFor(error);
      if (!refusal) throw error;
      return fail(refusal.status, { error: refusal.message, code: refusal.code, ...(refusal.status === 400 ? { accepted: ACCEPTED } : {}) });
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.body.length),
      'content-disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'cache-control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
}

async function documentFor(prisma: Db, url: URL): Promise<DocumentFile> {
  const path = url.pathname;
  const invoice = INVOICE_PATH.exec(path);
  if (invoice) {
    const number = pathKey(invoice[1]!, 'An invoice number');
    if (invoice[2] === 'pdf') {
      const pdf = await invoicePdf(prisma, number);
      if (!pdf) throw noInvoice(number);
      return { contentType: 'application/pdf', fileName: `${number}.pdf`, body: pdf };
    }
    const xml = await invoiceUbl(prisma, number);
    if (xml === null) throw noInvoice(number);
    return { contentType: 'application/xml; charset=utf-8', fileName: `${number}.xml`, body: Buffer.from(xml, 'utf8') };
  }
  const statement = STATEMENT_PATH.exec(path);
  if (statement) {
    const code = pathKey(statement[1]!, 'A customer code');
    const [from, to] = (['from', 'to'] as const).map((name) => {
      const value = url.searchParams.get(name);
      if (value === null || value === '') throw new Refused(400, `The statement needs from and to: /customers/${code}/statement.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD (${name} is missing).`, 'BAD_USER_INPUT');
      return value;
    });
    const pdf = await statementPdf(prisma, code, from!, to!);
    return { contentType: 'application/pdf', fileName: `statement-${code.toUpperCase()}-${from}-${to}.pdf`, body: pdf };
  }
  const print = PRINT_PATH.exec(path);
  if (print) {
    const date = pathKey(print[1]!, 'A print batch date');
    if (!isValidIsoDate(date)) throw new Refused(400, `"${date.slice(0, 40)}" is not a calendar date: a print batch is /print/YYYY-MM-DD.pdf, e.g. /print/2026-11-30.pdf.`, 'BAD_USER_INPUT');
    const pdf = await printBatchPdf(prisma, date);
    if (!pdf) throw new Refused(404, `Nothing was put in the print batch of ${date}: no letter was sent by post that day.`, 'NOT_FOUND');
    return { contentType: 'application/pdf', fileName: `print-${date}.pdf`, body: pdf };
  }
  throw new Refused(400, `${path.slice(0, 80)} is not a document path; accepted: ${ACCEPTED.join(', ')}.`, 'BAD_USER_INPUT');
}

/** One path segment, percent-decoded: 1–100 printable characters. */
function pathKey(segment: string, what: string): string {
  let value: string;
  try {
    value = decodeURIComponent(segment).trim();
  } catch {
    throw new Refused(400, `${what} in the path is not valid percent-encoded UTF-8.`, 'BAD_USER_INPUT');
  }
  if (value === '' || value.length > MAX_KEY_LENGTH || /[\u0000-\u001F\u007F]/.test(value)) {
    throw new Refused(400, `${what} is 1 to ${MAX_KEY_LENGTH} printable characters; got ${value.length > MAX_KEY_LENGTH ? `${value.length} characters` : JSON.stringify(value.slice(0, 40))}.`, 'BAD_USER_INPUT');
  }
  return value;
}

function noInvoice(number: string): Refused {
  return new Refused(404, `No issued invoice is numbered "${number.slice(0, 40)}" (a draft has no number until it is issued).`, 'NOT_FOUND');
}
