// Entities: the legal companies whose books these are.
import { builder } from '../../builder.js';
import { createEntity, updateEntity } from '../../services/receivables/entity.service.js';
import { toPayload } from '../../errors.js';
import { payloadType } from '../common.js';

const EntityRef = builder.prismaObject('Entity', {
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    currency: t.exposeString('currency'),
    region: t.exposeString('region', { nullable: true }),
    legalName: t.exposeString('legalName', { nullable: true, description: 'The registered name printed on documents.' }),
    addressLines: t.exposeStringList('addressLines', { description: 'Street lines of the postal address (city, postal code and country apart).' }),
    city: t.exposeString('city', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    countryCode: t.exposeString('countryCode', { nullable: true, description: 'ISO 3166-1 alpha-2.' }),
    taxId: t.exposeString('taxId', { nullable: true, description: 'VAT number or other tax id.' }),
    bankName: t.exposeString('bankName', { nullable: true }),
    iban: t.exposeString('iban', { nullable: true, description: 'Without spaces.' }),
    bic: t.exposeString('bic', { nullable: true }),
    accountNumber: t.exposeString('accountNumber', { nullable: true, description: 'A domestic account number where there is no IBAN.' }),
  }),
});

type InputFields = PothosSchemaTypes.InputFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, 'InputObject'>;

/** Letterhead and remittance inputs, shared by createEntity and updateEntity. */
const entityDetailFields = (t: InputFields) => ({
  legalName: t.string({ required: false }),
  addressLines: t.stringList({ required: false, description: 'At most 3 lines of 200 characters.' }),
  city: t.string({ required: false }),
  postalCode: t.string({ required: false }),
  countryCode: t.string({ required: false, description: 'ISO 3166-1 alpha-2, e.g. DE.' }),
  taxId: t.string({ required: false }),
  bankName: t.string({ required: false }),
  iban: t.string({ required: false, description: 'Checked by its mod-97 check digits; spaces allowed.' }),
  bic: t.string({ required: false, description: '8 or 11 characters.' }),
  accountNumber: t.string({ required: false }),
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
    ...entityDetailFields(t),
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

const UpdateEntityInput = builder.inputType('UpdateEntityInput', {
  description: 'A field left out stays as it is; null clears an optional one. Code and currency do not change.',
  fields: (t) => ({
    code: t.string(),
    name: t.string({ required: false }),
    region: t.string({ required: false }),
    ...entityDetailFields(t),
  }),
});
const UpdateEntityPayload = payloadType('UpdateEntityPayload', 'entity', EntityRef);
builder.mutationField('updateEntity', (t) =>
  t.field({
    type: UpdateEntityPayload,
    authScopes: { role: 'ADMIN' },
    args: { input: t.arg({ type: UpdateEntityInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('entity', () => updateEntity(ctx.prisma, ctx.actor, input)),
  }),
);
