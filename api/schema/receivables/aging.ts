// The aging report: open balances as of a date by days past due.
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.js';
import type { FxRateUsed } from '../../domain/money/fx.js';
import type { AgingBucket } from '../../domain/receivables/aging.js';
import type { Money } from '../../domain/money/money.js';
import type { Customer } from '../../generated/prisma/client.js';
import { readsBeyond, usageOf } from '../../read/usage.js';
import { moneyText } from '../../read/values.js';
import { agingReportFigures, type AgingReportFigures } from '../../services/receivables/aging.service.js';
import { CUSTOMER_ROW_FIELDS, CustomerRef } from './customer.js';

/** A report's buckets: text the statement wrote (the aging report), or Money (a statement's aging). */
export const AgingBucketsRef = builder.objectRef<{ buckets: Record<AgingBucket | 'total', Money | string>; currency: string }>('AgingBuckets').implement({
  fields: (t) => ({
    current: t.field({ type: 'Decimal', description: 'Not past due.', resolve: (b) => moneyText(b.buckets.current, b.currency) }),
    days1To30: t.field({ type: 'Decimal', resolve: (b) => moneyText(b.buckets.days1To30, b.currency) }),
    days31To60: t.field({ type: 'Decimal', resolve: (b) => moneyText(b.buckets.days31To60, b.currency) }),
    days61To90: t.field({ type: 'Decimal', resolve: (b) => moneyText(b.buckets.days61To90, b.currency) }),
    over90: t.field({ type: 'Decimal', description: '91 days or more past due.', resolve: (b) => moneyText(b.buckets.over90, b.currency) }),
    total: t.field({ type: 'Decimal', resolve: (b) => moneyText(b.buckets.total, b.currency) }),
  }),
});

type AgingReport = AgingReportFigures<Customer>;
type CustomerAgingShape = AgingReport['customers'][number] & { currency: string };
const CustomerAgingRef = builder.objectRef<CustomerAgingShape>('CustomerAging').implement({
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (row) => row.customer }),
    buckets: t.field({ type: AgingBucketsRef, resolve: (row) => ({ buckets: row.buckets, currency: row.currency }) }),
    unappliedCash: t.field({ type: 'Decimal', description: "The customer's payments not applied to invoices, apart from its balance.", resolve: (row) => row.unappliedCash }),
  }),
});

const FxRateUsedRef = builder.objectRef<FxRateUsed>('FxRateUsed').implement({
  description: 'A rate a report translated with: units of the base currency per one unit of currency, as of date.',
  fields: (t) => ({
    currency: t.exposeString('currency'),
    rate: t.field({ type: 'Decimal', resolve: (r) => r.rate.toFixed() }),
    date: t.field({ type: 'Date', description: 'The date of the rate: the latest on or before the as-of date.', resolve: (r) => r.date }),
  }),
});

const AgingReportRef = builder.objectRef<AgingReport>('AgingReport').implement({
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (r) => r.asOf }),
    currency: t.exposeString('currency'),
    total: t.field({ type: AgingBucketsRef, resolve: (r) => ({ buckets: r.total, currency: r.currency }) }),
    unappliedCash: t.field({ type: 'Decimal', description: 'Payments received by asOf and not applied to invoices: shown apart, never netted against balances.', resolve: (r) => r.unappliedCash }),
    customers: t.field({ type: [CustomerAgingRef], resolve: (r) => r.customers.map((c) => ({ ...c, currency: r.currency })) }),
    rates: t.field({
      type: [FxRateUsedRef],
      description: "The rate used per currency translated, the reporting currency's own included when it is not the base currency (the base currency's is 1, no row).",
      resolve: (r) => r.rates,
    }),
  }),
});

builder.queryField('agingReport', (t) =>
  t.field({
    type: AgingReportRef,
    description: 'Open balances as of a date by days past due, per customer and in total, in a reporting currency (default: the base currency).',
    args: {
      asOf: t.arg({ type: 'Date', required: true }),
      entityCode: t.arg.string({ required: false }),
      currency: t.arg.string({ required: false }),
      allowStaleRates: t.arg.boolean({ required: false, description: 'Report with FX rates older than LEDGERLINE_FX_MAX_AGE_DAYS before asOf instead of refusing (FX_RATE_STALE).' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const params = { ...args, baseCurrency: ctx.config.baseCurrency, fxMaxAgeDays: ctx.config.fxMaxAgeDays };
      // A customer that stands in with its id, code and name is served as CustomerRef's record.
      return (await agingReportFigures(ctx, params, asksMoreOfCustomers(info))) as AgingReport;
    },
  }),
);

function asksMoreOfCustomers(info: GraphQLResolveInfo): boolean {
  const lines = usageOf(info, 'self').customers;
  return readsBeyond(lines === true || lines === undefined ? undefined : lines.customer, CUSTOMER_ROW_FIELDS);
}
