// Customers: who is billed, on which terms, and how invoices reach them.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { createCustomer, updateCustomer } from '../../services/receivables/customer.service.js';
import { checkMatchArg, checkPageSize, entityIdForArg } from '../../services/reporting.js';
import type { Db } from '../../services/db-types.js';
import { countReadWithPage, readOne, readPage } from '../../read/connection.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../../read/updated-since.js';
import { moneyTextOrNull } from '../../read/values.js';
import { DeliveryChannelEnum, payloadType, reload } from '../common.js';

builder.prismaObject('CustomerContact', {
  description: 'A person to talk to at the customer about its account.',
  fields: (t) => ({
    name: t.exposeString('name'),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    role: t.exposeString('role', { nullable: true, description: 'E.g. Accounts payable, Controller.' }),
  }),
});

/**
 * What a report's row carries of its customer (id, code, name): a query that reads no more of a
 * customer is served from the row; one that does reads the records (see readsBeyond).
 */
export const CUSTOMER_ROW_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', 'code', 'name']);

export const CustomerRef = builder.prismaObject('Customer', {
  fields: (t) => ({
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    entity: t.relation('entity'),
    currency: t.exposeString('currency'),
    paymentTerms: t.exposeString('paymentTerms'),
    creditLimit: t.field({ type: 'Decimal', nullable: true, description: 'In the billing currency; null: no limit.', resolve: (c) => moneyTextOrNull(c.creditLimit, c.currency) }),
    onCreditHold: t.exposeBoolean('onCreditHold', { description: "The credit controller's hold, shown to collectors and sales." }),
    deliveryChannel: t.field({ type: DeliveryChannelEnum, resolve: (c) => c.deliveryChannel }),
    billingEmails: t.exposeStringList('billingEmails'),
    portalUrl: t.exposeString('portalUrl', { nullable: true }),
    poRequired: t.exposeBoolean('poRequired'),
    collector: t.exposeString('collector', { nullable: true, description: "Who works this customer's collections: a token name or a person's name." }),
    contacts: t.relation('contacts', { query: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } }),
    billingAddressLines: t.exposeStringList('billingAddressLines', { description: 'Street lines of the billing address (city, postal code and country apart).' }),
    billingCity: t.exposeString('billingCity', { nullable: true }),
    billingPostalCode: t.exposeString('billingPostalCode', { nullable: true }),
    billingCountryCode: t.exposeString('billingCountryCode', { nullable: true, description: 'ISO 3166-1 alpha-2.' }),
    taxId: t.exposeString('taxId', { nullable: true, description: 'VAT number or other tax id.' }),
    bankAccounts: t.exposeStringList('bankAccounts', { description: 'Accounts the customer pays from (IBAN or account number, upper case, no spaces): bank statement lines from them are matched to the customer.' }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (c) => c.updatedAt }),
  }),
});

/** A row of the read path stands in for Prisma's record: the type's fields serve either (api/read/values.ts). */
type CustomerRow = Prisma.CustomerGetPayload<object>;

builder.queryField('customer', (t) =>
  t.prismaField({
    type: 'Customer',
    nullable: true,
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx, info) => readOne<CustomerRow>(ctx, info, 'Customer', { ...query, where: { code: args.code.trim().toUpperCase() } }),
  }),
);

builder.queryField('customers', (t) =>
  t.prismaConnection({
    type: 'Customer',
    cursor: 'id',
    args: {
      entityCode: t.arg.string({ required: false }),
      search: t.arg.string({ required: false }),
      updatedSince: t.arg({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
    },
    totalCount: async (_parent, args, ctx, info) => countReadWithPage(info) ?? ctx.prisma.customer.count({ where: await customerWhere(ctx.prisma, args) }),
    // One SQL statement builds the page with what it asks for (api/read/).
    resolve: async (query, _root, args, ctx, info) => {
      checkPageSize(args);
      return readPage<CustomerRow>(ctx, info, 'Customer', { ...query, where: await customerWhere(ctx.prisma, args), orderBy: { code: 'asc' } });
    },
  }),
);

async function customerWhere(prisma: Db, args: { entityCode?: string | null; search?: string | null; updatedSince?: string | null }) {
  const entityId = await entityIdForArg(prisma, args.entityCode);
  const where: Prisma.CustomerWhereInput = { ...updatedSinceWhere(args.updatedSince, 'updatedSince') };
  if (entityId !== null) where.entityId = entityId;
  if (args.search) {
    const search = checkMatchArg(args.search, 'search');
    where.OR = [{ code: { contains: search, mode: 'insensitive' } }, { name: { contains: search, mode: 'insensitive' } }];
  }
  return where;
}

type InputFields = PothosSchemaTypes.InputFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, 'InputObject'>;

const CustomerContactInput = builder.inputType('CustomerContactInput', {
  fields: (t) => ({
    name: t.string(),
    email: t.string({ required: false }),
    phone: t.string({ required: false }),
    role: t.string({ required: false }),
  }),
});

/** Collections inputs, shared by createCustomer and updateCustomer. */
const collectionsFields = (t: InputFields) => ({
  collector: t.string({ required: false, description: "A token name or a person's name; at most 200 characters." }),
  creditLimit: t.field({ type: 'Decimal', required: false, description: 'In the billing currency, 0 or more; null: no limit.' }),
  onCreditHold: t.boolean({ required: false }),
  contacts: t.field({ type: [CustomerContactInput], required: false, description: 'At most 20, in the order listed; on update the list given replaces the whole list.' }),
  bankAccounts: t.stringList({ required: false, description: 'IBANs or account numbers the customer pays from, at most 20 (spaces, dashes and dots ignored); on update the list given replaces the whole list.' }),
});

/** Billing address inputs, shared by createCustomer and updateCustomer. */
const billingDetailFields = (t: InputFields) => ({
  billingAddressLines: t.stringList({ required: false, description: 'At most 3 lines of 200 characters.' }),
  billingCity: t.string({ required: false }),
  billingPostalCode: t.string({ required: false }),
  billingCountryCode: t.string({ required: false, description: 'ISO 3166-1 alpha-2, e.g. FR.' }),
  taxId: t.string({ required: false }),
});

const CreateCustomerInput = builder.inputType('CreateCustomerInput', {
  fields: (t) => ({
    entityCode: t.string(),
    code: t.string(),
    name: t.string(),
    currency: t.string({ required: false, description: "Billing currency; default the entity's." }),
    paymentTerms: t.string({ description: 'NET30, EOM, EOM30, 2/10 NET30, MFI15 or DUE_ON_RECEIPT.' }),
    deliveryChannel: t.field({ type: DeliveryChannelEnum }),
    billingEmails: t.stringList({ required: false }),
    portalUrl: t.string({ required: false }),
    poRequired: t.boolean({ required: false }),
    ...collectionsFields(t),
    ...billingDetailFields(t),
  }),
});
const CreateCustomerPayload = payloadType('CreateCustomerPayload', 'customer', CustomerRef, { reload: reload.customer });
builder.mutationField('createCustomer', (t) =>
  t.field({
    type: CreateCustomerPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreateCustomerInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('customer', () => createCustomer(ctx.prisma, ctx.actor, input)),
  }),
);

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description: 'A field left out stays as it is; null clears it (onCreditHold: null leaves it as it is).',
  fields: (t) => ({
    code: t.string(),
    expectedVersion: t.int({ description: 'The version the change is based on; another one is refused with code CONFLICT.' }),
    ...collectionsFields(t),
    ...billingDetailFields(t),
  }),
});
const UpdateCustomerPayload = payloadType('UpdateCustomerPayload', 'customer', CustomerRef, { reload: reload.customer });
builder.mutationField('updateCustomer', (t) =>
  t.field({
    type: UpdateCustomerPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: UpdateCustomerInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('customer', () => updateCustomer(ctx.prisma, ctx.actor, input)),
  }),
);
