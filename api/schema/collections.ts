// Collections: activities (calls, promises to pay, disputes …), disputes and the worklist.
import { builder } from '../builder.js';
import { toPayload } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import { logCollectionActivities } from '../services/collections/activity.service.js';
import { openDispute, resolveDispute } from '../services/collections/dispute.service.js';
import { worklistItems, type WorklistItem } from '../services/collections/worklist.service.js';
import { checkPageSize, customerIdForArg } from '../services/reporting.js';
import { countReadWithPage, readPage } from '../read/connection.js';
import { readsBeyond, usageOf } from '../read/usage.js';
import { UPDATED_AT_DESCRIPTION, UPDATED_SINCE_DESCRIPTION, updatedSinceWhere } from '../read/updated-since.js';
import { moneyTextOrNull } from '../read/values.js';
import { ActivityKindEnum, iso, isoOrNull, money, payloadType, reload } from './common.js';
import { CUSTOMER_ROW_FIELDS, CustomerRef, InvoiceRef } from './receivables/index.js';
import { DisputeReasonEnum } from './receivables/invoice.js';

const CollectionActivityRef = builder.prismaObject('CollectionActivity', {
  fields: (t) => ({
    id: t.exposeID('id'),
    customer: t.relation('customer'),
    kind: t.field({ type: ActivityKindEnum, resolve: (a) => a.kind }),
    activityDate: t.field({ type: 'Date', resolve: (a) => iso(a.activityDate) }),
    note: t.exposeString('note', { nullable: true }),
    promiseDate: t.field({ type: 'Date', nullable: true, resolve: (a) => isoOrNull(a.promiseDate) }),
    promiseAmount: t.field({ type: 'Decimal', nullable: true, resolve: (a) => moneyTextOrNull(a.promiseAmount, a.currency) }),
    currency: t.exposeString('currency', { nullable: true }),
    nextFollowUp: t.field({ type: 'Date', nullable: true, resolve: (a) => isoOrNull(a.nextFollowUp) }),
    actor: t.exposeString('actor', { description: 'The token that logged it.' }),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', description: UPDATED_AT_DESCRIPTION, resolve: (a) => a.updatedAt }),
    invoices: t.field({
      type: [InvoiceRef],
      select: (_args, _ctx, nestedSelection) => ({ invoices: { select: { invoice: nestedSelection(true) } } }),
      resolve: (a) => a.invoices.map((link) => link.invoice),
    }),
  }),
});

builder.queryField('collectionActivities', (t) =>
  t.prismaConnection({
    type: 'CollectionActivity',
    cursor: 'id',
    args: {
      customerCode: t.arg.string({ required: false }),
      kind: t.arg({ type: ActivityKindEnum, required: false }),
      updatedSince: t.arg({ type: 'DateTime', required: false, description: UPDATED_SINCE_DESCRIPTION }),
    },
    totalCount: async (_parent, args, ctx, info) => countReadWithPage(info) ?? ctx.prisma.collectionActivity.count({ where: await activityWhere(ctx, args) }),
    // One SQL statement builds the page with what it asks for (api/read/).
    resolve: async (query, _root, args, ctx, info) => {
      checkPageSize(args);
      const orderBy = [{ activityDate: 'desc' }, { id: 'desc' }];
      return readPage<Prisma.CollectionActivityGetPayload<object>>(ctx, info, 'CollectionActivity', { ...query, where: await activityWhere(ctx, args), orderBy });
    },
  }),
);

async function activityWhere(ctx: { prisma: Prisma.TransactionClient }, args: { customerCode?: string | null; kind?: string | null; updatedSince?: string | null }) {
  const where: Prisma.CollectionActivityWhereInput = {};
  const customerId = await customerIdForArg(ctx.prisma as Parameters<typeof customerIdForArg>[0], args.customerCode);
  if (customerId !== null) where.customerId = customerId;
  if (args.kind) where.kind = args.kind as Prisma.CollectionActivityWhereInput['kind'];
  const since = updatedSinceWhere(args.updatedSince, 'updatedSince');
  if (since.updatedAt) where.updatedAt = since.updatedAt;
  return where;
}

const CurrencyAmountRef = builder.objectRef<{ currency: string; amount: { toString(): string } }>('CurrencyAmount').implement({
  description: 'An amount in a named currency, untranslated.',
  fields: (t) => ({
    currency: t.exposeString('currency'),
    amount: t.field({ type: 'Decimal', resolve: (item) => money(item.amount, item.currency) }),
  }),
});

const WorklistItemRef = builder.objectRef<WorklistItem>('WorklistItem').implement({
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (item) => item.customer }),
    currency: t.exposeString('currency', { description: 'The base currency, in which pastDue and priority are stated.' }),
    pastDue: t.field({ type: 'Decimal', resolve: (item) => money(item.pastDue, item.currency) }),
    oldestDaysPastDue: t.exposeInt('oldestDaysPastDue'),
    brokenPromises: t.exposeInt('brokenPromises'),
    lastActivity: t.field({ type: 'Date', nullable: true, resolve: (item) => item.lastActivity }),
    lastActivityKind: t.field({ type: ActivityKindEnum, nullable: true, resolve: (item) => item.lastActivityKind as never }),
    nextFollowUp: t.field({ type: 'Date', nullable: true, resolve: (item) => item.nextFollowUp }),
    priority: t.field({ type: 'Decimal', description: 'Σ past-due amount (base currency) × days past due.', resolve: (item) => money(item.priority, item.currency) }),
    billingCurrency: t.exposeString('billingCurrency', { description: "The customer's billing currency: the currency of pastDueInBillingCurrency and of a promise logged with asOf." }),
    pastDueInBillingCurrency: t.field({
      type: 'Decimal',
      description:
        'Σ open balance as of asOf of the invoices counted in pastDue (past due, not in open dispute, not under an unbroken promise) that are in the billing currency, untranslated. ' +
        'Exactly what a promise to pay logged with this asOf may cover at most (less payments received since). Invoices in other currencies are in pastDueInOtherCurrencies.',
      resolve: (item) => money(item.pastDueInBillingCurrency, item.billingCurrency),
    }),
    pastDueInOtherCurrencies: t.field({
      type: [CurrencyAmountRef],
      description: 'The counted invoices in currencies other than the billing currency, summed per currency, untranslated; alphabetical; empty when there are none.',
      resolve: (item) => item.pastDueInOtherCurrencies,
    }),
    collector: t.exposeString('collector', { nullable: true, description: "Who works this customer's collections." }),
    creditLimit: t.field({ type: 'Decimal', nullable: true, description: 'In the billing currency; null: no limit.', resolve: (item) => (item.creditLimit === null ? null : money(item.creditLimit, item.billingCurrency)) }),
    overCreditLimit: t.boolean({
      description:
        "The customer's total open balance as of asOf (all its open invoices, past due or not, in dispute or not; other currencies translated to the billing currency at asOf's rates) is above creditLimit. False without a limit.",
      // Totalled only when the query selects this field (see the resolver below).
      resolve: (item) => item.overCreditLimit ?? notComputed('WorklistItem.overCreditLimit'),
    }),
    onCreditHold: t.exposeBoolean('onCreditHold'),
    openDisputes: t.exposeInt('openDisputes', { description: "Disputes open on the customer's invoices (those invoices are left out of pastDue)." }),
    snoozedUntil: t.field({
      type: 'Date',
      nullable: true,
      description: 'nextFollowUp when it is after asOf: the customer is snoozed until then and listed only with includeSnoozed: true.',
      resolve: (item) => item.snoozedUntil,
    }),
  }),
});

builder.queryField('collectionsWorklist', (t) =>
  t.field({
    type: [WorklistItemRef],
    description: 'One item per customer with a past-due balance; broken promises first, then by priority.',
    args: {
      asOf: t.arg({ type: 'Date', required: true }),
      entityCode: t.arg.string({ required: false }),
      first: t.arg.int({ required: false }),
      collector: t.arg.string({ required: false, description: "Only this collector's customers (case-insensitive, exact)." }),
      includeSnoozed: t.arg.boolean({ required: false, defaultValue: false, description: 'Also list customers whose next follow-up is after asOf (snoozedUntil).' }),
      allowStaleRates: t.arg.boolean({ required: false, description: 'Translate with FX rates older than LEDGERLINE_FX_MAX_AGE_DAYS before asOf instead of refusing (FX_RATE_STALE).' }),
    },
    resolve: (_root, args, ctx, info) => {
      const usage = usageOf(info, 'self');
      // Open balances against credit limits are totalled only for a query that shows them; a customer
      // that stands in with its id, code and name is served as CustomerRef's record (as the aging report's are).
      const params = { ...args, baseCurrency: ctx.config.baseCurrency, fxMaxAgeDays: ctx.config.fxMaxAgeDays, creditLimits: usage.overCreditLimit !== undefined };
      return worklistItems(ctx, params, readsBeyond(usage.customer, CUSTOMER_ROW_FIELDS)) as Promise<WorklistItem[]>;
    },
  }),
);

const CollectionActivityInput = builder.inputType('CollectionActivityInput', {
  fields: (t) => ({
    customerCode: t.string(),
    invoiceNumbers: t.stringList({ required: false }),
    kind: t.field({ type: ActivityKindEnum }),
    note: t.string({ required: false }),
    activityDate: t.field({ type: 'Date', required: false, description: 'Default today.' }),
    promiseDate: t.field({ type: 'Date', required: false }),
    promiseAmount: t.field({ type: 'Decimal', required: false }),
    nextFollowUp: t.field({ type: 'Date', required: false }),
    asOf: t.field({
      type: 'Date',
      required: false,
      description:
        'PROMISE_TO_PAY without invoiceNumbers: the worklist date the promise was made against. The server picks the invoices: ' +
        "the customer's invoices past due as of asOf in the promise's currency that the worklist counts (not in open dispute, not under an unbroken promise) and still open; " +
        'the amount may not exceed what they owe. Not after the activity date.',
    }),
    currency: t.string({
      required: false,
      description: "PROMISE_TO_PAY: the promise's currency. Default: the customer's billing currency with asOf, the named invoices' currency with invoiceNumbers (which must match it).",
    }),
  }),
});
const LogCollectionActivitiesInput = builder.inputType('LogCollectionActivitiesInput', {
  fields: (t) => ({
    activities: t.field({ type: [CollectionActivityInput] }),
    idempotencyKey: t.string({ required: false }),
  }),
});
const LogCollectionActivitiesPayload = payloadType('LogCollectionActivitiesPayload', 'collectionActivities', CollectionActivityRef, { list: true, reload: reload.collectionActivities });
builder.mutationField('logCollectionActivities', (t) =>
  t.field({
    type: LogCollectionActivitiesPayload,
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: LogCollectionActivitiesInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      toPayload('collectionActivities', () => logCollectionActivities(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

const OpenDisputeInput = builder.inputType('OpenDisputeInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    reason: t.string(),
    reasonCode: t.field({ type: DisputeReasonEnum, required: false, defaultValue: 'OTHER' }),
    amount: t.field({ type: 'Decimal', required: false, description: "The amount disputed, in the invoice's currency: more than 0, at most its open balance. Default: the whole open balance." }),
    owner: t.string({ required: false, description: 'Who works the dispute to its resolution.' }),
  }),
});
const OpenDisputePayload = payloadType('OpenDisputePayload', 'invoice', InvoiceRef, { reload: reload.invoice });
builder.mutationField('openDispute', (t) =>
  t.field({
    type: OpenDisputePayload,
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: OpenDisputeInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoice', () => openDispute(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

const ResolveDisputeInput = builder.inputType('ResolveDisputeInput', {
  fields: (t) => ({
    invoiceNumber: t.string(),
    resolution: t.string(),
    creditMemo: t.boolean({
      required: false,
      defaultValue: false,
      description:
        'true: in the same transaction, issue a credit memo against the invoice for the disputed amount (the whole open balance when the dispute named none; never more than is open now). ' +
        'A money document: needs the AR role (FORBIDDEN otherwise).',
    }),
    creditMemoDate: t.field({ type: 'Date', required: false, description: "The credit memo's date; default today. Only with creditMemo: true." }),
  }),
});
const ResolveDisputePayload = payloadType('ResolveDisputePayload', 'invoice', InvoiceRef, { reload: reload.invoice });
builder.mutationField('resolveDispute', (t) =>
  t.field({
    type: ResolveDisputePayload,
    // creditMemo: true also needs AR; the service refuses it with FORBIDDEN, nothing written.
    authScopes: { role: 'ANALYST' },
    args: { input: t.arg({ type: ResolveDisputeInput, required: true }) },
    resolve: (_root, { input }, ctx) => toPayload('invoice', () => resolveDispute(ctx.prisma, ctx.actor, input, ctx.today)),
  }),
);

/** A figure left out because the query did not select it: reaching it is a defect, never a silent value. */
function notComputed(field: string): never {
  throw new Error(`${field} was not computed for this query.`);
}
