// GET /export/<dataset>.csv and /export/<dataset>.ndjson: flat files for BI tools, with the same
// bearer tokens (any role) and the same throttling of failed authentications as GraphQL.
// Parameters are checked before anything is written; a refusal is JSON naming what is accepted.
import type http from 'node:http';
import type { Config } from '../config.js';
import { todayIn } from '../config.js';
import { httpErrorFor } from '../errors.js';
import { answerJson, authenticateRequest } from '../http/bearer.js';
import { spend } from '../services/admin/throttle.js';
import type { SqlTransaction } from '../db/sql-runner.js';
import type { Db } from '../services/db-types.js';
import { csvLine } from './csv.js';
import { ExportParameterError, ExportParams } from './params.js';
import { REPORT_DATASETS, type ReportDataset, type ReportRows } from './report-datasets.js';
import { ROW_DATASETS, type RowDataset } from './row-datasets.js';
import { jsonKey, lineSql, type ExportFormat } from './sql-format.js';
import { ClientGone, ResponseSink, streamBatches } from './stream.js';

export type Dataset = RowDataset | ReportDataset;
export const DATASETS: readonly Dataset[] = [...ROW_DATASETS, ...REPORT_DATASETS];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

export interface ExportOptions {
  /** Overrides today's date (tests pin it). */
  today?: () => string;
  /** Exports running at once; beyond it a request is answered 503 with Retry-After (each holds a connection). */
  maxConcurrent: number;
  onClientGone?: (error: ClientGone) => void;
  /** A pg connection of its own per export, on a PostgreSQL server (Database.sqlTransaction). */
  transaction?: SqlTransaction | null;
}

const PATH = /^\/export\/([a-z-]+)\.(csv|ndjson)$/;
export const EXPORT_PATHS = DATASETS.flatMap((d) => [`/export/${d.name}.csv`, `/export/${d.name}.ndjson`]);

/** The export handler of one server (it counts the exports in flight). */
export function exportHandler(prisma: Db, config: Config, options: ExportOptions) {
  let running = 0;
  const today = options.today ?? (() => todayIn(config.timeZone));

  return async function handleExport(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const fail = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) => answerJson(res, status, body, headers);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(405, { error: `Exports are read with GET; got ${String(req.method).slice(0, 10)}.` }, { allow: 'GET, HEAD' });
    }
    const actor = await authenticateRequest(prisma, config, req, res);
    if (!actor) return;
    const match = PATH.exec(url.pathname);
    const dataset = match ? DATASETS.find((d) => d.name === match[1]) : undefined;
    if (!match || !dataset) {
      return fail(404, { error: `Unknown export ${url.pathname.slice(0, 80)}; available: ${DATASETS.map((d) => `/export/${d.name}.csv|.ndjson`).join(', ')}.`, available: EXPORT_PATHS });
    }
    const format = match[2] as ExportFormat;
    if (running >= options.maxConcurrent) {
      return fail(503, { error: `${running} exports are running, the most this server runs at once; retry shortly.`, code: 'BUSY' }, { 'retry-after': '5' });
    }
    running += 1;
    const sink = new ResponseSink(res);
    try {
      const params = new ExportParams(url.searchParams, dataset.parameters, url.pathname);
      const day = today();
      if (dataset.kind === 'report') {
        // A report export scans the ledger as its GraphQL field does: the same per-token budget.
        const [budget] = await spend(prisma, [`work:${actor.idempotencyScope}`], dataset.work(params), { limit: config.workPerMinute, windowSeconds: 60 });
        if (budget!.count > config.workPerMinute) {
          return fail(429, { error: `This token has used its ${config.workPerMinute} scans of the ledger for this minute; try again in ${budget!.retryAfterSeconds} s.`, code: 'RATE_LIMITED' }, { 'retry-after': String(budget!.retryAfterSeconds) });
        }
      }
      if (dataset.kind === 'rows') await streamRows(prisma, dataset, format, params, day, sink, res, options.transaction);
      else await writeReport(await dataset.load(prisma, params, { today: day, config }), format, sink, res);
      res.end();
    } catch (error) {
      if (error instanceof ClientGone || sink.gone) {
        options.onClientGone?.(error instanceof ClientGone ? error : new ClientGone(String(error)));
        return void res.destroy();
      }
      if (error instanceof ExportParameterError) return fail(400, { error: error.message, code: 'BAD_USER_INPUT', parameter: error.parameter, accepted: error.accepted });
      const refusal = httpErrorFor(error);
      if (refusal) {
        const parameter = (error as { argument?: string }).argument;
        return fail(refusal.status, { error: refusal.message, code: refusal.code, ...(parameter ? { parameter } : {}), accepted: dataset.parameters });
      }
      throw error;
    } finally {
      running -= 1;
    }
  };
}

function startResponse(res: http.ServerResponse, format: ExportFormat, filename: string): void {
  const safeName = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': `attachment; filename="${safeName}.${format}"`,
    'cache-control': 'no-store',
  });
}

async function streamRows(prisma: Db, dataset: RowDataset, format: ExportFormat, params: ExportParams, today: string, sink: ResponseSink, res: http.ServerResponse, transaction?: SqlTransaction | null): Promise<void> {
  const query = await dataset.query(prisma, params, today);
  await streamBatches(prisma, {
    select: { line: lineSql(dataset.columns, format), ...query },
    today,
    transaction,
    sink,
    start: () => {
      startResponse(res, format, dataset.name);
      if (format === 'csv') return sink.write(csvLine(dataset.columns.map((c) => c.name)));
    },
  });
}

async function writeReport(report: ReportRows, format: ExportFormat, sink: ResponseSink, res: http.ServerResponse): Promise<void> {
  startResponse(res, format, report.filename);
  const keys = report.columns.map(jsonKey);
  const line = format === 'csv'
    ? csvLine
    : (row: readonly unknown[]) => `${JSON.stringify(Object.fromEntries(keys.map((key, i) => [key, row[i] ?? null])))}\n`;
  let chunk = format === 'csv' ? csvLine(report.columns) : '';
  for (const row of report.rows) {
    chunk += line(row);
    if (chunk.length >= 64 * 1024) {
      await sink.write(chunk);
      chunk = '';
    }
  }
  if (chunk) await sink.write(chunk);
}
