// Aging by customer as of a date, in a reporting currency; largest balances first, with a
// stacked column chart of each customer's buckets.
import { AGING_REPORT, type AgingReportData } from '../../api/operations.js';
import { toRow } from '../cells.js';
import type { AddinColumn, DatasetLayout } from '../types.js';
import { describe, optional, scope, upper } from './common.js';

const columns: AddinColumn[] = [
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  // The chart's categories: the column right before the buckets (a chart takes adjacent columns).
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'current', header: 'Current', kind: 'money', width: 14 },
  { key: 'days1To30', header: '1–30', kind: 'money', width: 14 },
  { key: 'days31To60', header: '31–60', kind: 'money', width: 14 },
  { key: 'days61To90', header: '61–90', kind: 'money', width: 14 },
  { key: 'over90', header: 'Over 90', kind: 'money', width: 14 },
  { key: 'total', header: 'Total', kind: 'money', width: 14 },
];

export const agingLayout: DatasetLayout = {
  id: 'aging',
  title: 'Aging by customer',
  description: 'Open balances by days past due (current, 1–30, 31–60, 61–90, over 90) per customer, with a chart by bucket.',
  table: { sheetName: 'Aging', tableName: 'llAging', columns },
  keyColumns: ['customerCode'],
  filters: [{ key: 'asOf', required: true }, { key: 'entityCode' }, { key: 'currency' }],
  defaultFilters: (today) => ({ asOf: today, entityCode: '', currency: '' }),
  describeFilters: (f) => describe([`as of ${f.asOf}`, scope(f), upper(f.currency) && `in ${upper(f.currency)}`]),
  rowLabel: (row) => String(row.customerCode),
  chart: { title: 'Aging by bucket', type: 'ColumnStacked', columns: ['customerName', 'current', 'days1To30', 'days31To60', 'days61To90', 'over90'], anchor: 'L2' },
  async pull(filters, context) {
    const data = await context.api.query<AgingReportData>(
      AGING_REPORT,
      { asOf: optional(filters.asOf), entityCode: upper(filters.entityCode), currency: upper(filters.currency) },
      context.signal,
    );
    const report = data.agingReport;
    context.onFetched?.(report.customers.length, report.customers.length);
    return [...report.customers]
      .sort((a, b) => Number(b.buckets.total) - Number(a.buckets.total) || a.customer.code.localeCompare(b.customer.code))
      .map((c) => toRow(columns, { ...c.buckets, customerCode: c.customer.code, customerName: c.customer.name, entityCode: c.customer.entity.code, currency: report.currency }));
  },
};
