// Layouts and rows shaped like the add-in's datasets, for the Office layer tests.

import type { CellValue, TableLayout } from '../../../addin/office/contract.js';

export const invoiceLayout: TableLayout = {
  sheetName: 'Invoices',
  tableName: 'llInvoices',
  columns: [
    { key: 'id', header: 'Invoice ID', kind: 'text', hidden: true },
    { key: 'version', header: 'Version', kind: 'integer', hidden: true },
    { key: 'number', header: 'Number', kind: 'text' },
    { key: 'customer', header: 'Customer', kind: 'text' },
    { key: 'issueDate', header: 'Issued', kind: 'date' },
    { key: 'amount', header: 'Amount', kind: 'money' },
    { key: 'collected', header: 'Collected %', kind: 'percent' },
    { key: 'note', header: 'Collector note', kind: 'text', editable: true, width: 30 },
  ],
};

/** Columns A..H of the invoice table, by key. */
export const INVOICE_COLUMN = { id: 'A', version: 'B', number: 'C', customer: 'D', issueDate: 'E', amount: 'F', collected: 'G', note: 'H' } as const;

/** Excel serial of 2025-01-15. */
export const JAN_15_2025 = 45672;

export function invoiceRows(count: number, amountBase = 100): CellValue[][] {
  return Array.from({ length: count }, (_, i) => [
    `inv-${String(i + 1).padStart(6, '0')}`,
    1,
    `000${i + 1}`, // leading zeros: only a text column keeps them
    `Customer ${(i % 7) + 1}`,
    JAN_15_2025 + i,
    amountBase + i * 10.5,
    i % 2 === 0 ? 0.125 : 1, // percentage cells hold fractions: 12.50%, 100.00%
    i === 0 ? 'call Monday' : '',
  ]);
}

export const agingLayout: TableLayout = {
  sheetName: 'Aging',
  tableName: 'llAging',
  columns: [
    { key: 'customerId', header: 'Customer ID', kind: 'text', hidden: true },
    { key: 'customer', header: 'Customer', kind: 'text' },
    { key: 'current', header: 'Current', kind: 'money' },
    { key: 'd1_30', header: '1-30', kind: 'money' },
    { key: 'd31_60', header: '31-60', kind: 'money' },
    { key: 'total', header: 'Total', kind: 'money' },
  ],
};

export function agingRows(customers: string[]): CellValue[][] {
  return customers.map((name, i) => [`c${i}`, name, 1000 + i, 200 * i, 50, 1250 + 201 * i]);
}
