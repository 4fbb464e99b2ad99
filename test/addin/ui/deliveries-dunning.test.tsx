// @vitest-environment jsdom
// The two datasets of documents and dunning in the pane: listed in the dataset picker; the
// deliveries' status and channel as pick lists with the portal uploads to do one click away; the
// dunning proposal's Send button, which asks "Send N dunning letters?" before anything is sent.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DunningLetter } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { dunningLayout } from '../../../addin/sheets/layouts/dunning.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';
import { renderPane } from '../support/pane.js';

const letter = (code: string): DunningLetter => ({
  customer: { code, name: `${code} Inc` }, level: 1, invoices: [{ number: `US01-${code}` }], overdueBalance: '100.00', currency: 'USD', oldestDaysPastDue: 30,
});

describe('deliveries and dunning in the pane', () => {
  let workbook: FakeWorkbook;
  let api: ReturnType<typeof fakeApi>;
  let sent: string[][];

  beforeEach(() => {
    workbook = installFakeExcel();
    sent = [];
    api = fakeApi({
      Me: () => ({ me: { name: 'carlos', role: 'AR' } }),
      FilterChoices: () => ({ entities: [{ code: 'US01', name: 'United States', currency: 'USD' }], kpiDefinitions: [] }),
      DeliveriesPage: () => ({ deliveries: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } }),
      RunDunning: ({ input }) => {
        const codes = ['ALPHA', 'BETA'].filter((c) => input.dryRun || input.customerCodes.includes(c));
        if (!input.dryRun) sent.push(codes);
        return { runDunning: { letters: codes.map(letter), userErrors: [] } };
      },
    });
    renderPane({ api, today: '2026-11-25', newKey: () => 'key' });
  });
  afterEach(() => {
    cleanup();
    workbook.uninstall();
  });

  const picker = async () => (await screen.findByRole('combobox', { name: 'Dataset' })) as HTMLSelectElement;

  it('lists Deliveries and Dunning proposal among the datasets, after the collections worklist', async () => {
    const titles = within(await picker()).getAllByRole('option').map((o) => o.textContent);
    expect(titles.slice(0, 5)).toEqual(['Open invoices', 'Aging by customer', 'Collections worklist', 'Deliveries', 'Dunning proposal']);
  });

  it('offers status and channel as pick lists; the preset picks the portal uploads to do, and the pull asks for them', async () => {
    fireEvent.change(await picker(), { target: { value: 'deliveries' } });
    const filters = screen.getByRole('group', { name: 'Filters' });
    const [status, channel] = within(filters).getAllByRole('combobox') as HTMLSelectElement[];
    expect(within(status!).getAllByRole('option').map((o) => o.textContent)).toEqual(['All', 'Pending', 'Sent', 'Delivered', 'Failed']);
    expect(within(channel!).getAllByRole('option').map((o) => o.textContent)).toEqual(['All', 'Email', 'Portal', 'Post', 'Edi']);
    fireEvent.click(within(filters).getByRole('button', { name: 'Portal uploads to do' }));
    expect([status!.value, channel!.value]).toEqual(['PENDING', 'PORTAL']);
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 0 rows into “Deliveries”');
    expect(api.calls.find((c) => c.operation === 'DeliveriesPage')!.variables).toMatchObject({ status: 'PENDING', channel: 'PORTAL' });
  });

  it('sends the letters only after the user says yes to "Send N dunning letters?"; Cancel sends nothing', async () => {
    fireEvent.change(await picker(), { target: { value: 'dunning' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 2 rows into “Dunning”');
    expect(api.calls.find((c) => c.operation === 'RunDunning')!.variables).toEqual({ input: { asOf: '2026-11-25', entityCode: null, dryRun: true } });

    // Nothing edited: the button still sends the proposal as it stands.
    const send = screen.getByRole('button', { name: 'Send letters…' });
    expect(send.hasAttribute('disabled')).toBe(false);
    fireEvent.click(send);
    const dialog = await screen.findByRole('alertdialog', { name: 'Send 2 dunning letters?' });
    expect(dialog.textContent).toContain('ALPHA, BETA');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel', hidden: true }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(sent).toEqual([]);

    // BETA held back: one letter, asked for and sent.
    const table = workbook.table(dunningLayout.table.tableName);
    const { rect } = parseAddress(table.address);
    const betaSend = formatRect({ row: rect.row + 1 + table.column('Customer').indexOf('BETA'), column: rect.column + table.headers.indexOf('Send'), rowCount: 1, columnCount: 1 });
    workbook.setCell(dunningLayout.table.sheetName, betaSend, 'No');
    fireEvent.click(screen.getByRole('button', { name: 'Check sheet' }));
    await screen.findByRole('heading', { name: '1 change pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Send letters…' }));
    const again = await screen.findByRole('alertdialog', { name: 'Send 1 dunning letter?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Send letters', hidden: true }));
    await screen.findByText('1 dunning letter sent');
    expect(sent).toEqual([['ALPHA']]);
    expect(api.calls.filter((c) => c.operation === 'RunDunning').at(-1)!.variables).toEqual({ input: { asOf: '2026-11-25', entityCode: null, dryRun: false, customerCodes: ['ALPHA'] } });
    expect(workbook.table(dunningLayout.table.tableName).column('Result')).toEqual(['Sent at level 1', '']);
  });
});
