// The Yoga instance: schema, authentication, limits, logging. Error masking stays on, so
// clients never see stack traces or internal messages. Tests call `yoga.fetch` in process.
import type { IncomingMessage } from 'node:http';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError, Kind, visit } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { todayIn, type Config } from './config.js';
import type { Context } from './context.js';
import { prismaSqlRunner, type SqlRunner } from './db/sql-runner.js';
import type { Actor } from './domain/actor.js';
import { ArgumentError } from './domain/errors.js';
import { MAX_PAGE_SIZE } from './domain/limits.js';
import { graphQLErrorFor, maskError, RequestErrorCode } from './errors.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { yogaCors } from './http/cors.js';
import { GRAPHIQL_OPTIONS, graphiqlPage } from './http/graphiql.js';
import { persistedOperation, persistedOperationId, PERSISTED_OPERATIONS } from './persisted-operations.js';
import { schema } from './schema/index.js';
import { authenticate, authenticationOptions } from './services/admin/authenticate.js';
import { clientAddress } from './client-address.js';
import { compiledQueries } from './compiled-queries.js';
import { perDocument } from './per-document.js';
import { DEFAULT_WORK_LIMITS, workLimit } from './work-limit.js';

export interface YogaOptions {
  prisma: PrismaClient;
  /** Runs the read path's statements (the database's `sql`); default Prisma's raw query. */
  sql?: SqlRunner;
  config: Config;
  logger?: Logger;
  /** Overrides today's date (tests pin it). */
  today?: () => string;
}

export const LIMITS = {
  maxDepth: 12,
  /**
   * graphql-armor multiplies a selection's cost by its literal first/last: a page of the
   * maximum size (1000) with every Invoice column costs about 107,000, and must be served.
   */
  maxCost: 250_000,
  maxAliases: 30,
  /** Counts the document, not variables: a 5,000-row batch travels in variables. */
  maxTokens: 50_000,
} as const;

export function buildYoga(options: YogaOptions) {
  const { prisma, config, logger } = options;
  const today = options.today ?? (() => todayIn(config.timeZone));
  const sql = options.sql ?? prismaSqlRunner(prisma);
  const actors = new WeakMap<Request, Actor>();
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // An import carries its file in a variable: room for a file of LEDGERLINE_IMPORT_MAX_BYTES as
    // JSON-escaped text (quotes double) or base64 (4/3), so the services' own check, which names
    // the limit, is the one that answers.
    maxRequestBodySize: 2 * config.importMaxBytes + 1_000_000,
    // Unexpected errors are logged once, by maskError through pino; refused input is not an error to log.
    logging: false,
    // Served from the package, not a CDN; LEDGERLINE_GRAPHIQL=off removes it.
    graphiql: config.graphiql && GRAPHIQL_OPTIONS,
    renderGraphiQL: () => graphiqlPage().html,
    cors: yogaCors(config),
    maskedErrors: { maskError: maskError(logger) },
    context: ({ request }): Context => {
      const actor = actors.get(request);
      // authenticateFirst answers every unauthenticated request before it gets here.
      if (!actor) throw new GraphQLError('Not authenticated.', { extensions: { code: RequestErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
      return { prisma, sql, config, actor, today: today() };
    },
    // A persisted operation's id may come in a POST body too (GET puts it in the URL).
    extraParamNames: ['documentId'],
    plugins: [
      authenticateFirst(prisma, config, actors),
      getParameterCheck(),
      persistedOperations(),
      pageSizeLimit(),
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.maxDepth },
        costLimit: { maxCost: LIMITS.maxCost },
        maxAliases: { n: LIMITS.maxAliases },
        maxTokens: { n: LIMITS.maxTokens },
        blockFieldSuggestion: { enabled: true },
      }),
      workLimit({ ...DEFAULT_WORK_LIMITS, perTokenPerMinute: config.workPerMinute }),
      compiledQueries(schema),
      ...(logger ? [requestLog(logger)] : []),
    ],
  });
}

/**
 * Authentication comes before parsing and validation, so that a caller without a valid token
 * learns nothing of the schema (no field names in validation errors) and costs one query.
 * GraphiQL's page is answered by Yoga's own plugin before this runs (CORS preflights by the
 * HTTP boundary, or by Yoga's plugin for in-process calls).
 */
function authenticateFirst(prisma: PrismaClient, config: Config, actors: WeakMap<Request, Actor>): Plugin {
  return {
    async onRequest({ request, url, serverContext, endResponse, fetchAPI }) {
      if (url.pathname !== '/graphql') return;
      const socket = (serverContext as { req?: IncomingMessage }).req?.socket;
      const result = await authenticate(prisma, {
        authorization: request.headers.get('authorization'),
        clientAddress: clientAddress(socket, request.headers.get('x-forwarded-for'), config.trustProxy),
      }, authenticationOptions(config));
      if (result.actor) {
        actors.set(request, result.actor);
        return;
      }
      const { refusal } = result;
      endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] }), {
        status: refusal.status,
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(refusal.code === 'RATE_LIMITED' ? { 'retry-after': String(refusal.retryAfterSeconds) } : { 'www-authenticate': 'Bearer' }),
        },
      }));
    },
  };
}

/**
 * A GET's `variables` and `extensions` must be JSON objects: Yoga would JSON.parse them itself
 * and answer a malformed one as an unexpected (masked, logged) error. BI tools build these URLs
 * by hand, so the answer says what is wrong.
 */
function getParameterCheck(): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/graphql' || request.method !== 'GET') return;
      for (const name of ['variables', 'extensions']) {
        const text = url.searchParams.get(name);
        if (!text) continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          value = undefined;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          const message = `The ${name} parameter must be a JSON object, URL-encoded, e.g. ${name}=${encodeURIComponent('{"asOf":"2026-11-30"}')}.`;
          endResponse(new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }), {
            status: 400,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }));
          return;
        }
      }
    },
  };
}

/**
 * Named operations by id (api/persisted-operations.ts), for BI tools that can only GET:
 * `GET /graphql?documentId=agingReport&variables={"asOf":"2026-11-30"}`. Any other document
 * still runs as before (the add-in POSTs its own). The document then goes through the same
 * parsing, validation and limits as one sent in full.
 */
function persistedOperations(): Plugin {
  const known = Object.keys(PERSISTED_OPERATIONS).join(', ');
  const refusal = (message: string) => ({ message, extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } });
  return usePersistedOperations({
    allowArbitraryOperations: true,
    extractPersistedOperationId: (params, request) => persistedOperationId(params as { documentId?: unknown }, request),
    getPersistedOperation: (id) => persistedOperation(id),
    customErrors: {
      keyNotFound: refusal(`Send a GraphQL document as query, or a documentId naming one of the persisted operations: ${known}.`),
      notFound: refusal(`No persisted operation has that documentId; the persisted operations are: ${known}.`),
    },
  }) as Plugin;
}

/**
 * A literal `first`/`last` above the maximum page size is refused by name before validation,
 * where the cost limit (which multiplies by first/last) would refuse it without saying why.
 * Page sizes passed in variables are checked by the resolvers (checkPageSize).
 */
function pageSizeLimit(): Plugin {
  // Literal arguments are part of the document, so its refusals are too: found once per document.
  const refusalsOf = perDocument((document) => {
    const errors: GraphQLError[] = [];
    visit(document, {
      Argument(node) {
        const name = node.name.value;
        if ((name === 'first' || name === 'last') && node.value.kind === Kind.INT && Number(node.value.value) > MAX_PAGE_SIZE) {
          const refusal = new ArgumentError(name, `${name} must be at most ${MAX_PAGE_SIZE} (the maximum page size); got ${node.value.value}. Page through larger sets with after.`, 'BAD_USER_INPUT', { maxPageSize: MAX_PAGE_SIZE });
          errors.push(graphQLErrorFor(refusal, { nodes: [node] })!);
        }
      },
    });
    return errors;
  });
  return {
    onValidate({ params, setResult }) {
      const errors = refusalsOf(params.documentAST);
      if (errors.length > 0) setResult(errors);
    },
  };
}

/** One structured log line per request: operation, status, duration. */
function requestLog(logger: Logger): Plugin {
  const started = new WeakMap<Request, { at: number; operation?: string }>();
  return {
    onRequest({ request }) {
      started.set(request, { at: performance.now() });
    },
    onParams({ params, request }) {
      const entry = started.get(request);
      if (entry) entry.operation = params.operationName ?? /\b(query|mutation)\s+(\w+)/.exec(params.query ?? '')?.[2] ?? 'anonymous';
    },
    onResponse({ request, response }) {
      const entry = started.get(request);
      if (!entry || new URL(request.url).pathname !== '/graphql') return;
      logger.info({
        method: request.method,
        operation: entry.operation,
        status: response.status,
        durationMs: Math.round((performance.now() - entry.at) * 10) / 10,
      }, 'request');
    },
  };
}
