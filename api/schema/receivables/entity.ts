// Entities: the legal companies whose books these are.
import { builder } from '../../builder.js';
import { createEntity } from '../../services/receivables/entity.service.js';
import { toPayload } from '../../errors.js';
import { payloadType } from '../common.js';

const EntityRef = builder.prismaObject('Entity', {
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    currency: t.exposeString('currency'),
    region: t.exposeString('region', { nullable: true }),
  }),
});

builder.queryField('entities', (t) =>
  t.prismaField({ type: ['Entity'], resolve: (query, _root, _args, ctx) => ctx.prisma.entity.findMany({ ...query, orderBy: { code: 'asc' } }) }),
);

const CreateEntityInput = builder.inputType('CreateEntityInput', {
  fields: (t) => ({
    code: t.string(),
    name: t.string(),
    currency: t.string({ description: 'Functional currency, ISO 4217.' }),
    region: t.string({ required: false }),
  }),
});
const CreateEntityPayload = payloadType('CreateEntityPayload', 'entity', EntityRef);
builder.mutationField('createEntity', (t) =>
  t.field({
    type: CreateEntityPayload,
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: CreateEntityInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('entity', () => createEntity(ctx.prisma, ctx.actor, input)),
  }),
);
