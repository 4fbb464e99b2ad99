// The deliveries dataset: one row per recipient of a document, filtered by status and channel
// (a preset for the portal uploads still to do); a reference typed on a row becomes one
// recordDelivery for that row, and the answer's status comes back into the row.
import { describe, expect, it } from 'vitest';
import type { DeliveryNode } from '../../../addin/api/operations.js';
import { isoToSerial } from '../../../addin/sheets/cells.js';
import { deliveriesLayout, timestampToSerial } from '../../../addin/sheets/layouts/deliveries.js';
import { batchSignature, batchVariables, planBatches, readOutcome } from '../../../addin/sheets/push.js';
import { baselineOf, readSheet } from '../../../addin/sheets/row-match.js';
import type { Row } from '../../../addin/sheets/types.js';
import { validateEdits } from '../../../addin/sheets/validate.js';
import { fakeApi } from '../support/fake-api.js';

let ids = 0;
const delivery = (over: Partial<DeliveryNode> = {}): DeliveryNode => ({
  id: String(++ids),
  kind: 'INVOICE',
  channel: 'PORTAL',
  recipient: 'Ariba',
  status: 'PENDING',
  attempts: 0,
  lastError: null,
  sentAt: null,
  reference: null,
  messageId: null,
  createdAt: '2026-11-20T09:15:00.000Z',
  invoice: { number: 'US01-000101', customer: { code: 'ACME', name: 'Acme Corp' } },
  customer: { code: 'ACME', name: 'Acme Corp' },
  ...over,
});

async function pulled(nodes: DeliveryNode[]): Promise<Row[]> {
  const api = fakeApi({ DeliveriesPage: () => ({ deliveries: { pageInfo: { hasNextPage: false, endCursor: null }, edges: nodes.map((node) => ({ node })) } }) });
  return deliveriesLayout.pull({ deliveryStatus: '', deliveryChannel: '' }, { api });
}

/** The rows as the pane reads them after the analyst typed `typed` over the pulled ones: checked edits and problems. */
function read(before: Row[], after: Row[]) {
  return validateEdits(readSheet(deliveriesLayout, baselineOf(deliveriesLayout, before), after).edits, after, deliveriesLayout);
}

const context = { api: fakeApi({}), today: '2026-11-30', filters: {} };

describe('pulling deliveries', () => {
  it('pages through deliveries with the status and channel picked, one row per recipient', async () => {
    const api = fakeApi({
      DeliveriesPage: (v) =>
        v.after === null
          ? { deliveries: { pageInfo: { hasNextPage: true, endCursor: 'c1' }, edges: [{ node: delivery() }] } }
          : {
              deliveries: {
                pageInfo: { hasNextPage: false, endCursor: 'c2' },
                edges: [
                  {
                    node: delivery({
                      kind: 'DUNNING_LETTER', channel: 'EMAIL', recipient: 'ap@globex.test', status: 'FAILED', attempts: 5, lastError: '550 mailbox unavailable',
                      sentAt: '2026-11-21T14:30:00.000Z', invoice: null, customer: { code: 'GLOBEX', name: 'Globex' }, createdAt: '2026-11-21T14:29:59.123Z',
                    }),
                  },
                ],
              },
            },
    });
    const rows = await deliveriesLayout.pull({ deliveryStatus: 'pending', deliveryChannel: 'portal' }, { api });
    expect(api.calls.map((c) => [c.operation, c.variables])).toEqual([
      ['DeliveriesPage', { status: 'PENDING', channel: 'PORTAL', first: 1000, after: null }],
      ['DeliveriesPage', { status: 'PENDING', channel: 'PORTAL', first: 1000, after: 'c1' }],
    ]);
    expect(rows).toEqual([
      {
        invoiceNumber: 'US01-000101', kind: 'INVOICE', customerCode: 'ACME', customerName: 'Acme Corp', channel: 'PORTAL', recipient: 'Ariba', status: 'PENDING',
        attempts: 0, lastError: '', sentAt: '', reference: '', outcome: '', note: '', createdAt: isoToSerial('2026-11-20') + (9 * 60 + 15) / 1440, id: rows[0]!.id,
      },
      {
        invoiceNumber: '', kind: 'DUNNING_LETTER', customerCode: 'GLOBEX', customerName: 'Globex', channel: 'EMAIL', recipient: 'ap@globex.test', status: 'FAILED',
        attempts: 5, lastError: '550 mailbox unavailable', sentAt: isoToSerial('2026-11-21') + 14.5 / 24, reference: '', outcome: '', note: '',
        createdAt: isoToSerial('2026-11-21') + (14 * 3600 + 29 * 60 + 59) / 86400, id: rows[1]!.id,
      },
    ]);
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    expect(deliveriesLayout.describeFilters!({ deliveryStatus: 'PENDING', deliveryChannel: 'PORTAL' })).toBe('pending portal deliveries');
    expect(rows[0]!.id).not.toBe(rows[1]!.id);
    expect(deliveriesLayout.describeFilters!({ deliveryStatus: '', deliveryChannel: '' })).toBe('all deliveries');
  });

  it('offers status and channel as pick lists, and the portal uploads to do as a preset', () => {
    expect(deliveriesLayout.filters).toEqual([
      { key: 'deliveryStatus', options: ['PENDING', 'SENT', 'DELIVERED', 'FAILED'] },
      { key: 'deliveryChannel', options: ['EMAIL', 'PORTAL', 'POST', 'EDI'] },
    ]);
    expect(deliveriesLayout.presets).toEqual([{ label: 'Portal uploads to do', filters: { deliveryStatus: 'PENDING', deliveryChannel: 'PORTAL' } }]);
    expect(deliveriesLayout.defaultFilters('2026-11-30')).toEqual({ deliveryStatus: '', deliveryChannel: '' });
  });

  it('leaves only the reference, outcome (a dropdown) and note editable; a sent time keeps its time of day', () => {
    const editable = deliveriesLayout.table.columns.filter((c) => c.editable).map((c) => [c.header, c.options ?? null]);
    expect(editable).toEqual([['Reference', null], ['Outcome', ['DELIVERED', 'FAILED']], ['Note', null]]);
    expect(deliveriesLayout.table.columns.find((c) => c.key === 'sentAt')).toMatchObject({ kind: 'date', numberFormat: 'yyyy-mm-dd hh:mm' });
    expect(timestampToSerial('2026-11-25T06:00:00Z')).toBe(isoToSerial('2026-11-25') + 0.25);
  });
});

describe('recording deliveries', () => {
  it('sends one recordDelivery per edited row, outcome DELIVERED unless FAILED is chosen, with no idempotency key', async () => {
    const before = await pulled([delivery(), delivery({ invoice: { number: 'US01-000102', customer: { code: 'ACME', name: 'Acme Corp' } }, channel: 'POST', recipient: 'Acme Corp, 1 Main St' }), delivery({ invoice: { number: 'US01-000103', customer: { code: 'ACME', name: 'Acme Corp' } } })]);
    const after = [
      { ...before[0]!, reference: 'ARIBA-7781' },
      { ...before[1]!, reference: 'RM-2231', outcome: 'failed', note: 'Returned: addressee unknown' },
      before[2]!,
    ];
    const { rows, problems } = read(before, after);
    expect(problems).toEqual([]);
    const { batches } = await planBatches(deliveriesLayout, rows, context);
    expect(batches.map((b) => [b.spec.field, batchVariables(b, 'key-1')])).toEqual([
      ['recordDelivery', { input: { invoiceNumber: 'US01-000101', channel: 'PORTAL', reference: 'ARIBA-7781', outcome: 'DELIVERED' } }],
      ['recordDelivery', { input: { invoiceNumber: 'US01-000102', channel: 'POST', reference: 'RM-2231', outcome: 'FAILED', note: 'Returned: addressee unknown' } }],
    ]);
    expect(batchSignature(batches[0]!)).not.toBe(batchSignature(batches[1]!));
  });

  it('a note or outcome added to a row that has its reference records that reference', async () => {
    const before = await pulled([delivery({ status: 'DELIVERED', reference: 'ARIBA-7781' })]);
    const { rows } = read(before, [{ ...before[0]!, outcome: 'FAILED', note: 'Rejected by the portal' }]);
    const { batches } = await planBatches(deliveriesLayout, rows, context);
    expect(batchVariables(batches[0]!, 'k').input).toEqual({ invoiceNumber: 'US01-000101', channel: 'PORTAL', reference: 'ARIBA-7781', outcome: 'FAILED', note: 'Rejected by the portal' });
  });

  it("holds back a row with no reference, and a delivery that is not an invoice's, saying why", async () => {
    const letter = delivery({ kind: 'DUNNING_LETTER', channel: 'POST', recipient: 'Globex, 5 Elm Rd', invoice: null, customer: { code: 'GLOBEX', name: 'Globex' } });
    const before = await pulled([delivery(), letter]);
    const { rows, problems } = read(before, [{ ...before[0]!, outcome: 'DELIVERED' }, { ...before[1]!, reference: 'RM-1' }]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      { rowKey: String(before[0]!.id), row: 0, column: 'reference', message: 'US01-000101 PORTAL Ariba: type the reference (portal upload id, posting or EDI acknowledgement) to record the delivery.' },
      { rowKey: String(before[1]!.id), row: 1, column: 'reference', message: "dunning letter POST Globex, 5 Elm Rd: only an invoice's delivery can be recorded here (this one is a dunning letter)." },
    ]);
  });

  it('writes the recorded status into the row and clears the outcome and note; a refusal lands on the cell it names', async () => {
    const before = await pulled([delivery()]);
    const after = [{ ...before[0]!, reference: 'ARIBA-7781', note: 'Uploaded by hand' }];
    const { rows } = read(before, after);
    const { batches } = await planBatches(deliveriesLayout, rows, context);
    const recorded = delivery({ id: String(before[0]!.id), status: 'DELIVERED', reference: 'ARIBA-7781', sentAt: '2026-11-30T10:00:00.000Z' });
    expect(readOutcome(deliveriesLayout, batches[0]!, { delivery: recorded, userErrors: [] }, after)).toEqual({
      status: 'written',
      updates: [{
        rowKey: batches[0]!.items[0]!.rowKey,
        row: 0,
        cells: { reference: 'ARIBA-7781', note: '', outcome: '', status: 'DELIVERED', attempts: 0, lastError: '', sentAt: isoToSerial('2026-11-30') + 10 / 24 },
      }],
    });
    expect(readOutcome(deliveriesLayout, batches[0]!, { delivery: null, userErrors: [{ field: ['input', 'reference'], message: 'A reference is at most 100 characters.', code: 'TOO_LONG' }] }, after)).toEqual({
      status: 'refused',
      conflicts: [],
      problems: [{ rowKey: batches[0]!.items[0]!.rowKey, row: 0, column: 'reference', message: 'A reference is at most 100 characters.' }],
    });
  });
});
