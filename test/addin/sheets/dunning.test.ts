// The dunning proposal: a dry run pulled as one row per letter; the push is one real run for the
// customers whose Send is still Yes (edited or not), asked for first, and each row then says what
// it got.
import { describe, expect, it } from 'vitest';
import type { DunningLetter } from '../../../addin/api/operations.js';
import { dunningLayout } from '../../../addin/sheets/layouts/dunning.js';
import { batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import type { Row, RowEdits } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

const letter = (code: string, level: number, invoices: string[], overdueBalance: string): DunningLetter => ({
  customer: { code, name: `${code} Ltd` }, level, invoices: invoices.map((number) => ({ number })), overdueBalance, currency: 'USD', oldestDaysPastDue: 10 * level,
});
const PROPOSAL = [letter('ACME', 1, ['US01-000101'], '1200.00'), letter('GLOBEX', 2, ['US01-000102', 'US01-000107'], '5400.50'), letter('INITECH', 1, ['US01-000110'], '99.90')];

async function pulled(): Promise<Row[]> {
  const api = fakeApi({ RunDunning: () => ({ runDunning: { letters: PROPOSAL, userErrors: [] } }) });
  return dunningLayout.pull({ asOf: '2026-11-30', entityCode: '' }, { api });
}

const FILTERS = { asOf: '2026-11-30', entityCode: 'us01' };
const context = { api: fakeApi({}), today: '2026-12-01', filters: FILTERS };

/** Plans the push as the pane does: the edited rows, and every row of a pulled record for the table batch. */
async function plan(before: Row[], after: Row[]) {
  const reading = readSheet(dunningLayout, baselineOf(dunningLayout, before), after);
  const { rows, problems } = validateEdits(reading.edits, after, dunningLayout);
  const edited = new Map(rows.map((r) => [r.rowKey, r] as const));
  const table: RowEdits[] = [...reading.rowOf].map(([rowKey, row]) => edited.get(rowKey) ?? { rowKey, row, current: after[row]!, edits: [] });
  return { invalid: problems, ...(await planBatches(dunningLayout, rows, context, [], table)) };
}

describe('pulling the dunning proposal', () => {
  it('is a dry run for the date and entity: one row per letter, invoices comma-joined, Send = YES', async () => {
    const api = fakeApi({ RunDunning: () => ({ runDunning: { letters: PROPOSAL, userErrors: [] } }) });
    const rows = await dunningLayout.pull({ asOf: '2026-11-30', entityCode: 'de01' }, { api });
    expect(api.calls).toEqual([{ operation: 'RunDunning', variables: { input: { asOf: '2026-11-30', entityCode: 'DE01', dryRun: true } } }]);
    expect(rows).toEqual([
      { customerCode: 'ACME', customerName: 'ACME Ltd', level: 1, oldestDaysPastDue: 10, invoices: 'US01-000101', currency: 'USD', overdueBalance: 1200, send: 'YES', result: '' },
      { customerCode: 'GLOBEX', customerName: 'GLOBEX Ltd', level: 2, oldestDaysPastDue: 20, invoices: 'US01-000102, US01-000107', currency: 'USD', overdueBalance: 5400.5, send: 'YES', result: '' },
      { customerCode: 'INITECH', customerName: 'INITECH Ltd', level: 1, oldestDaysPastDue: 10, invoices: 'US01-000110', currency: 'USD', overdueBalance: 99.9, send: 'YES', result: '' },
    ]);
    expect(dunningLayout.table.columns.filter((c) => c.editable).map((c) => [c.header, c.options])).toEqual([['Send', ['YES', 'NO']]]);
    expect(dunningLayout.filters).toEqual([{ key: 'asOf', required: true }, { key: 'entityCode' }]);
  });

  it("says the server's reason when it refuses the run", async () => {
    const api = fakeApi({ RunDunning: () => ({ runDunning: { letters: null, userErrors: [{ field: ['input', 'entityCode'], message: 'No entity XX01.', code: 'NOT_FOUND' }] } }) });
    await expect(dunningLayout.pull({ asOf: '2026-11-30', entityCode: 'xx01' }, { api })).rejects.toThrow('No entity XX01.');
  });
});

describe('sending the letters', () => {
  it('is one run, not a dry run, for the customers left at Yes, with the date and entity pulled; asked for first', async () => {
    const before = await pulled();
    const after = [before[0]!, { ...before[1]!, send: 'No' }, before[2]!];
    const { invalid, problems, batches } = await plan(before, after);
    expect([...invalid, ...problems]).toEqual([]);
    expect(batches).toHaveLength(1);
    expect(batchVariables(batches[0]!, 'key-1')).toEqual({ input: { asOf: '2026-11-30', entityCode: 'US01', dryRun: false, customerCodes: ['ACME', 'INITECH'] } });
    expect(batches[0]!.spec.confirm!(batches[0]!.items, () => undefined)).toEqual({
      title: 'Send 2 dunning letters?',
      text: 'Each goes by email with its PDF attached and is logged as a dunning letter: ACME, INITECH. Sent mail cannot be called back.',
    });
  });

  it('sends every letter when nothing was edited, and none when every row says No', async () => {
    const before = await pulled();
    const all = await plan(before, before);
    expect(batchVariables(all.batches[0]!, 'k').input.customerCodes).toEqual(['ACME', 'GLOBEX', 'INITECH']);
    const none = await plan(before, before.map((r) => ({ ...r, send: 'no' })));
    expect(none.batches).toEqual([]);
  });

  it('finds a Send that is neither Yes nor No a value to fix (the pane sends nothing then)', async () => {
    const before = await pulled();
    const { invalid } = await plan(before, [{ ...before[0]!, send: 'Maybe' }, before[1]!, before[2]!]);
    expect(invalid).toEqual([{ rowKey: 'ACME', row: 0, column: 'send', message: 'Send: "Maybe" is not one of YES, NO.' }]);
  });

  it('marks each row with its letter, or that there was nothing new to dun; a row sent already is not sent again', async () => {
    const before = await pulled();
    const after = [before[0]!, { ...before[1]!, send: 'NO' }, before[2]!];
    const { batches } = await plan(before, after);
    const payload = { letters: [letter('ACME', 2, ['US01-000101'], '1200.00')], userErrors: [] };
    expect(readOutcome(dunningLayout, batches[0]!, payload, after)).toEqual({
      status: 'written',
      updates: [
        { rowKey: 'ACME', row: 0, cells: { send: 'YES', customerCode: 'ACME', customerName: 'ACME Ltd', level: 2, oldestDaysPastDue: 20, invoices: 'US01-000101', currency: 'USD', overdueBalance: 1200, result: 'Sent at level 2' } },
        { rowKey: 'INITECH', row: 2, cells: { send: 'YES', result: 'Not sent: nothing new to dun' } },
      ],
    });
    expect(batches[0]!.spec.done!(payload)).toBe('1 dunning letter sent');

    const again = await plan(before, [{ ...after[0]!, result: 'Sent at level 2' }, after[1]!, { ...after[2]!, result: 'Not sent: nothing new to dun' }]);
    expect(again.batches).toEqual([]);
  });

  it("puts a refusal on the row of the customer it names", async () => {
    const before = await pulled();
    const { batches } = await plan(before, before);
    const refused = readOutcome(dunningLayout, batches[0]!, { letters: null, userErrors: [{ field: ['input', 'customerCodes', '1'], message: 'GLOBEX has no email address to send to.', code: 'NO_RECIPIENT' }] }, before);
    expect(refused).toEqual({ status: 'refused', conflicts: [], problems: [{ rowKey: 'GLOBEX', row: 1, column: 'send', message: 'GLOBEX has no email address to send to.' }] });
  });
});
