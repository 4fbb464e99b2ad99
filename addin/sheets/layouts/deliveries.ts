// Deliveries: one row per recipient of a document (invoice, dunning letter, statement), with
// where it stands — PENDING, SENT, DELIVERED or FAILED — filtered by status and channel. The
// portal uploads, posted letters and EDI acknowledgements the analyst confirms by hand are
// recorded here: a reference typed on a row (with the outcome and a note if need be) is pushed as
// one recordDelivery for that row; a refresh then shows the delivery's new status.
import { DELIVERIES_PAGE, DELIVERY_CHANNELS, DELIVERY_STATUSES, RECORD_DELIVERY, type DeliveryNode } from '../../api/operations.js';
import { fetchAllPages } from '../../api/paging.js';
import { isBlank, toRow } from '../cells.js';
import type { AddinColumn, DatasetLayout, Row, RowEdits } from '../types.js';
import { upper } from './common.js';

export const OUTCOMES = ['DELIVERED', 'FAILED'] as const;
const ENTRY_COLUMNS = ['reference', 'outcome', 'note'];

const columns: AddinColumn[] = [
  { key: 'invoiceNumber', header: 'Invoice', kind: 'text', width: 14 },
  { key: 'kind', header: 'Document', kind: 'text', width: 14 },
  { key: 'customerCode', header: 'Customer', kind: 'text', width: 12 },
  { key: 'customerName', header: 'Customer name', kind: 'text', width: 28 },
  { key: 'channel', header: 'Channel', kind: 'text', width: 9 },
  { key: 'recipient', header: 'Recipient', kind: 'text', width: 28 },
  { key: 'status', header: 'Status', kind: 'text', width: 11 },
  { key: 'attempts', header: 'Attempts', kind: 'integer', width: 9 },
  { key: 'lastError', header: 'Last error', kind: 'text', width: 36 },
  { key: 'sentAt', header: 'Sent at (UTC)', kind: 'date', numberFormat: 'yyyy-mm-dd hh:mm', width: 16 },
  { key: 'reference', header: 'Reference', kind: 'text', width: 20, editable: true },
  { key: 'outcome', header: 'Outcome', kind: 'text', width: 12, editable: true, clearable: true, options: OUTCOMES },
  { key: 'note', header: 'Note', kind: 'text', width: 30, editable: true, clearable: true },
  { key: 'createdAt', header: 'Queued at (UTC)', kind: 'date', numberFormat: 'yyyy-mm-dd hh:mm', width: 16 },
  { key: 'id', header: 'Delivery id', kind: 'text', hidden: true },
];

const DAY_MS = 86_400_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** An ISO timestamp → an Excel serial with the time of day (UTC), to the second. */
export function timestampToSerial(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`"${iso}" is not a timestamp.`);
  return Math.round((ms - EXCEL_EPOCH_MS) / 1000) / (DAY_MS / 1000);
}

/** The cells a delivery fills besides the entry columns (those a push writes back too). */
function statusCells(d: DeliveryNode): Row {
  return {
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError ?? '',
    sentAt: d.sentAt ? timestampToSerial(d.sentAt) : '',
    reference: d.reference ?? '',
  };
}

export function deliveryRow(d: DeliveryNode): Row {
  const customer = d.invoice?.customer ?? d.customer;
  return {
    ...toRow(columns, {
      ...d,
      sentAt: null,
      createdAt: timestampToSerial(d.createdAt),
      invoiceNumber: d.invoice?.number ?? '',
      customerCode: customer.code,
      customerName: customer.name,
      outcome: '',
      note: '',
    }),
    ...statusCells(d),
  };
}

const editOf = (row: RowEdits, column: string) => row.edits.find((e) => e.column === column);
/** The reference to record: the one typed, or the one the row holds already (a note or outcome added to it). */
const referenceOf = (row: RowEdits): string => String(editOf(row, 'reference')?.value ?? row.current.reference ?? '').trim();

export const deliveriesLayout: DatasetLayout = {
  id: 'deliveries',
  title: 'Deliveries',
  description: 'Every recipient of an invoice, letter or statement and where it stands. Record a portal upload, posted letter or EDI acknowledgement by typing its reference (outcome and note if need be).',
  table: { sheetName: 'Deliveries', tableName: 'llDeliveries', columns },
  keyColumns: ['id'],
  filters: [
    { key: 'deliveryStatus', options: DELIVERY_STATUSES },
    { key: 'deliveryChannel', options: DELIVERY_CHANNELS },
  ],
  defaultFilters: () => ({ deliveryStatus: '', deliveryChannel: '' }),
  presets: [{ label: 'Portal uploads to do', filters: { deliveryStatus: 'PENDING', deliveryChannel: 'PORTAL' } }],
  describeFilters: (f) => [upper(f.deliveryStatus)?.toLowerCase() ?? 'all', upper(f.deliveryChannel)?.toLowerCase(), 'deliveries'].filter(Boolean).join(' '),
  rowLabel: (row) => [row.invoiceNumber || String(row.kind).toLowerCase().replace(/_/g, ' '), row.channel, row.recipient].filter((p) => !isBlank(p)).join(' '),
  async pull(filters, context) {
    const nodes = await fetchAllPages<DeliveryNode>({
      api: context.api,
      document: DELIVERIES_PAGE,
      variables: { status: upper(filters.deliveryStatus), channel: upper(filters.deliveryChannel) },
      connection: (data) => data.deliveries,
      signal: context.signal,
      onPage: context.onFetched,
    });
    return nodes.map(deliveryRow);
  },
  push: {
    batches: [
      {
        name: 'Delivery records',
        field: 'recordDelivery',
        listName: '',
        document: RECORD_DELIVERY,
        columns: ENTRY_COLUMNS,
        sends: 'row',
        toInput(row) {
          const note = editOf(row, 'note')?.value ?? null;
          return {
            invoiceNumber: String(row.current.invoiceNumber),
            channel: String(row.current.channel),
            reference: referenceOf(row),
            outcome: editOf(row, 'outcome')?.value ?? 'DELIVERED',
            ...(note === null ? {} : { note: String(note) }),
          };
        },
        written: (payload: { delivery: DeliveryNode | null }) => (payload.delivery ? [{ rowKey: payload.delivery.id, cells: statusCells(payload.delivery) }] : []),
        // The outcome and note were recorded with the reference: the entry cells are ready for the next one.
        afterPush: () => ({ outcome: '', note: '' }),
      },
    ],
    validateRow(row) {
      if (isBlank(row.current.invoiceNumber)) {
        return [{ column: 'reference', message: `${deliveriesLayout.rowLabel(row.current)}: only an invoice's delivery can be recorded here (this one is a ${String(row.current.kind).toLowerCase().replace(/_/g, ' ')}).` }];
      }
      if (referenceOf(row) === '') {
        return [{ column: 'reference', message: `${deliveriesLayout.rowLabel(row.current)}: type the reference (portal upload id, posting or EDI acknowledgement) to record the delivery.` }];
      }
      return [];
    },
  },
};
