// The one mapping of errors (README, "Errors"). Services and domain rules throw domain errors
// (api/domain/errors.ts); the database's constraint violations are recognised by
// refusalForViolation. Here they become a mutation payload's userErrors, a query's top-level
// GraphQL error with extensions.code (masked when unexpected), or an HTTP status for the
// file endpoints.
import { GraphQLError, type ASTNode } from 'graphql';
import type { Logger } from 'pino';
import { ArgumentError, BatchRefused, DomainError, ErrorCode, UserInputError, type UserError } from './domain/errors.js';
import { refusalForViolation } from './services/db-errors.js';

/** Top-level codes answered by the request's handling rather than by a service. */
export const RequestErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  QUERY_TOO_EXPENSIVE: 'QUERY_TOO_EXPENSIVE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

/** The userErrors an error stands for: refused input or a constraint the database enforced. */
function userErrorsOf(error: unknown): UserError[] | null {
  if (error instanceof UserInputError) return error.errors;
  return refusalForViolation(error)?.errors ?? null;
}

export type Payload<K extends string, T> = { [P in K]: T | null } & { userErrors: UserError[] };

/**
 * Runs a mutation's service; refused input becomes userErrors next to a null result, and so
 * does a constraint the database enforced (a unique code taken by a racing writer).
 */
export async function toPayload<K extends string, T>(key: K, work: () => Promise<T>): Promise<Payload<K, T>> {
  try {
    return { [key]: await work(), userErrors: [] } as Payload<K, T>;
  } catch (error) {
    const userErrors = userErrorsOf(error);
    if (userErrors) return { [key]: null, userErrors } as Payload<K, T>;
    throw error;
  }
}

export type BatchPayload<K extends string, T, C> = Payload<K, T> & { conflicts: C[] };

/** toPayload for an atomic batch: a refused batch also answers its version conflicts. */
export async function toBatchPayload<K extends string, T, C>(key: K, work: () => Promise<T>): Promise<BatchPayload<K, T, C>> {
  try {
    return { [key]: await work(), conflicts: [], userErrors: [] } as BatchPayload<K, T, C>;
  } catch (error) {
    if (error instanceof BatchRefused) return { [key]: null, conflicts: error.conflicts, userErrors: error.userErrors } as BatchPayload<K, T, C>;
    const userErrors = userErrorsOf(error);
    if (userErrors) return { [key]: null, conflicts: [], userErrors } as BatchPayload<K, T, C>;
    throw error;
  }
}

interface Location {
  nodes?: readonly ASTNode[] | ASTNode | null;
  path?: readonly (string | number)[];
}

/** A query's top-level error for a domain error, or null for an unexpected one. */
export function graphQLErrorFor(error: unknown, at: Location = {}): GraphQLError | null {
  if (error instanceof ArgumentError) {
    return new GraphQLError(error.message, { ...at, extensions: { code: error.code, argument: error.argument, ...error.details } });
  }
  if (error instanceof DomainError) return new GraphQLError(error.message, { ...at, extensions: { code: error.code } });
  // A refusal outside a mutation payload: the last net for a constraint the database enforced.
  const [first] = userErrorsOf(error) ?? [];
  if (first) return new GraphQLError(first.message, { ...at, extensions: { code: first.code, field: first.field } });
  return null;
}

function isGraphQLError(error: unknown): error is GraphQLError {
  // Duck-typed as well: graphql may be loaded twice (ESM and CJS).
  return error instanceof GraphQLError || (error instanceof Error && error.name === 'GraphQLError');
}

/**
 * Yoga's maskError: deliberate GraphQL errors (validation, scope-auth's FORBIDDEN, the limits)
 * and domain errors reach the client with their code; anything else is logged once and
 * answered INTERNAL_SERVER_ERROR, so clients never see stack traces or internal messages.
 */
export function maskError(logger: Logger | undefined) {
  return (error: unknown, message: string): Error => {
    const original = isGraphQLError(error) ? error.originalError : error;
    if (isGraphQLError(error) && (!original || isGraphQLError(original))) return error;
    const located = isGraphQLError(error) ? { nodes: error.nodes, path: error.path } : {};
    const mapped = graphQLErrorFor(original, located);
    if (mapped) return mapped;
    logger?.error({ err: original, path: located.path }, 'unexpected error');
    return new GraphQLError(message, { extensions: { code: RequestErrorCode.INTERNAL_SERVER_ERROR } });
  };
}

/** scope-auth's refusal of a field the caller's role may not use. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: RequestErrorCode.FORBIDDEN } });
}

/**
 * A file endpoint's answer to a domain error, or null for an unexpected one: 404 when a code in
 * the request names no record, 400 for any other refusal of what the request asks.
 */
export function httpErrorFor(error: unknown): { status: number; code: string; message: string } | null {
  const mapped = graphQLErrorFor(error);
  if (!mapped) return null;
  const code = String(mapped.extensions.code);
  return { status: code === ErrorCode.NOT_FOUND ? 404 : 400, code, message: mapped.message };
}
