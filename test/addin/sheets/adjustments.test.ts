// Adjustments: open invoices pulled one per row; the rows given a Kind become one atomic
// postAdjustments batch (asked for first, with the count of each kind and totals per currency);
// amounts are read exactly as typed, a percentage is refused; refusals land on their row and
// cell; a posted row says what it got.
import { describe, expect, it } from 'vitest';
import type { InvoiceNode } from '../../../addin/api/operations.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { adjustmentsLayout, sumDecimals } from '../../../addin/sheets/layouts/adjustments.js';
import { batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import { columnOf, type Row } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const TODAY = '2026-11-30';

const invoice = (number: string, currency: string, balance: string, daysPastDue = 40): InvoiceNode => ({
  number, status: 'ISSUED', issueDate: '2026-09-01', dueDate: '2026-10-01', daysPastDue, currency, total: balance, amountPaid: '0.00', balance,
  disputed: false, poNumber: null, paymentTerms: 'NET30', entity: { code: number.slice(0, 4) }, customer: { code: `C-${number.slice(-1)}`, name: `Customer ${number.slice(-1)}` },
});
const OPEN = [invoice('US01-000001', 'USD', '1500.00'), invoice('US01-000002', 'USD', '80.25'), invoice('DE01-000003', 'EUR', '2000.00'), invoice('US01-000004', 'USD', '300.00')];

async function pulled(): Promise<Row[]> {
  const api = fakeApi({ InvoicesPage: () => ({ invoices: { totalCount: OPEN.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: OPEN.map((node) => ({ node })) } }) });
  return adjustmentsLayout.pull({ entityCode: '', currency: '' }, { api });
}

const context = { api: fakeApi({}), today: TODAY, filters: {} };

/** Reads and checks the sheet as the pane does, then plans the push. */
async function plan(before: Row[], after: Row[]) {
  const reading = readSheet(adjustmentsLayout, baselineOf(adjustmentsLayout, before), after);
  const { rows, problems } = validateEdits(reading.edits, after, adjustmentsLayout);
  return { invalid: problems, ...(await planBatches(adjustmentsLayout, rows, context)) };
}

/** The sheet with entries typed on some rows (by invoice number). */
function typed(before: Row[], entries: Record<string, Row>): Row[] {
  return before.map((row) => ({ ...row, ...(entries[String(row.number)] ?? {}) }));
}

const pulledAs = (before: Row[]) => (rowKey: string) => before.find((r) => r.number === rowKey);

describe('pulling the invoices to adjust', () => {
  it('asks for open invoices of the entity and currency; each row has its balance and blank entry columns', async () => {
    const api = fakeApi({ InvoicesPage: () => ({ invoices: { totalCount: 1, pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: OPEN[0] }] } }) });
    const rows = await adjustmentsLayout.pull({ entityCode: 'us01', currency: 'usd' }, { api });
    expect(api.calls.map((c) => c.variables.filter)).toEqual([{ open: true, entityCode: 'US01', currency: 'USD' }]);
    expect(rows).toEqual([
      { number: 'US01-000001', customerCode: 'C-1', customerName: 'Customer 1', dueDate: isoToSerial('2026-10-01'), daysPastDue: 40, currency: 'USD', balance: 1500, kind: '', amount: '', date: '', reason: '', result: '' },
    ]);
    expect(adjustmentsLayout.table.columns.filter((c) => c.editable).map((c) => c.header)).toEqual(['Kind', 'Amount', 'Date', 'Reason']);
    // Text, so Excel keeps what was typed ("10%", "1/2") for the pane to read or refuse.
    expect(columnOf(adjustmentsLayout, 'amount')).toMatchObject({ kind: 'money', numberFormat: '@', currencyColumn: 'currency' });
    expect(adjustmentsLayout.keyColumns).toEqual(['number']);
  });
});

describe('posting adjustments', () => {
  it('sends the rows with a Kind as one batch: amounts read exactly, blank date today, blank write-off amount the whole balance', async () => {
    const before = await pulled();
    const after = typed(before, {
      'US01-000001': { kind: 'Credit memo', amount: '1,234.50', reason: 'Price agreed in October' },
      'US01-000002': { kind: 'write-off', amount: '', date: isoToSerial('2026-11-28'), reason: 'Small balance' },
      'DE01-000003': { kind: 'CREDIT_MEMO', amount: 99.9, reason: 'Damaged goods' },
    });
    const { invalid, problems, batches } = await plan(before, after);
    expect([...invalid, ...problems]).toEqual([]);
    expect(batches).toHaveLength(1);
    expect(batchVariables(batches[0]!, 'key-1')).toEqual({
      input: {
        idempotencyKey: 'key-1',
        adjustments: [
          { kind: 'CREDIT_MEMO', invoiceNumber: 'US01-000001', amount: '1234.50', date: TODAY, reason: 'Price agreed in October' },
          { kind: 'WRITE_OFF', invoiceNumber: 'US01-000002', amount: null, date: '2026-11-28', reason: 'Small balance' },
          { kind: 'CREDIT_MEMO', invoiceNumber: 'DE01-000003', amount: '99.90', date: TODAY, reason: 'Damaged goods' },
        ],
      },
    });
    expect(batches[0]!.spec.confirm!(batches[0]!.items, pulledAs(before))).toEqual({
      title: 'Post 3 adjustments (2 credit memos, 1 write-off)?',
      text:
        'Credit memos: USD 1,234.50 and EUR 99.90. Write-offs: USD 80.25 (a blank amount writes off the whole open balance, shown as pulled). Dated 2026-11-28 to 2026-11-30. ' +
        'All are posted together or none; a posted credit memo is numbered and cannot be taken back from the sheet.',
    });
  });

  it('sums per currency exactly, in the currency’s minor units', () => {
    expect(sumDecimals(['0.1', '0.2', '1234.5'], 'USD')).toBe('1234.80');
    expect(sumDecimals(['1000', '2500'], 'JPY')).toBe('3500');
    expect(sumDecimals(['0.105', '0.2'], 'KWD')).toBe('0.305');
  });

  it('refuses a percentage, a credit memo without an amount, a missing reason, a write-off above the balance and entries with no Kind', async () => {
    const before = await pulled();
    const after = typed(before, {
      'US01-000001': { kind: 'CREDIT_MEMO', amount: '10%', reason: 'Discount' },
      'US01-000002': { kind: 'CREDIT_MEMO', reason: 'Forgot the amount' },
      'DE01-000003': { kind: 'WRITE_OFF', amount: '2,000.01', reason: '' },
      'US01-000004': { amount: '50', reason: 'No kind chosen' },
    });
    const { invalid, batches } = await plan(before, after);
    expect(batches).toEqual([]);
    expect(invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      ['US01-000001', 'amount', 'Amount: "10%" is a percentage, not an amount: type the amount itself in USD.'],
      ['US01-000002', 'amount', 'US01-000002: a credit memo needs its amount in USD (only a write-off takes the whole balance when left blank).'],
      ['DE01-000003', 'reason', 'DE01-000003: a write-off needs a reason.'],
      ['DE01-000003', 'amount', 'DE01-000003: writing off EUR 2,000.01 is more than the EUR 2,000.00 open; write off at most 2,000.00.'],
      ['US01-000004', 'kind', "US01-000004: choose the Kind (CREDIT_MEMO or WRITE_OFF), or clear the row's Amount, Date and Reason."],
    ]);
  });

  it('refuses text that is not an amount, too many decimals, zero and a Kind not in the list', async () => {
    const before = await pulled();
    const after = typed(before, {
      'US01-000001': { kind: 'CREDIT_MEMO', amount: '12,5', reason: 'x' },
      'US01-000002': { kind: 'WRITE_OFF', amount: '10.005', reason: 'x' },
      'DE01-000003': { kind: 'CREDIT_MEMO', amount: '0', reason: 'x' },
      'US01-000004': { kind: 'Refund', reason: 'x' },
    });
    const { invalid } = await plan(before, after);
    expect(invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      ['US01-000001', 'amount', 'Amount: "12,5" is not a number.'],
      ['US01-000002', 'amount', 'Amount: 10.005 has too many decimals (USD takes at most 2).'],
      ['DE01-000003', 'amount', 'DE01-000003: the amount must be more than zero.'],
      ['US01-000004', 'kind', 'Kind: "Refund" is not one of CREDIT_MEMO, WRITE_OFF.'],
    ]);
  });

  it('puts each refusal on its row and cell; a write-off above the limit says it needs an admin', async () => {
    const before = await pulled();
    const after = typed(before, {
      'US01-000001': { kind: 'CREDIT_MEMO', amount: '100', reason: 'Price' },
      'US01-000004': { kind: 'WRITE_OFF', reason: 'Uncollectible' },
    });
    const { batches } = await plan(before, after);
    const refused = readOutcome(adjustmentsLayout, batches[0]!, {
      adjustments: null,
      userErrors: [
        { field: ['input', 'adjustments', '0', 'date'], message: 'Period 2026-11 is closed for US01.', code: 'PERIOD_CLOSED' },
        { field: ['input', 'adjustments', '1', 'amount'], message: 'Writing off USD 300.00 is above the limit of USD 100.00.', code: 'FORBIDDEN' },
        { field: ['input', 'idempotencyKey'], message: 'Key reused.', code: 'IDEMPOTENCY_KEY_REUSED' },
      ],
    }, after);
    expect(refused).toEqual({
      status: 'refused',
      conflicts: [],
      problems: [
        // The date was left blank (today): the refusal still lands on the Date cell.
        { rowKey: 'US01-000001', row: 0, column: 'date', message: 'Period 2026-11 is closed for US01.' },
        { rowKey: 'US01-000004', row: 3, column: 'amount', message: 'Writing off USD 300.00 is above the limit of USD 100.00. A write-off above the limit needs an ADMIN: ask one to post it, or lower the amount. Nothing in the batch was posted.' },
        { rowKey: '', row: -1, column: '', message: 'Adjustments: Key reused.' },
      ],
    });
  });

  it('after a post, clears the entries and says on each row what it got', async () => {
    const before = await pulled();
    const after = typed(before, {
      'US01-000001': { kind: 'CREDIT_MEMO', amount: '1234.5', reason: 'Price' },
      'US01-000004': { kind: 'WRITE_OFF', reason: 'Uncollectible' },
    });
    const { batches } = await plan(before, after);
    const payload = {
      adjustments: [
        { kind: 'CREDIT_MEMO', invoiceNumber: 'US01-000001', number: 'US01-CM-000001', amount: '1234.50', currency: 'USD', date: TODAY },
        { kind: 'WRITE_OFF', invoiceNumber: 'US01-000004', number: null, amount: '300.00', currency: 'USD', date: TODAY },
      ],
      userErrors: [],
    };
    const outcome = readOutcome(adjustmentsLayout, batches[0]!, payload, after);
    expect(outcome).toEqual({
      status: 'written',
      updates: [
        { rowKey: 'US01-000001', row: 0, cells: { kind: '', amount: '', date: '', reason: '', result: 'Credit memo US01-CM-000001 for USD 1,234.50' } },
        { rowKey: 'US01-000004', row: 3, cells: { kind: '', date: '', amount: '', reason: '', result: 'Written off USD 300.00' } },
      ],
    });
    expect(batches[0]!.spec.done!(payload)).toBe('Posted 2 adjustments (1 credit memo, 1 write-off)');
  });
});
