// The dunning proposal: the letters a dunning run would send as of a date (a dry run), one row
// per customer with its level, the overdue invoices the letter lists and the overdue balance.
// The analyst says No in the Send column to hold a customer's letter back; the push — asked
// for first, since it sends mail — is one run for the customers left at Yes, and each row then
// says what it got.
import { RUN_DUNNING, type DunningLetter, type RunDunningData, type UserError } from '../../api/operations.js';
import { isBlank, toRow } from '../cells.js';
import type { AddinColumn, BatchItem, DatasetLayout, Row } from '../types.js';
import { describe, optional, scope, upper } from './common.js';

export const SEND = ['YES', 'NO'] as const;

const columns: AddinColumn[] = [
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'level', header: 'Level', kind: 'integer', width: 7 },
  { key: 'oldestDaysPastDue', header: 'Oldest days past due', kind: 'integer', width: 10 },
  { key: 'invoices', header: 'Invoices', kind: 'text', width: 40 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'overdueBalance', header: 'Overdue balance', kind: 'money', width: 16, currencyColumn: 'currency' },
  { key: 'send', header: 'Send', kind: 'text', width: 8, editable: true, options: SEND },
  { key: 'result', header: 'Result', kind: 'text', width: 30 },
];

/** What the analyst and the push fill, not the letter. */
const ENTRY = new Set(['send', 'result']);

/** The cells a letter fills (a sent letter may differ from the proposal: the run counts again). */
function letterCells(letter: DunningLetter): Row {
  return toRow(columns.filter((c) => !ENTRY.has(c.key)), {
    customerCode: letter.customer.code,
    customerName: letter.customer.name,
    level: letter.level,
    oldestDaysPastDue: letter.oldestDaysPastDue,
    currency: letter.currency,
    invoices: letter.invoices.map((i) => i.number).join(', '),
    overdueBalance: letter.overdueBalance,
  });
}

function proposalRow(letter: DunningLetter): Row {
  return { ...letterCells(letter), send: 'YES', result: '' };
}

const plural = (n: number) => `${n.toLocaleString('en-US')} dunning ${n === 1 ? 'letter' : 'letters'}`;

/** Refused runs say why: the server's messages, as one error the pane shows. */
function refusal(errors: UserError[]): Error {
  return new Error(errors.map((e) => e.message).join(' '));
}

export const dunningLayout: DatasetLayout = {
  id: 'dunning',
  title: 'Dunning proposal',
  description: 'The dunning letters a run would send as of the date, one per customer (a dry run: nothing is sent on pull). Set Send to No to hold a letter back; pushing sends the others, after asking.',
  table: { sheetName: 'Dunning', tableName: 'llDunning', columns },
  keyColumns: ['customerCode'],
  filters: [{ key: 'asOf', required: true }, { key: 'entityCode' }],
  defaultFilters: (today) => ({ asOf: today, entityCode: '' }),
  describeFilters: (f) => describe([`as of ${f.asOf}`, scope(f)]),
  rowLabel: (row) => `${row.customerCode} ${row.customerName}`,
  async pull(filters, context) {
    const data = await context.api.mutate<RunDunningData>(RUN_DUNNING, { input: { asOf: optional(filters.asOf), entityCode: upper(filters.entityCode), dryRun: true } }, context.signal);
    const { letters, userErrors } = data.runDunning;
    if (userErrors.length > 0) throw refusal(userErrors);
    context.onFetched?.(letters?.length ?? 0, letters?.length ?? 0);
    return (letters ?? []).map(proposalRow);
  },
  push: {
    label: 'Send letters',
    role: 'AR',
    batches: [
      {
        name: 'Dunning letters',
        field: 'runDunning',
        listName: 'customerCodes',
        document: RUN_DUNNING,
        columns: ['send'],
        sends: 'table',
        toInput(row) {
          // A row that has its result was sent from this sheet already.
          if (!isBlank(row.current.result)) return null;
          const send = row.edits.find((e) => e.column === 'send')?.value ?? String(row.current.send).trim().toUpperCase();
          return send === 'YES' ? { customerCode: String(row.current.customerCode) } : null;
        },
        // The run of the proposal pulled: its date and entity, restricted to the customers at Yes.
        tableInput: (items, context) => ({
          asOf: context.filters.asOf || context.today,
          entityCode: upper(context.filters.entityCode),
          dryRun: false,
          customerCodes: items.map((i) => i.customerCode),
        }),
        confirm(items: BatchItem[]) {
          const codes = items.map((i) => String(i.input.customerCode));
          const listed = codes.length > 10 ? `${codes.slice(0, 10).join(', ')} and ${codes.length - 10} more` : codes.join(', ');
          return {
            title: `Send ${plural(items.length)}?`,
            text: `Each goes by email with its PDF attached and is logged as a dunning letter: ${listed}. Sent mail cannot be called back.`,
          };
        },
        done: (payload: RunDunningData['runDunning']) => `${plural(payload.letters?.length ?? 0)} sent`,
        written: (payload: RunDunningData['runDunning']) =>
          (payload.letters ?? []).map((letter) => ({ rowKey: letter.customer.code, cells: { ...letterCells(letter), result: `Sent at level ${letter.level}` } })),
        // Asked for and not in the answer: the run found nothing new to dun (someone sent it meanwhile).
        afterPush: () => ({ result: 'Not sent: nothing new to dun' }),
      },
    ],
  },
};
