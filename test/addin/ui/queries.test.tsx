// @vitest-environment jsdom
// Several queries per workbook, driven through the pane on the in-memory Excel and a fake
// server: Aging for US01 into the default table, Aging for DE01 into a new table beside it;
// the pane closed and opened again lists both with their filters and refreshes each in place
// (the other untouched, the user's own column beside a table still aligned); a table's filters
// changed by a refresh; Forget; a deleted table made again (and watched again when its sheet
// went too); a further table named uniquely; a foreign setting skipped.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgingBuckets, ProjectNode } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';
import { renderPane as renderPaneWith } from '../support/pane.js';

const office = fromOfficeLayer(officeLayer);
const US01_TITLE = 'Aging · US01 · as of 2026-11-30';
const DE01_TITLE = 'Aging · DE01 · as of 2026-11-30';

interface Customer {
  code: string;
  entity: string;
  total: number;
}

const project: ProjectNode = {
  code: 'P1', name: 'Project P1', owner: 'Ada', status: 'ACTIVE', startDate: '2026-01-01', baselineEndDate: '2026-12-31', forecastEndDate: '2026-12-31',
  actualEndDate: null, budget: '100000.00', actualCost: '25000.00', currency: 'USD', percentComplete: '30', budgetVariance: '75000.00',
  scheduleVarianceDays: 0, version: 1, entity: { code: 'US01' }, figures: { cpi: '1.20', spi: '0.90', health: 'GREEN' },
};

const buckets = (total: number): AgingBuckets => ({ current: String(total), days1To30: '0', days31To60: '0', days61To90: '0', over90: '0', total: String(total) });

describe('tables in this workbook', () => {
  let workbook: FakeWorkbook;
  let customers: Customer[];
  let api: ReturnType<typeof fakeApi>;

  beforeEach(() => {
    workbook = installFakeExcel();
    customers = [
      { code: 'U1', entity: 'US01', total: 500 },
      { code: 'U2', entity: 'US01', total: 300 },
      { code: 'D1', entity: 'DE01', total: 900 },
      { code: 'D2', entity: 'DE01', total: 700 },
      { code: 'D3', entity: 'DE01', total: 100 },
    ];
    api = fakeApi({
      Me: () => ({ me: { name: 'maria', role: 'ANALYST' } }),
      FilterChoices: () => ({
        entities: [
          { code: 'US01', name: 'United States', currency: 'USD' },
          { code: 'DE01', name: 'Germany', currency: 'EUR' },
        ],
        kpiDefinitions: [],
      }),
      ProjectsPage: () => ({ projects: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: project }] } }),
      AgingReport: ({ asOf, entityCode }) => {
        const picked = customers.filter((c) => entityCode === null || c.entity === entityCode);
        return {
          agingReport: {
            asOf,
            currency: 'USD',
            total: buckets(picked.reduce((s, c) => s + c.total, 0)),
            customers: picked.map((c) => ({ customer: { code: c.code, name: `Customer ${c.code}`, entity: { code: c.entity } }, buckets: buckets(c.total) })),
          },
        };
      },
    });
    renderPane();
  });
  afterEach(() => {
    cleanup();
    workbook.uninstall();
  });

  /** Opens the task pane (again): nothing in memory; the workbook keeps its tables and settings. */
  function renderPane() {
    renderPaneWith({ api, today: '2026-11-30', newKey: () => 'key' });
  }


  /** Customer code and total of each row of a table. */
  const totals = (tableName: string) => {
    const table = workbook.table(tableName);
    return table.column('Customer').map((code, i) => [code, table.column('Total')[i]]);
  };

  /** Rows by customer code, whatever order a refresh in place left them in. */
  const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  const tablesList = () => screen.findByRole('list', { name: 'Tables in this workbook' });
  const listedTitles = async () => within(await tablesList()).getAllByRole('listitem').map((item) => item.getAttribute('aria-label'));

  async function chooseAging(entity: string) {
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'aging' } });
    await setEntity(entity);
  }

  async function setEntity(entity: string) {
    // The entity picker lists the server's entities once they have come.
    const picker = await screen.findByRole('combobox', { name: 'Entity' });
    await within(picker).findByRole('option', { name: `${entity} · ${entity === 'US01' ? 'United States' : 'Germany'}` });
    fireEvent.change(picker, { target: { value: entity } });
  }

  /** Picks a table in "Tables in this workbook": the pane shows its dataset and filters. */
  async function select(title: string, entity: string) {
    fireEvent.click(within(await tablesList()).getByRole('button', { name: title }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: 'Entity' }) as HTMLSelectElement).value).toBe(entity));
    expect((screen.getByRole('combobox', { name: 'Dataset' }) as HTMLSelectElement).value).toBe('aging');
    expect((screen.getByLabelText(/^As of/) as HTMLInputElement).value).toBe('2026-11-30');
    expect(within(await tablesList()).getByRole('button', { name: title }).getAttribute('aria-pressed')).toBe('true');
  }

  async function pullUs01AndDe01() {
    await chooseAging('US01');
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 2 rows into “Aging”');
    await waitFor(async () => expect(await listedTitles()).toEqual([US01_TITLE]));

    await setEntity('DE01');
    expect(screen.getByRole('button', { name: 'Refresh llAging' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pull into a new table' }));
    await screen.findByText('Pulled 3 rows into “Aging DE01”');
    await waitFor(async () => expect(await listedTitles()).toEqual([US01_TITLE, DE01_TITLE]));
  }

  it('pulls Aging for US01, then DE01 into a new table beside it, and saves both in the workbook', async () => {
    await pullUs01AndDe01();
    expect(workbook.table('llAging').sheetName).toBe('Aging');
    expect(totals('llAging')).toEqual([['U1', 500], ['U2', 300]]);
    expect(workbook.table('llAging_DE01').sheetName).toBe('Aging DE01');
    expect(totals('llAging_DE01')).toEqual([['D1', 900], ['D2', 700], ['D3', 100]]);
    expect(api.calls.filter((c) => c.operation === 'AgingReport').map((c) => c.variables.entityCode)).toEqual(['US01', 'DE01']);

    const { queries, ignored } = await office.readWorkbookQueries();
    expect(ignored).toEqual([]);
    expect(queries).toEqual([
      { tableName: 'llAging', sheetName: 'Aging', datasetId: 'aging', filters: { asOf: '2026-11-30', entityCode: 'US01' }, title: US01_TITLE, pulledAt: expect.any(String), inWorkbook: true },
      { tableName: 'llAging_DE01', sheetName: 'Aging DE01', datasetId: 'aging', filters: { asOf: '2026-11-30', entityCode: 'DE01' }, title: DE01_TITLE, pulledAt: expect.any(String), inWorkbook: true },
    ]);
    // The new table is the one the pane works on now.
    const item = within(await tablesList()).getByRole('listitem', { name: DE01_TITLE });
    expect(within(item).getByRole('button', { name: DE01_TITLE }).getAttribute('aria-pressed')).toBe('true');
    expect(item.textContent).toContain('Sheet “Aging DE01” · table llAging_DE01');
  });

  it('after reopening, lists both tables with their filters and refreshes each in place, leaving the other alone', async () => {
    await pullUs01AndDe01();
    // The user's own calculated column beside the US01 table (typing next to it grows the table).
    const { rect } = parseAddress(workbook.table('llAging').address);
    const beside = (row: number) => formatRect({ row: rect.row + row, column: rect.column + rect.columnCount, rowCount: 1, columnCount: 1 });
    workbook.setCell('Aging', beside(0), 'Double');
    workbook.setCell('Aging', beside(1), '=[@Total]*2');
    const usId = workbook.table('llAging').id;
    const deId = workbook.table('llAging_DE01').id;
    const deRows = workbook.table('llAging_DE01').rows();

    cleanup(); // the pane is closed; the workbook keeps its tables and settings
    renderPane();
    expect(await listedTitles()).toEqual([US01_TITLE, DE01_TITLE]);
    expect(within(await tablesList()).getByRole('listitem', { name: US01_TITLE }).textContent).toContain('Sheet “Aging” · table llAging');

    // Meanwhile on the server: US01 has a new large customer, U2 paid part.
    customers = [{ code: 'U3', entity: 'US01', total: 800 }, ...customers.map((c) => (c.code === 'U2' ? { ...c, total: 50 } : c))];
    await select(US01_TITLE, 'US01');
    expect(screen.getByText('Sheet “Aging”, table llAging')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Refreshed 3 rows into “Aging”');
    expect(api.calls.filter((c) => c.operation === 'AgingReport').at(-1)!.variables).toMatchObject({ asOf: '2026-11-30', entityCode: 'US01' });
    expect(sorted(totals('llAging'))).toEqual([['U1', 500], ['U2', 50], ['U3', 800]]);
    expect(workbook.table('llAging').id).toBe(usId);
    // The user's column stays with its rows: each row's Double is its own Total doubled.
    const table = workbook.table('llAging');
    expect(table.column('Double')).toEqual(table.column('Total').map((total) => Number(total) * 2));
    // The DE01 table was not touched.
    expect(workbook.table('llAging_DE01').id).toBe(deId);
    expect(workbook.table('llAging_DE01').rows()).toEqual(deRows);

    // Selecting the DE01 table brings back its dataset and filters; its refresh stays in its table.
    await select(DE01_TITLE, 'DE01');
    expect(screen.getByText('Sheet “Aging DE01”, table llAging_DE01')).toBeTruthy();
    customers = customers.map((c) => (c.code === 'D3' ? { ...c, total: 1000 } : c));
    const usRows = workbook.table('llAging').rows();
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Refreshed 3 rows into “Aging DE01”');
    expect(sorted(totals('llAging_DE01'))).toEqual([['D1', 900], ['D2', 700], ['D3', 1000]]);
    expect(workbook.table('llAging_DE01').id).toBe(deId);
    expect(workbook.table('llAging').rows()).toEqual(usRows);
  });

  it('a refresh with other filters changes what that table remembers; filters another table has refresh that one', async () => {
    await pullUs01AndDe01();
    // On the DE01 table, back to US01: the US01 table already holds those filters.
    await setEntity('US01');
    expect(screen.queryByRole('button', { name: 'Pull into a new table' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Refresh llAging' }));
    await screen.findByText('Refreshed 2 rows into “Aging”');
    expect(within(await tablesList()).getByRole('button', { name: US01_TITLE }).getAttribute('aria-pressed')).toBe('true');

    // The US01 table refreshed as of month end: the table now remembers that date.
    fireEvent.change(screen.getByLabelText(/^As of/), { target: { value: '2026-10-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh llAging' }));
    await screen.findByText('Refreshed 2 rows into “Aging”');
    await waitFor(async () => expect(await listedTitles()).toEqual(['Aging · US01 · as of 2026-10-31', DE01_TITLE]));
    const saved = (await office.readWorkbookQueries()).queries.find((q) => q.tableName === 'llAging')!;
    expect(saved.filters).toEqual({ asOf: '2026-10-31', entityCode: 'US01' });
    expect(workbook.hasTable('llAging_US01')).toBe(false);
  });

  it('Forget drops a table from the list and leaves it in the sheet; a deleted table is made again by its refresh', async () => {
    await pullUs01AndDe01();
    fireEvent.click(within(await tablesList()).getByRole('button', { name: `Forget ${US01_TITLE}` }));
    await waitFor(async () => expect(await listedTitles()).toEqual([DE01_TITLE]));
    expect(workbook.hasTable('llAging')).toBe(true);

    // The user deletes the DE01 table; the pane, opened again, says so and Refresh makes it again.
    await Excel.run(async (context) => {
      context.workbook.tables.getItem('llAging_DE01').delete();
      await context.sync();
    });
    cleanup();
    renderPane();
    const item = within(await tablesList()).getByRole('listitem', { name: DE01_TITLE });
    expect(item.textContent).toContain('llAging_DE01 is no longer in the workbook: select it and pull to create it again on “Aging DE01”.');
    await select(DE01_TITLE, 'DE01');
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 3 rows into “Aging DE01”');
    expect(totals('llAging_DE01')).toEqual([['D1', 900], ['D2', 700], ['D3', 100]]);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Tables in this workbook' })).getByRole('listitem', { name: DE01_TITLE }).textContent).toContain('Sheet “Aging DE01” · table llAging_DE01'));
  });

  it('a table deleted with its sheet while the pane is open is made again, and edits to it are seen', async () => {
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'projects' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 1 row into “Projects”');
    await waitFor(async () => expect(await listedTitles()).toEqual(['Projects']));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem('Projects').delete();
      await context.sync();
    });

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('Pulled 1 row into “Projects”');
    const table = workbook.table('llProjects');
    const { rect } = parseAddress(table.address);
    const cost = formatRect({ row: rect.row + 1, column: rect.column + table.headers.indexOf('Actual cost'), rowCount: 1, columnCount: 1 });
    workbook.setCell('Projects', cost, 30000);
    await screen.findByRole('heading', { name: '1 change pending' });
  });

  it('names a further table uniquely, and skips saved entries it cannot read, saying so', async () => {
    await pullUs01AndDe01();
    // Someone made a sheet "Aging DE01 2026-10-31" by hand, and hand-edited the setting.
    workbook.addSheet('Aging DE01 2026-10-31');
    await Excel.run(async (context) => {
      const setting = context.workbook.settings.getItem('ledgerline.queries');
      setting.load('value');
      await context.sync();
      setting.value = { ...setting.value, queries: [...setting.value.queries, { tableName: 'llOld', datasetId: 'aging' }, { tableName: 'llX', sheetName: 'X', datasetId: 'payroll', filters: {}, title: 'Payroll' }] };
      await context.sync();
    });
    cleanup();
    renderPane();
    expect(await listedTitles()).toEqual([US01_TITLE, DE01_TITLE]);
    expect(screen.getByText('2 saved tables were not understood and skipped')).toBeTruthy();
    expect(screen.getByText(/Saved table 3 \(llOld\): no sheet name\. Saved table llX: dataset "payroll" is not one this pane offers\./)).toBeTruthy();

    await select(DE01_TITLE, 'DE01');
    fireEvent.change(screen.getByLabelText(/^As of/), { target: { value: '2026-10-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into a new table' }));
    await screen.findByText('Pulled 3 rows into “Aging DE01 2026-10-31 (2)”');
    expect(workbook.table('llAging_DE01_2026_10_31').sheetName).toBe('Aging DE01 2026-10-31 (2)');
    await waitFor(async () => expect(await listedTitles()).toEqual([US01_TITLE, DE01_TITLE, 'Aging · DE01 · as of 2026-10-31']));
  });
});
