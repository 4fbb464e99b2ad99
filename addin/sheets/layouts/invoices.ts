// Open invoices (issued or partly paid), oldest due first; read-only.
import { INVOICES_PAGE, type InvoiceNode } from '../../api/operations.js';
import { fetchAllPages } from '../../api/paging.js';
import { toRow } from '../cells.js';
import type { AddinColumn, DatasetLayout } from '../types.js';
import { describe, scope, upper, YES_NO } from './common.js';

const columns: AddinColumn[] = [
  { key: 'number', header: 'Invoice', kind: 'text', width: 14 },
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'issueDate', header: 'Issued', kind: 'date', width: 11 },
  { key: 'dueDate', header: 'Due', kind: 'date', width: 11 },
  { key: 'daysPastDue', header: 'Days past due', kind: 'integer', width: 9 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'total', header: 'Total', kind: 'money', width: 14 },
  { key: 'amountPaid', header: 'Paid', kind: 'money', width: 14 },
  { key: 'balance', header: 'Balance', kind: 'money', width: 14 },
  { key: 'status', header: 'Status', kind: 'text', width: 14 },
  { key: 'disputed', header: 'Disputed', kind: 'text', width: 9 },
  { key: 'paymentTerms', header: 'Terms', kind: 'text', width: 12 },
  { key: 'poNumber', header: 'PO number', kind: 'text', width: 14 },
];

/** One invoice as a row of the open-invoices table. */
export function invoiceRow(n: InvoiceNode) {
  return toRow(columns, { ...n, customerCode: n.customer.code, customerName: n.customer.name, entityCode: n.entity.code, disputed: YES_NO(n.disputed) });
}

export const invoicesLayout: DatasetLayout = {
  id: 'invoices',
  title: 'Open invoices',
  description: 'Issued and partly paid invoices with their open balance today, oldest due first.',
  table: { sheetName: 'Open invoices', tableName: 'llInvoices', columns },
  keyColumns: ['number'],
  filters: [{ key: 'entityCode' }, { key: 'currency' }],
  defaultFilters: () => ({ entityCode: '', currency: '' }),
  describeFilters: (f) => describe([scope(f), upper(f.currency) && `in ${upper(f.currency)}`]),
  rowLabel: (row) => String(row.number),
  async pull(filters, context) {
    const filter = { open: true, entityCode: upper(filters.entityCode), currency: upper(filters.currency) };
    const nodes = await fetchAllPages<InvoiceNode>({
      api: context.api,
      document: INVOICES_PAGE,
      variables: { filter },
      connection: (data) => data.invoices,
      signal: context.signal,
      onPage: context.onFetched,
    });
    return nodes.map(invoiceRow);
  },
};
