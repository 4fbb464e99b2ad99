// @vitest-environment jsdom
// The pane end to end against fakes: pull projects into the in-memory workbook through the real
// Office layer, type into cells as a user does, see the
// pending changes and the values to fix, push, meet a conflict, settle it, push again — and a
// refresh that asks before touching unpushed edits.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, type Mock } from 'vitest';
import { ApiError } from '../../../addin/api/client.js';
import type { InvoiceNode, KpiValue, ProjectNode } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import { MARK_FILLS } from '../../../addin/office/column-styles.js';
import * as officeLayer from '../../../addin/office/index.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { kpiScorecardLayout } from '../../../addin/sheets/layouts/kpis.js';
import { projectsLayout } from '../../../addin/sheets/layouts/projects.js';
import type { Row } from '../../../addin/sheets/types.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { fakeApi } from '../support/fake-api.js';
import '../support/jsdom.js';
import { renderPane as renderPaneWith } from '../support/pane.js';

const project = (code: string, over: Partial<ProjectNode> = {}): ProjectNode => ({
  code, name: `Project ${code}`, owner: 'Ada', status: 'ACTIVE', startDate: '2026-01-01', baselineEndDate: '2026-12-31', forecastEndDate: '2026-12-31',
  actualEndDate: null, budget: '100000.00', actualCost: '25000.00', currency: 'USD', percentComplete: '30', budgetVariance: '75000.00',
  scheduleVarianceDays: 0, version: 1, entity: { code: 'US01' }, figures: { cpi: '1.20', spi: '0.90', health: 'GREEN' }, ...over,
});

const kpi = (code: string, unit: KpiValue['unit'], actual: string, target: string): KpiValue => ({
  code, name: code, unit, direction: 'HIGHER_IS_BETTER', source: 'COMPUTED', period: '2026-10', entityCode: null, currency: 'USD',
  actual, actualVersion: null, target, targetVersion: 1, status: 'ON_TRACK', closed: false,
});

const invoice = (i: number): InvoiceNode => ({
  number: `US01-${String(i + 1).padStart(6, '0')}`, status: 'ISSUED', issueDate: '2026-10-01', dueDate: '2026-10-31', daysPastDue: 25, currency: 'USD',
  total: '100.00', amountPaid: '0.00', balance: '100.00', disputed: false, poNumber: null, paymentTerms: 'NET30', entity: { code: 'US01' }, customer: { code: 'C1', name: 'Acme' },
});

const office = fromOfficeLayer(officeLayer);
const projects = projectsLayout.table;

describe('the pane with a fake workbook and a fake server', () => {
  let workbook: FakeWorkbook;
  let server: Map<string, ProjectNode>;
  let kpis: Map<string, KpiValue>;
  let api: ReturnType<typeof fakeApi>;
  let keys: number;

  beforeEach(() => {
    workbook = installFakeExcel();
    server = new Map(['P1', 'P2', 'P3'].map((c) => [c, project(c)] as const));
    kpis = new Map([kpi('DSO', 'DAYS', '45.5', '40'), kpi('CEI', 'PERCENT', '62.5', '85')].map((k) => [k.code, k] as const));
    api = fakeApi({
      Me: () => ({ me: { name: 'maria', role: 'ANALYST' } }),
      FilterChoices: () => ({ entities: [{ code: 'US01', name: 'United States', currency: 'USD' }], kpiDefinitions: [] }),
      ProjectsPage: () => ({ projects: { totalCount: server.size, pageInfo: { hasNextPage: false, endCursor: null }, edges: [...server.values()].map((node) => ({ node })) } }),
      InvoicesPage: ({ after }, signal) => {
        if (after === null) return { invoices: { totalCount: 1500, pageInfo: { hasNextPage: true, endCursor: 'c1000' }, edges: Array.from({ length: 1000 }, (_, i) => ({ node: invoice(i) })) } };
        // The second page hangs until the pane cancels it.
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new ApiError('aborted', 'Cancelled.'))));
      },
      UpdateProjects: ({ input }) => {
        const conflicts = input.changes
          .filter((c: { code: string; expectedVersion: number }) => server.get(c.code)!.version !== c.expectedVersion)
          .map((c: { code: string }) => ({ code: c.code, currentVersion: server.get(c.code)!.version, project: server.get(c.code) }));
        if (conflicts.length > 0) return { updateProjects: { projects: null, conflicts, userErrors: [] } };
        const projects = input.changes.map(({ code, expectedVersion, ...fields }: { code: string; expectedVersion: number }) => {
          const next = { ...server.get(code)!, ...fields, version: expectedVersion + 1 };
          server.set(code, next);
          return next;
        });
        return { updateProjects: { projects, conflicts: [], userErrors: [] } };
      },
      KpiScorecard: () => ({ kpiScorecard: [...kpis.values()] }),
      SetKpiTargets: ({ input }) => {
        const targets = input.targets.map((t: { kpiCode: string; value: string }) => {
          const next = { ...kpis.get(t.kpiCode)!, target: t.value, targetVersion: (kpis.get(t.kpiCode)!.targetVersion ?? 0) + 1 };
          kpis.set(t.kpiCode, next);
          return { kpiCode: next.code, period: next.period, entityCode: next.entityCode, value: next.target, version: next.targetVersion };
        });
        return { setKpiTargets: { targets, conflicts: [], userErrors: [] } };
      },
    });
    keys = 0;
    renderPane();
  });
  afterEach(() => {
    cleanup();
    workbook.uninstall();
  });

  /** Opens the task pane (again): it starts with nothing in memory; the workbook keeps its tables. */
  function renderPane() {
    renderPaneWith({ api, today: '2026-11-25', newKey: () => `key-${++keys}` });
  }


  /** The projects table as the pane reads it: one object per row, by column key. */
  const rows = () => office.readTable(projects);

  /** The sheet address of a body cell of the projects table, by row and column key. */
  function cellAddress(row: number, key: string): string {
    const table = workbook.table(projects.tableName);
    const { rect } = parseAddress(table.address);
    const column = table.headers.indexOf(projects.columns.find((c) => c.key === key)!.header);
    return formatRect({ row: rect.row + 1 + row, column: rect.column + column, rowCount: 1, columnCount: 1 });
  }

  /** The user types into a cell of the projects table. */
  const type = (row: number, key: string, value: Row[string]) => workbook.setCell(projects.sheetName, cellAddress(row, key), value);

  /** The mark a cell shows, told by its fill. */
  function markOf(row: number, key: string): string {
    const fill = workbook.fills(projects.sheetName, cellAddress(row, key))[0]![0];
    return Object.entries(MARK_FILLS).find(([, colour]) => colour === fill)?.[0] ?? 'none';
  }

  const markedCells = () =>
    Array.from({ length: workbook.table(projects.tableName).rowCount }, (_, row) => projects.columns.map((c) => markOf(row, c.key))).flat().filter((mark) => mark !== 'none');

  /** Commands that wrote cell values into the workbook since the given sync. */
  const valueWritesSince = (sync: number) =>
    workbook.syncs.records.slice(sync).flatMap((r) => r.commands).filter((command) => command === 'Range.values' || command === 'TableRowCollection.add');

  async function pullProjects() {
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'projects' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 3 rows into “Projects”');
  }

  it('pulls, lists edits as they are typed, flags a bad value, and pushes with the version and a key', async () => {
    await pullProjects();
    expect((await rows())[0]).toMatchObject({ code: 'P1', status: 'ACTIVE', actualCost: 25000, percentComplete: 0.3, version: 1, forecastEndDate: isoToSerial('2026-12-31') });

    type(0, 'status', 'On hold');
    type(1, 'percentComplete', '150%');
    await screen.findByRole('heading', { name: '2 changes pending' });
    expect(within(screen.getByRole('list', { name: 'Values to fix' })).getByRole('listitem').textContent).toContain('% complete: 150% is over 100%.');
    await waitFor(() => expect(markOf(1, 'percentComplete')).toBe('invalid'));
    expect(markOf(0, 'status')).toBe('pending');

    fireEvent.click(screen.getByRole('button', { name: 'Push 2 changes' }));
    expect(await screen.findByText('1 value to fix before pushing')).toBeTruthy();
    expect(api.calls.some((c) => c.operation === 'UpdateProjects')).toBe(false);

    type(1, 'percentComplete', '45%'); // as an analyst types it: Excel stores 0.45
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Values to fix' })).toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Push 2 changes' }));
    await screen.findByText('Pushed 2 changes');
    const update = api.calls.find((c) => c.operation === 'UpdateProjects')!;
    expect(update.variables).toEqual({ input: { changes: [{ code: 'P1', expectedVersion: 1, status: 'ON_HOLD' }, { code: 'P2', expectedVersion: 1, percentComplete: '45' }], idempotencyKey: 'key-1' } });
    expect((await rows()).map((r) => r.version)).toEqual([2, 2, 1]);
    expect(workbook.sheet(projects.sheetName).texts(cellAddress(1, 'percentComplete'))).toEqual([['45.00%']]);
    expect(screen.getByRole('heading', { name: 'No changes pending' })).toBeTruthy();
    await waitFor(() => expect(markedCells()).toEqual([]));
  });

  it('shows percentages as real percentage cells: 62.5 pulled is 62.50%, "14.5%" typed pushes 14.5, a refresh leaves nothing pending', async () => {
    server.set('P1', { ...server.get('P1')!, percentComplete: '62.5' });
    await pullProjects();
    const sheet = workbook.sheet(projects.sheetName);
    expect((await rows())[0]!.percentComplete).toBe(0.625);
    expect(sheet.texts(cellAddress(0, 'percentComplete'))).toEqual([['62.50%']]);
    expect(sheet.numberFormats(cellAddress(0, 'percentComplete'))).toEqual([['0.00%']]);

    // A refresh writes the same cells: no phantom edit from the ×100.
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('Refreshed 3 rows into “Projects”');
    expect(screen.getByRole('heading', { name: 'No changes pending' })).toBeTruthy();

    type(2, 'percentComplete', '14.5%'); // 0.145: exact decimal text, no float drift
    await screen.findByRole('heading', { name: '1 change pending' });
    const listed = within(screen.getByRole('list', { name: 'Changes' })).getByRole('listitem').textContent;
    expect(listed).toContain('30%');
    expect(listed).toContain('14.5%');
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    await screen.findByText('Pushed 1 change');
    expect(api.calls.find((c) => c.operation === 'UpdateProjects')!.variables.input.changes).toEqual([{ code: 'P3', expectedVersion: 1, percentComplete: '14.5' }]);
    expect(server.get('P3')).toMatchObject({ percentComplete: '14.5', version: 2 });
    expect(sheet.texts(cellAddress(2, 'percentComplete'))).toEqual([['14.50%']]);

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('Refreshed 3 rows into “Projects”');
    expect(screen.getByRole('heading', { name: 'No changes pending' })).toBeTruthy();
    expect((await rows())[2]!.percentComplete).toBe(0.145);
  });

  it('a KPI target typed as "90%" on a PERCENT KPI is sent as 90; a DAYS KPI keeps plain numbers', async () => {
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'kpiScorecard' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    await screen.findByText('Pulled 2 rows into “KPI scorecard”');
    const layout = kpiScorecardLayout.table;
    const table = workbook.table(layout.tableName);
    const { rect } = parseAddress(table.address);
    const at = (row: number, header: string) => formatRect({ row: rect.row + 1 + row, column: rect.column + table.headers.indexOf(header), rowCount: 1, columnCount: 1 });
    const sheet = workbook.sheet(layout.sheetName);
    // Per row: the CEI row's cells are percentages, the DSO row's days.
    expect(sheet.texts(`${at(0, 'Actual')}:${at(0, 'Target')}`)).toEqual([['45.50', '40.00']]);
    expect(sheet.texts(`${at(1, 'Actual')}:${at(1, 'Target')}`)).toEqual([['62.50%', '85.00%']]);

    workbook.setCell(layout.sheetName, at(1, 'Target'), '90%');
    workbook.setCell(layout.sheetName, at(0, 'Target'), 38);
    await screen.findByRole('heading', { name: '2 changes pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Push 2 changes' }));
    await screen.findByText('Pushed 2 changes');
    const sent = api.calls.find((c) => c.operation === 'SetKpiTargets')!.variables.input.targets;
    expect(sent.map((t: { kpiCode: string; value: string }) => [t.kpiCode, t.value])).toEqual([['DSO', '38'], ['CEI', '90']]);
    expect(kpis.get('CEI')).toMatchObject({ target: '90', targetVersion: 2 });
    // The written value comes back as the cell shows it, and a refresh finds nothing to push.
    expect(sheet.texts(at(1, 'Target'))).toEqual([['90.00%']]);
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText('Refreshed 2 rows into “KPI scorecard”');
    expect(screen.getByRole('heading', { name: 'No changes pending' })).toBeTruthy();
    expect(sheet.values(at(1, 'Target'))).toEqual([[0.9]]);
  });

  it("shows a conflict with the server's value, writes nothing, and re-pushes on the new version after keep mine", async () => {
    await pullProjects();
    type(0, 'actualCost', 30000);
    // Someone else changes P1 on the server meanwhile.
    server.set('P1', { ...server.get('P1')!, actualCost: '27500.00', percentComplete: '35', version: 2 });
    await screen.findByRole('heading', { name: '1 change pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));

    const item = await screen.findByRole('listitem', { name: 'Conflict on P1' });
    expect(item.textContent).toContain('Actual cost');
    expect(item.textContent).toContain('Server27,500.00 (version 2)');
    expect(item.textContent).toContain('Yours30,000.00');
    expect(server.get('P1')!.actualCost).toBe('27500.00');
    await waitFor(() => expect(markOf(0, 'actualCost')).toBe('conflict'));

    fireEvent.click(within(item).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(screen.queryByRole('listitem', { name: 'Conflict on P1' })).toBeNull());
    // The other fields take the server's values; mine stays pending on version 2.
    expect((await rows())[0]).toMatchObject({ actualCost: 30000, percentComplete: 0.35, version: 2 });
    fireEvent.click(await screen.findByRole('button', { name: 'Push 1 change' }));
    await screen.findByText('Pushed 1 change');
    const pushes = api.calls.filter((c) => c.operation === 'UpdateProjects');
    expect(pushes.map((c) => c.variables.input.changes)).toEqual([
      [{ code: 'P1', expectedVersion: 1, actualCost: '30000.00' }],
      [{ code: 'P1', expectedVersion: 2, actualCost: '30000.00' }],
    ]);
    expect(server.get('P1')).toMatchObject({ actualCost: '30000.00', percentComplete: '35', version: 3 });
  });

  it('after a failed push, pushing again resends the same batch with the same idempotency key', async () => {
    await pullProjects();
    type(1, 'percentComplete', '80%');
    await screen.findByRole('heading', { name: '1 change pending' });
    let failures = 1;
    const query = api.query as unknown as Mock;
    const realUpdate = query.getMockImplementation()!;
    query.mockImplementation(async (document: string, variables?: Record<string, unknown>) => {
      if (/mutation UpdateProjects/.test(document) && failures-- > 0) {
        api.calls.push({ operation: 'UpdateProjects (lost)', variables: variables ?? {} });
        throw new ApiError('unreachable', 'Could not reach https://ledger.test.');
      }
      return realUpdate(document, variables);
    });
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    expect(await screen.findByText('Push did not complete')).toBeTruthy();
    expect(screen.getByText(/Your changes are still pending\. Pushing again resends the same batch with the same key/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: '1 change pending' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    await screen.findByText('Pushed 1 change');
    const sent = api.calls.filter((c) => c.operation.startsWith('UpdateProjects'));
    expect(sent.map((c) => [c.operation, c.variables.input.idempotencyKey])).toEqual([['UpdateProjects (lost)', 'key-1'], ['UpdateProjects', 'key-1']]);
  });

  it("take the server's writes its value into the cell and leaves nothing pending", async () => {
    await pullProjects();
    type(2, 'status', 'CANCELLED');
    server.set('P3', { ...server.get('P3')!, status: 'ON_HOLD', version: 4 });
    await screen.findByRole('heading', { name: '1 change pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    fireEvent.click(within(await screen.findByRole('listitem', { name: 'Conflict on P3' })).getByRole('button', { name: 'Take server’s' }));
    await screen.findByRole('heading', { name: 'No changes pending' });
    expect((await rows())[2]).toMatchObject({ status: 'ON_HOLD', version: 4 });
  });

  it('shows the rows fetched so far during a long pull, and Cancel stops it without touching the sheet', async () => {
    await screen.findByRole('combobox', { name: 'Dataset' });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    const progress = await screen.findByRole('status', { name: 'Pull progress' });
    await waitFor(() => expect(progress.textContent).toBe('Fetching rows…1,000 of 1,500 rowsCancel'));
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('0.6666666666666666');
    fireEvent.click(within(progress).getByRole('button', { name: 'Cancel' }));
    await screen.findByText('Pull cancelled');
    expect(screen.getByText('Stopped after fetching 1,000 rows; the sheet was not changed.')).toBeTruthy();
    expect(workbook.hasTable('llInvoices')).toBe(false);
    expect(screen.getByRole('button', { name: 'Pull into sheet' }).hasAttribute('disabled')).toBe(false);
  });

  it('asks before a refresh would replace unpushed edits, and can keep them', async () => {
    await pullProjects();
    type(0, 'status', 'DONE');
    type(0, 'actualEndDate', isoToSerial('2026-11-20'));
    await screen.findByRole('heading', { name: '2 changes pending' });
    server.set('P2', { ...server.get('P2')!, name: 'Renamed on the server', version: 5 });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('2 changes are not pushed yet');
    // Fluent's modal marks its surface aria-hidden for a moment while it mounts (seen under
    // load): look the button up regardless, as a user sees and clicks it.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep my changes', hidden: true }));
    await screen.findByText('Refreshed 3 rows into “Projects”');
    expect(screen.getByText(/Your 2 unpushed changes were kept/)).toBeTruthy();
    expect((await rows())[0]).toMatchObject({ status: 'DONE', actualEndDate: isoToSerial('2026-11-20') });
    expect((await rows())[1]).toMatchObject({ name: 'Renamed on the server', version: 5 });
    expect(screen.getByRole('heading', { name: '2 changes pending' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Discard my changes' }));
    await screen.findByRole('heading', { name: 'No changes pending' });
    expect((await rows())[0]).toMatchObject({ status: 'ACTIVE', actualEndDate: '' });
  });

  it('finds edits made before the pane was reopened, asks before a refresh replaces them, and pushes them', async () => {
    await pullProjects();
    type(0, 'status', 'On hold');
    type(2, 'percentComplete', '60%');
    await screen.findByRole('heading', { name: '2 changes pending' });
    server.set('P3', { ...server.get('P3')!, percentComplete: '35', version: 2 }); // someone else moved P3 on meanwhile

    const syncsBeforeReopening = workbook.syncs.count;
    cleanup(); // the task pane is closed; the sheet keeps the edits
    renderPane();
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'projects' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    const dialog = await screen.findByRole('alertdialog');
    // P1's edit is found (the server still has version 1); P3's cannot be told from the server's change.
    expect(dialog.textContent).toContain('1 change is not pushed yet');
    expect(dialog.textContent).toContain('made in the sheet before the pane was opened');
    expect(screen.getByText('1 change in “Projects” not pushed yet')).toBeTruthy();
    expect(valueWritesSince(syncsBeforeReopening)).toEqual([]); // nothing written since the first pull
    expect((await rows())[0]).toMatchObject({ status: 'On hold', version: 1 });

    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep my changes', hidden: true }));
    await screen.findByText('Refreshed 3 rows into “Projects”');
    expect((await rows())[0]).toMatchObject({ status: 'On hold', version: 1 });
    expect((await rows())[2]).toMatchObject({ percentComplete: 0.35, version: 2 });
    await screen.findByRole('heading', { name: '1 change pending' });

    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    await screen.findByText('Pushed 1 change');
    expect(server.get('P1')).toMatchObject({ status: 'ON_HOLD', version: 2 });
  });

  it('after reopening, Cancel leaves the found edits pending and pushable without a refresh', async () => {
    await pullProjects();
    type(1, 'actualCost', 27500);
    cleanup();
    renderPane();
    fireEvent.change(await screen.findByRole('combobox', { name: 'Dataset' }), { target: { value: 'projects' } });
    fireEvent.click(screen.getByRole('button', { name: 'Pull into sheet' }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Cancel', hidden: true }));
    await screen.findByRole('heading', { name: '1 change pending' });
    fireEvent.click(screen.getByRole('button', { name: 'Push 1 change' }));
    await screen.findByText('Pushed 1 change');
    expect(server.get('P2')).toMatchObject({ actualCost: '27500.00', version: 2 });
  });
});
