// The sheet never lies: the odd but ordinary things analysts do to a pulled table — copy a row,
// overwrite a key, sort and add their own column, keep a total under the table, insert and delete
// rows, edit read-only cells, rename a header, filter — each checked on what the server received
// and what the sheet shows afterwards. The pane's session drives the real Office layer over the
// in-memory Excel, against a fake server that applies what it is sent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProjectNode } from '../../../addin/api/operations.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { projectsLayout } from '../../../addin/sheets/layouts/projects.js';
import { DatasetSession } from '../../../addin/workflow/dataset-session.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { fakeApi } from '../support/fake-api.js';

const project = (code: string, over: Partial<ProjectNode> = {}): ProjectNode => ({
  code, name: `Project ${code}`, owner: 'Ada', status: 'ACTIVE', startDate: '2026-01-01', baselineEndDate: '2026-12-31', forecastEndDate: '2026-12-31',
  actualEndDate: null, budget: '100000.00', actualCost: '25000.00', currency: 'USD', percentComplete: '30', budgetVariance: '75000.00',
  scheduleVarianceDays: 0, version: 1, entity: { code: 'US01' }, figures: { cpi: '1.20', spi: '0.90', health: 'GREEN' }, ...over,
});

const SHEET = projectsLayout.table.sheetName;
const TABLE = projectsLayout.table.tableName;

let workbook: FakeWorkbook;
let server: Map<string, ProjectNode>;
let api: ReturnType<typeof fakeApi>;
let session: DatasetSession;

beforeEach(() => {
  workbook = installFakeExcel();
  server = new Map(['FIN-005', 'FIN-012', 'FIN-018'].map((c) => [c, project(c)] as const));
  api = fakeApi({
    ProjectsPage: () => ({ projects: { totalCount: server.size, pageInfo: { hasNextPage: false, endCursor: null }, edges: [...server.values()].map((node) => ({ node })) } }),
    UpdateProjects: ({ input }) => {
      const conflicts = (input.changes ?? [])
        .filter((c: { code: string; expectedVersion: number }) => server.get(c.code)?.version !== c.expectedVersion)
        .map((c: { code: string }) => ({ code: c.code, currentVersion: server.get(c.code)!.version, project: server.get(c.code) }));
      if (conflicts.length > 0) return { updateProjects: { projects: null, conflicts, userErrors: [] } };
      const changed = (input.changes ?? []).map(({ code, expectedVersion, ...fields }: { code: string; expectedVersion: number }) => {
        const next = { ...server.get(code)!, ...fields, version: expectedVersion + 1 };
        server.set(code, next);
        return next;
      });
      const created = (input.creates ?? []).map(({ entityCode, ...fields }: { code: string; entityCode?: string }) => {
        const next = project(fields.code, { ...(fields as Partial<ProjectNode>), entity: { code: entityCode ?? 'US01' }, version: 1 });
        server.set(next.code, next);
        return next;
      });
      return { updateProjects: { projects: [...changed, ...created], conflicts: [], userErrors: [] } };
    },
  });
  session = new DatasetSession({ layout: projectsLayout, office: fromOfficeLayer(officeLayer), api, today: () => '2026-11-30', newKey: () => 'key', scanDelayMs: 60_000 });
});

afterEach(async () => {
  await session.dispose();
  workbook.uninstall();
});

const table = () => workbook.table(TABLE);
/** The 1-based sheet row of a table body row, and the address of a cell in it by header. */
function cell(bodyRow: number, header: string): string {
  const { rect } = parseAddress(table().address);
  return formatRect({ row: rect.row + 1 + bodyRow, column: rect.column + table().headers.indexOf(header), rowCount: 1, columnCount: 1 });
}
const type = (bodyRow: number, header: string, value: string | number) => workbook.setCell(SHEET, cell(bodyRow, header), value);
const rowOf = (code: string) => table().column('Project').indexOf(code);
const pushCalls = () => api.calls.filter((c) => c.operation === 'UpdateProjects');
const state = () => session.getState();

async function pull(keepEdits?: boolean) {
  await session.pull({ entityCode: '', search: '' }, keepEdits === undefined ? {} : { keepEdits });
  expect(state().notice?.intent, state().notice?.text).not.toBe('error');
}

describe('the sheet never lies', () => {
  it('a copied row is a new row: the original is never written through it', async () => {
    await pull();
    // Copy FIN-005's whole row (hidden cells too) and insert it as a new row under the last one.
    const copied = workbook.sheet(SHEET).values(`A${2 + rowOf('FIN-005')}:${cell(rowOf('FIN-005'), 'Row key').replace(/\d+/, String(2 + rowOf('FIN-005')))}`);
    workbook.insertRows(SHEET, '4:4');
    workbook.setRange(SHEET, `A4:${cell(2, 'Row key').replace(/\d+/, '4')}`, copied);
    const copy = 2;
    expect(table().column('Project')).toEqual(['FIN-005', 'FIN-012', 'FIN-005', 'FIN-018']);
    type(copy, 'Name', 'Close automation phase 2');
    type(copy, 'Status', 'Cancelled');

    await session.scan();
    expect(state().edits).toEqual([]);
    expect(state().problems.map((p) => [p.row, p.header, p.message])).toEqual([[copy, 'Project', expect.stringContaining('FIN-005 is already in the table')]]);
    await session.push();
    expect(pushCalls()).toEqual([]);
    expect(server.get('FIN-005')).toMatchObject({ status: 'ACTIVE', name: 'Project FIN-005', version: 1 });

    // Given its own code, the copy is created; the original is untouched.
    type(copy, 'Project', 'FIN-099');
    await session.scan();
    expect(state().problems).toEqual([]);
    expect(state().edits.map((e) => [e.label, e.header])).toEqual([['FIN-099', 'New row']]);
    await session.push();
    expect(pushCalls()).toHaveLength(1);
    expect(pushCalls()[0]!.variables.input.changes).toEqual([]);
    expect(pushCalls()[0]!.variables.input.creates).toEqual([expect.objectContaining({ code: 'FIN-099', name: 'Close automation phase 2', status: 'CANCELLED' })]);
    expect(server.get('FIN-005')).toMatchObject({ status: 'ACTIVE', version: 1 });
    expect(server.get('FIN-099')).toMatchObject({ status: 'CANCELLED', name: 'Close automation phase 2' });
    expect(table().rows()[copy]).toEqual(expect.arrayContaining(['FIN-099', 1]));
    expect(state().edits).toEqual([]);
  });

  it('an overwritten key keeps the row’s edit pending on its true key until the key is typed back', async () => {
    await pull();
    const at = rowOf('FIN-018');
    type(at, 'Status', 'On hold');
    type(at, 'Project', 'FIN-018X');
    await session.scan();
    expect(state().edits.map((e) => [e.rowKey, e.header, e.after])).toEqual([['FIN-018', 'Status', 'On hold']]);
    expect(state().problems.map((p) => p.message)).toEqual([expect.stringContaining('type FIN-018 back')]);
    await session.push();
    expect(pushCalls()).toEqual([]);

    type(at, 'Project', 'FIN-018');
    await session.push();
    expect(pushCalls().map((c) => c.variables.input.changes)).toEqual([[{ code: 'FIN-018', expectedVersion: 1, status: 'ON_HOLD' }]]);
    expect(server.get('FIN-018')).toMatchObject({ status: 'ON_HOLD', version: 2 });
  });

  it('the analyst’s own column stays with its row after a sort and a refresh', async () => {
    await pull();
    const last = table().headers.length;
    const { rect } = parseAddress(table().address);
    const right = formatRect({ row: rect.row, column: rect.column + last, rowCount: 1, columnCount: 1 });
    workbook.setCell(SHEET, right, 'My note'); // typed beside the header: the table takes the column in
    table().column('Project').forEach((code, i) => type(i, 'My note', `note on ${code}`));
    workbook.sortTable(TABLE, 'Project', false);
    server.set('FIN-012', project('FIN-012', { actualCost: '31000.00', version: 2 }));
    server.set('FIN-020', project('FIN-020'));

    await pull();
    const codes = table().column('Project');
    // The user's sort applies to the new row too; every note is still on its project's row.
    expect(codes).toEqual(['FIN-020', 'FIN-018', 'FIN-012', 'FIN-005']);
    expect(table().column('My note')).toEqual(['', 'note on FIN-018', 'note on FIN-012', 'note on FIN-005']);
    expect(table().column('Actual cost')[2]).toBe(31000);
    expect(state().edits).toEqual([]);
  });

  it('a refresh that adds rows moves a total under the table down, never over it', async () => {
    await pull();
    workbook.setCell(SHEET, 'A6', 'TOTAL');
    workbook.setCell(SHEET, 'L6', '=SUBTOTAL(109,L2:L4)');
    workbook.deleteRows(SHEET, '5:5'); // the total now sits right under the table
    server.set('FIN-020', project('FIN-020'));
    server.set('FIN-021', project('FIN-021'));
    await pull();
    expect(table().rowCount).toBe(5);
    expect(workbook.sheet(SHEET).values('A7:A7')).toEqual([['TOTAL']]);
    expect(workbook.sheet(SHEET).values('A2:A6').flat()).toEqual(['FIN-005', 'FIN-012', 'FIN-018', 'FIN-020', 'FIN-021']);
  });

  it('a typed new row is created in the same batch as the edits; a deleted row is listed and comes back', async () => {
    await pull();
    type(rowOf('FIN-012'), 'Status', 'Done');
    type(rowOf('FIN-012'), 'Actual end', '2026-11-28');
    workbook.insertRows(SHEET, '3:3'); // a new row inside the table, typed in
    for (const [header, value] of [['Project', 'FIN-030'], ['Name', 'Lease accounting'], ['Owner', 'Ben'], ['Start', '2026-12-01'], ['Baseline end', '2027-06-30'], ['Currency', 'USD'], ['Budget', '250,000']] as const) {
      type(1, header, value);
    }
    workbook.deleteRows(SHEET, `${2 + rowOf('FIN-018')}:${2 + rowOf('FIN-018')}`);
    await session.scan();
    expect(state().edits.map((e) => [e.label, e.header])).toEqual([['FIN-012', 'Status'], ['FIN-012', 'Actual end'], ['FIN-030', 'New row']]);
    expect(state().notes.map((n) => n.message)).toEqual([expect.stringContaining('FIN-018 was removed from the sheet; it is not deleted on the server')]);

    await session.push();
    expect(pushCalls()).toHaveLength(1);
    const { changes, creates } = pushCalls()[0]!.variables.input;
    expect(changes).toEqual([{ code: 'FIN-012', expectedVersion: 1, status: 'DONE', actualEndDate: '2026-11-28' }]);
    expect(creates).toEqual([{ code: 'FIN-030', name: 'Lease accounting', owner: 'Ben', startDate: '2026-12-01', baselineEndDate: '2027-06-30', currency: 'USD', budget: '250000.00' }]);
    expect(server.has('FIN-018')).toBe(true);

    await pull();
    expect(table().column('Project')).toEqual(['FIN-005', 'FIN-030', 'FIN-012', 'FIN-018']);
    expect(state().notes).toEqual([]);
    expect(state().edits).toEqual([]);
  });

  it('a percentage typed as analysts type it — 45%, or 45 in the percentage cell — pushes 45', async () => {
    await pull();
    type(rowOf('FIN-005'), '% complete', '45%');
    type(rowOf('FIN-012'), '% complete', '45');
    await session.push();
    expect(pushCalls().map((c) => c.variables.input.changes)).toEqual([[
      { code: 'FIN-005', expectedVersion: 1, percentComplete: '45' },
      { code: 'FIN-012', expectedVersion: 1, percentComplete: '45' },
    ]]);
    expect(table().column('% complete').slice(0, 2)).toEqual([0.45, 0.45]);
  });

  it('edits to read-only columns are listed as not pushed, and a refresh puts the server’s value back', async () => {
    await pull();
    type(rowOf('FIN-005'), 'Name', 'Renamed here');
    type(rowOf('FIN-005'), 'Budget', 1);
    await session.scan();
    expect(state().edits).toEqual([]);
    expect(state().notes.map((n) => [n.header, n.message])).toEqual([
      ['Name', expect.stringContaining('read-only here: this change won’t be pushed')],
      ['Budget', expect.stringContaining('read-only here')],
    ]);
    await session.push();
    expect(pushCalls()).toEqual([]);
    await pull();
    expect(table().rows()[0]).toEqual(expect.arrayContaining(['Project FIN-005', 100000]));
  });

  it('a renamed header is named, restored on request, and Refresh never leaves a stale column beside a new one', async () => {
    await pull();
    type(rowOf('FIN-005'), 'Actual cost', 26000);
    workbook.setCell(SHEET, cell(-1, 'Actual cost'), 'Actual cost (USD)');
    await session.scan();
    expect(state().notice).toMatchObject({ intent: 'error', action: { run: 'restoreHeaders' }, text: expect.stringContaining('"Actual cost" (renamed “Actual cost (USD)”?)') });
    await session.restoreHeaders();
    expect(table().headers.filter((h) => h.startsWith('Actual cost'))).toEqual(['Actual cost']);
    expect(state().edits.map((e) => [e.header, e.after])).toEqual([['Actual cost', '26,000.00']]);

    workbook.setCell(SHEET, cell(-1, 'Actual cost'), 'Spent');
    await pull(true);
    expect(table().headers.filter((h) => h === 'Spent' || h === 'Actual cost')).toEqual(['Actual cost']);
    expect(state().edits.map((e) => e.header)).toEqual(['Actual cost']);
  });

  it('a protected sheet: the refresh says so and changes nothing', async () => {
    await pull();
    const before = table().rows();
    workbook.protectSheet(SHEET);
    server.set('FIN-005', project('FIN-005', { actualCost: '99000.00', version: 2 }));
    await session.pull({ entityCode: '', search: '' });
    expect(state().notice).toMatchObject({ intent: 'error', title: expect.stringContaining('the sheet is protected'), text: expect.stringContaining('Unprotect the sheet') });
    expect(table().rows()).toEqual(before);
  });

  it('a filtered table keeps a row the server no longer has, says so, and removes it once unfiltered', async () => {
    await pull();
    workbook.filterTable(TABLE, 'Project', ['FIN-005', 'FIN-012']);
    server.delete('FIN-012');
    await pull();
    expect(state().notice?.text).toContain('could not be removed because the table is filtered');
    expect(state().notes.map((n) => n.message)).toEqual([expect.stringContaining('the table is filtered')]);
    expect(state().edits).toEqual([]);
    workbook.clearTableFilter(TABLE);
    await pull();
    expect(table().column('Project')).toEqual(['FIN-005', 'FIN-018']);
    expect(state().notes).toEqual([]);
  });
});
