// Contracts and the billing run that issues their invoices.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import { createContract, runBilling } from '../../services/receivables/contract.service.js';
import { BillingScheduleEnum, iso, isoOrNull, money, payloadType, reload } from '../common.js';
import { InvoiceRef } from './invoice.js';

const ContractRef = builder.prismaObject('Contract', {
  fields: (t) => ({
    id: t.exposeID('id'),
    number: t.exposeString('number'),
    customer: t.relation('customer'),
    description: t.exposeString('description'),
    startDate: t.field({ type: 'Date', resolve: (c) => iso(c.startDate) }),
    endDate: t.field({ type: 'Date', nullable: true, resolve: (c) => isoOrNull(c.endDate) }),
    paymentTerms: t.exposeString('paymentTerms', { nullable: true, description: "Null: the customer's terms." }),
    schedule: t.field({ type: BillingScheduleEnum, resolve: (c) => c.schedule }),
    amountPerPeriod: t.field({ type: 'Decimal', resolve: (c) => money(c.amountPerPeriod, c.currency) }),
    currency: t.exposeString('currency'),
    poNumber: t.exposeString('poNumber', { nullable: true }),
    version: t.exposeInt('version'),
  }),
});

builder.queryField('contracts', (t) =>
  t.prismaField({
    type: ['Contract'],
    args: { customerCode: t.arg.string({ required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.contract.findMany({
        ...query,
        where: args.customerCode ? { customer: { code: args.customerCode.trim().toUpperCase() } } : {},
        orderBy: { number: 'asc' },
        take: 10_000,
      }),
  }),
);

const CreateContractInput = builder.inputType('CreateContractInput', {
  fields: (t) => ({
    customerCode: t.string(),
    number: t.string(),
    description: t.string(),
    startDate: t.field({ type: 'Date' }),
    endDate: t.field({ type: 'Date', required: false }),
    paymentTerms: t.string({ required: false, description: "Default: the customer's terms." }),
    schedule: t.field({ type: BillingScheduleEnum }),
    amountPerPeriod: t.field({ type: 'Decimal' }),
    currency: t.string({ required: false }),
    poNumber: t.string({ required: false }),
  }),
});
const CreateContractPayload = payloadType('CreateContractPayload', 'contract', ContractRef, { reload: reload.contract });
builder.mutationField('createContract', (t) =>
  t.field({
    type: CreateContractPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreateContractInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('contract', () => createContract(ctx.prisma, ctx.actor, input)),
  }),
);

const RunBillingInput = builder.inputType('RunBillingInput', {
  fields: (t) => ({
    period: t.string({ description: 'The month to bill, YYYY-MM.' }),
    entityCode: t.string({ required: false }),
    issueDate: t.field({ type: 'Date', required: false, description: 'Default: the first day of the period.' }),
  }),
});
const RunBillingPayload = payloadType('RunBillingPayload', 'invoices', InvoiceRef, { list: true, reload: reload.invoices });
builder.mutationField('runBilling', (t) =>
  t.field({
    type: RunBillingPayload,
    description: 'Issues the invoices the contracts say are due in the period; a second run creates nothing new.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RunBillingInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoices', () => runBilling(ctx.prisma, ctx.actor, input)),
  }),
);
