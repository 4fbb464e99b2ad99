// Cash to apply: the unapplied bank lines pulled one per row (the proposal's customer and
// invoices filled in); the lines marked in Confirm become ONE confirmBankMatches (asked for first,
// with the count and totals per currency); Invoices and Amounts are read exactly as typed, a
// percentage refused; what the server would apply without amounts must be what the row shows;
// refusals land on their line by its id, wherever sorting put it; an applied line says what it got.
import { describe, expect, it } from 'vitest';
import type { BankTransactionNode } from '../../../addin/api/data-in-operations.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { cashToApplyLayout, contentKey, currencyTotals, parseAmounts, splitInvoices } from '../../../addin/sheets/layouts/cash-to-apply.js';
import { batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import { baselineOf, readSheet, ROW_KEY_COLUMN } from '../../../addin/sheets/row-match.js';
import type { Row, RowEdits } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const line = (id: string, amount: string, currency: string, match: BankTransactionNode['match'], extra: Partial<BankTransactionNode> = {}): BankTransactionNode => ({
  id, lineNumber: Number(id.slice(1)), entryRef: `REF${id}`, bookingDate: '2026-11-20', valueDate: null, amount, currency,
  counterparty: `Payer ${id}`, counterpartyAccount: null, remittance: `Payment ${id}`, references: [], status: match ? 'PROPOSED' : 'UNMATCHED', match, payment: null,
  statement: { id: 's1', account: 'DE89370400440532013000', statementRef: 'STMT-1', entity: { code: currency === 'EUR' ? 'DE01' : 'US01' } },
  ...extra,
});
const proposal = (code: string, applications: [string, string][], confidence = 0.8) => ({
  customer: { code, name: `${code} Inc` }, applications: applications.map(([invoiceNumber, amount]) => ({ invoiceNumber, amount, discount: '0.00' })), confidence, rule: 2,
});
const LINES = [
  line('t1', '1250.00', 'USD', proposal('ACME', [['US01-000001', '1000.00'], ['US01-000002', '250.00']])),
  line('t2', '80.00', 'EUR', null),
  line('t3', '500.00', 'USD', proposal('BETA', [['US01-000003', '500.00']], 0.5)),
];

async function pulled(): Promise<Row[]> {
  const api = fakeApi({ BankTransactionsPage: () => ({ bankTransactions: { pageInfo: { hasNextPage: false, endCursor: null }, edges: LINES.map((node) => ({ node })) } }) });
  // Each row carries its key in the hidden row-key column, as a pull writes it.
  return (await cashToApplyLayout.pull({ entityCode: '' }, { api })).map((row) => ({ ...row, [ROW_KEY_COLUMN]: row.id! }));
}

const context = { api: fakeApi({}), today: '2026-11-30', filters: {} };

/** Reads and checks the sheet as the pane does, then plans the push of the whole table. */
async function plan(before: Row[], after: Row[]) {
  const reading = readSheet(cashToApplyLayout, baselineOf(cashToApplyLayout, before), after);
  const { rows, problems } = validateEdits(reading.edits, after, cashToApplyLayout);
  const edited = new Map(rows.map((r) => [r.rowKey, r] as const));
  const table: RowEdits[] = [...reading.rowOf].map(([rowKey, row]) => edited.get(rowKey) ?? { rowKey, row, current: after[row]!, edits: [] });
  return { reading, invalid: problems, ...(await planBatches(cashToApplyLayout, rows, context, [], table)) };
}

/** The sheet with entries typed on some lines (by line id). */
const typed = (before: Row[], entries: Record<string, Row>): Row[] => before.map((row) => ({ ...row, ...(entries[String(row.id)] ?? {}) }));
const pulledAs = (before: Row[]) => (rowKey: string) => before.find((r) => r.id === rowKey);

describe('pulling the lines to apply', () => {
  it('asks for unmatched and proposed lines of the entity; a proposal fills Customer and Invoices, Amounts and Confirm start blank', async () => {
    const api = fakeApi({ BankTransactionsPage: () => ({ bankTransactions: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: LINES[0] }, { node: LINES[1] }] } }) });
    const rows = await cashToApplyLayout.pull({ entityCode: 'us01' }, { api });
    expect(api.calls.map((c) => c.variables)).toEqual([{ status: ['UNMATCHED', 'PROPOSED'], entityCode: 'US01', first: 1000, after: null }]);
    expect(rows[0]).toEqual({
      bookingDate: isoToSerial('2026-11-20'), entityCode: 'US01', amount: 1250, currency: 'USD', counterparty: 'Payer t1', counterpartyAccount: '', remittance: 'Payment t1',
      status: 'PROPOSED', confidence: 0.8, customerCode: 'ACME', applications: 'US01-000001, US01-000002', amounts: '', confirm: '', result: '', id: 't1',
      pulledAs: '2026-11-20 USD 1,250.00 Payer t1',
    });
    expect(rows[1]).toMatchObject({ status: 'UNMATCHED', confidence: '', customerCode: '', applications: '' });
    expect(cashToApplyLayout.table.columns.filter((c) => c.editable).map((c) => [c.header, c.kind])).toEqual([['Customer', 'text'], ['Invoices', 'text'], ['Amounts', 'text'], ['Confirm', 'text']]);
    expect(cashToApplyLayout.table.columns.find((c) => c.key === 'id')).toMatchObject({ header: 'Line id', hidden: true });
    expect(cashToApplyLayout.keyColumns).toEqual(['id']);
  });

  it('pages through the connection', async () => {
    const api = fakeApi({
      BankTransactionsPage: ({ after }) =>
        after === null
          ? { bankTransactions: { pageInfo: { hasNextPage: true, endCursor: 'c1' }, edges: [{ node: LINES[0] }] } }
          : { bankTransactions: { pageInfo: { hasNextPage: false, endCursor: null }, edges: [{ node: LINES[1] }] } },
    });
    expect((await cashToApplyLayout.pull({ entityCode: '' }, { api })).map((r) => r.id)).toEqual(['t1', 't2']);
    expect(api.calls.map((c) => c.variables.after)).toEqual([null, 'c1']);
  });
});

describe('reading Invoices and Amounts', () => {
  it('splits invoices on commas and semicolons, and amounts on semicolons only (a comma groups thousands)', () => {
    expect(splitInvoices(' US01-000001, US01-000002;INV7 ,, ')).toEqual(['US01-000001', 'US01-000002', 'INV7']);
    expect(parseAmounts('1,234.50; 300', 'USD')).toEqual({ amounts: ['1234.50', '300.00'] });
    expect(parseAmounts('1000', 'JPY')).toEqual({ amounts: ['1000'] });
    expect(parseAmounts('10%', 'USD')).toEqual({ message: '"10%" is a percentage, not an amount: type the amount itself in USD.' });
    expect(parseAmounts('100, 200', 'USD')).toMatchObject({ message: expect.stringContaining('"100, 200" is not an amount') });
    expect(parseAmounts('12,5', 'USD')).toMatchObject({ message: expect.stringContaining('"12,5" is not an amount') });
    expect(parseAmounts('10.005', 'USD')).toEqual({ message: '10.005 has too many decimals (USD takes at most 2).' });
    expect(parseAmounts('0', 'USD')).toEqual({ message: '0: an amount applied must be more than zero.' });
  });

  it('totals per currency exactly', () => {
    expect(currencyTotals([{ currency: 'USD', amount: '10000.1' }, { currency: 'EUR', amount: '1200' }, { currency: 'USD', amount: '250.2' }])).toBe('USD 10,250.30, EUR 1,200.00');
  });

  it('derives the idempotency key from the request: the same confirmation, the same key', () => {
    expect(contentKey('[{"transactionId":"t1"}]')).toBe(contentKey('[{"transactionId":"t1"}]'));
    expect(contentKey('[{"transactionId":"t1"}]')).not.toBe(contentKey('[{"transactionId":"t2"}]'));
  });
});

describe('confirming lines', () => {
  it('sends every line marked in Confirm as one batch: as proposed, with typed amounts, or oldest first for a typed customer', async () => {
    const before = await pulled();
    const after = typed(before, {
      t1: { confirm: 'x' },
      t2: { customerCode: 'GAMMA', confirm: 'Yes' },
      t3: { applications: 'US01-000003; US01-000009', amounts: '1,234.50; 0.50', confirm: 'TRUE' },
    });
    // t3's amounts are more than its 500.00: fixed to fit.
    after[2]!.amounts = '400; 100';
    const { invalid, problems, batches } = await plan(before, after);
    expect([...invalid, ...problems]).toEqual([]);
    expect(batches).toHaveLength(1);
    const matches = [
      { transactionId: 't1', customerCode: 'ACME' },
      { transactionId: 't2', customerCode: 'GAMMA' },
      { transactionId: 't3', customerCode: 'BETA', applications: [{ invoiceNumber: 'US01-000003', amount: '400.00' }, { invoiceNumber: 'US01-000009', amount: '100.00' }] },
    ];
    expect(batchVariables(batches[0]!, 'unused')).toEqual({ input: { matches, idempotencyKey: contentKey(JSON.stringify(matches)) } });
    expect(batches[0]!.spec.confirm!(batches[0]!.items, pulledAs(before))).toEqual({
      title: 'Apply 3 bank lines as payments (USD 1,750.00, EUR 80.00)?',
      text:
        'Each line becomes a payment of its customer, received on its booking date, applied to the invoices on its row (2 lines without Amounts: as proposed, or the oldest due invoices first); ' +
        'what is not applied stays on the payment as unapplied cash. All are applied together or none; a payment made cannot be taken back from the sheet.',
    });
  });

  it('leaves lines without Confirm (their corrections stay pending) and sends nothing when none is marked', async () => {
    const before = await pulled();
    const { invalid, batches } = await plan(before, typed(before, { t2: { customerCode: 'GAMMA', confirm: 'no' } }));
    expect(invalid).toEqual([]);
    expect(batches).toEqual([]);
  });

  it('finds each line by its id after a sort: the sheet order is the order sent', async () => {
    const before = await pulled();
    const sorted = typed([before[2]!, before[0]!, before[1]!], { t3: { confirm: 'x' }, t1: { confirm: 'x' } });
    const { batches } = await plan(before, sorted);
    expect(batches[0]!.items.map((i) => [i.rowKey, i.row])).toEqual([['t3', 0], ['t1', 1]]);
    expect((batchVariables(batches[0]!, '').input.matches as { transactionId: string }[]).map((m) => m.transactionId)).toEqual(['t3', 't1']);
  });

  it('refuses what would apply something else than the row shows, a percentage, a count mismatch and a Confirm it cannot read', async () => {
    const before = await pulled();
    const after = typed(before, {
      // Other invoices without their amounts: the server would apply the proposal instead.
      t1: { applications: 'US01-000001', confirm: 'x' },
      // A percentage is never an amount.
      t2: { customerCode: 'GAMMA', applications: 'US01-000004', amounts: '10%', confirm: 'x' },
      // Another customer, the old proposal's invoices still there.
      t3: { customerCode: 'DELTA', confirm: 'maybe' },
    });
    // (The pane sends nothing while any value is to fix.)
    const { invalid } = await plan(before, after);
    expect(invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      ['t1', 'amounts', '2026-11-20 USD 1,250.00 Payer t1: the Invoices differ from the proposal, so each needs its amount: type them in Amounts in the same order, separated by semicolons (e.g. 1,250.00; 300.00).'],
      ['t2', 'amounts', '2026-11-20 EUR 80.00 Payer t2: "10%" is a percentage, not an amount: type the amount itself in EUR.'],
      ['t3', 'confirm', '2026-11-20 USD 500.00 Payer t3: Confirm is "maybe". Type x (or Yes) to apply this line; leave it blank to leave it.'],
    ]);

    const more = typed(before, {
      t1: { applications: '', confirm: 'x' },
      t2: { customerCode: '', confirm: 'x' },
      t3: { customerCode: 'DELTA', amounts: '100; 200', confirm: 'x' },
    });
    expect((await plan(before, more)).invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      ['t1', 'applications', '2026-11-20 USD 1,250.00 Payer t1: Invoices cleared, but for ACME the server would apply its proposal (US01-000001, US01-000002). Put them back to apply it as proposed, or list the invoices with their Amounts.'],
      ['t2', 'customerCode', "2026-11-20 EUR 80.00 Payer t2: to apply this line, type the customer's code in Customer."],
      ['t3', 'amounts', '2026-11-20 USD 500.00 Payer t3: 2 amounts for 1 invoice. Give one amount per invoice, in the same order, separated by semicolons (e.g. 1,250.00; 300.00), or clear Amounts.'],
    ]);

    const others = typed(before, {
      t1: { amounts: '1000; 250.01', confirm: 'x' },
      t2: { customerCode: 'GAMMA', amounts: '80', confirm: 'x' },
      t3: { customerCode: 'DELTA', confirm: 'x' },
    });
    expect((await plan(before, others)).invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      ['t1', 'amounts', '2026-11-20 USD 1,250.00 Payer t1: the Amounts total USD 1,250.01, more than the USD 1,250.00 received; apply at most 1,250.00.'],
      ['t2', 'amounts', '2026-11-20 EUR 80.00 Payer t2: Amounts need the invoices they pay: list them in Invoices, in the same order.'],
      ['t3', 'applications', "2026-11-20 USD 500.00 Payer t3: the Invoices are the proposal for BETA. Clear them to apply DELTA's oldest due invoices first, or list DELTA's invoices with their Amounts."],
    ]);
  });

  it('a copied line (same hidden id) refuses both rows; nothing of either is sent', async () => {
    const before = await pulled();
    const after = typed(before, { t1: { confirm: 'x' } });
    after.push({ ...after[0]! });
    const { reading, batches } = await plan(before, after);
    expect(reading.problems.map((p) => [p.row, p.message])).toEqual([
      [0, expect.stringContaining('is on 2 rows (table rows 1, 4), which cannot be told apart')],
      [3, expect.stringContaining('is on 2 rows (table rows 1, 4), which cannot be told apart')],
    ]);
    expect(batches).toEqual([]);
  });

  it('a row showing another line (its cells pasted over it, the hidden id kept) is not confirmed', async () => {
    const before = await pulled();
    const own = before[2]!;
    const after = typed(before, { t3: { ...before[0]!, id: own.id!, pulledAs: own.pulledAs!, [ROW_KEY_COLUMN]: own[ROW_KEY_COLUMN]!, confirm: 'x' } });
    const { invalid } = await plan(before, after);
    expect(invalid.map((p) => [p.rowKey, p.column, p.message])).toEqual([
      [
        't3',
        'confirm',
        'This row is the bank line 2026-11-20 USD 500.00 Payer t3, but it now shows 2026-11-20 USD 1,250.00 Payer t1: its date, amount or counterparty were overwritten (another line\'s cells pasted over it?). Put them back, or refresh, before confirming it.',
      ],
    ]);
  });

  it('puts each refusal on its line and cell, by the line, whatever the sheet order', async () => {
    const before = await pulled();
    const sorted = typed([before[2]!, before[1]!, before[0]!], { t1: { confirm: 'x' }, t2: { customerCode: 'GAMMA', confirm: 'x' }, t3: { confirm: 'x' } });
    const { batches } = await plan(before, sorted);
    const refused = readOutcome(cashToApplyLayout, batches[0]!, {
      transactions: null,
      userErrors: [
        { field: ['input', 'matches', '0', 'applications', '0', 'amount'], message: 'US01-000003 has USD 300.00 open.', code: 'OUT_OF_RANGE' },
        { field: ['input', 'matches', '1', 'customerCode'], message: 'No customer GAMMA in DE01.', code: 'NOT_FOUND' },
        { field: ['input', 'matches', '2', 'transactionId'], message: 'The line is already applied (payment p9).', code: 'CONFLICT' },
      ],
    }, sorted);
    expect(refused).toEqual({
      status: 'refused',
      conflicts: [],
      problems: [
        { rowKey: 't3', row: 0, column: 'applications', message: 'US01-000003 has USD 300.00 open.' },
        { rowKey: 't2', row: 1, column: 'customerCode', message: 'No customer GAMMA in DE01.' },
        { rowKey: 't1', row: 2, column: 'confirm', message: 'The line is already applied (payment p9). Refresh to take it off the sheet. Nothing in the batch was applied.' },
      ],
    });
  });

  it('after applying, clears Confirm and says on each line what it got; an applied line is not sent again', async () => {
    const before = await pulled();
    const after = typed(before, { t1: { confirm: 'x' } });
    const { batches } = await plan(before, after);
    const payload = {
      transactions: [{ ...LINES[0]!, status: 'CONFIRMED', match: { ...LINES[0]!.match!, confidence: 1 }, payment: { id: 'p1', amount: '1250.00', unappliedAmount: '0.00' } }],
      userErrors: [],
    };
    const outcome = readOutcome(cashToApplyLayout, batches[0]!, payload, after);
    expect(outcome).toMatchObject({
      status: 'written',
      updates: [{ rowKey: 't1', row: 0, cells: { status: 'CONFIRMED', confirm: '', result: 'Payment of USD 1,250.00 from ACME: US01-000001 1,000.00, US01-000002 250.00' } }],
    });
    expect(batches[0]!.spec.done!(payload)).toBe('Applied 1 bank line as payments (USD 1,250.00)');

    const applied = after.map((row, i) => (i === 0 ? { ...row, confirm: 'x', result: 'Payment of USD 1,250.00 from ACME' } : row));
    expect((await plan(before, applied)).batches).toEqual([]);
  });
});
