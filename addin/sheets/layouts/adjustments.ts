// Adjustments: the open invoices an analyst may credit or write off, one row per invoice. A Kind
// typed on a row (credit memo or write-off) with its amount, date and reason proposes one; the
// push posts every proposed row as one atomic postAdjustments batch, after saying how many of
// each and the totals per currency. A refused batch posts nothing and marks the rows; after a
// post each row says what it got (the credit memo's number, or written off) and a refresh shows
// the new balances.
//
// The Amount column is a text column: Excel would turn "10%" into 0.1 and "1/2" into a date in a
// number cell, and the pane could not tell; as text, what was typed is read exactly ("1,234.50"
// is 1234.50) and a percentage is refused, never guessed into an amount.
import { ADJUSTMENT_KINDS, INVOICES_PAGE, POST_ADJUSTMENTS, type AdjustmentRecord, type InvoiceNode, type PostAdjustmentsData } from '../../api/operations.js';
import { fetchAllPages } from '../../api/paging.js';
import { cellToDecimalString, compareDecimals, decimalPlaces, isBlank, minorUnits, padDecimal, shiftDecimal, toRow } from '../cells.js';
import type { AddinColumn, BatchItem, DatasetLayout, Row, RowEdits } from '../types.js';
import { describe, scope, upper } from './common.js';

const ENTRY_COLUMNS = ['kind', 'amount', 'date', 'reason'];

const columns: AddinColumn[] = [
  { key: 'number', header: 'Invoice', kind: 'text', width: 14 },
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'dueDate', header: 'Due', kind: 'date', width: 11 },
  { key: 'daysPastDue', header: 'Days past due', kind: 'integer', width: 9 },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'balance', header: 'Balance', kind: 'money', width: 14, currencyColumn: 'currency' },
  { key: 'kind', header: 'Kind', kind: 'text', width: 13, editable: true, clearable: true, options: ADJUSTMENT_KINDS },
  { key: 'amount', header: 'Amount', kind: 'money', numberFormat: '@', width: 14, editable: true, clearable: true, currencyColumn: 'currency' },
  { key: 'date', header: 'Date', kind: 'date', width: 11, editable: true, clearable: true },
  { key: 'reason', header: 'Reason', kind: 'text', width: 32, editable: true, clearable: true },
  { key: 'result', header: 'Result', kind: 'text', width: 30 },
];

function adjustableRow(n: InvoiceNode): Row {
  return toRow(columns, { ...n, customerCode: n.customer.code, customerName: n.customer.name, kind: '', amount: '', date: '', reason: '', result: '' });
}

/** An entry column's parsed value on the row (entry columns are pulled blank, so a value is an edit). */
const entry = (row: RowEdits, column: string) => row.edits.find((e) => e.column === column)?.value ?? null;

/** Exact sum of decimal texts, padded to the currency's minor units. */
export function sumDecimals(values: string[], currency: string): string {
  const places = Math.max(minorUnits(currency), ...values.map(decimalPlaces));
  const total = values.reduce((sum, v) => sum + BigInt(shiftDecimal(v, places)), 0n);
  return padDecimal(shiftDecimal(total.toString(), -places), minorUnits(currency));
}

/** "1234567.5" → "1,234,567.5": how amounts read in the question. */
function grouped(decimal: string): string {
  const [whole = '0', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "USD 1,250.00 and EUR 80.00": per-currency totals of the items of one kind. */
function totals(items: { currency: string; amount: string }[]): string {
  const byCurrency = new Map<string, string[]>();
  for (const { currency, amount } of items) byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), amount]);
  return [...byCurrency].map(([currency, amounts]) => `${currency} ${grouped(sumDecimals(amounts, currency))}`).join(' and ');
}

function resultText(a: AdjustmentRecord): string {
  const amount = `${a.currency} ${grouped(padDecimal(a.amount, minorUnits(a.currency)))}`;
  return a.kind === 'CREDIT_MEMO' ? `Credit memo ${a.number} for ${amount}` : `Written off ${amount}`;
}

export const adjustmentsLayout: DatasetLayout = {
  id: 'adjustments',
  title: 'Adjustments',
  description:
    'Open invoices to credit or write off. On a row, choose the Kind (credit memo or write-off), the Amount (blank: a write-off of the whole balance), the Date (blank: today) and a Reason; pushing posts every such row in one batch, after asking.',
  table: { sheetName: 'Adjustments', tableName: 'llAdjustments', columns },
  keyColumns: ['number'],
  filters: [{ key: 'entityCode' }, { key: 'currency' }],
  defaultFilters: () => ({ entityCode: '', currency: '' }),
  describeFilters: (f) => describe([scope(f), upper(f.currency) && `in ${upper(f.currency)}`]),
  rowLabel: (row) => `${row.number} ${row.customerCode}`,
  async pull(filters, context) {
    const nodes = await fetchAllPages<InvoiceNode>({
      api: context.api,
      document: INVOICES_PAGE,
      variables: { filter: { open: true, entityCode: upper(filters.entityCode), currency: upper(filters.currency) } },
      connection: (data) => data.invoices,
      signal: context.signal,
      onPage: context.onFetched,
    });
    return nodes.map(adjustableRow);
  },
  push: {
    label: 'Post adjustments',
    role: 'AR',
    batches: [
      {
        name: 'Adjustments',
        field: 'postAdjustments',
        listName: 'adjustments',
        document: POST_ADJUSTMENTS,
        columns: ENTRY_COLUMNS,
        toInput(row, context) {
          const kind = entry(row, 'kind');
          // A row without a Kind proposes nothing (validateRow flags one with other entries).
          if (kind === null) return null;
          return {
            kind,
            invoiceNumber: String(row.current.number),
            amount: entry(row, 'amount'),
            date: entry(row, 'date') ?? context.today,
            reason: String(entry(row, 'reason') ?? ''),
          };
        },
        confirm(items: BatchItem[], pulled) {
          const of = (item: BatchItem) => {
            const row = pulled(item.rowKey) ?? {};
            const currency = String(row.currency ?? '');
            // A write-off with no amount takes the whole balance: the one pulled, as the analyst saw it.
            const amount = (item.input.amount as string | null) ?? cellToDecimalString(row.balance ?? '') ?? '0';
            return { kind: item.input.kind, currency, amount, whole: item.input.amount === null };
          };
          const all = items.map(of);
          const credits = all.filter((a) => a.kind === 'CREDIT_MEMO');
          const writeOffs = all.filter((a) => a.kind === 'WRITE_OFF');
          const kinds = [credits.length > 0 && plural(credits.length, 'credit memo'), writeOffs.length > 0 && plural(writeOffs.length, 'write-off')].filter(Boolean).join(', ');
          const dates = [...new Set(items.map((i) => String(i.input.date)))].sort();
          const sentences = [
            credits.length > 0 ? `Credit memos: ${totals(credits)}.` : '',
            writeOffs.length > 0 ? `Write-offs: ${totals(writeOffs)}${writeOffs.some((w) => w.whole) ? ' (a blank amount writes off the whole open balance, shown as pulled)' : ''}.` : '',
            `Dated ${dates.length === 1 ? dates[0] : `${dates[0]} to ${dates[dates.length - 1]}`}.`,
            'All are posted together or none; a posted credit memo is numbered and cannot be taken back from the sheet.',
          ];
          return { title: `Post ${plural(items.length, 'adjustment')} (${kinds})?`, text: sentences.filter(Boolean).join(' ') };
        },
        refusal(error, item) {
          if (error.code === 'FORBIDDEN' && item.input.kind === 'WRITE_OFF') {
            return `${error.message} A write-off above the limit needs an ADMIN: ask one to post it, or lower the amount. Nothing in the batch was posted.`;
          }
          return error.message;
        },
        done(payload: PostAdjustmentsData['postAdjustments']) {
          const posted = payload.adjustments ?? [];
          const credits = posted.filter((a) => a.kind === 'CREDIT_MEMO').length;
          const kinds = [credits > 0 && plural(credits, 'credit memo'), posted.length - credits > 0 && plural(posted.length - credits, 'write-off')].filter(Boolean).join(', ');
          return `Posted ${plural(posted.length, 'adjustment')} (${kinds})`;
        },
        // The entry cells are cleared for the next one; the row says what it got until a refresh brings the new balance.
        written: (payload: PostAdjustmentsData['postAdjustments']) =>
          (payload.adjustments ?? []).map((a) => ({ rowKey: a.invoiceNumber, cells: { kind: '', amount: '', date: '', reason: '', result: resultText(a) } })),
      },
    ],
    validateRow(row) {
      const label = `${row.current.number}`;
      const kind = entry(row, 'kind');
      const amount = entry(row, 'amount');
      const reason = entry(row, 'reason');
      const currency = String(row.current.currency ?? '');
      if (kind === null) {
        // Entries without a Kind would be dropped silently.
        return [{ column: 'kind', message: `${label}: choose the Kind (CREDIT_MEMO or WRITE_OFF), or clear the row's Amount, Date and Reason.` }];
      }
      const problems: { column: string; message: string }[] = [];
      if (reason === null || String(reason).trim() === '') problems.push({ column: 'reason', message: `${label}: a ${kind === 'WRITE_OFF' ? 'write-off' : 'credit memo'} needs a reason.` });
      if (amount === null) {
        if (kind === 'CREDIT_MEMO') problems.push({ column: 'amount', message: `${label}: a credit memo needs its amount in ${currency} (only a write-off takes the whole balance when left blank).` });
        return problems;
      }
      if (compareDecimals(String(amount), '0') <= 0) {
        problems.push({ column: 'amount', message: `${label}: the amount must be more than zero.` });
        return problems;
      }
      const balance = isBlank(row.current.balance) ? null : cellToDecimalString(row.current.balance!);
      if (kind === 'WRITE_OFF' && balance !== null && compareDecimals(String(amount), balance) > 0) {
        const shown = grouped(padDecimal(balance, minorUnits(currency)));
        problems.push({ column: 'amount', message: `${label}: writing off ${currency} ${grouped(String(amount))} is more than the ${currency} ${shown} open; write off at most ${shown}.` });
      }
      return problems;
    },
  },
};
