// POST /import/records?kind=CUSTOMERS|CONTRACTS|INVOICES|PAYMENTS&format=CSV|XLSX[&dryRun=false][&entityCode=US01]
// with the file's bytes as the body (an XLSX raw, not base64) and a Bearer token of role AR or
// ADMIN: the same import as the importRecords mutation, answered with its payload as JSON, every
// row included — 200 when it went through (or the dry run found nothing wrong), 400 with the
// same payload when it was refused. A body over LEDGERLINE_IMPORT_MAX_BYTES is answered 413 as
// soon as it is known (Content-Length, or the bytes counted so far), without reading the rest.
import type http from 'node:http';
import type { Config } from '../config.js';
import { hasRole } from '../domain/actor.js';
import type { ImportFormat, ImportKind } from '../import/records/types.js';
import type { Db } from '../services/db-types.js';
import { importRecords } from '../services/imports/import-records.service.js';
import { answerJson, authenticateRequest } from './bearer.js';

export const IMPORT_RECORDS_PATH = '/import/records';

const KINDS: readonly ImportKind[] = ['CUSTOMERS', 'CONTRACTS', 'INVOICES', 'PAYMENTS'];
const FORMATS: readonly ImportFormat[] = ['CSV', 'XLSX'];
const USAGE = 'POST /import/records?kind=CUSTOMERS|CONTRACTS|INVOICES|PAYMENTS&format=CSV|XLSX&dryRun=true|false[&entityCode=<entity>] with the file as the body';

class TooLarge extends Error {}

/** The body, or TooLarge once more than `max` bytes have come (the rest is not read). */
function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

export function importRecordsHandler(prisma: Db, config: Config, today: () => string) {
  return async function handleImportRecords(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      return answerJson(res, 405, { error: `Records are imported with POST; got ${String(req.method).slice(0, 10)}. ${USAGE}.` }, { allow: 'POST' });
    }
    const actor = await authenticateRequest(prisma, config, req, res);
    if (!actor) return;
    if (!hasRole(actor, 'AR')) {
      return answerJson(res, 403, { error: `FORBIDDEN: importing records needs a token of role AR or ADMIN; this one is ${actor.role}.`, code: 'FORBIDDEN' });
    }
    const kind = (url.searchParams.get('kind') ?? '').toUpperCase() as ImportKind;
    const format = (url.searchParams.get('format') ?? '').toUpperCase() as ImportFormat;
    const dryRunText = (url.searchParams.get('dryRun') ?? 'true').toLowerCase();
    const problems = [
      ...(KINDS.includes(kind) ? [] : [`kind must be one of ${KINDS.join(', ')} (got "${kind.slice(0, 20)}")`]),
      ...(FORMATS.includes(format) ? [] : [`format must be CSV or XLSX (got "${format.slice(0, 20)}")`]),
      ...(dryRunText === 'true' || dryRunText === 'false' ? [] : [`dryRun must be true or false (got "${dryRunText.slice(0, 20)}")`]),
    ];
    if (problems.length > 0) return answerJson(res, 400, { error: `${problems.join('; ')}. ${USAGE}.`, code: 'BAD_USER_INPUT' });
    const tooLarge = () =>
      answerJson(res, 413, { error: `The file is larger than ${config.importMaxBytes} bytes, the most an import takes (LEDGERLINE_IMPORT_MAX_BYTES); split it into smaller files.`, code: 'OUT_OF_RANGE' }, { connection: 'close' });
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > config.importMaxBytes) return tooLarge();
    let body: Buffer;
    try {
      body = await readBody(req, config.importMaxBytes);
    } catch (error) {
      if (error instanceof TooLarge) return tooLarge();
      throw error;
    }
    const result = await importRecords(
      prisma,
      actor,
      { kind, format, content: body, entityCode: url.searchParams.get('entityCode'), dryRun: dryRunText === 'true' },
      { maxBytes: config.importMaxBytes, today: today() },
    );
    answerJson(res, result.userErrors.length > 0 ? 400 : 200, result as unknown as Record<string, unknown>);
  };
}
