// The collections worklist: one row per customer with a past-due balance, broken promises
// first. The collector records what happened in the entry columns (action, note, promise
// date and amount, next follow-up); a push logs one collection activity per row changed.
import { COLLECTIONS_WORKLIST, LOG_COLLECTION_ACTIVITIES, PAST_DUE_INVOICES, type CollectionActivityRecord, type PastDueInvoiceNode, type WorklistItem } from '../../api/operations.js';
import { fetchAllPages } from '../../api/paging.js';
import { isoToSerial, toRow } from '../cells.js';
import { RowProblem, type AddinColumn, type BuildContext, type DatasetLayout, type Row, type RowEdits } from '../types.js';
import { describe, isoIn, optional, scope, upper } from './common.js';

export const ACTIONS = ['CALL', 'EMAIL', 'NOTE', 'ESCALATION', 'PROMISE_TO_PAY'] as const;
const ENTRY_COLUMNS = ['action', 'note', 'promiseDate', 'promiseAmount', 'nextFollowUp'];

const columns: AddinColumn[] = [
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'pastDue', header: 'Past due', kind: 'money', width: 14 },
  { key: 'oldestDaysPastDue', header: 'Oldest days past due', kind: 'integer', width: 10 },
  { key: 'brokenPromises', header: 'Broken promises', kind: 'integer', width: 9 },
  { key: 'priority', header: 'Priority', kind: 'decimal', numberFormat: '#,##0', width: 14 },
  { key: 'lastActivity', header: 'Last activity', kind: 'date', width: 11 },
  { key: 'lastActivityKind', header: 'Last action', kind: 'text', width: 14 },
  { key: 'nextFollowUp', header: 'Next follow-up', kind: 'date', width: 11, editable: true },
  { key: 'action', header: 'Action', kind: 'text', width: 15, editable: true, clearable: true, options: ACTIONS },
  { key: 'note', header: 'Note', kind: 'text', width: 36, editable: true, clearable: true },
  { key: 'promiseDate', header: 'Promise date', kind: 'date', width: 11, editable: true, clearable: true },
  { key: 'promiseAmount', header: 'Promise amount', kind: 'money', width: 14, editable: true, clearable: true, min: 0, currencyColumn: 'customerCurrency' },
  { key: 'customerCurrency', header: 'Billing currency', kind: 'text', hidden: true },
];

function worklistRow(item: WorklistItem): Row {
  return toRow(columns, {
    ...item,
    customerCode: item.customer.code,
    customerName: item.customer.name,
    entityCode: item.customer.entity.code,
    customerCurrency: item.customer.currency,
    action: '',
    note: '',
    promiseDate: '',
    promiseAmount: '',
  });
}

const editOf = (row: RowEdits, column: string) => row.edits.find((e) => e.column === column);
/** An entry column's value: the edit, or what the cell holds (entry columns are pulled blank). */
const entry = (row: RowEdits, column: string) => {
  const edit = editOf(row, column);
  return edit ? edit.value : null;
};

/** The invoices a promise covers: the customer's past-due invoices in one currency (the billing currency when it has any). */
async function promisedInvoices(customerCode: string, billingCurrency: string, context: BuildContext): Promise<string[]> {
  const invoices = await fetchAllPages<PastDueInvoiceNode>({
    api: context.api,
    document: PAST_DUE_INVOICES,
    variables: { customerCode },
    connection: (data) => data.invoices,
    signal: context.signal,
  });
  if (invoices.length === 0) throw new RowProblem('promiseAmount', `${customerCode} has no past-due invoice for a promise to cover.`);
  const inBilling = invoices.filter((i) => i.currency === billingCurrency);
  const chosen = inBilling.length > 0 ? inBilling : invoices.filter((i) => i.currency === invoices[0]!.currency);
  return chosen.map((i) => i.number);
}

export const worklistLayout: DatasetLayout = {
  id: 'worklist',
  title: 'Collections worklist',
  description: 'Customers with past-due balances, broken promises first, then by priority. Log calls, notes and promises to pay in the entry columns.',
  table: { sheetName: 'Worklist', tableName: 'llWorklist', columns },
  keyColumns: ['customerCode'],
  filters: [{ key: 'asOf', required: true }, { key: 'entityCode' }],
  defaultFilters: (today) => ({ asOf: today, entityCode: '' }),
  describeFilters: (f) => describe([`as of ${f.asOf}`, scope(f)]),
  rowLabel: (row) => `${row.customerCode} ${row.customerName}`,
  async pull(filters, context) {
    const data = await context.api.query<{ collectionsWorklist: WorklistItem[] }>(
      COLLECTIONS_WORKLIST,
      { asOf: optional(filters.asOf), entityCode: upper(filters.entityCode) },
      context.signal,
    );
    context.onFetched?.(data.collectionsWorklist.length, data.collectionsWorklist.length);
    return data.collectionsWorklist.map(worklistRow);
  },
  push: {
    batches: [
      {
        name: 'Collection activities',
        field: 'logCollectionActivities',
        listName: 'activities',
        document: LOG_COLLECTION_ACTIVITIES,
        columns: ENTRY_COLUMNS,
        async toInput(row, context) {
          const customerCode = String(row.current.customerCode);
          const promiseDate = entry(row, 'promiseDate');
          const promiseAmount = entry(row, 'promiseAmount');
          const note = entry(row, 'note');
          // A follow-up already scheduled is carried on, so logging a call does not drop it.
          const followUp = editOf(row, 'nextFollowUp')?.value ?? isoIn(row.current.nextFollowUp);
          const nextFollowUp = followUp && followUp >= context.today ? followUp : null;
          const base = { customerCode, note: note === null ? null : String(note), nextFollowUp };
          if (promiseDate !== null && promiseAmount !== null) {
            const invoiceNumbers = await promisedInvoices(customerCode, String(row.current.customerCurrency), context);
            return { ...base, kind: 'PROMISE_TO_PAY', invoiceNumbers, promiseDate, promiseAmount };
          }
          return { ...base, kind: (entry(row, 'action') as string | null) ?? 'NOTE' };
        },
        written: (payload: { collectionActivities: CollectionActivityRecord[] | null }) =>
          (payload.collectionActivities ?? []).map((a) => ({
            rowKey: a.customer.code,
            cells: {
              lastActivity: isoToSerial(a.activityDate),
              lastActivityKind: a.kind,
              ...(a.nextFollowUp ? { nextFollowUp: isoToSerial(a.nextFollowUp) } : {}),
              action: '',
              note: '',
              promiseDate: '',
              promiseAmount: '',
            },
          })),
      },
    ],
    validateRow(row) {
      const problems: { column: string; message: string }[] = [];
      const promiseDate = entry(row, 'promiseDate');
      const promiseAmount = entry(row, 'promiseAmount');
      const action = entry(row, 'action');
      if (promiseDate !== null && promiseAmount === null) problems.push({ column: 'promiseAmount', message: `${row.current.customerCode}: a promise to pay needs an amount as well as a date.` });
      if (promiseAmount !== null && promiseDate === null) problems.push({ column: 'promiseDate', message: `${row.current.customerCode}: a promise to pay needs a date as well as an amount.` });
      if (action === 'PROMISE_TO_PAY' && promiseDate === null && promiseAmount === null) {
        problems.push({ column: 'promiseDate', message: `${row.current.customerCode}: enter the promise date and amount for a promise to pay.` });
      }
      if (promiseAmount !== null && Number(promiseAmount) <= 0) problems.push({ column: 'promiseAmount', message: `${row.current.customerCode}: a promised amount must be more than zero.` });
      return problems;
    },
  },
};
