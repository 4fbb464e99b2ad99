// The collections worklist: one row per customer with a past-due balance, broken promises
// first. The collector records what happened in the entry columns (action, note, promise
// date and amount, next follow-up); a push logs one collection activity per row changed.
//
// Past due is shown twice: in the base currency (what ranks the list) and in the customer's
// billing currency (what the collector asks for), with invoices in other currencies listed
// apart. A promise is typed in the billing currency and sent with the sheet's as-of date: the
// server picks the invoices past due on that date in that currency, leaving disputed ones out,
// and refuses more than they owe; the sheet checks the same bound before sending.
import { COLLECTIONS_WORKLIST, LOG_COLLECTION_ACTIVITIES, type CollectionActivityRecord, type WorklistItem } from '../../api/operations.js';
import { cellToDecimalString, compareDecimals, isoToSerial, minorUnits, padDecimal, toRow } from '../cells.js';
import type { AddinColumn, DatasetLayout, Row, RowEdits } from '../types.js';
import { describe, isoIn, optional, scope, upper, YES_NO } from './common.js';

export const ACTIONS = ['CALL', 'EMAIL', 'NOTE', 'ESCALATION', 'PROMISE_TO_PAY'] as const;
const ENTRY_COLUMNS = ['action', 'note', 'promiseDate', 'promiseAmount', 'nextFollowUp'];

const columns: AddinColumn[] = [
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 8 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'pastDue', header: 'Past due', kind: 'money', width: 14 },
  { key: 'customerCurrency', header: 'Billing currency', kind: 'text', width: 9 },
  { key: 'pastDueInBillingCurrency', header: 'Past due (billing currency)', kind: 'money', width: 14, currencyColumn: 'customerCurrency' },
  { key: 'pastDueInOtherCurrencies', header: 'Past due in other currencies', kind: 'text', width: 22 },
  { key: 'oldestDaysPastDue', header: 'Oldest days past due', kind: 'integer', width: 10 },
  { key: 'brokenPromises', header: 'Broken promises', kind: 'integer', width: 9 },
  { key: 'priority', header: 'Priority', kind: 'decimal', numberFormat: '#,##0', width: 14 },
  { key: 'lastActivity', header: 'Last activity', kind: 'date', width: 11 },
  { key: 'lastActivityKind', header: 'Last action', kind: 'text', width: 14 },
  { key: 'collector', header: 'Collector', kind: 'text', width: 14 },
  { key: 'creditLimit', header: 'Credit limit', kind: 'money', width: 14, currencyColumn: 'customerCurrency' },
  { key: 'overCreditLimit', header: 'Over limit', kind: 'text', width: 8 },
  { key: 'onCreditHold', header: 'Credit hold', kind: 'text', width: 8 },
  { key: 'openDisputes', header: 'Open disputes', kind: 'integer', width: 9 },
  { key: 'snoozedUntil', header: 'Snoozed until', kind: 'date', width: 11 },
  { key: 'nextFollowUp', header: 'Next follow-up', kind: 'date', width: 11, editable: true },
  { key: 'action', header: 'Action', kind: 'text', width: 15, editable: true, clearable: true, options: ACTIONS },
  { key: 'note', header: 'Note', kind: 'text', width: 36, editable: true, clearable: true },
  { key: 'promiseDate', header: 'Promise date', kind: 'date', width: 11, editable: true, clearable: true },
  { key: 'promiseAmount', header: 'Promise amount (billing currency)', kind: 'money', width: 14, editable: true, clearable: true, min: 0, currencyColumn: 'customerCurrency' },
];

function worklistRow(item: WorklistItem): Row {
  return toRow(columns, {
    ...item,
    customerCode: item.customer.code,
    customerName: item.customer.name,
    entityCode: item.customer.entity.code,
    customerCurrency: item.billingCurrency,
    pastDueInOtherCurrencies: item.pastDueInOtherCurrencies.map((o) => `${o.currency} ${o.amount}`).join('; '),
    overCreditLimit: YES_NO(item.overCreditLimit),
    onCreditHold: YES_NO(item.onCreditHold),
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

/** Why the row's promise cannot be sent as typed (nothing to cover, or more than is past due), or null. */
function promiseBoundProblem(row: RowEdits, promiseAmount: string): { column: string; message: string } | null {
  const code = row.current.customerCode;
  const currency = String(row.current.customerCurrency ?? '');
  const pastDue = cellToDecimalString(row.current.pastDueInBillingCurrency ?? '');
  if (pastDue === null) return null; // not pulled with this column: the server checks
  const others = String(row.current.pastDueInOtherCurrencies ?? '').trim();
  if (compareDecimals(pastDue, '0') <= 0) {
    return {
      column: 'promiseAmount',
      message: `${code} has nothing past due in ${currency} on this worklist's date that a promise can cover${others ? ` (its past due is in ${others})` : ''}; log a promise in another currency in the API, naming its invoices.`,
    };
  }
  if (compareDecimals(promiseAmount, pastDue) > 0) {
    const places = minorUnits(currency);
    const shown = padDecimal(pastDue, places);
    return {
      column: 'promiseAmount',
      message: `${code}: the promise of ${currency} ${padDecimal(promiseAmount, places)} is more than the ${currency} ${shown} past due in its billing currency on this worklist's date; promise at most ${shown}.`,
    };
  }
  return null;
}

export const worklistLayout: DatasetLayout = {
  id: 'worklist',
  title: 'Collections worklist',
  description: 'Customers with past-due balances, broken promises first, then by priority; snoozed ones (next follow-up after the date) left out unless included. Log calls, notes and promises to pay in the entry columns.',
  table: { sheetName: 'Worklist', tableName: 'llWorklist', columns },
  keyColumns: ['customerCode'],
  filters: [{ key: 'asOf', required: true }, { key: 'entityCode' }, { key: 'collector' }, { key: 'includeSnoozed' }],
  defaultFilters: (today) => ({ asOf: today, entityCode: '', collector: '', includeSnoozed: '' }),
  describeFilters: (f) => describe([`as of ${f.asOf}`, scope(f), optional(f.collector) && `collector ${optional(f.collector)}`, f.includeSnoozed === 'true' && 'snoozed included']),
  rowLabel: (row) => `${row.customerCode} ${row.customerName}`,
  async pull(filters, context) {
    const data = await context.api.query<{ collectionsWorklist: WorklistItem[] }>(
      COLLECTIONS_WORKLIST,
      { asOf: optional(filters.asOf), entityCode: upper(filters.entityCode), collector: optional(filters.collector), includeSnoozed: filters.includeSnoozed === 'true' },
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
            // The server picks the invoices past due on the date the table was pulled for, in the
            // currency the sheet showed, leaving disputed ones out.
            const asOf = context.filters?.asOf || context.today;
            return { ...base, kind: 'PROMISE_TO_PAY', asOf, currency: String(row.current.customerCurrency), promiseDate, promiseAmount };
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
      else if (promiseAmount !== null) {
        const bound = promiseBoundProblem(row, String(promiseAmount));
        if (bound) problems.push(bound);
      }
      return problems;
    },
  },
};
