// Builds the schema builder only: context, scalars, plugins, empty roots. Types live in api/schema/.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError, Kind } from 'graphql';
import type { Context } from './context.js';
import { hasRole, type Role } from './domain/actor.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './domain/limits.js';
import { forbidden } from './errors.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { role: Role };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    Date: { Input: string; Output: string };
    Decimal: { Input: string; Output: string };
    DateTime: { Input: string; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    authScopes: (context) => ({ role: (required: Role) => hasRole(context.actor, required) }),
    unauthorizedError: (_parent, context, info) =>
      forbidden(`${info.parentType.name}.${info.fieldName} needs a more privileged role than ${context.actor.role}.`),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    maxConnectionSize: MAX_PAGE_SIZE,
    defaultConnectionSize: DEFAULT_PAGE_SIZE,
    onUnusedQuery: process.env.NODE_ENV === 'test' ? 'error' : null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
  },
});

// Scalars accept strings (and numbers for Decimal) and pass them on untouched; the services
// validate them with the field path, so a bad value becomes a userError naming the field.
builder.scalarType('Date', {
  description: 'An ISO 8601 calendar date, e.g. "2026-03-31".',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('A Date is a string in the form YYYY-MM-DD, e.g. "2026-03-31".');
    return value;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('A Date is a string in the form YYYY-MM-DD, e.g. "2026-03-31".');
    return ast.value;
  },
});

builder.scalarType('Decimal', {
  description: 'An exact decimal number as a string, e.g. "1234.50"; money is padded to its currency\'s minor units.',
  serialize: (value) => String(value),
  parseValue: (value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    throw new GraphQLError('A Decimal is a string such as "1234.50".');
  },
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
    throw new GraphQLError('A Decimal is a string such as "1234.50".');
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO 8601 timestamp, e.g. "2026-03-31T12:00:00Z".',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => {
    if (typeof value !== 'string') throw new GraphQLError('A DateTime is an ISO 8601 string, e.g. "2026-12-31T23:59:59Z".');
    return value;
  },
});

builder.scalarType('JSON', {
  description: 'A JSON value (audit records show old and new values with it).',
  serialize: (value) => value,
  parseValue: (value) => value,
});

builder.queryType({});
builder.mutationType({});
