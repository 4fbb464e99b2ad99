// The worklist sheet in the customer's billing currency, and a promise typed there: sent with
// the sheet's as-of date and currency for the server to pick the invoices, checked against the
// past due the row shows before it is sent.
import { describe, expect, it } from 'vitest';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { worklistLayout } from '../../../addin/sheets/layouts/index.js';
import { batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import type { BuildContext, ParsedEdit, Row, RowEdits } from '../../../addin/sheets/types.js';
import { columnOf } from '../../../addin/sheets/types.js';
import { parseCell } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const TODAY = '2026-11-25';

const ITEM = {
  customer: { code: 'EURCO', name: 'Euro Co GmbH', currency: 'EUR', entity: { code: 'DE01' } },
  currency: 'USD',
  pastDue: '1465.61',
  oldestDaysPastDue: 50,
  brokenPromises: 0,
  lastActivity: null,
  lastActivityKind: null,
  nextFollowUp: null,
  priority: '52564.21',
  billingCurrency: 'EUR',
  pastDueInBillingCurrency: '1150.55',
  pastDueInOtherCurrencies: [{ currency: 'USD', amount: '200.00' }, { currency: 'GBP', amount: '10.00' }],
};

async function pulledRow(item: Record<string, unknown> = {}): Promise<Row> {
  const api = fakeApi({ CollectionsWorklist: () => ({ collectionsWorklist: [{ ...ITEM, ...item }] }) });
  const [row] = await worklistLayout.pull({ asOf: '2026-11-20', entityCode: '' }, { api });
  return row!;
}

/** The row as the collector left it: entry cells typed, parsed as the pane parses them. */
function typed(row: Row, cells: Record<string, string | number>): RowEdits {
  const current = { ...row, ...cells };
  const edits: ParsedEdit[] = Object.entries(cells).map(([column, after]) => {
    const parsed = parseCell(after, columnOf(worklistLayout, column), current);
    if (!parsed.ok) throw new Error(parsed.message);
    return { rowKey: String(row.customerCode), row: 0, column, before: '', after, value: parsed.value };
  });
  return { rowKey: String(row.customerCode), row: 0, current, edits };
}

const context = (filters: BuildContext['filters'], api = fakeApi({})): BuildContext => ({ api, today: TODAY, filters });
const promise = { promiseDate: isoToSerial('2026-12-05'), promiseAmount: 1150.55 };

describe('the worklist in the billing currency', () => {
  it('shows the billing currency, the past due in it and other currencies in visible columns next to the base-currency amount', async () => {
    const headers = worklistLayout.table.columns.filter((c) => !c.hidden).map((c) => c.header);
    const at = headers.indexOf('Past due');
    expect(headers.slice(at - 1, at + 4)).toEqual(['Currency', 'Past due', 'Billing currency', 'Past due (billing currency)', 'Past due in other currencies']);
    expect(worklistLayout.table.columns.filter((c) => c.hidden)).toEqual([]);
    expect(columnOf(worklistLayout, 'pastDueInBillingCurrency')).toMatchObject({ kind: 'money', currencyColumn: 'customerCurrency' });
    expect(columnOf(worklistLayout, 'promiseAmount')).toMatchObject({ header: 'Promise amount (billing currency)', kind: 'money', editable: true, currencyColumn: 'customerCurrency' });

    expect(await pulledRow()).toMatchObject({
      customerCode: 'EURCO', currency: 'USD', pastDue: 1465.61,
      customerCurrency: 'EUR', pastDueInBillingCurrency: 1150.55, pastDueInOtherCurrencies: 'USD 200.00; GBP 10.00',
      promiseAmount: '',
    });
    expect(await pulledRow({ pastDueInOtherCurrencies: [] })).toMatchObject({ pastDueInOtherCurrencies: '' });
  });

  it("bounds a promise's decimals by the billing currency's minor units", async () => {
    const yen = await pulledRow({ billingCurrency: 'JPY', pastDueInBillingCurrency: '120000' });
    expect(parseCell(1500.5, columnOf(worklistLayout, 'promiseAmount'), yen)).toEqual({ ok: false, message: 'Promise amount (billing currency): 1500.5 has too many decimals (JPY takes at most 0).' });
    expect(parseCell(1500, columnOf(worklistLayout, 'promiseAmount'), yen)).toEqual({ ok: true, value: '1500' });
    const euro = await pulledRow();
    expect(parseCell(1150.555, columnOf(worklistLayout, 'promiseAmount'), euro)).toEqual({ ok: false, message: 'Promise amount (billing currency): 1150.555 has too many decimals (EUR takes at most 2).' });
    expect(parseCell(1150.5, columnOf(worklistLayout, 'promiseAmount'), euro)).toEqual({ ok: true, value: '1150.50' });
  });
});

describe('a promise typed on the worklist', () => {
  it("is sent with the sheet's as-of date and billing currency, naming no invoices: the server picks them", async () => {
    const api = fakeApi({});
    const row = typed(await pulledRow(), { ...promise, note: 'AP confirmed' });
    expect(worklistLayout.push!.validateRow!(row, worklistLayout)).toEqual([]);
    const { batches, problems } = await planBatches(worklistLayout, [row], context({ asOf: '2026-11-20', entityCode: '' }, api));
    expect(problems).toEqual([]);
    expect(batchVariables(batches[0]!, 'k').input.activities).toEqual([
      { customerCode: 'EURCO', note: 'AP confirmed', nextFollowUp: null, kind: 'PROMISE_TO_PAY', asOf: '2026-11-20', currency: 'EUR', promiseDate: '2026-12-05', promiseAmount: '1150.55' },
    ]);
    expect(api.calls).toEqual([]); // no look-up of invoices as of today
  });

  it("falls back to the pane's today when the pull's as-of date is not known", async () => {
    const row = typed(await pulledRow(), promise);
    const { batches } = await planBatches(worklistLayout, [row], context({}));
    expect(batchVariables(batches[0]!, 'k').input.activities).toMatchObject([{ asOf: TODAY }]);
  });

  it('is held back when it exceeds the past due shown in the billing currency, with the bound in the message', async () => {
    const row = typed(await pulledRow(), { ...promise, promiseAmount: 1150.56 });
    expect(worklistLayout.push!.validateRow!(row, worklistLayout)).toEqual([
      { column: 'promiseAmount', message: "EURCO: the promise of EUR 1150.56 is more than the EUR 1150.55 past due in its billing currency on this worklist's date; promise at most 1150.55." },
    ]);
    // Exactly the past due is fine; a JPY row compares whole yen.
    expect(worklistLayout.push!.validateRow!(typed(await pulledRow(), promise), worklistLayout)).toEqual([]);
    const yen = await pulledRow({ billingCurrency: 'JPY', pastDueInBillingCurrency: '120000', pastDueInOtherCurrencies: [] });
    expect(worklistLayout.push!.validateRow!(typed(yen, { ...promise, promiseAmount: 120001 }), worklistLayout)).toEqual([
      { column: 'promiseAmount', message: "EURCO: the promise of JPY 120001 is more than the JPY 120000 past due in its billing currency on this worklist's date; promise at most 120000." },
    ]);
  });

  it('is held back, naming why, when nothing is past due in the billing currency', async () => {
    const row = typed(await pulledRow({ pastDueInBillingCurrency: '0.00', pastDueInOtherCurrencies: [{ currency: 'USD', amount: '200.00' }] }), { ...promise, promiseAmount: 100 });
    expect(worklistLayout.push!.validateRow!(row, worklistLayout)).toEqual([
      { column: 'promiseAmount', message: "EURCO has nothing past due in EUR on this worklist's date that a promise can cover (its past due is in USD 200.00); log a promise in another currency in the API, naming its invoices." },
    ]);
  });

  it("leaves the bound to the server on a sheet pulled before the billing-currency columns existed, and shows the server's refusal on the promise cell", async () => {
    const old = { ...(await pulledRow()), pastDueInBillingCurrency: '', pastDueInOtherCurrencies: '' };
    const row = typed(old, { ...promise, promiseAmount: 5000 });
    expect(worklistLayout.push!.validateRow!(row, worklistLayout)).toEqual([]);
    const { batches } = await planBatches(worklistLayout, [row], context({ asOf: '2026-11-20' }));
    const message = 'The promise of EUR 5000.00 is more than the EUR 1150.55 past due as of 2026-11-20 on the invoices it covers (DE01-000001, DE01-000003).';
    const outcome = readOutcome(worklistLayout, batches[0]!, {
      collectionActivities: null,
      userErrors: [{ field: ['activities', '0', 'promiseAmount'], message, code: 'OUT_OF_RANGE' }],
    }, [row.current]);
    expect(outcome).toMatchObject({ status: 'refused', problems: [{ rowKey: 'EURCO', row: 0, column: 'promiseAmount', message }] });
  });
});
