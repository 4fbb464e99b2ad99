// Cash to apply: the bank statement lines not yet turned into payments (UNMATCHED, and PROPOSED
// with the matching's proposal), one row per line. The analyst checks or corrects the Customer
// (its code), the Invoices (numbers separated by commas or semicolons) and, optionally, the
// Amounts per invoice (same order, separated by semicolons), and marks the lines to apply with an
// x in Confirm. The push — asked for first, a payment cannot be taken back from the sheet — is ONE
// confirmBankMatches of every marked line: all are applied or none, and a refusal is marked on
// its line (found by the line's id, never by position). Applied lines say so in Result and leave
// the sheet with the next refresh.
//
// Amounts and Invoices are text columns, read exactly as typed: "1,234.50" is 1234.50 (a comma
// followed by three digits groups thousands, so amounts are separated by semicolons), "10%" is
// refused, never guessed into an amount. Blank Amounts with the Invoices as pulled apply the
// proposal (or, on a line with no proposal, the customer's oldest due invoices); Invoices that
// differ from the proposal need their amounts, so what is applied is always what the row says.
import { BANK_TRANSACTIONS_PAGE, CONFIRM_BANK_MATCHES, type BankTransactionNode, type ConfirmBankMatchesData } from '../../api/data-in-operations.js';
import { fetchAllPages } from '../../api/paging.js';
import type { CellValue } from '../../office/contract.js';
import { cellToDecimalString, cellToIsoDate, compareDecimals, decimalPlaces, isBlank, minorUnits, numberToDecimalString, padDecimal, textToDecimalString, toRow } from '../cells.js';
import { RowProblem, type AddinColumn, type BatchItem, type DatasetLayout, type Row, type RowEdits } from '../types.js';
import { sumDecimals } from './adjustments.js';
import { scope, upper } from './common.js';

/** The entry columns, in the order a refusal that names no field of them falls back on (Confirm first). */
const ENTRY_COLUMNS = ['confirm', 'customerCode', 'applications', 'amounts'];

const columns: AddinColumn[] = [
  { key: 'bookingDate', header: 'Booking date', kind: 'date', width: 11 },
  { key: 'entityCode', header: 'Entity', kind: 'text', width: 7 },
  { key: 'amount', header: 'Amount', kind: 'money', width: 14, currencyColumn: 'currency' },
  { key: 'currency', header: 'Currency', kind: 'text', width: 8 },
  { key: 'counterparty', header: 'Counterparty', kind: 'text', width: 26 },
  { key: 'counterpartyAccount', header: 'Counterparty account', kind: 'text', width: 22 },
  { key: 'remittance', header: 'Remittance', kind: 'text', width: 36 },
  { key: 'status', header: 'Status', kind: 'text', width: 10 },
  { key: 'confidence', header: 'Confidence', kind: 'decimal', numberFormat: '0%', width: 10 },
  // Text (the '@' format of text columns): a code or invoice number like 000123 stays as typed.
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12, editable: true, clearable: true },
  { key: 'applications', header: 'Invoices', kind: 'text', width: 28, editable: true, clearable: true },
  { key: 'amounts', header: 'Amounts', kind: 'text', width: 22, editable: true, clearable: true },
  { key: 'confirm', header: 'Confirm', kind: 'text', width: 9, editable: true, clearable: true },
  { key: 'result', header: 'Result', kind: 'text', width: 40 },
  { key: 'id', header: 'Line id', kind: 'text', hidden: true },
  // What the row showed when pulled: a row whose date, amount or payer no longer match (cells of
  // another line pasted over it) is not confirmed as the line it stands for.
  { key: 'pulledAs', header: 'Line as pulled', kind: 'text', hidden: true },
];

/** The words Confirm takes: an x (or yes / true / a tick) applies the line; blank, no or false leaves it. */
const CONFIRM_YES = new Set(['X', 'YES', 'Y', 'TRUE', '✓', '✔']);
const CONFIRM_NO = new Set(['', 'NO', 'N', 'FALSE']);

const text = (value: CellValue | undefined) => (value === undefined ? '' : String(value).trim());

/** "1234567.5" → "1,234,567.5": how amounts read in messages and results. */
function grouped(decimal: string): string {
  const [whole = '0', fraction] = decimal.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`;
}

const money = (currency: string, amount: string) => `${currency} ${grouped(padDecimal(amount, minorUnits(currency)))}`;

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "US01-000001, US01-000002; INV7" → the invoice numbers, in order. */
export function splitInvoices(cell: string): string[] {
  return cell
    .split(/[,;\n]+/)
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

/**
 * "1,250.00; 300" → ["1250.00", "300.00"] in the currency's minor units, or why not. Amounts are
 * separated by semicolons (or line breaks): a comma groups thousands, as Excel reads "1,250.00".
 */
export function parseAmounts(cell: string, currency: string): { amounts: string[] } | { message: string } {
  const places = minorUnits(currency);
  const amounts: string[] = [];
  for (const piece of cell.split(/[;\n]+/).map((p) => p.trim()).filter((p) => p !== '')) {
    if (/%$/.test(piece)) return { message: `"${piece}" is a percentage, not an amount: type the amount itself in ${currency}.` };
    const decimal = textToDecimalString(piece);
    if (decimal === null) return { message: `"${piece}" is not an amount: type it like 1,250.00, and separate the amounts of several invoices with semicolons (1,250.00; 300.00).` };
    if (decimalPlaces(decimal) > places) return { message: `${piece} has too many decimals (${currency} takes at most ${places}).` };
    if (compareDecimals(decimal, '0') <= 0) return { message: `${piece}: an amount applied must be more than zero.` };
    amounts.push(padDecimal(decimal, places));
  }
  return { amounts };
}

/** The Amounts cell as text: a number that lost the text format is read as the number it is. */
function amountsText(value: CellValue | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? numberToDecimalString(value) : text(value);
}

interface Entries {
  /** True: apply the line; false: leave it. */
  confirm: boolean;
  problems: { column: string; message: string }[];
  /** What is sent for a confirmed line without problems. */
  input: Record<string, unknown> | null;
}

/** A line's entries as the sheet holds them now, checked; `row.edits` say which differ from the pull. */
function readEntries(row: RowEdits): Entries {
  const now = row.current;
  const label = cashToApplyLayout.rowLabel(now);
  const currency = text(now.currency);
  const problems: Entries['problems'] = [];
  const edited = (column: string) => row.edits.find((e) => e.column === column);

  const pulledAs = text(now.pulledAs);
  const confirmWord = text(now.confirm).toUpperCase();
  const confirm = CONFIRM_YES.has(confirmWord);
  if (!confirm && !CONFIRM_NO.has(confirmWord)) {
    problems.push({ column: 'confirm', message: `${label}: Confirm is "${text(now.confirm)}". Type x (or Yes) to apply this line; leave it blank to leave it.` });
  }

  const invoices = splitInvoices(text(now.applications));
  const twice = invoices.find((n, i) => invoices.findIndex((m) => m.toUpperCase() === n.toUpperCase()) !== i);
  if (twice) problems.push({ column: 'applications', message: `${label}: invoice ${twice} is listed twice in Invoices; list each invoice once with its amount.` });

  let amounts: string[] | null = null;
  const typedAmounts = amountsText(now.amounts);
  if (typedAmounts !== '') {
    const parsed = parseAmounts(typedAmounts, currency);
    if ('message' in parsed) problems.push({ column: 'amounts', message: `${label}: ${parsed.message}` });
    else if (invoices.length === 0) problems.push({ column: 'amounts', message: `${label}: Amounts need the invoices they pay: list them in Invoices, in the same order.` });
    else if (parsed.amounts.length !== invoices.length) {
      problems.push({
        column: 'amounts',
        message: `${label}: ${plural(parsed.amounts.length, 'amount')} for ${plural(invoices.length, 'invoice')}. Give one amount per invoice, in the same order, separated by semicolons (e.g. 1,250.00; 300.00), or clear Amounts.`,
      });
    } else {
      amounts = parsed.amounts;
      const lineAmount = cellToDecimalString(now.amount ?? '') ?? '0';
      const total = sumDecimals(amounts, currency);
      if (compareDecimals(total, lineAmount) > 0) {
        problems.push({ column: 'amounts', message: `${label}: the Amounts total ${money(currency, total)}, more than the ${money(currency, lineAmount)} received; apply at most ${grouped(padDecimal(lineAmount, minorUnits(currency)))}.` });
      }
    }
  }

  if (!confirm) return { confirm, problems, input: null };

  if (pulledAs !== '' && label !== pulledAs) {
    problems.push({
      column: 'confirm',
      message: `This row is the bank line ${pulledAs}, but it now shows ${label}: its date, amount or counterparty were overwritten (another line's cells pasted over it?). Put them back, or refresh, before confirming it.`,
    });
    return { confirm, problems, input: null };
  }
  const customerCode = text(now.customerCode);
  if (customerCode === '') {
    problems.push({ column: 'customerCode', message: `${label}: to apply this line, type the customer's code in Customer.` });
    return { confirm, problems, input: null };
  }
  if (amounts === null && problems.every((p) => p.column !== 'amounts')) {
    // Without amounts the server applies its proposal (same customer) or the oldest due invoices:
    // only when that is what the row shows.
    const invoicesEdit = edited('applications');
    const customerEdit = edited('customerCode');
    const customerChanged = customerEdit !== undefined && text(customerEdit.before).toUpperCase() !== customerCode.toUpperCase();
    if (invoicesEdit && invoices.length > 0) {
      problems.push({
        column: 'amounts',
        message: `${label}: the Invoices differ from the proposal, so each needs its amount: type them in Amounts in the same order, separated by semicolons (e.g. 1,250.00; 300.00).`,
      });
    } else if (invoicesEdit && !customerChanged) {
      problems.push({
        column: 'applications',
        message: `${label}: Invoices cleared, but for ${customerCode} the server would apply its proposal (${text(invoicesEdit.before)}). Put them back to apply it as proposed, or list the invoices with their Amounts.`,
      });
    } else if (customerChanged && invoices.length > 0) {
      problems.push({
        column: 'applications',
        message: `${label}: the Invoices are the proposal for ${text(customerEdit!.before)}. Clear them to apply ${customerCode}'s oldest due invoices first, or list ${customerCode}'s invoices with their Amounts.`,
      });
    }
  }
  if (problems.length > 0) return { confirm, problems, input: null };
  return {
    confirm,
    problems,
    input: {
      transactionId: text(now.id),
      customerCode,
      ...(amounts ? { applications: invoices.map((invoiceNumber, i) => ({ invoiceNumber, amount: amounts![i]! })) } : {}),
    },
  };
}

function lineRow(t: BankTransactionNode): Row {
  const row = toRow(columns, {
    id: t.id,
    bookingDate: t.bookingDate,
    entityCode: t.statement.entity.code,
    amount: t.amount,
    currency: t.currency,
    counterparty: t.counterparty,
    counterpartyAccount: t.counterpartyAccount,
    remittance: t.remittance ?? (t.references.length > 0 ? t.references.join(' ') : null),
    status: t.status,
    // The confidence as a fraction of one (shown 80%), its exact text.
    confidence: t.match ? numberToDecimalString(t.match.confidence) : null,
    customerCode: t.match?.customer.code ?? '',
    applications: t.match?.applications.map((a) => a.invoiceNumber).join(', ') ?? '',
    amounts: '',
    confirm: '',
    result: '',
  });
  return { ...row, pulledAs: cashToApplyLayout.rowLabel(row) };
}

/** What an applied line got: "Payment of USD 1,250.00 from ACME: US01-000001 1,000.00, US01-000002 250.00". */
function resultText(t: BankTransactionNode): string {
  const applied = t.match?.applications.map((a) => `${a.invoiceNumber} ${grouped(padDecimal(a.amount, minorUnits(t.currency)))}`) ?? [];
  const unapplied = t.payment && compareDecimals(t.payment.unappliedAmount, '0') > 0 ? `${money(t.currency, t.payment.unappliedAmount)} unapplied` : '';
  const parts = [applied.length > 0 ? applied.join(', ') : '', unapplied].filter(Boolean).join('; ');
  return `Payment of ${money(t.currency, t.amount)} from ${t.match?.customer.code ?? '?'}${parts ? `: ${parts}` : ''}`;
}

/** Per-currency totals, "USD 10,250.00, EUR 1,200.00", in the order the currencies first appear. */
export function currencyTotals(items: { currency: string; amount: string }[]): string {
  const byCurrency = new Map<string, string[]>();
  for (const { currency, amount } of items) byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), amount]);
  return [...byCurrency].map(([currency, amounts]) => money(currency, sumDecimals(amounts, currency))).join(', ');
}

/**
 * A key derived from what is sent: a retry of the same confirmation (after a lost answer, or from
 * a reopened pane) replays the first answer instead of being refused as already applied; a
 * different confirmation gets a different key. Two 53-bit hashes of the request.
 */
export function contentKey(request: string): string {
  const hash = (seed: number) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < request.length; i++) {
      const c = request.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  return `cash-to-apply-${hash(1)}-${hash(2)}`;
}

export const cashToApplyLayout: DatasetLayout = {
  id: 'cashToApply',
  title: 'Cash to apply',
  description:
    'Bank lines not yet applied (unmatched, and proposed with their match). Check or correct the Customer, the Invoices (separated by commas) and, if need be, the Amounts per invoice (separated by semicolons); type x in Confirm on the lines to apply. Applying makes one payment per line, all together or none, after asking.',
  table: { sheetName: 'Cash to apply', tableName: 'llCashToApply', columns },
  keyColumns: ['id'],
  filters: [{ key: 'entityCode' }],
  defaultFilters: () => ({ entityCode: '' }),
  describeFilters: (f) => `unapplied bank lines, ${scope(f)}`,
  rowLabel: (row) => {
    const currency = text(row.currency);
    const amount = cellToDecimalString(row.amount ?? '');
    return [cellToIsoDate(row.bookingDate ?? '') ?? '', amount === null ? '' : money(currency, amount), text(row.counterparty)].filter(Boolean).join(' ');
  },
  async pull(filters, context) {
    const nodes = await fetchAllPages<BankTransactionNode>({
      api: context.api,
      document: BANK_TRANSACTIONS_PAGE,
      variables: { status: ['UNMATCHED', 'PROPOSED'], entityCode: upper(filters.entityCode) },
      connection: (data) => data.bankTransactions,
      signal: context.signal,
      onPage: context.onFetched,
    });
    return nodes.map(lineRow);
  },
  push: {
    label: 'Apply confirmed lines',
    role: 'AR',
    batches: [
      {
        name: 'Bank lines',
        field: 'confirmBankMatches',
        listName: 'matches',
        document: CONFIRM_BANK_MATCHES,
        columns: ENTRY_COLUMNS,
        // Every line of the table is looked at: those with an x in Confirm are applied together.
        sends: 'table',
        toInput(row) {
          // A line applied from this sheet already says so; it leaves with the next refresh.
          if (!isBlank(row.current.result)) return null;
          const entries = readEntries(row);
          const [problem] = entries.problems;
          if (problem && entries.confirm) throw new RowProblem(problem.column, problem.message);
          return entries.input;
        },
        tableInput: (matches) => ({ matches, idempotencyKey: contentKey(JSON.stringify(matches)) }),
        confirm(items: BatchItem[], pulled) {
          const lines = items.map((item) => {
            const row = pulled(item.rowKey) ?? {};
            return { currency: text(row.currency), amount: cellToDecimalString(row.amount ?? '') ?? '0' };
          });
          const asProposed = items.filter((i) => i.input.applications === undefined).length;
          return {
            title: `Apply ${plural(items.length, 'bank line')} as payments (${currencyTotals(lines)})?`,
            text: [
              `Each line becomes a payment of its customer, received on its booking date, applied to the invoices on its row${asProposed > 0 ? ` (${plural(asProposed, 'line')} without Amounts: as proposed, or the oldest due invoices first)` : ''}; what is not applied stays on the payment as unapplied cash.`,
              'All are applied together or none; a payment made cannot be taken back from the sheet.',
            ].join(' '),
          };
        },
        refusal(error) {
          return error.code === 'CONFLICT' ? `${error.message} Refresh to take it off the sheet. Nothing in the batch was applied.` : error.message;
        },
        done: (payload: ConfirmBankMatchesData['confirmBankMatches']) => {
          const applied = payload.transactions ?? [];
          return `Applied ${plural(applied.length, 'bank line')} as payments (${currencyTotals(applied)})`;
        },
        written: (payload: ConfirmBankMatchesData['confirmBankMatches']) =>
          (payload.transactions ?? []).map((t) => ({ rowKey: t.id, cells: { status: t.status, confirm: '', result: resultText(t) } })),
      },
    ],
    validateRow(row) {
      return readEntries(row).problems;
    },
  },
};
