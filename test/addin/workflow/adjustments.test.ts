// Adjustments and a closed period end to end: the pane's session on the in-memory Excel, talking
// through the add-in's own client to the real API in process (a fresh PGlite database). An AR
// analyst proposes a credit memo and write-offs on the open invoices, sees a refused batch post
// nothing, then posts the rest in one batch after saying yes; a refresh shows the new balances.
// A scorecard pulled for a closed period says so and keeps targets editable. The worklist is
// pulled for one collector, snoozed customers left out until asked for.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerApi } from '../../../addin/api/client.js';
import { inProcessLedgerApi, openBalances, seedSmallBook } from '../support/in-process-api.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { adjustmentsLayout } from '../../../addin/sheets/layouts/adjustments.js';
import { kpiScorecardLayout } from '../../../addin/sheets/layouts/kpis.js';
import { worklistLayout } from '../../../addin/sheets/layouts/worklist.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import type { DatasetLayout } from '../../../addin/sheets/types.js';
import { DatasetSession } from '../../../addin/workflow/dataset-session.js';
import { fromOfficeLayer } from '../../../addin/workflow/office-functions.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { testDatabases } from '../../support/databases.js';

const TODAY = '2026-11-25';
const [database] = testDatabases(); // PGlite: the add-in's side is what is under test here

let api: TestApi;
let workbook: FakeWorkbook;
let session: DatasetSession;
const numbers: Record<string, string> = {};

const clientFor = (token: string): LedgerApi => inProcessLedgerApi(api, token);

function open(layout: DatasetLayout, token: string): DatasetSession {
  return new DatasetSession({ layout, office: fromOfficeLayer(officeLayer), api: clientFor(token), today: () => TODAY, newKey: () => crypto.randomUUID(), scanDelayMs: 60_000 });
}

const balances = () => openBalances(api);

beforeAll(async () => {
  api = await startTestApi(database!, { today: TODAY });
  Object.assign(numbers, await seedSmallBook(api, { issueDate: '2026-09-01', customerName: (code) => `${code} Inc`, amounts: { ALPHA: '2000.00', BETA: '80.00', GAMMA: '500.00' } }));
});

afterAll(async () => {
  await api?.close();
});

beforeEach(() => {
  workbook = installFakeExcel();
});

afterEach(async () => {
  await session.dispose();
  workbook.uninstall();
});

const column = (layout: DatasetLayout, header: string) => workbook.table(layout.table.tableName).column(header);

/** Types into the cell under `header` on the row of the invoice (wherever sorting put it). */
function type(number: string, header: string, value: string): void {
  const table = workbook.table(adjustmentsLayout.table.tableName);
  const { rect } = parseAddress(table.address);
  const bodyRow = column(adjustmentsLayout, 'Invoice').indexOf(number);
  const address = formatRect({ row: rect.row + 1 + bodyRow, column: rect.column + table.headers.indexOf(header), rowCount: 1, columnCount: 1 });
  workbook.setCell(adjustmentsLayout.table.sheetName, address, value);
}

describe('adjustments in the sheet', () => {
  it('refuses a percentage, posts nothing of a refused batch, then posts the credit memo and write-off in one batch after asking', async () => {
    session = open(adjustmentsLayout, api.tokens.AR);
    await session.pull({ entityCode: '', currency: '' });
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Pulled 3 rows into “Adjustments”' });
    expect(column(adjustmentsLayout, 'Invoice')).toEqual([numbers.ALPHA, numbers.BETA, numbers.GAMMA]);
    expect(column(adjustmentsLayout, 'Balance')).toEqual([2000, 80, 500]);

    // The analyst sorts by balance first: rows are matched by invoice, not by position.
    workbook.sortTable(adjustmentsLayout.table.tableName, 'Balance', true);
    type(numbers.ALPHA!, 'Kind', 'Credit memo');
    type(numbers.ALPHA!, 'Amount', '10%');
    type(numbers.ALPHA!, 'Reason', 'Price agreed in October');
    type(numbers.BETA!, 'Kind', 'Write-off');
    type(numbers.BETA!, 'Reason', 'Small balance');
    type(numbers.GAMMA!, 'Kind', 'WRITE_OFF');
    type(numbers.GAMMA!, 'Reason', 'Customer gone');
    await session.scan();
    expect(session.getState().problems.map((p) => [p.label, p.header, p.message])).toEqual([
      [`${numbers.ALPHA} ALPHA`, 'Amount', 'Amount: "10%" is a percentage, not an amount: type the amount itself in USD.'],
    ]);
    await session.push();
    expect(session.getState().notice).toMatchObject({ intent: 'error', title: '1 value to fix before pushing' });
    expect(session.getState().confirmation).toBeNull();

    // Typed with a thousands separator, read exactly.
    type(numbers.ALPHA!, 'Amount', '1,250.50');
    await session.push();
    expect(session.getState().confirmation).toMatchObject({
      title: 'Post 3 adjustments (1 credit memo, 2 write-offs)?',
      text: expect.stringContaining('Credit memos: USD 1,250.50. Write-offs: USD 580.00'),
    });
    await session.push({ confirmed: session.getState().confirmation!.signature });
    // GAMMA's write-off is above the limit for an AR token: the whole batch is refused.
    expect(session.getState().notice).toMatchObject({ intent: 'error', title: 'The server refused 1 value' });
    expect(session.getState().problems.map((p) => [p.label, p.header, p.message])).toEqual([
      [`${numbers.GAMMA} GAMMA`, 'Amount', expect.stringContaining('A write-off above the limit needs an ADMIN')],
    ]);
    expect(await balances()).toEqual({ [numbers.ALPHA!]: '2000.00', [numbers.BETA!]: '80.00', [numbers.GAMMA!]: '500.00' });

    // GAMMA left for an admin: its entries cleared, the other two posted.
    type(numbers.GAMMA!, 'Kind', '');
    type(numbers.GAMMA!, 'Reason', '');
    await session.push();
    expect(session.getState().confirmation).toMatchObject({
      title: 'Post 2 adjustments (1 credit memo, 1 write-off)?',
      text: expect.stringContaining(`Credit memos: USD 1,250.50. Write-offs: USD 80.00 (a blank amount writes off the whole open balance, shown as pulled). Dated ${TODAY}.`),
    });
    await session.push({ confirmed: session.getState().confirmation!.signature });
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Posted 2 adjustments (1 credit memo, 1 write-off)' });
    expect(session.getState().problems).toEqual([]);
    expect(session.getState().edits).toEqual([]);
    const results = Object.fromEntries(column(adjustmentsLayout, 'Invoice').map((n, i) => [n, column(adjustmentsLayout, 'Result')[i]]));
    expect(results).toEqual({ [numbers.ALPHA!]: 'Credit memo US01-CM-000001 for USD 1,250.50', [numbers.BETA!]: 'Written off USD 80.00', [numbers.GAMMA!]: '' });
    expect(column(adjustmentsLayout, 'Kind')).toEqual(['', '', '']);
    expect(await balances()).toEqual({ [numbers.ALPHA!]: '749.50', [numbers.GAMMA!]: '500.00' });

    // A refresh shows the new balances; the invoice written off in full is no longer open.
    await session.pull({ entityCode: '', currency: '' });
    const balance = Object.fromEntries(column(adjustmentsLayout, 'Invoice').map((n, i) => [n, column(adjustmentsLayout, 'Balance')[i]]));
    expect(balance).toEqual({ [numbers.ALPHA!]: 749.5, [numbers.GAMMA!]: 500 });
  });
});

describe('the scorecard of a closed period', () => {
  it('says the period is closed and still pushes a target', async () => {
    const closed = await api.ok(`mutation { closePeriod(input: { period: "2026-10", entityCode: "US01" }) { userErrors { field message } } }`);
    expect(closed.closePeriod.userErrors).toEqual([]);
    session = open(kpiScorecardLayout, api.tokens.ANALYST);
    await session.pull({ period: '2026-10', entityCode: 'US01', currency: '' });
    expect(session.getState().tableNote).toMatch(/^2026-10 is closed for US01: actuals are the close snapshot\. Targets can still be set/);
    expect(new Set(column(kpiScorecardLayout, 'Closed'))).toEqual(new Set(['Yes']));
    expect(new Set(column(kpiScorecardLayout, 'Snapshot currency'))).toEqual(new Set(['USD']));

    const table = workbook.table(kpiScorecardLayout.table.tableName);
    const { rect } = parseAddress(table.address);
    const address = formatRect({ row: rect.row + 1, column: rect.column + table.headers.indexOf('Target'), rowCount: 1, columnCount: 1 });
    workbook.setCell(kpiScorecardLayout.table.sheetName, address, '12');
    await session.push();
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Pushed 1 change' });
  });
});

describe('the worklist by collector', () => {
  it('lists one collector’s customers with credit limit and hold, snoozed ones only when included', async () => {
    const customers = [
      { code: 'DELTA', collector: 'maria', creditLimit: '100.00', onCreditHold: true },
      { code: 'EPSILON', collector: 'Maria', creditLimit: null, onCreditHold: false },
      { code: 'ZETA', collector: 'joe', creditLimit: null, onCreditHold: false },
    ];
    for (const { code, ...collections } of customers) {
      const created = await api.ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { userErrors { message } } }`, {
        input: { entityCode: 'US01', code, name: `${code} Inc`, paymentTerms: 'DUE_ON_RECEIPT', deliveryChannel: 'POST', ...collections },
      }, api.tokens.AR);
      expect(created.createCustomer.userErrors).toEqual([]);
      // Issued after the closed October, due at once: past due on the worklist's date.
      const issued = await api.ok(`mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { userErrors { message } } }`, {
        input: { customerCode: code, issueDate: '2026-11-02', lines: [{ description: 'Services', quantity: '1', unitPrice: '300.00' }] },
      }, api.tokens.AR);
      expect(issued.createInvoice.userErrors).toEqual([]);
    }
    const logged = await api.ok(`mutation($input: LogCollectionActivitiesInput!) { logCollectionActivities(input: $input) { userErrors { message } } }`, {
      input: { activities: [{ customerCode: 'EPSILON', kind: 'CALL', note: 'Call back next week', nextFollowUp: '2026-12-02' }] },
    }, api.tokens.ANALYST);
    expect(logged.logCollectionActivities.userErrors).toEqual([]);

    session = open(worklistLayout, api.tokens.ANALYST);
    await session.pull({ asOf: TODAY, entityCode: '', collector: 'maria', includeSnoozed: '' });
    expect(column(worklistLayout, 'Customer')).toEqual(['DELTA']);
    expect(['Collector', 'Credit limit', 'Over limit', 'Credit hold', 'Open disputes'].map((h) => column(worklistLayout, h)[0])).toEqual(['maria', 100, 'Yes', 'Yes', 0]);

    await session.pull({ asOf: TODAY, entityCode: '', collector: 'maria', includeSnoozed: 'true' });
    const rows = Object.fromEntries(column(worklistLayout, 'Customer').map((c, i) => [c, column(worklistLayout, 'Snoozed until')[i]]));
    expect(rows).toEqual({ DELTA: '', EPSILON: isoToSerial('2026-12-02') });
  });
});
