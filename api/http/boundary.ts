// The one entry point of every HTTP request: GraphQL at /graphql, /health, the CSV exports, the
// document files (invoices, statements, print batches) and the task pane's files. The request
// target and Host are parsed here, once; a malformed one is answered 400 saying what is wrong.
// Security and CORS headers go on every response. Whatever a route throws or rejects is caught
// here, logged once and answered 500, so no request can take the process down.
import type http from 'node:http';
import type net from 'node:net';
import type { Logger } from 'pino';
import { todayIn, type Config } from '../config.js';
import type { Database } from '../db/database.js';
import { exportHandler } from '../exports/handler.js';
import { corsHeaders, originPolicy, preflightHeaders } from './cors.js';
import { documentsHandler, isDocumentPath } from './documents.js';
import { graphiqlPage } from './graphiql.js';
import { health } from './health.js';
import { IMPORT_RECORDS_PATH, importRecordsHandler } from './import-records.js';
import { BANK_STATEMENT_IMPORT_PATH, bankStatementImportHandler } from './bank-statement-import.js';
import { portalHandler } from './portal.js';
import { API_CSP, COMMON_SECURITY_HEADERS, PANE_CSP } from './security-headers.js';
import { serveStatic } from './static.js';

export interface BoundaryOptions {
  /** Yoga's Node handler (`buildYoga(...)`). */
  yoga: (req: http.IncomingMessage, res: http.ServerResponse) => unknown;
  db: Database;
  config: Config;
  logger: Logger;
  /** Overrides today's date for the exports (tests pin it). */
  today?: () => string;
}

/** Passed to http(s).createServer. Node checks these every `connectionsCheckingInterval`. */
export const SERVER_TIMEOUTS = {
  /** A client has this long to send the request line and headers (slow-header clients). */
  headersTimeout: 20_000,
  /** …and this long for the whole request, body included (a 5,000-row batch is a few MB). */
  requestTimeout: 60_000,
  /** An idle keep-alive connection is closed after this; a proxy in front should idle out sooner. */
  keepAliveTimeout: 10_000,
  connectionsCheckingInterval: 1_000,
} satisfies http.ServerOptions;

/** A request's target as logged: a portal link's secret never goes into the log. */
export function loggedUrl(target: string | undefined): string | undefined {
  return target?.replace(/^\/portal\/[^/?#]*/, '/portal/<link>');
}

/** Thrown by parseTarget only, before anything is written: the answer is always a 400. */
class MalformedRequest extends Error {}

interface ParsedTarget {
  url: URL;
  /** The path percent-decoded, for the file system. */
  decodedPath: string;
}

export function requestHandler(options: BoundaryOptions): http.RequestListener {
  const { yoga, db, config, logger } = options;
  // Each export holds a database connection for its duration; embedded PGlite has only one.
  const handleExport = exportHandler(db.prisma, config, {
    today: options.today,
    maxConcurrent: db.embedded ? 1 : 4,
    transaction: db.sqlTransaction,
    onClientGone: (error) => logger.debug({ reason: error.message }, 'export ended: the client went away'),
  });
  const handleDocument = documentsHandler(db.prisma, config);
  const handleImportRecords = importRecordsHandler(db.prisma, config, options.today ?? (() => todayIn(config.timeZone)));
  const handleBankStatementImport = bankStatementImportHandler(db.prisma, config);
  const handlePortal = portalHandler(db.prisma, { today: options.today ?? (() => todayIn(config.timeZone)), now: () => new Date() });
  const origins = originPolicy(config);
  const graphqlCsp = config.graphiql ? graphiqlPage().csp : API_CSP;
  const policyFor = (pathname: string) => {
    if (pathname === '/graphql') return graphqlCsp;
    return pathname === '/health' || pathname.startsWith('/export/') || pathname.startsWith('/import/') || isDocumentPath(pathname) ? API_CSP : PANE_CSP;
  };

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { url, decodedPath } = parseTarget(req);
    // Yoga and the exports read req.url again: give them the origin-form that was checked here.
    req.url = url.pathname + url.search;
    const pathname = url.pathname;
    res.setHeader('content-security-policy', policyFor(pathname));

    const origin = req.headers.origin;
    const allowed = origin !== undefined && origins.allows(origin, url.origin);
    res.setHeader('vary', 'Origin');
    if (allowed) for (const [name, value] of Object.entries(corsHeaders(origin))) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      if (origin === undefined || !req.headers['access-control-request-method']) {
        res.writeHead(204, { allow: 'GET, HEAD, POST, OPTIONS' }).end();
      } else if (allowed) {
        res.writeHead(204, preflightHeaders(origin)).end();
      } else {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`Origin ${origin} may not call this server; its operator can list it in LEDGERLINE_CORS_ORIGINS.`);
      }
      return;
    }

    if (pathname === '/graphql') return void (await yoga(req, res));
    if (pathname === '/health') return health(db, res);
    if (pathname.startsWith('/export/')) return handleExport(req, res);
    if (isDocumentPath(pathname)) return handleDocument(req, res, url);
    if (pathname === IMPORT_RECORDS_PATH) return handleImportRecords(req, res, url);
    if (pathname === BANK_STATEMENT_IMPORT_PATH) return handleBankStatementImport(req, res, url);
    if (pathname.startsWith('/portal/')) return handlePortal(req, res, pathname);
    return serveStatic(decodedPath, req, res);
  }

  function fail(error: unknown, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (error instanceof MalformedRequest) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`Bad request: ${error.message}`);
      return;
    }
    if (clientWentAway(error, req, res)) {
      logger.debug({ err: error, method: req.method, url: loggedUrl(req.url) }, 'client went away mid-response');
      return void res.destroy();
    }
    logger.error({ err: error, method: req.method, url: loggedUrl(req.url) }, 'request failed');
    // Once a response has started, only cutting the connection tells the client it is incomplete.
    if (res.headersSent) return void res.destroy();
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal error; it has been logged.');
  }

  return (req, res) => {
    for (const [name, value] of Object.entries(COMMON_SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-security-policy', API_CSP);
    // A client gone mid-request errors these streams; that is noted, never thrown as an unheard 'error' event.
    req.on('error', (error) => logger.debug({ err: error }, 'request stream error'));
    res.on('error', (error) => logger.debug({ err: error }, 'response stream error'));
    route(req, res).catch((error: unknown) => {
      try {
        fail(error, req, res);
      } catch (failure) {
        logger.error({ err: failure }, 'could not answer a failed request');
        res.destroy();
      }
    });
  };
}

function parseTarget(req: http.IncomingMessage): ParsedTarget {
  const target = req.url ?? '';
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(:\d{1,5})?$/.test(host)) {
    throw new MalformedRequest('the Host header is not a host name or address (with an optional port).');
  }
  let url: URL;
  if (target.startsWith('/')) {
    // Joined, not resolved against a base: "//x/y" must stay a path, as Yoga will read it.
    if (!URL.canParse(`${scheme}://${host}${target}`)) throw new MalformedRequest('the request target is not a valid path.');
    url = new URL(`${scheme}://${host}${target}`);
  } else if (/^https?:\/\//i.test(target) && URL.canParse(target)) {
    // The absolute form HTTP/1.1 allows (proxies send it); only its path and query are used.
    const absolute = new URL(target);
    url = new URL(`${scheme}://${host}${absolute.pathname}${absolute.search}`);
  } else {
    throw new MalformedRequest('the request target must be a path such as /graphql (or an absolute http(s) URL).');
  }
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    throw new MalformedRequest('the path has a % that does not start valid percent-encoded UTF-8.');
  }
  if (decodedPath.includes('\0')) throw new MalformedRequest('the path contains a NUL character (%00).');
  return { url, decodedPath };
}

function clientWentAway(error: unknown, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (req.destroyed && res.destroyed) || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'EPIPE';
}

/**
 * Caps open connections: beyond the cap Node closes new ones at once, so a flood cannot exhaust
 * memory or file descriptors. Refusals are logged at most every 10 s, with how many there were.
 */
export function capConnections(server: net.Server, maxConnections: number, logger: Logger): void {
  server.maxConnections = maxConnections;
  let dropped = 0;
  let lastLog = 0;
  server.on('drop', () => {
    dropped += 1;
    if (Date.now() - lastLog < 10_000) return;
    logger.warn({ dropped, maxConnections }, 'connection refused: LEDGERLINE_MAX_CONNECTIONS reached');
    dropped = 0;
    lastLog = Date.now();
  });
}
