// @vitest-environment jsdom
// Issue 12 in the pane: the Adjustments dataset (listed after the dunning proposal; posting asks
// "Post N adjustments (…)?" first and needs an AR token), the worklist's collector and Include
// snoozed filters, and the note a scorecard of a closed period keeps in view.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InvoiceNode, KpiValue, Role } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { adjustmentsLayout } from '../../../addin/sheets/layouts/adjustments.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';
import { renderPane } from '../support/pane.js';

const INVOICE: InvoiceNode = {
  number: 'US01-000007', status: 'ISSUED', issueDate: '2026-09-01', dueDate: '2026-10-01', daysPastDue: 55, currency: 'USD', total: '500.00', amountPaid: '0.00', balance: '500.00',
  disputed: false, poNumber: null, paymentTerms: 'NET30', entity: { code: 'US01' }, customer: { code: 'ACME', name: 'Acme Inc' },
};
const CLOSED_DSO: KpiValue = {
  code: 'DSO', name: 'Days sales outstanding', unit: 'DAYS', direction: 'LOWER_IS_BETTER', source: 'COMPUTED', period: '2026-10', entityCode: 'US01', currency: 'USD',
  actual: '41', actualVersion: null, target: '40', targetVersion: 1, status: 'AT_RISK', closed: true, snapshotCurrency: 'USD',
};

let workbook: FakeWorkbook;
let posted: unknown[];

function openPane(role: Role) {
  workbook = installFakeExcel();
  posted = [];
  const api = fakeApi({
    Me: () => ({ me: { name: 'carlos', role } }),
    FilterChoices: () => ({ entities: [{ code: 'US01', name: 'United States', currency: 'USD' }], kpiDefinitions: [] }),
    InvoicesPage: () => ({ invoices: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: INVOICE }] } }),
    CollectionsWorklist: () => ({ collectionsWorklist: [] }),
    KpiScorecard: () => ({ kpiScorecard: [CLOSED_DSO] }),
    PostAdjustments: ({ input }) => {
      posted.push(input.adjustments);
      return { postAdjustments: { adjustments: [{ kind: 'CREDIT_MEMO', invoiceNumber: 'US01-000007', number: 'US01-CM-000001', amount: '120.00', currency: 'USD', date: '2026-11-25' }], userErrors: [] } };
    },
  });
  renderPane({ api, today: '2026-11-25', newKey: () => 'key' });
  return api;
}

afterEach(() => {
  cleanup();
  workbook.uninstall();
});

const picker = async () => (await screen.findByRole('combobox', { name: 'Dataset' })) as HTMLSelectElement;

function type(header: string, value: string) {
  const table = workbook.table(adjustmentsLayout.table.tableName);
  const { rect } = parseAddress(table.address);
  workbook.setCell(adjustmentsLayout.table.sheetName, formatRect({ row: rect.row + 1, column: rect.column + table.headers.indexOf(header), rowCount: 1, columnCount: 1 }), value);
}

describe('adjustments in the pane', () => {
  it('is listed after the dunning proposal, and posts a credit memo only after "Post 1 adjustment (1 credit memo)?"', async () => {
    openPane('AR');
    const titles = within(await picker()).getAllByRole('option').map((o) => o.textContent);
    expect(titles.slice(4, 6)).toEqual(['Dunning proposal', 'Adjustments']);
    fireEvent.change(await picker(), { target: { value: 'adjustments' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 1 row into “Adjustments”');

    type('Kind', 'Credit memo');
    type('Amount', '120');
    type('Reason', 'Service credit');
    fireEvent.click(screen.getByRole('button', { name: 'Check sheet' }));
    await screen.findByRole('heading', { name: '3 changes pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Post adjustments…' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Post 1 adjustment (1 credit memo)?' });
    expect(dialog.textContent).toContain('Credit memos: USD 120.00.');
    expect(posted).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Post adjustments', hidden: true }));
    await screen.findByText('Posted 1 adjustment (1 credit memo)');
    expect(posted).toEqual([[{ kind: 'CREDIT_MEMO', invoiceNumber: 'US01-000007', amount: '120.00', date: '2026-11-25', reason: 'Service credit' }]]);
    expect(workbook.table(adjustmentsLayout.table.tableName).column('Result')).toEqual(['Credit memo US01-CM-000001 for USD 120.00']);
  });

  it('tells an analyst that posting needs an AR token, before anything is sent', async () => {
    openPane('ANALYST');
    fireEvent.change(await picker(), { target: { value: 'adjustments' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 1 row into “Adjustments”');
    await screen.findByText('Adjustments: pushing needs an AR token (yours is ANALYST).');
    expect(screen.getByRole('button', { name: 'Post adjustments…' }).hasAttribute('disabled')).toBe(true);
  });
});

describe('the worklist and the scorecard in the pane', () => {
  it('passes the collector and Include snoozed to the worklist query', async () => {
    const api = openPane('ANALYST');
    fireEvent.change(await picker(), { target: { value: 'worklist' } });
    const filters = screen.getByRole('group', { name: 'Filters' });
    fireEvent.change(within(filters).getByRole('textbox', { name: 'Collector' }), { target: { value: 'maria' } });
    fireEvent.click(within(filters).getByRole('checkbox', { name: 'Include snoozed (follow-up after the date)' }));
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 0 rows into “Worklist”');
    expect(api.calls.find((c) => c.operation === 'CollectionsWorklist')!.variables).toEqual({ asOf: '2026-11-25', entityCode: null, collector: 'maria', includeSnoozed: true });
  });

  it('keeps a note in view when the scorecard pulled is of a closed period', async () => {
    openPane('ANALYST');
    fireEvent.change(await picker(), { target: { value: 'kpiScorecard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 1 row into “KPI scorecard”');
    await waitFor(() => expect(screen.getByText(/^2026-10 is closed for US01: actuals are the close snapshot\./)).toBeTruthy());
  });
});
