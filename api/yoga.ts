// The Yoga instance: schema, authentication, limits, logging. Error masking stays on, so
// clients never see stack traces or internal messages. Tests call `yoga.fetch` in process.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { GraphQLError } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import { todayIn, type Config } from './config.js';
import type { Context } from './context.js';
import { DomainError } from './domain/errors.js';
import type { PrismaClient } from './generated/prisma/client.js';
import { schema } from './schema/index.js';
import { actorForSecret } from './services/admin/token.service.js';

export interface YogaOptions {
  prisma: PrismaClient;
  config: Config;
  logger?: Logger;
  /** Overrides today's date (tests pin it). */
  today?: () => string;
}

export const LIMITS = {
  maxDepth: 12,
  maxCost: 50_000,
  maxAliases: 30,
  /** Counts the document, not variables: a 5,000-row batch travels in variables. */
  maxTokens: 50_000,
} as const;

function isGraphQLError(error: unknown): boolean {
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError');
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function buildYoga(options: YogaOptions) {
  const { prisma, config, logger } = options;
  const today = options.today ?? (() => todayIn(config.timeZone));
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: {
      title: 'Ledgerline GraphQL',
      headers: JSON.stringify({ Authorization: 'Bearer <paste your token>' }),
      defaultQuery: 'query { me { name role } }',
    },
    maskedErrors: {
      maskError(error, message) {
        if (isGraphQLError(error)) {
          const located = error as GraphQLError;
          const original = located.originalError;
          // Deliberate, client-facing errors (duck-typed: graphql may be loaded twice, ESM and CJS).
          if (!original || isGraphQLError(original)) return located;
          if (original instanceof DomainError) {
            return new GraphQLError(original.message, { nodes: located.nodes, path: located.path, extensions: { code: original.code } });
          }
          logger?.error({ err: original, path: located.path }, 'unexpected error');
        } else {
          logger?.error({ err: error }, 'unexpected error');
        }
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    context: async ({ request }): Promise<Context> => {
      const header = request.headers.get('authorization');
      if (!header) throw unauthenticated('No token: send Authorization: Bearer <token>.');
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw unauthenticated('Malformed Authorization header: send Authorization: Bearer <token>.');
      const actor = await actorForSecret(prisma, match[1]!, config.adminToken);
      if (!actor) throw unauthenticated('The token is unknown, expired or revoked.');
      return { prisma, config, actor, today: today() };
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: LIMITS.maxDepth },
        costLimit: { maxCost: LIMITS.maxCost },
        maxAliases: { n: LIMITS.maxAliases },
        maxTokens: { n: LIMITS.maxTokens },
        blockFieldSuggestion: { enabled: true },
      }),
      ...(logger ? [requestLog(logger)] : []),
    ],
  });
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
