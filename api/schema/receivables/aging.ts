// The aging report: open balances as of a date by days past due.
import { builder } from '../../builder.js';
import type { FxRateUsed } from '../../domain/money/fx.js';
import type { AgingBuckets } from '../../domain/receivables/aging.js';
import { agingReport, type AgingReport } from '../../services/receivables/aging.service.js';
import { money } from '../common.js';
import { CustomerRef } from './customer.js';

export const AgingBucketsRef = builder.objectRef<{ buckets: AgingBuckets; currency: string }>('AgingBuckets').implement({
  fields: (t) => ({
    current: t.field({ type: 'Decimal', description: 'Not past due.', resolve: (b) => money(b.buckets.current, b.currency) }),
    days1To30: t.field({ type: 'Decimal', resolve: (b) => money(b.buckets.days1To30, b.currency) }),
    days31To60: t.field({ type: 'Decimal', resolve: (b) => money(b.buckets.days31To60, b.currency) }),
    days61To90: t.field({ type: 'Decimal', resolve: (b) => money(b.buckets.days61To90, b.currency) }),
    over90: t.field({ type: 'Decimal', description: '91 days or more past due.', resolve: (b) => money(b.buckets.over90, b.currency) }),
    total: t.field({ type: 'Decimal', resolve: (b) => money(b.buckets.total, b.currency) }),
  }),
});

type CustomerAgingShape = AgingReport['customers'][number] & { currency: string };
const CustomerAgingRef = builder.objectRef<CustomerAgingShape>('CustomerAging').implement({
  fields: (t) => ({
    customer: t.field({ type: CustomerRef, resolve: (row) => row.customer }),
    buckets: t.field({ type: AgingBucketsRef, resolve: (row) => ({ buckets: row.buckets, currency: row.currency }) }),
    unappliedCash: t.field({ type: 'Decimal', description: "The customer's payments not applied to invoices, apart from its balance.", resolve: (row) => money(row.unappliedCash, row.currency) }),
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
    unappliedCash: t.field({ type: 'Decimal', description: 'Payments received by asOf and not applied to invoices: shown apart, never netted against balances.', resolve: (r) => money(r.unappliedCash, r.currency) }),
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
    resolve: (_root, args, ctx) => agingReport(ctx.prisma, { ...args, baseCurrency: ctx.config.baseCurrency, fxMaxAgeDays: ctx.config.fxMaxAgeDays }),
  }),
);
