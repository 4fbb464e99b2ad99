// Administration: who am I, API tokens and the audit trail.
import { builder } from '../builder.js';
import type { Role } from '../generated/prisma/enums.js';
import { createApiToken, revokeApiToken } from '../services/admin/token.service.js';
import { toPayload } from '../errors.js';
import { checkPageSize } from '../services/reporting.js';
import { RoleEnum, payloadType } from './common.js';

builder.queryField('me', (t) =>
  t.field({
    type: builder.objectRef<{ name: string; role: Role }>('Me').implement({
      description: 'The caller, as its token says.',
      fields: (f) => ({ name: f.exposeString('name'), role: f.field({ type: RoleEnum, resolve: (me) => me.role }) }),
    }),
    resolve: (_root, _args, ctx) => ({ name: ctx.actor.name, role: ctx.actor.role }),
  }),
);

const ApiTokenRef = builder.prismaObject('ApiToken', {
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.field({ type: RoleEnum, resolve: (token) => token.role }),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret, to recognise it.' }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (token) => token.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.expiresAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (token) => token.revokedAt }),
  }),
});

builder.queryField('apiTokens', (t) =>
  t.prismaField({
    type: ['ApiToken'],
    authScopes: { role: 'ADMIN' },
    resolve: (query, _root, _args, ctx) => ctx.prisma.apiToken.findMany({ ...query, orderBy: { id: 'asc' } }),
  }),
);

builder.prismaObject('AuditRecord', {
  fields: (t) => ({
    id: t.field({ type: 'ID', resolve: (r) => r.id.toString() }),
    at: t.field({ type: 'DateTime', resolve: (r) => r.at }),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    recordType: t.exposeString('recordType'),
    recordId: t.exposeString('recordId'),
    before: t.field({ type: 'JSON', nullable: true, resolve: (r) => r.before }),
    after: t.field({ type: 'JSON', nullable: true, resolve: (r) => r.after }),
  }),
});

builder.queryField('auditRecords', (t) =>
  t.prismaConnection({
    type: 'AuditRecord',
    cursor: 'id',
    authScopes: { role: 'ADMIN' },
    args: { recordType: t.arg.string({ required: false }), recordId: t.arg.string({ required: false }) },
    resolve: (query, _root, args, ctx) => {
      checkPageSize(args);
      return ctx.prisma.auditRecord.findMany({
        ...query,
        where: { ...(args.recordType ? { recordType: args.recordType } : {}), ...(args.recordId ? { recordId: args.recordId } : {}) },
        orderBy: { id: 'desc' },
      });
    },
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ description: 'Unique, e.g. powerbi.' }),
    role: t.field({ type: RoleEnum }),
    expiresAt: t.field({ type: 'DateTime', required: false }),
  }),
});
const CreateApiTokenPayload = payloadType('CreateApiTokenPayload', 'token', 'String', {
  extra: (t) => ({ apiToken: t.field({ type: ApiTokenRef, nullable: true, resolve: (p: { apiToken?: unknown }) => p.apiToken ?? null }) }),
});
builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenPayload,
    description: 'Creates a token; `token` is the secret, shown only in this answer.',
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const payload = await toPayload('created', () => createApiToken(ctx.prisma, ctx.actor, input));
      return { token: payload.created?.secret ?? null, apiToken: payload.created?.token ?? null, userErrors: payload.userErrors };
    },
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', { fields: (t) => ({ name: t.string() }) });
const RevokeApiTokenPayload = payloadType('RevokeApiTokenPayload', 'apiToken', ApiTokenRef);
builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenPayload,
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: RevokeApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('apiToken', () => revokeApiToken(ctx.prisma, ctx.actor, input)),
  }),
);
