// Deliveries and the dunning proposal end to end: the pane's session on the in-memory Excel,
// talking through the add-in's own client to the real API in process (a fresh PGlite database).
// An analyst records a portal upload by typing its reference; a collector holds one customer's
// letter back and sends the others — after saying yes to the question.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LedgerApi } from '../../../addin/api/client.js';
import { inProcessLedgerApi } from '../support/in-process-api.js';
import { formatRect, parseAddress } from '../../../addin/in-memory-excel/a1.js';
import { installFakeExcel, type FakeWorkbook } from '../../../addin/in-memory-excel/index.js';
import * as officeLayer from '../../../addin/office/index.js';
import { deliveriesLayout } from '../../../addin/sheets/layouts/deliveries.js';
import { dunningLayout } from '../../../addin/sheets/layouts/dunning.js';
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

async function invoice(customerCode: string, issueDate: string, amount: string): Promise<string> {
  const created = await api.ok(
    `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { invoice { number } userErrors { message } } }`,
    { input: { customerCode, issueDate, lines: [{ description: 'Services', quantity: '1', unitPrice: amount }] } },
    api.tokens.AR,
  );
  expect(created.createInvoice.userErrors).toEqual([]);
  return created.createInvoice.invoice.number;
}

async function customer(code: string, channel: 'PORTAL' | 'EMAIL') {
  const created = await api.ok(`mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { userErrors { message } } }`, {
    input: { entityCode: 'US01', code, name: `${code} Inc`, paymentTerms: 'NET30', deliveryChannel: channel, ...(channel === 'EMAIL' ? { billingEmails: [`ap@${code.toLowerCase()}.test`] } : {}) },
  }, api.tokens.AR);
  expect(created.createCustomer.userErrors).toEqual([]);
}

const DRY_RUN = `mutation($asOf: Date!) { runDunning(input: { asOf: $asOf }) { letters { customer { code } } userErrors { message } } }`;
const proposed = async () => ((await api.ok(DRY_RUN, { asOf: TODAY }, api.tokens.AR)).runDunning.letters as { customer: { code: string } }[]).map((l) => l.customer.code).sort();

beforeAll(async () => {
  api = await startTestApi(database!, { today: TODAY });
  await api.ok(`mutation { createEntity(input: {code: "US01", name: "United States", currency: "USD"}) { userErrors { message } } }`);
  await customer('PORTALCO', 'PORTAL');
  for (const code of ['ALPHA', 'BETA', 'GAMMA']) await customer(code, 'EMAIL');
  numbers.portal = await invoice('PORTALCO', '2026-11-20', '500.00');
  for (const code of ['ALPHA', 'BETA', 'GAMMA']) numbers[code] = await invoice(code, '2026-09-01', '1000.00'); // due 10-01: 55 days overdue
  const levels = await api.ok(`mutation($input: SetDunningLevelsInput!) { setDunningLevels(input: $input) { userErrors { field message } } }`, {
    input: { levels: [{ level: 1, minDaysOverdue: 1, combine: 'AND', subject: 'Payment reminder', body: 'Our records show invoices past due.' }] },
  }, api.tokens.AR);
  expect(levels.setDunningLevels.userErrors).toEqual([]);
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

/** The cell of a table body row under a header, as an address on its sheet. */
function cell(layout: DatasetLayout, bodyRow: number, header: string): string {
  const table = workbook.table(layout.table.tableName);
  const { rect } = parseAddress(table.address);
  return formatRect({ row: rect.row + 1 + bodyRow, column: rect.column + table.headers.indexOf(header), rowCount: 1, columnCount: 1 });
}
const column = (layout: DatasetLayout, header: string) => workbook.table(layout.table.tableName).column(header);

describe('deliveries in the sheet', () => {
  it('a reference typed on a pending portal upload is recorded on the server, and the row shows it delivered', async () => {
    session = open(deliveriesLayout, api.tokens.ANALYST);
    const portalUploadsToDo = deliveriesLayout.presets!.find((p) => p.label === 'Portal uploads to do')!.filters;
    await session.pull(portalUploadsToDo);
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Pulled 1 row into “Deliveries”' });
    expect(column(deliveriesLayout, 'Invoice')).toEqual([numbers.portal]);
    expect(column(deliveriesLayout, 'Status')).toEqual(['PENDING']);

    workbook.setCell('Deliveries', cell(deliveriesLayout, 0, 'Reference'), 'UPL-2026-0042');
    await session.scan();
    expect(session.getState().edits.map((e) => [e.header, e.after])).toEqual([['Reference', 'UPL-2026-0042']]);
    await session.push();
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: 'Pushed 1 change' });
    expect(column(deliveriesLayout, 'Status')).toEqual(['DELIVERED']);
    expect(session.getState().edits).toEqual([]);

    const recorded = await api.ok(`{ deliveries(channel: PORTAL, first: 10) { edges { node { status reference invoice { number } } } } }`);
    expect(recorded.deliveries.edges.map((e: { node: unknown }) => e.node)).toEqual([{ status: 'DELIVERED', reference: 'UPL-2026-0042', invoice: { number: numbers.portal } }]);

    // Refreshed for every status of the channel, the row is still there, delivered, with its reference.
    await session.pull({ deliveryStatus: '', deliveryChannel: 'PORTAL' });
    expect(column(deliveriesLayout, 'Status')).toEqual(['DELIVERED']);
    expect(column(deliveriesLayout, 'Reference')).toEqual(['UPL-2026-0042']);
  });
});

describe('the dunning proposal in the sheet', () => {
  it('asks before sending, then sends letters only to the customers left at Send = Yes', async () => {
    session = open(dunningLayout, api.tokens.AR);
    await session.pull({ asOf: TODAY, entityCode: '' });
    expect(column(dunningLayout, 'Customer')).toEqual(['ALPHA', 'BETA', 'GAMMA']);
    expect(column(dunningLayout, 'Send')).toEqual(['YES', 'YES', 'YES']);
    expect(column(dunningLayout, 'Invoices')).toEqual([numbers.ALPHA, numbers.BETA, numbers.GAMMA]);

    workbook.setCell('Dunning', cell(dunningLayout, column(dunningLayout, 'Customer').indexOf('BETA'), 'Send'), 'No');
    await session.push();
    const asked = session.getState().confirmation;
    expect(asked).toMatchObject({ title: 'Send 2 dunning letters?', text: expect.stringContaining('ALPHA, GAMMA') });
    expect(await proposed()).toEqual(['ALPHA', 'BETA', 'GAMMA']); // nothing sent yet

    // Said no: nothing is sent, and the question goes away.
    session.dismissConfirmation();
    expect(session.getState().confirmation).toBeNull();
    expect(await proposed()).toEqual(['ALPHA', 'BETA', 'GAMMA']);

    await session.push();
    await session.push({ confirmed: session.getState().confirmation!.signature });
    expect(session.getState().notice).toMatchObject({ intent: 'success', title: '2 dunning letters sent' });
    expect(session.getState().confirmation).toBeNull();
    expect(column(dunningLayout, 'Result')).toEqual(['Sent at level 1', '', 'Sent at level 1']);
    expect(await proposed()).toEqual(['BETA']);
    const logged = await api.ok(`{ collectionActivities(kind: DUNNING_LETTER, first: 10) { edges { node { customer { code } } } } }`);
    expect(logged.collectionActivities.edges.map((e: { node: { customer: { code: string } } }) => e.node.customer.code).sort()).toEqual(['ALPHA', 'GAMMA']);

    // Pushing again sends nothing: the rows sent say so, BETA is held back.
    await session.push();
    expect(session.getState().confirmation).toBeNull();
    expect(session.getState().notice).toMatchObject({ title: 'Nothing to send' });
    expect(await proposed()).toEqual(['BETA']);
  });

  it('asks again when the sheet changed after the question: the yes was about other rows', async () => {
    session = open(dunningLayout, api.tokens.AR);
    await session.pull({ asOf: TODAY, entityCode: '' });
    expect(column(dunningLayout, 'Customer')).toEqual(['BETA']);
    await session.push();
    const first = session.getState().confirmation!;
    expect(first.title).toBe('Send 1 dunning letter?');
    workbook.setCell('Dunning', cell(dunningLayout, 0, 'Send'), 'No');
    await session.push({ confirmed: first.signature });
    expect(session.getState().confirmation).toBeNull();
    expect(session.getState().notice).toMatchObject({ title: 'Nothing to send' });
    expect(await proposed()).toEqual(['BETA']);
  });
});
