// Contracts and the billing run that issues their invoices.
import { builder } from '../../builder.js';
import { toPayload } from '../../errors.js';
import { createContract, runBilling, updateContract, type BillingPreviewLine } from '../../services/receivables/contract.service.js';
import { BillingScheduleEnum, iso, isoOrNull, money, payloadType, reload } from '../common.js';
import { CustomerRef } from './customer.js';
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
    milestones: t.relation('milestones', { query: { orderBy: { id: 'asc' } }, description: 'A MILESTONE contract: what each linked project milestone bills when set DONE.' }),
    versions: t.relation('versions', { query: { orderBy: { version: 'asc' } }, description: 'Version 1 at creation, one more per updateContract.' }),
  }),
});

builder.prismaObject('ContractMilestone', {
  fields: (t) => ({
    milestoneId: t.exposeID('milestoneId'),
    milestone: t.relation('milestone'),
    amount: t.field({ type: 'Decimal', select: { contract: { select: { currency: true } } }, resolve: (m) => money(m.amount, m.contract.currency) }),
    invoice: t.relation('invoice', { nullable: true, description: 'The invoice that billed it; null until the milestone is DONE.' }),
  }),
});

builder.prismaObject('ContractVersion', {
  fields: (t) => ({
    version: t.exposeInt('version'),
    effectiveFrom: t.field({ type: 'Date', description: 'Periods starting on or after this day bill with this version.', resolve: (v) => iso(v.effectiveFrom) }),
    amountPerPeriod: t.field({ type: 'Decimal', select: { contract: { select: { currency: true } } }, resolve: (v) => money(v.amountPerPeriod, v.contract.currency) }),
    endDate: t.field({ type: 'Date', nullable: true, resolve: (v) => isoOrNull(v.endDate) }),
    paymentTerms: t.exposeString('paymentTerms', { nullable: true }),
    poNumber: t.exposeString('poNumber', { nullable: true }),
    description: t.exposeString('description'),
    reason: t.exposeString('reason', { nullable: true }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
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

const ContractMilestoneInput = builder.inputType('ContractMilestoneInput', {
  fields: (t) => ({ milestoneId: t.id(), amount: t.field({ type: 'Decimal' }) }),
});

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
    milestones: t.field({ type: [ContractMilestoneInput], required: false, description: 'MILESTONE contracts only: the amount each project milestone bills when set DONE.' }),
  }),
});
const CreateContractPayload = payloadType('CreateContractPayload', 'contract', ContractRef, { reload: reload.contract });
builder.mutationField('createContract', (t) =>
  t.field({
    type: CreateContractPayload,
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: CreateContractInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      toPayload('contract', () => createContract(ctx.prisma, ctx.actor, { ...input, milestones: input.milestones?.map((m) => ({ milestoneId: String(m.milestoneId), amount: m.amount })) })),
  }),
);

const UpdateContractInput = builder.inputType('UpdateContractInput', {
  fields: (t) => ({
    number: t.string(),
    expectedVersion: t.int({ description: 'The version the change is based on; another gives CONFLICT.' }),
    amountPerPeriod: t.field({ type: 'Decimal', required: false }),
    endDate: t.field({ type: 'Date', required: false }),
    paymentTerms: t.string({ required: false }),
    poNumber: t.string({ required: false }),
    description: t.string({ required: false }),
    effectiveFrom: t.field({ type: 'Date', required: false, description: 'The first day of a billing period not yet billed. Default: the first period not yet billed.' }),
    reason: t.string({ required: false }),
  }),
});
const UpdateContractPayload = payloadType('UpdateContractPayload', 'contract', ContractRef, { reload: reload.contract });
builder.mutationField('updateContract', (t) =>
  t.field({
    type: UpdateContractPayload,
    description: 'Amends a contract from a period not yet billed on (a new version); periods already billed keep their terms.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: UpdateContractInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('contract', () => updateContract(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

const BillingPreviewLineRef = builder.objectRef<BillingPreviewLine>('BillingPreviewLine').implement({
  description: 'An invoice a billing run issues, or in a dry run would issue.',
  fields: (t) => ({
    contractNumber: t.exposeString('contractNumber'),
    customer: t.field({ type: CustomerRef, resolve: (line) => line.customer }),
    issueDate: t.field({ type: 'Date', resolve: (line) => line.issueDate }),
    dueDate: t.field({ type: 'Date', resolve: (line) => line.dueDate }),
    currency: t.exposeString('currency'),
    amount: t.field({ type: 'Decimal', resolve: (line) => money(line.amount, line.currency) }),
    description: t.exposeString('description'),
    proRata: t.exposeBoolean('proRata', { description: 'True when the contract starts or ends inside the period.' }),
    daysCovered: t.exposeInt('daysCovered'),
    daysInPeriod: t.exposeInt('daysInPeriod'),
  }),
});

const RunBillingInput = builder.inputType('RunBillingInput', {
  fields: (t) => ({
    period: t.string({ description: 'The month to bill, YYYY-MM.' }),
    entityCode: t.string({ required: false }),
    issueDate: t.field({ type: 'Date', required: false, description: 'Default: the first day of the period.' }),
    dryRun: t.boolean({ required: false, defaultValue: false, description: 'true: answer the preview of what the run would issue, writing nothing.' }),
  }),
});
const RunBillingPayload = payloadType('RunBillingPayload', 'invoices', InvoiceRef, {
  list: true,
  reload: reload.invoices,
  extra: (t) => ({ preview: t.field({ type: [BillingPreviewLineRef], nullable: true, resolve: (payload: { preview?: BillingPreviewLine[] | null }) => payload.preview ?? null }) }),
});
builder.mutationField('runBilling', (t) =>
  t.field({
    type: RunBillingPayload,
    description: 'Issues the invoices the contracts say are due in the period (pro rata by days where a contract starts or ends inside it); a second run creates nothing new. dryRun: true previews them.',
    authScopes: { role: 'AR' },
    args: { input: t.arg({ type: RunBillingInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      let preview: BillingPreviewLine[] | null = null;
      const payload = await toPayload('invoices', async () => {
        const result = await runBilling(ctx.prisma, ctx.actor, input);
        preview = result.preview;
        return result.invoices;
      });
      return { ...payload, preview };
    },
  }),
);
